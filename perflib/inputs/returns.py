"""Loading a quarter's returns: one workbook per directorate, and the analyst's narrative.

One workbook per directorate per quarter (``data/raw/<quarter>/<id>.xlsx``,
layout in ``data/raw/README.md`` and :mod:`perflib.inputs.layout`). Loading
never modifies a file and never loses a row quietly: every cell that cannot be
used becomes a located :class:`~perflib.core.problems.Problem`, a missing or
unusable return is a receipt with its state, and the PIs it would have given
show "No data" with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from perflib.core.config import CouncilConfig, Directorate
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter, QuarterError
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue
from perflib.inputs.directorate_return import read_directorate
from perflib.inputs.indicator_checks import check_indicator_rows
from perflib.inputs.narrative_file import NARRATIVE_FIELDS, read_narrative
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


def _lateness(
    receipt: dict[str, Any], quarter: Quarter, config: CouncilConfig, file: str, directorate: str
) -> list[Problem]:
    """A warning (and the receipt's detail) when the cover's date is after the deadline."""
    deadline = quarter.end_date + dt.timedelta(days=config.return_due_days)
    if not receipt["submitted"] or receipt["submitted"] <= deadline:
        return []
    receipt["detail"] = f"received late ({receipt['submitted']:%d %b %Y}; due {deadline:%d %b %Y})"
    return [
        Problem(
            severity=WARNING,
            file=file,
            sheet=fmt.COVER_SHEET,
            column=fmt.COVER_FIELDS["submitted"],
            value=f"{receipt['submitted']}",
            expected=f"on or before {deadline}",
            message="return submitted after the deadline",
            directorate=directorate,
        )
    ]


def _indicator_frame(
    rows: list[dict], catalogue: Catalogue, directorate: str, file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """The return's indicator rows as a table, rows failing a check marked rejected with the reason."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "pi_code",
            "row",
            "rejected",
            "rejected_reason",
            "commentary",
            "corrective_action",
            "planned_action",
            "action_due",
            "value",
            "numerator",
            "denominator",
            "service_forecast",
        ],
    )
    for col in ("planned_action", "action_due"):
        frame[col] = frame[col].fillna("").astype(str)
    for col in ("value", "numerator", "denominator", "service_forecast"):
        frame[col] = frame[col].astype(float)
    frame["rejected"] = frame["rejected"].astype(bool)
    row_problems = check_indicator_rows(frame[frame["pi_code"].ne("")], catalogue, directorate, file)
    bad_rows = {p.row: p for p in row_problems if p.severity == ERROR}
    for idx in frame.index:
        p = bad_rows.get(int(frame.at[idx, "row"]))
        if p is not None and not frame.at[idx, "rejected"]:
            frame.at[idx, "rejected"] = True
            frame.at[idx, "rejected_reason"] = f"{p.column}: expected {p.expected}"
    return frame, row_problems


def _schedule_problems(
    frame: pd.DataFrame, own: list[str], due: set[str], file: str, directorate: str
) -> list[Problem]:
    """PIs due from this directorate but absent, and rows for its PIs that are not due this quarter."""
    present = set(frame["pi_code"])
    out = [
        Problem(
            severity=WARNING,
            file=file,
            sheet=fmt.INDICATORS_SHEET,
            column=fmt.INDICATOR_COLUMNS["pi_code"],
            expected=f"a row for {code}",
            message=f"{code} is due this quarter but is missing from the return; it is shown as 'No data'",
            directorate=directorate,
            pi_code=code,
        )
        for code in own
        if code in due and code not in present
    ]
    for idx in frame.index[frame["pi_code"].isin(set(own) - due)]:
        code = frame.at[idx, "pi_code"]
        out.append(
            Problem(
                severity=WARNING,
                file=file,
                sheet=fmt.INDICATORS_SHEET,
                row=int(frame.at[idx, "row"]),
                column=fmt.INDICATOR_COLUMNS["pi_code"],
                value=code,
                expected="only PIs due this quarter",
                message="this annual or biennial PI is not due this quarter; the row was ignored",
                directorate=directorate,
                pi_code=code,
            )
        )
    return out


def _action_problem(
    a: dict[str, Any], seen: set[str], fa_codes: set[str], config: CouncilConfig, file: str, directorate: str
) -> Problem | None:
    """Why a Flagship Action row cannot be used (None when it can)."""

    def problem(column: str, expected: str, message: str) -> Problem:
        return Problem(
            severity=ERROR,
            file=file,
            sheet=fmt.ACTIONS_SHEET,
            row=a["row"],
            column=fmt.ACTION_COLUMNS[column],
            value=a[column],
            expected=expected,
            message=message,
            directorate=directorate,
        )

    if a["fa_code"] not in fa_codes:
        return problem("fa_code", "an FA code from the catalogue", "unknown Flagship Action")
    if a["fa_code"] in seen:
        return problem(
            "fa_code", "each Flagship Action once", "Flagship Action appears more than once; the first row is used"
        )
    if a["status"] not in config.fa_statuses:
        return problem("status", "one of " + ", ".join(config.fa_statuses), "Flagship Action status not recognised")
    return None


def _check_actions(
    actions: list[dict], quarter: Quarter, fa_codes: set[str], config: CouncilConfig, file: str, directorate: str
) -> list[Problem]:
    """Mark each Flagship Action row with its quarter, and reject those that cannot be used."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for a in actions:
        a.update(quarter=quarter.label, quarter_index=quarter.index, directorate=directorate, file=file)
        p = _action_problem(a, seen, fa_codes, config, file, directorate)
        if p is not None:
            problems.append(p)
            a["rejected"] = True
        seen.add(a["fa_code"])
    return problems


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
    out.problems += _lateness(receipt, quarter, config, file, d.id)
    frame, row_problems = _indicator_frame(rows, catalogue, d.id, file)
    own = catalogue.indicators.loc[catalogue.indicators["directorate"].eq(d.id), "pi_code"].tolist()
    row_problems += _schedule_problems(frame, own, due_codes(catalogue, quarter), file, d.id)
    out.problems += problems + row_problems
    out.indicators.append(
        frame.assign(
            quarter=quarter.label, quarter_index=quarter.index, directorate=d.id, file=file, sheet=fmt.INDICATORS_SHEET
        )
    )
    fa_codes = set(catalogue.actions["fa_code"])
    out.problems += _check_actions(actions, quarter, fa_codes, config, file, d.id)
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
