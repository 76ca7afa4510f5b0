"""Comparator charts: the council's figure among its comparator group's."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from perflib.report.charts import Figure, render, value_axis
from perflib.report.wording import format_value


def comparator_chart(
    values: pd.DataFrame,
    title: str,
    unit: str,
    decimals: int,
    good_direction: str | None,
    group_name: str,
    period: str,
    median: float,
    rank: int | None = None,
    quartile: int | None = None,
) -> Figure:
    """The council's figure among its comparator group's: one column per area.

    Columns are sorted so that better is to the right (for a PI with a good
    direction); the council's column is dark, hatched and labelled with its
    name and figure, the others light grey, and the group median is a dashed
    line labelled with its value. Colour is never the only signal.

    Parameters
    ----------
    values : DataFrame
        Columns ``area_name``, ``value`` and ``own`` (True for the council),
        one row per area with a figure (:func:`perflib.benchmarking.comparator_values`).
    title : str
        The PI's code and title.
    unit : str
    decimals : int
    good_direction : str or None
        ``"higher"``, ``"lower"``, or anything else for no direction.
    group_name, period : str
        The comparator group and the period compared.
    median : float
        The group median.
    rank, quartile : int, optional
        The council's rank (1 best) and quartile, for the alt text.
    """
    data = values.sort_values(["value", "area_name"], ascending=good_direction != "lower", kind="stable").reset_index(
        drop=True
    )
    n = len(data)
    fig, ax = plt.subplots(figsize=(6.3, 2.6))
    x = list(range(n))
    own = data["own"].astype(bool).to_numpy()
    colours = ["#1f3a5f" if o else "#c8c8c8" for o in own]
    bars = ax.bar(x, data["value"], color=colours, edgecolor="#1f1f1f", linewidth=0.3, width=0.8)
    for bar, o in zip(bars, own, strict=True):
        if o:
            bar.set_hatch("///")
            bar.set_edgecolor("#ffffff")
    ax.axhline(median, color="#1f1f1f", linestyle="--", linewidth=1.0)
    ax.annotate(
        f"Group median {format_value(median, unit, decimals)}",
        xy=(0, median),
        xytext=(2, 3),
        textcoords="offset points",
        fontsize=7,
        color="#1f1f1f",
        zorder=5,
        bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "#1f1f1f", "linewidth": 0.5},
    )
    council = data[own]
    if len(council):
        i = int(council.index[0])
        ax.annotate(
            f"{council['area_name'].iloc[0]} {format_value(council['value'].iloc[0], unit, decimals)}",
            xy=(i, council["value"].iloc[0]),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            fontsize=7.5,
            fontweight="bold",
            arrowprops={"arrowstyle": "-", "color": "#1f1f1f", "lw": 0.8},
        )
    ax.set_xticks([])
    direction = {"higher": "higher is better", "lower": "lower is better"}.get(good_direction or "", "")
    ax.set_xlabel(
        textwrap.fill(
            f"{n} areas in {group_name}, {period}" + (f"; better to the right ({direction})" if direction else ""), 90
        ),
        fontsize=8,
    )
    value_axis(ax, "Value", unit)
    ax.set_title(textwrap.fill(f"{title}: compared with {group_name}", 70), loc="left")
    ax.margins(x=0.01, y=0.18)
    sns.despine(ax=ax)
    low = data.loc[data["value"].idxmin()]
    high = data.loc[data["value"].idxmax()]
    if len(council):
        place = f"rank {rank} of {n}" if rank is not None else f"one of {n} areas"
        q = f", quartile {quartile} where 1 is best" if quartile is not None else ""
        own_text = (
            f"{council['area_name'].iloc[0]} {format_value(council['value'].iloc[0], unit, decimals)}, {place}{q}"
        )
    else:
        own_text = "the council has no figure in the comparator data"
    alt = (
        f"Column chart of {title} for {period} across {n} areas in {group_name}: {own_text}; group median "
        f"{format_value(median, unit, decimals)}; lowest {format_value(low['value'], unit, decimals)} "
        f"({low['area_name']}), highest {format_value(high['value'], unit, decimals)} ({high['area_name']})."
    )
    return render(fig, alt, f"{title}: compared with {group_name}, {period}")
