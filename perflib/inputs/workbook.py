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
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from perflib.core.problems import ERROR, WARNING, Problem
from perflib.inputs import layout as fmt
from perflib.inputs.cells import Linked, ShownAsPercent, Uncalculated, cell_text


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


def _unusable(file: str, directorate: str, message: str, expected: str, **where: Any) -> FileProblem:
    return FileProblem(Problem(ERROR, file, message=message, expected=expected, directorate=directorate, **where))


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
        raise _unusable(file, directorate, f"the file cannot be read ({exc.strerror})", expected) from None
    if stat.S_ISDIR(info.st_mode):
        raise _unusable(file, directorate, "this is a folder, not a file; it was not read", expected)
    if not stat.S_ISREG(info.st_mode):
        raise _unusable(
            file, directorate, "this is not a regular file (a pipe, socket or device); it was not opened", expected
        )
    if info.st_size > fmt.MAX_FILE_BYTES:
        raise _unusable(
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
        raise _unusable(file, directorate, f"the file cannot be read ({exc.strerror})", expected) from None
    if len(data) > fmt.MAX_FILE_BYTES:  # it grew while being read
        raise _unusable(file, directorate, "the file is over the size limit for a return; it was not read", expected)
    return data


def _is_percent_format(code: str) -> bool:
    """Whether an Excel number format shows a percentage (a ``%`` outside quotes and escapes)."""
    bare = re.sub(r'"[^"]*"|\\.', "", code)
    return "%" in bare


#: A reference to another workbook in a stored formula: ``[1]Sheet1!A1``.
_EXTERNAL_REF = re.compile(r"\[\d+\]")


class _CellReader(WorkSheetParser):
    """openpyxl's streaming sheet parser, keeping what a return needs and nothing else.

    Each cell is its cached value (as Excel showed it), marked when it is a
    number formatted as a percentage, a formula never calculated or a value
    linked from another workbook (:mod:`perflib.inputs.cells`). Row formats
    are not kept, and the sheet's declared dimension is never read.
    """

    def __init__(self, src: IO[bytes], workbook: Any, percent_styles: set[int]) -> None:
        super().__init__(
            src,
            workbook.shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        self.percent_styles = percent_styles

    def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
        if "r" in row.attrib:
            try:
                self.row_counter = int(float(row.attrib["r"]))
            except ValueError:
                self.row_counter += 1
        else:
            self.row_counter += 1
        self.col_counter = 0
        return self.row_counter, [self.parse_cell(el) for el in row]

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        value = cell["value"]
        formula = element.find(FORMULA_TAG)
        if formula is not None:
            text = "=" + (formula.text or "")
            cached = element.findtext(VALUE_TAG)
            # Excel writes a calculated empty text as t="str" with an empty <v>; no <v>, or an empty one
            # otherwise, is a formula saved without ever being calculated (as other programs write them).
            if not cached and element.get("t") not in ("str", "inlineStr"):
                cell["value"] = Uncalculated(text)
                return cell
            if _EXTERNAL_REF.search(text) and isinstance(value, (int, float)) and not isinstance(value, bool):
                cell["value"] = Linked(float(value), text)
                return cell
        if cell["style_id"] in self.percent_styles and type(value) in (int, float):
            cell["value"] = ShownAsPercent(value)
        return cell


def _percent_styles(workbook: Any) -> set[int]:
    """Indices of the workbook's cell styles whose number format shows a percentage."""
    out = set()
    for i, style in enumerate(workbook._cell_styles):
        fid = style.numFmtId
        if fid < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(fid, "General")
        else:
            try:
                code = workbook._number_formats[fid - BUILTIN_FORMATS_MAX_SIZE]
            except IndexError:
                continue
        if _is_percent_format(code):
            out.add(i)
    return out


def _sheet_rows(ws: Any, name: str, percent_styles: set[int], file: str, directorate: str) -> list[tuple]:
    """One sheet's rows, streamed; row ``n`` of the sheet is item ``n - 1``, whatever the sheet declares."""
    rows: list[tuple] = []
    with ws._get_source() as src:
        for number, cells in _CellReader(src, ws.parent, percent_styles).parse():
            values = {c["column"]: c["value"] for c in cells if c["value"] is not None}
            if not values:
                continue
            last = max(values)
            if number > fmt.MAX_ROWS or last > fmt.MAX_COLUMNS:
                where = f"row {number}" if number > fmt.MAX_ROWS else f"column {get_column_letter(last)}"
                raise _unusable(
                    file,
                    directorate,
                    f"the sheet holds a value in {where}, beyond the limit for a return ({fmt.MAX_ROWS:,} rows, "
                    f"{fmt.MAX_COLUMNS} columns); it was not read further",
                    "a return of the usual size",
                    sheet=name,
                )
            while len(rows) < number - 1:
                rows.append(())
            rows.append(tuple(values.get(c) for c in range(1, last + 1)))
    return rows


def _check_package(data: bytes, file: str, directorate: str) -> None:
    """Refuse a workbook that unpacks to more than the limit, or is saved as Strict Open XML."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
            if unpacked > fmt.MAX_UNPACKED_BYTES:
                raise _unusable(
                    file,
                    directorate,
                    f"the workbook unpacks to {unpacked / 2**20:,.0f} MB, over the limit of "
                    f"{fmt.MAX_UNPACKED_BYTES / 2**20:g} MB for a return; it was not read",
                    "a return of the usual size",
                )
            names = set(zf.namelist())
            head = b""
            if "xl/workbook.xml" in names:
                with zf.open("xl/workbook.xml") as fh:
                    head = fh.read(4096)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return  # openpyxl says why below
    if b"purl.oclc.org/ooxml/spreadsheetml" in head:
        raise _unusable(
            file,
            directorate,
            "the workbook is saved as 'Strict Open XML Spreadsheet', which perflib cannot read; "
            "save it in Excel as 'Excel Workbook (.xlsx)'",
            "an .xlsx workbook (not Strict Open XML)",
        )


def read_xlsx(path: Path, file: str, directorate: str) -> Source:
    """Every sheet of a workbook as rows of cached values (never modified; its formulas are not run).

    The sheets are streamed: a sheet's declared size (``<dimension>``) is
    never trusted, and the limits of :mod:`perflib.inputs.layout` are enforced
    while reading.
    """
    data = read_file_bytes(path, file, directorate, "an .xlsx workbook")
    if len(data) == 0:
        raise _unusable(file, directorate, "the file is empty (0 bytes)", "an .xlsx workbook")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _unusable(
            file,
            directorate,
            "the file is password protected or an old-style .xls workbook; save it as an unprotected .xlsx",
            "an .xlsx workbook",
        )
    if not data.startswith(b"PK"):
        raise _unusable(
            file,
            directorate,
            "the file is not an Excel workbook (it may be another kind of file renamed to .xlsx)",
            "an .xlsx workbook",
        )
    _check_package(data, file, directorate)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _unusable(
            file,
            directorate,
            f"the workbook could not be opened; it may be truncated or corrupt ({type(exc).__name__})",
            "a complete .xlsx workbook",
        ) from None
    try:
        percent = _percent_styles(wb)
        sheets = {name: _sheet_rows(wb[name], name, percent, file, directorate) for name in wb.sheetnames}
    except FileProblem:
        raise
    except Exception as exc:
        raise _unusable(
            file,
            directorate,
            f"the workbook could not be read; it may be truncated or corrupt ({type(exc).__name__})",
            "a complete .xlsx workbook",
        ) from None
    finally:
        wb.close()
    return Source("xlsx", sheets)


def _csv_rows(text: str, file: str, directorate: str) -> list[tuple]:
    """The rows of a CSV return, streamed, within the limits of :mod:`perflib.inputs.layout`."""
    rows: list[tuple] = []
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if len(rows) >= fmt.MAX_ROWS:
                raise _unusable(
                    file,
                    directorate,
                    f"the file has more than {fmt.MAX_ROWS:,} lines, beyond the limit for a return; "
                    "it was not read further",
                    "a return of the usual size",
                    row=reader.line_num,
                )
            for pos, cell in enumerate(row):
                if len(cell) > fmt.MAX_CELL_CHARS:
                    raise _unusable(
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
        raise _unusable(
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
