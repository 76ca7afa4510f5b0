"""Comparator cells to numbers: release markers, 0/0 rows, unreadable cells and repeated rows.

Government releases write "no figure" with a marker instead of a number
(GSS/DfE conventions): ``x`` not available, ``z`` not applicable, ``c``
confidential (suppressed), ``u`` low reliability, ``k`` and ``low`` a figure
that rounds to 0 but is not 0, and the older ``:``, ``..``, ``-`` and ``~``.
Letters may be in square brackets (``[c]``, ``[x]``, ``[z]``, ``[u]``,
``[low]``) and in either case. A marker, a blank cell, or a row whose numerator
and denominator are both 0 (``0/0``) is a **missing figure**, never an error:
such cells are counted per file (:func:`missing_counts`).

Numbers may have thousands separators (``1,234``) and a trailing ``%``.
Anything else that is not a number is an error located by file, row and
column: a value that cannot be read loses its row; an unusable numerator or
denominator (not a number, negative, a numerator above its denominator, or a
denominator of 0 with a numerator above 0) is dropped and the value is used
without them. Two rows of one file for the same area, PI and period are both
left out (an error each), since either could be the wrong breakdown.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from perflib.core.problems import ERROR, Problem
from perflib.inputs.comparator_periods import Period, PeriodError, parse_period

#: Markers that mean "no figure", lower case, without brackets.
MARKERS: tuple[str, ...] = ("x", "z", "c", "u", "k", "low", ":", "..", "-", "~")
_MARKER_FORMS = {m: m for m in MARKERS} | {f"[{m}]": m for m in MARKERS if m.isalpha()}
#: What each marker says, for the data-quality output.
MARKER_MEANINGS: dict[str, str] = {
    "x": "not available",
    "z": "not applicable",
    "c": "confidential, suppressed",
    "u": "low reliability",
    "k": "rounds to 0",
    "low": "rounds to 0",
    ":": "not available",
    "..": "not available",
    "-": "no figure",
    "~": "rounds to 0",
    "blank": "blank cell",
    "0/0": "numerator and denominator both 0",
}


def marker_of(text: str) -> str | None:
    """The marker a cell holds, ``"blank"`` for an empty cell, else None.

    Parameters
    ----------
    text : str

    Returns
    -------
    str or None
        One of :data:`MARKERS` (``"[C]"`` gives ``"c"``), ``"blank"``, or None.
    """
    clean = str(text).strip().lower()
    if not clean:
        return "blank"
    return _MARKER_FORMS.get(clean)


def read_numbers(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from text cells, and what each cell was.

    Parameters
    ----------
    cells : Series of str

    Returns
    -------
    Series of float
        The number, NaN for a marker, a blank or an unreadable cell.
    Series of str
        ``"number"``, a marker (see :data:`MARKERS`), ``"blank"`` or ``"bad"``.
    """
    text = cells.fillna("").astype(str).str.strip()
    markers = text.map(marker_of)
    plain = text.str.replace(",", "", regex=False).str.removesuffix("%").str.strip()
    numbers = pd.to_numeric(plain, errors="coerce").astype(float)
    finite = np.isfinite(numbers.to_numpy())
    kind = pd.Series(np.where(finite, "number", "bad"), index=cells.index, dtype=object)
    kind = kind.where(markers.isna(), markers)
    numbers = numbers.where(kind.eq("number"))
    return numbers, kind


def _periods(raw: pd.DataFrame, year_type: str, kinds: dict[str, str]) -> dict[tuple[str, str], Period | str]:
    """Each distinct (label, type) pair read once: a Period or the reason it cannot be read.

    ``kinds`` translates a file's period-type words (lower case) into perflib's.
    """
    out: dict[tuple[str, str], Period | str] = {}
    for text, kind in set(zip(raw["period_text"], raw["kind_text"], strict=True)):
        try:
            out[(text, kind)] = parse_period(
                text, kinds.get(" ".join(kind.lower().split()), kind) or None, two_year_type=year_type
            )
        except PeriodError as exc:
            out[(text, kind)] = str(exc)
    return out


def _problem(file: str, rec: dict, column: str, value: str, expected: str, message: str) -> Problem:
    return Problem(
        ERROR,
        file,
        row=int(rec["row"]),
        column=column,
        value=value,
        expected=expected,
        message=message,
        pi_code=str(rec.get("indicator_id", "")),
    )


def _period_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """One error per unreadable period label, at its first row, counting the rows left out."""
    bad = frame[frame["_parsed"].map(lambda p: isinstance(p, str))]
    out = []
    for _, rows in bad.groupby(["period_text", "kind_text"], sort=False):
        rec = rows.iloc[0].to_dict()
        more = (
            f"; {len(rows)} rows with this period were not used (rows {rows['row'].min()}-{rows['row'].max()})"
            if len(rows) > 1
            else "; the row was not used"
        )
        label = rec["period_text"] + (f" ({rec['kind_text']})" if rec["kind_text"] else "")
        out.append(
            _problem(
                file,
                rec,
                rec["period_header"],
                label,
                "a year, quarter or month such as 2019, 201920 or 2023-24 Q3",
                f"{rec['_parsed']}{more}",
            )
        )
    return out


def _count_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    out = []
    for rec in frame[frame["count_problem"].ne("")].to_dict("records"):
        role = rec["count_role"]
        out.append(
            _problem(
                file,
                rec,
                rec[f"{role}_header"],
                rec[f"{role}_text"],
                "counts: a numerator from 0 up to its denominator",
                f"{rec['count_problem']}; the value is used without numerator and denominator",
            )
        )
    return out


def _count_problem(num: float, den: float, num_kind: str, den_kind: str) -> tuple[str, str]:
    """(column role, why) when a numerator and denominator cannot be used, else ``("", "")``."""
    if num_kind == "bad" or den_kind == "bad":
        role = "numerator" if num_kind == "bad" else "denominator"
        return role, f"the {role} is not a number"
    if math.isnan(num) or math.isnan(den):
        return "", ""
    if num < 0 or den < 0:
        role = "numerator" if num < 0 else "denominator"
        return role, f"the {role} is below 0"
    if den == 0 and num > 0:
        return "denominator", "the denominator is 0 but the numerator is not"
    if num > den:
        return "numerator", "the numerator is above the denominator"
    return "", ""


def _counts(frame: pd.DataFrame) -> pd.DataFrame:
    num, num_kind = read_numbers(frame["numerator_text"])
    den, den_kind = read_numbers(frame["denominator_text"])
    found = [_count_problem(*args) for args in zip(num, den, num_kind, den_kind, strict=True)]
    problem = pd.Series([why for _, why in found], index=frame.index, dtype=object)
    zero_zero = num.eq(0) & den.eq(0)
    usable = problem.eq("") & num.notna() & den.notna() & ~zero_zero
    return frame.assign(
        numerator=num.where(usable),
        denominator=den.where(usable),
        count_problem=problem,
        count_role=[role for role, _ in found],
        zero_zero=zero_zero,
    )


def _repeats(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    key = ["area_code", "indicator_id", "period_type", "period_start", "period_end"]
    repeated = frame.duplicated(key, keep=False)
    problems = [
        _problem(
            file,
            rec,
            rec["area_code_header"],
            rec["area_code"],
            "one row per area, period and PI",
            f"the area has more than one row for {rec['indicator_id']} in {rec['period_text']}; none "
            "was used (if the file has breakdowns, choose one with 'filters' in the mapping)",
        )
        for rec in frame[repeated].to_dict("records")
    ]
    return frame[~repeated], problems


def clean_rows(
    raw: pd.DataFrame, file: str, year_type: str, period_types: dict[str, str] | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Numbers, periods and missing figures for the raw rows of one file (see the module docstring).

    Parameters
    ----------
    raw : DataFrame
        Raw rows with ``indicator_id`` (the PI code) added.
    file : str
        The file, as shown in problems.
    year_type : str
        What a bare two-year label means (``financial_year`` or ``academic_year``).
    period_types : dict, optional
        A file's period-type words (lower case) -> perflib's, e.g.
        ``{"reporting year": "calendar_year"}``.

    Returns
    -------
    DataFrame
        The usable rows with ``value``, ``numerator``, ``denominator``,
        ``period_type``, ``period_start``, ``period_end`` and ``missing`` (the
        marker, ``"blank"``, ``"0/0"`` or ``""``).
    list of Problem
    """
    if not len(raw):
        return raw.rename(columns={"period_text": "period"}).assign(
            value=[], numerator=[], denominator=[], missing=[], period_type=[], period_start=[], period_end=[]
        ), []
    periods = _periods(raw, year_type, period_types or {})
    frame = raw.assign(_parsed=[periods[(t, k)] for t, k in zip(raw["period_text"], raw["kind_text"], strict=True)])
    problems = _period_problems(frame, file)
    frame = frame[frame["_parsed"].map(lambda p: isinstance(p, Period))]
    value, kind = read_numbers(frame["value_text"])
    bad = frame[kind.eq("bad")]
    problems += [
        _problem(
            file,
            rec,
            rec["value_header"],
            rec["value_text"],
            "a number, blank, or a marker such as x, z, c, u, k or low",
            "the value is not a number; the row was not used",
        )
        for rec in bad.to_dict("records")
    ]
    frame = _counts(frame.assign(value=value, missing=kind.where(kind.ne("number"), ""))[kind.ne("bad")])
    problems += _count_problems(frame, file)
    frame.loc[frame["zero_zero"], ["value", "missing"]] = [np.nan, "0/0"]
    frame = frame.assign(
        period_type=frame["_parsed"].map(lambda p: p.period_type),
        period_start=frame["_parsed"].map(lambda p: p.start),
        period_end=frame["_parsed"].map(lambda p: p.end),
    )
    frame, repeats = _repeats(frame, file)
    frame = frame.drop(columns=["_parsed", "zero_zero", "count_problem", "count_role"])
    return frame.rename(columns={"period_text": "period"}), problems + repeats


def missing_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing figures per file and kind, largest first.

    Parameters
    ----------
    frame : DataFrame
        Rows from :func:`clean_rows` with ``file`` and ``missing``.

    Returns
    -------
    DataFrame
        Columns ``file``, ``marker`` (a marker, ``"blank"`` or ``"0/0"``),
        ``meaning`` and ``cells``.
    """
    missing = frame[frame["missing"].ne("")]
    counts = missing.groupby(["file", "missing"]).size().rename("cells").reset_index()
    counts = counts.rename(columns={"missing": "marker"})
    counts.insert(2, "meaning", counts["marker"].map(MARKER_MEANINGS))
    return counts.sort_values(["file", "cells", "marker"], ascending=[True, False, True], ignore_index=True)
