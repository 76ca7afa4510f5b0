"""Flagship Action lines of a quarter: the status each return gave, or "No update" with the reason."""

import pandas as pd
import pytest

from perflib.build.actions import build_actions
from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import QuarterReturns

Q3 = Quarter.parse("2023-24 Q3")


@pytest.fixture(scope="module")
def setup(fixture_config):
    config = load_config(fixture_config)
    return config, load_catalogue(config)


def returns(states, updates):
    """A quarter's returns: directorate -> receipt state, and (fa_code, status, update, rejected) rows."""
    receipts = pd.DataFrame({"directorate": list(states), "state": list(states.values())})
    actions = pd.DataFrame(updates, columns=["fa_code", "status", "update", "rejected"])
    return QuarterReturns(Q3, receipts, pd.DataFrame(), actions, pd.DataFrame())


def lines(setup, loaded, quarter=Q3):
    config, catalogue = setup
    return build_actions(config, catalogue, loaded, quarter).set_index("fa_code")


def test_each_line_takes_its_returned_status_and_the_councils_rag(setup):
    loaded = {
        Q3: returns(
            {"alpha": "received", "beta": "received"},
            [("FA01", "On track", "Works under way", False), ("FA02a", "Complete", "All rounds live", False),
             ("FA02b", "Off track", "Vehicles delayed", False)],
        )
    }  # fmt: skip
    out = lines(setup, loaded)
    # FA03 starts in 2024-25 Q1: not in force yet, not listed
    assert out.index.tolist() == ["FA01", "FA02a", "FA02b"]
    # council.yml: On track -> Green, Complete -> Complete, Off track -> Red
    assert out["status"].tolist() == ["On track", "Complete", "Off track"]
    assert out["rag"].tolist() == ["Green", "Complete", "Red"]
    assert out["status_reason"].tolist() == ["", "", ""]
    assert out.loc["FA01", "update"] == "Works under way"
    assert out.loc["FA02b", "directorate_name"] == "Beta Services"
    assert out.loc["FA01", "priority_name"] == "A council that puts residents first"
    assert set(out["quarter"]) == {"2023-24 Q3"}
    assert "from_index" not in out


@pytest.mark.parametrize(
    "beta,reason",
    [
        ("missing", "return not received from Beta Services"),
        ("rejected", "return could not be used"),
        ("received", "not in the return"),
    ],
)
def test_no_update_with_the_reason(setup, beta, reason):
    loaded = {Q3: returns({"alpha": "received", "beta": beta}, [("FA01", "At risk", "Slipping", False)])}
    out = lines(setup, loaded)
    assert out.loc["FA01", "rag"] == "Amber"  # At risk -> Amber
    for code in ("FA02a", "FA02b"):
        assert (out.loc[code, "status"], out.loc[code, "rag"]) == ("No update", "No update")
        assert out.loc[code, "status_reason"] == reason
        assert out.loc[code, "update"] == ""


def test_no_returns_folder_for_the_quarter(setup):
    out = lines(setup, {})
    assert set(out["status"]) == {"No update"}
    assert set(out["status_reason"]) == {"no returns for this quarter"}


def test_an_update_whose_status_was_rejected_says_so(setup):
    # Beta's return has FA02a with a status not in the list, and FA02b with its status left blank:
    # both rows are in the return, so "not in the return" would be untrue.
    loaded = {
        Q3: returns(
            {"alpha": "received", "beta": "received"},
            [("FA01", "On track", "", False), ("FA02a", "Nearly done", "Rounds live", True), ("FA02b", "", "x", True)],
        )
    }
    out = lines(setup, loaded)
    assert out.loc["FA02a", "status"] == "No update"
    assert out.loc["FA02a", "status_reason"] == "status not recognised"
    assert out.loc["FA02b", "status_reason"] == "left blank in the return"


def test_a_repeated_line_takes_the_first_usable_row(setup):
    loaded = {
        Q3: returns(
            {"alpha": "received", "beta": "received"},
            [("FA01", "On track", "first", False), ("FA01", "Off track", "second", False)],
        )
    }
    out = lines(setup, loaded)
    assert (out.loc["FA01", "status"], out.loc["FA01", "update"]) == ("On track", "first")


def test_lines_appear_from_their_first_quarter(setup):
    q1 = Quarter.parse("2024-25 Q1")
    out = lines(setup, {}, quarter=q1)
    assert out.index.tolist() == ["FA01", "FA02a", "FA02b", "FA03"]
    assert out.loc["FA03", "quarter"] == "2024-25 Q1"


# ----------------------------------------------------------------- an action that leaves Complete (issue 15)
def action_rows(quarter, rows):
    """A quarter's returns holding only Flagship Action rows (fa_code, status, row, rejected)."""
    actions = pd.DataFrame(
        [
            {
                "fa_code": c,
                "status": s,
                "update": "",
                "file": "raw/alpha.xlsx",
                "row": r,
                "rejected": x,
                "directorate": "alpha",
            }
            for c, s, r, x in rows
        ]
    )
    return QuarterReturns(quarter, pd.DataFrame(), pd.DataFrame(), actions, pd.DataFrame())


def test_an_action_that_leaves_complete_is_a_located_warning(setup):
    from perflib.build.actions import actions_leaving_complete
    from perflib.core.problems import WARNING

    config, _ = setup
    q1, q2 = Quarter.parse("2023-24 Q1"), Quarter.parse("2023-24 Q2")
    loaded = {
        q1: action_rows(
            q1, [("FA1", "Complete", 2, False), ("FA2", "Complete", 3, False), ("FA3", "On track", 4, False)]
        ),
        # FA1 is not in Q2's return: its last status is still Q1's Complete
        q2: action_rows(q2, [("FA2", "On track", 2, False), ("FA3", "Complete", 3, False)]),
        Q3: action_rows(
            Q3,
            [
                ("FA1", "At risk", 5, False),  # Complete in Q1 -> warned, naming Q1
                ("FA2", "Complete", 6, False),  # On track in Q2 -> Complete: the normal way, no warning
                ("FA3", "Complete", 7, False),  # stays Complete: no warning
                ("FA4", "On track", 8, False),  # no earlier status: no warning
            ],
        ),
    }
    (p,) = actions_leaving_complete(config, loaded, Q3)
    assert (p.severity, p.file, p.sheet, p.row, p.column, p.value) == (
        WARNING,
        "raw/alpha.xlsx",
        "Flagship actions",
        5,
        "Status",
        "At risk",
    )
    assert p.expected == "Complete, as reported in 2023-24 Q1, or an update saying why it reopened"
    assert p.message.startswith("Flagship Action FA1 was Complete in 2023-24 Q1 and is now At risk")
    # a rejected row is not a status: Q2's FA3 rejected leaves Q1's On track as the last one
    loaded[q2] = action_rows(q2, [("FA2", "On track", 2, False), ("FA3", "Complete", 3, True)])
    loaded[Q3] = action_rows(Q3, [("FA3", "On track", 7, False)])
    assert actions_leaving_complete(config, loaded, Q3) == []
    assert actions_leaving_complete(config, {}, Q3) == []


def test_each_line_names_its_lead_officer_and_portfolio_holder(setup):
    got = lines(setup, {Q3: returns({"alpha": "received", "beta": "received"}, [])})
    assert got.loc["FA01", ["lead_officer", "portfolio_holder"]].tolist() == [
        "Director of Customer Services",
        "Cabinet Member for Alpha",
    ]
    assert got.loc["FA02b", "portfolio_holder"] == "Cabinet Member for Beta"
    assert "owner" not in got  # the old name is read as lead_officer, never carried on
