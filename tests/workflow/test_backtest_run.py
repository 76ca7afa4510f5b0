"""perflib backtest: the table, outputs/backtest.json and .csv, small numbers suppressed, no traceback."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from perflib.core.config import load_config
from perflib.workflow.backtest_run import CSV_COLUMNS, _published_rows, _table
from perflib.workflow.cli import main


def test_help_lists_the_backtest_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "backtest" in capsys.readouterr().out


def test_a_badly_written_quarter_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["backtest", "--quarter", "Q3 2023"])
    assert info.value.code == 2 and "Traceback" not in capsys.readouterr().err


def test_too_little_history_exits_0_and_says_so(fresh_fixture, capsys):
    # The fixture council has no complete past year: nothing to back-test, said plainly; the files
    # are still written, the scores null (JSON has no NaN).
    assert main(["backtest", "--config", str(fresh_fixture)]) == 0
    out = capsys.readouterr().out
    assert "No forecasts could be back-tested: a year needs 2 complete years before it" in out
    outputs = fresh_fixture.parent / "outputs"
    data = json.loads((outputs / "backtest.json").read_text(encoding="utf-8"))
    assert data["n_forecasts"] == 0 and data["coverage_80"] is None and data["brier"] is None
    assert data["data_up_to"] == "2023-24 Q3" and data["years"] == []
    assert set(data["by_quarter"]) == {"Q1", "Q2", "Q3"}
    assert data["settings"]["min_past_years"] == 2 and data["settings"]["multiplicative_units"] == ["count"]
    assert (outputs / "backtest.csv").read_text(encoding="utf-8").strip() == ",".join(CSV_COLUMNS)


def test_the_table_has_a_line_per_quarter_of_the_year_and_one_for_all():
    scores = {
        "n_forecasts": 2,
        "coverage_80": 0.5,
        "brier": 0.125,
        "brier_naive": 0.5,
        "brier_naive_green": float("nan"),
    }
    result = {**scores, "by_quarter": {"Q1": scores, "Q2": scores, "Q3": {**scores, "n_forecasts": 0}}}
    lines = _table(result, 80)
    assert lines[0].split()[:3] == ["made", "at", "forecasts"]
    assert [ln.split()[0] for ln in lines[1:]] == ["Q1", "Q2", "Q3", "all"]
    # 0.5 to two places, Brier to three, a missing score as "-"
    assert lines[1].split() == ["Q1", "2", "0.50", "0.125", "0.500", "-"]


def test_published_rows_hide_small_counts_of_people(fresh_fixture):
    # AA04 (a count, not about people) shows its figures; made sensitive, a forecast of 3 is <5,
    # and a PI with any hidden figure in its history shows [c] throughout.
    config = load_config(fresh_fixture)
    panel = pd.DataFrame(
        {
            "pi_code": ["AA04", "BB05"],
            "sensitive": ["yes", "yes"],
            "unit": ["count", "count"],
            "measure_type": ["in_quarter", "in_quarter"],
            "value": [12.0, 3.0],  # BB05 has a hidden 3 in its history
            "quarter_value": [12.0, 3.0],
        }
    )
    rows = pd.DataFrame(
        {
            "pi_code": ["AA04", "BB05"],
            "quarter": ["2022-23 Q1"] * 2,
            "forecast_outturn": [3.0, 20.0],
            "forecast_low": [0.0, 10.0],
            "forecast_high": [9.0, 30.0],
            "actual": [8.0, 25.0],
            "forecast_p_meet": [0.25, 0.5],
        }
    )
    out = _published_rows(rows, panel, config).set_index("pi_code")
    assert out.loc["AA04", ["forecast_outturn", "forecast_low", "forecast_high", "actual"]].tolist() == [
        "<5",
        0.0,
        9.0,
        8.0,
    ]
    assert out.loc["BB05", ["forecast_outturn", "forecast_low", "forecast_high", "actual"]].tolist() == ["[c]"] * 4
    assert not math.isnan(out.loc["BB05", "forecast_p_meet"])  # the probability is shown, like a status
