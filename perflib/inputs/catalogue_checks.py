"""Checks on the catalogue files: pandera schemas and the checks pandera cannot express.

Every function returns located :class:`~perflib.core.problems.Problem` s (file,
row, column, value found, what was expected); :mod:`perflib.inputs.catalogue`
collects them and stops the run when there are any.
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
TOLERANCE_TYPES = ("absolute", "percent")
#: Optional indicator columns (blank when absent): SPC baseline and rebase quarters.
OPTIONAL_INDICATOR_COLUMNS = ("spc_baseline", "spc_rebase")
#: Who is accountable for a PI or Flagship Action: the lead officer (a job title) and the
#: cabinet portfolio holder. Optional columns: a catalogue without them, or a blank cell,
#: loads with a warning and the report shows :data:`NOT_ASSIGNED`.
ACCOUNTABILITY_COLUMNS = ("lead_officer", "portfolio_holder")
#: What the report shows for a lead officer or portfolio holder left blank.
NOT_ASSIGNED = "Not assigned"
#: Older ``flagship_actions.csv`` files call ``lead_officer`` ``owner``: read as the same thing.
LEGACY_ACTION_COLUMNS = {"owner": "lead_officer"}
#: Target columns holding numbers (the quarterly profile is optional).
TARGET_NUMBERS = ["target", "target_upper", "tolerance", "q1_target", "q2_target", "q3_target", "q4_target"]


class CatalogueError(ValueError):
    """The catalogue files are missing or break their schema."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("the indicator catalogue has problems:\n" + "\n".join(p.line() for p in problems))


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogueError(
            [Problem(severity=ERROR, file=display_path(path), message="catalogue file not found")]
        ) from None
    return frame.apply(lambda s: s.str.strip())


def _blank_to_na(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for col in columns:
        if col in frame:
            frame[col] = frame[col].replace("", pd.NA)
    return frame


def _enum(values: tuple[str, ...] | list[str], nullable: bool = False) -> pa.Column:
    return pa.Column(
        str,
        pa.Check.isin(list(values), error="one of " + ", ".join(values)),
        nullable=nullable,
    )


def _number(nullable: bool = True) -> pa.Column:
    return pa.Column(float, nullable=nullable, coerce=False)


def _check_numbers(frame: pd.DataFrame, columns: list[str], file: str) -> list[Problem]:
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


def _elsewhere(found: list[Problem], more: list[Problem]) -> list[Problem]:
    """The problems of ``more`` at cells not in ``found`` (a cell that is not a number is reported once)."""
    cells = {(p.row, p.column) for p in found}
    return [p for p in more if (p.row, p.column) not in cells]


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


def _check_accountability(frame: pd.DataFrame, file: str, code_column: str) -> list[Problem]:
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


def _once(what: str) -> pa.Check:
    """Each code once: every row holding a repeated code is reported."""
    return pa.Check(lambda s: ~s.duplicated(keep=False), error=f"each {what} once (this code appears more than once)")


def _indicator_schema(config: CouncilConfig) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "pi_code": pa.Column(
                str, [pa.Check.str_matches(r"^[A-Z]{2}\d{2}$", error="a code like RF01"), _once("PI code")]
            ),
            "title": pa.Column(str, pa.Check.str_length(1, 200, error="a title")),
            "definition": pa.Column(str, pa.Check.str_length(1, None, error="a definition")),
            "priority": _enum([p.id for p in config.priorities]),
            "directorate": _enum([d.id for d in config.directorates]),
            "good_direction": _enum(DIRECTIONS),
            "unit": _enum(UNITS),
            "decimals": pa.Column(float, pa.Check.isin([0, 1, 2], error="0, 1 or 2")),
            "frequency": _enum(FREQUENCIES),
            "reporting_quarter": _enum(["Q1", "Q2", "Q3", "Q4"], nullable=True),
            "first_year": pa.Column(str, nullable=True),
            "measure_type": _enum(MEASURE_TYPES),
            "numerator_label": pa.Column(str, nullable=True),
            "denominator_label": pa.Column(str, nullable=True),
            "sensitive": _enum(["yes", "no"]),
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
    ind = _read_csv(path)
    for col in OPTIONAL_INDICATOR_COLUMNS:
        if col not in ind:
            ind[col] = ""
    ind = _blank_to_na(
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
    problems = _check_numbers(ind, ["decimals", "spc_baseline"], file)
    problems += _check_spc_columns(ind, file, config.methodology.spc_min_points)
    problems += _elsewhere(problems, schema_problems(ind, _indicator_schema(config), file=file))
    problems += row_check_problems(ind, INDICATOR_ROW_CHECKS, file=file)
    if "first_year" in ind:
        problems += _check_first_years(ind, file)
    problems += _check_accountability(ind, file, "pi_code")
    return ind, problems


def _target_schema(codes: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "pi_code": _enum(codes) if codes else pa.Column(str),
            "financial_year": pa.Column(
                str, pa.Check.str_matches(r"^\d{4}-\d{2}$", error="a financial year like 2023-24")
            ),
            "target": _number(nullable=False),
            "target_upper": _number(),
            "tolerance": pa.Column(float, pa.Check.ge(0, error="a tolerance of 0 or more")),
            "tolerance_type": _enum(TOLERANCE_TYPES),
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
    tgt = _read_csv(path)
    for col in TARGET_NUMBERS:
        if col not in tgt:
            tgt[col] = ""
    tgt = _blank_to_na(tgt, TARGET_NUMBERS)
    problems = _check_numbers(tgt, TARGET_NUMBERS, file)
    codes = ind["pi_code"].tolist() if "pi_code" in ind else []
    problems += _elsewhere(problems, schema_problems(tgt, _target_schema(codes), file=file))
    problems += row_check_problems(tgt, TARGET_ROW_CHECKS, file=file)
    if checked and not problems:
        problems += _check_range_targets(tgt, ind, file)
        tgt["fy_start"] = tgt["financial_year"].map(fy_start)
    return tgt, problems


def _action_schema(config: CouncilConfig) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "fa_code": pa.Column(
                str, [pa.Check.str_matches(r"^FA\d{2}[a-z]?$", error="a code like FA07 or FA07a"), _once("FA code")]
            ),
            "parent_code": pa.Column(str, pa.Check.str_matches(r"^FA\d{2}$", error="a code like FA07")),
            "title": pa.Column(str, pa.Check.str_length(1, None, error="a title")),
            "priority": _enum([p.id for p in config.priorities]),
            "directorate": _enum([d.id for d in config.directorates]),
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
    fa, problems = _legacy_action_columns(_read_csv(path), file)
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
    problems += _check_accountability(fa, file, "fa_code")
    return fa, problems
