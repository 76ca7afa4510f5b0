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
