"""Comparator data as government publishes it: every source in the comparator folder in one long table.

A source is one or more published files plus a YAML mapping in the folder
named by ``benchmarking.folder`` in ``data/council.yml`` (``data/comparators/``
by default; :mod:`perflib.inputs.comparator_mapping`). The three layouts are
read by :mod:`perflib.inputs.comparator_readers`, markers and unusable cells
handled by :mod:`perflib.inputs.comparator_values`, and period labels by
:mod:`perflib.inputs.comparator_periods`. This module puts the sources
together; which period a quarter is compared on, and how, are rules
(:mod:`perflib.rules.comparison_period`, :mod:`perflib.rules.benchmarking`).

* **Overlapping releases.** When the same area, PI and period is in two files
  (every DfE release repeats earlier years), the newer release wins: the file
  with the later ``released`` date; a file without one counts as older than
  any file with one; with equal or no dates, the later in order (mapping
  files by name, then files in the order the mapping lists them, oldest
  first). One warning per pair of files names both and counts the rows
  replaced, and how many of them had a different figure. Nothing stops.
* **Unknown codes.** Indicators in a long file that its mapping does not map,
  and PI codes not in the catalogue, are left out with one warning listing
  them all.
* **A PI fed by two sources** takes its settings (look-back, over-dispersion,
  the council's code, the group's name) from the first mapping by file name,
  with a warning naming both.
* **Missing figures** (markers, blanks, 0/0 rows) are counted per file: one
  warning per file gives the counts, and :attr:`ComparatorData.missing` the
  table. A missing figure is never an error.
* A folder with CSV files and no mapping is read the old way, in the long
  layout with the group of ``data/council.yml``, with a deprecation warning
  (:func:`perflib.inputs.comparator_mapping.legacy_mappings`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from perflib.core.config import BenchmarkingConfig, CouncilConfig, benchmarking_settings
from perflib.core.paths import display_path
from perflib.core.problems import WARNING, Problem
from perflib.inputs.comparator_mapping import mapping_paths, read_mappings
from perflib.inputs.comparator_mapping_types import MappingDefaults, SourceMapping
from perflib.inputs.comparator_readers import read_source_file
from perflib.inputs.comparator_releases import missing_problems, resolve_overlaps
from perflib.inputs.comparator_values import clean_rows, missing_counts

#: Columns of :attr:`ComparatorData.table`.
SOURCE_COLUMNS: tuple[str, ...] = (
    "area_code",
    "area_name",
    "indicator_id",
    "period",
    "period_type",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "missing",
    "file",
    "row",
    "released",
    "source",
    "own",
)


@dataclass(frozen=True)
class PiSettings:
    """How one PI is compared: from which source, with which look-back and funnel setting.

    Attributes
    ----------
    pi_code, source, mapping_file : str
        The PI, the source's name and its mapping file.
    own_area_code : str
        The council's code in that source.
    group_name : str
        The comparator group's name in the report.
    lookback_months : int or None
        The period rule's look-back; None for the methodology's.
    overdispersion : bool
        Whether the funnel plot's limits allow for over-dispersion.
    """

    pi_code: str
    source: str
    mapping_file: str
    own_area_code: str
    group_name: str = ""
    lookback_months: int | None = None
    overdispersion: bool = False


@dataclass
class ComparatorData:
    """Everything read from the comparator sources.

    Attributes
    ----------
    table : DataFrame
        One row per group area, PI and period, columns :data:`SOURCE_COLUMNS`
        (``value`` NaN where the release gives no figure and ``missing`` then
        saying why: a marker such as ``"c"``, ``"blank"`` or ``"0/0"``;
        ``period`` the label as published; ``own`` marks the council's rows).
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
    missing: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["file", "marker", "meaning", "cells"]))
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


def _read_file(mapping: SourceMapping, order: int, index: int, unknown: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    source_file = mapping.files[index]
    raw, problems = read_source_file(source_file.path, mapping)
    file = display_path(source_file.path)
    rows, found = clean_rows(_with_pi_codes(raw, mapping, unknown), file, mapping.year_type, mapping.period_types)
    released = source_file.released
    rows = rows.assign(
        file=file,
        released=released,
        source=mapping.name,
        own=rows["area_code"].eq(mapping.own_area_code) if len(rows) else [],
        _released=released or dt.date.min,
        _order=order,
        _file_order=index,
    )
    return rows, problems + found


def _read_source(mapping: SourceMapping, order: int, left_out: dict[str, set[str]]) -> tuple[pd.DataFrame, list]:
    unknown: set[str] = set()
    parts, problems = [], []
    for i in range(len(mapping.files)):
        rows, found = _read_file(mapping, order, i, unknown)
        parts.append(rows)
        problems += found
    where = display_path(mapping.yaml_path)
    for name in unknown:
        left_out.setdefault(f"'{name}' (not in the mapping)", set()).add(where)
    return pd.concat(parts, ignore_index=True), problems


def _outside_catalogue(rows: pd.DataFrame, catalogue: set[str] | None, left_out: dict[str, set[str]]) -> pd.DataFrame:
    if catalogue is None or not len(rows):
        return rows
    known = rows["indicator_id"].isin(catalogue)
    for code, source in rows.loc[~known, ["indicator_id", "source"]].drop_duplicates().itertuples(index=False):
        left_out.setdefault(f"{code} (not in the catalogue)", set()).add(str(source))
    return rows[known]


def _left_out_warning(folder: Path, left_out: dict[str, set[str]]) -> list[Problem]:
    """One warning listing every indicator or PI code that was left out, and where."""
    if not left_out:
        return []
    items = [f"{what} in {', '.join(sorted(where))}" for what, where in sorted(left_out.items())]
    return [
        Problem(
            WARNING,
            display_path(folder),
            column="indicators",
            value=", ".join(sorted(what.split(" ")[0] for what in left_out)),
            expected="PI codes from data/catalogue/indicators.csv, each indicator named in its mapping",
            message=f"{len(items)} comparator code(s) were left out: " + "; ".join(items),
        )
    ]


def _settings(mappings: list[SourceMapping], rows: pd.DataFrame) -> tuple[dict[str, PiSettings], list[Problem]]:
    """Each PI's settings from the first mapping that feeds it, and a warning for each PI fed by more than one.

    ``rows`` are every file's rows before overlaps are resolved (``_order`` is the mapping's place).
    """
    out: dict[str, PiSettings] = {}
    feeds: dict[str, list[str]] = {}
    for order, mapping in enumerate(mappings):
        specs = {s.pi_code: s for s in mapping.indicators}
        codes = specs or dict.fromkeys(rows.loc[rows["_order"].eq(order), "indicator_id"].unique())
        for code in codes:
            spec = specs.get(code)
            feeds.setdefault(code, []).append(display_path(mapping.yaml_path))
            lookback = spec.lookback_months if spec and spec.lookback_months is not None else mapping.lookback_months
            settings = PiSettings(
                code,
                mapping.name,
                display_path(mapping.yaml_path),
                mapping.own_area_code,
                mapping.group_name,
                lookback,
                spec.overdispersion if spec else mapping.overdispersion,
            )
            out.setdefault(code, settings)
    problems = [
        Problem(
            WARNING,
            files[0],
            column="indicators",
            value=code,
            expected="each PI fed by one source",
            message=f"{code} is fed by {len(files)} sources ({', '.join(files)}): their figures are put together "
            f"(the newer release wins) and the settings of {files[0]} are used",
            pi_code=code,
        )
        for code, files in sorted(feeds.items())
        if len(set(files)) > 1
    ]
    return out, problems


def load_comparator_sources(
    folder: str | Path, catalogue_codes: Iterable[str] | None = None, defaults: MappingDefaults | None = None
) -> ComparatorData:
    """Read every comparator source (mapping YAML and its files) in ``folder``.

    Parameters
    ----------
    folder : str or Path
        E.g. ``data/comparators``. A missing folder means no sources.
    catalogue_codes : iterable of str, optional
        The catalogue's PI codes; rows for other codes are left out with a
        warning. None: no check.
    defaults : MappingDefaults, optional
        The group, the council's code and the group's name for mappings that
        give none.

    Returns
    -------
    ComparatorData
        Never raises for bad data or a bad mapping: each is a located problem
        and stops only its own source, file or row.
    """
    mappings, problems = read_mappings(Path(folder), defaults)
    catalogue = set(catalogue_codes) if catalogue_codes is not None else None
    left_out: dict[str, set[str]] = {}
    parts = []
    for order, mapping in enumerate(mappings):
        rows, found = _read_source(mapping, order, left_out)
        parts.append(_outside_catalogue(rows, catalogue, left_out))
        problems += found
    problems += _left_out_warning(Path(folder), left_out)
    parts = [p for p in parts if len(p)]
    if not parts:
        return ComparatorData(empty_table(), problems)
    rows = pd.concat(parts, ignore_index=True)
    missing = missing_counts(rows)
    table, overlaps = resolve_overlaps(rows)
    table = table[list(SOURCE_COLUMNS)].sort_values(["indicator_id", "period_end", "area_code"], ignore_index=True)
    settings, shared = _settings(mappings, rows)
    return ComparatorData(table, problems + overlaps + shared + missing_problems(missing), missing, settings)


def _defaults(settings: BenchmarkingConfig) -> MappingDefaults:
    return MappingDefaults(settings.group, settings.own_area_code, settings.group_name)


def load_comparators(
    config: CouncilConfig | BenchmarkingConfig | None, catalogue_codes: Iterable[str] | None = None
) -> ComparatorData:
    """Read the council's comparator sources (the ``benchmarking`` block of ``data/council.yml``).

    Parameters
    ----------
    config : CouncilConfig or BenchmarkingConfig or None
        Without a ``benchmarking`` block nothing is read.
    catalogue_codes : iterable of str, optional
        As for :func:`load_comparator_sources`.

    Returns
    -------
    ComparatorData
        A missing folder gives no figures and one warning.
    """
    settings = benchmarking_settings(config)
    if settings is None:
        return ComparatorData(empty_table())
    if not settings.folder.is_dir():
        problem = Problem(
            WARNING,
            display_path(settings.folder),
            message="comparator folder not found: no comparator figures this time",
        )
        return ComparatorData(empty_table(), [problem])
    return load_comparator_sources(settings.folder, catalogue_codes, _defaults(settings))


def source_files(config: CouncilConfig | BenchmarkingConfig | None) -> list[Path]:
    """Every file the comparator sources read: the mappings and the files they name (or the bare CSVs).

    Parameters
    ----------
    config : CouncilConfig or BenchmarkingConfig or None

    Returns
    -------
    list of Path
        Existing files only, sorted; empty without a ``benchmarking`` block.
    """
    settings = benchmarking_settings(config)
    if settings is None or not settings.folder.is_dir():
        return []
    found = set(mapping_paths(settings.folder)) | set(settings.folder.glob("*.csv"))
    mappings, _ = read_mappings(settings.folder, _defaults(settings))
    found |= {f.path for mapping in mappings for f in mapping.files}
    return sorted({p.resolve() for p in found if p.is_file()})
