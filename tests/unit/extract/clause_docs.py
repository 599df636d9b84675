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

CONJOINED_SUBJECTS = """
Amazon 3 nsubj PROPN NNP Amazon
and 0 cc CCONJ CC and
IBM 0 conj PROPN NNP IBM
sell 3 ROOT VERB VBP sell
cameras 3 dobj NOUN NNS camera
. 3 punct PUNCT . .
"""

PASSIVE_AGENT = """
The 1 det DET DT the
software 3 nsubjpass NOUN NN software
was 3 auxpass AUX VBD be
developed 3 ROOT VERB VBN develop
by 3 agent ADP IN by
IBM 4 pobj PROPN NNP IBM
. 3 punct PUNCT . .
"""

PASSIVE_NO_AGENT = """
The 1 det DET DT the
software 3 nsubjpass NOUN NN software
was 3 auxpass AUX VBD be
sold 3 ROOT VERB VBN sell
to 3 prep ADP IN to
the 6 det DET DT the
police 4 pobj NOUN NN police
. 3 punct PUNCT . .
"""

PASSIVE_PARTICIPLE = """
The 1 det DET DT the
steps 6 nsubj NOUN NNS step
taken 1 acl VERB VBN take
by 2 agent ADP IN by
these 5 det DET DT these
companies 3 pobj NOUN NNS company
were 6 ROOT AUX VBD be
a 8 det DET DT a
stunt 6 attr NOUN NN stunt
. 6 punct PUNCT . .
"""

COPULA = """
IBM 1 nsubj PROPN NNP IBM
is 1 ROOT AUX VBZ be
a 4 det DET DT a
technology 4 compound NOUN NN technology
company 1 attr NOUN NN company
. 1 punct PUNCT . .
"""

RELATIVE_SUBJECT = """
The 1 det DET DT the
groups 7 nsubj NOUN NNS group
, 1 punct PUNCT , ,
which 4 nsubj PRON WDT which
oppose 1 relcl VERB VBP oppose
surveillance 4 dobj NOUN NN surveillance
, 1 punct PUNCT , ,
called 7 ROOT VERB VBD call
for 7 prep ADP IN for
a 10 det DET DT a
ban 8 pobj NOUN NN ban
. 7 punct PUNCT . .
"""

RELATIVE_OBJECT = """
The 1 det DET DT the
software 5 nsubj NOUN NN software
that 4 dobj PRON WDT that
Microsoft 4 nsubj PROPN NNP Microsoft
sold 1 relcl VERB VBD sell
was 5 ROOT AUX VBD be
faulty 5 acomp ADJ JJ faulty
. 5 punct PUNCT . .
"""

PARTICLE = """
The 1 det DET DT the
workers 2 nsubj NOUN NNS worker
cut 2 ROOT VERB VBD cut
off 2 prt ADP RP off
the 5 det DET DT the
power 2 dobj NOUN NN power
. 2 punct PUNCT . .
"""

XCOMP_CHAIN = """
Microsoft 1 nsubj PROPN NNP Microsoft
plans 1 ROOT VERB VBZ plan
to 3 aux PART TO to
buy 1 xcomp VERB VB buy
Activision 3 dobj PROPN NNP Activision
. 1 punct PUNCT . .
"""

OBJECT_CONTROL = """
Microsoft 1 nsubj PROPN NNP Microsoft
asked 1 ROOT VERB VBD ask
the 3 det DET DT the
police 1 dobj NOUN NNS police
to 5 aux PART TO to
buy 1 xcomp VERB VB buy
cameras 5 dobj NOUN NNS camera
. 1 punct PUNCT . .
"""

PHRASAL_PREPOSITION = """
Microsoft 1 nsubj PROPN NNP Microsoft
followed 1 ROOT VERB VBD follow
in 1 prep ADP IN in
the 4 det DET DT the
footsteps 2 pobj NOUN NNS footstep
of 4 prep ADP IN of
IBM 5 pobj PROPN NNP IBM
. 1 punct PUNCT . .
"""

LIGHT_VERB_PREPOSITION = """
The 1 det DET DT the
board 2 nsubj NOUN NN board
took 2 ROOT VERB VBD take
part 2 dobj NOUN NN part
in 2 prep ADP IN in
the 6 det DET DT the
talks 4 pobj NOUN NNS talk
. 2 punct PUNCT . .
"""

ADJECTIVE_PREPOSITION = """
The 1 det DET DT the
drug 2 nsubj NOUN NN drug
is 2 ROOT AUX VBZ be
compatible 2 acomp ADJ JJ compatible
with 3 prep ADP IN with
the 6 det DET DT the
treatment 4 pobj NOUN NN treatment
. 2 punct PUNCT . .
"""

COPULA_PARTICIPLE = """
IBM 1 nsubj PROPN NNP IBM
is 1 ROOT AUX VBZ be
a 3 det DET DT a
company 1 attr NOUN NN company
based 3 acl VERB VBN base
in 4 prep ADP IN in
Armonk 5 pobj PROPN NNP Armonk
. 1 punct PUNCT . .
"""

NAME_AFTER_COPULA = """
The 1 det DET DT the
winner 2 nsubj NOUN NN winner
was 2 ROOT AUX VBD be
Tinariwen 2 attr PROPN NNP Tinariwen
, 3 punct PUNCT , ,
formed 3 acl VERB VBN form
in 5 prep ADP IN in
Mali 6 pobj PROPN NNP Mali
. 2 punct PUNCT . .
"""

PARTICIPLE_WITH_OWN_SUBJECT = """
Peel 1 nsubj PROPN NNP Peel
liked 1 ROOT VERB VBD like
the 3 det DET DT the
fact 1 dobj NOUN NN fact
he 7 nsubjpass PRON PRP he
was 7 auxpass AUX VBD be
not 7 neg PART RB not
committed 3 acl VERB VBN commit
to 7 prep ADP IN to
genres 8 pobj NOUN NNS genre
. 1 punct PUNCT . .
"""
