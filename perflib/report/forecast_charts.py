"""The year so far and the forecast to year end, drawn as a panel beside a PI's chart over time.

A PI's chart over time (:func:`perflib.report.spc_charts.spc_chart` or
:func:`perflib.report.charts.series_chart`) gains a narrow panel on its right
for this financial year, Q1 to Q4: the figure so far after each quarter
reported (the year to date, the year's pooled rate or mean so far, or the
latest position: what the year-end target is judged on), then the forecast
outturn at Q4 as a **hollow** marker joined by a dotted line, with its 80%
interval as a **hatched** bar, the service's own forecast (if its return gives
one) as a cross beside it, and the year-end target. Filled against
hollow, solid against dotted and the hatching tell forecast from actual
without colour; the legend names each and the alt text states the numbers.
In a Q4 report the panel shows the actual outturn and no forecast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from perflib.report import palette
from perflib.report.charts import value_axis
from perflib.report.forecast_text import Forecasts, chance, likelihood
from perflib.report.wording import format_value
from perflib.rules.forecast import ACTUAL, PROFILE
from perflib.rules.outturn import LAST, MEAN, POOLED, SUM, year_figures

#: What the figure so far is, by outturn rule (legend and alt text).
SO_FAR_WORDS = {
    SUM: "year to date",
    POOLED: "rate for the year so far",
    MEAN: "mean of the quarters so far",
    LAST: "position at quarter end",
}
INK = "#1f1f1f"
#: The forecast's interval: hatched, never only coloured.
HATCH = "////"


@dataclass(frozen=True)
class YearView:
    """One PI's year so far, forecast (or outturn) and year-end target, as the panel draws them."""

    year: str
    rule: str
    so_far: tuple[tuple[int, float], ...]
    outturn: float
    low: float
    high: float
    actual: bool
    target: float
    target_upper: float
    direction: str
    unit: str
    decimals: int
    p_meet: float
    words: str
    chance: str
    level: int
    service: float = math.nan

    def fmt(self, value: float) -> str:
        """A figure as printed."""
        return format_value(value, self.unit, self.decimals)


def year_view(row: dict[str, Any], panel: pd.DataFrame, forecasts: Forecasts) -> YearView | None:
    """The panel's content for one PI, or None when there is nothing to draw or a figure may not be published.

    Parameters
    ----------
    row : dict
        The PI's scorecard row (with the ``forecast_*`` columns).
    panel : DataFrame
        The rated panel, up to the report quarter.
    forecasts : Forecasts
        The published forecasts: a PI whose forecast figures are suppressed gets no panel.
    """
    code, quarter = row["pi_code"], forecasts.quarter
    shown = forecasts.card.loc[code] if code in forecasts.card.index else None
    if shown is None or shown.get("forecast_method") not in (PROFILE, ACTUAL):
        return None
    if any(isinstance(shown.get(c), str) for c in ("forecast_outturn", "forecast_low", "forecast_high")):
        return None
    service = shown.get("service_forecast")
    mine = panel[panel["pi_code"].eq(code) & panel["fy_start"].eq(quarter.start_year)]
    year = year_figures(mine).iloc[0] if len(mine) else None
    if year is None:
        return None
    so_far = tuple((k, float(year[f"so_far_{k}"])) for k in range(1, quarter.q + 1) if pd.notna(year[f"so_far_{k}"]))
    p = float(shown["forecast_p_meet"])
    return YearView(
        year=quarter.financial_year,
        rule=str(year["rule"]),
        so_far=so_far,
        outturn=float(shown["forecast_outturn"]),
        low=float(shown["forecast_low"]),
        high=float(shown["forecast_high"]),
        actual=shown["forecast_method"] == ACTUAL,
        target=float(shown["forecast_target"]),
        target_upper=float(shown["forecast_target_upper"]),
        direction=str(row["good_direction"]),
        unit=str(row["unit"]),
        decimals=int(row["decimals"]),
        p_meet=p,
        words=likelihood(p, forecasts.cuts),
        chance=chance(p),
        level=forecasts.level,
        service=float(service)
        if isinstance(service, int | float) and shown["forecast_method"] == PROFILE
        else math.nan,
    )


def figure_axes(view: YearView | None, size: tuple[float, float]) -> tuple[plt.Figure, plt.Axes, plt.Axes | None]:
    """The figure of a chart over time: one axes, or with a year panel on its right when there is a view.

    Parameters
    ----------
    view : YearView or None
    size : (float, float)
        The chart's size in inches without the panel.

    Returns
    -------
    (Figure, Axes, Axes or None)
        The figure, the axes for the chart over time, and the year panel's axes.
    """
    if view is None:
        fig, ax = plt.subplots(figsize=size)
        return fig, ax, None
    fig, (ax, year_ax) = plt.subplots(
        1, 2, figsize=(size[0] + 0.9, size[1]), gridspec_kw={"width_ratios": [3.3, 1.0], "wspace": 0.32}
    )
    return fig, ax, year_ax


def _target(ax: plt.Axes, view: YearView, colour: str, style: Any) -> None:
    """The year-end target at Q4: a short line, or a band for a range."""
    if math.isnan(view.target):
        return
    if view.direction == "range" and not math.isnan(view.target_upper):
        ax.add_patch(
            Rectangle(
                (3.55, view.target),
                0.9,
                view.target_upper - view.target,
                color=palette.TARGET_BAND,
                alpha=palette.TARGET_BAND_ALPHA,
                lw=0,
            )
        )
    else:
        ax.hlines(view.target, 3.55, 4.45, colors=colour, linestyles=style, linewidth=1.4)


def draw_year(ax: plt.Axes, view: YearView, target_colour: str, target_style: Any) -> list[tuple[Any, str]]:
    """Draw the year panel; return its legend entries (handle, label).

    Parameters
    ----------
    ax : Axes
        The panel's axes.
    view : YearView
    target_colour, target_style : str
        The chart's own target colour and line style, so both panels read alike.
    """
    qs, values = [q for q, _ in view.so_far], [v for _, v in view.so_far]
    entries: list[tuple[Any, str]] = []
    if qs:
        ax.plot(qs, values, color=INK, linewidth=1.4, marker="o", markersize=4.5, zorder=3)
        entries.append(
            (Line2D([], [], color=INK, marker="o", markersize=4.5), f"{view.year} {SO_FAR_WORDS[view.rule]}")
        )
    if not view.actual:
        if qs:
            ax.plot([qs[-1], 4], [values[-1], view.outturn], color=INK, linestyle=":", linewidth=1.3, zorder=2)
        ax.add_patch(
            Rectangle((3.78, view.low), 0.44, view.high - view.low, fill=False, hatch=HATCH, ec=INK, lw=0.8, zorder=2)
        )
        ax.scatter([4], [view.outturn], s=46, facecolors="white", edgecolors=INK, linewidths=1.5, zorder=4)
        entries.append((Line2D([], [], color=INK, linestyle=":", marker="o", mfc="white", ms=6), "Forecast year end"))
        entries.append((Patch(fill=False, hatch=HATCH, ec=INK), f"{view.level}% interval"))
        if not math.isnan(view.service):
            ax.scatter([4.33], [view.service], marker="X", s=42, color=INK, zorder=4)
            entries.append((Line2D([], [], color=INK, marker="X", linestyle="none", ms=6), "Service's own forecast"))
    _target(ax, view, target_colour, target_style)
    entries.append(
        (
            Patch(color=palette.TARGET_BAND, alpha=palette.TARGET_BAND_ALPHA)
            if view.direction == "range"
            else Line2D([], [], color=target_colour, linestyle=target_style),
            "Year-end target",
        )
    )
    ax.set_xlim(0.5, 4.5)
    ax.set_xticks([1, 2, 3, 4], ["Q1", "Q2", "Q3", "Q4"])
    shown = [*values, view.outturn, view.low, view.high]
    shown += [v for v in (view.target, view.service) if not math.isnan(v)]
    if view.direction == "range" and not math.isnan(view.target_upper):
        shown.append(view.target_upper)
    lo, hi = min(shown), max(shown)
    pad = (hi - lo) * 0.12 or abs(hi) * 0.05 or 1.0
    ax.set_ylim(lo - pad, hi + pad)
    value_axis(ax, "", view.unit)
    ax.set_ylabel("")
    ax.set_title(f"{view.year}: {'outturn' if view.actual else 'so far and forecast'}", loc="left", fontsize=8.5)
    ax.tick_params(labelsize=8)
    return entries


def legend(ax: plt.Axes, year_ax: plt.Axes | None, entries: list[tuple[Any, str]]) -> None:
    """The chart's legend below it: the chart's own entries, then the year panel's.

    Below rather than beside, so the chart stays narrow enough for its text to be
    legible when a phone shows it at the width of the screen.
    """
    handles, labels = ax.get_legend_handles_labels()
    handles += [h for h, _ in entries]
    labels += [label for _, label in entries]
    del year_ax  # the legend spans both panels
    ax.legend(handles, labels, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.3), ncol=3)


def alt_text(view: YearView | None) -> str:
    """What the year panel shows, in words and numbers ("" without one)."""
    if view is None:
        return ""
    path = ", ".join(f"{view.fmt(v)} at Q{q}" for q, v in view.so_far)
    if view.direction == "range" and not math.isnan(view.target_upper):
        target = f"the year-end target range {view.fmt(view.target)} to {view.fmt(view.target_upper)}"
    else:
        target = f"the year-end target of {view.fmt(view.target)}"
    text = f" Beside it, {view.year} {'by quarter' if view.actual else 'so far'} ({SO_FAR_WORDS[view.rule]}): "
    text += f"{path or 'no figure yet'}."
    if view.actual:
        return (
            text + f" The year's outturn, {view.fmt(view.outturn)}, {'met' if view.p_meet >= 1 else 'missed'} {target}."
        )
    service = "" if math.isnan(view.service) else f" The service's own forecast is {view.fmt(view.service)}."
    return (
        text + f" Forecast year-end outturn {view.fmt(view.outturn)}, {view.level}% interval "
        f"{view.fmt(view.low)} to {view.fmt(view.high)}, against {target}: {view.words} "
        f"({view.chance} chance of meeting it).{service}"
    )
