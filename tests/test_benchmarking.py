"""Benchmarking against comparators (perflib/benchmarking.py), checked by hand.

Expected ranks, quartiles, medians and pooled rates were worked out by hand
from docs/methodology.md section 9 before the code was run:

* rank: 1 is best (highest for *higher*, lowest for *lower*); tied areas share
  the better rank (competition ranking: 80, 60, 60, 60, 50 ranks 1, 2, 2, 2, 5);
* quartile: with n areas and the council at rank r, its position is
  p = (r - 1) / (n - 1), 0 best and 1 worst; quartile 1 when p <= 0.25, 2 when
  p <= 0.5, 3 when p <= 0.75, else 4 (needs n >= 4);
* average: the pooled rate 100 x (sum of numerators) / (sum of denominators)
  for a percent PI when every area gives both, otherwise the median of values.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from perflib.core.config import BenchmarkingConfig
from perflib.inputs.comparators import load_benchmarks
from perflib.rules import benchmarking as bm

ROOT = Path(__file__).resolve().parents[1]
GROUP = ("A01", "A02", "A03", "A04", "A05")

QUARTERLY = """\
area_code,area_name,period,indicator_id,value,numerator,denominator
OWN,Ourtown,2023-24 Q3,XX01,70,,
A01,Area One,2023-24 Q3,XX01,80,,
A02,Area Two,2023-24 Q3,XX01,60,,
A03,Area Three,2023-24 Q3,XX01,60,,
A04,Area Four,2023-24 Q3,XX01,50,,
A05,Area Five,2023-24 Q3,XX01,40,,
Z99,Not In Group,2023-24 Q3,XX01,99,,
OWN,Ourtown,2023-24,XX01,10,,
A01,Area One,2023-24,XX01,20,,
OWN,Ourtown,2023-24 Q3,XX02,70,,
A01,Area One,2023/24 Q3,XX02,80,,
A02,Area Two,2023-24-Q3,XX02,60,,
A03,Area Three,2023-24 Q3,XX02,60,,
A04,Area Four,2023-24 Q3,XX02,50,,
A05,Area Five,2023-24 Q3,XX02,40,,
OWN,Ourtown,2023-24 Q3,XX03,60,,
A01,Area One,2023-24 Q3,XX03,80,,
A02,Area Two,2023-24 Q3,XX03,60,,
A03,Area Three,2023-24 Q3,XX03,60,,
A04,Area Four,2023-24 Q3,XX03,50,,
A05,Area Five,2023-24 Q3,XX03,40,,
OWN,Ourtown,2023-24 Q3,XX04,30.0,30,100
A01,Area One,2023-24 Q3,XX04,20.0,10,50
A02,Area Two,2023-24 Q3,XX04,30.0,45,150
A03,Area Three,2023-24 Q3,XX04,50.0,20,40
A04,Area Four,2023-24 Q3,XX04,50.0,5,10
A05,Area Five,2023-24 Q3,XX04,45.0,90,200
OWN,Ourtown,2023-24 Q3,XX05,30.0,30,100
A01,Area One,2023-24 Q3,XX05,20.0,10,50
A02,Area Two,2023-24 Q3,XX05,30.0,45,150
A03,Area Three,2023-24 Q3,XX05,50.0,20,40
A04,Area Four,2023-24 Q3,XX05,50.0,5,10
A05,Area Five,2023-24 Q3,XX05,45.0,,
OWN,Ourtown,2023-24 Q3,XX06,10.0,,
A01,Area One,2023-24 Q3,XX06,12.0,,
A02,Area Two,2023-24 Q3,XX06,8.0,,
A03,Area Three,2023-24 Q3,XX06,[c],,
A04,Area Four,2023-24 Q3,XX06,,,
A05,Area Five,2023-24 Q3,XX06,9.0,,
A01,Area One,2023-24 Q3,XX07,55,,
A02,Area Two,2023-24 Q3,XX07,45,,
OWN,Ourtown,2023-24 Q3,ZZ01,1,,
A01,Area One,2023-24 Q3,ZZ01,2,,
"""

ANNUAL = """\
area_code,area_name,period,indicator_id,value
OWN,Ourtown,2023-24,YY01,61
A01,Area One,2023-24,YY01,64
A02,Area Two,2023-24,YY01,58
A03,Area Three,2023-24,YY01,70
A04,Area Four,2023-24,YY01,55
OWN,Ourtown,2022-23,YY01,59
OWN,Ourtown,2023-24,YY03,1
A01,Area One,2023-24,YY03,2
A02,Area Two,2023-24,YY03,3
A03,Area Three,2023-24,YY03,4
OWN,Ourtown,2023-24 Q3,YY03,40
A01,Area One,2023-24 Q3,YY03,30
A02,Area Two,2023-24 Q3,YY03,20
A03,Area Three,2023-24 Q3,YY03,10
"""


def _scorecard() -> pd.DataFrame:
    rows = [  # pi_code, good_direction, unit, frequency, measure_type, due
        ("XX01", "higher", "percent", "quarterly", "in_quarter", True),
        ("XX02", "lower", "percent", "quarterly", "in_quarter", True),
        ("XX03", "higher", "percent", "quarterly", "in_quarter", True),
        ("XX04", "higher", "percent", "quarterly", "in_quarter", True),
        ("XX05", "higher", "percent", "quarterly", "in_quarter", True),
        ("XX06", "range", "percent", "quarterly", "snapshot", True),
        ("XX07", "higher", "percent", "quarterly", "in_quarter", True),
        ("YY01", "higher", "percent", "annual", "in_quarter", True),
        ("YY03", "higher", "percent", "annual", "in_quarter", True),
        ("ZZ01", "lower", "count", "annual", "in_quarter", False),
        ("QQ01", "higher", "percent", "quarterly", "in_quarter", True),
    ]
    frame = pd.DataFrame(rows, columns=["pi_code", "good_direction", "unit", "frequency", "measure_type", "due"])
    frame["quarter"] = "2023-24 Q3"
    return frame


@pytest.fixture()
def bench_config(tmp_path) -> BenchmarkingConfig:
    folder = tmp_path / "benchmarks"
    folder.mkdir()
    (folder / "quarterly.csv").write_text(QUARTERLY, encoding="utf-8")
    (folder / "annual.csv").write_text(ANNUAL, encoding="utf-8")
    return BenchmarkingConfig(own_area_code="OWN", group_name="Test group", group=GROUP, folder=folder)


@pytest.fixture()
def summary(bench_config) -> pd.DataFrame:
    frame, problems = load_benchmarks(bench_config)
    assert problems == []
    return bm.benchmark_summary(frame, _scorecard(), bench_config).set_index("pi_code")


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
    assert list(summary.index) == _scorecard()["pi_code"].tolist()


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


# --------------------------------------------------------------------------- loader problems
def test_loader_locates_problems(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "good.csv").write_text(
        "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
        "A01,Area One,2023-24 Q3,XX01,n/a,,\n"  # row 2: not a number
        "A02,Area Two,Q3 2023,XX01,5,,\n"  # row 3: not a period
        "A03,Area Three,2023-24 Q3,XX01,1.5,abc,10\n"  # row 4: numerator not a number
        'A04,Area Four,2023-24 Q3,XX01,"1,234.5",,\n'  # row 5: thousands separator is fine
        "A04,Area Four,2023-24 Q3,XX01,7,,\n"  # row 6: repeats row 5
        "A05,Area Five,2023-24 Q3,XX01,7,7,0\n",  # row 7: denominator 0
        encoding="utf-8",
    )
    (folder / "short.csv").write_text("area_code,period,value\nA01,2023-24 Q3,5\n", encoding="utf-8")
    cfg = BenchmarkingConfig(own_area_code="OWN", group_name="G", group=GROUP, folder=folder)
    frame, problems = load_benchmarks(cfg)
    found = {(Path(p.file).name, p.row, p.column) for p in problems}
    assert ("good.csv", 2, "value") in found
    assert ("good.csv", 3, "period") in found
    assert ("good.csv", 4, "numerator") in found
    assert ("good.csv", 6, "area_code") in found
    assert ("good.csv", 7, "denominator") in found
    assert ("short.csv", None, "area_name") in found and ("short.csv", None, "indicator_id") in found
    assert all(p.severity == "error" for p in problems)
    assert len(problems) == 7
    rows = frame.set_index("row")
    assert set(frame["file"].map(lambda f: Path(f).name)) == {"good.csv"}
    assert sorted(frame["row"]) == [4, 5, 7]  # rows 2, 3 and 6 are dropped
    assert rows.loc[5, "value"] == 1234.5
    assert pd.isna(rows.loc[4, "numerator"]) and pd.isna(rows.loc[4, "denominator"]) and rows.loc[4, "value"] == 1.5
    assert pd.isna(rows.loc[7, "denominator"])


def test_no_benchmarking_configured_gives_nothing(fixture_config):
    from perflib.core.config import load_config

    config = load_config(fixture_config)
    assert config.benchmarking is None
    frame, problems = load_benchmarks(config)
    assert frame.empty and problems == []
    out = bm.benchmark_summary(frame, _scorecard(), config)
    assert out["benchmark_n"].eq(0).all() and out["benchmark_group"].eq("").all()


def test_missing_folder_is_a_warning(tmp_path):
    cfg = BenchmarkingConfig(own_area_code="OWN", group_name="G", group=GROUP, folder=tmp_path / "nope")
    frame, problems = load_benchmarks(cfg)
    assert frame.empty and len(problems) == 1 and problems[0].severity == "warning"


# --------------------------------------------------------------------------- the sample
@pytest.fixture(scope="module")
def sample():
    from perflib.build.prepared import prepare_quarter
    from perflib.core.config import load_config

    config = load_config()
    return config, prepare_quarter("2023-24 Q3", config)


def test_sample_config_and_files(sample):
    config, _ = sample
    cfg = config.benchmarking
    assert cfg.own_area_code == "X09000034" and len(cfg.group) == 33
    assert cfg.folder == ROOT / "data" / "raw" / "benchmarks"
    frame, problems = load_benchmarks(config)
    assert problems == []
    assert set(frame["area_code"]) == set(cfg.group) | {cfg.own_area_code}
    assert 14 <= frame["indicator_id"].nunique() <= 17


def test_sample_own_rows_agree_with_the_report(sample):
    config, prepared = sample
    frame, _ = load_benchmarks(config)
    own = frame[frame["area_code"].eq(config.benchmarking.own_area_code)]
    panel = prepared.panel.set_index(["pi_code", "quarter"])
    checked = 0
    for r in own.itertuples():
        if r.period_kind == "quarter":
            expected = panel.loc[(r.indicator_id, r.period), "value"]
        else:  # a financial year: the PI's figure for its reporting quarter, or the Q4 year to date
            rows = prepared.panel[
                prepared.panel["pi_code"].eq(r.indicator_id)
                & prepared.panel["financial_year"].eq(r.period)
                & prepared.panel["due"]
            ]
            expected = rows["value"].dropna().iloc[-1]
        if pd.isna(r.value):
            assert pd.isna(expected), (r.indicator_id, r.period)
        else:
            assert r.value == pytest.approx(expected), (r.indicator_id, r.period)
            checked += 1
    assert checked > 80


def test_sample_summary(sample):
    config, prepared = sample
    frame, _ = load_benchmarks(config)
    out = bm.benchmark_summary(frame, prepared.scorecard, config).set_index("pi_code")
    assert list(out.index) == prepared.scorecard["pi_code"].tolist()
    have = out[out["benchmark_n"] > 0]
    assert 14 <= len(have) <= 17
    assert (have["benchmark_n"] >= 30).all()
    assert set(have["benchmark_method"]) == {bm.MEDIAN_METHOD, bm.POOLED_METHOD}
    assert have["benchmark_group"].eq(config.benchmarking.group_name).all()
    card = prepared.scorecard.set_index("pi_code")
    for code, row in have.iterrows():
        assert row["benchmark_value"] == pytest.approx(card.loc[code, "value"]), code
        if card.loc[code, "good_direction"] != "range":
            assert 1 <= row["benchmark_rank"] <= row["benchmark_n"] and row["benchmark_quartile"] in (1, 2, 3, 4)
    # RF05 (council tax, cumulative) is published for 2023-24 by quarter: the Q3 year to date
    assert out.loc["RF05", "benchmark_period"] == "2023-24 Q3"


def test_sample_2022_23_q4_uses_the_financial_year_for_a_cumulative_pi():
    from perflib.build.prepared import prepare_quarter
    from perflib.core.config import load_config

    config = load_config()
    prepared = prepare_quarter("2022-23 Q4", config)
    frame, _ = load_benchmarks(config)
    out = bm.benchmark_summary(frame, prepared.scorecard, config).set_index("pi_code")
    assert out.loc["RF05", "benchmark_period"] == "2022-23"
    assert out.loc["RF05", "benchmark_value"] == pytest.approx(
        prepared.scorecard.set_index("pi_code").loc["RF05", "value"]
    )


def test_sample_names_are_fictional():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "data" / "raw" / "benchmarks").glob("*.csv"))
    boroughs = (
        "Barking",
        "Barnet",
        "Bexley",
        "Brent,",
        "Bromley",
        "Camden",
        "Croydon",
        "Ealing",
        "Enfield",
        "Greenwich",
        "Hackney",
        "Hammersmith",
        "Haringey",
        "Harrow",
        "Havering",
        "Hillingdon",
        "Hounslow",
        "Islington",
        "Kensington",
        "Kingston",
        "Lambeth",
        "Lewisham",
        "Merton",
        "Newham",
        "Redbridge",
        "Richmond",
        "Southwark",
        "Sutton",
        "Tower Hamlets",
        "Waltham",
        "Wandsworth",
        "Westminster",
        "City of London",
        "E09",
    )
    for name in boroughs:
        assert name not in text, name
    assert not re.search(r"Stanmore|Pinner|Edgware|Wealdstone", text)


def test_sample_regeneration_is_byte_identical(tmp_path):
    out = tmp_path / "benchmarks"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_benchmark_data.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    committed = sorted(p.name for p in (ROOT / "data" / "raw" / "benchmarks").iterdir())
    assert sorted(p.name for p in out.iterdir()) == committed
    for name in committed:
        assert (out / name).read_bytes() == (ROOT / "data" / "raw" / "benchmarks" / name).read_bytes(), name


# --------------------------------------------------------------------------- comparator chart data
def test_comparator_values_are_the_group_figures_behind_each_comparison(bench_config):
    frame, _ = load_benchmarks(bench_config)
    summary = bm.benchmark_summary(frame, _scorecard(), bench_config)
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
    summary = bm.benchmark_summary(frame, _scorecard(), bench_config)
    assert bm.comparator_values(frame, summary, None).empty
    assert bm.comparator_values(frame.iloc[0:0], summary, bench_config).empty
    assert list(bm.comparator_values(frame, pd.DataFrame(), bench_config).columns) == list(bm.COMPARATOR_COLUMNS)


def test_comparator_chart_alt_text_states_the_numbers(bench_config):
    from perflib.report import comparator_charts as charts

    frame, _ = load_benchmarks(bench_config)
    summary = bm.benchmark_summary(frame, _scorecard(), bench_config).set_index("pi_code")
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
