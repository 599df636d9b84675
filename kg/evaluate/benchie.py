"""BenchIE scoring, written from benchmarks/benchie/SCORING.md: fact synsets of fully
expanded gold triples, exact slot matching, precision over hit synsets plus wrong triples.

Pure functions over parsed data. Must not import spaCy, rdflib or any pipeline stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

from kg.errors import InputError
from kg.evaluate.tuples import FactTriple, read_text

Triple = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Synset:
    """One fact: every expanded (subject, relation, object) that states it."""

    triples: frozenset[Triple]  # as expanded, unstripped (the official lookup compares these)
    stripped: frozenset[Triple]


@dataclass(frozen=True, slots=True)
class BenchieSentence:
    """One gold sentence with its fact synsets, in file order."""

    sent_id: str
    text: str
    synsets: tuple[Synset, ...]


@dataclass(frozen=True, slots=True)
class BenchieScore:
    """BenchIE figures (regular facet, slot matching), unrounded."""

    precision: float
    recall: float
    f1: float
    true_positives: int  # synsets hit
    false_positives: int  # extractions matching no gold triple
    synsets: int

    def summary(self) -> str:
        """Return the figures to 4 decimals, as BenchIE's README tables give them.

        >>> BenchieScore(0.5, 0.25, 1 / 3, 1, 1, 4).summary()
        'P 0.5000  R 0.2500  F1 0.3333'
        """
        return f"P {self.precision:.4f}  R {self.recall:.4f}  F1 {self.f1:.4f}"


def expand_slot(slot: str) -> list[str]:
    """Return every variant of a gold slot, with each optional ``[…]`` unit kept or dropped.

    >>> expand_slot("[the] Prime Minister [of Australia]")
    ['the Prime Minister of Australia', 'the Prime Minister', 'Prime Minister of Australia', \
'Prime Minister']
    """
    units: list[tuple[str, bool]] = []  # (text, optional)
    tokens = slot.split(" ")
    i = 0
    while i < len(tokens):
        token = tokens[i]
        opens, closes = "[" in token, "]" in token
        if opens and not closes:
            end = next((k for k in range(i + 1, len(tokens)) if "]" in tokens[k]), None)
            if end is None:  # an unclosed bracket: the opening token is dropped
                i += 1
                continue
            units.append((" ".join(tokens[i : end + 1]), True))
            i = end + 1
            continue
        if not closes or opens:
            units.append((token, opens))
        i += 1  # a stray closing token outside any span is dropped
    optional = [k for k, (_, is_optional) in enumerate(units) if is_optional]
    variants: list[str] = []
    for keep in product((True, False), repeat=len(optional)):
        dropped = {k for k, kept in zip(optional, keep, strict=True) if not kept}
        text = " ".join(u for k, (u, _) in enumerate(units) if k not in dropped)
        variants.append(text.replace("[", "").replace("]", ""))
    return variants


def _synset(lines: list[Triple]) -> Synset:
    triples: set[Triple] = set()
    for subject, relation, obj in lines:
        triples.update(product(expand_slot(subject), expand_slot(relation), expand_slot(obj)))
    stripped = frozenset((s.strip(), r.strip(), o.strip()) for s, r, o in triples)
    return Synset(frozenset(triples), stripped)


def parse_benchie_gold(text: str, source: str = "<gold>") -> list[BenchieSentence]:
    """Parse BenchIE's gold file into sentences of expanded synsets.

    >>> gold = "sent_id:1\\tHe left .\\n1--> Cluster 1:\\nHe --> left --> [it]\\n"
    >>> sorted(parse_benchie_gold(gold)[0].synsets[0].triples)
    [('He', 'left', ''), ('He', 'left', 'it')]

    Raises:
        InputError: a triple line has fewer than three slots, precedes any sentence or
            synset, or a sentence id repeats.
    """
    sentences: list[tuple[str, str, list[list[Triple]]]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        where = f"{source}:{number}"
        if "sent_id:" in line:
            head, _, sentence = line.partition("\t")
            sent_id = head.split("sent_id:", 1)[1]
            if sent_id in seen:
                raise InputError(f"{where}: sentence id {sent_id!r} repeats")
            seen.add(sent_id)
            sentences.append((sent_id, sentence, []))
        elif " --> " in line:
            slots = line.split(" --> ")
            if len(slots) < 3 or not sentences or not sentences[-1][2]:
                raise InputError(f"{where}: expected `subject --> relation --> object` in a synset")
            sentences[-1][2][-1].append((slots[0], slots[1], slots[2]))
        elif "Cluster" in line:
            if not sentences:
                raise InputError(f"{where}: a synset header before any sentence")
            sentences[-1][2].append([])
    return [
        BenchieSentence(sent_id, sentence, tuple(_synset(lines) for lines in synsets))
        for sent_id, sentence, synsets in sentences
    ]


def read_benchie_gold(path: Path) -> list[BenchieSentence]:
    """Read BenchIE's gold file (see `parse_benchie_gold`)."""
    return parse_benchie_gold(read_text(path), str(path))


def score_benchie(system: Sequence[FactTriple], gold: Sequence[BenchieSentence]) -> BenchieScore:
    """Score triples against BenchIE's fact synsets (regular facet, slot matching).

    Triples for unknown sentence ids are ignored. A correct triple hits the first synset
    holding it; a second hit on a synset is free; every other triple is a false positive.

    >>> gold = parse_benchie_gold("sent_id:1\\tHe left .\\n1--> Cluster:\\nHe --> left --> [it]")
    >>> system = [FactTriple("1", "He", "left", "it"), FactTriple("1", "he", "left", "")]
    >>> s = score_benchie(system, gold)
    >>> (s.precision, s.recall, s.true_positives, s.false_positives)
    (0.5, 1.0, 1, 1)
    """
    by_id = {sentence.sent_id: sentence for sentence in gold}
    hit: set[tuple[str, int]] = set()
    false_positives = 0
    for triple in system:
        sentence = by_id.get(triple.sent_id)
        if sentence is None:
            continue
        raw = (triple.subject, triple.relation, triple.object)
        stripped = (raw[0].strip(), raw[1].strip(), raw[2].strip())
        if not any(stripped in synset.stripped for synset in sentence.synsets):
            false_positives += 1
            continue
        index = next(
            (k for k, synset in enumerate(sentence.synsets) if raw in synset.triples),
            # The official lookup compares unstripped slots and, failing, indexes with -1:
            # reproduced so that scores of padded system files agree with published ones.
            len(sentence.synsets) - 1,
        )
        hit.add((sentence.sent_id, index))
    total = sum(len(sentence.synsets) for sentence in gold)
    tp = len(hit)
    precision = tp / (tp + false_positives) if tp + false_positives > 0 else 0.0
    recall = tp / total if total > 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return BenchieScore(precision, recall, f1, tp, false_positives, total)
