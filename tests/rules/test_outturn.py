"""The year-end outturn of each measure type, the figure so far, and the year-end target, worked by hand.

Every expected number is worked out in the comments from the figures written
in the test (docs/methodology.md section 10), never copied from the code's output.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from forecast_frames import panel, pi

from perflib.rules.outturn import meets_target, outturn_rule, year_end_targets, year_figures


def year_row(specs: list[dict], fy: int, code: str, last: str = "2020-21 Q4") -> pd.Series:
    table = year_figures(panel(specs, "2019-20 Q1", last))
    return table[(table["pi_code"] == code) & (table["fy_start"] == fy)].iloc[0]


def test_cumulative_count_is_the_sum_of_the_quarters():
    # 100 + 120 + 90 + 110 = 420; so far: Q1 100, Q2 100 + 120 = 220, Q3 220 + 90 = 310
    row = year_row([pi("CC01", "cumulative", "count", "higher", {2019: [100, 120, 90, 110]}, decimals=0)], 2019, "CC01")
    assert row["rule"] == "sum"
    assert [row[f"so_far_{k}"] for k in (1, 2, 3, 4)] == [100, 220, 310, 420]
    assert row["outturn"] == 420


def test_cumulative_rate_is_pooled():
    # 40/100, 45/100, 38/100, 50/200: 173 / 500 = 34.6%, not the mean of the rates
    # (40 + 45 + 38 + 25) / 4 = 37.0. At Q3: (40 + 45 + 38) / 300 = 123 / 300 = 41.0%.
    figures = {2019: [(40, 100), (45, 100), (38, 100), (50, 200)]}
    row = year_row([pi("CR01", "cumulative", "percent", "higher", figures, ratio=True)], 2019, "CR01")
    assert row["rule"] == "pooled"
    assert row["so_far_3"] == pytest.approx(41.0)
    assert row["outturn"] == 34.6


def test_in_quarter_rate_is_pooled():
    # 90/100, 80/100, 170/200, 95/100: 435 / 500 = 87.0%; the mean of the four rates would be
    # (90 + 80 + 85 + 95) / 4 = 87.5. So far at Q2: 170 / 200 = 85.0%.
    figures = {2019: [(90, 100), (80, 100), (170, 200), (95, 100)]}
    row = year_row([pi("IR01", "in_quarter", "percent", "higher", figures, ratio=True)], 2019, "IR01")
    assert row["rule"] == "pooled"
    assert row["so_far_2"] == pytest.approx(85.0)
    assert row["outturn"] == 87.0


def test_in_quarter_without_denominator_is_the_mean():
    # (172 + 127 + 114 + 170) / 4 = 583 / 4 = 145.75, published to 0 decimals (halves up): 146.
    # So far at Q2: (172 + 127) / 2 = 149.5.
    figures = {2019: [172, 127, 114, 170]}
    row = year_row([pi("IM01", "in_quarter", "seconds", "lower", figures, decimals=0)], 2019, "IM01")
    assert row["rule"] == "mean"
    assert row["so_far_2"] == pytest.approx(149.5)
    assert row["so_far_4"] == pytest.approx(145.75)
    assert row["outturn"] == 146


def test_in_quarter_count_is_the_mean_quarter():
    # Incidents 1,300, 1,200, 1,150 and 1,251 a quarter: 4,901 / 4 = 1,225.25, published as 1,225.
    # Against a target of 1,250 a quarter (lower is better) this meets it, exactly as the year's
    # total of 4,901 meets four quarters' targets, 5,000.
    figures = {2019: [1300, 1200, 1150, 1251]}
    row = year_row([pi("IC01", "in_quarter", "count", "lower", figures, decimals=0)], 2019, "IC01")
    assert row["rule"] == "mean" and row["outturn"] == 1225
    assert meets_target(np.array([row["outturn"]]), "lower", 1250.0, np.nan).tolist() == [True]


def test_snapshot_is_the_q4_position():
    # positions 10.7, 12.4, 10.8, 9.9: the year ends at 9.9; so far at Q2 is Q2's own position
    figures = {2019: [10.7, 12.4, 10.8, 9.9]}
    row = year_row([pi("SN01", "snapshot", "percent", "range", figures, upper=12)], 2019, "SN01")
    assert row["rule"] == "last"
    assert row["so_far_2"] == 12.4
    assert row["outturn"] == 9.9


def test_a_snapshot_rate_with_a_denominator_is_still_the_q4_position():
    # 45/50 = 90.0% at Q4 ends the year, whatever the other quarters were (not pooled: 60/100 etc.)
    figures = {2019: [(60, 100), (70, 100), (80, 100), (45, 50)]}
    row = year_row([pi("SR01", "snapshot", "percent", "higher", figures, ratio=True)], 2019, "SR01")
    assert row["rule"] == "last" and row["outturn"] == 90.0


def test_a_missing_quarter_leaves_the_year_incomplete_except_for_snapshots():
    specs = [
        pi("IM01", "in_quarter", "number", "higher", {2019: [10, None, 12, 14]}),
        pi("SN01", "snapshot", "number", "higher", {2019: [10, None, 12, 14]}),
    ]
    im, sn = year_row(specs, 2019, "IM01"), year_row(specs, 2019, "SN01")
    # in quarter: no Q2, so nothing from Q2 on, and the gap is Q2
    assert math.isnan(im["so_far_2"]) and math.isnan(im["outturn"]) and im["gap_4"] == 2 and im["gap_1"] == 0
    # a snapshot needs only its own quarter
    assert sn["so_far_3"] == 12 and sn["outturn"] == 14 and sn["gap_2"] == 2 and sn["gap_4"] == 0


def test_a_rate_without_numerator_and_denominator_cannot_be_pooled():
    # Q2 gives 80.0% but no numerator and denominator: the pooled rate stops at Q1, and the gap says why.
    figures = {2019: [(90, 100), (None, 80.0), (85, 100), (95, 100)]}
    row = year_row([pi("IR01", "in_quarter", "percent", "higher", figures, ratio=True)], 2019, "IR01")
    assert row["so_far_1"] == 90.0 and math.isnan(row["so_far_2"]) and math.isnan(row["outturn"])
    assert row["gap_4"] == 2 and bool(row["gap_value_4"]) and not bool(row["gap_value_1"])


def test_zero_is_a_figure():
    # a count of 0 in every quarter is an outturn of 0, not missing
    row = year_row([pi("CC01", "cumulative", "count", "lower", {2019: [0, 0, 0, 0]}, decimals=0)], 2019, "CC01")
    assert row["outturn"] == 0 and row["gap_4"] == 0


def test_a_quarter_not_due_is_not_used():
    # an annual PI reports only at Q4: figures on rows where it is not due are ignored, so there is
    # no figure so far (the gap is Q1) and no mean of four quarters (annual PIs get no forecast anyway)
    p = panel(
        [pi("AN01", "in_quarter", "number", "higher", {2019: [None, None, None, 60.0]}, frequency="annual")],
        "2019-20 Q1",
        "2019-20 Q4",
    )
    p.loc[~p["due"], "quarter_value"] = 5.0
    row = year_figures(p).iloc[0]
    assert math.isnan(row["so_far_3"]) and row["gap_3"] == 1 and math.isnan(row["outturn"])


def test_outturn_rule_by_measure_type():
    frame = pd.DataFrame(
        {
            "measure_type": ["cumulative", "cumulative", "in_quarter", "in_quarter", "snapshot", "snapshot"],
            "denominator_label": [pd.NA, "cases", "cases", pd.NA, "cases", pd.NA],
        }
    )
    assert outturn_rule(frame).tolist() == ["sum", "pooled", "pooled", "mean", "last", "last"]


def test_meets_target_edges():
    values = np.array([90.0, 89.9, 60.0, 60.1, 8.0, 12.0, 7.9, 12.1, np.nan])
    direction = np.array(["higher"] * 2 + ["lower"] * 2 + ["range"] * 4 + ["higher"])
    target = np.array([90.0, 90.0, 60.0, 60.0, 8.0, 8.0, 8.0, 8.0, 90.0])
    upper = np.array([np.nan] * 4 + [12.0] * 4 + [np.nan])
    # exactly on target (or on either edge of the band) is met; a missing value is not
    assert meets_target(values, direction, target, upper).tolist() == [
        True,
        False,
        True,
        False,
        True,
        True,
        False,
        False,
        False,
    ]


def test_year_end_target_by_measure_type():
    # cumulative: Q4 profile 420 (not the year's 400); snapshot: Q4 profile 55; in quarter: the year's
    # 60 even with a Q4 profile of 70 (the year's mean is judged on the year's target); no profile: the year's.
    indicators = pd.DataFrame(
        {
            "pi_code": ["A", "B", "C", "D", "E"],
            "measure_type": ["cumulative", "snapshot", "in_quarter", "cumulative", "snapshot"],
            "good_direction": ["higher", "higher", "higher", "higher", "range"],
        }
    )
    cat = pd.DataFrame(
        {
            "pi_code": ["A", "B", "C", "D", "E"],
            "fy_start": [2023] * 5,
            "target": [400.0, 50.0, 60.0, 800.0, 8.0],
            "target_upper": [np.nan, np.nan, np.nan, np.nan, 12.0],
            "q4_target": [420.0, 55.0, 70.0, np.nan, np.nan],
        }
    )
    out = year_end_targets(cat, indicators)
    assert out["target"].tolist() == [420.0, 55.0, 60.0, 800.0, 8.0]
    assert out["fy_start"].tolist() == [2023] * 5
    assert out["target_upper"].iloc[4] == 12.0 and out["target_upper"].iloc[:4].isna().all()
