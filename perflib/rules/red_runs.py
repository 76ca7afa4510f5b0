"""How many reported periods running each PI has been Red (``docs/methodology.md`` section 5).

A run counts reported periods: periods rated Green, Amber or Red. A period
with no figure (not due, or due with no data) neither ends a run nor adds to
it: it is passed over, and the periods passed over are named
(:func:`red_run_gaps`). A run does end when the next reported period is
further back than the short-term trend may look (``trends.short_lookback`` in
``data/methodology.yml``), so a Red figure from years ago never joins one.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from perflib.rules.status import NO_DATA, RATED, RED

#: Quarters between collections, by frequency.
_STEP = {"quarterly": 1, "annual": 4, "biennial": 8}


def _reported(panel: pd.DataFrame) -> pd.Series:
    return panel["due"].astype(bool) & panel["status"].isin(RATED)


def _run_ids(panel: pd.DataFrame, lookback: Mapping[str, int] | None) -> tuple[pd.DataFrame, pd.Series]:
    """The reported rows, and an id per run (a new id wherever a run cannot continue)."""
    rep = panel[_reported(panel)]
    is_red = rep["status"].eq(RED)
    freq = rep["frequency"].astype(str) if "frequency" in rep else pd.Series("quarterly", index=rep.index)
    step = freq.map(_STEP).fillna(1).astype(int)
    most = freq.map(dict(lookback or {})).fillna(1).astype(int)
    qi = rep["quarter_index"].astype(int)
    new_pi = rep["pi_code"].ne(rep["pi_code"].shift())
    too_far = (qi - qi.shift()).gt(step * most)
    breaks = ~is_red | new_pi | too_far
    return rep, breaks.astype(int).cumsum()


def red_runs(panel: pd.DataFrame, lookback: Mapping[str, int] | None = None) -> pd.Series:
    """Reported periods running at Red, up to and including each row.

    Parameters
    ----------
    panel : DataFrame
        One block per PI, periods in order, with ``pi_code``, ``quarter_index``,
        ``due`` and ``status`` (and ``frequency``).
    lookback : mapping, optional
        Frequency -> collections a run may reach back over periods with no
        figure (``trends.short_lookback``; default 1: no period may be passed over).

    Returns
    -------
    Series of int
        0 for a row that is not Red (or has no figure).
    """
    rep, run_id = _run_ids(panel, lookback)
    is_red = rep["status"].eq(RED)
    run = is_red.astype(int).groupby(run_id).cumsum().where(is_red, 0)
    return run.reindex(panel.index).fillna(0).astype(int)


def red_run_gaps(panel: pd.DataFrame, lookback: Mapping[str, int] | None = None) -> pd.Series:
    """The due periods with no figure that each row's run of Red passes over.

    Parameters
    ----------
    panel : DataFrame
        As for :func:`red_runs`, with ``quarter``.
    lookback : mapping, optional
        As for :func:`red_runs`.

    Returns
    -------
    Series of str
        ``"2023-24 Q2"`` or ``"2023-24 Q2, 2023-24 Q4"``; ``""`` where the run
        passes over nothing (or the row is not Red).
    """
    out = pd.Series("", index=panel.index, dtype=object)
    rep, run_id = _run_ids(panel, lookback)
    red = rep[rep["status"].eq(RED)]
    if red.empty:
        return out
    start = red.groupby(run_id[red.index])["quarter_index"].transform("min")
    gap_rows = panel["due"].astype(bool) & panel["status"].eq(NO_DATA)
    counted = gap_rows.astype(int).groupby(panel["pi_code"]).cumsum()
    key = pd.MultiIndex.from_arrays([panel["pi_code"], panel["quarter_index"]])
    counted_at = pd.Series(counted.to_numpy(), index=key)
    counted_at = counted_at[~counted_at.index.duplicated()]
    first = counted_at.reindex(pd.MultiIndex.from_arrays([red["pi_code"], start])).to_numpy()
    now = counted.loc[red.index].to_numpy()
    for idx in red.index[np.flatnonzero(now - first > 0)]:
        pi, qi = panel.at[idx, "pi_code"], panel.at[idx, "quarter_index"]
        lo = start.at[idx]
        mask = gap_rows & panel["pi_code"].eq(pi) & panel["quarter_index"].between(lo, qi)
        out.at[idx] = ", ".join(panel.loc[mask, "quarter"].astype(str))
    return out
