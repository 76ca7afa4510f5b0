"""``scorecard.csv``: Appendix 2, the corporate scorecard as open data, one row per catalogue PI.

The published columns come first, in the order the open-data schema gives
them, then detail columns. Small counts of people are suppressed exactly as in
the report (thresholds from ``data/methodology.yml``), and every text cell is
neutralised so that no spreadsheet can read it as a formula.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import pandas as pd

from perflib.build.scorecard import FORECAST_COLUMNS
from perflib.core.config import CouncilConfig
from perflib.core.methodology import Suppression
from perflib.export.cells import neutralise
from perflib.rules import suppression

#: Forecast columns of the scorecard frame that are internal working, not published.
FORECAST_INTERNAL = ("forecast_rule", "forecast_basis")

#: Columns of scorecard.csv, in order (one row per catalogue PI).
SCORECARD_COLUMNS = [
    # the published open-data columns, in this order
    "period",
    "indicator_id",
    "indicator",
    "priority",
    "directorate",
    "unit",
    "good_direction",
    "frequency",
    "measure_type",
    "value",
    "target",
    "amber_threshold",
    "status",
    "short_trend",
    "long_trend",
    "commentary",
    # further detail
    "corrective_action",
    # what is planned next and by when (from the return), and who is accountable (from the catalogue)
    "planned_action",
    "action_due",
    "lead_officer",
    "portfolio_holder",
    "status_reason",
    "priority_id",
    "directorate_id",
    "decimals",
    "sensitive",
    "target_upper",
    "amber_threshold_upper",
    "tolerance",
    "tolerance_type",
    "quarter_value",
    "numerator",
    "denominator",
    "ytd_numerator",
    "ytd_denominator",
    "short_previous",
    "short_period",
    "long_previous",
    "long_period",
    "red_run",
    "red_run_gaps",
    "last_value",
    "last_period",
    # statistical process control and comparison with the comparator group
    "spc_variation",
    "spc_assurance",
    "spc_n_points",
    "spc_mean",
    "spc_lcl",
    "spc_ucl",
    "benchmark_median",
    "benchmark_quartile",
    "benchmark_rank",
    "benchmark_n",
    "benchmark_group",
    "benchmark_period",
    # the council's figure that was ranked, the group average with its method, and the funnel plot's verdict
    "benchmark_value",
    "benchmark_average",
    "benchmark_average_method",
    "benchmark_funnel",
    "benchmark_funnel_z",
    # the year-end forecast (Q1 to Q3) or actual outturn (Q4): docs/methodology.md section 10, as the
    # scorecard carries it less its internal working, then the service's own forecast from the return
    *(c for c in FORECAST_COLUMNS if c not in FORECAST_INTERNAL),
    "service_forecast",
]


#: Internal scorecard column -> published name.
PUBLISHED_NAMES = {
    "quarter": "period",
    "pi_code": "indicator_id",
    "title": "indicator",
    "priority": "priority_id",
    "priority_name": "priority",
    "directorate": "directorate_id",
    "directorate_name": "directorate",
}


#: Published wording of the measure types.
MEASURE_TYPE_NAMES = {"in_quarter": "in quarter", "cumulative": "year to date", "snapshot": "snapshot"}


#: Columns that carry a PI's value and so are subject to small-number suppression.
VALUE_COLUMNS = [
    "value",
    "quarter_value",
    "numerator",
    "denominator",
    "ytd_numerator",
    "ytd_denominator",
    "short_previous",
    "long_previous",
    "last_value",
    "benchmark_value",
]

#: Columns worked out from the PI's figures so far (hidden whenever those are; see
#: :func:`perflib.rules.suppression.suppress_derived`).
DERIVED_VALUE_COLUMNS = ["forecast_outturn", "forecast_low", "forecast_high", "service_forecast"]


def scorecard_frame(scorecard: pd.DataFrame, rule: Suppression) -> pd.DataFrame:
    """The scorecard as published: fixed columns, small counts suppressed, text cells neutralised.

    Parameters
    ----------
    scorecard : DataFrame
        The quarter's scorecard (``Prepared.scorecard``).
    rule : Suppression
        The suppression thresholds (``CouncilConfig.methodology.suppression``).

    Returns
    -------
    DataFrame
        The columns of :data:`SCORECARD_COLUMNS`.
    """
    frame = suppression.suppress_derived(scorecard, DERIVED_VALUE_COLUMNS, rule)
    frame = suppression.suppress_frame(frame, VALUE_COLUMNS, rule)
    frame = frame.drop(columns=[c for c in PUBLISHED_NAMES.values() if c in frame and c not in PUBLISHED_NAMES])
    frame = frame.rename(columns=PUBLISHED_NAMES)
    frame["measure_type"] = frame["measure_type"].map(MEASURE_TYPE_NAMES).fillna(frame["measure_type"])
    return frame.reindex(columns=SCORECARD_COLUMNS).map(neutralise)


def _plain_number(cell: Any) -> Any:
    """A number as scorecard.csv writes it, ``%.10g`` (85.0 -> ``85``), also in a column holding ``"[c]"``."""
    return format(cell, ".10g") if isinstance(cell, float) and not math.isnan(cell) else cell


def write_scorecard_csv(scorecard: pd.DataFrame, target: Path, config: CouncilConfig) -> None:
    """Write ``scorecard.csv`` (UTF-8, one row per catalogue PI).

    Parameters
    ----------
    scorecard : DataFrame
    target : Path
    config : CouncilConfig
        Gives the suppression thresholds.
    """
    # Every number is written the same way: a column with a suppressed cell holds text as well as
    # numbers, and to_csv's float_format reaches only all-number columns.
    frame = scorecard_frame(scorecard, config.methodology.suppression).map(_plain_number)
    buf = io.StringIO()
    frame.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    target.write_text(buf.getvalue(), encoding="utf-8")
