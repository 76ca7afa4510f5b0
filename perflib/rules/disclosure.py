"""Suppressed figures stay suppressed: commentary that could give a small count away is withheld.

For a PI marked sensitive in the catalogue, a count from 1 to ``min_count - 1``
is published as ``"<min_count"`` (:mod:`perflib.rules.suppression`). Commentary
or a corrective or planned action that states such a number ("3 this quarter", "Two
permanent exclusions") would undo that. :func:`find_disclosures` finds every
number below the threshold, in digits or in words, in the commentary,
corrective action and planned action of sensitive PIs; :func:`disclosure_problems` reports each as
a warning located at its cell of the return (the figure is used; the text is not); :func:`withhold` replaces that text,
and nothing else, with :data:`NOTICE` until the return is corrected
(``docs/methodology.md`` section 7).
"""

from __future__ import annotations

import re

import pandas as pd

from perflib.core.problems import WARNING, Problem
from perflib.inputs import layout as fmt

#: What the published outputs show instead of text that may identify people.
NOTICE = "commentary withheld: it may identify individuals"

#: The text columns checked (those a return fills in).
TEXT_COLUMNS: tuple[str, ...] = ("commentary", "corrective_action", "planned_action")

#: Numbers in words (whole words, any case).
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "a pair of": 2,
    "a single": 1,
    "a handful of": 3,
    "twice": 2,
}

#: "one" in phrases where it is not a number of people or events.
_NOT_A_NUMBER = re.compile(r"\b(?:no one|one of|one another|one-off|one-to-one|one to one|every one|any one|one day)\b")

#: A whole number in digits: not part of a word (Q3), a decimal (3.5), a percentage (3%), money (£3m) or a range
#: of years (2023-24 is two numbers, both above any threshold).
_DIGITS = re.compile(r"(?<![\w.,£$€])(\d{1,3}(?:,\d{3})*)(?![\w%]|[.,]\d)")
_WORDS = re.compile(r"\b(" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")\b")


def small_numbers(text: object, min_count: int) -> list[str]:
    """The numbers from 1 to ``min_count - 1`` that ``text`` states, as written.

    Parameters
    ----------
    text : object
        Commentary or corrective action (anything not a string has none).
    min_count : int
        The suppression threshold (``suppression.min_count``).

    Returns
    -------
    list of str
        e.g. ``["3"]`` for "3 this quarter", ``["Two"]`` for "Two permanent exclusions".

    Examples
    --------
    >>> small_numbers("3 this quarter, against 12 last year", 5)
    ['3']
    >>> small_numbers("Two permanent exclusions in 2023-24 Q3", 5)
    ['Two']
    >>> small_numbers("No one was excluded; 3.5% of pupils were absent", 5)
    []
    """
    if not isinstance(text, str) or not text.strip():
        return []
    found: list[str] = []
    for m in _DIGITS.finditer(text):
        n = int(m.group(1).replace(",", ""))
        if 1 <= n < min_count:
            found.append(m.group(1))
    cleaned = _NOT_A_NUMBER.sub(" ", text.lower())
    for m in _WORDS.finditer(cleaned):
        if 1 <= NUMBER_WORDS[m.group(1)] < min_count:
            found.append(text[m.start() : m.end()])
    return found


def find_disclosures(card: pd.DataFrame, min_count: int) -> pd.DataFrame:
    """Cells of sensitive PIs' commentary or corrective action that state a small number.

    Parameters
    ----------
    card : DataFrame
        Scorecard-like rows with ``pi_code``, ``sensitive`` and the columns of :data:`TEXT_COLUMNS`
        (and ``file``, ``row``, ``directorate`` to locate them).
    min_count : int

    Returns
    -------
    DataFrame
        One row per cell: ``pi_code``, ``column``, ``numbers`` (how many were found), with the
        row's ``file``, ``row`` and ``directorate``; the index is the card's.
    """
    sensitive = card["sensitive"].astype(str).str.lower().isin(["yes", "true"])
    rows = []
    for col in TEXT_COLUMNS:
        if col not in card:
            continue
        for idx, text in card.loc[sensitive, col].items():
            found = small_numbers(text, min_count)
            if found:
                rows.append(
                    {
                        "index": idx,
                        "pi_code": card.at[idx, "pi_code"],
                        "column": col,
                        "numbers": len(found),
                        "file": card.at[idx, "file"] if "file" in card else None,
                        "row": card.at[idx, "row"] if "row" in card else None,
                        "directorate": card.at[idx, "directorate"] if "directorate" in card else "",
                    }
                )
    frame = pd.DataFrame(rows, columns=["index", "pi_code", "column", "numbers", "file", "row", "directorate"])
    return frame.set_index("index")


def disclosure_problems(found: pd.DataFrame, min_count: int) -> list[Problem]:
    """One warning per cell of :func:`find_disclosures`, located at its cell of the return.

    The message does not repeat the text or the number: ``data_quality.csv``
    and the report's problem table are published too.
    """
    out = []
    for r in found.itertuples():
        label = fmt.INDICATOR_LABELS[str(r.column)]
        out.append(
            Problem(
                severity=WARNING,
                file=str(r.file) if isinstance(r.file, str) else "",
                sheet=fmt.INDICATORS_SHEET,
                row=int(r.row) if not pd.isna(r.row) else None,
                column=label,
                expected=f"no number from 1 to {min_count - 1}, in digits or words, for a sensitive PI",
                message=(
                    f"{r.pi_code} is sensitive and its {label.lower()} states a number below {min_count}, which may "
                    "identify individuals; it is withheld from the published report until the return is corrected"
                ),
                directorate=str(r.directorate or ""),
                pi_code=str(r.pi_code),
            )
        )
    return out


def withhold(frame: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each cell of ``found`` replaced by :data:`NOTICE` (nothing else changed).

    Parameters
    ----------
    frame : DataFrame
        The frame ``found`` was found in (same index).
    found : DataFrame
        :func:`find_disclosures`.

    Returns
    -------
    DataFrame
        A copy.
    """
    out = frame.copy()
    for idx, r in found.iterrows():
        out.at[idx, r["column"]] = NOTICE
    return out
