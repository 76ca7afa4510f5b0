"""The sheets of a return template around its indicators: instructions, cover and Flagship Actions.

The Instructions sheet says how to fill the return in; the cover has the
council, directorate and quarter filled in and who completed it and when to
fill; the Flagship Actions sheet lists the directorate's actions in force with
the status last reported and a drop-down of the allowed statuses. Cells to
fill are yellow and unlocked (:data:`INPUT_FILL`, :data:`UNLOCKED`); the rest
are locked. The Indicators sheet is :mod:`perflib.export.template_indicators`.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from perflib.core.config import CouncilConfig
from perflib.core.quarters import Quarter
from perflib.export.cells import xlsx_text
from perflib.export.template_history import History
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue

INPUT_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")  # pale yellow: fill me in
HEADER_FILL = PatternFill("solid", start_color="D9E2F3", end_color="D9E2F3")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


def date_validation(error: str) -> DataValidation:
    """Excel data validation for a date cell (any date after 2000), with the error message to show.

    Parameters
    ----------
    error : str
        What Excel says when something other than a date is typed.

    Returns
    -------
    DataValidation
        Not yet on a sheet: add it with ``ws.add_data_validation``.
    """
    return DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Date",
        error=error,
    )


def instructions_sheet(
    ws: Worksheet, config: CouncilConfig, directorate: str, quarter: Quarter, deadline: dt.date
) -> None:
    """The Instructions sheet: the return's deadline, how to fill each sheet in, the Flagship Action statuses."""
    lines = [
        (f"{config.council_name}: quarterly performance return", True),
        (f"Directorate: {directorate}    Quarter: {quarter.label} ({quarter.months})", False),
        (
            f"Please return this workbook by {deadline.day} {deadline:%B %Y}, saved as .xlsx with the same file name.",
            False,
        ),
        ("", False),
        ("How to fill it in", True),
        ("1. Fill in only the yellow cells. Grey and white cells are for reference and are locked.", False),
        ("2. Cover: your name and the date you send the return.", False),
        ("3. Indicators: one row per PI due this quarter. Enter the figure for THIS QUARTER only:", False),
        ("   - 'in quarter' PIs: activity in the three months of the quarter;", False),
        (
            "   - 'year to date' (cumulative) PIs: still the quarter's own figure. perflib adds up the year to date;",
            False,
        ),
        ("   - 'at quarter end' (snapshot) PIs: the position on the last day of the quarter.", False),
        (
            "   The 'Value <quarter>' columns show earlier figures as published: for year-to-date PIs the year to "
            "date, marked so; a cell without a figure says why (not due, no data, no returns that quarter).",
            False,
        ),
        ("4. Percentages are numbers from 0 to 100 (type 63.5, not 0.635 or 63.5%).", False),
        (
            "5. Where a PI has a numerator and denominator, enter both; the value must equal 100 x numerator / "
            "denominator, rounded as shown.",
            False,
        ),
        (
            "6. Commentary: what is behind the figure. Corrective action: what you are doing about it now. Both "
            "are required when a PI is off target. Planned action (optional): what you will do next, and Action "
            "due: the date it will be done by (a date after the quarter's end, e.g. 31/03/2024).",
            False,
        ),
        (
            "7. If a figure is not available, leave it blank and say why in the commentary. Do not type TBC or n/a "
            "in a number cell.",
            False,
        ),
        (
            "8. Flagship actions: choose a status from the list and give a one or two sentence update. The "
            "'Status <quarter>' column shows the status last reported; if an action that was Complete is not "
            "any more, say why in the update.",
            False,
        ),
        (
            "9. Forecast outturn (optional, Q1 to Q3): your own forecast of the figure the year will end at, on "
            "the scale of the year-end target. The report shows it beside perflib's own forecast.",
            False,
        ),
        ("", False),
        ("Flagship Action statuses", True),
    ]
    lines += [(f"   {status}: shown as {rag}", False) for status, rag in config.fa_statuses.items()]
    lines += [("", False), ("Do not rename sheets or column headings, or add rows above the headings.", True)]
    for i, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=xlsx_text(text))
        cell.font = Font(bold=bold, size=13 if i == 1 else 11)
    ws.column_dimensions["A"].width = 120


def cover_sheet(wb: Workbook, config: CouncilConfig, quarter: Quarter, directorate: str) -> None:
    """The cover: council, directorate and quarter filled in; who completed it and when, to fill."""
    cover = wb.create_sheet(fmt.COVER_SHEET)
    cover["A1"] = "Quarterly performance return"
    cover["A1"].font = Font(bold=True, size=13)
    values = {
        "council": config.council_name,
        "directorate": directorate,
        "quarter": quarter.label,
        "completed_by": None,
        "submitted": None,
    }
    for i, (key, label) in enumerate(fmt.COVER_FIELDS.items(), start=3):
        cover.cell(row=i, column=1, value=label).font = BOLD
        cell = cover.cell(row=i, column=2, value=xlsx_text(values[key]))
        if key in ("completed_by", "submitted"):
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
        if key == "submitted":
            cell.number_format = "dd/mm/yyyy"
            dv = date_validation("Enter the date as a date, e.g. 15/01/2024")
            cover.add_data_validation(dv)
            dv.add(cell.coordinate)
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 40
    cover.protection.sheet = True


def actions_sheet(
    wb: Workbook, config: CouncilConfig, catalogue: Catalogue, quarter: Quarter, directorate: str, history: History
) -> None:
    """The directorate's Flagship Actions in force this quarter: the status last reported, a drop-down of statuses."""
    fa_ws = wb.create_sheet(fmt.ACTIONS_SHEET)
    before = history.actions_quarter
    last_label = fmt.previous_status_label(before.label) if before is not None else "Status last reported"
    headers = [*(fmt.ACTION_COLUMNS[k] for k in ("fa_code", "title", "lead_officer")), last_label]
    headers += [fmt.ACTION_COLUMNS[k] for k in ("status", "update")]
    fa_ws.append(headers)
    last = dict(zip(history.actions["fa_code"], history.actions["status"], strict=True))
    for c in fa_ws[1]:
        c.font, c.fill = BOLD, HEADER_FILL
    fa = catalogue.actions[
        (catalogue.actions["directorate"] == directorate) & (catalogue.actions["from_index"] <= quarter.index)
    ]
    statuses = list(config.fa_statuses)
    dv_status = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose one of: " + ", ".join(statuses),
    )
    fa_ws.add_data_validation(dv_status)
    col = {h: i + 1 for i, h in enumerate(headers)}
    for r, (_, a) in enumerate(fa.iterrows(), start=2):
        earlier = last.get(a["fa_code"]) or ("new this quarter" if before is not None else "none yet")
        fa_ws.append(
            [xlsx_text(a["fa_code"]), xlsx_text(a["title"]), xlsx_text(a["lead_officer"]), earlier, None, None]
        )
        for h in ("status", "update"):
            cell = fa_ws.cell(row=r, column=col[fmt.ACTION_COLUMNS[h]])
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
        dv_status.add(fa_ws.cell(row=r, column=col[fmt.ACTION_COLUMNS["status"]]).coordinate)
        for c in fa_ws[r]:
            c.alignment = WRAP
    for letter, width in zip("ABCDEF", (9, 50, 28, 16, 14, 60), strict=True):
        fa_ws.column_dimensions[letter].width = width
    fa_ws.protection.sheet = True
    fa_ws.protection.formatRows = False
