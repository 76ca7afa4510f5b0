"""How a quarter's returns and checks went, counted once for the command line and the report."""

import dataclasses

import pandas as pd
import pytest

from perflib.build.quality import Quality
from perflib.core.problems import ERROR, WARNING, Problem, problems_frame

RECEIPTS = pd.DataFrame(
    {
        "directorate": ["resources", "place", "housing", "people"],
        "directorate_name": ["Resources", "Place", "Housing", "People"],
        "state": ["received", "missing", "rejected", "received"],
    }
)
PROBLEMS = problems_frame(
    [Problem(severity=ERROR, file="a")] * 3 + [Problem(severity=WARNING, file="b")] * 2  # 3 errors, 2 warnings
)


def test_counts_returns_and_problems():
    q = Quality.of(RECEIPTS, PROBLEMS)
    assert q == Quality(received=2, expected=4, missing=("Place",), unusable=("Housing",), errors=3, warnings=2)


def test_names_in_the_order_of_the_receipts():
    receipts = RECEIPTS.assign(state=["missing", "missing", "received", "missing"])
    q = Quality.of(receipts, PROBLEMS)
    assert q.missing == ("Resources", "Place", "People") and q.unusable == () and q.received == 1


def test_ids_when_there_are_no_names():
    q = Quality.of(RECEIPTS.drop(columns="directorate_name"), PROBLEMS)
    assert (q.missing, q.unusable) == (("place",), ("housing",))


def test_nothing_received_and_nothing_found():
    q = Quality.of(pd.DataFrame(), pd.DataFrame())
    assert q == Quality(received=0, expected=0, missing=(), unusable=(), errors=0, warnings=0)
    assert Quality.of(RECEIPTS, problems_frame([])).errors == 0


def test_quality_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Quality.of(RECEIPTS, PROBLEMS).errors = 0  # type: ignore[misc]


def test_each_problem_says_what_happened_to_its_figure():
    import pandas as pd

    from perflib.build.quality import NOT_USED, USED, USED_WITH_WARNING, outcome_counts, problem_outcomes
    from perflib.core.problems import Problem, problems_frame

    card = pd.DataFrame(
        {
            "pi_code": ["A1", "B2", "C3"],
            "value": [40.0, float("nan"), 7.0],
            "quarter_value": [40.0, float("nan"), 7.0],
            "status_reason": [None, "figure rejected (not a number)", None],
        }
    )
    receipts = pd.DataFrame({"file": ["a.xlsx", "b.xlsx"], "state": ["received", "rejected"]})
    problems = problems_frame(
        [
            Problem(
                "error",
                "a.xlsx",
                "Indicators",
                3,
                "Commentary",
                message="A1 is Red but has no commentary",
                pi_code="A1",
            ),
            Problem("error", "a.xlsx", "Indicators", 4, "Value", value="abc", message="not a number", pi_code="B2"),
            Problem("warning", "a.xlsx", "Indicators", 5, "Value", message="rounded", pi_code="C3"),
            Problem("error", "b.xlsx", message="not a return"),
        ]
    )
    out = problem_outcomes(problems, card, receipts)
    assert out["outcome"].tolist() == [USED, NOT_USED, USED_WITH_WARNING, NOT_USED]
    assert out["outcome_reason"].tolist()[:2] == [
        "the figure was valid; the error is about the commentary, not the figure",
        "figure rejected (not a number)",
    ]
    assert out["outcome_reason"].iloc[3] == "the return could not be used"
    assert outcome_counts(out) == {NOT_USED: 2, USED_WITH_WARNING: 1, USED: 1}
