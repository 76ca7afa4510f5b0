"""The rated panel and scorecard of the fixture council, against the hand count."""

import pandas as pd
import pytest

from perflib.build.prepared import prepare_quarter

HAND = {  # pi: (value, target, amber_threshold, status, short, long, red_run)
    "AA01": (85.0, 90.0, 85.0, "Amber", "Declining", "Improving", 0),
    "AA02": (60.0, 60.0, 66.0, "Green", "Improving", "No change", 0),
    "AA03": (13.5, 8.0, 7.0, "Red", "Declining", "Declining", 1),
    "AA04": (285.0, 300.0, 270.0, "Amber", "Declining", "Not comparable", 0),
    "AA05": (None, 95.0, 90.0, "No data", "Not comparable", "Not comparable", 0),
    "BB01": (41.0, 40.0, 38.0, "Green", "Declining", "Not comparable", 0),
    "BB02": (120.0, None, None, "Data only", "Declining", "No change", 0),
    "BB03": (66.5, 70.0, 66.5, "Amber", "Declining", "Declining", 0),
    "BB04": (None, None, None, "Not due", "Not comparable", "Not comparable", 0),
    "BB05": (80.0, 90.0, 85.0, "Red", "Declining", "Declining", 3),
}


def _same(a, b):
    return (a is None and pd.isna(b)) or (a is not None and not pd.isna(b) and a == pytest.approx(b))


def test_scorecard_has_every_catalogue_pi_in_order(prepared):
    assert prepared.scorecard["pi_code"].tolist() == list(HAND)


@pytest.mark.parametrize("pi", list(HAND))
def test_scorecard_matches_hand_worked_values(prepared, pi):
    row = prepared.scorecard.set_index("pi_code").loc[pi]
    value, target, threshold, status, short, long, run = HAND[pi]
    assert row["status"] == status
    assert _same(value, row["value"])
    if status != "Not due":
        assert _same(target, row["target"])
        assert _same(threshold, row["amber_threshold"])
    assert (row["short_trend"], row["long_trend"]) == (short, long)
    assert row["red_run"] == run


def test_status_counts_equal_hand_count(prepared):
    counts = prepared.scorecard["status"].value_counts().to_dict()
    assert counts == {"Green": 2, "Amber": 3, "Red": 2, "Data only": 1, "No data": 1, "Not due": 1}


def test_range_upper_threshold(prepared):
    row = prepared.scorecard.set_index("pi_code").loc["AA03"]
    assert row["target_upper"] == 12.0 and row["amber_threshold_upper"] == 13.0


def test_cumulative_rate_is_pooled_not_averaged(prepared):
    row = prepared.scorecard.set_index("pi_code").loc["BB01"]
    # (400 + 450 + 380) / (1000 + 1000 + 1000) = 41.0; the quarter alone is 38.0
    assert row["value"] == 41.0 and row["quarter_value"] == 38.0
    assert (row["ytd_numerator"], row["ytd_denominator"]) == (1230, 3000)


def test_no_data_reasons(prepared):
    card = prepared.scorecard.set_index("pi_code")
    assert card.loc["AA05", "status_reason"] == "left blank in the return"
    assert card.loc["BB04", "status_reason"] == "not due this quarter"


def test_missing_return_marks_its_pis_no_data(fresh_fixture):
    (fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx").unlink()
    card = prepare_quarter("2023-24 Q3", fresh_fixture).scorecard.set_index("pi_code")
    assert len(card) == 10
    for pi in ("BB01", "BB02", "BB03", "BB05"):
        assert card.loc[pi, "status"] == "No data"
        assert card.loc[pi, "status_reason"] == "return not received from Beta Services"
    assert card.loc["BB04", "status"] == "Not due"  # not due anyway
    assert card.loc["AA01", "status"] == "Amber"  # other directorate unaffected


def test_missing_earlier_quarter_breaks_year_to_date(fresh_fixture):
    (fresh_fixture.parent / "raw" / "2023-24-Q1" / "alpha.xlsx").unlink()
    card = prepare_quarter("2023-24 Q3", fresh_fixture).scorecard.set_index("pi_code")
    assert card.loc["AA04", "status"] == "No data"
    assert "year to date incomplete" in card.loc["AA04", "status_reason"]
    assert "2023-24 Q1" in card.loc["AA04", "status_reason"]
    assert card.loc["AA01", "status"] == "Amber"  # in-quarter PI unaffected


def test_next_years_target_does_not_change_history(fresh_fixture):
    before = prepare_quarter("2023-24 Q3", fresh_fixture).scorecard
    targets = fresh_fixture.parent / "catalogue" / "targets.csv"
    targets.write_text(targets.read_text().replace("BB05,2024-25,99,,1", "BB05,2024-25,10,,1"))
    after = prepare_quarter("2023-24 Q3", fresh_fixture).scorecard
    pd.testing.assert_frame_equal(before, after)


def test_catalogue_order_does_not_change_results(fresh_fixture):
    """Regression: rows must not be misaligned when the catalogue is not in code order."""
    before = prepare_quarter("2023-24 Q3", fresh_fixture).scorecard.set_index("pi_code")
    path = fresh_fixture.parent / "catalogue" / "indicators.csv"
    header, *rows = path.read_text().splitlines()
    path.write_text("\n".join([header] + rows[::-1]) + "\n")
    after = prepare_quarter("2023-24 Q3", fresh_fixture).scorecard
    assert after["pi_code"].tolist() == list(HAND)[::-1]  # catalogue order kept
    after = after.set_index("pi_code").loc[before.index]
    for col in ("value", "status", "status_reason", "short_trend", "long_trend", "red_run", "ytd_numerator"):
        pd.testing.assert_series_equal(after[col], before[col], check_names=False)
