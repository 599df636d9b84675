"""Tests of kg.report: the build report in Markdown and HTML, from hand-built graphs.

`build_graph` writes a small graph in kg's data model (docs/data-model.md): two documents, a
commitment negated with "would", a negated fact without modality, a hedged claim, a role,
quotes by two speakers and one by nobody known. The browser test opens the HTML twin in
Debian's Chromium with every non-file request aborted.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pyoxigraph as ox
import pytest
from markdown_it import MarkdownIt
from rdflib import PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, Literal, URIRef

from kg.analyze import analytics_triples
from kg.rdf import new_graph
from kg.report import render_report_html, render_report_md, to_report
from kg.report.facts import Facts
from kg.report.html import claim_rows
from kg.report.rows import Claim
from kg.report.text import clean, escape_md
from kg.vocab import KG, document_iri, entity_iri, quote_iri, relation_iri, statement_iri

CLASSES = {
    "organization": SDO.Organization,
    "person": SDO.Person,
    "concept": SKOS.Concept,
    "group": KG.Group,
}
MS_SENTENCE = "Microsoft announced that it would not sell facial recognition technology to police."
AMAZON_SENTENCE = "Amazon did not confirm the moratorium."
HEDGED_SENTENCE = "Fight for the Future said Amazon may extend the moratorium."


class Builder:
    """Add documents, entities, statements and quotes to a graph in kg's data model."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.count = 0

    def document(self, doc_id: str, headline: str, date: str | None = None) -> None:
        d = document_iri(doc_id)
        self.graph.add((d, RDF.type, SDO.NewsArticle))
        self.graph.add((d, SDO.name, Literal(headline)))
        self.graph.add((d, SDO.headline, Literal(headline)))
        self.graph.add((d, KG.sourcePath, Literal(f"seeds/{doc_id}")))
        if date:
            self.graph.add((d, SDO.datePublished, Literal(date, datatype=XSD.date)))

    def entity(self, eid: str, label: str, *docs: str) -> URIRef:
        iri = entity_iri(eid)
        self.graph.add((iri, RDF.type, CLASSES[eid.split("/")[0]]))
        self.graph.add((iri, RDFS.label, Literal(label)))
        self.graph.add((iri, KG.documentCount, Literal(len(docs))))
        for doc in docs:
            self.graph.add((document_iri(doc), SDO.mentions, iri))
        return iri

    def statement(
        self,
        doc: str,
        subject: str,
        predicate: str,
        obj: str,
        evidence: str,
        *,
        negative: bool = False,
        modality: str | None = None,
        said_by: str | None = None,
        role: bool = False,
    ) -> None:
        self.count += 1
        g, p = self.graph, relation_iri(predicate)
        s, o = entity_iri(subject), entity_iri(obj)
        st = statement_iri(doc, self.count, subject, predicate, obj)
        g.add((p, RDF.type, RDF.Property))
        g.add((p, RDF.type, KG.Relation))
        g.add((p, RDFS.label, Literal(predicate)))
        if role:
            g.add((p, RDFS.subPropertyOf, SDO.affiliation))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, document_iri(doc)))
        g.add((st, KG.evidence, Literal(evidence)))
        g.add((st, KG.startChar, Literal(self.count * 100)))
        g.add((st, KG.endChar, Literal(self.count * 100 + len(evidence))))
        g.add((st, KG.extractor, Literal("test")))
        g.add((st, KG.confidence, Literal(Decimal("0.8"), datatype=XSD.decimal)))
        g.add((st, KG.polarity, KG.Negative if negative else KG.Positive))
        if modality:
            g.add((st, KG.modality, Literal(modality)))
        if said_by:
            g.add((st, KG.attributedTo, entity_iri(said_by)))
        if not negative and not modality:
            g.add((s, p, o))

    def quote(self, doc: str, start: int, text: str, speaker: str | None) -> None:
        q = quote_iri(doc, start, start + len(text))
        self.graph.add((q, RDF.type, SDO.Quotation))
        self.graph.add((q, SDO.text, Literal(text)))
        self.graph.add((q, PROV.wasDerivedFrom, document_iri(doc)))
        self.graph.add((q, KG.startChar, Literal(start)))
        if speaker:
            self.graph.add((q, SDO.creator, entity_iri(speaker)))


def build_graph(graph: Graph | None = None, *, analytics: bool = True) -> Graph:
    """Return the two-document test graph, with kg:pageRank & co. materialised or not."""
    b = Builder(graph if graph is not None else new_graph())
    b.document("a.txt", "Microsoft halts sales to police", "2020-06-11")
    b.document("b.txt", "Amazon pauses police use")
    b.entity("organization/microsoft", "Microsoft", "a.txt", "b.txt")
    b.entity("person/brad-smith", "Brad Smith", "a.txt")
    b.entity("organization/amazon", "Amazon", "b.txt")
    b.entity("organization/fight-for-the-future", "Fight for the Future", "b.txt")
    b.entity("person/evan-greer", "Evan Greer", "b.txt")
    b.entity("concept/facial-recognition-technology", "facial recognition technology", "a.txt")
    b.entity("concept/moratorium", "moratorium", "b.txt")
    b.statement(
        "a.txt", "organization/microsoft", "sell", "concept/facial-recognition-technology",
        MS_SENTENCE, negative=True, modality="would", said_by="organization/microsoft",
    )  # fmt: skip
    b.statement(
        "a.txt", "person/brad-smith", "president of", "organization/microsoft",
        "Microsoft President Brad Smith spoke.", role=True,
    )  # fmt: skip
    b.statement(
        "b.txt", "organization/amazon", "announce", "concept/moratorium",
        "Amazon announced a moratorium.",
    )  # fmt: skip
    b.statement(
        "b.txt", "organization/amazon", "confirm", "concept/moratorium", AMAZON_SENTENCE,
        negative=True,
    )  # fmt: skip
    b.statement(
        "b.txt", "organization/amazon", "extend", "concept/moratorium", HEDGED_SENTENCE,
        modality="may", said_by="organization/fight-for-the-future",
    )  # fmt: skip
    b.quote("a.txt", 10, "We will not sell it.", "person/brad-smith")
    b.quote("a.txt", 50, "Human rights come first.", "person/brad-smith")
    b.quote("b.txt", 20, "It is a PR stunt.", "person/evan-greer")
    b.quote("b.txt", 90, "Nobody knows who said this.", None)
    if analytics:
        for triple in analytics_triples(b.graph):
            b.graph.add(triple)
    return b.graph


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph()


@pytest.fixture(scope="module")
def md(graph: Graph) -> str:
    return render_report_md(graph, sentences=12).decode("utf-8")


def section(text: str, title: str) -> str:
    """Return the Markdown between `## title` and the next `## ` heading."""
    after = text.split(f"\n## {title}\n", 1)[1]
    return after.split("\n## ", 1)[0]


def test_report_md_summary_counts_documents_statements_and_quotes(md: str) -> None:
    summary = section(md, "Corpus summary")
    for row in (
        "| documents | 2 |", "| sentences | 12 |", "| statements | 5 |",
        "| … positive (asserted as plain facts) | 2 |", "| … negative | 2 |",
        "| … hedged or reported | 1 |", "| quotes | 4 |", "| entities | 7 |",
        "| Concept | 2 |", "| Organization | 3 |", "| Person | 2 |",
    ):  # fmt: skip
        assert row in summary.splitlines(), row


def test_report_md_without_sentences_leaves_the_row_out(graph: Graph) -> None:
    assert "| sentences |" not in render_report_md(graph).decode()


def test_report_md_lists_every_negated_commitment_with_modality_and_evidence(md: str) -> None:
    rows = [
        line for line in section(md, "Negated commitments").splitlines() if re.match(r"\| \d", line)
    ]
    assert rows == [
        "| 1 | Microsoft | not sell | facial recognition technology | would | Microsoft | "
        f"{MS_SENTENCE} | seeds/a.txt |",
        f"| 2 | Amazon | not confirm | moratorium |  |  | {AMAZON_SENTENCE} | seeds/b.txt |",
    ]


def test_report_md_hedged_claims_hold_positive_facts_with_modality_only(md: str) -> None:
    hedged = section(md, "Hedged and reported claims")
    assert (
        "| 1 | Amazon | extend | moratorium | may | Fight for the Future | "
        f"{HEDGED_SENTENCE} | seeds/b.txt |"
    ) in hedged.splitlines()
    assert "| 2 |" not in hedged and "not sell" not in hedged and "announce" not in hedged


def test_report_md_groups_quotes_by_speaker_most_quoted_first_unknown_last(md: str) -> None:
    quotes = section(md, "Quotes by speaker")
    headings = re.findall(r"^### (.*)$", quotes, flags=re.M)
    assert headings == ["Brad Smith (Person): 2 quotes", "Evan Greer (Person): 1 quote",
                        "Unknown speaker: 1 quote"]  # fmt: skip
    brad = quotes.split("### Brad Smith", 1)[1].split("###", 1)[0]
    assert "- “We will not sell it.” (seeds/a.txt)" in brad
    assert "- “Human rights come first.” (seeds/a.txt)" in brad
    assert "PR stunt" not in brad


def test_report_md_central_entities_leave_concepts_out_and_count_documents(md: str) -> None:
    central = section(md, "Most central entities")
    assert "as materialised by the build" in central
    names = [line.split(" | ")[1] for line in central.splitlines() if re.match(r"\| \d", line)]
    assert set(names) == {"Microsoft", "Brad Smith", "Amazon", "Fight for the Future",
                          "Evan Greer"}  # fmt: skip
    assert re.search(
        r"^\| \d \| Microsoft \| Organization \| 0\.\d{4} \| 2 \| 2 \|$", central, re.M
    )


def test_report_md_documents_table_counts_facts_per_document(md: str) -> None:
    docs = section(md, "Documents").splitlines()
    assert (
        "| seeds/a.txt | Microsoft halts sales to police | 2020-06-11 | 2 | 1 | 0 | 2 | 3 |" in docs
    )
    assert "| seeds/b.txt | Amazon pauses police use |  | 3 | 1 | 1 | 2 | 5 |" in docs


def test_report_md_communities_name_members_with_types(md: str) -> None:
    communities = section(md, "Communities")
    assert re.search(r"^\| 0 \| \d+ \| .*Microsoft \(Organization\)", communities, re.M)
    assert "Brad Smith (Person)" in communities


def test_report_top_limits_central_entities_and_communities(graph: Graph) -> None:
    report = to_report(graph, top=1)
    assert len(report.central) == 1 and len(report.communities) == 1
    assert report.central[0].pagerank == max(c.pagerank for c in to_report(graph).central)


def test_report_ranks_the_same_entities_when_analytics_are_not_materialised() -> None:
    computed, materialised = to_report(build_graph(analytics=False)), to_report(build_graph())
    assert computed.rank_source == "computed" and materialised.rank_source == "materialised"
    assert [c.label for c in computed.central] == [c.label for c in materialised.central]
    assert computed.community_count == materialised.community_count


def test_report_is_deterministic_and_store_independent(graph: Graph) -> None:
    md1, html1 = render_report_md(graph), render_report_html(graph)
    assert md1 == render_report_md(graph) and html1 == render_report_html(graph)
    memory = build_graph(Graph())  # rdflib's own store, not Oxigraph: same bytes
    assert render_report_md(memory) == md1 and render_report_html(memory) == html1
    assert md1.endswith(b"\n") and html1.endswith(b"\n")


def test_report_of_an_empty_graph_says_so() -> None:
    text = render_report_md(new_graph()).decode()
    for line in ("No negated statement.", "No hedged claim.", "No quotes.", "No documents."):
        assert line in text
    assert b"No negated statement." in render_report_html(new_graph())


# ---- hostile text ---------------------------------------------------------------------------

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "a | b || c",
    "*bold* _it_ `code` ~~s~~ [link](javascript:alert(1)) $x$ &lt;b&gt;",
    "line one\nline two\r\n| fake | row |\u2028## heading",
    "back\\slash\\|pipe",
)


def hostile_graph() -> Graph:
    """The test graph with every payload in names, relations, evidence, quotes and documents."""
    b = Builder(new_graph())
    for i, payload in enumerate(PAYLOADS):
        doc = f"d{i}.txt"
        b.document(doc, payload)
        b.entity(f"person/p{i}", payload + " person", doc)
        b.entity(f"organization/o{i}", payload + " org", doc)
        b.statement(doc, f"person/p{i}", payload + " rel", f"organization/o{i}", payload,
                    negative=True, modality="would", said_by=f"person/p{i}")  # fmt: skip
        b.statement(doc, f"organization/o{i}", payload + " hedge", f"person/p{i}", payload,
                    modality="may")  # fmt: skip
        b.quote(doc, 5, payload, f"person/p{i}")
    return b.graph


def test_report_md_escapes_document_text_so_tables_and_html_cannot_break() -> None:
    text = render_report_md(hostile_graph()).decode()
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    # No markup from the payloads: only the renderer's own tags survive.
    assert set(re.findall(r"<(/?[a-z0-9]+)", html)) <= {
        "h1", "/h1", "h2", "/h2", "h3", "/h3", "p", "/p", "a", "/a", "table", "/table",
        "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td",
        "ul", "/ul", "li", "/li",
    }  # fmt: skip
    assert html.count("<a ") == 1 and '<a href="graph.html">' in html
    assert "<h2>" in html and html.count("<h2>") == 7  # no heading injected by a payload
    shown = unescape(re.sub(r"<[^>]+>", "", html))
    for payload in PAYLOADS:  # each survives whole, as visible text on one line
        assert clean(payload) + " person" in shown and clean(payload) in shown
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in table.split("<tr>")[1:]}
        assert len(widths) == 1, widths  # every row has its header's number of cells
    negated = html.split("Negated commitments")[1].split("<h2>")[0]
    assert negated.count("<tr>") == len(PAYLOADS) + 1


def test_report_html_escapes_every_payload(graph: Graph) -> None:
    page = render_report_html(hostile_graph()).decode()
    assert "<script" not in page and "<img" not in page and 'onerror="' not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert not re.search(r"(src|href)=\"(?!graph\.html|#)", page)  # nothing to fetch


def test_clean_puts_text_on_one_line_and_cuts_it() -> None:
    assert clean("a\nb\r\nc\u2028d\x00e\tf") == "a b c d e f"
    assert len(clean("x" * 1000, limit=50)) == 50


def test_clean_keeps_one_line_text_and_folds_every_other_white_space() -> None:
    for text in ("Brad Smith", "Zürich — 2005", "a b", ""):
        assert clean(text) == text
    for text in (" a", "a ", "a  b", "a\xa0b", "a\u3000b", "a\u2029b", "a\x85b", "a\x1fb"):
        assert clean(text) == " ".join(text.replace("\x1f", " ").split()), repr(text)


def test_report_html_claim_rows_escape_as_the_template_does() -> None:
    row = Claim("a<b>", "sell", 'O\'Neil & "Co"', "may", "", "x\ny", "d.txt")
    assert str(claim_rows([row], "negative")) == (
        '\n<tr class="negative"><td class="n">1</td><td>a&lt;b&gt;</td><td class="relation">'
        "not sell</td><td>O&#39;Neil &amp; &#34;Co&#34;</td><td>may</td><td></td>"
        '<td class="evidence">x y</td><td>d.txt</td></tr>'
    )


def test_escape_md_leaves_plain_words_alone_and_escapes_markup() -> None:
    assert escape_md("Brad Smith, 54 (CEO).") == "Brad Smith, 54 (CEO)."
    assert escape_md("a|b") == "a\\|b" and escape_md("<i>") == "\\<i\\>"


def test_report_reads_the_graph_the_rdf_stage_writes() -> None:
    from kg.model import (
        Corpus,
        Document,
        Entity,
        EntityType,
        Modality,
        Polarity,
        Provenance,
        ResolvedQuote,
        Triple,
    )
    from kg.rdf import to_graph

    text = f"{MS_SENTENCE} Smith said: We will wait."
    corpus = Corpus(
        documents=(Document("ms.txt", text, "seeds/ms.txt", title="Microsoft | police"),),
        entities=(
            Entity("organization/microsoft", "Microsoft", EntityType.ORGANIZATION,
                   doc_ids=("ms.txt",)),
            Entity("person/brad-smith", "Brad Smith", EntityType.PERSON, doc_ids=("ms.txt",)),
            Entity("concept/frt", "facial recognition technology", EntityType.CONCEPT,
                   doc_ids=("ms.txt",)),
        ),
        triples=(
            Triple("organization/microsoft", "sell", "concept/frt", Provenance(
                "ms.txt", 0, len(MS_SENTENCE), MS_SENTENCE, "clauses", 0.8,
                Polarity.NEGATIVE, Modality.WOULD, attributed_to="organization/microsoft",
            )),
        ),
        quotes=(ResolvedQuote("ms.txt", len(text) - 13, len(text), "We will wait.",
                              "person/brad-smith"),),
        mentions=(("ms.txt", "organization/microsoft"), ("ms.txt", "person/brad-smith"),
                  ("ms.txt", "concept/frt")),
    )  # fmt: skip
    graph = to_graph(corpus)
    for triple in analytics_triples(graph):
        graph.add(triple)
    report = to_report(graph, sentences=2)
    assert (report.statements, report.negative, report.quotes) == (1, 1, 1)
    claim = report.negated[0]
    assert (claim.subject, claim.relation, claim.object, claim.modality, claim.said_by) == (
        "Microsoft", "sell", "facial recognition technology", "would", "Microsoft",
    )  # fmt: skip
    assert (claim.evidence, claim.document) == (MS_SENTENCE, "seeds/ms.txt")
    assert report.speakers[0].label == "Brad Smith"
    assert report.speakers[0].quotes == (("We will wait.", "seeds/ms.txt"),)
    doc = report.documents[0]
    assert (doc.headline, doc.statements, doc.negative, doc.quotes, doc.entities) == (
        "Microsoft | police", 1, 1, 1, 3,
    )  # fmt: skip
    assert report.rank_source == "materialised"
    # Both have only teleport and dangling rank: tied, so by name; the concept is left out.
    assert [c.label for c in report.central] == ["Microsoft", "Brad Smith"]


def test_report_exporters_render_the_report(graph: Graph) -> None:
    from kg.export.report_html import REPORT_HTML, REPORT_MD

    assert (REPORT_MD.name, REPORT_MD.suffix) == ("report-md", ".md")
    assert REPORT_MD.render(graph) == render_report_md(graph)
    assert REPORT_HTML.render(graph) == render_report_html(graph)
    assert REPORT_HTML.render(graph).startswith(b"<!DOCTYPE html>")


def test_report_facts_read_and_lookup_agree_on_doubled_values_and_skip_triple_terms() -> None:
    ex = "http://example.org/"
    s, p, g = ox.NamedNode(ex + "s"), ox.NamedNode(str(RDFS.label)), ox.NamedNode(ex + "g")
    store = ox.Store()
    for value in ("b", "a"):  # doubled: the smallest value is the one shown
        store.add(ox.Quad(s, p, ox.Literal(value), g))
    store.add(ox.Quad(ox.BlankNode("n1"), p, ox.Triple(s, p, ox.Literal("z")), g))
    store.add(ox.Quad(ox.BlankNode("n1"), p, ox.Literal("c"), g))
    facts = Facts(store)
    assert facts.values("label") == {ex + "s": "a", "n1": "c"}
    assert facts.lookup(ex + "s", ["label"]) == ["a"] and facts.lookup("n1", ["label"]) == ["c"]
    assert facts.lookup(ex + "missing", ["label"]) == [""]
