"""Reading stage: plain text and Markdown -> (text, title).

Must not import spaCy, rdflib or any later kg stage.
"""

from __future__ import annotations

import re

# A headline is a short line; the seed article's first paragraph (180 characters, a full
# sentence ending in a period) is body text and must stay untitled.
_MAX_TITLE_CHARS = 150
_MAX_TITLE_WORDS = 25


def find_txt_title(text: str) -> str | None:
    """Return the first line when it reads as a headline: short, followed by a blank line
    and more text, and not ending like a sentence (a final "?" or "..." is fine).

    >>> find_txt_title("Ad sales boost Time Warner profit\\n\\nQuarterly profits rose.")
    'Ad sales boost Time Warner profit'
    >>> find_txt_title("Microsoft said it would not sell the software.\\n\\nMore.") is None
    True
    """
    first, sep, rest = text.lstrip("\n").partition("\n")
    title = first.strip()
    if not sep or not rest.startswith("\n") or not rest.strip() or not title:
        return None
    if len(title) > _MAX_TITLE_CHARS or len(title.split()) > _MAX_TITLE_WORDS:
        return None
    ends_sentence = title[-1] in ".,;:" and not title.endswith(("...", "…"))
    return None if ends_sentence else title


# Why a hand-written Markdown stripper and not a Markdown library: kg only needs the words back
# (for NLP), not HTML; the rules below cover CommonMark's common syntax, and no extra dependency
# is needed. Anything unusual stays as literal text, which costs little in extraction.
#
# Every rule must stay linear on hostile input: a lazy match that looks for a closing "*", "]"
# or "-->" rescans the rest of the line from each unmatched opener (minutes on a 60 kB line).
# So emphasis markers are dropped where they stand (a run of * _ ~~ that opens or closes a
# word) instead of being paired, and scans stop at the next delimiter.
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.S)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_ATX_EMPTY = re.compile(r"^ {0,3}#{1,6}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")
_TABLE_SEP = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}(> ?)+")
# Bullets go; ordered-list numbers stay, since "2004. The year…" may be a paragraph, not a list.
_LIST = re.compile(r"^([ \t]*)[-*+][ \t]+(?:\[[ xX]\][ \t]+)?")
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]{0,300}\")?\)"  # (url "title")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _TARGET)
_LINK = re.compile(r"\[([^\[\]]+)\](?:" + _TARGET + r"|\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^<>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]*)?/?>")
_CODE = re.compile(r"(`{1,10})([^`]+)\1")
# Opening: after a non-word character, before a non-space; closing: the mirror image. Runs
# inside a word ("2*3*4", "snake_case") and alone between spaces ("a * b") stay.
_EMPHASIS = re.compile(r"(?<!\w)(?:\*+|_+|~~)(?=[^\s*_~])|(?<=[^\s*_~])(?:\*+|_+|~~)(?!\w)")
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_FIELD = re.compile(r"^(title|date)\s*:\s*(.*?)\s*$", re.I | re.M)


def strip_markdown(markdown: str) -> tuple[str, str | None, str | None]:
    """Turn Markdown into plain text that keeps every word, plus its title and date.

    The title is the first level-1 heading (or a front-matter `title:`); the date comes from
    front matter only. Code blocks keep their content; fences, markers, link targets and tags go.

    Args:
        markdown: Markdown source with LF line endings.

    Returns:
        (text, title, date); title and date are None when absent.

    >>> strip_markdown("# Big *news*\\n\\nSee [the report](http://x.org) **now**.")
    ('Big news\\n\\nSee the report now.', 'Big news', None)
    """
    title: str | None = None
    date: str | None = None
    front = _FRONT_MATTER.match(markdown)
    if front:
        fields = {k.lower(): v.strip("\"'") for k, v in _FIELD.findall(front.group(1))}
        title, date = fields.get("title") or None, fields.get("date") or None
        markdown = markdown[front.end() :]
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        fence_mark = _FENCE.match(line)
        if fence is not None:
            if fence_mark and fence_mark.group(1) == fence:
                fence = None
            else:
                out.append(line)  # code is kept verbatim: it may hold names
            continue
        if fence_mark:
            fence = fence_mark.group(1)
            continue
        if _RULE.match(line) or _REF_DEF.match(line) or _TABLE_SEP.match(line):
            continue
        if _SETEXT.match(line) and out and out[-1].strip():
            if title is None and line.strip().startswith("="):
                title = out[-1].strip()
            continue
        if _ATX_EMPTY.match(line):
            out.append("")
            continue
        heading = _ATX.match(line)
        if heading:
            line = _strip_inline(_drop_closing_hashes(heading.group(2)))
            if title is None and len(heading.group(1)) == 1:
                title = line
            out.append(line)
            continue
        line = _QUOTE.sub("", line)
        line = _LIST.sub(r"\1", line)
        if "|" in line and line.strip().startswith("|"):
            line = " ".join(c.strip() for c in line.strip().strip("|").split("|"))
        out.append(_strip_inline(line))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
    return text, title, date


def _drop_closing_hashes(heading: str) -> str:
    # "# Title ##": string methods, not a regex, so a line of spaces stays linear.
    heading = heading.rstrip(" \t")
    bare = heading.rstrip("#")
    if bare != heading and (not bare or bare[-1] in " \t"):
        heading = bare.rstrip(" \t")
    return heading


def _strip_inline(line: str) -> str:
    # Code spans and escaped characters are set aside first, so no later rule touches them.
    kept: list[str] = []
    line = line.replace("\x00", "")  # the placeholder below must be unambiguous

    def keep(text: str) -> str:
        kept.append(text)
        return f"\x00{len(kept) - 1}\x00"

    line = _CODE.sub(lambda m: keep(m.group(2).strip()), line)
    line = _ESCAPE.sub(lambda m: keep(m.group(1)), line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _HTML_TAG.sub("", _drop_comments(line))
    line = _EMPHASIS.sub("", line)
    if line.endswith("\\"):  # a hard line break
        line = line[:-1]
    line = line.rstrip(" ") if line.endswith("  ") else line
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], line)


def _drop_comments(line: str) -> str:
    # str.find instead of a regex: an unclosed "<!--" ends the search at once.
    parts: list[str] = []
    start = 0
    while (opening := line.find("<!--", start)) >= 0:
        closing = line.find("-->", opening + 4)
        if closing < 0:
            break
        parts.append(line[start:opening])
        start = closing + 3
    parts.append(line[start:])
    return "".join(parts)
