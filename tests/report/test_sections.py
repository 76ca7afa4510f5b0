"""The report's sections on the fixture council: the summary first and whole, and no sentence said twice."""

from __future__ import annotations

import collections
import html
import re

import pytest

from perflib.core.config import load_config
from perflib.report import headlines
from perflib.report.sections import Report
from perflib.rules import status as rules


@pytest.fixture(scope="module")
def report(prepared, fixture_config):
    return Report("2023-24 Q3", load_config(fixture_config), prepared=prepared)


@pytest.fixture(scope="module")
def page(report):
    return "\n".join(s.html for s in report.sections())


def _prose(markup: str) -> list[str]:
    """Every sentence of six words or more in the page's paragraphs and list items."""
    out = []
    for _, inner in re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", markup, flags=re.S):
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", inner))).strip()
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if len(s.split()) >= 6]
    return out


def test_no_sentence_appears_twice(page):
    repeated = {s: n for s, n in collections.Counter(_prose(page)).items() if n > 1}
    assert repeated == {}


def test_the_summary_holds_the_key_challenges_table_and_the_key(report):
    summary = report.summary().html
    red = report.card[report.card["status"] == rules.RED]
    table = re.search(r'<table class="challenge-table[^"]*">.*?</table>', summary, re.S).group(0)
    rows = re.findall(r'<tr><th scope="row"[^>]*>(\w+) ', table)
    assert sorted(rows) == sorted(red["pi_code"])  # one row per Red PI
    for header in ("Value (target)", "Trend", "Red for", "Lead officer and portfolio holder", "Action and date"):
        assert re.search(rf'<th scope="col"[^>]*>{re.escape(header)}</th>', table), header
    assert 'id="key"' in summary and "Trend arrows (direction of travel)" in summary
    assert html.escape(headlines.improver_headline(report._improvers), quote=False) in summary


def test_counts_are_stated_once_per_section(report, page):
    # The PI headline is the summary's; the overall section shows counts by priority and directorate only.
    assert page.count(html.escape(report.pi_headline(), quote=False)) == 1
    assert page.count(html.escape(report.fa_headline(), quote=False)) == 1
    overall = report.overall().html
    assert "rated PIs (" not in overall


def test_the_contents_come_after_the_summary(page):
    assert (
        page.index('id="summary"') < page.index('id="key"') < page.index('id="contents"') < page.index('id="overall"')
    )


def test_abbreviations_expanded_once_at_first_use_and_listed(prepared, fixture_config):
    report = Report("2023-24 Q3", load_config(fixture_config), prepared=prepared)
    report.abbreviations = {"PI": "Performance Indicator", "FA": "Flagship Action", "ZZZ": "never used"}
    page = "\n".join(s.html for s in report.sections())
    first = '<abbr title="Performance Indicators">PIs</abbr> (Performance Indicators)'
    assert page.count(first) == 1
    assert page.index(first) < page.index('id="contents"')  # met first in the summary's opening sentence
    assert page.count("(Performance Indicator") == 1  # never expanded again
    glossary = page[page.index('id="glossary"') :]
    assert re.findall(r"<dt><abbr[^>]*>(\w+)</abbr></dt>", glossary) == ["PI"]  # only those used; FA and ZZZ are not
