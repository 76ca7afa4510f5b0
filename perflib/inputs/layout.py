"""The layout of a quarterly return workbook, in one place.

Services send one workbook per directorate per quarter. What the template
writer and the sample-data generator write, the loader reads: all three take
sheet names, header labels and allowed values from this module, so the format
cannot drift between them. ``data/raw/README.md`` describes the same layout for
people.
"""

from __future__ import annotations

COVER_SHEET = "Cover"
INDICATORS_SHEET = "Indicators"
ACTIONS_SHEET = "Flagship actions"

#: Labels in column A of the cover sheet; the value sits in column B.
COVER_FIELDS: dict[str, str] = {
    "council": "Council",
    "directorate": "Directorate",
    "quarter": "Quarter",
    "completed_by": "Completed by",
    "submitted": "Date submitted",
}

#: Header row (row 1) of the Indicators sheet, in order: internal name -> label.
#: Columns marked in :data:`INDICATOR_INPUT_COLUMNS` are filled in by the service;
#: the others are reference copies of the catalogue and are not read back.
INDICATOR_COLUMNS: dict[str, str] = {
    "pi_code": "PI code",
    "title": "Indicator",
    "unit": "Unit",
    "good_direction": "Good direction",
    "target": "Target",
    "value": "Value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "commentary": "Commentary",
    "corrective_action": "Corrective action",
}
INDICATOR_INPUT_COLUMNS: tuple[str, ...] = (
    "value",
    "numerator",
    "denominator",
    "commentary",
    "corrective_action",
)

#: Optional columns of the Indicators sheet: read when a return has them, never required
#: (returns from before they existed load with no problem reported). ``planned_action`` is
#: what the service plans to do next (beside the corrective action it is taking now) and
#: ``action_due`` the date it is due by (an Excel date, or text dd/mm/yyyy or yyyy-mm-dd);
#: templates put both right after "Corrective action". ``service_forecast`` is the service's
#: own forecast of the year-end outturn (Q1 to Q3), shown beside perflib's forecast, never
#: instead of it.
INDICATOR_OPTIONAL_COLUMNS: dict[str, str] = {
    "planned_action": "Planned action",
    "action_due": "Action due",
    "service_forecast": "Forecast outturn",
}

#: Every Indicators sheet column a return may have, required and optional: internal name -> label.
INDICATOR_LABELS: dict[str, str] = {**INDICATOR_COLUMNS, **INDICATOR_OPTIONAL_COLUMNS}

#: Text forms of a date accepted in "Action due" (CSV returns, or a date typed as text).
DATE_TEXT_FORMATS: tuple[str, ...] = ("%d/%m/%Y", "%Y-%m-%d")

#: Header row (row 1) of the Flagship actions sheet. ``lead_officer`` is a reference copy
#: of the catalogue (not read back).
ACTION_COLUMNS: dict[str, str] = {
    "fa_code": "FA code",
    "title": "Flagship action",
    "lead_officer": "Lead officer",
    "status": "Status",
    "update": "Update",
}
ACTION_INPUT_COLUMNS: tuple[str, ...] = ("status", "update")
#: Headers of older returns' Flagship actions sheet, accepted and ignored ("Owner" became "Lead officer").
ACTION_LEGACY_COLUMNS: dict[str, str] = {"owner": "Owner"}

#: Extra reference columns a template adds after "Indicator" (ignored when read).
INDICATOR_EXTRA_COLUMNS: dict[str, str] = {"definition": "Definition"}

#: Reference columns holding earlier values, e.g. "Value 2023-24 Q2" (templates
#: show the last four). The loader accepts and ignores them.
PREVIOUS_VALUE_PATTERN = r"^Value \d{4}-\d{2} Q[1-4]$"


def previous_value_label(quarter_label: str) -> str:
    """Header of a reference column with an earlier value, e.g. ``"Value 2023-24 Q2"``."""
    return f"Value {quarter_label}"


#: Reference column of the Flagship actions sheet with the status last reported,
#: e.g. "Status 2023-24 Q2" (templates show it). The loader accepts and ignores it.
PREVIOUS_STATUS_PATTERN = r"^Status \d{4}-\d{2} Q[1-4]$"


def previous_status_label(quarter_label: str) -> str:
    """Header of the reference column with the status last reported, e.g. ``"Status 2023-24 Q2"``."""
    return f"Status {quarter_label}"


#: Optional sheet of monthly figures. perflib rolls them up to the quarter by
#: measure type: counts are added, rates pooled from numerators and
#: denominators, snapshots take the last month.
MONTHLY_SHEET = "Monthly"
MONTHLY_COLUMNS: dict[str, str] = {
    "pi_code": "PI code",
    "month": "Month",
    "value": "Value",
    "numerator": "Numerator",
    "denominator": "Denominator",
}

#: Sheet of instructions in a template (ignored by the loader).
INSTRUCTIONS_SHEET = "Instructions"

#: A return may also arrive as CSV holding just the Indicators table (header in
#: row 1, same labels). It is read as UTF-8 (with or without BOM) or, failing
#: that, Windows-1252, and its quarter is taken from the folder.
CSV_SUFFIX = ".csv"

#: The analyst's narrative for the quarter: ``data/raw/<quarter>/narrative.xlsx``.
NARRATIVE_FILE = "narrative.xlsx"
NARRATIVE_SHEET = "Narrative"
NARRATIVE_COLUMNS: dict[str, str] = {
    "priority": "Priority",
    "kind": "Type",
    "text": "Text",
}
#: Longest narrative bullet, in characters, before ``validate`` warns that it will not read as a bullet
#: (it is still used). About four lines of the report's text.
NARRATIVE_MAX_CHARS = 400
#: Allowed values of the narrative "Type" column.
NARRATIVE_KINDS: dict[str, str] = {
    "achievement": "Key achievement",
    "improvement": "Area for improvement",
}

#: Other spreadsheet formats a return is sometimes saved as. perflib does not
#: read them; a return found only in one of these is a located error saying how
#: to save it (never "return not received").
OTHER_SPREADSHEET_SUFFIXES: dict[str, str] = {
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xlsb": "a binary workbook (.xlsb)",
    ".xls": "an old-style .xls workbook",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}

#: Limits on a return file, enforced while it is read so that a file far beyond
#: any real return is rejected in seconds with little memory (data/raw/README.md
#: states them). A file over a limit is a located error for that file only.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The sum of the uncompressed sizes of a workbook's parts (an .xlsx is a zip).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
#: The last row of a sheet (or line of a CSV return) that may hold a value.
MAX_ROWS = 10_000
#: The last column of a sheet that may hold a value (column GR).
MAX_COLUMNS = 200
#: The longest text one cell (or CSV field) may hold: Excel's own limit.
MAX_CELL_CHARS = 32_767
