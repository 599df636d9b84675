"""Who said a quote: speech verbs before or after it, "according to", the sentence before.

Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.extract.coref_descriptions import SPOKES_NOUNS, is_definite, left_edge
from kg.extract.mentions_names import low, sentence_numbers
from kg.extract.quotes_marks import OPENERS, QuoteSpan, find_quote_spans
from kg.extract.token_table import children_of, lefts_of
from kg.model import Mention, MentionKind

if TYPE_CHECKING:
    from kg.extract.mentions import MentionIndex

SPEECH_VERBS = frozenset(
    """say tell add state explain note write warn claim argue insist admit announce declare
    comment continue conclude reply respond suggest tweet acknowledge confirm remark stress
    ask forecast predict""".split()
)
# Nouns for people a story names elsewhere: "said the Old Trafford boss".
_PERSON_NOUNS = frozenset(
    """boss manager coach striker midfielder defender goalkeeper keeper player agent minister
    chancellor secretary chairman chairwoman chief president leader star singer actor actress
    director veteran captain winger skipper founder premier""".split()
)
_DESCRIBED_SENTENCES_BACK = 3
# How a speaker's name may hang on the subject of a speech verb: in apposition, as part of a
# name, or behind "for"/"of" ("the lawyer for the EFF, Saira Hussain").
_NAME_PATH_DEPS = frozenset({"appos", "compound", "flat", "prep", "pobj", "conj", "nmod"})
_BODY_WORDS = frozenset(
    """street office house hall department ministry council police court commission party
    group bank union association agency board authority committee inc corp ltd plc news
    times post trust club team""".split()
)


def find_speaker(index: MentionIndex, doc: Doc, span: QuoteSpan) -> Mention | None:
    """Return who said the quote at `span`, or None when the text does not say."""
    inside = doc.char_span(span.start, span.end, alignment_mode="expand")
    if inside is None or not len(inside):
        return None
    first, last = inside[0], inside[-1]
    lo, hi = inside.start, inside.end
    sent_before, sent_after = first.sent, last.sent
    # `"…," said Smith.` and `"…," Smith said.`: a speech verb after the quote, up to the
    # sentence end or the next quote.
    after: list[Token] = []
    for tok in doc[hi + 1 : sent_after.end]:
        if tok.text in OPENERS or (tok.text == '"' and tok.i > hi + 1):
            break
        after.append(tok)
    # `Smith said: "…"` and `Smith told the Post: "…"`: a speech verb before it.
    before = list(reversed(doc[sent_before.start : lo]))
    introduced = lo >= 2 and doc[lo - 2].text == ":"
    for tok in [*before, *after] if introduced else [*after, *before]:
        found = _verb_speaker(index, tok, lo, hi)
        if found is not None:
            return found
    # A quote inside a reported clause: `Fight for the Future said the steps were "a stunt"`.
    head: Token = inside.root
    for _ in range(12):
        if head.lemma_.lower() in SPEECH_VERBS and not lo <= head.i < hi:
            found = _verb_speaker(index, head, lo, hi)
            if found is not None:
                return found
        if head.head is head:
            break
        head = head.head
    found = _according_to(index, doc, sent_before.start, sent_after.end, lo, hi)
    if found is not None or sent_before.start == 0:
        return found
    # `The problems were inseparable, he added. "At least $10bn is needed …"`: a quote that
    # opens its sentence belongs to whoever spoke in the sentence before.
    if doc[sent_before.start : max(sent_before.start, lo - 1)].text.strip(' \n"“”'):
        return None
    for tok in doc[sent_before.start - 1].sent:
        found = _verb_speaker(index, tok, lo, hi)
        if found is not None:
            return found
    return None


def _verb_speaker(index: MentionIndex, verb: Token, lo: int, hi: int) -> Mention | None:
    if verb.lemma_.lower() not in SPEECH_VERBS and low(verb) not in SPEECH_VERBS:
        return None
    # "The charity's head …, Simon Wright said": the parser may give the verb two subjects.
    for child in children_of(verb):
        if child.dep_ in ("nsubj", "nsubjpass") and not lo <= child.i < hi:
            found = (
                _entity(index, child)
                or _person_in(index, child, lo, hi)
                or _person_described(index, child)
                or _unknown_name(index, child)
            )
            if found is not None:
                return found
    return None


def _person_described(index: MentionIndex, subject: Token) -> Mention | None:
    # `The Man Utd boss continued:`: the person who last led a clause outside quotes, three
    # sentences back at most ("Ferguson said: "… Walter …" The Man Utd boss continued").
    if low(subject) not in _PERSON_NOUNS or not is_definite(subject):
        return None
    doc = index.doc
    sent_of = sentence_numbers(doc)
    here = sent_of[subject.i]
    quoted = [(q.outer_start, q.outer_end) for q in find_quote_spans(index.document.text)]
    people: list[tuple[Mention, Token]] = []
    for p in reversed(index.placed()):
        if p.start >= subject.i:
            continue
        if here - sent_of[p.start] > _DESCRIBED_SENTENCES_BACK:
            break
        root = doc[p.start : p.end].root
        if (
            p.mention.resolved().label == "PERSON"
            and root.dep_ in ("nsubj", "nsubjpass")
            and not any(s <= p.mention.start < e for s, e in quoted)
        ):
            people.append((p.mention, root.head))
    # Whoever last spoke ("Alli insists …") before whoever last did anything.
    speakers = [m for m, verb in people if verb.lemma_.lower() in SPEECH_VERBS]
    chosen = speakers[0] if speakers else (people[0][0] if people else None)
    if chosen is None:
        return None
    return index.adopt(left_edge(subject), subject.i + 1, MentionKind.DESCRIPTION, chosen)


def _unknown_name(index: MentionIndex, subject: Token) -> Mention | None:
    # `Moyes continued:`: a proper noun that speaks is a person the NER missed, unless its
    # last word says it is a body ("Downing Street said", "Scotland Yard Police said").
    if subject.tag_ != "NNP" or subject.ent_type_ or index.in_furniture(subject):
        return None
    start = min(
        (c.i for c in lefts_of(subject) if c.dep_ == "compound" and c.tag_ == "NNP"),
        default=subject.i,
    )
    label = "ORG" if low(subject) in _BODY_WORDS else "PERSON"
    return index.adopt(start, subject.i + 1, MentionKind.NAME, None, label=label)


def _person_in(index: MentionIndex, subject: Token, lo: int, hi: int) -> Mention | None:
    # "the lawyer for the EFF, Saira Hussain, said": the name hangs somewhere in the subject,
    # though not inside a modifier: "The Oscar-nominated actor, whose films include Michael
    # Collins, said" names neither Oscar nor Michael Collins as the speaker.
    for tok in subject.subtree:
        if lo <= tok.i < hi or not _hangs_on(tok, subject):
            continue
        mention = index.for_token(tok)
        if mention is not None and mention.resolved().label == "PERSON":
            return mention
    return None


def _hangs_on(tok: Token, subject: Token) -> bool:
    # "Mr Blair's official spokesman said": a spokesman speaks for his possessor (as "a
    # Microsoft spokesman" speaks for Microsoft); "Mr Conlon's father" does not.
    deps = _NAME_PATH_DEPS | {"poss"} if low(subject) in SPOKES_NOUNS else _NAME_PATH_DEPS
    while tok.i != subject.i:
        if tok.dep_ not in deps or tok.head is tok:
            return False
        tok = tok.head
    return True


def _according_to(
    index: MentionIndex, doc: Doc, start: int, end: int, lo: int, hi: int
) -> Mention | None:
    for tok in doc[start:end]:
        if low(tok) == "according" and tok.i + 1 < len(doc) and low(doc[tok.i + 1]) == "to":
            for obj in children_of(doc[tok.i + 1]):
                if obj.dep_ == "pobj" and not lo <= obj.i < hi:
                    return _entity(index, obj)
    return None


def _entity(index: MentionIndex, token: Token) -> Mention | None:
    mention = index.for_token(token)
    if mention is None or mention.resolved().kind is MentionKind.CONCEPT:
        return None
    return mention
