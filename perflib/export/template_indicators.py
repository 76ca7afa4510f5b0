"""The Indicators sheet of a return template: the directorate's PIs due, the cells to fill and their checks.

One row per PI due that quarter, in exactly the layout the loader reads
(:mod:`perflib.inputs.layout`): its code, title, definition, unit, good
direction and this year's target, its last four figures as published
(:mod:`perflib.export.template_history`), then the yellow unlocked cells to
fill. Excel data validation allows only numbers in the figure cells (0 to 100
for a percentage, whole counts for a numerator and denominator) and only dates
in "Action due".
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from perflib.core.quarters import Quarter
from perflib.export.cells import xlsx_text
from perflib.export.template_history import History, history_cells, history_value
from perflib.export.template_sheets import BOLD, HEADER_FILL, INPUT_FILL, UNLOCKED, WRAP, date_validation
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.schedule import due_codes
from perflib.report.wording import format_value


def _target_text(row: pd.Series, targets: pd.DataFrame, quarter: Quarter) -> str:
    t = targets[(targets["pi_code"] == row["pi_code"]) & (targets["fy_start"] == quarter.start_year)]
    if t.empty:
        return "No target (data only)"
    t = t.iloc[0]
    unit, dec = row["unit"], int(row["decimals"])
    if row["good_direction"] == "range":
        return f"{format_value(t['target'], unit, dec)} to {format_value(t['target_upper'], unit, dec)}"
    profile = t.get(f"q{quarter.q}_target")
    if row["measure_type"] == "cumulative" and row["unit"] == "count":
        ytd = profile if pd.notna(profile) else t["target"] * quarter.q / 4
        return f"{format_value(ytd, unit, dec)} year to date ({format_value(t['target'], unit, dec)} for the year)"
    if pd.notna(profile):
        return format_value(profile, unit, dec)
    return format_value(t["target"], unit, dec)


def _validations(ws: Worksheet) -> dict[str, DataValidation]:
    """Excel data validation: figure cells by unit (``percent``, ``count``, ``any``), ``whole`` counts, ``date``."""
    dv_pct = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Percentage",
        error="Enter a number from 0 to 100 (no % sign).",
    )
    dv_count = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Number",
        error="Enter a number of 0 or more.",
    )
    dv_any = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1E+12",
        formula2="1E+12",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Number",
        error="Enter a number.",
    )
    dv_whole = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Count",
        error="Enter a whole number of 0 or more.",
    )
    dv_date = date_validation("Enter the date the planned action is due, as a date, e.g. 31/03/2024")
    for dv in (dv_pct, dv_count, dv_any, dv_whole, dv_date):
        ws.add_data_validation(dv)
    return {"percent": dv_pct, "count": dv_count, "any": dv_any, "whole": dv_whole, "date": dv_date}


def indicator_sheet(wb: Workbook, catalogue: Catalogue, quarter: Quarter, directorate: str, history: History) -> None:
    """The directorate's PIs due this quarter, with reference columns, cells to fill and data validation."""
    ind = catalogue.indicators
    due = due_codes(catalogue, quarter)
    mine = ind[(ind["directorate"] == directorate) & ind["pi_code"].isin(due)]
    previous = [quarter - n for n in (4, 3, 2, 1)]
    # the optional forecast outturn is asked for from Q1 to Q3 (at Q4 the year's outturn is known)
    forecast = [fmt.INDICATOR_OPTIONAL_COLUMNS["service_forecast"]] if quarter.q < 4 else []
    planned = [fmt.INDICATOR_OPTIONAL_COLUMNS[k] for k in ("planned_action", "action_due")]
    headers = (
        ["PI code", "Indicator", "Definition", "Unit", "Good direction", "Target"]
        + [fmt.previous_value_label(q.label) for q in previous]
        + ["Value", "Numerator", "Denominator", "Commentary", "Corrective action"]
        + planned
        + forecast
    )
    assert {h for h in headers} >= set(fmt.INDICATOR_COLUMNS.values())  # what the loader needs
    ws = wb.create_sheet(fmt.INDICATORS_SHEET)
    ws.append(headers)
    for c in ws[1]:
        c.font, c.fill, c.alignment = BOLD, HEADER_FILL, WRAP
    col = {h: i + 1 for i, h in enumerate(headers)}
    hist, shown = history_cells(ws, col, previous, history)
    dv = _validations(ws)
    for r, (_, pi) in enumerate(mine.iterrows(), start=2):
        unit = pi["unit"]
        measure = {
            "in_quarter": "in quarter",
            "cumulative": "year to date (enter the quarter's own figure)",
            "snapshot": "at quarter end",
        }[pi["measure_type"]]
        ws.cell(row=r, column=col["PI code"], value=xlsx_text(pi["pi_code"]))
        ws.cell(row=r, column=col["Indicator"], value=xlsx_text(pi["title"]))
        ws.cell(row=r, column=col["Definition"], value=xlsx_text(f"{pi['definition']} ({measure})"))
        ws.cell(row=r, column=col["Unit"], value=unit)
        ws.cell(row=r, column=col["Good direction"], value=pi["good_direction"])
        ws.cell(row=r, column=col["Target"], value=_target_text(pi, catalogue.targets, quarter))
        for q in previous:
            cell = ws.cell(row=r, column=col[fmt.previous_value_label(q.label)])
            history_value(cell, pi, q, hist.get((pi["pi_code"], q.index)), q.index in shown, catalogue)
        value = ws.cell(row=r, column=col["Value"])
        dv.get(unit, dv["any"]).add(value.coordinate)
        inputs = ["Value", "Commentary", "Corrective action", *planned, *forecast]
        due = ws.cell(row=r, column=col[fmt.INDICATOR_OPTIONAL_COLUMNS["action_due"]])
        due.number_format = "dd/mm/yyyy"
        dv["date"].add(due.coordinate)
        counts = ["Numerator", "Denominator"] if pd.notna(pi["denominator_label"]) else []
        for h, rule in [*((h, "whole") for h in counts), *((h, "any") for h in forecast)]:
            dv[rule].add(ws.cell(row=r, column=col[h]).coordinate)
        for h in inputs + counts:
            cell = ws.cell(row=r, column=col[h])
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
        for c in ws[r]:
            c.alignment = WRAP
    widths = {
        "PI code": 9,
        "Indicator": 34,
        "Definition": 50,
        "Unit": 9,
        "Good direction": 10,
        "Target": 18,
        "Value": 11,
        "Numerator": 12,
        "Denominator": 13,
        "Commentary": 45,
        "Corrective action": 45,
        "Planned action": 45,
        "Action due": 12,
    }
    for h, i in col.items():
        ws.column_dimensions[get_column_letter(i)].width = widths.get(h, 12)
    ws.freeze_panes = "B2"
    ws.protection.sheet = True
    ws.protection.formatRows = False  # let services resize rows to read long text
    ws.protection.formatColumns = False
