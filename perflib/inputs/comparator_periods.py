"""Comparator periods: what a published period label means, and which one a report quarter uses.

Government releases label their periods in several ways. Every label is read
into a :class:`Period` with a type and its first and last day:

==================  ===========================================  =====================
type                written as                                   covers
==================  ===========================================  =====================
``calendar_year``   ``2019``; DfE ``2019`` + ``Calendar year``    1 January - 31 December
``academic_year``   ``2019/20``, ``2019-20``, ``201920`` (with     1 September - 31 August
                    DfE ``Academic year``, or a mapping saying so)
``financial_year``  ``2023-24``, ``2023/24``, ``202324``; DfE      1 April - 31 March
                    ``Financial year``
``quarter``         ``2023-24 Q3``, ``Q3 2023-24``, DfE ``202324`` three months; on a two-year
                    + ``Financial year Q3`` or ``Quarter 3``;      label a financial quarter
                    ``2023 Q1``, DfE ``2023`` + ``Calendar year    (Q1 April-June), on one
                    Q1`` or ``Quarter 1``                         year a calendar quarter
                                                                 (Q1 January-March)
``month``           ``January 2024``, ``Jan 2024``; ``2024-01``    the month
                    with type ``month``; DfE ``2024`` +
                    ``January``
==================  ===========================================  =====================

A two-year label with nothing to say which kind of year it is (``2019/20``)
is a financial year, perflib's own convention; a mapping can say
``year_type: academic_year``. Which period a report quarter is compared on is
a rule of the methodology: :mod:`perflib.rules.comparison_period`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from perflib.core.quarters import Quarter

PERIOD_TYPES: tuple[str, ...] = ("calendar_year", "academic_year", "financial_year", "quarter", "month")
MONTHS: tuple[str, ...] = tuple(calendar.month_name[1:])
_MONTH_NUMBER = (
    {name.lower(): i for i, name in enumerate(MONTHS, 1)}
    | {name[:3].lower(): i for i, name in enumerate(MONTHS, 1)}
    | {"sept": 9}
)
#: Words used for a period type in files (DfE ``time_identifier`` and plain names), lower case.
_KIND_WORDS = {
    "calendar year": "calendar_year",
    "calendar_year": "calendar_year",
    "calendar": "calendar_year",
    "academic year": "academic_year",
    "academic_year": "academic_year",
    "academic": "academic_year",
    "financial year": "financial_year",
    "financial_year": "financial_year",
    "financial": "financial_year",
    "quarter": "quarter",
    "month": "month",
}

_ONE_YEAR = re.compile(r"^(\d{4})$")
_TWO_YEAR = re.compile(r"^(\d{4})\s*(?:[-/]\s*(\d{2}|\d{4})|(\d{2}))$")
_QUARTER_WORD = r"(?:q|quarter\s*)([1-4])"
_QUARTER_AFTER = re.compile(rf"^(.+?)[\s-]+{_QUARTER_WORD}$", re.I)
_QUARTER_BEFORE = re.compile(rf"^{_QUARTER_WORD}[\s-]+(.+)$", re.I)
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$", re.I)
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_KIND_QUARTER = re.compile(r"^(?:(calendar|financial|academic)\s+year\s+)?" + _QUARTER_WORD + "$", re.I)


class PeriodError(ValueError):
    """A period label that perflib cannot read."""


@dataclass(frozen=True, order=True)
class Period:
    """A comparator period: its type and its first and last day.

    Attributes
    ----------
    period_type : str
        One of :data:`PERIOD_TYPES`.
    start, end : datetime.date
        First and last day.
    """

    period_type: str
    start: dt.date
    end: dt.date

    @property
    def months(self) -> int:
        """Length in whole months (12 for a year, 3 for a quarter)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def words(self) -> str:
        """The period in words for the report, e.g. ``"calendar year 2022"``."""
        return period_words(self)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when the day is a month's last day).

    Parameters
    ----------
    day : datetime.date
    months : int

    Returns
    -------
    datetime.date
        e.g. 31 December 2023 less 24 months is 31 December 2021; 30 June less
        4 months is 28 (or 29) February.
    """
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    is_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if is_month_end else min(day.day, last))


def _year_period(start_year: int, period_type: str) -> Period:
    """The calendar, academic or financial year starting in ``start_year`` (2019 for 2019/20)."""
    first_month = {"calendar_year": 1, "academic_year": 9, "financial_year": 4}[period_type]
    start = dt.date(start_year, first_month, 1)
    return Period(period_type, start, dt.date(start_year + 1, first_month, 1) - dt.timedelta(days=1))


def _quarter_period(year: int, q: int, financial: bool) -> Period:
    """Quarter ``q`` of a financial year (``year`` its first year; Q1 April-June) or a calendar year."""
    if financial:
        quarter = Quarter(year, q)
        return Period("quarter", quarter.start_date, quarter.end_date)
    month = 3 * (q - 1) + 1
    return Period("quarter", dt.date(year, month, 1), _month_end(year, month + 2))


def _month_period(year: int, month: int) -> Period:
    """The calendar month ``month`` (1-12) of ``year``."""
    return Period("month", dt.date(year, month, 1), _month_end(year, month))


def _start_of_two_year(text: str) -> int | None:
    """First year of ``2019/20``, ``2019-20``, ``2019-2020`` or ``201920`` (the years must follow on)."""
    m = _TWO_YEAR.match(text.strip())
    if not m:
        return None
    first = int(m.group(1))
    second = m.group(2) or m.group(3)
    follows = (first + 1) % 100 == int(second) if len(second) == 2 else first + 1 == int(second)
    if not follows:
        raise PeriodError(f"{text!r}: the second year must follow the first (e.g. {first}-{(first + 1) % 100:02d})")
    return first


def _one_year(text: str) -> int | None:
    m = _ONE_YEAR.match(text.strip())
    return int(m.group(1)) if m else None


def normalise_kind(kind: str | None) -> str | None:
    """A period-type word from a file or mapping in perflib's terms, or None when blank.

    Parameters
    ----------
    kind : str or None
        ``"Calendar year"`` and ``"calendar_year"`` give ``"calendar_year"``; a
        quarter (``"Financial year Q3"``, ``"Quarter 3"``) gives ``"quarter"``;
        a month name gives ``"month"``.

    Returns
    -------
    str or None
        One of :data:`PERIOD_TYPES`.

    Raises
    ------
    PeriodError
        For a word perflib does not know (e.g. DfE ``"Tax year"`` or terms).
    """
    if kind is None or not str(kind).strip():
        return None
    word = " ".join(str(kind).strip().lower().split())
    if word in _KIND_WORDS:
        return _KIND_WORDS[word]
    if _KIND_QUARTER.match(word):
        return "quarter"
    if word in _MONTH_NUMBER:
        return "month"
    raise PeriodError(
        f"{kind!r} is not a period type perflib reads (calendar, academic or financial year, quarter or month)"
    )


def _parse_with_kind(text: str, kind: str) -> Period:
    """A period whose type is given, e.g. DfE ``time_period`` with its ``time_identifier``."""
    word = " ".join(kind.strip().lower().split())
    norm = normalise_kind(kind)
    if norm in ("academic_year", "financial_year"):
        start = _start_of_two_year(text)
        if start is None:
            raise PeriodError(f"{text!r} is not a two-year period such as 201920 or 2019/20 (for {kind!r})")
        return _year_period(start, norm)
    if norm == "calendar_year":
        year = _one_year(text)
        if year is None:
            raise PeriodError(f"{text!r} is not a year such as 2019 (for {kind!r})")
        return _year_period(year, "calendar_year")
    if norm == "month":
        year, numeric = _one_year(text), _YEAR_MONTH.match(text.strip())
        if word in _MONTH_NUMBER and year is not None:
            return _month_period(year, _MONTH_NUMBER[word])
        if numeric and 1 <= int(numeric.group(2)) <= 12:  # 2024-01 only when the type says month
            return _month_period(int(numeric.group(1)), int(numeric.group(2)))
        return _parse_free(text)
    if norm == "quarter":
        return _quarter_with_kind(text, word)
    raise PeriodError(f"{text!r} with period type {kind!r} cannot be read")


def _quarter_with_kind(text: str, word: str) -> Period:
    m = _KIND_QUARTER.match(word)
    if not m:  # "quarter" alone: the label itself says which quarter
        return _parse_free(text)
    year_kind, q = m.group(1), int(m.group(2))
    if year_kind == "academic":
        raise PeriodError(f"{text!r}: academic-year quarters are not read by perflib")
    start = _start_of_two_year(text)
    if start is not None and year_kind != "calendar":
        return _quarter_period(start, q, financial=True)
    year = _one_year(text)
    if year is not None and year_kind != "financial":
        return _quarter_period(year, q, financial=False)
    raise PeriodError(
        f"{text!r} does not fit {word!r} (a financial quarter needs a year such as 202324, "
        "a calendar quarter one such as 2023)"
    )


def _parse_quarter_text(text: str) -> Period | None:
    m = _QUARTER_AFTER.match(text) or _QUARTER_BEFORE.match(text)
    if not m:
        return None
    year_text, q = (m.group(1), int(m.group(2))) if m.re is _QUARTER_AFTER else (m.group(2), int(m.group(1)))
    start = _start_of_two_year(year_text)
    if start is not None:
        return _quarter_period(start, q, financial=True)
    year = _one_year(year_text)
    if year is not None:
        return _quarter_period(year, q, financial=False)
    return None


def _parse_month_text(text: str) -> Period | None:
    m = _MONTH_YEAR.match(text)
    if m and m.group(1).lower() in _MONTH_NUMBER:
        return _month_period(int(m.group(2)), _MONTH_NUMBER[m.group(1).lower()])
    return None


def _parse_free(text: str, two_year_type: str = "financial_year") -> Period:
    """A period from its label alone."""
    clean = " ".join(text.strip().split())
    found = _parse_quarter_text(clean) or _parse_month_text(clean)
    if found is not None:
        return found
    year = _one_year(clean)
    if year is not None:
        return _year_period(year, "calendar_year")
    start = _start_of_two_year(clean)
    if start is not None:
        return _year_period(start, two_year_type)
    raise PeriodError(f"{text!r} is not a period perflib reads (e.g. 2019, 2019/20, 201920, 2023-24 Q3, January 2024)")


def parse_period(text: str, kind: str | None = None, two_year_type: str = "financial_year") -> Period:
    """Read a published period label.

    Parameters
    ----------
    text : str
        The label, e.g. ``"2019"``, ``"201920"``, ``"2019/20"``, ``"2023-24 Q3"``,
        ``"January 2024"``.
    kind : str, optional
        What the file says the period is: a DfE ``time_identifier``
        (``"Calendar year"``, ``"Academic year"``, ``"Financial year"``,
        ``"Financial year Q3"``, ``"Quarter 3"``, ``"January"``) or one of
        :data:`PERIOD_TYPES`. Blank: read from the label alone.
    two_year_type : str
        What a bare two-year label (``2019/20``) means: ``"financial_year"``
        (default) or ``"academic_year"``.

    Returns
    -------
    Period

    Raises
    ------
    PeriodError
        If the label cannot be read, or does not fit ``kind``.
    """
    label = str(text).strip()
    if normalise_kind(kind) is None:
        return _parse_free(label, two_year_type)
    return _parse_with_kind(label, str(kind))


def period_words(period: Period) -> str:
    """The period in words for the report.

    Parameters
    ----------
    period : Period

    Returns
    -------
    str
        Examples: ``"calendar year 2022"``, ``"academic year 2019/20"``,
        ``"financial year 2023-24"``, ``"January 2024"``. A quarter is
        named as the financial quarter it is, whichever way the file wrote it:
        ``"2022-23 Q4 (January to March 2023)"`` for calendar 2023 Q1.
    """
    start, end = period.start, period.end
    if period.period_type == "calendar_year":
        return f"calendar year {start.year}"
    if period.period_type == "academic_year":
        return f"academic year {start.year}/{(start.year + 1) % 100:02d}"
    if period.period_type == "financial_year":
        return f"financial year {start.year}-{(start.year + 1) % 100:02d}"
    if period.period_type == "month":
        return f"{start:%B %Y}"
    if period.months == 3 and start.month in (1, 4, 7, 10):
        fy = Quarter(start.year if start.month >= 4 else start.year - 1, {4: 1, 7: 2, 10: 3, 1: 4}[start.month])
        return f"{fy.label} ({fy.months})"
    return f"{start:%B %Y} to {end:%B %Y}"
