"""The numbers the rules use, read from ``data/methodology.yml``.

Every methodology number lives in that file and nowhere else in the code:
trend materiality per unit, the small-number suppression thresholds, how long
a run of Red makes a key challenge persistent, how many key improvers are
named, the fewest points for SPC limits, and the year-end forecast's settings.
``docs/methodology.md`` explains
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
class Forecast:
    """The year-end forecast's settings (``forecast`` in ``data/methodology.yml``; docs/methodology.md section 10).

    Attributes
    ----------
    interval : float
        Coverage of the prediction interval (0.8: from the 10th to the 90th percentile).
    min_past_years : int
        Complete past years needed for a published forecast.
    max_past_years : int
        The latest complete past years whose profile is averaged.
    min_calibration_past_years : int
        Past years an earlier year's forecast needs to count as an error for calibration.
    min_pool_errors : int
        Earlier forecast errors needed before a pool of them sets an interval.
    scale_quarters : int
        Quarter-to-quarter moves averaged for a PI's typical movement.
    min_relative_scale : float
        Floor of the relative typical movement of PIs forecast by ratio.
    multiplicative_units : tuple of str
        Units forecast by ratio (a share of the year); others by offset.
    likelihood : tuple of float
        Increasing cut points of the chance of meeting the target between the
        report's five phrases, from "very likely to miss" to "very likely to meet".
    """

    interval: float
    min_past_years: int
    max_past_years: int
    min_calibration_past_years: int
    min_pool_errors: int
    scale_quarters: int
    min_relative_scale: float
    multiplicative_units: tuple[str, ...]
    likelihood: tuple[float, ...]


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
    forecast : Forecast
        The year-end forecast's settings.
    short_lookback, long_lookback : dict
        Frequency -> how far the short-term trend (collections) and the
        long-term trend (years, or collections for biennial PIs) may look back
        for a figure (``trends`` in the file).
    raw : dict
        The whole parsed file, for settings read by one rule only (e.g. ``forecast``).
    """

    source: Path
    materiality: dict[str, dict[str, float]]
    suppression: Suppression
    persistent_red: int
    max_improvers: int
    spc_min_points: int
    forecast: Forecast
    short_lookback: dict[str, int] = field(default_factory=dict)
    long_lookback: dict[str, int] = field(default_factory=dict)
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


#: The frequencies a trend look-back is set for.
FREQUENCIES = ("quarterly", "annual", "biennial")


def _lookback(data: Mapping[str, Any], dotted: str, source: Path) -> dict[str, int]:
    """``trends.short_lookback`` or ``trends.long_lookback``: a whole number of at least 1 per frequency."""
    if not isinstance(_setting(data, dotted, source), Mapping):
        raise ConfigError(f"{paths.display_path(source)}: '{dotted}' must map each frequency to a whole number")
    return {f: _whole(data, f"{dotted}.{f}", source, 1) for f in FREQUENCIES}


def _fraction(data: Mapping[str, Any], dotted: str, source: Path, low: float, high: float) -> float:
    """The number at ``dotted``, strictly between ``low`` and ``high``; ConfigError otherwise."""
    value = _setting(data, dotted, source)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low < value < high:
        raise ConfigError(
            f"{paths.display_path(source)}: '{dotted}' must be a number between {low:g} and {high:g} (found {value!r})"
        )
    return float(value)


def _cut_points(data: Mapping[str, Any], source: Path) -> tuple[float, ...]:
    """``forecast.likelihood``: four increasing numbers between 0 and 1."""
    cuts = _setting(data, "forecast.likelihood", source)
    numbers = isinstance(cuts, list) and all(isinstance(c, int | float) and not isinstance(c, bool) for c in cuts)
    if not numbers or len(cuts) != 4 or cuts != sorted(set(cuts)) or not 0 < cuts[0] <= cuts[-1] < 1:
        raise ConfigError(
            f"{paths.display_path(source)}: 'forecast.likelihood' must be four increasing numbers between 0 and 1 "
            f"(found {cuts!r})"
        )
    return tuple(float(c) for c in cuts)


#: Whole-number settings of the forecast (each at least 1).
_FORECAST_WHOLE = (
    "min_past_years",
    "max_past_years",
    "min_calibration_past_years",
    "min_pool_errors",
    "scale_quarters",
)


def _forecast(data: Mapping[str, Any], source: Path) -> Forecast:
    """The ``forecast`` block, every setting checked."""
    where = paths.display_path(source)
    if not isinstance(_setting(data, "forecast", source), Mapping):
        raise ConfigError(f"{where}: 'forecast' must be a mapping of settings")
    units = _setting(data, "forecast.multiplicative_units", source)
    if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
        raise ConfigError(f"{where}: 'forecast.multiplicative_units' must be a list of units (found {units!r})")
    whole = {k: _whole(data, f"forecast.{k}", source, 1) for k in _FORECAST_WHOLE}
    if whole["max_past_years"] < whole["min_past_years"]:
        raise ConfigError(f"{where}: 'forecast.max_past_years' must be at least 'forecast.min_past_years'")
    return Forecast(
        interval=_fraction(data, "forecast.interval", source, 0.5, 1.0),
        min_relative_scale=_fraction(data, "forecast.min_relative_scale", source, 0.0, 1.0),
        multiplicative_units=tuple(units),
        likelihood=_cut_points(data, source),
        **whole,
    )


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
        forecast=_forecast(data, source),
        short_lookback=_lookback(data, "trends.short_lookback", source),
        long_lookback=_lookback(data, "trends.long_lookback", source),
        raw=data,
    )


def plausibility_factor(methodology: Methodology) -> float:
    """``plausibility.factor``: how many times out of line with every earlier figure a percentage is queried.

    Parameters
    ----------
    methodology : Methodology

    Returns
    -------
    float
        Above 1.

    Raises
    ------
    ConfigError
        When the setting is missing or not a number above 1.
    """
    value = _setting(methodology.raw, "plausibility.factor", methodology.source)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 1:
        raise ConfigError(
            f"{paths.display_path(methodology.source)}: the setting 'plausibility.factor' must be a number above 1"
        )
    return float(value)


@cache
def default_methodology() -> Methodology:
    """The bundled ``data/methodology.yml`` (for rules called without a council's configuration)."""
    return load_methodology(paths.METHODOLOGY_CONFIG)
