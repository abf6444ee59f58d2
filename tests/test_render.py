"""Tests of provenance.render: what the text report lets through to a terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from provenance.render import visible

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _acted_on(char: str) -> bool:
    """The plain definition: control characters, line and paragraph separators, and
    the bidirectional controls."""
    return unicodedata.category(char) == "Cc" or char in "\u2028\u2029" or char in BIDI


@given(st.text())
def test_nothing_a_terminal_acts_on_gets_through(text: str) -> None:
    shown = visible(text)
    assert not any(_acted_on(c) for c in shown)
    # Everything else is left as it was.
    if not any(_acted_on(c) for c in text):
        assert shown == text


def test_escapes_read_as_python_escapes() -> None:
    assert visible("a\nb\tc\x1bd\u202ee\x85") == "a\\nb\\tc\\x1bd\\u202ee\\x85"


def test_the_share_whose_origin_is_undetermined_is_shown() -> None:
    import provenance

    text = (
        "The regional council approved a new budget for the harbour district on Tuesday "
        "evening, after a debate that lasted more than four hours."
    )
    report = provenance.analyze([{"id": "a", "text": text}, {"id": "b", "text": text}])
    (view,) = [v for v in report.views if v.doc == "a"]
    assert view.undetermined > 0.9  # undated copies: neither comes first
    assert f"{view.undetermined:.0%} shared, its origin undetermined" in report.to_text()
