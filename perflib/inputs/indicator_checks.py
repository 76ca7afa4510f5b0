"""Checks on a return's indicator rows, once each cell has been read as a number.

Each check is named, with what it expects and the column it is about, so a
failure is reported once, against that column, with the value found there.
Checks of one column at a time are a pandera schema; checks across the
columns of a row are :data:`ROW_CHECKS`, applied directly (a failure is never
matched back to its check by its wording).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from perflib.core.problems import ERROR, Problem
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.schema import RowCheck, row_check_problems, schema_problems


def _implied_differs(d: pd.DataFrame) -> pd.Series:
    implied = 100 * d["numerator"] / d["denominator"]
    tol = 0.5 * 10.0 ** (-d["_decimals"]) + 1e-9
    return d["_ratio"] & d["value"].notna() & implied.notna() & ((d["value"] - implied).abs() > tol)


#: Checks across the columns of a row, in the order they are reported.
ROW_CHECKS: tuple[RowCheck, ...] = (
    RowCheck(
        "a percentage from 0 to 100",
        "value",
        lambda d: (d["_unit"] == "percent") & ((d["value"] < 0) | (d["value"] > 100)),
    ),
    RowCheck("a count of 0 or more", "value", lambda d: (d["_unit"] == "count") & (d["value"] < 0)),
    RowCheck("a numerator not above the denominator", "numerator", lambda d: d["numerator"] > d["denominator"]),
    RowCheck("a denominator above 0", "denominator", lambda d: (d["denominator"] == 0) & d["_ratio"]),
    RowCheck("a value equal to 100 x numerator / denominator", "value", _implied_differs),
)


def _schema(codes: pd.Index) -> pa.DataFrameSchema:
    """Checks of one column at a time (the checks across a row are :data:`ROW_CHECKS`)."""
    return pa.DataFrameSchema(
        {
            "pi_code": pa.Column(
                str,
                [
                    pa.Check(lambda s: s.isin(codes), error="a PI code from the catalogue"),
                    pa.Check(
                        lambda s: ~s.duplicated(keep=False), error="each PI once (this code appears more than once)"
                    ),
                ],
            ),
            "value": pa.Column(float, nullable=True),
            "numerator": pa.Column(float, pa.Check.ge(0, error="a count of 0 or more"), nullable=True),
            "denominator": pa.Column(float, pa.Check.ge(0, error="a count of 0 or more"), nullable=True),
        },
        strict=False,
    )


def _wrong_owner(frame: pd.DataFrame, ind: pd.DataFrame, directorate: str, file: str) -> list[Problem]:
    known = frame["pi_code"].isin(ind.index)
    own = frame["pi_code"].map(ind["directorate"]).eq(directorate)
    return [
        Problem(
            severity=ERROR,
            file=file,
            sheet=fmt.INDICATORS_SHEET,
            row=int(frame.at[idx, "row"]),
            column=fmt.INDICATOR_COLUMNS["pi_code"],
            value=frame.at[idx, "pi_code"],
            expected=f"a PI reported by {directorate}",
            message="this PI belongs to another directorate's return",
            directorate=directorate,
            pi_code=frame.at[idx, "pi_code"],
        )
        for idx in frame.index[known & ~own]
    ]


def check_indicator_rows(frame: pd.DataFrame, catalogue: Catalogue, directorate: str, file: str) -> list[Problem]:
    """Schema checks on the parsed indicator rows of one return.

    Parameters
    ----------
    frame : DataFrame
        ``pi_code``, ``row`` (spreadsheet row), ``value``, ``numerator``, ``denominator``.
    catalogue : Catalogue
    directorate : str
        Whose return it is.
    file : str
        The file, as shown.

    Returns
    -------
    list of Problem
        One per failing row and check, against the column it is about.
    """
    if frame.empty:
        return []
    ind = catalogue.indicators.set_index("pi_code")
    frame = frame.assign(
        _unit=frame["pi_code"].map(ind["unit"]),
        _decimals=frame["pi_code"].map(ind["decimals"]).fillna(2),
        _ratio=frame["pi_code"].map(ind["denominator_label"]).notna(),
    )
    rows = dict(zip(frame.index, frame["row"], strict=True))
    context = {i: {"directorate": directorate, "pi_code": c} for i, c in frame["pi_code"].items()}
    sheet, labels = fmt.INDICATORS_SHEET, fmt.INDICATOR_COLUMNS
    problems = schema_problems(
        frame, _schema(ind.index), file=file, sheet=sheet, rows=rows, labels=labels, context=context
    )
    problems += row_check_problems(frame, ROW_CHECKS, file=file, sheet=sheet, rows=rows, labels=labels, context=context)
    return problems + _wrong_owner(frame, ind, directorate, file)
