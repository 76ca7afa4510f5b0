"""How values, statuses and trends are written: in the report, the scorecard and the charts.

One place for number formats by unit, for the text and symbol that go with
every colour (so that colour is never the only signal), and for what each
status and arrow means. Flagship Action statuses are the council's own words
(``data/council.yml``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from perflib.report.palette import STATUS_FILLS
from perflib.rules import status as rules
from perflib.rules import trends
from perflib.rules.rounding import round_half_up_value

#: Status -> (symbol, CSS class). The word itself is always printed too.
STATUS_SYMBOLS: dict[str, str] = {
    rules.GREEN: "\u2714",  # heavy check mark
    rules.AMBER: "\u25b2",  # triangle: caution
    rules.RED: "\u2716",  # heavy multiplication x
    rules.DATA_ONLY: "\u25cb",  # white circle
    rules.NO_DATA: "?",
    rules.NOT_DUE: "\u2013",
    "Complete": "\u2605",  # star
    "Not started": "\u25cb",
    "No update": "?",
}

#: Status -> chart fill: the report's one palette (:mod:`perflib.report.palette`).
STATUS_COLOURS: dict[str, str] = dict(STATUS_FILLS)

#: Catalogue words in the report's words.
FREQUENCY_TEXT = {"quarterly": "Quarterly", "annual": "Annual", "biennial": "Every two years"}
DIRECTION_SHORT = {"higher": "Higher", "lower": "Lower", "range": "In range"}
MEASURE_TEXT = {"in_quarter": "in quarter", "cumulative": "year to date", "snapshot": "at quarter end"}

#: What each PI status means. Where a document points to more detail it adds it
#: (see :func:`status_meaning`).
STATUS_MEANINGS: dict[str, str] = {
    rules.GREEN: "On or better than target",
    rules.AMBER: "Missed target, but within the amber tolerance",
    rules.RED: "Missed target by more than the amber tolerance",
    rules.DATA_ONLY: "Reported for information; no target is set",
    rules.NO_DATA: "Due this quarter but no usable figure",
    rules.NOT_DUE: "Annual or biennial PI that reports in another quarter",
}

#: What each trend means (the same for the short- and long-term arrows).
TREND_MEANINGS: dict[str, str] = {
    trends.IMPROVING: "Better than the comparison period, by more than the materiality threshold.",
    trends.DECLINING: "Worse than the comparison period, by more than the materiality threshold.",
    trends.NO_CHANGE: "Within the materiality threshold of the comparison period.",
    trends.NOT_COMPARABLE: "No figure this period, or none in an earlier period within reach (a missing figure "
    "is never read as 0).",
}


def status_meaning(status: str, where: dict[str, str] | None = None) -> str:
    """What a PI status means, as a sentence, with where the document gives more detail.

    Parameters
    ----------
    status : str
    where : dict, optional
        Status -> a pointer to the detail in this document (e.g. ``"the reason is given"``).

    Returns
    -------
    str
        e.g. ``"Due this quarter but no usable figure; the reason is given."``
    """
    pointer = (where or {}).get(status)
    return STATUS_MEANINGS[status] + (f"; {pointer}" if pointer else "") + "."


def css_class(status: str) -> str:
    """CSS class name for a status, e.g. ``"status-data-only"``."""
    return "status-" + status.lower().replace(" ", "-")


def _missing(value: Any) -> bool:
    """None, NaN or ``pd.NA``."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def format_value(value: float | None, unit: str, decimals: int) -> str:
    """A value as printed, e.g. ``"63.5%"``, ``"1,234"``, ``"95 seconds"``.

    Rounded to ``decimals`` places with halves away from zero, as every figure
    is before it is rated (``62.25`` is ``62.3``).

    Parameters
    ----------
    value : float or None
    unit : str
        Catalogue unit.
    decimals : int
        Catalogue decimal places.
    """
    if value is None or _missing(value):
        return ""
    text = f"{round_half_up_value(value, int(decimals)):,.{int(decimals)}f}"
    if unit == "percent":
        return text + "%"
    if unit in ("days", "seconds", "weeks"):
        return f"{text} {unit}"
    return text


def format_target(row: dict) -> str:
    """Target as printed: a value, or a band ``"8.0% to 12.0%"`` for range PIs."""
    t = row.get("target")
    if _missing(t):
        return "No target"
    unit, dec = row["unit"], int(row["decimals"])
    if row.get("good_direction") == "range":
        return f"{format_value(t, unit, dec)} to {format_value(row['target_upper'], unit, dec)}"
    return format_value(t, unit, dec)


def direction_text(direction: str) -> str:
    """Plain words for a good direction."""
    return {"higher": "Higher is better", "lower": "Lower is better", "range": "Within the range is better"}[direction]


def trend_text(trend: str) -> str:
    """Trend with its arrow, e.g. ``"\u2191 Improving"``."""
    return f"{trends.TREND_SYMBOLS.get(trend, '')} {trend}".strip()


def pct(part: int, whole: int) -> str:
    """``part`` as a whole-number percentage of ``whole``, halves away from zero (``"0%"`` when empty)."""
    return f"{round_half_up_value(100.0 * part / whole, 0) if whole else 0:.0f}%"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 PI"``, ``"3 PIs"``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
