"""A CSV return read into rows of cell values: its one table, as the Indicators sheet.

The text is UTF-8, else Windows-1252 with a warning; the rows are streamed
within the limits of :mod:`perflib.inputs.layout`. Every value of a CSV is
text, so a number written as text is normal there (``Source.text_numbers_normal``).
A problem that makes the file unusable is raised as
:class:`~perflib.inputs.workbook.FileProblem`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from perflib.core.problems import ERROR, WARNING, Problem
from perflib.inputs import layout as fmt
from perflib.inputs.cells import cell_text
from perflib.inputs.workbook import FileProblem, Source, read_file_bytes, unusable


def _csv_rows(text: str, file: str, directorate: str) -> list[tuple]:
    """The rows of a CSV return, streamed, within the limits of :mod:`perflib.inputs.layout`."""
    rows: list[tuple] = []
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if len(rows) >= fmt.MAX_ROWS:
                raise unusable(
                    file,
                    directorate,
                    f"the file has more than {fmt.MAX_ROWS:,} lines, beyond the limit for a return; "
                    "it was not read further",
                    "a return of the usual size",
                    row=reader.line_num,
                )
            for pos, cell in enumerate(row):
                if len(cell) > fmt.MAX_CELL_CHARS:
                    raise unusable(
                        file,
                        directorate,
                        f"a field of {len(cell):,} characters, over the limit of {fmt.MAX_CELL_CHARS:,} "
                        "(the most an Excel cell holds)",
                        f"fields of at most {fmt.MAX_CELL_CHARS:,} characters",
                        sheet=fmt.INDICATORS_SHEET,
                        row=reader.line_num,
                        column=cell_text(rows[0][pos]) if rows and pos < len(rows[0]) else "",
                    )
            rows.append(tuple(c if c != "" else None for c in row))
    except csv.Error as exc:
        raise unusable(
            file,
            directorate,
            f"the file could not be read as CSV at line {reader.line_num} ({exc}); "
            f"fields are limited to {fmt.MAX_CELL_CHARS:,} characters",
            "a CSV return",
            sheet=fmt.INDICATORS_SHEET,
            row=reader.line_num,
        ) from None
    return rows


def read_csv(path: Path, file: str, directorate: str, problems: list[Problem]) -> Source:
    """A CSV return: its one table, read as the Indicators sheet (UTF-8, else Windows-1252 with a warning)."""
    data = read_file_bytes(path, file, directorate, "a CSV return")
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
    rows = _csv_rows(text, file, directorate)
    return Source("csv", {fmt.INDICATORS_SHEET: rows}, text_numbers_normal=True)
