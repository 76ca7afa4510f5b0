"""Direction of travel: is each PI getting better or worse?

Two arrows per PI and period, each Improving, Declining, No change or Not
comparable, judged by the PI's good direction:

* **short term**: against the previous reported period (last quarter for a
  quarterly PI, last year for an annual PI, two years ago for a biennial one).
  For a cumulative PI this compares the quarter's own figures, because a
  year-to-date total always grows within the year;
* **long term**: against the same quarter a year earlier (for annual PIs, last
  year; for biennial PIs, the previous report), comparing like with like
  (year to date with year to date for cumulative PIs).

A change smaller than the unit's materiality (``data/methodology.yml``) is
"No change". For a range PI, better means closer to the band: the distance
outside the band (zero inside it) is compared instead of the value.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

IMPROVING = "Improving"
DECLINING = "Declining"
NO_CHANGE = "No change"
NOT_COMPARABLE = "Not comparable"
TRENDS: tuple[str, ...] = (IMPROVING, DECLINING, NO_CHANGE, NOT_COMPARABLE)

#: Symbols shown with the words, never instead of them.
TREND_SYMBOLS = {IMPROVING: "\u2191", DECLINING: "\u2193", NO_CHANGE: "\u2192", NOT_COMPARABLE: "\u2013"}


def materiality(unit: pd.Series, previous: pd.Series, rules: Mapping[str, Mapping[str, float]]) -> pd.Series:
    """Smallest change that counts, per row, in the PI's unit.

    Parameters
    ----------
    unit : Series of str
    previous : Series of float
        The earlier value (relative thresholds are a percentage of it).
    rules : mapping
        unit -> ``{"absolute": x}`` or ``{"relative": pct}``.
    """
    out = pd.Series(0.0, index=unit.index)
    for name, rule in rules.items():
        mask = unit.eq(name)
        if "absolute" in rule:
            out = out.mask(mask, float(rule["absolute"]))
        elif "relative" in rule:
            out = out.mask(mask, previous.abs() * float(rule["relative"]) / 100.0)
    return out


def judge(current: pd.Series, previous: pd.Series, direction: pd.Series, unit: pd.Series,
          rules: Mapping[str, Mapping[str, float]], lower_edge: pd.Series | None = None,
          upper_edge: pd.Series | None = None) -> pd.Series:
    """Improving, Declining, No change or Not comparable for each row.

    Parameters
    ----------
    current, previous : Series of float
        The two values compared.
    direction : Series of str
        ``higher``, ``lower`` or ``range``.
    unit : Series of str
    rules : mapping
        Materiality per unit.
    lower_edge, upper_edge : Series of float, optional
        The band of range PIs (the current period's target band).

    Returns
    -------
    Series of str
    """
    idx = current.index
    lo = lower_edge if lower_edge is not None else pd.Series(np.nan, index=idx)
    hi = upper_edge if upper_edge is not None else pd.Series(np.nan, index=idx)
    band = direction.eq("range")

    def distance(x: pd.Series) -> pd.Series:
        return (lo - x).clip(lower=0) + (x - hi).clip(lower=0)

    change = current - previous
    # "Better" change: positive when things got better.
    better = pd.Series(np.select([direction.eq("higher"), direction.eq("lower"), band],
                                 [change, -change, distance(previous) - distance(current)], np.nan),
                       index=idx)
    size = pd.Series(np.where(band, better.abs(), change.abs()), index=idx)
    threshold = materiality(unit, previous, rules)
    comparable = current.notna() & previous.notna() & better.notna()
    out = np.select(
        [~comparable, size.round(9) < threshold.round(9), better > 0, better < 0],
        [NOT_COMPARABLE, NO_CHANGE, IMPROVING, DECLINING],
        default=NO_CHANGE,
    )
    return pd.Series(out, index=idx)


def add_trends(panel: pd.DataFrame, rules: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """Add ``short_trend``, ``long_trend`` and the values they compared to a panel.

    Parameters
    ----------
    panel : DataFrame
        One row per PI per quarter with ``pi_code``, ``quarter_index``,
        ``frequency``, ``measure_type``, ``good_direction``, ``unit``,
        ``value`` (the rated value), ``quarter_value`` (the quarter's own
        figure), ``target`` and ``target_upper``.
    rules : mapping
        Materiality per unit.

    Returns
    -------
    DataFrame
        ``panel`` with ``short_previous``, ``short_trend``, ``long_previous``
        and ``long_trend``.
    """
    freq = panel["frequency"]
    short_gap = np.select([freq.eq("annual"), freq.eq("biennial")], [4, 8], 1)
    long_gap = np.select([freq.eq("biennial")], [8], 4)
    cumulative = panel["measure_type"].eq("cumulative")
    short_basis = panel["quarter_value"].where(cumulative, panel["value"])
    lookup = panel[["pi_code", "quarter_index"]].assign(_value=panel["value"], _short=short_basis)

    def previous(gap: np.ndarray, column: str) -> pd.Series:
        keys = panel[["pi_code"]].assign(quarter_index=panel["quarter_index"] - gap)
        merged = keys.merge(lookup[["pi_code", "quarter_index", column]], how="left",
                            on=["pi_code", "quarter_index"])
        return pd.Series(merged[column].to_numpy(), index=panel.index, dtype=float)

    short_prev = previous(short_gap, "_short")
    long_prev = previous(long_gap, "_value")
    out = panel.copy()
    out["short_previous"] = short_prev
    out["long_previous"] = long_prev
    lo, hi = panel["target"].astype(float), panel["target_upper"].astype(float)
    out["short_trend"] = judge(short_basis.astype(float), short_prev, panel["good_direction"], panel["unit"],
                               rules, lo, hi)
    out["long_trend"] = judge(panel["value"].astype(float), long_prev, panel["good_direction"], panel["unit"],
                              rules, lo, hi)
    not_due = ~panel["due"].astype(bool)
    out.loc[not_due, ["short_trend", "long_trend"]] = NOT_COMPARABLE
    return out
