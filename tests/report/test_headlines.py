"""The headline sentences, against hand counts."""

import pandas as pd

from perflib.report import headlines


def test_pi_headline_counts_and_change():
    now = pd.Series(["Green"] * 29 + ["Amber"] * 7 + ["Red"] * 10 + ["Not due"] * 2)
    before = pd.Series(["Green"] * 25 + ["Amber"] * 11 + ["Red"] * 10)
    text = headlines.pi_headline(now, before)
    # 46 rated (the one denominator, named); 29/46 = 63.04% -> 63%; 7/46 = 15.2% -> 15%; 10/46 = 21.7% -> 22%
    assert text.startswith("29 of 46 rated PIs (63%) are Green, up from 25 last quarter;")
    assert "7 of 46 (15%) are Amber and 10 of 46 (22%) Red." in text
    assert "2 annual or biennial PIs are not due this quarter" in text


def test_pi_headline_same_and_singular():
    text = headlines.pi_headline(pd.Series(["Green", "Red"]), pd.Series(["Green", "Amber"]))
    assert "1 of 2 rated PIs (50%) is Green, the same number as last quarter" in text
    assert "0 of 2 (0%) are Amber and 1 of 2 (50%) Red" in text


def test_pi_headline_last_quarter_without_returns_is_not_zero():
    # Last quarter every PI had No data (no returns): nothing to compare, never "up from 0".
    text = headlines.pi_headline(pd.Series(["Green", "Green", "Red"]), pd.Series(["No data"] * 3))
    assert "from 0" not in text
    assert text.startswith("2 of 3 rated PIs (67%) are Green (no PI was rated last quarter, so there is nothing")


def test_pi_headline_names_last_quarters_denominator_when_it_differs():
    # One directorate's return missing last quarter: 2 of 3 rated then, 2 of 4 now.
    text = headlines.pi_headline(
        pd.Series(["Green", "Green", "Red", "Amber"]), pd.Series(["Green", "Green", "Red", "No data"])
    )
    assert "2 of 4 rated PIs (50%) are Green, the same number as last quarter (2 of 3 rated)" in text


def _panel(rows):
    return pd.DataFrame(rows, columns=["pi_code", "quarter_index", "quarter", "status", "frequency"])


def test_status_changes_compare_with_the_last_rated_period_and_name_it():
    panel = _panel(
        [
            ("A1", 1, "Q1", "Red", "quarterly"),
            ("A1", 2, "Q2", "No data", "quarterly"),
            ("A1", 3, "Q3", "Green", "quarterly"),
            ("B1", 1, "Q1", "Amber", "quarterly"),
            ("B1", 2, "Q2", "No data", "quarterly"),
            ("B1", 3, "Q3", "Amber", "quarterly"),
        ]
    )
    card = pd.DataFrame({"pi_code": ["A1", "B1"], "title": ["Alpha", "Beta"], "status": ["Green", "Amber"]})
    out = headlines.status_changes(card, panel, 3, {"quarterly": 4})
    assert out == ["Improved status (1): A1 Alpha (Red in Q1 to Green)."]
    # Without a look-back past Q2 nothing can be compared: no sentence at all.
    assert headlines.status_changes(card, panel, 3, {"quarterly": 1}) == []


def test_status_changes_none_moved():
    panel = _panel([("A1", 1, "Q1", "Green", "quarterly"), ("A1", 2, "Q2", "Green", "quarterly")])
    card = pd.DataFrame({"pi_code": ["A1"], "title": ["Alpha"], "status": ["Green"]})
    assert headlines.status_changes(card, panel, 2) == [
        "No rated PI changed status since its last rated period (1 compared)."
    ]


def test_pi_headline_nothing_rated():
    assert headlines.pi_headline(pd.Series(["No data", "Not due"]), None).startswith("No PI could be rated")


#: The sample council's words for its Flagship Action statuses (data/council.yml).
FA_LABELS = {
    "Complete": "Complete",
    "Green": "On track",
    "Amber": "At risk",
    "Red": "Off track",
    "Not started": "Not started",
    "No update": "No update",
}


def test_fa_headline():
    rag = pd.Series(["Complete"] * 5 + ["Green"] * 18 + ["Amber"] * 3 + ["Red"] * 2)
    text = headlines.fa_headline(rag, FA_LABELS)
    # 28 lines; complete + on track = 23/28 = 82%
    assert text == (
        "Of 28 Flagship Action lines, 5 are complete and 18 on track (82% together); 3 are at risk and 2 off track."
    )


def test_problems_headline_says_what_happened_to_the_figures():
    from perflib.build.quality import NOT_USED, USED, USED_WITH_WARNING, Quality

    q = Quality(received=4, expected=4, missing=(), unusable=(), errors=2, warnings=1)
    text = headlines.problems_headline(q, {NOT_USED: 0, USED_WITH_WARNING: 1, USED: 2})
    assert text == (
        "Checks found 2 errors and 1 warning: for 1 problem the figure was used with a warning; for 2 problems "
        "the figure was used (the problem is in another cell). The table gives each problem's outcome and why."
    )
    assert "figures not used" not in text
