"""``data_quality.csv``: every problem found in the quarter's inputs, one row each, errors first."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from perflib.export.cells import neutralise

#: Text columns of the problems table (every one is neutralised).
_TEXT_COLUMNS = ("severity", "file", "sheet", "column", "value", "expected", "message", "directorate", "pi_code")
#: What happened to the figure each problem concerns (present when the problems were prepared).
_OUTCOME_COLUMNS = ("outcome", "outcome_reason")


def write_data_quality_csv(frame: pd.DataFrame, quarter_label: str, target: Path) -> None:
    """Write the data-quality report as CSV: one row per problem, errors first.

    Parameters
    ----------
    frame : DataFrame
        The problems (:func:`perflib.core.problems.problems_frame`).
    quarter_label : str
        The quarter, written into every row.
    target : Path
        The file to write; its folder is made when missing.
    """
    out = frame.copy()
    out.insert(0, "quarter", quarter_label)
    order = {"error": 0, "warning": 1}
    out = out.sort_values(
        ["severity", "file", "row"],
        key=lambda s: s.map(order) if s.name == "severity" else s,
        kind="stable",
        na_position="first",
    )
    for col in (*_TEXT_COLUMNS, *(c for c in _OUTCOME_COLUMNS if c in out)):
        out[col] = out[col].map(neutralise)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # written whole, then swapped in
    try:
        out.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
