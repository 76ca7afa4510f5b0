"""A comparator file read into a table of text cells, whatever it was saved as.

Government statistics come as CSV (DfE's explore-education-statistics files)
or as Excel workbooks (LG Inform's "download data", and any CSV an analyst
opened and saved in Excel). :func:`read_table` looks at the file's first bytes,
not its name, and reads:

* an ``.xlsx`` workbook through the returns' streaming reader
  (:func:`perflib.inputs.xlsx_reader.read_xlsx`, with its checks and size
  limits): the mapping's ``sheet``, or the first sheet; a cell formatted as a
  percentage (0.519 shown as 51.9%) is read as ``51.9%``, as Excel shows it;
* anything else as CSV (:func:`read_csv_text`).

An old-style ``.xls`` workbook or an OpenDocument spreadsheet cannot be read:
each is a :class:`FileError` saying how to
save it instead.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from perflib.core.paths import display_path
from perflib.inputs.cells import ShownAsPercent, cell_text
from perflib.inputs.workbook import FileProblem, not_a_file
from perflib.inputs.xlsx_reader import read_xlsx

#: The first bytes of a zip file (an .xlsx or .ods) and of an old-style .xls.
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
#: What an OpenDocument spreadsheet declares near its start.
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


class FileError(ValueError):
    """A file (or one indicator of it) that cannot be used; becomes a located error."""

    def __init__(self, message: str, column: str = "", expected: str = "", value: str = "") -> None:
        super().__init__(message)
        self.message, self.column, self.expected, self.value = message, column, expected, value


def read_csv_text(path: Path, skip_rows: int = 0) -> pd.DataFrame:
    """A CSV as text cells (UTF-8, or Windows-1252 when it is not UTF-8), headers stripped.

    Parameters
    ----------
    path : Path
    skip_rows : int
        Lines above the header row.

    Returns
    -------
    DataFrame
        Every cell as text, blanks as ``""``.

    Raises
    ------
    FileError
        If the file is missing or not a readable CSV.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileError(f"the file cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skiprows=skip_rows)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise FileError(f"not a readable CSV file ({str(exc).strip()})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _check_regular(path: Path) -> None:
    """A folder, pipe, socket or device named like a comparator file is never opened (a pipe would hang)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise FileError(f"the file cannot be read ({exc.strerror or exc})") from None
    reason = not_a_file(mode)
    if reason:
        raise FileError(reason, expected="a CSV file or an .xlsx workbook")


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(128)
    except OSError as exc:
        raise FileError(f"the file cannot be read ({exc.strerror or exc})") from None


def _text(value: object) -> str:
    """A workbook cell as the text a CSV of it would hold."""
    if isinstance(value, ShownAsPercent):
        return f"{round(float(value) * 100, 10):.15g}%"
    return cell_text(value)


def _xlsx_table(path: Path, skip_rows: int, sheet: str) -> pd.DataFrame:
    """A worksheet as text cells: the header on row ``skip_rows + 1``, blank rows left out.

    The index is the Excel row less ``2 + skip_rows``, as
    :func:`read_csv_text` numbers a CSV's rows.
    """
    try:
        source = read_xlsx(path, display_path(path), "")
    except FileProblem as exc:
        raise FileError(exc.problem.message, expected=exc.problem.expected) from None
    if sheet and sheet not in source.sheets:
        found = ", ".join(f"'{n}'" for n in source.sheets) or "none"
        raise FileError(f"the workbook has no sheet '{sheet}'", column="sheet", expected=f"one of {found}")
    rows = source.sheets[sheet or next(iter(source.sheets), "")] if source.sheets else []
    if len(rows) <= skip_rows or not any(_text(v) for v in rows[skip_rows]):
        raise FileError(
            f"the sheet has no header row on row {skip_rows + 1}",
            expected="the column headers on the first row (or say 'skip_rows' in the mapping)",
        )
    header = [_text(v) for v in rows[skip_rows]]
    width = len(header)
    body = {}
    for i, row in enumerate(rows[skip_rows + 1 :]):
        cells = [_text(v) for v in row[:width]]
        if any(cells):
            body[i] = cells + [""] * (width - len(cells))
    frame = pd.DataFrame.from_dict(body, orient="index", columns=header) if body else pd.DataFrame(columns=header)
    return frame.astype(str)


def read_table(path: Path, skip_rows: int = 0, sheet: str = "") -> pd.DataFrame:
    """A comparator file (CSV or .xlsx) as text cells, headers stripped.

    Parameters
    ----------
    path : Path
    skip_rows : int
        Lines above the header row.
    sheet : str
        The worksheet of a workbook (``""``: the first); ignored for a CSV.

    Returns
    -------
    DataFrame
        Every cell as text, blanks as ``""``; the index numbers the rows as
        :func:`~perflib.inputs.comparator_readers.read_csv_text` does.

    Raises
    ------
    FileError
        A missing or unreadable file, a folder, pipe or device, an .xls or
        .ods workbook, a workbook without the sheet, or a file that is not CSV.
    """
    _check_regular(path)
    head = _head(path)
    if head.startswith(_OLE):
        raise FileError(
            "the file is an old-style Excel .xls workbook (or a password protected one), which perflib does not read",
            expected="a CSV file or an .xlsx workbook: open it in Excel and save it as either",
        )
    if head.startswith(_ZIP) and _ODS in head:
        raise FileError(
            "the file is an OpenDocument spreadsheet (.ods), which perflib does not read",
            expected="a CSV file or an .xlsx workbook: open it and save the sheet as either",
        )
    if head.startswith(_ZIP):
        return _xlsx_table(path, skip_rows, sheet)
    return read_csv_text(path, skip_rows)
