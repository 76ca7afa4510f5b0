"""The arithmetic of the year-end forecast, on arrays of PI x year x quarter.

:mod:`perflib.rules.forecast` says what is published; this module works out
the numbers behind it (``docs/methodology.md`` section 10):

1. the **figure so far** after each quarter and the year's **outturn**
   (:func:`perflib.rules.outturn.year_figures`), and each PI's **typical
   quarter-to-quarter movement** known at each quarter;
2. the **profile**: how the outturn differed from the figure so far at the
   same quarter in the latest complete past years (a mean log ratio for units
   forecast by ratio, a mean offset otherwise), and the **point forecast**;
3. the **errors** of the same forecast made for earlier years, scaled by the
   typical movement then, and **pooled** across PIs of the same kind;
4. the **distribution** of possible outturns: this year's forecast moved by
   each pooled error, scaled by this PI's typical movement now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from perflib.core.methodology import Forecast
from perflib.rules.outturn import meets_target, year_figures
from perflib.rules.rounding import round_half_up

#: Units whose figures cannot be below zero (percentages are also kept at or below 100).
NON_NEGATIVE_UNITS = ("count", "days", "seconds", "weeks")


@dataclass
class Grid:
    """The panel's figures as arrays: PI x year (x quarter), oldest year first.

    Attributes
    ----------
    codes : Index
        The PIs, in panel order.
    years : ndarray
        Financial year starts, consecutive.
    so_far : ndarray
        (PI, year, 4): the figure so far after Q1..Q4, unrounded.
    gap, gap_value : ndarray
        (PI, year, 4): the first quarter with no usable figure (0 if none), and
        whether that quarter has a value but no numerator and denominator.
    outturn : ndarray
        (PI, year): the published year-end figure.
    scale : ndarray
        (PI, year, 4): the typical quarter-to-quarter movement known at that quarter.
    pis : DataFrame
        One row per PI: frequency, measure_type, unit, decimals, good_direction, rule, ratio.
    """

    codes: pd.Index
    years: np.ndarray
    so_far: np.ndarray
    gap: np.ndarray
    gap_value: np.ndarray
    outturn: np.ndarray
    scale: np.ndarray
    pis: pd.DataFrame

    def at(self, start_year: int) -> int:
        """The position of a financial year in :attr:`years`."""
        return int(np.searchsorted(self.years, start_year))


def _typical_movement(panel: pd.DataFrame, codes: pd.Index, years: np.ndarray, cfg: Forecast) -> np.ndarray:
    """Each PI's mean moving range over its last quarters, at every quarter, from that quarter and earlier only."""
    columns = np.arange(int(years[0]) * 4, int(years[-1]) * 4 + 4)
    value = panel["quarter_value"].where(panel["due"]).astype(float)
    wide = value.groupby([panel["quarter_index"], panel["pi_code"]]).first().unstack("pi_code")
    wide = wide.reindex(index=columns, columns=codes)
    window = cfg.scale_quarters
    mr_bar = wide.diff().abs().rolling(window, min_periods=min(3, window)).mean().to_numpy().T
    level = wide.abs().rolling(window + 1, min_periods=min(4, window + 1)).mean().to_numpy().T
    pis = panel.drop_duplicates("pi_code").set_index("pi_code").reindex(codes)
    ratio = pis["unit"].isin(cfg.multiplicative_units).to_numpy()[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = np.maximum(mr_bar / level, cfg.min_relative_scale)
    absolute = np.maximum(mr_bar, 10.0 ** -pis["decimals"].to_numpy(dtype=float)[:, None])
    scale = np.where(np.isnan(mr_bar), np.nan, np.where(ratio, relative, absolute))
    return scale.reshape(len(codes), len(years), 4)


def build_grid(panel: pd.DataFrame, cfg: Forecast) -> Grid:
    """Arrange the panel's year figures and typical movements as arrays.

    Parameters
    ----------
    panel : DataFrame
        The rated panel, up to the report quarter only.
    cfg : Forecast
        The forecast settings.

    Returns
    -------
    Grid
    """
    table = year_figures(panel)
    codes = pd.Index(panel["pi_code"].drop_duplicates())
    years = np.arange(table["fy_start"].min(), table["fy_start"].max() + 1)
    wide = table.set_index(["pi_code", "fy_start"]).reindex(pd.MultiIndex.from_product([codes, years]))
    shape = (len(codes), len(years))

    def stack(prefix: str, kind: type) -> np.ndarray:
        cols = [wide[f"{prefix}_{k}"] for k in (1, 2, 3, 4)]
        return np.stack([c.fillna(0).to_numpy(dtype=kind).reshape(shape) for c in cols], axis=2)

    so_far = np.stack([wide[f"so_far_{k}"].to_numpy(dtype=float).reshape(shape) for k in (1, 2, 3, 4)], axis=2)
    pis = table.drop_duplicates("pi_code").set_index("pi_code").reindex(codes)
    pis = pis[["frequency", "measure_type", "unit", "decimals", "good_direction", "rule"]].assign(
        ratio=pis["unit"].isin(cfg.multiplicative_units)
    )
    return Grid(
        codes,
        years,
        so_far,
        stack("gap", int),
        stack("gap_value", bool),
        wide["outturn"].to_numpy(dtype=float).reshape(shape),
        _typical_movement(panel, codes, years, cfg),
        pis,
    )


def clip(values: np.ndarray, unit: np.ndarray | str) -> np.ndarray:
    """Keep figures possible: percentages within 0 to 100, counts and durations not below 0."""
    values = np.where(np.asarray(unit) == "percent", np.clip(values, 0.0, 100.0), values)
    return np.where(np.isin(unit, NON_NEGATIVE_UNITS), np.maximum(values, 0.0), values)


def profiles(grid: Grid, cfg: Forecast) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every PI, year and quarter Q1..Q3: the mean log ratio or offset of the latest complete past years.

    Parameters
    ----------
    grid : Grid
    cfg : Forecast

    Returns
    -------
    (ndarray, ndarray, ndarray, ndarray)
        Each of shape (PI, year, 3): the mean shift, the number of past years
        used, and the first and last of them (indices into ``grid.years``, -1
        when none).
    """
    ratio = grid.pis["ratio"].to_numpy()[:, None, None]
    final, part = grid.so_far[:, :, 3:], grid.so_far[:, :, :3]
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = np.where(ratio, np.log(final / part), final - part)
    valid = np.isfinite(shift)
    mean, count = np.full(shift.shape, np.nan), np.zeros(shift.shape, dtype=int)
    first, last = np.full(shift.shape, -1), np.full(shift.shape, -1)
    for j in range(1, len(grid.years)):
        v = valid[:, :j, :]
        latest = np.cumsum(v[:, ::-1, :], axis=1)[:, ::-1, :] <= cfg.max_past_years
        use = v & latest
        count[:, j, :] = use.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean[:, j, :] = np.where(use, shift[:, :j, :], 0.0).sum(axis=1) / count[:, j, :]
        first[:, j, :] = np.where(count[:, j, :] > 0, use.argmax(axis=1), -1)
        last[:, j, :] = np.where(count[:, j, :] > 0, j - 1 - use[:, ::-1, :].argmax(axis=1), -1)
    return mean, count, first, last


def points(grid: Grid, shift: np.ndarray) -> np.ndarray:
    """Point forecasts (PI, year, 3): the figure so far at Q1..Q3 moved by the profile (NaN if it cannot be)."""
    ratio = grid.pis["ratio"].to_numpy()[:, None, None]
    part = grid.so_far[:, :, :3]
    point = np.where(ratio, part * np.exp(np.where(ratio, shift, 0.0)), part + shift)
    point = np.where(ratio & ~(part > 0), np.nan, point)
    return clip(point, grid.pis["unit"].to_numpy()[:, None, None])


def scaled_errors(grid: Grid, point: np.ndarray, count: np.ndarray, cfg: Forecast) -> np.ndarray:
    """Each year's forecast error against its actual outturn, over the PI's typical movement then (PI, year, 3).

    NaN where no forecast could be made, the outturn is unknown, or the profile
    had fewer than ``cfg.min_calibration_past_years`` past years.
    """
    ratio = grid.pis["ratio"].to_numpy()[:, None, None]
    actual = grid.outturn[:, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        error = np.where(ratio, np.log(actual / point), actual - point) / grid.scale[:, :, :3]
    usable = (count >= cfg.min_calibration_past_years) & np.isfinite(error)
    return np.where(usable, error, np.nan)


def pools(grid: Grid, errors: np.ndarray, minimum: int) -> list[tuple[np.ndarray, str]]:
    """For each PI, the scaled errors it is calibrated on and where they come from, in words.

    Parameters
    ----------
    grid : Grid
    errors : ndarray
        (PI, earlier year): the scaled errors of earlier years' forecasts at this quarter.
    minimum : int
        The fewest errors a pool needs: the PI's own, else those of PIs with
        the same measure type and unit, else the same measure type, else all.

    Returns
    -------
    list of (ndarray, str)
        Per PI, its pool of errors (empty when even all PIs give too few) and
        its description, e.g. ``"snapshot percent PIs"``.
    """
    pis = grid.pis
    measure = pis["measure_type"].astype(str).str.replace("_", "-")
    kind = measure + " " + pis["unit"].astype(str)
    levels: list[tuple[np.ndarray, Callable[[int], str]]] = [
        (pis.index.to_numpy(), lambda p: "this PI's own earlier forecasts"),
        (kind.to_numpy(), lambda p: f"{kind.iloc[p]} PIs"),
        (measure.to_numpy(), lambda p: f"{measure.iloc[p]} PIs"),
        (np.full(len(pis), "all"), lambda p: "all quarterly PIs"),
    ]
    out = []
    for p in range(len(pis)):
        chosen: tuple[np.ndarray, str] = (np.array([]), "")
        for key, words in levels:
            z = errors[key == key[p]].ravel()
            z = z[np.isfinite(z)]
            if len(z) >= minimum:
                chosen = (z, words(p))
                break
        out.append(chosen)
    return out


def distribution(res: pd.DataFrame, pooled: list[tuple[np.ndarray, str]], level: float) -> pd.DataFrame:
    """The interval and the probability of meeting the target of each PI with a point forecast.

    Parameters
    ----------
    res : DataFrame
        One row per PI: ``point, scale, ratio, unit, decimals, good_direction, target, target_upper``.
    pooled : list
        From :func:`pools`, in the same order.
    level : float
        The interval's coverage, e.g. 0.8 for the 10th to the 90th percentile.

    Returns
    -------
    DataFrame
        ``low, high`` (unrounded), ``p_meet`` (the share of possible outturns,
        rounded to the PI's places, that meet the target), ``n_errors``, ``pool``.
    """
    rows = []
    for (z, words), (_, r) in zip(pooled, res.iterrows(), strict=True):
        if not len(z) or not np.isfinite(r["point"]) or not np.isfinite(r["scale"]):
            rows.append((np.nan, np.nan, np.nan, len(z), words))
            continue
        moved = r["point"] * np.exp(r["scale"] * z) if r["ratio"] else r["point"] + r["scale"] * z
        values = clip(moved, str(r["unit"]))
        met = meets_target(
            round_half_up(values, int(r["decimals"])), r["good_direction"], r["target"], r["target_upper"]
        )
        low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
        rows.append((low, high, float(met.mean()), len(z), words))
    return pd.DataFrame(rows, index=res.index, columns=["low", "high", "p_meet", "n_errors", "pool"])
