"""A return's Cover sheet: which council, directorate and quarter it is for, and who sent it when.

A cover naming another council, directorate or quarter makes the whole return
unusable and is raised as :class:`~perflib.inputs.workbook.FileProblem`; a
date submitted that is not a date is a warning. A CSV return has no cover, so
its quarter is taken from its folder. Used by
:mod:`perflib.inputs.directorate_return`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from perflib.core.config import CouncilConfig
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter, QuarterError
from perflib.inputs import layout as fmt
from perflib.inputs.cells import cell_text
from perflib.inputs.workbook import FileProblem, Source, read_cover


def _cover_problem(
    severity: str,
    file: str,
    directorate: str,
    field: str,
    row: int | None,
    *,
    value: str,
    expected: str,
    message: str,
) -> Problem:
    """A problem in one field of a return's Cover sheet, located by file, sheet, row and the field's label."""
    return Problem(
        severity=severity,
        file=file,
        sheet=fmt.COVER_SHEET,
        row=row,
        column=fmt.COVER_FIELDS[field],
        value=value,
        expected=expected,
        message=message,
        directorate=directorate,
    )


def _check_cover_quarter(cover: dict[str, tuple[Any, int]], quarter: Quarter, file: str, directorate: str) -> None:
    q_raw, q_row = cover.get("quarter", (None, None))
    try:
        q_found = Quarter.parse(cell_text(q_raw))
    except QuarterError:
        raise FileProblem(
            _cover_problem(
                ERROR,
                file,
                directorate,
                "quarter",
                q_row,
                value=cell_text(q_raw),
                expected=f"the quarter, {quarter.label}",
                message="the cover does not say which quarter this return is for",
            )
        ) from None
    if q_found != quarter:
        raise FileProblem(
            _cover_problem(
                ERROR,
                file,
                directorate,
                "quarter",
                q_row,
                value=q_found.label,
                expected=quarter.label,
                message=f"this return is for {q_found.label}, not {quarter.label} (last quarter's file re-sent?)",
            )
        )


def _check_cover_directorate(
    cover: dict[str, tuple[Any, int]], config: CouncilConfig, file: str, directorate: str
) -> None:
    d_raw, d_row = cover.get("directorate", (None, None))
    d_found = cell_text(d_raw)
    name = config.directorate_name(directorate)
    if d_found and d_found.lower() not in (directorate, name.lower()):
        raise FileProblem(
            _cover_problem(
                ERROR,
                file,
                directorate,
                "directorate",
                d_row,
                value=d_found,
                expected=f"{directorate} ({name})",
                message="the cover names another directorate",
            )
        )


def _check_cover_council(cover: dict[str, tuple[Any, int]], config: CouncilConfig, file: str, directorate: str) -> None:
    """The cover's Council must be this council (its name or short name, in any case); blank is allowed."""
    c_raw, c_row = cover.get("council", (None, None))
    found = " ".join(cell_text(c_raw).split())
    names = {" ".join(n.split()).lower() for n in (config.council_name, config.short_name) if n}
    if found and found.lower() not in names:
        raise FileProblem(
            _cover_problem(
                ERROR,
                file,
                directorate,
                "council",
                c_row,
                value=found,
                expected=config.council_name,
                message="the cover names another council (another council's return?)",
            )
        )


def _submitted(
    cover: dict[str, tuple[Any, int]], file: str, directorate: str, problems: list[Problem]
) -> dt.date | None:
    submitted, s_row = cover.get("submitted", (None, None))
    if isinstance(submitted, dt.datetime):
        submitted = submitted.date()
    if submitted is not None and not isinstance(submitted, dt.date):
        problems.append(
            _cover_problem(
                WARNING,
                file,
                directorate,
                "submitted",
                s_row,
                value=cell_text(submitted),
                expected="a date",
                message="date submitted not understood",
            )
        )
        return None
    return submitted


def read_receipt(
    source: Source, quarter: Quarter, config: CouncilConfig, file: str, directorate: str, problems: list[Problem]
) -> dict[str, Any]:
    """What the cover says (who completed it and when), after checking its quarter and directorate.

    Parameters
    ----------
    source : Source
        The return as read.
    quarter : Quarter
        The quarter whose folder it is in.
    config : CouncilConfig
    file : str
        The return's path as shown in problems.
    directorate : str
        Its directorate id.
    problems : list of Problem
        Warnings are appended here (a CSV return, a date submitted not understood).

    Returns
    -------
    dict
        ``submitted`` (a date or None) and ``completed_by``.

    Raises
    ------
    FileProblem
        When the cover is missing or names another council, directorate or quarter.
    """
    if source.kind != "xlsx":
        problems.append(
            Problem(
                severity=WARNING,
                file=file,
                message="CSV return: no cover sheet, so the quarter is "
                f"taken from the folder ({quarter.label}) and there are no Flagship Action updates",
                directorate=directorate,
            )
        )
        return {"submitted": None, "completed_by": ""}
    cover = read_cover(source, file, directorate)
    _check_cover_council(cover, config, file, directorate)
    _check_cover_quarter(cover, quarter, file, directorate)
    _check_cover_directorate(cover, config, file, directorate)
    return {
        "submitted": _submitted(cover, file, directorate, problems),
        "completed_by": cell_text(cover.get("completed_by", ("", 0))[0]),
    }
