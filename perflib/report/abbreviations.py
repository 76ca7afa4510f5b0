"""Abbreviations expanded at their first use in the report, and the glossary that lists them.

The glossary (``data/catalogue/glossary.csv``) gives each abbreviation's
expansion, and :func:`perflib.inputs.glossary.abbreviation_pattern` says what
counts as a use (a whole word in its exact case, or its plural with "s"). The
first time the report uses one, in the order a reader meets it, it is
written ``<abbr title="...">SEND</abbr> (special educational needs and
disabilities)`` so the expansion is visible on paper as well as on screen;
later uses are left as they are. Only the visible text of the page is
changed: never a tag, an attribute (``alt``, ``aria-label``), a stylesheet, or
an SVG title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from perflib.inputs.glossary import abbreviation_pattern

#: Elements whose text is left alone: not prose a reader meets (or already an abbreviation).
_SKIPPED = ("style", "script", "title", "abbr", "svg")
_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"^</?\s*([a-zA-Z][\w-]*)")


def _pattern(glossary: dict[str, str]) -> re.Pattern[str] | None:
    return abbreviation_pattern(glossary) if glossary else None


def expand_first_use(markup: str, glossary: dict[str, str], seen: set[str]) -> str:
    """Expand each abbreviation at its first use in ``markup`` not already in ``seen``.

    Parameters
    ----------
    markup : str
        A section's HTML.
    glossary : dict
        Abbreviation -> expansion.
    seen : set of str
        Abbreviations already expanded earlier in the report; updated in place
        with those expanded (and those merely used) here.

    Returns
    -------
    str
        The HTML, with each first use written
        ``<abbr title="expansion">ABBR</abbr> (expansion)``.
    """
    pattern = _pattern(glossary)
    if pattern is None:
        return markup
    out: list[str] = []
    skipping: list[str] = []
    for part in _TAG.split(markup):
        if part.startswith("<"):
            name = _NAME.match(part)
            if name:
                tag = name.group(1).lower()
                if tag in _SKIPPED and not part.endswith("/>"):
                    if part.startswith("</"):
                        if skipping and skipping[-1] == tag:
                            skipping.pop()
                    else:
                        skipping.append(tag)
            out.append(part)
            continue
        if skipping or not part:
            out.append(part)
            continue
        out.append(pattern.sub(lambda m: _first(m.group(0), m.group(1), glossary, seen), part))
    return "".join(out)


def _first(used: str, word: str, glossary: dict[str, str], seen: set[str]) -> str:
    """``used`` (``word`` or its plural) expanded when ``word`` is met for the first time."""
    if word in seen:
        return used
    seen.add(word)
    full = html.escape(glossary[word] + ("s" if used != word else ""))
    return f'<abbr title="{full}">{used}</abbr> ({full})'


def used_in(markup: str, glossary: dict[str, str]) -> list[str]:
    """The abbreviations of ``glossary`` that the visible text of ``markup`` uses, in glossary order."""
    pattern = _pattern(glossary)
    if pattern is None:
        return []
    text = " ".join(p for p in _TAG.split(markup) if not p.startswith("<"))
    found = {m.group(1) for m in pattern.finditer(text)}
    return [w for w in glossary if w in found]


def glossary_rows(glossary: dict[str, str], words: Iterable[str]) -> list[tuple[str, str]]:
    """The glossary section's rows: each of ``words`` with its expansion, alphabetically."""
    return sorted(((w, glossary[w]) for w in set(words) if w in glossary), key=lambda r: r[0].lower())
