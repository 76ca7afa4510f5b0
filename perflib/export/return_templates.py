"""Return templates: the workbooks sent to services for a coming quarter.

One workbook per directorate, in exactly the layout the loader reads
(:mod:`perflib.inputs.layout`): a cover, the directorate's PIs due that
quarter with their definition, unit, good direction, this year's target and
last four values as published for reference (year to date for cumulative PIs,
marked so; a cell without a figure says why), and its Flagship Actions with the
status last reported. Cells to fill are
yellow and unlocked; reference cells are locked (sheet protection without a
password, so nobody changes a code by accident); Excel data validation allows
only numbers in the figure cells and only the allowed statuses for Flagship
Actions, and only dates in "Action due". An Instructions sheet says how to fill it in.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from perflib.build.prepared import prepare_quarter
from perflib.core.config import CouncilConfig, load_config
from perflib.core.quarters import Quarter
from perflib.export.cells import xlsx_text
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue, load_catalogue
from perflib.inputs.returns import available_quarters, quarters_without_returns
from perflib.inputs.schedule import due_codes
from perflib.report.wording import format_value

INPUT_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")  # pale yellow: fill me in
HEADER_FILL = PatternFill("solid", start_color="D9E2F3", end_color="D9E2F3")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


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


HISTORY_COLUMNS = ["pi_code", "quarter_index", "quarter", "value", "due", "no_data_reason"]


@dataclass(frozen=True)
class History:
    """What a template shows of earlier quarters.

    Attributes
    ----------
    values : DataFrame
        Each PI's figure in each earlier quarter as published (``value``: year
        to date for cumulative PIs), whether it was due, and why there is no
        figure (``no_data_reason``); columns :data:`HISTORY_COLUMNS`.
    actions : DataFrame
        Each Flagship Action's status in the latest earlier report (``fa_code``,
        ``status``), empty when there is none.
    actions_quarter : Quarter or None
        The quarter of that report.
    no_returns : frozenset of int
        Indexes of the earlier quarters with no returns at all.
    """

    values: pd.DataFrame
    actions: pd.DataFrame
    actions_quarter: Quarter | None
    no_returns: frozenset[int] = frozenset()


def _history(config: CouncilConfig, quarter: Quarter) -> History:
    """Earlier figures as published and the last reported Flagship Action statuses (:class:`History`)."""
    earlier = [q for q in available_quarters(config) if q < quarter]
    if not earlier:
        return History(pd.DataFrame(columns=HISTORY_COLUMNS), pd.DataFrame(columns=["fa_code", "status"]), None)
    prepared = prepare_quarter(earlier[-1], config)
    gaps = frozenset(q.index for q in quarters_without_returns(config, quarter))
    return History(prepared.panel[HISTORY_COLUMNS], prepared.actions[["fa_code", "status"]], earlier[-1], gaps)


def _number_format(decimals: int, cumulative: bool) -> str:
    """The Excel format of a figure as the report prints it: its decimals, and "(year to date)" when it is one."""
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return digits + ('" (year to date)"' if cumulative else "")


def _no_figure(codes_due: bool, row: pd.Series | None) -> str:
    """Why a history cell has no figure, in a few words."""
    if row is None:
        return "no returns that quarter"
    if not codes_due or (pd.notna(row["due"]) and not bool(row["due"])):
        return "not due that quarter"
    reason = str(row["no_data_reason"]) if pd.notna(row["no_data_reason"]) and row["no_data_reason"] else ""
    return f"no data ({reason})" if reason else "no data"


def _instructions(ws: Worksheet, config: CouncilConfig, directorate: str, quarter: Quarter, deadline: dt.date) -> None:
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


def _cover_sheet(wb: Workbook, config: CouncilConfig, quarter: Quarter, directorate: str) -> None:
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
            dv = DataValidation(
                type="date",
                operator="greaterThan",
                formula1="DATE(2000,1,1)",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Date",
                error="Enter the date as a date, e.g. 15/01/2024",
            )
            cover.add_data_validation(dv)
            dv.add(cell.coordinate)
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 40
    cover.protection.sheet = True


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
    dv_date = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Date",
        error="Enter the date the planned action is due, as a date, e.g. 31/03/2024",
    )
    for dv in (dv_pct, dv_count, dv_any, dv_whole, dv_date):
        ws.add_data_validation(dv)
    return {"percent": dv_pct, "count": dv_count, "any": dv_any, "whole": dv_whole, "date": dv_date}


def _history_cells(
    ws: Worksheet, col: dict[str, int], previous: list[Quarter], history: History
) -> tuple[dict[tuple[str, int], pd.Series], set[int]]:
    """Each earlier quarter's header note; returns the figures by (PI, quarter) and the quarters with returns."""
    values = history.values[history.values["quarter_index"].isin([q.index for q in previous])]
    hist = {(str(r["pi_code"]), int(r["quarter_index"])): r for _, r in values.iterrows()}
    shown = {q.index for q in previous if any(k[1] == q.index for k in hist) and q.index not in history.no_returns}
    for q in previous:
        cell = ws.cell(row=1, column=col[fmt.previous_value_label(q.label)])
        cell.comment = Comment(
            f"As published in the {q.label} report (year to date for year-to-date PIs)."
            if q.index in shown
            else f"No returns for {q.label} were received, so there are no figures for it.",
            "perflib",
        )
    return hist, shown


def _history_value(
    cell: Any, pi: pd.Series, q: Quarter, row: pd.Series | None, has_returns: bool, catalogue: Catalogue
) -> None:
    """One earlier figure as published, in the report's format; or a few words on why there is none."""
    v = row["value"] if row is not None else np.nan
    if pd.notna(v):
        cell.value = float(v)
        cell.number_format = _number_format(int(pi["decimals"]), pi["measure_type"] == "cumulative")
    else:
        due = bool(pi["pi_code"] in due_codes(catalogue, q))
        cell.value = _no_figure(due, row if has_returns else None)


def _indicator_sheet(wb: Workbook, catalogue: Catalogue, quarter: Quarter, directorate: str, history: History) -> None:
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
    hist, shown = _history_cells(ws, col, previous, history)
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
            _history_value(cell, pi, q, hist.get((pi["pi_code"], q.index)), q.index in shown, catalogue)
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


def _actions_sheet(
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


def write_template(
    config: CouncilConfig, catalogue: Catalogue, quarter: Quarter, directorate: str, history: History, target: Path
) -> Path:
    """Write one directorate's return template.

    Parameters
    ----------
    config : CouncilConfig
    catalogue : Catalogue
    quarter : Quarter
        The quarter the return is for.
    directorate : str
        Directorate id.
    history : History
        Earlier figures as published and the last reported Flagship Action statuses.
    target : Path
        The workbook to write.

    Returns
    -------
    Path
        ``target``.
    """
    name = config.directorate_name(directorate)
    deadline = quarter.end_date + dt.timedelta(days=config.return_due_days)
    wb = Workbook()
    ins = wb.active
    ins.title = fmt.INSTRUCTIONS_SHEET
    _instructions(ins, config, name, quarter, deadline)
    _cover_sheet(wb, config, quarter, directorate)
    _indicator_sheet(wb, catalogue, quarter, directorate, history)
    _actions_sheet(wb, config, catalogue, quarter, directorate, history)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # a full disk never leaves half a workbook
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_templates(
    quarter: str | Quarter, config: CouncilConfig | str | Path | None = None, out_dir: Path | None = None
) -> list[Path]:
    """Write every directorate's return template for ``quarter``.

    Parameters
    ----------
    quarter : str or Quarter
    config : CouncilConfig or path, optional
    out_dir : Path, optional
        Where to write (default ``outputs/templates/<quarter>/``).

    Returns
    -------
    list of Path
    """
    quarter = Quarter.parse(quarter)
    if not isinstance(config, CouncilConfig):
        config = load_config(config) if config is not None else load_config()
    catalogue = load_catalogue(config)
    out_dir = out_dir or (config.outputs_dir / "templates" / quarter.slug)
    history = _history(config, quarter)
    made = not out_dir.exists()
    try:
        return [
            write_template(config, catalogue, quarter, d.id, history, out_dir / d.return_file)
            for d in config.directorates
        ]
    except OSError:
        if made:  # nothing half-made is left behind
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
