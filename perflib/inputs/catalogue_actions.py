"""Checks on ``flagship_actions.csv``: one row per Flagship Action reporting line.

Older files call the lead officer ``owner``; it is read as ``lead_officer``.
The cells are read and checked with the helpers of
:mod:`perflib.inputs.catalogue_checks`; every problem is located by file, row
and column, and :mod:`perflib.inputs.catalogue` stops the run when there are
errors.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from perflib.core.config import CouncilConfig
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter, QuarterError
from perflib.inputs.catalogue_checks import check_accountability, each_once, enum_column, read_catalogue_csv
from perflib.inputs.schema import schema_problems

#: Older ``flagship_actions.csv`` files call ``lead_officer`` ``owner``: read as the same thing.
LEGACY_ACTION_COLUMNS = {"owner": "lead_officer"}


def _legacy_action_columns(fa: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Rename an older catalogue's ``owner`` to ``lead_officer`` (a warning when both are given)."""
    problems = []
    for old, new in LEGACY_ACTION_COLUMNS.items():
        if old not in fa:
            continue
        if new in fa:
            problems.append(
                Problem(
                    severity=WARNING,
                    file=file,
                    column=old,
                    expected=f"{new} or {old}, not both",
                    message=f"both {new} and {old} are given; {new} is used and {old} ignored",
                )
            )
            fa = fa.drop(columns=[old])
        else:
            fa = fa.rename(columns={old: new})
    return fa, problems


def _action_schema(config: CouncilConfig) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "fa_code": pa.Column(
                str, [pa.Check.str_matches(r"^FA\d{2}[a-z]?$", error="a code like FA07 or FA07a"), each_once("FA code")]
            ),
            "parent_code": pa.Column(str, pa.Check.str_matches(r"^FA\d{2}$", error="a code like FA07")),
            "title": pa.Column(str, pa.Check.str_length(1, None, error="a title")),
            "priority": enum_column([p.id for p in config.priorities]),
            "directorate": enum_column([d.id for d in config.directorates]),
            "from_quarter": pa.Column(str),
        },
        strict=False,
    )


def read_actions(config: CouncilConfig, path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and check ``flagship_actions.csv``.

    Parameters
    ----------
    config : CouncilConfig
    path : Path

    Returns
    -------
    (DataFrame, list of Problem)
    """
    file = display_path(path)
    fa, problems = _legacy_action_columns(read_catalogue_csv(path), file)
    problems += schema_problems(fa, _action_schema(config), file=file)
    for idx, val in fa["from_quarter"].items() if "from_quarter" in fa else ():
        try:
            Quarter.parse(val)
        except QuarterError as exc:
            problems.append(
                Problem(
                    severity=ERROR,
                    file=file,
                    row=int(idx) + 2,
                    column="from_quarter",
                    value=val,
                    expected="a quarter like 2022-23 Q1",
                    message=str(exc),
                )
            )
    problems += check_accountability(fa, file, "fa_code")
    return fa, problems
