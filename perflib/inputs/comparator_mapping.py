"""Comparator source mappings: one small YAML file per published source in ``data/comparators/``.

A mapping says which file(s) hold the figures, how they are laid out, which
columns mean what, which published indicator feeds which catalogue PI, and
which areas form the comparator group. An example for DfE's EHC plan
timeliness (``docs/methodology.md`` section 9 explains every key)::

    name: EHC plans issued within 20 weeks (DfE SEN2)
    layout: dfe                      # long | dfe | lginform_wide
    files:                           # relative to this YAML; oldest release first
      - {file: sen2_mi_2023.csv, released: 2023-06-22}
      - {file: sen2_mi_2024.csv, released: 2024-06-13}
    indicators:
      no_exc_20week_rate:            # the published column (dfe) or indicator name (long)
        pi: NS08
        numerator: no_exc_20week_ehc
        denominator: tot_no_exc_ehc
        lookback_months: 36          # optional: this PI's look-back (the period rule)
        overdispersion: false        # optional (funnel plot limits)
    filters: {}                      # optional: column: value, e.g. {characteristic: Total}
    period_types: {}                 # optional: the file's word: perflib's, e.g. {Reporting year: calendar_year}
    group: {region_code: E12000007}  # or {codes: [...]} or {column: ..., value: ...}
    group_name: London boroughs      # optional: the group's name in the report
    own_area_code: E09000033

What the mapping leaves out (the group, its name, the council's code) comes
from the ``benchmarking`` block of ``data/council.yml``. The keys are read by
:mod:`perflib.inputs.comparator_mapping_keys` into the types of
:mod:`perflib.inputs.comparator_mapping_types`.
A mapping that cannot be used is an error located by the YAML file and key;
it stops that source only.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING, Problem
from perflib.inputs.comparator_mapping_keys import build_mapping
from perflib.inputs.comparator_mapping_types import (
    DEFAULT_COLUMNS,
    GroupRule,
    MappingDefaults,
    MappingError,
    SourceFile,
    SourceMapping,
)


def read_mapping(path: Path, defaults: MappingDefaults | None = None) -> tuple[SourceMapping | None, list[Problem]]:
    """Read and check one mapping YAML.

    Parameters
    ----------
    path : Path
        The YAML file.
    defaults : MappingDefaults, optional
        The group, the council's code and the group's name for a mapping that
        gives none (the ``benchmarking`` block of ``data/council.yml``).

    Returns
    -------
    SourceMapping or None
        None when the mapping cannot be used.
    list of Problem
        Errors located by the YAML file and key (``column`` holds the key).
    """
    file = display_path(path)
    if path.exists() and not path.is_file():  # a folder, or a pipe that would never end
        return None, [
            Problem(
                ERROR,
                file,
                expected="a YAML file",
                message="the mapping is not a regular file (a folder, pipe, socket or device); it was not opened "
                "and this source was not used",
            )
        ]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, [Problem(ERROR, file, message=f"the mapping cannot be read ({exc}); this source was not used")]
    if not isinstance(raw, dict):
        return None, [
            Problem(
                ERROR,
                file,
                value=str(raw)[:60],
                expected="keys such as layout, files, indicators",
                message="the mapping is not a set of keys; this source was not used",
            )
        ]
    try:
        return build_mapping(path, raw, defaults or MappingDefaults()), []
    except MappingError as exc:
        return None, [
            Problem(
                ERROR,
                file,
                column=exc.key,
                value="" if exc.value is None else str(exc.value)[:80],
                expected=exc.expected,
                message=f"{exc.message}; this source was not used",
            )
        ]


def mapping_paths(folder: Path) -> list[Path]:
    """The mapping files of a comparator folder: every ``*.yml`` and ``*.yaml``, in file-name order.

    Parameters
    ----------
    folder : Path

    Returns
    -------
    list of Path
    """
    return sorted([*Path(folder).glob("*.yml"), *Path(folder).glob("*.yaml")], key=lambda p: p.name)


def legacy_mappings(folder: Path, defaults: MappingDefaults) -> tuple[list[SourceMapping], list[Problem]]:
    """The CSV files of a comparator folder without any mapping, read as the long layout (deprecated).

    Before comparator sources had mappings, every ``*.csv`` in the
    ``benchmarking.folder`` was read in perflib's long layout with the group of
    ``data/council.yml``. Such a folder still works, with one warning saying to
    add a mapping.

    Parameters
    ----------
    folder : Path
    defaults : MappingDefaults

    Returns
    -------
    list of SourceMapping
        One long-layout source per CSV file (none when the group or the
        council's code is not given).
    list of Problem
        The deprecation warning.
    """
    files = sorted(Path(folder).glob("*.csv"))
    if not files or not defaults.own_area_code or not defaults.group:
        return [], []
    names = ", ".join(p.name for p in files)
    warning = Problem(
        WARNING,
        display_path(folder),
        value=names,
        expected="a mapping YAML beside the files",
        message=f"comparator CSV files without a mapping ({names}) were read in the long layout with "
        "the group of data/council.yml; this is deprecated: add a mapping (docs/methodology.md "
        "section 9)",
    )
    mappings = [
        SourceMapping(
            path,
            path.stem,
            "long",
            (SourceFile(path, None, 0),),
            (),
            dict(DEFAULT_COLUMNS["long"]),
            {},
            GroupRule("codes", defaults.group),
            defaults.own_area_code,
            defaults.group_name,
        )
        for path in files
    ]
    return mappings, [warning]


def read_mappings(folder: Path, defaults: MappingDefaults | None = None) -> tuple[list[SourceMapping], list[Problem]]:
    """Every mapping in ``folder`` (:func:`mapping_paths`), or its bare CSV files when it has none.

    Parameters
    ----------
    folder : Path
    defaults : MappingDefaults, optional
        As for :func:`read_mapping`.

    Returns
    -------
    list of SourceMapping
        The usable mappings.
    list of Problem
        Their errors; an empty or missing folder is not a problem (no sources).
    """
    defaults = defaults or MappingDefaults()
    paths = mapping_paths(folder)
    if not paths:
        return legacy_mappings(folder, defaults)
    mappings: list[SourceMapping] = []
    problems: list[Problem] = []
    for path in paths:
        mapping, found = read_mapping(path, defaults)
        problems += found
        if mapping is not None:
            mappings.append(mapping)
    return mappings, problems
