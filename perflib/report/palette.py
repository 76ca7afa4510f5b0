"""The report's colours, defined once: status fills for tables and charts, the target, the ink.

Chosen from the UK Government Analysis Function's accessible palette
("Data visualisation: colours", 2024) and checked for colour-blind readers
(``docs/palette.md`` gives the reasoning and the contrast ratios):

* every status fill has at least 3:1 contrast against the white page (WCAG
  1.4.11, non-text contrast), and the text written on it at least 4.5:1
  (WCAG 1.4.3);
* Green is the Analysis Function's turquoise, Red a true red and Amber a deep
  orange: the three differ in lightness and in blue, so they stay apart under
  deuteranopia, protanopia and tritanopia;
* a target band is a neutral grey, never an alarm colour;
* colour is never the only signal: every status is also written as a word and
  a symbol (:data:`perflib.report.wording.STATUS_SYMBOLS`), and chart marks
  differ in shape.

The stylesheet's colour custom properties are made from here
(:func:`css_variables`), the charts read :data:`STATUS_FILLS` through
:data:`perflib.report.wording.STATUS_COLOURS`, and the spreadsheet reads the
stylesheet, so no colour is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from perflib.rules import status as rules

#: The page.
WHITE = "#FFFFFF"
#: Text, lines and outlines on the page.
INK = "#1B1B1B"
#: The Analysis Function's dark blue: links, rules and target lines.
DARK_BLUE = "#12436D"
#: Target lines in charts (solid or dashed: never only a colour).
TARGET = DARK_BLUE
#: The "within target" band of a range PI: a neutral grey, drawn with :data:`TARGET_BAND_ALPHA`.
TARGET_BAND = "#8A8A8A"
TARGET_BAND_ALPHA = 0.25


@dataclass(frozen=True)
class Swatch:
    """A status colour: the fill (chart bar, table cell) and the text written on it."""

    fill: str
    text: str


#: Status -> swatch, for PI and Flagship Action statuses alike.
STATUS: dict[str, Swatch] = {
    rules.GREEN: Swatch("#28A197", "#000000"),  # Analysis Function turquoise
    rules.AMBER: Swatch("#D97706", "#000000"),  # deep orange
    rules.RED: Swatch("#C8102E", WHITE),  # true red
    rules.DATA_ONLY: Swatch(DARK_BLUE, WHITE),
    rules.NO_DATA: Swatch("#6E6E6E", WHITE),
    rules.NOT_DUE: Swatch("#8A8A8A", "#000000"),
    "Complete": Swatch(DARK_BLUE, WHITE),
    "Not started": Swatch("#8A8A8A", "#000000"),
    "No update": Swatch("#6E6E6E", WHITE),
}

#: Status -> fill, as the charts use it.
STATUS_FILLS: dict[str, str] = {s: w.fill for s, w in STATUS.items()}


def slug(status: str) -> str:
    """The status as a CSS name part, e.g. ``"data-only"`` (as in ``.status-data-only``)."""
    return status.lower().replace(" ", "-")


def css_variables() -> str:
    """The palette as CSS custom properties on ``:root``: ``--<status>-fill`` and ``--<status>-text``.

    Returns
    -------
    str
        One ``:root`` rule, with ``--ink``, ``--link`` and the target colours too.
    """
    lines = [f"  --ink: {INK}; --link: {DARK_BLUE}; --target: {TARGET}; --target-band: {TARGET_BAND};"]
    lines += [f"  --{slug(s)}-fill: {w.fill}; --{slug(s)}-text: {w.text};" for s, w in STATUS.items()]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``.

    Parameters
    ----------
    colour : str

    Returns
    -------
    float
        0 (black) to 1 (white).
    """
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours, 1 to 21."""
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


__all__ = [
    "STATUS",
    "STATUS_FILLS",
    "Swatch",
    "TARGET",
    "TARGET_BAND",
    "TARGET_BAND_ALPHA",
    "INK",
    "DARK_BLUE",
    "css_variables",
    "contrast",
    "relative_luminance",
    "slug",
]
