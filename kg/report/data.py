"""Report stage, data half: a kg graph -> a `Report`, the rows the build report shows.

The report reads about twenty properties of every statement, entity, quote and document.
It reads each one with a single pattern scan on Oxigraph's engine (the build's graph lives
there; any other graph is copied in once), as analyze.py does: on a 200-article graph that is
several times faster than the equivalent SPARQL with OPTIONALs, whose cost is mostly turning
solutions into Python. The selection logic is that of queries/negated.rq, hedged.rq, quotes.rq,
central.rq and documents.rq. Every list is sorted here, so both renderers are deterministic.
Must not import spaCy, pyvis or any build stage but analyze, store and vocab.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import PROV, RDF, RDFS, SDO, Graph

from kg import analyze, metrics
from kg.report.rows import CentralEntity, Claim, CommunityRow, DocumentRow, Report, SpeakerQuotes
from kg.store import oxigraph_of
from kg.vocab import KG

_PREDICATES: dict[str, str] = {
    k: str(v)
    for k, v in {
        "type": RDF.type, "label": RDFS.label, "pagerank": KG.pageRank, "degree": KG.degree,
        "community": KG.community, "doc_count": KG.documentCount, "mentions": SDO.mentions,
        "path": KG.sourcePath, "name": SDO.name, "headline": SDO.headline,
        "date": SDO.datePublished, "source": PROV.wasDerivedFrom, "polarity": KG.polarity,
        "modality": KG.modality, "start": KG.startChar, "subject": RDF.subject,
        "predicate": RDF.predicate, "object": RDF.object, "evidence": KG.evidence,
        "said_by": KG.attributedTo, "text": SDO.text, "creator": SDO.creator,
    }.items()
}  # fmt: skip
_STATEMENT, _QUOTATION, _ARTICLE = str(RDF.Statement), str(SDO.Quotation), str(SDO.NewsArticle)
_NEGATIVE = str(KG.Negative)
_CONCEPT = "Concept"
_TYPE_RANK = {kind: i for i, kind in enumerate(analyze.TYPE_BY_CLASS.values())}
_SPO = ("subject", "predicate", "object")
MEMBERS_SHOWN = 8  # members named per community; the rest are counted
MEMBER_LABEL = 60  # characters of a member's name shown: concepts can be whole clauses


_MULTI = frozenset({"type", "mentions", "polarity"})  # read as sets; the rest as one value


def _pairs(store: ox.Store, predicate: str) -> Iterator[tuple[str, str]]:
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
        s, o = quad.subject, quad.object
        if not isinstance(s, ox.Triple) and not isinstance(o, ox.Triple):  # no RDF-star
            yield s.value, o.value


class _Facts:
    """Subject -> object values of each wanted property, as plain strings."""

    def __init__(self, store: ox.Store) -> None:
        self.many: dict[str, dict[str, set[str]]] = {}
        self.single: dict[str, dict[str, str]] = {}
        for key, predicate in _PREDICATES.items():
            pairs = _pairs(store, predicate)
            if key in _MULTI:
                sets: dict[str, set[str]] = defaultdict(set)
                for s, o in pairs:
                    sets[s].add(o)
                self.many[key] = sets
            else:
                # The smallest value, so that a doubled property still renders the same way.
                values: dict[str, str] = {}
                for s, o in pairs:
                    if s not in values or o < values[s]:
                        values[s] = o
                self.single[key] = values

    def one(self, key: str, subject: str, default: str = "") -> str:
        return self.single[key].get(subject, default)

    def all(self, key: str, subject: str) -> set[str]:
        return self.many[key].get(subject, set())

    def subjects(self, key: str) -> Iterable[str]:
        return (self.many.get(key) or self.single[key]).keys()

    def typed(self, cls: str) -> list[str]:
        return sorted(s for s, classes in self.many["type"].items() if cls in classes)


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
    facts = _Facts(oxigraph_of(graph))
    types: dict[str, str] = {}
    for iri, classes in facts.many["type"].items():
        kinds = [analyze.TYPE_BY_CLASS[c] for c in classes if c in analyze.TYPE_BY_CLASS]
        if kinds:
            types[iri] = min(kinds, key=_TYPE_RANK.__getitem__)
    statements = facts.typed(_STATEMENT)
    category = {st: _category(facts, st) for st in statements}
    counts = Counter(category.values())
    docs = _document_names(facts)
    rank_source, ranking = _ranking(graph, facts)
    reader = _Reader(facts, types, docs)
    return Report(
        documents=_documents(facts, docs, category),
        sentences=sentences,
        evidence_sentences=len(
            {(facts.one("source", s), facts.one("start", s)) for s in statements}
        ),
        entities_by_type=tuple(sorted(Counter(types.values()).items())),
        statements=len(statements),
        positive=counts["positive"],
        negative=counts["negative"],
        hedged=counts["hedged"],
        quotes=len(facts.typed(_QUOTATION)),
        central=_central(reader, ranking, top),
        rank_source=rank_source,
        communities=_communities(reader, ranking, top),
        community_count=len({c for _, _, c in ranking.values() if c is not None}),
        negated=reader.claims(st for st in statements if category[st] == "negative"),
        hedged_claims=reader.claims(st for st in statements if category[st] == "hedged"),
        speakers=reader.speakers(facts.typed(_QUOTATION)),
    )


def _category(facts: _Facts, statement: str) -> str:
    # As analyze.to_networkx: negative wins, then any modality makes a positive fact hedged.
    if _NEGATIVE in facts.all("polarity", statement):
        return "negative"
    return "hedged" if facts.one("modality", statement) else "positive"


def _document_names(facts: _Facts) -> dict[str, str]:
    # Documents are typed, or at least cited as a source; named as queries/*.rq name them.
    iris = set(facts.typed(_ARTICLE)) | set(facts.single["source"].values())
    return {
        iri: facts.one("path", iri) or facts.one("name", iri) or _tail(iri) for iri in sorted(iris)
    }


def _documents(
    facts: _Facts, docs: dict[str, str], category: dict[str, str]
) -> tuple[DocumentRow, ...]:
    by_doc: dict[str, Counter[str]] = defaultdict(Counter)
    for st, kind in category.items():
        by_doc[facts.one("source", st)][kind] += 1
    for q in facts.typed(_QUOTATION):
        by_doc[facts.one("source", q)]["quotes"] += 1
    rows = []
    for iri, name in docs.items():
        n = by_doc[iri]
        rows.append(
            DocumentRow(
                name, facts.one("headline", iri), facts.one("date", iri),
                n["positive"] + n["negative"] + n["hedged"], n["negative"], n["hedged"],
                n["quotes"], len(facts.all("mentions", iri)),
            )
        )  # fmt: skip
    return tuple(sorted(rows, key=lambda d: (d.name, d.headline)))


_Ranking = dict[str, tuple[float, int, int | None]]  # iri -> (PageRank, degree, community)


def _ranking(graph: Graph, facts: _Facts) -> tuple[str, _Ranking]:
    # The build materialises the analytics; a graph without them is ranked here, the same way.
    if facts.single["pagerank"]:
        return "materialised", {
            iri: (
                _number(facts.one("pagerank", iri)),
                int(_number(facts.one("degree", iri))),
                int(_number(c)) if (c := facts.one("community", iri)) else None,
            )
            for iri in facts.subjects("pagerank")
        }
    g = analyze.to_networkx(graph)
    ranks = metrics.pagerank(g)
    number = {n: i for i, members in enumerate(metrics.communities(g)) for n in members}
    return "computed", {n: (ranks[n], int(g.degree(n)), number.get(n)) for n in g.nodes}


class _Reader:
    """Turns IRIs into what a reader sees: labels, types, document names, sorted rows."""

    def __init__(self, facts: _Facts, types: dict[str, str], docs: dict[str, str]) -> None:
        self.facts, self.types, self.docs = facts, types, docs

    def label(self, iri: str) -> str:
        return self.facts.one("label", iri) or _tail(iri) if iri else ""

    def type(self, iri: str) -> str:
        return self.types.get(iri, analyze.UNTYPED)

    def doc(self, node: str) -> str:
        source = self.facts.one("source", node)
        return self.docs.get(source, "")

    def start(self, node: str) -> int:
        return int(_number(self.facts.one("start", node)))

    def claims(self, statements: Iterable[str]) -> tuple[Claim, ...]:
        one, label = self.facts.one, self.label
        claims = [
            (
                (self.doc(st), self.start(st), *(label(one(k, st)) for k in _SPO), st),
                Claim(
                    label(one("subject", st)), label(one("predicate", st)),
                    label(one("object", st)), one("modality", st), label(one("said_by", st)),
                    one("evidence", st), self.doc(st),
                ),
            )
            for st in statements
        ]  # fmt: skip
        return tuple(claim for _, claim in sorted(claims, key=lambda c: c[0]))

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


def _central(reader: _Reader, ranking: _Ranking, top: int) -> tuple[CentralEntity, ...]:
    named = [iri for iri in ranking if reader.type(iri) != _CONCEPT]  # as queries/central.rq
    best = sorted(named, key=lambda i: (-ranking[i][0], reader.label(i).casefold(), i))
    facts = reader.facts
    return tuple(
        CentralEntity(
            reader.label(iri), reader.type(iri), ranking[iri][0], ranking[iri][1],
            int(_number(facts.one("doc_count", iri), len(_mentioned_in(facts, iri)))),
        )
        for iri in best[: max(top, 0)]
    )  # fmt: skip


def _mentioned_in(facts: _Facts, iri: str) -> set[str]:
    return {d for d in facts.subjects("mentions") if iri in facts.all("mentions", d)}


def _communities(reader: _Reader, ranking: _Ranking, top: int) -> tuple[CommunityRow, ...]:
    members: dict[int, list[str]] = defaultdict(list)
    for iri, (_, _, number) in ranking.items():
        if number is not None:
            members[number].append(iri)
    rows = []
    for number, iris in members.items():
        if len(iris) < 2:
            continue  # a lone entity is not a group worth reading about
        # Named members first: "Gordon Brown, Tony Blair" tells a reader more than "issue".
        best = sorted(
            iris,
            key=lambda i: (
                reader.type(i) == _CONCEPT,
                -ranking[i][0],
                reader.label(i).casefold(),
                i,
            ),
        )
        shown = tuple((reader.label(i), reader.type(i)) for i in best[:MEMBERS_SHOWN])
        rows.append(CommunityRow(number, len(iris), shown))
    rows.sort(key=lambda c: (-c.size, c.number))
    return tuple(rows[: max(top, 0)])
