"""scorecard.csv: the published columns in order, published names and words, suppression and neutralising."""

import csv
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from perflib.core import paths
from perflib.core.config import load_config
from perflib.core.methodology import Suppression
from perflib.export.scorecard import SCORECARD_COLUMNS, scorecard_frame, write_scorecard_csv

NAN = np.nan
METHOD = Suppression(min_count=5, min_denominator=10)  # data/methodology.yml


def _card() -> pd.DataFrame:
    """Four PIs as build_scorecard leaves them (internal column names)."""
    rows = [
        # code, unit, measure type, sensitive, value, quarter value, numerator, denominator, commentary
        ("AA01", "percent", "in_quarter", "no", 85.0, 85.0, 850.0, 1000.0, '=HYPERLINK("x")'),
        ("AA04", "count", "cumulative", "yes", 12.0, 3.0, NAN, NAN, "Fewer referrals"),
        ("BB06", "percent", "in_quarter", "yes", 37.5, 37.5, 3.0, 8.0, "-2 on last quarter"),
        ("BB07", "number", "snapshot", "no", -2.5, -2.5, NAN, NAN, ""),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "pi_code",
            "unit",
            "measure_type",
            "sensitive",
            "value",
            "quarter_value",
            "numerator",
            "denominator",
            "commentary",
        ],
    )
    return frame.assign(
        quarter="2023-24 Q3",
        title=["Calls answered", "Residents helped", "Plans reviewed", "Net change"],
        priority=["residents", "clean_safe", "supported", "supported"],
        priority_name=["Residents first", "Clean and safe", "Supported", "Supported"],
        directorate=["alpha", "alpha", "beta", "beta"],
        directorate_name=["Alpha Services", "Alpha Services", "Beta Services", "Beta Services"],
        good_direction=["higher", "higher", "higher", "range"],
        frequency="quarterly",
        target=[90.0, 300.0, NAN, 0.0],
        amber_threshold=[85.0, 270.0, NAN, -1.0],
        status=["Amber", "Red", "Data only", "Green"],
        short_trend="No change",
        long_trend="Not comparable",
        ytd_numerator=NAN,
        ytd_denominator=NAN,
        short_previous=[85.0, 4.0, 40.0, -2.0],
        long_previous=NAN,
        last_value=NAN,
        internal_only="not published",
    )


def test_columns_are_the_published_ones_in_the_readme_order_then_detail():
    frame = scorecard_frame(_card(), METHOD)
    assert list(frame.columns) == SCORECARD_COLUMNS
    readme = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"`scorecard\.csv` \|.*?\(`([^`]+)`, then detail columns", readme).group(1)
    published = listed.split(", ")
    assert SCORECARD_COLUMNS[: len(published)] == published
    assert "internal_only" not in frame


def test_published_names_carry_the_names_and_the_ids_follow():
    row = scorecard_frame(_card(), METHOD).iloc[0]
    assert (row["period"], row["indicator_id"], row["indicator"]) == ("2023-24 Q3", "AA01", "Calls answered")
    assert (row["priority"], row["priority_id"]) == ("Residents first", "residents")
    assert (row["directorate"], row["directorate_id"]) == ("Alpha Services", "alpha")


def test_measure_types_in_words():
    words = scorecard_frame(_card(), METHOD)["measure_type"].tolist()
    assert words == ["in quarter", "year to date", "in quarter", "snapshot"]
    odd = _card().assign(measure_type="rolling_12m")  # not a catalogue word: published as it is
    assert set(scorecard_frame(odd, METHOD)["measure_type"]) == {"rolling_12m"}


def test_small_counts_and_rates_on_few_people_are_suppressed():
    frame = scorecard_frame(_card(), METHOD).set_index("indicator_id")
    # AA04, a sensitive cumulative count: the quarter's 3 is from 1 to 4 -> "<5"; its year to date
    # of 12 would give the 3 away (last quarter's 9 is published) -> "[c]".
    assert frame.loc["AA04", "quarter_value"] == "<5"
    assert frame.loc["AA04", "value"] == "[c]"
    assert frame.loc["AA04", "short_previous"] == "<5"  # 4 is a small count too
    # BB06, a sensitive rate of 3 out of 8 people: denominator below 10, all three hidden.
    assert frame.loc["BB06", ["value", "numerator", "denominator"]].tolist() == ["[c]", "[c]", "[c]"]
    # AA01 is not about people: 850 of 1,000 published as numbers.
    assert frame.loc["AA01", ["value", "numerator", "denominator"]].tolist() == [85.0, 850.0, 1000.0]


def test_the_thresholds_come_from_the_rule_given():
    # With min_count 13: the year to date of 12 is itself a small count, "<13";
    # with min_denominator 8 a rate on 8 people is published.
    frame = scorecard_frame(_card(), Suppression(min_count=13, min_denominator=8)).set_index("indicator_id")
    assert frame.loc["AA04", "value"] == "<13"
    assert frame.loc["BB06", ["value", "numerator", "denominator"]].tolist() == [37.5, 3.0, 8.0]


def test_text_is_neutralised_and_numbers_are_not():
    frame = scorecard_frame(_card(), METHOD).set_index("indicator_id")
    assert frame.loc["AA01", "commentary"] == '\'=HYPERLINK("x")'
    assert frame.loc["BB06", "commentary"] == "'-2 on last quarter"
    assert frame.loc["BB07", "value"] == -2.5 and frame.loc["BB07", "amber_threshold"] == -1.0


def test_csv_writes_numbers_plainly_and_takes_the_councils_thresholds(fixture_config, tmp_path):
    config = load_config(fixture_config)
    strict = replace(config, methodology=replace(config.methodology, suppression=Suppression(13, 10)))
    target = tmp_path / "scorecard.csv"
    write_scorecard_csv(_card(), target, strict)
    text = target.read_text(encoding="utf-8")
    assert "\r" not in text
    rows = {r["indicator_id"]: r for r in csv.DictReader(text.splitlines())}
    assert list(rows) == ["AA01", "AA04", "BB06", "BB07"]
    assert (rows["AA01"]["value"], rows["AA01"]["denominator"]) == ("85", "1000")  # %.10g: no ".0"
    assert rows["BB07"]["value"] == "-2.5"
    assert rows["AA01"]["spc_mean"] == ""  # a column with nothing in it is empty, not "nan"
    assert rows["AA04"]["value"] == "<13"  # the council file's min_count, not the library default
    assert rows["AA01"]["commentary"] == '\'=HYPERLINK("x")'


@pytest.mark.parametrize(
    "value,written", [(62.25, "62.25"), (0.0, "0"), (1234567.0, "1234567"), (1 / 3, "0.3333333333")]
)
def test_csv_number_format(value, written, fixture_config, tmp_path):
    card = _card().iloc[[0]].assign(value=value)
    target = tmp_path / "s.csv"
    write_scorecard_csv(card, target, load_config(fixture_config))
    (row,) = csv.DictReader(target.read_text(encoding="utf-8").splitlines())
    assert row["value"] == written


def test_a_figure_is_written_the_same_whether_or_not_its_column_has_a_suppressed_cell(fixture_config, tmp_path):
    # AA01's value 85.0 shares the value column with AA04's "[c]" in the full card, and not when alone.
    config = load_config(fixture_config)
    written = []
    for card in (_card(), _card().iloc[[0]]):
        target = tmp_path / "s.csv"
        write_scorecard_csv(card, target, config)
        rows = {r["indicator_id"]: r for r in csv.DictReader(target.read_text(encoding="utf-8").splitlines())}
        written.append((rows["AA01"]["value"], rows["AA01"]["quarter_value"], rows["AA01"]["short_previous"]))
    assert written == [("85", "85", "85")] * 2


def test_accountability_and_the_planned_action_follow_the_corrective_action():
    card = _card().assign(
        corrective_action=["Extra staff", "", "", ""],
        planned_action=["Open a second team", "", "", ""],
        action_due=["2024-03-31", "", "", ""],
        lead_officer=["Head of Alpha", "Head of Alpha", "", "Head of Beta"],
        portfolio_holder=["Cabinet Member for Alpha", "", "", "Cabinet Member for Beta"],
    )
    frame = scorecard_frame(card, METHOD)
    at = SCORECARD_COLUMNS.index("corrective_action")
    assert SCORECARD_COLUMNS[at + 1 : at + 5] == ["planned_action", "action_due", "lead_officer", "portfolio_holder"]
    row = frame.iloc[0]
    assert (row["planned_action"], row["action_due"]) == ("Open a second team", "2024-03-31")
    assert (row["lead_officer"], row["portfolio_holder"]) == ("Head of Alpha", "Cabinet Member for Alpha")
    assert frame.iloc[2]["lead_officer"] == ""  # none assigned: blank, never "nan"


def test_every_scorecard_column_has_a_note():
    from perflib.export.scorecard_notes import SCORECARD_COLUMN_NOTES

    for name in ("planned_action", "action_due", "lead_officer", "portfolio_holder"):
        assert name in SCORECARD_COLUMN_NOTES, name
