"""The funnel plot's arithmetic: pooled proportion, control limits, z-scores and over-dispersion.

The method and its worked examples are in :mod:`perflib.rules.funnel` and
``docs/methodology.md`` section 9. Proportions are 0-1 here; limits are
returned in percent.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from perflib.rules.comparator_method import ComparatorMethod

#: Columns of :func:`limit_curves`.
CURVE_COLUMNS: tuple[str, ...] = ("n", "lower_inner", "upper_inner", "lower_outer", "upper_outer")


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


def control_limits(
    p0: float, n: np.ndarray | pd.Series | float, z: float, phi: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits in percent at sizes ``n``: ``100 (p0 +/- z sqrt(phi p0 (1 - p0) / n))``, in 0-100.

    Parameters
    ----------
    p0 : float
        Centre, a proportion 0-1.
    n : array of float
        Denominators.
    z : float
        The limit in standard errors (``ComparatorMethod.z_inner`` or ``z_outer``).
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


def winsorise(z: np.ndarray, fraction: float) -> np.ndarray:
    """``z`` with values below its ``fraction`` percentile and above its ``1 - fraction`` percentile set to them.

    Percentiles by linear interpolation between order statistics (numpy's
    default, R's type 7): with 5 values, the 10th percentile is 0.4 of the way
    from the lowest to the second lowest.

    Parameters
    ----------
    z : array of float
    fraction : float
        Share at each end (``ComparatorMethod.winsor_fraction``, 0.10).

    Returns
    -------
    ndarray
    """
    low, high = np.quantile(np.asarray(z, dtype=float), [fraction, 1.0 - fraction])
    return np.clip(z, low, high)


def overdispersion_factor(z: np.ndarray, fraction: float) -> float:
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
    return float(np.mean(zw**2))


def limit_curves(
    p0: float, denominators: np.ndarray | pd.Series, method: ComparatorMethod, phi: float = 1.0, points: int = 200
) -> pd.DataFrame:
    """The four limit lines over a grid of sizes, for plotting.

    The grid runs geometrically from half the smallest denominator (at least
    1) to 1.1 times the largest, with every area's own denominator added.

    Parameters
    ----------
    p0 : float
        The centre, a proportion 0-1.
    denominators : array of float
        The areas' denominators.
    method : ComparatorMethod
        Gives the two limits' ``z``.
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
    lower_inner, upper_inner = control_limits(p0, grid, method.z_inner, phi)
    lower_outer, upper_outer = control_limits(p0, grid, method.z_outer, phi)
    return pd.DataFrame(
        {
            "n": grid,
            "lower_inner": lower_inner,
            "upper_inner": upper_inner,
            "lower_outer": lower_outer,
            "upper_outer": upper_outer,
        },
        columns=list(CURVE_COLUMNS),
    )


def coverage(z: float) -> float:
    """The share of a normal distribution within ``z`` standard errors of its centre, in percent.

    Parameters
    ----------
    z : float

    Returns
    -------
    float
        95.0 (to one decimal place) for 1.960, 99.8 for 3.090.
    """
    return 100.0 * math.erf(z / math.sqrt(2.0))
