"""Which PIs the report names: key challenges, key improvers, Red PIs lacking an action."""

import pandas as pd

from perflib.rules import selection


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
