"""Back-test of the year-end forecasts: no look-ahead, hand-worked scores, and the sample's figures."""

import math
from dataclasses import replace

import pandas as pd
import pytest
from forecast_frames import panel, pi, targets

from perflib.core.methodology import default_methodology
from perflib.rules.backtest import backtest, backtest_forecasts, score_forecasts
from perflib.rules.forecast import COLUMNS

SETTINGS = replace(default_methodology().forecast, min_pool_errors=2, scale_quarters=4)
FIGURES = {
    2019: [10, 14, 10, 14],
    2020: [12, 16, 12, 16],
    2021: [11, 17, 11, 17],
    2022: [13, 17, 13, 17],
    2023: [12, 18, 12, 18],
}


def specs(figures: dict) -> list[dict]:
    cum = {y: [3 * v for v in q] for y, q in figures.items()}
    rate = {y: [(v + 50, 100) for v in q] for y, q in figures.items()}
    return [
        pi("IQ01", "in_quarter", "number", "higher", figures, target=16.0),
        pi("SN01", "snapshot", "number", "lower", figures, target=15.0),
        pi("CC01", "cumulative", "count", "higher", cum, decimals=0, target=170.0),
        pi("CR01", "cumulative", "percent", "higher", rate, ratio=True, target=64.0),
    ]


def run(pis: list[dict]) -> pd.DataFrame:
    return backtest_forecasts(panel(pis, "2019-20 Q1", "2023-24 Q4"), targets(pis), SETTINGS)


def made(frame: pd.DataFrame, fy: int) -> pd.DataFrame:
    """The forecast columns of one year's back-test rows."""
    rows = frame[frame["fy_start"] == fy]
    return rows[COLUMNS + ["quarter"]].reset_index(drop=True)


def test_later_years_do_not_change_earlier_forecasts():
    before = run(specs(FIGURES))
    changed = FIGURES | {2022: [1, 90, 2, 80], 2023: [40, 1, 30, 2]}
    after = run(specs(changed))
    assert len(made(before, 2021)) > 0
    pd.testing.assert_frame_equal(made(before, 2021), made(after, 2021))
    # ... while the later years' own forecasts do change
    assert not made(before, 2023).equals(made(after, 2023))


def test_a_years_own_outturn_does_not_change_its_forecasts():
    # Only the actual (and so 'inside' and 'met') may change when 2022-23 Q4 changes, never what was forecast.
    before = run(specs(FIGURES))
    changed = FIGURES | {2022: [13, 17, 13, 99]}
    after = run(specs(changed))
    pd.testing.assert_frame_equal(made(before, 2022), made(after, 2022))
    assert not before["actual"].equals(after["actual"])


def test_backtest_row_worked_by_hand():
    # IQ01 at 2022-23 Q1 is the worked example of tests/test_forecast.py (15.3, interval 15.5 to 16.5, target 16:
    # probability 0.5). The year turned out 13, 17, 13, 17: mean 15.0, outside the interval, target missed.
    # The PI was Amber at Q1, so the naive forecast said 1: Brier (0.5 - 0)^2 = 0.25, naive (1 - 0)^2 = 1.
    one = [pi("IQ01", "in_quarter", "number", "higher", FIGURES, target=16.0)]
    p = panel(one, "2019-20 Q1", "2022-23 Q4")
    p.loc[p["quarter"].eq("2022-23 Q1"), "status"] = "Amber"
    rows = backtest_forecasts(p, targets(one), SETTINGS)
    row = rows[rows["quarter"].eq("2022-23 Q1")].iloc[0]
    assert (row["forecast_outturn"], row["forecast_low"], row["forecast_high"]) == (15.3, 15.5, 16.5)
    assert (row["actual"], bool(row["inside"]), bool(row["met"])) == (15.0, False, False)
    assert (row["forecast_p_meet"], row["p_naive"], row["p_naive_green"]) == (0.5, 1.0, 0.0)
    # 2019-20 and 2020-21 have fewer than two past years; 2021-22 has two, but only one earlier forecast
    # error at each quarter (2020-21's, made from 2019-20), fewer than the two SETTINGS ask for.
    assert set(rows["fy_start"]) == {2022} and rows["q"].tolist() == [1, 2, 3]


def test_scores_worked_by_hand():
    rows = pd.DataFrame(
        {
            "forecast_p_meet": [0.9, 0.2, 0.5, 1.0],
            "met": [True, False, True, False],
            "inside": [True, True, False, True],
            "p_naive": [1.0, 1.0, 0.5, 0.0],
            "p_naive_green": [1.0, 0.0, 0.5, 0.0],
        }
    )
    s = score_forecasts(rows, 0.8)
    assert s["n_forecasts"] == 4
    assert s["coverage_80"] == 0.75  # 3 of 4 inside
    assert s["brier"] == pytest.approx((0.01 + 0.04 + 0.25 + 1.0) / 4)  # 0.325
    assert s["brier_naive"] == pytest.approx((0.0 + 1.0 + 0.25 + 0.0) / 4)  # 0.3125
    assert s["brier_naive_green"] == pytest.approx((0.0 + 0.0 + 0.25 + 0.0) / 4)  # 0.0625
    assert s["share_met"] == 0.5 and s["n_not_rated"] == 1


def test_naive_probability_by_status():
    one = [pi("IQ01", "in_quarter", "number", "higher", FIGURES, target=16.0)]
    p = panel(one, "2019-20 Q1", "2023-24 Q4")
    for quarter, status in (("2022-23 Q1", "Green"), ("2022-23 Q2", "Red"), ("2022-23 Q3", "No data")):
        p.loc[p["quarter"].eq(quarter), "status"] = status
    rows = backtest_forecasts(p, targets(one), SETTINGS).set_index("quarter")
    assert rows.loc[["2022-23 Q1", "2022-23 Q2", "2022-23 Q3"], "p_naive"].tolist() == [1.0, 0.0, 0.5]


def test_backtest_result_shape():
    result = backtest(panel(specs(FIGURES), "2019-20 Q1", "2023-24 Q4"), targets(specs(FIGURES)), SETTINGS)
    assert set(result) >= {"n_forecasts", "coverage_80", "brier", "brier_naive", "by_quarter", "forecasts"}
    assert set(result["by_quarter"]) == {"Q1", "Q2", "Q3"}
    assert sum(v["n_forecasts"] for v in result["by_quarter"].values()) == result["n_forecasts"]
    assert result["n_forecasts"] == len(result["forecasts"])


def test_no_complete_past_year_gives_no_forecasts():
    result = backtest(panel(specs(FIGURES), "2023-24 Q1", "2023-24 Q3"), targets(specs(FIGURES)))
    assert result["n_forecasts"] == 0 and math.isnan(result["brier"])


def test_a_panel_that_starts_mid_year_back_tests_only_the_quarters_it_has():
    # Data from 2022-23 Q3: the complete year 2022-23 has no Q1 or Q2 rows, so nothing to remake there,
    # and no error for the quarters the panel does not hold.
    result = backtest(panel(specs(FIGURES), "2022-23 Q3", "2023-24 Q3"), targets(specs(FIGURES)), SETTINGS)
    assert result["n_forecasts"] == 0 and result["years"] == []
