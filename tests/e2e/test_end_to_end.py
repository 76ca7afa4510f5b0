"""End to end: papermill runs the notebooks on the fixture council; check what they produced."""

import csv
import re

import fixture_data
import pytest
from pypdf import PdfReader

from perflib.workflow.run import RunFailed, run_quarter

pytestmark = pytest.mark.e2e

PRIORITIES = (
    "A council that puts residents first",
    "A borough that is clean and safe",
    "A place where those in need are supported",
)


@pytest.fixture(scope="module")
def run_once(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    config = fixture_data.build(root)
    result = run_quarter(fixture_data.REPORT_QUARTER, config, log=lambda _: None)
    return config, result


def test_outputs_exist(run_once):
    _, result = run_once
    for name in ("appendix1.ipynb", "appendix1.html", "appendix1.pdf", "scorecard.csv", "scorecard.xlsx"):
        assert (result.folder / name).stat().st_size > 0
    assert {"appendix1.html", "appendix1.pdf", "scorecard.csv", "scorecard.xlsx"} <= set(result.files)
    assert result.folder.name == "2023-24-Q3"
    assert not list(result.folder.parent.glob(".tmp-*"))


def test_html_has_no_code_and_no_remote_scripts(run_once):
    html = (run_once[1].folder / "appendix1.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "from perflib" not in html and "report.summary()" not in html
    assert 'class="input' not in html and "jp-InputArea" not in html
    assert "Traceback" not in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert re.search(r'<html lang="en-GB">', html)
    assert "<title>Appendix 1: Strategic Performance Report: 2023-24 Q3, Testshire District Council</title>" in html
    assert html.count("<h1") == 1
    for name in PRIORITIES:
        assert name in html


def test_html_images_have_real_alt_text(run_once):
    html = (run_once[1].folder / "appendix1.html").read_text(encoding="utf-8")
    imgs = re.findall(r"<img [^>]*>", html)
    assert imgs
    for tag in imgs:
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt, tag[:80]
        assert "No description has been provided" not in alt.group(1)
        assert re.search(r"\d", alt.group(1))


def test_html_sparklines_and_status_symbols_have_text(run_once):
    html = (run_once[1].folder / "appendix1.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg [^>]*>.*?</svg>", html, re.S)
    assert svgs
    for svg in svgs:
        label = re.search(r'aria-label="([^"]*)"', svg)
        assert 'role="img"' in svg and label, svg[:80]
        assert re.search(r"\d", label.group(1))
        assert f"<title>{label.group(1)}</title>" in svg
    syms = re.findall(r'<span [^>]*class="sym"[^>]*>', html)
    assert syms and all('aria-hidden="true"' in s for s in syms)


def test_html_status_counts_match_hand_count(run_once):
    html = (run_once[1].folder / "appendix1.html").read_text(encoding="utf-8")
    # the headline sentence: 7 rated, 2 green (29%), 3 amber (43%), 2 red (29%): one denominator, named
    assert "2 of 7 rated PIs (29%) are Green" in html
    assert "3 of 7 (43%) are Amber and 2 of 7 (29%) Red." in html


def test_pdf_is_tagged_a4_paged(run_once):
    reader = PdfReader(run_once[1].folder / "appendix1.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root.get("/Lang") == "en-GB"
    n = len(reader.pages)
    assert n >= 5
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for i, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {i} of {n}" in text
        assert "2023-24 Q3" in text
        assert "Testshire District Council" in text
    assert reader.metadata.title.startswith("Appendix 1")


def test_scorecard_csv_one_row_per_catalogue_pi(run_once):
    with open(run_once[1].folder / "scorecard.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["indicator_id"] for r in rows] == list(
        ["AA01", "AA02", "AA03", "AA04", "AA05", "BB01", "BB02", "BB03", "BB04", "BB05"]
    )
    counts = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    assert counts == {"Green": 2, "Amber": 3, "Red": 2, "Data only": 1, "No data": 1, "Not due": 1}


def test_executed_notebook_has_parameters(run_once):
    import nbformat

    nb = nbformat.read(str(run_once[1].folder / "appendix1.ipynb"), as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'quarter = "2023-24 Q3"' in injected[0].source


def test_failed_run_keeps_last_good_outputs(tmp_path):
    config = fixture_data.build(tmp_path / "council")
    good = run_quarter("2023-24 Q3", config, log=lambda _: None)
    before = {p.name: p.read_bytes() for p in good.folder.iterdir() if p.is_file()}
    targets = tmp_path / "council" / "catalogue" / "targets.csv"
    targets.write_text(targets.read_text().replace("AA01,2023-24,90", "AA01,2023-24,ninety"))
    with pytest.raises(RunFailed) as info:
        run_quarter("2023-24 Q3", config, log=lambda _: None)
    message = str(info.value)
    assert "\n" not in message
    assert "01_prepare.ipynb" in message and "CatalogueError" in message and "code cell" in message
    after = {p.name: p.read_bytes() for p in good.folder.iterdir() if p.is_file()}
    assert after == before
    assert (good.folder / "failed" / "prepare.ipynb").exists()
    assert not list(good.folder.parent.glob(".tmp-*"))


def test_other_quarter_renders_from_its_own_returns(tmp_path):
    config = fixture_data.build(tmp_path / "council")
    result = run_quarter("2023-24 Q2", config, log=lambda _: None)
    html = (result.folder / "appendix1.html").read_text(encoding="utf-8")
    assert result.folder.name == "2023-24-Q2"
    assert "2023-24 Q2" in html and "2023-24 Q3" not in html
