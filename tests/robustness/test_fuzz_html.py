"""Fuzzing the HTML page: any text in a graph reaches the page's JSON intact and inert.

Entity names, aliases, relation labels, evidence and document titles are arbitrary strings;
the page must embed them as JSON in which no raw `<`, `>` or `&` can end the <script> element
or open a comment, and which decodes to exactly the strings the graph holds.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.export.html import render_html
from kg.model import (
    Corpus,
    Document,
    Entity,
    EntityType,
    Polarity,
    Provenance,
    Triple,
)
from kg.rdf import to_graph
from kg.vocab import entity_iri, slugify

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_DATA = re.compile(rb'<script type="application/json" id="kg-data">(.*?)</script>', re.S)
# Markup-breaking fragments the text strategies rarely hit on their own.
_HOSTILE = st.sampled_from(
    [
        "</script>",
        "</SCRIPT >",
        "<!--",
        "-->",
        "<script>alert(1)</script>",
        "&amp;",
        "&lt;",
        "]]>",
        "\u2028",
        "\u2029",
        '"',
        "\\",
        "\\u003c",
        "{{ x }}",
        "{% raw %}",
        "\x00",
        "\ufeff",
        "\U0001f600",
        "\u202e",
    ]
)
NAMES = (
    st.lists(st.one_of(st.text(max_size=30), _HOSTILE), min_size=1, max_size=4)
    .map("".join)
    .filter(str.strip)
)


def _entity(label: str, alts: list[str], index: int) -> Entity:
    # The id only has to be unique; the label is what the page shows.
    return Entity(
        id=f"person/{slugify(label)}-{index}",
        label=label,
        type=EntityType.PERSON,
        alt_labels=tuple(sorted(set(alts) - {label})),
        doc_ids=("doc",),
    )


def _page_data(page: bytes) -> dict[str, Any]:
    found = _DATA.findall(page)
    assert len(found) == 1, "the page has exactly one JSON data block"
    raw = found[0]
    for char in (b"<", b">", b"&"):
        assert char not in raw, f"raw {char!r} in the embedded JSON"
    data = json.loads(raw.decode("utf-8"))
    assert isinstance(data, dict)
    return data


@FUZZ
@given(
    subject=NAMES,
    obj=NAMES,
    alts=st.lists(NAMES, max_size=3),
    predicate=NAMES,
    evidence=NAMES,
    title=NAMES,
    negative=st.booleans(),
)
@example(
    subject="</script><script>alert(1)</script>",
    obj="A & B <!-- c -->",
    alts=["]]>", "\u2028\u2029"],
    predicate='say "</script>"',
    evidence="x < y && y > z </script >",
    title="<title>&amp;</title>",
    negative=True,
)
@example(subject="0", obj="0", alts=["00"], predicate="0", evidence="0", title="0", negative=False)
def test_render_html_embeds_arbitrary_text_as_inert_json_that_decodes_back(
    subject: str,
    obj: str,
    alts: list[str],
    predicate: str,
    evidence: str,
    title: str,
    negative: bool,
) -> None:
    document = Document(id="doc", text=evidence, source="doc.txt", title=title)
    first, second = _entity(subject, alts, 1), _entity(obj, [], 2)
    triple = Triple(
        subject_id=first.id,
        predicate=predicate,
        object_id=second.id,
        provenance=Provenance(
            doc_id="doc",
            start=0,
            end=len(evidence),
            evidence=evidence,
            extractor="fuzz",
            confidence=0.5,
            polarity=Polarity.NEGATIVE if negative else Polarity.POSITIVE,
        ),
    )
    corpus = Corpus(
        documents=(document,),
        entities=(first, second),
        triples=(triple,),
        mentions=(("doc", first.id), ("doc", second.id)),
    )
    data = _page_data(render_html(to_graph(corpus), title=title))

    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {str(entity_iri(first.id)), str(entity_iri(second.id))}
    for entity in (first, second):
        node = nodes[str(entity_iri(entity.id))]
        assert node["fullLabel"] == entity.label
        assert node["alt"] == list(entity.alt_labels)
    (edge,) = data["edges"]
    assert edge["relation"] == predicate
    assert edge["evidence"] == evidence
    assert edge["polarity"] == ("negative" if negative else "positive")
    assert [d["name"] for d in data["documents"]] == [title]
