"""The keys of a comparator mapping: what each may hold, read and checked one by one.

:func:`build_mapping` turns a parsed YAML mapping into a
:class:`~perflib.inputs.comparator_mapping_types.SourceMapping`; a key that
cannot be used raises :class:`~perflib.inputs.comparator_mapping_types.MappingError`,
which :mod:`perflib.inputs.comparator_mapping` reports as an error located by
the YAML file and the key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from perflib.inputs.comparator_mapping_types import (
    DEFAULT_COLUMNS,
    DFE_LEVEL,
    INDICATOR_KEYS,
    LAYOUTS,
    TOP_KEYS,
    GroupRule,
    IndicatorMap,
    MappingDefaults,
    MappingError,
    SourceFile,
    SourceMapping,
)
from perflib.inputs.comparator_periods import PERIOD_TYPES


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


#: The most title lines a mapping may skip above a file's header row.
MAX_SKIP_ROWS = 1000


def _skip_rows(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SKIP_ROWS:
        return value
    raise MappingError(
        "skip_rows",
        value,
        f"a whole number of lines from 0 to {MAX_SKIP_ROWS}",
        "'skip_rows' must be a number of lines",
    )


def _lookback(value: object, key: str) -> int | None:
    if value is None:
        return None
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
        released = _date(
            entry.get("released", raw.get("released") if len(items) == 1 else None), f"files[{i}].released"
        )
        out.append(SourceFile(folder / name, released, i))
    return tuple(out)


def _indicator(source: str, spec: object, defaults: Mapping[str, Any], layout: str) -> IndicatorMap:
    key = f"indicators.{source}"
    if isinstance(spec, str):
        spec = {"pi": spec}
    if not isinstance(spec, dict) or not str(spec.get("pi", "")).strip():
        raise MappingError(
            key,
            spec,
            "a PI code, or {pi: CODE, numerator: ..., denominator: ...}",
            f"indicator '{source}' does not name a PI",
        )
    unknown = sorted(set(spec) - INDICATOR_KEYS)
    if unknown:
        raise MappingError(
            f"{key}.{unknown[0]}",
            unknown[0],
            ", ".join(sorted(INDICATOR_KEYS)),
            f"'{unknown[0]}' is not a key perflib reads for an indicator",
        )
    lookback = spec.get("lookback_months", defaults.get("lookback_months"))
    over = spec.get("overdispersion", defaults.get("overdispersion", False))
    value_column = _text(spec, "value", source if layout == "dfe" else "")
    return IndicatorMap(
        source,
        str(spec["pi"]).strip(),
        value_column,
        _text(spec, "numerator"),
        _text(spec, "denominator"),
        _lookback(lookback, f"{key}.lookback_months"),
        _flag(over, f"{key}.overdispersion"),
    )


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
        raise MappingError(
            "group",
            group,
            "{codes: [...]}, {region_code: CODE} or {column: NAME, value: VALUE}",
            "the group is not one of the three forms",
        )
    if "codes" in group and isinstance(group["codes"], list) and group["codes"]:
        return GroupRule("codes", tuple(str(c).strip() for c in group["codes"]))
    if "region_code" in group and _text(group, "region_code"):
        return GroupRule("region_code", region_code=_text(group, "region_code"))
    if "column" in group and "value" in group and _text(group, "column"):
        return GroupRule("column", column=_text(group, "column"), value=_text(group, "value"))
    raise MappingError(
        "group",
        group,
        "{codes: [...]}, {region_code: CODE} or {column: NAME, value: VALUE}",
        "the group is not one of the three forms",
    )


def _columns(raw: Mapping[str, Any], layout: str) -> dict[str, str]:
    overrides = raw.get("columns") or {}
    if not isinstance(overrides, dict):
        raise MappingError(
            "columns",
            overrides,
            "role: header, e.g. {area_code: old_la_code}",
            "'columns' must map column roles to headers",
        )
    columns = dict(DEFAULT_COLUMNS[layout])
    for role, header in overrides.items():
        if role not in DEFAULT_COLUMNS["long"] and role not in columns:
            raise MappingError(
                f"columns.{role}", role, ", ".join(DEFAULT_COLUMNS["long"]), f"'{role}' is not a column role"
            )
        columns[str(role)] = "" if header is None else str(header).strip()
    return columns


def _filters(raw: Mapping[str, Any]) -> dict[str, str]:
    filters = raw.get("filters") or {}
    if not isinstance(filters, dict) or any(isinstance(v, (dict, list)) for v in filters.values()):
        raise MappingError(
            "filters",
            filters,
            "column: value, e.g. {characteristic: Total}",
            "'filters' must map columns to one value each",
        )
    return {str(k).strip(): str(v).strip() for k, v in filters.items()}


def _layout(raw: Mapping[str, Any]) -> str:
    layout = _text(raw, "layout", "long").lower()
    if layout not in LAYOUTS:
        raise MappingError("layout", layout, " | ".join(LAYOUTS), f"'{layout}' is not a layout perflib reads")
    return layout


def _year_type(raw: Mapping[str, Any]) -> str:
    year_type = _text(raw, "year_type", "financial_year")
    if year_type not in ("financial_year", "academic_year"):
        raise MappingError(
            "year_type",
            year_type,
            "financial_year or academic_year",
            "'year_type' says what a label such as 2019/20 means",
        )
    return year_type


def _period_types(raw: Mapping[str, Any]) -> dict[str, str]:
    words = raw.get("period_types") or {}
    if not isinstance(words, dict) or any(str(v) not in PERIOD_TYPES for v in words.values()):
        raise MappingError(
            "period_types",
            words,
            f"the file's word: one of {', '.join(PERIOD_TYPES)}",
            "'period_types' must map the file's period-type words to perflib's",
        )
    return {" ".join(str(k).lower().split()): str(v) for k, v in words.items()}


def build_mapping(path: Path, raw: Mapping[str, Any], defaults: MappingDefaults) -> SourceMapping:
    """A mapping from its parsed YAML, every key checked.

    Parameters
    ----------
    path : Path
        The YAML file (its folder is where the files are).
    raw : mapping
        The parsed YAML.
    defaults : MappingDefaults
        What a mapping leaves out.

    Returns
    -------
    SourceMapping

    Raises
    ------
    MappingError
        For the first key that cannot be used.
    """
    unknown = sorted(str(k) for k in set(raw) - TOP_KEYS)
    if unknown:
        raise MappingError(
            unknown[0], unknown[0], ", ".join(sorted(TOP_KEYS)), f"'{unknown[0]}' is not a key perflib reads"
        )
    layout = _layout(raw)
    own = _text(raw, "own_area_code", defaults.own_area_code)
    if not own:
        raise MappingError(
            "own_area_code", "", "the council's area code in these files", "the council's own area code is not given"
        )
    group = _group(raw, defaults.group or None)
    if group is None:
        raise MappingError(
            "group",
            "",
            "{codes: [...]}, {region_code: CODE} or {column: NAME, value: VALUE}",
            "the comparator group is not given",
        )
    indicators, columns = _indicators(raw, layout), _columns(raw, layout)
    if layout == "lginform_wide" and not columns.get("indicator") and len(indicators) != 1:
        raise MappingError(
            "indicators",
            len(indicators),
            "one indicator (or columns: {indicator: HEADER})",
            "a wide export without an indicator column holds one indicator",
        )
    return SourceMapping(
        path,
        _text(raw, "name", path.stem),
        layout,
        _files(raw, path.parent),
        indicators,
        columns,
        _filters(raw),
        group,
        own,
        _text(raw, "group_name", defaults.group_name),
        _year_type(raw),
        _period_types(raw),
        _lookback(raw.get("lookback_months"), "lookback_months"),
        _flag(raw.get("overdispersion", False), "overdispersion"),
        _skip_rows(raw.get("skip_rows", 0)),
        _text(raw, "geographic_level", DFE_LEVEL),
        _text(raw, "sheet"),
    )
