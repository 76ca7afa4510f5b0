"""One PI's status, trends, run of Red and SPC verdict, put into words together.

Every sentence about what a PI's figures mean is written here, from the
status, the trends and the periods they compared with, the run of Red and the
SPC variation and assurance taken together, so no sentence can contradict
another: a PI Red for many reported periods running is never called a miss
that may be chance, and a trend always names the period it compared with when
that is not the usual one (``docs/methodology.md`` sections 4, 5 and 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from perflib.core.quarters import Quarter
from perflib.report.render import is_missing
from perflib.report.wording import trend_text
from perflib.rules import spc_rules, trends
from perflib.rules import status as rules

#: How a Red PI is read, from the most to the least telling.
RED_FAILING = "consistently failing"
RED_PERSISTENT = "persistently Red"
RED_CONCERN = "getting worse"
RED_CHANCE = "may be chance"
RED_UNASSESSED = "not assessed"
RED_KINDS: tuple[str, ...] = (RED_FAILING, RED_PERSISTENT, RED_CONCERN, RED_CHANCE, RED_UNASSESSED)

#: What each reading of a Red PI means, in words.
RED_MEANINGS = {
    RED_FAILING: "consistently failing (the target cannot be met without changing the process)",
    RED_PERSISTENT: "Red for {n} or more reported periods running (a persistent problem, not chance)",
    RED_CONCERN: "showing special cause concern (a real change for the worse, not chance)",
    RED_CHANCE: "hit and miss and Red for fewer than {n} periods running (the process can meet the target, "
    "so this miss may be chance)",
    RED_UNASSESSED: "not assessed by SPC (too few points)",
}

#: The heading of each group of Red PIs in the SPC section.
RED_HEADINGS = {
    RED_FAILING: "Red PIs that are consistently failing",
    RED_PERSISTENT: "Red PIs that have been Red for a long time",
    RED_CONCERN: "Red PIs that are getting worse",
    RED_CHANCE: "Red PIs that are hit and miss",
    RED_UNASSESSED: "Red PIs not assessed",
}

#: Quarters between collections, and between a period and a year earlier, by frequency.
_STEP = {"quarterly": 1, "annual": 4, "biennial": 8}
_YEAR = {"quarterly": 4, "annual": 4, "biennial": 8}


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def usual_periods(quarter: str, frequency: str) -> tuple[str, str]:
    """The periods the short- and long-term trends normally compare with.

    Parameters
    ----------
    quarter : str
        The period rated, e.g. ``"2023-24 Q3"``.
    frequency : str

    Returns
    -------
    (str, str)
        e.g. ``("2023-24 Q2", "2022-23 Q3")`` for a quarterly PI.
    """
    q = Quarter.parse(quarter)
    return (q - _STEP.get(frequency, 1)).label, (q - _YEAR.get(frequency, 4)).label


def trend_words(trend: str, period: Any, usual: str, always: bool = False) -> str:
    """A trend with its arrow, naming the period compared with when it is not the usual one.

    Parameters
    ----------
    trend : str
    period : str or None
        The period the trend compared with (NA when not comparable).
    usual : str
        The period it normally compares with.
    always : bool
        Name the period even when it is the usual one.

    Returns
    -------
    str
        e.g. ``"\u2193 Declining since 2023-24 Q1"``, ``"\u2191 Improving"``.
    """
    text = trend_text(trend)
    when = _text(period)
    if trend != trends.NOT_COMPARABLE and when and (always or when != usual):
        text += f" since {when}"
    return text


def run_words(run: int, gaps: Any) -> str:
    """A run of Red in words, naming the periods passed over.

    Examples: ``"Red for 9 reported periods running"``,
    ``"Red for 9 reported periods running; no figure in 2023-24 Q2"``.
    """
    if run < 1:
        return ""
    text = f"Red for {run} reported period{'' if run == 1 else 's'} running"
    skipped = _text(gaps)
    return text + (f"; no figure in {skipped}" if skipped else "")


def run_short(run: int, gaps: Any) -> str:
    """A run of Red for a table cell, naming the periods passed over.

    Examples: ``"9 periods"``, ``"1 period"``, ``"9 periods (no figure in 2023-24 Q2)"``;
    ``""`` when the PI is not Red.
    """
    if run < 1:
        return ""
    skipped = _text(gaps)
    return f"{run} period{'' if run == 1 else 's'}" + (f" (no figure in {skipped})" if skipped else "")


def red_kind(status: str, run: int, variation: Any, assurance: Any, persistent: int) -> str:
    """How a Red PI is read: one of :data:`RED_KINDS` ("" when the PI is not Red).

    Consistently failing first; then a run of Red of ``persistent`` periods
    or more; then special cause concern; then hit and miss (the only case
    where the miss may be chance); otherwise not assessed.
    """
    if status != rules.RED:
        return ""
    if assurance == spc_rules.FAILING:
        return RED_FAILING
    if run >= persistent:
        return RED_PERSISTENT
    if variation == spc_rules.SPECIAL_CONCERN:
        return RED_CONCERN
    if assurance == spc_rules.HIT_AND_MISS:
        return RED_CHANCE
    return RED_UNASSESSED


def spc_words(variation: Any, assurance: Any, min_points: int, kind: str, run: str) -> str:
    """The PI's variation and assurance in words, with what they mean for a Red PI.

    ``run`` is the run of Red in words (:func:`run_words`): a persistently Red
    PI whose process is hit and miss is said not to be missing by chance.
    """
    if is_missing(variation) or not variation:
        return "Not assessed"
    if variation == spc_rules.TOO_FEW:
        return f"Too few points to assess (fewer than {min_points})"
    text = f"{variation}; assurance: {assurance}"
    if kind == RED_PERSISTENT and assurance == spc_rules.HIT_AND_MISS:
        text += f" (but {run[0].lower()}{run[1:]}, so not chance)"
    return text


@dataclass(frozen=True)
class Reading:
    """What one PI's figures say, in words that agree with each other.

    Attributes
    ----------
    short_text, long_text : str
        The trends for tables (naming the period only when it is not the usual one).
    trend_sentence : str
        Both trends naming their periods, e.g. ``"\u2193 Declining since 2023-24 Q1; \u2191 Improving since
        2022-23 Q3"``.
    run_text : str
        The run of Red when it is two periods or more (else ``""``).
    kind : str
        How a Red PI is read (:data:`RED_KINDS`; ``""`` when not Red).
    spc_text : str
        Variation and assurance in words.
    """

    short_text: str
    long_text: str
    trend_sentence: str
    run_text: str
    kind: str
    spc_text: str


def reading(d: dict[str, Any], persistent: int, min_points: int) -> Reading:
    """Read one scorecard row.

    Parameters
    ----------
    d : dict
        A scorecard row (``quarter``, ``frequency``, ``status``, trends and
        their periods, ``red_run``, ``red_run_gaps``, ``spc_*``).
    persistent : int
        The run of Red that is persistent (``key_challenges.persistent_red``).
    min_points : int
        The fewest points for SPC limits.

    Returns
    -------
    Reading
    """
    short_usual, long_usual = usual_periods(str(d["quarter"]), str(d["frequency"]))
    short, long = str(d["short_trend"]), str(d["long_trend"])
    short_period, long_period = d.get("short_period"), d.get("long_period")
    run = int(d.get("red_run") or 0)
    kind = red_kind(str(d["status"]), run, d.get("spc_variation"), d.get("spc_assurance"), persistent)
    if short == trends.NOT_COMPARABLE and long == trends.NOT_COMPARABLE:
        sentence = trend_text(short) + " (no earlier figure to compare with)"
    else:
        sentence = (
            f"{trend_words(short, short_period, short_usual, always=True)} (short term); "
            f"{trend_words(long, long_period, long_usual, always=True)} (long term)"
        )
    return Reading(
        short_text=trend_words(short, short_period, short_usual),
        long_text=trend_words(long, long_period, long_usual),
        trend_sentence=sentence,
        run_text=run_words(run, d.get("red_run_gaps")) if run >= 2 else "",
        kind=kind,
        spc_text=spc_words(
            d.get("spc_variation"), d.get("spc_assurance"), min_points, kind, run_words(run, d.get("red_run_gaps"))
        ),
    )


def red_breakdown(card: Any, persistent: int) -> dict[str, list[Any]]:
    """The Red rows of a scorecard, grouped by how each is read (:data:`RED_KINDS`, every kind present).

    Parameters
    ----------
    card : DataFrame
        The scorecard.
    persistent : int

    Returns
    -------
    dict
        Kind -> the rows (namedtuples) read that way, in scorecard order.
    """
    out: dict[str, list[Any]] = {k: [] for k in RED_KINDS}
    for r in card[card["status"].eq(rules.RED)].itertuples():
        run = int(getattr(r, "red_run", 0) or 0)
        kind = red_kind(
            rules.RED, run, getattr(r, "spc_variation", None), getattr(r, "spc_assurance", None), persistent
        )
        out[kind].append(r)
    return out


def red_headline(card: Any, persistent: int) -> str:
    """The SPC section's sentence on the Red PIs, each counted once under how it is read."""
    groups = red_breakdown(card, persistent)
    n_red = sum(len(v) for v in groups.values())
    if not n_red:
        return "No PI is Red this quarter."
    parts = []
    for kind in RED_KINDS:
        n = len(groups[kind])
        if n:
            parts.append(f"{n} {'is' if n == 1 else 'are'} " + RED_MEANINGS[kind].format(n=persistent))
    return f"Of {n_red} Red PI{'' if n_red == 1 else 's'}, " + "; ".join(parts) + "."
