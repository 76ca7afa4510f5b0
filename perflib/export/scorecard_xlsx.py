"""``scorecard.xlsx``: the scorecard as a formatted workbook, with a Notes sheet.

The "Scorecard" sheet has the same rows and columns as ``scorecard.csv`` (one
row per catalogue PI, small counts suppressed, text that a spreadsheet could
read as a formula neutralised; no cell is ever written as a formula), a frozen
header row, an autofilter, number formats by unit and decimals, and each
status cell carries its word and the report's colour. The workbook is
byte-reproducible: its dates are the quarter's end.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import perflib
from perflib.core.config import CouncilConfig
from perflib.core.quarters import Quarter
from perflib.export.cells import xlsx_text
from perflib.export.html import LANG
from perflib.export.scorecard import SCORECARD_COLUMNS, scorecard_frame
from perflib.export.scorecard_notes import write_notes
from perflib.report.render import stylesheet
from perflib.report.wording import css_class
from perflib.rules import status as rules

#: Columns holding a value in the PI's own unit (formatted by unit and decimals).
_UNIT_COLUMNS = [
    "value",
    "quarter_value",
    "target",
    "target_upper",
    "amber_threshold",
    "amber_threshold_upper",
    "short_previous",
    "long_previous",
    "last_value",
    "forecast_outturn",
    "forecast_low",
    "forecast_high",
    "forecast_target",
    "forecast_target_upper",
    "service_forecast",
]
#: Columns holding counts that make up a rate.
_COUNT_COLUMNS = ["numerator", "denominator", "ytd_numerator", "ytd_denominator"]
#: Long text columns: wrapped, wider.
_WRAP_COLUMNS = [
    "indicator",
    "priority",
    "status_reason",
    "commentary",
    "corrective_action",
    "planned_action",
    "lead_officer",
    "portfolio_holder",
]

#: Columns holding an ISO date (``YYYY-MM-DD``): written as Excel dates.
_DATE_COLUMNS = ["action_due"]

_THIN = Side(style="thin", color="B1B4B6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_RIGHT_TOP = Alignment(horizontal="right", vertical="top")


def _css_colours() -> dict[str, tuple[str, str]]:
    """Status -> (fill, text colour) as ``RRGGBB``, read from the report's own stylesheet.

    The ``.status-*`` rules in the report's stylesheet (and the ``--*``
    custom properties they use) are the one source of the palette, so the
    spreadsheet always matches the report.
    """
    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    variables = dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})", css))

    def resolve(value: str) -> str:
        value = value.strip()
        m = re.fullmatch(r"var\((--[\w-]+)\)", value)
        value = (variables.get(m.group(1), "#000000") if m else value).lstrip("#")
        if len(value) == 3:
            value = "".join(ch * 2 for ch in value)
        return value.upper()

    found: dict[str, tuple[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        names = {s.strip() for s in selectors.split(",")}
        decl = {k.strip(): v.strip() for k, _, v in (d.partition(":") for d in body.split(";") if ":" in d)}
        for status in rules.STATUSES:
            if "." + css_class(status) in names and "background" in decl and "color" in decl:
                found[status] = (resolve(decl["background"]), resolve(decl["color"]))
    return found


def unit_number_format(unit: str, decimals: int) -> str:
    """Excel number format for a value in ``unit`` shown to ``decimals`` places.

    Percent values are stored as 0-100 numbers, so the sign is literal text
    (``0.0"%"``), never Excel's ``%`` (which would multiply by 100).

    Parameters
    ----------
    unit : str
        Catalogue unit.
    decimals : int
        Catalogue decimal places.

    Returns
    -------
    str
        e.g. ``'#,##0.0"%"'``, ``'#,##0'``, ``'#,##0" days"'``.
    """
    number = "#,##0" + ("." + "0" * int(decimals) if int(decimals) > 0 else "")
    if unit == "percent":
        return number + '"%"'
    if unit in ("days", "seconds", "weeks"):
        return f'{number}" {unit}"'
    return number


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _number_format(name: str, value: float, rec: dict[str, Any]) -> str | None:
    """The number format of a numeric cell of column ``name`` (None: General)."""
    unit, decimals = str(rec.get("unit")), int(rec.get("decimals") or 0)
    if name in _UNIT_COLUMNS:
        return unit_number_format(unit, decimals)
    if name == "tolerance":
        if rec.get("tolerance_type") == "percent":  # a percentage of the target
            return '#,##0"%"' if float(value).is_integer() else '#,##0.0#"%"'
        return unit_number_format(unit, decimals)
    if name in _COUNT_COLUMNS:
        return "#,##0" if float(value).is_integer() else "#,##0.0##"
    if name in ("decimals", "red_run"):
        return "0"
    if name == "forecast_p_meet":  # a probability from 0 to 1, shown as a percentage
        return "0%"
    return None


def _cell_value(value: Any) -> Any:
    if _blank(value):
        return None
    return xlsx_text(value.item() if hasattr(value, "item") else value)  # numpy scalar -> Python


def _format_cell(cell: Cell, name: str, value: Any, rec: dict[str, Any], colours: dict[str, tuple[str, str]]) -> None:
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula
    cell.border = _BORDER
    cell.alignment = _WRAP if name in _WRAP_COLUMNS else _TOP
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        fmt = _number_format(name, value, rec)
        if fmt is not None:
            cell.number_format = fmt
    elif isinstance(value, str) and name in _UNIT_COLUMNS + _COUNT_COLUMNS:
        cell.alignment = _RIGHT_TOP  # a suppressed "<5" sits where the number would
    if name == "status" and value in colours:
        fill, ink = colours[value]
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(bold=True, color=ink)


def _write_rows(ws: Worksheet, frame: pd.DataFrame, colours: dict[str, tuple[str, str]]) -> None:
    """The header and one row per PI, formatted; columns sized to their contents."""
    col_index = {name: i + 1 for i, name in enumerate(SCORECARD_COLUMNS)}
    header_fill = PatternFill("solid", fgColor="F3F2F1")
    for name, i in col_index.items():
        cell = ws.cell(row=1, column=i, value=name)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), header_fill, _BORDER, _WRAP
    widths = {name: len(name) + 2 for name in SCORECARD_COLUMNS}
    for r, rec in enumerate(frame.to_dict("records"), start=2):
        for name, i in col_index.items():
            value = _cell_value(rec.get(name))
            if name in _DATE_COLUMNS and isinstance(value, str) and value:
                value = dt.date.fromisoformat(value)
            _format_cell(ws.cell(row=r, column=i, value=value), name, value, rec, colours)
            shown = len(str(value)) if value is not None else 0
            widths[name] = max(widths[name], min(shown + 2, 60))
    for name, i in col_index.items():
        width = min(widths[name], 50) if name in _WRAP_COLUMNS else min(widths[name], 24)
        ws.column_dimensions[get_column_letter(i)].width = max(width, 8)
    ws.freeze_panes = "C2"  # header row, and quarter + code on the left
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SCORECARD_COLUMNS))}{max(ws.max_row, 1)}"


def write_scorecard_xlsx(scorecard: pd.DataFrame, target: Path, config: CouncilConfig) -> None:
    """Write ``scorecard.xlsx``: the scorecard as a formatted workbook, with a Notes sheet.

    Parameters
    ----------
    scorecard : DataFrame
        The quarter's scorecard (``Prepared.scorecard``).
    target : Path
        Where to write the workbook.
    config : CouncilConfig
        The suppression thresholds, and the council's name and illustrative
        notice for the Notes sheet.
    """
    frame = scorecard_frame(scorecard, config.methodology.suppression)
    colours = _css_colours()
    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    _write_rows(ws, frame, colours)
    write_notes(wb.create_sheet("Notes"), frame, config, colours)
    quarter = str(frame["period"].dropna().iloc[0]) if frame["period"].notna().any() else ""
    wb.properties.title = " ".join(x for x in ("Corporate scorecard", quarter, config.council_name) if x)
    wb.properties.creator = f"perflib {perflib.__version__}"
    wb.properties.language = LANG
    try:
        as_at = Quarter.parse(quarter).end_date
    except ValueError:
        as_at = dt.date(2000, 1, 1)  # no period: still the same bytes every time
    save_reproducible(wb, target, dt.datetime.combine(as_at, dt.time()))


def save_reproducible(wb: Workbook, target: Path, when: dt.datetime) -> None:
    """Save a workbook so the same content always gives the same bytes.

    openpyxl stamps the workbook's ``modified`` property and every zip entry
    with the time of saving. Here both properties and every entry's date are
    ``when`` (a run passes the last day of the quarter, the date the figures
    are as at), entries keep openpyxl's order, and the file is written
    atomically.

    Parameters
    ----------
    wb : Workbook
    target : Path
    when : datetime
        Naive UTC date and time recorded as created and modified.
    """
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = when
    wb.properties.modified = when
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            out.writestr(entry, src.read(info.filename))
    os.replace(tmp, target)
