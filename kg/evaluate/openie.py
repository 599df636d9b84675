"""Sentences -> OpenIE tuples through kg's own extractors (`kg openie`).

Benchmark sentences come pre-tokenized in Penn-Treebank style; scoring compares whitespace
tokens exactly, so such lines are parsed from their own tokens (never re-tokenized) and every
slot is written with the original tokens. Like kg/extract/, this module turns spaCy objects
into plain tuples at once: no Doc or Span leaves it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import extract
from kg.errors import ModelError
from kg.evaluate.tuples import SystemTuple
from kg.extract import Extractor, required_pipes
from kg.extract.clause_open import HAVE, IS_A
from kg.extract.clauses import ClausesExtractor
from kg.model import Document, Mention, Relation, RelationKind

log = logging.getLogger(__name__)

# PTB escapes the model never saw in training text, mapped to what it did see. The original
# tokens are kept for output, so the mapping only helps the parse.
PTB_TOKENS = {
    "``": '"',
    "''": '"',
    "`": "'",
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
}
# CaRB's gold relations carry auxiliaries, negation and particles ("did n't know",
# "was not disbanded", "has instituted", "made up of"), so they join the relation slot.
_VERB_DEPENDENTS = frozenset({"aux", "auxpass", "neg", "prt"})
_USER_KEY = "kg_surface"
_LINE_BREAKS = str.maketrans("\t\r\n", "   ")
_BATCH = 64


@dataclass(frozen=True, slots=True)
class _Surface:
    """How each token of a parsed line is written back: its text and whether a space follows."""

    tokens: tuple[str, ...]
    spaces: tuple[bool, ...]

    def render(self, indices: Iterable[int]) -> str:
        ordered = sorted(set(indices))
        out: list[str] = []
        for position, i in enumerate(ordered):
            out.append(self.tokens[i])
            is_last = position == len(ordered) - 1
            if not is_last and (ordered[position + 1] != i + 1 or self.spaces[i]):
                out.append(" ")
        return "".join(out)


def looks_pretokenized(lines: Sequence[str]) -> bool:
    """Guess whether sentences are PTB-tokenized: most end in a detached "." or hold " , ".

    >>> looks_pretokenized(["He said `` no '' .", "It 's late ."])
    True
    >>> looks_pretokenized(["He said no.", "It's late, really."])
    False
    """
    filled = [line.strip() for line in lines if line.strip()]
    if not filled:
        return False
    markers = (" .", " ?", " !", " ,", " 's", " n't", "``", "-LRB-")
    hits = sum(1 for line in filled if any(m in line for m in markers))
    return hits * 2 > len(filled)


def _tokens_doc(nlp: Language, tokens: list[str]) -> Doc:
    words = [PTB_TOKENS.get(t, t) for t in tokens]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
    doc.user_data[_USER_KEY] = _Surface(tuple(tokens), (True,) * len(tokens))
    return doc


def _parse(nlp: Language, lines: list[str], pretokenized: bool) -> Iterator[Doc]:
    if not pretokenized:
        yield from nlp.pipe(lines, batch_size=_BATCH)
        return
    docs: Iterable[Doc] = (_tokens_doc(nlp, line.split()) for line in lines)
    for _, proc in nlp.pipeline:
        # Every pipe takes ready-made Docs; calling them directly skips the tokenizer.
        docs = proc.pipe(docs, batch_size=_BATCH) if hasattr(proc, "pipe") else map(proc, docs)
    yield from docs


def run_openie(
    lines: Iterable[str], nlp: Language, extractors: Sequence[str], pretokenized: bool
) -> Iterator[SystemTuple]:
    """Extract OpenIE tuples from sentences, one sentence (or short text) per line.

    Args:
        lines: the sentences; blank lines are skipped. Each tuple carries its line, stripped
            and with tabs and line breaks turned into spaces.
        nlp: a loaded pipeline holding the pipes the extractors need.
        extractors: registered extractor names, run in this order.
        pretokenized: lines are space-separated PTB tokens; parse them as given.

    Returns:
        A lazy stream of tuples (relation, subject, object[, time]) in line order, with
        duplicates dropped; the checks below run at once, before any parsing.

    Raises:
        ModelError: the pipeline lacks a pipe an extractor requires.
        UnknownNameError: an extractor name is not registered.
    """
    missing = required_pipes(extractors) - set(nlp.pipe_names)
    if missing:
        raise ModelError(
            f"the extractors need pipes the model lacks: {', '.join(sorted(missing))}",
            hint=f"its pipes are {', '.join(nlp.pipe_names)}; choose another --model",
        )
    # Tabs and line breaks would break the tab-separated output; no benchmark line holds one.
    sentences = [line.translate(_LINE_BREAKS).strip() for line in lines if line.strip()]
    return _extract_lines(sentences, nlp, list(extractors), pretokenized)


def _extract_lines(
    sentences: list[str], nlp: Language, extractors: list[str], pretokenized: bool
) -> Iterator[SystemTuple]:
    docs = _parse(nlp, sentences, pretokenized)
    chosen = [_open_ie_extractor(name) for name in extractors]
    for number, (sentence, doc) in enumerate(zip(sentences, docs, strict=True), start=1):
        document = Document(id=f"line-{number}", text=doc.text, source=f"line {number}")
        relations = (
            f for extractor in chosen for f in extractor(doc, document) if isinstance(f, Relation)
        )
        seen: set[tuple[str, tuple[str, ...]]] = set()
        placed = [p for r in dict.fromkeys(relations) if (p := place_tuple(doc, r, sentence))]
        for found in _without_repeats(placed):
            if (found.relation, found.arguments) not in seen:
                seen.add((found.relation, found.arguments))
                yield found


def _without_repeats(placed: list[PlacedTuple]) -> Iterator[SystemTuple]:
    """Drop "sold to | X | police" when "sold | X | it | to police" already says it.

    CaRB's gold puts the phrases of a verb with a direct object after that object; a second
    tuple for the same phrase would take a gold match from nothing (precision is one-to-one).
    """
    for p in placed:
        if p.direct or not any(
            q.direct and q.verb == p.verb and q.subject == p.subject and p.object <= q.extras
            for q in placed
        ):
            yield p.found


def _open_ie_extractor(name: str) -> Extractor:
    """Return the registered extractor, the clause one set to keep arguments without entity.

    The graph has no node for "he" when its antecedent is out of reach, but Open IE scores the
    fact all the same.
    """
    found = extract.EXTRACTORS.get(name)
    return ClausesExtractor(open_arguments=True) if isinstance(found, ClausesExtractor) else found


def all_extractors() -> list[str]:
    """Return every registered extractor name, the default set for evaluation."""
    # Looked up at call time, so a registry swapped in by a test or plugin is seen.
    return extract.EXTRACTORS.names()


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _mention_tokens(doc: Doc, mention: Mention) -> list[int]:
    span = _span(doc, mention.start, mention.end)
    return list(range(span.start, span.end)) if span is not None else []


def _predicate_tokens(
    sentence: Span, words: list[str], taken: set[int], anchor: float
) -> list[int]:
    """Find the sentence tokens that spell the lemmatised predicate, in order, near `anchor`."""

    def fits(i: int, word: str) -> bool:
        token = sentence.doc[i]
        return i not in taken and word in (token.lemma_.lower(), token.lower_, token.norm_)

    best: tuple[int, int, float] | None = None
    best_tokens: list[int] = []
    # A word may be absent from the sentence (an inserted "be", a normalised form): the
    # alignment may start at any word and skips the words it cannot place.
    for w, word in enumerate(words):
        for first in (i for i in range(sentence.start, sentence.end) if fits(i, word)):
            chosen = [first]
            for later in words[w + 1 :]:
                at = next((i for i in range(chosen[-1] + 1, sentence.end) if fits(i, later)), None)
                if at is not None:
                    chosen.append(at)
            # More words matched first, then a tighter span, then closeness to the arguments.
            rank = (-len(chosen), chosen[-1] - chosen[0], abs(first - anchor))
            if best is None or rank < best:
                best, best_tokens = rank, chosen
    return best_tokens


def _is_verbless(doc: Doc, relation: Relation) -> bool:
    """Return True for a fact one noun phrase states about another: "X, a Y", "X's Y".

    Its relation words are not in the sentence, and an unrelated "is" found there would be wrong.
    """
    if relation.predicate not in (HAVE, IS_A) or not doc.has_annotation("DEP"):
        return False
    spans = [_span(doc, m.start, m.end) for m in (relation.subject, relation.object)]
    if spans[0] is None or spans[1] is None:
        return False
    a, b = spans[0].root, spans[1].root
    linked = a.head == b or b.head == a
    return linked and not any(t.pos_ in ("VERB", "AUX") for t in (a, b))


def _relation_tokens(doc: Doc, relation: Relation, taken: set[int]) -> list[int]:
    if _is_verbless(doc, relation):
        return []
    sentence = _span(doc, relation.evidence_start, relation.evidence_end) or doc[:]
    anchor = sum(taken) / len(taken) if taken else sentence.start
    words = relation.predicate.lower().split()
    if relation.kind is RelationKind.TYPE and words[-1:] in (["a"], ["an"]):
        words = words[:-1]  # "is a": the article belongs to the object, as in CaRB's gold
    words = ["be" if w == "is" else w for w in words]  # a copula is spelled as it stands
    chosen = _predicate_tokens(sentence, words, taken, anchor)
    if not doc.has_annotation("DEP"):
        return chosen
    extra = [
        child.i
        for i in chosen
        if doc[i].pos_ in ("VERB", "AUX")
        for child in doc[i].children
        if child.dep_ in _VERB_DEPENDENTS and child.i not in taken
    ]
    return chosen + extra


def _with_premodifiers(doc: Doc, tokens: list[int], blocked: set[int]) -> list[int]:
    """Extend a mention leftwards to the start of its noun phrase ("the", "its", adjectives).

    Mentions are entity names or bare concepts, while CaRB arguments are whole noun
    phrases ("the Flemish Region"); the words before the head that the head governs
    belong to the argument. Right-hand parts (relative clauses, appositions) stay out.
    """
    if not doc.has_annotation("DEP"):
        return tokens  # without a parse (and spaCy's tree walks are unsafe on none)
    head = doc[tokens[0] : tokens[-1] + 1].root
    governed = {t.i for t in head.subtree}
    start = tokens[0]
    while (
        start - 1 in governed
        and start - 1 not in blocked
        and doc[start - 1].head.i not in blocked  # the "'s" of a possessor in another slot
        and not doc[start - 1].is_punct
    ):
        start -= 1
    return list(range(start, tokens[-1] + 1))


_ADJUNCT_DEPS = frozenset({"prep", "npadvmod", "agent"})


def _main_verb(doc: Doc, rel_tokens: list[int]) -> int | None:
    if not doc.has_annotation("DEP"):
        return None
    verbs = [
        i
        for i in rel_tokens
        if doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ not in _VERB_DEPENDENTS
    ]
    return max(verbs) if verbs else None


def _adjuncts(doc: Doc, verb: int | None, used: set[int]) -> list[list[int]]:
    if verb is None:
        return []
    found = []
    for child in doc[verb].children:
        if child.dep_ not in _ADJUNCT_DEPS:
            continue
        tokens = list(range(child.left_edge.i, child.right_edge.i + 1))
        if any(i in used for i in tokens):
            continue
        found.append(tokens)
    return found


def _time_tokens(doc: Doc, relation: Relation, taken: set[int]) -> list[int]:
    if not relation.time:
        return []
    at = doc.text.find(relation.time, relation.evidence_start, relation.evidence_end)
    span = _span(doc, at, at + len(relation.time)) if at >= 0 else None
    if span is None or any(t.i in taken for t in span):
        return []
    start = span.start
    root = span.root
    if root.dep_ == "pobj" and root.head.i == start - 1 and start - 1 not in taken:
        start -= 1  # CaRB's gold keeps the preposition: "in 1941", "On 12 July 2006"
    return list(range(start, span.end))


def _surface(doc: Doc) -> _Surface:
    found = doc.user_data.get(_USER_KEY)
    if isinstance(found, _Surface):
        return found
    return _Surface(tuple(t.text for t in doc), tuple(bool(t.whitespace_) for t in doc))


@dataclass(frozen=True, slots=True)
class PlacedTuple:
    """A tuple with the tokens it was read from, to compare it with its sentence's others."""

    found: SystemTuple
    subject: frozenset[int]
    object: frozenset[int]
    extras: frozenset[int]  # the arguments after the object
    verb: int | None
    direct: bool  # the object is no preposition's


def to_system_tuple(doc: Doc, relation: Relation, sentence: str) -> SystemTuple | None:
    """Turn one Relation into an OpenIE tuple written with the line's own tokens (see place_tuple)."""
    placed = place_tuple(doc, relation, sentence)
    return placed.found if placed is not None else None


def place_tuple(doc: Doc, relation: Relation, sentence: str) -> PlacedTuple | None:
    """Turn one Relation into an OpenIE tuple written with the line's own tokens.

    Arguments are the mentions' surface words (a pronoun stays the pronoun), extended to
    their noun phrase's determiners and premodifiers. The relation
    is the predicate's words as they stand in the sentence, with auxiliaries, negation and
    particles; a role or type relation with no verb gets an inserted "is", as CaRB's gold does.
    Returns None when a mention cannot be placed on the tokens.
    """
    surface = _surface(doc)
    subject = _mention_tokens(doc, relation.subject)
    obj = _mention_tokens(doc, relation.object)
    if not subject or not obj:
        log.debug("%s: mention off the token grid, tuple dropped", sentence)
        return None
    if _is_verbless(doc, relation):
        # "Nissan 's morale": the possessor is the subject, not part of what it has.
        owner = doc[subject[0] : subject[-1] + 1].root
        obj = [i for i in obj if i not in {t.i for t in owner.subtree}] or obj
    taken = set(subject) | set(obj)
    rel_tokens = _relation_tokens(doc, relation, taken)
    subject, obj = (
        _with_premodifiers(doc, subject, set(rel_tokens) | set(obj)),
        _with_premodifiers(doc, obj, set(rel_tokens) | set(subject)),
    )
    taken = set(subject) | set(obj)
    rel = surface.render(rel_tokens)
    if relation.kind in (RelationKind.ROLE, RelationKind.TYPE):
        # An apposition states its fact without a verb; the gold inserts a copula.
        if not any(doc[i].pos_ in ("VERB", "AUX") for i in rel_tokens):
            rel = f"is {rel}".strip()
    elif not rel:
        rel = relation.predicate  # words the sentence does not hold: keep the extractor's
    arguments = [surface.render(subject), surface.render(obj)]
    time = _time_tokens(doc, relation, taken | set(rel_tokens))
    if time:
        arguments.append(surface.render(time))
    used = taken | set(rel_tokens) | set(time)
    verb = _main_verb(doc, rel_tokens)
    extras = set(time)
    for extra in _adjuncts(doc, verb, used):
        arguments.append(surface.render(extra))
        used |= set(extra)
        extras |= set(extra)
    # Plain text can hold runs of spaces or newlines inside a slot; scorers split on them.
    slots = [" ".join(slot.split()) for slot in (rel, *arguments)]
    found = SystemTuple(sentence, slots[0], tuple(slots[1:]), relation.confidence)
    root = doc[obj[0] : obj[-1] + 1].root if doc.has_annotation("DEP") else None
    direct = root is None or root.dep_ != "pobj"
    return PlacedTuple(
        found, frozenset(subject), frozenset(obj), frozenset(extras), verb, direct
    )
