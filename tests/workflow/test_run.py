"""Running a quarter: the summary line, failures that keep the last good report, reuse, reproducibility, no network."""

from __future__ import annotations

import csv
import io
import json
import re
import signal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from workflow_story import AT_FORMULA, HYPERLINK, MINUS_FORMULA, PLUS_FORMULA, REPRODUCIBLE, SCRIPT, Q

pytestmark = pytest.mark.e2e


# ----------------------------------------------------------------- 1. command line and summary
def test_run_prints_a_data_quality_summary_before_building(story):
    lines = story["lines_a"]
    summary = [i for i, ln in enumerate(lines) if "data quality:" in ln]
    assert len(summary) == 1
    line = lines[summary[0]]
    assert line.startswith("2023-24 Q3: returns received 2 of 2")
    assert "1 error," in line and "data_quality.csv" in line  # the rejected "=1/0"
    later = [ln for ln in lines[summary[0] :] if "02_appendix1" in ln or "exporting" in ln]
    assert later and all(lines.index(ln) > summary[0] for ln in later)
    assert story["result_a"].summary == line


# ----------------------------------------------------------------- 2. safe outputs
def test_failed_run_keeps_the_report_and_says_where_in_one_line(story):
    message = story["failure"]
    assert "\n" not in message
    assert re.match(
        r"2023-24 Q3: 01_prepare\.ipynb failed in code cell \d+ \(from perflib\.workflow\.cache import prepare\): "
        r"CatalogueError: .*targets\.csv",
        message,
    ), message
    assert "failed/prepare.ipynb" in message
    assert story["after_failure"] == story["a"]  # byte for byte
    assert story["failed_dir"] == ["prepare.ipynb"]  # the notebook, never exported
    assert story["kernels_after_failure"] == []  # the prepare kernel, and the report's started early, stopped
    assert story["leftovers_after_failure"] == []


def test_killed_run_leaves_the_report_and_the_next_run_cleans_up(story):
    assert story["killed_while_running"], "the run finished before it could be killed"
    assert story["kill_returncode"] == -signal.SIGKILL
    assert any(name.startswith(f".tmp-{Q.slug}-") for name in story["leftovers_after_kill"])
    assert story["after_kill"] == story["a"]
    assert story["leftovers_after_all"] == []
    assert "left by an interrupted run" in story["all"].stdout
    assert not (story["final"] / "failed").exists()  # the good run replaced the folder


# ----------------------------------------------------------------- 4. reproducible
def test_an_unchanged_quarter_reuses_its_processed_data(story):
    lines = story["lines_again"]
    assert (
        "2023-24 Q3: processed data is current (inputs and code unchanged); reusing it instead of running "
        "01_prepare.ipynb" in lines
    )
    assert not any(ln.endswith(": running 01_prepare.ipynb") for ln in lines)
    assert story["manifest_again"]["parameters"]["processed_data"] == "reused (inputs and code unchanged)"
    for name in REPRODUCIBLE:  # and the report is the same, byte for byte
        assert story["again"][name] == story["a"][name], name


def test_same_inputs_give_byte_identical_outputs(story):
    a, b = story["a"], story["b"]
    for name in REPRODUCIBLE:
        assert a[name] == b[name], f"{name} differs between two runs"
    assert story["processed_a"] == story["processed_b"]
    ma, mb = (json.loads(x["manifest.json"]) for x in (a, b))
    assert ma["inputs"] == mb["inputs"]
    for name in REPRODUCIBLE:
        assert ma["outputs"][name] == mb["outputs"][name]


def test_report_notebook_runs_as_on_a_fresh_kernel(story):
    # The report's kernel is started early and warmed with an import; the notebook must not see it.
    nb = json.loads((story["final"] / "appendix1.ipynb").read_text(encoding="utf-8"))
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))
    streams = [
        o
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
        if o["output_type"] in ("stream", "error")
    ]
    assert streams == []


def test_pdf_dates_and_id_come_from_the_report_not_the_clock(story):
    reader = PdfReader(story["final"] / "appendix1.pdf")
    assert reader.metadata["/CreationDate"] == "D:20231231"  # the day the quarter's figures are as at
    assert reader.metadata["/ModDate"] == "D:20231231"
    ids = reader.trailer["/ID"]
    assert len(ids) == 2 and all(len(bytes(i, "latin-1") if isinstance(i, str) else bytes(i)) for i in ids)


# ----------------------------------------------------------------- 5. no surprises from data
def test_commentary_and_narrative_are_escaped_in_the_html(story):
    html = story["b"]["appendix1.html"].decode("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # Red PI commentary, shown as text
    assert "&lt;script&gt;alert(2)&lt;/script&gt; opened" in html  # the analyst's narrative
    pdf_text = "".join(p.extract_text() for p in PdfReader(story["final"] / "appendix1.pdf").pages)
    assert "alert(1)" in pdf_text  # printed, not run


def test_formula_text_is_neutralised_in_the_csvs_and_xlsx(story):
    rows = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(story["b"]["scorecard.csv"].decode()))}
    assert rows["AA03"]["corrective_action"] == "'" + HYPERLINK
    assert rows["AA03"]["commentary"] == SCRIPT
    assert rows["BB05"]["commentary"] == "'" + AT_FORMULA
    assert rows["BB05"]["corrective_action"] == "'" + PLUS_FORMULA
    assert rows["BB03"]["corrective_action"] == "'" + MINUS_FORMULA
    for row in rows.values():
        for value in row.values():
            assert value[:1] not in ("=", "+", "@") and not re.match(r"-[^\d]", value), value
    dq = list(csv.DictReader(io.StringIO(story["b"]["data_quality.csv"].decode())))
    assert any(r["value"] == "'=1/0" for r in dq)
    assert not any(v[:1] in ("=", "+", "-", "@") for r in dq for v in r.values() if v)
    wb = load_workbook(story["final"] / "scorecard.xlsx")
    ws = wb["Scorecard"]
    header = [c.value for c in ws[1]]
    cells = {
        (r[header.index("indicator_id")].value, name): r[header.index(name)]
        for r in ws.iter_rows(min_row=2)
        for name in ("commentary", "corrective_action")
    }
    assert cells[("AA03", "corrective_action")].value == "'" + HYPERLINK
    assert cells[("BB05", "commentary")].value == "'" + AT_FORMULA
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_notebooks_and_exports_never_reach_the_network(story):
    guard = story["guard"]
    loaded = list(guard.glob("loaded-*"))
    # the command, its worker processes and every notebook kernel ran with the guard in place
    # (run --all prepares in its workers, so one kernel a quarter: the report's)
    assert len(loaded) >= 1 + 1 + 4
    attempts = guard / "attempts.txt"
    assert not attempts.exists(), attempts.read_text()
    assert story["all"].returncode == 0
