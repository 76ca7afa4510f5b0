"""Loading the services' quarterly return workbooks.

One workbook per directorate per quarter (``data/raw/<quarter>/<id>.xlsx``,
layout in ``data/raw/README.md`` and :mod:`perflib.returns_format`). Loading
never modifies the file and never loses a row quietly: every cell that cannot
be used becomes a :class:`~perflib.validation.Problem` naming the file, sheet,
row and column, and clear cases ("12%", "1,234", a number stored as text) are
normalised with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
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


def _open_workbook(path: Path, file: str):
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError, TypeError) as exc:
        head = path.read_bytes()[:8]
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            why = "is password protected or an old .xls file; save it as an unprotected .xlsx"
        elif path.stat().st_size == 0:
            why = "is empty (0 bytes)"
        else:
            why = f"could not be opened as an Excel workbook; it may be truncated or corrupt ({type(exc).__name__})"
        raise _FileProblem(Problem(ERROR, file, message=f"the file {why}", expected="an .xlsx workbook")) from None
    except OSError as exc:
        raise _FileProblem(Problem(ERROR, file, message=f"the file could not be read ({exc.strerror})")) from None


def _sheet_rows(wb, sheet: str, file: str) -> list[tuple]:
    if sheet not in wb.sheetnames:
        raise _FileProblem(
            Problem(ERROR, file, sheet=sheet, message=f"sheet '{sheet}' is missing",
                    value=", ".join(wb.sheetnames), expected=f"a sheet named '{sheet}'")
        )
    return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]


def _find_header(rows: list[tuple], first_label: str, file: str, sheet: str,
                 problems: list[Problem], directorate: str) -> int:
    """Index (0-based) of the header row: the row whose first filled cell is ``first_label``."""
    for i, row in enumerate(rows[:15]):
        cells = [_text(c).lower() for c in row]
        if first_label.lower() in cells:
            if i > 0:
                problems.append(Problem(WARNING, file, sheet, i + 1, first_label, "",
                                        "the header in row 1",
                                        f"header found on row {i + 1}, not row 1; rows above it were ignored",
                                        directorate))
            return i
    raise _FileProblem(Problem(ERROR, file, sheet, None, first_label, "",
                               f"a header row containing '{first_label}'",
                               f"no header row with '{first_label}' in the first 15 rows", directorate))


def _map_columns(header: tuple, columns: dict[str, str], required: tuple[str, ...], file: str,
                 sheet: str, header_row: int, problems: list[Problem], directorate: str) -> dict[str, int]:
    by_label = {label.lower(): name for name, label in columns.items()}
    found: dict[str, int] = {}
    for pos, cell in enumerate(header):
        label = _text(cell)
        if not label:
            continue
        name = by_label.get(label.lower())
        if name is None:
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


def _cover(wb, file: str) -> dict[str, str | dt.date | None]:
    rows = _sheet_rows(wb, fmt.COVER_SHEET, file)
    by_label = {label.lower(): name for name, label in fmt.COVER_FIELDS.items()}
    out: dict[str, Any] = {}
    for row in rows:
        if len(row) >= 2:
            name = by_label.get(_text(row[0]).lower().rstrip(":"))
            if name:
                out[name] = row[1]
    return out


def _read_directorate(path: Path, directorate: str, quarter: Quarter, catalogue: Catalogue,
                      config: CouncilConfig) -> tuple[dict, list[dict], list[dict], list[Problem]]:
    """Read one directorate's workbook; return its receipt, indicator rows, action rows, problems."""
    file = display_path(path)
    problems: list[Problem] = []
    wb = _open_workbook(path, file)
    try:
        cover = _cover(wb, file)
        q_raw = cover.get("quarter")
        try:
            q_found = Quarter.parse(_text(q_raw))
        except QuarterError:
            raise _FileProblem(Problem(ERROR, file, fmt.COVER_SHEET, None, fmt.COVER_FIELDS["quarter"],
                                       _text(q_raw), f"the quarter, {quarter.label}",
                                       "the cover does not say which quarter this return is for",
                                       directorate)) from None
        if q_found != quarter:
            raise _FileProblem(Problem(ERROR, file, fmt.COVER_SHEET, None, fmt.COVER_FIELDS["quarter"],
                                       q_found.label, quarter.label,
                                       f"this return is for {q_found.label}, not {quarter.label} "
                                       "(last quarter's file re-sent?)", directorate))
        d_found = _text(cover.get("directorate"))
        names = {d.id: d.name for d in config.directorates}
        if d_found and d_found.lower() not in (directorate, names[directorate].lower()):
            raise _FileProblem(Problem(ERROR, file, fmt.COVER_SHEET, None, fmt.COVER_FIELDS["directorate"],
                                       d_found, f"{directorate} ({names[directorate]})",
                                       "the cover names another directorate", directorate))
        submitted = cover.get("submitted")
        if isinstance(submitted, dt.datetime):
            submitted = submitted.date()
        if not isinstance(submitted, dt.date):
            submitted = None
        receipt = {"submitted": submitted, "completed_by": _text(cover.get("completed_by"))}

        # --- indicators ---
        rows = _sheet_rows(wb, fmt.INDICATORS_SHEET, file)
        h = _find_header(rows, fmt.INDICATOR_COLUMNS["pi_code"], file, fmt.INDICATORS_SHEET, problems, directorate)
        cols = _map_columns(rows[h], fmt.INDICATOR_COLUMNS, ("pi_code",) + fmt.INDICATOR_INPUT_COLUMNS,
                            file, fmt.INDICATORS_SHEET, h + 1, problems, directorate)
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
            for name in ("value", "numerator", "denominator"):
                parsed = parse_number(get(name))
                label = fmt.INDICATOR_COLUMNS[name]
                if parsed.error:
                    problems.append(Problem(ERROR, file, fmt.INDICATORS_SHEET, excel_row, label,
                                            _text(get(name)), parsed.error, "the figure cannot be used",
                                            directorate, code))
                    rec["rejected"] = True
                    rec["rejected_reason"] = rec["rejected_reason"] or f"{label} not usable ({_text(get(name))!r})"
                elif parsed.warning:
                    problems.append(Problem(WARNING, file, fmt.INDICATORS_SHEET, excel_row, label,
                                            _text(get(name)), "a plain number", parsed.warning,
                                            directorate, code))
                rec[name] = parsed.value
            ind_rows.append(rec)

        # --- flagship actions ---
        act_rows: list[dict] = []
        rows = _sheet_rows(wb, fmt.ACTIONS_SHEET, file)
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
    finally:
        wb.close()
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
    # DataFrame-level checks come back once per column; keep the first column for each row.
    kept: list[Problem] = []
    seen: set = set()
    for p in problems:
        key = (p.row, p.expected)
        if key in seen:
            continue
        seen.add(key)
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
        wb = _open_workbook(path, file)
        try:
            rows = _sheet_rows(wb, fmt.NARRATIVE_SHEET, file)
        finally:
            wb.close()
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
    """
    folder = config.raw_quarter_dir(quarter)
    problems: list[Problem] = []
    receipts, ind_rows, act_rows = [], [], []
    for d in config.directorates:
        path = folder / d.return_file
        file = display_path(path)
        receipt = {"quarter": quarter.label, "directorate": d.id, "directorate_name": d.name, "file": file,
                   "state": "received", "submitted": None, "completed_by": "", "detail": ""}
        if not path.exists():
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
        due = quarter.end_date + dt.timedelta(days=config.return_due_days)
        if receipt["submitted"] and receipt["submitted"] > due:
            receipt["detail"] = f"received late ({receipt['submitted']:%d %b %Y}; due {due:%d %b %Y})"
            problems.append(Problem(WARNING, file, fmt.COVER_SHEET, None, fmt.COVER_FIELDS["submitted"],
                                    f"{receipt['submitted']}", f"on or before {due}",
                                    "return submitted after the deadline", d.id))
        receipts.append(receipt)
        frame = pd.DataFrame(rows, columns=["pi_code", "row", "rejected", "rejected_reason", "commentary",
                                            "corrective_action", "value", "numerator", "denominator"])
        for col in ("value", "numerator", "denominator"):
            frame[col] = frame[col].astype(float)
        row_problems = _check_indicator_rows(frame, catalogue, d.id, file)
        bad_rows = {p.row: p for p in row_problems if p.severity == ERROR}
        for idx in frame.index:
            p = bad_rows.get(int(frame.at[idx, "row"]))
            if p is not None and not frame.at[idx, "rejected"]:
                frame.at[idx, "rejected"] = True
                frame.at[idx, "rejected_reason"] = f"{p.column}: expected {p.expected}"
        problems += probs + row_problems
        frame = frame.assign(quarter=quarter.label, quarter_index=quarter.index, directorate=d.id,
                             file=file, sheet=fmt.INDICATORS_SHEET)
        ind_rows.append(frame)
        for a in actions:
            a.update(quarter=quarter.label, quarter_index=quarter.index, directorate=d.id, file=file)
            if a["status"] not in config.fa_statuses:
                problems.append(Problem(ERROR, file, fmt.ACTIONS_SHEET, a["row"], fmt.ACTION_COLUMNS["status"],
                                        a["status"], "one of " + ", ".join(config.fa_statuses),
                                        "Flagship Action status not recognised", d.id))
                a["rejected"] = True
            if a["fa_code"] not in set(catalogue.actions["fa_code"]):
                problems.append(Problem(ERROR, file, fmt.ACTIONS_SHEET, a["row"], fmt.ACTION_COLUMNS["fa_code"],
                                        a["fa_code"], "an FA code from the catalogue",
                                        "unknown Flagship Action", d.id))
                a["rejected"] = True
            act_rows.append(a)
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
