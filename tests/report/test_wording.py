"""How values, statuses and trends are written: units, rounding (halves away from zero), missing values, words."""

import math

import numpy as np
import pandas as pd
import pytest

from perflib.core.config import load_config
from perflib.report import wording as w
from perflib.rules import status as rules
from perflib.rules import trends


@pytest.mark.parametrize(
    "value,unit,decimals,text",
    [
        (63.5, "percent", 1, "63.5%"),
        (1234, "count", 0, "1,234"),
        (1234567.891, "number", 2, "1,234,567.89"),
        (95, "seconds", 0, "95 seconds"),
        (2.5, "days", 1, "2.5 days"),
        (12, "weeks", 0, "12 weeks"),
        (0, "count", 0, "0"),
        (0.0, "percent", 1, "0.0%"),
        (7, "percent", 1.0, "7.0%"),  # decimals as the catalogue float
        (np.float64(41.0), "percent", 1, "41.0%"),
    ],
)
def test_format_value_by_unit(value, unit, decimals, text):
    assert w.format_value(value, unit, decimals) == text


@pytest.mark.parametrize(
    "value,decimals,text",
    [
        # docs/methodology.md section 1: halves away from zero, so 62.25 is 62.3 (not the even 62.2)
        (62.25, 1, "62.3"),
        (62.35, 1, "62.4"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (1.005, 2, "1.01"),  # 1.005 is stored as 1.00499..., still a half
        (62.24, 1, "62.2"),
        (62.26, 1, "62.3"),
        (-0.04, 1, "0.0"),  # rounds to zero: no minus sign
    ],
)
def test_format_value_rounds_halves_away_from_zero(value, decimals, text):
    assert w.format_value(value, "number", decimals) == text


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, np.float64("nan"), pd.NA])
def test_format_value_of_nothing_is_empty(missing):
    assert w.format_value(missing, "percent", 1) == ""


@pytest.mark.parametrize(
    "row,text",
    [
        ({"target": 90.0, "unit": "percent", "decimals": 1, "good_direction": "higher"}, "90.0%"),
        ({"target": 60.0, "unit": "seconds", "decimals": 0, "good_direction": "lower"}, "60 seconds"),
        ({"target": 8.0, "target_upper": 12.0, "unit": "percent", "decimals": 1, "good_direction": "range"},
         "8.0% to 12.0%"),
        ({"target": 0.0, "unit": "count", "decimals": 0, "good_direction": "lower"}, "0"),  # zero is a target
        ({"target": math.nan, "unit": "count", "decimals": 0, "good_direction": "lower"}, "No target"),
        ({"target": None, "unit": "count", "decimals": 0}, "No target"),
        ({"unit": "count", "decimals": 0}, "No target"),
        ({"target": 2.25, "unit": "days", "decimals": 1.0, "good_direction": "lower"}, "2.3 days"),
    ],
)  # fmt: skip
def test_format_target(row, text):
    assert w.format_target(row) == text


@pytest.mark.parametrize(
    "part,whole,text",
    [
        (0, 0, "0%"),  # nothing to share out
        (0, 5, "0%"),
        (1, 4, "25%"),
        (1, 3, "33%"),
        (2, 3, "67%"),
        (1, 8, "13%"),  # 12.5: half away from zero, as every figure
        (3, 8, "38%"),  # 37.5
        (1, 200, "1%"),  # 0.5
        (4, 4, "100%"),
    ],
)
def test_pct(part, whole, text):
    assert w.pct(part, whole) == text


@pytest.mark.parametrize(
    "n,args,text",
    [
        (0, ("PI",), "0 PIs"),
        (1, ("PI",), "1 PI"),
        (2, ("PI",), "2 PIs"),
        (1, ("child", "children"), "1 child"),
        (3, ("child", "children"), "3 children"),
    ],
)
def test_plural(n, args, text):
    assert w.plural(n, *args) == text


def test_status_meanings_for_every_status():
    assert set(w.STATUS_MEANINGS) == set(rules.STATUSES)
    assert w.status_meaning(rules.GREEN) == "On or better than target."
    assert w.status_meaning(rules.NO_DATA, {rules.NO_DATA: "the reason is given"}) == (
        "Due this quarter but no usable figure; the reason is given."
    )
    assert w.status_meaning(rules.RED, {rules.NO_DATA: "the reason is given"}) == (
        "Missed target by more than the amber tolerance."
    )
    with pytest.raises(KeyError):
        w.status_meaning("Purple")


def test_colour_is_never_the_only_signal():
    # Every PI status has its own symbol and colour; so do the council's Flagship Action statuses.
    symbols = [w.STATUS_SYMBOLS[s] for s in rules.STATUSES]
    assert len(set(symbols)) == len(symbols)
    fa_rags = set(load_config().fa_statuses.values()) | {"No update"}
    for status in [*rules.STATUSES, *fa_rags]:
        assert status in w.STATUS_SYMBOLS and status in w.STATUS_COLOURS, status
        assert w.STATUS_COLOURS[status].startswith("#") and len(w.STATUS_COLOURS[status]) == 7


def test_css_class_and_words():
    assert w.css_class("Data only") == "status-data-only"
    assert w.css_class("No update") == "status-no-update"
    assert w.direction_text("range") == "Within the range is better"
    assert w.trend_text(trends.IMPROVING) == "\u2191 Improving"
    assert w.trend_text(trends.NOT_COMPARABLE) == "\u2013 Not comparable"
    assert w.trend_text("Unknown") == "Unknown"
    assert set(w.TREND_MEANINGS) == set(trends.TRENDS)
    assert w.MEASURE_TEXT["cumulative"] == "year to date" and w.FREQUENCY_TEXT["biennial"] == "Every two years"
