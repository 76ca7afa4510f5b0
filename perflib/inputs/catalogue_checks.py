"""Checks on the catalogue files: pandera schemas and the checks pandera cannot express.

Every function returns located :class:`~perflib.core.problems.Problem` s (file,
row, column, value found, what was expected); :mod:`perflib.inputs.catalogue`
collects them and stops the run when there are any. This module reads and
checks ``indicators.csv`` and holds what the three files share (reading a CSV,
numbers, allowed values, who is accountable); ``targets.csv`` is checked by
:mod:`perflib.inputs.catalogue_targets` and ``flagship_actions.csv`` by
:mod:`perflib.inputs.catalogue_actions`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from perflib.core.config import CouncilConfig
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter, QuarterError, fy_start
from perflib.inputs.schema import RowCheck, row_check_problems, schema_problems

DIRECTIONS = ("higher", "lower", "range")
UNITS = ("percent", "count", "number", "days", "seconds", "weeks")
FREQUENCIES = ("quarterly", "annual", "biennial")
MEASURE_TYPES = ("in_quarter", "cumulative", "snapshot")
#: Optional indicator columns (blank when absent): SPC baseline and rebase quarters.
OPTIONAL_INDICATOR_COLUMNS = ("spc_baseline", "spc_rebase")
#: Who is accountable for a PI or Flagship Action: the lead officer (a job title) and the
#: cabinet portfolio holder. Optional columns: a catalogue without them, or a blank cell,
#: loads with a warning and the report shows :data:`NOT_ASSIGNED`.
ACCOUNTABILITY_COLUMNS = ("lead_officer", "portfolio_holder")
#: What the report shows for a lead officer or portfolio holder left blank.
NOT_ASSIGNED = "Not assigned"


class CatalogueError(ValueError):
    """The catalogue files are missing or break their schema."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("the indicator catalogue has problems:\n" + "\n".join(p.line() for p in problems))


def read_catalogue_csv(path: Path) -> pd.DataFrame:
    """A catalogue CSV as text, every cell stripped (a missing file raises :class:`CatalogueError`)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogueError(
            [Problem(severity=ERROR, file=display_path(path), message="catalogue file not found")]
        ) from None
    return frame.apply(lambda s: s.str.strip())


def blank_to_na(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Blank cells of ``columns`` (those present) as NA."""
    for col in columns:
        if col in frame:
            frame[col] = frame[col].replace("", pd.NA)
    return frame


def enum_column(values: tuple[str, ...] | list[str], nullable: bool = False) -> pa.Column:
    """A pandera column that must hold one of ``values``."""
    return pa.Column(
        str,
        pa.Check.isin(list(values), error="one of " + ", ".join(values)),
        nullable=nullable,
    )


def number_column(nullable: bool = True) -> pa.Column:
    """A pandera column of numbers (already parsed by :func:`check_numbers`)."""
    return pa.Column(float, nullable=nullable, coerce=False)


def check_numbers(frame: pd.DataFrame, columns: list[str], file: str) -> list[Problem]:
    """Parse ``columns`` (those present) as numbers in place; each cell that is not one is a problem."""
    problems = []
    for col in columns:
        if col not in frame:
            continue
        parsed = pd.to_numeric(frame[col], errors="coerce")
        bad = frame[col].notna() & parsed.isna()
        for idx in frame.index[bad]:
            problems.append(
                Problem(
                    "error",
                    file,
                    row=int(idx) + 2,
                    column=col,
                    value=str(frame.at[idx, col]),
                    expected="a number",
                    message="not a number",
                )
            )
        frame[col] = parsed.astype(float)
    return problems


def elsewhere(found: list[Problem], more: list[Problem]) -> list[Problem]:
    """The problems of ``more`` at cells not in ``found`` (a cell that is not a number is reported once)."""
    cells = {(p.row, p.column) for p in found}
    return [p for p in more if (p.row, p.column) not in cells]


def check_accountability(frame: pd.DataFrame, file: str, code_column: str) -> list[Problem]:
    """Warnings for a missing accountability column (once) or a blank cell (per row); both become ``""``."""
    problems = []
    for col in ACCOUNTABILITY_COLUMNS:
        if col not in frame:
            frame[col] = ""
            problems.append(
                Problem(
                    severity=WARNING,
                    file=file,
                    column=col,
                    expected=f"a {col} column",
                    message=f"the catalogue has no {col} column; every row is shown as '{NOT_ASSIGNED}'",
                )
            )
            continue
        frame[col] = frame[col].fillna("").astype(str)
        codes = frame[code_column] if code_column in frame else pd.Series("", index=frame.index)
        for idx in frame.index[frame[col].eq("")]:
            problems.append(
                Problem(
                    severity=WARNING,
                    file=file,
                    row=int(idx) + 2,
                    column=col,
                    value="",
                    expected="a job title" if col == "lead_officer" else "a cabinet portfolio",
                    message=f"{codes.at[idx]} has no {col}; it is shown as '{NOT_ASSIGNED}'",
                )
            )
    return problems


def each_once(what: str) -> pa.Check:
    """Each code once: every row holding a repeated code is reported."""
    return pa.Check(lambda s: ~s.duplicated(keep=False), error=f"each {what} once (this code appears more than once)")


def _check_spc_columns(ind: pd.DataFrame, file: str, min_points: int) -> list[Problem]:
    """``spc_baseline`` a whole number of ``min_points`` or more; ``spc_rebase`` quarters separated by ";".

    Rebase quarters are rewritten in the standard form (``"2022-23 Q1;2023-24 Q2"``).
    """
    problems = []
    for idx, val in ind["spc_baseline"].dropna().items():
        if val != int(val) or val < min_points:
            problems.append(
                Problem(
                    "error",
                    file,
                    row=int(idx) + 2,
                    column="spc_baseline",
                    value=f"{val:g}",
                    expected=f"a whole number of points, {min_points} or more",
                    message="not a usable SPC baseline",
                )
            )
    for idx, val in ind["spc_rebase"].dropna().items():
        labels = []
        for part in (p.strip() for p in str(val).split(";")):
            if not part:
                continue
            try:
                labels.append(Quarter.parse(part).label)
            except QuarterError as exc:
                problems.append(
                    Problem(
                        "error",
                        file,
                        row=int(idx) + 2,
                        column="spc_rebase",
                        value=part,
                        expected="quarters like 2022-23 Q1, separated by ;",
                        message=str(exc),
                    )
                )
        ind.at[idx, "spc_rebase"] = ";".join(labels) if labels else pd.NA
    return problems


def _indicator_schema(config: CouncilConfig) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "pi_code": pa.Column(
                str, [pa.Check.str_matches(r"^[A-Z]{2}\d{2}$", error="a code like RF01"), each_once("PI code")]
            ),
            "title": pa.Column(str, pa.Check.str_length(1, 200, error="a title")),
            "definition": pa.Column(str, pa.Check.str_length(1, None, error="a definition")),
            "priority": enum_column([p.id for p in config.priorities]),
            "directorate": enum_column([d.id for d in config.directorates]),
            "good_direction": enum_column(DIRECTIONS),
            "unit": enum_column(UNITS),
            "decimals": pa.Column(float, pa.Check.isin([0, 1, 2], error="0, 1 or 2")),
            "frequency": enum_column(FREQUENCIES),
            "reporting_quarter": enum_column(["Q1", "Q2", "Q3", "Q4"], nullable=True),
            "first_year": pa.Column(str, nullable=True),
            "measure_type": enum_column(MEASURE_TYPES),
            "numerator_label": pa.Column(str, nullable=True),
            "denominator_label": pa.Column(str, nullable=True),
            "sensitive": enum_column(["yes", "no"]),
        },
        strict=False,
    )


#: Checks across the columns of an indicator row, each reported against the column named.
INDICATOR_ROW_CHECKS: tuple[RowCheck, ...] = (
    RowCheck(
        "a reporting_quarter for annual and biennial PIs",
        "reporting_quarter",
        lambda d: (d["frequency"] != "quarterly") & d["reporting_quarter"].isna(),
    ),
    RowCheck(
        "a first_year for biennial PIs", "first_year", lambda d: (d["frequency"] == "biennial") & d["first_year"].isna()
    ),
    RowCheck(
        "cumulative only for counts, or percents with numerator and denominator",
        "measure_type",
        lambda d: (
            (d["measure_type"] == "cumulative")
            & (d["unit"] != "count")
            & ~((d["unit"] == "percent") & d["denominator_label"].notna())
        ),
    ),
)


def _check_first_years(ind: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    for idx, val in ind["first_year"].dropna().items():
        try:
            fy_start(val)
        except QuarterError:
            problems.append(
                Problem(
                    severity=ERROR,
                    file=file,
                    row=int(idx) + 2,
                    column="first_year",
                    value=val,
                    expected="a financial year like 2019-20",
                    message="not a financial year",
                )
            )
    return problems


def read_indicators(config: CouncilConfig, path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and check ``indicators.csv``.

    Parameters
    ----------
    config : CouncilConfig
        Gives the priorities, directorates and the SPC minimum.
    path : Path

    Returns
    -------
    (DataFrame, list of Problem)
        The indicators (blank optional cells as NA) and every problem found.
    """
    file = display_path(path)
    ind = read_catalogue_csv(path)
    for col in OPTIONAL_INDICATOR_COLUMNS:
        if col not in ind:
            ind[col] = ""
    ind = blank_to_na(
        ind,
        [
            "reporting_quarter",
            "first_year",
            "numerator_label",
            "denominator_label",
            "source",
            *OPTIONAL_INDICATOR_COLUMNS,
        ],
    )
    problems = check_numbers(ind, ["decimals", "spc_baseline"], file)
    problems += _check_spc_columns(ind, file, config.methodology.spc_min_points)
    problems += elsewhere(problems, schema_problems(ind, _indicator_schema(config), file=file))
    problems += row_check_problems(ind, INDICATOR_ROW_CHECKS, file=file)
    if "first_year" in ind:
        problems += _check_first_years(ind, file)
    problems += check_accountability(ind, file, "pi_code")
    return ind, problems
