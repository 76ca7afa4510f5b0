"""The comparator chart's alt text states its numbers."""

from __future__ import annotations

import comparator_data

from perflib.inputs.comparators import load_benchmarks
from perflib.rules import benchmarking as bm


def test_comparator_chart_alt_text_states_the_numbers(bench_config):
    from perflib.report import comparator_charts as charts

    frame, _ = load_benchmarks(bench_config)
    summary = bm.benchmark_summary(frame, comparator_data.scorecard(), bench_config).set_index("pi_code")
    values = bm.comparator_values(frame, summary.reset_index(), bench_config)
    xx02 = values[values["pi_code"] == "XX02"]
    row = summary.loc["XX02"]  # lower is better: 40 50 60 60 70 80, Ourtown 70 ranks 5
    fig = charts.comparator_chart(
        xx02,
        "XX02 Test PI",
        "percent",
        1,
        "lower",
        "Test group",
        "2023-24 Q3",
        float(row["benchmark_median"]),
        rank=int(row["benchmark_rank"]),
        quartile=int(row["benchmark_quartile"]),
    )
    assert fig.png.startswith(b"\x89PNG")
    assert fig.alt == (
        "Column chart of XX02 Test PI for 2023-24 Q3 across 6 areas in Test group: Ourtown 70.0%, "
        "rank 5 of 6, quartile 4 where 1 is best; group median 60.0%; lowest 40.0% (Area Five), "
        "highest 80.0% (Area One)."
    )
    assert "compared with Test group" in fig.caption
