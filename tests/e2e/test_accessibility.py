"""Accessibility of Appendix 1 in a real browser: axe-core in headless Chromium.

Both the fixture council's report and the bundled sample's default quarter are
rendered as `make report` does, opened from disk in Debian's Chromium driven by
Playwright, and checked:

* axe-core finds no WCAG 2.0/2.1/2.2 A and AA violations, at desktop width, at
  390 CSS px (a phone) and at 320 CSS px (the width of a 1280 px window zoomed
  to 400%, and of a 640 px one at 200%);
* nothing is fetched while the page loads: every request is ``file:`` or ``data:``;
* one ``h1``, the language set, a title, no scripts of its own;
* reflow (WCAG 1.4.10): at 390 and 320 px the page never scrolls sideways; wide
  tables become one labelled block per row (the real header row kept for screen
  readers), other tables and charts scroll inside their own keyboard-focusable
  box; chart text is at least 9 px; sparklines stay inside their cells;
* every image, sparkline and status symbol has a text equivalent or is hidden.

axe-core is injected by the test only (the report itself has no scripts), from
the local copy that ``scripts/setup.sh`` installs with ``npm ci`` into
``tests/js/node_modules``. Chromium is Debian's, also installed by
``scripts/setup.sh``; Playwright never downloads a browser here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import fixture_data
import pytest

from perflib.core.paths import PROJECT_ROOT
from perflib.workflow.run import run_quarter

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = PROJECT_ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANG = "en-GB"
#: Reflow width in CSS px and how far past it rounding may reach.
NARROW = 320
TOLERANCE = 2
DESKTOP = 1280
#: A phone's width in CSS px.
PHONE = 390
#: What may be wider than a 320 px screen: it then scrolls inside its own box.
SCROLLS_INSIDE = ".table-wrap, table, figure"


# --------------------------------------------------------------------------- reports
@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory) -> Path:
    """appendix1.html of the hand-countable fixture council, 2023-24 Q3."""
    root = tmp_path_factory.mktemp("a11y-fixture")
    config = fixture_data.build(root)
    result = run_quarter(fixture_data.REPORT_QUARTER, config, log=lambda _: None)
    return result.folder / "appendix1.html"


@pytest.fixture(scope="module")
def sample_report(sample_default_run) -> Path:
    """appendix1.html of the bundled sample's default quarter (rendered once per session)."""
    return sample_default_run[1].folder / "appendix1.html"


@pytest.fixture(scope="module", params=["fixture", "sample"])
def report(request) -> Path:
    """Each report in turn."""
    return request.getfixturevalue(f"{request.param}_report")


# --------------------------------------------------------------------------- browser
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium, driven by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `bash scripts/setup.sh` (or `make test`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Opened:
    """A report opened in a fresh browser context, with every request it made."""

    def __init__(self, browser, html: Path, width: int, height: int = 900):
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, locale=LANG, service_workers="block"
        )
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        # Anything that is not the file itself or inline data is refused, and recorded above.
        self.context.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort("blockedbyclient"))
        self.page = self.context.new_page()
        self.page.goto(html.resolve().as_uri(), wait_until="load")

    def axe(self) -> dict:
        """Inject the local axe-core and run it with the WCAG A/AA tags."""
        self.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        return self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def open_report(browser):
    """Open a report at a viewport width; contexts are closed after the test."""
    opened: list[Opened] = []

    def _open(html: Path, width: int) -> Opened:
        o = Opened(browser, html, width)
        opened.append(o)
        return o

    yield _open
    for o in opened:
        o.close()


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        node = v["nodes"][0] if v["nodes"] else {"target": ["?"]}
        lines.append(
            f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} nodes; first: "
            f"{' '.join(map(str, node['target']))}]"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- tests
def test_axe_core_is_installed_locally():
    assert AXE.exists(), f"{AXE} is missing: run `bash scripts/setup.sh` (npm ci in tests/js)"
    assert AXE.stat().st_size > 100_000


@pytest.mark.parametrize("width", [DESKTOP, PHONE, NARROW], ids=["desktop", "390px", "320px"])
def test_axe_finds_no_wcag_violations(report, open_report, width):
    results = open_report(report, width).axe()
    assert results["testEngine"]["name"] == "axe-core"
    violations = results["violations"]
    if violations:
        print(_describe(violations))
        pytest.fail(
            f"{len(violations)} axe violations at {width}px in {report.parent.name}:\n{_describe(violations)}",
            pytrace=False,
        )


def test_loads_nothing_from_the_network(report, open_report):
    o = open_report(report, DESKTOP)
    o.page.wait_for_load_state("networkidle")
    assert o.requests, "the page itself should have been requested"
    remote = [u for u in o.requests if not u.startswith(("file:", "data:"))]
    assert not remote, f"requests beyond file:/data: while loading: {remote[:5]}"


def test_document_structure(report, open_report):
    page = open_report(report, DESKTOP).page
    facts = page.evaluate("""() => ({
        h1: document.querySelectorAll('h1').length,
        lang: document.documentElement.getAttribute('lang'),
        title: document.title,
        scripts: document.scripts.length,
        main: document.querySelectorAll('main').length,
        h1InMain: !!document.querySelector('main h1'),
    })""")
    assert facts["h1"] == 1
    assert facts["lang"] == LANG
    assert facts["title"].startswith("Appendix 1")
    assert facts["scripts"] == 0
    assert facts["main"] == 1 and facts["h1InMain"]


def test_reflows_at_320px(report, open_report):
    page = open_report(report, NARROW).page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW + TOLERANCE, f"the page scrolls sideways at {NARROW}px: scrollWidth {width}"
    # Nothing but a table or figure reaches past the screen's right edge ...
    escaping = page.evaluate(
        """([limit, allowed]) => {
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= 0) continue;      // hidden, or the off-screen skip link
            if (r.right > limit && !el.closest(allowed)) out.push(el.tagName.toLowerCase() + '.' + el.className);
        }
        return out.slice(0, 10);
    }""",
        [NARROW + TOLERANCE, SCROLLS_INSIDE],
    )
    assert not escaping, f"wider than {NARROW}px outside a table or figure: {escaping}"
    # ... and tables that are wider scroll inside a box that fits and can take keyboard focus.
    boxes = page.evaluate("""() => [...document.querySelectorAll('table')].map(t => {
        const box = t.closest('.table-wrap');
        return box ? {fits: box.getBoundingClientRect().right, scrolls: box.scrollWidth > box.clientWidth,
                      tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'),
                      label: box.getAttribute('aria-labelledby'), reflows: t.classList.contains('reflow')} : null;
    })""")
    assert boxes and all(b is not None for b in boxes), "every table sits in a .table-wrap box"
    assert all(b["fits"] <= NARROW + TOLERANCE for b in boxes)
    assert any(b["reflows"] for b in boxes), "expected the wide tables to reflow into labelled rows"
    assert not any(b["scrolls"] and b["reflows"] for b in boxes), "a reflowed table still scrolls at 320px"
    assert all(b["tabindex"] == "0" and b["role"] == "region" and b["label"] for b in boxes)


def test_images_svgs_and_symbols_have_text(report, open_report):
    page = open_report(report, DESKTOP).page
    found = page.evaluate("""() => ({
        imgs: [...document.images].map(i => i.getAttribute('alt')),
        svgs: [...document.querySelectorAll('svg')].map(s => ({role: s.getAttribute('role'),
              label: s.getAttribute('aria-label'), title: (s.querySelector('title') || {}).textContent})),
        syms: [...document.querySelectorAll('.sym')].map(s => s.getAttribute('aria-hidden')),
        statusWords: [...document.querySelectorAll('.status')].map(s => s.textContent.replace(/[^A-Za-z]/g, '').length),
    })""")
    assert found["imgs"]
    for alt in found["imgs"]:
        assert alt and "No description has been provided" not in alt and re.search(r"\d", alt), alt
    assert found["svgs"], "sparklines expected"
    for svg in found["svgs"]:
        assert svg["role"] == "img" and svg["label"] and re.search(r"\d", svg["label"]), svg
        assert svg["title"] == svg["label"]
    # Status symbols are decoration: hidden from screen readers, the word beside them says it.
    assert found["syms"] and all(h == "true" for h in found["syms"])
    assert all(n > 0 for n in found["statusWords"])


# --------------------------------------------------------------------------- phone (issue 14)
def test_phone_width_needs_no_sideways_scrolling(report, open_report):
    page = open_report(report, PHONE).page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"the page scrolls sideways at {PHONE}px: scrollWidth {width}"


def test_wide_tables_reflow_into_labelled_rows_on_a_phone(report, open_report):
    page = open_report(report, PHONE).page
    tables = page.evaluate("""() => [...document.querySelectorAll('table.reflow')].map(t => {
        const heads = [...t.tHead.rows[0].cells].map(c => c.textContent.trim());
        const rows = [...t.tBodies[0].rows].map(r => [...r.cells].map((c, i) => ({
            label: c.dataset.label, head: heads[i], display: getComputedStyle(c).display,
            shown: getComputedStyle(c, '::before').content, right: c.getBoundingClientRect().right})));
        return {cls: t.className, headDisplay: getComputedStyle(t.tHead).display,
                headCells: t.tHead.querySelectorAll('th[scope="col"]').length, width: heads.length, rows};
    })""")
    kinds = {t["cls"].split()[0] for t in tables}
    assert {"pi", "scorecard", "returns"} <= kinds, kinds
    for t in tables:
        # the real header row is still there for screen readers, only visually hidden
        assert t["headDisplay"] != "none" and t["headCells"] == t["width"], t["cls"]
        for row in t["rows"]:
            for cell in row:
                assert cell["label"] and cell["head"].endswith(cell["label"]), (t["cls"], cell)
                assert cell["display"] in ("block", "flow-root"), (t["cls"], cell)
                assert cell["label"] in cell["shown"], (t["cls"], cell)  # the label is shown beside the value
                assert cell["right"] <= PHONE, (t["cls"], cell)


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_sparklines_are_never_clipped(report, open_report, width):
    page = open_report(report, width).page
    sparks = page.evaluate("""() => [...document.querySelectorAll('svg.spark')].map(s => {
        const r = s.getBoundingClientRect(), c = s.closest('td').getBoundingClientRect();
        const box = s.closest('.table-wrap');
        return {left: r.left - c.left, right: c.right - r.right, width: r.width, height: r.height,
                inView: !box || r.right <= box.getBoundingClientRect().right + 0.5};
    })""")
    assert sparks, "sparklines expected"
    for s in sparks:
        assert s["left"] >= -0.5 and s["right"] >= -0.5, s  # inside its cell
        assert s["width"] >= 60 and s["height"] >= 15, s  # drawn at (close to) its own size, not squeezed
        assert s["inView"], s  # not hidden past the edge of a scrolling box


def test_chart_text_is_legible_on_a_phone(report, open_report):
    page = open_report(report, PHONE).page
    charts = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(f => {
        const img = f.querySelector('img');
        return {shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
                phone: parseFloat(f.style.getPropertyValue('--phone-width')), tabindex: f.getAttribute('tabindex'),
                figRight: f.getBoundingClientRect().right};
    })""")
    assert charts, "charts expected"
    for c in charts:
        # --phone-width is the width at which the chart's smallest text is 9 px (perflib.report.charts)
        assert c["phone"] > 0 and c["shown"] >= min(c["phone"], c["natural"]) - 1, c
        assert c["figRight"] <= PHONE and c["tabindex"] == "0", c  # a wider chart scrolls inside its figure


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_indicator_title_stands_out_from_its_detail_line(report, open_report, width):
    page = open_report(report, width).page
    styles = page.evaluate("""() => {
        const t = document.querySelector('table.pi .pi-title'), m = document.querySelector('table.pi .meta');
        const s = e => getComputedStyle(e);
        return {tw: +s(t).fontWeight, mw: +s(m).fontWeight,
                ts: parseFloat(s(t).fontSize), ms: parseFloat(s(m).fontSize)};
    }""")
    assert styles["tw"] >= 700 > styles["mw"] and styles["ts"] > styles["ms"], styles
