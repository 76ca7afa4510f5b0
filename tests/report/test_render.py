"""Report HTML from the section templates: text from returns is always text, never markup."""

import math

import jinja2
import numpy as np
import pandas as pd
import pytest

from perflib.report.render import HTML, is_missing, macro

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
    assert shown._repr_html_() == str(shown) == shown.html
    assert "<li>One &amp; two</li>" in shown.html and 'id="method"' in shown.html


@pytest.mark.parametrize("value", [None, math.nan, np.nan, np.float64("nan"), pd.NA])
def test_missing(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "", "nan", False, np.float64(1.5)])
def test_not_missing(value):
    assert not is_missing(value)
