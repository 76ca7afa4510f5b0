"""Benchmark (e): the rules engine on a national-scale table.

Generates 350 councils x 100 PIs x 40 quarters (1.4 million rows) of synthetic
values and targets, then times the same whole-table functions the pipeline
uses: due dates, effective targets, RAG status, both trend arrows, and SPC
(every series' points and limits, and the variation and assurance of its
latest point; each council's PI is one series). Run as a
script it prints one JSON line with the seconds and the peak memory, so the
harness (benchmarks/bench.py) can run it in its own process.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np
import pandas as pd

from perflib.core.methodology import load_methodology
from perflib.inputs.schedule import due_mask
from perflib.rules import spc_panel, trends
from perflib.rules import status as rules

COUNCILS, PIS, QUARTERS = 350, 100, 40


def make_table(seed: int = 1) -> pd.DataFrame:
    """The synthetic national panel (not timed)."""
    rng = np.random.default_rng(seed)
    n_series = COUNCILS * PIS
    n = n_series * QUARTERS
    series = np.repeat(np.arange(n_series), QUARTERS)
    pi = series % PIS
    qi = np.tile(np.arange(2014 * 4, 2014 * 4 + QUARTERS), n_series)
    directions = np.array(["higher", "lower", "range"])[pi % 3]
    units = np.array(["percent", "count", "days", "seconds"])[pi % 4]
    freq = np.where(pi % 10 == 0, "annual", np.where(pi % 25 == 1, "biennial", "quarterly"))
    target = 50.0 + (pi % 7) * 5
    value = np.round(target + rng.normal(0, 8, n), 1)
    value[rng.random(n) < 0.03] = np.nan
    frame = pd.DataFrame(
        {
            "pi_code": pd.Categorical(series.astype(str)),
            "quarter_index": qi,
            "fy_start": qi // 4,
            "q": qi % 4 + 1,
            "financial_year": pd.Series(qi // 4).astype(str).to_numpy(),
            "quarter": np.char.add((qi // 4).astype(str), np.char.add(" Q", (qi % 4 + 1).astype(str))),
            "frequency": freq,
            "reporting_quarter": np.where(freq == "quarterly", None, "Q3"),
            "first_year_start": np.where(freq == "biennial", 2015.0, np.nan),
            "good_direction": directions,
            "unit": units,
            "measure_type": "in_quarter",
            "value": value,
            "quarter_value": value,
            "target": target,
            "target_upper": np.where(directions == "range", target + 10, np.nan),
            "tolerance": 5.0,
            "tolerance_type": np.where(pi % 2 == 0, "absolute", "percent"),
            "no_data_reason": "left blank in the return",
        }
    )
    return frame


def rate(frame: pd.DataFrame, materiality: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the pipeline does to a panel once the figures are in: status, trends and SPC."""
    frame = frame.assign(due=due_mask(frame))
    frame["target"] = rules.effective_target(frame)
    frame = pd.concat([frame, rules.classify(frame)], axis=1)
    frame = trends.add_trends(frame, materiality)
    last = int(frame["quarter_index"].max())
    points = spc_panel.spc_points(frame, last)
    return frame, spc_panel.spc_summary(frame, last, points=points)


def main() -> None:
    frame = make_table()
    materiality = load_methodology().materiality
    rate(frame.head(10_000), materiality)  # warm-up (imports, caches)
    t0 = time.perf_counter()
    out, summary = rate(frame, materiality)
    seconds = time.perf_counter() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = out["status"].value_counts().to_dict()
    variation = summary["spc_variation"].value_counts().to_dict()
    print(
        json.dumps(
            {
                "rows": len(out),
                "series": len(summary),
                "seconds": seconds,
                "peak_mib": peak_mib,
                "statuses": counts,
                "spc_variation": variation,
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
