"""The year-end forecasts on the bundled sample: issue 17's acceptance figures, Q3 forecasts and Q4 outturns."""

from __future__ import annotations

import csv
import json
import math

import pandas as pd
import pytest
import yaml

from perflib.build.prepared import prepare_quarter
from perflib.core.config import load_config
from perflib.workflow.cli import main

#: Quarterly PIs of the sample without a forecast at 2023-24 Q3: annual and biennial PIs, and the two
#: with no target for 2023-24 (data/catalogue/targets.csv).
NO_FORECAST = {
    "RF11": "annual PI: no within-year figures",
    "RF12": "biennial PI: no within-year figures",
    "CS09": "annual PI: no within-year figures",
    "CS10": "biennial PI: no within-year figures",
    "CS19": "no target for 2023-24",
    "NS03": "no target for 2023-24",
    "NS16": "annual PI: no within-year figures",
}


@pytest.fixture(scope="module")
def sample_config_path(sample_default_run):
    """The sample's council.yml of the session's rendered run (its processed data is current)."""
    _, result = sample_default_run
    return result.folder.parent.parent / "council.yml"


@pytest.mark.e2e
def test_backtest_command_meets_the_acceptance_figures(sample_config_path, capsys):
    assert main(["backtest", "--config", str(sample_config_path)]) == 0
    out = capsys.readouterr().out
    assert "Back-test of the year-end forecasts on 2021-22 and 2022-23" in out
    outputs = load_config(sample_config_path).outputs_dir
    data = json.loads((outputs / "backtest.json").read_text(encoding="utf-8"))
    assert data["n_forecasts"] >= 100
    assert 0.70 <= data["coverage_80"] <= 0.90
    assert data["brier"] < data["brier_naive"]
    assert set(data["by_quarter"]) == {"Q1", "Q2", "Q3"}
    for q in data["by_quarter"].values():
        assert set(q) >= {"n_forecasts", "coverage_80", "brier", "brier_naive"}
    assert sum(q["n_forecasts"] for q in data["by_quarter"].values()) == data["n_forecasts"]
    with open(outputs / "backtest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == data["n_forecasts"]
    # the two PIs about people have small counts in their history: none of their figures is published
    people = [r for r in rows if r["pi_code"] in ("NS07", "NS11")]
    assert people and all(r["forecast_outturn"] == r["actual"] == "[c]" for r in people)


@pytest.mark.e2e
def test_q3_scorecard_has_a_probability_for_every_quarterly_pi_with_a_target_and_history(sample_default_run):
    _, result = sample_default_run
    card = pd.read_csv(result.folder / "scorecard.csv").set_index("indicator_id")
    for col in ("forecast_outturn", "forecast_low", "forecast_high", "forecast_p_meet", "forecast_method"):
        assert col in card.columns
    none = card[card["forecast_method"].eq("No forecast")]["forecast_reason"].to_dict()
    assert none == NO_FORECAST
    made = card[card["forecast_method"].eq("seasonal profile")]
    assert len(made) == len(card) - len(NO_FORECAST)
    assert made["forecast_p_meet"].between(0, 1).all()
    shown = made[~made["forecast_outturn"].astype(str).isin(["[c]", "<5"])]
    low, point, high = (pd.to_numeric(shown[c]) for c in ("forecast_low", "forecast_outturn", "forecast_high"))
    assert (low <= high).all() and (low <= point).all() and (point <= high).all()
    # NS15's health checks are back-loaded (the generator's seasonal pattern): behind the even profile
    # at Q3 but forecast above the year's target of 5,000; CS18 drifts down to the year-end target.
    assert card.loc["NS15", "forecast_target"] == 5000 and card.loc["NS15", "target"] == 3750
    assert float(card.loc["NS15", "forecast_outturn"]) > 5000 > float(card.loc["NS15", "value"])
    assert card.loc["NS15", "forecast_p_meet"] > 0.9
    assert card.loc["CS18", "forecast_p_meet"] <= 0.6


@pytest.mark.e2e
def test_the_latest_q4_shows_outturns_not_forecasts(sample_default_run):
    cfg, result = sample_default_run
    path = result.folder.parent.parent / "council.yml"
    assert yaml.safe_load(path.read_text())["default_quarter"] == "2023-24 Q3"
    prepared = prepare_quarter("2022-23 Q4", path)
    card = prepared.scorecard.set_index("pi_code")
    assert set(card["forecast_method"]) == {"actual", "No outturn"}
    actual = card[card["forecast_method"].eq("actual")]
    assert actual["forecast_p_meet"].isin([0.0, 1.0]).all()
    assert (actual["forecast_low"] == actual["forecast_outturn"]).all()
    # The outturn of a cumulative or snapshot PI is its rated value at Q4 (worked out by the year-to-date
    # rule, a separate module); an in-quarter rate's is pooled from the four quarters' returns.
    for code in ("NS15", "RF05", "CS18"):
        assert actual.loc[code, "forecast_outturn"] == card.loc[code, "value"], code
    rows = prepared.panel[prepared.panel["pi_code"].eq("RF03") & prepared.panel["fy_start"].eq(2022)]
    pooled = math.floor(1000 * rows["numerator"].sum() / rows["denominator"].sum() + 0.5) / 10  # halves up
    assert actual.loc["RF03", "forecast_outturn"] == pooled
    # housing's 2022-23 Q2 return never came: its quarterly PIs have no outturn for the year
    housing = card[card["directorate"].eq("housing") & card["frequency"].eq("quarterly")]
    assert housing["forecast_reason"].str.startswith("no usable figure for 2022-23 Q2").any()
