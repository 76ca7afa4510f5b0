"""Forecast each PI's year-end outturn, with an 80% interval and the chance of meeting the target.

The method, in plain English (``docs/methodology.md`` section 10 has worked
examples; the arithmetic is in :mod:`perflib.rules.forecast_grid`):

1. **Point forecast: last years' profile scaled to this year's figure so far.**
   For each of the latest complete past years (``max_past_years``), how the
   year's outturn differed from the figure so far at the same quarter: the
   ratio ``outturn / so far`` for counts (a seasonal share) and the
   difference ``outturn - so far`` for everything else (a seasonal offset).
   The forecast is this year's figure so far times the (geometric) mean
   ratio, or plus the mean offset. At least ``min_past_years`` past years are
   needed.
2. **Interval and probability: the method's own errors on earlier years.**
   The same forecast is made for every earlier year with only what was known
   then, and its error against that year's actual outturn is divided by the
   PI's typical quarter-to-quarter movement then, so that errors of quiet and
   volatile PIs can be pooled. This year's forecast is moved by each pooled
   error (scaled back by this PI's typical movement now): the 10th and 90th
   percentiles of the results are the 80% interval, and the share of results
   that meet the year-end target (after rounding) is the probability of
   meeting it. No normal distribution is assumed.

"Meeting the target" means Green: on or better than the year-end target
(inside the band for range targets). Amber does not count as met. A Q4 report
shows the actual outturn instead (method ``"actual"``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.core.methodology import Forecast, default_methodology
from perflib.core.quarters import Quarter, fy_label
from perflib.rules import forecast_grid as fg
from perflib.rules.outturn import RULE_WORDS, meets_target
from perflib.rules.rounding import round_half_up

PROFILE, ACTUAL, NONE = "seasonal profile", "actual", "No forecast"
#: The method of a Q4 PI with no year-end outturn (its reason says why).
NO_OUTTURN = "No outturn"
#: The columns of :func:`forecast_outturns`, in order.
COLUMNS = [
    "pi_code",
    "forecast_outturn",
    "forecast_low",
    "forecast_high",
    "forecast_p_meet",
    "forecast_method",
    "forecast_reason",
    "forecast_target",
    "forecast_target_upper",
    "forecast_actual",
    "forecast_rule",
    "forecast_basis",
    "forecast_n_past_years",
    "forecast_n_errors",
]
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _year_end_target(codes: pd.Index, quarter: Quarter, targets: pd.DataFrame) -> pd.DataFrame:
    """Per PI, the target the year is judged on and the band's upper edge (range PIs only)."""
    given = targets[targets["fy_start"].eq(quarter.start_year)].drop_duplicates("pi_code").set_index("pi_code")
    return pd.DataFrame(
        {
            "target": given["target"].reindex(codes).astype(float),
            "target_upper": given["target_upper"].reindex(codes).astype(float),
        },
        index=codes,
    )


def _gap_text(res: pd.DataFrame, quarter: Quarter) -> pd.Series:
    """Why this year's figure so far is missing, in words."""
    where = f"{quarter.financial_year} Q" + res["gap"].astype(int).astype(str)
    return pd.Series(
        np.where(
            res["gap_value"].astype(bool),
            "no numerator and denominator for " + where + ", so the year's rate cannot be pooled",
            "no usable figure for " + where,
        ),
        index=res.index,
    )


def _no_forecast_reason(res: pd.DataFrame, quarter: Quarter, cfg: Forecast) -> pd.Series:
    """Why each PI gets no forecast (or, at Q4, no outturn), in words; "" where it gets one. First reason wins."""
    need = cfg.min_past_years
    no_target = res["target"].isna() | (res["good_direction"].eq("range") & res["target_upper"].isna())
    conditions = [res["frequency"].ne("quarterly"), no_target, res["so_far"].isna()]
    texts = [
        res["frequency"] + " PI: no within-year figures",
        pd.Series(f"no target for {quarter.financial_year}", index=res.index),
        _gap_text(res, quarter),
    ]
    if quarter.q < 4:
        conditions += [res["n_past"].lt(need), ~res["scalable"].astype(bool)]
        texts += [
            pd.Series(f"fewer than {_WORDS.get(need, need)} complete past years of figures", index=res.index),
            pd.Series("the figure so far this year is zero, so last years' profile cannot be scaled", index=res.index),
        ]
    return pd.Series(np.select(conditions, texts, default=""), index=res.index)


def _frame(grid: fg.Grid, quarter: Quarter, targets: pd.DataFrame) -> pd.DataFrame:
    """One row per PI (panel order) with this year's figures and year-end target."""
    j, k = grid.at(quarter.start_year), quarter.q - 1
    res = grid.pis.assign(
        outturn=grid.outturn[:, j],
        so_far=grid.so_far[:, j, k],
        gap=grid.gap[:, j, k],
        gap_value=grid.gap_value[:, j, k],
    )
    return res.join(_year_end_target(grid.codes, quarter, targets))


def _with_forecasts(
    res: pd.DataFrame, grid: fg.Grid, quarter: Quarter, cfg: Forecast
) -> tuple[pd.DataFrame, np.ndarray]:
    """Add the point forecasts (Q1 to Q3 reports); also return the scaled errors of earlier years' forecasts."""
    j, k = grid.at(quarter.start_year), quarter.q - 1
    shift, count, first, last = fg.profiles(grid, cfg)
    point = fg.points(grid, shift)
    years = np.append(grid.years.astype(float), np.nan)  # index -1 (no past year) reads NaN
    res = res.assign(
        point=point[:, j, k],
        n_past=count[:, j, k],
        scale=grid.scale[:, j, k],
        scalable=~(res["ratio"] & ~(res["so_far"] > 0)),
        first_past=years[first[:, j, k]],
        last_past=years[last[:, j, k]],
    )
    return res, fg.scaled_errors(grid, point, count, cfg)[:, :j, k]


def _basis(res: pd.DataFrame) -> pd.Series:
    """Where each forecast comes from, in words."""

    def label(year: float) -> str:
        return fy_label(int(year)) if pd.notna(year) else ""

    years = res["first_past"].map(label) + " to " + res["last_past"].map(label)
    return (
        "profile of "
        + res["n_past"].astype(str)
        + " past years ("
        + years
        + "); interval from "
        + res["n_errors"].astype(str)
        + " earlier forecasts of "
        + res["pool"].astype(str)
    )


def _empty_result(res: pd.DataFrame) -> pd.DataFrame:
    """The output frame with every PI at No forecast."""
    out = pd.DataFrame(
        {
            "pi_code": res.index,
            "forecast_outturn": np.nan,
            "forecast_low": np.nan,
            "forecast_high": np.nan,
            "forecast_p_meet": np.nan,
            "forecast_method": NONE,
            "forecast_reason": res["reason"].to_numpy(),
            "forecast_target": res["target"].to_numpy(),
            "forecast_target_upper": res["target_upper"].to_numpy(),
            "forecast_actual": False,
            "forecast_rule": res["rule"].map(RULE_WORDS).to_numpy(),
            "forecast_basis": "",
            "forecast_n_past_years": 0,
            "forecast_n_errors": 0,
        }
    )
    return out.reset_index(drop=True)


def _actual_result(res: pd.DataFrame) -> pd.DataFrame:
    """Q4 report: the actual outturn, and 1 or 0 for whether it met the target."""
    out = _empty_result(res)
    ok = res["reason"].eq("").to_numpy()
    outturn = res["outturn"].to_numpy(dtype=float)
    met = meets_target(
        outturn, res["good_direction"].to_numpy(), res["target"].to_numpy(float), res["target_upper"].to_numpy(float)
    )
    for col in ("forecast_outturn", "forecast_low", "forecast_high"):
        out.loc[ok, col] = outturn[ok]
    out.loc[ok, "forecast_p_meet"] = met[ok].astype(float)
    out.loc[ok, "forecast_method"] = ACTUAL
    out.loc[ok, "forecast_actual"] = True
    out.loc[ok, "forecast_basis"] = "actual outturn"
    out.loc[~ok, "forecast_method"] = NO_OUTTURN
    return out


def _profile_result(res: pd.DataFrame, errors: np.ndarray, grid: fg.Grid, cfg: Forecast) -> pd.DataFrame:
    """Q1 to Q3 report: forecasts, intervals and probabilities where the reasons allow."""
    ok = res["reason"].eq("")
    res = res.join(fg.distribution(res, fg.pools(grid, errors, cfg.min_pool_errors), cfg.interval))
    res.loc[ok & res["pool"].eq(""), "reason"] = "too few earlier forecasts to set the interval"
    no_scale = ok & res["pool"].ne("") & ~np.isfinite(res["scale"].astype(float))
    res.loc[no_scale, "reason"] = "too few recent quarterly figures to measure how much the PI moves"
    out = _empty_result(res)
    good = res["reason"].eq("").to_numpy()
    for col, src in (("forecast_outturn", "point"), ("forecast_low", "low"), ("forecast_high", "high")):
        out.loc[good, col] = round_half_up(res[src].to_numpy(dtype=float), res["decimals"].to_numpy())[good]
    out.loc[good, "forecast_p_meet"] = np.round(res["p_meet"].to_numpy(dtype=float), 3)[good]
    out.loc[good, "forecast_method"] = PROFILE
    out.loc[good, "forecast_basis"] = _basis(res).to_numpy()[good]
    out["forecast_n_past_years"] = np.where(good, res["n_past"].to_numpy(dtype=int), 0)
    out["forecast_n_errors"] = np.where(good, res["n_errors"].to_numpy(dtype=int), 0)
    return out


def forecast_outturns(
    panel: pd.DataFrame, quarter_index: int, targets: pd.DataFrame, settings: Forecast | None = None
) -> pd.DataFrame:
    """Each PI's forecast year-end outturn, 80% interval and probability of meeting the target.

    Only rows of ``panel`` up to ``quarter_index`` are read, so a forecast uses
    only what was known at the report quarter.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (:func:`perflib.build.panel.build_panel`).
    quarter_index : int
        The report quarter (:attr:`perflib.core.quarters.Quarter.index`).
    targets : DataFrame
        Year-end targets ``pi_code, fy_start, target, target_upper``
        (:func:`perflib.rules.outturn.year_end_targets` of the catalogue).
    settings : Forecast, optional
        The ``forecast`` settings of ``data/methodology.yml`` (default: the bundled file's).

    Returns
    -------
    DataFrame
        One row per PI of the panel, in panel order: :data:`COLUMNS`.
        ``forecast_method`` is ``"seasonal profile"``, ``"actual"`` (Q4),
        ``"No forecast"`` or (Q4) ``"No outturn"`` with ``forecast_reason`` in words; numbers are NaN
        where there is no forecast and rounded to the PI's decimals otherwise.
        ``forecast_p_meet`` is the probability of ending on or better than the
        target (Green), from 0 to 1; at Q4 it is 1 or 0.

    Raises
    ------
    ValueError
        If the panel has no rows for ``quarter_index``.
    """
    cfg = settings or default_methodology().forecast
    panel = panel[panel["quarter_index"].le(quarter_index)]
    quarter = Quarter.from_index(quarter_index)
    if not panel["quarter_index"].eq(quarter_index).any():
        raise ValueError(f"the panel has no rows for {quarter.label}")
    grid = fg.build_grid(panel, cfg)
    res = _frame(grid, quarter, targets)
    if quarter.q == 4:
        return _actual_result(res.assign(reason=_no_forecast_reason(res, quarter, cfg)))[COLUMNS]
    res, errors = _with_forecasts(res, grid, quarter, cfg)
    res["reason"] = _no_forecast_reason(res, quarter, cfg)
    return _profile_result(res, errors, grid, cfg)[COLUMNS]
