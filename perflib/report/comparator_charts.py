"""Comparator charts: the council's figure among its comparator group's."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from perflib.report.charts import Figure, render, value_axis
from perflib.report.comparator_words import names_and
from perflib.report.wording import format_value


def _ordered(values: pd.DataFrame, good_direction: str | None) -> pd.DataFrame:
    """Columns in chart order, better to the right; the council on the better side of any tie it is in.

    The council's place from the right is then one more than the number of
    areas strictly better: its rank (tied areas share the better rank).
    """
    ascending = good_direction != "lower"
    data = values.assign(_own=values["own"].astype(bool), _value=values["value"].astype(float).round(6))
    data = data.sort_values(["_value", "_own", "area_name"], ascending=[ascending, True, True], kind="stable")
    return data.drop(columns=["_own", "_value"]).reset_index(drop=True)


def _extreme(data: pd.DataFrame, highest: bool, unit: str, decimals: int) -> str:
    """ "highest 85.0% (Area One and Area Two)": the extreme value and every area that has it."""
    rounded = data["value"].astype(float).round(6)
    value = rounded.max() if highest else rounded.min()
    names = sorted(data.loc[rounded == value, "area_name"].astype(str))
    return f"{'highest' if highest else 'lowest'} {format_value(float(value), unit, decimals)} ({names_and(names)})"


def _own_text(council: pd.DataFrame, n: int, unit: str, decimals: int, rank: int | None, quartile: int | None) -> str:
    place = f"rank {rank} of {n}" if rank is not None else f"one of {n} areas, not ranked"
    q = f", quartile {quartile} where 1 is best" if quartile is not None else ""
    return f"{council['area_name'].iloc[0]} {format_value(council['value'].iloc[0], unit, decimals)}, {place}{q}"


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
    no_own_figure: str = "",
) -> Figure:
    """The council's figure among its comparator group's: one column per area.

    Columns are sorted so that better is to the right (for a PI with a good
    direction), the council's column on the better side of any tie so that
    its place agrees with its rank; the council's column is dark, hatched and
    labelled with its name and figure, the others light grey, and the group
    median is a dashed line labelled with its value. Colour is never the only
    signal. Without a council figure there is no council column, and the
    chart and its alt text say why.

    Parameters
    ----------
    values : DataFrame
        Columns ``area_name``, ``value`` and ``own`` (True for the council),
        one row per area with a figure (:attr:`perflib.rules.benchmarking.Comparison.values`).
    title : str
        The PI's code and title.
    unit : str
    decimals : int
    good_direction : str or None
        ``"higher"``, ``"lower"``, or anything else for no direction.
    group_name, period : str
        The comparator group and the period compared, in words.
    median : float
        The group median.
    rank, quartile : int, optional
        The council's rank (1 best) and quartile, for the alt text.
    no_own_figure : str
        Why the council has no figure (e.g. "Brentmoor's figure is suppressed
        in the release"), when it has none.

    Returns
    -------
    Figure
    """
    data = _ordered(values, good_direction)
    n = len(data)
    fig, ax = plt.subplots(figsize=(6.3, 2.6))
    own = data["own"].astype(bool).to_numpy()
    colours = ["#1f3a5f" if o else "#c8c8c8" for o in own]
    bars = ax.bar(list(range(n)), data["value"], color=colours, edgecolor="#1f1f1f", linewidth=0.3, width=0.8)
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
        fontsize=8,
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
            fontsize=8,
            fontweight="bold",
            arrowprops={"arrowstyle": "-", "color": "#1f1f1f", "lw": 0.8},
        )
    ax.set_xticks([])
    direction = {"higher": "higher is better", "lower": "lower is better"}.get(good_direction or "", "")
    note = f"; {no_own_figure}" if no_own_figure and not len(council) else ""
    ax.set_xlabel(
        textwrap.fill(
            f"{n} areas in {group_name}, {period}"
            + (f"; better to the right ({direction})" if direction else "")
            + note,
            90,
        ),
        fontsize=8,
    )
    value_axis(ax, "Value", unit)
    ax.set_title(textwrap.fill(f"{title}: compared with {group_name}", 70), loc="left")
    ax.margins(x=0.01, y=0.18)
    sns.despine(ax=ax)
    if len(council):
        own_text = _own_text(council, n, unit, decimals, rank, quartile)
    else:
        own_text = (no_own_figure or "the council has no figure in the comparator data") + ", so it has no column"
    alt = (
        f"Column chart of {title} for {period} across {n} areas in {group_name}: {own_text}; group median "
        f"{format_value(median, unit, decimals)}; {_extreme(data, False, unit, decimals)}, "
        f"{_extreme(data, True, unit, decimals)}."
    )
    return render(fig, alt, f"{title}: compared with {group_name}, {period}")
