"""RAG status of each Performance Indicator, for every period at once.

The rules, in plain English, are in ``docs/methodology.md``; this module is
their single implementation (when a PI is due is :mod:`perflib.inputs.schedule`).
Every function works on whole tables (no loop over rows), so the same code
rates one quarter or a panel of millions of rows.

In short, for a value ``v`` compared with target ``t`` and amber tolerance:

* good direction **higher**: Green if ``v >= t``; Amber if ``v >= t - tol``;
  otherwise Red;
* good direction **lower**: Green if ``v <= t``; Amber if ``v <= t + tol``;
  otherwise Red;
* good direction **range** (band ``t`` to ``t_upper``): Green inside the band
  (edges included); Amber within the tolerance outside either edge; otherwise
  Red.

The tolerance is ``absolute`` (in the PI's unit) or ``percent`` of the target.
A value exactly on target is Green, and exactly on the amber threshold Amber.
Values are rounded to the PI's published decimal places before comparison, so
the status matches the figure members see.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

GREEN = "Green"
AMBER = "Amber"
RED = "Red"
DATA_ONLY = "Data only"
NOT_DUE = "Not due"
NO_DATA = "No data"

#: Every PI status, in the order the report lists them.
STATUSES: tuple[str, ...] = (GREEN, AMBER, RED, DATA_ONLY, NO_DATA, NOT_DUE)
#: Statuses that count as "rated" (compared against a target).
RATED: tuple[str, ...] = (GREEN, AMBER, RED)


def tolerance_amount(target: pd.Series, tolerance: pd.Series, tolerance_type: pd.Series) -> pd.Series:
    """The tolerance in the PI's own unit.

    ``absolute`` tolerances are used as they are; ``percent`` tolerances are
    that percentage of the (absolute) target.
    """
    tol = tolerance.astype(float)
    return pd.Series(np.where(tolerance_type.eq("percent"), target.abs() * tol / 100.0, tol), index=target.index)


def amber_thresholds(frame: pd.DataFrame) -> pd.DataFrame:
    """The amber thresholds: the furthest a value may be from target and still be Amber.

    Parameters
    ----------
    frame : DataFrame
        Columns ``good_direction``, ``target``, ``target_upper``, ``tolerance``
        and ``tolerance_type``.

    Returns
    -------
    DataFrame
        ``amber_threshold`` (below the target for *higher*, above it for
        *lower*, below the band's lower edge for *range*) and
        ``amber_threshold_upper`` (above the band's upper edge; range PIs only).
        Rounded to 6 decimal places so that binary fractions cannot move a value
        exactly on the threshold across it.
    """
    d = frame["good_direction"]
    target = frame["target"].astype(float)
    upper = frame["target_upper"].astype(float)
    tol_low = tolerance_amount(target, frame["tolerance"], frame["tolerance_type"])
    tol_up = tolerance_amount(upper, frame["tolerance"], frame["tolerance_type"])
    low = np.select(
        [d.eq("higher"), d.eq("lower"), d.eq("range")], [target - tol_low, target + tol_low, target - tol_low], np.nan
    )
    high = np.where(d.eq("range"), upper + tol_up, np.nan)
    return pd.DataFrame(
        {"amber_threshold": np.round(low.astype(float), 6), "amber_threshold_upper": np.round(high.astype(float), 6)},
        index=frame.index,
    )


def on_target(values: Any, direction: Any, target: Any, upper: Any) -> np.ndarray:
    """Whether each value is on or better than its target: the Green rule, edges included.

    Parameters
    ----------
    values : array-like of float
        Values already rounded to the PI's decimals.
    direction, target, upper : array-like or scalars, broadcast against ``values``
        ``higher``, ``lower`` or ``range``; the target (a range's lower edge);
        the range's upper edge (ignored for other directions).

    Returns
    -------
    ndarray of bool
        *higher*: value >= target; *lower*: value <= target; *range*:
        target <= value <= upper. False where anything needed is missing.
    """
    v = np.asarray(values, dtype=float)
    t, tu = np.asarray(target, dtype=float), np.asarray(upper, dtype=float)
    d = np.asarray(direction, dtype=object)
    with np.errstate(invalid="ignore"):
        return np.asarray(
            ((d == "higher") & (v >= t)) | ((d == "lower") & (v <= t)) | ((d == "range") & (v >= t) & (v <= tu)),
            dtype=bool,
        )


def _rag_codes(frame: pd.DataFrame) -> np.ndarray:
    """0 Green, 1 Amber, 2 Red, -1 not rated (no value or no target); NumPy throughout."""
    v = frame["value"].to_numpy(dtype=float)
    t = frame["target"].to_numpy(dtype=float)
    tu = frame["target_upper"].to_numpy(dtype=float)
    a = frame["amber_threshold"].to_numpy(dtype=float)
    au = frame["amber_threshold_upper"].to_numpy(dtype=float)
    d = frame["good_direction"].to_numpy()
    higher, lower, band = d == "higher", d == "lower", d == "range"
    green = on_target(v, d, t, tu)
    with np.errstate(invalid="ignore"):
        amber = (higher & (v >= a)) | (lower & (v <= a)) | (band & (v >= a) & (v <= au))
    known = ~np.isnan(v) & ~np.isnan(t) & (~band | ~np.isnan(tu)) & (higher | lower | band)
    return np.select([known & green, known & amber, known], [0, 1, 2], default=-1)


def rag(frame: pd.DataFrame) -> pd.Series:
    """Green, Amber or Red for rows with a value and a target (NA otherwise).

    Parameters
    ----------
    frame : DataFrame
        Columns ``value``, ``good_direction``, ``target``, ``target_upper``,
        ``amber_threshold`` and ``amber_threshold_upper``.

    Returns
    -------
    Series of str (NA where the value or the target is missing)
    """
    codes = _rag_codes(frame)
    names = np.array([GREEN, AMBER, RED, None], dtype=object)
    return pd.Series(names[codes], index=frame.index).astype("string")


def effective_target(frame: pd.DataFrame) -> pd.Series:
    """The target a period is rated against.

    A quarterly profile (``q1_target``..``q4_target``) wins where given. For a
    cumulative count without a profile, the year's target is spread evenly:
    a quarter's year-to-date target is ``target x q / 4``. Otherwise the
    year's target.
    """
    q = frame["q"].astype(int)
    profile = pd.Series(np.nan, index=frame.index)
    for n in (1, 2, 3, 4):
        col = f"q{n}_target"
        if col in frame:
            profile = profile.where(q.ne(n), frame[col].astype(float))
    year = frame["target"].astype(float)
    cumulative_count = frame["measure_type"].eq("cumulative") & frame["unit"].eq("count")
    pro_rata = year * q / 4.0
    return profile.fillna(pd.Series(np.where(cumulative_count, pro_rata, year), index=frame.index))


def classify(frame: pd.DataFrame) -> pd.DataFrame:
    """Status and reason for every row of a rated panel.

    Order of precedence: Not due; No data (with the reason already in
    ``no_data_reason``); Data only (no target that year); otherwise the RAG.

    Parameters
    ----------
    frame : DataFrame
        Columns ``due``, ``value``, ``no_data_reason``, ``target``, and the
        inputs of :func:`amber_thresholds` and :func:`rag`.

    Returns
    -------
    DataFrame
        ``status``, ``status_reason``, ``amber_threshold``,
        ``amber_threshold_upper``.
    """
    thresholds = amber_thresholds(frame)
    work = frame[["value", "good_direction", "target", "target_upper"]].assign(
        amber_threshold=thresholds["amber_threshold"], amber_threshold_upper=thresholds["amber_threshold_upper"]
    )
    colour = _rag_codes(work)
    due = frame["due"].to_numpy(dtype=bool)
    has_value = ~np.isnan(frame["value"].to_numpy(dtype=float))
    has_target = ~np.isnan(frame["target"].to_numpy(dtype=float))
    # codes into STATUS_ORDER: Green, Amber, Red, Data only, No data, Not due
    code = np.select([~due, ~has_value, ~has_target], [5, 4, 3], default=np.where(colour >= 0, colour, 4))
    status = pd.Series(
        np.array([GREEN, AMBER, RED, DATA_ONLY, NO_DATA, NOT_DUE], dtype=object)[code], index=frame.index
    )
    reason = pd.Series("", index=frame.index, dtype=object)
    reason[code == 5] = "not due this quarter"
    no_data = code == 4
    if no_data.any():
        reason[no_data] = frame.loc[no_data, "no_data_reason"].fillna("no figure").astype(str).to_numpy()
    data_only = code == 3
    if data_only.any():
        reason[data_only] = ("no target set for " + frame.loc[data_only, "financial_year"].astype(str)).to_numpy()
    keep = has_target & due
    return pd.DataFrame(
        {
            "status": status,
            "status_reason": reason,
            "amber_threshold": thresholds["amber_threshold"].where(keep),
            "amber_threshold_upper": thresholds["amber_threshold_upper"].where(keep),
        },
        index=frame.index,
    )
