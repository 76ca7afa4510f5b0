"""Back-test of the year-end forecasts: how good would they have been on the years we know?

For every complete past year in the panel and every quarter Q1 to Q3, the
forecasts are made exactly as a report for that quarter would have made them:
:func:`perflib.rules.forecast.forecast_outturns` reads only the panel up to
that quarter (its profile uses only earlier complete years, and its errors
only earlier years' forecasts). Each forecast is then compared with the
year's actual outturn:

``coverage_80``
    the share of actual outturns inside the 80% interval (edges included);
    a calibrated interval scores about 0.80;
``brier``
    the mean of (probability of meeting the target - met)^2, where met is 1
    if the outturn was on or better than the year-end target and 0 otherwise
    (0 is perfect; always saying 0.5 scores 0.25);
``brier_naive``
    the same for the naive forecast "the current status holds": probability
    1 if the PI is Green or Amber at the forecast quarter, 0 if Red, and 0.5
    (no information) if it is not rated then (No data, Data only);
``brier_naive_green``
    a stricter naive comparator for reference: 1 only if Green now (0 for
    Amber or Red, 0.5 if not rated).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from perflib.core.methodology import Forecast, default_methodology
from perflib.core.quarters import Quarter
from perflib.rules import status as rules
from perflib.rules.forecast import PROFILE, forecast_outturns
from perflib.rules.outturn import meets_target, year_figures


def _naive_p(status: pd.Series) -> np.ndarray:
    """The naive probability of meeting the target: 1 for Green or Amber now, 0 for Red, 0.5 if not rated."""
    return np.select([status.isin([rules.GREEN, rules.AMBER]), status.eq(rules.RED)], [1.0, 0.0], default=0.5)


def _forecasts_at(panel: pd.DataFrame, quarter_index: int, targets: pd.DataFrame, cfg: Forecast) -> pd.DataFrame:
    """The forecasts a report for ``quarter_index`` would have shown, with the PI's status then."""
    made = forecast_outturns(panel, quarter_index, targets, cfg)
    quarter = Quarter.from_index(quarter_index)
    now = panel[panel["quarter_index"].eq(quarter_index)].drop_duplicates("pi_code").set_index("pi_code")
    return made.assign(
        fy_start=quarter.start_year,
        q=quarter.q,
        quarter=quarter.label,
        status_then=made["pi_code"].map(now["status"]).to_numpy(),
    )


def backtest_forecasts(panel: pd.DataFrame, targets: pd.DataFrame, settings: Forecast | None = None) -> pd.DataFrame:
    """Every forecast the method would have made at Q1, Q2 and Q3 of each complete past year, with its outcome.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (:func:`perflib.build.panel.build_panel`).
    targets : DataFrame
        Year-end targets (:func:`perflib.rules.outturn.year_end_targets`).
    settings : Forecast, optional
        The forecast settings (default: the bundled ``data/methodology.yml``'s).

    Returns
    -------
    DataFrame
        One row per PI, year and quarter where a forecast was made and the
        year's outturn and target are known: the ``forecast_*`` columns,
        ``fy_start, q, quarter, status_then, actual, met, inside, p_naive, p_naive_green``.
    """
    cfg = settings or default_methodology().forecast
    have = set(panel["quarter_index"].astype(int))
    last = max(have, default=-1)
    years = sorted(int(y) for y in panel["fy_start"].unique() if int(y) * 4 + 3 <= last)
    quarters = [y * 4 + k - 1 for y in years for k in (1, 2, 3) if y * 4 + k - 1 in have]
    made = [_forecasts_at(panel, i, targets, cfg) for i in quarters]
    if not made:
        return pd.DataFrame()
    out = pd.concat(made, ignore_index=True)
    outturn = year_figures(panel).set_index(["pi_code", "fy_start"])["outturn"]
    out["actual"] = outturn.reindex(pd.MultiIndex.from_frame(out[["pi_code", "fy_start"]])).to_numpy()
    out = out[out["forecast_method"].eq(PROFILE) & out["actual"].notna()].reset_index(drop=True)
    direction = out["pi_code"].map(panel.drop_duplicates("pi_code").set_index("pi_code")["good_direction"])
    out["met"] = meets_target(
        out["actual"].to_numpy(dtype=float),
        direction.to_numpy(),
        out["forecast_target"].to_numpy(dtype=float),
        out["forecast_target_upper"].to_numpy(dtype=float),
    )
    out["inside"] = out["actual"].between(out["forecast_low"], out["forecast_high"])
    out["p_naive"] = _naive_p(out["status_then"])
    green = out["status_then"].eq(rules.GREEN)
    out["p_naive_green"] = np.where(green, 1.0, np.where(out["p_naive"].eq(0.5), 0.5, 0.0))
    return out


def score_forecasts(rows: pd.DataFrame, level: float) -> dict[str, Any]:
    """Number of forecasts, interval coverage and the Brier scores of some back-test rows.

    Parameters
    ----------
    rows : DataFrame
        Rows of :func:`backtest_forecasts`: ``met``, ``inside``,
        ``forecast_p_meet``, ``p_naive`` and ``p_naive_green``.
    level : float
        The interval's level (0.8 names the coverage ``coverage_80``).

    Returns
    -------
    dict
        ``n_forecasts``, ``coverage_<level>``, ``brier``, ``brier_naive``,
        ``brier_naive_green``, ``share_met``, ``n_not_rated`` (NaN scores for no rows).
    """
    met = rows["met"].astype(float)

    def mean(values: pd.Series) -> float:
        return float(values.mean()) if len(rows) else float("nan")

    return {
        "n_forecasts": int(len(rows)),
        f"coverage_{round(100 * level)}": mean(rows["inside"].astype(float)),
        "brier": mean((rows["forecast_p_meet"].astype(float) - met) ** 2),
        "brier_naive": mean((rows["p_naive"].astype(float) - met) ** 2),
        "brier_naive_green": mean((rows["p_naive_green"].astype(float) - met) ** 2),
        "share_met": mean(met),
        "n_not_rated": int(rows["p_naive"].eq(0.5).sum()),
    }


def backtest(panel: pd.DataFrame, targets: pd.DataFrame, settings: Forecast | None = None) -> dict[str, Any]:
    """Score the forecasts the method would have made on every complete past year of the panel.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (:func:`perflib.build.panel.build_panel`).
    targets : DataFrame
        Year-end targets (:func:`perflib.rules.outturn.year_end_targets`).
    settings : Forecast, optional
        The forecast settings (default: the bundled ``data/methodology.yml``'s).

    Returns
    -------
    dict
        ``n_forecasts``, ``coverage_80`` (named after the interval level),
        ``brier``, ``brier_naive``, ``brier_naive_green``, ``share_met`` (share
        of outturns that met the target), ``n_not_rated`` (forecasts whose naive
        comparator had no status, scored 0.5), ``by_quarter`` (the same for
        ``"Q1"``, ``"Q2"`` and ``"Q3"``), ``years`` (financial years
        back-tested) and ``forecasts`` (the DataFrame of :func:`backtest_forecasts`).
    """
    cfg = settings or default_methodology().forecast
    rows = backtest_forecasts(panel, targets, cfg)
    if rows.empty:
        rows = pd.DataFrame(columns=["q", "met", "inside", "forecast_p_meet", "p_naive", "p_naive_green", "quarter"])
    result = score_forecasts(rows, cfg.interval)
    result["by_quarter"] = {f"Q{k}": score_forecasts(rows[rows["q"].eq(k)], cfg.interval) for k in (1, 2, 3)}
    result["years"] = sorted({str(q).split(" ")[0] for q in rows["quarter"]})
    result["forecasts"] = rows
    return result
