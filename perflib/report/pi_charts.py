"""The charts drawn for one PI: its series (an SPC chart when there are enough points) and its comparators."""

from __future__ import annotations

from typing import Any

import pandas as pd

from perflib.core.config import CouncilConfig
from perflib.report import charts
from perflib.report.comparator_charts import comparator_chart
from perflib.report.forecast_charts import YearView
from perflib.report.pi_view import Published
from perflib.report.render import is_missing
from perflib.report.spc_charts import spc_chart


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


def comparison_html(
    row: dict[str, Any], comparators: pd.DataFrame | None, published: Published, config: CouncilConfig
) -> str:
    """The council against its comparator group for one PI ("" without comparator figures).

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
    return comparator_chart(
        mine,
        f"{row['pi_code']} {row['title']}",
        row["unit"],
        int(row["decimals"]),
        row["good_direction"],
        group,
        str(mine["period"].iloc[0]),
        float(row["benchmark_median"]),
        rank=None if is_missing(rank) else int(rank),
        quartile=None if is_missing(quartile) else int(quartile),
    ).to_html()
