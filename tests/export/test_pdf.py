"""The PDF: A4, tagged for accessibility (PDF/UA-1), the same bytes for the same HTML and date."""

import datetime as dt
import hashlib

import pytest
from pypdf import PdfReader

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.export.html import page_css
from perflib.export.pdf import export_pdf

TITLE = "Appendix 1: Strategic Performance Report: 2023-24 Q3, Testshire District Council"


@pytest.fixture(scope="module")
def html(fixture_config) -> str:
    """A small report page with the real print rules (running header, Page X of Y)."""
    css = page_css(load_config(fixture_config), Quarter.parse("2023-24 Q3"))
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{TITLE}</title><style>{css}</style></head>"
        "<body><main><h1>Strategic Performance Report</h1><p>Of 7 PIs rated, 2 are Green.</p>"
        '<table><caption>Statuses</caption><thead><tr><th scope="col">Status</th><th scope="col">Number</th></tr>'
        '</thead><tbody><tr><th scope="row">Green</th><td>2</td></tr></tbody></table></main></body></html>'
    )


def _tags(node, found):
    """Every structure type (/S) under a structure element."""
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            _tags(kid, found)
    elif hasattr(node, "get"):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            _tags(node["/K"], found)
    return found


def test_same_html_and_date_give_the_same_bytes(html, tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    export_pdf(html, first, TITLE, created=dt.date(2023, 12, 31))
    export_pdf(html, second, TITLE, created=dt.date(2023, 12, 31))
    assert first.read_bytes() == second.read_bytes()


def test_dates_are_the_given_date_never_the_clock(html, tmp_path):
    target = tmp_path / "a.pdf"
    export_pdf(html, target, TITLE, created=dt.date(2023, 12, 31))  # 2023-24 Q3 ends on 31 December 2023
    reader = PdfReader(target)
    assert reader.metadata["/CreationDate"] == "D:20231231"
    assert reader.metadata["/ModDate"] == "D:20231231"
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert "<xmp:CreateDate>2023-12-31</xmp:CreateDate>" in xmp
    assert "<xmp:ModifyDate>2023-12-31</xmp:ModifyDate>" in xmp
    undated = tmp_path / "undated.pdf"
    export_pdf(html, undated, TITLE)
    assert "/CreationDate" not in PdfReader(undated).metadata
    assert b"CreationDate" not in undated.read_bytes()


def test_identifier_comes_from_the_html_unless_given(html, tmp_path):
    target = tmp_path / "a.pdf"
    export_pdf(html, target, TITLE)
    # the first 32 hex digits of the SHA-256 of the HTML
    assert PdfReader(target).trailer["/ID"][0] == hashlib.sha256(html.encode("utf-8")).hexdigest()[:32]
    changed = tmp_path / "b.pdf"
    export_pdf(html.replace("2 are Green", "3 are Green"), changed, TITLE)
    assert PdfReader(changed).trailer["/ID"][0] != PdfReader(target).trailer["/ID"][0]
    given = tmp_path / "c.pdf"
    export_pdf(html, given, TITLE, identifier=b"0123456789abcdef0123456789abcdef")
    assert PdfReader(given).trailer["/ID"][0] == "0123456789abcdef0123456789abcdef"


def test_tagged_pdf_ua_with_language_and_title(html, tmp_path):
    target = tmp_path / "a.pdf"
    export_pdf(html, target, TITLE, created=dt.date(2023, 12, 31))
    reader = PdfReader(target)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # readers show the title, not the file name
    assert reader.metadata["/Title"] == TITLE
    assert 'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data().decode()
    tags = _tags(root["/StructTreeRoot"], set())
    assert {"/H1", "/P", "/Table", "/TH", "/TD"} <= tags


def test_a4_with_the_running_header_and_page_x_of_y(html, tmp_path):
    target = tmp_path / "a.pdf"
    export_pdf(html, target, TITLE)
    page = PdfReader(target).pages[0]
    # A4 is 210 x 297 mm = 595.28 x 841.89 points
    assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(841.89, abs=0.01)
    text = page.extract_text()
    assert "Testshire District Council \u00b7 Strategic Performance Report \u00b7 2023-24 Q3" in text
    assert "Page 1 of 1" in text
    assert "Illustrative sample data: not a real council" in text


def test_a_long_unbroken_string_wraps_inside_the_margins(tmp_path):
    # The attack: a 350-character URL in commentary ran off the page edge and was clipped.
    from perflib.core import paths

    url = "https://example.invalid/" + "a" * 326
    css = paths.STYLESHEET.read_text(encoding="utf-8")
    doc = (
        f"<html lang='en-GB'><head><title>t</title><style>{css}</style>"
        "<style media='print'>@page { size: A4; margin: 20mm }</style></head>"
        f"<body><p>{url}</p><table><tr><td>{url}</td><td>x</td></tr></table></body></html>"
    )
    target = tmp_path / "long.pdf"
    export_pdf(doc, target, "t", created=dt.date(2023, 12, 31))
    text = PdfReader(target).pages[0].extract_text()
    pieces = [line for line in text.splitlines() if "aaaa" in line]
    assert len(pieces) >= 4  # each copy broken over at least two lines
    assert "".join(p.strip() for p in pieces).count("a") >= 2 * 326  # nothing lost at the margin


def test_missing_pango_names_the_real_cause(monkeypatch):
    import builtins

    from perflib.export.pdf import load_weasyprint

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(RuntimeError, match="WeasyPrint cannot load the Pango text library") as caught:
        load_weasyprint()
    assert "apt-get install libpango-1.0-0" in str(caught.value)
