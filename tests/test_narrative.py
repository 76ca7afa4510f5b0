"""Sentences and selections written from the data, against hand counts."""

import pandas as pd

from perflib.report import headlines
from perflib.rules import selection


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


def _card(rows):
    cols = [
        "pi_code",
        "status",
        "red_run",
        "long_trend",
        "value",
        "long_previous",
        "good_direction",
        "target",
        "target_upper",
        "frequency",
        "commentary",
        "corrective_action",
    ]
    return pd.DataFrame(rows, columns=cols)


def test_key_challenges_persistent_first():
    card = _card(
        [
            ("A1", "Red", 1, "Declining", 1, 2, "higher", 5, None, "quarterly", "c", "a"),
            ("A2", "Red", 4, "Declining", 1, 2, "higher", 5, None, "quarterly", "c", "a"),
            ("A3", "Green", 0, "Improving", 9, 2, "higher", 5, None, "quarterly", "c", "a"),
        ]
    )
    out = selection.key_challenges(card, persistent_red=3)
    assert out["pi_code"].tolist() == ["A2", "A1"]
    assert out["persistent"].tolist() == [True, False]


def test_key_improvers_rule():
    card = _card(
        [
            # improved 50 -> 60 (+20%), Amber a year ago -> Green now: status improved
            ("P1", "Green", 0, "Improving", 60.0, 50.0, "higher", 55, None, "quarterly", "", ""),
            # lower is better: 100 -> 50 (50% better), Green both years
            ("P2", "Green", 0, "Improving", 50.0, 100.0, "lower", 80, None, "quarterly", "", ""),
            # Improving but Red now: excluded
            ("P3", "Red", 1, "Improving", 10.0, 5.0, "higher", 50, None, "quarterly", "", ""),
            # Improving but status worse than a year ago (Green -> Amber): excluded
            ("P4", "Amber", 0, "Improving", 52.0, 50.0, "higher", 53, None, "quarterly", "", ""),
            # Declining: excluded
            ("P5", "Green", 0, "Declining", 40.0, 50.0, "higher", 30, None, "quarterly", "", ""),
        ]
    )
    panel = pd.DataFrame(
        {
            "pi_code": ["P1", "P2", "P3", "P4", "P5"],
            "quarter_index": [100] * 5,
            "status": ["Amber", "Green", "Red", "Green", "Green"],
        }
    )
    out = selection.key_improvers(card, panel, 104, max_shown=5)
    assert out["pi_code"].tolist() == ["P1", "P2"]  # status improved first, then size
    assert out["improvement"].round(3).tolist() == [0.2, 0.5]


def test_lacking_action():
    card = _card(
        [
            ("A1", "Red", 1, "", 1, 2, "higher", 5, None, "quarterly", "why", ""),
            ("A2", "Red", 1, "", 1, 2, "higher", 5, None, "quarterly", "why", "doing"),
            ("A3", "Amber", 1, "", 1, 2, "higher", 5, None, "quarterly", "", ""),
        ]
    )
    assert selection.lacking_action(card)["pi_code"].tolist() == ["A1"]
