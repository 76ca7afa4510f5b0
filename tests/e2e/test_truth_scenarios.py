"""Issue 12's scenarios: the report rendered for each, its sentences checked by hand, every number traced.

Each scenario copies the sample's returns (data/raw) into a scratch folder,
changes them, and builds the 2023-24 Q3 report (or another quarter) with a
sample council pointed at the copy. Expectations are worked out by hand from
the written rules (docs/methodology.md sections 4, 5, 7) and what the sample
says of itself (NS10 is Red for 9 reported periods running at 2023-24 Q3,
including 2023-24 Q2; NS07 is a sensitive count of 4 at 2023-24 Q3).

The comparator scenarios (tied values, the council's own figure suppressed)
are in test_comparator_scenarios.py.

Over every scenario, :func:`perflib.report.sentence_check.unsupported` checks
that each number of the summary's PI headline is in the status chart beside it
(this quarter's bar and last quarter's), and each priority's headline is
checked against the statuses counted from that priority's PI table.
"""

from __future__ import annotations

import html as html_mod
import re
import shutil
from pathlib import Path

import fixture_data
import openpyxl
import pandas as pd
import pytest

from perflib.core.paths import PROJECT_ROOT
from perflib.report.sentence_check import plain_text, unsupported

pytestmark = pytest.mark.e2e

RAW = PROJECT_ROOT / "data" / "raw"
NOTICE = "commentary withheld: it may identify individuals"


def _copy_raw(tmp: Path, upto: str = "2023-24-Q3") -> Path:
    raw = tmp / "raw"
    raw.mkdir()
    for folder in sorted(RAW.iterdir()):
        if folder.is_dir() and folder.name <= upto:
            shutil.copytree(folder, raw / folder.name)
    return raw


def _render(tmp: Path, raw: Path, quarter: str = "2023-24 Q3"):
    from perflib.build.prepared import prepare_quarter
    from perflib.report.sections import Report

    config = fixture_data.sample_config(tmp, raw)
    prepared = prepare_quarter(quarter, config)
    report = Report(quarter, config, prepared)
    html = "\n".join(str(s) for s in report.sections())
    return config, prepared, report, html


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start + 1)
    return html[start : end if end > 0 else len(html)]


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", plain_text(markup))


def _check_numbers(report, html: str) -> None:
    """Every number of the PI headlines is in the chart beside it, or counted from the table it summarises."""
    from perflib.report import headlines

    summary = _section(html, "summary")
    chart_alts = [a for a in re.findall(r'alt="([^"]*)"', summary) if a.startswith("Bar chart of")]
    assert report.pi_headline() in _text(summary)
    assert unsupported(report.pi_headline(), *chart_alts) == []
    for p in report.shown_priorities:
        part = _section(html, f"priority-{p.id}")
        sentence = re.findall(r"<p>([^<]*rated PIs[^<]*)</p>", part)
        table = re.search(r'<table class="pi[ "].*?</table>', part, re.S).group(0)
        cell = r'<td[^>]* class="status [^"]*"><span class="sym"[^>]*>[^<]*</span> ([^<]+?)<'
        statuses = pd.Series(re.findall(cell, table))
        for s in sentence:  # the sentence says what the table's status column counts
            assert html_mod.unescape(s) == headlines.pi_headline(statuses, None), (p.id, s)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sample")
    return _render(tmp, RAW)


@pytest.fixture(scope="module")
def no_q2(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("noq2")
    raw = _copy_raw(tmp)
    shutil.rmtree(raw / "2023-24-Q2")
    return _render(tmp, raw)


@pytest.fixture(scope="module")
def people_missing_q2(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("people")
    raw = _copy_raw(tmp)
    (raw / "2023-24-Q2" / "people.xlsx").unlink()
    return _render(tmp, raw)


# ------------------------------------------------------------------------------------------ the sample
def test_sample_shares_are_of_the_rated_pis_everywhere(sample):
    _, prepared, report, html = sample
    card = prepared.scorecard
    rated = card["status"].isin(["Green", "Amber", "Red"]).sum()
    green = card["status"].eq("Green").sum()
    share = f"{int(100 * green / rated + 0.5)}%"
    headline = report.pi_headline()
    assert headline.startswith(f"{green} of {rated} rated PIs ({share}) are Green")
    summary = _section(html, "summary")
    assert f"Green {green} ({share})" in _text(summary)  # the chart's alt text, and its legend
    assert f"Shares are of the {rated} rated PIs." in summary
    _check_numbers(report, html)


def test_sample_long_red_run_is_never_chance(sample):
    _, _, _, html = sample
    spc = _text(_section(html, "spc"))
    ns10 = re.search(r"NS10 Overall absence in secondary schools \([^;)]*; Red for (\d+) reported periods running", spc)
    assert ns10 and int(ns10.group(1)) == 9
    chance = spc.split("Red PIs that are hit and miss")[-1] if "Red PIs that are hit and miss" in spc else ""
    assert "NS10" not in chance


# ------------------------------------------------------------------------ the quarter after one with no returns
def test_no_returns_last_quarter_is_never_zero(no_q2):
    _, prepared, report, html = no_q2
    text = _text(html)
    assert "from 0" not in text
    assert "no PI was rated last quarter, so there is nothing to compare with" in report.pi_headline()
    _check_numbers(report, html)


def test_trends_reach_back_to_2023_24_q1_and_say_so(no_q2):
    _, prepared, _, html = no_q2
    card = prepared.scorecard.set_index("pi_code")
    panel = prepared.panel
    q1 = panel[(panel["quarter"] == "2023-24 Q1") & (panel["frequency"] == "quarterly")]
    with_q1 = q1.loc[q1["quarter_value"].notna(), "pi_code"]
    for code in with_q1:
        row = card.loc[code]
        assert row["short_trend"] != "Not comparable", code
        assert row["short_period"] == "2023-24 Q1", code
    # the words name the period: NS10's details
    detail = _text(_section(html, "key-challenges"))
    assert re.search(r"NS10: .*? since 2023-24 Q1 \(short term\)", detail)


def test_red_runs_pass_over_the_missing_quarter(no_q2):
    _, prepared, _, html = no_q2
    card = prepared.scorecard.set_index("pi_code")
    # NS10: Red for 9 reported periods running including 2023-24 Q2; without Q2, 8, and Q2 is named.
    assert card.loc["NS10", "red_run"] == 8
    assert card.loc["NS10", "red_run_gaps"] == "2023-24 Q2"
    assert "Red for 8 reported periods running; no figure in 2023-24 Q2" in _text(html)
    panel = prepared.panel
    red_q1 = set(panel[(panel["quarter"] == "2023-24 Q1") & (panel["status"] == "Red")]["pi_code"])
    for code in red_q1 & set(card.index[card["status"] == "Red"]):
        assert card.loc[code, "red_run"] >= 2, code


def test_what_changed_names_the_last_rated_period(no_q2):
    _, _, report, _ = no_q2
    changes = " ".join(report.changes())
    assert "in 2023-24 Q2" not in changes
    assert "in 2023-24 Q1 to" in changes


# --------------------------------------------------------- one directorate's return missing last quarter
def test_one_return_missing_last_quarter(people_missing_q2):
    _, prepared, report, html = people_missing_q2
    headline = report.pi_headline()
    assert "from 0" not in headline
    before = prepared.panel[prepared.panel["quarter"] == "2023-24 Q2"]
    rated_before = before["status"].isin(["Green", "Amber", "Red"]).sum()
    green_before = before["status"].eq("Green").sum()
    assert f"from {green_before} of {rated_before} rated last quarter" in headline
    card = prepared.scorecard.set_index("pi_code")
    assert card.loc["NS10", "short_period"] == "2023-24 Q1"  # a People PI
    assert card.loc["RF01", "short_period"] == "2023-24 Q2"  # a Resources PI: its return was in
    _check_numbers(report, html)


# ---------------------------------------------------------------------------- the first quarter of the data
def test_first_quarter_compares_with_nothing(tmp_path):
    raw = _copy_raw(tmp_path, upto="2019-20-Q1")
    _, prepared, report, html = _render(tmp_path, raw, "2019-20 Q1")
    assert "last quarter" not in report.pi_headline()
    assert report.changes() == []
    assert set(prepared.scorecard["short_trend"]) == {"Not comparable"}
    assert "What changed" not in html
    _check_numbers(report, html)


# ------------------------------------------------------------------------------ every return missing
def test_every_return_missing(tmp_path):
    raw = _copy_raw(tmp_path)
    for f in (raw / "2023-24-Q3").glob("*.xlsx"):
        f.unlink()
    _, prepared, report, html = _render(tmp_path, raw)
    assert report.pi_headline().startswith("No PI could be rated against a target this quarter.")
    text = _text(html)
    assert "from 0" not in text
    assert not re.search(r"Red for \d+ reported period", text)
    assert prepared.scorecard["red_run"].eq(0).all()
    due = prepared.scorecard[prepared.scorecard["status"] != "Not due"]
    assert due["status"].eq("No data").all()
    _check_numbers(report, html)


# ------------------------------------------------------------------------- a sensitive PI's leaking comment
def test_leaking_commentary_is_flagged_and_withheld(tmp_path):
    from perflib.export.scorecard import write_scorecard_csv
    from perflib.export.scorecard_xlsx import write_scorecard_xlsx

    raw = _copy_raw(tmp_path)
    path = raw / "2023-24-Q3" / "people.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Indicators"]
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    # the header row may not be row 1: find it
    for row in ws.iter_rows():
        if [c.value for c in row][:1] == ["PI code"]:
            header = [c.value for c in row]
            header_row = row[0].row
            break
    col = header.index("Commentary") + 1
    for r in range(header_row + 1, ws.max_row + 1):
        if ws.cell(r, 1).value == "NS07":
            ws.cell(r, col).value = "3 this quarter; a new panel reviews every second plan"
            row_no = r
    wb.save(path)
    config, prepared, _, html = _render(tmp_path, raw)
    problems = prepared.problems
    leak = problems[(problems["pi_code"] == "NS07") & (problems["column"] == "Commentary")]
    assert len(leak) == 1
    assert leak.iloc[0]["file"].endswith("2023-24-Q3/people.xlsx") and leak.iloc[0]["row"] == row_no
    assert "3 this quarter" not in html
    assert prepared.scorecard.set_index("pi_code").loc["NS07", "commentary"] == NOTICE
    from perflib.core.config import load_config

    cfg = load_config(config)
    write_scorecard_csv(prepared.scorecard, tmp_path / "s.csv", cfg)
    write_scorecard_xlsx(prepared.scorecard, tmp_path / "s.xlsx", cfg)
    csv_text = (tmp_path / "s.csv").read_text(encoding="utf-8")
    assert "3 this quarter" not in csv_text and NOTICE in csv_text
    cells = [str(c.value) for ws in openpyxl.load_workbook(tmp_path / "s.xlsx") for r in ws.iter_rows() for c in r]
    assert not any("3 this quarter" in c for c in cells)
    # nothing else of the commentary is altered: NS11's is the return's own text
    assert prepared.scorecard.set_index("pi_code").loc["NS11", "commentary"] != NOTICE


def test_sample_scorecard_has_the_group_average_columns(sample):
    _, prepared, _, html = sample
    for col in ("benchmark_average", "benchmark_average_method", "benchmark_value"):
        assert col in prepared.scorecard
    text = _text(html)
    assert not re.search(r"median[^.;]*\(pooled", text)
    assert not re.search(r"average [0-9.]+% \(median", text)


def test_scorecard_csv_lists_the_new_columns():
    from perflib.export.scorecard import SCORECARD_COLUMNS

    for col in ("short_period", "long_period", "red_run_gaps"):
        assert col in SCORECARD_COLUMNS
    assert pd.Index(SCORECARD_COLUMNS).is_unique
