"""The report's sentences: each written from the same table the report prints beside it.

Every number in a sentence comes from the table or chart it summarises, so text
and tables cannot disagree.
"""

from __future__ import annotations

import pandas as pd

from perflib.build.quality import Quality
from perflib.report.wording import pct, plural
from perflib.rules import status as rules
from perflib.rules.selection import STATUS_RANK


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
        text = (
            f"Of {plural(rated, 'PI')} rated against a target this quarter, {now[rules.GREEN]} "
            f"{'is' if now[rules.GREEN] == 1 else 'are'} Green ({pct(now[rules.GREEN], rated)})"
        )
        if previous is not None:
            before = pi_counts(previous)[rules.GREEN]
            diff = now[rules.GREEN] - before
            text += (
                f", {'up' if diff > 0 else 'down'} from {before} last quarter"
                if diff
                else ", the same number as last quarter"
            )
        text += (
            f"; {now[rules.AMBER]} {'is' if now[rules.AMBER] == 1 else 'are'} Amber "
            f"({pct(now[rules.AMBER], rated)}) and {now[rules.RED]} Red ({pct(now[rules.RED], rated)})."
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
        return "No Flagship Actions were reported this quarter."

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


def problems_headline(quality: Quality) -> str:
    """How many errors and warnings the checks found.

    Parameters
    ----------
    quality : Quality
        The quarter's counts.

    Returns
    -------
    str
    """
    e, w = quality.errors, quality.warnings
    if e == 0 and w == 0:
        return "No data-quality problems were found in the returns."
    return (
        f"Checks found {plural(e, 'error')} (figures not used) and {plural(w, 'warning')} "
        "(figures used after a correction, or information only)."
    )


def status_changes(card: pd.DataFrame, previous: pd.DataFrame) -> list[str]:
    """PIs whose status changed between Green, Amber and Red since last quarter.

    Parameters
    ----------
    card : DataFrame
        The scorecard.
    previous : DataFrame
        ``pi_code`` and ``status`` of the previous quarter (empty when there is none).

    Returns
    -------
    list of str
        One sentence for the improved, one for the worse; empty without a previous quarter.
    """
    if previous.empty:
        return []
    both = card.merge(previous.rename(columns={"status": "before"}), on="pi_code")
    moved = both[
        both["status"].isin(rules.RATED) & both["before"].isin(rules.RATED) & both["status"].ne(both["before"])
    ]
    better = moved[moved["status"].map(STATUS_RANK) > moved["before"].map(STATUS_RANK)]
    worse = moved[moved["status"].map(STATUS_RANK) < moved["before"].map(STATUS_RANK)]
    out = []
    for label, rows in (("Improved status", better), ("Worse status", worse)):
        if len(rows):
            out.append(
                f"{label} ({len(rows)}): "
                + "; ".join(f"{r.pi_code} {r.title} ({r.before} to {r.status})" for r in rows.itertuples())
                + "."
            )
    return out or ["No rated PI changed status since last quarter."]
