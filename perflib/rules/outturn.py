"""The year-end outturn of each Performance Indicator, the figure so far, and the year-end target.

The outturn is the year's figure that the year-end target is judged on
(``docs/methodology.md`` section 10). It depends on the PI's measure type:

* ``cumulative`` count: the year to date at Q4, the sum of the four quarters'
  own figures;
* ``cumulative`` or ``in_quarter`` rate with a numerator and denominator: the
  pooled rate 100 x (sum of numerators) / (sum of denominators);
* ``in_quarter`` without a numerator and denominator: the mean of the four
  quarters' figures (its target is a quarter's figure, so the mean keeps the
  outturn on the target's scale);
* ``snapshot``: the position at the end of Q4.

The same rule applied to the quarters so far gives the *figure so far* at the
end of Q1, Q2 and Q3, from which :mod:`perflib.rules.forecast` works. A figure
that needs a quarter with no usable figure is missing (NaN).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.rules.rounding import round_half_up
from perflib.rules.status import on_target

SUM, POOLED, MEAN, LAST = "sum", "pooled", "mean", "last"

#: The outturn rule of each rule code, in words.
RULE_WORDS: dict[str, str] = {
    SUM: "sum of the four quarters",
    POOLED: "pooled rate of the four quarters",
    MEAN: "mean of the four quarters",
    LAST: "position at the end of Q4",
}

_PI_COLUMNS = ["pi_code", "frequency", "measure_type", "unit", "decimals", "good_direction"]


def outturn_rule(frame: pd.DataFrame) -> pd.Series:
    """How each row's PI makes its year's figure: ``sum``, ``pooled``, ``mean`` or ``last``.

    Parameters
    ----------
    frame : DataFrame
        Columns ``measure_type`` and ``denominator_label`` (NA when the PI has
        no numerator and denominator).

    Returns
    -------
    Series of str
    """
    mt = frame["measure_type"]
    ratio = frame["denominator_label"].notna()
    rule = np.select([mt.eq("snapshot"), ratio, mt.eq("cumulative")], [LAST, POOLED, SUM], default=MEAN)
    return pd.Series(rule, index=frame.index)


def _wide(rows: pd.DataFrame, keys: pd.MultiIndex, column: str) -> np.ndarray:
    """``column`` as an array of (PI-year in ``keys`` order, quarter 1..4), NaN where the panel has no row."""
    series = rows.set_index(["pi_code", "fy_start", "q"])[column]
    series = series[~series.index.duplicated()]
    return series.unstack("q").reindex(index=keys, columns=[1, 2, 3, 4]).to_numpy(dtype=float)


def _so_far(rule: np.ndarray, value: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """The figure so far at the end of each quarter (columns Q1..Q4) by outturn rule."""
    present = np.where((rule == POOLED)[:, None], ~np.isnan(num) & ~np.isnan(den), ~np.isnan(value))
    complete = np.cumprod(present, axis=1).astype(bool)
    n = np.arange(1, 5, dtype=float)
    csum = np.cumsum(np.nan_to_num(value), axis=1)
    cnum, cden = np.cumsum(np.nan_to_num(num), axis=1), np.cumsum(np.nan_to_num(den), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(cden > 0, 100.0 * cnum / cden, np.nan)
    r = rule[:, None]
    figure = np.select([r == SUM, r == POOLED, r == MEAN], [csum, pooled, csum / n], default=value)
    return np.where(complete | (r == LAST), figure, np.nan)


def _first_gap(rule: np.ndarray, figure: np.ndarray) -> np.ndarray:
    """The first quarter (1..k) whose missing figure leaves the figure so far at Q``k`` missing, 0 if none.

    ``figure`` holds the figures so far at Q1..Q``k``; a snapshot needs only Q``k``'s own figure.
    """
    missing = np.isnan(figure)
    first = np.where(missing.any(axis=1), missing.argmax(axis=1) + 1, 0)
    last = np.where(missing[:, -1], figure.shape[1], 0)
    return np.where(rule == LAST, last, first)


def year_figures(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per PI per financial year: the figure so far after each quarter and the outturn.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (:func:`perflib.build.panel.build_panel`): one row per
        PI per quarter with ``pi_code, fy_start, q, frequency, measure_type,
        unit, decimals, good_direction, denominator_label, due, quarter_value,
        numerator, denominator``.

    Returns
    -------
    DataFrame
        ``pi_code, fy_start`` and the PI's attributes, ``rule`` (see
        :data:`RULE_WORDS`), ``so_far_1`` .. ``so_far_4`` (unrounded; missing
        where a quarter needed has no usable figure), ``gap_1`` .. ``gap_4``
        (the first quarter whose figure is missing, 0 if none),
        ``gap_value_1`` .. ``gap_value_4`` (True where that quarter has a value
        but no numerator and denominator to pool) and ``outturn``
        (``so_far_4`` rounded to the PI's decimals, halves away from zero).
    """
    rows = panel.assign(
        quarter_value=panel["quarter_value"].where(panel["due"]),
        numerator=panel["numerator"].where(panel["due"]),
        denominator=panel["denominator"].where(panel["due"]),
    )
    keys = rows.drop_duplicates(["pi_code", "fy_start"])[["pi_code", "fy_start"]]
    out = keys.merge(rows.drop_duplicates("pi_code")[[*_PI_COLUMNS, "denominator_label"]], on="pi_code")
    rule = outturn_rule(out).to_numpy()
    index = pd.MultiIndex.from_frame(out[["pi_code", "fy_start"]])
    value, num, den = (_wide(rows, index, c) for c in ("quarter_value", "numerator", "denominator"))
    figure = _so_far(rule, value, num, den)
    for k in range(4):
        gap = _first_gap(rule, figure[:, : k + 1])
        out[f"so_far_{k + 1}"] = figure[:, k]
        out[f"gap_{k + 1}"] = gap
        at_gap = value[np.arange(len(out)), np.maximum(gap - 1, 0)]
        out[f"gap_value_{k + 1}"] = (gap > 0) & (rule == POOLED) & ~np.isnan(at_gap)
    out["rule"] = rule
    out["outturn"] = round_half_up(out["so_far_4"], out["decimals"])
    return out.drop(columns=["denominator_label"]).reset_index(drop=True)


def meets_target(values: np.ndarray, direction: np.ndarray, target: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Whether each outturn meets its year-end target: the Green rule of :func:`perflib.rules.status.on_target`.

    Parameters
    ----------
    values : ndarray
        Values already rounded to the PI's decimals.
    direction, target, upper : ndarray or scalars, broadcast against ``values``
        ``higher``, ``lower`` or ``range``; the target; the band's upper edge.

    Returns
    -------
    ndarray of bool
        On or better than the target (inside the band, edges included). Amber
        is not met. False where anything is missing.
    """
    return on_target(values, direction, target, upper)


def year_end_targets(targets: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """The target each PI's year is judged on, from the catalogue.

    The outturn of a cumulative or snapshot PI is its position at the end of
    Q4, so it is judged on the Q4 target: the ``q4_target`` profile where
    given, otherwise the year's ``target`` (for a cumulative count the whole
    year's). The outturn of an in-quarter PI is the year's rate or its mean
    quarter, judged on the year's ``target`` (a profile's quarterly targets are
    for single quarters).

    Parameters
    ----------
    targets : DataFrame
        The catalogue's targets (:attr:`perflib.inputs.catalogue.Catalogue.targets`):
        ``pi_code, fy_start, target, target_upper`` and optionally ``q4_target``.
    indicators : DataFrame
        The catalogue's indicators: ``pi_code, measure_type, good_direction``.

    Returns
    -------
    DataFrame
        ``pi_code, fy_start, target, target_upper`` (the upper edge for range PIs only).
    """
    ind = indicators.set_index("pi_code")
    kind = targets["pi_code"].map(ind["measure_type"])
    direction = targets["pi_code"].map(ind["good_direction"])
    q4 = targets["q4_target"].astype(float) if "q4_target" in targets else pd.Series(np.nan, index=targets.index)
    year = targets["target"].astype(float)
    return pd.DataFrame(
        {
            "pi_code": targets["pi_code"],
            "fy_start": targets["fy_start"].astype(int),
            "target": year.where(kind.eq("in_quarter"), q4.fillna(year)),
            "target_upper": targets["target_upper"].astype(float).where(direction.eq("range")),
        }
    ).reset_index(drop=True)
