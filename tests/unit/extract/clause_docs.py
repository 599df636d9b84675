"""Hand-written parses for the clause extractor's tests: one token per line.

Each line is `word head dep pos tag lemma`, heads being absolute token indices. The parses are
what a correct dependency parse of the sentence looks like (spaCy's labels), written down so the
tests never depend on a model.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from kg.extract.clause_frames import find_clauses
from kg.model import Document
from tests.conftest import MakeDoc

Fact = tuple[str, str, str, str, str | None]


def build(
    make_doc: MakeDoc, spec: str, ents: Sequence[tuple[int, int, str]] = ()
) -> tuple[Doc, Document]:
    """Build a parsed Doc from a token-per-line spec."""
    rows = [line.split() for line in spec.strip().splitlines()]
    return make_doc(
        [r[0] for r in rows],
        [int(r[1]) for r in rows],
        [r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        ents=ents,
    )


def facts(doc: Doc) -> set[Fact]:
    """Return (subject, predicate, object, polarity, modality) of every clause, as words."""
    return {
        (
            c.subject.text,
            c.predicate,
            c.object.text,
            c.polarity.value,
            c.modality.value if c.modality else None,
        )
        for sent in doc.sents
        for c in find_clauses(sent)
    }


SELL_TO = """
Microsoft 1 nsubj PROPN NNP Microsoft
sold 1 ROOT VERB VBD sell
the 3 det DET DT the
software 1 dobj NOUN NN software
to 1 dative ADP IN to
the 6 det DET DT the
police 4 pobj NOUN NN police
. 1 punct PUNCT . .
"""

ANNOUNCED_WOULD_NOT_SELL = """
Microsoft 1 nsubj PROPN NNP Microsoft
announced 1 ROOT VERB VBD announce
that 6 mark SCONJ IN that
it 6 nsubj PRON PRP it
would 6 aux AUX MD would
not 6 neg PART RB not
sell 1 ccomp VERB VB sell
its 8 poss PRON PRP$ its
software 6 dobj NOUN NN software
to 6 dative ADP IN to
the 11 det DET DT the
police 9 pobj NOUN NN police
. 1 punct PUNCT . .
"""

NO_LONGER_DEVELOP_OR_OFFER = """
IBM 4 nsubj PROPN NNP IBM
will 4 aux AUX MD will
no 3 neg ADV RB no
longer 4 advmod ADV RB long
develop 4 ROOT VERB VB develop
or 4 cc CCONJ CC or
offer 4 conj VERB VB offer
software 6 dobj NOUN NN software
. 4 punct PUNCT . .
"""

FOLLOWED_SUIT_BANNING = """
Amazon 1 nsubj PROPN NNP Amazon
followed 1 ROOT VERB VBD follow
suit 1 dobj NOUN NN suit
on 1 prep ADP IN on
Wednesday 3 pobj PROPN NNP Wednesday
, 1 punct PUNCT , ,
banning 1 advcl VERB VBG ban
the 8 det DET DT the
police 6 dobj NOUN NNS police
from 6 prep ADP IN from
using 9 pcomp VERB VBG use
the 12 det DET DT the
software 10 dobj NOUN NN software
. 1 punct PUNCT . .
"""

SAID_THAT = """
Smith 1 nsubj PROPN NNP Smith
said 1 ROOT VERB VBD say
that 4 mark SCONJ IN that
Microsoft 4 nsubj PROPN NNP Microsoft
sold 1 ccomp VERB VBD sell
the 6 det DET DT the
software 4 dobj NOUN NN software
. 1 punct PUNCT . .
"""
