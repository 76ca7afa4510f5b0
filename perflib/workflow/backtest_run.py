"""``perflib backtest``: score the year-end forecasts on every complete past year, print and publish the table.

The forecasts a report at Q1, Q2 and Q3 of each complete past year would have
shown are made again with only the data of their day
(:mod:`perflib.rules.backtest`) and compared with what happened. The result
goes to ``outputs/backtest.json`` (the scores, overall and by quarter of the
year, with the settings used) and ``outputs/backtest.csv`` (every forecast
with its outcome, to check any of them by hand).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from perflib.build.prepared import load_prepared, prepare_quarter
from perflib.core.config import CouncilConfig
from perflib.core.paths import display_path
from perflib.core.quarters import Quarter
from perflib.export.cells import neutralise
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import available_quarters
from perflib.rules import suppression
from perflib.rules.backtest import backtest
from perflib.rules.outturn import year_end_targets
from perflib.workflow.cache import is_current

#: The files written, in ``config.outputs_dir``.
JSON_NAME, CSV_NAME = "backtest.json", "backtest.csv"
#: Figures of backtest.csv that are a PI's own (suppressed like every published figure).
FIGURE_COLUMNS = ["forecast_outturn", "forecast_low", "forecast_high", "actual"]
#: Columns of backtest.csv.
CSV_COLUMNS = [
    "quarter",
    "pi_code",
    "forecast_outturn",
    "forecast_low",
    "forecast_high",
    "forecast_p_meet",
    "forecast_target",
    "forecast_target_upper",
    "actual",
    "inside",
    "met",
    "status_then",
    "p_naive",
    "p_naive_green",
    "forecast_basis",
]


def _panel(config: CouncilConfig, quarter: Quarter) -> pd.DataFrame:
    """The rated panel up to ``quarter``: the processed data when current, otherwise built in memory."""
    if is_current(config, quarter, files=("panel",)):
        return load_prepared(quarter, config).panel
    return prepare_quarter(quarter, config).panel


def _published_rows(rows: pd.DataFrame, panel: pd.DataFrame, config: CouncilConfig) -> pd.DataFrame:
    """The back-test's rows as published: a PI about people with any hidden figure in its history shows none
    ("[c]"), and its other small counts show as "<5", as in the report."""
    rule = config.methodology.suppression
    secret = rows["pi_code"].isin(suppression.suppressed_series(panel, rule))
    pis = panel.drop_duplicates("pi_code").set_index("pi_code")
    sensitive, unit = rows["pi_code"].map(pis["sensitive"]), rows["pi_code"].map(pis["unit"])
    out = rows.reindex(columns=CSV_COLUMNS)
    for col in FIGURE_COLUMNS:
        small = suppression.mask(out[col], sensitive, unit, rule.min_count)
        values = out[col].astype(object).where(~small, suppression.label(rule.min_count))
        out[col] = values.where(~(secret & out[col].notna()), suppression.CONFIDENTIAL)
    return out


def _clean(value: Any) -> Any:
    """A JSON-safe value: NaN as null, floats to 4 decimal places, nested dicts cleaned."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    return value


def _table(result: dict[str, Any], level: int) -> list[str]:
    """The printed table: one line per quarter of the year and one for all."""
    head = ("made at", "forecasts", f"inside the {level}% interval", "Brier", "naive Brier", "naive Brier (Green)")
    rows = [(f"Q{k}", result["by_quarter"][f"Q{k}"]) for k in (1, 2, 3)] + [("all", result)]

    def cell(v: Any, places: int) -> str:
        return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{places}f}"

    cells = [
        (
            name,
            str(s["n_forecasts"]),
            cell(s[f"coverage_{level}"], 2),
            cell(s["brier"], 3),
            cell(s["brier_naive"], 3),
            cell(s["brier_naive_green"], 3),
        )
        for name, s in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(head)]
    return [
        "  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True)))
        for r in (head, *cells)
    ]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def run_backtest(config: CouncilConfig, quarter: Quarter | None, log: Callable[[str], None]) -> dict[str, Any]:
    """Back-test the forecasts on the data up to ``quarter`` (default: the latest with returns); print and write.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter, optional
        The last quarter of data used.
    log : callable
        Prints a line.

    Returns
    -------
    dict
        What ``backtest.json`` holds.
    """
    have = available_quarters(config)
    last = quarter or (max(have) if have else config.default_quarter)
    catalogue = load_catalogue(config)
    cfg = config.methodology.forecast
    panel = _panel(config, last)
    result = backtest(panel, year_end_targets(catalogue.targets, catalogue.indicators), cfg)
    level = round(100 * cfg.interval)
    scores = ["n_forecasts", f"coverage_{level}", "brier", "brier_naive", "brier_naive_green", "share_met"]
    summary = _clean(
        {
            "data_up_to": last.label,
            "years": result["years"],
            **{k: result[k] for k in [*scores, "n_not_rated"]},
            "by_quarter": result["by_quarter"],
            "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(cfg).items()},
        }
    )
    years = " and ".join(result["years"]) if result["years"] else "no year"
    log(f"Back-test of the year-end forecasts on {years} (data up to {last.label}, {config.council_name})")
    log("")
    for line in _table(result, level):
        log(line)
    log("")
    log(
        f"A calibrated {level}% interval holds about {level}% of outturns. The Brier score is the mean squared "
        "error of the probability of meeting the target (0 is perfect; always 50% scores 0.25); the naive "
        'forecast says "met" when a PI is Green or Amber at the time (Green only in the last column).'
    )
    if not result["n_forecasts"]:
        log(
            f"No forecasts could be back-tested: a year needs {cfg.min_past_years} complete years before it "
            "and a year-end outturn."
        )
    out = config.outputs_dir
    _write(out / JSON_NAME, json.dumps(summary, indent=2) + "\n")
    rows = _published_rows(result["forecasts"].reindex(columns=CSV_COLUMNS), panel, config)
    rows = rows.map(neutralise)  # the one neutraliser, as for every CSV perflib writes
    _write(out / CSV_NAME, rows.to_csv(index=False, lineterminator="\n", float_format="%.10g"))
    log(f"Written to {display_path(out / JSON_NAME)} and {display_path(out / CSV_NAME)}.")
    return summary
