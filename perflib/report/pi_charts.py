"""The charts drawn for one PI: its series (an SPC chart when there are enough points) and its comparators."""

from __future__ import annotations

from typing import Any

import pandas as pd

from perflib.core.config import CouncilConfig
from perflib.report import charts
from perflib.report.comparator_charts import comparator_chart
from perflib.report.comparator_words import own_missing_text
from perflib.report.forecast_charts import YearView
from perflib.report.funnel_charts import funnel_chart
from perflib.report.pi_view import Published
from perflib.report.render import is_missing
from perflib.report.spc_charts import spc_chart
from perflib.rules.comparator_method import comparator_method
from perflib.rules.funnel import funnel_plot


def series_html(
    row: dict[str, Any],
    panel: pd.DataFrame,
    spc_points: pd.DataFrame | None,
    published: Published,
    min_points: int,
    year: YearView | None = None,
) -> str:
    """The PI's chart over time: the SPC chart when its latest period has limits, otherwise its values and target.

    Parameters
    ----------
    row : dict
        The PI's row view.
    panel : DataFrame
        The rated panel.
    spc_points : DataFrame or None
        Every PI's SPC points.
    published : Published
        A PI with hidden figures gets a sentence instead of a chart.
    min_points : int
        The fewest points for SPC limits.
    year : YearView, optional
        This year so far and its forecast (or outturn), drawn beside the chart.

    Returns
    -------
    str
        HTML.
    """
    if row["pi_code"] in published.hidden_series:
        return (
            '<p class="muted">Chart not shown: some counts in this series are small enough to identify '
            "individuals and are suppressed.</p>"
        )
    mine = spc_points[spc_points["pi_code"] == row["pi_code"]] if spc_points is not None and len(spc_points) else None
    if mine is not None and len(mine) >= min_points and mine["mean"].notna().any():
        label = "Quarter's own figure" if row["measure_type"] == "cumulative" else "Value"
        return spc_chart(
            mine,
            f"{row['pi_code']} {row['title']}",
            row["unit"],
            int(row["decimals"]),
            row["good_direction"],
            label,
            min_points,
            year=year,
        ).to_html()
    hist = panel[(panel["pi_code"] == row["pi_code"]) & panel["value"].notna()]
    if len(hist) < 2:
        return '<p class="muted">Not enough history to chart.</p>'
    label = "Year to date" if row["measure_type"] == "cumulative" else "Value"
    return charts.series_chart(
        hist[["quarter", "value", "target", "target_upper", "status"]],
        f"{row['pi_code']} {row['title']}",
        row["unit"],
        int(row["decimals"]),
        label,
        year=year,
    ).to_html()


def _funnel_html(row: dict[str, Any], mine: pd.DataFrame, group: str, config: CouncilConfig) -> str:
    """The PI's funnel plot, when its comparison has one (a funnel z-score)."""
    if is_missing(row.get("benchmark_funnel_z")) or not mine["own"].any():
        return ""
    own_code = str(mine.loc[mine["own"], "area_code"].iloc[0])
    plot = funnel_plot(
        mine,
        own_code,
        row["good_direction"],
        comparator_method(config.methodology),
        bool(row.get("benchmark_overdispersion")),
    )
    if plot is None:
        return ""
    label = row.get("denominator_label")
    return funnel_chart(
        plot,
        f"{row['pi_code']} {row['title']}",
        "" if is_missing(label) else str(label),
        group,
        str(row.get("benchmark_period")),
        int(row["decimals"]),
    ).to_html()


def comparison_html(
    row: dict[str, Any], comparators: pd.DataFrame | None, published: Published, config: CouncilConfig
) -> str:
    """The council against its comparator group for one PI ("" without comparator figures).

    A column chart of every area's figure, and for a percentage PI with
    numerators and denominators a funnel plot. When the council has no figure
    for the period the column chart has no council column and says why, and
    there is no funnel plot (the PI's details say so too).

    Parameters
    ----------
    row : dict
        The PI's row view.
    comparators : DataFrame or None
        Every comparator's figure behind each PI's comparison.
    published : Published
    config : CouncilConfig

    Returns
    -------
    str
        HTML.
    """
    if comparators is None or not len(comparators) or row["pi_code"] in published.hidden_series:
        return ""
    mine = comparators[comparators["pi_code"] == row["pi_code"]]
    if len(mine) < 2 or is_missing(row.get("benchmark_median")):
        return ""
    rank: Any = row.get("benchmark_rank")
    quartile: Any = row.get("benchmark_quartile")
    group = row.get("benchmark_group") or (
        config.benchmarking.group_name if config.benchmarking else "the comparator group"
    )
    missing = row.get("benchmark_own_missing") or ""
    no_own = f"{config.short_name}'s figure is {own_missing_text(missing)}" if missing else ""
    columns = comparator_chart(
        mine,
        f"{row['pi_code']} {row['title']}",
        row["unit"],
        int(row["decimals"]),
        row["good_direction"],
        group,
        str(row.get("benchmark_period")),
        float(row["benchmark_median"]),
        rank=None if is_missing(rank) else int(rank),
        quartile=None if is_missing(quartile) else int(quartile),
        no_own_figure=no_own,
    ).to_html()
    return columns + _funnel_html(row, mine, group, config)
