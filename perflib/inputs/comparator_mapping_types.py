"""What a comparator mapping says, once read: the layouts, their column roles, and the mapping's parts.

:mod:`perflib.inputs.comparator_mapping` reads the YAML into these;
:mod:`perflib.inputs.comparator_readers` reads the files by them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

LAYOUTS: tuple[str, ...] = ("long", "dfe", "lginform_wide")
#: Column roles and their default headers, by layout (headers are matched case-insensitively).
DEFAULT_COLUMNS: dict[str, dict[str, str]] = {
    "long": {
        "area_code": "area_code",
        "area_name": "area_name",
        "period": "period",
        "period_type": "period_type",
        "indicator": "indicator_id",
        "value": "value",
        "numerator": "numerator",
        "denominator": "denominator",
        "region_code": "region_code",
    },
    "dfe": {
        "area_code": "new_la_code",
        "area_name": "la_name",
        "period": "time_period",
        "period_type": "time_identifier",
        "geographic_level": "geographic_level",
        "region_code": "region_code",
    },
    "lginform_wide": {"area_code": "area code", "area_name": "area name", "indicator": "", "region_code": ""},
}
#: DfE rows used unless the mapping says otherwise (``geographic_level``).
DFE_LEVEL = "Local authority"
#: The keys a mapping may have.
TOP_KEYS = {
    "name",
    "layout",
    "files",
    "file",
    "indicators",
    "columns",
    "filters",
    "group",
    "group_name",
    "own_area_code",
    "lookback_months",
    "overdispersion",
    "year_type",
    "period_types",
    "skip_rows",
    "sheet",
    "geographic_level",
    "released",
}
#: The keys an indicator of a mapping may have.
INDICATOR_KEYS = {"pi", "value", "numerator", "denominator", "lookback_months", "overdispersion"}


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
    lookback_months : int or None
        The period rule's look-back for this PI; None for the methodology's.
    overdispersion : bool
    """

    source: str
    pi_code: str
    value_column: str = ""
    numerator_column: str = ""
    denominator_column: str = ""
    lookback_months: int | None = None
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
    group_name: str = ""
    year_type: str = "financial_year"
    period_types: dict[str, str] = field(default_factory=dict)
    lookback_months: int | None = None
    overdispersion: bool = False
    skip_rows: int = 0
    geographic_level: str = DFE_LEVEL
    sheet: str = ""

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


@dataclass(frozen=True)
class MappingDefaults:
    """What a mapping leaves out, from the ``benchmarking`` block of ``data/council.yml``.

    Attributes
    ----------
    group : tuple of str
        Area codes of the comparator group.
    own_area_code : str
        The council's area code.
    group_name : str
        The group's name in the report.
    """

    group: tuple[str, ...] = ()
    own_area_code: str = ""
    group_name: str = ""


class MappingError(ValueError):
    """A key of a mapping that cannot be used."""

    def __init__(self, key: str, value: object, expected: str, message: str) -> None:
        super().__init__(message)
        self.key, self.value, self.expected, self.message = key, value, expected, message
