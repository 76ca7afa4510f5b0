"""The headline sentences, against hand counts."""

import pandas as pd

from perflib.report import headlines


def test_pi_headline_counts_and_change():
    now = pd.Series(["Green"] * 29 + ["Amber"] * 7 + ["Red"] * 10 + ["Not due"] * 2)
    before = pd.Series(["Green"] * 25 + ["Amber"] * 11 + ["Red"] * 10)
    text = headlines.pi_headline(now, before)
    # 46 rated; 29/46 = 63.04% -> 63%; 7/46 = 15.2% -> 15%; 10/46 = 21.7% -> 22%
    assert text.startswith(
        "Of 46 PIs rated against a target this quarter, 29 are Green (63%), up from 25 last quarter;"
    )
    assert "7 are Amber (15%) and 10 Red (22%)." in text
    assert "2 annual or biennial PIs are not due this quarter" in text


def test_pi_headline_same_and_singular():
    text = headlines.pi_headline(pd.Series(["Green", "Red"]), pd.Series(["Green", "Amber"]))
    assert "1 is Green (50%), the same number as last quarter" in text
    assert "0 are Amber (0%) and 1 Red (50%)" in text


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
