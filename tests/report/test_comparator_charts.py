"""The comparator chart: better to the right, the council on the better side of its tie, alt text with the numbers."""

from __future__ import annotations

import comparator_data
import pandas as pd

from perflib.inputs.comparators import load_comparators
from perflib.report import comparator_charts as charts
from perflib.rules import benchmarking as bm


def _comparison(bench_config):
    data = load_comparators(bench_config)
    comparison = bm.compare_with_group(data, comparator_data.scorecard(), bench_config, "2023-24 Q3")
    return comparison.values, comparison.summary.set_index("pi_code")


def _chart(values, summary, code, direction, no_own=""):
    row = summary.loc[code]
    rank, quartile = row["benchmark_rank"], row["benchmark_quartile"]
    return charts.comparator_chart(
        values[values["pi_code"] == code],
        f"{code} Test PI",
        "percent",
        1,
        direction,
        "Test group",
        row["benchmark_period"],
        float(row["benchmark_median"]),
        rank=None if pd.isna(rank) else int(rank),
        quartile=None if pd.isna(quartile) else int(quartile),
        no_own_figure=no_own,
    )


def test_alt_text_states_the_numbers(bench_config):
    values, summary = _comparison(bench_config)
    fig = _chart(values, summary, "XX02", "lower")  # lower is better: 40 50 60 60 70 80, Ourtown 70 ranks 5
    assert fig.png.startswith(b"\x89PNG")
    assert fig.alt == (
        "Column chart of XX02 Test PI for 2023-24 Q3 (October to December 2023) across 6 areas in Test group: "
        "Ourtown 70.0%, rank 5 of 6, quartile 4 where 1 is best; group median 60.0%; lowest 40.0% (Area Five), "
        "highest 80.0% (Area One)."
    )
    assert "compared with Test group" in fig.caption


def test_every_area_tied_at_the_top_or_bottom_is_named(bench_config):
    values, summary = _comparison(bench_config)
    # TT01: 90 (Ourtown, Area One, Area Two), 80, 60 (Area Four, Area Five)
    fig = _chart(values, summary, "TT01", "higher")
    assert fig.alt.endswith("lowest 60.0% (Area Five and Area Four), highest 90.0% (Area One, Area Two and Ourtown).")
    assert "Ourtown 90.0%, rank 1 of 6, quartile 1" in fig.alt


def test_the_council_is_drawn_on_the_better_side_of_its_tie_so_its_place_is_its_rank(bench_config):
    values, summary = _comparison(bench_config)
    for code, direction in (("XX03", "higher"), ("TT01", "higher"), ("XX04", "higher"), ("XX02", "lower")):
        ordered = charts._ordered(values[values["pi_code"] == code], direction)
        from_right = len(ordered) - int(ordered.index[ordered["own"]][0])
        assert from_right == summary.loc[code, "benchmark_rank"], code
    # XX03 higher: 40, 50, 60, 60, Ourtown 60, 80 -> second from the right, rank 2; alphabetical otherwise
    xx03 = charts._ordered(values[values["pi_code"] == "XX03"], "higher")
    assert xx03["area_name"].tolist() == ["Area Five", "Area Four", "Area Three", "Area Two", "Ourtown", "Area One"]
    # lower is better: better (lower) to the right, the council right of the areas it ties with
    tied_lower = pd.DataFrame({"area_name": ["B", "Ourtown", "A", "C"], "value": [5.0, 5.0, 5.0, 9.0]})
    tied_lower["own"] = tied_lower["area_name"].eq("Ourtown")
    assert charts._ordered(tied_lower, "lower")["area_name"].tolist() == ["C", "A", "B", "Ourtown"]


def test_no_council_column_when_its_figure_is_suppressed(bench_config):
    values, summary = _comparison(bench_config)
    fig = _chart(values, summary, "SS01", "higher", no_own="Ourtown's figure is suppressed in the release")
    assert fig.alt == (
        "Column chart of SS01 Test PI for 2023-24 Q3 (October to December 2023) across 5 areas in Test group: "
        "Ourtown's figure is suppressed in the release, so it has no column; group median 60.0%; "
        "lowest 40.0% (Area One), highest 80.0% (Area Five)."
    )
