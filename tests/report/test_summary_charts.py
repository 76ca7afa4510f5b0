"""The summary's compact status chart: its alt text gives every number of every bar."""

import pandas as pd

from perflib.report.charts import status_counts
from perflib.report.summary_charts import status_strip
from perflib.rules import status as rules


def _counts(**n):
    statuses = pd.Series([s for s, k in n.items() for _ in range(k)], dtype=object).map(
        {"green": "Green", "amber": "Amber", "red": "Red", "not_due": "Not due"}
    )
    c = status_counts(statuses, rules.STATUSES, of=rules.RATED)
    return c.assign(label=c["status"])


def test_this_quarter_and_last_in_the_alt_text():
    now = _counts(green=3, amber=1, red=0, not_due=1)  # shares of 4 rated: 75%, 25%, 0%
    before = _counts(green=1, amber=1, red=1)  # of 3 rated: 33%, 33%, 33%
    fig = status_strip(
        [
            ("2023-24 Q3", now, "Shares are of the 4 rated PIs."),
            ("2023-24 Q2", before, "Shares are of the 3 rated PIs."),
        ],
        "PIs by status",
        "Performance Indicators",
    )
    assert fig.alt == (
        "Bar chart of 5 Performance Indicators by status. "
        "2023-24 Q3: Green 3 (75%), Amber 1 (25%), Red 0 (0%), Data only 0, No data 0, Not due 1. "
        "Shares are of the 4 rated PIs. "
        "2023-24 Q2: Green 1 (33%), Amber 1 (33%), Red 1 (33%), Data only 0, No data 0, Not due 0. "
        "Shares are of the 3 rated PIs."
    )
    assert fig.png.startswith(b"\x89PNG")


def test_nothing_to_count_still_draws_and_says_so():
    empty = _counts()
    fig = status_strip([("2023-24 Q3", empty, "")], "PIs by status", "Performance Indicators")
    assert fig.alt.startswith("Bar chart of 0 Performance Indicators by status. 2023-24 Q3: Green 0,")
