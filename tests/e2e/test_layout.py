"""The PDF on paper and the text a director reads, over sample quarters (issue 14).

Three of the bundled sample's quarters are rendered once for this module, as
`perflib run` does: 2023-24 Q3 (the default), 2020-21 Q1 (the longest report)
and 2022-23 Q4 (a year end). In each:

* no word of the PDF crosses the A4 content box (``pdftotext -bbox``,
  :mod:`perflib.export.pdf_check`);
* the PI tables' column headings are whole words, not squeezed one letter a line;
* an indicator's title is set larger than its detail line;
* neither the HTML's text nor the PDF's names a path, a module or a command.
"""

from __future__ import annotations

import html as html_lib
import re
import subprocess
from pathlib import Path

import fixture_data
import pandas as pd
import pytest
import yaml

from perflib.export.pdf_check import check_pdf
from perflib.workflow.run import run_quarter

pytestmark = pytest.mark.e2e

QUARTERS = ["2023-24 Q3", "2020-21 Q1", "2022-23 Q4"]
#: What a director's document must never show: paths, module names, command lines.
MACHINERY = ["data/raw/", "data/comparators/", "docs/", ".py", "perflib ", "perflib.", ".ipynb", "/work/", "/tmp/"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, sample_default_run) -> dict[str, Path]:
    """Quarter -> its output folder (the default quarter is the session's shared render)."""
    cfg, default = sample_default_run
    folders = {cfg["default_quarter"]: default.folder}
    path = fixture_data.sample_config(tmp_path_factory.mktemp("layout"))
    for q in QUARTERS:
        if q not in folders:
            folders[q] = run_quarter(q, path, log=lambda _: None).folder
    assert yaml.safe_load(path.read_text())["default_quarter"] in folders
    return folders


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _html_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return html_lib.unescape(page)


@pytest.mark.parametrize("quarter", QUARTERS)
def test_no_word_crosses_the_a4_content_box(rendered, quarter):
    strays = check_pdf(rendered[quarter] / "appendix1.pdf")
    assert not strays, f"{quarter}: {len(strays)} words outside the content box:\n" + "\n".join(
        s.line() for s in strays[:20]
    )


def _words(pdf: Path) -> list[tuple[float, str]]:
    """Each word of the PDF in reading order, with its box's height in points."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', bbox)
    return [(float(b) - float(a), html_lib.unescape(w)) for a, b, w in found]


@pytest.mark.parametrize("quarter", QUARTERS)
def test_pi_table_headings_are_whole_words(rendered, quarter):
    words = [w for _, w in _words(rendered[quarter] / "appendix1.pdf")]
    # the Recent values column is neither squeezed to a letter a line nor cut off
    for heading in ("Indicator", "Target", "Status", "Compared", "Recent", "values"):
        assert heading in words, heading


def test_the_indicator_title_is_larger_than_its_detail_line(rendered):
    words = _words(rendered["2023-24 Q3"] / "appendix1.pdf")
    text = [w for _, w in words]
    # RF05 in its priority's PI table: "Council tax collected", then "Quarterly · year to date · higher is better"
    i = next(k for k in range(len(text) - 3) if text[k : k + 4] == ["Council", "tax", "collected", "Quarterly"])
    assert words[i][0] > words[i + 3][0]


@pytest.mark.parametrize("quarter", QUARTERS)
def test_no_paths_modules_or_commands_in_the_report(rendered, quarter):
    folder = rendered[quarter]
    texts = {
        "HTML": _html_text((folder / "appendix1.html").read_text(encoding="utf-8")),
        "PDF": _pdf_text(folder / "appendix1.pdf"),
    }
    for kind, text in texts.items():
        found = {m: text[max(0, text.find(m) - 60) : text.find(m) + 40] for m in MACHINERY if m in text}
        assert not found, f"{quarter} {kind} shows machinery: {found}"
    # the full paths stay in the analyst's file
    files = pd.read_csv(folder / "data_quality.csv")["file"].dropna()
    assert files.empty or files.str.contains("/").all()
