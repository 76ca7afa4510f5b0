"""Comparator files: the published figures of the council and its comparator group.

Comparator data comes as CSV files in the long format government statistical
releases use, one row per area, period and indicator::

    area_code,area_name,period,indicator_id,value[,numerator,denominator]

``indicator_id`` is the PI code from the catalogue; ``period`` is a quarter
(``2023-24 Q3``; ``2023/24 Q3`` and ``2023-24-Q3`` are accepted) or a
financial year (``2023-24``). Every ``*.csv`` in the folder named by
``benchmarking.folder`` in ``data/council.yml`` is read. Blank values and the
usual release markers (``[c]``, ``[x]``, ``[z]``, ``[u]``, ``[low]``, ``..``,
``:``, ``-``, ``x``, ``c``) mean "no figure" and are not problems. How the
figures are compared is :mod:`perflib.rules.benchmarking`.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd

from perflib.core.config import BenchmarkingConfig, CouncilConfig, benchmarking_settings
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter, QuarterError, fy_label, fy_start

REQUIRED_COLUMNS: tuple[str, ...] = ("area_code", "area_name", "period", "indicator_id", "value")


OPTIONAL_COLUMNS: tuple[str, ...] = ("numerator", "denominator")


#: Cells that mean "no figure" in government releases (compared case-insensitively).
MISSING_MARKERS: frozenset[str] = frozenset({"", "[c]", "[x]", "[z]", "[u]", "[low]", "..", ":", "-", "x", "c"})


#: Columns of :func:`load_benchmarks`'s table.
BENCHMARK_COLUMNS: tuple[str, ...] = (
    "area_code",
    "area_name",
    "period",
    "period_kind",
    "indicator_id",
    "value",
    "numerator",
    "denominator",
    "file",
    "row",
)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _number(text: str) -> tuple[float, bool]:
    """(value, ok): NaN and ok for a missing marker; NaN and not ok for anything else unreadable."""
    s = text.strip()
    if s.lower() in MISSING_MARKERS:
        return math.nan, True
    try:
        return float(s.replace(",", "")), True
    except ValueError:
        return math.nan, False


def normalise_period(text: str) -> tuple[str, str]:
    """A comparator period in standard form and its kind.

    Parameters
    ----------
    text : str
        ``"2023-24 Q3"`` (or ``"2023/24 Q3"``, ``"2023-24-Q3"``) or a financial
        year ``"2023-24"`` (or ``"2023/24"``).

    Returns
    -------
    tuple of str
        ``("2023-24 Q3", "quarter")`` or ``("2023-24", "year")``.

    Raises
    ------
    QuarterError
        If it is neither.
    """
    try:
        return Quarter.parse(text).label, "quarter"
    except QuarterError:
        pass
    try:
        return fy_label(fy_start(text)), "year"
    except QuarterError:
        raise QuarterError(
            f"{text!r} is not a quarter such as 2023-24 Q3 or a financial year such as 2023-24"
        ) from None


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in BENCHMARK_COLUMNS})
    for c in ("value", "numerator", "denominator"):
        frame[c] = frame[c].astype(float)
    frame["row"] = frame["row"].astype(int)
    return frame


def _numerator_denominator(
    rec: dict, given: bool, file: str, line: int, indicator: str, problems: list[Problem]
) -> tuple[float, float]:
    """A row's numerator and denominator (NaN when not given or not usable, with a problem)."""
    if not given:
        return math.nan, math.nan
    num, num_ok = _number(str(rec["numerator"]))
    den, den_ok = _number(str(rec["denominator"]))
    bad = [c for c, good in (("numerator", num_ok), ("denominator", den_ok)) if not good]
    if not bad and not math.isnan(den) and den <= 0:
        bad = ["denominator"]
    for col in bad:
        problems.append(
            Problem(
                severity=ERROR,
                file=file,
                row=line,
                column=col,
                value=str(rec[col]),
                expected="a number (a denominator above 0)",
                message=f"the {col} is not usable; the value is used without numerator and denominator",
                pi_code=indicator,
            )
        )
    if bad or math.isnan(num) or math.isnan(den):
        return math.nan, math.nan
    return num, den


def _load_file(path: Path) -> tuple[list[dict], list[Problem]]:
    file = display_path(path)
    problems: list[Problem] = []
    try:
        frame = pd.read_csv(io.StringIO(_read_text(path)), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return [], [Problem(ERROR, file, message=f"not a readable CSV file ({exc})".strip())]
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    for col in missing:
        problems.append(
            Problem(
                ERROR,
                file,
                column=col,
                expected="this column to be present",
                message=f"the column '{col}' is missing, so the file was not used",
            )
        )
    if missing:
        return [], problems
    rows: list[dict] = []
    seen: dict[tuple[str, str, str], int] = {}
    for idx, rec in enumerate(frame.to_dict("records")):
        line = idx + 2
        code = str(rec["area_code"]).strip()
        indicator = str(rec["indicator_id"]).strip()
        try:
            period, kind = normalise_period(str(rec["period"]))
        except QuarterError as exc:
            problems.append(
                Problem(
                    ERROR,
                    file,
                    row=line,
                    column="period",
                    value=str(rec["period"]),
                    expected="a quarter like 2023-24 Q3 or a financial year like 2023-24",
                    message=str(exc),
                    pi_code=indicator,
                )
            )
            continue
        value, ok = _number(str(rec["value"]))
        if not ok:
            problems.append(
                Problem(
                    ERROR,
                    file,
                    row=line,
                    column="value",
                    value=str(rec["value"]),
                    expected="a number, blank, or a release marker such as [c] or [x]",
                    message="the value is not a number, so the row was not used",
                    pi_code=indicator,
                )
            )
            continue
        key = (code, period, indicator)
        if key in seen:
            problems.append(
                Problem(
                    ERROR,
                    file,
                    row=line,
                    column="area_code",
                    value=code,
                    expected="one row per area, period and indicator",
                    message=f"repeats row {seen[key]} ({code}, {period}, {indicator}); this row was not used",
                    pi_code=indicator,
                )
            )
            continue
        seen[key] = line
        num, den = _numerator_denominator(
            rec, all(c in frame.columns for c in OPTIONAL_COLUMNS), file, line, indicator, problems
        )
        rows.append(
            {
                "area_code": code,
                "area_name": str(rec["area_name"]).strip(),
                "period": period,
                "period_kind": kind,
                "indicator_id": indicator,
                "value": value,
                "numerator": num,
                "denominator": den,
                "file": file,
                "row": line,
            }
        )
    return rows, problems


def load_benchmarks(config: CouncilConfig | BenchmarkingConfig | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read every comparator CSV in the benchmarking folder.

    Parameters
    ----------
    config : CouncilConfig or BenchmarkingConfig
        The council configuration (its ``benchmarking`` block) or the block
        itself. Without one, nothing is read.

    Returns
    -------
    DataFrame
        One row per usable area, period and indicator, with the columns of
        :data:`BENCHMARK_COLUMNS` (``period`` in standard form,
        ``period_kind`` ``"quarter"`` or ``"year"``, ``value`` NaN where the
        release gives no figure, ``file`` and ``row`` where it came from).
    list of Problem
        Errors located by file, row and column: a missing column (the file is
        not used), a value or period that cannot be read, a repeated row (the
        row is not used), an unreadable numerator or denominator (the value is
        used without them). A missing folder is a warning.
    """
    settings = benchmarking_settings(config)
    if settings is None:
        return _empty(), []
    folder = Path(settings.folder)
    if not folder.is_dir():
        return _empty(), [
            Problem(
                WARNING, display_path(folder), message="benchmarking folder not found: no comparator figures this time"
            )
        ]
    rows: list[dict] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.csv")):
        got, found = _load_file(path)
        rows += got
        problems += found
    if not rows:
        return _empty(), problems
    frame = pd.DataFrame(rows, columns=list(BENCHMARK_COLUMNS))
    return frame, problems


__all__ = [
    "load_benchmarks",
    "normalise_period",
    "BENCHMARK_COLUMNS",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "MISSING_MARKERS",
]
