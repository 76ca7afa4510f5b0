"""Reading comparator files: problems located, nothing configured, no folder."""

from __future__ import annotations

from pathlib import Path

import comparator_data
import pandas as pd

from perflib.core.config import BenchmarkingConfig
from perflib.inputs.comparators import load_benchmarks
from perflib.rules import benchmarking as bm


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
    cfg = BenchmarkingConfig(own_area_code="OWN", group_name="G", group=comparator_data.GROUP, folder=folder)
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
    out = bm.benchmark_summary(frame, comparator_data.scorecard(), config)
    assert out["benchmark_n"].eq(0).all() and out["benchmark_group"].eq("").all()


def test_missing_folder_is_a_warning(tmp_path):
    cfg = BenchmarkingConfig(own_area_code="OWN", group_name="G", group=comparator_data.GROUP, folder=tmp_path / "nope")
    frame, problems = load_benchmarks(cfg)
    assert frame.empty and len(problems) == 1 and problems[0].severity == "warning"
