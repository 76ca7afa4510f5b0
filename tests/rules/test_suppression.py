"""Small counts of people are never published; status still uses the true value."""

import pandas as pd

from perflib.core.methodology import Suppression
from perflib.rules import suppression

COLS = ["value", "quarter_value", "numerator", "denominator", "ytd_numerator", "ytd_denominator"]
#: The sample's thresholds (data/methodology.yml): counts under 5, rates on fewer than 10 people.
RULE = Suppression(min_count=5, min_denominator=10)


def test_mask_boundaries():
    values = pd.Series([0, 1, 4, 4.0, 5, None, 3, 3])
    sensitive = pd.Series(["yes"] * 6 + ["no", "yes"])
    unit = pd.Series(["count"] * 7 + ["percent"])
    # 0 shown, 1 and 4 hidden, 5 shown, missing shown as missing, not sensitive shown, not a count shown
    assert suppression.mask(values, sensitive, unit, min_count=5).tolist() == [
        False,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert suppression.label(5) == "<5"
    assert suppression.mask(pd.Series([9]), pd.Series(["yes"]), pd.Series(["count"]), min_count=10).tolist() == [True]


def _card(**cols):
    base = {
        "pi_code": ["X"],
        "sensitive": ["yes"],
        "unit": ["count"],
        "measure_type": ["in_quarter"],
        "value": [7.0],
        "quarter_value": [7.0],
        "numerator": [None],
        "denominator": [None],
        "ytd_numerator": [None],
        "ytd_denominator": [None],
    }
    base.update({k: [v] for k, v in cols.items()})
    return pd.DataFrame(base)


def test_rate_on_fewer_than_ten_people_is_hidden_with_its_parts():
    # 3 of 8 children = 37.5%: the denominator 8 is below 10, so value, numerator and denominator go
    out = suppression.suppress_frame(
        _card(unit="percent", value=37.5, quarter_value=37.5, numerator=3.0, denominator=8.0), COLS, RULE
    ).iloc[0]
    assert (out["value"], out["numerator"], out["denominator"]) == ("[c]", "[c]", "[c]")
    # exactly 10 people is published
    ok = suppression.suppress_frame(
        _card(unit="percent", value=30.0, quarter_value=30.0, numerator=3.0, denominator=10.0), COLS, RULE
    ).iloc[0]
    assert (ok["value"], ok["numerator"], ok["denominator"]) == (30.0, 3.0, 10.0)
    # not sensitive: published whatever the denominator
    ns = suppression.suppress_frame(
        _card(sensitive="no", unit="percent", value=37.5, numerator=3.0, denominator=8.0), COLS, RULE
    ).iloc[0]
    assert ns["value"] == 37.5


def test_secondary_suppression_of_year_to_date():
    # cumulative count: this quarter 3 (hidden, <5), year to date 12: with last quarter's year to date (9)
    # published, 12 would reveal the 3, so the year to date is hidden too
    out = suppression.suppress_frame(_card(measure_type="cumulative", value=12.0, quarter_value=3.0), COLS, RULE).iloc[
        0
    ]
    assert out["quarter_value"] == "<5" and out["value"] == "[c]"
    # quarter 6 (shown): year to date 12 is shown
    ok = suppression.suppress_frame(_card(measure_type="cumulative", value=12.0, quarter_value=6.0), COLS, RULE).iloc[0]
    assert (ok["value"], ok["quarter_value"]) == (12.0, 6.0)
    # in-quarter count of 3: primary only
    prim = suppression.suppress_frame(_card(value=3.0, quarter_value=3.0), COLS, RULE).iloc[0]
    assert prim["value"] == "<5"


FORECAST = ["forecast_outturn", "forecast_low", "forecast_high"]


def test_a_forecast_is_hidden_with_the_figure_it_comes_from():
    # In-quarter count of people at 7 this quarter (shown): a forecast of 6 (interval 3 to 9) shows
    # its 6 and 9, and its 3 as <5, like any count from 1 to 4; 0 is shown.
    out = suppression.suppress_derived(
        _card(forecast_outturn=6.0, forecast_low=3.0, forecast_high=9.0), FORECAST, RULE
    ).iloc[0]
    assert (out["forecast_outturn"], out["forecast_low"], out["forecast_high"]) == (6.0, "<5", 9.0)
    zero = suppression.suppress_derived(
        _card(forecast_outturn=0.0, forecast_low=0.0, forecast_high=5.0), FORECAST, RULE
    ).iloc[0]
    assert (zero["forecast_outturn"], zero["forecast_low"], zero["forecast_high"]) == (0.0, 0.0, 5.0)
    # This quarter's count is 3 (hidden): the forecast, scaled from it by a profile anyone can work out
    # from the published history, would give it away, so all of it is [c], even the 12.
    hid = suppression.suppress_derived(
        _card(value=3.0, quarter_value=3.0, forecast_outturn=12.0, forecast_low=8.0, forecast_high=15.0),
        FORECAST,
        RULE,
    ).iloc[0]
    assert (hid["forecast_outturn"], hid["forecast_low"], hid["forecast_high"]) == ("[c]",) * 3
    # A cumulative count whose year to date is [c] (its quarter, 3, is hidden): the forecast goes too
    cum = suppression.suppress_derived(
        _card(measure_type="cumulative", value=12.0, quarter_value=3.0, forecast_outturn=16.0), FORECAST, RULE
    ).iloc[0]
    assert cum["forecast_outturn"] == "[c]"
    # not about people: nothing is hidden; no forecast (missing) stays missing
    ns = suppression.suppress_derived(_card(sensitive="no", value=3.0, forecast_outturn=2.0), FORECAST, RULE)
    assert ns.iloc[0]["forecast_outturn"] == 2.0
    none = suppression.suppress_derived(_card(value=3.0, forecast_outturn=None), FORECAST, RULE).iloc[0]
    assert pd.isna(none["forecast_outturn"])


def test_a_forecast_is_hidden_when_any_figure_of_the_pis_history_is():
    # NS11-like: permanent exclusions of 6 now (shown), forecast 6 (interval 5 to 8), but a quarter of 3
    # earlier this year or in the profile years is hidden: with the others published, the forecast
    # (so far + the mean offset of the last years) would give the 3 away, so its figures are [c].
    out = suppression.suppress_derived(
        _card(
            value=6.0,
            quarter_value=6.0,
            forecast_outturn=6.0,
            forecast_low=5.0,
            forecast_high=8.0,
            series_suppressed=True,
        ),
        FORECAST,
        RULE,
    ).iloc[0]
    assert (out["forecast_outturn"], out["forecast_low"], out["forecast_high"]) == ("[c]",) * 3


def test_suppressed_series_names_pis_with_any_hidden_figure():
    panel = pd.concat(
        [
            _card(pi_code="A", value=7.0, quarter_value=7.0),
            _card(pi_code="A", value=3.0, quarter_value=3.0),  # a hidden 3 in A's history
            _card(pi_code="B", value=0.0, quarter_value=0.0),  # zero is shown
            _card(pi_code="C", sensitive="no", value=2.0, quarter_value=2.0),  # not about people
        ],
        ignore_index=True,
    )
    assert suppression.suppressed_series(panel, RULE) == {"A"}
