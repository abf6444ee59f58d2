"""Publication dates: what they can be, how precise they are, and which came first.

A document's date is a :class:`datetime.date` (a day), a :class:`datetime.datetime`
(a time, with or without a zone), a :class:`PartialDate` (a month or a year only), or
``None`` when unknown. Each date stands for a span of time: a year, a month, a day,
or an instant. :func:`order` says which of two dates is the earlier, and says so
only when the spans cannot overlap:

- a year, a month or a day against any date: by their days, earlier only when the
  first span ends before the second begins (``2023-08`` is before ``2023-09-01``;
  ``2023`` against ``2023-09-14`` decides nothing, nor does a day against a time on
  that same day);
- two times both with a zone: as instants; both without a zone: as local times;
- one time with a zone and one without: by their days (as written) only.

:func:`date_key` gives the same facts as numbers, and :func:`before` and
:func:`before_matrix` compare them (one pair, or every pair of many dates at once,
with numpy) with exactly the result of :func:`order`.

>>> order(parse_date("2023-08"), parse_date("2023-09-01"))
-1
>>> order(parse_date("2023"), parse_date("2023-09-14"))
0
>>> precision(parse_date("2023-09")), parse_date("2023-09").isoformat()
('month', '2023-09')
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Literal, NamedTuple, TypeAlias, overload

import attrs
import numpy as np
import numpy.typing as npt

from provenance.errors import DateError

__all__ = [
    "DateKey",
    "DateValue",
    "PartialDate",
    "Precision",
    "after_another",
    "before",
    "before_matrix",
    "date_key",
    "order",
    "parse_date",
    "precision",
    "span",
]

Precision: TypeAlias = Literal["year", "month", "day", "time"]


def _year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise DateError(f"year {value!r} is not an integer")
    if not dt.MINYEAR <= value <= dt.MAXYEAR:
        raise DateError(f"year {value} is out of range")


def _month(instance: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise DateError(f"month {value!r} is not an integer")
    if not 1 <= value <= 12:
        raise DateError("month must be in 1..12")


@attrs.frozen
class PartialDate:
    """A date known to the month (``PartialDate(2023, 9)``) or to the year only
    (``PartialDate(2023)``).

    It is not ordered by ``<``: a month and a day inside it are neither earlier nor
    later than each other; :func:`order` compares dates of any precision.

    >>> PartialDate(2023, 9).isoformat(), str(PartialDate(2023))
    ('2023-09', '2023')

    :raises DateError: for a year outside 1..9999 or a month outside 1..12.
    """

    year: int = attrs.field(validator=_year)
    month: int | None = attrs.field(default=None, validator=_month)

    def isoformat(self) -> str:
        """ISO 8601 text: ``YYYY-MM``, or ``YYYY`` for a year."""
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()


DateValue: TypeAlias = dt.date | dt.datetime | PartialDate
"""A document date of any precision (``None``, where allowed, is an unknown date)."""


# --------------------------------------------------------------------------- parsing

_EXPECTED = (
    "expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (optionally with a zone such as "
    "+04:00 or Z), YYYY-MM, YYYY, YYYYMMDD, or no date"
)
# A day, with hyphens or (ISO 8601's basic form) without, the same between all parts.
_DAY = re.compile(r"(\d{4})(-?)(\d{2})\2(\d{2})")
_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})"
    r"(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?")


def parse_date(value: object) -> DateValue | None:
    """A document date from a string, a date, a datetime, a :class:`PartialDate`,
    or nothing.

    ``"2023-09-14"`` (or ``"20230914"``) gives a :class:`datetime.date`;
    ``"2023-09-14T10:30"``, ``"2023-09-14 10:30:00"`` give a naive
    :class:`datetime.datetime`, and with a zone (``"+04:00"``, ``"+0400"``, ``"+04"``,
    ``"Z"``) an aware one; ``"2023-09"`` and ``"2023"`` give a :class:`PartialDate`
    of month and of year precision. ``None``, an empty or blank string give ``None``:
    a date is never invented. Date, datetime and partial date objects are returned as
    they are.

    >>> parse_date("2023-09-14")
    datetime.date(2023, 9, 14)
    >>> parse_date("2023-09-14T10:30Z")
    datetime.datetime(2023, 9, 14, 10, 30, tzinfo=datetime.timezone.utc)
    >>> parse_date("2023-09"), parse_date("2023")
    (PartialDate(year=2023, month=9), PartialDate(year=2023, month=None))
    >>> parse_date("") is None
    True

    :raises DateError: (a ``ValueError``) for anything else, with a message saying
        what is accepted.
    """
    if value is None or isinstance(value, dt.date | PartialDate):  # datetime is a date too
        return value
    if not isinstance(value, str):
        raise DateError(f"malformed date {value!r} (a {type(value).__name__}); {_EXPECTED}")
    text = value.strip()
    if not text:
        return None
    try:
        day = _DAY.fullmatch(text)
        if day:
            return dt.date(int(day[1]), int(day[3]), int(day[4]))
        moment = _TIME.fullmatch(text)
        if moment:
            return _datetime(moment)
        partial = _PARTIAL.fullmatch(text)
        if partial:
            return PartialDate(int(partial[1]), int(partial[2]) if partial[2] else None)
    except ValueError as exc:  # a year, month, day, time or zone out of range
        raise DateError(f"malformed date {value!r} ({exc}); {_EXPECTED}") from None
    raise DateError(f"malformed date {value!r}; {_EXPECTED}")


def _datetime(m: re.Match[str]) -> dt.datetime:
    fraction = m[7] or ""
    zone: dt.tzinfo | None = None
    if m[8]:
        z = m[8].upper()
        if z == "Z":
            zone = dt.timezone.utc
        else:
            digits = z[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:] or 0)
            if hours > 23 or minutes > 59:
                raise ValueError(f"zone {m[8]} out of range")
            offset = dt.timedelta(hours=hours, minutes=minutes)
            zone = dt.timezone(-offset if z[0] == "-" else offset)
    return dt.datetime(
        int(m[1]),
        int(m[2]),
        int(m[3]),
        int(m[4]),
        int(m[5]),
        int(m[6] or 0),
        int(fraction.ljust(6, "0")) if fraction else 0,
        tzinfo=zone,
    )


# --------------------------------------------------------------------------- precision


@overload
def precision(date: None) -> None: ...
@overload
def precision(date: DateValue) -> Precision: ...
def precision(date: DateValue | None) -> Precision | None:
    """How precise ``date`` is: ``"year"``, ``"month"``, ``"day"`` or ``"time"``
    (``None`` for no date).

    >>> precision(dt.date(2023, 9, 14)), precision(PartialDate(2023)), precision(None)
    ('day', 'year', None)
    """
    if date is None:
        return None
    if isinstance(date, PartialDate):
        return "year" if date.month is None else "month"
    if isinstance(date, dt.datetime):
        return "time"
    if isinstance(date, dt.date):
        return "day"
    raise TypeError(f"not a date: {date!r}")


def span(date: DateValue) -> tuple[int, int]:
    """The days ``date`` spans, ``[first, end)`` as proleptic Gregorian ordinals
    (:meth:`datetime.date.toordinal`); a time spans its day, as written.

    >>> [dt.date.fromordinal(day) for day in span(PartialDate(2023, 9))]
    [datetime.date(2023, 9, 1), datetime.date(2023, 10, 1)]
    """
    if isinstance(date, PartialDate):
        first = dt.date(date.year, date.month or 1, 1).toordinal()
        if date.month is None:
            return first, first + (366 if calendar.isleap(date.year) else 365)
        return first, first + calendar.monthrange(date.year, date.month)[1]
    if isinstance(date, dt.datetime):
        date = date.date()
    if isinstance(date, dt.date):
        first = date.toordinal()
        return first, first + 1
    raise TypeError(f"not a date: {date!r}")


# --------------------------------------------------------------------------- order

_EPOCH = dt.datetime(1970, 1, 1)
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _aware(moment: dt.datetime) -> bool:
    return moment.utcoffset() is not None


def _instant(moment: dt.datetime) -> dt.timedelta:
    """Time since 1970-01-01: in UTC for an aware ``moment``, as written for a naive
    one. Exact to the microsecond over the whole range of ``datetime``."""
    return moment - (_EPOCH_UTC if _aware(moment) else _EPOCH)


def order(a: DateValue | None, b: DateValue | None) -> int:
    """-1 if ``a`` is earlier than ``b``, 1 if later, 0 if the dates do not decide.

    Two times both with a zone compare as instants, both without as local times;
    any other two dates compare by the days they span and decide only when the spans
    do not overlap (a time with a zone against one without: by their days as
    written). A missing date decides nothing.

    >>> order(dt.date(2023, 9, 13), dt.date(2023, 9, 14))
    -1
    >>> order(PartialDate(2023, 9), dt.date(2023, 9, 14))
    0
    >>> order(dt.datetime(2023, 9, 14, 10), dt.datetime(2023, 9, 14, 9))
    1
    >>> order(dt.date(2023, 9, 14), dt.datetime(2023, 9, 14, 9))
    0
    """
    if a is None or b is None:
        return 0
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime) and _aware(a) == _aware(b):
        ta, tb = _instant(a), _instant(b)
        return -1 if ta < tb else (1 if ta > tb else 0)
    a_first, a_end = span(a)
    b_first, b_end = span(b)
    return -1 if a_end <= b_first else (1 if b_end <= a_first else 0)


class DateKey(NamedTuple):
    """A date as numbers, for :func:`before` and :func:`before_matrix`; every value is
    exact in a float64."""

    first: float  # the first day spanned (:func:`span`); NaN if undated
    end: float  # the day after the last day spanned; NaN if undated
    clock: int  # 0 without a time, 1 a time without a zone, 2 a time with one
    day: int  # a time's day: days since 1970-01-01 (in UTC with a zone); 0 without
    micro: int  # microseconds into that day; 0 without a time

    @property
    def to_the_day(self) -> bool:
        """Whether the date is one day without a time (``precision(date) == "day"``)."""
        return self.clock == 0 and self.end - self.first == 1

    def same_day(self, other: DateKey) -> bool:
        """Whether both dates are one day without a time, the same day: dates the order
        of dates leaves open, as two copies of one source printed that day are.

        >>> day, time = date_key(dt.date(2024, 3, 4)), date_key(dt.datetime(2024, 3, 4, 9))
        >>> day.same_day(date_key(dt.date(2024, 3, 4))), day.same_day(time)
        (True, False)
        """
        return self.to_the_day and other.to_the_day and self.first == other.first


_UNDATED = DateKey(math.nan, math.nan, 0, 0, 0)


def date_key(date: DateValue | None) -> DateKey:
    """``date`` as :class:`DateKey` numbers.

    >>> date_key(dt.datetime(1970, 1, 2, 0, 0, 1))
    DateKey(first=719164.0, end=719165.0, clock=1, day=1, micro=1000000)
    >>> date_key(PartialDate(1970))
    DateKey(first=719163.0, end=719528.0, clock=0, day=0, micro=0)
    """
    if date is None:
        return _UNDATED
    first, end = (float(day) for day in span(date))
    if isinstance(date, dt.datetime):
        since = _instant(date)
        micro = since.seconds * 1_000_000 + since.microseconds
        return DateKey(first, end, 2 if _aware(date) else 1, since.days, micro)
    return DateKey(first, end, 0, 0, 0)


def before(a: DateKey, b: DateKey) -> bool:
    """Whether the date of key ``a`` is earlier than that of ``b``: ``order(x, y) < 0``
    for ``a = date_key(x)``, ``b = date_key(y)``."""
    if a.clock == b.clock and a.clock > 0:
        return a.day < b.day or (a.day == b.day and a.micro < b.micro)
    return a.end <= b.first


def after_another(keys: Sequence[DateKey] | npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Whether each of ``keys`` comes after another of them: ``before_matrix(keys)
    .any(axis=0)``, in linear time. Two times of the same kind (both with a zone, or
    neither) are ordered by their instants, so a time comes after another when an
    earlier one of its kind exists; any other pair is ordered by the days they span,
    so a date comes after another when a date of another kind (or any, without a
    time) ends before it begins. Undated keys come after none and before none.

    >>> keys = [date_key(dt.date(2024, 3, 4)), date_key(dt.date(2024, 3, 5)), date_key(None)]
    >>> after_another(keys).tolist()
    [False, True, False]
    """
    first, end, clock, day, micro = np.asarray(keys, dtype=np.float64).reshape(-1, 5).T
    after = np.zeros(len(first), dtype=bool)
    if not len(first):
        return after
    dated = ~np.isnan(end)
    for kind in np.unique(clock).tolist():
        mine = clock == kind
        # By days: against every key of another kind, or any when there is no time.
        others = dated & (~mine if kind > 0 else np.ones(len(first), dtype=bool))
        if others.any():
            with np.errstate(invalid="ignore"):  # NaN: undated, after nothing
                after[mine] |= end[others].min() <= first[mine]
        if kind > 0:  # by instants, within the kind
            earliest = np.lexsort((micro[mine], day[mine]))[0]
            d, m = day[mine][earliest], micro[mine][earliest]
            after[mine] |= (day[mine] > d) | ((day[mine] == d) & (micro[mine] > m))
    return after


def before_matrix(
    keys: Sequence[DateKey] | npt.ArrayLike, others: Sequence[DateKey] | npt.ArrayLike | None = None
) -> npt.NDArray[np.bool_]:
    """``m[i, j]``: :func:`before` of ``keys[i]`` and ``others[j]`` (``keys`` again
    without them), for every pair at once."""
    first, end, clock, day, micro = np.asarray(keys, dtype=np.float64).reshape(-1, 5).T
    if others is None:
        first_, clock_, day_, micro_ = first, clock, day, micro
    else:
        first_, _, clock_, day_, micro_ = np.asarray(others, dtype=np.float64).reshape(-1, 5).T
    timed = (clock[:, None] == clock_[None, :]) & (clock[:, None] > 0)
    same_day = day[:, None] == day_[None, :]
    by_time = (day[:, None] < day_[None, :]) | (same_day & (micro[:, None] < micro_[None, :]))
    with np.errstate(invalid="ignore"):  # NaN: undated, never before anything
        by_days = end[:, None] <= first_[None, :]
    result: npt.NDArray[np.bool_] = np.where(timed, by_time, by_days)
    return result
