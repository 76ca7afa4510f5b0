"""Comparator scenarios of issues 12 and 13: the sentences, charts and scorecard tell the same, true story.

Each scenario copies the sample's comparator sources, changes Brentmoor's NS08
row for calendar year 2023 in the newer DfE release (sen2_mi_2024.csv), and
builds the 2023-24 Q3 report's sections (NS08 is Red, so a key challenge with
its charts). Expectations come from an independent count of the changed
release with the csv module (tests/comparator_data.py), never from perflib.

* **own figure suppressed**: Brentmoor's 2023 cells are ``c``. The text says
  so and ranks nothing; the column chart has no council column and says why;
  there is no funnel plot; the scorecard's rank, value and funnel are blank.
* **tied at the top**: Brentmoor issued 400 of 418 plans within 20 weeks,
  95.7%, the same as the highest area. Both share rank 1; the chart puts
  Brentmoor right of its tie (so its place is its rank) and the alt text names
  both as highest.

The end-to-end check of the issue's "Must show" (validate and run on the
sample) is at the bottom, marked e2e.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import math
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import comparator_data
import fixture_data
import pandas as pd
import pytest
import yaml

from perflib.core.paths import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "data" / "comparators"
OWN = "X09000034"
GROUP = "London boroughs (fictional comparators)"
CELLS = ("tot_inc_exc_ehc", "inc_exc_20week_ehc", "inc_exc_20week_rate", "tot_no_exc_ehc", "no_exc_20week_ehc")


def scenario(tmp_path: Path, cells: dict[str, str]) -> tuple[Path, Path]:
    """A sample council whose comparator folder is a copy with Brentmoor's 2023 NS08 cells changed."""
    folder = tmp_path / "comparators"
    shutil.copytree(SOURCES, folder)
    release = folder / "sen2_mi_2024.csv"
    rows = list(csv.reader(io.StringIO(release.read_text(encoding="utf-8"))))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("new_la_code")] == OWN and row[header.index("time_period")] == "2023":
            for name, value in cells.items():
                row[header.index(name)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    release.write_text(buffer.getvalue(), encoding="utf-8")
    config = fixture_data.sample_config(tmp_path)
    data = yaml.safe_load(config.read_text())
    data["benchmarking"]["folder"] = str(folder)
    config.write_text(yaml.safe_dump(data))
    return config, release


def build(config: Path):
    from perflib.build.prepared import prepare_quarter
    from perflib.report.sections import Report

    prepared = prepare_quarter("2023-24 Q3", config)
    report = Report("2023-24 Q3", config, prepared)
    return prepared, str(report.key_challenges()), str(report.priority("supported"))


def ns08_detail(section: str) -> str:
    start = section.index("<h3>NS08:")
    end = section.find('<div class="detail">', start)
    return section[start : end if end > 0 else len(section)]


def alts(part: str) -> list[str]:
    return [html_lib.unescape(a) for a in re.findall(r'alt="([^"]*)"', part)]


def facts(part: str) -> str:
    return html_lib.unescape(re.search(r"<dt>Compared with group</dt><dd>(.*?)</dd>", part).group(1))


def pct(x: float) -> str:
    """One decimal place, half away from zero (as the report rounds)."""
    return f"{math.floor(x * 10 + 0.5) / 10:.1f}%"


@pytest.fixture(scope="module")
def suppressed(tmp_path_factory):
    config, release = scenario(
        tmp_path_factory.mktemp("suppressed"), {**dict.fromkeys(CELLS, "c"), "no_exc_20week_rate": "c"}
    )
    return (*build(config), comparator_data.dfe_figures(release, "2023"))


@pytest.fixture(scope="module")
def tied(tmp_path_factory):
    cells = {"tot_inc_exc_ehc": "418", "inc_exc_20week_ehc": "400", "inc_exc_20week_rate": "95.7"}
    cells |= {"tot_no_exc_ehc": "418", "no_exc_20week_ehc": "400", "no_exc_20week_rate": "95.7"}
    config, release = scenario(tmp_path_factory.mktemp("tied"), cells)
    return (*build(config), comparator_data.dfe_figures(release, "2023"))


# --------------------------------------------------------------------------- own figure suppressed
def test_suppressed_own_figure_is_said_and_nothing_is_ranked(suppressed):
    prepared, challenges, priority, truth = suppressed
    assert OWN not in truth  # the independent count has no Brentmoor figure either
    values = [rate for rate, _, _ in truth.values()]
    median = statistics.median(values)
    pooled = 100 * sum(t[1] for t in truth.values()) / sum(t[2] for t in truth.values())
    row = prepared.scorecard.set_index("pi_code").loc["NS08"]
    assert row["benchmark_own_missing"] == "c" and row["benchmark_n"] == len(values) == 31
    assert pd.isna(row["benchmark_rank"]) and pd.isna(row["benchmark_value"]) and row["benchmark_funnel"] == ""
    detail = ns08_detail(challenges)
    assert facts(detail) == (
        "In calendar year 2023 the council's own figure is suppressed in the release, so it is not ranked. "
        f"31 areas in {GROUP}: group median {pct(median)}, group average {pct(pooled)} (pooled from the areas' "
        "numerators and denominators)."
    )
    charts = [a for a in alts(detail) if "NS08" in a and not a.startswith(("SPC", "Line"))]
    (column,) = [a for a in charts if a.startswith("Column chart")]
    assert not [a for a in charts if a.startswith("Funnel plot")]  # no funnel plot without the council
    assert (
        "across 31 areas" in column and "Brentmoor's figure is suppressed in the release, so it has no column" in column
    )
    # every number of the sentence is in the chart it summarises
    assert f"group median {pct(median)}" in column and "calendar year 2023" in column
    cell = re.search(r'<th scope="row"[^>]*>NS08</th>.*?</tr>', priority, re.S).group(0)
    assert "Not ranked: own figure suppressed in the release" in html_lib.unescape(cell)


def test_suppressed_own_figure_leaves_the_scorecard_blank(suppressed):
    from perflib.core.methodology import Suppression
    from perflib.export.scorecard import scorecard_frame

    prepared = suppressed[0]
    published = scorecard_frame(prepared.scorecard, Suppression(5, 10)).set_index("indicator_id").loc["NS08"]
    for col in ("benchmark_rank", "benchmark_quartile", "benchmark_value", "benchmark_funnel_z"):
        assert pd.isna(published[col]), col
    assert published["benchmark_funnel"] == "" and published["benchmark_average_method"] == "pooled rate"


# --------------------------------------------------------------------------- tied at the top
def test_tied_at_the_top_share_rank_1_and_the_chart_agrees(tied):
    prepared, challenges, _, truth = tied
    values = {code: rate for code, (rate, _, _) in truth.items()}
    top = max(values.values())
    tied_codes = sorted(code for code, v in values.items() if v == top)
    assert top == 95.7 and len(tied_codes) == 2 and OWN in tied_codes  # Brentmoor and one other area
    row = prepared.scorecard.set_index("pi_code").loc["NS08"]
    assert (row["benchmark_rank"], row["benchmark_ties"], row["benchmark_quartile"]) == (1, 1, 1)
    detail = ns08_detail(challenges)
    assert facts(detail).startswith(
        f"In calendar year 2023, the council's figure was 95.7%: rank 1 of 32, shared with 1 other area, quartile 1 "
        f"(1 is best) in {GROUP}."
    )
    (column,) = [a for a in alts(detail) if a.startswith("Column chart of NS08")]
    other = next(
        n
        for c, n in zip(prepared.comparators["area_code"], prepared.comparators["area_name"], strict=True)
        if c in tied_codes and c != OWN
    )
    assert "Brentmoor 95.7%, rank 1 of 32, quartile 1 where 1 is best" in column
    assert column.endswith(f"highest 95.7% ({' and '.join(sorted(['Brentmoor', other]))}).")
    # drawn better to the right with Brentmoor on the better side of its tie: the rightmost column, as rank 1 says
    from perflib.report.comparator_charts import _ordered

    ordered = _ordered(prepared.comparators[prepared.comparators["pi_code"].eq("NS08")], "higher")
    assert ordered["area_code"].iloc[-1] == OWN and ordered["value"].iloc[-2] == 95.7


def test_tied_funnel_label_agrees_with_an_independent_count(tied):
    prepared, challenges, _, truth = tied
    p0 = sum(t[1] for t in truth.values()) / sum(t[2] for t in truth.values())
    z = (400 / 418 - p0) / math.sqrt(p0 * (1 - p0) / 418)
    label = "similar to the group" if abs(z) <= 3.090 else "better than the group" if z > 0 else "worse than the group"
    row = prepared.scorecard.set_index("pi_code").loc["NS08"]
    assert row["benchmark_funnel"] == label and row["benchmark_funnel_z"] == pytest.approx(z)
    (funnel,) = [a for a in alts(ns08_detail(challenges)) if a.startswith("Funnel plot of NS08")]
    assert "Brentmoor: 95.7% (400 of 418)" in funnel and f"so Brentmoor is {label} (z = {z:.2f})" in funnel


# --------------------------------------------------------------------------- the "Must show", on the sample
@pytest.mark.e2e
def test_validate_exits_0_with_a_warning_naming_both_releases(tmp_path):
    config = fixture_data.sample_config(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "perflib", "validate", "--quarter", "2023-24 Q3", "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr
    overlap = [line for line in out.stdout.splitlines() if "releases overlap" in line]
    assert len(overlap) == 1 and "sen2_mi_2023.csv" in overlap[0] and "sen2_mi_2024.csv" in overlap[0]
    assert "0 error(s)" in out.stdout


@pytest.mark.e2e
def test_run_publishes_the_funnel_plot_and_the_scorecard_columns(sample_default_run):
    _, result = sample_default_run
    truth = comparator_data.dfe_figures(SOURCES / "sen2_mi_2024.csv", "2023")
    card = {r["indicator_id"]: r for r in csv.DictReader(open(result.folder / "scorecard.csv", encoding="utf-8"))}
    ns08 = card["NS08"]
    for col in (
        "benchmark_funnel",
        "benchmark_funnel_z",
        "benchmark_average",
        "benchmark_average_method",
        "benchmark_value",
    ):
        assert col in ns08
    values = [rate for rate, _, _ in truth.values()]
    rank = 1 + sum(v > truth[OWN][0] for v in values)
    assert (int(ns08["benchmark_rank"]), int(ns08["benchmark_n"])) == (rank, len(values))
    assert float(ns08["benchmark_median"]) == pytest.approx(statistics.median(values))
    assert ns08["benchmark_period"] == "calendar year 2023" and ns08["benchmark_funnel"] in (
        "better than the group",
        "similar to the group",
        "worse than the group",
    )
    page = (result.folder / "appendix1.html").read_text(encoding="utf-8")
    (funnel,) = [a for a in alts(page) if a.startswith("Funnel plot of NS08")]
    rate, num, den = truth[OWN]
    assert (
        f"Brentmoor: {rate:.1f}% ({num} of {den})" in funnel
        and f"z = {float(ns08['benchmark_funnel_z']):.2f}" in funnel
    )
    assert f"so Brentmoor is {ns08['benchmark_funnel']}" in funnel
    # no sentence calls a median "pooled" or an average a "median"
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
    assert not re.search(r"median[^.;]*\(pooled", text) and "average (median" not in text
