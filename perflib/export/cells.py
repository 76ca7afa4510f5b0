"""Text cells of every CSV and XLSX perflib writes: never a formula, never a character Excel rejects.

One neutraliser for every file: a text cell that a spreadsheet could read as a
formula or a command (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written with a leading apostrophe, as the UK
government's CSV guidance and OWASP advise. Numbers are never touched.
"""

from __future__ import annotations

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
