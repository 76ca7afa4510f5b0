"""Loading a quarter's returns: one workbook per directorate, and the analyst's narrative.

One workbook per directorate per quarter (``data/raw/<quarter>/<id>.xlsx``,
layout in ``data/raw/README.md`` and :mod:`perflib.inputs.layout`). Loading
never modifies a file and never loses a row quietly: every cell that cannot be
used becomes a located :class:`~perflib.core.problems.Problem`, a missing or
unusable return is a receipt with its state, and the PIs it would have given
show "No data" with the reason. Each return is read by
:mod:`perflib.inputs.directorate_return` and its rows checked by
:mod:`perflib.inputs.return_checks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from perflib.core.config import CouncilConfig, Directorate
from perflib.core.paths import display_path
from perflib.core.problems import WARNING, Problem
from perflib.core.quarters import Quarter, QuarterError
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.directorate_return import read_directorate
from perflib.inputs.narrative_file import NARRATIVE_FIELDS, read_narrative
from perflib.inputs.return_checks import check_actions, indicator_frame, lateness, schedule_problems
from perflib.inputs.schedule import due_codes
from perflib.inputs.workbook import FileProblem

INDICATOR_FIELDS = [
    "quarter",
    "quarter_index",
    "directorate",
    "pi_code",
    "value",
    "numerator",
    "denominator",
    "service_forecast",
    "commentary",
    "corrective_action",
    "planned_action",
    "action_due",
    "file",
    "sheet",
    "row",
    "rejected",
    "rejected_reason",
]
ACTION_FIELDS = ["quarter", "quarter_index", "directorate", "fa_code", "status", "update", "file", "row", "rejected"]
RECEIPT_FIELDS = ["quarter", "directorate", "directorate_name", "file", "state", "submitted", "completed_by", "detail"]


@dataclass
class QuarterReturns:
    """Everything read from one quarter's folder.

    Attributes
    ----------
    quarter : Quarter
    receipts : DataFrame
        One row per directorate: ``state`` is ``received``, ``missing`` or
        ``rejected`` (the file could not be used at all).
    indicators : DataFrame
        One row per indicator row read (columns :data:`INDICATOR_FIELDS`);
        ``rejected`` rows keep the reason and are not used for figures.
    actions : DataFrame
        Flagship Action updates (columns :data:`ACTION_FIELDS`).
    narrative : DataFrame
        The analyst's bullets (columns :data:`NARRATIVE_FIELDS`).
    problems : list of Problem
    """

    quarter: Quarter
    receipts: pd.DataFrame
    indicators: pd.DataFrame
    actions: pd.DataFrame
    narrative: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def _return_path(folder: Path, directorate: str, file_problems: list[Problem]) -> Path | None:
    """The directorate's return in ``folder``: ``<id>.xlsx``, or ``<id>.csv`` if there is no workbook."""
    xlsx, csv_path = folder / f"{directorate}.xlsx", folder / f"{directorate}{fmt.CSV_SUFFIX}"
    if xlsx.exists() and csv_path.exists():
        file_problems.append(
            Problem(
                severity=WARNING,
                file=display_path(csv_path),
                message="both an .xlsx and a .csv return were found; the .xlsx was used and the .csv ignored",
                directorate=directorate,
            )
        )
    if xlsx.exists() or xlsx.is_symlink():
        return xlsx
    if csv_path.exists() or csv_path.is_symlink():
        return csv_path
    for suffix in fmt.OTHER_SPREADSHEET_SUFFIXES:  # a return saved in a format perflib does not read
        other = folder / f"{directorate}{suffix}"
        if other.exists():
            return other
    return None


def _unexpected_files(folder: Path, config: CouncilConfig) -> list[Problem]:
    expected = {fmt.NARRATIVE_FILE}
    for d in config.directorates:
        expected |= {f"{d.id}.xlsx", f"{d.id}{fmt.CSV_SUFFIX}"}
        expected |= {f"{d.id}{suffix}" for suffix in fmt.OTHER_SPREADSHEET_SUFFIXES}
    if not folder.exists():
        return []
    names = ", ".join(sorted(f"{d.id}.xlsx" for d in config.directorates)) + f", {fmt.NARRATIVE_FILE}"
    return [
        Problem(
            severity=WARNING,
            file=display_path(child),
            message="unexpected file in the returns folder; it was not read",
            expected="one of: " + names,
        )
        for child in sorted(folder.iterdir())
        if child.is_file() and child.name not in expected and not child.name.startswith((".", "~$"))
    ]


@dataclass
class _Collected:
    """What :func:`load_quarter` gathers, directorate by directorate."""

    receipts: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[pd.DataFrame] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _load_directorate(
    d: Directorate, folder: Path, quarter: Quarter, catalogue: Catalogue, config: CouncilConfig, out: _Collected
) -> None:
    """Read one directorate's return into ``out``: its receipt, rows and problems."""
    path = _return_path(folder, d.id, out.problems)
    file = display_path(path if path is not None else folder / d.return_file)
    receipt: dict[str, Any] = {
        "quarter": quarter.label,
        "directorate": d.id,
        "directorate_name": d.name,
        "file": file,
        "state": "received",
        "submitted": None,
        "completed_by": "",
        "detail": "",
    }
    out.receipts.append(receipt)
    if path is None:
        receipt.update(state="missing", detail="return not received")
        out.problems.append(
            Problem(
                severity=WARNING,
                file=file,
                message=f"no return from {d.name} for {quarter.label}; its PIs are shown as 'No data'",
                directorate=d.id,
            )
        )
        return
    try:
        info, rows, actions, problems = read_directorate(path, d.id, quarter, catalogue, config)
    except FileProblem as fp:
        receipt.update(state="rejected", detail=fp.problem.message)
        out.problems.append(fp.problem)
        return
    receipt.update(info)
    out.problems += lateness(receipt, quarter, config, file, d.id)
    frame, row_problems = indicator_frame(rows, catalogue, d.id, file)
    own = catalogue.indicators.loc[catalogue.indicators["directorate"].eq(d.id), "pi_code"].tolist()
    row_problems += schedule_problems(frame, own, due_codes(catalogue, quarter), file, d.id)
    out.problems += problems + row_problems
    out.indicators.append(
        frame.assign(
            quarter=quarter.label, quarter_index=quarter.index, directorate=d.id, file=file, sheet=fmt.INDICATORS_SHEET
        )
    )
    fa_codes = set(catalogue.actions["fa_code"])
    out.problems += check_actions(actions, quarter, fa_codes, config, file, d.id)
    out.actions += actions


def load_quarter(config: CouncilConfig, catalogue: Catalogue, quarter: Quarter) -> QuarterReturns:
    """Read every return in ``data/raw/<quarter>/``.

    Parameters
    ----------
    config : CouncilConfig
    catalogue : Catalogue
    quarter : Quarter

    Returns
    -------
    QuarterReturns
        Nothing is dropped: unusable rows are kept with ``rejected=True`` and
        a reason, and missing or unreadable files are receipts with a state.
        The files themselves are only ever read.
    """
    folder = config.raw_quarter_dir(quarter)
    out = _Collected()
    for d in config.directorates:
        _load_directorate(d, folder, quarter, catalogue, config, out)
    out.problems += _unexpected_files(folder, config)
    narrative, narr_problems = read_narrative(folder, quarter, config)
    out.problems += narr_problems
    indicators = (
        pd.concat(out.indicators, ignore_index=True) if out.indicators else pd.DataFrame(columns=INDICATOR_FIELDS)
    )[INDICATOR_FIELDS]
    return QuarterReturns(
        quarter=quarter,
        receipts=pd.DataFrame(out.receipts, columns=RECEIPT_FIELDS),
        indicators=indicators,
        actions=pd.DataFrame(out.actions, columns=ACTION_FIELDS),
        narrative=pd.DataFrame(narrative, columns=NARRATIVE_FIELDS),
        problems=out.problems,
    )


def available_quarters(config: CouncilConfig) -> list[Quarter]:
    """Quarters that have a folder under ``data/raw/``, oldest first.

    Parameters
    ----------
    config : CouncilConfig

    Returns
    -------
    list of Quarter
    """
    found = []
    if config.raw_dir.exists():
        for child in config.raw_dir.iterdir():
            if child.is_dir():
                try:
                    found.append(Quarter.parse(child.name))
                except QuarterError:
                    continue
    return sorted(found)


def quarters_without_returns(config: CouncilConfig, upto: Quarter | None = None) -> list[Quarter]:
    """Quarters between the first with a returns folder and ``upto`` that have no returns at all.

    A quarter has no returns when it has no folder under ``data/raw/``, or its
    folder holds no file (hidden files and Excel lock files aside). Trends,
    year-to-date figures and forecasts then have a gap there.

    Parameters
    ----------
    config : CouncilConfig
    upto : Quarter, optional
        The last quarter to look at (default: the latest quarter with a folder).

    Returns
    -------
    list of Quarter
        Oldest first; empty when there is no gap.
    """
    have = available_quarters(config)
    if not have:
        return []
    last = upto if upto is not None else have[-1]
    with_files = {
        q
        for q in have
        if any(p.is_file() and not p.name.startswith((".", "~$")) for p in config.raw_quarter_dir(q).iterdir())
    }
    return [Quarter.from_index(i) for i in range(have[0].index, last.index) if Quarter.from_index(i) not in with_files]
