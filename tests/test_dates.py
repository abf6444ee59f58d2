"""Tests of provenance.dates: partial dates, precision, and the one ordering rule,
with its numeric form (:func:`date_key`, :func:`before`, :func:`before_matrix`)
checked against the plain :func:`order`."""

from __future__ import annotations

import calendar
import datetime as dt
import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.dates import (
    DateValue,
    PartialDate,
    after_another,
    before,
    before_matrix,
    date_key,
    order,
    parse_date,
    precision,
    span,
)
from provenance.errors import DateError, ProvenanceError

# --------------------------------------------------------------------------- strategies

_zones = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
_near = {"min_value": dt.datetime(2022, 12, 1), "max_value": dt.datetime(2024, 1, 31)}


def _dates(*, near: bool) -> st.SearchStrategy[DateValue | None]:
    """Dates of every precision: over the whole range of ``datetime``, or (``near``)
    around one year so that spans often overlap and days often coincide."""
    if near:
        years = st.integers(2022, 2024)
        days = st.dates(dt.date(2022, 12, 1), dt.date(2024, 1, 31))
        naive = st.datetimes(**_near)
    else:
        years = st.integers(dt.MINYEAR, dt.MAXYEAR)
        days = st.dates()
        naive = st.datetimes()
    aware = naive.flatmap(lambda d: _zones.map(lambda z: d.replace(tzinfo=z)))
    partial = st.builds(PartialDate, years, st.none() | st.integers(1, 12))
    return st.one_of(st.none(), partial, days, naive, aware)


def _close(moment: dt.datetime) -> st.SearchStrategy[DateValue]:
    """A date near ``moment``: a few microseconds to a day away, with or without a zone,
    its day, month or year."""
    shifted = st.integers(-3, 3).map(lambda us: moment + dt.timedelta(microseconds=us))
    zoned = st.sampled_from([-60, 0, 60]).map(
        lambda m: moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=m)))
    )
    return st.one_of(
        shifted,
        zoned,
        st.just(moment.replace(tzinfo=None)),
        st.just(moment.date()),
        st.just(PartialDate(moment.year, moment.month)),
        st.just(PartialDate(moment.year)),
    )


_anchor = st.datetimes(
    min_value=dt.datetime(1, 1, 2),
    max_value=dt.datetime(9999, 12, 30),
    timezones=st.none() | _zones,
)
DATES = st.one_of(_dates(near=False), _dates(near=True))
PAIRS = st.one_of(
    st.tuples(DATES, DATES),
    _anchor.flatmap(lambda m: st.tuples(_close(m), _close(m))),
)


def _days(date: DateValue) -> tuple[dt.date, dt.date]:
    """First and last day of ``date``'s span, computed without :func:`span`."""
    if isinstance(date, PartialDate):
        if date.month is None:
            return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
        last = calendar.monthrange(date.year, date.month)[1]
        return dt.date(date.year, date.month, 1), dt.date(date.year, date.month, last)
    day = date.date() if isinstance(date, dt.datetime) else date
    return day, day


def _timed_alike(a: object, b: object) -> bool:
    """Both times, both with a zone or both without: compared by time."""
    return (
        isinstance(a, dt.datetime)
        and isinstance(b, dt.datetime)
        and (a.tzinfo is None) == (b.tzinfo is None)
    )


def _cmp(a: Any, b: Any) -> int:
    return -1 if a < b else (1 if a > b else 0)


# --------------------------------------------------------------------------- PartialDate


def test_partial_date_text_and_precision() -> None:
    month, year = PartialDate(2023, 9), PartialDate(2023)
    assert (month.isoformat(), str(month), year.isoformat(), str(year)) == (
        "2023-09",
        "2023-09",
        "2023",
        "2023",
    )
    assert PartialDate(7, 1).isoformat() == "0007-01"
    assert (precision(month), precision(year)) == ("month", "year")
    assert precision(dt.date(2023, 9, 14)) == "day"
    assert precision(dt.datetime(2023, 9, 14, 10)) == "time"
    assert precision(dt.datetime(2023, 9, 14, 10, tzinfo=dt.timezone.utc)) == "time"
    assert precision(None) is None


def test_partial_dates_are_values() -> None:
    month = PartialDate(2023, 9)
    assert month == PartialDate(2023, 9) != PartialDate(2023)
    assert len({month, PartialDate(2023, 9), PartialDate(2023)}) == 2
    assert pickle.loads(pickle.dumps(month)) == month
    with pytest.raises(AttributeError):
        month.year = 2024  # type: ignore[misc]


def test_partial_dates_have_no_less_than() -> None:
    """A month and a day inside it are neither earlier nor later: only order() compares."""
    with pytest.raises(TypeError):
        _ = PartialDate(2023) < PartialDate(2024)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("year", "month"),
    [(0, None), (10000, None), (2023, 0), (2023, 13), (True, None), ("2023", None)],
)
def test_partial_date_out_of_range(year: Any, month: Any) -> None:
    with pytest.raises(DateError) as info:
        PartialDate(year, month)
    assert isinstance(info.value, ValueError) and isinstance(info.value, ProvenanceError)


def test_precision_of_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        precision("2023")  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("date", "first", "end"),
    [
        (PartialDate(2023), dt.date(2023, 1, 1), dt.date(2024, 1, 1)),
        (PartialDate(2024, 2), dt.date(2024, 2, 1), dt.date(2024, 3, 1)),
        (PartialDate(2023, 12), dt.date(2023, 12, 1), dt.date(2024, 1, 1)),
        (dt.date(2023, 9, 14), dt.date(2023, 9, 14), dt.date(2023, 9, 15)),
        (
            dt.datetime(2023, 9, 14, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            dt.date(2023, 9, 14),
            dt.date(2023, 9, 15),
        ),
    ],
)
def test_span(date: DateValue, first: dt.date, end: dt.date) -> None:
    assert span(date) == (first.toordinal(), end.toordinal())


def test_span_at_the_end_of_the_calendar() -> None:
    last = dt.date.max.toordinal() + 1
    assert span(PartialDate(9999))[1] == span(PartialDate(9999, 12))[1] == last
    assert span(dt.date.max)[1] == last


# --------------------------------------------------------------------------- order


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2023-08", "2023-09-01", -1),
        ("2023-08-31", "2023-09", -1),
        ("2023-09", "2023-09-14", 0),
        ("2023-09", "2023-09-30T23:59:59", 0),
        ("2023-09", "2023-10-01T00:00Z", -1),
        ("2023", "2023-09-14", 0),
        ("2023", "2023-12-31T23:59:59Z", 0),
        ("2023", "2023-09", 0),
        ("2023", "2023", 0),
        ("2023-09", "2023-09", 0),
        ("2022", "2023-01-01", -1),
        ("2022-12", "2023", -1),
        ("2024", "2023-12", 1),
        ("2023-09-14", "2023-09-14", 0),
        ("2023-09-13", "2023-09-14", -1),
        ("2023-09-14", "2023-09-14T10:30", 0),
        ("2023-09-14", "2023-09-14T10:30+04:00", 0),
        ("2023-09-13", "2023-09-14T00:00Z", -1),
        ("2023-09-14T10:00", "2023-09-14T09:00", 1),
        ("2023-09-14T10:30:00.000001", "2023-09-14T10:30:00.000002", -1),
        ("9999-12-31T23:59:59.999998", "9999-12-31T23:59:59.999999", -1),
        ("0001-01-01T00:00:00.000001Z", "0001-01-01T00:00:00.000002Z", -1),
        ("2023-09-14T10:00+04:00", "2023-09-14T09:00Z", -1),  # 06:00 and 09:00 UTC
        ("2023-09-15T00:30+05:00", "2023-09-14T23:00Z", -1),  # instants, not days as written
        ("2023-09-14T10:00+04:00", "2023-09-14T06:00Z", 0),  # the same instant
        ("2023-09-14T23:00", "2023-09-14T01:00Z", 0),  # one zone, one not: by day
        ("2023-09-13T23:00", "2023-09-14T01:00+05:00", -1),
        (None, "2023", 0),
        ("2023-09-14", None, 0),
        (None, None, 0),
    ],
)
def test_order_hand_picked(a: str | None, b: str | None, expected: int) -> None:
    x, y = parse_date(a), parse_date(b)
    assert order(x, y) == expected
    assert order(y, x) == -expected
    assert before(date_key(x), date_key(y)) == (expected < 0)
    assert before(date_key(y), date_key(x)) == (expected > 0)
    matrix = before_matrix([date_key(x), date_key(y)])
    assert matrix.tolist() == [[False, expected < 0], [expected > 0, False]]


@given(PAIRS)
def test_order_is_antisymmetric(pair: tuple[DateValue | None, DateValue | None]) -> None:
    a, b = pair
    assert order(a, b) == -order(b, a)
    assert order(a, a) == 0


@given(PAIRS)
def test_overlapping_spans_decide_nothing(pair: tuple[DateValue | None, DateValue | None]) -> None:
    """A date is never before a date whose span overlaps it; spans that do not overlap
    always decide. (Two times alike, both with a zone or both without, are instants.)"""
    a, b = pair
    if a is None or b is None:
        assert order(a, b) == 0
        return
    if _timed_alike(a, b):
        return
    (a_first, a_last), (b_first, b_last) = _days(a), _days(b)
    overlap = a_first <= b_last and b_first <= a_last
    assert (order(a, b) == 0) == overlap
    if not overlap:
        assert order(a, b) == (-1 if a_last < b_first else 1)


@given(PAIRS)
def test_full_dates_order_as_python_compares_them(
    pair: tuple[DateValue | None, DateValue | None],
) -> None:
    a, b = pair
    if _timed_alike(a, b) or (type(a) is dt.date and type(b) is dt.date):
        assert order(a, b) == _cmp(a, b)


@given(PAIRS)
def test_keys_compare_as_order(pair: tuple[DateValue | None, DateValue | None]) -> None:
    """The numeric form gives exactly order(), one pair at a time and with numpy."""
    a, b = pair
    ka, kb = date_key(a), date_key(b)
    assert before(ka, kb) == (order(a, b) < 0)
    assert before(kb, ka) == (order(a, b) > 0)
    assert ka.to_the_day == (a is not None and precision(a) == "day")
    keys = np.array([ka, kb], dtype=np.float64)
    assert np.array_equal(keys, np.array([tuple(ka), tuple(kb)]), equal_nan=True)  # exact
    assert before_matrix(keys).tolist() == [[before(k, m) for m in (ka, kb)] for k in (ka, kb)]


@given(st.lists(DATES, min_size=1, max_size=12))
def test_before_matrix_is_order_of_every_pair(dates: list[DateValue | None]) -> None:
    matrix = before_matrix([date_key(d) for d in dates])
    assert matrix.dtype == np.bool_
    assert matrix.tolist() == [[order(a, b) < 0 for b in dates] for a in dates]


@given(st.lists(st.one_of(_dates(near=True), _dates(near=False)), max_size=40))
@settings(max_examples=500)
def test_after_another_is_any_column_of_the_matrix(dates: list[DateValue | None]) -> None:
    """The linear form against the plain definition, every pair compared."""
    keys = [date_key(d) for d in dates]
    expected = before_matrix(keys).any(axis=0) if keys else []
    assert after_another(keys).tolist() == list(expected)
