"""RAG status of each Performance Indicator, for every period at once.

The rules, in plain English, are in ``docs/methodology.md``; this module is
their single implementation. Every function works on whole tables (no loop
over rows), so the same code rates one quarter or a panel of millions of rows.

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


def due_mask(frame: pd.DataFrame) -> pd.Series:
    """Whether each row's PI is due to report in that row's quarter.

    Quarterly PIs are always due; annual PIs in their ``reporting_quarter``;
    biennial PIs in their ``reporting_quarter`` of ``first_year`` and every
    second year after it.

    Parameters
    ----------
    frame : DataFrame
        Columns ``frequency``, ``reporting_quarter`` (``"Q1"``..``"Q4"`` or NA),
        ``first_year_start`` (int or NA), ``fy_start`` and ``q``.

    Returns
    -------
    Series of bool
    """
    rep_q = pd.to_numeric(frame["reporting_quarter"].astype("string").str[1:], errors="coerce")
    in_quarter = rep_q.eq(frame["q"]).fillna(False).astype(bool)
    parity = ((frame["fy_start"] - frame["first_year_start"]) % 2).eq(0).fillna(False).astype(bool)
    freq = frame["frequency"]
    return (freq.eq("quarterly") | (freq.eq("annual") & in_quarter)
            | (freq.eq("biennial") & in_quarter & parity)).astype(bool)


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
    low = np.select([d.eq("higher"), d.eq("lower"), d.eq("range")],
                    [target - tol_low, target + tol_low, target - tol_low], np.nan)
    high = np.where(d.eq("range"), upper + tol_up, np.nan)
    return pd.DataFrame({"amber_threshold": np.round(low.astype(float), 6),
                         "amber_threshold_upper": np.round(high.astype(float), 6)}, index=frame.index)


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
    v = frame["value"].astype(float)
    t = frame["target"].astype(float)
    tu = frame["target_upper"].astype(float)
    a = frame["amber_threshold"].astype(float)
    au = frame["amber_threshold_upper"].astype(float)
    d = frame["good_direction"]
    higher, lower, band = d.eq("higher"), d.eq("lower"), d.eq("range")
    green = (higher & (v >= t)) | (lower & (v <= t)) | (band & (v >= t) & (v <= tu))
    amber = (higher & (v >= a)) | (lower & (v <= a)) | (band & (v >= a) & (v <= au))
    known = v.notna() & t.notna() & (~band | tu.notna())
    out = np.select([known & green, known & amber, known], [GREEN, AMBER, RED], default="")
    return pd.Series(out, index=frame.index).replace("", pd.NA).astype("string")


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
    work = pd.concat([frame.drop(columns=["amber_threshold", "amber_threshold_upper"], errors="ignore"),
                      thresholds], axis=1)
    colour = rag(work)
    due = frame["due"].astype(bool)
    has_value = frame["value"].notna()
    has_target = frame["target"].notna()
    status = np.select(
        [~due, ~has_value, ~has_target],
        [NOT_DUE, NO_DATA, DATA_ONLY],
        default=colour.fillna(NO_DATA).astype(object),
    )
    reason = np.select(
        [~due, ~has_value, ~has_target],
        ["not due this quarter", frame["no_data_reason"].fillna("no figure").astype(object),
         "no target set for " + frame["financial_year"].astype(str)],
        default="",
    )
    return pd.DataFrame({"status": status, "status_reason": reason,
                         "amber_threshold": thresholds["amber_threshold"].where(has_target & due),
                         "amber_threshold_upper": thresholds["amber_threshold_upper"].where(has_target & due)},
                        index=frame.index)
