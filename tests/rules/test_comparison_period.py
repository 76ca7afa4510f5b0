"""The period rule: the latest comparator period ending on or before the quarter's last day, within the look-back.

Worked from the calendar: 2023-24 Q3 ends 31 December 2023, Q2 30 September
2023, Q4 31 March 2024, and 2024-25 Q1 30 June 2024. 24 months before 31
December 2023 is 31 December 2021; 23 months before is 31 January 2022.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from perflib.inputs.comparator_periods import Period
from perflib.rules.comparison_period import ComparatorPeriods, choose_period

D = dt.date
CAL = {y: Period("calendar_year", D(y, 1, 1), D(y, 12, 31)) for y in range(2019, 2025)}
FY23 = Period("financial_year", D(2023, 4, 1), D(2024, 3, 31))
Q4 = Period("quarter", D(2024, 1, 1), D(2024, 3, 31))


def test_a_period_ending_exactly_on_the_quarter_end_is_used():
    # 2023-24 Q3 ends 31 December 2023, the last day of calendar 2023: 2023 is used; 2024 has not ended
    assert choose_period([CAL[2021], CAL[2022], CAL[2023], CAL[2024]], "2023-24 Q3", 24) == CAL[2023]
    # 2023-24 Q2 ends 30 September 2023: calendar 2023 has not ended, so 2022
    assert choose_period([CAL[2022], CAL[2023]], "2023-24 Q2", 24) == CAL[2022]


def test_look_back_boundary():
    # calendar 2021 ends 31 December 2021, exactly 24 months before 31 December 2023: it counts
    assert choose_period([CAL[2021]], "2023-24 Q3", 24) == CAL[2021]
    # with 23 months the earliest end is 31 January 2022, so 2021 is too old
    assert choose_period([CAL[2021]], "2023-24 Q3", 23) is None
    # 2024-25 Q1 ends 30 June 2024; 2021 ended 30 months before: beyond 24, inside 36
    assert choose_period([CAL[2021]], "2024-25 Q1", 24) is None
    assert choose_period([CAL[2021]], "2024-25 Q1", 36) == CAL[2021]
    assert choose_period([], "2023-24 Q3", 24) is None


def test_the_shorter_of_two_periods_ending_the_same_day():
    # 2023-24 Q4 and the financial year 2023-24 both end 31 March 2024: the quarter
    assert choose_period([FY23, Q4, CAL[2023]], "2023-24 Q4", 24) == Q4
    # a year ending after the quarter (FY 2023-24 at Q3) is never used
    assert choose_period([FY23, CAL[2022]], "2023-24 Q3", 24) == CAL[2022]


def _table() -> pd.DataFrame:
    rows = [  # area, value, period
        ("OWN", None, CAL[2023]),  # the council's 2023 figure is suppressed
        ("A01", 50.0, CAL[2023]),
        ("A02", None, CAL[2023]),
        ("OWN", 40.0, CAL[2022]),
        ("A01", 45.0, CAL[2022]),
        ("OWN", 30.0, CAL[2024]),
    ]
    return pd.DataFrame(
        {
            "area_code": [r[0] for r in rows],
            "indicator_id": "XX01",
            "value": [r[1] for r in rows],
            "missing": ["c" if r[1] is None else "" for r in rows],
            "period_type": [r[2].period_type for r in rows],
            "period_start": [r[2].start for r in rows],
            "period_end": [r[2].end for r in rows],
        }
    )


def test_the_group_decides_the_period_and_the_rule_never_falls_back_for_the_council():
    # At 2023-24 Q3, calendar 2023 has a figure (A01), so it is the period, although the council's is suppressed:
    # the rule does not go back to 2022 to find the council's figure.
    periods = ComparatorPeriods(_table())
    period = periods.period("XX01", "2023-24 Q3", 24)
    assert period == CAL[2023]
    rows = periods.rows("XX01", period)
    assert rows["area_code"].tolist() == ["A01", "A02", "OWN"]
    assert rows.loc[rows["value"].notna(), "area_code"].tolist() == ["A01"]
    # a period in which nobody has a figure does not count: at 2023-24 Q2 it is 2022
    assert periods.period("XX01", "2023-24 Q2", 24) == CAL[2022]
    assert periods.period("QQ01", "2023-24 Q3", 24) is None
    assert periods.rows("QQ01", CAL[2023]).empty
    assert ComparatorPeriods(_table().iloc[0:0]).period("XX01", "2023-24 Q3", 24) is None
