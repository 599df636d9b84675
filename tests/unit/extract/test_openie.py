"""Relations -> OpenIE tuples, on hand-built parses and a blank pipeline (no model)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy
from spacy.tokens import Doc, Span

import kg.extract
from kg.errors import ModelError
from kg.extract.base import Finding
from kg.extract.clause_nominal import HAVE, IS_A
from kg.extract.openie import run_openie, without_repeats
from kg.extract.openie_slots import place_tuple, to_system_tuple
from kg.model import Document, Mention, MentionKind, Polarity, Relation, RelationKind
from kg.registry import Registry
from tests.conftest import MakeDoc


def mention(doc: Doc, start: int, end: int, **kw: object) -> Mention:
    span = doc[start:end]
    return Mention("doc.txt", span.start_char, span.end_char, span.text, "ORG", **kw)  # type: ignore[arg-type]


def relation(doc: Doc, subject: Mention, predicate: str, obj: Mention, **kw: object) -> Relation:
    return Relation(subject, predicate, obj, "test", 0, len(doc.text.rstrip()), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("object_start", [4, 5])  # "the software" or "software": a whole NP
def test_relation_keeps_auxiliary_and_negation(make_doc: MakeDoc, object_start: int) -> None:
    doc, _ = make_doc(
        ["Microsoft", "did", "n't", "sell", "the", "software", "."],
        [3, 3, 3, 3, 5, 3, 3],
        ["nsubj", "aux", "neg", "ROOT", "det", "dobj", "punct"],
        pos=["PROPN", "AUX", "PART", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["Microsoft", "do", "not", "sell", "the", "software", "."],
    )
    obj = mention(doc, object_start, 6)
    rel = relation(doc, mention(doc, 0, 1), "sell", obj, polarity=Polarity.NEGATIVE)
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    assert (found.relation, found.arguments, found.confidence) == (
        "did n't sell",
        ("Microsoft", "the software"),
        0.5,
    )


def test_pronoun_argument_keeps_its_surface_words(make_doc: MakeDoc) -> None:
    doc, _ = make_doc(
        ["Microsoft", "said", "it", "would", "stop", "sales", "."],
        [1, 1, 4, 4, 1, 4, 1],
        ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj", "punct"],
        pos=["PROPN", "VERB", "PRON", "AUX", "VERB", "NOUN", "PUNCT"],
    )
    microsoft = mention(doc, 0, 1)
    it = mention(doc, 2, 3, kind=MentionKind.PRONOUN, antecedent=microsoft)
    # The name lies outside the evidence (as if in an earlier sentence): "it" stays "it".
    evidence_end = len(doc.text.rstrip())
    rel = Relation(it, "stop", mention(doc, 5, 6), "test", it.start, evidence_end)
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    assert (found.relation, found.arguments) == ("would stop", ("it", "sales"))


@pytest.mark.parametrize(
    ("predicate", "kind", "object_start", "expected"),
    [
        ("president of", RelationKind.ROLE, 5, "is president of"),
        ("be president of", RelationKind.ROLE, 5, "is president of"),
        ("is a", RelationKind.TYPE, 3, "is"),  # the apposition has no word of "is a"
        ("head", RelationKind.ACTION, 5, "head"),  # absent from the sentence: kept as given
    ],
)
def test_relation_without_verb(
    make_doc: MakeDoc, predicate: str, kind: RelationKind, object_start: int, expected: str
) -> None:
    doc, _ = make_doc(
        ["Brad", "Smith", ",", "president", "of", "Microsoft", ",", "spoke", "."],
        [1, 7, 1, 1, 3, 4, 1, 7, 7],
        ["compound", "nsubj", "punct", "appos", "prep", "pobj", "punct", "ROOT", "punct"],
        pos=["PROPN", "PROPN", "PUNCT", "NOUN", "ADP", "PROPN", "PUNCT", "VERB", "PUNCT"],
    )
    obj = mention(doc, object_start, 6)
    found = to_system_tuple(doc, relation(doc, mention(doc, 0, 2), predicate, obj, kind=kind), "S")
    assert found is not None
    assert found.relation == expected
    assert found.arguments[0] == "Brad Smith"


def test_preposition_nearest_occurrence_and_time(make_doc: MakeDoc) -> None:
    doc, _ = make_doc(
        ["Amazon", "sold", "it", "to", "police", "on", "Thursday", "to", "sell", "."],
        [1, 1, 1, 1, 3, 1, 5, 8, 1, 1],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "aux", "advcl", "punct"],
        pos=["PROPN", "VERB", "PRON", "ADP", "NOUN", "ADP", "PROPN", "PART", "VERB", "PUNCT"],
        lemmas=["Amazon", "sell", "it", "to", "police", "on", "Thursday", "to", "sell", "."],
    )
    rel = relation(doc, mention(doc, 0, 1), "sell to", mention(doc, 4, 5), time="Thursday")
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    # The time keeps its preposition, as CaRB's gold writes it ("in 1941", "on Thursday").
    assert (found.relation, found.arguments) == ("sold to", ("Amazon", "police", "on Thursday"))


class WordExtractor:
    """Splits a line at a fixed verb: what precedes is the subject, what follows the object."""

    name = "word"
    requires: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, doc: Doc, document: Document) -> Iterator[Finding]:
        self.seen.append(doc.text)
        for token in doc:
            if token.lower_ in ("sold", "bought") and 0 < token.i < len(doc) - 2:
                subject, obj = doc[: token.i], doc[token.i + 1 : len(doc) - 1]
                for _ in range(2):  # twice: the runner must drop the duplicate
                    yield Relation(
                        _as_mention(document, subject),
                        token.lower_,
                        _as_mention(document, obj),
                        self.name,
                        0,
                        len(document.text),
                        confidence=0.75,
                    )


def _as_mention(document: Document, span: Span) -> Mention:
    return Mention(document.id, span.start_char, span.end_char, span.text, "CONCEPT")


@pytest.fixture
def word_extractor(monkeypatch: pytest.MonkeyPatch) -> WordExtractor:
    registry: Registry[kg.extract.Extractor] = Registry("extractor")
    extractor = WordExtractor()
    registry.add("word", extractor)
    monkeypatch.setattr(kg.extract, "EXTRACTORS", registry)
    return extractor


def test_run_openie_parses_ptb_tokens_and_writes_them_back(word_extractor: WordExtractor) -> None:
    lines = ["Amazon sold `` Rekognition '' -LRB- a tool -RRB- .", "", "Nothing here ."]
    found = list(run_openie(lines, spacy.blank("en"), ["word"], pretokenized=True))
    assert word_extractor.seen[0] == 'Amazon sold " Rekognition " ( a tool ) .'
    assert len(word_extractor.seen) == 2  # the blank line is skipped
    assert [(t.sentence, t.relation, t.arguments, t.confidence) for t in found] == [
        (lines[0], "sold", ("Amazon", "`` Rekognition '' -LRB- a tool -RRB-"), 0.75)
    ]


def test_run_openie_plain_text_keeps_original_spacing(word_extractor: WordExtractor) -> None:
    lines = ["IBM bought Red Hat's code.", "IBM\tbought  its\n code."]
    found = list(run_openie(lines, spacy.blank("en"), ["word"], False))
    assert [(t.sentence, t.relation, t.arguments) for t in found] == [
        (lines[0], "bought", ("IBM", "Red Hat's code")),
        ("IBM bought  its  code.", "bought", ("IBM", "its code")),
    ]


def test_run_openie_checks_pipes_first(word_extractor: WordExtractor) -> None:
    word_extractor.requires = frozenset({"parser"})
    with pytest.raises(ModelError, match="parser"):
        run_openie(["A sold B ."], spacy.blank("en"), ["word"], pretokenized=True)


def _sold_it_to_police(make_doc: MakeDoc) -> Doc:
    doc, _ = make_doc(
        ["Amazon", "sold", "it", "to", "police", "in", "May", "."],
        [1, 1, 1, 1, 3, 1, 5, 1],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
        pos=["PROPN", "VERB", "PRON", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
        lemmas=["Amazon", "sell", "it", "to", "police", "in", "May", "."],
    )
    return doc


def test_verb_phrases_become_arguments_and_repeats_are_dropped(make_doc: MakeDoc) -> None:
    doc = _sold_it_to_police(make_doc)
    amazon = mention(doc, 0, 1)
    direct = place_tuple(doc, relation(doc, amazon, "sell", mention(doc, 2, 3)), "S")
    via_to = place_tuple(doc, relation(doc, amazon, "sell to", mention(doc, 4, 5)), "S")
    assert direct is not None and via_to is not None
    assert (direct.found.relation, direct.found.arguments) == (
        "sold",
        ("Amazon", "it", "to police", "in May"),
    )
    # "sold to | Amazon | police" says nothing the first tuple does not.
    assert list(without_repeats([direct, via_to])) == [direct.found]
    assert list(without_repeats([via_to])) == [via_to.found]


@pytest.mark.parametrize(
    ("predicate", "kind", "subject", "obj", "expected"),
    [
        (IS_A, RelationKind.TYPE, (0, 2), (4, 5), ("is", ("Brad Smith", "a lawyer"))),
        (HAVE, RelationKind.ACTION, (6, 7), (8, 9), ("has", ("Microsoft", "board"))),
    ],
)
def test_verbless_fact_gets_its_own_copula_not_one_from_the_sentence(
    make_doc: MakeDoc,
    predicate: str,
    kind: RelationKind,
    subject: tuple[int, int],
    obj: tuple[int, int],
    expected: tuple[str, tuple[str, ...]],
) -> None:
    # "Brad Smith , a lawyer , is Microsoft 's board ." is grammatical enough for the parse.
    doc, _ = make_doc(
        ["Brad", "Smith", ",", "a", "lawyer", "is", "Microsoft", "'s", "board", "."],
        [1, 5, 1, 4, 1, 5, 8, 6, 5, 5],
        ["compound", "nsubj", "punct", "det", "appos", "ROOT", "poss", "case", "attr", "punct"],
        pos=["PROPN", "PROPN", "PUNCT", "DET", "NOUN", "AUX", "PROPN", "PART", "NOUN", "PUNCT"],
        lemmas=["Brad", "Smith", ",", "a", "lawyer", "be", "Microsoft", "'s", "board", "."],
    )
    rel = relation(doc, mention(doc, *subject), predicate, mention(doc, *obj), kind=kind)
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    assert (found.relation, found.arguments) == expected


def test_adverb_between_subject_and_verb_joins_the_relation(make_doc: MakeDoc) -> None:
    doc, _ = make_doc(
        ["Violence", "is", "often", "portrayed", "as", "an", "issue", "."],
        [3, 3, 3, 3, 3, 6, 4, 3],
        ["nsubjpass", "auxpass", "advmod", "ROOT", "prep", "det", "pobj", "punct"],
        pos=["NOUN", "AUX", "ADV", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
        lemmas=["violence", "be", "often", "portray", "as", "an", "issue", "."],
    )
    rel = relation(doc, mention(doc, 0, 1), "be portray as", mention(doc, 6, 7))
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    assert (found.relation, found.arguments) == ("is often portrayed as", ("Violence", "an issue"))


def test_two_prepositions_of_one_verb_make_one_tuple(make_doc: MakeDoc) -> None:
    doc, _ = make_doc(
        ["A", "line", "ran", "from", "Buxton", "to", "Ashbourne", "."],
        [1, 2, 2, 2, 3, 2, 5, 2],
        ["det", "nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "punct"],
        pos=["DET", "NOUN", "VERB", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"],
        lemmas=["a", "line", "run", "from", "Buxton", "to", "Ashbourne", "."],
    )
    line = mention(doc, 1, 2)
    placed = [
        place_tuple(doc, relation(doc, line, f"run {p}", mention(doc, i, i + 1)), "S")
        for p, i in (("from", 4), ("to", 6))
    ]
    assert placed[0] is not None and placed[1] is not None
    first = placed[0].found
    assert (first.relation, first.arguments) == ("ran from", ("A line", "Buxton", "to Ashbourne"))
    assert list(without_repeats([placed[0], placed[1]])) == [first]


def test_pronoun_is_written_as_its_name_in_the_same_sentence(make_doc: MakeDoc) -> None:
    doc, _ = make_doc(
        ["Hezbollah", "said", "they", "killed", "soldiers", "."],
        [1, 1, 3, 1, 3, 1],
        ["nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
        pos=["PROPN", "VERB", "PRON", "VERB", "NOUN", "PUNCT"],
        lemmas=["Hezbollah", "say", "they", "kill", "soldier", "."],
    )
    hezbollah = mention(doc, 0, 1)
    they = mention(doc, 2, 3, kind=MentionKind.PRONOUN, antecedent=hezbollah)
    found = to_system_tuple(doc, relation(doc, they, "kill", mention(doc, 4, 5)), "S")
    assert found is not None
    assert (found.relation, found.arguments) == ("killed", ("Hezbollah", "soldiers"))


def test_quoted_argument_keeps_its_quotation_marks(make_doc: MakeDoc) -> None:
    doc, _ = make_doc(
        ["Later", ",", "it", "carried", "``", "Monitor", ",", "''", "."],
        [3, 3, 3, 3, 5, 3, 5, 5, 3],
        ["advmod", "punct", "nsubj", "ROOT", "punct", "dobj", "punct", "punct", "punct"],
        pos=["ADV", "PUNCT", "PRON", "VERB", "PUNCT", "PROPN", "PUNCT", "PUNCT", "PUNCT"],
        lemmas=["later", ",", "it", "carry", "``", "Monitor", ",", "''", "."],
    )
    found = to_system_tuple(
        doc, relation(doc, mention(doc, 2, 3), "carry", mention(doc, 5, 6)), "S"
    )
    assert found is not None
    assert (found.relation, found.arguments) == ("carried", ("it", "`` Monitor ''"))


@pytest.mark.parametrize(
    ("predicate", "obj", "expected"),
    [
        ("protect", (1, 2), ("was protected by", ("The cockpit", "a firewall", "from the engine"))),
        (
            "protect from",
            (6, 7),
            ("was protected from", ("The cockpit", "the engine", "by a firewall")),
        ),
    ],
)
def test_passive_keeps_the_sentence_order(
    make_doc: MakeDoc, predicate: str, obj: tuple[int, int], expected: tuple[str, tuple[str, ...]]
) -> None:
    # kg reads "The cockpit was protected from the engine by a firewall" as the firewall
    # protecting the cockpit; Open IE output writes it as the sentence does.
    doc, _ = make_doc(
        ["The", "cockpit", "was", "protected", "from", "the", "engine", "by", "a", "firewall", "."],
        [1, 3, 3, 3, 3, 6, 4, 3, 9, 7, 3],
        [
            "det",
            "nsubjpass",
            "auxpass",
            "ROOT",
            "prep",
            "det",
            "pobj",
            "agent",
            "det",
            "pobj",
            "punct",
        ],
        pos=["DET", "NOUN", "AUX", "VERB", "ADP", "DET", "NOUN", "ADP", "DET", "NOUN", "PUNCT"],
        tags=["DT", "NN", "VBD", "VBN", "IN", "DT", "NN", "IN", "DT", "NN", "."],
        lemmas=[
            "the",
            "cockpit",
            "be",
            "protect",
            "from",
            "the",
            "engine",
            "by",
            "a",
            "firewall",
            ".",
        ],
    )
    rel = relation(doc, mention(doc, 9, 10), predicate, mention(doc, *obj))
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    assert (found.relation, found.arguments) == expected


def test_title_fact_is_written_with_its_own_relation_words(make_doc: MakeDoc) -> None:
    # "of" and "president" are in the sentence, but the fact's relation is not said there.
    doc, _ = make_doc(
        ["Smith", ",", "president", "of", "Microsoft", ",", "left", "."],
        [6, 0, 0, 2, 3, 0, 6, 6],
        ["nsubj", "punct", "appos", "prep", "pobj", "punct", "ROOT", "punct"],
        pos=["PROPN", "PUNCT", "NOUN", "ADP", "PROPN", "PUNCT", "VERB", "PUNCT"],
        lemmas=["Smith", ",", "president", "of", "Microsoft", ",", "leave", "."],
    )
    rel = relation(doc, mention(doc, 0, 1), "is president of", mention(doc, 4, 5))
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    assert (found.relation, found.arguments) == ("is president of", ("Smith", "Microsoft"))


def test_relation_keeps_the_verb_an_infinitive_hangs_off(make_doc: MakeDoc) -> None:
    # kg reads "failed to reach" as a denied "reach"; the sentence's relation says "failed to".
    doc, _ = make_doc(
        ["State", "-", "owned", "exports", "failed", "to", "reach", "the", "level", "."],
        [2, 2, 3, 4, 4, 6, 4, 8, 6, 4],
        ["npadvmod", "punct", "amod", "nsubj", "ROOT", "aux", "xcomp", "det", "dobj", "punct"],
        pos=["NOUN", "PUNCT", "VERB", "NOUN", "VERB", "PART", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["state", "-", "own", "export", "fail", "to", "reach", "the", "level", "."],
    )
    rel = relation(doc, mention(doc, 3, 4), "reach", mention(doc, 8, 9))
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    assert (found.relation, found.arguments) == (
        "failed to reach",
        ("State - owned exports", "the level"),
    )


def test_a_preposition_without_its_noun_joins_the_relation(make_doc: MakeDoc) -> None:
    doc, _ = make_doc(
        ["Judges", "are", "referred", "to", "as", "Justices", "."],
        [2, 2, 2, 2, 2, 4, 2],
        ["nsubjpass", "auxpass", "ROOT", "prep", "prep", "pobj", "punct"],
        pos=["NOUN", "AUX", "VERB", "ADP", "ADP", "PROPN", "PUNCT"],
        lemmas=["judge", "be", "refer", "to", "as", "Justices", "."],
    )
    rel = relation(doc, mention(doc, 0, 1), "be refer as", mention(doc, 5, 6))
    found = to_system_tuple(doc, rel, "S")
    assert found is not None
    assert (found.relation, found.arguments) == ("are referred to as", ("Judges", "Justices"))


@pytest.mark.parametrize(("label", "written"), [("PERSON", "Smith"), ("ORG", "he")])
def test_pronoun_is_written_as_its_name_only_when_they_agree(
    make_doc: MakeDoc, label: str, written: str
) -> None:
    doc, _ = make_doc(
        ["Smith", "said", "he", "sold", "shares", "."],
        [1, 1, 3, 1, 3, 1],
        ["nsubj", "ROOT", "nsubj", "ccomp", "dobj", "punct"],
        pos=["PROPN", "VERB", "PRON", "VERB", "NOUN", "PUNCT"],
        lemmas=["Smith", "say", "he", "sell", "share", "."],
    )
    smith = Mention("doc.txt", 0, 5, "Smith", label)
    he = mention(doc, 2, 3, kind=MentionKind.PRONOUN, antecedent=smith)
    found = to_system_tuple(doc, relation(doc, he, "sell", mention(doc, 4, 5)), "S")
    assert found is not None
    assert found.arguments == (written, "shares")
