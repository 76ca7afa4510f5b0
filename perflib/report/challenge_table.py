"""The summary's table of key challenges: one row per Red PI, saying who is acting and by when.

A director who reads only the summary sees, for each key challenge, the
figure against its target, the trend, how long it has been Red, the lead
officer and portfolio holder, and the action with its date. The row is made
from the same PI view (:func:`perflib.report.pi_view.pi_row`) as the
challenge's detail, so the two can never disagree.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from perflib.inputs.catalogue import NOT_ASSIGNED
from perflib.report.readings import run_short
from perflib.report.render import is_missing

#: Shown when a return gives no action for a Red PI.
NO_ACTION = "None given in the return."


def due_text(value: Any) -> str:
    """An action's due date as the report prints it (``"31 Mar 2024"``; ``""`` when none).

    Parameters
    ----------
    value : str, date or None
        ISO date (``"2024-03-31"``), a date, or blank.

    Returns
    -------
    str
    """
    if is_missing(value) or str(value).strip() == "":
        return ""
    when = pd.Timestamp(value)
    return f"{when.day} {when:%b %Y}"


def _text(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if is_missing(value) else str(value).strip()


def named(row: dict[str, Any]) -> dict[str, str]:
    """Who answers for a PI or Flagship Action: ``lead_officer`` and ``portfolio_holder``.

    Each is :data:`perflib.inputs.catalogue.NOT_ASSIGNED` when the catalogue leaves it blank.
    """
    return {
        "lead_officer": _text(row, "lead_officer") or NOT_ASSIGNED,
        "portfolio_holder": _text(row, "portfolio_holder") or NOT_ASSIGNED,
    }


def accountability(row: dict[str, Any]) -> dict[str, str]:
    """Who answers for a PI and what they are doing: the fields the summary table and the detail share.

    Parameters
    ----------
    row : dict
        A PI's row view (:func:`perflib.report.pi_view.pi_row`).

    Returns
    -------
    dict
        ``lead_officer`` and ``portfolio_holder`` (:data:`NOT_ASSIGNED` when
        blank), ``action_now`` (the corrective action), ``planned_action`` and
        ``action_due`` (``"31 Mar 2024"`` or ``""``).
    """
    return {
        **named(row),
        "action_now": _text(row, "corrective_action"),
        "planned_action": _text(row, "planned_action"),
        "action_due": due_text(row.get("action_due")),
    }


def challenge_row(row: dict[str, Any]) -> dict[str, Any]:
    """One key challenge as the summary table shows it.

    Parameters
    ----------
    row : dict
        The PI's row view.

    Returns
    -------
    dict
        ``pi_code``, ``title``, ``value_text``, ``target_text``, ``trend``,
        ``red_run``, the fields of :func:`accountability`, and ``no_action``
        (True when the return gave neither a corrective nor a planned action).
    """
    who = accountability(row)
    run: Any = row.get("red_run")
    return {
        "pi_code": str(row["pi_code"]),
        "title": str(row["title"]),
        "value_text": str(row["value_text"]),
        "target_text": str(row["target_text"]),
        "trend": str(row["short_text"]),
        "red_run": run_short(0 if is_missing(run) else int(run), row.get("red_run_gaps")),
        **who,
        "no_action": not (who["action_now"] or who["planned_action"]),
    }
