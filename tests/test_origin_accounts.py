"""One account per word (``provenance.origin.accounts``): a word class's origin is the
one member no other comes before, by date or credit line; otherwise a best guess,
marked undetermined."""

from __future__ import annotations

import pytest
from helpers import corpus

from provenance.model import AlignConfig, OriginConfig
from provenance.origin.accounts import _decide
from provenance.origin.context import _Context
from provenance.origin.stage import _context
from provenance.segment import segment

TEXT = "The council approved the new budget for the city schools on Tuesday evening."


def _ctx(dates: dict[str, str], texts: dict[str, str] | None = None) -> _Context:
    texts = texts or {doc: TEXT for doc in dates}
    seg = segment(corpus(texts, {d: v for d, v in dates.items() if v}))
    return _context(seg, OriginConfig(), AlignConfig(), workers=1)


@pytest.mark.parametrize(
    ("dates", "tops", "expected"),
    [
        # the earliest, when it is the only one nothing comes before
        ({"a": "2024-03-05", "b": "2024-03-04", "c": "2024-03-06"}, ["a"], ("b", True)),
        # a time before a day it falls on decides nothing: several first, a guess
        ({"a": "2024-03-04T14:14:00+00:00", "b": "2024-03-04"}, ["a"], ("a", False)),
        # an undated member could have come first as well: a guess
        ({"a": "2024-03-04", "b": "2024-03-05", "c": ""}, ["a"], ("a", False)),
        # a single document is its own origin
        ({"a": "2024-03-04"}, [], ("a", True)),
    ],
)
def test_decide(dates: dict[str, str], tops: list[str], expected: tuple[str, bool]) -> None:
    assert _decide(_ctx(dates), sorted(dates), tops) == expected


def test_the_guess_is_where_the_trees_start() -> None:
    ctx = _ctx({"a": "", "b": "", "c": ""})
    assert _decide(ctx, ["a", "b", "c"], ["c"]) == ("c", False)
    assert _decide(ctx, ["a", "b", "c"], []) == ("a", False)


def test_a_credit_line_decides_what_the_dates_leave_open() -> None:
    texts = {
        "wire": TEXT,
        "paper": f"{TEXT} The Example Wire reported the vote first.",
    }
    seg = segment(
        corpus(texts, {"wire": "2024-03-04", "paper": "2024-03-04"}, {"wire": "Example Wire"})
    )
    ctx = _context(seg, OriginConfig(), AlignConfig(), workers=1)
    assert _decide(ctx, ["paper", "wire"], ["paper"]) == ("wire", True)
