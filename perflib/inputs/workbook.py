"""A return file as rows of cell values: its sheets, header row and columns.

Finding a sheet, its header row and its columns is shared by every sheet of a
return (cover, indicators, monthly figures, Flagship Actions) and by the
narrative file, whatever the file's type: an .xlsx workbook is read by
:mod:`perflib.inputs.xlsx_reader`, a CSV return by
:mod:`perflib.inputs.csv_reader`, both into a :class:`Source` after
:func:`read_file_bytes` has checked what the path is. A problem that makes the
whole file unusable is raised as :class:`FileProblem`; one that affects a row
or a column is appended to the caller's list.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def unusable(file: str, directorate: str, message: str, expected: str, **where: Any) -> FileProblem:
    """The :class:`FileProblem` of a file that cannot be used: an error located at ``where`` (sheet, row...)."""
    return FileProblem(Problem(ERROR, file, message=message, expected=expected, directorate=directorate, **where))


def not_a_file(mode: int) -> str:
    """Why a path with this ``st_mode`` is never opened as a file, or ``""`` for a regular file.

    A named pipe would block the reader for ever; a folder cannot be read.

    Parameters
    ----------
    mode : int
        ``os.stat(path).st_mode``.

    Returns
    -------
    str
    """
    if stat.S_ISDIR(mode):
        return "this is a folder, not a file; it was not read"
    if not stat.S_ISREG(mode):
        return "this is not a regular file (a pipe, socket or device); it was not opened"
    return ""


def read_file_bytes(path: Path, file: str, directorate: str, expected: str) -> bytes:
    """The bytes of a return, after checking what the path is (a pipe is never opened).

    Parameters
    ----------
    path : Path
    file : str
        The file as problems name it.
    directorate : str
    expected : str
        What the file should be, for the problem's "expected".

    Returns
    -------
    bytes

    Raises
    ------
    FileProblem
        A folder, pipe or device named like a return, a file that cannot be
        read, or one over :data:`~perflib.inputs.layout.MAX_FILE_BYTES`.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise unusable(file, directorate, f"the file cannot be read ({exc.strerror})", expected) from None
    reason = not_a_file(info.st_mode)
    if reason:
        raise unusable(file, directorate, reason, expected)
    if info.st_size > fmt.MAX_FILE_BYTES:
        raise unusable(
            file,
            directorate,
            f"the file is {info.st_size / 2**20:,.1f} MB, over the limit of {fmt.MAX_FILE_BYTES / 2**20:g} MB "
            "for a return; it was not read",
            expected,
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(fmt.MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise unusable(file, directorate, f"the file cannot be read ({exc.strerror})", expected) from None
    if len(data) > fmt.MAX_FILE_BYTES:  # it grew while being read
        raise unusable(file, directorate, "the file is over the size limit for a return; it was not read", expected)
    return data


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
