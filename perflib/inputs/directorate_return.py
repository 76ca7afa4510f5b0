"""One directorate's return: its cover, indicator rows, monthly figures and Flagship Action rows.

Reading never modifies the file and never loses a row quietly: every cell that
cannot be used becomes a located :class:`~perflib.core.problems.Problem`, and
clear cases ("12%", "1,234", a number stored as text) are normalised with a
warning. A problem that makes the whole return unusable (the wrong quarter,
another directorate's file, a missing sheet) is raised as
:class:`~perflib.inputs.workbook.FileProblem`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from perflib.core.config import CouncilConfig
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter, QuarterError
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.cells import NUMBER_TEXT, ShownAsPercent, Uncalculated, cell_text, parse_number
from perflib.inputs.csv_reader import read_csv
from perflib.inputs.monthly import apply_monthly
from perflib.inputs.planned_actions import due_before_quarter_end, read_planned_action
from perflib.inputs.workbook import FileProblem, Source, find_header, map_columns, read_cover, sheet_rows
from perflib.inputs.xlsx_reader import read_xlsx


def _cover_problem(
    severity: str,
    file: str,
    directorate: str,
    field: str,
    row: int | None,
    *,
    value: str,
    expected: str,
    message: str,
) -> Problem:
    """A problem in one field of a return's Cover sheet, located by file, sheet, row and the field's label."""
    return Problem(
        severity=severity,
        file=file,
        sheet=fmt.COVER_SHEET,
        row=row,
        column=fmt.COVER_FIELDS[field],
        value=value,
        expected=expected,
        message=message,
        directorate=directorate,
    )


def _check_cover_quarter(cover: dict[str, tuple[Any, int]], quarter: Quarter, file: str, directorate: str) -> None:
    q_raw, q_row = cover.get("quarter", (None, None))
    try:
        q_found = Quarter.parse(cell_text(q_raw))
    except QuarterError:
        raise FileProblem(
            _cover_problem(
                ERROR,
                file,
                directorate,
                "quarter",
                q_row,
                value=cell_text(q_raw),
                expected=f"the quarter, {quarter.label}",
                message="the cover does not say which quarter this return is for",
            )
        ) from None
    if q_found != quarter:
        raise FileProblem(
            _cover_problem(
                ERROR,
                file,
                directorate,
                "quarter",
                q_row,
                value=q_found.label,
                expected=quarter.label,
                message=f"this return is for {q_found.label}, not {quarter.label} (last quarter's file re-sent?)",
            )
        )


def _check_cover_directorate(
    cover: dict[str, tuple[Any, int]], config: CouncilConfig, file: str, directorate: str
) -> None:
    d_raw, d_row = cover.get("directorate", (None, None))
    d_found = cell_text(d_raw)
    name = config.directorate_name(directorate)
    if d_found and d_found.lower() not in (directorate, name.lower()):
        raise FileProblem(
            _cover_problem(
                ERROR,
                file,
                directorate,
                "directorate",
                d_row,
                value=d_found,
                expected=f"{directorate} ({name})",
                message="the cover names another directorate",
            )
        )


def _check_cover_council(cover: dict[str, tuple[Any, int]], config: CouncilConfig, file: str, directorate: str) -> None:
    """The cover's Council must be this council (its name or short name, in any case); blank is allowed."""
    c_raw, c_row = cover.get("council", (None, None))
    found = " ".join(cell_text(c_raw).split())
    names = {" ".join(n.split()).lower() for n in (config.council_name, config.short_name) if n}
    if found and found.lower() not in names:
        raise FileProblem(
            _cover_problem(
                ERROR,
                file,
                directorate,
                "council",
                c_row,
                value=found,
                expected=config.council_name,
                message="the cover names another council (another council's return?)",
            )
        )


def _submitted(
    cover: dict[str, tuple[Any, int]], file: str, directorate: str, problems: list[Problem]
) -> dt.date | None:
    submitted, s_row = cover.get("submitted", (None, None))
    if isinstance(submitted, dt.datetime):
        submitted = submitted.date()
    if submitted is not None and not isinstance(submitted, dt.date):
        problems.append(
            _cover_problem(
                WARNING,
                file,
                directorate,
                "submitted",
                s_row,
                value=cell_text(submitted),
                expected="a date",
                message="date submitted not understood",
            )
        )
        return None
    return submitted


def _receipt(
    source: Source, quarter: Quarter, config: CouncilConfig, file: str, directorate: str, problems: list[Problem]
) -> dict[str, Any]:
    """What the cover says (who completed it and when), after checking its quarter and directorate."""
    if source.kind != "xlsx":
        problems.append(
            Problem(
                severity=WARNING,
                file=file,
                message="CSV return: no cover sheet, so the quarter is "
                f"taken from the folder ({quarter.label}) and there are no Flagship Action updates",
                directorate=directorate,
            )
        )
        return {"submitted": None, "completed_by": ""}
    cover = read_cover(source, file, directorate)
    _check_cover_council(cover, config, file, directorate)
    _check_cover_quarter(cover, quarter, file, directorate)
    _check_cover_directorate(cover, config, file, directorate)
    return {
        "submitted": _submitted(cover, file, directorate, problems),
        "completed_by": cell_text(cover.get("completed_by", ("", 0))[0]),
    }


def _figures(
    rec: dict[str, Any], get: Any, source: Source, file: str, excel_row: int, directorate: str, problems: list[Problem]
) -> None:
    """Read a row's value, numerator and denominator into ``rec``; unusable cells reject the row."""
    code = rec["pi_code"]
    for name in ("value", "numerator", "denominator"):
        raw = get(name)
        if name != "value" and isinstance(raw, ShownAsPercent):
            raw = float(raw)  # a count is a count, whatever format its cell has
        parsed = parse_number(raw)
        label = fmt.INDICATOR_COLUMNS[name]
        if parsed.error:
            uncalculated = isinstance(raw, Uncalculated)
            problems.append(
                Problem(
                    severity=ERROR,
                    file=file,
                    sheet=fmt.INDICATORS_SHEET,
                    row=excel_row,
                    column=label,
                    value=str(raw) if uncalculated else cell_text(raw),
                    expected=parsed.error,
                    message="the formula has no calculated value; open and save the workbook in Excel so its "
                    "formulas are calculated"
                    if uncalculated
                    else "the figure cannot be used",
                    directorate=directorate,
                    pi_code=code,
                )
            )
            rec["rejected"] = True
            shown = str(raw) if isinstance(raw, Uncalculated) else cell_text(raw)
            rec["rejected_reason"] = rec["rejected_reason"] or f"{label} not usable ({shown!r})"
        elif parsed.warning and not (source.text_numbers_normal and NUMBER_TEXT.match(cell_text(raw))):
            problems.append(
                Problem(
                    severity=WARNING,
                    file=file,
                    sheet=fmt.INDICATORS_SHEET,
                    row=excel_row,
                    column=label,
                    value=cell_text(raw),
                    expected="a plain number",
                    message=parsed.warning,
                    directorate=directorate,
                    pi_code=code,
                )
            )
        rec[name] = parsed.value


def _service_forecast(
    rec: dict[str, Any], raw: Any, file: str, excel_row: int, directorate: str, problems: list[Problem]
) -> None:
    """The optional service forecast: a number or nothing; anything else is a warning and is left out."""
    parsed = parse_number(raw)
    label = fmt.INDICATOR_OPTIONAL_COLUMNS["service_forecast"]
    if parsed.error:
        problems.append(
            Problem(
                severity=WARNING,
                file=file,
                sheet=fmt.INDICATORS_SHEET,
                row=excel_row,
                column=label,
                value=cell_text(raw),
                expected=parsed.error,
                message="the service's forecast outturn cannot be used; it is left out (the figures are used)",
                directorate=directorate,
                pi_code=rec["pi_code"],
            )
        )
    rec["service_forecast"] = None if parsed.error else parsed.value


def _indicator_record(
    row: tuple,
    cols: dict[str, int],
    excel_row: int,
    source: Source,
    file: str,
    directorate: str,
    problems: list[Problem],
) -> dict[str, Any] | None:
    """One row of the Indicators sheet as a record (None for a blank line)."""

    def get(name: str) -> Any:
        pos = cols.get(name)  # optional columns may be absent
        return row[pos] if pos is not None and pos < len(row) else None

    code = cell_text(get("pi_code")).upper()
    if not code and all(
        cell_text(get(n)) == "" for n in (*fmt.INDICATOR_INPUT_COLUMNS, *fmt.INDICATOR_OPTIONAL_COLUMNS)
    ):
        return None
    rec: dict[str, Any] = {
        "pi_code": code,
        "row": excel_row,
        "rejected": False,
        "rejected_reason": "",
        "commentary": cell_text(get("commentary")),
        "corrective_action": cell_text(get("corrective_action")),
    }
    if not code:
        problems.append(
            Problem(
                severity=ERROR,
                file=file,
                sheet=fmt.INDICATORS_SHEET,
                row=excel_row,
                column=fmt.INDICATOR_COLUMNS["pi_code"],
                value="",
                expected="a PI code from the catalogue",
                message="figures given without a PI code",
                directorate=directorate,
            )
        )
        rec["rejected"], rec["rejected_reason"] = True, "no PI code"
    _figures(rec, get, source, file, excel_row, directorate, problems)
    _service_forecast(rec, get("service_forecast"), file, excel_row, directorate, problems)
    read_planned_action(rec, get("planned_action"), get("action_due"), file, excel_row, directorate, problems)
    return rec


def _indicator_rows(source: Source, file: str, directorate: str, problems: list[Problem]) -> list[dict[str, Any]]:
    rows = sheet_rows(source, fmt.INDICATORS_SHEET, file, directorate)
    h = find_header(rows, fmt.INDICATOR_COLUMNS["pi_code"], file, fmt.INDICATORS_SHEET, problems, directorate)
    cols = map_columns(
        rows[h],
        fmt.INDICATOR_LABELS,
        ("pi_code", *fmt.INDICATOR_INPUT_COLUMNS),
        file,
        fmt.INDICATORS_SHEET,
        h + 1,
        problems,
        directorate,
        ignored=fmt.INDICATOR_EXTRA_COLUMNS,
        ignored_pattern=fmt.PREVIOUS_VALUE_PATTERN,
    )
    recs = [
        _indicator_record(row, cols, h + 2 + offset, source, file, directorate, problems)
        for offset, row in enumerate(rows[h + 1 :])
    ]
    return [r for r in recs if r is not None]


def _action_rows(source: Source, file: str, directorate: str, problems: list[Problem]) -> list[dict[str, Any]]:
    if source.kind != "xlsx":
        return []
    rows = sheet_rows(source, fmt.ACTIONS_SHEET, file, directorate)
    h = find_header(rows, fmt.ACTION_COLUMNS["fa_code"], file, fmt.ACTIONS_SHEET, problems, directorate)
    cols = map_columns(
        rows[h],
        fmt.ACTION_COLUMNS,
        ("fa_code", *fmt.ACTION_INPUT_COLUMNS),
        file,
        fmt.ACTIONS_SHEET,
        h + 1,
        problems,
        directorate,
        ignored=fmt.ACTION_LEGACY_COLUMNS,
        ignored_pattern=fmt.PREVIOUS_STATUS_PATTERN,
    )
    out = []
    for offset, row in enumerate(rows[h + 1 :]):
        cells = {name: cell_text(row[pos]) if pos < len(row) else "" for name, pos in cols.items()}
        if not cells["fa_code"] and not cells["status"] and not cells["update"]:
            continue
        out.append(
            {
                "fa_code": cells["fa_code"],
                "status": cells["status"],
                "update": cells["update"],
                "row": h + 2 + offset,
                "rejected": False,
            }
        )
    return out


def read_directorate(
    path: Path, directorate: str, quarter: Quarter, catalogue: Catalogue, config: CouncilConfig
) -> tuple[dict, list[dict], list[dict], list[Problem]]:
    """Read one directorate's return.

    Parameters
    ----------
    path : Path
        The return (``.xlsx`` or ``.csv``).
    directorate : str
        Its directorate id.
    quarter : Quarter
        The quarter whose folder it is in.
    catalogue : Catalogue
    config : CouncilConfig

    Returns
    -------
    (dict, list of dict, list of dict, list of Problem)
        The receipt (``submitted``, ``completed_by``), the indicator rows,
        the Flagship Action rows and the problems found.

    Raises
    ------
    FileProblem
        When the return as a whole cannot be used.
    """
    file = display_path(path)
    problems: list[Problem] = []
    other = fmt.OTHER_SPREADSHEET_SUFFIXES.get(path.suffix.lower())
    if other is not None:
        raise FileProblem(
            Problem(
                severity=ERROR,
                file=file,
                value=path.name,
                expected=f"{directorate}.xlsx",
                message=f"the return is saved as {other}, which perflib does not read; save it in Excel as "
                f"'Excel Workbook (.xlsx)' named {directorate}.xlsx",
                directorate=directorate,
            )
        )
    if path.suffix.lower() == fmt.CSV_SUFFIX:
        source = read_csv(path, file, directorate, problems)
    else:
        source = read_xlsx(path, file, directorate)
    receipt = _receipt(source, quarter, config, file, directorate, problems)
    ind_rows = _indicator_rows(source, file, directorate, problems)
    problems += due_before_quarter_end(ind_rows, quarter, file, directorate)
    if fmt.MONTHLY_SHEET in source.sheets:
        ind_rows = apply_monthly(
            source.sheets[fmt.MONTHLY_SHEET], ind_rows, quarter, catalogue, file, directorate, problems
        )
    return receipt, ind_rows, _action_rows(source, file, directorate, problems), problems
