"""The period rule: which comparator period a report quarter is compared on.

A report quarter is compared on **the latest comparator period that ends on
or before the quarter's last day, provided it ends no more than the PI's
look-back before that day** (``comparators.lookback_months`` in
``data/methodology.yml``, unless the PI's mapping sets its own; a period
ending exactly that long before still counts). Of two periods ending on the
same day (2023-24 Q4 and the financial year 2023-24), the shorter is used.
Only periods in which at least one area of the group has a figure count; the
council's own figure may be missing from the period chosen (the report then
says so), and the rule never falls back to an older period to find it, so
that every PI is compared on the group's latest figures.

Periods are :class:`perflib.inputs.comparator_periods.Period` objects: a type
and a first and last day, whatever the file's label.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from perflib.core.quarters import Quarter
from perflib.inputs.comparator_periods import Period, months_before


def choose_period(periods: Iterable[Period], quarter: str | Quarter, lookback_months: int) -> Period | None:
    """The comparator period a report quarter is compared on (see the module's rule).

    Parameters
    ----------
    periods : iterable of Period
        The periods with figures for the PI.
    quarter : str or Quarter
        The report quarter.
    lookback_months : int
        How long before the quarter's end a period may end and still be used.

    Returns
    -------
    Period or None
        The latest period ending on or before the quarter's last day and no
        earlier than ``lookback_months`` before it; of two ending on the same
        day, the shorter. None when there is none.
    """
    last_day = Quarter.parse(quarter).end_date
    earliest = months_before(last_day, lookback_months)
    usable = [p for p in set(periods) if earliest <= p.end <= last_day]
    if not usable:
        return None
    return max(usable, key=lambda p: (p.end, p.start))


def _periods_with_figures(table: pd.DataFrame, pi_code: str) -> set[Period]:
    rows = table[table["indicator_id"].eq(pi_code) & table["value"].notna()]
    starts, ends = rows["period_start"], rows["period_end"]
    return {Period(t, s, e) for t, s, e in zip(rows["period_type"], starts, ends, strict=True)}


def comparison_period(table: pd.DataFrame, pi_code: str, quarter: str | Quarter, lookback_months: int) -> Period | None:
    """The period a PI is compared on for ``quarter``: the latest with a figure, by the period rule.

    Parameters
    ----------
    table : DataFrame
        :attr:`perflib.inputs.comparators.ComparatorData.table`.
    pi_code : str
    quarter : str or Quarter
    lookback_months : int

    Returns
    -------
    Period or None
    """
    return choose_period(_periods_with_figures(table, pi_code), quarter, lookback_months)


def period_rows(table: pd.DataFrame, pi_code: str, period: Period) -> pd.DataFrame:
    """Every group area's row for one PI and period, with or without a figure.

    Parameters
    ----------
    table : DataFrame
        :attr:`perflib.inputs.comparators.ComparatorData.table`.
    pi_code : str
    period : Period
        From :func:`comparison_period`.

    Returns
    -------
    DataFrame
        Rows of ``table`` by area code (the council's marked ``own``); an area
        without a figure has ``value`` NaN and ``missing`` saying why.
    """
    rows = table[
        table["indicator_id"].eq(pi_code)
        & table["period_type"].eq(period.period_type)
        & table["period_start"].eq(period.start)
        & table["period_end"].eq(period.end)
    ]
    return rows.sort_values("area_code", ignore_index=True)


def comparison_rows(table: pd.DataFrame, pi_code: str, period: Period) -> pd.DataFrame:
    """The group's rows with a figure for one PI and period (:func:`period_rows` with a value).

    Parameters
    ----------
    table : DataFrame
    pi_code : str
    period : Period

    Returns
    -------
    DataFrame
    """
    rows = period_rows(table, pi_code, period)
    return rows[rows["value"].notna()].reset_index(drop=True)
