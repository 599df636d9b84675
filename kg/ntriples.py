"""N-Triples term forms: the text kg hands Oxigraph to parse in Rust.

Written by hand because rdflib's Node.n3() writes Turtle's triple-quoted strings for multi-line
literals, which N-Triples does not allow, and because formatting strings is several times faster
than building rdflib terms for the millions of terms a corpus yields.
Must not import spaCy or any stage module.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from kg.errors import StoreError

_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"))
_INTEGER = f"<{XSD.integer}>"
_XSD_STRING = XSD.string  # a namespace attribute is a Python call: looked up once


def iri_term(iri: str) -> str:
    """Return an IRI in N-Triples form.

    >>> iri_term("https://schema.org/Person")
    '<https://schema.org/Person>'
    """
    return f"<{iri}>"


def text_term(text: str) -> str:
    """Return a plain string literal in N-Triples form.

    >>> print(text_term('say "hi"\\nnow'))
    "say \\"hi\\"\\nnow"
    """
    for raw, escaped in _ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return f'"{text}"'


def typed_term(lexical: str, datatype: str) -> str:
    """Return a typed literal in N-Triples form.

    >>> typed_term("2020-06-11", XSD.date)
    '"2020-06-11"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    return f"{text_term(lexical)}^^<{datatype}>"


def integer_term(value: int) -> str:
    """Return an xsd:integer literal in N-Triples form.

    >>> integer_term(3)
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return f'"{value}"^^{_INTEGER}'


def node_term(term: Node) -> str:
    """Return an rdflib IRI or literal in N-Triples form.

    Raises:
        StoreError: the term is a blank node or a variable (kg graphs have neither).
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        language, datatype = term.language, term.datatype  # properties: Python calls
        if language:
            return f"{text_term(str(term))}@{language}"
        if datatype is not None and datatype != _XSD_STRING:
            return typed_term(str(term), datatype)
        return text_term(str(term))
    raise StoreError(f"kg graphs have no blank nodes; got {term!r}")


def render_lines(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Render rdflib triples as N-Triples text.

    >>> render_lines([(URIRef("https://x/a"), URIRef("https://x/b"), Literal(1))])
    '<https://x/a> <https://x/b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
    """
    # IRIs, nearly every term, are formatted inline: a call per term costs more than the
    # formatting, on the hundreds of thousands of triples of a corpus's aggregates.
    return "".join(
        f"{f'<{s}>' if type(s) is URIRef else node_term(s)} "
        f"{f'<{p}>' if type(p) is URIRef else node_term(p)} "
        f"{f'<{o}>' if type(o) is URIRef else node_term(o)} .\n"
        for s, p, o in triples
    )
