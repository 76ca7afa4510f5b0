"""The exported page: only what the report's cells display, no code or scripts, and the print page rules."""

from dataclasses import replace
from html.parser import HTMLParser

import nbformat
import pytest

from perflib.core import paths
from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.export.html import LANG, export_html, page_css

Q3 = Quarter.parse("2023-24 Q3")


@pytest.fixture(scope="module")
def config(fixture_config):
    return load_config(fixture_config)


def _notebook() -> nbformat.NotebookNode:
    """A report notebook as papermill leaves it: parameters, notes, code, one section shown, one hidden."""
    v4 = nbformat.v4
    html = v4.new_output("display_data", data={"text/html": "<section id='s1'><p>Seen &amp; kept</p></section>"})
    cells = [
        v4.new_code_cell("quarter = '2023-24 Q1'", metadata={"tags": ["parameters"]}),
        v4.new_code_cell(
            "quarter = '2023-24 Q3'",
            metadata={"tags": ["injected-parameters"]},
            outputs=[v4.new_output("display_data", data={"text/html": "<p>INJECTED</p>"})],
        ),
        v4.new_markdown_cell("Analyst's note: DRAFT, do not publish"),
        v4.new_code_cell(
            "secret_source_code = 1",
            outputs=[v4.new_output("stream", name="stdout", text="DEBUG PRINT"), html],
        ),
        v4.new_code_cell(
            "hidden = 2",
            metadata={"tags": ["remove-cell"]},
            outputs=[v4.new_output("display_data", data={"text/html": "<p>REMOVED CELL</p>"})],
        ),
        v4.new_code_cell(
            "1 / 0",
            outputs=[v4.new_output("error", ename="ZeroDivisionError", evalue="TRACEBACK TEXT", traceback=[])],
        ),
        v4.new_raw_cell("RAW CELL"),
    ]
    return v4.new_notebook(cells=cells)


class _Head(HTMLParser):
    """Collects <html lang>, meta name -> content, the title text and the print stylesheet."""

    def __init__(self) -> None:
        super().__init__()
        self.lang, self.meta, self.title, self.print_css = None, {}, "", ""
        self.scripts = 0
        self._in = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content")
        elif tag == "script":
            self.scripts += 1
        self._in = "print" if tag == "style" and a.get("media") == "print" else tag

    def handle_endtag(self, tag):
        self._in = ""

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "print":
            self.print_css += data


def _head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def test_page_css_gives_a4_the_running_header_and_page_x_of_y(config):
    css = page_css(config, Q3)
    assert css.startswith("@page { size: A4;")
    # council, report title and quarter, separated by middle dots
    assert (
        '@top-left { content: "Testshire District Council \u00b7 Strategic Performance Report \u00b7 2023-24 Q3";'
        in css
    )
    # the fixture has an illustrative notice, so every page says the data is illustrative
    assert '@bottom-left { content: "Illustrative sample data: not a real council";' in css
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages);' in css


def test_page_css_footer_is_the_council_without_a_notice(config):
    css = page_css(replace(config, illustrative_notice=""), Q3)
    assert '@bottom-left { content: "Testshire District Council";' in css


def test_page_css_escapes_quotes_backslashes_and_newlines_in_the_council_name(config):
    # The name  Borough of "North" \ South  plus a line break must stay one CSS string:
    # " becomes \", \ becomes \\, and the line break a space.
    odd = replace(config, council_name='Borough of "North" \\ South\nWard', illustrative_notice="")
    css = page_css(odd, Q3)
    expected = '"Borough of \\"North\\" \\\\ South Ward \u00b7 Strategic Performance Report \u00b7 2023-24 Q3"'
    assert f"@top-left {{ content: {expected};" in css
    assert '@bottom-left { content: "Borough of \\"North\\" \\\\ South Ward";' in css
    assert "\nWard" not in css


def test_export_keeps_only_what_the_cells_display(config):
    html = export_html(_notebook(), config, Q3, "Appendix 1: Strategic Performance Report: 2023-24 Q3")
    assert html.startswith("<!DOCTYPE html>")
    assert "Seen &amp; kept" in html and '<section id="s1">' in html
    for hidden in (
        "secret_source_code",  # code
        "DEBUG PRINT",  # printed text
        "DRAFT",  # markdown notes
        "REMOVED CELL",  # a cell tagged remove-cell
        "INJECTED",  # papermill's injected parameters
        "TRACEBACK TEXT",  # an error
        "RAW CELL",
        "In&nbsp;[",  # prompts
        "jp-InputArea",  # code cell wrappers
    ):
        assert hidden not in html, hidden
    assert _head(html).scripts == 0


def test_export_head_language_title_description_and_styles(config):
    html = export_html(_notebook(), config, Q3, "Appendix 1: Strategic Performance Report: 2023-24 Q3")
    head = _head(html)
    assert head.lang == LANG == "en-GB"
    assert head.title == "Appendix 1: Strategic Performance Report: 2023-24 Q3"
    assert head.meta["author"] == "Testshire District Council"
    assert head.meta["description"] == "Strategic Performance Report for 2023-24 Q3, Testshire District Council"
    assert head.meta["viewport"] == "width=device-width, initial-scale=1"
    assert head.print_css.strip() == page_css(config, Q3).strip()
    first_rule = paths.STYLESHEET.read_text(encoding="utf-8").splitlines()[0]
    assert first_rule in html  # the report stylesheet is inline, nothing is linked
    assert "<link" not in html
    assert '<a class="skip-link" href="#content">' in html and '<main id="content">' in html
    # The page's footer names the document; the notice is in the title block only (no sentence twice).
    assert "<p>Testshire District Council \u00b7 Strategic Performance Report \u00b7 2023-24 Q3</p>" in html
    assert "<p>Test fixture data.</p>" not in html


def test_export_escapes_the_council_name_and_title_in_the_head(config):
    # A quote must not end the attribute, and < or & must stay text, not markup.
    odd = replace(config, council_name='Borough of "North" & <South>', illustrative_notice="Sample <b>only</b> & more")
    html = export_html(_notebook(), odd, Q3, 'Report "Q3" & <more>')
    head = _head(html)
    assert head.meta["author"] == 'Borough of "North" & <South>'
    assert head.meta["description"] == 'Strategic Performance Report for 2023-24 Q3, Borough of "North" & <South>'
    assert head.title == 'Report "Q3" & <more>'
    body = html.split("</head>", 1)[1]
    assert "<b>only</b>" not in body and "<South>" not in body
    assert '<p>Borough of "North" &amp; &lt;South&gt; \u00b7 Strategic Performance Report' in body


def test_the_box_sections_are_shown_in_in_jupyterlab_is_not_published(config):
    from perflib.report.render import HTML

    plain = _notebook()
    boxed = _notebook()
    section = "<section id='s1'><p>Seen &amp; kept</p></section>"
    boxed.cells[3].outputs[1]["data"]["text/html"] = HTML(section)._repr_html_()
    assert "perflib-report" in boxed.cells[3].outputs[1]["data"]["text/html"]
    assert export_html(boxed, config, Q3, "T") == export_html(plain, config, Q3, "T")


def test_a_council_name_with_a_script_puts_no_script_in_the_page(config):
    # The attack: council_name "</title><script>" ran in Chromium; in the print CSS it could end <style>.
    odd = replace(config, council_name="Evil</title><script>alert(1)</script></style><script>alert(2)</script>")
    html = export_html(_notebook(), odd, Q3, f"Appendix 1: {odd.council_name}")
    assert "<script" not in html.lower()
    assert _head(html).scripts == 0
    css = page_css(odd, Q3)
    assert "</style" not in css and "\\3c /style\\3e " in css
