"""Extraction stage as an Open IE system: sentences -> OpenIE tuples (`kg openie`, `kg eval`).

Each line is parsed on its own (kg/nlp.py's `parse_lines`) and kg's extractors run on it; every
slot is written with the line's own tokens (openie_slots.py), so pre-tokenized benchmark lines
are scored on the tokens they came with. Like the rest of kg/extract/, this module turns spaCy
objects into plain tuples at once: no Doc or Span leaves it. Must not import rdflib.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.language import Language

from kg import extract
from kg.errors import ModelError
from kg.evaluate.tuples import SystemTuple
from kg.extract import Extractor, required_pipes
from kg.extract.clauses import ClausesExtractor
from kg.extract.openie_slots import PlacedTuple, place_tuple
from kg.model import Document, Relation
from kg.nlp import parse_lines

_LINE_BREAKS = str.maketrans("\t\r\n", "   ")


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
    docs = parse_lines(nlp, sentences, pretokenized)
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


def openie_system(
    nlp: Language, extractors: Sequence[str] | None = None
) -> Callable[[list[str]], Iterator[SystemTuple]]:
    """Return kg as the Open IE system a benchmark runs: its PTB-tokenized lines -> tuples.

    Args:
        nlp: a loaded pipeline holding the pipes the extractors need.
        extractors: extractor names; None runs every one registered when the system runs.
    """

    def extract_tuples(sentences: list[str]) -> Iterator[SystemTuple]:
        names = list(extractors) if extractors is not None else all_extractors()
        return run_openie(sentences, nlp, names, pretokenized=True)

    return extract_tuples


def all_extractors() -> list[str]:
    """Return every registered extractor name, the default set for evaluation."""
    # Looked up at call time, so a registry swapped in by a test or plugin is seen.
    return extract.EXTRACTORS.names()


__all__ = ["all_extractors", "openie_system", "run_openie", "without_repeats"]
