"""What a return template shows of earlier quarters, and how its Indicators sheet shows it.

Each PI's last four figures as published (year to date for cumulative PIs,
marked so by the cell's number format), and a cell without a figure saying why
in a few words (not due, no data and why, no returns that quarter); and each
Flagship Action's status in the latest earlier report. :func:`load_history`
runs once for all of a quarter's templates
(:func:`perflib.export.return_templates.write_templates`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

from perflib.build.prepared import prepare_quarter
from perflib.core.config import CouncilConfig
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.returns import available_quarters, quarters_without_returns
from perflib.inputs.schedule import due_codes

HISTORY_COLUMNS = ["pi_code", "quarter_index", "quarter", "value", "due", "no_data_reason"]


@dataclass(frozen=True)
class History:
    """What a template shows of earlier quarters.

    Attributes
    ----------
    values : DataFrame
        Each PI's figure in each earlier quarter as published (``value``: year
        to date for cumulative PIs), whether it was due, and why there is no
        figure (``no_data_reason``); columns :data:`HISTORY_COLUMNS`.
    actions : DataFrame
        Each Flagship Action's status in the latest earlier report (``fa_code``,
        ``status``), empty when there is none.
    actions_quarter : Quarter or None
        The quarter of that report.
    no_returns : frozenset of int
        Indexes of the earlier quarters with no returns at all.
    """

    values: pd.DataFrame
    actions: pd.DataFrame
    actions_quarter: Quarter | None
    no_returns: frozenset[int] = frozenset()


def load_history(config: CouncilConfig, quarter: Quarter) -> History:
    """Earlier figures as published and the last reported Flagship Action statuses (:class:`History`)."""
    earlier = [q for q in available_quarters(config) if q < quarter]
    if not earlier:
        return History(pd.DataFrame(columns=HISTORY_COLUMNS), pd.DataFrame(columns=["fa_code", "status"]), None)
    prepared = prepare_quarter(earlier[-1], config)
    gaps = frozenset(q.index for q in quarters_without_returns(config, quarter))
    return History(prepared.panel[HISTORY_COLUMNS], prepared.actions[["fa_code", "status"]], earlier[-1], gaps)


def _number_format(decimals: int, cumulative: bool) -> str:
    """The Excel format of a figure as the report prints it: its decimals, and "(year to date)" when it is one."""
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return digits + ('" (year to date)"' if cumulative else "")


def _no_figure(codes_due: bool, row: pd.Series | None) -> str:
    """Why a history cell has no figure, in a few words."""
    if row is None:
        return "no returns that quarter"
    if not codes_due or (pd.notna(row["due"]) and not bool(row["due"])):
        return "not due that quarter"
    reason = str(row["no_data_reason"]) if pd.notna(row["no_data_reason"]) and row["no_data_reason"] else ""
    return f"no data ({reason})" if reason else "no data"


def history_cells(
    ws: Worksheet, col: dict[str, int], previous: list[Quarter], history: History
) -> tuple[dict[tuple[str, int], pd.Series], set[int]]:
    """Each earlier quarter's header note; returns the figures by (PI, quarter) and the quarters with returns."""
    values = history.values[history.values["quarter_index"].isin([q.index for q in previous])]
    hist = {(str(r["pi_code"]), int(r["quarter_index"])): r for _, r in values.iterrows()}
    shown = {q.index for q in previous if any(k[1] == q.index for k in hist) and q.index not in history.no_returns}
    for q in previous:
        cell = ws.cell(row=1, column=col[fmt.previous_value_label(q.label)])
        cell.comment = Comment(
            f"As published in the {q.label} report (year to date for year-to-date PIs)."
            if q.index in shown
            else f"No returns for {q.label} were received, so there are no figures for it.",
            "perflib",
        )
    return hist, shown


def history_value(
    cell: Any, pi: pd.Series, q: Quarter, row: pd.Series | None, has_returns: bool, catalogue: Catalogue
) -> None:
    """One earlier figure as published, in the report's format; or a few words on why there is none."""
    v = row["value"] if row is not None else np.nan
    if pd.notna(v):
        cell.value = float(v)
        cell.number_format = _number_format(int(pi["decimals"]), pi["measure_type"] == "cumulative")
    else:
        due = bool(pi["pi_code"] in due_codes(catalogue, q))
        cell.value = _no_figure(due, row if has_returns else None)
