"""Page furniture: lines of a news page that are not the article's prose.

Photo credits, bylines, "Read more" links, share buttons and the like carry names ("Getty
Images", "Jane Doe") that are no facts of the story. Extractors skip every sentence that lies
inside a furniture line and every mention found there. Works on the raw text, line by line,
so it needs no parse. Must not import rdflib or any later stage.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Agencies and picture libraries that end a photo credit ("izusek / Getty Images").
_AGENCIES = (
    r"Getty(?: Images)?|Reuters|AFP|AP|EPA|PA(?: Media| Wire)?|Shutterstock|Alamy|Bloomberg"
    r"|iStock(?:photo)?|Corbis|Xinhua|Rex(?: Features)?|Press Association|Associated Press"
    r"|BBC|NurPhoto|SOPA Images|LightRocket|Anadolu|Sipa|dpa|Images?|Photos?"
)

# Lines that are furniture whatever punctuation ends them.
_STRONG = (
    # "izusek / Getty Images", "John Smith/AFP via Getty Images"
    rf"[^\n/]{{0,60}}\s?/\s?(?:[\w .'-]{{0,30}}\s)?(?:via\s)?(?:{_AGENCIES})\.?",
    # "Photo: Reuters", "Image copyright Getty Images", "Picture by Jane Doe"
    r"(?:photo(?:graph)?|image|picture|credit|illustration)s?\s*"
    r"(?:copyright|caption|credit|courtesy(?: of)?)?\s*[:|]\s*.{0,80}",
    r"(?:photo(?:graph)?|image|picture)s?\s+(?:copyright|caption|credit|by|courtesy of)\b.{0,80}",
    # "Editor's recommendations", "Read more: ...", "Related: ..."
    r"editors?['’]?s?\s+(?:recommendations?|picks?|choice)",
    r"read\s+(?:more|next|also|the full story)\b.{0,120}",
    r"(?:see\s+also|(?:also\s+)?related|more on this(?: story)?)\s*:.{0,160}",
    r"media playback is (?:not supported|unsupported) on (?:this|your) device",
    r"(?:getty images|reuters|afp|ap photo|epa|pa media|shutterstock)",
    r"advertisement|sponsored(?: content)?|adverti[sz]ing",
)
# Lines that are furniture only when they do not read like a sentence of prose.
_WEAK = (
    r"(?:recommended|related|more)(?:\s+(?:for you|stories|articles|videos?|reading|links?|"
    r"coverage|topics|content|from [\w .'-]{1,40}))?",
    # Bylines: "By Jane Doe", "By Jane Doe and John Roe, BBC News"
    r"by\s+(?:[A-Z][\w'’.-]+\s?){1,4}(?:(?:,|and|&)\s+(?:[A-Z][\w'’.-]+\s?){1,5}){0,3}",
    # Share buttons and other chrome
    r"(?:share|tweet|email|print|copy link|comments?|save|follow us|sign up|subscribe|"
    r"click here|listen|watch)(?:\s+(?:this|on|to|now|the|article|story|page|via|with|for|"
    r"our|us|link)\b.{0,40})?",
    r"(?:share|follow)\s+(?:on|via)\s+(?:facebook|twitter|x|whatsapp|linkedin|email|messenger)",
    r"(?:updated|published|last updated)\s*:?\s.{0,40}\d{4}.{0,20}",
)
_STRONG_RE = re.compile("|".join(f"(?:{p})" for p in _STRONG), re.IGNORECASE)
_WEAK_RE = re.compile("|".join(f"(?:{p})" for p in _WEAK), re.IGNORECASE)

# Prose lines are long; a furniture line never holds more than a short phrase or two.
_MAX_WORDS = 16
_SENTENCE_END = (".", "!", "?", '"', "”", ":")


def is_furniture_line(line: str) -> bool:
    """Return True when one line of text is page furniture, not article prose.

    >>> is_furniture_line("izusek / Getty Images")
    True
    >>> is_furniture_line("Editor's recommendations")
    True
    >>> is_furniture_line("IBM was the first company to stop selling it.")
    False
    """
    stripped = line.strip().strip("•·|*-–— ")
    if not stripped:
        return False
    if len(stripped.split()) > _MAX_WORDS:
        return False
    if _STRONG_RE.fullmatch(stripped):
        return True
    # "By Thursday, Microsoft had agreed." and "Share prices fell." are prose, not chrome.
    return not stripped.endswith(_SENTENCE_END) and _WEAK_RE.fullmatch(stripped) is not None


def furniture_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Return the character ranges (start, end) of every furniture line of a text.

    >>> furniture_ranges("A story.\\nPhoto: Reuters\\nMore prose here.")
    ((9, 23),)
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if is_furniture_line(line):
            ranges.append((start, end))
        start = end + 1
    return tuple(ranges)


class FurnitureMap:
    """Answer "is this stretch of text furniture?" quickly for one document."""

    def __init__(self, text: str) -> None:
        self.ranges = furniture_ranges(text)
        self._starts = [s for s, _ in self.ranges]

    def covers(self, start: int, end: int) -> bool:
        """Return True when start:end lies wholly inside one furniture line."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self.ranges[i][0] <= start and end <= self.ranges[i][1]

    def covers_text(self, text: str, start: int, end: int) -> bool:
        """Return True when every non-blank character of text[start:end] is furniture.

        A sentence the parser glued onto a furniture line ("izusek / Getty Images\\n\\nIBM was
        …") is not furniture: only its prose part is worth reading.
        """
        if not self.ranges:
            return False
        pos = start
        while pos < end:
            if text[pos].isspace():
                pos += 1
                continue
            i = bisect_right(self._starts, pos) - 1
            if i < 0 or not (self.ranges[i][0] <= pos < self.ranges[i][1]):
                return False
            pos = self.ranges[i][1]
        return True

    def trim(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Return start:end without surrounding blanks and furniture lines.

        When nothing but furniture is left, the blank-trimmed span is returned unchanged.
        """
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        while start < end - 1 and text[start].isspace():
            start += 1
        prose_start, prose_end = start, end
        for s, e in self.ranges:
            if s <= prose_start < e and e < prose_end:
                prose_start = e
            if s < prose_end <= e and s > prose_start:
                prose_end = s
        while prose_start < prose_end and text[prose_start].isspace():
            prose_start += 1
        while prose_end > prose_start and text[prose_end - 1].isspace():
            prose_end -= 1
        return (prose_start, prose_end) if prose_start < prose_end else (start, end)
