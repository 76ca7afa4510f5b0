"""Year-end outturn and forecasts against hand-worked examples (docs/forecast.md).

Every expected number is worked out by hand in the comments from the figures
written in the test, never copied from the code's output.
"""

import math

import numpy as np
import pandas as pd
import pytest
from forecast_frames import panel, pi

from perflib.forecast import COLUMNS, DEFAULTS, forecast_outturns, resolve_settings
from perflib.outturn import meets_target, round_half_up, year_end_targets, year_figures
from perflib.quarters import Quarter

Q = Quarter.parse


def one(frame: pd.DataFrame, code: str) -> pd.Series:
    return frame.set_index("pi_code").loc[code]


def year_row(specs: list[dict], fy: int, code: str, last: str = "2020-21 Q4") -> pd.Series:
    table = year_figures(panel(specs, "2019-20 Q1", last))
    return table[(table["pi_code"] == code) & (table["fy_start"] == fy)].iloc[0]


# --------------------------------------------------------------------------- outturn by measure type
def test_outturn_cumulative_count_is_the_sum_of_the_quarters():
    # 100 + 120 + 90 + 110 = 420; so far: Q1 100, Q2 220, Q3 310
    row = year_row([pi("CC01", "cumulative", "count", "higher", {2019: [100, 120, 90, 110]}, decimals=0)],
                   2019, "CC01")
    assert row["rule"] == "sum"
    assert [row[f"so_far_{k}"] for k in (1, 2, 3)] == [100, 220, 310]
    assert row["outturn"] == 420


def test_outturn_cumulative_rate_is_pooled():
    # 40/100, 45/100, 38/100, 50/200: 173 / 500 = 34.6%, not the mean of the rates
    # (40 + 45 + 38 + 25) / 4 = 37.0. At Q3: 123 / 300 = 41.0%.
    figures = {2019: [(40, 100), (45, 100), (38, 100), (50, 200)]}
    row = year_row([pi("CR01", "cumulative", "percent", "higher", figures, ratio=True)], 2019, "CR01")
    assert row["rule"] == "pooled"
    assert row["so_far_3"] == pytest.approx(41.0)
    assert row["outturn"] == 34.6


def test_outturn_in_quarter_rate_is_pooled():
    # 90/100, 80/100, 170/200, 95/100: 435 / 500 = 87.0%; the mean of the four rates would be
    # (90 + 80 + 85 + 95) / 4 = 87.5.
    figures = {2019: [(90, 100), (80, 100), (170, 200), (95, 100)]}
    row = year_row([pi("IR01", "in_quarter", "percent", "higher", figures, ratio=True)], 2019, "IR01")
    assert row["rule"] == "pooled"
    assert row["outturn"] == 87.0


def test_outturn_in_quarter_without_denominator_is_the_mean():
    # (172 + 127 + 114 + 170) / 4 = 583 / 4 = 145.75, published to 0 decimals (halves up): 146
    row = year_row([pi("IM01", "in_quarter", "seconds", "lower", {2019: [172, 127, 114, 170]}, decimals=0)],
                   2019, "IM01")
    assert row["rule"] == "mean"
    assert row["so_far_4"] == pytest.approx(145.75)
    assert row["outturn"] == 146


def test_outturn_snapshot_is_the_q4_position():
    # positions 10.7, 12.4, 10.8, 9.9: the year ends at 9.9
    row = year_row([pi("SN01", "snapshot", "percent", "range", {2019: [10.7, 12.4, 10.8, 9.9]}, upper=12)],
                   2019, "SN01")
    assert row["rule"] == "last"
    assert row["so_far_2"] == 12.4
    assert row["outturn"] == 9.9


def test_a_missing_quarter_leaves_the_year_incomplete_except_for_snapshots():
    specs = [pi("IM01", "in_quarter", "number", "higher", {2019: [10, None, 12, 14]}),
             pi("SN01", "snapshot", "number", "higher", {2019: [10, None, 12, 14]})]
    im, sn = year_row(specs, 2019, "IM01"), year_row(specs, 2019, "SN01")
    assert math.isnan(im["so_far_2"]) and math.isnan(im["outturn"]) and im["gap_4"] == 2
    assert sn["so_far_3"] == 12 and sn["outturn"] == 14 and sn["gap_2"] == 2 and sn["gap_4"] == 0


def test_round_half_up():
    assert list(round_half_up(np.array([62.25, 82.25, -0.5, 145.75]), np.array([1, 1, 0, 0]))) == [62.3, 82.3,
                                                                                                    -1.0, 146.0]


def test_meets_target_edges():
    values = np.array([90.0, 89.9, 60.0, 60.1, 8.0, 12.0, 7.9, 12.1])
    direction = np.array(["higher"] * 2 + ["lower"] * 2 + ["range"] * 4)
    target = np.array([90.0, 90.0, 60.0, 60.0, 8.0, 8.0, 8.0, 8.0])
    upper = np.array([np.nan] * 4 + [12.0] * 4)
    # exactly on target (or on either edge of the band) is met
    assert meets_target(values, direction, target, upper).tolist() == [True, False, True, False,
                                                                       True, True, False, False]


def test_year_end_target_is_the_q4_profile_else_the_year_target():
    cat = pd.DataFrame({"pi_code": ["A", "B"], "financial_year": ["2023-24", "2023-24"], "target": [400.0, 60.0],
                        "target_upper": [np.nan, np.nan], "q4_target": [420.0, np.nan]})
    out = year_end_targets(cat)
    assert out["target"].tolist() == [420.0, 60.0] and out["fy_start"].tolist() == [2023, 2023]


# --------------------------------------------------------------------------- point forecasts by measure type
LOOSE = {"min_pool_errors": 1}  # tiny panels: let a single earlier error set the interval


def test_forecast_cumulative_count_scales_the_year_to_date_by_the_seasonal_share():
    # Year to date at Q2 and outturn: 2020-21 200 of 400 (x2); 2021-22 100 of 800 (x8).
    # Geometric mean of the ratios: sqrt(2 x 8) = 4. 2022-23 so far 60 + 40 = 100, so 400:
    # the 100 so far plus 300 forecast for Q3 and Q4.
    figures = {2020: [100, 100, 100, 100], 2021: [50, 50, 350, 350], 2022: [60, 40]}
    p = panel([pi("CC01", "cumulative", "count", "higher", figures, decimals=0, target=350)],
              "2020-21 Q1", "2022-23 Q2")
    f = one(forecast_outturns(p, Q("2022-23 Q2").index, LOOSE), "CC01")
    assert f["forecast_method"] == "seasonal profile" and f["forecast_reason"] == ""
    assert f["forecast_outturn"] == 400
    assert f["forecast_n_past_years"] == 2


def test_forecast_cumulative_rate_adds_the_mean_offset_to_the_pooled_year_to_date():
    # At Q3: 2020-21 135/300 = 45.0 then 200/400 = 50.0 (+5); 2021-22 90/300 = 30.0 then 160/400 = 40.0 (+10).
    # Mean offset +7.5. 2022-23 at Q3: 165/300 = 55.0, so 62.5.
    figures = {2020: [(40, 100), (45, 100), (50, 100), (65, 100)],
               2021: [(30, 100), (30, 100), (30, 100), (70, 100)],
               2022: [(50, 100), (60, 100), (55, 100)]}
    p = panel([pi("CR01", "cumulative", "percent", "higher", figures, ratio=True)], "2020-21 Q1", "2022-23 Q3")
    assert one(forecast_outturns(p, Q("2022-23 Q3").index, LOOSE), "CR01")["forecast_outturn"] == 62.5


def test_forecast_in_quarter_pooled_rate():
    # Q1 then the year: 2020-21 90.0 then 350/400 = 87.5 (-2.5); 2021-22 80.0 then 300/400 = 75.0 (-5).
    # Mean offset -3.75; 2022-23 Q1 86.0, so 82.25, published as 82.3 (halves up).
    figures = {2020: [(90, 100), (80, 100), (85, 100), (95, 100)],
               2021: [(80, 100), (70, 100), (75, 100), (75, 100)],
               2022: [(86, 100)]}
    p = panel([pi("IR01", "in_quarter", "percent", "higher", figures, ratio=True)], "2020-21 Q1", "2022-23 Q1")
    assert one(forecast_outturns(p, Q("2022-23 Q1").index, LOOSE), "IR01")["forecast_outturn"] == 82.3


def test_forecast_snapshot_moves_the_latest_position_by_the_usual_change_to_q4():
    # Q2 then Q4: 2020-21 20 then 18 (-2); 2021-22 25 then 21 (-4). Mean -3; 2022-23 Q2 30, so 27.0.
    figures = {2020: [19, 20, 19, 18], 2021: [24, 25, 23, 21], 2022: [28, 30]}
    p = panel([pi("SN01", "snapshot", "percent", "lower", figures, target=25)], "2020-21 Q1", "2022-23 Q2")
    f = one(forecast_outturns(p, Q("2022-23 Q2").index, LOOSE), "SN01")
    assert f["forecast_outturn"] == 27.0
    assert f["forecast_rule"] == "position at the end of Q4"


# --------------------------------------------------------------------------- interval and probability
# In-quarter mean PI, one decimal, higher is better. Each year's Q1 and mean of the four quarters:
#   2019-20 10, 14, 10, 14: Q1 10, mean 12 (offset +2)
#   2020-21 12, 16, 12, 16: Q1 12, mean 14 (+2)
#   2021-22 11, 17, 11, 17: Q1 11, mean 14 (+3)
#   2022-23 Q1 13: offset (2 + 2 + 3) / 3 = 7/3, forecast 13 + 7/3 = 15.333 -> 15.3
# Earlier forecasts at Q1 (one past year is enough for these):
#   2020-21: 12 + 2 = 14 against 14: error 0
#   2021-22: 11 + (2 + 2) / 2 = 13 against 14: error +1
# Typical movement (mean of the last 4 quarter-to-quarter moves, scale_quarters=4):
#   at 2020-21 Q1: moves 4, 4, 4, |12 - 14| = 2 -> 3.5;    scaled error 0 / 3.5 = 0
#   at 2021-22 Q1: moves 4, 4, 4, |11 - 16| = 5 -> 4.25;   scaled error 1 / 4.25
#   at 2022-23 Q1: moves 6, 6, 6, |13 - 17| = 4 -> 5.5
# Outcomes: 15.333 + 5.5 x 0 = 15.333 (15.3) and 15.333 + 5.5 / 4.25 = 16.627 (16.6).
# 80% interval (linear between the two): 15.333 + 0.1 x 1.294 = 15.46 -> 15.5; 15.333 + 0.9 x 1.294 = 16.50 -> 16.5.
CAL = {"min_pool_errors": 2, "scale_quarters": 4}
IQ_FIGURES = {2019: [10, 14, 10, 14], 2020: [12, 16, 12, 16], 2021: [11, 17, 11, 17], 2022: [13]}


def iq_forecast(target: float) -> pd.Series:
    p = panel([pi("IQ01", "in_quarter", "number", "higher", IQ_FIGURES, target=target)], "2019-20 Q1", "2022-23 Q1")
    return one(forecast_outturns(p, Q("2022-23 Q1").index, CAL), "IQ01")


def test_interval_from_the_methods_own_earlier_errors():
    f = iq_forecast(16.0)
    assert f["forecast_outturn"] == 15.3
    assert (f["forecast_low"], f["forecast_high"]) == (15.5, 16.5)
    assert f["forecast_n_errors"] == 2 and f["forecast_n_past_years"] == 3
    assert "this PI's own earlier forecasts" in f["forecast_basis"]


@pytest.mark.parametrize("target,expected", [
    (16.0, 0.5),   # 15.3 misses, 16.6 meets
    (15.4, 0.5),   # 15.3 misses by 0.1
    (15.3, 1.0),   # 15.3 is exactly on target: met
    (16.7, 0.0),   # both miss
])
def test_probability_of_meeting_the_target(target, expected):
    assert iq_forecast(target)["forecast_p_meet"] == expected


# Range target, snapshot PI, Q1 then Q4:
#   2019-20 10 .. 14 (+4); 2020-21 12 .. 16 (+4); 2021-22 11 .. 17 (+6); 2022-23 Q1 6:
#   forecast 6 + 14/3 = 10.667 (10.7).
# Earlier forecasts: 2020-21 12 + 4 = 16 against 16 (0); 2021-22 11 + 4 = 15 against 17 (+2).
# Typical movement 3.5 and 4.25 as above, so scaled errors 0 and 2 / 4.25; now: moves 6, 6, 6, |6 - 17| = 11 -> 7.25.
# Outcomes 10.667 (10.7) and 10.667 + 7.25 x 2 / 4.25 = 14.078 (14.1).
@pytest.mark.parametrize("band,expected", [
    ((8.0, 12.0), 0.5),   # 10.7 inside, 14.1 above
    ((8.0, 14.1), 1.0),   # 14.1 exactly on the upper edge: inside
    ((10.8, 14.0), 0.0),  # 10.7 below, 14.1 above
])
def test_range_target_probability_is_landing_inside_the_band(band, expected):
    p = panel([pi("RG01", "snapshot", "number", "range", IQ_FIGURES | {2022: [6]}, target=band[0], upper=band[1])],
              "2019-20 Q1", "2022-23 Q1")
    f = one(forecast_outturns(p, Q("2022-23 Q1").index, CAL), "RG01")
    assert f["forecast_outturn"] == 10.7
    assert (f["forecast_target"], f["forecast_target_upper"]) == band
    assert f["forecast_p_meet"] == expected


# --------------------------------------------------------------------------- Q4 and No forecast
def test_q4_shows_the_actual_outturn():
    # 2020-21: 100 + 120 + 90 + 110 = 420 against 400: met. In-quarter mean (10 + 14 + 10 + 14) / 4 = 12 against 13.
    specs = [pi("CC01", "cumulative", "count", "higher", {2020: [100, 120, 90, 110]}, decimals=0, target=400),
             pi("IM01", "in_quarter", "number", "higher", {2020: [10, 14, 10, 14]}, target=13)]
    out = forecast_outturns(panel(specs, "2020-21 Q1", "2020-21 Q4"), Q("2020-21 Q4").index)
    cc, im = one(out, "CC01"), one(out, "IM01")
    assert cc["forecast_method"] == "actual" and bool(cc["forecast_actual"])
    assert (cc["forecast_outturn"], cc["forecast_low"], cc["forecast_high"], cc["forecast_p_meet"]) == (420, 420,
                                                                                                       420, 1.0)
    assert (im["forecast_outturn"], im["forecast_p_meet"]) == (12.0, 0.0)


def test_no_forecast_reasons():
    full = {2019: [10, 14, 10, 14], 2020: [12, 16, 12, 16], 2021: [11, 17, 11, 17], 2022: [13, 15]}
    specs = [
        pi("AN01", "in_quarter", "percent", "higher", {2019: [None, None, None, 60]}, frequency="annual"),
        pi("BI01", "in_quarter", "percent", "higher", {2019: [None, None, None, 60]}, frequency="biennial"),
        pi("NT01", "in_quarter", "number", "higher", full, targets={2022: None}),
        pi("FY01", "in_quarter", "number", "higher", {2021: [11, 17, 11, 17], 2022: [13, 15]}),
        pi("GP01", "in_quarter", "number", "higher", {**full, 2022: [None, 15]}),
        pi("ZE01", "cumulative", "count", "higher", {**full, 2022: [0, 0]}),
        pi("OK01", "in_quarter", "number", "higher", full),
    ]
    out = forecast_outturns(panel(specs, "2019-20 Q1", "2022-23 Q2"), Q("2022-23 Q2").index).set_index("pi_code")
    assert out["forecast_reason"].to_dict() == {
        "AN01": "annual PI: no within-year figures",
        "BI01": "biennial PI: no within-year figures",
        "NT01": "no target for 2022-23",
        "FY01": "fewer than two complete past years of figures",   # only 2021-22 is complete
        "GP01": "no usable figure for 2022-23 Q1",
        "ZE01": "the figure so far this year is zero, so last years' profile cannot be scaled",
        # a profile exists, but seven PIs give far fewer than 20 earlier errors
        "OK01": "too few earlier forecasts to set the interval",
    }
    assert (out["forecast_method"] == "No forecast").all()
    assert out[["forecast_outturn", "forecast_low", "forecast_high", "forecast_p_meet"]].isna().all().all()


def test_output_columns_and_panel_order():
    specs = [pi("ZZ01", "snapshot", "number", "higher", IQ_FIGURES), pi("AA01", "snapshot", "number", "higher",
                                                                        IQ_FIGURES)]
    out = forecast_outturns(panel(specs, "2019-20 Q1", "2022-23 Q1"), Q("2022-23 Q1").index, CAL)
    assert list(out.columns) == COLUMNS and out["pi_code"].tolist() == ["ZZ01", "AA01"]
    assert out["forecast_p_meet"].between(0, 1).all()


def test_later_rows_of_the_panel_are_ignored():
    # A panel running on to 2022-23 Q4 gives the same Q1 forecast as one cut at Q1.
    longer = IQ_FIGURES | {2022: [13, 40, 2, 99]}
    cut = panel([pi("IQ01", "in_quarter", "number", "higher", IQ_FIGURES)], "2019-20 Q1", "2022-23 Q1")
    full = panel([pi("IQ01", "in_quarter", "number", "higher", longer)], "2019-20 Q1", "2022-23 Q4")
    index = Q("2022-23 Q1").index
    pd.testing.assert_frame_equal(forecast_outturns(cut, index, CAL), forecast_outturns(full, index, CAL))


def test_settings():
    assert resolve_settings()["interval"] == DEFAULTS["interval"] == 0.8
    assert resolve_settings({"interval": 0.9})["interval"] == 0.9
    with pytest.raises(KeyError, match="intervall"):
        resolve_settings({"intervall": 0.9})


def test_a_quarter_outside_the_panel_is_an_error():
    p = panel([pi("IQ01", "in_quarter", "number", "higher", IQ_FIGURES)], "2019-20 Q1", "2022-23 Q1")
    with pytest.raises(ValueError, match="2023-24 Q1"):
        forecast_outturns(p, Q("2023-24 Q1").index)
