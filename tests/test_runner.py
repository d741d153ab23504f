"""Tests of the notebook runner (icttools.run.runner) and its HTML output (icttools.run.htmlreport).

Tiny notebooks written here with nbformat stand in for the report notebooks; the data are a
seeded synthetic table in a temporary data folder. Kernel runs (about 1 s each) are shared:
one module-level run of 2 notebooks × 2 provinces, one parallel run, one re-run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import tempfile
import shutil
from pathlib import Path

import nbformat
import pytest

from conftest import make_random_table
from icttools.core.engine import compute
from icttools.run.htmlreport import PathScrubber, render_index
from icttools.core.paths import project_root
from icttools.run.runner import (RunConfigError, add_run_arguments, main_run, parse_years, plan_run,
                             run_to_json, select_notebooks)

PARAMS_CELL = '''year: int = 2018
province: str = "02"
framework: str = "ict_index_2016"
data_dir: str = ""
lang: str = "vi"
target_rank: int = 10
seed: int = 20190418
n_samples: int = 2000'''

OK_CELL = (
    "import os\n"
    "SOURCE_MARKER_OK = 41 + 1\n"
    "print(f'cwd={os.getcwd()}|province={province!r}|hashseed={os.environ.get(\"PYTHONHASHSEED\")}'\n"
    "      f'|mpl={os.environ.get(\"MPLBACKEND\")}|ictdata={os.environ.get(\"ICT_DATA_DIR\")}'\n"
    "      f'|dd={data_dir}|rank={target_rank}|out-{SOURCE_MARKER_OK}')"
)
FAIL_CELL = "raise ValueError('boom-marker ' + province)"


def write_notebook(path: Path, cells: list[str], *, title_vi: str | None = None,
                   n_param_cells: int = 1) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if title_vi:
        nb.metadata["icttools"] = {"title_vi": title_vi, "title_en": "Test report"}
    params = []
    for _ in range(n_param_cells):
        c = nbformat.v4.new_code_cell(PARAMS_CELL)
        c.metadata["tags"] = ["parameters"]
        params.append(c)
    nb.cells = ([nbformat.v4.new_markdown_cell("# Báo cáo thử nghiệm")] + params
                + [nbformat.v4.new_code_cell(src) for src in cells])
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def notebooks_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("notebooks")
    write_notebook(d / "00_ok.ipynb", [OK_CELL], title_vi="Phân tích khoảng cách")
    write_notebook(d / "01_fail.ipynb", ["x = 1", FAIL_CELL, "print('never-printed')"])
    return d


@pytest.fixture(scope="module")
def data_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data")
    folder = root / "raw" / "ict_index" / "2018"
    folder.mkdir(parents=True)
    table = make_random_table(11).reset_index()
    table.insert(1, "data_source", "SYNTHETIC test table")
    table.to_csv(folder / "indicators.csv", index=False)
    return root


def cli(*argv: str) -> tuple[int, str, str]:
    """Run ``icttools run`` through the argparse options; (exit code, stdout, stderr)."""
    parser = add_run_arguments(argparse.ArgumentParser(prog="icttools run"))
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main_run(args)
    return code, out.getvalue(), err.getvalue()


def common(notebooks_dir: Path, data_root: Path, output_dir: Path) -> list[str]:
    return ["--notebooks-dir", str(notebooks_dir), "--data-dir", str(data_root),
            "--output-dir", str(output_dir)]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, notebooks_dir, data_root):
    out = tmp_path_factory.mktemp("run1") / "outputs"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "Agg")  # must not reach the kernels
        code, stdout, stderr = cli("--year", "2018", "--province", "02", "--param",
                                   "target_rank=12", "--jobs", "1",
                                   *common(notebooks_dir, data_root, out))
        # the second province is added by a separate invocation: the index accumulates
        code2, stdout2, _ = cli("--year", "2018", "--province", "Hà Nội", "--param",
                                "target_rank=12", *common(notebooks_dir, data_root, out))
    return {"code": code, "stdout": stdout, "stderr": stderr, "out": out, "code2": code2,
            "stdout2": stdout2}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- validation (no kernel) ---------------------------------------------------------------------

def test_unknown_province_exits_2_with_suggestion(tmp_path, notebooks_dir, data_root):
    out = tmp_path / "out"
    code, stdout, stderr = cli("--year", "2018", "--province", "Ha Gaing",
                               *common(notebooks_dir, data_root, out))
    assert code == 2
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert "Ha Gaing" in stderr and "02 Hà Giang" in stderr
    assert stdout == ""
    assert not out.exists()  # nothing started


def test_province_names_resolve(notebooks_dir, data_root, tmp_path):
    plan = plan_run(2018, ["Ha Giang", "TP.HCM", "02"], notebooks_dir=notebooks_dir,
                    data_dir=data_root, output_dir=tmp_path)
    assert [p.slug for p in plan.provinces] == ["02-ha-giang", "79-ho-chi-minh"]
    assert [p.gso_code for p in plan_run(2018, "79, 01", notebooks_dir=notebooks_dir,
                                         data_dir=data_root, output_dir=tmp_path).provinces] == ["01", "79"]
    assert plan.data_sources == {2018: "SYNTHETIC test table"}
    everyone = plan_run(2018, all_provinces=True, notebooks_dir=notebooks_dir,
                        data_dir=data_root, output_dir=tmp_path)
    assert len(everyone.provinces) == 63 and everyone.n_reports == 63 * 2


@pytest.mark.parametrize("param, needle", [
    ("colour=red", "unknown parameter 'colour'"),
    ("year=2019", "--year"),
    ("province=01", "--province"),
    ("target_rank=ten", "target_rank expects int"),
    ("novalue", "NAME=VALUE"),
])
def test_bad_parameters_exit_2(tmp_path, notebooks_dir, data_root, param, needle):
    code, _, stderr = cli("--year", "2018", "--province", "02", "--param", param,
                          *common(notebooks_dir, data_root, tmp_path / "out"))
    assert code == 2
    assert needle in stderr


def test_param_values_take_the_declared_type(tmp_path, notebooks_dir, data_root):
    plan = plan_run(2018, "02", params=["target_rank=5", "framework=ict_index_2016"],
                    notebooks_dir=notebooks_dir, data_dir=data_root, output_dir=tmp_path)
    assert plan.params == {"target_rank": 5, "framework": "ict_index_2016"}


def test_jobs_must_be_positive(tmp_path, notebooks_dir, data_root):
    code, _, stderr = cli("--year", "2018", "--province", "02", "--jobs", "0",
                          *common(notebooks_dir, data_root, tmp_path / "out"))
    assert code == 2 and "jobs" in stderr


def test_unknown_notebook_selector_exits_2(tmp_path, notebooks_dir, data_root):
    code, _, stderr = cli("--year", "2018", "--province", "02", "--notebooks", "00,07",
                          *common(notebooks_dir, data_root, tmp_path / "out"))
    assert code == 2
    assert "'07'" in stderr and "00_ok, 01_fail" in stderr


def test_notebook_selection(notebooks_dir):
    stems = lambda sel: [p.stem for p in select_notebooks(notebooks_dir, sel)]  # noqa: E731
    assert stems(None) == ["00_ok", "01_fail"]
    assert stems("1") == ["01_fail"]
    assert stems(["fail", "00_ok"]) == ["00_ok", "01_fail"]


def test_missing_year_exits_2_naming_available_years(tmp_path, notebooks_dir, data_root):
    code, _, stderr = cli("--years", "2017-2018", "--province", "02",
                          *common(notebooks_dir, data_root, tmp_path / "out"))
    assert code == 2
    assert "no data for year 2017" in stderr
    assert "years with data: 2018" in stderr


def test_parse_years():
    assert parse_years("2017-2019") == [2017, 2018, 2019]
    assert parse_years("2019,2017") == [2017, 2019]
    assert parse_years("2016-2017,2019") == [2016, 2017, 2019]
    assert parse_years(2018) == [2018]
    for bad in ("2019-2017", "abc", "", "18"):
        with pytest.raises(RunConfigError):
            parse_years(bad)


def test_notebook_needs_exactly_one_parameters_cell(tmp_path, data_root):
    write_notebook(tmp_path / "00_twice.ipynb", ["x = 1"], n_param_cells=2)
    code, _, stderr = cli("--year", "2018", "--province", "02",
                          *common(tmp_path, data_root, tmp_path / "out"))
    assert code == 2
    assert "00_twice.ipynb has 2 cells tagged 'parameters'" in stderr


def test_path_scrubber_matches_whole_components():
    s = PathScrubber([("/srv/proj", "."), ("/srv/proj/outputs", "outputs"), ("/home/u", "~")])
    text = "/srv/proj/outputs/2018/a.html /srv/proj/x.py /srv/project/y /home/u /home/user"
    assert s.scrub(text) == "outputs/2018/a.html x.py /srv/project/y ~ /home/user"
    tmp = tempfile.gettempdir()  # ipykernel writes cell files under the platform's temp folder
    assert s.scrub(f"File {tmp}/ipykernel_4711/123456.py:3") == f"File {tmp}/ipykernel_cell.py:3"
    png = {"image/png": "AAAA/srv/proj/BBBB", "text/plain": "/srv/proj/z"}
    assert s.scrub_obj(png) == {"image/png": "AAAA/srv/proj/BBBB", "text/plain": "z"}


def test_index_escapes_and_groups():
    entries = [
        {"notebook": "01_b", "status": "failed", "year": 2019, "folder": "2019/02-ha-giang",
         "province": {"gso_code": "02", "name_vi": "Hà Giang"}, "title": "B",
         "files": {"html": "01_b.html", "ipynb": "01_b.ipynb"},
         "error": {"ename": "KeyError", "evalue": "<x>"}, "synthetic": False},
        {"notebook": "00_a", "status": "ok", "year": 2018, "folder": "2018/01-ha-noi",
         "province": {"gso_code": "01", "name_vi": "Hà Nội"}, "title": "A",
         "files": {"html": "00_a.html", "ipynb": "00_a.ipynb"}, "error": None, "synthetic": False},
    ]
    page = render_index(entries)
    assert '<html lang="vi">' in page and "SYNTHETIC" not in page
    assert "KeyError: &lt;x&gt;" in page and "<x>" not in page
    assert 'href="2019/02-ha-giang/01_b.html"' in page


# --- runs ---------------------------------------------------------------------------------------

@pytest.mark.e2e
def test_failing_notebook_does_not_stop_the_others(first_run):
    assert first_run["code"] == 1 and first_run["code2"] == 1
    out = first_run["out"]
    for slug in ("02-ha-giang", "01-ha-noi"):
        run_dir = out / "2018" / slug
        for stem in ("00_ok", "01_fail"):
            for ext in (".ipynb", ".html", ".json"):
                assert (run_dir / f"{stem}{ext}").is_file(), (slug, stem, ext)
        ok = json.loads((run_dir / "00_ok.json").read_text(encoding="utf-8"))
        bad = json.loads((run_dir / "01_fail.json").read_text(encoding="utf-8"))
        assert ok["status"] == "ok" and ok["error"] is None
        assert bad["status"] == "failed"
        assert bad["error"]["ename"] == "ValueError"
        assert bad["error"]["evalue"] == f"boom-marker {slug[:2]}"
    # one line per finished notebook on stderr, the failure in the stdout summary
    assert re.search(r"\[1/2\] 2018 02-ha-giang 00_ok OK \d+\.\ds", first_run["stderr"])
    assert "[2/2] 2018 02-ha-giang 01_fail FAILED ValueError" in first_run["stderr"]
    assert "01_fail" in first_run["stdout"] and "LỖI/FAILED ValueError: boom-marker 02" in first_run["stdout"]


@pytest.mark.e2e
def test_index_lists_both_invocations_with_the_failure(first_run):
    page = (first_run["out"] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page
    assert page.count("LỖI (FAILED)") == 2 and page.count('class="ok">OK<') == 2
    assert "ValueError: boom-marker 02" in page and "ValueError: boom-marker 01" in page
    assert 'href="2018/02-ha-giang/01_fail.html"' in page
    assert 'href="2018/01-ha-noi/00_ok.html"' in page
    assert "SYNTHETIC test table" in page
    assert page.index("01 Hà Nội") < page.index("02 Hà Giang")  # GSO-code order


@pytest.mark.e2e
def test_failed_report_html_shows_the_error(first_run):
    html = (first_run["out"] / "2018" / "02-ha-giang" / "01_fail.html").read_text(encoding="utf-8")
    assert "This report failed" in html and "Báo cáo lỗi" in html
    # the traceback output of the failed cell is kept although inputs are hidden
    assert "Traceback (most recent call last)" in html
    assert re.search(r'ansi-red-fg">ValueError</span>: boom-marker 02</pre>', html)
    assert "An Exception was encountered" not in html       # papermill's banners are removed
    assert "never-printed" not in html
    nb = nbformat.read(first_run["out"] / "2018" / "02-ha-giang" / "01_fail.ipynb", as_version=4)
    assert nb.metadata["papermill"]["exception"] is True  # the failed notebook itself is kept
    assert any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
               for o in c.get("outputs", []))


@pytest.mark.e2e
def test_report_html_has_no_code_and_keeps_the_title(first_run):
    html = (first_run["out"] / "2018" / "02-ha-giang" / "00_ok.html").read_text(encoding="utf-8")
    assert "<title>Phân tích khoảng cách – Hà Giang – 2018</title>" in html
    assert "SOURCE_MARKER_OK" not in html and "n_samples" not in html  # no code, no parameters
    assert not re.search(r'class="[^"]*(jp-InputArea-editor|jp-InputPrompt)', html)
    assert "highlight hl-ipython3" not in html
    code_cells = re.findall(r'<div class="(jp-Cell jp-CodeCell[^"]*)"', html)
    assert code_cells and all("jp-mod-noInput" in c for c in code_cells)
    assert "out-42" in html  # outputs are kept
    fallback = (first_run["out"] / "2018" / "02-ha-giang" / "01_fail.html").read_text(encoding="utf-8")
    assert "<title>Fail – Hà Giang – 2018</title>" in fallback


@pytest.mark.e2e
def test_kernel_parameters_and_environment(first_run):
    nb = nbformat.read(first_run["out"] / "2018" / "02-ha-giang" / "00_ok.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    assert "province='02'" in text          # a str code, not the int 2
    assert "cwd=notebooks|" in text          # kernel ran in the notebooks folder (scrubbed)
    assert "hashseed=0|" in text
    assert "|mpl=module://matplotlib_inline" in text  # MPLBACKEND=Agg was not passed on
    assert "ictdata=data|" in text and "dd=data|" in text
    assert "rank=12|" in text
    pm = nb.metadata["papermill"]
    assert pm["parameters"]["province"] == "02" and pm["parameters"]["target_rank"] == 12
    assert pm["input_path"] == "notebooks/00_ok.ipynb"
    assert pm["output_path"] == "outputs/2018/02-ha-giang/00_ok.ipynb"
    assert not {"start_time", "end_time", "duration"} & set(pm)
    for c in nb.cells:
        assert "execution" not in c.metadata
        assert not {"start_time", "end_time", "duration"} & set(c.metadata.get("papermill", {}))


@pytest.mark.e2e
def test_no_machine_paths_in_written_files(first_run, tmp_path_factory):
    base = str(tmp_path_factory.getbasetemp())
    forbidden = {base, os.path.realpath(base), str(project_root()), os.path.expanduser("~")}
    forbidden.discard("/")
    files = files_of(first_run["out"])
    assert len(files) == 2 * 7 + 1
    for name, data in files.items():
        text = data.decode("utf-8")
        for path in forbidden:
            assert path not in text, (name, path)


@pytest.mark.e2e
def test_summary_json_key_numbers(first_run, data_root):
    summary = json.loads((first_run["out"] / "2018" / "02-ha-giang" / "summary.json")
                         .read_text(encoding="utf-8"))
    result = compute(make_random_table(11))
    assert summary["rank"] == result.rank("02") and summary["score"] == result.score("02")
    assert set(summary["nodes"]) == set(result.rounded.columns)
    for node, item in summary["nodes"].items():
        assert item["rank"] == result.rank("02", node)
    assert summary["data_source"] == "SYNTHETIC test table" and summary["synthetic"] is True
    assert summary["target_rank"] == 12
    plan = summary["target_plan"]
    assert plan.get("target_rank") == 12 or "error" in plan
    assert [r["status"] for r in summary["reports"]] == ["ok", "failed"]


@pytest.mark.e2e
def test_parallel_run_gives_identical_files(first_run, tmp_path, notebooks_dir, data_root):
    out = tmp_path / "outputs"
    code, _, _ = cli("--year", "2018", "--province", "02", "--param", "target_rank=12",
                     "--jobs", "2", *common(notebooks_dir, data_root, out))
    code2, _, _ = cli("--year", "2018", "--province", "01", "--param", "target_rank=12",
                      "--jobs", "2", *common(notebooks_dir, data_root, out))
    assert (code, code2) == (1, 1)
    assert files_of(out) == files_of(first_run["out"])


@pytest.mark.e2e
def test_rerun_replaces_only_that_run_folder(first_run, tmp_path, notebooks_dir, data_root):
    out = tmp_path / "outputs"
    shutil.copytree(first_run["out"], out)
    run_dir = out / "2018" / "02-ha-giang"
    (run_dir / "stale.txt").write_text("from an old run", encoding="utf-8")
    other_before = files_of(out / "2018" / "01-ha-noi")
    fail_before = (run_dir / "01_fail.html").read_bytes()

    code, stdout, _ = cli("--year", "2018", "--province", "02", "--notebooks", "00",
                          "--param", "target_rank=5", *common(notebooks_dir, data_root, out))
    assert code == 0
    assert not (run_dir / "stale.txt").exists()
    assert sorted(p.name for p in (out / "2018").iterdir()) == ["01-ha-noi", "02-ha-giang"]
    ok = json.loads((run_dir / "00_ok.json").read_text(encoding="utf-8"))
    assert ok["parameters"]["target_rank"] == 5
    # the notebook not selected keeps its earlier report; the other province is untouched
    assert (run_dir / "01_fail.html").read_bytes() == fail_before
    assert files_of(out / "2018" / "01-ha-noi") == other_before
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["target_rank"] == 5
    assert [r["notebook"] for r in summary["reports"]] == ["00_ok", "01_fail"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("LỖI (FAILED)") == 2  # still listed, from the earlier runs


def test_run_to_json_and_text_table(tmp_path):
    from icttools.core.provinces import resolve_province
    from icttools.run.runner import NotebookResult, RunReport, format_run

    hg, hn = resolve_province("02"), resolve_province("01")
    results = (NotebookResult(2018, hn, "00_ok", "A", "ok", seconds=1.5),
               NotebookResult(2018, hg, "01_fail", "B", "failed", "KeyError", "'x'\nmore", 2.0))
    report = RunReport(results, tmp_path, tmp_path / "index.html")
    doc = run_to_json(report)
    assert json.loads(json.dumps(doc)) == doc
    assert (doc["n_reports"], doc["n_ok"], doc["n_failed"]) == (2, 1, 1)
    assert doc["reports"][1] == {"year": 2018, "province": "02", "slug": "02-ha-giang",
                                 "notebook": "01_fail", "status": "failed",
                                 "error": {"ename": "KeyError", "evalue": "'x'\nmore"},
                                 "html": "2018/02-ha-giang/01_fail.html"}
    assert "seconds" not in json.dumps(doc)
    text = format_run(report)
    assert "LỖI/FAILED KeyError: 'x'" in text and "more" not in text
    assert "2 báo cáo (reports): 1 OK, 1 lỗi (failed)" in text
