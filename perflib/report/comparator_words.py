"""The words the report uses for comparisons with the comparator group, in one place.

The table cell, the PI's details, the comparator chart and the funnel chart
all describe the same comparison (:mod:`perflib.rules.benchmarking`), so the
phrases they share are made here: the group average and its method, why the
council has no figure, and lists of areas.
"""

from __future__ import annotations

from perflib.inputs.comparator_values import MARKER_MEANINGS
from perflib.rules.benchmarking import MEAN_METHOD, NO_ROW, POOLED_METHOD

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
        ``"0/0"`` or :data:`~perflib.rules.benchmarking.NO_ROW`.

    Returns
    -------
    str
        A phrase such as "suppressed in the release" or "not in the comparator data".
    """
    if marker == NO_ROW:
        return "not in the comparator data"
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
