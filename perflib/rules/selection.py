"""Which PIs the report names: key challenges, key improvers, and Red PIs lacking an action.

The selection rules are written down in ``docs/methodology.md`` section 5; the
numbers they use (how long a run of Red makes a challenge persistent, how many
improvers are named) are in ``data/methodology.yml``.
"""

from __future__ import annotations

import pandas as pd

from perflib.rules import status as rules
from perflib.rules import trends

#: Rated statuses from worst to best.
STATUS_RANK = {rules.RED: 0, rules.AMBER: 1, rules.GREEN: 2}


def key_challenges(scorecard: pd.DataFrame, persistent_red: int) -> pd.DataFrame:
    """PIs that are Red this quarter, most persistent first.

    Parameters
    ----------
    scorecard : DataFrame
        One row per PI for the report quarter, with ``status`` and ``red_run``.
    persistent_red : int
        ``persistent`` is True when the PI has been Red for this many or more
        reported periods running (``key_challenges.persistent_red`` in
        ``data/methodology.yml``).

    Returns
    -------
    DataFrame
    """
    red = scorecard[scorecard["status"].eq(rules.RED)].copy()
    red["persistent"] = red["red_run"] >= persistent_red
    return red.sort_values(["red_run", "pi_code"], ascending=[False, True], kind="stable")


def relative_improvement(frame: pd.DataFrame) -> pd.Series:
    """Change over the year in the good direction, as a share of last year's value.

    For range PIs, the reduction in distance outside the band, relative to
    last year's distance (1.0 when it moved from outside into the band).
    """
    now = frame["value"].astype(float)
    before = frame["long_previous"].astype(float)
    d = frame["good_direction"]
    lo, hi = frame["target"].astype(float), frame["target_upper"].astype(float)
    dist_now = (lo - now).clip(lower=0) + (now - hi).clip(lower=0)
    dist_before = (lo - before).clip(lower=0) + (before - hi).clip(lower=0)
    base = before.abs().where(before.abs() > 0)
    higher = (now - before) / base
    lower = (before - now) / base
    band = (dist_before - dist_now) / dist_before.where(dist_before > 0)
    return higher.where(d.eq("higher"), lower.where(d.eq("lower"), band)).fillna(0.0)


def key_improvers(scorecard: pd.DataFrame, panel: pd.DataFrame, quarter_index: int, max_shown: int) -> pd.DataFrame:
    """PIs that improved most over the year and whose status did not get worse.

    Candidates: long-term trend Improving, Green or Amber now, and a status at
    least as good as a year earlier (those whose status improved come first).
    Ranked by :func:`relative_improvement`; at most ``max_shown``
    (``key_improvers.max_shown`` in ``data/methodology.yml``).
    """
    gap = scorecard["frequency"].map({"biennial": 8}).fillna(4).astype(int)
    year_ago = panel[["pi_code", "quarter_index", "status"]].rename(columns={"status": "status_year_ago"})
    keys = scorecard[["pi_code"]].assign(quarter_index=quarter_index - gap)
    before = keys.merge(year_ago, how="left", on=["pi_code", "quarter_index"])["status_year_ago"]
    card = scorecard.assign(status_year_ago=before.to_numpy())
    rank_now = card["status"].map(STATUS_RANK)
    rank_before = card["status_year_ago"].map(STATUS_RANK)
    eligible = (
        card["long_trend"].eq(trends.IMPROVING)
        & card["status"].isin([rules.GREEN, rules.AMBER])
        & (rank_before.isna() | (rank_now >= rank_before))
    )
    card = card[eligible].assign(
        improvement=relative_improvement(card[eligible]),
        status_improved=(rank_now > rank_before)[eligible].fillna(False),
    )
    card = card.sort_values(
        ["status_improved", "improvement", "pi_code"], ascending=[False, False, True], kind="stable"
    )
    return card.head(max_shown)


#: What a Red PI's return must give: commentary and corrective action.
ACTION_COLUMNS: tuple[str, ...] = ("commentary", "corrective_action")


def lacking_action(scorecard: pd.DataFrame, columns: tuple[str, ...] = ACTION_COLUMNS) -> pd.DataFrame:
    """Red PIs whose return leaves any of ``columns`` blank.

    Parameters
    ----------
    scorecard : DataFrame
        One row per PI for the report quarter.
    columns : tuple of str
        The text columns that must not be blank (default: commentary and corrective action).

    Returns
    -------
    DataFrame
        The Red rows lacking any of them, in scorecard order.
    """
    red = scorecard[scorecard["status"].eq(rules.RED)]
    lacking = pd.Series(False, index=red.index)
    for col in columns:
        lacking |= _blank(red[col])
    return red[lacking]


def _blank(text: pd.Series) -> pd.Series:
    return text.fillna("").astype(str).str.strip().eq("")
