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
