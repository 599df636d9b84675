"""Reading stage: an HTML page -> its main text, title and date.

Trafilatura finds the article and drops navigation, scripts, styles and comments; when it finds
nothing, the visible text of <body> is used instead. Must not import spaCy, rdflib or any later
kg stage.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# lxml has no type stubs installed; pyproject.toml exempts it from mypy.
import lxml.etree
import lxml.html
import trafilatura

log = logging.getLogger(__name__)

# lxml refuses a str that still carries an XML encoding declaration: the text is decoded already.
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")
_INVISIBLE = ("script", "style", "noscript", "template", "head", "title", "svg", "iframe")
_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)
# Below this many characters trafilatura falls back to a baseline that breaks lines at inline
# tags ("Hello\nworld\n."); kg's own visible-text walk reads such small pages better.
_MIN_TRAFILATURA_CHARS = 250
_ISO_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class HtmlContent:
    """What kg keeps of a page."""

    text: str
    title: str | None
    date: str | None
    url: str | None


def extract_html(html: str) -> HtmlContent:
    """Extract a page's main text (paragraphs separated by blank lines) and metadata.

    Args:
        html: The decoded page.

    Returns:
        The content; `text` is empty when the page has no visible text.

    >>> page = "<html><body><script>x()</script><p>Hello <b>world</b>.</p></body></html>"
    >>> extract_html(page).text
    'Hello world.'
    """
    html = _XML_DECL.sub("", html, count=1)
    title = date = url = None
    text = ""
    try:
        with _quiet_trafilatura():
            found = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, include_tables=True
            )
    except Exception as exc:  # noqa: BLE001 - any parser failure on bad input means: fall back
        log.debug("trafilatura failed: %s", exc)
        found = None
    if found is not None and not isinstance(found, dict):
        text = _paragraphs(found.text or "")
        title = _clean(found.title)
        url = _clean(found.url)
        date = found.date if found.date and _ISO_DATE.match(found.date) else None
    if len(text) < _MIN_TRAFILATURA_CHARS:
        text = _body_text(html) or text
    if title is None:
        title = _html_title(html)
    return HtmlContent(text=text, title=title, date=date, url=url)


@contextmanager
def _quiet_trafilatura() -> Iterator[None]:
    # Trafilatura logs ERRORs ("empty HTML tree") for pages it cannot use; kg falls back or
    # reports a Skipped instead, so those lines would only be noise in the build output.
    logger = logging.getLogger("trafilatura")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _paragraphs(text: str) -> str:
    # Trafilatura puts one paragraph per line; blank lines between them match the .txt layout.
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.LxmlError, ValueError) as exc:
        log.debug("lxml could not parse the page: %s", exc)
        return None


def _body_text(html: str) -> str:
    root = _parse(html)
    if root is None:
        return ""
    body = root.find("body")
    node = body if body is not None else root
    for bad in node.xpath("|".join(f".//{tag}" for tag in _INVISIBLE)):
        bad.drop_tree()
    parts: list[str] = []
    _collect(node, parts)
    return _paragraphs("".join(parts))


def _collect(node: lxml.html.HtmlElement, parts: list[str]) -> None:
    # iterwalk instead of recursion: a page nested thousands of levels deep must not overflow.
    for event, element in lxml.etree.iterwalk(node, events=("start", "end")):
        is_element = isinstance(element.tag, str)  # comments and PIs have a function as tag
        block = is_element and element.tag.lower() in _BLOCK
        if event == "start":
            if block:
                parts.append("\n")
            if is_element and element.text:
                parts.append(element.text)
        else:
            if block:
                parts.append("\n")
            if element is not node and element.tail:
                parts.append(element.tail)


def _html_title(html: str) -> str | None:
    root = _parse(html)
    if root is None:
        return None
    found = root.find(".//title")
    return _clean(found.text_content()) if found is not None else None
