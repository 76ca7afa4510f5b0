"""Export: the executed notebook to HTML (nbconvert), the HTML to PDF (WeasyPrint), and the scorecard.

The HTML is one self-contained file: styles inline, charts embedded as data
URIs, no scripts at all, no code cells, no prompts. The PDF is made from the
same HTML with the print stylesheet: A4, tagged for accessibility (PDF/UA),
title and language set, a running header with the council, report title and
quarter, and "Page X of Y" on every page. The scorecard is written as
``scorecard.csv`` and as ``scorecard.xlsx`` (formatted, with a Notes sheet);
both have the same rows and columns, with small counts suppressed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from traitlets.config import Config

import perflib
from perflib import paths, rules, suppression
from perflib.config import CouncilConfig
from perflib.formatting import css_class, trend_text
from perflib.quarters import Quarter

LANG = "en-GB"

#: Columns of scorecard.csv, in order (one row per catalogue PI).
SCORECARD_COLUMNS = [
    # the published open-data columns, in this order
    "period", "indicator_id", "indicator", "priority", "directorate", "unit", "good_direction", "frequency",
    "measure_type", "value", "target", "amber_threshold", "status", "short_trend", "long_trend", "commentary",
    # further detail
    "corrective_action", "status_reason", "priority_id", "directorate_id", "decimals", "sensitive",
    "target_upper", "amber_threshold_upper", "tolerance", "tolerance_type", "quarter_value", "numerator",
    "denominator", "ytd_numerator", "ytd_denominator", "short_previous", "long_previous", "red_run",
    "last_value", "last_period",
    # statistical process control and comparison with the comparator group
    "spc_variation", "spc_assurance", "spc_n_points", "spc_mean", "spc_lcl", "spc_ucl",
    "benchmark_median", "benchmark_quartile", "benchmark_rank", "benchmark_n", "benchmark_method",
    "benchmark_group", "benchmark_period",
]
#: Internal scorecard column -> published name.
PUBLISHED_NAMES = {
    "quarter": "period", "pi_code": "indicator_id", "title": "indicator", "priority": "priority_id",
    "priority_name": "priority", "directorate": "directorate_id", "directorate_name": "directorate",
}
#: Published wording of the measure types.
MEASURE_TYPE_NAMES = {"in_quarter": "in quarter", "cumulative": "year to date", "snapshot": "snapshot"}
_TEXT_COLUMNS = ["indicator", "priority", "directorate", "status_reason", "commentary", "corrective_action"]


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


def export_pdf(html: str, target: Path, title: str, *, created: dt.date | None = None,
               identifier: bytes | None = None) -> None:
    """Write the PDF of ``html`` with WeasyPrint: A4, tagged (PDF/UA-1), reproducible.

    The same HTML always gives the same bytes: WeasyPrint adds no clock
    date unless asked, and both the dates and the file identifier are given
    here from the report itself, never from the time of the run.

    Parameters
    ----------
    html : str
        The Appendix 1 HTML (its print stylesheet sets the page).
    target : Path
        Where to write the PDF.
    title : str
        Document title (also in the HTML ``<title>``).
    created : date, optional
        Creation and modification date recorded in the PDF (``/CreationDate``,
        ``/ModDate`` and the XMP metadata); a run passes the last day of the
        quarter, the date its figures are as at. Omitted when None.
    identifier : bytes, optional
        The PDF file identifier (``/ID``); by default derived from the HTML.
    """
    import hashlib

    import weasyprint

    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "uncompressed_pdf": False}
    doc = weasyprint.HTML(string=html, base_url=str(paths.PROJECT_ROOT)).render(**options)
    if created is not None:
        stamp = created.isoformat()                  # W3C date, as <meta name="dcterms.created"> takes
        doc.metadata.created = stamp
        doc.metadata.modified = stamp
    if identifier is None:
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    doc.write_pdf(str(target), pdf_identifier=identifier, **options)


def neutralise(text: object) -> object:
    """Stop a spreadsheet treating text as a formula (``=``, ``+``, ``-``, ``@``)."""
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


#: Columns that carry a PI's value and so are subject to small-number suppression.
VALUE_COLUMNS = ["value", "quarter_value", "numerator", "denominator", "ytd_numerator", "ytd_denominator",
                 "short_previous", "long_previous",
                 "last_value"]


def scorecard_frame(scorecard: pd.DataFrame, suppress_below: int = suppression.DEFAULT_MIN_COUNT,
                    suppress_denominator_below: int = suppression.DEFAULT_MIN_DENOMINATOR) -> pd.DataFrame:
    """The scorecard as published: fixed columns, small counts suppressed, text cells neutralised."""
    frame = suppression.suppress_frame(scorecard, VALUE_COLUMNS, suppress_below, suppress_denominator_below)
    frame = frame.drop(columns=[c for c in PUBLISHED_NAMES.values() if c in frame and c not in PUBLISHED_NAMES])
    frame = frame.rename(columns=PUBLISHED_NAMES)
    frame["measure_type"] = frame["measure_type"].map(MEASURE_TYPE_NAMES).fillna(frame["measure_type"])
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


# ------------------------------------------------------------------ scorecard.xlsx
#: What each scorecard column means (the "Notes" sheet of scorecard.xlsx).
SCORECARD_COLUMN_NOTES: dict[str, str] = {
    "period": "The report quarter, e.g. 2023-24 Q3 (financial year April to March).",
    "indicator_id": "The Performance Indicator's code in the catalogue; never reused.",
    "indicator": "The PI's short name as printed in the report.",
    "priority": "The corporate plan priority the PI sits under.",
    "priority_id": "Id of that priority in the council configuration.",
    "directorate": "The directorate whose return reports the PI.",
    "directorate_id": "Id of that directorate.",
    "good_direction": "Which way is better: higher, lower, or range (within a band).",
    "unit": "Unit of the values: percent (0 to 100), count, number, days, seconds or weeks.",
    "decimals": "Decimal places the report shows; values are rounded to these before they are rated.",
    "sensitive": "yes if the PI counts people, so that small counts are suppressed (see below).",
    "frequency": "How often the PI is reported: quarterly, annual or biennial.",
    "measure_type": "What the value means: in quarter (activity in the quarter), year to date (added up "
                    "over the year so far) or snapshot (position at quarter end).",
    "value": "The value rated this quarter: the year to date for cumulative PIs, otherwise the quarter's figure.",
    "quarter_value": "The figure for the quarter on its own, as returned.",
    "numerator": "The quarter's numerator, for PIs built from a count over a count.",
    "denominator": "The quarter's denominator.",
    "ytd_numerator": "Year-to-date numerator (cumulative percent PIs, pooled).",
    "ytd_denominator": "Year-to-date denominator.",
    "target": "The target in force for the year (for range PIs the lower edge of the band).",
    "target_upper": "For range PIs, the upper edge of the target band.",
    "tolerance": "The amber tolerance: how far past the target is still Amber.",
    "tolerance_type": "absolute (in the PI's unit) or percent (a percentage of the target).",
    "amber_threshold": "The value past which the PI is Red (for range PIs the lower edge).",
    "amber_threshold_upper": "For range PIs, the upper amber threshold.",
    "status": "Green, Amber, Red, Data only, No data or Not due (see Statuses below).",
    "status_reason": "Why a PI has No data (e.g. return not received).",
    "short_trend": "Direction of travel against the previous reported period (see Trends below).",
    "short_previous": "The previous reported period's value, used for the short-term trend.",
    "long_trend": "Direction of travel against the same quarter a year earlier.",
    "long_previous": "The value a year earlier, used for the long-term trend.",
    "red_run": "How many reported periods running the PI has been Red.",
    "last_value": "For PIs not due this quarter, the last value reported.",
    "last_period": "The quarter that last value is for.",
    "commentary": "The service's commentary from its return.",
    "corrective_action": "The corrective action the service is taking, from its return.",
}

STATUS_NOTES: dict[str, str] = {
    "Green": "On or better than target.",
    "Amber": "Missed target, but within the amber tolerance.",
    "Red": "Missed target by more than the amber tolerance.",
    "Data only": "Reported for information; no target is set.",
    "No data": "Due this quarter but no usable figure; status_reason says why.",
    "Not due": "Annual or biennial PI that reports in another quarter; last_value shows its last figure.",
}

TREND_NOTES: dict[str, str] = {
    "Improving": "Better than the comparison period, by more than the materiality threshold.",
    "Declining": "Worse than the comparison period, by more than the materiality threshold.",
    "No change": "Within the materiality threshold of the comparison period.",
    "Not comparable": "No figure for one of the two periods.",
}

#: Columns holding a value in the PI's own unit (formatted by unit and decimals).
_UNIT_COLUMNS = ["value", "quarter_value", "target", "target_upper", "amber_threshold", "amber_threshold_upper",
                 "short_previous", "long_previous", "last_value"]
#: Columns holding counts that make up a rate.
_COUNT_COLUMNS = ["numerator", "denominator", "ytd_numerator", "ytd_denominator"]
#: Long text columns: wrapped, wider.
_WRAP_COLUMNS = ["indicator", "priority", "status_reason", "commentary", "corrective_action"]


def _css_colours() -> dict[str, tuple[str, str]]:
    """Status -> (fill, text colour) as ``RRGGBB``, read from the report's own stylesheet.

    The ``.status-*`` rules in ``perflib/static/report.css`` (and the ``--*``
    custom properties they use) are the one source of the palette, so the
    spreadsheet always matches the report.
    """
    css = (paths.STATIC_DIR / "report.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    variables = dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})", css))

    def resolve(value: str) -> str:
        value = value.strip()
        m = re.fullmatch(r"var\((--[\w-]+)\)", value)
        value = variables.get(m.group(1), "#000000") if m else value
        value = value.lstrip("#")
        if len(value) == 3:
            value = "".join(ch * 2 for ch in value)
        return value.upper()

    found: dict[str, tuple[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        names = {s.strip() for s in selectors.split(",")}
        decl = dict((k.strip(), v.strip()) for k, _, v in
                    (d.partition(":") for d in body.split(";") if ":" in d))
        for status in rules.STATUSES:
            if "." + css_class(status) in names and "background" in decl and "color" in decl:
                found[status] = (resolve(decl["background"]), resolve(decl["color"]))
    return found


def unit_number_format(unit: str, decimals: int) -> str:
    """Excel number format for a value in ``unit`` shown to ``decimals`` places.

    Percent values are stored as 0-100 numbers, so the sign is literal text
    (``0.0"%"``), never Excel's ``%`` (which would multiply by 100).

    Parameters
    ----------
    unit : str
        Catalogue unit.
    decimals : int
        Catalogue decimal places.

    Returns
    -------
    str
        e.g. ``'#,##0.0"%"'``, ``'#,##0'``, ``'#,##0" days"'``.
    """
    number = "#,##0" + ("." + "0" * int(decimals) if int(decimals) > 0 else "")
    if unit == "percent":
        return number + '"%"'
    if unit in ("days", "seconds", "weeks"):
        return f'{number}" {unit}"'
    return number


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def write_scorecard_xlsx(scorecard: pd.DataFrame, target: Path,
                         suppress_below: int = suppression.DEFAULT_MIN_COUNT,
                         config: CouncilConfig | None = None) -> None:
    """Write ``scorecard.xlsx``: the scorecard as a formatted workbook, with a Notes sheet.

    The "Scorecard" sheet has the same rows and columns as ``scorecard.csv``
    (one row per catalogue PI, small counts suppressed, text that a spreadsheet
    could read as a formula neutralised; no cell is ever written as a formula),
    a frozen header row, an autofilter, number formats by unit and decimals,
    and each status cell carries its word and the report's colour. The "Notes"
    sheet explains the columns, statuses, trends and suppression, and says when
    the data is illustrative.

    Parameters
    ----------
    scorecard : DataFrame
        The quarter's scorecard (``Prepared.scorecard``).
    target : Path
        Where to write the workbook.
    suppress_below : int
        Counts of people from 1 to ``suppress_below - 1`` are shown as ``"<N"``.
    config : CouncilConfig, optional
        For the council's name and illustrative notice on the Notes sheet.
    """
    frame = scorecard_frame(scorecard, suppress_below)
    colours = _css_colours()
    header_fill = PatternFill("solid", fgColor="F3F2F1")
    bold = Font(bold=True)
    thin = Side(style="thin", color="B1B4B6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    right_top = Alignment(horizontal="right", vertical="top")

    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    col_index = {name: i + 1 for i, name in enumerate(SCORECARD_COLUMNS)}
    for name, i in col_index.items():
        cell = ws.cell(row=1, column=i, value=name)
        cell.font, cell.fill, cell.border, cell.alignment = bold, header_fill, border, wrap

    widths = {name: len(name) + 2 for name in SCORECARD_COLUMNS}
    for r, rec in enumerate(frame.to_dict("records"), start=2):
        unit, decimals = str(rec.get("unit")), int(rec.get("decimals") or 0)
        for name, i in col_index.items():
            value = rec.get(name)
            if _blank(value):
                value = None
            elif hasattr(value, "item"):          # numpy scalar -> Python
                value = value.item()
            cell = ws.cell(row=r, column=i, value=value)
            if isinstance(value, str):
                cell.data_type = "s"              # text, never a formula
            cell.border = border
            cell.alignment = wrap if name in _WRAP_COLUMNS else top
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if name in _UNIT_COLUMNS:
                    cell.number_format = unit_number_format(unit, decimals)
                elif name == "tolerance":
                    if rec.get("tolerance_type") == "percent":   # a percentage of the target
                        cell.number_format = '#,##0"%"' if float(value).is_integer() else '#,##0.0#"%"'
                    else:
                        cell.number_format = unit_number_format(unit, decimals)
                elif name in _COUNT_COLUMNS:
                    cell.number_format = "#,##0" if float(value).is_integer() else "#,##0.0##"
                elif name in ("decimals", "red_run"):
                    cell.number_format = "0"
            elif isinstance(value, str) and name in _UNIT_COLUMNS + _COUNT_COLUMNS:
                cell.alignment = right_top        # a suppressed "<5" sits where the number would
            if name == "status" and value in colours:
                fill, ink = colours[value]
                cell.fill = PatternFill("solid", fgColor=fill)
                cell.font = Font(bold=True, color=ink)
            shown = len(str(value)) if value is not None else 0
            widths[name] = max(widths[name], min(shown + 2, 60))

    for name, i in col_index.items():
        width = min(widths[name], 50) if name in _WRAP_COLUMNS else min(widths[name], 24)
        ws.column_dimensions[get_column_letter(i)].width = max(width, 8)
    ws.freeze_panes = "C2"                         # header row, and quarter + code on the left
    last = get_column_letter(len(SCORECARD_COLUMNS))
    ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 1)}"

    _write_notes(wb.create_sheet("Notes"), frame, suppress_below, config, colours)
    council = config.council_name if config else ""
    quarter = str(frame["period"].dropna().iloc[0]) if frame["period"].notna().any() else ""
    wb.properties.title = " ".join(x for x in ("Corporate scorecard", quarter, council) if x)
    wb.properties.creator = f"perflib {perflib.__version__}"
    wb.properties.language = LANG
    try:
        as_at = Quarter.parse(quarter).end_date
    except ValueError:
        as_at = dt.date(2000, 1, 1)                # no period: still the same bytes every time
    save_reproducible(wb, target, dt.datetime.combine(as_at, dt.time()))


def save_reproducible(wb: Workbook, target: Path, when: dt.datetime) -> None:
    """Save a workbook so the same content always gives the same bytes.

    openpyxl stamps the workbook's ``modified`` property and every zip entry
    with the time of saving. Here both properties and every entry's date are
    ``when`` (a run passes the last day of the quarter, the date the figures
    are as at), entries keep openpyxl's order, and the file is written
    atomically.

    Parameters
    ----------
    wb : Workbook
    target : Path
    when : datetime
        Naive UTC date and time recorded as created and modified.
    """
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = when
    wb.properties.modified = when
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            out.writestr(entry, src.read(info.filename))
    os.replace(tmp, target)


def _write_notes(ws: Worksheet, frame: pd.DataFrame, suppress_below: int, config: CouncilConfig | None,
                 colours: dict[str, tuple[str, str]]) -> None:
    """Fill the "Notes" sheet of scorecard.xlsx."""
    bold, heading = Font(bold=True), Font(bold=True, size=13)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100
    row = 1

    def put(a: object = None, b: object = None, font: Font | None = None) -> None:
        nonlocal row
        for col, value in ((1, a), (2, b)):
            if value is not None:
                cell = ws.cell(row=row, column=col, value=value)
                cell.data_type = "s"
                cell.alignment = wrap
                if font is not None:
                    cell.font = font
        row += 1

    quarter = str(frame["period"].dropna().iloc[0]) if frame["period"].notna().any() else ""
    council = config.council_name if config else ""
    put("Corporate scorecard" + (f": {quarter}" if quarter else "") + (f", {council}" if council else ""),
        font=Font(bold=True, size=15))
    if config is not None and config.illustrative_notice:
        put("Illustrative data", config.illustrative_notice + " These figures are illustrative: they do not "
            "describe any real council's performance.", font=Font(bold=True, color="8A1F00"))
    put(None, f"One row per Performance Indicator in the catalogue ({len(frame)} in all), as in scorecard.csv "
        "and Appendix 2 of the report. Made by perflib; do not edit by hand, rerun the quarter instead.")
    row += 1

    put("Columns", font=heading)
    put("Column", "Meaning", font=bold)
    for name in SCORECARD_COLUMNS:
        put(name, SCORECARD_COLUMN_NOTES.get(name, ""))
    row += 1

    put("Statuses", font=heading)
    put(None, "The status cell always carries the status in words; its colour matches the report.")
    for status, meaning in STATUS_NOTES.items():
        put(status, meaning)
        if status in colours:
            fill, ink = colours[status]
            cell = ws.cell(row=row - 1, column=1)
            cell.fill = PatternFill("solid", fgColor=fill)
            cell.font = Font(bold=True, color=ink)
    row += 1

    put("Trends", font=heading)
    put(None, "short_trend compares with the previous reported period, long_trend with the same quarter a "
        "year earlier. The columns give the direction of travel in words; the report shows the same with "
        "an arrow, as below. Improving and Declining take account of which direction is good.")
    for trend, meaning in TREND_NOTES.items():
        put(trend_text(trend), meaning)
    row += 1

    put("Suppression", font=heading)
    put(None, f"For PIs that count people (sensitive = yes), counts from 1 to {suppress_below - 1} could "
        f"identify someone and are shown as {suppression.label(suppress_below)} in every value column, "
        "as in the report. Zero is shown. The status is worked out on the true figure.")
    row += 1

    put("Formulas", font=heading)
    put(None, "No cell is a formula. Text from the returns that begins with =, +, - or @ is stored with a "
        "leading apostrophe (') so that no spreadsheet can run it, as in scorecard.csv.")
    put("Number formats", "Percentages are numbers from 0 to 100 (63.5 means 63.5%); values are shown to the "
        "PI's decimal places (the cell holds the figure as returned or computed).")
