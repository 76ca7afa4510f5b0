"""Export: the executed notebook to HTML (nbconvert), the HTML to PDF (WeasyPrint), and the scorecard.

The HTML is one self-contained file: styles inline, charts embedded as data
URIs, no scripts at all, no code cells, no prompts. The PDF is made from the
same HTML with the print stylesheet: A4, tagged for accessibility (PDF/UA),
title and language set, a running header with the council, report title and
quarter, and "Page X of Y" on every page.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter
from traitlets.config import Config

import perflib
from perflib import paths, suppression
from perflib.config import CouncilConfig
from perflib.quarters import Quarter

LANG = "en-GB"

#: Columns of scorecard.csv, in order (one row per catalogue PI).
SCORECARD_COLUMNS = [
    "quarter", "pi_code", "title", "priority", "priority_name", "directorate", "directorate_name",
    "good_direction", "unit", "decimals", "sensitive", "frequency", "measure_type", "value", "quarter_value",
    "numerator", "denominator", "ytd_numerator", "ytd_denominator", "target", "target_upper", "tolerance",
    "tolerance_type", "amber_threshold", "amber_threshold_upper", "status", "status_reason",
    "short_trend", "short_previous", "long_trend", "long_previous", "red_run", "last_value", "last_period",
    "commentary", "corrective_action",
]
_TEXT_COLUMNS = ["title", "priority_name", "directorate_name", "status_reason", "commentary", "corrective_action"]


def _css_string(text: str) -> str:
    """Quote text for a CSS ``content`` string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(config: CouncilConfig, quarter: Quarter) -> str:
    """The ``@page`` rules: A4, running header and "Page X of Y" footer."""
    header = f"{config.council_name} \u00b7 {config.report_title} \u00b7 {quarter.label}"
    footer_left = "Illustrative sample data: not a real council" if config.illustrative_notice else config.council_name
    return (
        "@page { size: A4; margin: 22mm 15mm 20mm 15mm;\n"
        f"  @top-left {{ content: {_css_string(header)}; font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; color: #333; }}\n"
        f"  @bottom-left {{ content: {_css_string(footer_left)}; font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; color: #333; }}\n"
        "  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; color: #333; }\n"
        "}\n"
    )


def export_html(notebook: Path | nbformat.NotebookNode, config: CouncilConfig, quarter: Quarter, title: str) -> str:
    """Render an executed report notebook as the Appendix 1 HTML page.

    Parameters
    ----------
    notebook : Path or NotebookNode
        The executed notebook.
    config : CouncilConfig
    quarter : Quarter
    title : str
        The document title.

    Returns
    -------
    str
        The complete HTML document.
    """
    nb = nbformat.read(str(notebook), as_version=4) if isinstance(notebook, (str, Path)) else notebook
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = ("remove-cell", "parameters", "injected-parameters")
    c.HTMLExporter.preprocessors = ["nbconvert.preprocessors.TagRemovePreprocessor"]
    exporter = HTMLExporter(config=c, template_name="appendix",
                            extra_template_basedirs=[str(paths.TEMPLATES_DIR)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_anchor_links = True
    css = (paths.STATIC_DIR / "report.css").read_text(encoding="utf-8")
    resources = {"perflib": {
        "lang": LANG, "title": title, "css": css, "page_css": page_css(config, quarter),
        "version": perflib.__version__, "council": config.council_name,
        "description": f"{config.report_title} for {quarter.label}, {config.council_name}",
        "running_header": f"{config.council_name} \u00b7 {config.report_title} \u00b7 {quarter.label}",
        "running_footer": (config.illustrative_notice or config.council_name),
    }}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def export_pdf(html: str, target: Path, title: str) -> None:
    """Write the PDF of ``html`` with WeasyPrint: A4, tagged (PDF/UA-1).

    Parameters
    ----------
    html : str
        The Appendix 1 HTML (its print stylesheet sets the page).
    target : Path
        Where to write the PDF.
    title : str
        Document title (also in the HTML ``<title>``).
    """
    import weasyprint

    doc = weasyprint.HTML(string=html, base_url=str(paths.PROJECT_ROOT))
    doc.write_pdf(str(target), pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=False)


def neutralise(text: object) -> object:
    """Stop a spreadsheet treating text as a formula (``=``, ``+``, ``-``, ``@``)."""
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


#: Columns that carry a PI's value and so are subject to small-number suppression.
VALUE_COLUMNS = ["value", "quarter_value", "numerator", "denominator", "short_previous", "long_previous",
                 "last_value"]


def scorecard_frame(scorecard: pd.DataFrame, suppress_below: int = suppression.DEFAULT_MIN_COUNT) -> pd.DataFrame:
    """The scorecard as published: fixed columns, small counts suppressed, text cells neutralised."""
    frame = suppression.suppress_frame(scorecard, VALUE_COLUMNS, suppress_below)
    frame = frame.reindex(columns=SCORECARD_COLUMNS).copy()
    for col in _TEXT_COLUMNS:
        frame[col] = frame[col].map(neutralise)
    return frame


def write_scorecard_csv(scorecard: pd.DataFrame, target: Path,
                        suppress_below: int = suppression.DEFAULT_MIN_COUNT) -> None:
    """Write ``scorecard.csv`` (UTF-8, one row per catalogue PI)."""
    frame = scorecard_frame(scorecard, suppress_below)
    buf = io.StringIO()
    frame.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n", float_format="%.10g")
    target.write_text(buf.getvalue(), encoding="utf-8")
