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


_KEY = ["indicator_id", "period_type", "period_start", "period_end"]


class ComparatorPeriods:
    """A comparator table indexed by PI and period, for the period rule and the rows of a period.

    The table is indexed once, so that choosing each PI's period and taking
    its rows does not search the whole table again.

    Parameters
    ----------
    table : DataFrame
        :attr:`perflib.inputs.comparators.ComparatorData.table`.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        self._rows = table.groupby(_KEY, sort=False).indices if len(table) else {}
        have = table.loc[table["value"].notna(), _KEY].drop_duplicates() if len(table) else table
        self._periods: dict[str, set[Period]] = {}
        for code, kind, start, end in have.itertuples(index=False):
            self._periods.setdefault(code, set()).add(Period(kind, start, end))

    def period(self, pi_code: str, quarter: str | Quarter, lookback_months: int) -> Period | None:
        """The period a PI is compared on for ``quarter``: the latest with a figure, by the period rule.

        Parameters
        ----------
        pi_code : str
        quarter : str or Quarter
        lookback_months : int

        Returns
        -------
        Period or None
        """
        return choose_period(self._periods.get(pi_code, ()), quarter, lookback_months)

    def rows(self, pi_code: str, period: Period) -> pd.DataFrame:
        """Every group area's row for one PI and period, with or without a figure.

        Parameters
        ----------
        pi_code : str
        period : Period
            From :meth:`period`.

        Returns
        -------
        DataFrame
            Rows of the table by area code (the council's marked ``own``); an
            area without a figure has ``value`` NaN and ``missing`` saying why.
        """
        found = self._rows.get((pi_code, period.period_type, period.start, period.end))
        rows = self.table.iloc[found] if found is not None else self.table.iloc[0:0]
        return rows.sort_values("area_code", ignore_index=True)
