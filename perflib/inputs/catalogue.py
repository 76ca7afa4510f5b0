"""The indicator catalogue: PIs, their yearly targets, and Flagship Actions.

Read from ``data/catalogue/*.csv`` (see the README there) and checked with
pandera (:mod:`perflib.inputs.catalogue_checks`,
:mod:`perflib.inputs.catalogue_targets` and
:mod:`perflib.inputs.catalogue_actions`). A catalogue error stops the run with
every problem listed, because a wrong catalogue would misrate every quarter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from perflib.core.config import CouncilConfig
from perflib.core.problems import ERROR, Problem
from perflib.core.quarters import Quarter
from perflib.inputs.catalogue_actions import read_actions
from perflib.inputs.catalogue_checks import (
    ACCOUNTABILITY_COLUMNS,
    DIRECTIONS,
    FREQUENCIES,
    MEASURE_TYPES,
    NOT_ASSIGNED,
    OPTIONAL_INDICATOR_COLUMNS,
    UNITS,
    CatalogueError,
    read_indicators,
)
from perflib.inputs.catalogue_targets import TOLERANCE_TYPES, read_targets
from perflib.inputs.glossary import GLOSSARY_FILE, GlossaryError, load_glossary

__all__ = [
    "ACCOUNTABILITY_COLUMNS",
    "NOT_ASSIGNED",
    "Catalogue",
    "CatalogueError",
    "load_catalogue",
    "DIRECTIONS",
    "FREQUENCIES",
    "MEASURE_TYPES",
    "OPTIONAL_INDICATOR_COLUMNS",
    "TOLERANCE_TYPES",
    "UNITS",
]


@dataclass(frozen=True)
class Catalogue:
    """The checked catalogue tables.

    Attributes
    ----------
    indicators : DataFrame
        One row per PI, indexed by nothing (``pi_code`` a column), in file order.
    targets : DataFrame
        One row per PI per financial year with a target; ``fy_start`` added.
    actions : DataFrame
        One row per Flagship Action reporting line (``lead_officer``, read from
        ``owner`` in older catalogues, and ``portfolio_holder``).
    warnings : tuple of Problem
        What is loaded but worth fixing: a lead officer or portfolio holder
        missing (``""`` in the tables, shown as :data:`NOT_ASSIGNED`).
    """

    indicators: pd.DataFrame
    targets: pd.DataFrame
    actions: pd.DataFrame
    warnings: tuple[Problem, ...] = ()


def glossary_problems(path: Path) -> list[Problem]:
    """The glossary's located problems (none when the catalogue has no glossary: nothing is expanded)."""
    if not path.exists():
        return []
    try:
        load_glossary(path)
    except GlossaryError as exc:
        return list(exc.problems)
    return []


def load_catalogue(config: CouncilConfig) -> Catalogue:
    """Read and check the catalogue for ``config``.

    Parameters
    ----------
    config : CouncilConfig
        Gives the catalogue folder, priorities and directorates.

    Returns
    -------
    Catalogue

    Raises
    ------
    CatalogueError
        Listing every error found, with file, row and column (warnings are
        kept in :attr:`Catalogue.warnings`).
    """
    folder = config.catalogue_dir
    ind, problems = read_indicators(config, folder / "indicators.csv")
    tgt, target_problems = read_targets(
        folder / "targets.csv", ind, checked=not any(p.severity == ERROR for p in problems)
    )
    fa, action_problems = read_actions(config, folder / "flagship_actions.csv")
    problems += target_problems + action_problems + glossary_problems(folder / GLOSSARY_FILE)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise CatalogueError(errors)
    ind["decimals"] = ind["decimals"].astype(int)
    ind["spc_baseline"] = ind["spc_baseline"].astype("Int64")
    fa["from_index"] = fa["from_quarter"].map(lambda s: Quarter.parse(s).index)
    return Catalogue(
        indicators=ind.reset_index(drop=True),
        targets=tgt.reset_index(drop=True),
        actions=fa.reset_index(drop=True),
        warnings=tuple(p for p in problems if p.severity != ERROR),
    )
