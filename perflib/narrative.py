"""Sentences written from the data, and the selection of PIs the narrative names.

Every number in a sentence comes from the same table the report prints, so
text and tables cannot disagree. The selection rules (key challenges, key
improvers) are written down in ``docs/methodology.md``.
"""

from __future__ import annotations

import pandas as pd

from perflib import rules, trends
from perflib.formatting import FA_LABELS, pct, plural

STATUS_RANK = {rules.RED: 0, rules.AMBER: 1, rules.GREEN: 2}
#: Consecutive reported periods at Red that make a challenge "persistent".
PERSISTENT_RED = 3
#: How many key improvers the report names.
MAX_IMPROVERS = 5


def pi_counts(statuses: pd.Series) -> dict[str, int]:
    """Number of PIs in each status (every status present, zeros included)."""
    counts = statuses.value_counts()
    return {s: int(counts.get(s, 0)) for s in rules.STATUSES}


def pi_headline(current: pd.Series, previous: pd.Series | None) -> str:
    """The headline sentence about PI status, e.g.

    "Of 44 PIs rated against a target this quarter, 27 are Green (61%), up
    from 25 last quarter; 7 are Amber (16%) and 10 Red (23%)."
    """
    now = pi_counts(current)
    rated = now[rules.GREEN] + now[rules.AMBER] + now[rules.RED]
    if rated == 0:
        text = "No PI could be rated against a target this quarter."
    else:
        text = (f"Of {plural(rated, 'PI')} rated against a target this quarter, {now[rules.GREEN]} "
                f"{'is' if now[rules.GREEN] == 1 else 'are'} Green ({pct(now[rules.GREEN], rated)})")
        if previous is not None:
            before = pi_counts(previous)[rules.GREEN]
            diff = now[rules.GREEN] - before
            text += (f", {'up' if diff > 0 else 'down'} from {before} last quarter" if diff
                     else ", the same number as last quarter")
        text += (f"; {now[rules.AMBER]} {'is' if now[rules.AMBER] == 1 else 'are'} Amber "
                 f"({pct(now[rules.AMBER], rated)}) and {now[rules.RED]} Red ({pct(now[rules.RED], rated)}).")
    extras = []
    if now[rules.DATA_ONLY]:
        extras.append(f"{plural(now[rules.DATA_ONLY], 'PI')} {'is' if now[rules.DATA_ONLY] == 1 else 'are'} "
                      "reported for information only (no target)")
    if now[rules.NOT_DUE]:
        extras.append(f"{plural(now[rules.NOT_DUE], 'annual or biennial PI')} "
                      f"{'is' if now[rules.NOT_DUE] == 1 else 'are'} not due this quarter")
    if now[rules.NO_DATA]:
        extras.append(f"{plural(now[rules.NO_DATA], 'PI')} {'has' if now[rules.NO_DATA] == 1 else 'have'} "
                      "no data (reasons are given in the tables)")
    if extras:
        joined = "; ".join(extras)
        text += " " + joined[0].upper() + joined[1:] + "."
    return text


def fa_headline(rag: pd.Series) -> str:
    """The headline sentence about Flagship Actions."""
    counts = rag.value_counts()
    total = int(counts.sum())
    if total == 0:
        return "No Flagship Actions were reported this quarter."
    get = lambda k: int(counts.get(k, 0))  # noqa: E731
    text = (f"Of {plural(total, 'Flagship Action line')}, {get('Complete')} "
            f"{'is' if get('Complete') == 1 else 'are'} complete and {get(rules.GREEN)} on track "
            f"({pct(get('Complete') + get(rules.GREEN), total)} together); {get(rules.AMBER)} "
            f"{'is' if get(rules.AMBER) == 1 else 'are'} at risk and {get(rules.RED)} off track.")
    rest = [f"{get(k)} {FA_LABELS[k].lower()}" for k in ("Not started", "No update") if get(k)]
    if rest:
        joined = " and ".join(rest)
        text += " " + joined[0].upper() + joined[1:] + "."
    return text


def key_challenges(scorecard: pd.DataFrame) -> pd.DataFrame:
    """PIs that are Red this quarter, most persistent first.

    ``persistent`` is True when the PI has been Red for
    :data:`PERSISTENT_RED` or more reported periods running.
    """
    red = scorecard[scorecard["status"].eq(rules.RED)].copy()
    red["persistent"] = red["red_run"] >= PERSISTENT_RED
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


def key_improvers(scorecard: pd.DataFrame, panel: pd.DataFrame, quarter_index: int) -> pd.DataFrame:
    """PIs that improved most over the year and whose status did not get worse.

    Candidates: long-term trend Improving, Green or Amber now, and a status at
    least as good as a year earlier (those whose status improved come first).
    Ranked by :func:`relative_improvement`; at most :data:`MAX_IMPROVERS`.
    """
    gap = scorecard["frequency"].map({"biennial": 8}).fillna(4).astype(int)
    year_ago = panel[["pi_code", "quarter_index", "status"]].rename(columns={"status": "status_year_ago"})
    keys = scorecard[["pi_code"]].assign(quarter_index=quarter_index - gap)
    before = keys.merge(year_ago, how="left", on=["pi_code", "quarter_index"])["status_year_ago"]
    card = scorecard.assign(status_year_ago=before.to_numpy())
    rank_now = card["status"].map(STATUS_RANK)
    rank_before = card["status_year_ago"].map(STATUS_RANK)
    eligible = (card["long_trend"].eq(trends.IMPROVING) & card["status"].isin([rules.GREEN, rules.AMBER])
                & (rank_before.isna() | (rank_now >= rank_before)))
    card = card[eligible].assign(
        improvement=relative_improvement(card[eligible]),
        status_improved=(rank_now > rank_before)[eligible].fillna(False),
    )
    card = card.sort_values(["status_improved", "improvement", "pi_code"], ascending=[False, False, True],
                            kind="stable")
    return card.head(MAX_IMPROVERS)


def lacking_action(scorecard: pd.DataFrame) -> pd.DataFrame:
    """Red PIs whose return gives no commentary or no corrective action."""
    red = scorecard[scorecard["status"].eq(rules.RED)]
    blank = lambda s: s.fillna("").astype(str).str.strip().eq("")  # noqa: E731
    return red[blank(red["commentary"]) | blank(red["corrective_action"])]
