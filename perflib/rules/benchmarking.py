"""Benchmarking: how the council's figures compare with a group of comparators.

The figures come from the comparator files (:mod:`perflib.inputs.comparators`).
The comparator group is the list of area codes in ``benchmarking.group``; the
council's own row (``benchmarking.own_area_code``) is always counted as a
member of its group. The rules, in plain English with worked examples, are in
``docs/methodology.md`` section 9:

* the **period** compared is the report quarter's; a financial-year row
  stands for it when the PI is annual or biennial (and due this quarter), or
  cumulative in Q4 (the year to date at Q4 is the year). A quarter row wins
  over a financial-year row;
* **rank** 1 is best (the highest value for a *higher* PI, the lowest for a
  *lower* one); tied areas share the better rank; range PIs are not ranked;
* **quartile**: see :func:`quartile`;
* **median** of the values of every area with a figure (``n`` of them);
* the group **average** is the pooled rate 100 x (sum of numerators) / (sum of
  denominators) for a percent PI when every one of the ``n`` areas gives a
  numerator and a positive denominator, otherwise the median.

The council's figure is its own row in the comparator file, so that everyone
is compared from one source; the sample's own rows are made from its returns,
so they agree with the report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.core.config import BenchmarkingConfig, CouncilConfig, benchmarking_settings
from perflib.core.quarters import Quarter

MEDIAN_METHOD = "median of values"
POOLED_METHOD = "pooled rate from numerators and denominators"
#: Fewest areas for a quartile to be given.
MIN_AREAS_FOR_QUARTILE = 4

#: Columns of :func:`benchmark_summary`, after ``pi_code``.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "benchmark_period",
    "benchmark_value",
    "benchmark_median",
    "benchmark_average",
    "benchmark_method",
    "benchmark_quartile",
    "benchmark_rank",
    "benchmark_n",
    "benchmark_group",
)


def matching_periods(quarter: str | Quarter, frequency: str, measure_type: str) -> list[str]:
    """Comparator periods that stand for a PI's figure in ``quarter``, best first.

    Parameters
    ----------
    quarter : str or Quarter
        The report quarter.
    frequency : str
        ``quarterly``, ``annual`` or ``biennial``.
    measure_type : str
        ``in_quarter``, ``cumulative`` or ``snapshot``.

    Returns
    -------
    list of str
        Always the quarter itself; then its financial year for annual and
        biennial PIs (their figure is the year's) and for cumulative PIs in Q4
        (the year to date at Q4 is the whole year).
    """
    q = Quarter.parse(quarter)
    out = [q.label]
    if frequency in ("annual", "biennial") or (measure_type == "cumulative" and q.q == 4):
        out.append(q.financial_year)
    return out


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


def quartile(rank: int | None, n: int) -> int | None:
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
        Areas with a figure (at least :data:`MIN_AREAS_FOR_QUARTILE`).

    Returns
    -------
    int or None
        None without a rank or with fewer than 4 areas.
    """
    if rank is None or pd.isna(rank) or n < MIN_AREAS_FOR_QUARTILE:
        return None
    for k in (1, 2, 3, 4):
        if 4 * (int(rank) - 1) <= k * (n - 1):
            return k
    return 4


def benchmark_summary(
    benchmarks: pd.DataFrame, scorecard: pd.DataFrame, config: CouncilConfig | BenchmarkingConfig | None
) -> pd.DataFrame:
    """Each PI's place among its comparators for the report quarter.

    Parameters
    ----------
    benchmarks : DataFrame
        From :func:`load_benchmarks`.
    scorecard : DataFrame
        One row per PI for the report quarter: ``pi_code``, ``quarter``,
        ``due``, ``good_direction``, ``unit``, ``frequency``,
        ``measure_type`` (the pipeline's scorecard has them all).
    config : CouncilConfig or BenchmarkingConfig
        Gives the group, its name and the council's own area code.

    Returns
    -------
    DataFrame
        One row per ``pi_code`` of the scorecard, in its order, with
        ``benchmark_period`` (the period compared), ``benchmark_value`` (the
        council's figure in the comparator file), ``benchmark_median``,
        ``benchmark_average`` (by ``benchmark_method``: :data:`POOLED_METHOD`
        or :data:`MEDIAN_METHOD`), ``benchmark_quartile`` (1 best; Int64),
        ``benchmark_rank`` (1 best; Int64), ``benchmark_n`` (areas with a
        figure, the council included) and ``benchmark_group``. PIs not due, or
        without comparator figures for the period, have NA, ``n`` 0 and an
        empty method.
    """
    settings = benchmarking_settings(config)
    group = set(settings.group) | {settings.own_area_code} if settings else set()
    own = settings.own_area_code if settings else None
    data = (
        benchmarks[benchmarks["area_code"].isin(group) & benchmarks["value"].notna()] if len(benchmarks) else benchmarks
    )
    by_key = {key: rows for key, rows in data.groupby(["indicator_id", "period"], sort=False)} if len(data) else {}
    out = []
    for rec in scorecard.to_dict("records"):
        row: dict[str, object] = {
            "pi_code": rec["pi_code"],
            "benchmark_period": None,
            "benchmark_value": np.nan,
            "benchmark_median": np.nan,
            "benchmark_average": np.nan,
            "benchmark_method": "",
            "benchmark_quartile": pd.NA,
            "benchmark_rank": pd.NA,
            "benchmark_n": 0,
            "benchmark_group": settings.group_name if settings else "",
        }
        out.append(row)
        if not settings or not bool(rec.get("due", True)):
            continue
        rows = None
        for period in matching_periods(rec["quarter"], rec["frequency"], rec["measure_type"]):
            rows = by_key.get((rec["pi_code"], period))
            if rows is not None and len(rows):
                row["benchmark_period"] = period
                break
        if rows is None or not len(rows):
            continue
        values = rows.set_index("area_code")["value"].astype(float)
        n = len(values)
        median = float(np.median(values.to_numpy()))
        pooled = (
            rec["unit"] == "percent"
            and rows["numerator"].notna().all()
            and rows["denominator"].notna().all()
            and (rows["denominator"] > 0).all()
        )
        rank = rank_of(values, own, rec["good_direction"]) if own is not None else None
        row.update(
            {
                "benchmark_value": float(values[own]) if own in values.index else np.nan,
                "benchmark_median": median,
                "benchmark_average": (100.0 * rows["numerator"].sum() / rows["denominator"].sum())
                if pooled
                else median,
                "benchmark_method": POOLED_METHOD if pooled else MEDIAN_METHOD,
                "benchmark_rank": pd.NA if rank is None else rank,
                "benchmark_quartile": quartile(rank, n) if rank is not None else pd.NA,
                "benchmark_n": n,
            }
        )
    frame = pd.DataFrame(out, columns=["pi_code", *SUMMARY_COLUMNS])
    frame["benchmark_rank"] = frame["benchmark_rank"].astype("Int64")
    frame["benchmark_quartile"] = pd.array(
        [pd.NA if q is None else q for q in frame["benchmark_quartile"]], dtype="Int64"
    )
    frame["benchmark_n"] = frame["benchmark_n"].astype(int)
    for col in ("benchmark_value", "benchmark_median", "benchmark_average"):
        frame[col] = frame[col].astype(float)
    return frame


#: Columns of :func:`comparator_values`.
COMPARATOR_COLUMNS: tuple[str, ...] = ("pi_code", "period", "area_code", "area_name", "value", "own")


def comparator_values(
    benchmarks: pd.DataFrame, summary: pd.DataFrame, config: CouncilConfig | BenchmarkingConfig | None
) -> pd.DataFrame:
    """Every group member's figure behind each PI's comparison (for the comparator charts).

    Parameters
    ----------
    benchmarks : DataFrame
        From :func:`load_benchmarks`.
    summary : DataFrame
        From :func:`benchmark_summary` (``pi_code`` and ``benchmark_period``).
    config : CouncilConfig or BenchmarkingConfig

    Returns
    -------
    DataFrame
        Columns :data:`COMPARATOR_COLUMNS`: one row per area with a figure for
        the period each PI was compared on, the council's own row marked
        ``own``; in the summary's PI order, then by area code. Empty when
        there is no benchmarking.
    """
    settings = benchmarking_settings(config)
    empty = pd.DataFrame(
        {c: pd.Series(dtype=bool if c == "own" else float if c == "value" else object) for c in COMPARATOR_COLUMNS}
    )
    if settings is None or not len(benchmarks) or not len(summary):
        return empty
    group = set(settings.group) | {settings.own_area_code}
    used = summary.loc[summary["benchmark_period"].notna(), ["pi_code", "benchmark_period"]]
    if not len(used):
        return empty
    data = benchmarks[benchmarks["area_code"].isin(group) & benchmarks["value"].notna()]
    out = used.merge(data, left_on=["pi_code", "benchmark_period"], right_on=["indicator_id", "period"])
    out["own"] = out["area_code"].eq(settings.own_area_code)
    order = {code: i for i, code in enumerate(used["pi_code"])}
    out = out.assign(_order=out["pi_code"].map(order)).sort_values(["_order", "area_code"], kind="stable")
    out["value"] = out["value"].astype(float)
    return out[list(COMPARATOR_COLUMNS)].reset_index(drop=True)


__all__ = [
    "benchmark_summary",
    "comparator_values",
    "COMPARATOR_COLUMNS",
    "matching_periods",
    "rank_of",
    "quartile",
    "MEDIAN_METHOD",
    "POOLED_METHOD",
    "SUMMARY_COLUMNS",
]
