"""How values, statuses and trends are written in the report.

One place for number formats by unit and for the text and symbol that go with
every colour, so that colour is never the only signal.
"""

from __future__ import annotations

import math

from perflib import rules, trends

#: Status -> (symbol, CSS class). The word itself is always printed too.
STATUS_SYMBOLS: dict[str, str] = {
    rules.GREEN: "\u2714",        # heavy check mark
    rules.AMBER: "\u25b2",        # triangle: caution
    rules.RED: "\u2716",          # heavy multiplication x
    rules.DATA_ONLY: "\u25cb",    # white circle
    rules.NO_DATA: "?",
    rules.NOT_DUE: "\u2013",
    "Complete": "\u2605",         # star
    "Not started": "\u25cb",
    "No update": "?",
}

#: One palette for charts (Okabe-Ito, distinguishable with colour blindness).
STATUS_COLOURS: dict[str, str] = {
    rules.GREEN: "#009E73",
    rules.AMBER: "#E69F00",
    rules.RED: "#D55E00",
    rules.DATA_ONLY: "#56B4E9",
    rules.NO_DATA: "#999999",
    rules.NOT_DUE: "#CCCCCC",
    "Complete": "#0072B2",
    "Not started": "#BBBBBB",
    "No update": "#999999",
}

FA_ORDER: tuple[str, ...] = ("Complete", rules.GREEN, rules.AMBER, rules.RED, "Not started", "No update")
FA_LABELS: dict[str, str] = {
    "Complete": "Complete",
    rules.GREEN: "On track",
    rules.AMBER: "At risk",
    rules.RED: "Off track",
    "Not started": "Not started",
    "No update": "No update",
}


def css_class(status: str) -> str:
    """CSS class name for a status, e.g. ``"status-data-only"``."""
    return "status-" + status.lower().replace(" ", "-")


def format_value(value: float | None, unit: str, decimals: int) -> str:
    """A value as printed, e.g. ``"63.5%"``, ``"1,234"``, ``"95 seconds"``.

    Parameters
    ----------
    value : float or None
    unit : str
        Catalogue unit.
    decimals : int
        Catalogue decimal places.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:,.{int(decimals)}f}"
    if unit == "percent":
        return text + "%"
    if unit in ("days", "seconds", "weeks"):
        return f"{text} {unit}"
    return text


def format_target(row: dict) -> str:
    """Target as printed: a value, or a band ``"8.0% to 12.0%"`` for range PIs."""
    t = row.get("target")
    if t is None or (isinstance(t, float) and math.isnan(t)):
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
    """``part`` as a whole-number percentage of ``whole`` (``"0%"`` when empty)."""
    return f"{(100.0 * part / whole) if whole else 0:.0f}%"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 PI"``, ``"3 PIs"``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
