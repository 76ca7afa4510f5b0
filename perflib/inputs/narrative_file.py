"""The analyst's narrative for the quarter: ``data/raw/<quarter>/narrative.xlsx``.

One row per bullet: the priority (id or name), the type (key achievement or
area for improvement) and the text. A line with an unknown priority or type is
a located error and is left out; a line with no text is a located warning and
is left out; a bullet longer than ``NARRATIVE_MAX_CHARS`` is a located warning
and is used. The rest of the narrative is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from perflib.core.config import CouncilConfig
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.cells import cell_text
from perflib.inputs.workbook import FileProblem, find_header, map_columns, sheet_rows
from perflib.inputs.xlsx_reader import read_xlsx

#: Columns of the narrative table.
NARRATIVE_FIELDS = ["quarter", "priority", "kind", "text", "order"]


def _narrative_rows(path: Path, file: str, problems: list[Problem]) -> tuple[list[tuple], int, dict[str, int]]:
    source = read_xlsx(path, file, "")
    rows = sheet_rows(source, fmt.NARRATIVE_SHEET, file, "")
    h = find_header(rows, fmt.NARRATIVE_COLUMNS["priority"], file, fmt.NARRATIVE_SHEET, problems, "")
    cols = map_columns(
        rows[h], fmt.NARRATIVE_COLUMNS, tuple(fmt.NARRATIVE_COLUMNS), file, fmt.NARRATIVE_SHEET, h + 1, problems, ""
    )
    return rows, h, cols


def _line_problem(
    cells: dict[str, str], pid: str | None, kind: str | None, file: str, excel_row: int, config: CouncilConfig
) -> Problem:
    """The problem with a bullet that cannot be used.

    An unknown priority or type is an error (the bullet would be lost); a
    bullet with its priority and type but no text is a warning (an empty row
    of the template, partly filled in).
    """
    bad = "priority" if pid is None else "kind" if kind is None else "text"
    names = "; ".join(f"{p.name} ({p.id})" for p in config.priorities)
    expected = {
        "priority": f"a priority of data/council.yml, by name or id: {names}",
        "kind": " or ".join(fmt.NARRATIVE_KINDS.values()),
        "text": "the bullet's text",
    }[bad]
    message = {
        "priority": "narrative bullet not used: the priority is not one of the council's",
        "kind": "narrative bullet not used: the type is not one perflib knows",
        "text": "empty narrative bullet left out",
    }[bad]
    return Problem(
        severity=WARNING if bad == "text" else ERROR,
        file=file,
        sheet=fmt.NARRATIVE_SHEET,
        row=excel_row,
        column=fmt.NARRATIVE_COLUMNS[bad],
        value=cells[bad],
        expected=expected,
        message=message,
    )


def _long_bullet(text: str, file: str, excel_row: int) -> Problem:
    return Problem(
        severity=WARNING,
        file=file,
        sheet=fmt.NARRATIVE_SHEET,
        row=excel_row,
        column=fmt.NARRATIVE_COLUMNS["text"],
        value=text[:60] + "...",
        expected=f"at most {fmt.NARRATIVE_MAX_CHARS} characters",
        message=f"narrative bullet is {len(text)} characters long, too long to read as a bullet; used as it is",
    )


def read_narrative(folder: Path, quarter: Quarter, config: CouncilConfig) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read the quarter's narrative bullets.

    Parameters
    ----------
    folder : Path
        The quarter's returns folder.
    quarter : Quarter
    config : CouncilConfig
        Gives the priorities.

    Returns
    -------
    (list of dict, list of Problem)
        The bullets (columns :data:`NARRATIVE_FIELDS`), and the problems
        found (a missing file is a warning).
    """
    path = folder / fmt.NARRATIVE_FILE
    file = display_path(path)
    if not path.exists():
        return [], [
            Problem(
                severity=WARNING,
                file=file,
                message="no narrative file for this quarter; the "
                "report's key achievements and areas for improvement will be empty",
            )
        ]
    problems: list[Problem] = []
    try:
        rows, h, cols = _narrative_rows(path, file, problems)
    except FileProblem as fp:
        return [], [*problems, fp.problem]  # with what was found before the file proved unusable
    by_name = {p.name.lower(): p.id for p in config.priorities} | {p.id.lower(): p.id for p in config.priorities}
    kinds = {v.lower(): k for k, v in fmt.NARRATIVE_KINDS.items()}
    out: list[dict[str, Any]] = []
    for offset, row in enumerate(rows[h + 1 :]):
        cells = {name: cell_text(row[pos]) if pos < len(row) else "" for name, pos in cols.items()}
        if not any(cells.values()):
            continue
        pid, kind = by_name.get(cells["priority"].lower()), kinds.get(cells["kind"].lower())
        if pid is None or kind is None or not cells["text"]:
            problems.append(_line_problem(cells, pid, kind, file, h + 2 + offset, config))
            continue
        if len(cells["text"]) > fmt.NARRATIVE_MAX_CHARS:
            problems.append(_long_bullet(cells["text"], file, h + 2 + offset))
        out.append({"quarter": quarter.label, "priority": pid, "kind": kind, "text": cells["text"], "order": len(out)})
    return out, problems
