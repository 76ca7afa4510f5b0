"""Problems found in inputs, located precisely enough for someone to fix them.

Every check in perflib reports a :class:`Problem`: which file, sheet, row and
column, the value found and what was expected, and whether it is an error (the
figure cannot be used) or a warning (the figure was used, or the report still
goes out). Schema checks are declared with pandera; :func:`schema_problems`
turns pandera's failure table into problems.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pandera.pandas as pa

ERROR = "error"
WARNING = "warning"

PROBLEM_COLUMNS = [
    "severity",
    "file",
    "sheet",
    "row",
    "column",
    "value",
    "expected",
    "message",
    "directorate",
    "pi_code",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    Attributes
    ----------
    severity : str
        ``"error"`` or ``"warning"``.
    file : str
        The file, relative to the project root where possible.
    sheet : str
        Sheet name, or ``""`` for a CSV or the file as a whole.
    row : int or None
        Spreadsheet row number (1-based, as Excel shows it).
    column : str
        Column header as it appears in the file.
    value : str
        What was found.
    expected : str
        What was expected instead.
    message : str
        One plain-English sentence.
    directorate : str
        Directorate id the problem belongs to, if any.
    pi_code : str
        PI code the problem belongs to, if any.
    """

    severity: str
    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    expected: str = ""
    message: str = ""
    directorate: str = ""
    pi_code: str = ""

    def line(self) -> str:
        """The problem as one line a service manager can act on."""
        where = self.file
        if self.sheet:
            where += f", sheet '{self.sheet}'"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{self.severity.upper()}: {where}: {self.message}"
        if self.value != "":
            text += f" (found {self.value!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return text


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table with the columns of :data:`PROBLEM_COLUMNS`."""
    rows = [asdict(p) for p in problems]
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame


def display_path(path: str | Path) -> str:
    """A path relative to the project root when it is inside it."""
    from perflib.paths import PROJECT_ROOT

    p = Path(path)
    try:
        return str(p.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(p)


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
        value = "" if case.failure_case is None or (
            isinstance(case.failure_case, float) and pd.isna(case.failure_case)
        ) else str(case.failure_case)
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


def problems_from_frame(frame: pd.DataFrame) -> list[Problem]:
    """Inverse of :func:`problems_frame`."""
    out = []
    for rec in frame.to_dict("records"):
        row = rec.get("row")
        rec["row"] = None if row is None or pd.isna(row) else int(row)
        out.append(Problem(**{k: ("" if (k != "row" and (v is None or (isinstance(v, float) and pd.isna(v))))
                                  else v) for k, v in rec.items() if k in PROBLEM_COLUMNS}))
    return out


def write_data_quality_csv(frame: pd.DataFrame, quarter_label: str, target: Path) -> None:
    """Write the data-quality report as CSV: one row per problem, errors first.

    Text cells that a spreadsheet could read as a formula are neutralised.
    """
    out = frame.copy()
    out.insert(0, "quarter", quarter_label)
    order = {"error": 0, "warning": 1}
    out = out.sort_values(["severity", "file", "row"], key=lambda s: s.map(order) if s.name == "severity" else s,
                          kind="stable", na_position="first")
    for col in ("value", "expected", "message", "column"):
        out[col] = out[col].map(lambda t: "'" + t if isinstance(t, str) and t[:1] in ("=", "+", "-", "@") else t)
    target.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(target, index=False, lineterminator="\n")
