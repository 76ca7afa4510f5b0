"""The scorecard: one row per catalogue PI for the report quarter, with its SPC, comparator and forecast context."""

from __future__ import annotations

import pandas as pd

from perflib.core.config import CouncilConfig
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.comparators import load_comparators
from perflib.rules import plausibility, suppression
from perflib.rules.benchmarking import compare_with_group
from perflib.rules.forecast import forecast_outturns
from perflib.rules.outturn import year_end_targets
from perflib.rules.selection import lacking_action
from perflib.rules.spc_panel import spc_points, spc_summary


def _last_reported(panel: pd.DataFrame) -> pd.DataFrame:
    """Latest period with a value, per PI and quarter (for PIs not due now)."""
    has = panel["value"].notna()
    last_value = panel["value"].where(has).groupby(panel["pi_code"]).ffill()
    last_period = panel["quarter"].where(has).groupby(panel["pi_code"]).ffill()
    return pd.DataFrame({"last_value": last_value, "last_period": last_period}, index=panel.index)


#: Who is accountable for each PI (from the catalogue) and what the service plans next, by when
#: (from its return): text, ``""`` when there is none; ``action_due`` an ISO date ``YYYY-MM-DD``.
ACCOUNTABILITY_COLUMNS = ["lead_officer", "portfolio_holder", "planned_action", "action_due"]


def build_scorecard(config: CouncilConfig, panel: pd.DataFrame, quarter: Quarter) -> pd.DataFrame:
    """One row per catalogue PI for ``quarter``, in catalogue order.

    Parameters
    ----------
    config : CouncilConfig
        Gives the priority and directorate names.
    panel : DataFrame
        The rated panel.
    quarter : Quarter

    Returns
    -------
    DataFrame
        The quarter's rows of the panel, with ``priority_name``,
        ``directorate_name``, ``last_value`` and ``last_period`` (the
        latest earlier period with a value), and :data:`ACCOUNTABILITY_COLUMNS`.
    """
    last = _last_reported(panel)
    prev = last.groupby(panel["pi_code"]).shift(1)
    panel = panel.assign(last_value=prev["last_value"], last_period=prev["last_period"])
    card = panel[panel["quarter_index"] == quarter.index].copy()
    names = {p.id: p.name for p in config.priorities} | {p.id: p.name for p in config.plan_for(quarter).priorities}
    card["priority_name"] = card["priority"].map(names)
    card["directorate_name"] = card["directorate"].map({d.id: d.name for d in config.directorates})
    order = {code: i for i, code in enumerate(panel["pi_code"].drop_duplicates())}
    card = card.sort_values("pi_code", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    for col in ACCOUNTABILITY_COLUMNS:
        card[col] = card[col].fillna("").astype(str) if col in card else ""
    return card


def add_spc_and_benchmarks(
    config: CouncilConfig, catalogue: Catalogue, panel: pd.DataFrame, scorecard: pd.DataFrame, quarter: Quarter
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Add statistical process control and comparator columns to the scorecard.

    Parameters
    ----------
    config, catalogue : the council configuration and catalogue.
    panel : DataFrame
        The rated panel (history up to and including ``quarter`` only).
    scorecard : DataFrame
        One row per PI for ``quarter``.
    quarter : Quarter

    Returns
    -------
    (DataFrame, DataFrame, DataFrame, list of Problem)
        The scorecard with ``spc_*`` and ``benchmark_*`` columns
        (:mod:`perflib.rules.benchmarking`), every PI's SPC points (for the
        charts), every comparator's figure behind each comparison (for the
        comparator and funnel charts), and the problems found in the
        comparator sources (warnings for overlapping releases, missing
        figures and codes left out; errors located by file, row and column).
    """
    fewest = config.methodology.spc_min_points
    points = spc_points(panel, quarter.index, catalogue, min_points=fewest)
    summary = spc_summary(panel, quarter.index, catalogue, points=points, min_points=fewest).rename(
        columns={"mean": "spc_mean", "lcl": "spc_lcl", "ucl": "spc_ucl", "n_points": "spc_n_points"}
    )
    keep = ["pi_code", "spc_variation", "spc_assurance", "spc_n_points", "spc_mean", "spc_lcl", "spc_ucl", "spc_rule"]
    card = scorecard.merge(summary[keep], how="left", on="pi_code")
    data = load_comparators(config, catalogue.indicators["pi_code"])
    comparison = compare_with_group(data, card, config, quarter)
    card = card.merge(comparison.summary, how="left", on="pi_code")
    return card, points, comparison.values, data.problems


#: The forecast columns the scorecard carries (``perflib.rules.forecast.COLUMNS`` less the internal ones).
FORECAST_COLUMNS = [
    "forecast_outturn",
    "forecast_low",
    "forecast_high",
    "forecast_p_meet",
    "forecast_method",
    "forecast_reason",
    "forecast_target",
    "forecast_target_upper",
    "forecast_rule",
    "forecast_basis",
]


def add_forecasts(
    config: CouncilConfig, catalogue: Catalogue, panel: pd.DataFrame, scorecard: pd.DataFrame, quarter: Quarter
) -> pd.DataFrame:
    """Add each PI's year-end forecast (Q1 to Q3) or actual outturn (Q4) to the scorecard.

    Parameters
    ----------
    config, catalogue : the council configuration (its methodology's ``forecast`` settings) and catalogue
        (the year-end targets).
    panel : DataFrame
        The rated panel (history up to and including ``quarter`` only).
    scorecard : DataFrame
        One row per PI for ``quarter``.
    quarter : Quarter

    Returns
    -------
    DataFrame
        The scorecard with :data:`FORECAST_COLUMNS` (``docs/methodology.md`` section 10) and
        ``series_suppressed``: True where the PI's history holds a figure hidden as a small number,
        so that its forecast is not published either (:func:`perflib.rules.suppression.suppress_derived`).
    """
    targets = year_end_targets(catalogue.targets, catalogue.indicators)
    made = forecast_outturns(panel, quarter.index, targets, config.methodology.forecast)
    card = scorecard.merge(made[["pi_code", *FORECAST_COLUMNS]], how="left", on="pi_code")
    hidden = suppression.suppressed_series(panel, config.methodology.suppression)
    return card.assign(series_suppressed=card["pi_code"].isin(hidden))


def red_without_action(scorecard: pd.DataFrame) -> list[Problem]:
    """A problem for each Red PI whose return gives no commentary, and each with no corrective action.

    Parameters
    ----------
    scorecard : DataFrame

    Returns
    -------
    list of Problem
        Located at the PI's row of its return.
    """
    out = []
    for col in ("commentary", "corrective_action"):
        label = fmt.INDICATOR_COLUMNS[col]
        for _, r in lacking_action(scorecard, (col,)).iterrows():
            out.append(
                Problem(
                    severity=ERROR,
                    file=str(r["file"]),
                    sheet=fmt.INDICATORS_SHEET,
                    row=int(r["row"]) if pd.notna(r["row"]) else None,
                    column=label,
                    expected=f"{label.lower()} for a Red PI",
                    message=f"{r['pi_code']} is Red but has no {label.lower()}",
                    directorate=r["directorate"],
                    pi_code=r["pi_code"],
                )
            )
    return out


def implausible_percentages(panel: pd.DataFrame, scorecard: pd.DataFrame, factor: float) -> list[Problem]:
    """A warning for each percent PI without numerator and denominator far out of line with its history.

    Parameters
    ----------
    panel : DataFrame
        Every quarter's figures (``quarter_value`` as returned).
    scorecard : DataFrame
        The report quarter's rows.
    factor : float
        ``plausibility.factor`` (:func:`perflib.rules.plausibility.out_of_line`).

    Returns
    -------
    list of Problem
        Located at the PI's row of its return, column Value.
    """
    out = []
    mine = scorecard[
        scorecard["unit"].eq("percent")
        & scorecard["quarter_value"].notna()
        & scorecard["numerator"].isna()
        & scorecard["denominator"].isna()
    ]
    for _, r in mine.iterrows():
        before = panel[(panel["pi_code"] == r["pi_code"]) & (panel["quarter_index"] < r["quarter_index"])]
        earlier = before["quarter_value"].dropna().astype(float)
        way = plausibility.out_of_line(float(r["quarter_value"]), earlier, factor)
        if not way:
            continue
        low, high = earlier.min(), earlier.max()
        out.append(
            Problem(
                severity=WARNING,
                file=str(r["file"]),
                sheet=fmt.INDICATORS_SHEET,
                row=int(r["row"]) if pd.notna(r["row"]) else None,
                column=fmt.INDICATOR_COLUMNS["value"],
                value=f"{float(r['quarter_value']):g}",
                expected=f"a percentage from 0 to 100 in line with earlier figures ({low:g} to {high:g})",
                message=f"{r['pi_code']}'s value is more than {factor:g} times {way} than every earlier figure; "
                "check it (a percentage typed as a fraction, 0.044 for 4.4%?)",
                directorate=r["directorate"],
                pi_code=r["pi_code"],
            )
        )
    return out
