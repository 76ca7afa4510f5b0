"""Benchmarking: how the council's figures compare with its comparator group's.

The figures come from the comparator sources (:mod:`perflib.inputs.comparators`);
each source's mapping says which areas form the group, and the council is
always counted as a member of its group. The rules, in plain English with
worked examples, are in ``docs/methodology.md`` section 9:

* the **period** compared is chosen by the period rule
  (:mod:`perflib.rules.comparison_period`), for every PI with comparator
  figures, and named in words;
* **rank** 1 is best (the highest value for a *higher* PI, the lowest for a
  *lower* one); tied areas share the better rank; range PIs are not ranked;
* **quartile**: see :func:`quartile`;
* the **median** of the values of every area with a figure (``n`` of them);
* the group **average**: the pooled rate 100 x (sum of numerators) / (sum of
  denominators) for a percentage PI when every one of the ``n`` areas gives a
  numerator and a positive denominator, otherwise the mean of the ``n``
  values; its method is always given with it;
* the **funnel label** (:mod:`perflib.rules.funnel`) for percentage PIs with
  numerators and denominators.

When the council has no figure for the period (suppressed, not published, or
no row at all), or the report's own small-number suppression withholds it
for a sensitive PI, the group is still described, but nothing is ranked and
the reason is kept (``benchmark_own_missing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from perflib.core.config import BenchmarkingConfig, CouncilConfig, benchmarking_settings
from perflib.core.methodology import Suppression, default_methodology
from perflib.core.quarters import Quarter
from perflib.inputs.comparator_periods import period_words
from perflib.inputs.comparators import ComparatorData, PiSettings
from perflib.rules import suppression
from perflib.rules.comparator_method import ComparatorMethod, comparator_method
from perflib.rules.comparison_period import ComparatorPeriods
from perflib.rules.funnel import funnel_columns, funnel_plot

#: The group average's methods (``benchmark_average_method``).
POOLED_METHOD = "pooled rate"
MEAN_METHOD = "mean"
#: ``benchmark_own_missing`` when the council has no row at all for the period compared.
NO_ROW = "no row"
#: ``benchmark_own_missing`` when the council's figure is withheld by the report's own small-number suppression.
SMALL = "small numbers"

#: Columns of :attr:`Comparison.summary`, after ``pi_code``.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "benchmark_period",
    "benchmark_value",
    "benchmark_own_missing",
    "benchmark_median",
    "benchmark_average",
    "benchmark_average_method",
    "benchmark_quartile",
    "benchmark_rank",
    "benchmark_ties",
    "benchmark_n",
    "benchmark_group",
    "benchmark_source",
    "benchmark_funnel",
    "benchmark_funnel_z",
    "benchmark_funnel_phi",
    "benchmark_overdispersion",
)
#: Columns of :attr:`Comparison.values`.
COMPARATOR_COLUMNS: tuple[str, ...] = (
    "pi_code",
    "period",
    "area_code",
    "area_name",
    "value",
    "numerator",
    "denominator",
    "own",
)


@dataclass(frozen=True)
class Comparison:
    """Each PI's place among its comparators, and the figures behind it.

    Attributes
    ----------
    summary : DataFrame
        One row per PI of the scorecard, in its order: ``pi_code`` and
        :data:`SUMMARY_COLUMNS`.
    values : DataFrame
        :data:`COMPARATOR_COLUMNS`: every group area with a figure for the
        period each PI was compared on (for the charts), the council's row
        marked ``own``.
    """

    summary: pd.DataFrame
    values: pd.DataFrame


def rank_of(values: pd.Series, area: str, direction: str) -> int | None:
    """The rank of ``area`` among ``values`` (1 best; ties share the better rank).

    Parameters
    ----------
    values : Series of float
        Area code -> value, only areas with a figure.
    area : str
        The area ranked.
    direction : str
        ``higher`` or ``lower``; anything else gives None.

    Returns
    -------
    int or None
        One more than the number of areas strictly better, so 80, 60, 60, 50
        rank 1, 2, 2, 4 when higher is better.
    """
    if direction not in ("higher", "lower") or area not in values.index or pd.isna(values[area]):
        return None
    v = values.round(6)
    own = v[area]
    better = (v > own) if direction == "higher" else (v < own)
    return int(better.sum()) + 1


def ties_of(values: pd.Series, area: str) -> int:
    """How many other areas have exactly the figure of ``area`` (compared to 6 decimal places).

    Parameters
    ----------
    values : Series of float
        Area code -> value.
    area : str

    Returns
    -------
    int
        0 when ``area`` has no figure.
    """
    if area not in values.index or pd.isna(values[area]):
        return 0
    v = values.round(6)
    return int((v == v[area]).sum()) - 1


def quartile(rank: int | None, n: int, min_areas: int) -> int | None:
    """Quartile 1 (best) to 4 (worst) of the area at ``rank`` among ``n``.

    The position is ``p = (rank - 1) / (n - 1)``: 0 for the best area, 1 for
    the worst. Quartile 1 when ``p <= 0.25``, 2 when ``p <= 0.5``, 3 when
    ``p <= 0.75``, otherwise 4; a position exactly on a boundary goes to the
    better quartile. Worked in whole numbers (the smallest ``k`` with
    ``4 x (rank - 1) <= k x (n - 1)``), so nothing is lost to rounding. With
    34 areas, ranks 1-9 are quartile 1, 10-17 quartile 2, 18-25 quartile 3
    and 26-34 quartile 4. Tied areas share the better rank, so they share a
    quartile.

    Parameters
    ----------
    rank : int or None
        1 is best.
    n : int
        Areas with a figure.
    min_areas : int
        Fewest areas for a quartile (``ComparatorMethod.min_areas_quartile``).

    Returns
    -------
    int or None
        None without a rank or with fewer than ``min_areas`` areas.
    """
    if rank is None or pd.isna(rank) or n < min_areas:
        return None
    for k in (1, 2, 3):
        if 4 * (int(rank) - 1) <= k * (n - 1):
            return k
    return 4


def group_average(rows: pd.DataFrame, unit: str) -> tuple[float, str]:
    """The group average and its method.

    Parameters
    ----------
    rows : DataFrame
        The areas with a figure (``value``, ``numerator``, ``denominator``).
    unit : str
        The PI's unit; only a ``percent`` PI is pooled.

    Returns
    -------
    tuple
        (100 x sum of numerators / sum of denominators, :data:`POOLED_METHOD`)
        when every area gives a numerator and a positive denominator, else
        (the mean of the values, :data:`MEAN_METHOD`).
    """
    pooled = unit == "percent" and bool(rows["numerator"].notna().all() and (rows["denominator"] > 0).all())
    if pooled:
        return 100.0 * float(rows["numerator"].sum()) / float(rows["denominator"].sum()), POOLED_METHOD
    return float(rows["value"].astype(float).mean()), MEAN_METHOD


def _protect(rows: pd.DataFrame, rec: dict[str, Any], rule: Suppression) -> pd.DataFrame:
    """``rows`` with the council's figure withheld (:data:`SMALL`) when the report would suppress it.

    For a PI marked sensitive, a count from 1 to ``min_count - 1``, or a
    figure resting on a denominator below ``min_denominator``, is not
    published (:mod:`perflib.rules.suppression`); the comparison then treats
    the council as having no figure, so nothing reveals it.
    """
    own = rows["own"] & rows["value"].notna()
    if not own.any() or str(rec.get("sensitive", "")).lower() not in ("yes", "true"):
        return rows
    units = pd.Series(rec["unit"], index=rows.index)
    small = suppression.mask(rows["value"], pd.Series("yes", index=rows.index), units, rule.min_count)
    small |= rows["denominator"].notna() & (rows["denominator"] < rule.min_denominator)
    if not (own & small).any():
        return rows
    rows = rows.copy()
    rows.loc[own, ["value", "numerator", "denominator"]] = np.nan
    rows.loc[own, "missing"] = SMALL
    return rows


def _own_missing(rows: pd.DataFrame) -> str:
    """Why the council has no figure in ``rows`` (all the period's rows), or ``""`` when it has one."""
    own = rows[rows["own"]]
    if not len(own):
        return NO_ROW
    if pd.isna(own["value"].iloc[0]):
        return str(own["missing"].iloc[0] or "blank")
    return ""


def _blank(pi_code: str, group_name: str) -> dict[str, Any]:
    return {
        "pi_code": pi_code,
        "benchmark_period": None,
        "benchmark_value": np.nan,
        "benchmark_own_missing": "",
        "benchmark_median": np.nan,
        "benchmark_average": np.nan,
        "benchmark_average_method": "",
        "benchmark_quartile": pd.NA,
        "benchmark_rank": pd.NA,
        "benchmark_ties": 0,
        "benchmark_n": 0,
        "benchmark_group": group_name,
        "benchmark_source": "",
        "benchmark_funnel": "",
        "benchmark_funnel_z": np.nan,
        "benchmark_funnel_phi": np.nan,
        "benchmark_overdispersion": False,
    }


def _compare(rec: dict[str, Any], rows: pd.DataFrame, pi: PiSettings, method: ComparatorMethod) -> dict[str, Any]:
    """The summary columns of one PI from its period's rows."""
    have = rows[rows["value"].notna()]
    values = have.set_index("area_code")["value"].astype(float)
    own_missing = _own_missing(rows)
    own_code = str(rows.loc[rows["own"], "area_code"].iloc[0]) if own_missing != NO_ROW else pi.own_area_code
    rank = None if own_missing else rank_of(values, own_code, rec["good_direction"])
    average, how = group_average(have, rec["unit"])
    plot = None
    if rec["unit"] == "percent" and not own_missing:
        plot = funnel_plot(have, own_code, rec["good_direction"], method, pi.overdispersion)
    return {
        "benchmark_value": np.nan if own_missing else float(values[own_code]),
        "benchmark_own_missing": own_missing,
        "benchmark_median": float(np.median(values.to_numpy())),
        "benchmark_average": average,
        "benchmark_average_method": how,
        "benchmark_rank": pd.NA if rank is None else rank,
        "benchmark_ties": 0 if own_missing else ties_of(values, own_code),
        "benchmark_quartile": quartile(rank, len(values), method.min_areas_quartile),
        "benchmark_n": len(values),
        "benchmark_source": pi.source,
        "benchmark_overdispersion": pi.overdispersion,
        "benchmark_funnel_phi": plot.phi if plot is not None and plot.phi_applied else np.nan,
        **funnel_columns(plot),
    }


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame["benchmark_rank"] = frame["benchmark_rank"].astype("Int64")
    frame["benchmark_quartile"] = pd.array([pd.NA if q is None else q for q in frame["benchmark_quartile"]], "Int64")
    frame["benchmark_n"] = frame["benchmark_n"].astype(int)
    frame["benchmark_ties"] = frame["benchmark_ties"].astype(int)
    frame["benchmark_overdispersion"] = frame["benchmark_overdispersion"].astype(bool)
    for col in (
        "benchmark_value",
        "benchmark_median",
        "benchmark_average",
        "benchmark_funnel_z",
        "benchmark_funnel_phi",
    ):
        frame[col] = frame[col].astype(float)
    return frame


def _values(used: list[tuple[str, str, pd.DataFrame]]) -> pd.DataFrame:
    """The rows with a figure behind each comparison, with the PI and the period in words."""
    if not used:
        return empty_values()
    rows = pd.concat([r for _, _, r in used], ignore_index=True)
    sizes = [len(r) for _, _, r in used]
    rows["pi_code"] = np.repeat([code for code, _, _ in used], sizes)
    rows["period"] = np.repeat([words for _, words, _ in used], sizes)
    rows["value"] = rows["value"].astype(float)
    return rows[list(COMPARATOR_COLUMNS)]


def empty_values() -> pd.DataFrame:
    """An empty :attr:`Comparison.values` table.

    Returns
    -------
    DataFrame
    """
    kinds = {"value": float, "numerator": float, "denominator": float, "own": bool}
    return pd.DataFrame({c: pd.Series(dtype=kinds.get(c, object)) for c in COMPARATOR_COLUMNS})


def compare_with_group(
    data: ComparatorData,
    scorecard: pd.DataFrame,
    config: CouncilConfig | BenchmarkingConfig | None,
    quarter: str | Quarter,
) -> Comparison:
    """Each PI's place among its comparators for the report quarter.

    Parameters
    ----------
    data : ComparatorData
        From :func:`perflib.inputs.comparators.load_comparators`.
    scorecard : DataFrame
        One row per PI: ``pi_code``, ``good_direction``, ``unit`` and
        (optional) ``sensitive``.
    config : CouncilConfig or BenchmarkingConfig or None
        Gives the group's name and the council's code, and (a
        CouncilConfig) the methodology; the bundled methodology otherwise.
    quarter : str or Quarter
        The report quarter.

    Returns
    -------
    Comparison
        PIs without comparator figures within their look-back have NA, ``n`` 0
        and empty texts.
    """
    settings = benchmarking_settings(config)
    methodology = config.methodology if isinstance(config, CouncilConfig) else default_methodology()
    method, rule = comparator_method(methodology), methodology.suppression
    default_name = settings.group_name if settings else ""
    own_code = settings.own_area_code if settings else ""
    out, used = [], []
    periods = ComparatorPeriods(data.table)
    for rec in scorecard.to_dict("records"):
        code = rec["pi_code"]
        pi = data.settings.get(code) or PiSettings(code, "", "", own_code)
        row = _blank(code, pi.group_name or default_name)
        out.append(row)
        period = periods.period(
            code, quarter, method.lookback_months if pi.lookback_months is None else pi.lookback_months
        )
        if period is None:
            continue
        rows = _protect(periods.rows(code, period), rec, rule)
        row.update(_compare(rec, rows, pi, method), benchmark_period=period_words(period))
        used.append((code, row["benchmark_period"], rows[rows["value"].notna()]))
    summary = _typed(pd.DataFrame(out, columns=["pi_code", *SUMMARY_COLUMNS]))
    return Comparison(summary, _values(used))


__all__ = [
    "compare_with_group",
    "Comparison",
    "COMPARATOR_COLUMNS",
    "empty_values",
    "group_average",
    "rank_of",
    "ties_of",
    "quartile",
    "MEAN_METHOD",
    "NO_ROW",
    "POOLED_METHOD",
    "SMALL",
    "SUMMARY_COLUMNS",
]
