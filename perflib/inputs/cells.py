"""Reading one spreadsheet cell: a number, or text, as the service meant it.

Clear cases are normalised with a warning (``"12%"`` is 12, ``"1,234"`` is
1234, ``"45.2"`` typed as text is 45.2); anything ambiguous is an error
(``"TBC"``, Excel error values such as ``#DIV/0!``, dates, booleans).

The workbook reader (:mod:`perflib.inputs.xlsx_reader`) marks three kinds of cell
whose stored value is not what the service sees or meant: a number formatted
as a percentage (:class:`ShownAsPercent`: ``0.044`` shown as ``4.4%`` is read
as 4.4, with a warning), a formula Excel never calculated
(:class:`Uncalculated`: an error, never a silent blank) and a formula's cached
result taken from another workbook (:class:`Linked`: used, with a warning).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

EXCEL_ERRORS = {
    "#DIV/0!",
    "#N/A",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}
NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS_TEXT = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class ShownAsPercent(float):
    """A number stored as a fraction in a cell with a percentage format (0.044 shown as 4.4%)."""


class Linked(float):
    """A formula's cached result that comes from a link to another workbook."""

    formula: str = ""

    def __new__(cls, value: float, formula: str) -> Linked:
        obj = super().__new__(cls, value)
        obj.formula = formula
        return obj


class Uncalculated(str):
    """A formula with no calculated value saved with it (the text is the formula)."""


#: What a formula without a calculated value needs.
UNCALCULATED_EXPECTED = "a value: open and save the workbook in Excel so its formulas are calculated"


@dataclass(frozen=True)
class ParsedNumber:
    """A cell read as a number, with what had to be done to it."""

    value: float | None
    warning: str = ""
    error: str = ""


def _typed_cell(raw: Any) -> ParsedNumber | None:
    """A cell that is not text: a number, or an error for a boolean, date or non-finite number."""
    if isinstance(raw, bool):
        return ParsedNumber(None, error="a number, not TRUE/FALSE")
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        return ParsedNumber(None, error="a number, not a date (check the cell's format)")
    if isinstance(raw, (int, float, np.integer, np.floating)):
        if isinstance(raw, float) and not np.isfinite(raw):
            return ParsedNumber(None, error="a finite number")
        return ParsedNumber(float(raw))
    return None


def _number_in_text(text: str) -> ParsedNumber:
    """A number typed as text: with a percentage sign, with thousands separators, or plain."""
    if text.upper() in EXCEL_ERRORS or text.startswith("#"):
        return ParsedNumber(None, error=f"a number, not the Excel error {text}")
    if text.endswith("%"):
        inner = text[:-1].strip().replace(",", "")
        if NUMBER_TEXT.match(inner):
            return ParsedNumber(float(inner), warning=f"'{text}' read as {float(inner):g} (percentage sign removed)")
        return ParsedNumber(None, error="a number")
    if _THOUSANDS_TEXT.match(text):
        num = float(text.replace(",", ""))
        return ParsedNumber(num, warning=f"'{text}' read as {num:g} (thousands separators removed)")
    if NUMBER_TEXT.match(text):
        return ParsedNumber(float(text), warning=f"'{text}' was stored as text; read as {float(text):g}")
    return ParsedNumber(None, error="a number")


def parse_number(raw: Any) -> ParsedNumber:
    """Read a spreadsheet cell that should hold a number.

    Parameters
    ----------
    raw : object
        The cell's value as openpyxl returns it (or CSV text).

    Returns
    -------
    ParsedNumber
        ``value`` is None for an empty cell or an error.
    """
    if raw is None:
        return ParsedNumber(None)
    if isinstance(raw, Uncalculated):
        return ParsedNumber(None, error=UNCALCULATED_EXPECTED)
    if isinstance(raw, ShownAsPercent) and np.isfinite(raw):
        shown = round(float(raw) * 100, 9)
        return ParsedNumber(
            shown, warning=f"{float(raw):g} is formatted as a percentage in Excel ({shown:g}%); read as {shown:g}"
        )
    if isinstance(raw, Linked) and np.isfinite(raw):
        return ParsedNumber(
            float(raw),
            warning=f"the figure comes from a link to another workbook ({raw.formula}); "
            "check that the linked workbook was up to date when this one was saved",
        )
    typed = _typed_cell(raw)
    if typed is not None:
        return typed
    text = str(raw).strip().replace("\u00a0", " ")
    if text == "":
        return ParsedNumber(None)
    return _number_in_text(text)


@dataclass(frozen=True)
class ParsedDate:
    """A cell read as a date: ``value`` None for an empty cell or an error (``error`` says what was expected)."""

    value: dt.date | None
    error: str = ""


#: What a date cell must hold, in words.
DATE_EXPECTED = "a date, e.g. 31/03/2024 (or 2024-03-31)"


def parse_date(raw: Any, formats: tuple[str, ...]) -> ParsedDate:
    """Read a spreadsheet cell (or CSV field) that should hold a date.

    Parameters
    ----------
    raw : object
        The cell's value as openpyxl returns it (a ``datetime`` for a date cell) or CSV text.
    formats : tuple of str
        ``strptime`` formats accepted for a date typed as text (``layout.DATE_TEXT_FORMATS``).

    Returns
    -------
    ParsedDate
        An Excel date cell is its date; text in one of ``formats`` is read as that date;
        anything else (a number, TRUE, "next month", 31/02/2024) is an error.

    Examples
    --------
    >>> parse_date("31/03/2024", ("%d/%m/%Y", "%Y-%m-%d")).value
    datetime.date(2024, 3, 31)
    >>> parse_date("March", ("%d/%m/%Y",)).error
    'a date, e.g. 31/03/2024 (or 2024-03-31)'
    """
    if raw is None or isinstance(raw, Uncalculated):
        return ParsedDate(None, error=UNCALCULATED_EXPECTED if isinstance(raw, Uncalculated) else "")
    if isinstance(raw, dt.datetime):
        return ParsedDate(raw.date())
    if isinstance(raw, dt.date):
        return ParsedDate(raw)
    text = cell_text(raw)
    if text == "":
        return ParsedDate(None)
    if isinstance(raw, str):
        for form in formats:
            try:
                return ParsedDate(dt.datetime.strptime(text, form).date())
            except ValueError:
                continue
    return ParsedDate(None, error=DATE_EXPECTED)


def cell_text(raw: Any) -> str:
    """A cell as text: ``""`` when empty (or an uncalculated formula), whole floats without ``.0``, stripped.

    Parameters
    ----------
    raw : object

    Returns
    -------
    str
    """
    if raw is None or isinstance(raw, Uncalculated):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()
