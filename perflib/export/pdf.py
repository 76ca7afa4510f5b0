"""The report's HTML as an A4 PDF (WeasyPrint): tagged for accessibility (PDF/UA-1), reproducible byte for byte."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from perflib.core import paths


def load_weasyprint() -> Any:
    """Import WeasyPrint, saying plainly when the Pango text library it needs is missing.

    Returns
    -------
    module
        ``weasyprint``.

    Raises
    ------
    RuntimeError
        When WeasyPrint cannot load Pango (or another system library it needs).
    """
    try:
        import weasyprint
    except OSError as exc:
        raise RuntimeError(
            "the PDF cannot be made: WeasyPrint cannot load the Pango text library it needs "
            f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); install Pango "
            "(on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) and run again"
        ) from None
    return weasyprint


def export_pdf(
    html: str, target: Path, title: str, *, created: dt.date | None = None, identifier: bytes | None = None
) -> None:
    """Write the PDF of ``html`` with WeasyPrint: A4, tagged (PDF/UA-1), reproducible.

    The same HTML always gives the same bytes: WeasyPrint adds no clock
    date unless asked, and both the dates and the file identifier are given
    here from the report itself, never from the time of the run.

    Parameters
    ----------
    html : str
        The Appendix 1 HTML (its print stylesheet sets the page).
    target : Path
        Where to write the PDF.
    title : str
        Document title (also in the HTML ``<title>``).
    created : date, optional
        Creation and modification date recorded in the PDF (``/CreationDate``,
        ``/ModDate`` and the XMP metadata); a run passes the last day of the
        quarter, the date its figures are as at. Omitted when None.
    identifier : bytes, optional
        The PDF file identifier (``/ID``); by default derived from the HTML.
    """

    weasyprint = load_weasyprint()  # imported here: it takes a second, and only a run's last step needs it

    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "uncompressed_pdf": False}
    doc = weasyprint.HTML(string=html, base_url=str(paths.PROJECT_ROOT)).render(**options)
    if created is not None:
        stamp = created.isoformat()  # W3C date, as <meta name="dcterms.created"> takes
        doc.metadata.created = stamp
        doc.metadata.modified = stamp
    if identifier is None:
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    doc.write_pdf(str(target), pdf_identifier=identifier, **options)
