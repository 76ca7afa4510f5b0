"""SPC charts in the NHS "Making Data Count" style, with alt text that states the numbers.

One chart per PI from its points (:func:`perflib.spc.spc_points` or
:func:`perflib.spc.spc_series`): the values joined by a line, each point
coloured by its class (common cause grey, improvement blue, concern orange,
neutral purple) **and** drawn with its own marker and named in the legend, so
colour is never the only signal; the mean as a solid line, the process limits
dashed, the target as a line (or a shaded band for range PIs); the variation
and assurance written out under the title. Rendered like every other chart as
a :class:`perflib.charts.Figure` (PNG data URI, alt text, caption).

The caller decides whether to draw at all: a PI whose series holds a
suppressed figure (``perflib.suppression``) must not be charted.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from perflib.report import palette
from perflib.report.charts import Figure, render, value_axis
from perflib.report.forecast_charts import YearView, alt_text, draw_year, figure_axes, legend
from perflib.report.wording import format_value
from perflib.rules import spc

#: Making Data Count colours (as NHSRplotthedots uses them); the target is the report palette's, in grey when a band.
SPC_COLOURS: dict[str, str] = {
    spc.COMMON: "#7B7D7D",
    spc.IMPROVEMENT: "#289DE0",
    spc.CONCERN: "#FAB428",
    spc.NEUTRAL: "#361475",
    "line": "#7B7D7D",
    "mean": "#231F20",
    "limits": "#231F20",
    "target": palette.TARGET,
}

#: Marker and legend label per point class (shape as well as colour).
SPC_MARKERS: dict[str, tuple[str, str]] = {
    spc.COMMON: ("o", "Common cause"),
    spc.IMPROVEMENT: ("s", "Special cause: improvement"),
    spc.CONCERN: ("D", "Special cause: concern"),
    spc.NEUTRAL: ("^", "Special cause: neutral"),
}


def _fmt(value: float, unit: str, decimals: int) -> str:
    return format_value(float(value), unit, decimals) if value is not None and not pd.isna(value) else ""


def spc_alt_text(
    points: pd.DataFrame, title: str, unit: str, decimals: int, direction: str | None, min_points: int | None = None
) -> str:
    """The chart's alt text: period, mean, limits, target, last value, variation and assurance.

    Parameters
    ----------
    points : DataFrame
        One PI's SPC points, oldest first (columns of
        :func:`perflib.spc.spc_series`, plus ``quarter`` when known).
    title : str
        The PI's code and title.
    unit : str
        Catalogue unit.
    decimals : int
        Catalogue decimal places.
    direction : str or None
        The PI's good direction.

    Returns
    -------
    str
    """
    n = len(points)
    if n == 0:
        return f"SPC chart of {title}: no figures to plot."
    quarters = points["quarter"].tolist() if "quarter" in points else [f"point {i + 1}" for i in range(n)]
    last = points.iloc[-1]
    variation = spc.variation(points)
    assurance = spc.assurance(last["lcl"], last["ucl"], direction, last["target"], last["target_upper"])
    f = lambda v: _fmt(v, unit, decimals)  # noqa: E731
    text = f"SPC chart of {title} over {n} periods from {quarters[0]} to {quarters[-1]}"
    if variation == spc.TOO_FEW:
        text += (
            f". Too few points for process limits (fewer than {spc.min_points_or_default(min_points)} in the latest "
            "period of "
            f"calculation). Last value {f(last['value'])} in {quarters[-1]}."
        )
    else:
        segments = int(points["segment"].max()) + 1
        rebased = f", recalculated {segments - 1} time{'s' if segments > 2 else ''}" if segments > 1 else ""
        text += (
            f"{rebased}: mean {f(last['mean'])}, process limits {f(last['lcl'])} to {f(last['ucl'])}. "
            f"Last value {f(last['value'])} in {quarters[-1]}."
        )
        counts = points["point_class"].value_counts()
        special = [f"{int(counts[c])} {c}" for c in (spc.IMPROVEMENT, spc.CONCERN, spc.NEUTRAL) if c in counts]
        if special:
            text += " Points showing special cause: " + ", ".join(special) + "."
        rule = last["rule"]
        text += f" Variation: {variation}" + (f" ({rule})." if rule else ".")
    if pd.notna(last["target"]) and direction == "range" and pd.notna(last["target_upper"]):
        target = f"target range {f(last['target'])} to {f(last['target_upper'])}"
    elif pd.notna(last["target"]):
        target = f"target {f(last['target'])}"
    else:
        target = "no target"
    text += f" Assurance: {assurance} ({target})."
    return text


def _limits(ax: plt.Axes, data: pd.DataFrame) -> None:
    """Mean and process limits, one stretch per segment."""
    first_limit = True
    for _, seg in data.groupby("segment", sort=True) if len(data) else []:
        if seg["mean"].isna().all():
            continue
        xs = [seg.index[0] - 0.4, seg.index[-1] + 0.4]
        m, lo, hi = seg["mean"].iloc[0], seg["lcl"].iloc[0], seg["ucl"].iloc[0]
        ax.plot(xs, [m, m], color=SPC_COLOURS["mean"], linewidth=1.0, label="Mean" if first_limit else None)
        ax.plot(
            xs,
            [lo, lo],
            color=SPC_COLOURS["limits"],
            linewidth=0.9,
            linestyle="--",
            label="Process limits" if first_limit else None,
        )
        ax.plot(xs, [hi, hi], color=SPC_COLOURS["limits"], linewidth=0.9, linestyle="--")
        first_limit = False


def _target(ax: plt.Axes, data: pd.DataFrame, x: list[int], direction: str | None) -> None:
    """The target line, or the target band of a range PI."""
    if len(data) and data["target"].notna().any():
        if direction == "range" and data["target_upper"].notna().any():
            ax.fill_between(
                x,
                data["target"],
                data["target_upper"],
                step="mid",
                color=palette.TARGET_BAND,
                alpha=palette.TARGET_BAND_ALPHA,
                lw=0,
                label="Target range",
            )
        else:
            ax.step(
                x,
                data["target"],
                where="mid",
                color=SPC_COLOURS["target"],
                linestyle="-.",
                linewidth=1.1,
                label="Target",
            )


def _last_point_and_ticks(
    ax: plt.Axes, data: pd.DataFrame, classes: pd.Series, x: list[int], quarters: list[str]
) -> None:
    """The last point labelled with its class in words, and the period labels (the latest always shown)."""
    last_cls = classes.iloc[-1]
    word = {
        spc.COMMON: "Common cause",
        spc.IMPROVEMENT: "Improvement",
        spc.CONCERN: "Concern",
        spc.NEUTRAL: "Neutral",
    }[last_cls]
    ax.annotate(
        word,
        (x[-1], data["value"].iloc[-1]),
        xytext=(-7, 0),
        textcoords="offset points",
        ha="right",
        va="center",
        fontsize=8,
        color="#1a1a1a",
        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
    )
    step = max(1, math.ceil(len(x) / 7))
    ticks = x[::-1][::step][::-1]
    ax.set_xticks(ticks, [quarters[i].replace(" ", "\n") for i in ticks])


def spc_chart(
    points: pd.DataFrame,
    title: str,
    unit: str,
    decimals: int,
    direction: str | None = None,
    value_label: str = "Value",
    min_points: int | None = None,
    year: YearView | None = None,
) -> Figure:
    """An SPC chart of one PI, with alt text and caption.

    Parameters
    ----------
    points : DataFrame
        One PI's rows of :func:`perflib.spc.spc_points` (or the output of
        :func:`perflib.spc.spc_series`, optionally with a ``quarter`` column),
        oldest first.
    title : str
        The PI's code and title (also the caption).
    unit : str
        Catalogue unit.
    decimals : int
        Catalogue decimal places.
    direction : str, optional
        The PI's good direction; defaults to the points' ``good_direction``.
    value_label : str
        What the value is (e.g. "Quarter's own figure"), for the axis.
    min_points : int, optional
        The fewest points for limits (default ``spc.min_points`` in ``data/methodology.yml``).
    year : YearView, optional
        This year so far and its forecast, drawn as a panel on the right
        (:mod:`perflib.report.forecast_charts`).

    Returns
    -------
    perflib.report.charts.Figure
    """
    data = points.reset_index(drop=True)
    if direction is None:
        if "good_direction" in data and len(data):
            direction = data["good_direction"].iloc[0]
        else:
            direction = data.attrs.get("direction")
    alt = spc_alt_text(data, title, unit, decimals, direction, min_points) + alt_text(year)
    n = len(data)
    quarters = data["quarter"].tolist() if "quarter" in data else [str(i + 1) for i in range(n)]
    fig, ax, year_ax = figure_axes(year, (6.3, 3.0))
    x = list(range(n))
    if n:
        ax.plot(x, data["value"], color=SPC_COLOURS["line"], linewidth=1.2, zorder=2)
    _limits(ax, data)
    _target(ax, data, x, direction)
    # points by class: colour and marker
    classes = data["point_class"].where(data["point_class"].notna(), spc.COMMON) if n else pd.Series(dtype=object)
    for cls, (marker, label) in SPC_MARKERS.items():
        sel = classes.eq(cls)
        if sel.any():
            ax.scatter(
                [i for i, s in zip(x, sel, strict=True) if s],
                data.loc[sel, "value"],
                marker=marker,
                s=34,
                color=SPC_COLOURS[cls],
                edgecolor="#1f1f1f",
                linewidth=0.5,
                zorder=3,
                label=label,
            )
    if n:
        _last_point_and_ticks(ax, data, classes, x, quarters)
    value_axis(ax, value_label, unit)
    last = data.iloc[-1] if n else None
    variation = spc.variation(data)
    assurance = (
        spc.assurance(last["lcl"], last["ucl"], direction, last["target"], last["target_upper"])
        if last is not None
        else spc.NO_ASSURANCE
    )
    ax.set_title(f"{title}\nVariation: {variation}. Assurance: {assurance}.", loc="left", fontsize=9)
    entries = draw_year(year_ax, year, SPC_COLOURS["target"], "-.") if year and year_ax else []
    legend(ax, year_ax, entries)
    sns.despine(fig=fig)
    return render(fig, alt, title)


__all__ = ["spc_chart", "spc_alt_text", "SPC_COLOURS", "SPC_MARKERS"]
