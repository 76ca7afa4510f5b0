"""Benchmarking rules: period, rank and ties, quartile, median, group average and its method, funnel label.

The figures are tests/comparator_data.py's (five areas A01-A05 and the council,
OWN); every expectation below is worked by hand in the comments. The report
quarter is 2023-24 Q3 (1 October - 31 December 2023) unless a test says otherwise.
"""

from __future__ import annotations

import comparator_data
import pandas as pd
import pytest

from perflib.inputs.comparators import load_comparators
from perflib.rules import benchmarking as bm

Q3 = "2023-24 Q3 (October to December 2023)"


def compare(config, quarter: str = "2023-24 Q3") -> bm.Comparison:
    data = load_comparators(config)
    return bm.compare_with_group(data, comparator_data.scorecard(), config, quarter)


@pytest.fixture()
def summary(bench_config) -> pd.DataFrame:
    return compare(bench_config).summary.set_index("pi_code")


# --------------------------------------------------------------------------- rank, ties and quartile
def test_rank_quartile_median_and_mean(summary):
    # XX01, higher: 80, 70 (us), 60, 60, 50, 40 -> rank 2 of 6; p = 1/5 = 0.2 -> quartile 1.
    # Median of 40, 50, 60, 60, 70, 80 = (60 + 60) / 2 = 60; no counts, so the average is the mean,
    # (70 + 80 + 60 + 60 + 50 + 40) / 6 = 360 / 6 = 60. Z99 is not in the group; the financial year
    # 2023-24 ends on 31 March 2024, after the quarter, so its rows are not used.
    row = summary.loc["XX01"]
    assert (row["benchmark_rank"], row["benchmark_n"], row["benchmark_quartile"], row["benchmark_ties"]) == (2, 6, 1, 0)
    assert (row["benchmark_median"], row["benchmark_average"], row["benchmark_value"]) == (60, 60, 70)
    assert row["benchmark_average_method"] == bm.MEAN_METHOD
    assert row["benchmark_period"] == Q3 and row["benchmark_group"] == "Test group"
    assert row["benchmark_own_missing"] == "" and row["benchmark_funnel"] == "" and pd.isna(row["benchmark_funnel_z"])


def test_lower_is_better(summary):
    # XX02, lower: 40, 50, 60, 60, 70 (us), 80 -> rank 5 of 6; p = 4/5 = 0.8 -> quartile 4.
    # Periods written 2023/24 Q3 and 2023-24-Q3 are the same quarter.
    row = summary.loc["XX02"]
    assert (row["benchmark_rank"], row["benchmark_n"], row["benchmark_quartile"]) == (5, 6, 4)


def test_ties_share_the_better_rank_and_are_counted(summary):
    # XX03, higher: 80, then 60 (us), 60, 60 -> we share rank 2 with two other areas: p = 0.2, quartile 1.
    # The median (60) is not the mean: (60 + 80 + 60 + 60 + 50 + 40) / 6 = 350 / 6 = 58.333.
    row = summary.loc["XX03"]
    assert (row["benchmark_rank"], row["benchmark_ties"], row["benchmark_quartile"]) == (2, 2, 1)
    assert row["benchmark_median"] == 60 and row["benchmark_average"] == pytest.approx(58.333333, abs=1e-6)
    # TT01: 90 (us), 90, 90, 80, 60, 60 -> three share rank 1; median (90 + 80) / 2 = 85
    top = summary.loc["TT01"]
    assert (top["benchmark_rank"], top["benchmark_ties"], top["benchmark_quartile"]) == (1, 2, 1)
    assert top["benchmark_median"] == 85


def test_rank_of_and_ties_of():
    values = pd.Series({"OWN": 60.0, "A01": 80.0, "A02": 60.0, "A03": 60.0, "A04": 50.0, "A05": 40.0})
    # Lower: 40, 50, then three 60s sharing rank 3 (us among them): p = 2/5 = 0.4, quartile 2.
    assert bm.rank_of(values, "OWN", "lower") == 3 and bm.quartile(3, 6, 4) == 2
    assert bm.rank_of(values, "A01", "lower") == 6
    assert bm.rank_of(values, "OWN", "range") is None and bm.rank_of(values, "Z99", "higher") is None
    assert bm.ties_of(values, "OWN") == 2 and bm.ties_of(values, "A01") == 0 and bm.ties_of(values, "Z99") == 0
    # 60.0000001 is 60 to 6 decimal places: the same figure
    assert bm.ties_of(values.replace(80.0, 60.0000001), "OWN") == 3


@pytest.mark.parametrize("rank,expected", [(1, 1), (9, 1), (10, 2), (17, 2), (18, 3), (25, 3), (26, 4), (34, 4)])
def test_quartile_boundaries_for_34_areas(rank, expected):
    # p = (r - 1) / 33: r = 9 gives 0.242 (top), 10 gives 0.273; 17 gives 0.485, 18 gives 0.515;
    # 25 gives 0.727, 26 gives 0.758. So 9, 8, 8 and 9 areas in quartiles 1 to 4.
    assert bm.quartile(rank, 34, 4) == expected


def test_quartile_edge_cases():
    assert bm.quartile(2, 5, 4) == 1  # p = 0.25 exactly: the better quartile
    assert bm.quartile(4, 5, 4) == 3  # p = 0.75 exactly
    assert bm.quartile(1, 3, 4) is None  # fewer than 4 areas: no quartile
    assert bm.quartile(None, 10, 4) is None


# --------------------------------------------------------------------------- the group average and the funnel
def test_pooled_rate_when_every_area_gives_numerator_and_denominator(summary):
    # XX04: numerators 30+10+45+20+5+90 = 200; denominators 100+50+150+40+10+200 = 550;
    # pooled 100 x 200 / 550 = 36.3636%. Median of 20, 30, 30, 45, 50, 50 = (30 + 45) / 2 = 37.5.
    # Higher: 50, 50, 45, 30 (us), 30, 20: rank 4, shared with A02; p = 3/5 = 0.6 -> quartile 3.
    # Funnel: p0 = 4/11; at n = 100, se = sqrt(4/11 x 7/11 / 100) = sqrt(0.00231405) = 0.0481046;
    # z = (0.30 - 0.363636) / 0.0481046 = -1.32288: inside +/-3.090, "similar to the group".
    row = summary.loc["XX04"]
    assert row["benchmark_average_method"] == bm.POOLED_METHOD
    assert row["benchmark_average"] == pytest.approx(36.363636, abs=1e-6)
    assert row["benchmark_median"] == 37.5
    assert (row["benchmark_rank"], row["benchmark_ties"], row["benchmark_quartile"]) == (4, 1, 3)
    assert row["benchmark_funnel"] == "similar to the group"
    assert row["benchmark_funnel_z"] == pytest.approx(-1.32288, abs=1e-5)
    assert pd.isna(row["benchmark_funnel_phi"])  # over-dispersion is off by default


def test_mean_when_one_area_lacks_counts_and_the_funnel_leaves_it_off(summary):
    # XX05: A05 gives only its rate, so the average is the mean: (30+20+30+50+50+45) / 6 = 225 / 6 = 37.5.
    # The funnel uses the five areas with counts: p0 = (30+10+45+20+5) / (100+50+150+40+10) = 110/350;
    # se at 100 = sqrt(0.314286 x 0.685714 / 100) = 0.0464229; z = (0.30 - 0.314286) / 0.0464229 = -0.30773.
    row = summary.loc["XX05"]
    assert row["benchmark_average_method"] == bm.MEAN_METHOD and row["benchmark_average"] == 37.5
    assert row["benchmark_funnel_z"] == pytest.approx(-0.30773, abs=1e-5)


def test_range_pi_gets_median_and_mean_but_no_rank(summary):
    # XX06: [c] and blank values are missing, not errors: 10 (us), 12, 8, 9 -> n 4, median (9 + 10) / 2 = 9.5,
    # mean 39 / 4 = 9.75. Range PIs are not ranked, and get no funnel label.
    row = summary.loc["XX06"]
    assert row["benchmark_n"] == 4 and row["benchmark_median"] == 9.5 and row["benchmark_average"] == 9.75
    assert pd.isna(row["benchmark_rank"]) and pd.isna(row["benchmark_quartile"]) and row["benchmark_value"] == 10


def test_group_average_method():
    rows = pd.DataFrame({"value": [50.0, 30.0], "numerator": [5.0, 30.0], "denominator": [10.0, 100.0]})
    # pooled 100 x 35 / 110 = 31.818%; the mean would be 40
    assert bm.group_average(rows, "percent") == (pytest.approx(31.818182, abs=1e-6), bm.POOLED_METHOD)
    assert bm.group_average(rows, "count") == (40.0, bm.MEAN_METHOD)  # only percentages are pooled
    assert bm.group_average(rows.assign(denominator=[10.0, 0.0]), "percent") == (40.0, bm.MEAN_METHOD)


# --------------------------------------------------------------------------- the council without a figure
def test_own_figure_suppressed_describes_the_group_and_ranks_nobody(summary):
    # SS01: the council's row is [c]; the five others: 40, 50, 60, 70, 80 -> median 60,
    # pooled (40+50+120+70+80) / (100+100+200+100+100) = 360 / 600 = 60.0%.
    row = summary.loc["SS01"]
    assert row["benchmark_own_missing"] == "c" and row["benchmark_n"] == 5
    assert (row["benchmark_median"], row["benchmark_average"]) == (60, 60)
    assert pd.isna(row["benchmark_rank"]) and pd.isna(row["benchmark_quartile"]) and pd.isna(row["benchmark_value"])
    assert row["benchmark_funnel"] == "" and pd.isna(row["benchmark_funnel_z"])
    assert row["benchmark_period"] == Q3  # the group's latest period, never an older one with the council's figure


def test_a_figure_the_report_suppresses_is_not_ranked_or_charted(bench_config):
    # SC01, a sensitive count: the council's 3 is below min_count 5 (data/methodology.yml), so it is withheld
    # as if suppressed; the other four: 9, 12, 15, 20 -> median (12 + 15) / 2 = 13.5, mean 56 / 4 = 14.
    # SC02, a sensitive percentage: the council's 4 of 8 rests on fewer than min_denominator 10 people.
    comparison = compare(bench_config)
    summary = comparison.summary.set_index("pi_code")
    sc01 = summary.loc["SC01"]
    assert sc01["benchmark_own_missing"] == bm.SMALL and sc01["benchmark_n"] == 4
    assert (sc01["benchmark_median"], sc01["benchmark_average"]) == (13.5, 14.0)
    assert pd.isna(sc01["benchmark_rank"]) and pd.isna(sc01["benchmark_value"])
    sc02 = summary.loc["SC02"]
    assert sc02["benchmark_own_missing"] == bm.SMALL and sc02["benchmark_funnel"] == ""
    # pooled over the other four: (40 + 60 + 45 + 55) / 400 = 50%
    assert sc02["benchmark_average"] == 50.0 and sc02["benchmark_average_method"] == bm.POOLED_METHOD
    values = comparison.values
    assert not values.loc[values["pi_code"].isin(["SC01", "SC02"]), "own"].any()  # no council column to draw
    # the same figures for a PI that is not sensitive are ranked: 3 is the lowest, best for a lower PI
    card = comparator_data.scorecard().assign(sensitive="no")
    open_ = bm.compare_with_group(load_comparators(bench_config), card, bench_config, "2023-24 Q3").summary
    assert open_.set_index("pi_code").loc["SC01", "benchmark_rank"] == 1


def test_council_missing_from_the_file(summary):
    row = summary.loc["XX07"]  # 55 and 45 only
    assert row["benchmark_own_missing"] == bm.NO_ROW and row["benchmark_n"] == 2 and row["benchmark_median"] == 50
    assert pd.isna(row["benchmark_rank"]) and pd.isna(row["benchmark_value"])


def test_no_comparator_figures(summary):
    row = summary.loc["QQ01"]
    assert pd.isna(row["benchmark_median"]) and pd.isna(row["benchmark_rank"]) and row["benchmark_n"] == 0
    assert row["benchmark_average_method"] == "" and row["benchmark_period"] is None
    assert list(summary.index) == comparator_data.scorecard()["pi_code"].tolist()


# --------------------------------------------------------------------------- the period rule
def test_an_annual_series_is_compared_on_its_latest_year_ended_by_the_quarter(bench_config):
    # YY01 at 2023-24 Q3: the financial year 2023-24 ends 31 March 2024, after the quarter's 31 December 2023,
    # so 2022-23 (ends 31 March 2023, 9 months before): 62 (A01), 59 (us) -> rank 2 of 2, no quartile.
    q3 = compare(bench_config).summary.set_index("pi_code").loc["YY01"]
    assert q3["benchmark_period"] == "financial year 2022-23"
    assert (q3["benchmark_rank"], q3["benchmark_n"]) == (2, 2) and pd.isna(q3["benchmark_quartile"])
    # at 2023-24 Q4 (ends 31 March 2024) the year 2023-24: 70, 64, 61 (us), 58, 55 -> rank 3 of 5;
    # p = 2/4 = 0.5 -> quartile 2; median 61.
    q4 = compare(bench_config, "2023-24 Q4").summary.set_index("pi_code").loc["YY01"]
    assert q4["benchmark_period"] == "financial year 2023-24"
    assert (q4["benchmark_rank"], q4["benchmark_n"], q4["benchmark_quartile"], q4["benchmark_median"]) == (3, 5, 2, 61)


def test_the_latest_period_wins_and_the_look_back_ends_it(bench_config):
    # YY03 at Q3: the quarter's rows (40 us, 30, 20, 10 -> rank 1 of 4); at Q4 the financial year 2023-24 ends
    # later than Q3, so it is used: 1 (us), 2, 3, 4 -> rank 4 of 4.
    assert compare(bench_config).summary.set_index("pi_code").loc["YY03", "benchmark_rank"] == 1
    q4 = compare(bench_config, "2023-24 Q4").summary.set_index("pi_code").loc["YY03"]
    assert (q4["benchmark_period"], q4["benchmark_rank"]) == ("financial year 2023-24", 4)
    # 2025-26 Q4 ends 31 March 2026, exactly 24 months after FY 2023-24: still used; a quarter later, nothing
    assert compare(bench_config, "2025-26 Q4").summary.set_index("pi_code").loc["YY01", "benchmark_n"] == 5
    assert compare(bench_config, "2026-27 Q1").summary.set_index("pi_code").loc["YY01", "benchmark_n"] == 0


def test_a_mappings_look_back_overrides_the_methodologys(bench_config):
    text = (bench_config.folder / "test.yml").read_text() + "lookback_months: 36\n"
    (bench_config.folder / "test.yml").write_text(text)
    # 2026-27 Q1 ends 30 June 2026; FY 2023-24 ended 27 months before: inside 36
    row = compare(bench_config, "2026-27 Q1").summary.set_index("pi_code").loc["YY01"]
    assert (row["benchmark_period"], row["benchmark_n"]) == ("financial year 2023-24", 5)


# --------------------------------------------------------------------------- the figures behind each comparison
def test_values_are_the_group_figures_behind_each_comparison(bench_config):
    comparison = compare(bench_config)
    values, summary = comparison.values, comparison.summary.set_index("pi_code")
    assert list(values.columns) == list(bm.COMPARATOR_COLUMNS)
    xx01 = values[values["pi_code"] == "XX01"]
    assert sorted(xx01["area_code"]) == ["A01", "A02", "A03", "A04", "A05", "OWN"]
    assert set(xx01["period"]) == {Q3}
    assert xx01.set_index("area_code").loc["OWN", "value"] == 70.0 and xx01["own"].sum() == 1
    # XX06: [c] and blank are no figure, so four areas (as benchmark_n says); SS01: the council's [c] is left out
    for code in ("XX06", "SS01"):
        assert len(values[values["pi_code"] == code]) == summary.loc[code, "benchmark_n"]
    assert not values[values["pi_code"] == "SS01"]["own"].any()
    xx04 = values[values["pi_code"] == "XX04"].set_index("area_code")
    assert (xx04.loc["A05", "numerator"], xx04.loc["A05", "denominator"]) == (90.0, 200.0)
    assert not values["pi_code"].eq("QQ01").any()
    assert values["pi_code"].drop_duplicates().tolist() == [c for c in summary.index if c in set(values["pi_code"])]


def test_nothing_to_compare_gives_empty_tables(bench_config):
    from perflib.inputs.comparators import ComparatorData, empty_table

    comparison = bm.compare_with_group(ComparatorData(empty_table()), comparator_data.scorecard(), None, "2023-24 Q3")
    assert comparison.values.empty and list(comparison.values.columns) == list(bm.COMPARATOR_COLUMNS)
    assert comparison.summary["benchmark_n"].eq(0).all() and comparison.summary["benchmark_group"].eq("").all()
