"""End to end: a batch run that stops cleanly and resumes, a bad year among good ones, and the warm
kernels giving the same files as fresh ones.

The stop tests run ``icttools run`` in a subprocess on tiny notebooks (one sleeps, so a signal
lands in the middle of a notebook) and send it real signals. The warm/fresh comparison uses two
real report notebooks for two provinces.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import make_random_table
from icttools.run.runner import run

pytestmark = pytest.mark.e2e

EPOCH = "1546300800"
PARAMS = 'year: int = 2018\nprovince: str = "02"\ndata_dir: str = ""\nlang: str = "vi"\ntarget_rank: int = 10'


def write_nb(path: Path, cells: list[str]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell(PARAMS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    base = tmp_path_factory.mktemp("stop")
    nbs = base / "notebooks"
    nbs.mkdir()
    write_nb(nbs / "00_quick.ipynb", ["print('quick', province)"])
    write_nb(nbs / "01_slow.ipynb", ["import time\ntime.sleep(2.5)\nprint('slow', province)"])
    data = base / "data"
    for year, seed in ((2017, 4), (2018, 11)):
        folder = data / "raw" / "ict_index" / str(year)
        folder.mkdir(parents=True)
        table = make_random_table(seed).reset_index()
        table.insert(1, "data_source", "SYNTHETIC test table")
        table.to_csv(folder / "indicators.csv", index=False)
    return {"base": base, "notebooks": nbs, "data": data}


def command(setup, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "icttools.cli", "run", "--year", "2018", "--province", "01,02,04",
            "--notebooks-dir", str(setup["notebooks"]), "--data-dir", str(setup["data"]),
            "--output-dir", str(out), *extra]


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".tmp-*")] + [p.name for p in folder.rglob(".old-*")]


def start_and_signal(setup, out: Path, sig: int, after_lines: int = 1) -> tuple[int, str, str]:
    """Start a run, send ``sig`` once ``after_lines`` reports are done (and the next is running)."""
    proc = subprocess.Popen(command(setup, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env())
    seen, err_lines = 0, []
    while seen < after_lines:
        line = proc.stderr.readline()
        assert line, "the run ended before the signal: " + "".join(err_lines)
        err_lines.append(line)
        seen += line.startswith("[")
    time.sleep(0.8)  # the slow notebook is running now
    proc.send_signal(sig)
    stdout, rest = proc.communicate(timeout=120)
    return proc.returncode, stdout, "".join(err_lines) + rest


@pytest.fixture(scope="module")
def uninterrupted(setup):
    out = setup["base"] / "whole"
    done = subprocess.run(command(setup, out), capture_output=True, text=True, env=env(), timeout=600)
    assert done.returncode == 0, done.stderr
    return out


def test_sigterm_stops_cleanly_and_resume_completes_the_rest(setup, uninterrupted):
    out = setup["base"] / "stopped"
    code, stdout, stderr = start_and_signal(setup, out, signal.SIGTERM, after_lines=1)
    assert code == 143
    assert "Traceback" not in stderr + stdout and "KeyboardInterrupt" not in stderr
    assert "WARNING" not in stderr  # no kernel chatter
    assert "Đang dừng (SIGTERM)" in stderr
    assert "Đã dừng theo tín hiệu SIGTERM" in stdout and "--resume" in stdout
    assert "chưa làm (đã dừng)" in stdout and "1 hoàn thành" in stdout
    assert hidden(out) == []
    kept = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert kept == ["2018/01-ha-noi/vi/00_quick.json"]  # the finished report is kept, nothing else
    assert (out / "index.html").is_file()

    resumed = subprocess.run(command(setup, out, "--resume"), capture_output=True, text=True, env=env(),
                             timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert "--resume: 1 báo cáo không đổi được giữ nguyên, 5 báo cáo cần chạy." in resumed.stderr
    assert "[5/5]" in resumed.stderr and "[6/" not in resumed.stderr
    assert files_of(out) == files_of(uninterrupted)  # byte for byte

    again = subprocess.run(command(setup, out, "--resume"), capture_output=True, text=True, env=env(),
                           timeout=600)
    assert again.returncode == 0 and "6 báo cáo không đổi được giữ nguyên, 0 báo cáo cần chạy." in again.stderr
    assert files_of(out) == files_of(uninterrupted)


def test_sigint_exits_130_with_a_summary(setup):
    out = setup["base"] / "interrupted"
    code, stdout, stderr = start_and_signal(setup, out, signal.SIGINT, after_lines=2)
    assert code == 130
    assert "Traceback" not in stderr + stdout and "KeyboardInterrupt" not in stderr
    assert "Đã dừng theo tín hiệu SIGINT" in stdout
    assert hidden(out) == []


def test_leftovers_of_a_killed_run_are_cleaned_at_the_next_start(setup, uninterrupted):
    out = setup["base"] / "killed"
    code, _, _ = start_and_signal(setup, out, signal.SIGKILL, after_lines=1)
    assert code == -signal.SIGKILL
    assert hidden(out)  # SIGKILL leaves the folder of the province being made
    resumed = subprocess.run(command(setup, out, "--resume"), capture_output=True, text=True, env=env(),
                             timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert "Đã dọn 1 thư mục tạm" in resumed.stderr
    assert hidden(out) == []
    assert files_of(out) == files_of(uninterrupted)


def test_a_bad_year_does_not_sink_the_others(setup, tmp_path):
    data = tmp_path / "data"
    import shutil

    shutil.copytree(setup["data"], data)
    csv = data / "raw" / "ict_index" / "2017" / "indicators.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    cells = lines[4].split(",")
    cells[7] = "abc"
    lines[4] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "icttools.cli", "run", "--years", "2017-2018", "--province", "02",
                           "--notebooks-dir", str(setup["notebooks"]), "--data-dir", str(data),
                           "--output-dir", str(out)], capture_output=True, text=True, env=env(), timeout=600)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "Năm 2017: dữ liệu không hợp lệ, 2 báo cáo ghi là lỗi: DataValidationError" in done.stderr
    for stem in ("00_quick", "01_slow"):
        assert (out / "2018" / "02-ha-giang" / "vi" / f"{stem}.html").is_file()
        assert '"status": "failed"' in (out / "2017" / "02-ha-giang" / "vi" / f"{stem}.json").read_text()
    page = (out / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="y2017"'):page.index('id="y2018"')]
    assert "Không tạo được báo cáo năm 2017" in section and "row 5" in section
    assert page.count('<span class="failed">✗ lỗi</span>') == 2


def test_warm_kernels_give_the_files_of_fresh_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    warm, fresh = tmp_path / "warm", tmp_path / "fresh"
    a = run(2018, "02,48", notebooks="03,05", output_dir=warm, progress=False, stream=io.StringIO())
    b = run(2018, "02,48", notebooks="03,05", output_dir=fresh, progress=False, stream=io.StringIO(),
            warm=False)
    assert a.n_ok == b.n_ok == 4
    files = files_of(warm)
    assert len([n for n in files if n.endswith(".html")]) == 4 + 2
    assert files == files_of(fresh)
