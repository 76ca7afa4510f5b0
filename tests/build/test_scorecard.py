"""The scorecard: SPC and comparator columns reach it, and a Red PI without an action is flagged."""

import pandas as pd
import pytest

from perflib.build.prepared import prepare_quarter
from perflib.core.methodology import Suppression
from perflib.export.scorecard import scorecard_frame


def test_red_without_corrective_action_is_flagged(fresh_fixture):
    from openpyxl import load_workbook

    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx"
    wb = load_workbook(path)
    ws = wb["Indicators"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "BB05":
            row[9].value = None
    wb.save(path)
    problems = prepare_quarter("2023-24 Q3", fresh_fixture).problems
    hit = problems[problems["pi_code"].eq("BB05") & problems["column"].eq("Corrective action")]
    assert len(hit) == 1 and hit.iloc[0]["severity"] == "error"


def test_scorecard_carries_spc_columns_for_every_pi(prepared):
    card = prepared.scorecard
    assert card["spc_variation"].notna().all() and card["spc_assurance"].notna().all()
    # the fixture has only 4 quarters of history: fewer than 12 points everywhere
    assert set(card["spc_variation"]) == {"Too few points"}
    published = scorecard_frame(card, Suppression(min_count=5, min_denominator=10))
    for col in (
        "spc_variation",
        "spc_assurance",
        "benchmark_median",
        "benchmark_quartile",
        "benchmark_rank",
        "benchmark_n",
        "benchmark_value",
        "benchmark_average",
        "benchmark_average_method",
        "benchmark_funnel",
        "benchmark_funnel_z",
    ):
        assert col in published.columns
    assert "benchmark_method" not in published.columns  # it called a median an average


def test_dropped_in_comparator_csv_without_a_mapping_still_gives_rank_and_quartile(fresh_fixture):
    root = fresh_fixture.parent
    text = fresh_fixture.read_text()
    text += (
        "benchmarking:\n"
        "  own_area_code: E00000000\n"
        "  group_name: Test neighbours\n"
        "  group: [E00000001, E00000002, E00000003, E00000004]\n"
        f"  folder: {root.as_posix()}/benchmarks\n"
    )
    fresh_fixture.write_text(text)
    (root / "benchmarks").mkdir()
    # AA01, higher is better. Testshire's own 2023-24 Q3 figure is 85.0 (its return).
    # Sorted best first: 92 (E1), 88 (E2), 85 (us), 80 (E3), 70 (E4) -> we rank 3 of 5.
    # Quartile: smallest k with 4 x (rank - 1) <= k x (n - 1): 4 x 2 = 8 <= k x 4 -> k = 2.
    # Median of the five values = 85.0.
    # AA02, lower is better (seconds). Ours 60: 55 (E1) best, then 60 (us), 62, 70, 90 -> rank 2 of 5, quartile 1.
    (root / "benchmarks" / "neighbours.csv").write_text(
        "area_code,area_name,period,indicator_id,value\n"
        "E00000000,Testshire,2023-24 Q3,AA01,85.0\n"
        "E00000001,One,2023-24 Q3,AA01,92\n"
        "E00000002,Two,2023-24 Q3,AA01,88\n"
        "E00000003,Three,2023-24 Q3,AA01,80\n"
        "E00000004,Four,2023-24 Q3,AA01,70\n"
        "E00000009,Not in group,2023-24 Q3,AA01,99\n"
        "E00000000,Testshire,2023-24 Q3,AA02,60\n"
        "E00000001,One,2023-24 Q3,AA02,55\n"
        "E00000002,Two,2023-24 Q3,AA02,62\n"
        "E00000003,Three,2023-24 Q3,AA02,70\n"
        "E00000004,Four,2023-24 Q3,AA02,90\n"
    )
    prepared = prepare_quarter("2023-24 Q3", fresh_fixture)
    card = prepared.scorecard.set_index("pi_code")
    # read the old way, in the long layout with council.yml's group, with one deprecation warning
    deprecated = prepared.problems[prepared.problems["message"].str.contains("deprecated")]
    assert len(deprecated) == 1 and deprecated.iloc[0]["severity"] == "warning"
    assert (card.loc["AA01", "benchmark_rank"], card.loc["AA01", "benchmark_n"]) == (3, 5)
    assert card.loc["AA01", "benchmark_quartile"] == 2
    assert card.loc["AA01", "benchmark_median"] == pytest.approx(85.0)
    assert (card.loc["AA02", "benchmark_rank"], card.loc["AA02", "benchmark_quartile"]) == (2, 1)
    assert pd.isna(card.loc["AA03", "benchmark_rank"])  # no comparator data for it


def test_scorecard_carries_the_forecast_columns_with_a_reason_for_each_pi_without_one(prepared):
    # The fixture has returns for 2022-23 Q3 and 2023-24 Q1-Q3 only: no complete past year, so no
    # forecast anywhere, each with its reason (docs/methodology.md section 10), first reason first.
    card = prepared.scorecard.set_index("pi_code")
    assert (card["forecast_method"] == "No forecast").all() and card["forecast_p_meet"].isna().all()
    assert card["forecast_reason"].to_dict() == {
        "AA01": "fewer than two complete past years of figures",
        "AA02": "fewer than two complete past years of figures",
        "AA03": "fewer than two complete past years of figures",
        "AA04": "fewer than two complete past years of figures",
        "AA05": "no usable figure for 2023-24 Q3",  # left blank this quarter
        "BB01": "fewer than two complete past years of figures",
        "BB02": "no target for 2023-24",  # Data only
        "BB03": "annual PI: no within-year figures",
        "BB04": "annual PI: no within-year figures",
        "BB05": "fewer than two complete past years of figures",
    }
    # the year-end target of AA04 (cumulative count profiled 100/200/300/400) is the Q4 profile, 400,
    # not this quarter's 300
    assert card.loc["AA04", "forecast_target"] == 400 and card.loc["AA04", "target"] == 300
    # no PI of the fixture is about people, so none has a hidden figure to keep its forecast from print
    assert not card["series_suppressed"].any()
    published = scorecard_frame(prepared.scorecard, Suppression(min_count=5, min_denominator=10))
    for col in ("forecast_outturn", "forecast_low", "forecast_high", "forecast_p_meet", "forecast_method"):
        assert col in published.columns
    assert list(published.columns[-9:]) == [
        "forecast_outturn",
        "forecast_low",
        "forecast_high",
        "forecast_p_meet",
        "forecast_method",
        "forecast_reason",
        "forecast_target",
        "forecast_target_upper",
        "service_forecast",
    ]


def test_a_comparator_source_with_a_mapping_reaches_the_scorecard(fresh_fixture):
    root = fresh_fixture.parent
    fresh_fixture.write_text(
        fresh_fixture.read_text()
        + f"benchmarking:\n  own_area_code: E00000000\n  group_name: Neighbours\n  folder: {root.as_posix()}/cmp\n"
    )
    (root / "cmp").mkdir()
    (root / "cmp" / "rates.yml").write_text(
        "layout: long\nfiles: [rates.csv]\ngroup: {codes: [E1, E2, E3, E4]}\n", encoding="utf-8"
    )
    # AA01, higher is better; Testshire's 2023-24 Q3 figure 85.0 (its return), here with counts.
    # Counts for everyone: pooled 100 x (170 + 92 + 88 + 80 + 70) / (200 + 100 + 100 + 100 + 100) = 500 / 6 = 83.33%.
    # Best first: 92, 88, 85 (us), 80, 70 -> rank 3 of 5, quartile 2 (4 x 2 = 8 <= 2 x 4); median 85.
    # Funnel: p0 = 500/600; at n = 200, se = sqrt(0.833333 x 0.166667 / 200) = 0.0263523;
    # z = (0.85 - 0.833333) / 0.0263523 = 0.63246: similar to the group.
    (root / "cmp" / "rates.csv").write_text(
        "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
        "E00000000,Testshire,2023-24 Q3,AA01,85.0,170,200\n"
        "E1,One,2023-24 Q3,AA01,92.0,92,100\n"
        "E2,Two,2023-24 Q3,AA01,88.0,88,100\n"
        "E3,Three,2023-24 Q3,AA01,80.0,80,100\n"
        "E4,Four,2023-24 Q3,AA01,70.0,70,100\n"
        "E5,Not in group,2023-24 Q3,AA01,99.0,99,100\n"
        "E1,One,2023-24 Q3,ZZ99,1,,\n",
        encoding="utf-8",
    )
    prepared = prepare_quarter("2023-24 Q3", fresh_fixture)
    row = prepared.scorecard.set_index("pi_code").loc["AA01"]
    assert (row["benchmark_rank"], row["benchmark_n"], row["benchmark_quartile"]) == (3, 5, 2)
    assert row["benchmark_median"] == 85.0 and row["benchmark_average"] == pytest.approx(83.333333, abs=1e-6)
    assert row["benchmark_average_method"] == "pooled rate" and row["benchmark_group"] == "Neighbours"
    assert row["benchmark_funnel"] == "similar to the group"
    assert row["benchmark_funnel_z"] == pytest.approx(0.63246, abs=1e-5)
    # ZZ99 is no PI of the catalogue: one warning names it
    left_out = prepared.problems[prepared.problems["message"].str.contains("left out")]
    assert len(left_out) == 1 and "ZZ99" in left_out.iloc[0]["message"]
    assert set(prepared.comparators["pi_code"]) == {"AA01"} and len(prepared.comparators) == 5


def test_scorecard_carries_who_is_accountable_and_the_planned_action(fresh_fixture):
    from openpyxl import load_workbook

    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    wb = load_workbook(path)
    ws = wb["Indicators"]
    col = ws.max_column + 1
    ws.cell(row=1, column=col, value="Planned action")
    ws.cell(row=1, column=col + 1, value="Action due")
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "AA01":
            ws.cell(row=row[0].row, column=col, value="Open a second call centre team")
            ws.cell(row=row[0].row, column=col + 1, value="31/03/2024")
    wb.save(path)
    card = prepare_quarter("2023-24 Q3", fresh_fixture).scorecard.set_index("pi_code")
    assert card.loc["AA01", "planned_action"] == "Open a second call centre team"
    assert card.loc["AA01", "action_due"] == "2024-03-31"
    assert card.loc["AA01", "lead_officer"] == "Head of Alpha"
    assert card.loc["BB02", "portfolio_holder"] == "Cabinet Member for Beta"
    # beta's return has no such columns, and BB04 (annual, due in Q1) is in no return this quarter: ""
    assert card.loc["BB01", "planned_action"] == "" and card.loc["BB04", "action_due"] == ""
    for c in ("lead_officer", "portfolio_holder", "planned_action", "action_due"):
        assert card[c].map(type).eq(str).all(), c
