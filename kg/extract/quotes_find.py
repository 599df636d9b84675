"""Direct quotes and who said them, read from quotation marks and speech verbs.

Marks may be straight or curly, a quote may span sentences, and unbalanced marks are closed at
the end of their paragraph, so one stray mark never swallows the rest of the document. A quote
with no speaker of its own continues the previous one when nothing but quotes lies between.
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.extract.coref_descriptions import is_definite, left_edge
from kg.extract.mentions_names import low, sentence_numbers
from kg.model import Mention, MentionKind, Quote

if TYPE_CHECKING:
    from kg.extract.mentions import MentionIndex

SPEECH_VERBS = frozenset(
    """say tell add state explain note write warn claim argue insist admit announce declare
    comment continue conclude reply respond suggest tweet acknowledge confirm remark stress
    ask""".split()
)
_OPENERS = "“«„"
_CLOSERS = "”»"
_MARK = re.compile(r"[\"“”«»„]")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SENTENCE_STOP = re.compile(r"[.!?](?=\s)")
_MAX_UNCLOSED = 600  # characters an unclosed quote may run before the next full stop ends it
# Nouns for people a story names elsewhere: "said the Old Trafford boss".
_PERSON_NOUNS = frozenset(
    """boss manager coach striker midfielder defender goalkeeper keeper player agent minister
    chancellor secretary chairman chairwoman chief president leader star singer actor actress
    director veteran captain winger skipper founder premier""".split()
)
_DESCRIBED_SENTENCES_BACK = 3
# A scare-quoted word or two ("so-called 'smart' meters") is no quotation unless someone said it.
_MIN_WORDS_WITHOUT_SPEAKER = 4


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Where a quotation lies: its text without marks, and the marks' outer bounds."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Return the quoted stretches of a text, paragraph by paragraph.

    >>> [text[s.start:s.end] for text in ['He said: "Yes, we will." Then left.']
    ...  for s in find_quote_spans(text)]
    ['Yes, we will.']
    """
    spans: list[QuoteSpan] = []
    pos = 0
    for para in _PARAGRAPH.split(text):
        at = text.index(para, pos) if para else pos
        spans.extend(_paragraph_quotes(text, at, at + len(para)))
        pos = at + len(para)
    return spans


def _paragraph_quotes(text: str, start: int, end: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for match in _MARK.finditer(text, start, end):
        i, mark = match.start(), match.group()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opens = mark in _OPENERS or (mark == '"' and (before.isspace() or before in "([—–-"))
        closes = mark in _CLOSERS or (mark == '"' and (after.isspace() or after in ".,;:!?)"))
        if open_at is None:
            if opens or not closes:
                open_at = i
        elif closes or not opens:
            spans.extend(_span(text, open_at, i + 1, closed=True))
            open_at = None
        else:  # a second opener: the first quote was never closed
            spans.extend(_span(text, open_at, i, closed=False))
            open_at = i
    if open_at is not None:
        spans.extend(_span(text, open_at, _unclosed_end(text, open_at, end), closed=False))
    return spans


def _unclosed_end(text: str, start: int, end: int) -> int:
    # A text without paragraph breaks (one long line) must not become one long quote.
    if end - start <= _MAX_UNCLOSED:
        return end
    stop = _SENTENCE_STOP.search(text, start + _MAX_UNCLOSED, end)
    return stop.end() if stop is not None else end


def _span(text: str, outer_start: int, outer_end: int, *, closed: bool) -> list[QuoteSpan]:
    s, e = outer_start + 1, outer_end - 1 if closed else outer_end
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return [QuoteSpan(s, e, outer_start, outer_end, closed)] if s < e else []


def find_quotes(index: MentionIndex) -> list[Quote]:
    """Return the document's direct quotes with their speakers (None when unknown)."""
    doc, text = index.doc, index.document.text
    spans = [s for s in find_quote_spans(text) if not index.furniture.covers(s.start, s.end)]
    speakers = [_speaker(index, doc, span) for span in spans]
    # A quote with no attribution of its own continues the one before it...
    for i in range(1, len(spans)):
        if speakers[i] is None and _only_quotes_between(
            text, _attribution_end(doc, spans[i - 1]), spans[i].outer_start
        ):
            speakers[i] = speakers[i - 1]
    # ...or, left open, runs into the next one: `"Sexism limits us. "It is wrong," she said.`
    for i in range(len(spans) - 2, -1, -1):
        if (
            speakers[i] is None
            and not spans[i].closed
            and _only_quotes_between(text, spans[i].outer_end, spans[i + 1].outer_start)
        ):
            speakers[i] = speakers[i + 1]
    quotes: list[Quote] = []
    for span, speaker in zip(spans, speakers, strict=True):
        if (
            speaker is None
            and len(text[span.start : span.end].split()) < _MIN_WORDS_WITHOUT_SPEAKER
        ):
            continue
        quotes.append(
            Quote(index.document.id, span.start, span.end, text[span.start : span.end], speaker)
        )
    return quotes


def _only_quotes_between(text: str, start: int, end: int) -> bool:
    # Whitespace only (a paragraph break or the next sentence of the same quote).
    return start <= end and not text[start:end].strip(' \n\t"“”')


def _attribution_end(doc: Doc, span: QuoteSpan) -> int:
    # After `"…," said Smith.` the next quote may follow Smith's sentence and still be his.
    tokens = doc.char_span(span.outer_end - 1, span.outer_end, alignment_mode="expand")
    if tokens is None or not len(tokens):
        return span.outer_end
    sent = tokens[0].sent
    return max(span.outer_end, sent.end_char)


def _speaker(index: MentionIndex, doc: Doc, span: QuoteSpan) -> Mention | None:
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
        if tok.text in _OPENERS or (tok.text == '"' and tok.i > hi + 1):
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
    for child in verb.children:
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
            start = left_edge(subject)
            return index.adopt(start, subject.i + 1, MentionKind.DESCRIPTION, p.mention)
    return None


def _unknown_name(index: MentionIndex, subject: Token) -> Mention | None:
    # `Moyes continued:`: a proper noun that speaks is a person the NER missed.
    if subject.tag_ != "NNP" or subject.ent_type_ or index.in_furniture(subject):
        return None
    start = min(
        (c.i for c in subject.lefts if c.dep_ == "compound" and c.tag_ == "NNP"), default=subject.i
    )
    return index.adopt(start, subject.i + 1, MentionKind.NAME, None, label="PERSON")


def _person_in(index: MentionIndex, subject: Token, lo: int, hi: int) -> Mention | None:
    # "the lawyer for the EFF, Saira Hussain, said": the name hangs somewhere in the subject.
    for tok in subject.subtree:
        if lo <= tok.i < hi:
            continue
        mention = index.for_token(tok)
        if mention is not None and mention.resolved().label == "PERSON":
            return mention
    return None


def _according_to(
    index: MentionIndex, doc: Doc, start: int, end: int, lo: int, hi: int
) -> Mention | None:
    for tok in doc[start:end]:
        if low(tok) == "according" and tok.i + 1 < len(doc) and low(doc[tok.i + 1]) == "to":
            for obj in doc[tok.i + 1].children:
                if obj.dep_ == "pobj" and not lo <= obj.i < hi:
                    return _entity(index, obj)
    return None


def _entity(index: MentionIndex, token: Token) -> Mention | None:
    mention = index.for_token(token)
    if mention is None or mention.resolved().kind is MentionKind.CONCEPT:
        return None
    return mention


def quote_voices(index: MentionIndex, quotes: list[Quote]) -> list[tuple[int, int, Mention]]:
    """Return (start, end, voice) per attributed quote: whom "we" inside it stands for.

    The voice is the speaker's organization when a role names one ("Microsoft President Brad
    Smith" speaks for Microsoft), else the speaker.
    """
    voices: list[tuple[int, int, Mention]] = []
    for quote in quotes:
        if quote.speaker is None:
            continue
        voice = index.affiliation(quote.speaker) or quote.speaker
        voices.append((quote.start, quote.end, voice))
    return voices
