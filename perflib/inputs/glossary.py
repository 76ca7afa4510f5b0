"""The glossary of abbreviations: ``data/catalogue/glossary.csv`` (``abbreviation,expansion``).

The report expands each abbreviation at its first use and lists them all in a
glossary section. :func:`load_glossary` reads and checks the file (every
problem located by file, row and column); :func:`abbreviations_in` finds which
abbreviations a text uses, as whole words and in their exact case, so "SEND"
(special educational needs and disabilities) is found and "Send" is not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from perflib.core import paths
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, Problem

#: The glossary's file name, in the catalogue folder.
GLOSSARY_FILE = "glossary.csv"
#: The glossary's columns, in order.
GLOSSARY_COLUMNS = ("abbreviation", "expansion")


class GlossaryError(ValueError):
    """The glossary file is missing or has problems (each located)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("the glossary has problems:\n" + "\n".join(p.line() for p in problems))


def _problem(
    file: str, message: str, expected: str, row: int | None = None, column: str = "", value: str = ""
) -> Problem:
    return Problem(severity=ERROR, file=file, row=row, column=column, value=value, expected=expected, message=message)


def _read(path: Path, file: str) -> pd.DataFrame:
    """The file as text cells, stripped; a missing file or column raises :class:`GlossaryError`."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise GlossaryError([_problem(file, "glossary file not found", "a CSV file abbreviation,expansion")]) from None
    missing = [c for c in GLOSSARY_COLUMNS if c not in frame]
    if missing:
        raise GlossaryError(
            [
                _problem(file, f"the column '{c}' is missing", "this column to be present", row=1, column=c)
                for c in missing
            ]
        )
    return frame.apply(lambda s: s.str.strip())


def glossary_for(catalogue_dir: Path) -> dict[str, str]:
    """The glossary of a catalogue folder; empty when it has none (nothing is expanded).

    The catalogue check (:func:`perflib.inputs.catalogue.load_catalogue`) has
    already reported any problem in it, so this is only called on a good file.
    """
    path = catalogue_dir / GLOSSARY_FILE
    return load_glossary(path) if path.exists() else {}


def load_glossary(path: Path | None = None) -> dict[str, str]:
    """Read and check the glossary.

    Parameters
    ----------
    path : Path, optional
        The glossary file (default :data:`perflib.core.paths.GLOSSARY`).

    Returns
    -------
    dict
        Abbreviation -> expansion, ordered by abbreviation.

    Raises
    ------
    GlossaryError
        Listing every problem with its row and column: a blank abbreviation, an
        abbreviation with a space in it, one given twice (every row holding it), a blank expansion.
    """
    path = path if path is not None else paths.GLOSSARY
    file = display_path(path)
    frame = _read(path, file)
    problems = []
    repeated = frame["abbreviation"].duplicated(keep=False) & frame["abbreviation"].ne("")
    rows = zip(range(2, len(frame) + 2), frame["abbreviation"], frame["expansion"], repeated, strict=True)
    for row, abbr, expansion, again in rows:
        if not abbr or re.search(r"\s", abbr):
            problems.append(
                _problem(file, "not an abbreviation", "an abbreviation without spaces", row, "abbreviation", abbr)
            )
        elif again:
            problems.append(
                _problem(file, f"{abbr} appears more than once", "each abbreviation once", row, "abbreviation", abbr)
            )
        if not expansion:
            problems.append(_problem(file, f"{abbr or 'this row'} has no expansion", "an expansion", row, "expansion"))
    if problems:
        raise GlossaryError(problems)
    return dict(sorted(zip(frame["abbreviation"], frame["expansion"], strict=True)))


def abbreviations_in(text: str, glossary: dict[str, str]) -> list[str]:
    """The glossary's abbreviations that ``text`` uses, in order of first appearance.

    An abbreviation counts as a whole word in its exact case: not inside
    another word ("PI" is not in "PIN" or "SPIN") and not in another case
    ("SEND" is not "Send"); a hyphen or other punctuation ends a word
    ("SEND-related" uses "SEND"). Its plural with a lower-case "s" counts as a
    use ("PIs" uses "PI"). Where two abbreviations overlap ("EHCP" and "EHC",
    "H-CLIC" and "CLIC"), the longer one is the word used.

    Parameters
    ----------
    text : str
    glossary : dict
        Abbreviation -> expansion (:func:`load_glossary`).

    Returns
    -------
    list of str
        Each abbreviation once.

    Examples
    --------
    >>> abbreviations_in("SEND and EHCP: two PIs; Send it", {"EHCP": "", "PI": "", "SEND": ""})
    ['SEND', 'EHCP', 'PI']
    """
    if not text or not glossary:
        return []
    found: list[str] = []
    for m in abbreviation_pattern(glossary).finditer(text):
        if m.group(1) not in found:
            found.append(m.group(1))
    return found


def abbreviation_pattern(glossary: dict[str, str]) -> re.Pattern[str]:
    """The one regular expression that finds a use of an abbreviation (see :func:`abbreviations_in`).

    Group 1 is the abbreviation; the match includes a plural's "s". Used
    here and by the report, which expands each at its first use.
    """
    words = "|".join(re.escape(a) for a in sorted(glossary, key=len, reverse=True))
    return re.compile(rf"(?<![\w&#])({words})s?(?!\w)")
