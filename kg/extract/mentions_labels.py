"""Names the NER got wrong within one document: junk words and labels that disagree.

The small NER tags a capitalised common word that opens a sentence ("Budget airline Ryanair",
"Digital music sales") as a name, and gives one name different labels in one article
("Ryanair" PERSON in one sentence, ORG in four others). These rules read the whole document,
so they run once per Doc, before partial names are linked.
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.extract.mentions_names import Placed, opens_sentence
from kg.extract.token_table import texts_of, tokens_of

# Tags of words that are no proper nouns: a sentence-initial one is capitalised by position.
_COMMON_TAGS = frozenset(
    "NN NNS JJ JJR JJS VB VBD VBG VBN VBP VBZ RB RBR RBS IN DT CC PRP PRP$ MD".split()
)
# Last words that make a name an organization's even when its other words are a person's.
_BODY_WORDS = frozenset(
    """group company corporation corp inc ltd plc bank trust foundation institute council
    association university college school club team fc party union agency ministry
    department office committee commission court hospital studios records""".split()
)


def drop_junk(doc: Doc, names: list[Placed]) -> list[Placed]:
    """Return the names without those that are no names.

    A name with no capital letter ("striker") is a tagging slip. A single common word that
    opens a sentence ("Budget airline Ryanair", "Foster carers must …") is capitalised only by
    its position: it goes when the tagger calls it a common word, or the article uses it in
    lowercase elsewhere, unless the article also capitalises it inside a sentence. A word the
    article writes in lowercase twice or more and capitalised only once goes too.
    """
    names = [p for p in names if any(c.isupper() for c in p.mention.text)]
    if not any(p.end - p.start == 1 for p in names):
        return names
    tokens = tokens_of(doc)
    texts = texts_of(doc)
    lower_words = Counter(t for t in texts if t.islower())
    capitalised = Counter(t for t in texts if t[:1].isupper())
    kept: list[Placed] = []
    for p in names:
        if p.end - p.start == 1 and _slip(tokens[p.start], texts, lower_words, capitalised):
            continue
        kept.append(p)
    return kept


def _slip(tok: Token, texts: list[str], lower: Counter[str], capitals: Counter[str]) -> bool:
    word = tok.text
    # "its facial recognition software Recognition": a word the article otherwise writes in
    # lowercase, capitalised once, is a slip rather than a name.
    if capitals[word] == 1 and lower[word.lower()] >= 2:
        return True
    common = tok.tag_ in _COMMON_TAGS or word.lower() in lower
    if not common or not opens_sentence(tok):
        return False
    # Capitalised inside a sentence elsewhere, it is a name after all ("Apple").
    doc = tok.doc
    return not any(
        texts[i] == word and not opens_sentence(doc[i]) for i in range(len(texts)) if i != tok.i
    )


def vote_labels(names: list[Placed]) -> list[Placed]:
    """Give every occurrence of a name the label most of its occurrences have.

    "Ryanair" tagged PERSON once and ORG four times is an organization everywhere; among
    equal counts the label of the first occurrence wins, so one name stays one entity. A name
    whose last word the article uses alone as a person ("Phillips Idowu" tagged ORG, then
    "Idowu" PERSON twice) is a person too, unless that last word says it is a body ("Idowu
    Foundation").
    """
    votes: dict[str, Counter[str]] = {}
    for p in names:
        votes.setdefault(p.mention.text, Counter())[p.mention.label] += 1
    winner: dict[str, str] = {}
    for text, counts in votes.items():
        top = max(counts.values())
        # Counter keeps first-seen order: among equals the first occurrence's label wins.
        winner[text] = next(label for label, n in counts.items() if n == top)
    out: list[Placed] = []
    for p in names:
        label = winner.get(p.mention.text, p.mention.label)
        words = p.mention.text.split()
        if label != "PERSON" and 1 < len(words) <= 3 and winner.get(words[-1]) == "PERSON":
            if words[-1].lower() not in _BODY_WORDS and all(w[:1].isupper() for w in words):
                label = "PERSON"
        out.append(
            Placed(replace(p.mention, label=label), p.start, p.end)
            if label != p.mention.label
            else p
        )
    return out
