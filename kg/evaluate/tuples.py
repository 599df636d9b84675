"""OpenIE tuples and the benchmark file formats: CaRB gold/"tabbed" and BenchIE extractions.

Parsers (`parse_*`) and renderers (`render_*`) are pure; only `read_*`/`write_*` touch disk.
Must not import spaCy, rdflib or any pipeline stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.files import write_bytes

# The official CaRB gold reader drops any argument holding a context marker ("C: Mr. X said").
_CONTEXT_MARK = "C: "


@dataclass(frozen=True, slots=True)
class SystemTuple:
    """One extraction a system made from one sentence: relation plus n arguments.

    `sentence` is the input line exactly as given, so the scorer can find its gold tuples.
    """

    sentence: str
    relation: str
    arguments: tuple[str, ...]
    confidence: float = 1.0

    def __post_init__(self) -> None:
        for slot in (self.sentence, self.relation, *self.arguments):
            if "\t" in slot or "\n" in slot:
                raise ValueError(f"{self.sentence[:40]!r}: a slot holds a tab or newline")


@dataclass(frozen=True, slots=True)
class GoldTuple:
    """One CaRB gold tuple; the relation may be empty and holds words absent from the text."""

    sentence: str
    relation: str
    arguments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactTriple:
    """One BenchIE extraction: subject, relation, object for the sentence with id `sent_id`."""

    sent_id: str
    subject: str
    relation: str
    object: str


def _where(source: str, number: int) -> str:
    return f"{source}:{number}"


def parse_carb_gold(text: str, source: str = "<gold>") -> list[GoldTuple]:
    """Parse a CaRB gold file the way the official reader does.

    Lines are stripped before splitting, so trailing empty cells vanish; arguments
    holding ``C: `` are dropped; ``T: ``/``L: `` prefixes stay.

    >>> parse_carb_gold("A b c .\\tb\\tA\\tc\\tC: x said\\n")
    [GoldTuple(sentence='A b c .', relation='b', arguments=('A', 'c'))]

    Raises:
        InputError: a non-blank line has no relation column.
    """
    tuples: list[GoldTuple] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.strip().split("\t")
        if fields == [""]:
            continue
        if len(fields) < 2:
            raise InputError(
                f"{_where(source, number)}: a gold line needs a sentence and a relation",
                hint="use CaRB's gold format: sentence, relation, arg1, arg2… separated by tabs",
            )
        arguments = tuple(a.strip() for a in fields[2:] if _CONTEXT_MARK not in a)
        tuples.append(GoldTuple(fields[0].strip(), fields[1].strip(), arguments))
    return tuples


def parse_carb_tabbed(text: str, source: str = "<system>") -> list[SystemTuple]:
    """Parse a system file in CaRB's tabbed format: sentence, confidence, relation, args….

    >>> parse_carb_tabbed("A b c .\\t0.5\\tb\\tA\\tc\\n")
    [SystemTuple(sentence='A b c .', relation='b', arguments=('A', 'c'), confidence=0.5)]

    Raises:
        InputError: a line has fewer than 3 fields or a confidence that is not a number.
    """
    tuples: list[SystemTuple] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.strip().split("\t")
        if len(fields) < 3:
            raise InputError(
                f"{_where(source, number)}: expected sentence, confidence and relation",
                hint="write one tab-separated extraction per line",
            )
        try:
            confidence = float(fields[1])
        except ValueError as exc:
            raise InputError(
                f"{_where(source, number)}: confidence {fields[1]!r} is not a number"
            ) from exc
        tuples.append(SystemTuple(fields[0], fields[2], tuple(fields[3:]), confidence))
    return tuples


def render_carb_tabbed(tuples: Iterable[SystemTuple]) -> str:
    """Render extractions in CaRB's tabbed format, one per line.

    >>> render_carb_tabbed([SystemTuple("A b c .", "b", ("A", "c"), 0.5)])
    'A b c .\\t0.5\\tb\\tA\\tc\\n'
    """
    lines = ("\t".join((t.sentence, repr(t.confidence), t.relation, *t.arguments)) for t in tuples)
    return "".join(line + "\n" for line in lines)


def parse_benchie_extractions(text: str, source: str = "<system>") -> list[FactTriple]:
    """Parse a BenchIE system file: sent_id, subject, relation, object per line.

    Extra fields are ignored, as the official reader does.

    >>> parse_benchie_extractions("19\\tShe\\tbegan\\ther film career\\n")
    [FactTriple(sent_id='19', subject='She', relation='began', object='her film career')]

    Raises:
        InputError: a line has fewer than 4 fields (the official scorer crashes on it).
    """
    triples: list[FactTriple] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.strip().split("\t")
        if len(fields) < 4:
            raise InputError(
                f"{_where(source, number)}: expected sent_id, subject, relation and object",
                hint="write only complete tab-separated lines, with no blank lines",
            )
        triples.append(FactTriple(*fields[:4]))
    return triples


# Words that open a phrase of a verb ("in 1947", "to the police"): such a phrase is a fact of its
# own in BenchIE, with the preposition moved into the relation.
_PREPOSITIONS = frozenset(
    """about above across after against along amid among around as at before behind below
    beneath beside between beyond by despite during except for from in including inside into
    like near of off on onto out outside over past per since than through throughout to toward
    towards under underneath until unto up upon via with within without""".split()
)

_MAX_FOLDED_WORDS = 5
_RELATIVE_WORDS = frozenset({"which", "whom", "who", "that", "where", "when"})


def to_fact_triples(tuples: Iterable[SystemTuple], sent_ids: Mapping[str, str]) -> list[FactTriple]:
    """Turn n-ary extractions into BenchIE's compact triples.

    BenchIE's facts are triples with compact arguments, the preposition of a verb's further
    phrase moved into the relation ("He --> served as the first Prime Minister of -->
    Australia" in its README). So (relation, subject, object, phrase…) gives the triple
    (subject, relation, object) and, for each further phrase opened by a preposition, the
    triple (subject, relation + object + preposition, rest of the phrase). A further phrase
    without a preposition ("last week") has no relation words to carry and is left out.
    Tuples from sentences without an id, or with no object, are dropped: BenchIE cannot
    express them.

    >>> s = SystemTuple("She began it in 1947 .", "began", ("She", "it", "in 1947"))
    >>> [(t.subject, t.relation, t.object) for t in to_fact_triples([s], {s.sentence: "7"})]
    [('She', 'began', 'it'), ('She', 'began it in', '1947')]
    """
    triples: list[FactTriple] = []
    seen: set[FactTriple] = set()
    for t in tuples:
        sent_id = sent_ids.get(t.sentence)
        arguments = [" ".join(a.split()) for a in t.arguments]
        relation = " ".join(t.relation.split())
        if sent_id is None or len(arguments) < 2 or not all(arguments[:2]) or not relation:
            continue
        subject, obj = arguments[:2]
        found = [FactTriple(sent_id, subject, relation, obj)]
        # A long object folded into the relation makes no compact fact.
        folds = len(obj.split()) <= _MAX_FOLDED_WORDS
        for phrase in arguments[2:] if folds else ():
            first, _, rest = phrase.partition(" ")
            if first in _PREPOSITIONS and rest and rest.lower() not in _RELATIVE_WORDS:
                found.append(FactTriple(sent_id, subject, f"{relation} {obj} {first}", rest))
        for triple in found:
            if triple not in seen:
                seen.add(triple)
                triples.append(triple)
    return triples


def render_benchie_extractions(triples: Iterable[FactTriple]) -> str:
    """Render BenchIE triples, one tab-separated line each.

    >>> render_benchie_extractions([FactTriple("19", "She", "began", "her film career")])
    '19\\tShe\\tbegan\\ther film career\\n'
    """
    return "".join(f"{t.sent_id}\t{t.subject}\t{t.relation}\t{t.object}\n" for t in triples)


def read_text(path: Path) -> str:
    """Read a benchmark file as UTF-8.

    Raises:
        InputError: the file is missing or not UTF-8.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(
            f"{path}: no such file",
            hint="pass --benchmarks-dir pointing at the folder holding carb/ and benchie/",
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 at byte {exc.start}") from exc


def read_carb_gold(path: Path) -> list[GoldTuple]:
    """Read a CaRB gold file (see `parse_carb_gold`)."""
    return parse_carb_gold(read_text(path), str(path))


def read_carb_tabbed(path: Path) -> list[SystemTuple]:
    """Read a CaRB tabbed system file (see `parse_carb_tabbed`)."""
    return parse_carb_tabbed(read_text(path), str(path))


def read_benchie_extractions(path: Path) -> list[FactTriple]:
    """Read a BenchIE system file (see `parse_benchie_extractions`)."""
    return parse_benchie_extractions(read_text(path), str(path))


def write_carb_tabbed(path: Path, tuples: Iterable[SystemTuple]) -> None:
    """Write extractions atomically in CaRB's tabbed format."""
    write_bytes(path, render_carb_tabbed(tuples).encode("utf-8"))


def write_benchie_extractions(path: Path, triples: Iterable[FactTriple]) -> None:
    """Write BenchIE triples atomically."""
    write_bytes(path, render_benchie_extractions(triples).encode("utf-8"))
