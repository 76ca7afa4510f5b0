"""Checks on ``targets.csv``: one row per PI per financial year, its target, tolerance and profile.

The cells are read and checked with the helpers of
:mod:`perflib.inputs.catalogue_checks`; every problem is located by file, row
and column, and :mod:`perflib.inputs.catalogue` stops the run when there are any.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from perflib.core.paths import display_path
from perflib.core.problems import ERROR, Problem
from perflib.core.quarters import fy_start
from perflib.inputs.catalogue_checks import (
    blank_to_na,
    check_numbers,
    elsewhere,
    enum_column,
    number_column,
    read_catalogue_csv,
)
from perflib.inputs.schema import RowCheck, row_check_problems, schema_problems

TOLERANCE_TYPES = ("absolute", "percent")
#: Target columns holding numbers (the quarterly profile is optional).
TARGET_NUMBERS = ["target", "target_upper", "tolerance", "q1_target", "q2_target", "q3_target", "q4_target"]


def _target_schema(codes: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "pi_code": enum_column(codes) if codes else pa.Column(str),
            "financial_year": pa.Column(
                str, pa.Check.str_matches(r"^\d{4}-\d{2}$", error="a financial year like 2023-24")
            ),
            "target": number_column(nullable=False),
            "target_upper": number_column(),
            "tolerance": pa.Column(float, pa.Check.ge(0, error="a tolerance of 0 or more")),
            "tolerance_type": enum_column(TOLERANCE_TYPES),
        },
        strict=False,
    )


#: A PI's second row for a year (the first is kept) is reported against its code.
TARGET_ROW_CHECKS: tuple[RowCheck, ...] = (
    RowCheck(
        "one row per PI per year (this one repeats)",
        "pi_code",
        lambda d: d.duplicated(["pi_code", "financial_year"], keep="first"),
    ),
)


def _check_range_targets(tgt: pd.DataFrame, ind: pd.DataFrame, file: str) -> list[Problem]:
    directions = ind.set_index("pi_code")["good_direction"]
    is_range = tgt["pi_code"].map(directions).eq("range")
    bad = is_range & (tgt["target_upper"].isna() | (tgt["target_upper"] < tgt["target"]))
    return [
        Problem(
            severity=ERROR,
            file=file,
            row=int(idx) + 2,
            column="target_upper",
            value="" if pd.isna(tgt.at[idx, "target_upper"]) else f"{tgt.at[idx, 'target_upper']:g}",
            expected="an upper edge not below target for a range PI",
            message="range PI needs target_upper",
        )
        for idx in tgt.index[bad]
    ]


def read_targets(path: Path, ind: pd.DataFrame, checked: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and check ``targets.csv``.

    Parameters
    ----------
    path : Path
    ind : DataFrame
        The indicators (their codes and good directions).
    checked : bool
        Whether everything read so far was free of problems; the checks that
        need a sound table (range bands, ``fy_start``) only run then.

    Returns
    -------
    (DataFrame, list of Problem)
        The targets, with ``fy_start`` added when they are sound.
    """
    file = display_path(path)
    tgt = read_catalogue_csv(path)
    for col in TARGET_NUMBERS:
        if col not in tgt:
            tgt[col] = ""
    tgt = blank_to_na(tgt, TARGET_NUMBERS)
    problems = check_numbers(tgt, TARGET_NUMBERS, file)
    codes = ind["pi_code"].tolist() if "pi_code" in ind else []
    problems += elsewhere(problems, schema_problems(tgt, _target_schema(codes), file=file))
    problems += row_check_problems(tgt, TARGET_ROW_CHECKS, file=file)
    if checked and not problems:
        problems += _check_range_targets(tgt, ind, file)
        tgt["fy_start"] = tgt["financial_year"].map(fy_start)
    return tgt, problems
