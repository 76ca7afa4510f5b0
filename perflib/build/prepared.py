"""A quarter's processed data: built from the catalogue and returns, stored as parquet, read back.

:func:`prepare_quarter` reads the catalogue and every quarter's returns up to
the report quarter and builds, in memory:

``panel``       one row per PI per quarter, up to the report quarter (:mod:`perflib.build.panel`)
``scorecard``   one row per catalogue PI for the report quarter (:mod:`perflib.build.scorecard`)
``actions``     one row per Flagship Action line for the report quarter
``receipts``    which returns arrived
``problems``    every data-quality problem in the quarter's inputs
``narrative``   the analyst's bullets
``spc_points``  every PI's SPC points and limits, up to the report quarter
``comparators`` every comparator area's figure behind each PI's comparison

:func:`write_prepared` stores them in ``data/processed/<quarter>/`` (with
``meta.json``, see :mod:`perflib.workflow.cache`) and :func:`load_prepared`
reads them back for the report.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from perflib.build.actions import actions_leaving_complete, build_actions
from perflib.build.panel import build_panel
from perflib.build.quality import problem_outcomes
from perflib.build.scorecard import (
    add_forecasts,
    add_spc_and_benchmarks,
    build_scorecard,
    implausible_percentages,
    red_without_action,
)
from perflib.core.config import CouncilConfig, load_config
from perflib.core.methodology import plausibility_factor
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, Problem, problems_frame
from perflib.core.quarters import Quarter, quarter_range
from perflib.inputs.catalogue import Catalogue, load_catalogue
from perflib.inputs.narrative_file import NARRATIVE_FIELDS
from perflib.inputs.returns import QuarterReturns, available_quarters, load_quarter
from perflib.rules import disclosure

PROCESSED_FILES = ("panel", "scorecard", "actions", "receipts", "problems", "narrative", "spc_points", "comparators")
#: The file beside the parquet files that says what they were made from.
META_NAME = "meta.json"

Loader = Callable[[Catalogue, Quarter], QuarterReturns]


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


def _no_folder(config: CouncilConfig, quarter: Quarter) -> QuarterReturns:
    """What a quarter without a returns folder amounts to: every return missing."""
    receipts = pd.DataFrame(
        {
            "quarter": quarter.label,
            "directorate": [d.id for d in config.directorates],
            "directorate_name": [d.name for d in config.directorates],
            "file": "",
            "state": "missing",
            "submitted": None,
            "completed_by": "",
            "detail": "no returns folder",
        }
    )
    problem = Problem(
        severity=ERROR, file=display_path(config.raw_quarter_dir(quarter)), message="no returns folder for this quarter"
    )
    return QuarterReturns(
        quarter=quarter,
        receipts=receipts,
        indicators=pd.DataFrame(),
        actions=pd.DataFrame(),
        narrative=pd.DataFrame(columns=NARRATIVE_FIELDS),
        problems=[problem],
    )


def prepare_quarter(
    quarter: str | Quarter, config: CouncilConfig | str | Path | None = None, loader: Loader | None = None
) -> Prepared:
    """Load, check and rate a quarter (nothing is written).

    Parameters
    ----------
    quarter : str or Quarter
        The report quarter, e.g. ``"2023-24 Q3"``.
    config : CouncilConfig or path, optional
        The council configuration (default ``data/council.yml``).
    loader : callable, optional
        ``loader(catalogue, quarter)`` reads one quarter's returns (default
        :func:`perflib.inputs.returns.load_quarter` with this configuration);
        ``perflib run --all`` passes one that reads each return once per process.

    Returns
    -------
    Prepared
    """
    quarter = Quarter.parse(quarter)
    if not isinstance(config, CouncilConfig):
        config = load_config(config) if config is not None else load_config()
    catalogue = load_catalogue(config)
    have = [q for q in available_quarters(config) if q <= quarter]
    quarters = quarter_range(have[0] if have else quarter, quarter)
    load = loader or (lambda cat, q: load_quarter(config, cat, q))
    loaded = {q: load(catalogue, q) for q in have}
    panel = build_panel(config, catalogue, loaded, quarters)
    scorecard = build_scorecard(config, panel, quarter)
    scorecard, points, comparators, bench_problems = add_spc_and_benchmarks(
        config, catalogue, panel, scorecard, quarter
    )
    scorecard = add_forecasts(config, catalogue, panel, scorecard, quarter)
    min_count = config.methodology.suppression.min_count
    leaks = disclosure.find_disclosures(scorecard, min_count)
    scorecard = disclosure.withhold(scorecard, leaks)
    in_quarter = panel["quarter_index"].eq(quarter.index)
    panel = pd.concat(
        [
            panel[~in_quarter],
            disclosure.withhold(panel[in_quarter], disclosure.find_disclosures(panel[in_quarter], min_count)),
        ]
    ).sort_index()
    actions = build_actions(config, catalogue, loaded, quarter)
    current = loaded.get(quarter) or _no_folder(config, quarter)
    plausible = implausible_percentages(panel, scorecard, plausibility_factor(config.methodology))
    problems = [
        *catalogue.warnings,
        *current.problems,
        *actions_leaving_complete(config, loaded, quarter),
        *red_without_action(scorecard),
        *plausible,
        *disclosure.disclosure_problems(leaks, min_count),
        *bench_problems,
    ]
    return Prepared(
        quarter,
        panel,
        scorecard,
        actions,
        current.receipts,
        problem_outcomes(problems_frame(problems), scorecard, current.receipts),
        current.narrative,
        points,
        comparators,
    )


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_suffix(".parquet.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def write_prepared(prepared: Prepared, folder: Path, meta: dict[str, Any]) -> None:
    """Store processed data in ``folder``, with ``meta.json`` written last.

    ``meta.json`` is removed before the parquet files are replaced and
    written (atomically) only after all of them, so a half-written folder is
    never taken for a complete one.

    Parameters
    ----------
    prepared : Prepared
    folder : Path
        ``data/processed/<quarter>/``.
    meta : dict
        What the data was made from (see :mod:`perflib.workflow.cache`).
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / META_NAME).unlink(missing_ok=True)
    for name in PROCESSED_FILES:
        _write_parquet(getattr(prepared, name), folder / f"{name}.parquet")
    tmp = folder / f"{META_NAME}.tmp"
    tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, folder / META_NAME)


def load_prepared(quarter: str | Quarter, config: CouncilConfig) -> Prepared:
    """Read the processed data written by :func:`write_prepared`.

    Parameters
    ----------
    quarter : str or Quarter
    config : CouncilConfig

    Returns
    -------
    Prepared

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
