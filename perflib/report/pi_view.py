"""One PI as the report shows it: its figures as published, status, trends, SPC and comparator text.

Small counts of people, and anything that would reveal them, are replaced
before anything is shown (:mod:`perflib.rules.suppression`); a PI with any
hidden figure in its history has no sparkline or chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from perflib.core.config import CouncilConfig
from perflib.report import charts
from perflib.report import comparator_words as words
from perflib.report.readings import reading
from perflib.report.render import is_missing
from perflib.report.wording import (
    DIRECTION_SHORT,
    FREQUENCY_TEXT,
    MEASURE_TEXT,
    direction_text,
    format_target,
    format_value,
)
from perflib.rules import status as rules
from perflib.rules import suppression

#: Scorecard columns whose published form (suppressed or not) the report shows.
_SHOWN = ["value", "quarter_value", "last_value"]


@dataclass(frozen=True)
class Published:
    """What may be published of a quarter's figures.

    Attributes
    ----------
    shown : DataFrame
        By ``pi_code``: the scorecard's value columns, a suppressed cell
        holding its text (``"<5"`` or ``"[c]"``).
    hidden_series : set of str
        PIs with a hidden figure anywhere in their history (no chart is drawn).
    """

    shown: pd.DataFrame
    hidden_series: set[str]

    @classmethod
    def of(cls, card: pd.DataFrame, panel: pd.DataFrame, config: CouncilConfig) -> Published:
        """Work out what may be published of ``card`` and ``panel``."""
        rule = config.methodology.suppression
        shown = suppression.suppress_frame(card, _SHOWN, rule)
        hidden = suppression.suppress_frame(panel, ["value", "quarter_value"], rule)
        is_hidden = hidden[["value", "quarter_value"]].map(lambda x: isinstance(x, str)).any(axis=1)
        return cls(shown.set_index("pi_code")[_SHOWN], set(hidden.loc[is_hidden, "pi_code"]))


def bench_text(d: dict[str, Any], short: bool) -> str:
    """The PI's place among its comparators, short (for tables) or in full.

    The full text names the period compared, the rank (and any tie), the
    quartile, the council's figure, the group median, the group average with
    its method, and the funnel label; when the council has no figure it says
    why, and describes the group without ranking anyone.

    Parameters
    ----------
    d : dict
        A scorecard row (``benchmark_*`` columns, :mod:`perflib.rules.benchmarking`).
    short : bool

    Returns
    -------
    str
    """
    n: Any = d.get("benchmark_n")
    if is_missing(n) or not n:
        return "\u2013" if short else "No comparator data"
    return words.comparison_cell(d) if short else words.comparison_text(d)


def _value_text(d: dict[str, Any], show: Any) -> str:
    status = d["status"]
    if status == rules.NOT_DUE:
        text = "Not due"
        if not is_missing(d.get("last_value")):
            text += f" (last: {show('last_value')}, {d['last_period']})"
        return text
    if status == rules.NO_DATA:
        return "No data"
    return str(show("value"))


def pi_row(r: pd.Series, panel: pd.DataFrame, published: Published, config: CouncilConfig) -> dict[str, Any]:
    """View of one scorecard row for the templates.

    Parameters
    ----------
    r : Series
        A scorecard row.
    panel : DataFrame
        The rated panel (for the sparkline's recent values).
    published : Published
    config : CouncilConfig

    Returns
    -------
    dict
        The row's columns plus the texts the templates print.
    """
    d = r.to_dict()
    unit, dec = d["unit"], int(d["decimals"])
    shown = published.shown.loc[d["pi_code"]]

    def show(column: str) -> str:
        value = shown[column]
        return value if isinstance(value, str) else format_value(d[column], unit, dec)

    hist = panel[(panel["pi_code"] == d["pi_code"]) & panel["value"].notna()].tail(8)
    meta = [
        FREQUENCY_TEXT[d["frequency"]],
        MEASURE_TEXT[d["measure_type"]],
        direction_text(d["good_direction"]).lower(),
    ]
    m = config.methodology
    read = reading(d, m.persistent_red, m.spc_min_points)
    return {
        **d,
        "value_text": _value_text(d, show),
        "target_text": format_target(d) if d["status"] != rules.NOT_DUE else "",
        "reason": d["status_reason"] if d["status"] == rules.NO_DATA else "",
        "short_text": read.short_text,
        "long_text": read.long_text,
        "trend_sentence": read.trend_sentence,
        "red_kind": read.kind,
        "spark": (
            '<span class="muted">Not shown (small numbers)</span>'
            if d["pi_code"] in published.hidden_series
            else charts.sparkline_svg(hist["value"].tolist(), unit, dec, hist["quarter"].tolist())
        ),
        "meta": " \u00b7 ".join(meta),
        "direction_text": DIRECTION_SHORT[d["good_direction"]],
        "frequency_text": FREQUENCY_TEXT[d["frequency"]],
        "run_text": read.run_text,
        "commentary": "" if is_missing(d.get("commentary")) else str(d.get("commentary")),
        "corrective_action": "" if is_missing(d.get("corrective_action")) else str(d.get("corrective_action")),
        "show_commentary": True,
        "show_action": d["status"] in (rules.RED, rules.AMBER),
        "spc_text": read.spc_text,
        "bench_text": bench_text(d, short=True),
        "bench_long": bench_text(d, short=False),
    }
