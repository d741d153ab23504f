"""End to end: the seven real report notebooks for Hà Giang 2018, through the runner, as a reader
gets them (HTML without code): key messages first, no method word before the annex, every chart
with its alt text and caption, official names; and a run with a deliberately broken data file."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from icttools.core.paths import project_root
from icttools.present.glossary import method_word_hits
from icttools.run.runner import run

pytestmark = pytest.mark.e2e  # every test here executes the report notebooks

NOTEBOOKS = ["00_data_quality", "01_index_overview", "02_gap_analysis", "03_rank_sensitivity",
             "04_targets_scenarios", "05_trends", "06_leader_brief"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    report = run(2018, "02", output_dir=out, progress=False, stream=io.StringIO())
    return report, out


def test_all_seven_reports_ok(reports):
    report, out = reports
    assert report.n_failed == 0 and report.n_ok == 7
    folder = out / "2018" / "02-ha-giang" / "vi"
    for name in NOTEBOOKS:
        for ext in (".ipynb", ".html", ".json"):
            assert (folder / f"{name}{ext}").exists(), name + ext
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('href="2018/02-ha-giang/vi/') >= 7


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_report_html_for_readers(reports, name):
    report, out = reports
    text = (out / "2018" / "02-ha-giang" / "vi" / f"{name}.html").read_text(encoding="utf-8")
    # no code: inputs are excluded (no input areas, no source of the setup call)
    body = text[text.index("<body"):]
    assert 'class="jp-InputArea' not in body and "jp-InputPrompt" not in body
    assert "report.setup(" not in body and "ctx = " not in body
    # the Vietnamese title is intact (NFC, diacritics)
    title = html.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
    assert "Hà Giang" in title and "2018" in title
    # embedded charts (the brief has none: two A4 pages)
    assert ("data:image/png;base64," in text) == (name != "06_leader_brief")
    # no absolute path of this machine, no stderr output or warning text
    for path in (str(project_root()), str(out), str(Path.home()) + "/", "/tmp/"):
        assert path not in text, path
    assert "application/vnd.jupyter.stderr" not in body
    assert "Warning:" not in body and "Traceback" not in body
    # the SYNTHETIC banner is shown to the reader
    assert "SYNTHETIC" in text


def _visible_text(page: str) -> str:
    """The page's text as a reader meets it, alt texts included (tags, styles and entities gone)."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    alts = " ".join(html.unescape(a) for a in re.findall(r'<img[^>]*\salt="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page)) + " " + alts


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_key_messages_first_and_the_method_only_in_the_annex(reports, name):
    _, out = reports
    page = (out / "2018" / "02-ha-giang" / "vi" / f"{name}.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in page
    headings = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip().rstrip("¶").strip()  # nbconvert's anchor
                for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
    assert headings[0] == "Kết luận chính" and headings[-1] == "Phương pháp và nguồn", headings
    before = re.split(r"<h2[^>]*>Phương pháp và nguồn", page)[0]
    assert len(before) < len(page)
    assert method_word_hits(_visible_text(before), "vi") == []
    text = _visible_text(page)
    assert not re.search(r"(?<!TP\. )(?<!Thành phố )Hồ Chí Minh", text)
    assert "top 10" not in text.lower() and "tham lam" not in text and "hoà vốn" not in text


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_chart_has_its_alt_text_and_a_caption(reports, name):
    _, out = reports
    folder = out / "2018" / "02-ha-giang" / "vi"
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    alts = [o["metadata"]["image/png"]["alt"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if "image/png" in o.get("data", {})]
    page = (folder / f"{name}.html").read_text(encoding="utf-8")
    shown = [html.unescape(a) for a in re.findall(r'<img[^>]*\salt="([^"]*)"', page)]
    assert shown == alts  # the page carries the reports' own alt texts, in order
    assert all(len(a) > 40 and "No description" not in a for a in alts)
    assert page.count('class="icttools-caption"') == len(alts)
    if name == "06_leader_brief":
        assert alts == []  # two A4 pages: no chart
    else:
        assert alts


def test_the_brief_names_the_lead_departments_and_the_data(reports):
    _, out = reports
    text = _visible_text((out / "2018" / "02-ha-giang" / "vi" / "06_leader_brief.html").read_text(encoding="utf-8"))
    assert "Đơn vị chủ trì" in text and "KH 126, mục II." in text
    assert "năm 2017 – dữ liệu giả lập" in text and "năm 2018 – dữ liệu giả lập" in text
    assert "tăng 5 bậc ▲" in text  # 22nd in 2017, 17th in 2018


def test_broken_data_file_fails_visibly_others_still_produced(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(project_root() / "data" / "raw", data / "raw")
    csv = data / "raw" / "ict_index" / "2017" / "indicators.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    cells = lines[4].split(",")
    cells[7] = "abc"  # row 5 of the file: a non-numeric value
    lines[4] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")

    out = tmp_path / "outputs"
    report = run(2018, "02", notebooks="01,05", data_dir=data, output_dir=out, progress=False,
                 stream=io.StringIO())
    status = {r.notebook: r.ok for r in report.results}
    assert status == {"01_index_overview": True, "05_trends": False}
    index = html.unescape((out / "index.html").read_text(encoding="utf-8"))
    assert "05_trends" in index and "DataValidationError" in index and "row 5" in index
    failed = html.unescape((out / "2018" / "02-ha-giang" / "vi" / "05_trends.html").read_text(encoding="utf-8"))
    assert "abc" in failed and "non-numeric" in failed
    assert (out / "2018" / "02-ha-giang" / "vi" / "01_index_overview.html").exists()


def test_english_reports_open_with_key_messages_and_end_with_the_method(tmp_path):
    out = tmp_path / "outputs"
    report = run(2018, "79", notebooks="01,06", lang="en", output_dir=out, progress=False, stream=io.StringIO())
    assert report.n_failed == 0
    pages = sorted(out.rglob("*.html"))
    pages = [p for p in pages if not p.name.startswith("index")]
    assert len(pages) == 2
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert '<html lang="en"' in page
        headings = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip().rstrip("¶").strip()
                    for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
        assert headings[0] == "Key messages" and headings[-1] == "Method and sources", headings
        before = re.split(r"<h2[^>]*>Method and sources", page)[0]
        assert method_word_hits(_visible_text(before), "en") == []
        text = _visible_text(page)
        assert "Ho Chi Minh City" in text and not re.search(r"Ho Chi Minh(?! City)", text)
