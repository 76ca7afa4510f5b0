"""One directorate's return: the optional "Forecast outturn" column (the service's own year-end forecast)."""

from __future__ import annotations

import math

from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import load_quarter

Q3 = Quarter.parse("2023-24 Q3")


def _with_forecasts(path, forecasts: dict[str, object]) -> None:
    """Add a "Forecast outturn" column to a return, with a cell per PI code given."""
    wb = load_workbook(path)
    ws = wb["Indicators"]
    col = ws.max_column + 1
    ws.cell(row=1, column=col, value="Forecast outturn")
    for row in ws.iter_rows(min_row=2):
        if row[0].value in forecasts:
            ws.cell(row=row[0].row, column=col, value=forecasts[row[0].value])
    wb.save(path)


def _indicators(cfg_path):
    cfg = load_config(cfg_path)
    ret = load_quarter(cfg, load_catalogue(cfg), Q3)
    return ret.indicators.set_index("pi_code"), ret.problems


def test_a_return_without_the_column_loads_as_before(fixture_config):
    ind, problems = _indicators(fixture_config)
    assert ind["service_forecast"].isna().all()
    assert not [p for p in problems if "Forecast outturn" in (p.column or "")]


def test_the_services_forecast_is_read_and_a_bad_one_left_out_with_a_warning(fresh_fixture):
    # AA01 gives 88.5; AA02 "about 60" is not a number: a warning at its cell, the forecast left out,
    # and the PI's own figures still used; AA04 "1,200" is a number written with a comma.
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    _with_forecasts(path, {"AA01": 88.5, "AA02": "about 60", "AA04": "1,200"})
    ind, problems = _indicators(fresh_fixture)
    assert ind.loc["AA01", "service_forecast"] == 88.5
    assert ind.loc["AA04", "service_forecast"] == 1200
    assert math.isnan(ind.loc["AA02", "service_forecast"]) and not ind.loc["AA02", "rejected"]
    (bad,) = [p for p in problems if p.column == "Forecast outturn" and p.pi_code == "AA02"]
    assert bad.severity == "warning" and bad.value == "about 60" and bad.sheet == "Indicators"
    assert "left out" in bad.message and bad.row is not None
