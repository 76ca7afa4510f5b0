"""The optional "Planned action" and "Action due" columns of a return's Indicators sheet.

A service says what it is doing now (``Corrective action``), what it plans to
do next (``Planned action``) and by when (``Action due``). The date is an Excel
date cell, or text in one of :data:`perflib.inputs.layout.DATE_TEXT_FORMATS`
(CSV returns). A date that cannot be read is a located error, but only the
date is lost: the row's figures are still used. A planned action due before
the end of the quarter being reported is a warning (it should have been done,
or the date is a slip). Returns without these columns read as having none.
"""

from __future__ import annotations

from typing import Any

from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.cells import cell_text, parse_date


def read_planned_action(
    rec: dict[str, Any], planned: Any, due: Any, file: str, excel_row: int, directorate: str, problems: list[Problem]
) -> None:
    """Set ``rec["planned_action"]`` (text, ``""`` if none) and ``rec["action_due"]`` (ISO date, ``""`` if none).

    Parameters
    ----------
    rec : dict
        The indicator row being read (its ``pi_code`` locates problems).
    planned, due : object
        The two cells as read (None when the return has no such column).
    file : str
        The return, as shown.
    excel_row : int
        The row of the Indicators sheet.
    directorate : str
    problems : list of Problem
        Receives an error for a date that cannot be read.
    """
    rec["planned_action"] = cell_text(planned)
    parsed = parse_date(due, fmt.DATE_TEXT_FORMATS)
    rec["action_due"] = parsed.value.isoformat() if parsed.value is not None else ""
    if parsed.error:
        problems.append(
            Problem(
                severity=ERROR,
                file=file,
                sheet=fmt.INDICATORS_SHEET,
                row=excel_row,
                column=fmt.INDICATOR_LABELS["action_due"],
                value=cell_text(due),
                expected=parsed.error,
                message="the action's due date cannot be read; it is left out (the figures are used)",
                directorate=directorate,
                pi_code=rec["pi_code"],
            )
        )


def due_before_quarter_end(rows: list[dict[str, Any]], quarter: Quarter, file: str, directorate: str) -> list[Problem]:
    """A warning for each planned action whose due date is before the end of ``quarter``.

    Parameters
    ----------
    rows : list of dict
        Indicator rows read by :func:`read_planned_action` (``planned_action``, ``action_due``, ``row``).
    quarter : Quarter
        The quarter the return reports on.
    file, directorate : str
        Where the rows came from.

    Returns
    -------
    list of Problem
        Located at the row's "Action due" cell. A date on the quarter's last day is not early.
    """
    end = quarter.end_date.isoformat()
    return [
        Problem(
            severity=WARNING,
            file=file,
            sheet=fmt.INDICATORS_SHEET,
            row=r["row"],
            column=fmt.INDICATOR_LABELS["action_due"],
            value=r["action_due"],
            expected=f"a date after the quarter's end ({quarter.end_date:%d/%m/%Y}) for a planned action",
            message=f"{r['pi_code']}'s planned action is due before {quarter.label} ended; check the date "
            "(used as given)",
            directorate=directorate,
            pi_code=r["pi_code"],
        )
        for r in rows
        if r.get("planned_action") and r.get("action_due") and r["action_due"] < end
    ]
