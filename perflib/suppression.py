"""Small-number suppression: counts that could identify a person are not published.

A PI marked ``sensitive: yes`` in the catalogue is a count of people. Where its
count is from 1 to ``min_count - 1`` (default 1 to 4) the published figure is
"<5" in every table, chart, sparkline and export; zero is shown. The status is
still worked out on the true value, and shown. The threshold is in
``data/methodology.yml``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_MIN_COUNT = 5


def label(min_count: int = DEFAULT_MIN_COUNT) -> str:
    """What is printed instead of a suppressed count, e.g. ``"<5"``."""
    return f"<{min_count}"


def mask(values: pd.Series, sensitive: pd.Series, unit: pd.Series,
         min_count: int = DEFAULT_MIN_COUNT) -> pd.Series:
    """True where a value must not be published.

    Parameters
    ----------
    values : Series of float
    sensitive : Series of str (``"yes"``/``"no"``) or bool
    unit : Series of str
    min_count : int
        Counts from 1 to ``min_count - 1`` are suppressed.
    """
    sens = sensitive.astype(str).str.lower().isin(["yes", "true"])
    v = values.astype(float)
    return (sens & unit.eq("count") & (v >= 1) & (v < min_count)).fillna(False).astype(bool)


def is_small(value: float | None, sensitive: str, unit: str, min_count: int = DEFAULT_MIN_COUNT) -> bool:
    """Scalar form of :func:`mask`."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    return str(sensitive).lower() in ("yes", "true") and unit == "count" and 1 <= float(value) < min_count


def suppress_frame(frame: pd.DataFrame, columns: list[str], min_count: int = DEFAULT_MIN_COUNT) -> pd.DataFrame:
    """A copy of ``frame`` with small sensitive counts in ``columns`` replaced by the label.

    ``frame`` needs ``sensitive`` and ``unit`` columns.
    """
    out = frame.copy()
    for col in columns:
        if col not in out:
            continue
        m = mask(out[col], out["sensitive"], out["unit"], min_count)
        if m.any():
            out[col] = out[col].astype(object).where(~m, label(min_count))
    return out
