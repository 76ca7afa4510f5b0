"""Funnel plots: each comparator area's rate against its size, with control limits, and alt text with the numbers.

The plot is :func:`perflib.rules.funnel.funnel_plot`'s: x is each area's
denominator (its number of cases), y its rate; the centre line is the group's
pooled rate (solid), the inner (95%) limits are dashed and the outer (99.8%)
dotted, each named in the legend, so that nothing depends on colour. The
other areas are grey circles; the council is a large dark diamond, labelled
with its name, rate and counts. The alt text states the centre, the
council's rate and counts, its limits, its label and z-score, and how many
areas lie beyond the outer limits.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import seaborn as sns

from perflib.report.charts import Figure, render, value_axis
from perflib.report.wording import format_value
from perflib.rules.funnel import FunnelPlot
from perflib.rules.funnel_limits import coverage


def coverage_text(z: float) -> str:
    """A limit's coverage as the report names it: ``"95%"`` for 1.960, ``"99.8%"`` for 3.090.

    Parameters
    ----------
    z : float

    Returns
    -------
    str
    """
    return f"{coverage(z):.1f}".rstrip("0").rstrip(".") + "%"


def _pct(value: float, decimals: int) -> str:
    return format_value(value, "percent", decimals)


def funnel_alt_text(plot: FunnelPlot, title: str, group_name: str, period: str, decimals: int) -> str:
    """Alt text for a funnel chart, with the numbers a reader of the chart would take from it.

    Parameters
    ----------
    plot : FunnelPlot
    title : str
        The PI's code and title.
    group_name, period : str
        The comparator group and the period compared, in words.
    decimals : int
        Decimal places of the percentages.

    Returns
    -------
    str
    """
    own, lim = plot.own, plot.own_limits
    name = str(own["area_name"])
    inner, outer = coverage_text(plot.z_inner), coverage_text(plot.z_outer)
    above, below = plot.outside()
    verdict = (
        f"so {name} is {plot.label} (z = {own['z']:.2f})"
        if plot.label
        else f"(z = {own['z']:.2f}; no better or worse label, as neither higher nor lower is better)"
    )
    text = (
        f"Funnel plot of {title}, {period}: the rate of each of {plot.n_areas} areas in {group_name} against its "
        f"number of cases. Centre line: the group's pooled rate, {_pct(plot.centre, decimals)}. {name}: "
        f"{_pct(own['rate'], decimals)} ({own['numerator']:,.0f} of {own['denominator']:,.0f}); at that size the "
        f"{inner} limits are {_pct(lim['lower_inner'], decimals)} to {_pct(lim['upper_inner'], decimals)} and the "
        f"{outer} limits {_pct(lim['lower_outer'], decimals)} to {_pct(lim['upper_outer'], decimals)}, {verdict}. "
        f"{above} area{'' if above == 1 else 's'} lie above the upper {outer} limit and {below} below the lower."
    )
    if plot.phi_applied:
        text += f" The limits are widened for over-dispersion (phi = {plot.phi:.2f})."
    return text


def _limit_lines(ax: plt.Axes, plot: FunnelPlot, decimals: int) -> None:
    """The centre line (solid), inner limits (dashed) and outer limits (dotted), each named in the legend."""
    curves = plot.curves
    ax.axhline(plot.centre, color="#1f1f1f", linewidth=1.2, label=f"Group's pooled rate, {_pct(plot.centre, decimals)}")
    for side, style, z in (("inner", "--", plot.z_inner), ("outer", ":", plot.z_outer)):
        for end in ("lower", "upper"):
            label = f"{coverage_text(z)} limits" if end == "lower" else None
            ax.plot(curves["n"], curves[f"{end}_{side}"], color="#1f1f1f", linestyle=style, linewidth=1.0, label=label)


def _label_council(ax: plt.Axes, plot: FunnelPlot, decimals: int) -> None:
    """The council's name, rate, counts and label beside its point, away from the centre line and the edge."""
    own = plot.own
    verdict = f": {plot.label}" if plot.label else ""
    low, high = float(plot.curves["n"].min()), float(plot.curves["n"].max())
    right_half = float(own["denominator"]) > (low + high) / 2
    below = float(own["rate"]) < plot.centre
    ax.annotate(
        f"{own['area_name']} {_pct(own['rate'], decimals)} ({own['numerator']:,.0f} of {own['denominator']:,.0f})"
        + verdict,
        xy=(own["denominator"], own["rate"]),
        xytext=(-6 if right_half else 6, -16 if below else 12),
        textcoords="offset points",
        ha="right" if right_half else "left",
        va="top" if below else "bottom",
        fontsize=8,
        fontweight="bold",
        arrowprops={"arrowstyle": "-", "color": "#1f1f1f", "lw": 0.8},
        bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "#1f1f1f", "linewidth": 0.5},
        zorder=6,
    )


def funnel_chart(
    plot: FunnelPlot, title: str, denominator_label: str, group_name: str, period: str, decimals: int
) -> Figure:
    """Draw a funnel plot.

    Parameters
    ----------
    plot : FunnelPlot
        From :func:`perflib.rules.funnel.funnel_plot`.
    title : str
        The PI's code and title.
    denominator_label : str
        What the denominator counts (the catalogue's ``denominator_label``),
        for the x axis; "Number of cases" when empty.
    group_name, period : str
        The comparator group and the period compared, in words.
    decimals : int
        Decimal places of the percentages.

    Returns
    -------
    Figure
    """
    fig, ax = plt.subplots(figsize=(6.3, 3.2))
    _limit_lines(ax, plot, decimals)
    others = plot.points[~plot.points["own"]]
    ax.scatter(
        others["denominator"],
        others["rate"],
        s=16,
        color="#8c8c8c",
        edgecolor="#1f1f1f",
        linewidth=0.3,
        label="Other areas",
    )
    own = plot.own
    ax.scatter(
        [own["denominator"]],
        [own["rate"]],
        s=70,
        marker="D",
        color="#1f3a5f",
        edgecolor="white",
        zorder=5,
        label=str(own["area_name"]),
    )
    _label_council(ax, plot, decimals)
    ax.set_xlabel(
        textwrap.fill(
            f"{denominator_label or 'Number of cases'}, {period}; {plot.n_areas} areas in {group_name}"
            + (f"; limits widened for over-dispersion (phi = {plot.phi:.2f})" if plot.phi_applied else ""),
            95,
        ),
        fontsize=8,
    )
    value_axis(ax, "Rate", "percent")
    ax.set_title(textwrap.fill(f"{title}: funnel plot against {group_name}", 70), loc="left")
    ax.margins(x=0.02, y=0.12)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.22), fontsize=8, frameon=False, ncol=2)
    sns.despine(ax=ax)
    alt = funnel_alt_text(plot, title, group_name, period, decimals)
    return render(fig, alt, f"{title}: funnel plot against {group_name}, {period}")
