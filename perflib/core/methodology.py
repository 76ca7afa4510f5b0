"""The numbers the rules use, read from ``data/methodology.yml``.

Every methodology number lives in that file and nowhere else in the code:
trend materiality per unit, the small-number suppression thresholds, how long
a run of Red makes a key challenge persistent, how many key improvers are
named, and the fewest points for SPC limits. ``docs/methodology.md`` explains
each one. A missing or malformed setting is a :class:`ConfigError` naming the
file and the setting, never a silent default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from perflib.core import paths


class ConfigError(ValueError):
    """The council or methodology configuration is missing or malformed."""


@dataclass(frozen=True)
class Suppression:
    """Small-number suppression thresholds (for PIs marked sensitive).

    Attributes
    ----------
    min_count : int
        Counts from 1 to ``min_count - 1`` are published as ``"<min_count"``.
    min_denominator : int
        Rates whose denominator is below this are not published (``[c]``).
    """

    min_count: int
    min_denominator: int


@dataclass(frozen=True)
class Methodology:
    """Everything ``data/methodology.yml`` says.

    Attributes
    ----------
    source : Path
        The file read.
    materiality : dict
        Unit -> ``{"absolute": x}`` or ``{"relative": pct}``: the smallest change that counts as a trend.
    suppression : Suppression
    persistent_red : int
        Consecutive reported periods at Red that make a key challenge persistent.
    max_improvers : int
        How many key improvers the report names.
    spc_min_points : int
        Fewest points for SPC process limits (also the smallest allowed SPC baseline).
    raw : dict
        The whole parsed file, for settings read by one rule only (e.g. ``forecast``).
    """

    source: Path
    materiality: dict[str, dict[str, float]]
    suppression: Suppression
    persistent_red: int
    max_improvers: int
    spc_min_points: int
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _setting(data: Mapping[str, Any], dotted: str, source: Path) -> Any:
    """The setting at ``dotted`` (e.g. ``"suppression.min_count"``); ConfigError when missing."""
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or node.get(part) in (None, ""):
            raise ConfigError(f"{paths.display_path(source)}: the setting '{dotted}' is missing")
        node = node[part]
    return node


def _whole(data: Mapping[str, Any], dotted: str, source: Path, minimum: int) -> int:
    value = _setting(data, dotted, source)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(
            f"{paths.display_path(source)}: '{dotted}' must be a whole number of at least {minimum} (found {value!r})"
        )
    return value


def _materiality(data: Mapping[str, Any], source: Path) -> dict[str, dict[str, float]]:
    rules = _setting(data, "materiality", source)
    if not isinstance(rules, Mapping):
        raise ConfigError(f"{paths.display_path(source)}: 'materiality' must map each unit to a threshold")
    out: dict[str, dict[str, float]] = {}
    for unit, rule in rules.items():
        if not isinstance(rule, Mapping) or len(rule) != 1 or next(iter(rule)) not in ("absolute", "relative"):
            raise ConfigError(
                f"{paths.display_path(source)}: 'materiality.{unit}' must be {{absolute: x}} or {{relative: percent}}"
            )
        out[str(unit)] = {str(k): float(v) for k, v in rule.items()}
    return out


def read_yaml(path: Path, what: str) -> Any:
    """Parse a YAML file, with a :class:`ConfigError` naming it when it is missing or not YAML.

    Parameters
    ----------
    path : Path
    what : str
        What the file is, for the message (e.g. ``"methodology file"``).

    Returns
    -------
    object
        The parsed document.
    """
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{what} not found: {paths.display_path(path)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{what} {paths.display_path(path)} could not be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{paths.display_path(path)}: not valid YAML ({exc})") from None


def load_methodology(path: str | Path = paths.METHODOLOGY_CONFIG) -> Methodology:
    """Read and check ``data/methodology.yml``.

    Parameters
    ----------
    path : str or Path
        The methodology file (relative paths from the project root).

    Returns
    -------
    Methodology

    Raises
    ------
    ConfigError
        When the file is missing, not YAML, or a setting is missing or malformed.
    """
    source = paths.resolve(path)
    data = read_yaml(source, "methodology file") or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{paths.display_path(source)}: expected a mapping of settings")
    return Methodology(
        source=source,
        materiality=_materiality(data, source),
        suppression=Suppression(
            min_count=_whole(data, "suppression.min_count", source, 1),
            min_denominator=_whole(data, "suppression.min_denominator", source, 1),
        ),
        persistent_red=_whole(data, "key_challenges.persistent_red", source, 1),
        max_improvers=_whole(data, "key_improvers.max_shown", source, 0),
        spc_min_points=_whole(data, "spc.min_points", source, 2),
        raw=data,
    )


@cache
def default_methodology() -> Methodology:
    """The bundled ``data/methodology.yml`` (for rules called without a council's configuration)."""
    return load_methodology(paths.METHODOLOGY_CONFIG)
