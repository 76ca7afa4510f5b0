"""Words outside the A4 content box, from ``pdftotext -bbox`` output (and one real PDF)."""

from __future__ import annotations

import datetime as dt

import pytest

from perflib.export.html import PAGE_MARGINS_MM, page_css
from perflib.export.pdf import export_pdf
from perflib.export.pdf_check import PT_PER_MM, check_pdf, content_box, main, stray_words

A4 = (595.275591, 841.889764)  # points, as pdftotext gives them


def _bbox(*words: tuple[float, float, float, float, str], page: tuple[float, float] = A4) -> str:
    body = "".join(f'<word xMin="{a}" yMin="{b}" xMax="{c}" yMax="{d}">{w}</word>\n' for a, b, c, d, w in words)
    return f'<doc>\n<page width="{page[0]}" height="{page[1]}">\n{body}</page>\n</doc>'


def test_the_content_box_is_a4_less_the_page_css_margins():
    assert PAGE_MARGINS_MM == (22.0, 15.0, 20.0, 15.0)
    box = content_box(*A4)
    # 15 mm = 42.52 pt; 22 mm = 62.36 pt; 20 mm = 56.69 pt
    assert box.left == pytest.approx(42.52, abs=0.01) and box.right == pytest.approx(595.28 - 42.52, abs=0.01)
    assert box.top == pytest.approx(62.36, abs=0.01) and box.bottom == pytest.approx(841.89 - 56.69, abs=0.01)
    assert PT_PER_MM == pytest.approx(2.8346, abs=1e-4)


def test_the_page_rule_uses_the_same_margins(fixture_config):
    from perflib.core.config import load_config
    from perflib.core.quarters import Quarter

    css = page_css(load_config(fixture_config), Quarter.parse("2023-24 Q3"))
    assert "margin: 22mm 15mm 20mm 15mm;" in css


def test_words_inside_and_in_the_running_header_and_footer_pass():
    text = _bbox(
        (42.6, 100.0, 200.0, 110.0, "inside"),
        (552.0, 200.0, 552.7, 210.0, "edge"),  # within the tolerance of the right edge
        (42.5, 26.5, 71.8, 35.8, "header"),  # wholly in the top margin
        (480.0, 800.0, 552.0, 809.0, "Page"),  # wholly in the bottom margin
    )
    assert stray_words(text) == []


def test_a_word_past_each_edge_is_reported_with_its_page_and_edge():
    text = _bbox(
        (540.0, 300.0, 583.0, 310.0, "values"),
        (30.0, 320.0, 60.0, 330.0, "left"),
        (100.0, 60.0, 140.0, 70.0, "straddles"),  # crosses the top edge (62.36)
    ) + _bbox((100.0, 780.0, 150.0, 790.0, "low"))  # page 2: crosses the bottom edge (785.2)
    found = stray_words(text)
    assert [(s.page, s.word) for s in found] == [(1, "values"), (1, "left"), (1, "straddles"), (2, "low")]
    assert found[0].line() == "page 1: 'values' crosses the right edge of the content box"
    assert found[1].line() == "page 1: 'left' crosses the left edge of the content box"
    assert found[2].line() == "page 1: 'straddles' crosses the top edge of the content box"
    assert found[3].line() == "page 2: 'low' crosses the bottom edge of the content box"


def test_escaped_words_come_back_as_text():
    assert stray_words(_bbox((560.0, 300.0, 590.0, 310.0, "R&amp;D")))[0].word == "R&D"


def test_a_real_pdf_with_text_running_off_the_page(tmp_path, capsys):
    margins = " ".join(f"{m:g}mm" for m in PAGE_MARGINS_MM)
    page = f"<style>@page {{ size: A4; margin: {margins} }}</style>"
    fits = tmp_path / "fits.pdf"
    export_pdf(f"<html lang='en-GB'><head><title>t</title>{page}</head><body><p>Short.</p></body></html>", fits, "t")
    wide = tmp_path / "wide.pdf"
    export_pdf(
        f"<html lang='en-GB'><head><title>t</title>{page}</head><body>"
        "<p>Code</p><p style='white-space: nowrap; margin-left: 185mm'>Recent values</p>"
        "</body></html>",
        wide,
        "t",
        created=dt.date(2023, 12, 31),
    )
    assert check_pdf(fits) == []
    strays = check_pdf(wide)
    # pdftotext keeps only what lies on the page: the word that runs off it comes back cut ("Rec")
    assert [(s.page, s.word[:3]) for s in strays] == [(1, "Rec")]
    assert main([str(fits)]) == 0
    assert main([str(wide)]) == 1
    assert "wide.pdf: 1 word(s) outside the content box" in capsys.readouterr().out
