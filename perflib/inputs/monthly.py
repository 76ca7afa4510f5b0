"""Monthly figures: an optional sheet of a return, rolled up to the quarter by measure type.

Counts are added over the three months; rates with a numerator and
denominator are pooled (the months' numerators over their denominators);
snapshots take the last month. Other measures (averages without a numerator
and denominator) cannot be combined exactly and are an error
(``docs/methodology.md`` section 1).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from perflib.core.problems import ERROR, Problem
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.cells import cell_text, parse_number
from perflib.inputs.workbook import find_header, map_columns

_FIGURES = ("value", "numerator", "denominator")


def month_number(raw: Any, quarter: Quarter) -> int | None:
    """Month of the quarter (1, 2 or 3) from 1-3, a month name or a date in the quarter.

    Parameters
    ----------
    raw : object
        The cell.
    quarter : Quarter

    Returns
    -------
    int or None
        None when the cell names no month of the quarter.
    """
    months = [(quarter.start_date.month + i - 1) % 12 + 1 for i in range(3)]
    if isinstance(raw, (dt.date, dt.datetime)):
        d = raw.date() if isinstance(raw, dt.datetime) else raw
        return months.index(d.month) + 1 if quarter.start_date <= d <= quarter.end_date else None
    text = cell_text(raw).lower()
    if text in ("1", "2", "3"):
        return int(text)
    for i, m in enumerate(months, start=1):
        name = dt.date(2000, m, 1).strftime("%B").lower()
        if text in (name, name[:3]):
            return i
    return None


def _monthly_record(
    row: tuple,
    cols: dict[str, int],
    excel_row: int,
    quarter: Quarter,
    file: str,
    directorate: str,
    problems: list[Problem],
) -> dict[str, Any] | None:
    """One row of the Monthly sheet as a record (None for a blank line); bad cells are problems."""

    def get(name: str) -> Any:
        return row[cols[name]] if name in cols and cols[name] < len(row) else None

    code = cell_text(get("pi_code")).upper()
    if not code and all(cell_text(get(n)) == "" for n in ("month", *_FIGURES)):
        return None
    month = month_number(get("month"), quarter)
    rec: dict[str, Any] = {"pi_code": code, "month": month, "row": excel_row, "bad": False}
    if month is None:
        problems.append(
            Problem(
                severity=ERROR,
                file=file,
                sheet=fmt.MONTHLY_SHEET,
                row=excel_row,
                column=fmt.MONTHLY_COLUMNS["month"],
                value=cell_text(get("month")),
                expected=f"1, 2 or 3, or a month of {quarter.label}",
                message="month not understood",
                directorate=directorate,
                pi_code=code,
            )
        )
        rec["bad"] = True
    for name in _FIGURES:
        parsed = parse_number(get(name))
        if parsed.error:
            problems.append(
                Problem(
                    severity=ERROR,
                    file=file,
                    sheet=fmt.MONTHLY_SHEET,
                    row=excel_row,
                    column=fmt.MONTHLY_COLUMNS[name],
                    value=cell_text(get(name)),
                    expected=parsed.error,
                    message="the figure cannot be used",
                    directorate=directorate,
                    pi_code=code,
                )
            )
            rec["bad"] = True
        rec[name] = parsed.value
    return rec


def _why_not_combined(pi: pd.Series, grp: pd.DataFrame, quarterly_value: Any) -> str:
    """Why one PI's monthly figures cannot make its quarter's figure ("" when they can)."""
    ratio = isinstance(pi["denominator_label"], str)
    months = set(grp["month"])
    reasons = [
        (quarterly_value is not None, "a quarterly value and monthly figures were both given"),
        (bool(grp["bad"].any()), "a monthly figure could not be used"),
        (bool(grp["month"].duplicated().any()), "a month appears more than once"),
        (pi["measure_type"] == "snapshot" and 3 not in months, "a snapshot needs the last month of the quarter"),
        (
            pi["measure_type"] != "snapshot" and months != {1, 2, 3},
            "all three months are needed to make the quarter's figure",
        ),
        (
            pi["measure_type"] != "snapshot" and not (pi["unit"] == "count" or ratio),
            "monthly figures of an average cannot be combined exactly; give the quarter's figure",
        ),
        (
            pi["measure_type"] != "snapshot"
            and ratio
            and bool(grp["numerator"].isna().any() or grp["denominator"].isna().any()),
            "every month needs a numerator and denominator",
        ),
    ]
    return next((reason for failed, reason in reasons if failed), "")


def _quarter_figures(pi: pd.Series, grp: pd.DataFrame) -> dict[str, Any]:
    """The quarter's value, numerator and denominator from its months, by measure type."""
    if pi["measure_type"] == "snapshot":
        last = grp[grp["month"] == 3].iloc[0]
        return {"value": last["value"], "numerator": last["numerator"], "denominator": last["denominator"]}
    if isinstance(pi["denominator_label"], str):
        num, den = float(grp["numerator"].sum()), float(grp["denominator"].sum())
        value = 100.0 * num / den if den > 0 else None
        return {
            "value": None if value is None else round(value, int(pi["decimals"]) + 6),
            "numerator": num,
            "denominator": den,
        }
    return {"value": float(grp["value"].sum()), "numerator": None, "denominator": None}


def _indicator_row(by_code: dict[str, dict], ind_rows: list[dict], code: str, first_row: int) -> dict:
    """The indicator row a PI's monthly figures fill (a new one when the Indicators sheet has none)."""
    target = by_code.get(code)
    if target is None:
        target = {
            "pi_code": code,
            "row": first_row,
            "rejected": False,
            "rejected_reason": "",
            "commentary": "",
            "corrective_action": "",
            "planned_action": "",
            "action_due": "",
            "value": None,
            "numerator": None,
            "denominator": None,
        }
        ind_rows.append(target)
        by_code[code] = target
    return target


def _read_monthly_rows(
    rows: list[tuple], quarter: Quarter, file: str, directorate: str, problems: list[Problem]
) -> pd.DataFrame:
    h = find_header(rows, fmt.MONTHLY_COLUMNS["pi_code"], file, fmt.MONTHLY_SHEET, problems, directorate)
    cols = map_columns(
        rows[h],
        fmt.MONTHLY_COLUMNS,
        ("pi_code", "month", "value"),
        file,
        fmt.MONTHLY_SHEET,
        h + 1,
        problems,
        directorate,
    )
    recs = [
        _monthly_record(row, cols, h + 2 + offset, quarter, file, directorate, problems)
        for offset, row in enumerate(rows[h + 1 :])
    ]
    return pd.DataFrame([r for r in recs if r is not None])


def apply_monthly(
    rows: list[tuple],
    ind_rows: list[dict],
    quarter: Quarter,
    catalogue: Catalogue,
    file: str,
    directorate: str,
    problems: list[Problem],
) -> list[dict]:
    """Roll a Monthly sheet up to quarterly figures and put them in the indicator rows.

    Parameters
    ----------
    rows : list of tuple
        The Monthly sheet's rows.
    ind_rows : list of dict
        The return's indicator rows, updated in place (and extended for PIs
        given only monthly).
    quarter : Quarter
    catalogue : Catalogue
    file, directorate : str
        Where the figures came from, for problems.
    problems : list of Problem
        Appended to.

    Returns
    -------
    list of dict
        ``ind_rows``.
    """
    if not rows or all(all(cell_text(c) == "" for c in r) for r in rows):
        return ind_rows
    monthly = _read_monthly_rows(rows, quarter, file, directorate, problems)
    if monthly.empty:
        return ind_rows
    ind = catalogue.indicators.set_index("pi_code")
    by_code = {r["pi_code"]: r for r in ind_rows}
    for code, grp in monthly.groupby("pi_code", sort=False):
        first_row = int(grp["row"].iloc[0])
        if code not in ind.index:
            problems.append(
                Problem(
                    severity=ERROR,
                    file=file,
                    sheet=fmt.MONTHLY_SHEET,
                    row=first_row,
                    column=fmt.MONTHLY_COLUMNS["pi_code"],
                    value=code,
                    expected="a PI code from the catalogue",
                    message="unknown PI in the monthly figures",
                    directorate=directorate,
                    pi_code=code,
                )
            )
            continue
        target = _indicator_row(by_code, ind_rows, code, first_row)
        reason = _why_not_combined(ind.loc[code], grp, target.get("value"))
        if reason:
            problems.append(
                Problem(
                    severity=ERROR,
                    file=file,
                    sheet=fmt.MONTHLY_SHEET,
                    row=first_row,
                    column=fmt.MONTHLY_COLUMNS["value"],
                    value="",
                    expected="figures that can be rolled up to the quarter",
                    message=reason,
                    directorate=directorate,
                    pi_code=code,
                )
            )
            target["rejected"] = True
            target["rejected_reason"] = target["rejected_reason"] or f"monthly figures: {reason}"
            continue
        target.update(_quarter_figures(ind.loc[code], grp))
    return ind_rows
