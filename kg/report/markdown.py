"""Report stage: a `Report` -> report.md, Markdown that reads as plain text too.

Every string from a document goes through `escape_md`, so no name or sentence can end a table
row, open a link or reach a Markdown renderer as HTML. Must not import spaCy or pyvis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Graph

from kg.report.data import MEMBER_LABEL, to_report
from kg.report.rows import Claim, Report
from kg.report.text import escape_md

TITLE = "kg build report"


def render_report_md(graph: Graph, *, top: int = 15, sentences: int | None = None) -> bytes:
    """Render the build report of a graph as Markdown; the same graph gives the same bytes.

    Args:
        graph: a graph in kg's data model.
        top: how many central entities and communities to list.
        sentences: the corpus's sentence count, shown when given (the graph lacks it).

    >>> render_report_md(Graph()).startswith(b"# kg build report")
    True
    """
    return render_markdown(to_report(graph, top=top, sentences=sentences))


def render_markdown(report: Report) -> bytes:
    """Render collected report rows as Markdown (UTF-8, ending in a newline)."""
    lines = [f"# {TITLE}", "", "[Open the interactive graph](graph.html)", ""]
    for section in (_summary, _central, _communities, _negated, _hedged, _quotes, _documents):
        lines += section(report)
        lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def _table(header: Sequence[str], align: str, rows: Iterable[Sequence[object]]) -> list[str]:
    # align: one letter per column, "l" or "r"; cells are already escaped or numbers.
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(r: Report) -> list[str]:
    rows: list[tuple[str, object]] = [("documents", len(r.documents))]
    if r.sentences is not None:
        rows.append(("sentences", r.sentences))
    rows += [
        ("sentences that gave a statement", r.evidence_sentences),
        ("entities", sum(n for _, n in r.entities_by_type)),
        ("statements", r.statements),
        ("… positive (asserted as plain facts)", r.positive),
        ("… negative", r.negative),
        ("… hedged or reported", r.hedged),
        ("quotes", r.quotes),
    ]
    out = ["## Corpus summary", ""] + _table(("", "count"), "lr", rows)
    out += ["", "### Entities by type", ""]
    if not r.entities_by_type:
        return out + ["No entities."]
    return out + _table(("type", "entities"), "lr", r.entities_by_type)


def _central(r: Report) -> list[str]:
    how = "as materialised by the build" if r.rank_source == "materialised" else "computed here"
    out = [
        "## Most central entities",
        "",
        f"Named entities by PageRank over every statement ({how}); concepts are left out. "
        "Degree counts the statements an entity takes part in; documents, the articles that "
        "mention it.",
        "",
    ]
    if not r.central:
        return out + ["No entities."]
    rows = (
        (i, escape_md(c.label), c.type, f"{c.pagerank:.4f}", c.degree, c.documents)
        for i, c in enumerate(r.central, 1)
    )
    return out + _table(("#", "entity", "type", "PageRank", "degree", "documents"), "rllrrr", rows)


def _communities(r: Report) -> list[str]:
    out = [
        "## Communities",
        "",
        f"{r.community_count} {'community' if r.community_count == 1 else 'communities'} "
        "found by Louvain over the statements; "
        "the largest with two or more members; named members first, by PageRank.",
        "",
    ]
    if not r.communities:
        return out + ["No community with two or more members."]
    rows = []
    for c in r.communities:
        names = ", ".join(f"{escape_md(label, MEMBER_LABEL)} ({kind})" for label, kind in c.members)
        if c.size > len(c.members):
            names += f" and {c.size - len(c.members)} more"
        rows.append((c.number, c.size, names))
    return out + _table(("community", "members", "top members"), "rrl", rows)


_CLAIM_HEADER = (
    "#",
    "subject",
    "relation",
    "object",
    "modality",
    "said by",
    "evidence",
    "document",
)


def _claim_rows(claims: Sequence[Claim], negated: bool) -> list[str]:
    # "not sell" in the relation column: a reader skimming the table must not see "sell".
    not_ = "not " if negated else ""
    rows = (
        (
            i,
            escape_md(c.subject),
            not_ + escape_md(c.relation),
            escape_md(c.object),
            escape_md(c.modality),
            escape_md(c.said_by),
            escape_md(c.evidence),
            escape_md(c.document),
        )
        for i, c in enumerate(claims, 1)
    )
    return _table(_CLAIM_HEADER, "rlllllll", rows)


def _negated(r: Report) -> list[str]:
    out = [
        "## Negated commitments",
        "",
        "Every statement the text makes in the negative (“will not sell”, “did not confirm”), "
        "with its modality when it has one. None of these is asserted as a fact in the graph.",
        "",
    ]
    return out + (_claim_rows(r.negated, True) if r.negated else ["No negated statement."])


def _hedged(r: Report) -> list[str]:
    out = [
        "## Hedged and reported claims",
        "",
        "Positive statements made with a modality (would, could, may, should, …), under a "
        "condition, or only on someone's word (reported). None is asserted as a fact.",
        "",
    ]
    return out + (_claim_rows(r.hedged_claims, False) if r.hedged_claims else ["No hedged claim."])


def _quotes(r: Report) -> list[str]:
    out = ["## Quotes by speaker", ""]
    if not r.speakers:
        return out + ["No quotes."]
    for speaker in r.speakers:
        name = (
            f"{escape_md(speaker.label)} ({speaker.type})" if speaker.label else "Unknown speaker"
        )
        out += [f"### {name}: {_plural(len(speaker.quotes), 'quote')}", ""]
        out += [f"- “{escape_md(text)}” ({escape_md(doc)})" for text, doc in speaker.quotes]
        out.append("")
    return out[:-1]


def _documents(r: Report) -> list[str]:
    out = ["## Documents", ""]
    if not r.documents:
        return out + ["No documents."]
    header = (
        "document",
        "headline",
        "date",
        "statements",
        "negated",
        "hedged",
        "quotes",
        "entities",
    )
    rows = (
        (
            escape_md(d.name),
            escape_md(d.headline),
            escape_md(d.date),
            d.statements,
            d.negative,
            d.hedged,
            d.quotes,
            d.entities,
        )
        for d in r.documents
    )
    return out + _table(header, "lllrrrrr", rows)
