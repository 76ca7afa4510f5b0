"""Benchmarking rules: rank, quartile, median or pooled average, period matching, with hand-worked figures."""

from __future__ import annotations

import comparator_data
import pandas as pd
import pytest

from perflib.inputs.comparators import load_benchmarks
from perflib.rules import benchmarking as bm


@pytest.fixture()
def summary(bench_config) -> pd.DataFrame:
    frame, problems = load_benchmarks(bench_config)
    assert problems == []
    return bm.benchmark_summary(frame, comparator_data.scorecard(), bench_config).set_index("pi_code")


# --------------------------------------------------------------------------- rank and quartile
def test_rank_and_quartile_higher_is_better(summary):
    # 80, 70 (us), 60, 60, 50, 40: rank 2 of 6; p = 1/5 = 0.2 -> quartile 1.
    # Median of 40, 50, 60, 60, 70, 80 = (60 + 60) / 2 = 60. Z99 is not in the group.
    row = summary.loc["XX01"]
    assert (row["benchmark_rank"], row["benchmark_n"], row["benchmark_quartile"]) == (2, 6, 1)
    assert row["benchmark_median"] == 60
    assert row["benchmark_value"] == 70
    assert row["benchmark_period"] == "2023-24 Q3"  # the financial-year rows are not used
    assert row["benchmark_method"] == bm.MEDIAN_METHOD and row["benchmark_average"] == 60
    assert row["benchmark_group"] == "Test group"


def test_rank_and_quartile_lower_is_better(summary):
    # Same figures, lower is better: 40, 50, 60, 60, 70 (us), 80: rank 5 of 6;
    # p = 4/5 = 0.8 -> quartile 4. Periods written 2023/24 Q3 and 2023-24-Q3 count.
    row = summary.loc["XX02"]
    assert (row["benchmark_rank"], row["benchmark_n"], row["benchmark_quartile"]) == (5, 6, 4)


def test_ties_share_the_better_rank(summary):
    # Higher: 80, 60 (us), 60, 60, 50, 40 -> we share rank 2 with two others: p = 0.2, quartile 1.
    row = summary.loc["XX03"]
    assert (row["benchmark_rank"], row["benchmark_quartile"]) == (2, 1)


def test_ties_share_the_better_rank_lower():
    values = pd.Series({"OWN": 60.0, "A01": 80.0, "A02": 60.0, "A03": 60.0, "A04": 50.0, "A05": 40.0})
    # Lower: 40, 50, then three 60s sharing rank 3 (us among them): p = 2/5 = 0.4, quartile 2.
    assert bm.rank_of(values, "OWN", "lower") == 3
    assert bm.quartile(3, 6) == 2
    assert bm.rank_of(values, "A01", "lower") == 6


@pytest.mark.parametrize("rank,expected", [(1, 1), (9, 1), (10, 2), (17, 2), (18, 3), (25, 3), (26, 4), (34, 4)])
def test_quartile_boundaries_for_34_areas(rank, expected):
    # p = (r - 1) / 33: r = 9 gives 0.242 (top), 10 gives 0.273; 17 gives 0.485, 18 gives 0.515;
    # 25 gives 0.727, 26 gives 0.758. So 9, 8, 8 and 9 areas in quartiles 1 to 4.
    assert bm.quartile(rank, 34) == expected


def test_quartile_edge_cases():
    assert bm.quartile(2, 5) == 1  # p = 0.25 exactly: the better quartile
    assert bm.quartile(4, 5) == 3  # p = 0.75 exactly
    assert bm.quartile(1, 3) is None  # fewer than 4 areas: no quartile


# --------------------------------------------------------------------------- averages
def test_pooled_rate_when_every_area_gives_numerator_and_denominator(summary):
    # Numerators 30+10+45+20+5+90 = 200; denominators 100+50+150+40+10+200 = 550;
    # pooled 100 x 200 / 550 = 36.3636%. Median of 20, 30, 30, 45, 50, 50 = 37.5.
    # Higher: 50, 50, 45, 30 (us), 30, 20: rank 4; p = 3/5 = 0.6 -> quartile 3.
    row = summary.loc["XX04"]
    assert row["benchmark_method"] == bm.POOLED_METHOD
    assert row["benchmark_average"] == pytest.approx(36.363636, abs=1e-6)
    assert row["benchmark_median"] == 37.5
    assert (row["benchmark_rank"], row["benchmark_quartile"]) == (4, 3)


def test_pooled_example_lower_is_better():
    # docs/methodology.md section 9: the same six figures for a lower PI put us 2nd, quartile 1.
    values = pd.Series({"OWN": 30.0, "A01": 20.0, "A02": 30.0, "A03": 50.0, "A04": 50.0, "A05": 45.0})
    assert bm.rank_of(values, "OWN", "lower") == 2 and bm.quartile(2, 6) == 1
    assert bm.rank_of(values, "OWN", "range") is None


def test_median_when_one_area_lacks_numerator_and_denominator(summary):
    row = summary.loc["XX05"]
    assert row["benchmark_method"] == bm.MEDIAN_METHOD
    assert row["benchmark_average"] == row["benchmark_median"] == 37.5


def test_range_pi_gets_median_but_no_rank(summary):
    # [c] and blank values are missing, not errors: 10, 12, 8, 9 -> n 4, median 9.5.
    row = summary.loc["XX06"]
    assert row["benchmark_n"] == 4 and row["benchmark_median"] == 9.5
    assert pd.isna(row["benchmark_rank"]) and pd.isna(row["benchmark_quartile"])


def test_council_missing_from_the_file_is_not_ranked(summary):
    row = summary.loc["XX07"]
    assert row["benchmark_n"] == 2 and row["benchmark_median"] == 50
    assert pd.isna(row["benchmark_rank"]) and pd.isna(row["benchmark_value"])


# --------------------------------------------------------------------------- periods
def test_annual_pi_matches_its_financial_year(summary):
    # 2023-24: 70, 64, 61 (us), 58, 55 -> rank 3 of 5; p = 2/4 = 0.5 -> quartile 2; median 61.
    row = summary.loc["YY01"]
    assert row["benchmark_period"] == "2023-24"
    assert (row["benchmark_rank"], row["benchmark_n"], row["benchmark_quartile"]) == (3, 5, 2)
    assert row["benchmark_median"] == 61


def test_quarter_row_wins_over_the_financial_year(summary):
    row = summary.loc["YY03"]
    assert row["benchmark_period"] == "2023-24 Q3"
    assert row["benchmark_rank"] == 1 and row["benchmark_value"] == 40


def test_not_due_and_missing_pis_have_no_benchmark(summary):
    for code in ("ZZ01", "QQ01"):
        row = summary.loc[code]
        assert pd.isna(row["benchmark_median"]) and pd.isna(row["benchmark_rank"]) and row["benchmark_n"] == 0
        assert row["benchmark_method"] == ""
    assert list(summary.index) == comparator_data.scorecard()["pi_code"].tolist()


@pytest.mark.parametrize(
    "quarter,frequency,measure,expected",
    [
        ("2023-24 Q3", "quarterly", "in_quarter", ["2023-24 Q3"]),
        ("2023-24 Q3", "quarterly", "cumulative", ["2023-24 Q3"]),
        ("2022-23 Q4", "quarterly", "cumulative", ["2022-23 Q4", "2022-23"]),
        ("2022-23 Q4", "quarterly", "snapshot", ["2022-23 Q4"]),
        ("2023-24 Q3", "annual", "in_quarter", ["2023-24 Q3", "2023-24"]),
        ("2023-24 Q1", "biennial", "in_quarter", ["2023-24 Q1", "2023-24"]),
    ],
)
def test_matching_periods(quarter, frequency, measure, expected):
    assert bm.matching_periods(quarter, frequency, measure) == expected


# --------------------------------------------------------------------------- comparator chart data
def test_comparator_values_are_the_group_figures_behind_each_comparison(bench_config):
    frame, _ = load_benchmarks(bench_config)
    summary = bm.benchmark_summary(frame, comparator_data.scorecard(), bench_config)
    values = bm.comparator_values(frame, summary, bench_config)
    assert list(values.columns) == list(bm.COMPARATOR_COLUMNS)
    xx01 = values[values["pi_code"] == "XX01"]
    # the quarter's six group rows; Z99 is not in the group and the 2023-24 year rows were not compared
    assert sorted(xx01["area_code"]) == ["A01", "A02", "A03", "A04", "A05", "OWN"]
    assert set(xx01["period"]) == {"2023-24 Q3"}
    assert xx01.set_index("area_code").loc["OWN", "value"] == 70.0
    assert xx01["own"].sum() == 1 and xx01.set_index("area_code").loc["OWN", "own"]
    # XX06: [c] and blank are no figure, so four areas (as benchmark_n says)
    assert len(values[values["pi_code"] == "XX06"]) == summary.set_index("pi_code").loc["XX06", "benchmark_n"] == 4
    # YY01 was compared on the financial year 2023-24: its five rows, not 2022-23's
    yy01 = values[values["pi_code"] == "YY01"]
    assert set(yy01["period"]) == {"2023-24"} and len(yy01) == 5
    # not due (ZZ01) and no data (QQ01): nothing
    assert not values["pi_code"].isin(["ZZ01", "QQ01"]).any()
    # in the scorecard's PI order
    assert values["pi_code"].drop_duplicates().tolist() == [
        c for c in summary["pi_code"] if c in set(values["pi_code"])
    ]


def test_comparator_values_without_benchmarking_are_empty(bench_config):
    frame, _ = load_benchmarks(bench_config)
    summary = bm.benchmark_summary(frame, comparator_data.scorecard(), bench_config)
    assert bm.comparator_values(frame, summary, None).empty
    assert bm.comparator_values(frame.iloc[0:0], summary, bench_config).empty
    assert list(bm.comparator_values(frame, pd.DataFrame(), bench_config).columns) == list(bm.COMPARATOR_COLUMNS)
