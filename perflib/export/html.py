"""The executed report notebook as one self-contained HTML page (nbconvert).

The page has styles inline, charts embedded as data URIs, no scripts at all,
no code cells and no prompts. Its print stylesheet sets the PDF's page: A4, a
running header with the council, report title and quarter, and "Page X of Y".
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

import perflib
from perflib.core import paths
from perflib.core.config import CouncilConfig
from perflib.core.quarters import Quarter
from perflib.report.render import stylesheet, unwrap_lab

LANG = "en-GB"
#: The page margins in mm (top, right, bottom, left), as the ``@page`` rule sets them; the running
#: header and the page footer sit in them. :mod:`perflib.export.pdf_check` reads the content box from here.
PAGE_MARGINS_MM: tuple[float, float, float, float] = (22.0, 15.0, 20.0, 15.0)


def _css_string(text: str) -> str:
    """Quote text for a CSS ``content`` string inside an HTML ``<style>`` element.

    Quotes and backslashes are escaped, control characters (line breaks
    included) become spaces, and ``<`` and ``>`` are CSS hex escapes, so no
    configured string can end the string, the rule or the ``<style>`` element
    (``</style><script>``).
    """
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace(">", "\\3e ")
    return '"' + text + '"'


def page_css(config: CouncilConfig, quarter: Quarter) -> str:
    """The ``@page`` rules: A4, running header and "Page X of Y" footer.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter

    Returns
    -------
    str
        CSS.
    """
    header = f"{config.council_name} \u00b7 {config.report_title} \u00b7 {quarter.label}"
    footer_left = "Illustrative sample data: not a real council" if config.illustrative_notice else config.council_name
    font = "font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; color: #333;"
    margin = " ".join(f"{m:g}mm" for m in PAGE_MARGINS_MM)
    return (
        f"@page {{ size: A4; margin: {margin};\n"
        f"  @top-left {{ content: {_css_string(header)}; {font} }}\n"
        f"  @bottom-left {{ content: {_css_string(footer_left)}; {font} }}\n"
        f'  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); {font} }}\n'
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
    for cell in nb.cells:  # the box and scoped stylesheet sections are shown in, in JupyterLab, come off
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            if "text/html" in data:
                html = data["text/html"]
                data["text/html"] = unwrap_lab("".join(html) if isinstance(html, list) else html)
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = ("remove-cell", "parameters", "injected-parameters")
    c.HTMLExporter.preprocessors = ["nbconvert.preprocessors.TagRemovePreprocessor"]
    exporter = HTMLExporter(
        config=c, template_name="appendix", extra_template_basedirs=[str(paths.EXPORT_TEMPLATES_DIR)]
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_anchor_links = True
    css = stylesheet()
    resources = {
        "perflib": {
            "lang": LANG,
            "title": title,
            "css": css,
            "page_css": page_css(config, quarter),
            "version": perflib.__version__,
            "council": config.council_name,
            "description": f"{config.report_title} for {quarter.label}, {config.council_name}",
            "running_header": f"{config.council_name} \u00b7 {config.report_title} \u00b7 {quarter.label}",
            # The page's footer names the document; the notice is already in its title block (no sentence twice).
            "running_footer": f"{config.council_name} \u00b7 {config.report_title} \u00b7 {quarter.label}",
        }
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body
