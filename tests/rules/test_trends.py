"""Direction of travel against hand-worked cases."""

import numpy as np
import pandas as pd

from perflib.rules import trends

RULES = {"percent": {"absolute": 1.0}, "count": {"relative": 5.0}}


def judge(cur, prev, direction, unit="percent", lo=np.nan, hi=np.nan):
    s = lambda x: pd.Series([x], dtype=float)  # noqa: E731
    return trends.judge(s(cur), s(prev), pd.Series([direction]), pd.Series([unit]), RULES, s(lo), s(hi)).iloc[0]


def test_higher_and_lower():
    assert judge(52.0, 50.0, "higher") == "Improving"
    assert judge(48.0, 50.0, "higher") == "Declining"
    assert judge(48.0, 50.0, "lower") == "Improving"
    assert judge(52.0, 50.0, "lower") == "Declining"


def test_materiality_edge():
    # a change of exactly the threshold counts; less does not
    assert judge(51.0, 50.0, "higher") == "Improving"
    assert judge(50.9, 50.0, "higher") == "No change"
    assert judge(50.0, 50.0, "higher") == "No change"
    # relative: 5% of 100 = 5
    assert judge(95, 100, "lower", "count") == "Improving"
    assert judge(96, 100, "lower", "count") == "No change"
    # relative threshold of a zero previous value is zero: any change counts
    assert judge(1, 0, "lower", "count") == "Declining"


def test_missing_is_not_comparable():
    assert judge(np.nan, 50.0, "higher") == "Not comparable"
    assert judge(50.0, np.nan, "higher") == "Not comparable"


def test_range_uses_distance_from_band():
    # band 8-12: 13.5 is 1.5 outside, 12.5 is 0.5 outside -> worse by 1.0
    assert judge(13.5, 12.5, "range", lo=8, hi=12) == "Declining"
    assert judge(12.5, 13.5, "range", lo=8, hi=12) == "Improving"
    # both inside the band: no change, however far they moved
    assert judge(11.5, 8.5, "range", lo=8, hi=12) == "No change"
    # range PI with no band (no target) cannot be judged
    assert judge(11.5, 8.5, "range") == "Not comparable"


def _panel(values, frequency="quarterly", measure="in_quarter", start=8100):
    """One PI, one row per quarter from quarter index ``start`` (a None value has no figure)."""
    n = len(values)
    return pd.DataFrame(
        {
            "pi_code": "A1",
            "quarter_index": range(start, start + n),
            "frequency": frequency,
            "measure_type": measure,
            "good_direction": "higher",
            "unit": "percent",
            "value": [np.nan if v is None else float(v) for v in values],
            "quarter_value": [np.nan if v is None else float(v) for v in values],
            "target": np.nan,
            "target_upper": np.nan,
            "due": True,
        }
    )


LOOK_SHORT = {"quarterly": 4, "annual": 2, "biennial": 2}
LOOK_LONG = {"quarterly": 2, "annual": 2, "biennial": 2}


def test_short_trend_passes_over_a_quarter_with_no_figure_and_names_the_period():
    # index 8100 is 2025-26 Q1 (8100 // 4 = 2025, 8100 % 4 = 0 -> Q1): 90.0, no figure, 87.5.
    out = trends.add_trends(_panel([90.0, None, 87.5]), RULES, LOOK_SHORT, LOOK_LONG)
    last = out.iloc[-1]
    assert last["short_previous"] == 90.0 and last["short_period"] == "2025-26 Q1"
    assert last["short_trend"] == trends.DECLINING  # 2.5 points down, threshold 1.0
    # without a look-back the gap makes it Not comparable, never a comparison with 0
    plain = trends.add_trends(_panel([90.0, None, 87.5]), RULES).iloc[-1]
    assert plain["short_trend"] == trends.NOT_COMPARABLE and pd.isna(plain["short_period"])


def test_short_trend_looks_back_no_further_than_four_quarters():
    # figure 5 quarters back only: out of reach
    out = trends.add_trends(_panel([50.0, None, None, None, None, 60.0]), RULES, LOOK_SHORT, LOOK_LONG)
    assert out.iloc[-1]["short_trend"] == trends.NOT_COMPARABLE
    # 4 quarters back: in reach, 10 points up
    out = trends.add_trends(_panel([50.0, None, None, None, 60.0]), RULES, LOOK_SHORT, LOOK_LONG)
    assert out.iloc[-1]["short_trend"] == trends.IMPROVING and out.iloc[-1]["short_period"] == "2025-26 Q1"


def test_long_trend_reaches_back_one_skipped_year():
    # 2025-26 Q1 50.0; a year later no figure; two years later 52.0: compared with 2025-26 Q1.
    values = [50.0] + [None] * 7 + [52.0]
    out = trends.add_trends(_panel(values), RULES, LOOK_SHORT, LOOK_LONG).iloc[-1]
    assert out["long_period"] == "2025-26 Q1" and out["long_trend"] == trends.IMPROVING
    # three years: out of reach
    out = trends.add_trends(_panel([50.0] + [None] * 11 + [52.0]), RULES, LOOK_SHORT, LOOK_LONG).iloc[-1]
    assert out["long_trend"] == trends.NOT_COMPARABLE
