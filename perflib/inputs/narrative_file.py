"""The analyst's narrative for the quarter: ``data/raw/<quarter>/narrative.xlsx``.

One row per bullet: the priority (id or name), the type (key achievement or
area for improvement) and the text. A line that cannot be used is a located
error and is left out; the rest of the narrative is used.
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
from perflib.inputs.workbook import FileProblem, find_header, map_columns, read_xlsx, sheet_rows

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


def _line_problem(cells: dict[str, str], pid: str | None, kind: str | None, file: str, excel_row: int) -> Problem:
    bad = "priority" if pid is None else "kind" if kind is None else "text"
    expected = {
        "priority": "a priority id or name from data/council.yml",
        "kind": " or ".join(fmt.NARRATIVE_KINDS.values()),
        "text": "some text",
    }[bad]
    return Problem(
        severity=ERROR,
        file=file,
        sheet=fmt.NARRATIVE_SHEET,
        row=excel_row,
        column=fmt.NARRATIVE_COLUMNS[bad],
        value=cells[bad],
        expected=expected,
        message="narrative line not used",
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
            problems.append(_line_problem(cells, pid, kind, file, h + 2 + offset))
            continue
        out.append({"quarter": quarter.label, "priority": pid, "kind": kind, "text": cells["text"], "order": len(out)})
    return out, problems
