"""Rounding to the published decimal places, halves away from zero (``docs/methodology.md`` section 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def round_half_up(values: pd.Series, decimals: pd.Series) -> pd.Series:
    """Round each value to its own number of decimals, halves away from zero.

    Council reports round 62.25 to 62.3, not to the even 62.2, so a status
    always matches the figure members read.

    Parameters
    ----------
    values : Series of float
    decimals : Series of int
        Decimal places per row.

    Returns
    -------
    Series of float
    """
    scale = 10.0 ** decimals.astype(float)
    v = values.astype(float)
    return np.sign(v) * np.floor(v.abs() * scale + 0.5 + 1e-9) / scale
