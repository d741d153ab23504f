"""``make check-html`` (icttools.run.browsercheck, icttools.run.pagechecks).

The rules are tested without a browser; the check itself opens pages built here in headless
Chromium: good report pages pass, and each kind of fault (a request leaving the file, a script,
a console error, a placeholder alt text, a wrong lang, a heading alone at a page's foot, a brief
longer than 2 A4 pages) fails with its own line. The browser tests skip where Chromium or
playwright is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icttools.run import browsercheck
from icttools.run.htmlreport import export_html
from icttools.run.htmlsafe import NBCONVERT_PLACEHOLDER_ALT
from icttools.run.pdf import pdf_available, write_pdf
from icttools.run.pagechecks import (PageResult, alt_problem, expected_language, find_pages,
                                     format_results, heading_marker, is_outside_request,
                                     orphan_headings, screenshot_folder)
from tests.test_htmlexport import PNG, report_notebook


# --- rules, no browser ----------------------------------------------------------------------------

def test_find_pages_skips_runs_in_progress(tmp_path):
    for rel in ("index.html", "2018/02-ha-giang/vi/01_a.html", "2018/02-ha-giang/vi/00_a.html",
                "2018/.tmp-123/vi/00_a.html", "2018/02-ha-giang/vi/00_a.ipynb"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_pages(tmp_path)] == [
        "2018/02-ha-giang/vi/00_a.html", "2018/02-ha-giang/vi/01_a.html", "index.html"]


def test_expected_language_from_sidecar_then_folder(tmp_path):
    page = tmp_path / "2018" / "02-ha-giang" / "en" / "01_index_overview.html"
    page.parent.mkdir(parents=True)
    assert expected_language(page) == "en"
    page.with_suffix(".json").write_text(json.dumps({"lang": "vi"}))
    assert expected_language(page) == "vi"  # the sidecar is what the runner asked for
    assert expected_language(tmp_path / "index.html") is None


@pytest.mark.parametrize("alt, bad", [
    (None, True), ("", True), (NBCONVERT_PLACEHOLDER_ALT, True), ("<Figure size 900x500 with 1 Axes>", True),
    ("biểu đồ", True), ("Hạng 17", True), ("Xếp hạng 63 tỉnh — Hà Giang thứ 17", False),
])
def test_alt_problem(alt, bad):
    assert (alt_problem(alt) is not None) is bad


@pytest.mark.parametrize("url, outside", [
    ("file:///r/01.html", False), ("file:///r/01.html#ket-luan", False), ("data:image/png;base64,AA", False),
    ("about:blank", False), ("https://cdnjs.cloudflare.com/require.js", True),
    ("file:///r/chart.png", True), ("file:///r/02.html", True),
])
def test_is_outside_request(url, outside):
    assert is_outside_request(url, "file:///r/01.html") is outside


def test_orphan_headings_from_page_texts():
    h0, n0, h1, n1, h2 = (heading_marker(0, "H"), heading_marker(0, "N"), heading_marker(1, "H"),
                          heading_marker(1, "N"), heading_marker(2, "H"))
    pages = [f"Tiêu đề {h0}\nđoạn {n0} văn\nKết luận {h1}",   # heading 1 ends page 1
             f"Q Q N 1 Q Q bảng ... {h2}"]                      # its follower starts page 2 (spaced)
    assert orphan_headings(pages, 3) == [1]  # heading 2 has no follower marker: not judged
    assert orphan_headings([f"{h0} {n0}"], 1) == []


def test_format_results_and_exit_codes(tmp_path, capsys):
    ok = PageResult(path="2018/x/vi/01.html", kind="report", lang="vi", images=2, pages=5)
    bad = PageResult(path="2018/x/vi/06_leader_brief.html", kind="brief", lang="en", pages=3,
                     problems=["the brief prints on 3 A4 pages (at most 2)"])
    text = format_results([ok, bad], "outputs")
    assert "OK    2018/x/vi/01.html  lang=vi  images=2  A4 pages=5" in text
    assert "FAIL  2018/x/vi/06_leader_brief.html" in text and "(brief)" in text
    assert "      - the brief prints on 3 A4 pages (at most 2)" in text
    assert text.endswith("2 page(s): 1 OK, 1 failed")
    assert browsercheck.main([str(tmp_path / "missing")]) == 2
    assert browsercheck.main([str(tmp_path)]) == 2  # no page
    assert "make report" in capsys.readouterr().err


def test_missing_chromium_is_one_clear_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "index.html").write_text("<html lang=vi></html>")
    monkeypatch.setattr(browsercheck, "find_chromium", lambda: None)
    assert browsercheck.main([str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and ("apt-get install -y chromium" in err or "pip install" in err)


def test_screenshot_folder_is_a_vietnamese_report_folder(tmp_path):
    pages = [tmp_path / "2018/02/en/01.html", tmp_path / "2018/02/vi/01.html", tmp_path / "index.html"]
    for p in pages:
        p.parent.mkdir(parents=True, exist_ok=True)
    assert screenshot_folder(pages) == tmp_path / "2018/02/vi"


# --- in Chromium ----------------------------------------------------------------------------------

def _chromium_or_skip():
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    pytest.importorskip("pypdf", reason="pypdf is not installed")
    if browsercheck.find_chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")


HEADING_RULES = "h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }"
HEADING_ROOM = 'content: ""; display: block; height: 6em; margin-bottom: -6em;'


def _raw(body: str, lang: str = "vi", head: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Trang thử</title>'
            f"{head}</head><body>{body}</body></html>")


def _write(folder: Path, name: str, text: str, lang: str | None = "vi") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    if lang:
        (folder / name).with_suffix(".json").write_text(json.dumps({"lang": lang}), encoding="utf-8")


def _long_nb(n_sections: int):
    """A report notebook with ``n_sections`` headed sections of text, exported as a page."""
    from nbformat.v4 import new_code_cell, new_output

    nb = report_notebook()
    paragraph = "Hà Giang cần tăng tỷ lệ cán bộ chuyên trách CNTT và dịch vụ công trực tuyến. " * 9
    for k in range(n_sections):
        nb.cells.append(new_code_cell("x", outputs=[new_output(
            "execute_result", execution_count=10 + k,
            data={"text/markdown": f"## Mục {k + 1}: việc cần làm\n\n{paragraph}", "text/plain": "md"})]))
    return nb


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One run folder with good and faulty pages, checked once in Chromium."""
    _chromium_or_skip()
    run = tmp_path_factory.mktemp("run")
    vi = run / "2018" / "02-ha-giang" / "vi"
    # good pages: as the export writes them (the brief short, a report with many sections)
    _write(vi, "01_index_overview.html", export_html(report_notebook()))
    _write(vi, "06_leader_brief.html", export_html(report_notebook()))
    if pdf_available():  # the brief's PDF beside it is checked too
        write_pdf(export_html(report_notebook()), vi / "06_leader_brief.pdf")
    _write(vi, "02_gap_analysis.html", export_html(_long_nb(14)))
    # a heading pushed to the foot of page 1 (its text in the next cell): the export's print
    # stylesheet keeps it with what follows; the same page without those rules leaves it alone
    from nbformat.v4 import new_code_cell, new_output

    nb = report_notebook()
    nb.cells = nb.cells[:1] + [
        new_code_cell("x", outputs=[new_output("execute_result", execution_count=1, data={
            "text/markdown": '<div style="height: 245mm">đầu trang</div>\n\n## Mục cuối trang',
            "text/plain": "md"})]),
        new_code_cell("y", outputs=[new_output("display_data", data={
            "text/html": '<p style="break-inside: avoid">' + "Nội dung mục. " * 60 + "</p>",
            "text/plain": "html"})])]
    kept = export_html(nb)
    _write(vi, "03_rank_sensitivity.html", kept)
    bare = kept.replace(HEADING_RULES, "").replace(HEADING_ROOM, "")
    assert bare != kept.replace(HEADING_RULES, "") != kept
    # faulty pages, written raw (the export would have cleaned them)
    bad = run / "bad" / "vi"
    _write(bad, "cdn.html", _raw("<p>x</p>", head='<script src="https://cdnjs.cloudflare.com/r.js"></script>'
                                                 '<link rel="stylesheet" href="https://fonts.example/f.css">'))
    _write(bad, "console.html", _raw("<p>x</p><script>console.error('hỏng'); alert('chạy')</script>"))
    _write(bad, "alt.html", _raw(f'<img src="data:image/png;base64,{PNG}" alt="{NBCONVERT_PLACEHOLDER_ALT}">'
                                 f'<img src="data:image/png;base64,{PNG}">'))
    _write(bad, "lang.html", _raw("<p>Vietnamese report declared English</p>", lang="en"))
    _write(bad, "orphan.html", bare)
    _write(bad, "06_leader_brief.html", export_html(_long_nb(30)))
    if pdf_available():
        write_pdf(export_html(_long_nb(30)), bad / "06_leader_brief.pdf")
    return {r.path: r for r in browsercheck.check_pages(run, screenshots=run / "shots")}, run


@pytest.mark.e2e
def test_good_pages_pass(checked):
    results, _ = checked
    images = {"01_index_overview": 4, "02_gap_analysis": 4, "03_rank_sensitivity": 0, "06_leader_brief": 4}
    for name, n_images in images.items():
        r = results[f"2018/02-ha-giang/vi/{name}.html"]
        assert r.ok, (name, r.problems)  # 03: the heading at the page's foot moved with its text
        assert r.lang == "vi" and r.images == n_images and r.pages >= 1
    assert results["2018/02-ha-giang/vi/06_leader_brief.html"].pages <= 2
    assert results["2018/02-ha-giang/vi/02_gap_analysis.html"].pages >= 3  # reported, not judged


@pytest.mark.e2e
def test_the_briefs_pdf_is_held_to_two_pages_too(checked):
    if not pdf_available():
        pytest.skip("WeasyPrint or Pango is not available here")
    results, _ = checked
    assert results["2018/02-ha-giang/vi/06_leader_brief.html"].ok
    problems = "\n".join(results["bad/vi/06_leader_brief.html"].problems)
    assert "its PDF 06_leader_brief.pdf has" in problems and "pages (at most 2)" in problems


@pytest.mark.e2e
@pytest.mark.parametrize("page, expected", [
    ("cdn.html", ["request leaving the file: https://cdnjs.cloudflare.com/r.js",
                  "request leaving the file: https://fonts.example/f.css", "<script> element"]),
    ("console.html", ["console error: hỏng", "a script ran and opened a dialog: 'chạy'"]),
    ("alt.html", ["image 1: image with a placeholder alt text", "image 2: image without alt text"]),
    ("lang.html", ["<html lang='en'>: the report is 'vi'"]),
    ("orphan.html", ["in print, the heading 'Mục cuối trang' ends a page"]),
    ("06_leader_brief.html", ["the brief prints on", "A4 pages (at most 2)"]),
])
def test_each_fault_fails_with_its_line(checked, page, expected):
    results, _ = checked
    r = results[f"bad/vi/{page}"]
    assert not r.ok
    text = "\n".join(r.problems)
    for needle in expected:
        assert needle in text, (needle, r.problems)


@pytest.mark.e2e
def test_screenshots_are_small_pngs_of_one_folder(checked):
    results, run = checked
    shots = sorted(p.name for p in (run / "shots").iterdir())
    # the first Vietnamese folder in path order: its pages are the ones shot, nothing else
    assert shots == sorted(Path(p).stem + ".png" for p in results
                           if p.startswith("2018/02-ha-giang/vi/"))
    for name in shots:
        data = (run / "shots" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 400_000


@pytest.mark.e2e
def test_charts_with_only_the_title_as_alt_are_noted_not_failed(checked):
    results, _ = checked
    r = results["2018/02-ha-giang/vi/01_index_overview.html"]
    assert r.ok and r.notes == ["2 of 4 image(s) have only the page title as alt text "
                                "(no description of the chart in the output metadata)"]
    assert "      note: 2 of 4 image(s)" in format_results([r], "run")
