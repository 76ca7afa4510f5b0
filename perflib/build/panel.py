"""The rated panel: every catalogue PI in every quarter up to the report quarter.

Each period is rated with the target in force that year, so history never
changes when a later target does. The steps, in order: the grid of PIs by
quarters; the figures from the returns (and why a due PI has none); the
figure that is rated (the year to date for cumulative PIs, rounded to the
published places); the target; the status; the trends; the runs of Red.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.core.config import CouncilConfig
from perflib.core.quarters import Quarter, fy_start
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.returns import QuarterReturns
from perflib.inputs.schedule import due_mask
from perflib.rules import status as rules
from perflib.rules import trends
from perflib.rules.red_runs import red_run_gaps, red_runs
from perflib.rules.rounding import round_half_up
from perflib.rules.year_to_date import year_to_date

#: Observation columns used from the returns.
_OBSERVED = [
    "pi_code",
    "quarter_index",
    "value",
    "numerator",
    "denominator",
    "service_forecast",
    "commentary",
    "corrective_action",
    "planned_action",
    "action_due",
    "file",
    "row",
]
_TARGET_COLUMNS = [
    "pi_code",
    "fy_start",
    "target",
    "target_upper",
    "tolerance",
    "tolerance_type",
    "q1_target",
    "q2_target",
    "q3_target",
    "q4_target",
]


def _grid(catalogue: Catalogue, quarters: list[Quarter]) -> pd.DataFrame:
    """Every catalogue PI crossed with every quarter, with whether it is due."""
    periods = pd.DataFrame(
        {
            "quarter_index": [q.index for q in quarters],
            "quarter": [q.label for q in quarters],
            "fy_start": [q.start_year for q in quarters],
            "q": [q.q for q in quarters],
            "financial_year": [q.financial_year for q in quarters],
        }
    )
    ind = catalogue.indicators.assign(
        first_year_start=catalogue.indicators["first_year"]
        .map(lambda s: fy_start(s) if isinstance(s, str) else np.nan)
        .astype(float)
    )
    panel = ind.merge(periods, how="cross")
    panel["_order"] = panel["pi_code"].map({c: i for i, c in enumerate(catalogue.indicators["pi_code"])})
    panel["due"] = due_mask(panel)
    return panel


def _observations(loaded: dict[Quarter, QuarterReturns]) -> pd.DataFrame:
    frames = [r.indicators for r in loaded.values() if not r.indicators.empty]  # (pandas warns on empty ones)
    obs = pd.concat(frames, ignore_index=True) if frames else None
    if obs is None or obs.empty:
        obs = pd.DataFrame(columns=[*_OBSERVED, "rejected", "rejected_reason"])
    return obs.astype({"quarter_index": int, "rejected": bool})


def _attach_returns(panel: pd.DataFrame, loaded: dict[Quarter, QuarterReturns]) -> pd.DataFrame:
    """Each period's figures from the returns, why a figure was rejected, and the state of its return."""
    obs = _observations(loaded)
    usable = obs[~obs["rejected"]].drop_duplicates(["pi_code", "quarter_index"])
    rejected = (
        obs[obs["rejected"]]
        .groupby(["pi_code", "quarter_index"], as_index=False)["rejected_reason"]
        .first()
        .rename(columns={"rejected_reason": "_rejected_reason"})
    )
    panel = panel.merge(
        usable.reindex(columns=_OBSERVED).rename(columns={"value": "quarter_value"}),
        how="left",
        on=["pi_code", "quarter_index"],
    )
    panel = panel.merge(rejected, how="left", on=["pi_code", "quarter_index"])
    panel["_in_return"] = panel["file"].notna()
    receipts = (
        pd.concat([r.receipts.assign(quarter_index=q.index) for q, r in loaded.items()], ignore_index=True)
        if loaded
        else pd.DataFrame(columns=["directorate", "quarter_index", "state", "detail", "directorate_name"])
    )
    return panel.merge(
        receipts[["directorate", "quarter_index", "state", "detail"]].rename(
            columns={"state": "_return_state", "detail": "_return_detail"}
        ),
        how="left",
        on=["directorate", "quarter_index"],
    )


def _rated_values(panel: pd.DataFrame, directorate_names: dict[str, str]) -> pd.DataFrame:
    """The quarter's own figure (implied from numerator and denominator where not given) and the rated value."""
    ratio = panel["denominator_label"].notna()
    implied = 100.0 * panel["numerator"] / panel["denominator"].where(panel["denominator"] > 0)
    panel["quarter_value"] = panel["quarter_value"].where(~(ratio & panel["quarter_value"].isna()), implied)
    panel["quarter_value"] = round_half_up(panel["quarter_value"], panel["decimals"])
    ytd = year_to_date(panel)
    cumulative = panel["measure_type"].eq("cumulative")
    panel["value"] = round_half_up(panel["quarter_value"].where(~cumulative, ytd["ytd"]), panel["decimals"])
    panel["ytd_numerator"] = ytd["ytd_numerator"]
    panel["ytd_denominator"] = ytd["ytd_denominator"]
    panel["no_data_reason"] = _no_data_reasons(panel, ytd, directorate_names)
    # A value is only used in a period the PI is due.
    panel.loc[~panel["due"], ["value", "quarter_value"]] = np.nan
    return panel


def _no_data_reasons(panel: pd.DataFrame, ytd: pd.DataFrame, directorate_names: dict[str, str]) -> pd.Series:
    """Why a due PI has no value, in words (NA where it has one)."""
    dname = panel["directorate"].map(directorate_names)
    state = panel["_return_state"]
    reason = np.select(
        [
            state.isna(),
            state.eq("missing"),
            state.eq("rejected"),
            panel["_rejected_reason"].notna(),
            ~panel["_in_return"],
            panel["quarter_value"].isna(),
            panel["measure_type"].eq("cumulative") & ~ytd["complete"],
        ],
        [
            "no returns for this quarter",
            "return not received from " + dname,
            "return from " + dname + " could not be used",
            "figure rejected (" + panel["_rejected_reason"].fillna("") + ")",
            "not in the " + dname + " return",
            "left blank in the return",
            "year to date incomplete: no usable figure for "
            + panel["financial_year"]
            + " Q"
            + ytd["missing_q"].astype(int).astype(str),
        ],
        default="",
    )
    return pd.Series(reason, index=panel.index).replace("", pd.NA)


def _targets(panel: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The target in force for each period's year (a quarterly profile where given)."""
    panel = panel.merge(
        catalogue.targets[_TARGET_COLUMNS].rename(columns={"target": "year_target"}),
        how="left",
        on=["pi_code", "fy_start"],
    )
    panel["target"] = rules.effective_target(panel.assign(target=panel["year_target"]))
    panel["target_upper"] = panel["target_upper"].where(panel["good_direction"].eq("range"))
    return panel.drop(columns=["q1_target", "q2_target", "q3_target", "q4_target"])


def build_panel(
    config: CouncilConfig, catalogue: Catalogue, loaded: dict[Quarter, QuarterReturns], quarters: list[Quarter]
) -> pd.DataFrame:
    """Rate every catalogue PI in every quarter of ``quarters``.

    Parameters
    ----------
    config : CouncilConfig
    catalogue : Catalogue
    loaded : dict
        Quarter -> what was read from its folder (quarters without a folder
        are simply absent).
    quarters : list of Quarter
        The consecutive quarters of the panel, oldest first.

    Returns
    -------
    DataFrame
        One row per PI per quarter, with ``quarter_value`` (the quarter's own
        figure), ``value`` (what is rated: the year to date for cumulative PIs),
        ``target``, ``amber_threshold``, ``status``, ``status_reason``, trends,
        ``red_run`` (reported periods running at Red, passing over periods
        with no figure) and ``red_run_gaps`` (the periods passed over).
    """
    panel = _attach_returns(_grid(catalogue, quarters), loaded)
    # One block per PI, quarters in order (the catalogue's PI order is kept).
    panel = panel.sort_values(["_order", "quarter_index"], kind="stable").reset_index(drop=True)
    panel = _rated_values(panel, {d.id: d.name for d in config.directorates})
    panel = _targets(panel, catalogue)
    panel = pd.concat([panel, rules.classify(panel)], axis=1)
    m = config.methodology
    panel = trends.add_trends(panel, m.materiality, m.short_lookback, m.long_lookback)
    panel["red_run"] = red_runs(panel, m.short_lookback)
    panel["red_run_gaps"] = red_run_gaps(panel, m.short_lookback)
    return panel.drop(columns=[c for c in panel.columns if c.startswith("_")])
