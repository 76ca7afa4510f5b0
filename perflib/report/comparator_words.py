"""The words the report uses for comparisons with the comparator group, in one place.

The table cell, the PI's details, the comparator chart and the funnel chart
all describe the same comparison (:mod:`perflib.rules.benchmarking`), so the
phrases they share are made here: the group average and its method, why the
council has no figure, lists of areas, and the table cell and sentence of a
PI that has comparator figures (:func:`perflib.report.pi_view.bench_text`).
"""

from __future__ import annotations

from typing import Any

from perflib.inputs.comparator_values import MARKER_MEANINGS
from perflib.report.render import is_missing
from perflib.report.wording import format_value
from perflib.rules.benchmarking import MEAN_METHOD, NO_ROW, POOLED_METHOD, SMALL

#: The group average's method, in words.
AVERAGE_WORDS = {
    POOLED_METHOD: "pooled from the areas' numerators and denominators",
    MEAN_METHOD: "mean of the areas' figures",
}


def average_text(method: str) -> str:
    """The group average's method in words (``""`` for none).

    Parameters
    ----------
    method : str
        ``benchmark_average_method``.

    Returns
    -------
    str
    """
    return AVERAGE_WORDS.get(method, method or "")


def own_missing_text(marker: str) -> str:
    """Why the council has no figure for the period compared.

    Parameters
    ----------
    marker : str
        ``benchmark_own_missing``: a release marker (``"c"``), ``"blank"``,
        ``"0/0"``, :data:`~perflib.rules.benchmarking.NO_ROW` or
        :data:`~perflib.rules.benchmarking.SMALL`.

    Returns
    -------
    str
        A phrase such as "suppressed in the release" or "not in the comparator data".
    """
    if marker == NO_ROW:
        return "not in the comparator data"
    if marker == SMALL:
        return "withheld to protect small numbers"
    if marker == "c":
        return "suppressed in the release"
    return f"not given in the release ({MARKER_MEANINGS.get(marker, marker)})"


def names_and(names: list[str]) -> str:
    """Names joined for a sentence: "A", "A and B", "A, B and C".

    Parameters
    ----------
    names : list of str

    Returns
    -------
    str
    """
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def tied_text(ties: int) -> str:
    """``", shared with N other area(s)"`` when the council's rank is tied, else ``""``.

    Parameters
    ----------
    ties : int
        Other areas with exactly the council's figure.

    Returns
    -------
    str
    """
    if not ties:
        return ""
    return f", shared with {ties} other area{'s' if ties != 1 else ''}"


def comparison_cell(d: dict[str, Any]) -> str:
    """The "Compared with group" table cell of a PI with comparator figures.

    Parameters
    ----------
    d : dict
        A scorecard row with ``benchmark_n`` above 0.

    Returns
    -------
    str
        E.g. "quartile 3; rank 23 of 32; worse than the group", or why it is not ranked.
    """
    missing = d.get("benchmark_own_missing") or ""
    if missing:
        return f"Not ranked: own figure {own_missing_text(missing)}"
    rank: Any = d.get("benchmark_rank")
    if is_missing(rank):
        return "Not ranked (no better direction)"
    quartile: Any = d.get("benchmark_quartile")
    q = "" if is_missing(quartile) else f"quartile {int(quartile)}"
    return "; ".join(t for t in (q, f"rank {int(rank)} of {int(d['benchmark_n'])}", d.get("benchmark_funnel")) if t)


def _average_sentence(d: dict[str, Any]) -> str:
    unit, dec = d["unit"], int(d["decimals"])
    return (
        f"group median {format_value(d.get('benchmark_median'), unit, dec)}, group average "
        f"{format_value(d.get('benchmark_average'), unit, dec)} "
        f"({average_text(str(d.get('benchmark_average_method') or ''))})."
    )


def _place(d: dict[str, Any]) -> str:
    """The council's figure and place, for a PI where it has a figure."""
    own = f"In {d.get('benchmark_period')}, the council's figure was "
    own += format_value(d.get("benchmark_value"), d["unit"], int(d["decimals"]))
    n, group = int(d["benchmark_n"]), d.get("benchmark_group")
    rank: Any = d.get("benchmark_rank")
    quartile: Any = d.get("benchmark_quartile")
    if is_missing(rank):
        return f"{own}; it is not ranked, as neither higher nor lower is better ({n} areas in {group})."
    q = "" if is_missing(quartile) else f", quartile {int(quartile)} (1 is best)"
    return f"{own}: rank {int(rank)} of {n}{tied_text(int(d.get('benchmark_ties') or 0))}{q} in {group}."


def comparison_text(d: dict[str, Any]) -> str:
    """The comparison in full, for the PI's details.

    The period compared, the council's figure, its rank (and any tie) and
    quartile, the group median, the group average with its method, and the
    funnel label; when the council has no figure it says why and ranks nothing.

    Parameters
    ----------
    d : dict
        A scorecard row with ``benchmark_n`` above 0.

    Returns
    -------
    str
    """
    missing = d.get("benchmark_own_missing") or ""
    average = _average_sentence(d)
    if missing:
        return (
            f"In {d.get('benchmark_period')} the council's own figure is {own_missing_text(missing)}, so it is not "
            f"ranked. {int(d['benchmark_n'])} areas in {d.get('benchmark_group')}: {average}"
        )
    funnel = d.get("benchmark_funnel") or ""
    phi: Any = d.get("benchmark_funnel_phi")
    widened = "" if is_missing(phi) else f" (limits widened for over-dispersion, phi = {float(phi):.2f})"
    return f"{_place(d)} {average[0].upper()}{average[1:]}" + (f" Funnel plot: {funnel}{widened}." if funnel else "")
