"""Direction of travel: is each PI getting better or worse?

Two arrows per PI and period, each Improving, Declining, No change or Not
comparable, judged by the PI's good direction:

* **short term**: against the most recent earlier reported period that has a
  figure (last quarter for a quarterly PI, last year for an annual PI, two
  years ago for a biennial one), looking back no further than the PI's
  frequency allows (``trends.short_lookback`` in ``data/methodology.yml``:
  quarterly PIs the last 4 quarters, annual and biennial PIs one skipped
  collection). For a cumulative PI this compares the quarter's own figures,
  because a year-to-date total always grows within the year;
* **long term**: against the same quarter a year earlier (for annual PIs, last
  year; for biennial PIs, the previous report), or, when that period has no
  figure, the same quarter a year (a collection) before that, up to
  ``trends.long_lookback`` collections back, comparing like with like (year to
  date with year to date for cumulative PIs).

The period compared with is kept beside each trend (``short_period``,
``long_period``) so that the words can name it. A period without a figure is
skipped, never read as 0.

A change smaller than the unit's materiality (``data/methodology.yml``) is
"No change". For a range PI, better means closer to the band: the distance
outside the band (zero inside it) is compared instead of the value.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from perflib.core.quarters import Quarter

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


def judge(
    current: pd.Series,
    previous: pd.Series,
    direction: pd.Series,
    unit: pd.Series,
    rules: Mapping[str, Mapping[str, float]],
    lower_edge: pd.Series | None = None,
    upper_edge: pd.Series | None = None,
) -> pd.Series:
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

    change = (current - previous).to_numpy(dtype=float)
    higher = direction.eq("higher").to_numpy(dtype=bool)
    lower = direction.eq("lower").to_numpy(dtype=bool)
    band_a = band.to_numpy(dtype=bool)
    # "Better" change: positive when things got better.
    dist = (distance(previous) - distance(current)).to_numpy(dtype=float)
    better = np.select([higher, lower, band_a], [change, -change, dist], np.nan)
    size = np.where(band_a, np.abs(better), np.abs(change))
    threshold = materiality(unit, previous, rules).to_numpy(dtype=float)
    comparable = (
        ~np.isnan(current.to_numpy(dtype=float)) & ~np.isnan(previous.to_numpy(dtype=float)) & ~np.isnan(better)
    )
    with np.errstate(invalid="ignore"):
        codes = np.select(
            [~comparable, np.round(size, 9) < np.round(threshold, 9), better > 0, better < 0], [3, 2, 0, 1], default=2
        )
    names = np.array([IMPROVING, DECLINING, NO_CHANGE, NOT_COMPARABLE], dtype=object)
    return pd.Series(names[codes], index=idx)


def _previous(panel: pd.DataFrame, values: pd.Series, gap: np.ndarray) -> pd.Series:
    """The value ``gap`` quarters earlier for the same PI (NaN where there is none).

    Rows are looked up by (PI, quarter) key, so the panel may be in any order
    and have holes. When it is one block of consecutive quarters per PI (as the
    pipeline builds it) a positional shift gives the same answer much faster.
    """
    codes = pd.factorize(panel["pi_code"])[0]
    qi = panel["quarter_index"].to_numpy(dtype=np.int64)
    vals = values.to_numpy(dtype=float)
    out = np.full(len(panel), np.nan)
    for g in np.unique(gap):
        rows = np.flatnonzero(gap == g)
        src = rows - g
        ok = src >= 0
        src_ok = np.where(ok, src, 0)
        hit = ok & (codes[src_ok] == codes[rows]) & (qi[src_ok] == qi[rows] - g)
        out[rows[hit]] = vals[src_ok[hit]]
        missing = rows[~hit]
        if len(missing):  # not a regular grid here: look up by key
            key = pd.MultiIndex.from_arrays([codes, qi])
            lookup = pd.Series(vals, index=key)
            lookup = lookup[~lookup.index.duplicated()]
            want = pd.MultiIndex.from_arrays([codes[missing], qi[missing] - g])
            out[missing] = lookup.reindex(want).to_numpy(dtype=float)
    return pd.Series(out, index=panel.index)


#: Quarters between collections, by frequency.
_STEP = {"quarterly": 1, "annual": 4, "biennial": 8}
#: Quarters between a period and "a year earlier" (a collection earlier for biennial PIs).
_YEAR = {"quarterly": 4, "annual": 4, "biennial": 8}


def _latest_earlier(
    panel: pd.DataFrame, values: pd.Series, step: np.ndarray, most: np.ndarray
) -> tuple[pd.Series, pd.Series]:
    """The latest earlier figure ``step``, ``2 * step``, ... ``most * step`` quarters back, and its period.

    Parameters
    ----------
    panel : DataFrame
        With ``pi_code`` and ``quarter_index``.
    values : Series of float
        The figures looked up (NaN where a period has none).
    step, most : array of int
        Per row: quarters between candidate periods, and how many candidates may be tried.

    Returns
    -------
    (Series of float, Series of str)
        The figure found (NaN when none within the look-back) and the label of
        its period (NA when none).
    """
    found = pd.Series(np.nan, index=panel.index)
    gap_used = np.zeros(len(panel), dtype=np.int64)
    qi = panel["quarter_index"].to_numpy(dtype=np.int64)
    for k in range(1, int(most.max(initial=0)) + 1):
        todo = found.isna().to_numpy() & (most >= k)
        if not todo.any():
            break
        candidate = _previous(panel, values, step * k)
        take = todo & candidate.notna().to_numpy()
        found[take] = candidate[take]
        gap_used[take] = (step * k)[take]
    labels = pd.Series(pd.NA, index=panel.index, dtype=object)
    has = gap_used > 0
    if has.any():
        wanted = qi[has] - gap_used[has]
        names = {i: Quarter.from_index(int(i)).label for i in np.unique(wanted)}
        labels[has] = [names[i] for i in wanted]
    return found, labels


def add_trends(
    panel: pd.DataFrame,
    rules: Mapping[str, Mapping[str, float]],
    short_lookback: Mapping[str, int] | None = None,
    long_lookback: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Add ``short_trend``, ``long_trend``, the values they compared and their periods to a panel.

    Parameters
    ----------
    panel : DataFrame
        One row per PI per quarter with ``pi_code``, ``quarter_index``,
        ``frequency``, ``measure_type``, ``good_direction``, ``unit``,
        ``value`` (the rated value), ``quarter_value`` (the quarter's own
        figure), ``target`` and ``target_upper``.
    rules : mapping
        Materiality per unit.
    short_lookback : mapping, optional
        Frequency -> how many collections back the short-term trend may look
        for a figure (``trends.short_lookback``; default 1: the previous one only).
    long_lookback : mapping, optional
        Frequency -> how many years (collections) back the long-term trend may
        look for the same quarter's figure (``trends.long_lookback``; default 1).

    Returns
    -------
    DataFrame
        ``panel`` itself, with ``short_previous``, ``short_period``,
        ``short_trend``, ``long_previous``, ``long_period`` and ``long_trend``
        added in place.
    """
    freq = panel["frequency"].astype(str)
    short_most = freq.map(dict(short_lookback or {})).fillna(1).to_numpy(dtype=np.int64)
    long_most = freq.map(dict(long_lookback or {})).fillna(1).to_numpy(dtype=np.int64)
    short_step = freq.map(_STEP).fillna(1).to_numpy(dtype=np.int64)
    long_step = freq.map(_YEAR).fillna(4).to_numpy(dtype=np.int64)
    cumulative = pd.Series(panel["measure_type"].to_numpy() == "cumulative", index=panel.index)
    short_basis = panel["quarter_value"].where(cumulative, panel["value"]).astype(float)
    short_prev, short_period = _latest_earlier(panel, short_basis, short_step, short_most)
    long_prev, long_period = _latest_earlier(panel, panel["value"].astype(float), long_step, long_most)
    lo, hi = panel["target"].astype(float), panel["target_upper"].astype(float)
    direction = panel["good_direction"].astype("category")  # fast comparisons on big tables
    unit = panel["unit"].astype("category")
    short = judge(short_basis, short_prev, direction, unit, rules, lo, hi)
    long = judge(panel["value"].astype(float), long_prev, direction, unit, rules, lo, hi)
    not_due = ~panel["due"].to_numpy(dtype=bool)
    short[not_due] = NOT_COMPARABLE
    long[not_due] = NOT_COMPARABLE
    short_period[not_due | short_basis.isna().to_numpy()] = pd.NA
    long_period[not_due | panel["value"].isna().to_numpy()] = pd.NA
    out = panel  # columns are added in place (no copy of a big table)
    out["short_previous"] = short_prev
    out["short_period"] = short_period
    out["long_previous"] = long_prev
    out["long_period"] = long_period
    out["short_trend"] = short
    out["long_trend"] = long
    return out
