"""Comparator source mappings: one small YAML file per published source in ``data/comparators/``.

A mapping says which file(s) hold the figures, how they are laid out, which
columns mean what, which published indicator feeds which catalogue PI, and
which areas form the comparator group. An example for DfE's EHC plan
timeliness (``docs/comparators.md`` explains every key)::

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
        lookback_months: 24          # optional (the period rule)
        overdispersion: false        # optional (funnel plot limits)
    filters: {}                      # optional: column: value, e.g. {characteristic: Total}
    period_types: {}                 # optional: the file's word: perflib's, e.g. {Reporting year: calendar_year}
    group: {region_code: E12000007}  # or {codes: [...]} or {column: ..., value: ...}
    own_area_code: E09000033

A mapping that cannot be used is an error located by the YAML file and key;
it stops that source only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from perflib.comparator_periods import DEFAULT_LOOKBACK_MONTHS, PERIOD_TYPES
from perflib.validation import ERROR, Problem, display_path

LAYOUTS: tuple[str, ...] = ("long", "dfe", "lginform_wide")
#: Column roles and their default headers, by layout (headers are matched case-insensitively).
DEFAULT_COLUMNS: dict[str, dict[str, str]] = {
    "long": {"area_code": "area_code", "area_name": "area_name", "period": "period", "period_type": "period_type",
             "indicator": "indicator_id", "value": "value", "numerator": "numerator",
             "denominator": "denominator", "region_code": "region_code"},
    "dfe": {"area_code": "new_la_code", "area_name": "la_name", "period": "time_period",
            "period_type": "time_identifier", "geographic_level": "geographic_level", "region_code": "region_code"},
    "lginform_wide": {"area_code": "area code", "area_name": "area name", "indicator": "", "region_code": ""},
}
#: DfE rows used unless the mapping says otherwise (``geographic_level``).
DFE_LEVEL = "Local authority"
_TOP_KEYS = {"name", "layout", "files", "file", "indicators", "columns", "filters", "group", "own_area_code",
             "lookback_months", "overdispersion", "year_type", "period_types", "skip_rows", "geographic_level",
             "released"}
_INDICATOR_KEYS = {"pi", "value", "numerator", "denominator", "lookback_months", "overdispersion"}


@dataclass(frozen=True)
class IndicatorMap:
    """One published indicator and the catalogue PI it feeds.

    Attributes
    ----------
    source : str
        The indicator's name in the file (a DfE column, or a value of the long
        layout's indicator column, or an LG Inform metric).
    pi_code : str
    value_column, numerator_column, denominator_column : str
        Columns for the DfE layout (value defaults to ``source``); empty if none.
    lookback_months : int
    overdispersion : bool
    """

    source: str
    pi_code: str
    value_column: str = ""
    numerator_column: str = ""
    denominator_column: str = ""
    lookback_months: int = DEFAULT_LOOKBACK_MONTHS
    overdispersion: bool = False


@dataclass(frozen=True)
class SourceFile:
    """One file of a source: its path, release date (if given) and place in the list."""

    path: Path
    released: dt.date | None
    order: int


@dataclass(frozen=True)
class GroupRule:
    """Which areas form the comparator group: ``codes``, ``region_code`` or ``column`` = ``value``."""

    kind: str
    codes: tuple[str, ...] = ()
    region_code: str = ""
    column: str = ""
    value: str = ""


@dataclass(frozen=True)
class SourceMapping:
    """A validated mapping (see the module docstring)."""

    yaml_path: Path
    name: str
    layout: str
    files: tuple[SourceFile, ...]
    indicators: tuple[IndicatorMap, ...]
    columns: dict[str, str]
    filters: dict[str, str]
    group: GroupRule | None
    own_area_code: str
    year_type: str = "financial_year"
    period_types: dict[str, str] = field(default_factory=dict)
    lookback_months: int = DEFAULT_LOOKBACK_MONTHS
    overdispersion: bool = False
    skip_rows: int = 0
    geographic_level: str = DFE_LEVEL

    def column(self, role: str) -> str:
        """The header for a column role.

        Parameters
        ----------
        role : str
            ``area_code``, ``period``, ``value``...

        Returns
        -------
        str
            The header, or ``""`` if the layout has none.
        """
        return self.columns.get(role, "")


class MappingError(ValueError):
    """A key of a mapping that cannot be used."""

    def __init__(self, key: str, value: object, expected: str, message: str) -> None:
        super().__init__(message)
        self.key, self.value, self.expected, self.message = key, value, expected, message


def _text(raw: Mapping[str, Any], key: str, default: str = "") -> str:
    value = raw.get(key, default)
    if value is None:
        return default
    if isinstance(value, (dict, list)):
        raise MappingError(key, value, "a single word or number", f"'{key}' must be a single value")
    return str(value).strip()


def _flag(value: object, key: str) -> bool:
    if isinstance(value, bool):
        return value
    raise MappingError(key, value, "true or false", f"'{key}' must be true or false")


def _months(value: object, key: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise MappingError(key, value, "a whole number of months, 0 or more", f"'{key}' must be a number of months")


def _date(value: object, key: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise MappingError(key, value, "a date such as 2024-06-13", f"'{key}' is not a date") from None


def _files(raw: Mapping[str, Any], folder: Path) -> tuple[SourceFile, ...]:
    items = raw.get("files", raw.get("file"))
    if isinstance(items, (str, dict)):
        items = [items]
    if not isinstance(items, list) or not items:
        raise MappingError("files", items, "a list of file names (relative to this YAML)", "no files are named")
    out = []
    for i, item in enumerate(items):
        entry = item if isinstance(item, dict) else {"file": item}
        name = _text(entry, "file")
        if not name:
            raise MappingError(f"files[{i}]", item, "a file name", "a file entry has no name")
        released = _date(entry.get("released", raw.get("released") if len(items) == 1 else None),
                         f"files[{i}].released")
        out.append(SourceFile(folder / name, released, i))
    return tuple(out)


def _indicator(source: str, spec: object, defaults: Mapping[str, Any], layout: str) -> IndicatorMap:
    key = f"indicators.{source}"
    if isinstance(spec, str):
        spec = {"pi": spec}
    if not isinstance(spec, dict) or not str(spec.get("pi", "")).strip():
        raise MappingError(key, spec, "a PI code, or {pi: CODE, numerator: ..., denominator: ...}",
                           f"indicator '{source}' does not name a PI")
    unknown = sorted(set(spec) - _INDICATOR_KEYS)
    if unknown:
        raise MappingError(f"{key}.{unknown[0]}", unknown[0], ", ".join(sorted(_INDICATOR_KEYS)),
                           f"'{unknown[0]}' is not a key perflib reads for an indicator")
    lookback = spec.get("lookback_months", defaults.get("lookback_months", DEFAULT_LOOKBACK_MONTHS))
    over = spec.get("overdispersion", defaults.get("overdispersion", False))
    value_column = _text(spec, "value", source if layout == "dfe" else "")
    return IndicatorMap(source, str(spec["pi"]).strip(), value_column, _text(spec, "numerator"),
                        _text(spec, "denominator"), _months(lookback, f"{key}.lookback_months"),
                        _flag(over, f"{key}.overdispersion"))


def _indicators(raw: Mapping[str, Any], layout: str) -> tuple[IndicatorMap, ...]:
    items = raw.get("indicators")
    if items is None and layout == "long":
        return ()  # the long layout's indicator column holds PI codes already
    if not isinstance(items, dict) or not items:
        raise MappingError("indicators", items, "published indicator: PI code", "no indicators are mapped")
    return tuple(_indicator(str(name).strip(), spec, raw, layout) for name, spec in items.items())


def _group(raw: Mapping[str, Any], default_codes: tuple[str, ...] | None) -> GroupRule | None:
    group = raw.get("group")
    if group is None:
        return GroupRule("codes", tuple(default_codes)) if default_codes else None
    if not isinstance(group, dict) or len(group) not in (1, 2):
        raise MappingError("group", group, "{codes: [...]}, {region_code: CODE} or {column: NAME, value: VALUE}",
                           "the group is not one of the three forms")
    if "codes" in group and isinstance(group["codes"], list) and group["codes"]:
        return GroupRule("codes", tuple(str(c).strip() for c in group["codes"]))
    if "region_code" in group and _text(group, "region_code"):
        return GroupRule("region_code", region_code=_text(group, "region_code"))
    if "column" in group and "value" in group and _text(group, "column"):
        return GroupRule("column", column=_text(group, "column"), value=_text(group, "value"))
    raise MappingError("group", group, "{codes: [...]}, {region_code: CODE} or {column: NAME, value: VALUE}",
                       "the group is not one of the three forms")


def _columns(raw: Mapping[str, Any], layout: str) -> dict[str, str]:
    overrides = raw.get("columns") or {}
    if not isinstance(overrides, dict):
        raise MappingError("columns", overrides, "role: header, e.g. {area_code: old_la_code}",
                           "'columns' must map column roles to headers")
    columns = dict(DEFAULT_COLUMNS[layout])
    for role, header in overrides.items():
        if role not in DEFAULT_COLUMNS["long"] and role not in columns:
            raise MappingError(f"columns.{role}", role, ", ".join(DEFAULT_COLUMNS["long"]),
                               f"'{role}' is not a column role")
        columns[str(role)] = "" if header is None else str(header).strip()
    return columns


def _filters(raw: Mapping[str, Any]) -> dict[str, str]:
    filters = raw.get("filters") or {}
    if not isinstance(filters, dict) or any(isinstance(v, (dict, list)) for v in filters.values()):
        raise MappingError("filters", filters, "column: value, e.g. {characteristic: Total}",
                           "'filters' must map columns to one value each")
    return {str(k).strip(): str(v).strip() for k, v in filters.items()}


def _layout(raw: Mapping[str, Any]) -> str:
    layout = _text(raw, "layout", "long").lower()
    if layout not in LAYOUTS:
        raise MappingError("layout", layout, " | ".join(LAYOUTS), f"'{layout}' is not a layout perflib reads")
    return layout


def _year_type(raw: Mapping[str, Any]) -> str:
    year_type = _text(raw, "year_type", "financial_year")
    if year_type not in ("financial_year", "academic_year"):
        raise MappingError("year_type", year_type, "financial_year or academic_year",
                           "'year_type' says what a label such as 2019/20 means")
    return year_type


def _period_types(raw: Mapping[str, Any]) -> dict[str, str]:
    words = raw.get("period_types") or {}
    if not isinstance(words, dict) or any(str(v) not in PERIOD_TYPES for v in words.values()):
        raise MappingError("period_types", words, f"the file's word: one of {', '.join(PERIOD_TYPES)}",
                           "'period_types' must map the file's period-type words to perflib's")
    return {" ".join(str(k).lower().split()): str(v) for k, v in words.items()}


def _build(path: Path, raw: Mapping[str, Any], default_group: tuple[str, ...] | None,
           default_own: str | None) -> SourceMapping:
    unknown = sorted(str(k) for k in set(raw) - _TOP_KEYS)
    if unknown:
        raise MappingError(unknown[0], unknown[0], ", ".join(sorted(_TOP_KEYS)),
                           f"'{unknown[0]}' is not a key perflib reads")
    layout = _layout(raw)
    own = _text(raw, "own_area_code", default_own or "")
    if not own:
        raise MappingError("own_area_code", "", "the council's area code in these files",
                           "the council's own area code is not given")
    group = _group(raw, default_group)
    if group is None:
        raise MappingError("group", "", "{codes: [...]}, {region_code: CODE} or {column: NAME, value: VALUE}",
                           "the comparator group is not given")
    indicators, columns = _indicators(raw, layout), _columns(raw, layout)
    if layout == "lginform_wide" and not columns.get("indicator") and len(indicators) != 1:
        raise MappingError("indicators", len(indicators), "one indicator (or columns: {indicator: HEADER})",
                           "a wide export without an indicator column holds one indicator")
    return SourceMapping(path, _text(raw, "name", path.stem), layout, _files(raw, path.parent), indicators, columns,
                         _filters(raw), group, own, _year_type(raw), _period_types(raw),
                         _months(raw.get("lookback_months", DEFAULT_LOOKBACK_MONTHS), "lookback_months"),
                         _flag(raw.get("overdispersion", False), "overdispersion"),
                         _months(raw.get("skip_rows", 0), "skip_rows"), _text(raw, "geographic_level", DFE_LEVEL))


def read_mapping(path: Path, default_group: tuple[str, ...] | None = None,
                 default_own: str | None = None) -> tuple[SourceMapping | None, list[Problem]]:
    """Read and check one mapping YAML.

    Parameters
    ----------
    path : Path
        The YAML file.
    default_group : tuple of str, optional
        Area codes of the group when the mapping gives none (e.g. the
        ``benchmarking.group`` of ``data/council.yml``).
    default_own : str, optional
        The council's area code when the mapping gives none.

    Returns
    -------
    SourceMapping or None
        None when the mapping cannot be used.
    list of Problem
        Errors located by the YAML file and key (``column`` holds the key).
    """
    file = display_path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, [Problem(ERROR, file, message=f"the mapping cannot be read ({exc}); this source was not used")]
    if not isinstance(raw, dict):
        return None, [Problem(ERROR, file, value=str(raw)[:60], expected="keys such as layout, files, indicators",
                              message="the mapping is not a set of keys; this source was not used")]
    try:
        return _build(path, raw, default_group, default_own), []
    except MappingError as exc:
        return None, [Problem(ERROR, file, column=exc.key, value="" if exc.value is None else str(exc.value)[:80],
                              expected=exc.expected, message=f"{exc.message}; this source was not used")]


def read_mappings(folder: Path, default_group: tuple[str, ...] | None = None,
                  default_own: str | None = None) -> tuple[list[SourceMapping], list[Problem]]:
    """Every ``*.yml`` and ``*.yaml`` mapping in ``folder``, in file-name order.

    Parameters
    ----------
    folder : Path
    default_group, default_own
        As for :func:`read_mapping`.

    Returns
    -------
    list of SourceMapping
        The usable mappings.
    list of Problem
        Their errors; an empty or missing folder is not a problem (no sources).
    """
    paths = sorted([*Path(folder).glob("*.yml"), *Path(folder).glob("*.yaml")], key=lambda p: p.name)
    mappings: list[SourceMapping] = []
    problems: list[Problem] = []
    for path in paths:
        mapping, found = read_mapping(path, default_group, default_own)
        problems += found
        if mapping is not None:
            mappings.append(mapping)
    return mappings, problems
