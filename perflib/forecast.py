"""Forecast each PI's year-end outturn, with an 80% interval and the chance of meeting the target.

The method, in plain English (``docs/forecast.md`` has worked examples):

1. **Point forecast: last years' profile scaled to this year's figure so far.**
   For each complete past year (at most :data:`MAX_PAST_YEARS`, the latest)
   take how the year's outturn differed from the figure so far at the same
   quarter: the ratio ``outturn / so far`` for counts (a seasonal share) and the
   difference ``outturn - so far`` for everything else (a seasonal offset).
   The forecast is this year's figure so far times the (geometric) mean ratio,
   or plus the mean offset. At least :data:`MIN_PAST_YEARS` past years are
   needed.
2. **Interval and probability: the method's own errors on earlier years.**
   The same forecast is made for every earlier year, with only what was known
   then, and its error against that year's actual outturn recorded (a log
   ratio for counts, a difference otherwise), divided by the PI's *typical
   quarter-to-quarter movement* then (mean moving range of its last
   :data:`SCALE_QUARTERS` quarterly figures, relative to their level for
   counts) so that errors of quiet and volatile PIs can be pooled. This year's
   forecast is shifted by each pooled error (scaled back by this PI's own
   typical movement): the 10th and 90th percentiles of the results are the 80%
   interval, and the share of results on or better than the year-end target
   (after rounding to the PI's decimals) is the probability of meeting it. No
   normal distribution is assumed. Errors are pooled at the same quarter of the
   year: the PI's own if it has :data:`MIN_POOL_ERRORS`, otherwise those of PIs
   with the same measure type and unit, then the same measure type, then all.

"Meeting the target" means Green: on or better than the year-end target
(inside the band for range targets). Amber does not count as met.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perflib.outturn import RULE_WORDS, meets_target, round_half_up, year_figures
from perflib.quarters import Quarter, fy_label

#: The numbers the method uses; ``data/methodology.yml`` will carry them under ``forecast:``.
DEFAULTS: dict[str, Any] = {
    "interval": 0.8,                    # coverage of the prediction interval
    "min_past_years": 2,                # complete past years needed for a published forecast
    "max_past_years": 3,                # the latest complete past years used for the profile
    "min_calibration_past_years": 1,    # past years an earlier forecast needed to count as an error
    "min_pool_errors": 20,              # errors needed before a pool is used
    "scale_quarters": 12,               # quarterly movements averaged for a PI's typical movement
    "min_relative_scale": 0.01,         # floor of the relative typical movement of counts
    "multiplicative_units": ("count",),  # units forecast by ratio (others by offset)
}
INTERVAL: float = DEFAULTS["interval"]
MIN_PAST_YEARS: int = DEFAULTS["min_past_years"]
MAX_PAST_YEARS: int = DEFAULTS["max_past_years"]
MIN_POOL_ERRORS: int = DEFAULTS["min_pool_errors"]
SCALE_QUARTERS: int = DEFAULTS["scale_quarters"]

PROFILE, ACTUAL, NONE = "seasonal profile", "actual", "No forecast"
COLUMNS = ["pi_code", "forecast_outturn", "forecast_low", "forecast_high", "forecast_p_meet", "forecast_method",
           "forecast_reason", "forecast_target", "forecast_target_upper", "forecast_actual", "forecast_rule",
           "forecast_basis", "forecast_n_past_years", "forecast_n_errors"]
NON_NEGATIVE_UNITS = ("count", "days", "seconds", "weeks")
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def resolve_settings(settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The method's numbers: :data:`DEFAULTS` updated with ``settings``.

    Parameters
    ----------
    settings : mapping, optional
        Some of the keys of :data:`DEFAULTS` (the ``forecast:`` block of ``data/methodology.yml``).

    Returns
    -------
    dict
        Every setting, given or default.

    Raises
    ------
    KeyError
        For a setting the method does not know (a typing mistake in the YAML).
    """
    unknown = set(settings or {}) - set(DEFAULTS)
    if unknown:
        raise KeyError(f"unknown forecast settings: {', '.join(sorted(unknown))}")
    return {**DEFAULTS, **dict(settings or {})}


@dataclass
class _Grid:
    """The panel's figures as arrays: PI x year (x quarter), oldest year first."""

    codes: pd.Index
    years: np.ndarray
    so_far: np.ndarray    # (PI, year, 4): the figure so far after Q1..Q4, unrounded
    gap: np.ndarray       # (PI, year, 4): first quarter with no usable figure, 0 if none
    outturn: np.ndarray   # (PI, year): the published year-end figure
    scale: np.ndarray     # (PI, year, 4): typical quarter-to-quarter movement known at that quarter
    pis: pd.DataFrame     # one row per PI: frequency, measure_type, unit, decimals, good_direction, rule, ratio


def _typical_movement(panel: pd.DataFrame, codes: pd.Index, years: np.ndarray,
                      cfg: Mapping[str, Any]) -> np.ndarray:
    """Each PI's mean moving range over its last quarters, at every quarter, from that quarter and earlier only."""
    first = int(years[0]) * 4
    columns = np.arange(first, int(years[-1]) * 4 + 4)
    value = panel["quarter_value"].where(panel["due"]).astype(float)
    wide = value.groupby([panel["quarter_index"], panel["pi_code"]]).first().unstack("pi_code")
    wide = wide.reindex(index=columns, columns=codes)
    window = int(cfg["scale_quarters"])
    mr_bar = wide.diff().abs().rolling(window, min_periods=3).mean().to_numpy().T
    level = wide.abs().rolling(window + 1, min_periods=4).mean().to_numpy().T
    pis = panel.drop_duplicates("pi_code").set_index("pi_code").reindex(codes)
    ratio = pis["unit"].isin(list(cfg["multiplicative_units"])).to_numpy()[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = np.maximum(mr_bar / level, cfg["min_relative_scale"])
    absolute = np.maximum(mr_bar, 10.0 ** -pis["decimals"].to_numpy(dtype=float)[:, None])
    scale = np.where(np.isnan(mr_bar), np.nan, np.where(ratio, relative, absolute))
    return scale.reshape(len(codes), len(years), 4)


def _grid(panel: pd.DataFrame, cfg: Mapping[str, Any]) -> _Grid:
    """Arrange the panel's year figures and typical movements as arrays."""
    table = year_figures(panel)
    codes = pd.Index(panel["pi_code"].drop_duplicates())
    years = np.arange(table["fy_start"].min(), table["fy_start"].max() + 1)
    wide = table.set_index(["pi_code", "fy_start"]).reindex(pd.MultiIndex.from_product([codes, years]))
    shape = (len(codes), len(years))
    so_far = np.stack([wide[f"so_far_{k}"].to_numpy(dtype=float).reshape(shape) for k in (1, 2, 3, 4)], axis=2)
    gap = np.stack([wide[f"gap_{k}"].fillna(0).to_numpy(dtype=int).reshape(shape) for k in (1, 2, 3, 4)], axis=2)
    pis = table.drop_duplicates("pi_code").set_index("pi_code").reindex(codes)
    pis = pis[["frequency", "measure_type", "unit", "decimals", "good_direction", "rule"]].assign(
        ratio=pis["unit"].isin(list(cfg["multiplicative_units"])))
    return _Grid(codes, years, so_far, gap, wide["outturn"].to_numpy(dtype=float).reshape(shape),
                 _typical_movement(panel, codes, years, cfg), pis)


def _clip(values: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Keep figures possible: percentages within 0 to 100, counts and durations not below 0."""
    values = np.where(unit == "percent", np.clip(values, 0.0, 100.0), values)
    return np.where(np.isin(unit, NON_NEGATIVE_UNITS), np.maximum(values, 0.0), values)


def _profiles(grid: _Grid, cfg: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every PI, year and quarter Q1..Q3: the mean ratio (log) or offset of the last complete past years.

    Returns the mean shift, the number of past years used, and the first and
    last of them (indices into ``grid.years``), each of shape (PI, year, 3).
    """
    ratio = grid.pis["ratio"].to_numpy()[:, None, None]
    final, part = grid.so_far[:, :, 3:], grid.so_far[:, :, :3]
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = np.where(ratio, np.log(final / part), final - part)
    valid = np.isfinite(shift)
    n_years = len(grid.years)
    mean, count = np.full(shift.shape, np.nan), np.zeros(shift.shape, dtype=int)
    first, last = np.full(shift.shape, -1), np.full(shift.shape, -1)
    for j in range(1, n_years):
        v = valid[:, :j, :]
        latest = np.cumsum(v[:, ::-1, :], axis=1)[:, ::-1, :] <= int(cfg["max_past_years"])
        use = v & latest
        count[:, j, :] = use.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean[:, j, :] = np.where(use, shift[:, :j, :], 0.0).sum(axis=1) / count[:, j, :]
        first[:, j, :] = np.where(count[:, j, :] > 0, use.argmax(axis=1), -1)
        last[:, j, :] = np.where(count[:, j, :] > 0, j - 1 - use[:, ::-1, :].argmax(axis=1), -1)
    return mean, count, first, last


def _points(grid: _Grid, shift: np.ndarray) -> np.ndarray:
    """Point forecasts (PI, year, 3): the figure so far at Q1..Q3 moved by the profile (NaN if it cannot be)."""
    ratio = grid.pis["ratio"].to_numpy()[:, None, None]
    part = grid.so_far[:, :, :3]
    point = np.where(ratio, part * np.exp(np.where(ratio, shift, 0.0)), part + shift)
    point = np.where(ratio & ~(part > 0), np.nan, point)
    return _clip(point, grid.pis["unit"].to_numpy()[:, None, None])


def _scaled_errors(grid: _Grid, point: np.ndarray, count: np.ndarray, cfg: Mapping[str, Any]) -> np.ndarray:
    """Each earlier forecast's error against the actual outturn, over the PI's typical movement then (PI, year, 3)."""
    ratio = grid.pis["ratio"].to_numpy()[:, None, None]
    actual = grid.outturn[:, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        error = np.where(ratio, np.log(actual / point), actual - point) / grid.scale[:, :, :3]
    usable = (count >= int(cfg["min_calibration_past_years"])) & np.isfinite(error)
    return np.where(usable, error, np.nan)


def _pools(grid: _Grid, errors: np.ndarray, minimum: int) -> list[tuple[np.ndarray, str]]:
    """For each PI, the scaled errors it is calibrated on and where they come from in words."""
    pis = grid.pis
    measure = pis["measure_type"].astype(str).str.replace("_", "-")
    kind = measure + " " + pis["unit"].astype(str)
    levels = [
        (pis.index.to_numpy(), lambda p: "this PI's own earlier forecasts"),
        (kind.to_numpy(), lambda p: f"{kind.iloc[p]} PIs"),
        (measure.to_numpy(), lambda p: f"{measure.iloc[p]} PIs"),
        (np.full(len(pis), "all"), lambda p: "all quarterly PIs"),
    ]
    out = []
    for p in range(len(pis)):
        chosen = (np.array([]), "")
        for key, words in levels:
            z = errors[key == key[p]].ravel()
            z = z[np.isfinite(z)]
            if len(z) >= minimum:
                chosen = (z, words(p))
                break
        out.append(chosen)
    return out


def _distribution(res: pd.DataFrame, pools: list[tuple[np.ndarray, str]], cfg: Mapping[str, Any]) -> pd.DataFrame:
    """Interval and probability of meeting the target for each PI with a point forecast."""
    level = float(cfg["interval"])
    rows = []
    for (z, words), (_, r) in zip(pools, res.iterrows(), strict=True):
        if not len(z) or not np.isfinite(r["point"]) or not np.isfinite(r["scale"]):
            rows.append((np.nan, np.nan, np.nan, len(z), words))
            continue
        moved = r["point"] * np.exp(r["scale"] * z) if r["ratio"] else r["point"] + r["scale"] * z
        values = _clip(moved, np.array(r["unit"]))
        met = meets_target(round_half_up(values, r["decimals"]), r["good_direction"], r["target"], r["target_upper"])
        low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
        rows.append((low, high, met.mean(), len(z), words))
    return pd.DataFrame(rows, index=res.index, columns=["low", "high", "p_meet", "n_errors", "pool"])


def _year_end_target(panel: pd.DataFrame, quarter: Quarter, targets: pd.DataFrame | None) -> pd.DataFrame:
    """Per PI, the target the year is judged on and the band's upper edge (range PIs only)."""
    now = panel[panel["quarter_index"].eq(quarter.index)].drop_duplicates("pi_code").set_index("pi_code")
    target, upper = now["year_target"].astype(float), now["target_upper"].astype(float)
    if quarter.q == 4:
        target = now["target"].astype(float)
    elif targets is not None:
        given = targets[targets["fy_start"].eq(quarter.start_year)].drop_duplicates("pi_code").set_index("pi_code")
        target = given["target"].reindex(now.index).astype(float)
        upper = given["target_upper"].reindex(now.index).astype(float)
    band = now["good_direction"].eq("range")
    return pd.DataFrame({"target": target, "target_upper": upper.where(band)}, index=now.index)


def _no_forecast_reason(res: pd.DataFrame, quarter: Quarter, cfg: Mapping[str, Any]) -> pd.Series:
    """Why each PI gets no forecast, in words ("" where it gets one), first reason that applies."""
    fy = quarter.financial_year
    need = int(cfg["min_past_years"])
    no_target = res["target"].isna() | (res["good_direction"].eq("range") & res["target_upper"].isna())
    conditions = [res["frequency"].ne("quarterly"), no_target, res["so_far"].isna(),
                  res["n_past"].lt(need), ~res["scalable"].astype(bool)]
    texts = [res["frequency"] + " PI: no within-year figures", f"no target for {fy}",
             f"no usable figure for {fy} Q" + res["gap"].astype(str),
             f"fewer than {_WORDS.get(need, need)} complete past years of figures",
             "the figure so far this year is zero, so last years' profile cannot be scaled"]
    return pd.Series(np.select(conditions, texts, default=""), index=res.index)


def _frame(panel: pd.DataFrame, quarter: Quarter, targets: pd.DataFrame | None,
           cfg: Mapping[str, Any]) -> tuple[_Grid, pd.DataFrame]:
    """The panel as arrays, and one row per PI (panel order) with this year's figures and target."""
    grid = _grid(panel, cfg)
    j, k = int(np.searchsorted(grid.years, quarter.start_year)), quarter.q - 1
    res = grid.pis.assign(outturn=grid.outturn[:, j], so_far=grid.so_far[:, j, k], gap=grid.gap[:, j, k],
                          n_past=int(cfg["min_past_years"]), scalable=True, point=np.nan, scale=np.nan,
                          first_past=np.nan, last_past=np.nan)
    return grid, res.join(_year_end_target(panel, quarter, targets))


def _with_forecasts(res: pd.DataFrame, grid: _Grid, quarter: Quarter,
                    cfg: Mapping[str, Any]) -> tuple[pd.DataFrame, np.ndarray]:
    """Add the point forecasts (Q1 to Q3 reports); also return the scaled errors of earlier years' forecasts."""
    j, k = int(np.searchsorted(grid.years, quarter.start_year)), quarter.q - 1
    shift, count, first, last = _profiles(grid, cfg)
    point = _points(grid, shift)
    years = np.append(grid.years.astype(float), np.nan)  # index -1 (no past year) reads NaN
    res = res.assign(point=point[:, j, k], n_past=count[:, j, k], scale=grid.scale[:, j, k],
                     scalable=~(res["ratio"] & ~(res["so_far"] > 0)),
                     first_past=years[first[:, j, k]], last_past=years[last[:, j, k]])
    return res, _scaled_errors(grid, point, count, cfg)[:, :j, k]


def _basis(res: pd.DataFrame) -> pd.Series:
    """Where each forecast comes from, in words."""
    years = res["first_past"].map(lambda y: fy_label(int(y)) if pd.notna(y) else "") + " to " + res[
        "last_past"].map(lambda y: fy_label(int(y)) if pd.notna(y) else "")
    return ("profile of " + res["n_past"].astype(str) + " past years (" + years + "); interval from "
            + res["n_errors"].astype(str) + " earlier forecasts of " + res["pool"].astype(str))


def _empty_result(res: pd.DataFrame) -> pd.DataFrame:
    """The output frame with every PI at No forecast."""
    out = pd.DataFrame({"pi_code": res.index, "forecast_method": NONE, "forecast_reason": res["reason"].to_numpy(),
                        "forecast_target": res["target"].to_numpy(),
                        "forecast_target_upper": res["target_upper"].to_numpy(), "forecast_actual": False,
                        "forecast_rule": res["rule"].map(RULE_WORDS).to_numpy(), "forecast_basis": "",
                        "forecast_n_past_years": 0, "forecast_n_errors": 0})
    for col in ("forecast_outturn", "forecast_low", "forecast_high", "forecast_p_meet"):
        out[col] = np.nan
    return out


def _actual_result(res: pd.DataFrame) -> pd.DataFrame:
    """Q4 report: the actual outturn, and 1 or 0 for whether it met the target."""
    out = _empty_result(res)
    ok = res["reason"].eq("").to_numpy()
    met = meets_target(res["outturn"].to_numpy(dtype=float), res["good_direction"].to_numpy(),
                       res["target"].to_numpy(dtype=float), res["target_upper"].to_numpy(dtype=float))
    for col in ("forecast_outturn", "forecast_low", "forecast_high"):
        out.loc[ok, col] = res["outturn"].to_numpy()[ok]
    out.loc[ok, "forecast_p_meet"] = met[ok].astype(float)
    out.loc[ok, ["forecast_method", "forecast_actual", "forecast_basis"]] = [ACTUAL, True, "actual outturn"]
    return out


def _profile_result(res: pd.DataFrame, errors: np.ndarray, grid: _Grid, cfg: Mapping[str, Any]) -> pd.DataFrame:
    """Q1 to Q3 report: forecasts, intervals and probabilities where the reasons allow."""
    ok = res["reason"].eq("")
    res = res.join(_distribution(res, _pools(grid, errors, int(cfg["min_pool_errors"])), cfg))
    res.loc[ok & res["pool"].eq(""), "reason"] = "too few earlier forecasts to set the interval"
    no_scale = ok & res["pool"].ne("") & ~np.isfinite(res["scale"].astype(float))
    res.loc[no_scale, "reason"] = "too few recent quarterly figures to measure how much the PI moves"
    out = _empty_result(res)
    good = res["reason"].eq("").to_numpy()
    dec = res["decimals"].to_numpy(dtype=float)
    for col, src in (("forecast_outturn", "point"), ("forecast_low", "low"), ("forecast_high", "high")):
        out.loc[good, col] = round_half_up(res[src].to_numpy(dtype=float), dec)[good]
    out.loc[good, "forecast_p_meet"] = res["p_meet"].to_numpy(dtype=float)[good]
    out.loc[good, "forecast_method"] = PROFILE
    out.loc[good, "forecast_basis"] = _basis(res).to_numpy()[good]
    out["forecast_n_past_years"] = np.where(good, res["n_past"].to_numpy(dtype=int), 0)
    out["forecast_n_errors"] = np.where(good, res["n_errors"].to_numpy(dtype=int), 0)
    return out


def forecast_outturns(panel: pd.DataFrame, quarter_index: int, settings: Mapping[str, Any] | None = None,
                      targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each PI's forecast year-end outturn, 80% interval and probability of meeting the target.

    Only rows of ``panel`` up to ``quarter_index`` are read, so a forecast uses
    only what was known at the report quarter.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (``perflib.pipeline.build_panel``).
    quarter_index : int
        The report quarter (:attr:`perflib.quarters.Quarter.index`).
    settings : mapping, optional
        Overrides of :data:`DEFAULTS` (the ``forecast:`` block of ``data/methodology.yml``).
    targets : DataFrame, optional
        Year-end targets ``pi_code, fy_start, target, target_upper`` (see
        :func:`perflib.outturn.year_end_targets`). Without it, Q1 to Q3 use the
        panel's year target; a Q4 report always uses the panel's Q4 target.

    Returns
    -------
    DataFrame
        One row per PI of the panel, in panel order: :data:`COLUMNS`.
        ``forecast_method`` is ``"seasonal profile"``, ``"actual"`` (Q4) or
        ``"No forecast"`` with ``forecast_reason`` in words; numbers are NaN
        where there is no forecast and rounded to the PI's decimals otherwise.
        ``forecast_p_meet`` is the probability of ending on or better than the
        target (Green), in [0, 1]; at Q4 it is 1 or 0.

    Raises
    ------
    ValueError
        If the panel has no rows for ``quarter_index``.
    """
    cfg = resolve_settings(settings)
    panel = panel[panel["quarter_index"].le(quarter_index)]
    if not panel["quarter_index"].eq(quarter_index).any():
        raise ValueError(f"the panel has no rows for {Quarter.from_index(quarter_index).label}")
    quarter = Quarter.from_index(quarter_index)
    grid, res = _frame(panel, quarter, targets, cfg)
    if quarter.q == 4:
        return _actual_result(res.assign(reason=_no_forecast_reason(res, quarter, cfg)))[COLUMNS]
    res, errors = _with_forecasts(res, grid, quarter, cfg)
    res["reason"] = _no_forecast_reason(res, quarter, cfg)
    return _profile_result(res, errors, grid, cfg)[COLUMNS]
