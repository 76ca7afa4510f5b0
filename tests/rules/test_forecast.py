"""Year-end forecasts against hand-worked examples (docs/methodology.md section 10).

Every expected number is worked out by hand in the comments from the figures
written in the test, never copied from the code's output.
"""

import math
from dataclasses import replace

import pandas as pd
import pytest
from forecast_frames import panel, pi, targets

from perflib.core.methodology import default_methodology
from perflib.core.quarters import Quarter
from perflib.rules.forecast import COLUMNS, forecast_outturns

Q = Quarter.parse
BUNDLED = default_methodology().forecast


def settings(**changes):
    """The bundled forecast settings with some changed (tiny panels need fewer errors)."""
    return replace(BUNDLED, **changes)


def forecast(specs: list[dict], first: str, last: str, cfg=None) -> pd.DataFrame:
    """The forecasts of a hand-written panel at its last quarter."""
    return forecast_outturns(panel(specs, first, last), Q(last).index, targets(specs), cfg)


def one(frame: pd.DataFrame, code: str) -> pd.Series:
    return frame.set_index("pi_code").loc[code]


# --------------------------------------------------------------------------- point forecasts by measure type
LOOSE = settings(min_pool_errors=1)  # tiny panels: let a single earlier error set the interval


def test_forecast_cumulative_count_scales_the_year_to_date_by_the_seasonal_share():
    # Year to date at Q2 and outturn: 2020-21 200 of 400 (x2); 2021-22 100 of 800 (x8).
    # Geometric mean of the ratios: sqrt(2 x 8) = 4. 2022-23 so far 60 + 40 = 100, so 400:
    # the 100 so far plus 300 forecast for Q3 and Q4.
    figures = {2020: [100, 100, 100, 100], 2021: [50, 50, 350, 350], 2022: [60, 40]}
    specs = [pi("CC01", "cumulative", "count", "higher", figures, decimals=0, target=350)]
    f = one(forecast(specs, "2020-21 Q1", "2022-23 Q2", LOOSE), "CC01")
    assert f["forecast_method"] == "seasonal profile" and f["forecast_reason"] == ""
    assert f["forecast_outturn"] == 400
    assert f["forecast_n_past_years"] == 2


def test_forecast_cumulative_rate_adds_the_mean_offset_to_the_pooled_year_to_date():
    # At Q3: 2020-21 135/300 = 45.0 then 200/400 = 50.0 (+5); 2021-22 90/300 = 30.0 then 160/400 = 40.0 (+10).
    # Mean offset +7.5. 2022-23 at Q3: 165/300 = 55.0, so 62.5.
    figures = {
        2020: [(40, 100), (45, 100), (50, 100), (65, 100)],
        2021: [(30, 100), (30, 100), (30, 100), (70, 100)],
        2022: [(50, 100), (60, 100), (55, 100)],
    }
    specs = [pi("CR01", "cumulative", "percent", "higher", figures, ratio=True)]
    assert one(forecast(specs, "2020-21 Q1", "2022-23 Q3", LOOSE), "CR01")["forecast_outturn"] == 62.5


def test_forecast_in_quarter_pooled_rate():
    # Q1 then the year: 2020-21 90.0 then 350/400 = 87.5 (-2.5); 2021-22 80.0 then 300/400 = 75.0 (-5).
    # Mean offset -3.75; 2022-23 Q1 86.0, so 82.25, published as 82.3 (halves up).
    figures = {
        2020: [(90, 100), (80, 100), (85, 100), (95, 100)],
        2021: [(80, 100), (70, 100), (75, 100), (75, 100)],
        2022: [(86, 100)],
    }
    specs = [pi("IR01", "in_quarter", "percent", "higher", figures, ratio=True)]
    assert one(forecast(specs, "2020-21 Q1", "2022-23 Q1", LOOSE), "IR01")["forecast_outturn"] == 82.3


def test_forecast_snapshot_moves_the_latest_position_by_the_usual_change_to_q4():
    # Q2 then Q4: 2020-21 20 then 18 (-2); 2021-22 25 then 21 (-4). Mean -3; 2022-23 Q2 30, so 27.0.
    figures = {2020: [19, 20, 19, 18], 2021: [24, 25, 23, 21], 2022: [28, 30]}
    specs = [pi("SN01", "snapshot", "percent", "lower", figures, target=25)]
    f = one(forecast(specs, "2020-21 Q1", "2022-23 Q2", LOOSE), "SN01")
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
CAL = settings(min_pool_errors=2, scale_quarters=4)
IQ_FIGURES = {2019: [10, 14, 10, 14], 2020: [12, 16, 12, 16], 2021: [11, 17, 11, 17], 2022: [13]}


def iq_forecast(target: float) -> pd.Series:
    specs = [pi("IQ01", "in_quarter", "number", "higher", IQ_FIGURES, target=target)]
    return one(forecast(specs, "2019-20 Q1", "2022-23 Q1", CAL), "IQ01")


def test_interval_from_the_methods_own_earlier_errors():
    f = iq_forecast(16.0)
    assert f["forecast_outturn"] == 15.3
    assert (f["forecast_low"], f["forecast_high"]) == (15.5, 16.5)
    assert f["forecast_n_errors"] == 2 and f["forecast_n_past_years"] == 3
    assert "this PI's own earlier forecasts" in f["forecast_basis"]


@pytest.mark.parametrize(
    "target,expected",
    [
        (16.0, 0.5),  # 15.3 misses, 16.6 meets
        (15.4, 0.5),  # 15.3 misses by 0.1
        (15.3, 1.0),  # 15.3 is exactly on target: met
        (16.7, 0.0),  # both miss
    ],
)
def test_probability_of_meeting_the_target(target, expected):
    assert iq_forecast(target)["forecast_p_meet"] == expected


# Range target, snapshot PI, Q1 then Q4:
#   2019-20 10 .. 14 (+4); 2020-21 12 .. 16 (+4); 2021-22 11 .. 17 (+6); 2022-23 Q1 6:
#   forecast 6 + 14/3 = 10.667 (10.7).
# Earlier forecasts: 2020-21 12 + 4 = 16 against 16 (0); 2021-22 11 + 4 = 15 against 17 (+2).
# Typical movement 3.5 and 4.25 as above, so scaled errors 0 and 2 / 4.25; now: moves 6, 6, 6, |6 - 17| = 11 -> 7.25.
# Outcomes 10.667 (10.7) and 10.667 + 7.25 x 2 / 4.25 = 14.078 (14.1).
@pytest.mark.parametrize(
    "band,expected",
    [
        ((8.0, 12.0), 0.5),  # 10.7 inside, 14.1 above
        ((8.0, 14.1), 1.0),  # 14.1 exactly on the upper edge: inside
        ((10.8, 14.0), 0.0),  # 10.7 below, 14.1 above
    ],
)
def test_range_target_probability_is_landing_inside_the_band(band, expected):
    specs = [pi("RG01", "snapshot", "number", "range", IQ_FIGURES | {2022: [6]}, target=band[0], upper=band[1])]
    f = one(forecast(specs, "2019-20 Q1", "2022-23 Q1", CAL), "RG01")
    assert f["forecast_outturn"] == 10.7
    assert (f["forecast_target"], f["forecast_target_upper"]) == band
    assert f["forecast_p_meet"] == expected


# --------------------------------------------------------------------------- Q4 and No forecast
def test_q4_shows_the_actual_outturn():
    # 2020-21: 100 + 120 + 90 + 110 = 420 against 400: met. In-quarter mean (10 + 14 + 10 + 14) / 4 = 12 against 13.
    specs = [
        pi("CC01", "cumulative", "count", "higher", {2020: [100, 120, 90, 110]}, decimals=0, target=400),
        pi("IM01", "in_quarter", "number", "higher", {2020: [10, 14, 10, 14]}, target=13),
    ]
    out = forecast(specs, "2020-21 Q1", "2020-21 Q4")
    cc, im = one(out, "CC01"), one(out, "IM01")
    assert cc["forecast_method"] == "actual" and bool(cc["forecast_actual"])
    assert (cc["forecast_outturn"], cc["forecast_low"], cc["forecast_high"], cc["forecast_p_meet"]) == (
        420,
        420,
        420,
        1.0,
    )
    assert (im["forecast_outturn"], im["forecast_p_meet"]) == (12.0, 0.0)


def test_q4_without_a_quarter_has_no_outturn_not_no_forecast():
    # Q2 never came: the year's sum cannot be made, and a Q4 report forecasts nothing.
    specs = [pi("GP01", "cumulative", "count", "higher", {2020: [100, None, 90, 110]}, decimals=0, target=400)]
    gp = one(forecast(specs, "2020-21 Q1", "2020-21 Q4"), "GP01")
    assert gp["forecast_method"] == "No outturn"
    assert gp["forecast_reason"] == "no usable figure for 2020-21 Q2"
    assert math.isnan(gp["forecast_outturn"]) and math.isnan(gp["forecast_p_meet"])


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
    out = forecast(specs, "2019-20 Q1", "2022-23 Q2").set_index("pi_code")
    assert out["forecast_reason"].to_dict() == {
        "AN01": "annual PI: no within-year figures",
        "BI01": "biennial PI: no within-year figures",
        "NT01": "no target for 2022-23",
        "FY01": "fewer than two complete past years of figures",  # only 2021-22 is complete
        "GP01": "no usable figure for 2022-23 Q1",
        "ZE01": "the figure so far this year is zero, so last years' profile cannot be scaled",
        # a profile exists, but seven PIs give far fewer than 20 earlier errors
        "OK01": "too few earlier forecasts to set the interval",
    }
    assert (out["forecast_method"] == "No forecast").all()
    assert out[["forecast_outturn", "forecast_low", "forecast_high", "forecast_p_meet"]].isna().all().all()


def test_output_columns_and_panel_order():
    specs = [
        pi("ZZ01", "snapshot", "number", "higher", IQ_FIGURES),
        pi("AA01", "snapshot", "number", "higher", IQ_FIGURES),
    ]
    out = forecast(specs, "2019-20 Q1", "2022-23 Q1", CAL)
    assert list(out.columns) == COLUMNS and out["pi_code"].tolist() == ["ZZ01", "AA01"]
    assert out["forecast_p_meet"].between(0, 1).all()


def test_later_rows_of_the_panel_are_ignored():
    # A panel running on to 2022-23 Q4 gives the same Q1 forecast as one cut at Q1.
    longer = IQ_FIGURES | {2022: [13, 40, 2, 99]}
    cut = panel([pi("IQ01", "in_quarter", "number", "higher", IQ_FIGURES)], "2019-20 Q1", "2022-23 Q1")
    full = panel([pi("IQ01", "in_quarter", "number", "higher", longer)], "2019-20 Q1", "2022-23 Q4")
    index, t = Q("2022-23 Q1").index, targets([pi("IQ01", "in_quarter", "number", "higher", longer)])
    pd.testing.assert_frame_equal(forecast_outturns(cut, index, t, CAL), forecast_outturns(full, index, t, CAL))


def test_a_quarter_outside_the_panel_is_an_error():
    p = panel([pi("IQ01", "in_quarter", "number", "higher", IQ_FIGURES)], "2019-20 Q1", "2022-23 Q1")
    with pytest.raises(ValueError, match="2023-24 Q1"):
        forecast_outturns(p, Q("2023-24 Q1").index, targets([]))
