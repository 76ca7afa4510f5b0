"""The checks :func:`~perflib.inputs.returns.load_quarter` applies to what a directorate's return gave.

A return received after the deadline; indicator rows failing a check (marked
rejected with the reason, never dropped); PIs due this quarter but absent, and
rows for PIs not due; Flagship Action rows that are unknown, repeated or carry
a status not recognised. Each is a located
:class:`~perflib.core.problems.Problem`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from perflib.core.config import CouncilConfig
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.indicator_checks import check_indicator_rows


def lateness(
    receipt: dict[str, Any], quarter: Quarter, config: CouncilConfig, file: str, directorate: str
) -> list[Problem]:
    """A warning (and the receipt's detail) when the cover's date is after the deadline.

    Parameters
    ----------
    receipt : dict
        The return's receipt; its ``detail`` is set when the return is late.
    quarter : Quarter
    config : CouncilConfig
        Gives the days allowed after the quarter's end.
    file : str
    directorate : str

    Returns
    -------
    list of Problem
        One warning, or none when the return is on time or undated.
    """
    deadline = quarter.end_date + dt.timedelta(days=config.return_due_days)
    if not receipt["submitted"] or receipt["submitted"] <= deadline:
        return []
    receipt["detail"] = f"received late ({receipt['submitted']:%d %b %Y}; due {deadline:%d %b %Y})"
    return [
        Problem(
            severity=WARNING,
            file=file,
            sheet=fmt.COVER_SHEET,
            column=fmt.COVER_FIELDS["submitted"],
            value=f"{receipt['submitted']}",
            expected=f"on or before {deadline}",
            message="return submitted after the deadline",
            directorate=directorate,
        )
    ]


def indicator_frame(
    rows: list[dict], catalogue: Catalogue, directorate: str, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """The return's indicator rows as a table, rows failing a check marked rejected with the reason.

    Parameters
    ----------
    rows : list of dict
        The indicator rows read from the return.
    catalogue : Catalogue
    directorate : str
    file : str

    Returns
    -------
    (DataFrame, list of Problem)
        The rows (none dropped) and the problems the row checks found.
    """
    frame = pd.DataFrame(
        rows,
        columns=[
            "pi_code",
            "row",
            "rejected",
            "rejected_reason",
            "commentary",
            "corrective_action",
            "planned_action",
            "action_due",
            "value",
            "numerator",
            "denominator",
            "service_forecast",
        ],
    )
    for col in ("planned_action", "action_due"):
        frame[col] = frame[col].fillna("").astype(str)
    for col in ("value", "numerator", "denominator", "service_forecast"):
        frame[col] = frame[col].astype(float)
    frame["rejected"] = frame["rejected"].astype(bool)
    row_problems = check_indicator_rows(frame[frame["pi_code"].ne("")], catalogue, directorate, file)
    bad_rows = {p.row: p for p in row_problems if p.severity == ERROR}
    for idx in frame.index:
        p = bad_rows.get(int(frame.at[idx, "row"]))
        if p is not None and not frame.at[idx, "rejected"]:
            frame.at[idx, "rejected"] = True
            frame.at[idx, "rejected_reason"] = f"{p.column}: expected {p.expected}"
    return frame, row_problems


def schedule_problems(frame: pd.DataFrame, own: list[str], due: set[str], file: str, directorate: str) -> list[Problem]:
    """PIs due from this directorate but absent, and rows for its PIs that are not due this quarter.

    Parameters
    ----------
    frame : DataFrame
        The return's indicator rows (:func:`indicator_frame`).
    own : list of str
        The PI codes of this directorate, in catalogue order.
    due : set of str
        The PI codes due this quarter.
    file : str
    directorate : str

    Returns
    -------
    list of Problem
        Warnings: each missing PI, then each row not due.
    """
    present = set(frame["pi_code"])
    out = [
        Problem(
            severity=WARNING,
            file=file,
            sheet=fmt.INDICATORS_SHEET,
            column=fmt.INDICATOR_COLUMNS["pi_code"],
            expected=f"a row for {code}",
            message=f"{code} is due this quarter but is missing from the return; it is shown as 'No data'",
            directorate=directorate,
            pi_code=code,
        )
        for code in own
        if code in due and code not in present
    ]
    for idx in frame.index[frame["pi_code"].isin(set(own) - due)]:
        code = frame.at[idx, "pi_code"]
        out.append(
            Problem(
                severity=WARNING,
                file=file,
                sheet=fmt.INDICATORS_SHEET,
                row=int(frame.at[idx, "row"]),
                column=fmt.INDICATOR_COLUMNS["pi_code"],
                value=code,
                expected="only PIs due this quarter",
                message="this annual or biennial PI is not due this quarter; the row was ignored",
                directorate=directorate,
                pi_code=code,
            )
        )
    return out


def _action_problem(
    a: dict[str, Any], seen: set[str], fa_codes: set[str], config: CouncilConfig, file: str, directorate: str
) -> Problem | None:
    """Why a Flagship Action row cannot be used (None when it can)."""

    def problem(column: str, expected: str, message: str) -> Problem:
        return Problem(
            severity=ERROR,
            file=file,
            sheet=fmt.ACTIONS_SHEET,
            row=a["row"],
            column=fmt.ACTION_COLUMNS[column],
            value=a[column],
            expected=expected,
            message=message,
            directorate=directorate,
        )

    if a["fa_code"] not in fa_codes:
        return problem("fa_code", "an FA code from the catalogue", "unknown Flagship Action")
    if a["fa_code"] in seen:
        return problem(
            "fa_code", "each Flagship Action once", "Flagship Action appears more than once; the first row is used"
        )
    if a["status"] not in config.fa_statuses:
        return problem("status", "one of " + ", ".join(config.fa_statuses), "Flagship Action status not recognised")
    return None


def check_actions(
    actions: list[dict], quarter: Quarter, fa_codes: set[str], config: CouncilConfig, file: str, directorate: str
) -> list[Problem]:
    """Mark each Flagship Action row with its quarter, and reject those that cannot be used.

    Parameters
    ----------
    actions : list of dict
        The Flagship Action rows read from the return, updated in place.
    quarter : Quarter
    fa_codes : set of str
        The Flagship Action codes in the catalogue.
    config : CouncilConfig
        Gives the statuses allowed.
    file : str
    directorate : str

    Returns
    -------
    list of Problem
        An error for each row rejected.
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for a in actions:
        a.update(quarter=quarter.label, quarter_index=quarter.index, directorate=directorate, file=file)
        p = _action_problem(a, seen, fa_codes, config, file, directorate)
        if p is not None:
            problems.append(p)
            a["rejected"] = True
        seen.add(a["fa_code"])
    return problems
