"""The bundled sample: the default quarter renders end to end, as `make report` does.

Outputs go to a temporary folder (the config is copied with its output paths
changed), so the test never touches the analyst's outputs/.
"""

import csv
import re

import pytest
from pypdf import PdfReader

from perflib.core.paths import PROJECT_ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sample_run(sample_default_run):
    return sample_default_run


def test_default_quarter_outputs(sample_run):
    _, result = sample_run
    assert result.folder.name == "2023-24-Q3"
    for name in ("appendix1.html", "appendix1.pdf", "appendix1.ipynb", "scorecard.csv"):
        assert (result.folder / name).exists()


def test_html_names_priorities_and_has_no_code(sample_run):
    cfg, result = sample_run
    html = (result.folder / "appendix1.html").read_text(encoding="utf-8")
    for p in cfg["priorities"]:
        assert p["name"] in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "report.overall()" not in html and "import " not in html
    assert "Illustrative" in html
    assert (result.folder / "appendix1.html").stat().st_size < 3_000_000


def test_pdf_small_and_fonts_embedded(sample_run):
    path = sample_run[1].folder / "appendix1.pdf"
    assert path.stat().st_size < 3_000_000
    reader = PdfReader(path)
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            fonts[str(font.get("/BaseFont"))] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts


def test_pdf_tagged_paged_and_marked_illustrative(sample_run):
    reader = PdfReader(sample_run[1].folder / "appendix1.pdf")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    n = len(reader.pages)
    assert n >= 5
    for i, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {i} of {n}" in text and "2023-24 Q3" in text
        assert "Illustrative sample data" in text


def test_scorecard_has_every_catalogue_pi_and_follows_the_rule(sample_run):
    with open(PROJECT_ROOT / "data" / "catalogue" / "indicators.csv", encoding="utf-8") as fh:
        catalogue = [r["pi_code"] for r in csv.DictReader(fh)]
    with open(sample_run[1].folder / "scorecard.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["indicator_id"] for r in rows] == catalogue
    # Recompute each rated row's status from its own columns, independently of perflib.rules.
    for r in rows:
        if r["status"] not in ("Green", "Amber", "Red"):
            assert r["status"] in ("Data only", "No data", "Not due")
            if r["status"] == "No data":
                assert r["status_reason"]
            continue
        t, a = float(r["target"]), float(r["amber_threshold"])

        def rule(v, r=r, t=t, a=a):
            if r["good_direction"] == "higher":
                return "Green" if v >= t else "Amber" if v >= a else "Red"
            if r["good_direction"] == "lower":
                return "Green" if v <= t else "Amber" if v <= a else "Red"
            tu, au = float(r["target_upper"]), float(r["amber_threshold_upper"])
            return "Green" if t <= v <= tu else "Amber" if a <= v <= au else "Red"

        if r["value"] == "<5":
            # suppressed small count: the status must be what some count from 1 to 4 gives
            assert r["sensitive"] == "yes" and r["status"] in {rule(v) for v in (1, 2, 3, 4)}, r["indicator_id"]
        else:
            assert r["status"] == rule(float(r["value"])), r["indicator_id"]


def test_scorecard_spc_columns_match_the_spc_rules(sample_run):
    """scorecard.csv carries spc_summary's verdicts (checked independently in tests/test_spc.py)."""
    import pandas as pd

    from perflib.build.prepared import load_prepared
    from perflib.core.config import load_config
    from perflib.inputs.catalogue import load_catalogue
    from perflib.rules.spc_panel import spc_summary

    cfg_path = sample_run[1].folder.parent.parent / "council.yml"
    config = load_config(cfg_path)
    prepared = load_prepared("2023-24 Q3", config)
    expected = spc_summary(prepared.panel, prepared.quarter.index, load_catalogue(config)).set_index("pi_code")
    card = pd.read_csv(sample_run[1].folder / "scorecard.csv", keep_default_na=False).set_index("indicator_id")
    assert (card["spc_variation"] == expected.loc[card.index, "spc_variation"]).all()
    assert (card["spc_assurance"] == expected.loc[card.index, "spc_assurance"]).all()
    html = (sample_run[1].folder / "appendix1.html").read_text(encoding="utf-8")
    assert "PIs by variation and assurance" in html


def test_key_challenges_with_comparator_figures_have_a_comparator_chart(sample_run):
    """Each key challenge with comparator data is charted against its group, with its rank in the alt text."""
    import html as html_lib

    _, result = sample_run
    page = (result.folder / "appendix1.html").read_text(encoding="utf-8")
    card = {r["indicator_id"]: r for r in csv.DictReader(open(result.folder / "scorecard.csv", encoding="utf-8"))}
    section = page[page.index('id="key-challenges"') : page.index('id="key-improvers"')]
    shown = re.findall(r"<h3[^>]*>\s*([A-Z]{2}\d{2})\b", section)
    assert shown
    alts = [html_lib.unescape(a) for a in re.findall(r'alt="(Column chart of [^"]*)"', section)]
    compared = [c for c in shown if card[c]["benchmark_n"] not in ("", "0")]
    assert compared  # the sample has some
    assert sorted(a.split()[3] for a in alts) == sorted(compared)
    for code in compared:
        alt = next(a for a in alts if a.split()[3] == code)
        assert f"rank {card[code]['benchmark_rank']} of {card[code]['benchmark_n']}" in alt
    assert 'alt="Column chart' not in page[page.index('id="key-improvers"') :]
