"""One directorate's return: its cover, indicator rows, monthly figures and Flagship Action rows.

Reading never modifies the file and never loses a row quietly: every cell that
cannot be used becomes a located :class:`~perflib.core.problems.Problem`, and
clear cases ("12%", "1,234", a number stored as text) are normalised with a
warning. A problem that makes the whole return unusable (the wrong quarter,
another directorate's file, a missing sheet) is raised as
:class:`~perflib.inputs.workbook.FileProblem`. The cover is read and checked
by :mod:`perflib.inputs.return_cover`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from perflib.core.config import CouncilConfig
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.cells import NUMBER_TEXT, ShownAsPercent, Uncalculated, cell_text, parse_number
from perflib.inputs.csv_reader import read_csv
from perflib.inputs.monthly import apply_monthly
from perflib.inputs.planned_actions import due_before_quarter_end, read_planned_action
from perflib.inputs.return_cover import read_receipt
from perflib.inputs.workbook import FileProblem, Source, find_header, map_columns, sheet_rows
from perflib.inputs.xlsx_reader import read_xlsx


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
    receipt = read_receipt(source, quarter, config, file, directorate, problems)
    ind_rows = _indicator_rows(source, file, directorate, problems)
    problems += due_before_quarter_end(ind_rows, quarter, file, directorate)
    if fmt.MONTHLY_SHEET in source.sheets:
        ind_rows = apply_monthly(
            source.sheets[fmt.MONTHLY_SHEET], ind_rows, quarter, catalogue, file, directorate, problems
        )
    return receipt, ind_rows, _action_rows(source, file, directorate, problems), problems
