"""The key to statuses and arrows, in the council's words, and the method notes with the methodology's numbers."""

from dataclasses import replace

import pytest

from perflib.core.config import load_config
from perflib.core.methodology import Suppression
from perflib.report.notes import NO_UPDATE_MEANING, key, method_notes


@pytest.fixture(scope="module")
def sample():
    return load_config()  # data/council.yml and data/methodology.yml


def test_pi_key_every_status_in_order_with_its_meaning(sample):
    assert key(sample)["pi_key"] == [
        ("Green", "On or better than target."),
        ("Amber", "Missed target, but within the amber tolerance."),
        ("Red", "Missed target by more than the amber tolerance."),
        ("Data only", "Reported for information; no target is set."),
        ("No data", "Due this quarter but no usable figure; the reason is given."),
        ("Not due", "Annual or biennial PI that reports in another quarter."),
    ]


def test_fa_key_in_council_yml_order_and_words(sample):
    # data/council.yml: Complete, On track (Green), At risk (Amber), Off track (Red), Not started; then No update.
    assert key(sample)["fa_key"] == [
        ("Complete", "Complete", "Delivered."),
        ("Green", "On track", "Progressing as planned."),
        ("Amber", "At risk", "Some slippage; recoverable with action."),
        ("Red", "Off track", "Significant delay or issue; needs intervention."),
        ("Not started", "Not started", "Not yet due to start."),
        ("No update", "No update", NO_UPDATE_MEANING),
    ]


def test_fa_key_takes_another_councils_words(sample):
    council = replace(
        sample,
        fa_statuses={"Done": "Complete", "Going well": "Green", "Slipping": "Amber", "Stalled": "Red"},
        fa_meanings={"Done": "Finished.", "Going well": "As planned.", "Slipping": "Behind.", "Stalled": "Stuck."},
    )
    assert key(council)["fa_key"] == [
        ("Complete", "Done", "Finished."),
        ("Green", "Going well", "As planned."),
        ("Amber", "Slipping", "Behind."),
        ("Red", "Stalled", "Stuck."),
        ("No update", "No update", "No status was returned this quarter."),
    ]


def test_two_words_for_one_colour_show_the_first_with_its_own_meaning(sample):
    # "On track" and "Ahead" are both shown Green: the key names the first, and gives that word's meaning.
    council = replace(
        sample,
        fa_statuses={"On track": "Green", "Ahead": "Green", "Off track": "Red"},
        fa_meanings={"On track": "As planned.", "Ahead": "Ahead of plan.", "Off track": "Stuck."},
    )
    assert key(council)["fa_key"][0] == ("Green", "On track", "As planned.")


def test_trend_key_arrows_and_meanings(sample):
    assert key(sample)["trend_key"] == [
        ("\u2191 Improving", "Better than the comparison period, by more than the materiality threshold."),
        ("\u2193 Declining", "Worse than the comparison period, by more than the materiality threshold."),
        ("\u2192 No change", "Within the materiality threshold of the comparison period."),
        (
            "\u2013 Not comparable",
            "No figure this period, or none in an earlier period within reach (a missing figure is never read as 0).",
        ),
    ]


def test_method_notes_state_the_methodology_numbers(sample):
    notes = method_notes(sample)
    assert len(notes) == 7
    # data/methodology.yml: materiality, persistent_red 3, suppression 5 and 10
    assert notes[2].endswith("(percent: 1.0; count: 5.0%; number: 2.0%; days: 0.5; seconds: 5.0; weeks: 0.5).")
    assert "those Red for 3 or more reported periods running are marked persistent" in notes[3]
    assert "counts from 1 to 4 are shown as <5, rates based on fewer than 10 people are not shown ([c])" in notes[5]
    assert "a value exactly on the amber threshold is Amber" in notes[0]
    assert notes[-1].startswith("The full methodology is available from the performance team")


def test_method_notes_follow_a_changed_methodology(sample):
    m = replace(
        sample.methodology,
        persistent_red=4,
        suppression=Suppression(min_count=10, min_denominator=20),
        materiality={"percent": {"absolute": 2.0}, "count": {"relative": 10.0}},
    )
    notes = method_notes(replace(sample, methodology=m))
    assert notes[2].endswith("No change (percent: 2.0; count: 10.0%).")
    assert "those Red for 4 or more" in notes[3]
    assert "counts from 1 to 9 are shown as <10, rates based on fewer than 20 people" in notes[5]
