"""End to end: the six real report notebooks for Hà Giang 2018, through the runner, as a reader
gets them (HTML without code), and a run with a deliberately broken data file."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import pytest

from icttools.core.paths import project_root
from icttools.run.runner import run

pytestmark = pytest.mark.e2e  # every test here executes the report notebooks

NOTEBOOKS = ["00_data_quality", "01_index_overview", "02_gap_analysis", "03_rank_sensitivity",
             "04_targets_scenarios", "05_trends"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    report = run(2018, "02", output_dir=out, progress=False, stream=io.StringIO())
    return report, out


def test_all_six_reports_ok(reports):
    report, out = reports
    assert report.n_failed == 0 and report.n_ok == 6
    folder = out / "2018" / "02-ha-giang"
    for name in NOTEBOOKS:
        for ext in (".ipynb", ".html", ".json"):
            assert (folder / f"{name}{ext}").exists(), name + ext
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('href="2018/02-ha-giang/') >= 6


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_report_html_for_readers(reports, name):
    report, out = reports
    text = (out / "2018" / "02-ha-giang" / f"{name}.html").read_text(encoding="utf-8")
    # no code: inputs are excluded (no input areas, no source of the setup call)
    body = text[text.index("<body"):]
    assert 'class="jp-InputArea' not in body and "jp-InputPrompt" not in body
    assert "report.setup(" not in body and "ctx = " not in body
    # the Vietnamese title is intact (NFC, diacritics)
    title = html.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
    assert "Hà Giang" in title and "2018" in title
    # at least one embedded chart
    assert "data:image/png;base64," in text
    # no absolute path of this machine, no stderr output or warning text
    for path in (str(project_root()), str(out), str(Path.home()) + "/", "/tmp/"):
        assert path not in text, path
    assert "application/vnd.jupyter.stderr" not in body
    assert "Warning:" not in body and "Traceback" not in body
    # the SYNTHETIC banner is shown to the reader
    assert "SYNTHETIC" in text


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
    failed = html.unescape((out / "2018" / "02-ha-giang" / "05_trends.html").read_text(encoding="utf-8"))
    assert "abc" in failed and "non-numeric" in failed
    assert (out / "2018" / "02-ha-giang" / "01_index_overview.html").exists()
