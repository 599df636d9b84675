"""Sentences -> OpenIE tuples through kg's own extractors (`kg openie`).

Benchmark sentences come pre-tokenized in Penn-Treebank style; scoring compares whitespace
tokens exactly, so such lines are parsed from their own tokens (never re-tokenized) and every
slot is written with the original tokens (openie_slots.py). Like kg/extract/, this module turns
spaCy objects into plain tuples at once: no Doc or Span leaves it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from kg import extract
from kg.errors import ModelError
from kg.evaluate.openie_slots import (
    SURFACE_KEY,
    PlacedTuple,
    Surface,
    place_tuple,
    to_system_tuple,
)
from kg.evaluate.tuples import SystemTuple
from kg.extract import Extractor, required_pipes
from kg.extract.clauses import ClausesExtractor
from kg.model import Document, Relation

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
_LINE_BREAKS = str.maketrans("\t\r\n", "   ")
_BATCH = 64


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
    doc.user_data[SURFACE_KEY] = Surface(tuple(tokens), (True,) * len(tokens))
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
        extractors: registered extractor names, run in this order; the clause extractor runs
            with open arguments (facts about "he" or "the plan" the graph has no node for).
        pretokenized: lines are space-separated PTB tokens; parse them as given.

    Returns:
        A lazy stream of tuples (relation, subject, object[, time][, phrases…]) in line
        order, with duplicates and repeats (see `without_repeats`) dropped; the checks below
        run at once, before any parsing.

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
        for found in without_repeats(placed):
            if (found.relation, found.arguments) not in seen:
                seen.add((found.relation, found.arguments))
                yield found


def without_repeats(placed: list[PlacedTuple]) -> Iterator[SystemTuple]:
    """Drop "sold to | X | police" when "sold | X | it | to police" already says it.

    CaRB's gold puts the phrases of a verb with a direct object after that object, and reads
    "ran from X to Y" once; a second tuple for the same phrases would take a gold match from
    nothing (precision is one-to-one).
    """
    for k, p in enumerate(placed):
        if p.direct:
            yield p.found
            continue
        same = [q for q in placed if q.verb == p.verb and q.subject == p.subject]
        if any(q.direct and p.object <= q.extras for q in same):
            continue
        # "ran from X to Y" read twice, once per preposition: the first reading has it all.
        earlier = placed[:k]
        if any(q in earlier and q.object <= p.extras and p.object <= q.extras for q in same):
            continue
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


__all__ = [
    "all_extractors",
    "looks_pretokenized",
    "run_openie",
    "to_system_tuple",
    "without_repeats",
]
