"""The numbers the comparison with a comparator group uses, from the ``comparators`` block of ``data/methodology.yml``.

``docs/methodology.md`` section 9 explains each one: the default look-back of
the period rule (a mapping can set its own per PI), the fewest areas for a
quartile, and the funnel plot's two control limits (``z``), the share of
z-scores Winsorised at each end before over-dispersion is estimated, and the
fewest areas with a numerator and denominator for a funnel plot. A missing or
malformed setting is a :class:`~perflib.core.methodology.ConfigError` naming
the file and the setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from perflib.core.methodology import ConfigError, Methodology, default_methodology
from perflib.core.paths import display_path


@dataclass(frozen=True)
class ComparatorMethod:
    """The comparison's numbers.

    Attributes
    ----------
    lookback_months : int
        The oldest comparator period a report quarter may use ends this many
        months before the quarter's last day (unless a mapping says otherwise).
    min_areas_quartile : int
        Fewest areas with a figure for a quartile to be given.
    z_inner, z_outer : float
        The funnel plot's inner (95%) and outer (99.8%) control limits, in
        standard errors; the label uses the outer.
    winsor_fraction : float
        Share of z-scores Winsorised at each end for the over-dispersion factor.
    funnel_min_areas : int
        Fewest areas with a numerator and denominator for a funnel plot.
    """

    lookback_months: int
    min_areas_quartile: int
    z_inner: float
    z_outer: float
    winsor_fraction: float
    funnel_min_areas: int


def _node(data: Mapping[str, Any], dotted: str, where: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or node.get(part) in (None, ""):
            raise ConfigError(f"{where}: the setting '{dotted}' is missing")
        node = node[part]
    return node


def _number(data: Mapping[str, Any], dotted: str, where: str, low: float, high: float, whole: bool) -> Any:
    value = _node(data, dotted, where)
    ok = isinstance(value, int) if whole else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok or not low <= value <= high:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{where}: '{dotted}' must be {kind} from {low:g} to {high:g} (found {value!r})")
    return value if whole else float(value)


def comparator_method(methodology: Methodology | None = None) -> ComparatorMethod:
    """Read and check the ``comparators`` block of the methodology file.

    Parameters
    ----------
    methodology : Methodology, optional
        The council's methodology (``CouncilConfig.methodology``); the bundled
        ``data/methodology.yml`` when omitted.

    Returns
    -------
    ComparatorMethod

    Raises
    ------
    ConfigError
        When a setting is missing or out of range, naming the file and setting.
    """
    m = methodology or default_methodology()
    where = display_path(m.source)
    data = m.raw
    z_inner = _number(data, "comparators.funnel.z_inner", where, 0.1, 10.0, whole=False)
    z_outer = _number(data, "comparators.funnel.z_outer", where, 0.1, 10.0, whole=False)
    if z_outer <= z_inner:
        raise ConfigError(f"{where}: 'comparators.funnel.z_outer' must be above 'comparators.funnel.z_inner'")
    return ComparatorMethod(
        lookback_months=_number(data, "comparators.lookback_months", where, 0, 240, whole=True),
        min_areas_quartile=_number(data, "comparators.min_areas_quartile", where, 2, 1000, whole=True),
        z_inner=z_inner,
        z_outer=z_outer,
        winsor_fraction=_number(data, "comparators.funnel.winsor_fraction", where, 0.0, 0.49, whole=False),
        funnel_min_areas=_number(data, "comparators.funnel.min_areas", where, 2, 1000, whole=True),
    )
