"""Comparator period labels of every type read into their first and last day, worked out from the calendar.

Academic years run 1 September - 31 August, financial years 1 April - 31 March;
a two-year label with nothing to say which kind is a financial year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from perflib.inputs.comparator_periods import Period, PeriodError, months_before, parse_period

D = dt.date


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("2019", None, Period("calendar_year", D(2019, 1, 1), D(2019, 12, 31))),
        ("2019", "Calendar year", Period("calendar_year", D(2019, 1, 1), D(2019, 12, 31))),
        ("201920", "Academic year", Period("academic_year", D(2019, 9, 1), D(2020, 8, 31))),
        ("2019/20", "academic_year", Period("academic_year", D(2019, 9, 1), D(2020, 8, 31))),
        ("202324", "Financial year", Period("financial_year", D(2023, 4, 1), D(2024, 3, 31))),
        ("2019/20", None, Period("financial_year", D(2019, 4, 1), D(2020, 3, 31))),  # perflib's convention
        ("2019-20", None, Period("financial_year", D(2019, 4, 1), D(2020, 3, 31))),
        ("2011-12", None, Period("financial_year", D(2011, 4, 1), D(2012, 3, 31))),  # not December 2011
        ("2023-24 Q3", None, Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
        ("2023-24-Q3", None, Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
        ("Q3 2023/24", None, Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
        ("202324", "Financial year Q3", Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
        ("202324", "Quarter 1", Period("quarter", D(2023, 4, 1), D(2023, 6, 30))),  # financial Q1: Apr-Jun
        ("2023", "Quarter 1", Period("quarter", D(2023, 1, 1), D(2023, 3, 31))),  # calendar Q1: Jan-Mar
        ("2023", "Calendar year Q4", Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
        ("January 2024", None, Period("month", D(2024, 1, 1), D(2024, 1, 31))),
        ("2024", "February", Period("month", D(2024, 2, 1), D(2024, 2, 29))),  # a leap year
        ("2024-03", "month", Period("month", D(2024, 3, 1), D(2024, 3, 31))),
    ],
)
def test_periods_of_every_type(text, kind, expected):
    assert parse_period(text, kind) == expected


def test_a_bare_two_year_label_can_be_an_academic_year():
    assert parse_period("2019/20", two_year_type="academic_year") == Period(
        "academic_year", D(2019, 9, 1), D(2020, 8, 31)
    )


def test_period_words_for_the_report():
    assert parse_period("2022", "Calendar year").words == "calendar year 2022"
    assert parse_period("201920", "Academic year").words == "academic year 2019/20"
    assert parse_period("202324", "Financial year").words == "financial year 2023-24"
    assert parse_period("2023-24 Q3").words == "2023-24 Q3 (October to December 2023)"
    # a calendar quarter is named as the financial quarter it is
    assert parse_period("2023", "Calendar year Q1").words == "2022-23 Q4 (January to March 2023)"
    assert parse_period("2024", "January").words == "January 2024"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2019-21", None),
        ("nonsense", None),
        ("2019", "Academic year"),
        ("201920", "Calendar year"),
        ("2019", "Tax year"),
        ("", None),
    ],
)
def test_unreadable_periods_raise_period_error(text, kind):
    with pytest.raises(PeriodError):
        parse_period(text, kind)


def test_months_before_keeps_month_ends():
    assert months_before(D(2023, 12, 31), 24) == D(2021, 12, 31)
    assert months_before(D(2024, 6, 30), 4) == D(2024, 2, 29)  # 30 June is a month end: so is 29 February
    assert months_before(D(2023, 12, 31), 23) == D(2022, 1, 31)
    assert months_before(D(2023, 12, 15), 2) == D(2023, 10, 15)
