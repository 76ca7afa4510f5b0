"""No machinery in a director's document: files named by their name and return, never by their path.

Paths, module names and command lines belong in ``data_quality.csv``,
``manifest.json`` and the analyst's notebook; the report names a return by its
directorate and its file's name ("People return (people.xlsx), Indicators
sheet, row 4, Commentary").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from perflib.report.render import is_missing

#: A file path with at least one folder, relative or absolute: the folders go, the file's name stays.
#: A web address is left alone (its slashes follow ``:`` or ``/``).
_PATH = re.compile(r"(?<![\w/.:-])/?(?:[\w.-]+/)+([\w.-]+\.[A-Za-z]{2,5})\b")


def file_name(path: Any) -> str:
    """The last part of a path (``"data/raw/2023-24-Q3/place.xlsx"`` -> ``"place.xlsx"``); ``""`` for none.

    Parameters
    ----------
    path : str or None

    Returns
    -------
    str
    """
    if not isinstance(path, str):
        return ""
    return re.split(r"[\\/]", path.rstrip("/\\"))[-1]


def plain_paths(text: Any) -> str:
    """``text`` with every file path cut to the file's name.

    Parameters
    ----------
    text : str or None

    Returns
    -------
    str
        E.g. ``"both data/comparators/a.csv and b.csv"`` -> ``"both a.csv and b.csv"``.
    """
    if not isinstance(text, str):
        return ""
    return _PATH.sub(r"\1", text)


def where(
    file: Any,
    sheet: Any = "",
    row: Any = None,
    column: Any = "",
    directorate: Any = "",
    names: Mapping[str, str] | None = None,
) -> str:
    """Where a problem is, in a reader's words: the return, its sheet, row and column.

    Parameters
    ----------
    file : str
        The file's path (only its name is shown).
    sheet : str, optional
    row : int, optional
        Spreadsheet row (1-based); missing values are left out.
    column : str, optional
    directorate : str, optional
        The directorate whose return it is (its id).
    names : Mapping, optional
        Directorate id -> name, e.g. ``{"place": "Place"}``.

    Returns
    -------
    str
        ``"Place return (place.xlsx), Indicators sheet, row 7, Value"``; a file that is
        not a directorate's return is named by its file's name alone.
    """
    name = file_name(file)
    who = (names or {}).get(directorate, "") if isinstance(directorate, str) and directorate else ""
    parts = [f"{who} return ({name})" if who else name]
    if isinstance(sheet, str) and sheet:
        parts.append(f"{sheet} sheet")
    if not is_missing(row):
        parts.append(f"row {int(row)}")
    if isinstance(column, str) and column:
        parts.append(column)
    return ", ".join(p for p in parts if p)


__all__ = ["file_name", "plain_paths", "where"]
