"""The narrative template: the workbook the analyst fills in as ``data/raw/<quarter>/narrative.xlsx``.

In exactly the layout :mod:`perflib.inputs.narrative_file` reads: a
``Narrative`` sheet with the headings ``Priority``, ``Type`` and ``Text`` in
row 1 and empty yellow rows under them, each with a drop-down of the council's
priorities and of the two types; a ``Priorities`` sheet lists the priorities
(id and name) the drop-down takes its names from; an ``Instructions`` sheet
says how to write a bullet, and how long one may be.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from perflib.core.config import CouncilConfig
from perflib.core.quarters import Quarter
from perflib.export.template_sheets import BOLD, HEADER_FILL, INPUT_FILL, UNLOCKED, WRAP
from perflib.inputs import layout as fmt

#: Empty rows offered for bullets (more can be added below).
BLANK_ROWS = 60
PRIORITIES_SHEET = "Priorities"


def _instructions(wb: Workbook, config: CouncilConfig, quarter: Quarter) -> None:
    ws = wb.active
    ws.title = fmt.INSTRUCTIONS_SHEET
    kinds = " or ".join(f"'{k}'" for k in fmt.NARRATIVE_KINDS.values())
    lines = [
        (f"{config.council_name}: narrative for {quarter.label}", True),
        ("", False),
        ("One row per bullet on the Narrative sheet:", False),
        ("   Priority: choose the corporate-plan priority from the list (names on the Priorities sheet;", False),
        ("             the priority's id, e.g. the first column there, is accepted too);", False),
        (f"   Type: {kinds};", False),
        (f"   Text: the bullet itself, one or two sentences (at most {fmt.NARRATIVE_MAX_CHARS} characters).", False),
        ("Bullets appear in the report under their priority, in the order of the rows.", False),
        ("Leave unused rows empty. Do not rename the sheet or the headings in row 1.", False),
        (
            f"Save the workbook as data/raw/{quarter.slug}/{fmt.NARRATIVE_FILE} and check it with: "
            f'perflib validate --quarter "{quarter.label}"',
            True,
        ),
    ]
    for i, (text, bold) in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=text).font = Font(bold=bold, size=13 if i == 1 else 11)
    ws.column_dimensions["A"].width = 110


def _priorities(wb: Workbook, config: CouncilConfig) -> str:
    """The Priorities sheet; returns the range of names the drop-down lists."""
    ws = wb.create_sheet(PRIORITIES_SHEET)
    ws.append(["Id", "Priority"])
    for c in ws[1]:
        c.font, c.fill = BOLD, HEADER_FILL
    for p in config.priorities:
        ws.append([p.id, p.name])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 60
    ws.protection.sheet = True
    return f"{PRIORITIES_SHEET}!$B$2:$B${len(config.priorities) + 1}"


def write_narrative_template(config: CouncilConfig, quarter: Quarter, target: Path) -> Path:
    """Write the narrative template for ``quarter``.

    Parameters
    ----------
    config : CouncilConfig
        Gives the council name and the priorities.
    quarter : Quarter
    target : Path
        The workbook to write (its folder is made).

    Returns
    -------
    Path
        ``target``.
    """
    wb = Workbook()
    _instructions(wb, config, quarter)
    names = _priorities(wb, config)
    ws = wb.create_sheet(fmt.NARRATIVE_SHEET, 1)
    ws.append([fmt.NARRATIVE_COLUMNS[k] for k in ("priority", "kind", "text")])
    for c in ws[1]:
        c.font, c.fill = BOLD, HEADER_FILL
    last = BLANK_ROWS + 1
    priority = DataValidation(
        type="list",
        formula1=names,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Priority",
        error="Choose a priority from the list (see the Priorities sheet).",
    )
    kind = DataValidation(
        type="list",
        formula1='"' + ",".join(fmt.NARRATIVE_KINDS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Type",
        error="Choose " + " or ".join(fmt.NARRATIVE_KINDS.values()) + ".",
    )
    length = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(fmt.NARRATIVE_MAX_CHARS),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Text",
        error=f"A bullet is best kept to {fmt.NARRATIVE_MAX_CHARS} characters or fewer.",
    )
    for dv, col in ((priority, "A"), (kind, "B"), (length, "C")):
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{last}")
    for row in ws.iter_rows(min_row=2, max_row=last, max_col=3):
        for cell in row:
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
            cell.alignment = WRAP
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 100
    ws.freeze_panes = "A2"
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


__all__ = ["write_narrative_template"]
