"""Text cells of every CSV and XLSX perflib writes: never a formula, never a character Excel rejects.

One neutraliser for every file: a text cell that a spreadsheet could read as a
formula or a command (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written with a leading apostrophe, as the UK
government's CSV guidance and OWASP advise. Numbers are never touched.

Text bound for an XLSX cell goes through :func:`xlsx_text` as well: the
control characters Excel cannot hold are removed and text longer than an
Excel cell holds (32,767 characters) is cut, each with a note in the cell
saying so, so a stray character in a return's commentary never stops the
scorecard being written.
"""

from __future__ import annotations

import re
from typing import Any

#: First characters that make a spreadsheet treat a text cell as a formula or command.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: Any) -> Any:
    """Stop a spreadsheet treating text as a formula; anything that is not text is returned as it is.

    Parameters
    ----------
    text : object
        A cell's value.

    Returns
    -------
    object
        ``"'" + text`` when ``text`` is a string starting with one of
        :data:`FORMULA_STARTS`, otherwise ``text`` unchanged.
    """
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


#: The most characters an Excel cell holds.
XLSX_MAX_CHARS = 32_767
#: Characters an XLSX file cannot hold: the C0 controls other than tab, line feed and carriage return.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_text(text: Any) -> Any:
    """A text cell as an XLSX can hold it: neutralised, illegal characters removed, cut at Excel's limit.

    Parameters
    ----------
    text : object
        A cell's value; anything that is not text is returned as it is.

    Returns
    -------
    object
        The text, :func:`neutralise`-d; when characters were removed or the
        text was cut, a note in square brackets at its end says so.
    """
    if not isinstance(text, str):
        return text
    out = neutralise(text)
    notes = []
    removed = len(XLSX_ILLEGAL.findall(out))
    if removed:
        out = XLSX_ILLEGAL.sub("", out)
        notes.append(f"{removed} control character{'s' * (removed != 1)} that Excel cannot hold removed")
    if len(out) > XLSX_MAX_CHARS:
        notes.append(f"cut from {len(out):,} characters to fit an Excel cell; the full text is in the CSV")
        note = " [" + "; ".join(notes) + "]"
        return out[: XLSX_MAX_CHARS - len(note)] + note
    return out + (" [" + "; ".join(notes) + "]" if notes else "")
