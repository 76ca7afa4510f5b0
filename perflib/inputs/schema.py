"""pandera schema checks whose failures become located :class:`~perflib.core.problems.Problem` s.

Checks on catalogue files and returns are declared with pandera; each check's
``error`` text is what the user is told was expected. :func:`schema_problems`
turns pandera's failure table into problems with file, sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pandera.pandas as pa

from perflib.core.problems import ERROR, Problem


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
        col = case.column if isinstance(case.column, str) else ""
        idx = case.index
        if idx is None or (isinstance(idx, float) and pd.isna(idx)):
            row = None
        elif rows is not None:
            row = rows.get(idx)
        else:
            row = int(idx) + 2
        expected = str(case.check)
        if expected == "not_nullable":
            expected = "a value (the cell is empty)"
        elif expected.startswith("column_in_dataframe"):
            expected = "this column to be present"
        key = (row, expected, col)
        if key in seen:
            continue
        seen.add(key)
        extra = dict((context or {}).get(idx, {})) if idx is not None else {}
        value = (
            ""
            if case.failure_case is None or (isinstance(case.failure_case, float) and pd.isna(case.failure_case))
            else str(case.failure_case)
        )
        out.append(
            Problem(
                severity=severity,
                file=file,
                sheet=sheet,
                row=row,
                column=labels.get(col, col),
                value=value,
                expected=expected,
                message=f"value does not meet the rule: {expected}",
                directorate=extra.get("directorate", ""),
                pi_code=extra.get("pi_code", ""),
            )
        )
    return out
