"""Issue 14: the sample's 2023-24 Q3 PDF is short, and its first two pages tell a director where the council stands.

The sample's default quarter is rendered once per session (``sample_default_run``).
The limits come from the issue: at most 28 A4 pages; pages 1 and 2 hold the
summary, with the key challenges table (lead officer and portfolio holder) and
the key to statuses and arrows; each key challenge takes at most half a page.
"""

import subprocess

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

#: The issue's limit for the sample's 2023-24 Q3 PDF.
MAX_PAGES = 28


@pytest.fixture(scope="module")
def pdf(sample_default_run):
    return sample_default_run[1].folder / "appendix1.pdf"


def _page_text(pdf, first, last=None):
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", str(first), "-l", str(last or first), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(out.split())


def test_at_most_28_pages(pdf):
    assert len(PdfReader(pdf).pages) <= MAX_PAGES


def test_the_first_two_pages_are_the_summary_with_who_is_acting_and_the_key(pdf):
    first_two = _page_text(pdf, 1, 2)
    assert "Summary" in first_two
    assert "Key challenges (Red PIs), 2023-24 Q3" in first_two  # the table's caption
    for header in ("Lead officer and", "portfolio holder", "Action and date", "Red for", "Value"):
        assert header in first_two, header
    assert "Key to statuses and arrows" in first_two
    for word in ("Green", "Amber", "Red", "On track", "Improving", "Declining", "Not comparable"):
        assert word in first_two, word
    # and the contents, the first section of the body, start on page 3
    assert "Contents" not in first_two and "Contents" in _page_text(pdf, 3)


def test_each_key_challenge_takes_at_most_half_a_page(sample_default_run, pdf):
    """Two key challenges fit on every page of the section (its last page may hold one)."""
    import csv

    card = list(csv.DictReader(open(sample_default_run[1].folder / "scorecard.csv", encoding="utf-8")))
    red = [r["indicator_id"] for r in card if r["status"] == "Red"]
    pages = len(PdfReader(pdf).pages)
    texts = {n: _page_text(pdf, n) for n in range(3, pages + 1)}
    start = next(n for n, t in texts.items() if t.split("2023-24 Q3", 1)[-1].lstrip().startswith("Key challenges"))
    end = next(n for n, t in texts.items() if n > start and "Key improvers" in t)
    assert end - start + 1 <= -(-len(red) // 2) + 1, (start, end, len(red))
