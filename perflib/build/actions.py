"""The Flagship Action lines reported in a quarter, each with its status and the reason when there is none."""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.core.config import NO_UPDATE, CouncilConfig
from perflib.core.problems import WARNING, Problem
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.returns import QuarterReturns


def build_actions(
    config: CouncilConfig, catalogue: Catalogue, loaded: dict[Quarter, QuarterReturns], quarter: Quarter
) -> pd.DataFrame:
    """Flagship Action lines reported in ``quarter`` with their status.

    Parameters
    ----------
    config : CouncilConfig
        Gives the statuses (and the RAG each is shown as) and the names.
    catalogue : Catalogue
    loaded : dict
        Quarter -> its returns.
    quarter : Quarter

    Returns
    -------
    DataFrame
        One row per Flagship Action line in force in ``quarter``: ``status``
        (the return's, or "No update"), ``status_reason`` (why there is no
        update), ``update``, ``rag``, the names, and who is accountable:
        ``lead_officer`` and ``portfolio_holder`` (``""`` when the catalogue
        gives none; shown as :data:`perflib.inputs.catalogue.NOT_ASSIGNED`).
    """
    fa = catalogue.actions[catalogue.actions["from_index"] <= quarter.index].copy()
    ret = loaded.get(quarter)
    rows = ret.actions if ret is not None else pd.DataFrame(columns=["fa_code", "status", "update", "rejected"])
    rejected = rows["rejected"].astype(bool)
    updates = rows[~rejected].drop_duplicates("fa_code")
    fa = fa.merge(updates[["fa_code", "status", "update"]], how="left", on="fa_code")
    # A line whose row is in the return but whose status could not be used (not in council.yml's list).
    unusable = fa["fa_code"].map(rows[rejected].drop_duplicates("fa_code").set_index("fa_code")["status"])
    receipts = ret.receipts.set_index("directorate")["state"] if ret is not None else pd.Series(dtype=str)
    state = fa["directorate"].map(receipts)
    d_names = {d.id: d.name for d in config.directorates}
    fa["status_reason"] = np.select(
        [
            fa["status"].notna(),
            state.isna(),
            state.eq("missing"),
            state.eq("rejected"),
            unusable.eq(""),
            unusable.notna(),
        ],
        [
            "",
            "no returns for this quarter",
            "return not received from " + fa["directorate"].map(d_names),
            "return could not be used",
            "left blank in the return",
            "status not recognised",
        ],
        default="not in the return",
    )
    fa["status"] = fa["status"].fillna(NO_UPDATE)
    fa["update"] = fa["update"].fillna("")
    fa["rag"] = fa["status"].map(config.fa_statuses).fillna(NO_UPDATE)
    names = {p.id: p.name for p in config.priorities} | {p.id: p.name for p in config.plan_for(quarter).priorities}
    fa["priority_name"] = fa["priority"].map(names)
    fa["directorate_name"] = fa["directorate"].map(d_names)
    fa["quarter"] = quarter.label
    return fa.drop(columns=["from_index"]).reset_index(drop=True)


#: The RAG of a Flagship Action that is done (``data/council.yml`` maps statuses to it).
COMPLETE = "Complete"


def _usable(ret: QuarterReturns) -> pd.DataFrame:
    rows = ret.actions
    return rows[~rows["rejected"].astype(bool)].drop_duplicates("fa_code")


def actions_leaving_complete(
    config: CouncilConfig, loaded: dict[Quarter, QuarterReturns], quarter: Quarter
) -> list[Problem]:
    """A warning for each Flagship Action reported Complete before and not Complete in ``quarter``.

    The status compared with is the last one reported before ``quarter`` (in
    the latest earlier return that has the action with a usable status). An
    action is normally complete once, so a move back (say from Complete to
    On track) is more often a slip in the return than news; it is still used
    as reported.

    Parameters
    ----------
    config : CouncilConfig
        Gives which statuses count as complete (those shown as ``Complete``).
    loaded : dict
        Quarter -> its returns.
    quarter : Quarter

    Returns
    -------
    list of Problem
        Located at the action's row and Status column in ``quarter``'s return.
    """
    ret = loaded.get(quarter)
    if ret is None or ret.actions.empty:
        return []
    done = {s for s, rag in config.fa_statuses.items() if rag == COMPLETE}
    last: dict[str, tuple[Quarter, str]] = {}
    for q in sorted(k for k in loaded if k < quarter):
        for a in _usable(loaded[q]).itertuples():
            last[str(a.fa_code)] = (q, str(a.status))
    out = []
    for a in _usable(ret).itertuples():
        before = last.get(str(a.fa_code))
        if before is None or before[1] not in done or a.status in done:
            continue
        out.append(
            Problem(
                severity=WARNING,
                file=str(a.file),
                sheet=fmt.ACTIONS_SHEET,
                row=int(a.row),
                column=fmt.ACTION_COLUMNS["status"],
                value=str(a.status),
                expected=f"{before[1]}, as reported in {before[0].label}, or an update saying why it reopened",
                message=f"Flagship Action {a.fa_code} was {before[1]} in {before[0].label} and is now {a.status}; "
                "check the status (used as reported)",
                directorate=str(a.directorate),
            )
        )
    return out
