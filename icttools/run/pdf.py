"""The leaders' brief as a PDF, for attaching to official correspondence.

:func:`write_pdf` lays out a report page (as :func:`icttools.run.htmlreport.export_html` writes
it) with WeasyPrint — no browser — using the page's own A4 print stylesheet, and writes the PDF
atomically. The file is deterministic: the same HTML gives the same bytes (no creation or
modification date, no random identifier; title and language from the page, creator
``icttools``).

WeasyPrint needs the Pango text library of the system (Debian: ``libpango-1.0-0``,
``libpangoft2-1.0-0``); without it :func:`write_pdf` raises :class:`PdfUnavailable` and
:func:`pdf_available` is false, so a caller can go on without the PDF.

The batch runner writes the brief's PDF beside its HTML::

    from icttools.run.pdf import write_pdf
    write_pdf(html_text, html_path.with_suffix(".pdf"))
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from icttools.core.atomic import atomic_write_bytes
from icttools.core.errors import IcttoolsError

__all__ = ["PdfUnavailable", "pdf_available", "write_pdf", "PDF_CREATOR"]

#: The PDF's /Creator; /Producer stays WeasyPrint's name and version.
PDF_CREATOR = "icttools"


class PdfUnavailable(IcttoolsError, RuntimeError):
    """WeasyPrint or the system's Pango library is missing: no PDF can be written here."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: a system library (Pango) is missing
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfUnavailable(
            f"PDF not written: WeasyPrint cannot load ({first}); install it with "
            "pip install weasyprint and the Pango library (Debian: apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0)") from exc
    return weasyprint


def pdf_available() -> bool:
    """True when :func:`write_pdf` can work on this machine (WeasyPrint and Pango load)."""
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def write_pdf(html_text: str, path: str | os.PathLike) -> int:
    """Write a report page as an A4 PDF, atomically and deterministically.

    Parameters
    ----------
    html_text : str
        A whole, self-contained report page (its styles inline, its images ``data:`` URLs).
        Nothing is fetched: a reference to another file or to the network is left out.
    path : path
        The PDF to write (for the brief: its HTML's path with ``.pdf``). Its folder must exist.

    Returns
    -------
    int
        The number of pages written.

    Raises
    ------
    PdfUnavailable
        WeasyPrint or Pango is missing (the message says what to install).
    """
    weasyprint = _weasyprint()

    from weasyprint.urls import URLFetcher

    inline_only = URLFetcher(allowed_protocols={"data"})  # a report page is self-contained
    # WeasyPrint logs each CSS property it does not know (and each refused fetch) as a warning;
    # they say nothing a reader of the run needs
    log = logging.getLogger("weasyprint")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html_text, base_url=None,
                                   url_fetcher=inline_only).render()
    finally:
        log.setLevel(level)
    meta = document.metadata
    meta.generator = PDF_CREATOR
    meta.created = meta.modified = None  # no dates: the same page gives the same bytes
    meta.custom = {}
    atomic_write_bytes(Path(path), document.write_pdf())
    return len(document.pages)
