"""Is every number in a generated sentence in the table or chart it summarises?

A sentence beside a table or chart must not carry a number of its own: each
number it states (a count, a share, a value) must appear in the text of the
table or the chart's alternative text. Period labels ("2023-24 Q3") and the
numbers inside them are not figures and are skipped.
"""

from __future__ import annotations

import html
import re

#: A period label, e.g. "2023-24 Q3", "2023-24", "Q3", "calendar year 2023".
_PERIOD = re.compile(r"\b\d{4}-\d{2}(?: Q[1-4])?\b|\bQ[1-4]\b|\b(?:19|20)\d{2}\b")
#: A number as printed: digits with thousands separators and decimals, optionally a percentage.
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})*(?:\.\d+)?%?|(?<![\w.])\d+(?:\.\d+)?%?")


def numbers(text: str) -> list[str]:
    """The numbers ``text`` states, as printed, period labels left out.

    >>> numbers("28 of 46 rated PIs (61%) are Green in 2023-24 Q3; 1,327 households")
    ['28', '46', '61%', '1,327']
    """
    plain = _PERIOD.sub(" ", html.unescape(text))
    return [m.group(0) for m in _NUMBER.finditer(plain)]


def plain_text(markup: str) -> str:
    """The visible text of HTML plus every ``alt`` text, tags removed."""
    alts = " ".join(re.findall(r'alt="([^"]*)"', markup))
    body = re.sub(r"<style.*?</style>", " ", markup, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(body + " " + alts)


def unsupported(sentence: str, *sources: str) -> list[str]:
    """The numbers of ``sentence`` found in none of ``sources`` (an empty list when all are).

    Parameters
    ----------
    sentence : str
        A generated sentence.
    sources : str
        The table and chart it summarises, as HTML or text (alt texts count).

    Returns
    -------
    list of str
    """
    have = set()
    for src in sources:
        have.update(numbers(plain_text(src)))
    return [n for n in numbers(sentence) if n not in have]
