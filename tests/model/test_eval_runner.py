"""The OpenIE runner end to end on a few benchmark sentences, with the real pipeline.

A small subject-verb-object extractor is registered for the test alone, so the runner is
checked whatever kg's own extractors do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

import kg.extract
from kg.evaluate import default_benchmarks_dir, evaluate_benchie, evaluate_carb, score_carb
from kg.evaluate.benchie import read_benchie_gold, score_benchie
from kg.evaluate.tuples import read_benchie_extractions, read_carb_gold, read_carb_tabbed
from kg.extract.base import Finding
from kg.extract.openie import openie_system
from kg.model import Document, Mention, Relation
from kg.registry import Registry

pytestmark = pytest.mark.model
SOURCE = default_benchmarks_dir()


class SvoExtractor:
    """Verb with a nominal subject and a direct or prepositional object."""

    name = "svo"
    requires = frozenset({"parser"})

    def __call__(self, doc: Doc, document: Document) -> Iterator[Finding]:
        for verb in doc:
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            objects = [(c, "") for c in verb.children if c.dep_ in ("dobj", "attr")]
            objects += [
                (p, c.lemma_)
                for c in verb.children
                if c.dep_ == "prep"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            for subject in subjects:
                for obj, prep in objects:
                    yield Relation(
                        _mention(document, doc[subject.left_edge.i : subject.right_edge.i + 1]),
                        f"{verb.lemma_} {prep}".strip(),
                        _mention(document, doc[obj.left_edge.i : obj.right_edge.i + 1]),
                        self.name,
                        verb.sent.start_char,
                        verb.sent.end_char,
                        confidence=0.9 if prep == "" else 0.6,
                    )


def _mention(document: Document, span: Span) -> Mention:
    return Mention(document.id, span.start_char, span.end_char, span.text, "CONCEPT")


@pytest.fixture
def svo(monkeypatch: pytest.MonkeyPatch) -> None:
    registry: Registry[kg.extract.Extractor] = Registry("extractor")
    registry.add("svo", SvoExtractor())
    monkeypatch.setattr(kg.extract, "EXTRACTORS", registry)


@pytest.fixture
def small_benchmarks(tmp_path: Path) -> Path:
    """The first 5 sentences of CaRB dev and of BenchIE, with their gold, in a temp folder."""
    carb = tmp_path / "carb" / "data"
    (carb / "gold").mkdir(parents=True)
    sentences = (SOURCE / "carb/data/dev.txt").read_text("utf-8").splitlines()[:5]
    (carb / "dev.txt").write_text("\n".join(sentences) + "\n", "utf-8")
    gold = (SOURCE / "carb/data/gold/dev.tsv").read_text("utf-8").splitlines()
    kept = [line for line in gold if line.split("\t")[0].strip() in sentences]
    (carb / "gold" / "dev.tsv").write_text("\n".join(kept) + "\n", "utf-8")
    benchie = tmp_path / "benchie" / "data"
    (benchie / "sentences").mkdir(parents=True)
    (benchie / "gold").mkdir()
    lines = (SOURCE / "benchie/data/sentences/sample300_en.txt").read_text("utf-8").splitlines()
    (benchie / "sentences" / "sample300_en.txt").write_text("\n".join(lines[:5]), "utf-8")
    blocks = (SOURCE / "benchie/data/gold/benchie_gold_annotations_en.txt").read_text("utf-8")
    (benchie / "gold" / "benchie_gold_annotations_en.txt").write_text(
        "\n\n".join(blocks.split("\n\n")[:5]) + "\n", "utf-8"
    )
    return tmp_path


def test_evaluate_carb_writes_tabbed_file_and_scores_it(
    nlp: Language, svo: None, small_benchmarks: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "carb-dev.tsv"
    score = evaluate_carb("dev", small_benchmarks, openie_system(nlp, ["svo"]), out)
    sentences = (small_benchmarks / "carb/data/dev.txt").read_text("utf-8").splitlines()
    lines = out.read_text("utf-8").splitlines()
    assert lines, "the extractor found nothing in 5 sentences"
    for line in lines:
        sentence, confidence, relation, *arguments = line.split("\t")
        assert sentence in sentences
        assert float(confidence) in (0.9, 0.6)
        assert len(arguments) >= 2 and all(arguments) and relation
        tokens = set(sentence.split(" "))
        # Slots are written with the benchmark's own PTB tokens, never re-tokenized.
        for slot in (relation, *arguments):
            assert set(slot.split(" ")) <= tokens, slot
    assert any("``" in line for line in lines)  # the quoted sentence keeps its PTB quotes
    gold = read_carb_gold(small_benchmarks / "carb/data/gold/dev.tsv")
    assert score == score_carb(read_carb_tabbed(out), gold)
    assert score.system_tuples == len(lines)
    assert 0 < score.recall <= 1 and 0 < score.precision <= 1
    assert score.gold_tuples == len(gold)


def test_evaluate_benchie_writes_triples_and_scores_them(
    nlp: Language, svo: None, small_benchmarks: Path, tmp_path: Path
) -> None:
    out = tmp_path / "benchie.txt"
    score = evaluate_benchie(small_benchmarks, openie_system(nlp, ["svo"]), out)
    triples = read_benchie_extractions(out)
    assert triples and {t.sent_id for t in triples} <= {"1", "2", "3", "4", "5"}
    gold = read_benchie_gold(small_benchmarks / "benchie/data/gold/benchie_gold_annotations_en.txt")
    assert score == score_benchie(triples, gold)
    assert score.synsets == sum(len(s.synsets) for s in gold)
