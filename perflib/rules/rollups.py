"""Roll-ups: how many PIs (or Flagship Actions) are in each status, by priority or directorate.

Counts and shares of each status for each group, with every status present
(zeros included) so that tables line up quarter to quarter. Shares are of all
items in the group, and also of the rated ones (Green, Amber, Red) only.
"""

from __future__ import annotations

import pandas as pd

from perflib.rules import status as rules


def rollup(
    frame: pd.DataFrame,
    by: str,
    status: str = "status",
    order: tuple[str, ...] = rules.STATUSES,
    rated: tuple[str, ...] = rules.RATED,
) -> pd.DataFrame:
    """Count and share of each status within each group.

    Parameters
    ----------
    frame : DataFrame
        One row per item (e.g. the scorecard).
    by : str
        Grouping column (e.g. ``"priority_name"`` or ``"directorate_name"``).
    status : str
        Status column.
    order : tuple of str
        Statuses to report, in order.
    rated : tuple of str
        Statuses counted as rated, for ``share_of_rated``.

    Returns
    -------
    DataFrame
        Long format: ``by``, ``status``, ``count``, ``share`` (percent of the
        group's items) and ``share_of_rated`` (percent of its rated items; NA
        for statuses that are not rated), plus an ``All`` group. Groups keep
        their order of first appearance.
    """
    groups = list(dict.fromkeys(frame[by])) + ["All"]
    both = pd.concat([frame[[by, status]], frame[[status]].assign(**{by: "All"})], ignore_index=True)
    counts = pd.crosstab(both[by], both[status]).reindex(index=groups, columns=list(order), fill_value=0)
    total = counts.sum(axis=1)
    rated_total = counts[[s for s in rated if s in counts]].sum(axis=1)
    long = counts.stack().rename("count").reset_index()
    long.columns = [by, status, "count"]
    long["share"] = 100.0 * long["count"] / long[by].map(total).where(long[by].map(total) > 0)
    rt = long[by].map(rated_total)
    long["share_of_rated"] = (100.0 * long["count"] / rt.where(rt > 0)).where(long[status].isin(rated))
    return long
