"""Readers for the three comparator layouts, giving raw rows in one shape.

* ``long``: the project's own long CSV, one row per area, period and
  indicator (``area_code, area_name, period, indicator_id, value[, numerator,
  denominator]``; ``period_type`` optional).
* ``dfe``: an explore-education-statistics CSV as DfE publishes it:
  ``time_period, time_identifier, geographic_level, country_code,
  country_name, region_code, region_name, old_la_code, new_la_code, la_name``,
  filter columns, then one column per indicator. Only rows at the mapping's
  ``geographic_level`` (``Local authority`` unless it says otherwise) and the
  mapping's ``filters`` are read.
* ``lginform_wide``: an LG Inform-style wide export, one row per area
  (``Area code``, ``Area name``) and one column per period (headers such as
  ``2022/23`` or ``Q3 2023/24``); an indicator column is optional.

Headers are matched ignoring case, spaces and underscores. Every reader keeps
only the comparator group's rows (and the council's own) and returns the
columns of :data:`RAW_COLUMNS`, all text, with ``row`` the spreadsheet row and
the ``*_header`` columns naming the file's columns, for problems.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from perflib.core.paths import display_path
from perflib.core.problems import ERROR, Problem
from perflib.inputs.comparator_mapping_types import GroupRule, SourceMapping
from perflib.inputs.comparator_periods import PeriodError, parse_period
from perflib.inputs.comparator_tables import FileError, read_table

RAW_COLUMNS: tuple[str, ...] = (
    "area_code",
    "area_name",
    "indicator",
    "period_text",
    "kind_text",
    "value_text",
    "numerator_text",
    "denominator_text",
    "row",
    "area_code_header",
    "period_header",
    "value_header",
    "numerator_header",
    "denominator_header",
)


def header_key(text: str) -> str:
    """A header as compared: lower case, underscores as spaces, spaces collapsed.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        ``"Area_Code "`` and ``"area code"`` both give ``"area code"``.
    """
    return " ".join(str(text).replace("_", " ").lower().split())


def _find(frame: pd.DataFrame, header: str, role: str, required: bool = True) -> str:
    """The file's own header for ``header``; ``""`` when absent and not required."""
    wanted = header_key(header)
    for col in frame.columns:
        if header_key(col) == wanted:
            return col
    if required and header:
        what = "" if header_key(role) == wanted else f" ({role})"
        raise FileError(
            f"the column '{header}'{what} is not in the file, so it was not used",
            column=header,
            expected="this column to be present",
        )
    return ""


def _cells(frame: pd.DataFrame, column: str) -> pd.Series:
    if not column:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].astype(str).str.strip()


def _in_group(frame: pd.DataFrame, codes: pd.Series, mapping: SourceMapping) -> pd.Series:
    """Rows of the comparator group, the council's own included."""
    rule: GroupRule | None = mapping.group
    own = codes.eq(mapping.own_area_code)
    if rule is None:
        return pd.Series(True, index=frame.index)
    if rule.kind == "codes":
        return own | codes.isin(rule.codes)
    if rule.kind == "region_code":
        column = _find(frame, mapping.column("region_code") or "region_code", "region code for the group")
        return own | _cells(frame, column).eq(rule.region_code)
    column = _find(frame, rule.column, "the group's column")
    return own | _cells(frame, column).eq(rule.value)


def _apply_filters(frame: pd.DataFrame, mapping: SourceMapping) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for header, value in mapping.filters.items():
        column = _find(frame, header, "a filter in the mapping")
        keep &= _cells(frame, column).str.lower().eq(value.lower())
    return frame[keep]


def _rows(frame: pd.DataFrame, skip_rows: int) -> pd.Series:
    return pd.Series(frame.index, index=frame.index).astype(int) + 2 + skip_rows


def _raw(frame: pd.DataFrame, mapping: SourceMapping, columns: dict[str, str]) -> pd.DataFrame:
    """The raw table from located columns (``columns``: role -> the file's header or ``""``)."""
    out = pd.DataFrame(
        {
            "area_code": _cells(frame, columns["area_code"]),
            "area_name": _cells(frame, columns["area_name"]),
            "indicator": _cells(frame, columns["indicator"]),
            "period_text": _cells(frame, columns["period"]),
            "kind_text": _cells(frame, columns.get("period_type", "")),
            "value_text": _cells(frame, columns["value"]),
            "numerator_text": _cells(frame, columns.get("numerator", "")),
            "denominator_text": _cells(frame, columns.get("denominator", "")),
            "row": _rows(frame, mapping.skip_rows),
        }
    )
    for role in ("area_code", "period", "value", "numerator", "denominator"):
        out[f"{role}_header"] = columns.get(role, "")
    return out[list(RAW_COLUMNS)]


def read_long(frame: pd.DataFrame, mapping: SourceMapping) -> tuple[pd.DataFrame, list[FileError]]:
    """Raw rows of a long-layout file (see the module docstring).

    Parameters
    ----------
    frame : DataFrame
        The file, from :func:`~perflib.inputs.comparator_tables.read_table`.
    mapping : SourceMapping

    Returns
    -------
    DataFrame
        Columns :data:`RAW_COLUMNS`, the group's rows only.
    list of FileError
        Always empty (a missing column raises :class:`FileError`).
    """
    cols = {
        role: _find(frame, mapping.column(role), role)
        for role in ("area_code", "area_name", "period", "indicator", "value")
    }
    for role in ("period_type", "numerator", "denominator"):
        cols[role] = _find(frame, mapping.column(role), role, required=False)
    if bool(cols["numerator"]) != bool(cols["denominator"]):
        cols["numerator"] = cols["denominator"] = ""
    frame = _apply_filters(frame, mapping)
    frame = frame[_in_group(frame, _cells(frame, cols["area_code"]), mapping)]
    return _raw(frame, mapping, cols), []


def _dfe_indicator(frame: pd.DataFrame, mapping: SourceMapping, base: dict[str, str], index: int) -> pd.DataFrame:
    spec = mapping.indicators[index]
    cols = dict(
        base,
        value=_find(frame, spec.value_column, f"indicator for {spec.pi_code}"),
        numerator=_find(frame, spec.numerator_column, f"numerator for {spec.pi_code}") if spec.numerator_column else "",
        denominator=_find(frame, spec.denominator_column, f"denominator for {spec.pi_code}")
        if spec.denominator_column
        else "",
        indicator="",
    )
    raw = _raw(frame, mapping, cols)
    raw["indicator"] = spec.source
    return raw


def read_dfe(frame: pd.DataFrame, mapping: SourceMapping) -> tuple[pd.DataFrame, list[FileError]]:
    """Raw rows of a DfE explore-education-statistics file (see the module docstring).

    Parameters
    ----------
    frame : DataFrame
        The file, from :func:`~perflib.inputs.comparator_tables.read_table`.
    mapping : SourceMapping

    Returns
    -------
    DataFrame
        Columns :data:`RAW_COLUMNS`: the group's rows at the mapping's
        geographic level and filters, one per mapped indicator.
    list of FileError
        Mapped indicators whose columns are missing: those indicators only are
        not read.
    """
    base = {
        role: _find(frame, mapping.column(role), role)
        for role in ("area_code", "area_name", "period", "period_type", "geographic_level")
    }
    level = _cells(frame, base.pop("geographic_level")).str.lower()
    frame = _apply_filters(frame[level.eq(mapping.geographic_level.lower())], mapping)
    frame = frame[_in_group(frame, _cells(frame, base["area_code"]), mapping)]
    parts, failures = [], []
    for i in range(len(mapping.indicators)):
        try:
            parts.append(_dfe_indicator(frame, mapping, base, i))
        except FileError as exc:
            failures.append(exc)
    if not parts:
        return pd.DataFrame(columns=list(RAW_COLUMNS)), failures
    return pd.concat(parts, ignore_index=True), failures


def _period_columns(frame: pd.DataFrame, used: set[str], mapping: SourceMapping) -> list[str]:
    found = []
    for col in frame.columns:
        if col in used:
            continue
        try:
            parse_period(col, two_year_type=mapping.year_type)
        except PeriodError:
            continue
        found.append(col)
    return found


def read_lginform_wide(frame: pd.DataFrame, mapping: SourceMapping) -> tuple[pd.DataFrame, list[FileError]]:
    """Raw rows of an LG Inform-style wide export: one column per period (see the module docstring).

    Parameters
    ----------
    frame : DataFrame
        The file, from :func:`~perflib.inputs.comparator_tables.read_table`.
    mapping : SourceMapping

    Returns
    -------
    DataFrame
        Columns :data:`RAW_COLUMNS`, one row per group area and period column.
    list of FileError
        Always empty (a file without period columns raises :class:`FileError`).
    """
    cols = {role: _find(frame, mapping.column(role), role) for role in ("area_code", "area_name")}
    cols["indicator"] = _find(frame, mapping.column("indicator"), "indicator") if mapping.column("indicator") else ""
    periods = _period_columns(frame, {c for c in cols.values() if c}, mapping)
    if not periods:
        raise FileError(
            "no column header is a period (such as 2022/23 or Q3 2023/24), so the file was not used",
            expected="one column per period",
        )
    frame = _apply_filters(frame, mapping)
    frame = frame[_in_group(frame, _cells(frame, cols["area_code"]), mapping)]
    parts = []
    for col in periods:
        raw = _raw(frame, mapping, dict(cols, period="", value=col))
        raw["period_text"], raw["period_header"] = col, col
        if not cols["indicator"]:
            raw["indicator"] = mapping.indicators[0].source
        parts.append(raw)
    return pd.concat(parts, ignore_index=True), []


READERS = {"long": read_long, "dfe": read_dfe, "lginform_wide": read_lginform_wide}


def read_source_file(path: Path, mapping: SourceMapping) -> tuple[pd.DataFrame, list[Problem]]:
    """Raw rows of one file of a source, with located errors for what could not be read.

    Parameters
    ----------
    path : Path
    mapping : SourceMapping

    Returns
    -------
    DataFrame
        Columns :data:`RAW_COLUMNS` (empty when the file cannot be used).
    list of Problem
        Errors: a missing or unreadable file, a missing column (file or
        indicator not used).
    """
    file = display_path(path)
    try:
        raw, failures = READERS[mapping.layout](read_table(path, mapping.skip_rows, mapping.sheet), mapping)
    except FileError as exc:
        raw, failures = pd.DataFrame(columns=list(RAW_COLUMNS)), [exc]
    problems = [
        Problem(
            ERROR,
            file,
            column=f.column,
            value=f.value,
            expected=f.expected,
            message=f"{f.message} (mapping {display_path(mapping.yaml_path)})",
        )
        for f in failures
    ]
    return raw.reset_index(drop=True), problems
