"""Loading the services' quarterly return workbooks.

One workbook per directorate per quarter (``data/raw/<quarter>/<id>.xlsx``,
layout in ``data/raw/README.md`` and :mod:`perflib.returns_format`). Loading
never modifies the file and never loses a row quietly: every cell that cannot
be used becomes a :class:`~perflib.validation.Problem` naming the file, sheet,
row and column, and clear cases ("12%", "1,234", a number stored as text) are
normalised with a warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from openpyxl import load_workbook

from perflib import returns_format as fmt
from perflib.catalogue import Catalogue
from perflib.config import CouncilConfig
from perflib.quarters import Quarter, QuarterError
from perflib.validation import ERROR, WARNING, Problem, display_path, schema_problems

EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"}
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS_TEXT = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")

INDICATOR_FIELDS = [
    "quarter",
    "quarter_index",
    "directorate",
    "pi_code",
    "value",
    "numerator",
    "denominator",
    "commentary",
    "corrective_action",
    "file",
    "sheet",
    "row",
    "rejected",
    "rejected_reason",
]
ACTION_FIELDS = ["quarter", "quarter_index", "directorate", "fa_code", "status", "update", "file", "row", "rejected"]
RECEIPT_FIELDS = ["quarter", "directorate", "directorate_name", "file", "state", "submitted", "completed_by", "detail"]
NARRATIVE_FIELDS = ["quarter", "priority", "kind", "text", "order"]


@dataclass
class QuarterReturns:
    """Everything read from one quarter's folder.

    Attributes
    ----------
    quarter : Quarter
    receipts : DataFrame
        One row per directorate: ``state`` is ``received``, ``missing`` or
        ``rejected`` (the file could not be used at all).
    indicators : DataFrame
        One row per indicator row read (columns :data:`INDICATOR_FIELDS`);
        ``rejected`` rows keep the reason and are not used for figures.
    actions : DataFrame
        Flagship Action updates (columns :data:`ACTION_FIELDS`).
    narrative : DataFrame
        The analyst's bullets (columns :data:`NARRATIVE_FIELDS`).
    problems : list of Problem
    """

    quarter: Quarter
    receipts: pd.DataFrame
    indicators: pd.DataFrame
    actions: pd.DataFrame
    narrative: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedNumber:
    """A cell read as a number, with what had to be done to it."""

    value: float | None
    warning: str = ""
    error: str = ""


def parse_number(raw: Any) -> ParsedNumber:
    """Read a spreadsheet cell that should hold a number.

    Clear cases are normalised with a warning: ``"12%"`` is 12, ``"1,234"``
    is 1234, ``"45.2"`` typed as text is 45.2. Anything ambiguous is an error:
    ``"TBC"``, Excel error values such as ``#DIV/0!``, dates, booleans.

    Parameters
    ----------
    raw : object
        The cell's value as openpyxl returns it.

    Returns
    -------
    ParsedNumber
        ``value`` is None for an empty cell or an error.
    """
    if raw is None:
        return ParsedNumber(None)
    if isinstance(raw, bool):
        return ParsedNumber(None, error="a number, not TRUE/FALSE")
    if isinstance(raw, (dt.date, dt.datetime, dt.time)):
        return ParsedNumber(None, error="a number, not a date (check the cell's format)")
    if isinstance(raw, (int, float, np.integer, np.floating)):
        if isinstance(raw, float) and not np.isfinite(raw):
            return ParsedNumber(None, error="a finite number")
        return ParsedNumber(float(raw))
    text = str(raw).strip().replace("\u00a0", " ")
    if text == "":
        return ParsedNumber(None)
    if text.upper() in EXCEL_ERRORS or text.startswith("#"):
        return ParsedNumber(None, error=f"a number, not the Excel error {text}")
    if text.endswith("%"):
        inner = text[:-1].strip().replace(",", "")
        if _NUMBER_TEXT.match(inner):
            return ParsedNumber(float(inner), warning=f"'{text}' read as {float(inner):g} (percentage sign removed)")
        return ParsedNumber(None, error="a number")
    if _THOUSANDS_TEXT.match(text):
        num = float(text.replace(",", ""))
        return ParsedNumber(num, warning=f"'{text}' read as {num:g} (thousands separators removed)")
    if _NUMBER_TEXT.match(text):
        return ParsedNumber(float(text), warning=f"'{text}' was stored as text; read as {float(text):g}")
    return ParsedNumber(None, error="a number")


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


class _FileProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


@dataclass
class _Source:
    """A return read into rows of cell values, whatever its file type."""

    kind: str                                   # "xlsx" or "csv"
    sheets: dict[str, list[tuple]]
    text_numbers_normal: bool = False           # in a CSV every number is text


def _read_xlsx(path: Path, file: str, directorate: str) -> _Source:
    data = path.read_bytes()
    if len(data) == 0:
        raise _FileProblem(Problem(ERROR, file, message="the file is empty (0 bytes)",
                                   expected="an .xlsx workbook", directorate=directorate))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _FileProblem(Problem(ERROR, file, message="the file is password protected or an old-style .xls "
                                   "workbook; save it as an unprotected .xlsx", expected="an .xlsx workbook",
                                   directorate=directorate))
    if not data.startswith(b"PK"):
        raise _FileProblem(Problem(ERROR, file, message="the file is not an Excel workbook (it may be another "
                                   "kind of file renamed to .xlsx)", expected="an .xlsx workbook",
                                   directorate=directorate))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged zip
        raise _FileProblem(Problem(ERROR, file, message="the workbook could not be opened; it may be truncated "
                                   f"or corrupt ({type(exc).__name__})", expected="a complete .xlsx workbook",
                                   directorate=directorate)) from None
    try:
        sheets = {name: [tuple(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}
    except Exception as exc:  # noqa: BLE001
        raise _FileProblem(Problem(ERROR, file, message="the workbook could not be read; it may be truncated "
                                   f"or corrupt ({type(exc).__name__})", expected="a complete .xlsx workbook",
                                   directorate=directorate)) from None
    finally:
        wb.close()
    return _Source("xlsx", sheets)


def _read_csv(path: Path, file: str, directorate: str, problems: list[Problem]) -> _Source:
    data = path.read_bytes()
    if not data.strip():
        raise _FileProblem(Problem(ERROR, file, message="the file is empty", expected="a CSV return",
                                   directorate=directorate))
    if b"\x00" in data[:2048]:
        raise _FileProblem(Problem(ERROR, file, message="the file is not a text CSV (it may be a workbook "
                                   "renamed to .csv)", expected="a CSV return", directorate=directorate))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        problems.append(Problem(WARNING, file, message="the file is not UTF-8; it was read as Windows-1252 "
                                "(check accented characters in commentary)", expected="UTF-8",
                                directorate=directorate))
    rows = [tuple(c if c != "" else None for c in r) for r in csv.reader(io.StringIO(text))]
    return _Source("csv", {fmt.INDICATORS_SHEET: rows}, text_numbers_normal=True)


def _sheet(source: _Source, sheet: str, file: str, directorate: str) -> list[tuple]:
    if sheet not in source.sheets:
        found = ", ".join(f"'{n}'" for n in source.sheets) or "none"
        raise _FileProblem(Problem(ERROR, file, sheet=sheet, message=f"sheet '{sheet}' is missing",
                                   value=found, expected=f"a sheet named '{sheet}'", directorate=directorate))
    return source.sheets[sheet]


def _find_header(rows: list[tuple], first_label: str, file: str, sheet: str,
                 problems: list[Problem], directorate: str) -> int:
    """Index (0-based) of the header row: the first row with a cell equal to ``first_label``."""
    for i, row in enumerate(rows[:15]):
        cells = [_text(c).lower() for c in row]
        if first_label.lower() in cells:
            if i > 0:
                problems.append(Problem(WARNING, file, sheet, i + 1, first_label, "",
                                        "the header in row 1",
                                        f"header found on row {i + 1}, not row 1; rows above it were ignored",
                                        directorate))
            return i
    if not rows:
        raise _FileProblem(Problem(ERROR, file, sheet, None, "", "", f"a header row with '{first_label}'",
                                   "the sheet is empty", directorate))
    raise _FileProblem(Problem(ERROR, file, sheet, None, first_label, "",
                               f"a header row containing '{first_label}'",
                               f"no header row with '{first_label}' in the first 15 rows", directorate))


def _map_columns(header: tuple, columns: dict[str, str], required: tuple[str, ...], file: str,
                 sheet: str, header_row: int, problems: list[Problem], directorate: str,
                 ignored: dict[str, str] | None = None, ignored_pattern: str | None = None) -> dict[str, int]:
    by_label = {label.lower(): name for name, label in columns.items()}
    also_ok = {label.lower() for label in (ignored or {}).values()}
    found: dict[str, int] = {}
    for pos, cell in enumerate(header):
        label = _text(cell)
        if not label:
            continue
        name = by_label.get(label.lower())
        if name is None:
            if label.lower() in also_ok or (ignored_pattern and re.match(ignored_pattern, label)):
                continue
            problems.append(Problem(WARNING, file, sheet, header_row, label, label,
                                    "one of: " + ", ".join(columns.values()),
                                    "unexpected column ignored", directorate))
        elif name in found:
            problems.append(Problem(ERROR, file, sheet, header_row, label, label,
                                    "each column once", "column appears twice; the first is used",
                                    directorate))
        else:
            found[name] = pos
    missing = [columns[n] for n in required if n not in found]
    if missing:
        raise _FileProblem(Problem(ERROR, file, sheet, header_row, ", ".join(missing), "",
                                   "columns " + ", ".join(columns[n] for n in required),
                                   "required column missing or renamed", directorate))
    return found


def _cover(source: _Source, file: str, directorate: str) -> dict[str, tuple[Any, int]]:
    """Cover fields as name -> (value, row number)."""
    rows = _sheet(source, fmt.COVER_SHEET, file, directorate)
    by_label = {label.lower(): name for name, label in fmt.COVER_FIELDS.items()}
    out: dict[str, tuple[Any, int]] = {}
    for i, row in enumerate(rows):
        if len(row) >= 2:
            name = by_label.get(_text(row[0]).lower().rstrip(":"))
            if name and name not in out:
                out[name] = (row[1], i + 1)
    return out


def _month_number(raw: Any, quarter: Quarter) -> int | None:
    """Month of the quarter (1, 2 or 3) from 1-3, a month name or a date in the quarter."""
    months = [(quarter.start_date.month + i - 1) % 12 + 1 for i in range(3)]
    if isinstance(raw, (dt.date, dt.datetime)):
        d = raw.date() if isinstance(raw, dt.datetime) else raw
        return months.index(d.month) + 1 if quarter.start_date <= d <= quarter.end_date else None
    text = _text(raw).lower()
    if text in ("1", "2", "3"):
        return int(text)
    for i, m in enumerate(months, start=1):
        name = dt.date(2000, m, 1).strftime("%B").lower()
        if text in (name, name[:3]):
            return i
    return None


def _apply_monthly(rows: list[tuple], ind_rows: list[dict], quarter: Quarter, catalogue: Catalogue,
                   file: str, directorate: str, problems: list[Problem]) -> list[dict]:
    """Roll a Monthly sheet up to quarterly figures and put them in the indicator rows.

    Counts are added over the three months; rates with a numerator and
    denominator are pooled (the months' numerators over their denominators);
    snapshots take the last month. Other measures (averages without a
    numerator and denominator) cannot be combined exactly and are an error.
    """
    sheet = fmt.MONTHLY_SHEET
    if not rows or all(all(_text(c) == "" for c in r) for r in rows):
        return ind_rows
    h = _find_header(rows, fmt.MONTHLY_COLUMNS["pi_code"], file, sheet, problems, directorate)
    cols = _map_columns(rows[h], fmt.MONTHLY_COLUMNS, ("pi_code", "month", "value"), file, sheet, h + 1,
                        problems, directorate)
    recs = []
    for offset, row in enumerate(rows[h + 1:]):
        excel_row = h + 2 + offset
        get = lambda name: row[cols[name]] if name in cols and cols[name] < len(row) else None  # noqa: E731
        code = _text(get("pi_code")).upper()
        if not code and all(_text(get(n)) == "" for n in ("month", "value", "numerator", "denominator")):
            continue
        month = _month_number(get("month"), quarter)
        rec = {"pi_code": code, "month": month, "row": excel_row, "bad": False}
        if month is None:
            problems.append(Problem(ERROR, file, sheet, excel_row, fmt.MONTHLY_COLUMNS["month"], _text(get("month")),
                                    f"1, 2 or 3, or a month of {quarter.label}", "month not understood",
                                    directorate, code))
            rec["bad"] = True
        for name in ("value", "numerator", "denominator"):
            parsed = parse_number(get(name))
            if parsed.error:
                problems.append(Problem(ERROR, file, sheet, excel_row, fmt.MONTHLY_COLUMNS[name], _text(get(name)),
                                        parsed.error, "the figure cannot be used", directorate, code))
                rec["bad"] = True
            rec[name] = parsed.value
        recs.append(rec)
    if not recs:
        return ind_rows
    monthly = pd.DataFrame(recs)
    ind = catalogue.indicators.set_index("pi_code")
    by_code = {r["pi_code"]: r for r in ind_rows}
    for code, grp in monthly.groupby("pi_code", sort=False):
        first_row = int(grp["row"].iloc[0])
        if code not in ind.index:
            problems.append(Problem(ERROR, file, sheet, first_row, fmt.MONTHLY_COLUMNS["pi_code"], code,
                                    "a PI code from the catalogue", "unknown PI in the monthly figures", directorate,
                                    code))
            continue
        pi = ind.loc[code]
        target = by_code.get(code)
        if target is None:
            target = {"pi_code": code, "row": first_row, "rejected": False, "rejected_reason": "",
                      "commentary": "", "corrective_action": "", "value": None, "numerator": None,
                      "denominator": None}
            ind_rows.append(target)
            by_code[code] = target
        reason = ""
        ratio = isinstance(pi["denominator_label"], str)
        if target.get("value") is not None:
            reason = "a quarterly value and monthly figures were both given"
        elif grp["bad"].any():
            reason = "a monthly figure could not be used"
        elif grp["month"].duplicated().any():
            reason = "a month appears more than once"
        elif pi["measure_type"] == "snapshot":
            if 3 not in set(grp["month"]):
                reason = "a snapshot needs the last month of the quarter"
        elif set(grp["month"]) != {1, 2, 3}:
            reason = "all three months are needed to make the quarter's figure"
        elif not (pi["unit"] == "count" or ratio):
            reason = "monthly figures of an average cannot be combined exactly; give the quarter's figure"
        elif ratio and (grp["numerator"].isna().any() or grp["denominator"].isna().any()):
            reason = "every month needs a numerator and denominator"
        if reason:
            problems.append(Problem(ERROR, file, sheet, first_row, fmt.MONTHLY_COLUMNS["value"], "",
                                    "figures that can be rolled up to the quarter", reason, directorate, code))
            target["rejected"] = True
            target["rejected_reason"] = target["rejected_reason"] or f"monthly figures: {reason}"
            continue
        if pi["measure_type"] == "snapshot":
            last = grp[grp["month"] == 3].iloc[0]
            target.update(value=last["value"], numerator=last["numerator"], denominator=last["denominator"])
        elif ratio:
            num, den = float(grp["numerator"].sum()), float(grp["denominator"].sum())
            value = 100.0 * num / den if den > 0 else None
            target.update(value=None if value is None else round(value, int(pi["decimals"]) + 6),
                          numerator=num, denominator=den)
        else:
            target.update(value=float(grp["value"].sum()), numerator=None, denominator=None)
    return ind_rows


def _read_directorate(path: Path, directorate: str, quarter: Quarter, catalogue: Catalogue,
                      config: CouncilConfig) -> tuple[dict, list[dict], list[dict], list[Problem]]:
    """Read one directorate's return; give its receipt, indicator rows, action rows and problems."""
    file = display_path(path)
    problems: list[Problem] = []
    if path.suffix.lower() == fmt.CSV_SUFFIX:
        source = _read_csv(path, file, directorate, problems)
    else:
        source = _read_xlsx(path, file, directorate)
    receipt: dict[str, Any] = {"submitted": None, "completed_by": ""}

    if source.kind == "xlsx":
        cover = _cover(source, file, directorate)
        q_raw, q_row = cover.get("quarter", (None, None))
        try:
            q_found = Quarter.parse(_text(q_raw))
        except QuarterError:
            raise _FileProblem(Problem(ERROR, file, fmt.COVER_SHEET, q_row, fmt.COVER_FIELDS["quarter"],
                                       _text(q_raw), f"the quarter, {quarter.label}",
                                       "the cover does not say which quarter this return is for",
                                       directorate)) from None
        if q_found != quarter:
            raise _FileProblem(Problem(ERROR, file, fmt.COVER_SHEET, q_row, fmt.COVER_FIELDS["quarter"],
                                       q_found.label, quarter.label,
                                       f"this return is for {q_found.label}, not {quarter.label} "
                                       "(last quarter's file re-sent?)", directorate))
        d_raw, d_row = cover.get("directorate", (None, None))
        d_found = _text(d_raw)
        names = {d.id: d.name for d in config.directorates}
        if d_found and d_found.lower() not in (directorate, names[directorate].lower()):
            raise _FileProblem(Problem(ERROR, file, fmt.COVER_SHEET, d_row, fmt.COVER_FIELDS["directorate"],
                                       d_found, f"{directorate} ({names[directorate]})",
                                       "the cover names another directorate", directorate))
        submitted, s_row = cover.get("submitted", (None, None))
        if isinstance(submitted, dt.datetime):
            submitted = submitted.date()
        if submitted is not None and not isinstance(submitted, dt.date):
            problems.append(Problem(WARNING, file, fmt.COVER_SHEET, s_row, fmt.COVER_FIELDS["submitted"],
                                    _text(submitted), "a date", "date submitted not understood", directorate))
            submitted = None
        receipt = {"submitted": submitted, "completed_by": _text(cover.get("completed_by", ("", 0))[0])}
    else:
        problems.append(Problem(WARNING, file, message="CSV return: no cover sheet, so the quarter is taken "
                                f"from the folder ({quarter.label}) and there are no Flagship Action updates",
                                directorate=directorate))

    # --- indicators ---
    rows = _sheet(source, fmt.INDICATORS_SHEET, file, directorate)
    h = _find_header(rows, fmt.INDICATOR_COLUMNS["pi_code"], file, fmt.INDICATORS_SHEET, problems, directorate)
    cols = _map_columns(rows[h], fmt.INDICATOR_COLUMNS, ("pi_code",) + fmt.INDICATOR_INPUT_COLUMNS,
                        file, fmt.INDICATORS_SHEET, h + 1, problems, directorate,
                        ignored=fmt.INDICATOR_EXTRA_COLUMNS, ignored_pattern=fmt.PREVIOUS_VALUE_PATTERN)
    ind_rows: list[dict] = []
    for offset, row in enumerate(rows[h + 1:]):
        excel_row = h + 2 + offset
        get = lambda name: row[cols[name]] if cols[name] < len(row) else None  # noqa: E731
        code = _text(get("pi_code")).upper()
        inputs = [get(n) for n in fmt.INDICATOR_INPUT_COLUMNS]
        if not code and all(_text(v) == "" for v in inputs):
            continue  # blank line
        rec = {"pi_code": code, "row": excel_row, "rejected": False, "rejected_reason": "",
               "commentary": _text(get("commentary")), "corrective_action": _text(get("corrective_action"))}
        if not code:
            problems.append(Problem(ERROR, file, fmt.INDICATORS_SHEET, excel_row, fmt.INDICATOR_COLUMNS["pi_code"],
                                    "", "a PI code from the catalogue", "figures given without a PI code",
                                    directorate))
            rec["rejected"], rec["rejected_reason"] = True, "no PI code"
        for name in ("value", "numerator", "denominator"):
            raw = get(name)
            parsed = parse_number(raw)
            label = fmt.INDICATOR_COLUMNS[name]
            if parsed.error:
                problems.append(Problem(ERROR, file, fmt.INDICATORS_SHEET, excel_row, label,
                                        _text(raw), parsed.error, "the figure cannot be used",
                                        directorate, code))
                rec["rejected"] = True
                rec["rejected_reason"] = rec["rejected_reason"] or f"{label} not usable ({_text(raw)!r})"
            elif parsed.warning and not (source.text_numbers_normal and _NUMBER_TEXT.match(_text(raw))):
                problems.append(Problem(WARNING, file, fmt.INDICATORS_SHEET, excel_row, label,
                                        _text(raw), "a plain number", parsed.warning,
                                        directorate, code))
            rec[name] = parsed.value
        ind_rows.append(rec)

    # --- optional monthly figures ---
    if fmt.MONTHLY_SHEET in source.sheets:
        ind_rows = _apply_monthly(source.sheets[fmt.MONTHLY_SHEET], ind_rows, quarter, catalogue, file,
                                  directorate, problems)

    # --- flagship actions ---
    act_rows: list[dict] = []
    if source.kind == "xlsx":
        rows = _sheet(source, fmt.ACTIONS_SHEET, file, directorate)
        h = _find_header(rows, fmt.ACTION_COLUMNS["fa_code"], file, fmt.ACTIONS_SHEET, problems, directorate)
        cols = _map_columns(rows[h], fmt.ACTION_COLUMNS, ("fa_code",) + fmt.ACTION_INPUT_COLUMNS,
                            file, fmt.ACTIONS_SHEET, h + 1, problems, directorate)
        for offset, row in enumerate(rows[h + 1:]):
            get = lambda name: row[cols[name]] if cols[name] < len(row) else None  # noqa: E731
            code = _text(get("fa_code"))
            if not code and not _text(get("status")) and not _text(get("update")):
                continue
            act_rows.append({"fa_code": code, "status": _text(get("status")), "update": _text(get("update")),
                             "row": h + 2 + offset, "rejected": False})
    return receipt, ind_rows, act_rows, problems


def _check_indicator_rows(frame: pd.DataFrame, catalogue: Catalogue, directorate: str,
                          file: str) -> list[Problem]:
    """Schema checks on the parsed indicator rows; marks failing rows rejected in place."""
    if frame.empty:
        return []
    ind = catalogue.indicators.set_index("pi_code")
    known = frame["pi_code"].isin(ind.index)
    own = frame["pi_code"].map(ind["directorate"]).eq(directorate)
    unit = frame["pi_code"].map(ind["unit"])
    decimals = frame["pi_code"].map(ind["decimals"]).fillna(2)
    has_den_label = frame["pi_code"].map(ind["denominator_label"]).notna()
    frame = frame.assign(_unit=unit, _decimals=decimals, _ratio=has_den_label)
    labels = {k: v for k, v in fmt.INDICATOR_COLUMNS.items()}
    tol = 0.5 * 10.0 ** (-frame["_decimals"]) + 1e-9
    implied = 100 * frame["numerator"] / frame["denominator"]
    schema = pa.DataFrameSchema(
        {
            "pi_code": pa.Column(str, [
                pa.Check(lambda s: s.isin(ind.index), error="a PI code from the catalogue"),
                pa.Check(lambda s: ~s.duplicated(keep=False), error="each PI once (this code appears more than once)"),
            ]),
            "value": pa.Column(float, nullable=True),
            "numerator": pa.Column(float, pa.Check.ge(0, error="a count of 0 or more"), nullable=True),
            "denominator": pa.Column(float, pa.Check.ge(0, error="a count of 0 or more"), nullable=True),
        },
        checks=[
            pa.Check(lambda d: ~((d["_unit"] == "percent") & ((d["value"] < 0) | (d["value"] > 100))),
                     error="a percentage from 0 to 100"),
            pa.Check(lambda d: ~((d["_unit"] == "count") & (d["value"] < 0)), error="a count of 0 or more"),
            pa.Check(lambda d: ~(d["numerator"] > d["denominator"]), error="a numerator not above the denominator"),
            pa.Check(lambda d: ~((d["denominator"] == 0) & d["_ratio"]), error="a denominator above 0"),
            pa.Check(lambda d: ~(d["_ratio"] & d["value"].notna() & implied.notna() & ((d["value"] - implied).abs() > tol)),
                     error="a value equal to 100 x numerator / denominator"),
        ],
        strict=False,
    )
    rows = dict(zip(frame.index, frame["row"]))
    context = {i: {"directorate": directorate, "pi_code": c} for i, c in frame["pi_code"].items()}
    problems = schema_problems(frame, schema, file=file, sheet=fmt.INDICATORS_SHEET, rows=rows,
                               labels=labels, context=context)
    # Whole-row checks come back once per column: report each once, against the column it is about.
    about = {
        "a percentage from 0 to 100": "value", "a count of 0 or more": "value",
        "a numerator not above the denominator": "numerator", "a denominator above 0": "denominator",
        "a value equal to 100 x numerator / denominator": "value",
    }
    by_row = {int(r): i for i, r in zip(frame.index, frame["row"])}
    kept: list[Problem] = []
    seen: set = set()
    for p in problems:
        key = (p.row, p.expected)
        if key in seen:
            continue
        seen.add(key)
        name = about.get(p.expected)
        if name is not None and p.row in by_row:
            raw = frame.at[by_row[p.row], name]
            p = Problem(p.severity, p.file, p.sheet, p.row, labels[name], "" if pd.isna(raw) else f"{raw:g}",
                        p.expected, f"value does not meet the rule: {p.expected}", p.directorate, p.pi_code)
        kept.append(p)
    wrong_owner = known & ~own
    for idx in frame.index[wrong_owner]:
        kept.append(Problem(ERROR, file, fmt.INDICATORS_SHEET, int(frame.at[idx, "row"]), labels["pi_code"],
                            frame.at[idx, "pi_code"],
                            f"a PI reported by {directorate}",
                            "this PI belongs to another directorate's return", directorate,
                            frame.at[idx, "pi_code"]))
    return kept


def _read_narrative(folder: Path, quarter: Quarter, config: CouncilConfig) -> tuple[list[dict], list[Problem]]:
    path = folder / fmt.NARRATIVE_FILE
    file = display_path(path)
    if not path.exists():
        return [], [Problem(WARNING, file, message="no narrative file for this quarter; the report's "
                            "key achievements and areas for improvement will be empty")]
    problems: list[Problem] = []
    try:
        source = _read_xlsx(path, file, "")
        rows = _sheet(source, fmt.NARRATIVE_SHEET, file, "")
        h = _find_header(rows, fmt.NARRATIVE_COLUMNS["priority"], file, fmt.NARRATIVE_SHEET, problems, "")
        cols = _map_columns(rows[h], fmt.NARRATIVE_COLUMNS, tuple(fmt.NARRATIVE_COLUMNS), file,
                            fmt.NARRATIVE_SHEET, h + 1, problems, "")
    except _FileProblem as fp:
        return [], [fp.problem]
    by_name = {p.name.lower(): p.id for p in config.priorities} | {p.id.lower(): p.id for p in config.priorities}
    kinds = {v.lower(): k for k, v in fmt.NARRATIVE_KINDS.items()}
    out = []
    for offset, row in enumerate(rows[h + 1:]):
        excel_row = h + 2 + offset
        get = lambda name: _text(row[cols[name]]) if cols[name] < len(row) else ""  # noqa: E731
        if not any(get(n) for n in fmt.NARRATIVE_COLUMNS):
            continue
        pid = by_name.get(get("priority").lower())
        kind = kinds.get(get("kind").lower())
        if pid is None or kind is None or not get("text"):
            bad = "priority" if pid is None else "kind" if kind is None else "text"
            expected = {"priority": "a priority id or name from data/council.yml",
                        "kind": " or ".join(fmt.NARRATIVE_KINDS.values()), "text": "some text"}[bad]
            problems.append(Problem(ERROR, file, fmt.NARRATIVE_SHEET, excel_row, fmt.NARRATIVE_COLUMNS[bad],
                                    get(bad), expected, "narrative line not used"))
            continue
        out.append({"quarter": quarter.label, "priority": pid, "kind": kind, "text": get("text"), "order": len(out)})
    return out, problems


def due_codes(catalogue: Catalogue, quarter: Quarter) -> set[str]:
    """PI codes due to report in ``quarter`` (see :func:`perflib.rules.due_mask`)."""
    from perflib.quarters import fy_start
    from perflib.rules import due_mask

    ind = catalogue.indicators
    frame = pd.DataFrame({
        "frequency": ind["frequency"], "reporting_quarter": ind["reporting_quarter"],
        "first_year_start": ind["first_year"].map(lambda s: fy_start(s) if isinstance(s, str) else np.nan),
        "fy_start": quarter.start_year, "q": quarter.q,
    })
    return set(ind.loc[due_mask(frame).to_numpy(), "pi_code"])


def _return_path(folder: Path, directorate: str, file_problems: list[Problem]) -> Path | None:
    """The directorate's return in ``folder``: ``<id>.xlsx``, or ``<id>.csv`` if there is no workbook."""
    xlsx, csv_path = folder / f"{directorate}.xlsx", folder / f"{directorate}{fmt.CSV_SUFFIX}"
    if xlsx.exists() and csv_path.exists():
        file_problems.append(Problem(WARNING, display_path(csv_path), message="both an .xlsx and a .csv return "
                                     "were found; the .xlsx was used and the .csv ignored",
                                     directorate=directorate))
    if xlsx.exists():
        return xlsx
    return csv_path if csv_path.exists() else None


def load_quarter(config: CouncilConfig, catalogue: Catalogue, quarter: Quarter) -> QuarterReturns:
    """Read every return in ``data/raw/<quarter>/``.

    Parameters
    ----------
    config : CouncilConfig
    catalogue : Catalogue
    quarter : Quarter

    Returns
    -------
    QuarterReturns
        Nothing is dropped: unusable rows are kept with ``rejected=True`` and
        a reason, and missing or unreadable files are receipts with a state.
        The files themselves are only ever read.
    """
    folder = config.raw_quarter_dir(quarter)
    problems: list[Problem] = []
    receipts, ind_rows, act_rows = [], [], []
    due = due_codes(catalogue, quarter)
    ind_by_dir = catalogue.indicators.groupby("directorate")["pi_code"].apply(list).to_dict()
    fa_codes = set(catalogue.actions["fa_code"])
    expected_files = {fmt.NARRATIVE_FILE}
    for d in config.directorates:
        expected_files |= {f"{d.id}.xlsx", f"{d.id}{fmt.CSV_SUFFIX}"}
        path = _return_path(folder, d.id, problems)
        file = display_path(path if path is not None else folder / d.return_file)
        receipt = {"quarter": quarter.label, "directorate": d.id, "directorate_name": d.name, "file": file,
                   "state": "received", "submitted": None, "completed_by": "", "detail": ""}
        if path is None:
            receipt.update(state="missing", detail="return not received")
            problems.append(Problem(WARNING, file, message=f"no return from {d.name} for {quarter.label}; "
                                    "its PIs are shown as 'No data'", directorate=d.id))
            receipts.append(receipt)
            continue
        try:
            info, rows, actions, probs = _read_directorate(path, d.id, quarter, catalogue, config)
        except _FileProblem as fp:
            receipt.update(state="rejected", detail=fp.problem.message)
            problems.append(fp.problem)
            receipts.append(receipt)
            continue
        receipt.update(info)
        deadline = quarter.end_date + dt.timedelta(days=config.return_due_days)
        if receipt["submitted"] and receipt["submitted"] > deadline:
            receipt["detail"] = f"received late ({receipt['submitted']:%d %b %Y}; due {deadline:%d %b %Y})"
            problems.append(Problem(WARNING, file, fmt.COVER_SHEET, None, fmt.COVER_FIELDS["submitted"],
                                    f"{receipt['submitted']}", f"on or before {deadline}",
                                    "return submitted after the deadline", d.id))
        receipts.append(receipt)
        frame = pd.DataFrame(rows, columns=["pi_code", "row", "rejected", "rejected_reason", "commentary",
                                            "corrective_action", "value", "numerator", "denominator"])
        for col in ("value", "numerator", "denominator"):
            frame[col] = frame[col].astype(float)
        frame["rejected"] = frame["rejected"].astype(bool)
        checked = frame[frame["pi_code"].ne("")]
        row_problems = _check_indicator_rows(checked, catalogue, d.id, file)
        bad_rows = {p.row: p for p in row_problems if p.severity == ERROR}
        for idx in frame.index:
            p = bad_rows.get(int(frame.at[idx, "row"]))
            if p is not None and not frame.at[idx, "rejected"]:
                frame.at[idx, "rejected"] = True
                frame.at[idx, "rejected_reason"] = f"{p.column}: expected {p.expected}"
        # PIs due from this directorate but absent; rows for PIs not due this quarter.
        present = set(frame["pi_code"])
        for code in ind_by_dir.get(d.id, []):
            if code in due and code not in present:
                row_problems.append(Problem(WARNING, file, fmt.INDICATORS_SHEET, None, fmt.INDICATOR_COLUMNS["pi_code"],
                                            "", f"a row for {code}",
                                            f"{code} is due this quarter but is missing from the return; it is "
                                            "shown as 'No data'", d.id, code))
        own = set(ind_by_dir.get(d.id, []))
        for idx in frame.index[frame["pi_code"].isin(own - due)]:
            row_problems.append(Problem(WARNING, file, fmt.INDICATORS_SHEET, int(frame.at[idx, "row"]),
                                        fmt.INDICATOR_COLUMNS["pi_code"], frame.at[idx, "pi_code"],
                                        "only PIs due this quarter",
                                        "this annual or biennial PI is not due this quarter; the row was ignored",
                                        d.id, frame.at[idx, "pi_code"]))
        problems += probs + row_problems
        frame = frame.assign(quarter=quarter.label, quarter_index=quarter.index, directorate=d.id,
                             file=file, sheet=fmt.INDICATORS_SHEET)
        ind_rows.append(frame)
        seen_fa: set[str] = set()
        for a in actions:
            a.update(quarter=quarter.label, quarter_index=quarter.index, directorate=d.id, file=file)
            if a["fa_code"] not in fa_codes:
                problems.append(Problem(ERROR, file, fmt.ACTIONS_SHEET, a["row"], fmt.ACTION_COLUMNS["fa_code"],
                                        a["fa_code"], "an FA code from the catalogue",
                                        "unknown Flagship Action", d.id))
                a["rejected"] = True
            elif a["fa_code"] in seen_fa:
                problems.append(Problem(ERROR, file, fmt.ACTIONS_SHEET, a["row"], fmt.ACTION_COLUMNS["fa_code"],
                                        a["fa_code"], "each Flagship Action once",
                                        "Flagship Action appears more than once; the first row is used", d.id))
                a["rejected"] = True
            elif a["status"] not in config.fa_statuses:
                problems.append(Problem(ERROR, file, fmt.ACTIONS_SHEET, a["row"], fmt.ACTION_COLUMNS["status"],
                                        a["status"], "one of " + ", ".join(config.fa_statuses),
                                        "Flagship Action status not recognised", d.id))
                a["rejected"] = True
            seen_fa.add(a["fa_code"])
            act_rows.append(a)
    if folder.exists():
        for child in sorted(folder.iterdir()):
            if child.is_file() and child.name not in expected_files and not child.name.startswith((".", "~$")):
                problems.append(Problem(WARNING, display_path(child), message="unexpected file in the returns "
                                        "folder; it was not read", expected="one of: " + ", ".join(
                                            sorted(f"{d.id}.xlsx" for d in config.directorates))
                                        + f", {fmt.NARRATIVE_FILE}"))
    narrative, narr_problems = _read_narrative(folder, quarter, config)
    problems += narr_problems
    indicators = (pd.concat(ind_rows, ignore_index=True) if ind_rows
                  else pd.DataFrame(columns=INDICATOR_FIELDS))[INDICATOR_FIELDS]
    return QuarterReturns(
        quarter=quarter,
        receipts=pd.DataFrame(receipts, columns=RECEIPT_FIELDS),
        indicators=indicators,
        actions=pd.DataFrame(act_rows, columns=ACTION_FIELDS),
        narrative=pd.DataFrame(narrative, columns=NARRATIVE_FIELDS),
        problems=problems,
    )


def available_quarters(config: CouncilConfig) -> list[Quarter]:
    """Quarters that have a folder under ``data/raw/``, oldest first."""
    found = []
    if config.raw_dir.exists():
        for child in config.raw_dir.iterdir():
            if child.is_dir():
                try:
                    found.append(Quarter.parse(child.name))
                except QuarterError:
                    continue
    return sorted(found)
