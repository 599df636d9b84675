"""Mentions, coreference, quotes, roles and furniture on the seed and on real BBC articles.

Model-backed: the expectations were read and judged by hand against the pinned pipeline
(en_core_web_sm 3.8.0 weights); a different model may parse differently.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract import EXTRACTORS
from kg.extract.mentions import MentionIndex, mention_index
from kg.model import Document, Mention, MentionKind, Quote, Relation, RelationKind

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "microsoft-facial-recognition.txt"
BBC = ROOT.parent / "shared" / "corpora" / "bbc"
BBC_CASES = (
    "politics_003",
    "tech_100",
    "business_050",
    "business_002",
    "entertainment_005",
    "sport_254",
    "sport_208",
    "sport_393",
)


def _index(nlp: Language, path: Path) -> MentionIndex:
    text = path.read_text(encoding="utf-8")
    document = Document(id=path.name, text=text, source=str(path))
    return mention_index(nlp(text), document)


@pytest.fixture(scope="module")
def seed(nlp: Language) -> MentionIndex:
    assert nlp.meta["version"].startswith("3.8"), "expectations are for the 3.8 pipelines"
    return _index(nlp, SEED)


@pytest.fixture(scope="module")
def bbc(nlp: Language) -> dict[str, MentionIndex]:
    return {name: _index(nlp, BBC / f"{name}.txt") for name in BBC_CASES}


def _at(index: MentionIndex, needle: str, word: str) -> Mention | None:
    """Return the mention of `word` inside the first occurrence of `needle`."""
    text = index.document.text
    start = text.index(needle) + needle.index(word)
    span = index.doc.char_span(start, start + len(word))
    assert span is not None, f"{word!r} is not a token in {needle!r}"
    return index.for_span(span)


@pytest.mark.parametrize(
    ("needle", "word", "kind", "expected"),
    [
        ('regulates that technology," said Smith', "Smith", MentionKind.NAME, "Brad Smith"),
        ("announce that the company will no longer", "the company", MentionKind.DESCRIPTION, "IBM"),
        ("from using its facial recognition", "its", MentionKind.PRONOUN, "Amazon"),
        ("announced that it would not sell", "it", MentionKind.PRONOUN, "Microsoft"),
        (
            "Digital Trends that the company has called",
            "the company",
            MentionKind.DESCRIPTION,
            "Microsoft",
        ),
        ("Hussain told Digital Trends that she fears", "she", MentionKind.PRONOUN, "Saira Hussain"),
        ("Regarding privacy, Hussain told", "Hussain", MentionKind.NAME, "Saira Hussain"),
        ("have access to FRT", "FRT", MentionKind.ACRONYM, "facial recognition technology"),
        (
            "Fight for the Future, the Digital Rights",
            "Fight for the Future",
            MentionKind.NAME,
            "Fight for the Future",
        ),
        ("We will not sell", "We", MentionKind.PRONOUN, "Microsoft"),
        ("strengthen our review processes", "our", MentionKind.PRONOUN, "Microsoft"),
    ],
)
def test_seed_mentions_resolve(
    seed: MentionIndex, needle: str, word: str, kind: MentionKind, expected: str
) -> None:
    mention = _at(seed, needle, word)
    assert mention is not None
    assert mention.kind is kind
    assert mention.resolved().text == expected


def test_seed_values_and_unresolvable_words_are_no_mentions(seed: MentionIndex) -> None:
    assert _at(seed, "announced the announcement Thursday", "Thursday") is None
    assert _at(seed, "IBM was the first company", "first") is None
    # "US" is a country, never the pronoun "us".
    us = _at(seed, "technology to US law", "US")
    assert us is not None and us.kind is MentionKind.NAME and us.label == "GPE"


def test_seed_quotes_have_their_speakers(seed: MentionIndex) -> None:
    found = [
        (q.text.split()[:3], q.speaker.resolved().text if q.speaker else None) for q in seed.quotes
    ]
    assert found == [
        (["We", "will", "not"], "Brad Smith"),
        (["The", "bottom", "line"], "Brad Smith"),
        (["essentially", "a", "PR"], "Fight for the Future"),
        (["It's", "also", "a"], "Evan Greer"),
        (["Amazon", "and", "Microsoft"], "Evan Greer"),
        (["We", "are", "committed"], "Microsoft"),
        (["The", "government", "should"], "Saira Hussain"),
    ]
    for q in seed.quotes:
        assert seed.document.text[q.start : q.end] == q.text
        assert not q.text.startswith(('"', "“")) and not q.text.endswith(('"', "”"))


def test_seed_roles_and_types(seed: MentionIndex) -> None:
    found = {
        (r.subject.resolved().text, r.predicate, r.object.resolved().text, r.kind)
        for r in seed.roles
    }
    assert found == {
        ("Brad Smith", "president of", "Microsoft", RelationKind.ROLE),
        ("Evan Greer", "deputy director of", "Fight for the Future", RelationKind.ROLE),
        ("Saira Hussain", "lawyer for", "Electronic Frontier Foundation", RelationKind.ROLE),
        ("Fight for the Future", "is a", "Digital Rights Group", RelationKind.TYPE),
        ("Amazon", "is a", "technology companies", RelationKind.TYPE),
        ("IBM", "is a", "technology companies", RelationKind.TYPE),
    }


def test_seed_furniture_yields_nothing(seed: MentionIndex) -> None:
    text = seed.document.text
    lines = ["izusek / Getty Images", "Editor's recommendations"]
    ranges = [(text.index(line), text.index(line) + len(line)) for line in lines]
    spans = [(m.start, m.end) for m in seed.all()] + [(q.start, q.end) for q in seed.quotes]
    for r in seed.roles:
        spans += [(r.subject.start, r.subject.end), (r.object.start, r.object.end)]
        spans.append((r.evidence_start, r.evidence_end))
    for start, end in spans:
        assert not any(s < end and start < e for s, e in ranges), text[start:end]
    last = list(seed.doc.sents)[-1]
    assert last.text.strip() == "Editor's recommendations" and seed.is_furniture(last)
    getty = seed.doc.char_span(ranges[0][0] + len("izusek / "), ranges[0][1])
    assert getty is not None and seed.for_span(getty) is None


@pytest.mark.parametrize(
    ("case", "needle", "word", "expected"),
    [
        ("politics_003", "Ms Hewitt told the seminar", "Hewitt", "Patricia Hewitt"),
        (
            "politics_003",
            "organised by the Equal Opportunities Commission (EOC)",
            "EOC",
            "Equal Opportunities Commission",
        ),
        ("politics_003", 'grounds of their sex," she said', "she", "Patricia Hewitt"),
        ("tech_100", 'Britain plays a big part in it," he said', "he", "Peter Molyneux"),
        ("business_050", "Nestle is to raise its dividend", "its", "Nestle"),
        ("entertainment_005", "who is said to have cried when she saw", "she", "Pamela Travers"),
        # Inside Robert Sinche's quote "He" is Greenspan, the man he talks about.
        ("business_002", "\"He's taking a longer-term view", "He", "Alan Greenspan"),
    ],
)
def test_bbc_mentions_resolve(
    bbc: dict[str, MentionIndex], case: str, needle: str, word: str, expected: str
) -> None:
    mention = _at(bbc[case], needle, word)
    assert mention is not None and mention.resolved().text == expected


@pytest.mark.parametrize(
    ("case", "opening", "speaker"),
    [
        ("politics_003", "Clearly, one of the things", "Patricia Hewitt"),
        ("politics_003", "Career sexism limits opportunities", "Patricia Hewitt"),
        ("politics_003", "It is simply wrong to assume", "Patricia Hewitt"),
        ("tech_100", "Britain plays a big part", "Peter Molyneux"),
        ("business_050", "The option of selling", "Peter Brabeck-Letmathe"),
        ("business_002", "He's taking a longer-term view", "Robert Sinche"),
        # "He added:" after "Wardle did stress …": the surname the NER missed is still him.
        ("sport_254", "I've no intention of selling", "John Wardle"),
        ("sport_254", "Like Kevin I'd like to see", "John Wardle"),
        # "The Man Utd boss continued:" is the man who last spoke, not the man last named.
        ("sport_208", "I don't know what credentials", "Alex Ferguson"),
        ("sport_393", "Mike has been at Bath for eight years", "Dipo Alli"),
    ],
)
def test_bbc_quote_speakers(
    bbc: dict[str, MentionIndex], case: str, opening: str, speaker: str
) -> None:
    (quote,) = [q for q in bbc[case].quotes if q.text.startswith(opening)]
    assert quote.speaker is not None and quote.speaker.resolved().text == speaker


def test_bbc_findings_keep_offsets_and_surface(
    seed: MentionIndex, bbc: dict[str, MentionIndex]
) -> None:
    for index in [seed, *bbc.values()]:
        text = index.document.text
        for name in ("mentions", "quotes", "roles"):
            for finding in EXTRACTORS.get(name)(index.doc, index.document):
                mentions = (
                    [finding.subject, finding.object]
                    if isinstance(finding, Relation)
                    else [finding.speaker]
                    if isinstance(finding, Quote)
                    else [finding]
                )
                for m in mentions:
                    while m is not None:
                        assert text[m.start : m.end] == m.text
                        m = m.antecedent
                if isinstance(finding, Relation):
                    assert 0 <= finding.evidence_start < finding.evidence_end <= len(text)
                    assert finding.evidence_start <= finding.subject.start < finding.evidence_end
