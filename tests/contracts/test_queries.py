"""Contract: every shipped .rq parses, documents itself and returns its known rows on small_graph.

Each query runs on an in-memory rdflib Graph and on an Oxigraph-backed one (the store `kg query`
uses), with the aggregates a build materialises added (kg/aggregate.py), and both must give
exactly the expected rows: in order, except for the queries that stream rows in the store's
order (UNORDERED), whose rows are compared as a sorted list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.query import QueryInfo, list_queries, load_query, run_query
from tests.contracts.small_corpus import add_aggregates

ROOT = Path(__file__).resolve().parents[2]
SMALL_GRAPH = ROOT / "tests" / "fixtures" / "small_graph.ttl"
SEED = (ROOT / "seeds" / "microsoft-facial-recognition.txt").read_text(encoding="utf-8")

D1 = "seeds/microsoft-facial-recognition.txt"
D2 = "seeds/amazon-ibm-moratorium.txt"
MICROSOFT = "https://w3id.org/kg/entity/organization/microsoft"
BRAD_SMITH = "https://w3id.org/kg/entity/person/brad-smith"
FRT = "https://w3id.org/kg/entity/concept/facial-recognition-technology"

# Evidence sentences of the seed article, cut at the offsets the fixture records: a row only
# matches when the fixture's offsets and its evidence agree.
SELL = SEED[0:171]
PRESIDENT = SEED[173:289]
SELL_TO = SEED[291:456]
BANS = SEED[1140:1413]
# The invented second article of the fixture.
MORATORIUM = "Amazon announced a one-year moratorium on police use of Rekognition on Wednesday."
IBM_OFFER = (
    "IBM will no longer offer general purpose facial recognition software, chief executive "
    "Arvind Krishna wrote in a letter to Congress."
)
MS_BAN = "Microsoft announced a ban on sales of facial recognition technology to police."
QUOTE_SELL = SEED[292:442]
QUOTE_BOTTOM_LINE = SEED[458:535]
QUOTE_TOXIC = SEED[1416:1574]
QUOTE_STUNT = SEED[1325:1347]

Row = tuple[str | None, ...]

NAMED = {  # non-concept entities per document, for the co-mention pairs
    D1: {"Microsoft", "Brad Smith", "Washington Post", "Amazon", "IBM", "Recognition",
         "Fight for the Future", "Evan Greer"},
    D2: {"Amazon", "IBM", "Microsoft", "Arvind Krishna"},
}  # fmt: skip


def _co_mention_rows() -> list[Row]:
    iri = {
        "Microsoft": "organization/microsoft",
        "Brad Smith": "person/brad-smith",
        "Washington Post": "organization/washington-post",
        "Amazon": "organization/amazon",
        "IBM": "organization/ibm",
        "Recognition": "product/recognition",
        "Fight for the Future": "organization/fight-for-the-future",
        "Evan Greer": "person/evan-greer",
        "Arvind Krishna": "person/arvind-krishna",
    }
    counts: dict[tuple[str, str], int] = {}
    for names in NAMED.values():
        for a in names:
            for b in names:
                if iri[a] < iri[b]:  # the query orders each pair by IRI
                    counts[(a, b)] = counts.get((a, b), 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(a, b, str(n)) for (a, b), n in ranked]


EXPECTED: dict[str, tuple[dict[str, str], tuple[str, ...], list[Row]]] = {
    "announcements": (
        {},
        ("organization", "announced", "polarity", "modality", "time", "via", "evidence",
         "document"),
        [
            ("Amazon", "moratorium", "positive", None, "Wednesday", None, MORATORIUM, D2),
            ("Microsoft", "ban", "positive", None, None, None, MS_BAN, D2),
            # "announced that it would not sell": the clause attributed to Microsoft
            ("Microsoft", "Microsoft would not sell facial recognition technology", "negative",
             "would", None, None, SELL, D1),
            # announced by its president
            ("Microsoft", "announcement", "positive", None, "Thursday", "Brad Smith", PRESIDENT,
             D1),
        ],
    ),
    "negated": (
        {},
        ("subject", "predicate", "object", "modality", "evidence", "document"),
        [
            ("IBM", "offer", "facial recognition technology", None, IBM_OFFER, D2),
            ("Microsoft", "sell", "facial recognition technology", "would", SELL, D1),
            ("Microsoft", "sell to", "US law enforcement agencies", "conditional", SELL_TO, D1),
        ],
    ),
    "hedged": (
        {},
        ("subject", "predicate", "object", "modality", "polarity", "attributedTo", "evidence",
         "document"),
        [
            ("Microsoft", "sell", "facial recognition technology", "would", "negative",
             "Microsoft", SELL, D1),
            ("Microsoft", "sell to", "US law enforcement agencies", "conditional", "negative",
             "Brad Smith", SELL_TO, D1),
            ("ban", "encourage", "action", "could", "positive", "Fight for the Future", BANS, D1),
        ],
    ),
    "quotes": (
        {},
        ("saidBy", "quote", "document"),
        [
            ("Brad Smith", QUOTE_SELL, D1),
            ("Brad Smith", QUOTE_BOTTOM_LINE, D1),
            (None, QUOTE_STUNT, D1),
            ("Evan Greer", QUOTE_TOXIC, D1),
        ],
    ),
    "quotes-by": (
        {"speaker": "Smith"},
        ("saidBy", "quote", "document", "speaker"),
        [
            ("Brad Smith", QUOTE_SELL, D1, "smith"),
            ("Brad Smith", QUOTE_BOTTOM_LINE, D1, "smith"),
        ],
    ),
    "roles": (
        {},
        ("person", "role", "organization", "documents"),
        [
            ("Arvind Krishna", "chief executive of", "IBM", "1"),
            ("Brad Smith", "president of", "Microsoft", "1"),
            ("Evan Greer", "deputy director of", "Fight for the Future", "1"),
        ],
    ),
    "most-mentioned": (
        {},
        ("name", "type", "documents"),
        [
            ("Amazon", "Organization", "2"),
            ("IBM", "Organization", "2"),
            ("Microsoft", "Organization", "2"),
            ("Arvind Krishna", "Person", "1"),
            ("Brad Smith", "Person", "1"),
            ("Evan Greer", "Person", "1"),
            ("Fight for the Future", "Organization", "1"),
            ("Recognition", "Product", "1"),
            ("Washington Post", "Organization", "1"),
        ],
    ),
    "central": (
        {},
        ("name", "type", "pageRank", "degree", "documents", "community"),
        [
            ("Microsoft", "Organization", "0.16", "5", "2", "0"),
            ("Fight for the Future", "Organization", "0.11", "3", "1", "2"),
            ("Amazon", "Organization", "0.09", "2", "2", "1"),
            ("IBM", "Organization", "0.08", "2", "2", "1"),
            ("Brad Smith", "Person", "0.07", "2", "1", "0"),
            ("Arvind Krishna", "Person", "0.05", "1", "1", "1"),
            ("Evan Greer", "Person", "0.05", "1", "1", "2"),
            ("Recognition", "Product", "0.03", "0", "1", "1"),
            ("Washington Post", "Organization", "0.03", "0", "1", "3"),
        ],
    ),
    "about": (
        {"label": "brad smith"},
        ("entity", "subject", "relation", "object", "polarity", "modality", "document", "label"),
        [
            (BRAD_SMITH, "Brad Smith", "also called", "Smith", None, None, None, "brad smith"),
            (BRAD_SMITH, "Brad Smith", "announce", "announcement", "positive", None, D1,
             "brad smith"),
            (BRAD_SMITH, "Brad Smith", "president of", "Microsoft", "positive", None, D1,
             "brad smith"),
            (BRAD_SMITH, "Brad Smith", "said", QUOTE_BOTTOM_LINE, None, None, D1, "brad smith"),
            (BRAD_SMITH, "Brad Smith", "said", QUOTE_SELL, None, None, D1, "brad smith"),
            (BRAD_SMITH, "Brad Smith", "type", "Person", None, None, None, "brad smith"),
        ],
    ),
    "evidence": (
        {"label": "Microsoft"},
        ("entity", "subject", "predicate", "object", "polarity", "modality", "evidence",
         "document", "startChar", "endChar", "label"),
        [
            (MICROSOFT, "Microsoft", "announce", "ban", "positive", None, MS_BAN, D2, "214",
             "292", "microsoft"),
            (MICROSOFT, "Microsoft", "sell", "facial recognition technology", "negative", "would",
             SELL, D1, "0", "171", "microsoft"),
            (MICROSOFT, "Brad Smith", "president of", "Microsoft", "positive", None, PRESIDENT, D1,
             "173", "289", "microsoft"),
            (MICROSOFT, "Microsoft", "sell to", "US law enforcement agencies", "negative",
             "conditional", SELL_TO, D1, "291", "456", "microsoft"),
        ],
    ),
    "co-mentions": ({}, ("entity1", "entity2", "documents"), _co_mention_rows()),
    "claims": (
        {},
        ("saidBy", "subject", "predicate", "object", "polarity", "modality", "evidence",
         "document"),
        [
            ("Brad Smith", "Microsoft", "sell to", "US law enforcement agencies", "negative",
             "conditional", SELL_TO, D1),
            ("Fight for the Future", "ban", "encourage", "action", "positive", "could", BANS, D1),
            ("Microsoft", "Microsoft", "sell", "facial recognition technology", "negative",
             "would", SELL, D1),
        ],
    ),
    "claims-by": (
        {"speaker": "Fight for the Future"},
        ("saidBy", "subject", "predicate", "object", "polarity", "modality", "evidence",
         "document", "speaker"),
        [
            ("Fight for the Future", "ban", "encourage", "action", "positive", "could", BANS, D1,
             "fight for the future"),
        ],
    ),
    "documents": (
        {},
        ("document", "headline", "date", "facts", "quotes", "entities"),
        [  # most facts first
            (D1, "Microsoft bans police from using its facial recognition technology",
             "2020-06-11", "8", "4", "15"),
            (D2, "Amazon pauses police use of Rekognition", None, "4", "0", "8"),
        ],
    ),
}  # fmt: skip

SHIPPED = list_queries()
# Queries without ORDER BY: their rows come in the store's order, which differs between stores.
UNORDERED = {"negated", "hedged", "claims", "quotes", "claims-by", "quotes-by"}


def _in_order(name: str, rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: tuple(v or "" for v in row)) if name in UNORDERED else rows


def _ids(info: QueryInfo) -> str:
    return info.name


@pytest.fixture(scope="module")
def graph(small_graph_on_each_store: Graph) -> Graph:
    # Every pair counts on two documents, so pairs in one document are kept too.
    add_aggregates(small_graph_on_each_store, min_documents=1)
    return small_graph_on_each_store


def test_queries_at_least_eight_shipped_each_with_expected_rows() -> None:
    names = {info.name for info in SHIPPED}
    assert len(names) >= 8
    assert names == set(EXPECTED), "add the expected rows of a new query to EXPECTED"


@pytest.mark.parametrize("info", SHIPPED, ids=_ids)
def test_query_header_documents_purpose_params_and_example(info: QueryInfo) -> None:
    text = info.path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[0].startswith("# purpose: ") and len(info.purpose) > 10
    params = (
        r"# params: (none|\?\w+( \((any case|required|any case, required)\))? — .+|LIMIT \d+ — .+)$"
    )
    assert any(re.match(params, line) for line in header)
    assert info.example is not None and info.example.startswith(f"kg query {info.name}")
    for param in info.params:
        assert param.description, f"?{param.name} needs a meaning"
        assert f"{param.name}=" in info.example or len(info.params) > 1


@pytest.mark.parametrize("info", SHIPPED, ids=_ids)
def test_query_parses_as_select_with_params_selected(info: QueryInfo) -> None:
    loaded = load_query(info.name)
    assert loaded.kind == "SELECT"
    assert loaded.params == info.params
    assert loaded.source == str(info.path)


@pytest.mark.parametrize("info", SHIPPED, ids=_ids)
def test_query_returns_known_rows_on_small_graph(info: QueryInfo, graph: Graph) -> None:
    params, variables, rows = EXPECTED[info.name]
    result = run_query(graph, load_query(info.name), params)
    assert result.vars == variables
    assert _in_order(info.name, list(result.rows)) == _in_order(info.name, rows)


@pytest.mark.parametrize(
    ("name", "params", "column", "expected"),
    [
        # a name, an alias or one word of one, in any case, picks the speaker
        ("quotes-by", {"speaker": "SMITH"}, "quote", [QUOTE_SELL, QUOTE_BOTTOM_LINE]),
        ("quotes-by", {"speaker": "Evan Greer"}, "quote", [QUOTE_TOXIC]),
        ("quotes-by", {"speaker": "greer"}, "quote", [QUOTE_TOXIC]),
        ("quotes-by", {"speaker": "Nobody"}, "quote", []),
        ("quotes-by", {"speaker": "Smi"}, "quote", []),  # a whole word, not any substring
        ("claims-by", {"speaker": "fight for the future"}, "predicate", ["encourage"]),
        ("claims-by", {"speaker": "FUTURE"}, "predicate", ["encourage"]),
        ("claims-by", {"speaker": "Smith"}, "predicate", ["sell to"]),
        ("claims-by", {"speaker": "microsoft"}, "predicate", ["sell"]),
        # the entity by an alias, in any case
        ("about", {"label": "SMITH"}, "relation",
         ["also called", "announce", "president of", "said", "said", "type"]),
        ("evidence", {"label": "frt"}, "subject", ["IBM", "Microsoft"]),
        ("evidence", {"label": "Nobody"}, "predicate", []),
    ],
)  # fmt: skip
def test_query_params_select_rows(
    graph: Graph, name: str, params: dict[str, str], column: str, expected: list[str]
) -> None:
    result = run_query(graph, load_query(name), params)
    index = result.vars.index(column)
    found = [str(row[index]) for row in result.rows]
    if name in UNORDERED:
        found, expected = sorted(found), sorted(expected)
    assert found == expected


@pytest.mark.parametrize(
    ("subject", "predicate", "object_", "asserted"),
    [
        ("organization/microsoft", "sell", "concept/facial-recognition-technology", False),
        ("concept/ban", "encourage", "concept/action", False),
        ("organization/amazon", "ban", "concept/police", True),
    ],
)
def test_query_only_positive_unhedged_facts_are_plain_triples(
    graph: Graph, subject: str, predicate: str, object_: str, asserted: bool
) -> None:
    # The queries read negated and hedged facts from Statements: the graph never asserts them.
    query = load_query("# params: ?s — subject; ?p — predicate; ?o — object\nASK { ?s ?p ?o }")
    entity = "https://w3id.org/kg/entity/"
    params = {
        "s": entity + subject,
        "p": f"https://w3id.org/kg/rel/{predicate}",
        "o": entity + object_,
    }
    assert run_query(graph, query, params).boolean is asserted


def test_materialised_aggregates_conform_to_the_shapes(small_graph: Graph) -> None:
    from kg.ontology import validate

    graph = Graph()
    graph += small_graph
    assert add_aggregates(graph) > 0
    conforms, report = validate(graph)
    assert conforms, report
