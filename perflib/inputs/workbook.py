"""A return file read into rows of cell values, whatever its type (xlsx or CSV).

Finding a sheet, its header row and its columns is shared by every sheet of a
return (cover, indicators, monthly figures, Flagship Actions) and by the
narrative file. A problem that makes the whole file unusable is raised as
:class:`FileProblem`; one that affects a row or a column is appended to the
caller's list.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from perflib.core.problems import ERROR, WARNING, Problem
from perflib.inputs import layout as fmt
from perflib.inputs.cells import cell_text


class FileProblem(Exception):
    """The whole file cannot be used; ``problem`` says why and where."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Source:
    """A return read into rows of cell values, whatever its file type."""

    kind: str  # "xlsx" or "csv"
    sheets: dict[str, list[tuple]]
    text_numbers_normal: bool = False  # in a CSV every number is text


def read_xlsx(path: Path, file: str, directorate: str) -> Source:
    """Every sheet of a workbook as rows of values (never modified; its formulas are not run)."""
    data = path.read_bytes()
    if len(data) == 0:
        raise FileProblem(
            Problem(
                ERROR,
                file,
                message="the file is empty (0 bytes)",
                expected="an .xlsx workbook",
                directorate=directorate,
            )
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            Problem(
                ERROR,
                file,
                message="the file is password protected or an old-style .xls workbook; save it as an unprotected .xlsx",
                expected="an .xlsx workbook",
                directorate=directorate,
            )
        )
    if not data.startswith(b"PK"):
        raise FileProblem(
            Problem(
                ERROR,
                file,
                message="the file is not an Excel workbook (it may be another kind of file renamed to .xlsx)",
                expected="an .xlsx workbook",
                directorate=directorate,
            )
        )
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise FileProblem(
            Problem(
                ERROR,
                file,
                message=f"the workbook could not be opened; it may be truncated or corrupt ({type(exc).__name__})",
                expected="a complete .xlsx workbook",
                directorate=directorate,
            )
        ) from None
    try:
        sheets = {name: [tuple(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}
    except Exception as exc:
        raise FileProblem(
            Problem(
                ERROR,
                file,
                message=f"the workbook could not be read; it may be truncated or corrupt ({type(exc).__name__})",
                expected="a complete .xlsx workbook",
                directorate=directorate,
            )
        ) from None
    finally:
        wb.close()
    return Source("xlsx", sheets)


def read_csv(path: Path, file: str, directorate: str, problems: list[Problem]) -> Source:
    """A CSV return: its one table, read as the Indicators sheet (UTF-8, else Windows-1252 with a warning)."""
    data = path.read_bytes()
    if not data.strip():
        raise FileProblem(
            Problem(ERROR, file, message="the file is empty", expected="a CSV return", directorate=directorate)
        )
    if b"\x00" in data[:2048]:
        raise FileProblem(
            Problem(
                ERROR,
                file,
                message="the file is not a text CSV (it may be a workbook renamed to .csv)",
                expected="a CSV return",
                directorate=directorate,
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        problems.append(
            Problem(
                WARNING,
                file,
                message="the file is not UTF-8; it was read as Windows-1252 (check accented characters in commentary)",
                expected="UTF-8",
                directorate=directorate,
            )
        )
    rows = [tuple(c if c != "" else None for c in r) for r in csv.reader(io.StringIO(text))]
    return Source("csv", {fmt.INDICATORS_SHEET: rows}, text_numbers_normal=True)


def sheet_rows(source: Source, sheet: str, file: str, directorate: str) -> list[tuple]:
    """The rows of ``sheet``; a missing sheet makes the file unusable."""
    if sheet not in source.sheets:
        found = ", ".join(f"'{n}'" for n in source.sheets) or "none"
        raise FileProblem(
            Problem(
                ERROR,
                file,
                sheet=sheet,
                message=f"sheet '{sheet}' is missing",
                value=found,
                expected=f"a sheet named '{sheet}'",
                directorate=directorate,
            )
        )
    return source.sheets[sheet]


def find_header(
    rows: list[tuple], first_label: str, file: str, sheet: str, problems: list[Problem], directorate: str
) -> int:
    """Index (0-based) of the header row: the first row with a cell equal to ``first_label``."""
    for i, row in enumerate(rows[:15]):
        cells = [cell_text(c).lower() for c in row]
        if first_label.lower() in cells:
            if i > 0:
                problems.append(
                    Problem(
                        WARNING,
                        file,
                        sheet,
                        i + 1,
                        first_label,
                        "",
                        "the header in row 1",
                        f"header found on row {i + 1}, not row 1; rows above it were ignored",
                        directorate,
                    )
                )
            return i
    if not rows:
        raise FileProblem(
            Problem(
                ERROR,
                file,
                sheet,
                None,
                "",
                "",
                f"a header row with '{first_label}'",
                "the sheet is empty",
                directorate,
            )
        )
    raise FileProblem(
        Problem(
            ERROR,
            file,
            sheet,
            None,
            first_label,
            "",
            f"a header row containing '{first_label}'",
            f"no header row with '{first_label}' in the first 15 rows",
            directorate,
        )
    )


def map_columns(
    header: tuple,
    columns: dict[str, str],
    required: tuple[str, ...],
    file: str,
    sheet: str,
    header_row: int,
    problems: list[Problem],
    directorate: str,
    ignored: dict[str, str] | None = None,
    ignored_pattern: str | None = None,
) -> dict[str, int]:
    by_label = {label.lower(): name for name, label in columns.items()}
    also_ok = {label.lower() for label in (ignored or {}).values()}
    found: dict[str, int] = {}
    for pos, cell in enumerate(header):
        label = cell_text(cell)
        if not label:
            continue
        name = by_label.get(label.lower())
        if name is None:
            if label.lower() in also_ok or (ignored_pattern and re.match(ignored_pattern, label)):
                continue
            problems.append(
                Problem(
                    WARNING,
                    file,
                    sheet,
                    header_row,
                    label,
                    label,
                    "one of: " + ", ".join(columns.values()),
                    "unexpected column ignored",
                    directorate,
                )
            )
        elif name in found:
            problems.append(
                Problem(
                    ERROR,
                    file,
                    sheet,
                    header_row,
                    label,
                    label,
                    "each column once",
                    "column appears twice; the first is used",
                    directorate,
                )
            )
        else:
            found[name] = pos
    missing = [columns[n] for n in required if n not in found]
    if missing:
        raise FileProblem(
            Problem(
                ERROR,
                file,
                sheet,
                header_row,
                ", ".join(missing),
                "",
                "columns " + ", ".join(columns[n] for n in required),
                "required column missing or renamed",
                directorate,
            )
        )
    return found


def read_cover(source: Source, file: str, directorate: str) -> dict[str, tuple[Any, int]]:
    """Cover fields as name -> (value, row number)."""
    rows = sheet_rows(source, fmt.COVER_SHEET, file, directorate)
    by_label = {label.lower(): name for name, label in fmt.COVER_FIELDS.items()}
    out: dict[str, tuple[Any, int]] = {}
    for i, row in enumerate(rows):
        if len(row) >= 2:
            name = by_label.get(cell_text(row[0]).lower().rstrip(":"))
            if name and name not in out:
                out[name] = (row[1], i + 1)
    return out
