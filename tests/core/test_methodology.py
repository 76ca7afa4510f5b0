"""data/methodology.yml: every number the rules use is read from it, checked, and reaches every output."""

from __future__ import annotations

import csv

import fixture_data
import pytest
import yaml
from openpyxl import load_workbook

from perflib.core.methodology import ConfigError, Suppression, load_methodology
from perflib.core.paths import METHODOLOGY_CONFIG
from perflib.export.scorecard import scorecard_frame


def _methodology(tmp_path, **changes):
    data = yaml.safe_load(METHODOLOGY_CONFIG.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for part in parents:
            node = node[part]
        if value is None:
            del node[last]
        else:
            node[last] = value
    path = tmp_path / "methodology.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_bundled_file_gives_the_documented_numbers():
    m = load_methodology()
    assert m.suppression == Suppression(min_count=5, min_denominator=10)
    assert (m.persistent_red, m.max_improvers, m.spc_min_points) == (3, 5, 12)
    assert m.materiality["percent"] == {"absolute": 1.0}


def test_a_missing_setting_is_an_error_naming_it(tmp_path):
    path = _methodology(tmp_path, key_challenges__persistent_red=None)
    with pytest.raises(ConfigError, match="'key_challenges.persistent_red' is missing"):
        load_methodology(path)


@pytest.mark.parametrize("value", [0, -1, 2.5, "three", True])
def test_a_malformed_number_is_an_error(tmp_path, value):
    path = _methodology(tmp_path, suppression__min_denominator=value)
    with pytest.raises(ConfigError, match="suppression.min_denominator"):
        load_methodology(path)


def _sensitive_rate_on_15_people(tmp_path, min_denominator):
    """The fixture council with AA01 about people, its 2023-24 Q3 rate 13 of 15 (86.7%)."""
    config_path = fixture_data.build(tmp_path / "council")
    root = config_path.parent
    ind = root / "catalogue" / "indicators.csv"
    ind.write_text(
        ind.read_text().replace("Calls answered in 60s,Calls offered,no,", "Calls answered in 60s,Calls offered,yes,")
    )
    rows = [
        ("AA01", 86.7, 13, 15, "c", "a") if r[0] == "AA01" else r for r in fixture_data.RETURNS["2023-24 Q3"]["alpha"]
    ]
    fixture_data.write_return(
        root / "raw" / "2023-24-Q3" / "alpha.xlsx",
        "alpha",
        "2023-24 Q3",
        rows,
        fixture_data.FA_STATUS["2023-24 Q3"]["alpha"],
    )
    path = _methodology(tmp_path, suppression__min_denominator=min_denominator)
    config_path.write_text(config_path.read_text() + f"methodology: {path.as_posix()}\n")
    return config_path


def test_the_default_of_ten_publishes_a_rate_on_fifteen_people(tmp_path):
    from perflib.core.config import load_config
    from perflib.workflow.cache import prepare

    config = load_config(_sensitive_rate_on_15_people(tmp_path, 10))
    card = prepare("2023-24 Q3", config).scorecard
    row = scorecard_frame(card, config.methodology.suppression).set_index("indicator_id").loc["AA01"]
    assert (row["value"], row["numerator"], row["denominator"]) == (86.7, 13.0, 15.0)


@pytest.mark.e2e
def test_min_denominator_of_20_hides_a_rate_on_15_people_in_every_output(tmp_path):
    from perflib.workflow.run import run_quarter

    result = run_quarter("2023-24 Q3", _sensitive_rate_on_15_people(tmp_path, 20), log=lambda _: None)
    with open(result.folder / "scorecard.csv", encoding="utf-8") as fh:
        card = {r["indicator_id"]: r for r in csv.DictReader(fh)}
    assert (card["AA01"]["value"], card["AA01"]["numerator"], card["AA01"]["denominator"]) == ("[c]",) * 3
    ws = load_workbook(result.folder / "scorecard.xlsx")["Scorecard"]
    header = [c.value for c in ws[1]]
    xlsx = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[header.index("indicator_id")] == "AA01")
    assert [xlsx[header.index(c)] for c in ("value", "numerator", "denominator")] == ["[c]"] * 3
    html = (result.folder / "appendix1.html").read_text(encoding="utf-8")
    assert "86.7%" not in html
    rows = [part.split("</tr>")[0] for part in html.split("<tr>") if ">AA01<" in part.split("</tr>")[0]]
    assert rows and all("[c]" in row for row in rows)


def test_the_forecast_settings_are_read_and_checked(tmp_path):
    f = load_methodology().forecast
    assert (f.interval, f.min_past_years, f.max_past_years, f.min_pool_errors) == (0.8, 2, 3, 20)
    assert f.multiplicative_units == ("count",) and f.likelihood == (0.1, 0.4, 0.6, 0.9)
    with pytest.raises(ConfigError, match="'forecast.min_pool_errors' is missing"):
        load_methodology(_methodology(tmp_path, forecast__min_pool_errors=None))


@pytest.mark.parametrize(
    "setting,value,message",
    [
        ("interval", 1.0, "forecast.interval"),  # an interval of 100% is no interval
        ("interval", 0.5, "forecast.interval"),
        ("min_relative_scale", 0, "forecast.min_relative_scale"),
        ("multiplicative_units", "count", "forecast.multiplicative_units"),
        ("likelihood", [0.1, 0.6, 0.4, 0.9], "forecast.likelihood"),  # not increasing
        ("likelihood", [0.1, 0.4, 0.9], "forecast.likelihood"),
        ("max_past_years", 1, "forecast.max_past_years"),  # fewer than min_past_years (2)
        ("scale_quarters", 0, "forecast.scale_quarters"),
    ],
)
def test_a_malformed_forecast_setting_is_an_error(tmp_path, setting, value, message):
    with pytest.raises(ConfigError, match=message):
        load_methodology(_methodology(tmp_path, **{f"forecast__{setting}": value}))


def test_the_trend_look_back_is_read_and_checked(tmp_path):
    m = load_methodology()
    assert m.short_lookback == {"quarterly": 4, "annual": 2, "biennial": 2}
    assert m.long_lookback == {"quarterly": 2, "annual": 2, "biennial": 2}
    with pytest.raises(ConfigError, match="trends.short_lookback.annual"):
        load_methodology(_methodology(tmp_path, trends__short_lookback__annual=0))
    with pytest.raises(ConfigError, match="'trends.long_lookback' is missing"):
        load_methodology(_methodology(tmp_path, trends__long_lookback=None))
