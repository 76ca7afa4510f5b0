"""When each PI is due: its reporting schedule from the catalogue (``docs/methodology.md`` section 2)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.core.quarters import Quarter, fy_start
from perflib.inputs.catalogue import Catalogue


def due_mask(frame: pd.DataFrame) -> pd.Series:
    """Whether each row's PI is due to report in that row's quarter.

    Quarterly PIs are always due; annual PIs in their ``reporting_quarter``;
    biennial PIs in their ``reporting_quarter`` of ``first_year`` and every
    second year after it.

    Parameters
    ----------
    frame : DataFrame
        Columns ``frequency``, ``reporting_quarter`` (``"Q1"``..``"Q4"`` or NA),
        ``first_year_start`` (int or NA), ``fy_start`` and ``q``.

    Returns
    -------
    Series of bool
    """
    rep_q = frame["reporting_quarter"].map({"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4}).to_numpy(dtype=float)
    in_quarter = rep_q == frame["q"].to_numpy(dtype=float)
    parity = ((frame["fy_start"].to_numpy(dtype=float) - frame["first_year_start"].to_numpy(dtype=float)) % 2) == 0
    freq = frame["frequency"].to_numpy()
    due = (freq == "quarterly") | ((freq == "annual") & in_quarter) | ((freq == "biennial") & in_quarter & parity)
    return pd.Series(due, index=frame.index, dtype=bool)


def due_codes(catalogue: Catalogue, quarter: Quarter) -> set[str]:
    """PI codes due to report in ``quarter`` (see :func:`due_mask`).

    Parameters
    ----------
    catalogue : Catalogue
    quarter : Quarter

    Returns
    -------
    set of str
    """
    ind = catalogue.indicators
    frame = pd.DataFrame(
        {
            "frequency": ind["frequency"],
            "reporting_quarter": ind["reporting_quarter"],
            "first_year_start": ind["first_year"].map(lambda s: fy_start(s) if isinstance(s, str) else np.nan),
            "fy_start": quarter.start_year,
            "q": quarter.q,
        }
    )
    return set(ind.loc[due_mask(frame).to_numpy(), "pi_code"])
