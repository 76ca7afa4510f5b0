"""The report's sentences: each written from the same table the report prints beside it.

Every number in a sentence comes from the table or chart it summarises, so text
and tables cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from perflib.build.quality import NOT_USED, USED, USED_WITH_WARNING, Quality
from perflib.report.wording import pct, plural
from perflib.rules import status as rules
from perflib.rules.selection import STATUS_RANK


def pi_counts(statuses: pd.Series) -> dict[str, int]:
    """Number of PIs in each status (every status present, zeros included)."""
    counts = statuses.value_counts()
    return {s: int(counts.get(s, 0)) for s in rules.STATUSES}


#: Quarters between collections, by frequency.
_STEP = {"quarterly": 1, "annual": 4, "biennial": 8}


def rated_count(counts: dict[str, int]) -> int:
    """PIs rated Green, Amber or Red: the denominator of every status share."""
    return sum(counts[s] for s in rules.RATED)


def _since_last(now: int, rated: int, previous: pd.Series | None) -> str:
    """How the number Green compares with last quarter's, without reading a missing quarter as 0."""
    if previous is None:
        return ""
    before = pi_counts(previous)
    rated_before = rated_count(before)
    if rated_before == 0:
        return " (no PI was rated last quarter, so there is nothing to compare with)"
    green_before = before[rules.GREEN]
    of = "" if rated_before == rated else f" of {rated_before} rated"
    diff = now - green_before
    if diff == 0 and not of:
        return ", the same number as last quarter"
    if diff == 0:
        return f", the same number as last quarter ({green_before}{of})"
    return f", {'up' if diff > 0 else 'down'} from {green_before}{of} last quarter"


def pi_headline(current: pd.Series, previous: pd.Series | None) -> str:
    """The headline sentence about PI status: one denominator, the rated PIs, named in words.

    e.g. "27 of 44 rated PIs (61%) are Green, up from 25 last quarter; 7 of 44
    (16%) are Amber and 10 of 44 (23%) Red." The shares are those the status
    table and chart beside it print (:func:`perflib.report.wording.pct` of the
    rated PIs). Last quarter is compared only when it had rated PIs.
    """
    now = pi_counts(current)
    rated = rated_count(now)
    if rated == 0:
        text = "No PI could be rated against a target this quarter."
    else:
        g, a, r = now[rules.GREEN], now[rules.AMBER], now[rules.RED]
        text = (
            f"{g} of {plural(rated, 'rated PI')} ({pct(g, rated)}) {'is' if g == 1 else 'are'} Green"
            + _since_last(g, rated, previous)
            + f"; {a} of {rated} ({pct(a, rated)}) {'is' if a == 1 else 'are'} Amber and "
            f"{r} of {rated} ({pct(r, rated)}) Red."
        )
    extras = []
    if now[rules.DATA_ONLY]:
        extras.append(
            f"{plural(now[rules.DATA_ONLY], 'PI')} {'is' if now[rules.DATA_ONLY] == 1 else 'are'} "
            "reported for information only (no target)"
        )
    if now[rules.NOT_DUE]:
        extras.append(
            f"{plural(now[rules.NOT_DUE], 'annual or biennial PI')} "
            f"{'is' if now[rules.NOT_DUE] == 1 else 'are'} not due this quarter"
        )
    if now[rules.NO_DATA]:
        extras.append(
            f"{plural(now[rules.NO_DATA], 'PI')} {'has' if now[rules.NO_DATA] == 1 else 'have'} "
            "no data (reasons are given in the tables)"
        )
    if extras:
        joined = "; ".join(extras)
        text += " " + joined[0].upper() + joined[1:] + "."
    return text


def fa_headline(rag: pd.Series, labels: dict[str, str]) -> str:
    """The headline sentence about Flagship Actions.

    Parameters
    ----------
    rag : Series of str
        Each line's status as shown (``Complete``, ``Green``, ...).
    labels : dict
        Status shown -> the council's word for it (``CouncilConfig.fa_labels``).

    Returns
    -------
    str
    """
    counts = rag.value_counts()
    total = int(counts.sum())
    if total == 0:
        return "No Flagship Actions were in force this quarter, so there are none to report."

    def get(k: str) -> int:
        return int(counts.get(k, 0))

    text = (
        f"Of {plural(total, 'Flagship Action line')}, {get('Complete')} "
        f"{'is' if get('Complete') == 1 else 'are'} complete and {get(rules.GREEN)} on track "
        f"({pct(get('Complete') + get(rules.GREEN), total)} together); {get(rules.AMBER)} "
        f"{'is' if get(rules.AMBER) == 1 else 'are'} at risk and {get(rules.RED)} off track."
    )
    rest = [f"{get(k)} {labels[k].lower()}" for k in ("Not started", "No update") if get(k)]
    if rest:
        joined = " and ".join(rest)
        text += " " + joined[0].upper() + joined[1:] + "."
    return text


def challenge_headline(challenges: pd.DataFrame, persistent_red: int) -> str:
    """How many PIs are key challenges (Red), and how many of them persistently.

    Parameters
    ----------
    challenges : DataFrame
        :func:`perflib.rules.selection.key_challenges`.
    persistent_red : int
        The run of Red that makes a challenge persistent.

    Returns
    -------
    str
    """
    n = len(challenges)
    if n == 0:
        return "No PI is Red this quarter."
    persistent = int(challenges["persistent"].sum())
    return f"{plural(n, 'PI')} {'is' if n == 1 else 'are'} Red this quarter and listed as key challenges" + (
        f", {persistent} of them Red for {persistent_red} or more periods running." if persistent else "."
    )


def improver_headline(improvers: pd.DataFrame) -> str:
    """The key improvers, named.

    Parameters
    ----------
    improvers : DataFrame
        :func:`perflib.rules.selection.key_improvers`.

    Returns
    -------
    str
    """
    if len(improvers) == 0:
        return "No PI met the key improver rule this quarter."
    names = ", ".join(f"{r.pi_code} {r.title}" for r in improvers.itertuples())
    return f"Key improvers over the year: {names}."


def returns_headline(receipts: pd.DataFrame) -> str:
    """How many directorate returns were received and used, and which were not.

    Parameters
    ----------
    receipts : DataFrame
        One row per directorate with ``state`` and ``directorate_name``.

    Returns
    -------
    str
    """
    got = int(receipts["state"].eq("received").sum())
    text = f"{got} of {plural(len(receipts), 'directorate return')} {'was' if got == 1 else 'were'} received and used."
    missing = receipts[~receipts["state"].eq("received")]
    if len(missing):
        names = ", ".join(
            f"{r.directorate_name} ({'not received' if r.state == 'missing' else 'could not be used'})"
            for r in missing.itertuples()
        )
        text += f" Missing or unusable: {names}; their PIs are shown as No data."
    return text


def problems_headline(quality: Quality, outcomes: dict[str, int] | None = None) -> str:
    """How many errors and warnings the checks found, and what happened to the figures they concern.

    Parameters
    ----------
    quality : Quality
        The quarter's counts.
    outcomes : dict, optional
        Problems per outcome (:func:`perflib.build.quality.outcome_counts`).

    Returns
    -------
    str
        e.g. "Checks found 2 errors and 3 warnings: for 2 problems the figure was used (the
        problem is in another cell), for 3 it was used with a warning. The table gives each
        problem's outcome and why."
    """
    e, w = quality.errors, quality.warnings
    if e == 0 and w == 0:
        return "No data-quality problems were found in the returns."
    text = f"Checks found {plural(e, 'error')} and {plural(w, 'warning')}"
    if not outcomes:
        return text + "."
    words = {
        NOT_USED: "the figure or row was not used",
        USED: "the figure was used (the problem is in another cell)",
        USED_WITH_WARNING: "the figure was used with a warning",
    }
    parts = [f"for {plural(n, 'problem')} {words[o]}" for o, n in outcomes.items() if n]
    return text + ": " + "; ".join(parts) + ". The table gives each problem's outcome and why."


def status_changes(
    card: pd.DataFrame, panel: pd.DataFrame, quarter_index: int, lookback: Mapping[str, int] | None = None
) -> list[str]:
    """PIs whose status changed between Green, Amber and Red since their last rated period.

    Each PI rated this quarter is compared with its latest earlier period rated
    Green, Amber or Red, no more than ``lookback`` collections back (a quarter
    with no figure is passed over, never read as a change); the sentence names
    that period.

    Parameters
    ----------
    card : DataFrame
        The scorecard (``pi_code``, ``title``, ``status``).
    panel : DataFrame
        The rated panel (``pi_code``, ``quarter_index``, ``quarter``, ``status``).
    quarter_index : int
        The report quarter.
    lookback : mapping, optional
        Frequency -> collections looked back for an earlier rated period
        (``trends.short_lookback``; default 1: the previous collection only).

    Returns
    -------
    list of str
        One sentence for the improved, one for the worse; an empty list when no
        PI rated now has an earlier rated period.
    """
    step = panel["frequency"].map(_STEP).fillna(1)
    reach = step * panel["frequency"].map(dict(lookback or {})).fillna(1)
    earlier = panel[
        panel["status"].isin(rules.RATED)
        & panel["quarter_index"].lt(quarter_index)
        & panel["quarter_index"].ge(quarter_index - reach)
    ]
    last = earlier.sort_values("quarter_index").groupby("pi_code").tail(1)
    last = last[["pi_code", "quarter", "status"]].rename(columns={"status": "before", "quarter": "when"})
    both = card[card["status"].isin(rules.RATED)].merge(last, on="pi_code")
    if both.empty:
        return []
    moved = both[both["status"].ne(both["before"])]
    better = moved[moved["status"].map(STATUS_RANK) > moved["before"].map(STATUS_RANK)]
    worse = moved[moved["status"].map(STATUS_RANK) < moved["before"].map(STATUS_RANK)]
    out = []
    for label, rows in (("Improved status", better), ("Worse status", worse)):
        if len(rows):
            out.append(
                f"{label} ({len(rows)}): "
                + "; ".join(f"{r.pi_code} {r.title} ({r.before} in {r.when} to {r.status})" for r in rows.itertuples())
                + "."
            )
    return out or [f"No rated PI changed status since its last rated period ({len(both)} compared)."]
