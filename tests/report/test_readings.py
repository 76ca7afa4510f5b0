"""Status, trend, run of Red and SPC read together (perflib/report/readings.py), by hand."""

import pandas as pd

from perflib.report import readings


def _row(**kw):
    base = {
        "quarter": "2023-24 Q3",
        "frequency": "quarterly",
        "status": "Red",
        "short_trend": "Declining",
        "short_period": "2023-24 Q2",
        "long_trend": "No change",
        "long_period": "2022-23 Q3",
        "red_run": 1,
        "red_run_gaps": "",
        "spc_variation": "Common cause",
        "spc_assurance": "Hit and miss",
    }
    return {**base, **kw}


def test_trend_names_the_period_only_when_it_is_not_the_usual_one():
    r = readings.reading(_row(), 3, 12)
    assert r.short_text == "\u2193 Declining" and r.long_text == "\u2192 No change"
    assert r.trend_sentence == (
        "\u2193 Declining since 2023-24 Q2 (short term); \u2192 No change since 2022-23 Q3 (long term)"
    )
    gap = readings.reading(_row(short_period="2023-24 Q1"), 3, 12)
    assert gap.short_text == "\u2193 Declining since 2023-24 Q1"


def test_usual_periods_by_frequency():
    assert readings.usual_periods("2023-24 Q3", "quarterly") == ("2023-24 Q2", "2022-23 Q3")
    assert readings.usual_periods("2023-24 Q3", "annual") == ("2022-23 Q3", "2022-23 Q3")
    assert readings.usual_periods("2023-24 Q3", "biennial") == ("2021-22 Q3", "2021-22 Q3")


def test_a_long_red_run_is_never_chance():
    r = readings.reading(_row(red_run=9, red_run_gaps="2023-24 Q2"), 3, 12)
    assert r.kind == readings.RED_PERSISTENT
    assert r.run_text == "Red for 9 reported periods running; no figure in 2023-24 Q2"
    assert r.spc_text == (
        "Common cause; assurance: Hit and miss (but red for 9 reported periods running; no figure in 2023-24 Q2, "
        "so not chance)"
    )
    short = readings.reading(_row(red_run=2), 3, 12)
    assert short.kind == readings.RED_CHANCE and short.run_text == "Red for 2 reported periods running"


def test_red_kinds_in_order():
    assert readings.red_kind("Red", 9, "Common cause", "Consistently failing", 3) == readings.RED_FAILING
    assert readings.red_kind("Red", 3, "Special cause concern", "Hit and miss", 3) == readings.RED_PERSISTENT
    assert readings.red_kind("Red", 2, "Special cause concern", "Hit and miss", 3) == readings.RED_CONCERN
    assert readings.red_kind("Red", 2, "Common cause", "Hit and miss", 3) == readings.RED_CHANCE
    assert readings.red_kind("Red", 1, "Too few points", None, 3) == readings.RED_UNASSESSED
    assert readings.red_kind("Green", 0, "Common cause", "Hit and miss", 3) == ""


def test_red_headline_counts_each_red_pi_once():
    card = pd.DataFrame(
        {
            "status": ["Red", "Red", "Red", "Green"],
            "red_run": [9, 1, 2, 0],
            "spc_variation": ["Common cause"] * 4,
            "spc_assurance": ["Hit and miss", "Hit and miss", "Consistently failing", "Hit and miss"],
        }
    )
    assert readings.red_headline(card, 3) == (
        "Of 3 Red PIs, 1 is consistently failing (the target cannot be met without changing the process); "
        "1 is Red for 3 or more reported periods running (a persistent problem, not chance); 1 is hit and miss "
        "and Red for fewer than 3 periods running (the process can meet the target, so this miss may be chance)."
    )
