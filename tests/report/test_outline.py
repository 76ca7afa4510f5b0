"""One order of Appendix 1's sections: the contents, the page, the notebook and the floor benchmark follow it."""

import re

import pytest

from perflib.core import paths
from perflib.core.config import load_config
from perflib.report.outline import SECTIONS
from perflib.report.sections import Report


def test_each_section_once_and_rendered_by_a_report_method():
    methods = [s.method for s in SECTIONS]
    assert len(set(methods)) == len(methods)
    for method in methods:
        assert callable(getattr(Report, method, None)), method
    anchors = [s.anchor for s in SECTIONS if s.anchor]
    assert len(set(anchors)) == len(anchors)


def test_title_summary_then_contents_and_only_title_and_contents_unlisted():
    # A director reads the title and the summary first (at most two A4 pages); the contents follow.
    assert [(s.method, s.anchor, s.title) for s in SECTIONS[:3]] == [
        ("title_block", "", ""),
        ("summary", "summary", "Summary"),
        ("contents", "", ""),
    ]
    assert [s.method for s in SECTIONS if not (s.anchor and s.title)] == ["title_block", "contents"]


def test_every_anchor_is_an_id_in_the_section_templates():
    template = (paths.REPORT_TEMPLATES_DIR / "sections.html.j2").read_text(encoding="utf-8")
    for s in (s for s in SECTIONS if s.anchor):
        if s.anchor.endswith("-"):  # one per priority, followed by its id
            assert f'id="{s.anchor}{{{{' in template, s.anchor
        else:
            assert f'id="{s.anchor}"' in template, s.anchor


@pytest.fixture(scope="module")
def report(prepared, fixture_config):
    return Report("2023-24 Q3", load_config(fixture_config), prepared=prepared)


def test_contents_lists_the_sections_in_order_with_each_priority(report):
    html = report.contents().html
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', html)
    assert links == [
        ("summary", "Summary"),
        ("key", "Key to statuses and arrows"),  # part of the summary
        ("overall", "Overall performance"),
        # the fixture council's three priorities, in council.yml's order
        ("priority-residents", "Performance by priority: A council that puts residents first"),
        ("priority-clean_safe", "Performance by priority: A borough that is clean and safe"),
        ("priority-supported", "Performance by priority: A place where those in need are supported"),
        ("key-challenges", "Key challenges"),
        ("key-improvers", "Key improvers"),
        ("spc", "Is the change real? Statistical process control"),
        ("data-quality", "Data quality and returns"),
        ("scorecard", "Appendix 2: Corporate scorecard"),
        ("method", "Method notes"),
        ("glossary", "Glossary of abbreviations"),
    ]


def test_the_page_has_the_sections_in_the_order_of_its_contents(report):
    page = "\n".join(s.html for s in report.sections())
    listed = re.findall(r'<li><a href="#([^"]+)">', report.contents().html)
    positions = [page.find(f'id="{anchor}"') for anchor in listed]
    assert -1 not in positions, dict(zip(listed, positions, strict=True))
    assert positions == sorted(positions)
    assert page.index('class="title-block"') < positions[0] < positions[1] < page.index('id="contents"')
    assert page.index('id="contents"') < positions[2]


def test_the_notebook_and_the_floor_benchmark_show_report_sections():
    notebook = (paths.NOTEBOOKS_DIR / "02_appendix1.py").read_text(encoding="utf-8")
    floor = (paths.PROJECT_ROOT / "benchmarks" / "floor.py").read_text(encoding="utf-8")
    assert "report.sections()" in notebook and "report.sections()" in floor
    for s in SECTIONS:  # no section is called on its own, outside the one order
        assert f"report.{s.method}()" not in notebook.replace("e.g. `report.key_challenges()`", "")
