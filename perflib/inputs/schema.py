"""Checks on tables whose failures become located :class:`~perflib.core.problems.Problem` s.

Checks of one column at a time on catalogue files and returns are declared
with pandera; each check's ``error`` text is what the user is told was
expected. :func:`schema_problems` turns pandera's failure table into problems
with file, sheet, row and column. Checks across the columns of a row are
named :class:`RowCheck` s, each reported once per failing row against the
column it is about (:func:`row_check_problems`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pandera.pandas as pa

from perflib.core.problems import ERROR, Problem


@dataclass(frozen=True)
class RowCheck:
    """A check across the columns of one row.

    Attributes
    ----------
    expected : str
        What the row must satisfy, in words (shown as "expected").
    column : str
        The column the failure is reported against (its value is shown as found).
    failing : callable
        Frame -> boolean Series, True where a row breaks the check.
    """

    expected: str
    column: str
    failing: Callable[[pd.DataFrame], pd.Series]


def schema_problems(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    *,
    file: str,
    sheet: str = "",
    rows: Mapping[object, int] | None = None,
    labels: Mapping[str, str] | None = None,
    severity: str = ERROR,
    context: Mapping[object, Mapping[str, str]] | None = None,
) -> list[Problem]:
    """Validate ``frame`` against ``schema`` and describe every failure.

    Parameters
    ----------
    frame : DataFrame
        The table to check.
    schema : pandera.DataFrameSchema
        Checks to apply; each check's ``error`` text is used as "expected".
    file, sheet : str
        Where the table came from.
    rows : mapping, optional
        Index label -> spreadsheet row number. Defaults to index + 2 (a header
        in row 1).
    labels : mapping, optional
        Column name -> header as the user sees it.
    severity : str
        Severity of the problems raised.
    context : mapping, optional
        Index label -> extra Problem fields (``directorate``, ``pi_code``).

    Returns
    -------
    list of Problem
        Empty when the frame passes.
    """
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    labels = dict(labels or {})
    out: list[Problem] = []
    seen: set[tuple] = set()
    for case in cases.itertuples(index=False):
        idx = case.index
        row = _row_of(idx, rows)
        column, value, expected, message = _describe(case, labels)
        key = (row, expected, column)
        if key in seen:
            continue
        seen.add(key)
        extra = dict((context or {}).get(idx, {})) if idx is not None else {}
        out.append(
            Problem(
                severity=severity,
                file=file,
                sheet=sheet,
                row=row,
                column=column,
                value=value,
                expected=expected,
                message=message,
                directorate=extra.get("directorate", ""),
                pi_code=extra.get("pi_code", ""),
            )
        )
    return out


def _text(value: object) -> str:
    """A failure case as text; ``""`` for a missing one."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _row_of(idx: object, rows: Mapping[object, int] | None) -> int | None:
    """The spreadsheet row of index label ``idx`` (None for a failure of the table as a whole)."""
    if idx is None or (isinstance(idx, float) and pd.isna(idx)):
        return None
    return rows.get(idx) if rows is not None else int(idx) + 2  # type: ignore[call-overload]


def _describe(case: Any, labels: Mapping[str, str]) -> tuple[str, str, str, str]:
    """(column as the user sees it, value found, what was expected, message) of one pandera failure."""
    check = str(case.check)
    if check.startswith("column_in_dataframe"):  # the failure case is the missing column's name
        label = labels.get(_text(case.failure_case), _text(case.failure_case))
        return label, "", "this column to be present", f"the column '{label}' is missing"
    col = case.column if isinstance(case.column, str) else ""
    expected = "a value (the cell is empty)" if check == "not_nullable" else check
    return labels.get(col, col), _found(case.failure_case), expected, f"value does not meet the rule: {expected}"


def _found(value: object) -> str:
    """A cell as shown in a problem: numbers without a needless ``.0``; ``""`` for a missing one."""
    if isinstance(value, float) and not pd.isna(value):
        return f"{value:g}"
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def row_check_problems(
    frame: pd.DataFrame,
    checks: Sequence[RowCheck],
    *,
    file: str,
    sheet: str = "",
    rows: Mapping[object, int] | None = None,
    labels: Mapping[str, str] | None = None,
    context: Mapping[object, Mapping[str, str]] | None = None,
) -> list[Problem]:
    """Apply ``checks`` to every row of ``frame``: one error per failing row and check.

    A check that needs a column the table lacks is not applied (the missing
    column is reported by the schema).

    Parameters
    ----------
    frame : DataFrame
    checks : sequence of RowCheck
        In the order their failures are reported.
    file, sheet, rows, labels, context
        As for :func:`schema_problems`.

    Returns
    -------
    list of Problem
        By check, then row.
    """
    labels = dict(labels or {})
    out: list[Problem] = []
    for check in checks:
        try:
            failing = check.failing(frame).fillna(False).astype(bool)
        except KeyError:
            continue
        for idx in frame.index[failing]:
            extra = (context or {}).get(idx, {})
            out.append(
                Problem(
                    severity=ERROR,
                    file=file,
                    sheet=sheet,
                    row=_row_of(idx, rows),
                    column=labels.get(check.column, check.column),
                    value=_found(frame.at[idx, check.column]),
                    expected=check.expected,
                    message=f"value does not meet the rule: {check.expected}",
                    directorate=extra.get("directorate", ""),
                    pi_code=extra.get("pi_code", ""),
                )
            )
    return out
