"""Plausibility: a percentage far out of line with every earlier figure of its PI (docs/methodology.md).

A percent PI returned without a numerator and denominator has nothing to check
its value against but its own history. A value more than ``factor`` times
smaller than the smallest earlier figure, or more than ``factor`` times larger
than the largest, is most likely a slip (a percentage typed as a fraction,
0.044 for 4.4%; or a count typed into a percentage) and is reported as a
warning; the figure is still used as returned.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

SMALLER = "smaller"
LARGER = "larger"


def out_of_line(value: float, earlier: Iterable[float], factor: float) -> str:
    """Whether ``value`` is more than ``factor`` times smaller or larger than every earlier figure.

    Parameters
    ----------
    value : float
        This quarter's figure.
    earlier : iterable of float
        The PI's figures of earlier quarters (missing ones are ignored).
    factor : float
        ``plausibility.factor`` of ``data/methodology.yml`` (10).

    Returns
    -------
    str
        :data:`SMALLER` when ``value * factor`` is below the smallest earlier
        figure, :data:`LARGER` when ``value`` is above ``factor`` times the
        largest, else ``""`` (also when there is no earlier figure).
    """
    past = np.array([e for e in earlier if e is not None and np.isfinite(e)], dtype=float)
    if len(past) == 0 or value is None or not np.isfinite(value):
        return ""
    if value * factor < past.min():
        return SMALLER
    if value > factor * past.max():
        return LARGER
    return ""
