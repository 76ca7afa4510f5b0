"""Report HTML from the section templates: text from returns is always text, never markup."""

import math

import jinja2
import numpy as np
import pandas as pd
import pytest

from perflib.report.render import HTML, is_missing, lab_stylesheet, macro, unwrap_lab

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"


def test_bullets_escape_text_from_returns():
    html = macro("bullets", [HOSTILE, "Fly-tips cleared in 1 day"], "None this quarter.").html
    assert "<script" not in html and "<img" not in html
    assert f"<li>{ESCAPED}</li>" in html
    assert html == f"<ul><li>{ESCAPED}</li><li>Fly-tips cleared in 1 day</li></ul>"


def test_empty_bullets_say_so():
    assert macro("bullets", [], "None this quarter.").html == '<p class="muted">None this quarter.</p>'


def test_status_cell_has_words_symbol_and_escaped_reason():
    html = macro("status_cell", "Red", HOSTILE).html
    assert html.startswith('<td class="status status-red"><span class="sym" aria-hidden="true">\u2716</span> Red')
    assert f'<span class="reason">{ESCAPED}</span>' in html and "<script" not in html
    header = macro("status_cell", "Data only", "", "th").html
    assert header == (
        '<th scope="row" class="status status-data-only">'
        '<span class="sym" aria-hidden="true">\u25cb</span> Data only</th>'
    )


def test_attributes_cannot_be_broken_out_of():
    html = macro("contents", [{"id": 'x" onclick="alert(1)', "title": "<i>Summary</i>"}]).html
    assert 'href="#x&#34; onclick=&#34;alert(1)"' in html
    assert "&lt;i&gt;Summary&lt;/i&gt;" in html and "<i>" not in html


def test_a_missing_value_is_an_error_not_a_blank():
    with pytest.raises(jinja2.UndefinedError):
        macro("method", {})


def test_html_shows_as_html_in_jupyter():
    shown = macro("method", {"notes": ["One & two"]})
    assert isinstance(shown, HTML)
    assert str(shown) == shown.html
    # in a notebook: inside the box the scoped stylesheet applies to, which the export takes off again
    shown_in_lab = shown._repr_html_()
    assert shown_in_lab.startswith('<div class="perflib-report"><style>div.perflib-report.perflib-report {')
    assert shown_in_lab.endswith(shown.html + "</div>")
    assert unwrap_lab(shown_in_lab) == shown.html
    assert "<li>One &amp; two</li>" in shown.html and 'id="method"' in shown.html


@pytest.mark.parametrize("value", [None, math.nan, np.nan, np.float64("nan"), pd.NA])
def test_missing(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "", "nan", False, np.float64(1.5)])
def test_not_missing(value):
    assert not is_missing(value)


def test_lab_stylesheet_is_the_report_stylesheet_scoped():
    css = lab_stylesheet()
    # every rule of report.css, prefixed; :root, html and body become the box itself
    assert "div.perflib-report.perflib-report h1 { font-size: 1.9rem;" in css
    assert "div.perflib-report.perflib-report .num { text-align: right; white-space: nowrap; }" in css
    assert "div.perflib-report.perflib-report .status-green { background: var(--green-fill)" in css
    # the palette's custom properties come first (perflib.report.palette), then report.css's own
    assert "div.perflib-report.perflib-report {\n  --ink: #1B1B1B;" in css
    assert "--green-fill: #28A197; --green-text: #000000;" in css
    assert "@media (max-width: 40rem) {\ndiv.perflib-report.perflib-report { padding: 0 .5rem; }" in css
    # nothing that could reach JupyterLab's own look: no bare selector, no print or page rules
    for line in css.splitlines():
        assert (
            line.startswith(("div.perflib-report.perflib-report", "@media (max-width", "}", " ", "\t"))
            or not line.strip()
        ), line
    assert "@page" not in css and "@media print" not in css


def test_unwrap_lab_leaves_other_html_alone():
    assert unwrap_lab("<p>plain</p>") == "<p>plain</p>"
    assert unwrap_lab('<div class="perflib-report"><p>no style</p></div>') == (
        '<div class="perflib-report"><p>no style</p></div>'
    )


def test_key_challenge_facts_print_in_two_lists_side_by_side_not_in_css_columns():
    # WeasyPrint lays a multi-column box out again and again until its columns balance: with the
    # facts of every key challenge in CSS columns that took half the PDF's time (make bench).
    # The facts are two lists, the short ones and the long sentences, in a grid of two columns.
    import re

    from perflib.core.paths import STYLESHEET

    css = STYLESHEET.read_text().splitlines()
    multi_column = [line.strip() for line in css if re.search(r"(?<![-\w])columns\s*:", line)]
    assert multi_column == ["nav.contents ol { columns: 2; column-gap: 1.5rem; margin: .3rem 0; }"]  # one short list
    p = {
        "pi_code": "AA01",
        "title": "Waste collected",
        "status": "Red",
        "lead_officer": "Head of Waste",
        "portfolio_holder": "Cabinet Member for Environment",
        "spc_text": "Common cause variation.",
        "bench_long": "Rank 3 of 12.",
        "value_text": "61.0%",
        "target_text": "65.0%",
        "run_text": "",
        "trend_sentence": "Declining since 2023-24 Q2.",
        "priority_name": "A clean borough",
        "directorate_name": "Place",
        "forecast_label": "",
        "forecast_text": "",
        "show_commentary": False,
        "show_action": False,
        "commentary": "",
        "action_now": "",
        "planned_action": "",
        "action_due": "",
    }
    html = macro("pi_detail", p, "").html
    first, second = re.findall(r'<dl class="facts">(.*?)</dl>', html, re.S)
    assert re.findall(r"<dt>([^<]+)</dt>", first) == ["Value", "Target", "Status", "Trend", "Priority", "Lead officer"]
    assert re.findall(r"<dt>([^<]+)</dt>", second) == ["Variation", "Compared with group"]
    assert html.count('<div class="fact-columns">') == 1
