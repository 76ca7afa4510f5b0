"""Rounding to the published decimal places, halves away from zero (``docs/methodology.md`` section 1)."""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import pandas as pd

Values = TypeVar("Values", pd.Series, np.ndarray)


def _half_away(values: Any, scale: Any) -> Any:
    """The one rounding formula, for a column or a single value.

    ``1e-9`` keeps a half stored a little below itself (1.005 is 1.00499...) a half.
    """
    return np.sign(values) * np.floor(np.abs(values) * scale + 0.5 + 1e-9) / scale


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
    return _half_away(values.astype(float), 10.0 ** np.asarray(decimals, dtype=float))


def round_half_up_value(value: float, decimals: int) -> float:
    """One value rounded as :func:`round_half_up` rounds a column: ``62.25`` to 1 place is ``62.3``.

    Parameters
    ----------
    value : float
    decimals : int

    Returns
    -------
    float
        Never ``-0.0``: a value that rounds to zero is zero.
    """
    return float(_half_away(float(value), 10.0 ** int(decimals))) + 0.0
