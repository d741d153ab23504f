"""The brief as a PDF (icttools.run.pdf.write_pdf): A4, deterministic, atomic, nothing fetched.

Skipped where WeasyPrint or the system's Pango library cannot load.
"""

from __future__ import annotations

import re

import pytest

from icttools.run import pdf as pdfmod
from icttools.run.htmlreport import export_html

if not pdfmod.pdf_available():
    pytest.skip("WeasyPrint or Pango is not available here", allow_module_level=True)

from tests.test_htmlexport import report_notebook  # noqa: E402  (after the skip)

pypdf = pytest.importorskip("pypdf")

#: Writes whole workbooks / PDFs: seconds each, so in the full `make test` only (not `make test-fast`).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page() -> str:
    return export_html(report_notebook())


def test_writes_an_a4_pdf_with_the_pages_title_and_language(tmp_path, page):
    out = tmp_path / "06_leader_brief.pdf"
    n = pdfmod.write_pdf(page, out)
    reader = pypdf.PdfReader(out)
    assert n == len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    info = reader.metadata
    assert info.title == "Tổng quan chỉ số – Hà Giang – 2018"
    assert info.creator == pdfmod.PDF_CREATOR
    assert "/CreationDate" not in info and "/ModDate" not in info
    assert reader.trailer["/Root"].get("/Lang") == "vi"
    text = "".join("".join(p.extract_text().split()) for p in reader.pages)  # spaces vary
    assert "Kếtluậnchính" in text and "HàGiangxếpthứ17/63" in text


def test_same_page_same_bytes(tmp_path, page):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    pdfmod.write_pdf(page, a)
    pdfmod.write_pdf(page, b)
    assert a.read_bytes() == b.read_bytes()
    assert not re.search(rb"/(CreationDate|ModDate)", a.read_bytes())


def test_nothing_outside_the_page_is_fetched(tmp_path, page, monkeypatch):
    import urllib.request

    fetched = []

    real_open = urllib.request.OpenerDirector.open

    def record(self, request, *args, **kwargs):  # every fetch goes through urllib's opener
        url = getattr(request, "full_url", request)
        if not str(url).startswith("data:"):  # inline images are read the same way
            fetched.append(url)
            raise OSError("offline")
        return real_open(self, request, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", record)
    outside = page.replace("</main>", '<img src="https://example.invalid/x.png" alt="x">'
                                      '<img src="file:///etc/hostname" alt="y"></main>')
    assert pdfmod.write_pdf(outside, tmp_path / "c.pdf") >= 1
    assert fetched == []


def test_an_old_file_stays_whole_when_writing_fails(tmp_path, page, monkeypatch):
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"%PDF old")

    class Broken:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("layout failed")

    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", Broken)
    with pytest.raises(RuntimeError):
        pdfmod.write_pdf(page, out)
    assert out.read_bytes() == b"%PDF old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]  # no temporary file left


def test_missing_weasyprint_is_a_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(pdfmod.PdfUnavailable, match="Pango"):
        pdfmod.write_pdf("<p>x</p>", "unused.pdf")
    assert pdfmod.pdf_available() is False
