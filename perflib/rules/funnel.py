"""Funnel plots: is the council's rate different from its comparator group's, allowing for its size?

For a PI with numerators and denominators (a percentage), each area of the
group is a point: x its denominator ``n``, y its rate. The method is
Spiegelhalter's (2005), with the normal approximation to the binomial:

* the **centre line** is the group's pooled proportion
  ``p0 = sum(numerators) / sum(denominators)``, the council included;
* the **control limits** at size ``n`` are ``p0 +/- z * sqrt(p0 (1 - p0) / n)``
  with ``z = 1.960`` (95%) and ``z = 3.090`` (99.8%) (``comparators.funnel``
  in ``data/methodology.yml``), in percent and clipped to 0-100;
* an area's **z-score** is ``(p - p0) / sqrt(p0 (1 - p0) / n)``;
* **over-dispersion** (a per-PI setting, off by default): the z-scores of all
  the areas are Winsorised at their 10th and 90th percentiles (percentiles
  by linear interpolation, R's type 7, as numpy's default; values beyond them
  set to them), ``phi = (1 / k) * sum(z_w ** 2)`` over the ``k`` areas, and
  when ``phi > 1`` the limits become ``p0 +/- z * sqrt(phi p0 (1 - p0) / n)``
  and the z-scores are divided by ``sqrt(phi)``. ``phi`` at or below 1 leaves
  everything as it is;
* the **label** compares the council's z-score (after any adjustment) with
  the 99.8% limits: above ``3.090`` is beyond the upper limit, below
  ``-3.090`` beyond the lower; on the limit is inside. Beyond on the good side
  (higher for a *higher* PI, lower for a *lower* one) is "better than the
  group", on the bad side "worse than the group", otherwise "similar to the
  group". Range PIs get no label.

Nothing is drawn here: :func:`funnel_plot` returns everything a chart and
its alt text need (:mod:`perflib.report.funnel_charts` draws it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from perflib.rules.comparator_method import ComparatorMethod
from perflib.rules.funnel_limits import (
    control_limits,
    limit_curves,
    overdispersion_factor,
    pooled_proportion,
    z_scores,
)

BETTER = "better than the group"
SIMILAR = "similar to the group"
WORSE = "worse than the group"
#: Columns of :attr:`FunnelPlot.points`.
POINT_COLUMNS: tuple[str, ...] = ("area_code", "area_name", "numerator", "denominator", "rate", "z", "own")


def funnel_label(z: float, good_direction: str, z_outer: float) -> str:
    """The plain label for a z-score against the 99.8% limits (see the module docstring).

    Parameters
    ----------
    z : float
        The council's z-score, after any over-dispersion adjustment.
    good_direction : str
        ``higher``, ``lower`` or ``range``.
    z_outer : float
        The outer limit (3.090 for 99.8%); a z-score exactly on it is inside.

    Returns
    -------
    str
        :data:`BETTER`, :data:`SIMILAR` or :data:`WORSE`; ``""`` for a range
        PI or a z-score that is not a number.
    """
    if good_direction not in ("higher", "lower") or not np.isfinite(z):
        return ""
    if abs(z) <= z_outer:
        return SIMILAR
    above = z > 0
    return BETTER if above == (good_direction == "higher") else WORSE


@dataclass(frozen=True)
class FunnelPlot:
    """Everything a funnel chart and its alt text need.

    Attributes
    ----------
    centre : float
        The pooled rate, percent.
    phi : float
        The over-dispersion factor estimated from the group (always given).
    phi_applied : bool
        Whether the limits and z-scores were adjusted (setting on and phi > 1).
    points : DataFrame
        One row per area (:data:`POINT_COLUMNS`; ``z`` adjusted when
        ``phi_applied``), the council marked ``own``.
    own_area_code : str
    own_limits : dict
        ``lower_inner, upper_inner, lower_outer, upper_outer`` at the council's size.
    label : str
        :func:`funnel_label` of the council's z-score.
    good_direction : str
    method : ComparatorMethod
        The limits (``z_inner``, ``z_outer``) the plot was made with.
    curves : DataFrame
        :func:`~perflib.rules.funnel_limits.limit_curves` (worked out when first asked for: only charts need it).
    """

    centre: float
    phi: float
    phi_applied: bool
    points: pd.DataFrame
    own_area_code: str
    own_limits: dict[str, float]
    label: str
    good_direction: str
    method: ComparatorMethod

    @cached_property
    def curves(self) -> pd.DataFrame:
        """The four limit lines over a grid of sizes (see :func:`perflib.rules.funnel_limits.limit_curves`)."""
        phi = self.phi if self.phi_applied else 1.0
        return limit_curves(self.centre / 100.0, self.points["denominator"], self.method, phi)

    @property
    def z_inner(self) -> float:
        """The inner limit (1.960: 95%), in standard errors."""
        return self.method.z_inner

    @property
    def z_outer(self) -> float:
        """The outer limit (3.090: 99.8%), in standard errors; the label uses it."""
        return self.method.z_outer

    @property
    def own(self) -> pd.Series:
        """The council's point."""
        return self.points[self.points["own"]].iloc[0]

    @property
    def n_areas(self) -> int:
        """Areas on the plot, the council included."""
        return len(self.points)

    def outside(self) -> tuple[int, int]:
        """How many areas lie beyond the outer (99.8%) limits.

        Returns
        -------
        tuple of int
            Areas above the upper limit and below the lower.
        """
        return int((self.points["z"] > self.z_outer).sum()), int((self.points["z"] < -self.z_outer).sum())


def _counted(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["numerator"].notna() & rows["denominator"].gt(0)]


def funnel_gap(rows: pd.DataFrame, own_area_code: str, min_areas: int) -> str:
    """Why no funnel plot can be made from ``rows``.

    Parameters
    ----------
    rows : DataFrame
        The group's rows for one PI and period (``area_code``, ``numerator``,
        ``denominator``).
    own_area_code : str
    min_areas : int
        Fewest areas with a numerator and denominator
        (``ComparatorMethod.funnel_min_areas``).

    Returns
    -------
    str
        A phrase for the report, or ``""`` when a funnel plot can be made.
    """
    counted = _counted(rows)
    if own_area_code not in set(counted["area_code"]):
        return "the council's figure has no numerator and denominator"
    if len(counted) < min_areas:
        return f"fewer than {min_areas} areas give a numerator and denominator"
    p0 = pooled_proportion(counted["numerator"], counted["denominator"])
    if p0 <= 0.0 or p0 >= 1.0:
        return f"the group's pooled rate is {100 * p0:g}%, so there is no spread to compare"
    return ""


def funnel_plot(
    rows: pd.DataFrame, own_area_code: str, good_direction: str, method: ComparatorMethod, overdispersion: bool = False
) -> FunnelPlot | None:
    """A funnel plot of one PI's group for one period.

    Parameters
    ----------
    rows : DataFrame
        The group's rows (``area_code``, ``area_name``, ``numerator``,
        ``denominator``), e.g. from
        :meth:`perflib.rules.comparison_period.ComparatorPeriods.rows`; areas without
        a numerator and a positive denominator are left off the plot.
    own_area_code : str
    good_direction : str
        ``higher``, ``lower`` or ``range``.
    method : ComparatorMethod
        The limits, the Winsorised share and the fewest areas.
    overdispersion : bool
        Widen the limits for over-dispersion when phi > 1.

    Returns
    -------
    FunnelPlot or None
        None when :func:`funnel_gap` gives a reason.
    """
    if funnel_gap(rows, own_area_code, method.funnel_min_areas):
        return None
    counted = _counted(rows)
    num, den = counted["numerator"].to_numpy(float), counted["denominator"].to_numpy(float)
    p0 = pooled_proportion(num, den)
    z = z_scores(num, den, p0)
    phi = overdispersion_factor(z, method.winsor_fraction)
    applied = overdispersion and phi > 1.0
    used_phi = phi if applied else 1.0
    points = pd.DataFrame(
        {
            "area_code": counted["area_code"].to_numpy(),
            "area_name": counted["area_name"].to_numpy(),
            "numerator": num,
            "denominator": den,
            "rate": 100.0 * num / den,
            "z": z / np.sqrt(used_phi),
            "own": counted["area_code"].eq(own_area_code).to_numpy(),
        },
        columns=list(POINT_COLUMNS),
    )
    own = points[points["own"]].iloc[0]
    inner = control_limits(p0, own["denominator"], method.z_inner, used_phi)
    outer = control_limits(p0, own["denominator"], method.z_outer, used_phi)
    own_limits = {
        "lower_inner": float(inner[0]),
        "upper_inner": float(inner[1]),
        "lower_outer": float(outer[0]),
        "upper_outer": float(outer[1]),
    }
    return FunnelPlot(
        centre=100.0 * p0,
        phi=phi,
        phi_applied=applied,
        points=points,
        own_area_code=own_area_code,
        own_limits=own_limits,
        label=funnel_label(float(own["z"]), good_direction, method.z_outer),
        good_direction=good_direction,
        method=method,
    )


def funnel_columns(plot: FunnelPlot | None) -> dict[str, object]:
    """The scorecard columns for one PI.

    Parameters
    ----------
    plot : FunnelPlot or None

    Returns
    -------
    dict
        ``benchmark_funnel`` (the label, ``""`` without one) and
        ``benchmark_funnel_z`` (the council's z-score, NaN without a plot).
    """
    if plot is None:
        return {"benchmark_funnel": "", "benchmark_funnel_z": np.nan}
    return {"benchmark_funnel": plot.label, "benchmark_funnel_z": float(plot.own["z"])}
