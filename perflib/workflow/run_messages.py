"""The one-line messages of a run: the returns and their data quality, and where and why a run failed.

``perflib run`` prints one line on the quarter's returns and data quality
before it builds the report (:func:`quality_summary`); a failure is one line
saying which notebook and cell failed and why (:func:`failed_cell`,
:func:`first_line`), as :mod:`perflib.workflow.run` and
:mod:`perflib.workflow.run_all` report it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from perflib.build.quality import Quality
from perflib.core.quarters import Quarter


def failed_cell(nb_path: Path) -> str:
    """'code cell N (first line of source)' for the first cell with an error output."""
    import nbformat

    try:
        nb = nbformat.read(str(nb_path), as_version=4)
    except Exception:
        return "an unknown cell"
    code_no = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_no += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                return f"code cell {code_no} ({first.strip()[:60]})"
    return "an unknown cell"


def first_line(text: object, limit: int = 300) -> str:
    """An error message on one line: its lines joined, shortened to ``limit`` characters."""
    line = " ".join(part.strip() for part in str(text).strip().splitlines() if part.strip())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


def quality_summary(quarter: Quarter, receipts: Any, problems: Any) -> str:
    """One line on the quarter's returns and data quality, as ``perflib run`` prints it.

    Parameters
    ----------
    quarter : Quarter
    receipts : DataFrame
        ``Prepared.receipts`` (one row per directorate, with ``state``).
    problems : DataFrame
        ``Prepared.problems`` (with ``severity``).

    Returns
    -------
    str
        e.g. ``"2023-24 Q3: returns received 5 of 6 (missing: Place); data
        quality: 0 errors, 3 warnings (listed in data_quality.csv)"``.
    """
    q = Quality.of(receipts, problems)
    text = f"{quarter.label}: returns received {q.received} of {q.expected}"
    notes = [f"{word}: {', '.join(who)}" for word, who in (("missing", q.missing), ("unusable", q.unusable)) if who]
    if notes:
        text += f" ({'; '.join(notes)})"
    text += f"; data quality: {q.errors} error{'s' * (q.errors != 1)}, {q.warnings} warning{'s' * (q.warnings != 1)}"
    if q.errors or q.warnings:
        text += " (listed in data_quality.csv)"
    return text
