"""The reader's page of one executed notebook (icttools.run.htmlreport.export_html).

The notebooks are built here, with the outputs a report produces (Markdown, an HTML table with
its own styles, charts with and without alt text) and hostile text from a data file, so each
property of the page is checked on its own: offline, lang, title, alt texts, inert, printable,
deterministic.
"""

from __future__ import annotations

import base64
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from icttools.run.htmlreport import (ANALYST_NOTE_TAG, ERROR_CELL_TAG, add_failure_note, export_html,
                                     image_alt, page_language, page_title)
from icttools.run.htmlsafe import NBCONVERT_PLACEHOLDER_ALT
from tests.test_htmlsafe import assert_inert, parse

# a real 1x1 PNG: the page must carry images inline
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4a800"
    "00000049454e44ae426082")).decode()
TITLE = "Tổng quan chỉ số – Hà Giang – 2018"
CHART_ALT = "Xếp hạng 63 tỉnh năm 2018 — Hà Giang đứng thứ 17/63 (0,5066 điểm)"
HOSTILE_SOURCE = ('<img src=x onerror="alert(1)"><script>alert(2)</script>'
                  '<a href="javascript:alert(3)">nguồn</a>'
                  '<style>@import url(https://evil.example/a.css);</style>'
                  '<div style="background:url(https://evil.example/b.png)">x</div>')


def _image(alt: str | None = None, text: str = "<Figure size 960x600 with 1 Axes>"):
    metadata = {"image/png": {"alt": alt}} if alt is not None else {}
    return new_output("display_data", data={"image/png": PNG, "text/plain": text}, metadata=metadata)


def report_notebook(**metadata) -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata.update({"title": TITLE, "language": "vi"} | metadata)
    note = new_markdown_cell("## Ghi chú cho người phân tích\n\n*Analyst note* — bỏ khỏi HTML")
    note.metadata["tags"] = [ANALYST_NOTE_TAG]
    banner = new_markdown_cell("An Exception was encountered (papermill banner)")
    banner.metadata["tags"] = [ERROR_CELL_TAG]
    heading = new_code_cell("report.heading()", outputs=[new_output(
        "execute_result", execution_count=1, data={
            "text/markdown": "# Chỉ số ICT Index 2018 – Hà Giang\n\n## Kết luận chính\n\n"
                             "1. Hà Giang xếp **thứ 17/63**.",
            "text/plain": "<Markdown>"})])
    # a data file's text the report forgot to escape: the page must still be inert
    hostile = new_code_cell("report.sources()", outputs=[new_output(
        "execute_result", execution_count=2,
        data={"text/markdown": f"Nguồn: {HOSTILE_SOURCE} [xem](javascript:alert(4))\n\n"
                               "Đã thoát: &lt;script&gt;alert(5)&lt;/script&gt;",
              "text/plain": "<Markdown>"})])
    table = new_code_cell("report.table()", outputs=[new_output(
        "execute_result", execution_count=3, data={
            "text/html": "<style>.icttools-table td.num { text-align: right; }</style>"
                         '<table class="icttools-table"><thead><tr><th>Tỉnh</th><th>Điểm</th></tr>'
                         '</thead><tbody><tr class="icttools-self"><td>Hà Giang</td>'
                         '<td class="num">0,5066</td></tr></tbody></table>'
                         '<details><summary>Bảng đầy đủ</summary><p>63 dòng</p></details>'
                         '<p><a href="https://mic.gov.vn/">Bộ TT&amp;TT</a></p>',
            "text/plain": "table"})])
    charts = new_code_cell("report.charts()", outputs=[
        _image(CHART_ALT), _image(None), _image(NBCONVERT_PLACEHOLDER_ALT),
        _image('Hạng "17" <b>tốt</b>')])
    nb.cells = [note, banner, heading, hostile, table, charts]
    for k, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{k}"
    return nb


@pytest.fixture(scope="module")
def page() -> str:
    return export_html(report_notebook())


def test_page_is_offline_and_has_no_script(page):
    assert not re.search(r"<script\b", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert "@import" not in page
    for needle in ("require.js", "mathjax", "mermaid", "cdnjs", "unpkg", "jsdelivr", "evil.example"):
        assert needle not in page.lower(), needle
    for tag, attrs in parse(page).tags:
        if "src" in attrs:
            assert attrs["src"].startswith("data:image/"), (tag, attrs["src"][:40])


def test_page_is_inert_with_hostile_text_in_an_output(page):
    assert_inert(page)
    assert not re.search(r"\son[a-z]+\s*=", page, re.I)
    assert "javascript:" not in page.lower()
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in page  # escaped text stays visible text


def test_lang_and_title(page):
    assert re.search(r'<html lang="vi">', page)
    assert f"<title>{TITLE}</title>" in page
    en = export_html(report_notebook(language="en"))
    assert '<html lang="en">' in en


@pytest.mark.parametrize("metadata, lang_arg, expected", [
    ({"language": "en"}, "vi", "en"),
    ({}, "en", "en"),
    ({"papermill": {"parameters": {"lang": "en"}}}, None, "en"),
    ({"language": "fr"}, None, "vi"),
    ({}, None, "vi"),
])
def test_page_language_falls_back_in_order(metadata, lang_arg, expected):
    nb = new_notebook()
    nb.metadata.update(metadata)
    assert page_language(nb, lang_arg) == expected


def test_title_falls_back_to_the_first_heading_not_an_analyst_note():
    nb = report_notebook()
    del nb.metadata["title"]
    assert page_title(nb) == "Chỉ số ICT Index 2018 – Hà Giang"
    assert page_title(new_notebook()) == "icttools"


def test_every_image_has_a_real_alt_text(page):
    alts = [attrs.get("alt") for tag, attrs in parse(page).tags if tag == "img"]
    assert alts == [CHART_ALT, TITLE, TITLE, 'Hạng "17" <b>tốt</b>']  # the hostile <img src=x> is gone
    assert NBCONVERT_PLACEHOLDER_ALT not in page
    assert 'alt="Hạng &quot;17&quot; &lt;b&gt;tốt&lt;/b&gt;"' in page  # escaped, not markup


def test_image_alt_order():
    assert image_alt(_image("Biểu đồ A — đọc thế này"), "image/png", "T") == "Biểu đồ A — đọc thế này"
    assert image_alt(_image(None, text="Biểu đồ không có alt, mô tả ở text/plain"), "image/png",
                     "T") == "Biểu đồ không có alt, mô tả ở text/plain"
    assert image_alt(_image(None), "image/png", "T") == "T"
    out = new_output("display_data", data={"image/png": PNG}, metadata={"alt": "Mô tả chung của ảnh"})
    assert image_alt(out, "image/png", "T") == "Mô tả chung của ảnh"


def test_analyst_notes_and_papermill_banners_are_left_out(page):
    assert "Ghi chú cho người phân tích" not in page
    assert "papermill banner" not in page
    assert "Kết luận chính" in page


def test_the_reports_own_elements_are_kept(page):
    for kept in ('<table class="icttools-table">', '<tr class="icttools-self">', '<td class="num">',
                 ".icttools-table td.num { text-align: right; }", "<details>",
                 '<a href="https://mic.gov.vn/">'):
        assert kept in page, kept


def test_print_stylesheet(page):
    css = "".join(parse(page).styles)
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    print_block = css[css.index("@media print"):]
    assert re.search(r"h1, h2, h3, h4, h5, h6 \{[^}]*break-after: avoid", print_block)
    assert re.search(r"tr, th, td, img[^{]*\{[^}]*break-inside: avoid", print_block)
    assert re.search(r"thead \{ display: table-header-group; \}", print_block)
    assert re.search(r"img \{ max-height: \d+mm; \}", print_block)
    assert "table-layout: fixed" not in css  # JupyterLab's layout squeezed tables to a word a line
    assert re.search(r"img \{ max-width: 100%; height: auto; \}", css)
    assert ".jp-InputPrompt" in css and "display: none" in css


def test_export_is_deterministic(page):
    other = export_html(report_notebook(language="en", title="Another report"))  # the exporter is reused
    again = export_html(report_notebook())
    assert again == page and other != page
    assert "cell-id=cell-2" in page  # ids come from the notebook, never random
    assert not re.search(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d", page)  # no timestamp


def test_a_failed_report_shows_its_note_and_traceback():
    nb = report_notebook()
    nb.cells.append(new_code_cell("boom()", outputs=[new_output(
        "error", ename="DataError", evalue="indicators.csv: dòng 3 <b>x</b>",
        traceback=["\x1b[0;31mDataError\x1b[0m: indicators.csv: dòng 3"])]))
    page = export_html(add_failure_note(nb, "DataError", "indicators.csv: dòng 3 <b>x</b>"))
    assert 'class="icttools-error-note"' in page
    assert "DataError: indicators.csv: dòng 3 &lt;b&gt;x&lt;/b&gt;" in page
    assert '<span class="ansi-red-fg">DataError</span>' in page
    assert_inert(page)
