"""An .xlsx return read into rows of cell values, as Excel showed them.

The workbook is checked before it is opened (an old-style .xls or a password
protected file, one that unpacks to more than the limit, Strict Open XML) and
its sheets are streamed: a sheet's declared size is never trusted, and the
limits of :mod:`perflib.inputs.layout` are enforced while reading. A cell whose
stored value is not what Excel shows is marked (:mod:`perflib.inputs.cells`).
A problem that makes the workbook unusable is raised as
:class:`~perflib.inputs.workbook.FileProblem`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from perflib.inputs import layout as fmt
from perflib.inputs.cells import Linked, ShownAsPercent, Uncalculated
from perflib.inputs.workbook import FileProblem, Source, read_file_bytes, unusable


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
                raise unusable(
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
                raise unusable(
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
        raise unusable(
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
        raise unusable(file, directorate, "the file is empty (0 bytes)", "an .xlsx workbook")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise unusable(
            file,
            directorate,
            "the file is password protected or an old-style .xls workbook; save it as an unprotected .xlsx",
            "an .xlsx workbook",
        )
    if not data.startswith(b"PK"):
        raise unusable(
            file,
            directorate,
            "the file is not an Excel workbook (it may be another kind of file renamed to .xlsx)",
            "an .xlsx workbook",
        )
    _check_package(data, file, directorate)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise unusable(
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
        raise unusable(
            file,
            directorate,
            f"the workbook could not be read; it may be truncated or corrupt ({type(exc).__name__})",
            "a complete .xlsx workbook",
        ) from None
    finally:
        wb.close()
    return Source("xlsx", sheets)
