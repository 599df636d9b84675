"""Quotation marks: where the quoted stretches of a text lie.

Marks may be straight or curly and a quote may span sentences. An unbalanced mark is closed
at the end of its paragraph (or after some 600 characters in a text without paragraph
breaks), so one stray mark never swallows the rest of the document. Works on raw text.
Part of the extraction stage; must not import spaCy, rdflib or any later stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“«„"
_CLOSERS = "”»"
_MARK = re.compile(r"[\"“”«»„]")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SENTENCE_STOP = re.compile(r"[.!?](?=\s)")
_MAX_UNCLOSED = 600  # characters an unclosed quote may run before the next full stop ends it


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Where a quotation lies: its text without marks, and the marks' outer bounds."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Return the quoted stretches of a text, paragraph by paragraph.

    >>> [text[s.start:s.end] for text in ['He said: "Yes, we will." Then left.']
    ...  for s in find_quote_spans(text)]
    ['Yes, we will.']
    """
    spans: list[QuoteSpan] = []
    pos = 0
    for para in _PARAGRAPH.split(text):
        at = text.index(para, pos) if para else pos
        spans.extend(_paragraph_quotes(text, at, at + len(para)))
        pos = at + len(para)
    return spans


def _paragraph_quotes(text: str, start: int, end: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for match in _MARK.finditer(text, start, end):
        i, mark = match.start(), match.group()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        opens = mark in OPENERS or (mark == '"' and (before.isspace() or before in "([—–-"))
        closes = mark in _CLOSERS or (mark == '"' and (after.isspace() or after in ".,;:!?)"))
        if open_at is None:
            if opens or not closes:
                open_at = i
        elif closes or not opens:
            spans.extend(_span(text, open_at, i + 1, closed=True))
            open_at = None
        else:  # a second opener: the first quote was never closed
            spans.extend(_span(text, open_at, i, closed=False))
            open_at = i
    if open_at is not None:
        spans.extend(_span(text, open_at, _unclosed_end(text, open_at, end), closed=False))
    return spans


def _unclosed_end(text: str, start: int, end: int) -> int:
    # A text without paragraph breaks (one long line) must not become one long quote.
    if end - start <= _MAX_UNCLOSED:
        return end
    stop = _SENTENCE_STOP.search(text, start + _MAX_UNCLOSED, end)
    return stop.end() if stop is not None else end


def _span(text: str, outer_start: int, outer_end: int, *, closed: bool) -> list[QuoteSpan]:
    s, e = outer_start + 1, outer_end - 1 if closed else outer_end
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return [QuoteSpan(s, e, outer_start, outer_end, closed)] if s < e else []
