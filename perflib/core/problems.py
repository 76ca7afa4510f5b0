"""Problems found in inputs, located precisely enough for someone to fix them.

Every check in perflib reports a :class:`Problem`: which file, sheet, row and
column, the value found and what was expected, and whether it is an error (the
figure cannot be used) or a warning (the figure was used, or the report still
goes out).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

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


def problems_from_frame(frame: pd.DataFrame) -> list[Problem]:
    """Inverse of :func:`problems_frame`.

    Parameters
    ----------
    frame : DataFrame
        With the columns of :data:`PROBLEM_COLUMNS`.

    Returns
    -------
    list of Problem
    """

    def text(v: object) -> str:
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)

    out = []
    for rec in frame.to_dict("records"):
        row = rec.get("row")
        fields = {k: text(rec.get(k)) for k in PROBLEM_COLUMNS if k != "row"}
        out.append(Problem(row=None if row is None or pd.isna(row) else int(row), **fields))
    return out
