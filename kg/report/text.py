"""Report stage: making text from documents safe to show, in Markdown and in HTML.

Names, sentences and quotes come from the input documents, so they may hold anything: line
breaks that would end a table row, Markdown or HTML markup, control characters.
Must not import spaCy or pyvis.
"""

from __future__ import annotations

import re

MAX_TEXT = 600  # characters of a sentence or quote shown; the graph keeps the whole text
# C0 and C1 controls, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters with a meaning inside a line of Markdown: emphasis, code, links, raw HTML, entity
# references, table cells, strikethrough and GitHub's $math$. Data never starts a line (every
# line begins with the renderer's own "| ", "- " or "### "), so block markers need no escape.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """Return text on one line: controls as spaces, runs of white space as one, cut at `limit`.

    >>> clean("Brad\\nSmith\\t said:\\x00 no", limit=100)
    'Brad Smith said: no'
    >>> clean("abcdef", limit=4)
    'abc…'
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Nearly every name and sentence: no control and no white space but single inner
        # spaces (every other white space character is unprintable), so already one line.
        flat = text
    else:
        flat = " ".join(_CONTROL.sub(" ", text).split())
    if len(flat) > limit:
        return flat[: limit - 1].rstrip() + "…"
    return flat


def escape_md(text: str, limit: int = MAX_TEXT) -> str:
    """Return text cleaned and escaped so it stays plain text inside a Markdown table cell.

    >>> escape_md("a|b <i>*c*</i>")
    'a\\\\|b \\\\<i\\\\>\\\\*c\\\\*\\\\</i\\\\>'
    """
    flat = clean(text, limit)
    # Most cells need no escape: a search is cheaper than a substitution that finds nothing,
    # and a function replacement cheaper than a template (expanded afresh on every call).
    return _MD_SPECIAL.sub(_backslashed, flat) if _MD_SPECIAL.search(flat) else flat


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match.group(1)
