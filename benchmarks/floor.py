"""Benchmark (c), the floor: the same report with no kernel and no notebook.

Imports the same libraries, reads the same processed data, draws the same
charts, writes the same sections (in the report's one order,
:data:`perflib.report.outline.SECTIONS`) into the same page shell and
stylesheet, and makes the PDF with WeasyPrint, all in one plain Python process.

    .venv/bin/python benchmarks/floor.py "2023-24 Q3" /tmp/floor
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from perflib.core import paths
from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.export.html import LANG, page_css
from perflib.export.pdf import export_pdf
from perflib.report.sections import Report


def main(quarter: str, out_dir: str) -> None:
    config = load_config()
    q = Quarter.parse(quarter)
    report = Report(q, config)
    css = paths.STYLESHEET.read_text(encoding="utf-8")
    page = (
        f'<!DOCTYPE html>\n<html lang="{LANG}"><head><meta charset="utf-8">'
        f"<title>{html.escape(report.title)}</title><style>{css}</style>"
        f'<style media="print">{page_css(config, q)}</style></head><body><main id="content">'
        + "\n".join(s.html for s in report.sections())
        + "</main></body></html>"
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "appendix1.html").write_text(page, encoding="utf-8")
    export_pdf(page, out / "appendix1.pdf", report.title)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
