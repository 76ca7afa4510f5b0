"""Small hand-written panels for the outturn, forecast and back-test tests.

``pi(...)`` describes one PI and its quarters' figures; ``panel(...)`` lays
them out as the rated panel's columns that :mod:`perflib.rules.forecast` reads
(the same names as :func:`perflib.build.panel.build_panel`), one row per PI per
quarter up to a last quarter; ``targets(...)`` gives the year-end targets of
the same PIs. Figures are given per financial year start, Q1..Q4; a rate with
a numerator and denominator is given as ``(numerator, denominator)`` pairs;
``None`` is a quarter with no usable figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.core.quarters import Quarter


def pi(
    code: str,
    measure_type: str,
    unit: str,
    direction: str,
    figures: dict[int, list],
    *,
    decimals: int = 1,
    target: float | None = 50.0,
    upper: float | None = None,
    frequency: str = "quarterly",
    ratio: bool = False,
    targets: dict[int, float | None] | None = None,
) -> dict:
    """One PI of a hand-written panel (``targets`` overrides ``target`` for some years; None: no target)."""
    return dict(
        code=code,
        measure_type=measure_type,
        unit=unit,
        direction=direction,
        figures=figures,
        decimals=decimals,
        target=target,
        upper=upper,
        frequency=frequency,
        ratio=ratio,
        targets=targets or {},
    )


def _figure(spec: dict, fy: int, q: int) -> tuple[float, float, float]:
    """(quarter value, numerator, denominator) of one quarter; NaN where not given."""
    year = spec["figures"].get(fy, [])
    given = year[q - 1] if q <= len(year) else None
    if given is None:
        return np.nan, np.nan, np.nan
    if spec["ratio"]:
        num, den = given
        if num is None:  # a rate given without its numerator and denominator
            return float(den), np.nan, np.nan
        return 100.0 * num / den, float(num), float(den)
    return float(given), np.nan, np.nan


def _target(spec: dict, fy: int) -> float:
    target = spec["targets"].get(fy, spec["target"])
    return np.nan if target is None else float(target)


def _row(spec: dict, quarter: Quarter) -> dict:
    value, num, den = _figure(spec, quarter.start_year, quarter.q)
    target = _target(spec, quarter.start_year)
    due = spec["frequency"] == "quarterly" or quarter.q == 4
    return {
        "pi_code": spec["code"],
        "quarter_index": quarter.index,
        "quarter": quarter.label,
        "fy_start": quarter.start_year,
        "q": quarter.q,
        "financial_year": quarter.financial_year,
        "frequency": spec["frequency"],
        "measure_type": spec["measure_type"],
        "unit": spec["unit"],
        "decimals": spec["decimals"],
        "good_direction": spec["direction"],
        "denominator_label": "cases" if spec["ratio"] else pd.NA,
        "due": due,
        "quarter_value": value if due else np.nan,
        "numerator": num,
        "denominator": den,
        "year_target": target,
        "target": target,
        "target_upper": np.nan if spec["upper"] is None else spec["upper"],
        "status": "Green",  # tests that need another status set it themselves
    }


def panel(specs: list[dict], first: str, last: str) -> pd.DataFrame:
    """The panel of ``specs`` from quarter ``first`` to ``last`` (e.g. ``"2019-20 Q1"``), PI by PI."""
    a, b = Quarter.parse(first), Quarter.parse(last)
    rows = [_row(s, Quarter.from_index(i)) for s in specs for i in range(a.index, b.index + 1)]
    return pd.DataFrame(rows)


def targets(specs: list[dict], first_year: int = 2015, last_year: int = 2030) -> pd.DataFrame:
    """The year-end targets of ``specs`` (``pi_code, fy_start, target, target_upper``), one row per year with one."""
    rows = [
        {
            "pi_code": s["code"],
            "fy_start": fy,
            "target": _target(s, fy),
            "target_upper": np.nan if s["upper"] is None else float(s["upper"]),
        }
        for s in specs
        for fy in range(first_year, last_year + 1)
        if not np.isnan(_target(s, fy))
    ]
    return pd.DataFrame(rows, columns=["pi_code", "fy_start", "target", "target_upper"])
