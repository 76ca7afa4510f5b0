"""Back-test of the year-end forecasts: no look-ahead, hand-worked scores, and the sample's figures."""

import math

import numpy as np
import pandas as pd
import pytest
from forecast_frames import panel, pi

from perflib.backtest import backtest, backtest_forecasts, score_forecasts
from perflib.forecast import COLUMNS

SETTINGS = {"min_pool_errors": 2, "scale_quarters": 4}
FIGURES = {2019: [10, 14, 10, 14], 2020: [12, 16, 12, 16], 2021: [11, 17, 11, 17], 2022: [13, 17, 13, 17],
           2023: [12, 18, 12, 18]}


def specs(figures: dict) -> list[dict]:
    cum = {y: [3 * v for v in q] for y, q in figures.items()}
    rate = {y: [(v + 50, 100) for v in q] for y, q in figures.items()}
    return [pi("IQ01", "in_quarter", "number", "higher", figures, target=16.0),
            pi("SN01", "snapshot", "number", "lower", figures, target=15.0),
            pi("CC01", "cumulative", "count", "higher", cum, decimals=0, target=170.0),
            pi("CR01", "cumulative", "percent", "higher", rate, ratio=True, target=64.0)]


def made(frame: pd.DataFrame, fy: int) -> pd.DataFrame:
    """The forecast columns of one year's back-test rows."""
    rows = frame[frame["fy_start"] == fy]
    return rows[COLUMNS + ["quarter"]].reset_index(drop=True)


def test_later_years_do_not_change_earlier_forecasts():
    before = backtest_forecasts(panel(specs(FIGURES), "2019-20 Q1", "2023-24 Q4"), SETTINGS)
    changed = FIGURES | {2022: [1, 90, 2, 80], 2023: [40, 1, 30, 2]}
    after = backtest_forecasts(panel(specs(changed), "2019-20 Q1", "2023-24 Q4"), SETTINGS)
    assert len(made(before, 2021)) > 0
    pd.testing.assert_frame_equal(made(before, 2021), made(after, 2021))
    # ... while the later years' own forecasts do change
    assert not made(before, 2023).equals(made(after, 2023))


def test_a_years_own_outturn_does_not_change_its_forecasts():
    # Only the actual (and so 'inside' and 'met') may change when 2022-23 Q4 changes, never what was forecast.
    before = backtest_forecasts(panel(specs(FIGURES), "2019-20 Q1", "2023-24 Q4"), SETTINGS)
    changed = FIGURES | {2022: [13, 17, 13, 99]}
    after = backtest_forecasts(panel(specs(changed), "2019-20 Q1", "2023-24 Q4"), SETTINGS)
    pd.testing.assert_frame_equal(made(before, 2022), made(after, 2022))
    assert not before["actual"].equals(after["actual"])


def test_backtest_row_worked_by_hand():
    # IQ01 at 2022-23 Q1 is the worked example of tests/test_forecast.py (15.3, interval 15.5 to 16.5, target 16:
    # probability 0.5). The year turned out 13, 17, 13, 17: mean 15.0, outside the interval, target missed.
    # The PI was Amber at Q1, so the naive forecast said 1: Brier (0.5 - 0)^2 = 0.25, naive (1 - 0)^2 = 1.
    p = panel([pi("IQ01", "in_quarter", "number", "higher", FIGURES, target=16.0)], "2019-20 Q1", "2022-23 Q4")
    p.loc[p["quarter"].eq("2022-23 Q1"), "status"] = "Amber"
    rows = backtest_forecasts(p, SETTINGS)
    row = rows[rows["quarter"].eq("2022-23 Q1")].iloc[0]
    assert (row["forecast_outturn"], row["forecast_low"], row["forecast_high"]) == (15.3, 15.5, 16.5)
    assert (row["actual"], bool(row["inside"]), bool(row["met"])) == (15.0, False, False)
    assert (row["forecast_p_meet"], row["p_naive"], row["p_naive_green"]) == (0.5, 1.0, 0.0)
    # 2019-20 and 2020-21 have fewer than two past years; 2021-22 has two, but only one earlier forecast
    # error at each quarter (2020-21's, made from 2019-20), fewer than the two SETTINGS ask for.
    assert set(rows["fy_start"]) == {2022} and rows["q"].tolist() == [1, 2, 3]


def test_scores_worked_by_hand():
    rows = pd.DataFrame({
        "forecast_p_meet": [0.9, 0.2, 0.5, 1.0],
        "met": [True, False, True, False],
        "inside": [True, True, False, True],
        "p_naive": [1.0, 1.0, 0.5, 0.0],
        "p_naive_green": [1.0, 0.0, 0.5, 0.0],
    })
    s = score_forecasts(rows, 0.8)
    assert s["n_forecasts"] == 4
    assert s["coverage_80"] == 0.75                                                 # 3 of 4 inside
    assert s["brier"] == pytest.approx((0.01 + 0.04 + 0.25 + 1.0) / 4)              # 0.325
    assert s["brier_naive"] == pytest.approx((0.0 + 1.0 + 0.25 + 0.0) / 4)          # 0.3125
    assert s["brier_naive_green"] == pytest.approx((0.0 + 0.0 + 0.25 + 0.0) / 4)    # 0.0625
    assert s["share_met"] == 0.5 and s["n_not_rated"] == 1


def test_naive_probability_by_status():
    p = panel([pi("IQ01", "in_quarter", "number", "higher", FIGURES, target=16.0)], "2019-20 Q1", "2023-24 Q4")
    for quarter, status in (("2022-23 Q1", "Green"), ("2022-23 Q2", "Red"), ("2022-23 Q3", "No data")):
        p.loc[p["quarter"].eq(quarter), "status"] = status
    rows = backtest_forecasts(p, SETTINGS).set_index("quarter")
    assert rows.loc[["2022-23 Q1", "2022-23 Q2", "2022-23 Q3"], "p_naive"].tolist() == [1.0, 0.0, 0.5]


def test_backtest_result_shape():
    result = backtest(panel(specs(FIGURES), "2019-20 Q1", "2023-24 Q4"), SETTINGS)
    assert set(result) >= {"n_forecasts", "coverage_80", "brier", "brier_naive", "by_quarter", "forecasts"}
    assert set(result["by_quarter"]) == {"Q1", "Q2", "Q3"}
    assert sum(v["n_forecasts"] for v in result["by_quarter"].values()) == result["n_forecasts"]
    assert result["n_forecasts"] == len(result["forecasts"])


def test_no_complete_past_year_gives_no_forecasts():
    result = backtest(panel(specs(FIGURES), "2023-24 Q1", "2023-24 Q3"))
    assert result["n_forecasts"] == 0 and math.isnan(result["brier"])


# --------------------------------------------------------------------------- the bundled sample (slower)
@pytest.fixture(scope="module")
def sample_panel() -> pd.DataFrame:
    from perflib.pipeline import prepare_quarter

    return prepare_quarter("2023-24 Q3", write=False).panel


@pytest.mark.e2e
def test_sample_backtest_acceptance_slow(sample_panel):
    """Slower (reads every bundled return, about 10 s): the acceptance figures of issue 17 on the sample."""
    result = backtest(sample_panel)
    assert result["n_forecasts"] >= 100
    assert 0.70 <= result["coverage_80"] <= 0.90
    assert result["brier"] < result["brier_naive"]
    assert result["years"] == ["2021-22", "2022-23"]
    f = result["forecasts"]
    assert f["forecast_p_meet"].between(0, 1).all()
    # every forecast was made with at least two complete past years, before the year it forecasts
    assert (f["forecast_n_past_years"] >= 2).all()
    assert np.isfinite(f[["forecast_low", "forecast_high"]].to_numpy(dtype=float)).all()


@pytest.mark.e2e
def test_sample_forecasts_at_2023_24_q3_slow(sample_panel):
    """Slower (shares the sample fixture): every quarterly PI with a target gets a forecast at 2023-24 Q3."""
    from perflib.forecast import forecast_outturns
    from perflib.quarters import Quarter

    out = forecast_outturns(sample_panel, Quarter.parse("2023-24 Q3").index).set_index("pi_code")
    assert list(out.index) == list(sample_panel["pi_code"].drop_duplicates())
    none = out[out["forecast_method"].eq("No forecast")]["forecast_reason"].to_dict()
    assert none == {"RF11": "annual PI: no within-year figures", "RF12": "biennial PI: no within-year figures",
                    "CS09": "annual PI: no within-year figures", "CS10": "biennial PI: no within-year figures",
                    "CS19": "no target for 2023-24", "NS03": "no target for 2023-24",
                    "NS16": "annual PI: no within-year figures"}
    made = out[out["forecast_method"].eq("seasonal profile")]
    assert len(made) == len(out) - 7
    assert (made["forecast_low"] <= made["forecast_high"]).all()
    assert made["forecast_p_meet"].between(0, 1).all()
