"""Does anything in a PDF cross the page's content box? Every word's box, from ``pdftotext -bbox``.

The content box is the page (its size as the PDF gives it) less the margins
the report's ``@page`` rule sets (:data:`perflib.export.html.PAGE_MARGINS_MM`,
the one place they are written). The running header and the "Page X of Y"
footer live in the top and bottom margins by design, so a word lying wholly
inside the top or bottom margin band is page furniture and is not reported;
any other word that reaches past an edge of the content box is: a table
column cut off at the right, a long code running into the margin, a figure
wider than the page. (``pdftotext`` keeps only what lies on the page, so a
word that runs off the paper comes back cut, and one wholly beyond the paper's
edge is not seen; anything pushed that far crosses the 15 mm margin first.)

Run by hand: ``python -m perflib.export.pdf_check outputs/2024-25-Q1/appendix1.pdf``.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from perflib.export.html import PAGE_MARGINS_MM

#: Points per millimetre (PDF user space is 1/72 inch).
PT_PER_MM = 72 / 25.4
#: How far past an edge a word may reach (points) before it counts: font metrics round.
TOLERANCE_PT = 0.5

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, measured from the page's top-left corner."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Stray:
    """A word whose box crosses the page's content box."""

    page: int
    word: str
    box: Box
    content: Box

    def line(self) -> str:
        """One line saying which word, on which page, and past which edge."""
        edges = [
            name
            for name, past in (
                ("left", self.box.left < self.content.left - TOLERANCE_PT),
                ("right", self.box.right > self.content.right + TOLERANCE_PT),
                ("top", self.box.top < self.content.top - TOLERANCE_PT),
                ("bottom", self.box.bottom > self.content.bottom + TOLERANCE_PT),
            )
            if past
        ]
        return f"page {self.page}: {self.word!r} crosses the {' and '.join(edges)} edge of the content box"


def content_box(width: float, height: float, margins_mm: tuple[float, float, float, float] = PAGE_MARGINS_MM) -> Box:
    """The content box of a page ``width`` by ``height`` points with ``margins_mm`` (top, right, bottom, left).

    Parameters
    ----------
    width, height : float
        The page's size in points.
    margins_mm : tuple of float, optional
        Top, right, bottom and left margins in mm (default: the report's ``@page`` margins).

    Returns
    -------
    Box
    """
    top, right, bottom, left = (m * PT_PER_MM for m in margins_mm)
    return Box(left, top, width - right, height - bottom)


def stray_words(bbox_html: str, margins_mm: tuple[float, float, float, float] = PAGE_MARGINS_MM) -> list[Stray]:
    """Every word of ``pdftotext -bbox`` output that crosses its page's content box.

    Parameters
    ----------
    bbox_html : str
        What ``pdftotext -bbox`` writes: ``<page width height>`` elements holding
        ``<word xMin yMin xMax yMax>`` elements, in points from the top-left corner.
    margins_mm : tuple of float, optional
        Top, right, bottom and left margins in mm.

    Returns
    -------
    list of Stray
        In page order. Words wholly inside the top or bottom margin (the running
        header and footer) are not included.
    """
    out: list[Stray] = []
    pages = _PAGE.split(bbox_html)  # [before, w, h, body, w, h, body, ...]
    for n, i in enumerate(range(1, len(pages) - 2, 3), start=1):
        content = content_box(float(pages[i]), float(pages[i + 1]), margins_mm)
        for m in _WORD.finditer(pages[i + 2]):
            box = Box(*(float(v) for v in m.groups()[:4]))
            if box.bottom <= content.top + TOLERANCE_PT or box.top >= content.bottom - TOLERANCE_PT:
                continue  # page furniture in the top or bottom margin
            if (
                box.left < content.left - TOLERANCE_PT
                or box.right > content.right + TOLERANCE_PT
                or box.top < content.top - TOLERANCE_PT
                or box.bottom > content.bottom + TOLERANCE_PT
            ):
                out.append(Stray(n, html.unescape(m.group(5)), box, content))
    return out


def check_pdf(pdf: Path) -> list[Stray]:
    """Every word of ``pdf`` that crosses its page's content box (poppler's ``pdftotext``).

    Parameters
    ----------
    pdf : Path

    Returns
    -------
    list of Stray

    Raises
    ------
    RuntimeError
        When ``pdftotext`` (poppler-utils) is not installed.
    """
    exe = shutil.which("pdftotext")
    if exe is None:
        raise RuntimeError("pdftotext is not installed (on Debian: apt-get install poppler-utils)")
    done = subprocess.run([exe, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True)
    return stray_words(done.stdout)


def main(argv: list[str] | None = None) -> int:
    """Check each PDF named on the command line; print every stray word; exit 1 when there is one."""
    found = 0
    for name in argv if argv is not None else sys.argv[1:]:
        strays = check_pdf(Path(name))
        found += len(strays)
        print(f"{name}: {len(strays)} word(s) outside the content box")
        for s in strays:
            print("  " + s.line())
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
