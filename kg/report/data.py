"""Report stage, data half: a kg graph -> a `Report`, the rows the build report shows.

The report reads about twenty properties of statements, entities, quotes and documents on
Oxigraph's engine (the build's graph lives there; any other graph is copied in once), as
analyze.py does, through kg.report.facts: only what the rows show, so on a corpus most of a
million quads never become Python strings.
The selection logic is that of queries/negated.rq, hedged.rq, quotes.rq, central.rq and
documents.rq. Every list is sorted here, so both renderers are deterministic.
Must not import spaCy, pyvis or any build stage but analyze, store and vocab.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import repeat
from operator import itemgetter

from rdflib import RDF, SDO, Graph

from kg import analyze, metrics
from kg.report.facts import Facts
from kg.report.rows import CentralEntity, Claim, CommunityRow, DocumentRow, Report, SpeakerQuotes
from kg.store import oxigraph_of
from kg.vocab import KG

_STATEMENT, _QUOTATION, _ARTICLE = str(RDF.Statement), str(SDO.Quotation), str(SDO.NewsArticle)
_NEGATIVE = str(KG.Negative)
_CONCEPT = "Concept"
_CLAIM_KEYS = ("subject", "predicate", "object", "evidence")
MEMBERS_SHOWN = 8  # members named per community; the rest are counted
MEMBER_LABEL = 60  # characters of a member's name shown: concepts can be whole clauses


def _tail(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def _number(text: str, default: float = 0.0) -> float:
    try:
        return float(text) if text else default
    except ValueError:
        return default


def to_report(graph: Graph, *, top: int = 15, sentences: int | None = None) -> Report:
    """Collect the rows of the build report from a kg graph.

    Args:
        graph: a graph in kg's data model (docs/data-model.md), analytics materialised or not.
        top: how many central entities and communities to keep.
        sentences: the corpus's sentence count, when the caller knows it.

    >>> to_report(Graph()).statements
    0
    """
    facts = Facts(oxigraph_of(graph))
    types: dict[str, str] = {}
    for cls, kind in reversed(analyze.TYPE_BY_CLASS.items()):  # the first-ranked kind wins
        types.update(dict.fromkeys(facts.typed(cls), kind))
    statements, quotes = facts.typed(_STATEMENT), facts.typed(_QUOTATION)
    negative, hedged = _negative_and_hedged(facts, statements)
    docs = _document_names(facts)
    rank_source, ranking, degree = _ranking(graph, facts)
    reader = _Reader(facts, types, docs)
    return Report(
        documents=_documents(facts, docs, (statements, negative, hedged, quotes)),
        sentences=sentences,
        evidence_sentences=_sentences(facts, statements),
        entities_by_type=tuple(sorted(Counter(types.values()).items())),
        statements=len(statements),
        positive=len(statements) - len(negative) - len(hedged),
        negative=len(negative),
        hedged=len(hedged),
        quotes=len(quotes),
        central=_central(reader, ranking, degree, top),
        rank_source=rank_source,
        communities=_communities(reader, ranking, top),
        community_count=len({c for _, c in ranking.values() if c is not None}),
        negated=reader.claims(negative),
        hedged_claims=reader.claims(hedged),
        speakers=reader.speakers(quotes),
    )


def _negative_and_hedged(facts: Facts, statements: list[str]) -> tuple[list[str], list[str]]:
    # As analyze.to_networkx: negative wins, then any modality makes a positive fact hedged.
    known = set(statements)
    negative = [st for st in facts.subjects_of("polarity", _NEGATIVE) if st in known]
    negated = set(negative)
    hedged = [
        st for st, m in facts.values("modality").items() if m and st in known and st not in negated
    ]
    return negative, hedged


def _sentences(facts: Facts, statements: list[str]) -> int:
    # Distinct (document, start) pairs: the sentences at least one statement was read from.
    sources = map(facts.values("source").get, statements, repeat(""))
    starts = map(facts.values("start").get, statements, repeat(""))
    return len(set(zip(sources, starts, strict=True)))


def _document_names(facts: Facts) -> dict[str, str]:
    # Documents are typed, or at least cited as a source; named as queries/*.rq name them.
    iris = set(facts.typed(_ARTICLE)) | set(facts.values("source").values())
    return {
        iri: facts.one("path", iri) or facts.one("name", iri) or _tail(iri) for iri in sorted(iris)
    }


def _documents(
    facts: Facts, docs: dict[str, str], nodes: tuple[list[str], ...]
) -> tuple[DocumentRow, ...]:
    source = facts.values("source")
    statements, negative, hedged, quotes = (
        Counter(map(source.get, group, repeat(""))) for group in nodes
    )
    mentions = facts.mentions()
    rows = [
        DocumentRow(
            name, facts.one("headline", iri), facts.one("date", iri), statements[iri],
            negative[iri], hedged[iri], quotes[iri], mentions.get(iri, 0),
        )
        for iri, name in docs.items()
    ]  # fmt: skip
    return tuple(sorted(rows, key=lambda d: (d.name, d.headline)))


_Ranking = dict[str, tuple[float, int | None]]  # iri -> (PageRank, community)


def _ranking(graph: Graph, facts: Facts) -> tuple[str, _Ranking, Callable[[str], int]]:
    # The build materialises the analytics; a graph without them is ranked here, the same way.
    # Degrees are shown for the few central entities only, so they are looked up, not read.
    if pagerank := facts.values("pagerank"):
        community = facts.values("community")
        return (
            "materialised",
            {
                iri: (_number(rank), int(_number(c)) if (c := community.get(iri)) else None)
                for iri, rank in pagerank.items()
            },
            lambda iri: int(_number(facts.lookup(iri, ("degree",))[0])),
        )
    g = analyze.to_networkx(graph)
    ranks = metrics.pagerank(g)
    number = {n: i for i, members in enumerate(metrics.communities(g)) for n in members}
    return "computed", {n: (ranks[n], number.get(n)) for n in g.nodes}, lambda n: int(g.degree(n))


class _Reader:
    """Turns IRIs into what a reader sees: labels, types, document names, sorted rows."""

    def __init__(self, facts: Facts, types: dict[str, str], docs: dict[str, str]) -> None:
        self.facts, self.types, self.docs = facts, types, docs
        self.labels, self.sources = facts.values("label"), facts.values("source")

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _tail(iri) if iri else ""

    def type(self, iri: str) -> str:
        return self.types.get(iri, analyze.UNTYPED)

    def doc(self, node: str) -> str:
        return self.docs.get(self.sources.get(node, ""), "")

    def start(self, node: str) -> int:
        return int(_number(self.facts.one("start", node)))

    def documents(self, iri: str) -> int:
        """Return in how many documents an entity is mentioned."""
        [count] = self.facts.lookup(iri, ("doc_count",))
        try:
            return int(float(count))
        except ValueError:  # not materialised: counted from the documents' mentions
            return self.facts.mentioning(iri)

    def claims(self, statements: Iterable[str]) -> tuple[Claim, ...]:
        modality, said_by = self.facts.values("modality"), self.facts.values("said_by")
        label, claims = self.label, []
        for st in statements:
            s, p, o, evidence = self.facts.lookup(st, _CLAIM_KEYS)
            s, p, o, doc = label(s), label(p), label(o), self.doc(st)
            claim = Claim(s, p, o, modality.get(st, ""), label(said_by.get(st, "")), evidence, doc)
            claims.append(((doc, self.start(st), s, p, o, st), claim))
        claims.sort(key=itemgetter(0))
        return tuple(claim for _, claim in claims)

    def speakers(self, quotes: Iterable[str]) -> tuple[SpeakerQuotes, ...]:
        by_speaker: dict[str, list[str]] = defaultdict(list)
        for q in quotes:
            by_speaker[self.facts.one("creator", q)].append(q)
        groups = []
        for who, qs in by_speaker.items():
            qs.sort(key=lambda q: (self.doc(q), self.start(q), q))
            texts = tuple((self.facts.one("text", q), self.doc(q)) for q in qs)
            kind = self.type(who) if who else ""
            groups.append((who, SpeakerQuotes(self.label(who), kind, texts)))
        # Most quoted first; the unknown speaker last whatever its count.
        groups.sort(key=lambda g: (g[0] == "", -len(g[1].quotes), g[1].label.casefold(), g[0]))
        return tuple(group for _, group in groups)


def _central(
    reader: _Reader, ranking: _Ranking, degree: Callable[[str], int], top: int
) -> tuple[CentralEntity, ...]:
    named = [iri for iri in ranking if reader.type(iri) != _CONCEPT]  # as queries/central.rq
    best = heapq.nsmallest(
        max(top, 0), named, key=lambda i: (-ranking[i][0], reader.label(i).casefold(), i)
    )
    return tuple(
        CentralEntity(
            reader.label(iri), reader.type(iri), ranking[iri][0], degree(iri),
            reader.documents(iri),
        )
        for iri in best
    )  # fmt: skip


def _communities(reader: _Reader, ranking: _Ranking, top: int) -> tuple[CommunityRow, ...]:
    members: dict[int, list[str]] = defaultdict(list)
    for iri, (_, number) in ranking.items():
        if number is not None:
            members[number].append(iri)
    # A lone entity is not a group worth reading about; only the biggest groups are shown,
    # so only their members are ranked.
    groups = [(number, iris) for number, iris in members.items() if len(iris) >= 2]
    groups = heapq.nsmallest(max(top, 0), groups, key=lambda g: (-len(g[1]), g[0]))
    rows = []
    for number, iris in groups:
        # Named members first: "Gordon Brown, Tony Blair" tells a reader more than "issue".
        best = heapq.nsmallest(
            MEMBERS_SHOWN,
            iris,
            key=lambda i: (
                reader.type(i) == _CONCEPT,
                -ranking[i][0],
                reader.label(i).casefold(),
                i,
            ),
        )
        shown = tuple((reader.label(i), reader.type(i)) for i in best)
        rows.append(CommunityRow(number, len(iris), shown))
    return tuple(rows)
