"""Page furniture: credits, bylines, link lists and buttons are not article prose."""

from __future__ import annotations

import pytest

from kg.extract.furniture import FurnitureMap, furniture_ranges, is_furniture_line


@pytest.mark.parametrize(
    "line",
    [
        "izusek / Getty Images",
        "John Smith/AFP via Getty Images",
        "Photo: Reuters",
        "Image copyright Getty Images",
        "Picture by Jane Doe",
        "Editor's recommendations",
        "Editors' picks",
        "Read more: Why Amazon banned police use of its software",
        "Related: Microsoft bans police use",
        "Related stories",
        "See also: IBM quits facial recognition",
        "By Jane Doe",
        "By Jane Doe and John Roe, BBC News",
        "Share this article",
        "Share on Facebook",
        "Advertisement",
        "ADVERTISEMENT",
        "Media playback is unsupported on your device",
        "  Getty Images  ",
    ],
)
def test_furniture_line_is_recognised(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "IBM was the first company to announce that the company will stop.",
        "By Thursday, Microsoft had agreed to the ban.",
        "Share prices fell sharply on Monday.",
        "Pictures of the event were shown on TV.",
        "Comments on the proposal were sharp.",
        "Read the full report, the minister said, and you will see why it matters so much to us.",
        "More than 200 people attended the meeting in London on Friday evening.",
    ],
)
def test_furniture_prose_line_is_kept(line: str) -> None:
    assert not is_furniture_line(line)


def test_furniture_ranges_cover_whole_lines() -> None:
    text = "Microsoft spoke.\n\nizusek / Getty Images\n\nIBM left.\nEditor's recommendations"
    ranges = furniture_ranges(text)
    assert [text[s:e] for s, e in ranges] == ["izusek / Getty Images", "Editor's recommendations"]


def test_furniture_map_covers_only_furniture_text() -> None:
    text = "Microsoft spoke.\n\nizusek / Getty Images\n\nIBM left."
    fm = FurnitureMap(text)
    credit = text.index("Getty")
    assert fm.covers(credit, credit + len("Getty Images"))
    assert not fm.covers(0, 9)
    # The parser may glue a credit to the next sentence: that sentence is still prose.
    assert fm.covers_text(text, text.index("izusek"), text.index("\n\nIBM") + 2)
    assert not fm.covers_text(text, text.index("izusek"), len(text))
    assert not FurnitureMap("Plain prose.").covers_text("Plain prose.", 0, 12)


def test_furniture_trim_keeps_only_the_prose_of_a_glued_sentence() -> None:
    text = "izusek / Getty Images\n\nIBM left the market.\nPhoto: Reuters\n"
    fm = FurnitureMap(text)
    start, end = fm.trim(text, 0, len(text))
    assert text[start:end] == "IBM left the market."
    # A span of furniture only is left as it was, minus blanks.
    assert fm.trim(text, 0, 23) == (0, 21)
