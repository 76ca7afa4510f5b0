"""Funnel plots: is the council's rate different from its comparator group's, allowing for its size?

For a PI with numerators and denominators (a percentage), each area of the
group is a point: x its denominator ``n``, y its rate. The method is
Spiegelhalter's (2005), with the normal approximation to the binomial:

* the **centre line** is the group's pooled proportion
  ``p0 = sum(numerators) / sum(denominators)``, the council included;
* the **control limits** at size ``n`` are ``p0 +/- z * sqrt(p0 (1 - p0) / n)``
  with ``z = 1.960`` (95%) and ``z = 3.090`` (99.8%), in percent and clipped
  to 0-100;
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
its alt text need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

Z_95 = 1.960
Z_998 = 3.090
#: Share of z-scores Winsorised at each end before estimating over-dispersion.
WINSOR_FRACTION = 0.10
#: Fewest areas with numerator and denominator for a funnel plot.
MIN_FUNNEL_AREAS = 4
BETTER = "better than the group"
SIMILAR = "similar to the group"
WORSE = "worse than the group"
#: Columns of :attr:`FunnelPlot.points` and :attr:`FunnelPlot.curves`.
POINT_COLUMNS: tuple[str, ...] = ("area_code", "area_name", "numerator", "denominator", "rate", "z", "own")
CURVE_COLUMNS: tuple[str, ...] = ("n", "lower_95", "upper_95", "lower_998", "upper_998")


def pooled_proportion(numerators: np.ndarray | pd.Series, denominators: np.ndarray | pd.Series) -> float:
    """The group's pooled proportion: the sum of numerators over the sum of denominators.

    Parameters
    ----------
    numerators, denominators : array of float

    Returns
    -------
    float
        A proportion, 0-1.
    """
    return float(np.sum(numerators)) / float(np.sum(denominators))


def _standard_errors(p0: float, n: np.ndarray | pd.Series | float) -> np.ndarray:
    """``sqrt(p0 (1 - p0) / n)`` for each size ``n`` (a proportion's, not percent)."""
    return np.sqrt(p0 * (1.0 - p0) / np.asarray(n, dtype=float))


def control_limits(p0: float, n: np.ndarray | pd.Series | float, z: float,
                   phi: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits in percent at sizes ``n``: ``100 (p0 +/- z sqrt(phi p0 (1 - p0) / n))``, in 0-100.

    Parameters
    ----------
    p0 : float
        Centre, a proportion 0-1.
    n : array of float
        Denominators.
    z : float
        :data:`Z_95` or :data:`Z_998`.
    phi : float
        Over-dispersion factor (1: none).

    Returns
    -------
    tuple of ndarray
    """
    half = z * np.sqrt(max(phi, 1.0)) * _standard_errors(p0, n)
    return np.clip(100.0 * (p0 - half), 0.0, 100.0), np.clip(100.0 * (p0 + half), 0.0, 100.0)


def z_scores(numerators: np.ndarray | pd.Series, denominators: np.ndarray | pd.Series, p0: float) -> np.ndarray:
    """Each area's z-score ``(p - p0) / sqrt(p0 (1 - p0) / n)``.

    Parameters
    ----------
    numerators, denominators : array of float
    p0 : float
        The centre, a proportion 0-1.

    Returns
    -------
    ndarray
    """
    den = np.asarray(denominators, dtype=float)
    return (np.asarray(numerators, dtype=float) / den - p0) / _standard_errors(p0, den)


def winsorise(z: np.ndarray, fraction: float = WINSOR_FRACTION) -> np.ndarray:
    """``z`` with values below its ``fraction`` percentile and above its ``1 - fraction`` percentile set to them.

    Percentiles by linear interpolation between order statistics (numpy's
    default, R's type 7): with 5 values, the 10th percentile is 0.4 of the way
    from the lowest to the second lowest.

    Parameters
    ----------
    z : array of float
    fraction : float
        Share at each end, 0.10 by default.

    Returns
    -------
    ndarray
    """
    low, high = np.quantile(np.asarray(z, dtype=float), [fraction, 1.0 - fraction])
    return np.clip(z, low, high)


def overdispersion_factor(z: np.ndarray, fraction: float = WINSOR_FRACTION) -> float:
    """Spiegelhalter's multiplicative over-dispersion factor.

    Parameters
    ----------
    z : array of float
        The k areas' z-scores.
    fraction : float
        Winsorised share at each end (:func:`winsorise`).

    Returns
    -------
    float
        ``phi = (1/k) sum(z_w^2)`` of the Winsorised z-scores ``z_w``.
    """
    zw = winsorise(np.asarray(z, dtype=float), fraction)
    return float(np.mean(zw ** 2))


def funnel_label(z: float, good_direction: str) -> str:
    """The plain label for a z-score against the 99.8% limits (see the module docstring).

    Parameters
    ----------
    z : float
        The council's z-score, after any over-dispersion adjustment.
    good_direction : str
        ``higher``, ``lower`` or ``range``.

    Returns
    -------
    str
        :data:`BETTER`, :data:`SIMILAR` or :data:`WORSE`; ``""`` for a range
        PI or a z-score that is not a number.
    """
    if good_direction not in ("higher", "lower") or not np.isfinite(z):
        return ""
    if abs(z) <= Z_998:
        return SIMILAR
    above = z > 0
    return BETTER if above == (good_direction == "higher") else WORSE


def limit_curves(p0: float, denominators: np.ndarray | pd.Series, phi: float = 1.0,
                 points: int = 200) -> pd.DataFrame:
    """The four limit lines over a grid of sizes, for plotting.

    The grid runs geometrically from half the smallest denominator (at least
    1) to 1.1 times the largest, with every area's own denominator added.

    Parameters
    ----------
    p0 : float
        The centre, a proportion 0-1.
    denominators : array of float
        The areas' denominators.
    phi : float
        Over-dispersion factor applied (1: none).
    points : int
        Grid points before the areas' own denominators are added.

    Returns
    -------
    DataFrame
        Columns :data:`CURVE_COLUMNS`, limits in percent.
    """
    den = np.asarray(denominators, dtype=float)
    grid = np.unique(np.concatenate([np.geomspace(max(1.0, den.min() / 2), den.max() * 1.1, points), den]))
    lower_95, upper_95 = control_limits(p0, grid, Z_95, phi)
    lower_998, upper_998 = control_limits(p0, grid, Z_998, phi)
    return pd.DataFrame({"n": grid, "lower_95": lower_95, "upper_95": upper_95, "lower_998": lower_998,
                         "upper_998": upper_998}, columns=list(CURVE_COLUMNS))


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
    curves : DataFrame
        :func:`limit_curves`.
    own_area_code : str
    own_limits : dict
        ``lower_95, upper_95, lower_998, upper_998`` at the council's size.
    label : str
        :func:`funnel_label` of the council's z-score.
    good_direction : str
    """

    centre: float
    phi: float
    phi_applied: bool
    points: pd.DataFrame
    curves: pd.DataFrame
    own_area_code: str
    own_limits: dict[str, float]
    label: str
    good_direction: str

    @property
    def own(self) -> pd.Series:
        """The council's point."""
        return self.points[self.points["own"]].iloc[0]

    @property
    def n_areas(self) -> int:
        """Areas on the plot, the council included."""
        return len(self.points)

    def outside(self, z: float = Z_998) -> tuple[int, int]:
        """How many areas lie beyond the limits.

        Parameters
        ----------
        z : float
            :data:`Z_998` (default) or :data:`Z_95`.

        Returns
        -------
        tuple of int
            Areas above the upper limit and below the lower.
        """
        return int((self.points["z"] > z).sum()), int((self.points["z"] < -z).sum())


def funnel_gap(rows: pd.DataFrame, own_area_code: str) -> str:
    """Why no funnel plot can be made from ``rows``.

    Parameters
    ----------
    rows : DataFrame
        The group's rows for one PI and period (``area_code``, ``numerator``,
        ``denominator``).
    own_area_code : str

    Returns
    -------
    str
        A sentence for the report, or ``""`` when a funnel plot can be made.
    """
    counted = rows[rows["numerator"].notna() & rows["denominator"].gt(0)]
    if own_area_code not in set(counted["area_code"]):
        return "the council's figure has no numerator and denominator"
    if len(counted) < MIN_FUNNEL_AREAS:
        return f"fewer than {MIN_FUNNEL_AREAS} areas give a numerator and denominator"
    p0 = pooled_proportion(counted["numerator"], counted["denominator"])
    if p0 <= 0.0 or p0 >= 1.0:
        return f"the group's pooled rate is {100 * p0:g}%, so there is no spread to compare"
    return ""


def funnel_plot(rows: pd.DataFrame, own_area_code: str, good_direction: str,
                overdispersion: bool = False) -> FunnelPlot | None:
    """A funnel plot of one PI's group for one period.

    Parameters
    ----------
    rows : DataFrame
        The group's rows (``area_code``, ``area_name``, ``numerator``,
        ``denominator``), e.g. from
        :func:`perflib.comparator_sources.comparison_rows`; areas without a
        numerator and a positive denominator are left off the plot.
    own_area_code : str
    good_direction : str
        ``higher``, ``lower`` or ``range``.
    overdispersion : bool
        Widen the limits for over-dispersion when phi > 1.

    Returns
    -------
    FunnelPlot or None
        None when :func:`funnel_gap` gives a reason.
    """
    if funnel_gap(rows, own_area_code):
        return None
    counted = rows[rows["numerator"].notna() & rows["denominator"].gt(0)]
    num, den = counted["numerator"].to_numpy(float), counted["denominator"].to_numpy(float)
    p0 = pooled_proportion(num, den)
    z = z_scores(num, den, p0)
    phi = overdispersion_factor(z)
    applied = overdispersion and phi > 1.0
    scale = float(np.sqrt(phi)) if applied else 1.0
    points = pd.DataFrame({"area_code": counted["area_code"].to_numpy(), "area_name": counted["area_name"].to_numpy(),
                           "numerator": num, "denominator": den, "rate": 100.0 * num / den, "z": z / scale,
                           "own": counted["area_code"].eq(own_area_code).to_numpy()}, columns=list(POINT_COLUMNS))
    own = points[points["own"]].iloc[0]
    used_phi = phi if applied else 1.0
    limits95, limits998 = control_limits(p0, own["denominator"], Z_95, used_phi), control_limits(
        p0, own["denominator"], Z_998, used_phi)
    own_limits = {"lower_95": float(limits95[0]), "upper_95": float(limits95[1]),
                  "lower_998": float(limits998[0]), "upper_998": float(limits998[1])}
    return FunnelPlot(100.0 * p0, phi, applied, points, limit_curves(p0, den, used_phi), own_area_code, own_limits,
                      funnel_label(float(own["z"]), good_direction), good_direction)


def _percent(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}%"


def funnel_alt_text(plot: FunnelPlot, area_name: str, title: str, period_words: str, decimals: int = 1) -> str:
    """Alt text for a funnel chart, with the numbers a reader of the chart would take from it.

    Parameters
    ----------
    plot : FunnelPlot
    area_name : str
        The council's name.
    title : str
        The PI's title.
    period_words : str
        The period compared, in words (e.g. "calendar year 2022").
    decimals : int
        Decimal places of the percentages.

    Returns
    -------
    str
    """
    own, lim = plot.own, plot.own_limits
    above, below = plot.outside()
    verdict = (f"so {area_name} is {plot.label} (z = {own['z']:.2f})" if plot.label else
               f"(z = {own['z']:.2f}; no better or worse label, as neither higher nor lower is better)")
    text = (f"Funnel plot of {title}, {period_words}: the rate of each of {plot.n_areas} areas against its number of "
            f"cases. Centre line: the group's pooled rate, {_percent(plot.centre, decimals)}. {area_name}: "
            f"{_percent(own['rate'], decimals)} ({own['numerator']:,.0f} of {own['denominator']:,.0f}); at that size "
            f"the 95% limits are {_percent(lim['lower_95'], decimals)} to {_percent(lim['upper_95'], decimals)} and "
            f"the 99.8% limits {_percent(lim['lower_998'], decimals)} to {_percent(lim['upper_998'], decimals)}, "
            f"{verdict}. {above} area(s) lie above the upper 99.8% limit and {below} below the lower.")
    if plot.phi_applied:
        text += f" The limits are widened for over-dispersion (phi = {plot.phi:.2f})."
    return text


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
