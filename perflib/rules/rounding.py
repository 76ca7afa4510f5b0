"""Rounding to the published decimal places, halves away from zero (``docs/methodology.md`` section 1)."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd

Values = TypeVar("Values", pd.Series, np.ndarray)


def round_half_up(values: Values, decimals: pd.Series | np.ndarray | int) -> Values:
    """Round each value to its own number of decimals, halves away from zero.

    Council reports round 62.25 to 62.3, not to the even 62.2, so a status
    always matches the figure members read.

    Parameters
    ----------
    values : Series or ndarray of float
    decimals : Series, ndarray or int
        Decimal places per value (broadcast against ``values`` by position).

    Returns
    -------
    Series or ndarray of float
        The same kind as ``values``.
    """
    scale = 10.0 ** np.asarray(decimals, dtype=float)
    v = values.astype(float)
    return np.sign(v) * np.floor(abs(v) * scale + 0.5 + 1e-9) / scale
