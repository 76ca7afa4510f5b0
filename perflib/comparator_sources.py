"""Comparator data as government publishes it: every source in ``data/comparators/`` in one long table.

A source is one or more published files plus a YAML mapping
(:mod:`perflib.comparator_mapping`); the three layouts are read by
:mod:`perflib.comparator_readers`, markers and unusable cells handled by
:mod:`perflib.comparator_values`, and periods by
:mod:`perflib.comparator_periods`. This module puts the sources together:

* **Overlapping releases.** When the same area, PI and period is in two files
  (every DfE release repeats earlier years), the newer release wins: the file
  with the later ``released`` date; a file without one counts as older than
  any file with one; with equal or no dates, the later in order (mapping
  files by name, then files in the order the mapping lists them, oldest
  first). One warning per pair of files names both and counts the rows
  replaced, and how many of them had a different figure. Nothing stops.
* **Unknown codes.** Indicators in a long file that the mapping does not map,
  and PI codes not in the catalogue, are left out with one warning per
  source listing them.
* **Missing figures** (markers, blanks, 0/0 rows) are counted per file: one
  warning per file gives the counts, and :attr:`ComparatorData.missing` the
  table.
* **The period rule**: :func:`compare_quarter` says, for each PI, which
  period a report quarter is compared on, in words for the report
  (:func:`perflib.comparator_periods.choose_period`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perflib.comparator_mapping import SourceMapping, read_mappings
from perflib.comparator_periods import DEFAULT_LOOKBACK_MONTHS, Period, choose_period
from perflib.comparator_readers import read_source_file
from perflib.comparator_values import MARKER_MEANINGS, clean_rows, missing_counts
from perflib.quarters import Quarter
from perflib.validation import WARNING, Problem, display_path

#: Columns of :attr:`ComparatorData.table`.
SOURCE_COLUMNS: tuple[str, ...] = ("area_code", "area_name", "indicator_id", "period", "period_type", "period_start",
                                   "period_end", "value", "numerator", "denominator", "file", "row", "released",
                                   "source", "own")
#: Columns of :func:`compare_quarter`.
COMPARISON_COLUMNS: tuple[str, ...] = ("pi_code", "period", "period_type", "period_start", "period_end",
                                       "period_words", "n_areas", "lookback_months", "overdispersion", "source")
_KEY = ["area_code", "indicator_id", "period_type", "period_start", "period_end"]


@dataclass(frozen=True)
class PiSettings:
    """How one PI is compared: from which source, with which look-back and funnel setting."""

    pi_code: str
    source: str
    mapping_file: str
    own_area_code: str
    lookback_months: int = DEFAULT_LOOKBACK_MONTHS
    overdispersion: bool = False


@dataclass
class ComparatorData:
    """Everything read from the comparator sources.

    Attributes
    ----------
    table : DataFrame
        One row per group area, PI and period, columns :data:`SOURCE_COLUMNS`
        (``value`` NaN where the release gives no figure; ``period`` the label
        as published; ``own`` marks the council's rows).
    problems : list of Problem
        Errors (located by file, row and column, or mapping and key) and
        warnings (overlapping releases, unknown codes, missing figures).
    missing : DataFrame
        Missing figures per file: ``file, marker, meaning, cells``.
    settings : dict
        PI code -> :class:`PiSettings`.
    """

    table: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    missing: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["file", "marker", "meaning",
                                                                                 "cells"]))
    settings: dict[str, PiSettings] = field(default_factory=dict)


def empty_table() -> pd.DataFrame:
    """An empty comparator table.

    Returns
    -------
    DataFrame
        The columns of :data:`SOURCE_COLUMNS`, no rows.
    """
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in SOURCE_COLUMNS})
    return frame.astype({"value": float, "numerator": float, "denominator": float, "row": int, "own": bool})


def _with_pi_codes(raw: pd.DataFrame, mapping: SourceMapping, unknown: set[str]) -> pd.DataFrame:
    """Raw rows with ``indicator_id``; indicators the mapping does not map are dropped into ``unknown``."""
    if not mapping.indicators:
        return raw.assign(indicator_id=raw["indicator"])
    codes = {spec.source.lower(): spec.pi_code for spec in mapping.indicators}
    pi = raw["indicator"].str.lower().map(codes)
    unknown.update(raw.loc[pi.isna(), "indicator"])
    return raw[pi.notna()].assign(indicator_id=pi[pi.notna()])


def _read_file(mapping: SourceMapping, order: int, index: int,
               unknown: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    source_file = mapping.files[index]
    raw, problems = read_source_file(source_file.path, mapping)
    rows, found = clean_rows(_with_pi_codes(raw, mapping, unknown), display_path(source_file.path),
                             mapping.year_type, mapping.period_types)
    released = source_file.released
    rows = rows.assign(file=display_path(source_file.path), released=released, source=mapping.name,
                       own=rows["area_code"].eq(mapping.own_area_code) if len(rows) else [],
                       _released=released or dt.date.min, _order=order, _file_order=index)
    return rows, problems + found


def _unknown_problems(mapping: SourceMapping, unknown: set[str], outside: dict[str, int]) -> list[Problem]:
    file = display_path(mapping.yaml_path)
    out = []
    if unknown:
        names = ", ".join(sorted(unknown))
        out.append(Problem(WARNING, file, column="indicators", value=names, expected="indicators named in the mapping",
                           message=f"{len(unknown)} indicator(s) in the files are not in the mapping and were left "
                                   f"out: {names}"))
    if outside:
        codes = ", ".join(f"{code} ({n} rows)" for code, n in sorted(outside.items()))
        out.append(Problem(WARNING, file, column="indicators", value=", ".join(sorted(outside)),
                           expected="PI codes from data/catalogue/indicators.csv",
                           message=f"PI code(s) not in the catalogue were left out: {codes}"))
    return out


def _read_source(mapping: SourceMapping, order: int,
                 catalogue: set[str] | None) -> tuple[pd.DataFrame, list[Problem]]:
    unknown: set[str] = set()
    parts, problems = [], []
    for i in range(len(mapping.files)):
        rows, found = _read_file(mapping, order, i, unknown)
        parts.append(rows)
        problems += found
    rows = pd.concat(parts, ignore_index=True) if parts else empty_table()
    outside: dict[str, int] = {}
    if catalogue is not None and len(rows):
        known = rows["indicator_id"].isin(catalogue)
        outside = rows.loc[~known, "indicator_id"].value_counts().to_dict()
        rows = rows[known]
    return rows, problems + _unknown_problems(mapping, unknown, outside)


def _why_newer(rows: pd.DataFrame) -> str:
    released = rows["released"].iloc[0]
    return f"released {released:%d %B %Y}" if isinstance(released, dt.date) else "later in the list"


def _overlap_warning(older: pd.DataFrame, newer: pd.DataFrame) -> Problem:
    old_file, new_file = older["file"].iloc[0], newer["file"].iloc[0]
    merged = older.merge(newer, on=_KEY, suffixes=("_old", "_new"))
    changed = int((merged["value_old"].fillna(-1e300) != merged["value_new"].fillna(-1e300)).sum())
    pis = ", ".join(sorted(merged["indicator_id"].unique()))
    return Problem(WARNING, new_file,
                   message=f"releases overlap: {len(merged)} row(s) for {pis} are in both {old_file} and "
                           f"{new_file}; the newer release, {new_file} ({_why_newer(newer)}), was used, replacing "
                           f"{len(merged)} row(s) of {old_file} ({changed} with a different figure)",
                   pi_code=pis if "," not in pis else "")


def resolve_overlaps(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Keep the newest release of each area, PI and period (see the module docstring).

    Parameters
    ----------
    rows : DataFrame
        Rows of every file, with ``_released`` (the release date, or the
        earliest date when none is given), ``_order`` (the mapping's place)
        and ``_file_order`` (the file's place in its mapping): the highest wins.

    Returns
    -------
    DataFrame
        One row per area, PI and period.
    list of Problem
        One warning per pair of files that overlap.
    """
    if not len(rows):
        return rows, []
    ordered = rows.sort_values(["_released", "_order", "_file_order"], kind="stable")
    newest = ordered.drop_duplicates(_KEY, keep="last")
    replaced = ordered.drop(newest.index)
    if not len(replaced):
        return newest, []
    winner_file = replaced[_KEY].merge(newest[[*_KEY, "file"]], on=_KEY, how="left")["file"].to_numpy()
    pairs = replaced.assign(_winner=winner_file)
    problems = [_overlap_warning(group.drop(columns="_winner"), newest[newest["file"].eq(winner)])
                for (_, winner), group in pairs.groupby(["file", "_winner"], sort=True)]
    return newest, problems


def _missing_problems(missing: pd.DataFrame) -> list[Problem]:
    out = []
    for file, counts in missing.groupby("file", sort=True):
        parts = [f"{n} {marker!r} ({MARKER_MEANINGS.get(marker, marker)})"
                 for marker, n in zip(counts["marker"], counts["cells"], strict=True)]
        out.append(Problem(WARNING, str(file),
                           message=f"{int(counts['cells'].sum())} comparator figure(s) are missing, which is not an "
                                   f"error: {', '.join(parts)}; those areas have no figure for those periods"))
    return out


def _settings(mappings: list[SourceMapping], table: pd.DataFrame) -> dict[str, PiSettings]:
    out: dict[str, PiSettings] = {}
    for mapping in mappings:
        specs = {s.pi_code: s for s in mapping.indicators}
        codes = specs or {c: None for c in table.loc[table["source"].eq(mapping.name), "indicator_id"].unique()}
        for code in codes:
            spec = specs.get(code)
            out.setdefault(code, PiSettings(
                code, mapping.name, display_path(mapping.yaml_path), mapping.own_area_code,
                spec.lookback_months if spec else mapping.lookback_months,
                spec.overdispersion if spec else mapping.overdispersion))
    return out


def load_comparator_sources(folder: str | Path, catalogue_codes: Iterable[str] | None = None, *,
                            default_group: Iterable[str] | None = None,
                            own_area_code: str | None = None) -> ComparatorData:
    """Read every comparator source (mapping YAML and its files) in ``folder``.

    Parameters
    ----------
    folder : str or Path
        E.g. ``data/comparators``. A missing folder means no sources.
    catalogue_codes : iterable of str, optional
        The catalogue's PI codes; rows for other codes are left out with a
        warning. None: no check.
    default_group : iterable of str, optional
        Group area codes for mappings that give no ``group``.
    own_area_code : str, optional
        The council's code for mappings that give no ``own_area_code``.

    Returns
    -------
    ComparatorData
        Never raises for bad data or a bad mapping: each is a located problem
        and stops only its own source, file or row.
    """
    group = tuple(default_group) if default_group is not None else None
    mappings, problems = read_mappings(Path(folder), group, own_area_code)
    catalogue = set(catalogue_codes) if catalogue_codes is not None else None
    parts = []
    for order, mapping in enumerate(mappings):
        rows, found = _read_source(mapping, order, catalogue)
        parts.append(rows)
        problems += found
    rows = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    if rows is None:
        return ComparatorData(empty_table(), problems)
    missing = missing_counts(rows)
    table, overlaps = resolve_overlaps(rows)
    table = table[list(SOURCE_COLUMNS)].sort_values(["indicator_id", "period_end", "area_code"], ignore_index=True)
    return ComparatorData(table, problems + overlaps + _missing_problems(missing), missing,
                          _settings(mappings, table))


def _periods_with_figures(table: pd.DataFrame, pi_code: str) -> set[Period]:
    rows = table[table["indicator_id"].eq(pi_code) & table["value"].notna()]
    return {Period(t, s, e) for t, s, e in zip(rows["period_type"], rows["period_start"], rows["period_end"],
                                                strict=True)}


def comparison_period(table: pd.DataFrame, pi_code: str, quarter: str | Quarter,
                      lookback_months: int = DEFAULT_LOOKBACK_MONTHS) -> Period | None:
    """The period a PI is compared on for ``quarter``: the latest with a figure, by the period rule.

    Parameters
    ----------
    table : DataFrame
        :attr:`ComparatorData.table`.
    pi_code : str
    quarter : str or Quarter
    lookback_months : int

    Returns
    -------
    Period or None
    """
    return choose_period(_periods_with_figures(table, pi_code), quarter, lookback_months)


def comparison_rows(table: pd.DataFrame, pi_code: str, period: Period) -> pd.DataFrame:
    """The group's rows with a figure for one PI and period.

    Parameters
    ----------
    table : DataFrame
        :attr:`ComparatorData.table`.
    pi_code : str
    period : Period
        From :func:`comparison_period`.

    Returns
    -------
    DataFrame
        Rows of ``table`` with a value, by area code (the council's marked ``own``).
    """
    rows = table[table["indicator_id"].eq(pi_code) & table["value"].notna() & table["period_type"].eq(
        period.period_type) & table["period_start"].eq(period.start) & table["period_end"].eq(period.end)]
    return rows.sort_values("area_code", ignore_index=True)


def compare_quarter(data: ComparatorData, quarter: str | Quarter) -> pd.DataFrame:
    """For each PI with comparator figures, the period a report quarter is compared on.

    Parameters
    ----------
    data : ComparatorData
    quarter : str or Quarter

    Returns
    -------
    DataFrame
        Columns :data:`COMPARISON_COLUMNS`, one row per PI (in code order);
        ``period`` is the label as published, ``period_words`` the period in
        words for the report (e.g. "calendar year 2022"); no period (None)
        when nothing falls within the look-back.
    """
    out = []
    for code in sorted(data.table["indicator_id"].unique()):
        setting = data.settings.get(code, PiSettings(code, "", "", ""))
        period = comparison_period(data.table, code, quarter, setting.lookback_months)
        rows = comparison_rows(data.table, code, period) if period else data.table.iloc[0:0]
        out.append({"pi_code": code, "period": rows["period"].iloc[0] if len(rows) else None,
                    "period_type": period.period_type if period else None,
                    "period_start": period.start if period else None, "period_end": period.end if period else None,
                    "period_words": period.words if period else "", "n_areas": len(rows),
                    "lookback_months": setting.lookback_months, "overdispersion": setting.overdispersion,
                    "source": setting.source})
    return pd.DataFrame(out, columns=list(COMPARISON_COLUMNS))
