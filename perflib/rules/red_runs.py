"""How many reported periods running each PI has been Red (``docs/methodology.md`` section 5)."""

from __future__ import annotations

import pandas as pd

from perflib.rules.status import RED


def red_runs(panel: pd.DataFrame) -> pd.Series:
    """Consecutive due periods at Red, up to and including each row.

    Parameters
    ----------
    panel : DataFrame
        One block per PI, periods in order, with ``pi_code``, ``due`` and ``status``.

    Returns
    -------
    Series of int
        0 for a row that is not Red or not due.
    """
    due = panel[panel["due"]]
    is_red = due["status"].eq(RED)
    run_id = (~is_red).astype(int).groupby(due["pi_code"]).cumsum()
    run = is_red.astype(int).groupby([due["pi_code"], run_id]).cumsum()
    return run.reindex(panel.index).fillna(0).astype(int)
