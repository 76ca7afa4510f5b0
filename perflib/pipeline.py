"""Build a quarter's processed data: the rated panel, the scorecard and friends.

``prepare_quarter`` reads the catalogue and every quarter's returns up to the
report quarter, works out each PI's comparable value, status and trends for
every period (so history is rated with the targets in force at the time), and
writes tidy parquet files to ``data/processed/<quarter>/``:

``panel.parquet``       one row per PI per quarter, up to the report quarter
``scorecard.parquet``   one row per catalogue PI for the report quarter
``actions.parquet``     one row per Flagship Action line for the report quarter
``receipts.parquet``    which returns arrived
``problems.parquet``    every data-quality problem in the quarter's returns
``narrative.parquet``   the analyst's bullets
``spc_points.parquet``  every PI's SPC points and limits, up to the report quarter
``comparators.parquet`` every comparator area's figure behind each PI's comparison
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from perflib import cache, rules, trends
from perflib.catalogue import Catalogue, load_catalogue
from perflib.config import CouncilConfig, load_config
from perflib.quarters import Quarter, fy_label, fy_start, quarter_range
from perflib.returns import QuarterReturns, available_quarters, load_quarter
from perflib.validation import ERROR, Problem, problems_frame

PROCESSED_FILES = ("panel", "scorecard", "actions", "receipts", "problems", "narrative", "spc_points", "comparators")
NO_UPDATE = "No update"


def round_half_up(values: pd.Series, decimals: pd.Series) -> pd.Series:
    """Round each value to its own number of decimals, halves away from zero.

    Council reports round 62.25 to 62.3, not to the even 62.2.
    """
    scale = 10.0 ** decimals.astype(float)
    v = values.astype(float)
    return np.sign(v) * np.floor(v.abs() * scale + 0.5 + 1e-9) / scale


def _grid(catalogue: Catalogue, quarters: list[Quarter]) -> pd.DataFrame:
    periods = pd.DataFrame({
        "quarter_index": [q.index for q in quarters],
        "quarter": [q.label for q in quarters],
        "fy_start": [q.start_year for q in quarters],
        "q": [q.q for q in quarters],
        "financial_year": [q.financial_year for q in quarters],
    })
    ind = catalogue.indicators.assign(
        first_year_start=catalogue.indicators["first_year"].map(
            lambda s: fy_start(s) if isinstance(s, str) else np.nan).astype(float)
    )
    return ind.merge(periods, how="cross")


def build_panel(config: CouncilConfig, catalogue: Catalogue, loaded: dict[Quarter, QuarterReturns],
                quarters: list[Quarter]) -> pd.DataFrame:
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
        and ``red_run`` (consecutive reported periods at Red).
    """
    panel = _grid(catalogue, quarters)
    panel["_order"] = panel["pi_code"].map({c: i for i, c in enumerate(catalogue.indicators["pi_code"])})
    panel["due"] = rules.due_mask(panel)

    obs = pd.concat([r.indicators for r in loaded.values()], ignore_index=True) if loaded else None
    if obs is None or obs.empty:
        obs = pd.DataFrame(columns=["pi_code", "quarter_index", "value", "numerator", "denominator",
                                    "commentary", "corrective_action", "file", "row", "rejected",
                                    "rejected_reason"])
    obs = obs.astype({"quarter_index": int, "rejected": bool})
    usable = obs[~obs["rejected"]].drop_duplicates(["pi_code", "quarter_index"])
    rejected = (obs[obs["rejected"]].groupby(["pi_code", "quarter_index"], as_index=False)["rejected_reason"]
                .first().rename(columns={"rejected_reason": "_rejected_reason"}))
    keep = ["pi_code", "quarter_index", "value", "numerator", "denominator", "commentary",
            "corrective_action", "file", "row"]
    panel = panel.merge(usable[keep].rename(columns={"value": "quarter_value"}), how="left",
                        on=["pi_code", "quarter_index"])
    panel = panel.merge(rejected, how="left", on=["pi_code", "quarter_index"])
    panel["_in_return"] = panel["file"].notna()

    receipts = pd.concat([r.receipts.assign(quarter_index=q.index) for q, r in loaded.items()],
                         ignore_index=True) if loaded else pd.DataFrame(
        columns=["directorate", "quarter_index", "state", "detail", "directorate_name"])
    panel = panel.merge(
        receipts[["directorate", "quarter_index", "state", "detail"]].rename(
            columns={"state": "_return_state", "detail": "_return_detail"}),
        how="left", on=["directorate", "quarter_index"])

    # One block per PI, quarters in order (the catalogue's PI order is kept).
    panel = panel.sort_values(["_order", "quarter_index"], kind="stable").reset_index(drop=True)
    ratio = panel["denominator_label"].notna()
    implied = 100.0 * panel["numerator"] / panel["denominator"].where(panel["denominator"] > 0)
    panel["quarter_value"] = panel["quarter_value"].where(~(ratio & panel["quarter_value"].isna()), implied)
    panel["quarter_value"] = round_half_up(panel["quarter_value"], panel["decimals"])

    # --- year to date for cumulative PIs -----------------------------------------
    cumulative = panel["measure_type"].eq("cumulative")
    pooled = cumulative & ratio
    present = np.where(pooled, panel["numerator"].notna() & panel["denominator"].notna(),
                       panel["quarter_value"].notna())
    groups = [panel["pi_code"], panel["fy_start"]]
    n_present = pd.Series(present.astype(int)).groupby(groups).cumsum()
    missing_q = pd.Series(np.where(present, 99, panel["q"])).groupby(groups).cummin()
    ytd_count = panel["quarter_value"].fillna(0).groupby(groups).cumsum()
    ytd_num = panel["numerator"].fillna(0).groupby(groups).cumsum()
    ytd_den = panel["denominator"].fillna(0).groupby(groups).cumsum()
    ytd = np.where(pooled, 100.0 * ytd_num / ytd_den.where(ytd_den > 0), ytd_count)
    complete = n_present.eq(panel["q"])
    value = panel["quarter_value"].where(~cumulative, pd.Series(ytd).where(complete))
    panel["value"] = round_half_up(value, panel["decimals"])
    panel["ytd_numerator"] = ytd_num.where(pooled & complete)
    panel["ytd_denominator"] = ytd_den.where(pooled & complete)

    # --- why a due PI has no value ------------------------------------------------
    d_names = {d.id: d.name for d in config.directorates}
    dname = panel["directorate"].map(d_names)
    state = panel["_return_state"]
    reason = np.select(
        [
            state.isna(),
            state.eq("missing"),
            state.eq("rejected"),
            panel["_rejected_reason"].notna(),
            ~panel["_in_return"],
            panel["quarter_value"].isna(),
            cumulative & ~complete,
        ],
        [
            "no returns for this quarter",
            "return not received from " + dname,
            "return from " + dname + " could not be used",
            "figure rejected (" + panel["_rejected_reason"].fillna("") + ")",
            "not in the " + dname + " return",
            "left blank in the return",
            "year to date incomplete: no usable figure for " + panel["financial_year"] + " Q"
            + missing_q.astype(int).astype(str),
        ],
        default="",
    )
    panel["no_data_reason"] = pd.Series(reason, index=panel.index).replace("", pd.NA)
    # A value is only used in a period the PI is due.
    panel.loc[~panel["due"], ["value", "quarter_value"]] = np.nan

    # --- targets in force for each period's year ---------------------------------
    tgt_cols = ["pi_code", "fy_start", "target", "target_upper", "tolerance", "tolerance_type",
                "q1_target", "q2_target", "q3_target", "q4_target"]
    panel = panel.merge(catalogue.targets[tgt_cols].rename(columns={"target": "year_target"}),
                        how="left", on=["pi_code", "fy_start"])
    panel["target"] = rules.effective_target(panel.assign(target=panel["year_target"]))
    panel["target_upper"] = panel["target_upper"].where(panel["good_direction"].eq("range"))
    panel = panel.drop(columns=["q1_target", "q2_target", "q3_target", "q4_target"])
    panel = pd.concat([panel, rules.classify(panel)], axis=1)
    panel = trends.add_trends(panel, config.materiality)

    # --- consecutive reported periods at Red ---------------------------------------
    due = panel[panel["due"]]
    is_red = due["status"].eq(rules.RED)
    run_id = (~is_red).astype(int).groupby(due["pi_code"]).cumsum()
    red_run = is_red.astype(int).groupby([due["pi_code"], run_id]).cumsum()
    panel["red_run"] = red_run.reindex(panel.index).fillna(0).astype(int)
    return panel.drop(columns=[c for c in panel.columns if c.startswith("_")])


def _last_reported(panel: pd.DataFrame) -> pd.DataFrame:
    """Latest period with a value, per PI and quarter (for PIs not due now)."""
    has = panel["value"].notna()
    last_value = panel["value"].where(has).groupby(panel["pi_code"]).ffill()
    last_period = panel["quarter"].where(has).groupby(panel["pi_code"]).ffill()
    return pd.DataFrame({"last_value": last_value, "last_period": last_period}, index=panel.index)


def build_scorecard(config: CouncilConfig, panel: pd.DataFrame, quarter: Quarter) -> pd.DataFrame:
    """One row per catalogue PI for ``quarter``, in catalogue order."""
    last = _last_reported(panel)
    prev = last.groupby(panel["pi_code"]).shift(1)
    panel = panel.assign(last_value=prev["last_value"], last_period=prev["last_period"])
    card = panel[panel["quarter_index"] == quarter.index].copy()
    card["priority_name"] = card["priority"].map({p.id: p.name for p in config.priorities})
    card["directorate_name"] = card["directorate"].map({d.id: d.name for d in config.directorates})
    order = {code: i for i, code in enumerate(panel["pi_code"].drop_duplicates())}
    card = card.sort_values("pi_code", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    return card


def build_actions(config: CouncilConfig, catalogue: Catalogue, loaded: dict[Quarter, QuarterReturns],
                  quarter: Quarter) -> pd.DataFrame:
    """Flagship Action lines reported in ``quarter`` with their status."""
    fa = catalogue.actions[catalogue.actions["from_index"] <= quarter.index].copy()
    ret = loaded.get(quarter)
    updates = ret.actions[~ret.actions["rejected"].astype(bool)].drop_duplicates("fa_code") if ret else None
    if updates is None or updates.empty:
        updates = pd.DataFrame(columns=["fa_code", "status", "update"])
    fa = fa.merge(updates[["fa_code", "status", "update"]], how="left", on="fa_code")
    receipts = ret.receipts.set_index("directorate")["state"] if ret else pd.Series(dtype=str)
    state = fa["directorate"].map(receipts)
    d_names = {d.id: d.name for d in config.directorates}
    fa["status_reason"] = np.select(
        [fa["status"].notna(), state.isna(), state.eq("missing"), state.eq("rejected")],
        ["", "no returns for this quarter", "return not received from " + fa["directorate"].map(d_names),
         "return could not be used"],
        default="not in the return",
    )
    fa["status"] = fa["status"].fillna(NO_UPDATE)
    fa["update"] = fa["update"].fillna("")
    fa["rag"] = fa["status"].map(config.fa_statuses).fillna(NO_UPDATE)
    fa["priority_name"] = fa["priority"].map({p.id: p.name for p in config.priorities})
    fa["directorate_name"] = fa["directorate"].map(d_names)
    fa["quarter"] = quarter.label
    return fa.drop(columns=["from_index"]).reset_index(drop=True)


def add_spc_and_benchmarks(config: CouncilConfig, catalogue: Catalogue, panel: pd.DataFrame,
                           scorecard: pd.DataFrame,
                           quarter: Quarter) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[Problem]]:
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
        The scorecard with ``spc_*`` and ``benchmark_*`` columns, every PI's
        SPC points (for the charts), every comparator's figure behind each
        comparison (for the comparator charts), and problems found in
        comparator files.
    """
    from perflib import benchmarking, spc

    points = spc.spc_points(panel, quarter.index, catalogue)
    summary = spc.spc_summary(panel, quarter.index, catalogue, points=points).rename(
        columns={"mean": "spc_mean", "lcl": "spc_lcl", "ucl": "spc_ucl", "n_points": "spc_n_points"})
    keep = ["pi_code", "spc_variation", "spc_assurance", "spc_n_points", "spc_mean", "spc_lcl", "spc_ucl", "spc_rule"]
    card = scorecard.merge(summary[keep], how="left", on="pi_code")
    bench, problems = benchmarking.load_benchmarks(config)
    summary_b = pd.DataFrame()
    if len(bench):
        summary_b = benchmarking.benchmark_summary(bench, card, config)
        card = card.merge(summary_b, how="left", on="pi_code")
    return card, points, benchmarking.comparator_values(bench, summary_b, config), problems


def red_without_action(scorecard: pd.DataFrame) -> list[Problem]:
    """Red PIs whose return gives no commentary or no corrective action."""
    red = scorecard[scorecard["status"].eq(rules.RED)]
    out = []
    for col, label in (("commentary", "Commentary"), ("corrective_action", "Corrective action")):
        lacking = red[red[col].fillna("").str.strip().eq("")]
        for _, r in lacking.iterrows():
            out.append(Problem(ERROR, str(r["file"]), "Indicators", int(r["row"]) if pd.notna(r["row"]) else None,
                               label, "", f"{label.lower()} for a Red PI",
                               f"{r['pi_code']} is Red but has no {label.lower()}", r["directorate"], r["pi_code"]))
    return out


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_suffix(".parquet.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)


@dataclass
class Prepared:
    """The processed data of one report quarter (what the report notebook reads)."""

    quarter: Quarter
    panel: pd.DataFrame
    scorecard: pd.DataFrame
    actions: pd.DataFrame
    receipts: pd.DataFrame
    problems: pd.DataFrame
    narrative: pd.DataFrame
    spc_points: pd.DataFrame
    comparators: pd.DataFrame


def prepare_quarter(quarter: str | Quarter, config: CouncilConfig | str | Path | None = None,
                    write: bool = True,
                    loader: Callable[[Catalogue, Quarter], QuarterReturns] | None = None) -> Prepared:
    """Load, check and rate a quarter; write its processed data.

    Parameters
    ----------
    quarter : str or Quarter
        The report quarter, e.g. ``"2023-24 Q3"``.
    config : CouncilConfig or path, optional
        The council configuration (default ``data/council.yml``).
    write : bool
        Write the parquet files to ``data/processed/<quarter>/``.
    loader : callable, optional
        ``loader(catalogue, quarter)`` reads one quarter's returns (default
        :func:`perflib.returns.load_quarter` with this configuration); ``perflib
        run --all`` passes one that reads each return once per process.

    Returns
    -------
    Prepared
    """
    quarter = Quarter.parse(quarter)
    if not isinstance(config, CouncilConfig):
        config = load_config(config) if config is not None else load_config()
    # The key of what this run reads, taken before reading (see perflib.cache).
    inputs_key = cache.processed_key(config, quarter) if write else None
    catalogue = load_catalogue(config)
    have = [q for q in available_quarters(config) if q <= quarter]
    first = have[0] if have else quarter
    quarters = quarter_range(first, quarter)
    load = loader or (lambda cat, q: load_quarter(config, cat, q))
    loaded = {q: load(catalogue, q) for q in have}
    panel = build_panel(config, catalogue, loaded, quarters)
    scorecard = build_scorecard(config, panel, quarter)
    scorecard, spc_points, comparators, bench_problems = add_spc_and_benchmarks(config, catalogue, panel, scorecard,
                                                                                 quarter)
    actions = build_actions(config, catalogue, loaded, quarter)
    current = loaded.get(quarter)
    problems = list(current.problems) if current else [
        Problem(ERROR, str(config.raw_quarter_dir(quarter)), message="no returns folder for this quarter")]
    problems += red_without_action(scorecard)
    problems += bench_problems
    receipts = current.receipts if current else pd.DataFrame(
        {"quarter": quarter.label, "directorate": [d.id for d in config.directorates],
         "directorate_name": [d.name for d in config.directorates], "file": "", "state": "missing",
         "submitted": None, "completed_by": "", "detail": "no returns folder"})
    narrative = current.narrative if current else pd.DataFrame(columns=["quarter", "priority", "kind", "text", "order"])
    prepared = Prepared(quarter, panel, scorecard, actions, receipts, problems_frame(problems), narrative,
                        spc_points, comparators)
    if write:
        folder = config.processed_quarter_dir(quarter)
        folder.mkdir(parents=True, exist_ok=True)
        # No key while the files are being replaced: a half-written folder is never reused.
        (folder / cache.META_NAME).unlink(missing_ok=True)
        for name in PROCESSED_FILES:
            _write_parquet(getattr(prepared, name), folder / f"{name}.parquet")
        meta = {"quarter": quarter.label, "config": str(config.source), "files": list(PROCESSED_FILES),
                "inputs_key": inputs_key}
        tmp = folder / f"{cache.META_NAME}.tmp"
        tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, folder / cache.META_NAME)
    return prepared


def load_prepared(quarter: str | Quarter, config: CouncilConfig) -> Prepared:
    """Read the processed data written by :func:`prepare_quarter`.

    Raises
    ------
    FileNotFoundError
        With a message saying to run the prepare step first.
    """
    quarter = Quarter.parse(quarter)
    folder = config.processed_quarter_dir(quarter)
    frames = {}
    for name in PROCESSED_FILES:
        path = folder / f"{name}.parquet"
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run the prepare notebook for {quarter.label} first")
        frames[name] = pd.read_parquet(path)
    return Prepared(quarter=quarter, **frames)


__all__ = ["prepare_quarter", "load_prepared", "Prepared", "build_panel", "fy_label"]
