"""Origin: who copied whom, on what evidence, and where each wording first appears.

For every family the passages are ordered by evidence of three kinds, each
recorded in words a reader can check (``docs/direction.md``):

- ``dated``: a passage of an earlier publication is a candidate ancestor. Dates
  compare by the spans of time they stand for (a year, a month, a day), two times
  by time (:func:`provenance.dates.order`); spans that overlap (the same day, a
  month and a day inside it), or a missing date, decide nothing.
- ``credited``: a document whose text credits another's outlet, by any of its
  names (``(RFE/RL)``, ``according to Reuters``, ``/TASS/``, ``Azatutyun.am
  reported``), copied from that outlet.
- ``textual``: a paragraph reduced to the first sentences of another is a trimmed
  copy of it.

Where none of those orders two versions, the wording they hold may (``held``,
:mod:`~provenance.origin.holdings`): a version holding what another received, while
the other holds markedly less of its own, came first.

The root is the passage no evidence puts after another; the others join the tree
once all their decided predecessors are in it, each under the candidate whose
wording it follows most closely among those the evidence puts before it (or,
when there is none, among those it does not put after it). An edge that no
evidence orients is marked ``undetermined`` with confidence 0, never silently
guessed.

Wording-level origin follows the tree: a child's words matched to its parent's
inherit their origin, the others were introduced by the child's document. A
passage nested in a longer one of the same document (a sentence carried into a
paragraph) overrides the longer passage's attribution on its own span.

Credit lines are found, trees grown and documents painted in worker processes
(``workers=``), over consecutive runs of documents and families that send named
tuples back; each family's tree depends on the family alone, so the result is the
same for any number of workers.

The stage is a package, one module per job, each using only those above it:

- :mod:`~provenance.origin.credits`: outlet names and aliases, and the scan for
  credit lines naming them.
- :mod:`~provenance.origin.context`: what the stage knows of the corpus, shared by
  every family (documents, their credit lines and dates, the segmentation).
- :mod:`~provenance.origin.precedence`: the outlets' order: source outlets and the
  outlets that follow them, read from the links dates and credits order.
- :mod:`~provenance.origin.passages`: what the trees read of each passage (token
  span, words, whether it is its whole paragraph or the opening of one).
- :mod:`~provenance.origin.evidence`: the evidence that one passage came before
  another (date order, credits, trims, the outlets' order), its weights and the
  sentences it writes.
- :mod:`~provenance.origin.order`: the order the evidence puts a family's passages
  in (those none comes before, those each placed passage frees, the balance of the
  evidence), from sorted dates, without comparing every pair.
- :mod:`~provenance.origin.tree`: a family's tree: its root, the builder, its edges.
- :mod:`~provenance.origin.holdings`: which version holds the wording another
  received, over the word classes of every family.
- :mod:`~provenance.origin.habits`: each outlet's house style, the replaces it makes
  copy after copy.
- :mod:`~provenance.origin.accounts`: one account per word: the origin of every
  word class (dates, credits, then house style, holdings and the outlets' order), and
  the words that reword another's.
- :mod:`~provenance.origin.attribution`: the origin of every word, and its painting
  over each document's text.
- :mod:`~provenance.origin.views`: each document's view: its sources, quoted and
  undetermined shares, parents and credits.
- :mod:`~provenance.origin.stage`: the :func:`origin` stage, its work spread over
  worker processes.
"""

from __future__ import annotations

from provenance.origin.credits import CreditFinder, builtin_aliases, find_credits, outlet_aliases
from provenance.origin.stage import credits_of, origin

__all__ = [
    "CreditFinder",
    "builtin_aliases",
    "credits_of",
    "find_credits",
    "origin",
    "outlet_aliases",
]
