"""Runs of Red over reported periods, passing over periods with no figure, by hand."""

import pandas as pd

from perflib.rules.red_runs import red_run_gaps, red_runs

LOOK = {"quarterly": 4, "annual": 2, "biennial": 2}


def _panel(statuses, code="A1", start=8100):
    # index 8100 is 2025-26 Q1
    labels = ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2", "2026-27 Q3"]
    n = len(statuses)
    return pd.DataFrame(
        {
            "pi_code": code,
            "quarter_index": range(start, start + n),
            "quarter": labels[:n],
            "frequency": "quarterly",
            "due": [s != "Not due" for s in statuses],
            "status": statuses,
        }
    )


def test_a_quarter_with_no_figure_neither_ends_nor_adds_to_a_run():
    panel = _panel(["Red", "Red", "No data", "Red"])
    assert red_runs(panel, LOOK).tolist() == [1, 2, 0, 3]
    assert red_run_gaps(panel, LOOK).tolist() == ["", "", "", "2025-26 Q3"]
    # without a look-back (the old rule) the gap ends the run
    assert red_runs(panel).tolist() == [1, 2, 0, 1]


def test_green_or_amber_ends_a_run():
    assert red_runs(_panel(["Red", "Amber", "Red", "Red"]), LOOK).tolist() == [1, 0, 1, 2]


def test_a_gap_beyond_the_reach_ends_a_run():
    # Red, 4 quarters with no figure, Red: the earlier Red is 5 quarters back (reach 4)
    panel = _panel(["Red", "No data", "No data", "No data", "No data", "Red"])
    assert red_runs(panel, LOOK).tolist()[-1] == 1
    panel = _panel(["Red", "No data", "No data", "No data", "Red"])
    assert red_runs(panel, LOOK).tolist()[-1] == 2
    assert red_run_gaps(panel, LOOK).tolist()[-1] == "2025-26 Q2, 2025-26 Q3, 2025-26 Q4"


def test_runs_do_not_join_across_pis():
    panel = pd.concat([_panel(["Red", "Red"], "A1"), _panel(["Red"], "B2")], ignore_index=True)
    assert red_runs(panel, LOOK).tolist() == [1, 2, 1]
