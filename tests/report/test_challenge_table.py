"""The summary's key-challenge rows: who is acting and by when, from the PI's own row view."""

import math

import pytest

from perflib.report.challenge_table import NOT_ASSIGNED, accountability, challenge_row, due_text


def _row(**over):
    row = {
        "pi_code": "NS10",
        "title": "Overall absence in secondary schools",
        "value_text": "8.2%",
        "target_text": "5.5%",
        "short_text": "\u2193 Declining",
        "red_run": 9,
        "red_run_gaps": None,
        "lead_officer": "Head of Education Services",
        "portfolio_holder": "Cabinet Member for Children and Schools",
        "corrective_action": "Attendance team working with schools.",
        "planned_action": "Attendance campaign with GPs.",
        "action_due": "2024-03-31",
    }
    return {**row, **over}


@pytest.mark.parametrize(
    "value,expected",
    [("2024-03-31", "31 Mar 2024"), ("2024-01-05", "5 Jan 2024"), ("", ""), (None, ""), (math.nan, ""), ("  ", "")],
)
def test_due_dates_as_the_report_prints_them(value, expected):
    assert due_text(value) == expected


def test_a_full_row():
    assert challenge_row(_row()) == {
        "pi_code": "NS10",
        "title": "Overall absence in secondary schools",
        "value_text": "8.2%",
        "target_text": "5.5%",
        "trend": "\u2193 Declining",
        "red_run": "9 periods",
        "lead_officer": "Head of Education Services",
        "portfolio_holder": "Cabinet Member for Children and Schools",
        "action_now": "Attendance team working with schools.",
        "planned_action": "Attendance campaign with GPs.",
        "action_due": "31 Mar 2024",
        "no_action": False,
    }


def test_nobody_named_is_not_assigned_and_blank_actions_say_so():
    row = challenge_row(
        _row(lead_officer="", portfolio_holder=math.nan, corrective_action=None, planned_action=" ", action_due="")
    )
    assert (row["lead_officer"], row["portfolio_holder"]) == (NOT_ASSIGNED, NOT_ASSIGNED)
    assert (row["action_now"], row["planned_action"], row["action_due"]) == ("", "", "")
    assert row["no_action"] is True


def test_an_older_catalogue_and_return_without_the_columns():
    row = _row()
    for column in ("lead_officer", "portfolio_holder", "planned_action", "action_due"):
        del row[column]
    who = accountability(row)
    assert who == {
        "lead_officer": NOT_ASSIGNED,
        "portfolio_holder": NOT_ASSIGNED,
        "action_now": "Attendance team working with schools.",
        "planned_action": "",
        "action_due": "",
    }


@pytest.mark.parametrize(
    "run,gaps,expected",
    [(1, None, "1 period"), (2, "", "2 periods"), (9, "2023-24 Q2", "9 periods (no figure in 2023-24 Q2)")],
)
def test_the_run_of_red_names_the_gaps(run, gaps, expected):
    assert challenge_row(_row(red_run=run, red_run_gaps=gaps))["red_run"] == expected
