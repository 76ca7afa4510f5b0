"""The comparison in words: the table cell and the PI's details (pi_view.bench_text), checked by hand.

The figures are tests/comparator_data.py's at 2023-24 Q3; tests/rules/test_benchmarking.py
works out each rank, median and average. No sentence may call a median an
average or an average a median, or rank a council that has no figure.
"""

from __future__ import annotations

import comparator_data

from perflib.inputs.comparators import load_comparators
from perflib.report.comparator_words import names_and, own_missing_text, tied_text
from perflib.report.pi_view import bench_text
from perflib.rules import benchmarking as bm

Q3 = "2023-24 Q3 (October to December 2023)"


def rows(bench_config) -> dict[str, dict]:
    card = comparator_data.scorecard().assign(decimals=1)
    summary = bm.compare_with_group(load_comparators(bench_config), card, bench_config, "2023-24 Q3").summary
    return {r["pi_code"]: r for r in card.merge(summary, on="pi_code").to_dict("records")}


def test_ranked_with_a_pooled_average_and_a_funnel_label(bench_config):
    d = rows(bench_config)["XX04"]
    # rank 4 of 6 shared with A02, quartile 3; median 37.5; pooled 200/550 = 36.4%; funnel similar
    assert bench_text(d, short=True) == "quartile 3; rank 4 of 6; similar to the group"
    assert bench_text(d, short=False) == (
        f"In {Q3}, the council's figure was 30.0%: rank 4 of 6, shared with 1 other area, quartile 3 (1 is best) "
        "in Test group. Group median 37.5%, group average 36.4% (pooled from the areas' numerators and "
        "denominators). Funnel plot: similar to the group."
    )


def test_a_mean_is_called_a_mean_and_ties_are_said(bench_config):
    d = rows(bench_config)["XX03"]
    # rank 2 shared with two others; median 60.0; mean 350 / 6 = 58.3
    assert bench_text(d, short=False) == (
        f"In {Q3}, the council's figure was 60.0%: rank 2 of 6, shared with 2 other areas, quartile 1 (1 is best) "
        "in Test group. Group median 60.0%, group average 58.3% (mean of the areas' figures)."
    )
    assert "pooled" not in bench_text(d, short=False)


def test_own_figure_suppressed_is_said_and_nothing_is_ranked(bench_config):
    d = rows(bench_config)["SS01"]
    assert bench_text(d, short=True) == "Not ranked: own figure suppressed in the release"
    assert bench_text(d, short=False) == (
        f"In {Q3} the council's own figure is suppressed in the release, so it is not ranked. 5 areas in Test "
        "group: group median 60.0%, group average 60.0% (pooled from the areas' numerators and denominators)."
    )
    absent = rows(bench_config)["XX07"]
    assert bench_text(absent, short=True) == "Not ranked: own figure not in the comparator data"


def test_range_pi_is_not_ranked_but_has_comparator_data(bench_config):
    d = rows(bench_config)["XX06"]
    assert bench_text(d, short=True) == "Not ranked (no better direction)"
    assert bench_text(d, short=False) == (
        f"In {Q3}, the council's figure was 10.0%; it is not ranked, as neither higher nor lower is better "
        "(4 areas in Test group). Group median 9.5%, group average 9.8% (mean of the areas' figures)."
    )


def test_no_comparator_data(bench_config):
    d = rows(bench_config)["QQ01"]
    assert (bench_text(d, short=True), bench_text(d, short=False)) == ("\u2013", "No comparator data")


def test_widened_limits_are_said():
    d = {
        "benchmark_n": 30,
        "benchmark_rank": 29,
        "benchmark_quartile": 4,
        "benchmark_ties": 0,
        "benchmark_value": 77.6,
        "benchmark_median": 85.6,
        "benchmark_average": 84.8,
        "benchmark_average_method": bm.MEAN_METHOD,
        "benchmark_group": "G",
        "benchmark_period": "P",
        "benchmark_funnel": "similar to the group",
        "benchmark_funnel_phi": 20.471,
        "unit": "percent",
        "decimals": 1,
    }
    assert bench_text(d, short=False).endswith(
        "Funnel plot: similar to the group (limits widened for over-dispersion, phi = 20.47)."
    )


def test_words():
    assert own_missing_text("c") == "suppressed in the release"
    assert own_missing_text("x") == "not given in the release (not available)"
    assert own_missing_text("0/0") == "not given in the release (numerator and denominator both 0)"
    assert own_missing_text(bm.NO_ROW) == "not in the comparator data"
    assert own_missing_text(bm.SMALL) == "withheld to protect small numbers"
    assert (names_and([]), names_and(["A"]), names_and(["A", "B"]), names_and(["A", "B", "C"])) == (
        "",
        "A",
        "A and B",
        "A, B and C",
    )
    assert (tied_text(0), tied_text(1), tied_text(2)) == (
        "",
        ", shared with 1 other area",
        ", shared with 2 other areas",
    )
