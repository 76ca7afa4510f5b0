"""The year to date of cumulative PIs (``docs/methodology.md`` section 1).

Counts are added up over the year's quarters so far; rates with a numerator
and denominator are pooled, 100 x (sum of numerators) / (sum of
denominators). If any quarter of the year so far has no usable figure, the
year to date is incomplete and is not given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def year_to_date(panel: pd.DataFrame) -> pd.DataFrame:
    """The year to date of every row of a panel.

    Parameters
    ----------
    panel : DataFrame
        One block of consecutive quarters per PI, oldest first, with
        ``pi_code``, ``fy_start``, ``q``, ``measure_type``,
        ``denominator_label``, ``quarter_value``, ``numerator`` and
        ``denominator``.

    Returns
    -------
    DataFrame
        Same index: ``ytd`` (the year to date, unrounded; NaN for PIs that
        are not cumulative or where it is incomplete), ``ytd_numerator`` and
        ``ytd_denominator`` (pooled rates only), ``complete`` (every quarter
        of the year so far has a figure) and ``missing_q`` (the first quarter
        of the year without one, Q1 when the block starts later in the year;
        99 when none is missing).
    """
    cumulative = panel["measure_type"].eq("cumulative")
    pooled = cumulative & panel["denominator_label"].notna()
    present = np.where(
        pooled, panel["numerator"].notna() & panel["denominator"].notna(), panel["quarter_value"].notna()
    )
    groups = [panel["pi_code"], panel["fy_start"]]
    n_present = pd.Series(present.astype(int), index=panel.index).groupby(groups).cumsum()
    # A block that starts after Q1 (history begins mid-year) lacks the year's earlier quarters: Q1 is missing.
    starts_late = panel["q"].groupby(groups).transform("first").gt(1)
    missing_q = pd.Series(np.where(present, 99, panel["q"]), index=panel.index).groupby(groups).cummin()
    missing_q = missing_q.where(~starts_late, 1)
    ytd_count = panel["quarter_value"].fillna(0).groupby(groups).cumsum()
    ytd_num = panel["numerator"].fillna(0).groupby(groups).cumsum()
    ytd_den = panel["denominator"].fillna(0).groupby(groups).cumsum()
    ytd = pd.Series(np.where(pooled, 100.0 * ytd_num / ytd_den.where(ytd_den > 0), ytd_count), index=panel.index)
    complete = n_present.eq(panel["q"])
    return pd.DataFrame(
        {
            "ytd": ytd.where(cumulative & complete),
            "ytd_numerator": ytd_num.where(pooled & complete),
            "ytd_denominator": ytd_den.where(pooled & complete),
            "complete": complete,
            "missing_q": missing_q,
        },
        index=panel.index,
    )
