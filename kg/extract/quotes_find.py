"""Direct quotes and who said them, read from quotation marks and speech verbs.

A quote with no speaker of its own continues the previous one when nothing but quotes lies
between; marks are read by kg/extract/quotes_marks.py, speakers by quotes_speakers.py.
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from kg.extract.quotes_marks import QuoteSpan, find_quote_spans
from kg.extract.quotes_speakers import find_speaker
from kg.model import Mention, Quote

if TYPE_CHECKING:
    from kg.extract.mentions import MentionIndex

# A scare-quoted word or two ("so-called 'smart' meters") is no quotation unless someone said it.
_MIN_WORDS_WITHOUT_SPEAKER = 4


def find_quotes(index: MentionIndex) -> list[Quote]:
    """Return the document's direct quotes with their speakers (None when unknown)."""
    doc, text = index.doc, index.document.text
    spans = [s for s in find_quote_spans(text) if not index.furniture.covers(s.start, s.end)]
    speakers = [find_speaker(index, doc, span) for span in spans]
    # A quote with no attribution of its own continues the one before it...
    for i in range(1, len(spans)):
        if speakers[i] is None and _only_quotes_between(
            text, _attribution_end(doc, spans[i - 1]), spans[i].outer_start
        ):
            speakers[i] = speakers[i - 1]
    # ...or, left open, runs into the next one: `"Sexism limits us. "It is wrong," she said.`
    for i in range(len(spans) - 2, -1, -1):
        if (
            speakers[i] is None
            and not spans[i].closed
            and _only_quotes_between(text, spans[i].outer_end, spans[i + 1].outer_start)
        ):
            speakers[i] = speakers[i + 1]
    quotes: list[Quote] = []
    for span, speaker in zip(spans, speakers, strict=True):
        if (
            speaker is None
            and len(text[span.start : span.end].split()) < _MIN_WORDS_WITHOUT_SPEAKER
        ):
            continue
        quotes.append(
            Quote(index.document.id, span.start, span.end, text[span.start : span.end], speaker)
        )
    return quotes


def _only_quotes_between(text: str, start: int, end: int) -> bool:
    # Whitespace only (a paragraph break or the next sentence of the same quote).
    return start <= end and not text[start:end].strip(' \n\t"“”')


def _attribution_end(doc: Doc, span: QuoteSpan) -> int:
    # After `"…," said Smith.` the next quote may follow Smith's sentence and still be his.
    tokens = doc.char_span(span.outer_end - 1, span.outer_end, alignment_mode="expand")
    if tokens is None or not len(tokens):
        return span.outer_end
    sent = tokens[0].sent
    return max(span.outer_end, sent.end_char)


def quote_voices(index: MentionIndex, quotes: list[Quote]) -> list[tuple[int, int, Mention]]:
    """Return (start, end, voice) per attributed quote: whom "we" inside it stands for.

    The voice is the speaker's organization when a role names one ("Microsoft President Brad
    Smith" speaks for Microsoft), else the speaker.
    """
    voices: list[tuple[int, int, Mention]] = []
    for quote in quotes:
        if quote.speaker is None:
            continue
        voice = index.affiliation(quote.speaker) or quote.speaker
        voices.append((quote.start, quote.end, voice))
    return voices
