"""What a batch run does around the notebooks, without starting a kernel: report folders, the
lock, the leftovers of a killed run, the stop signals, the inputs and fingerprints of --resume,
the provenance per year, a bad year among good ones, and the Studies shared within a process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_random_table
from icttools.core.paths import locate_data
from icttools.run import folders
from icttools.run.folders import (RunLock, RunLocked, carry_over, clean_leftovers, keep_finished, new_tmp_dir,
                                  report_dir, swap_in)
from icttools.run.inputs import data_inputs, fingerprint, method_years, report_inputs, year_provenance
from icttools.run.runplan import RunConfigError, plan_run
from icttools.run.stop import RunInterrupted, StopControl
from icttools.study import load, share_studies


def write_year(root: Path, year: int, seed: int, source: str = "SYNTHETIC test", bad: bool = False) -> Path:
    folder = root / "raw" / "ict_index" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    table = make_random_table(seed).reset_index()
    table.insert(1, "data_source", source)
    if bad:
        table = table.astype(object)
        table.iloc[4, 7] = "abc"
    table.to_csv(folder / "indicators.csv", index=False)
    return folder / "indicators.csv"


def report(folder: Path, stem: str, status: str = "ok") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.html").write_text(f"<p>{stem}</p>")
    (folder / f"{stem}.ipynb").write_text("{}")
    (folder / f"{stem}.json").write_text(json.dumps({"notebook": stem, "status": status,
                                                     "files": {"html": f"{stem}.html", "ipynb": f"{stem}.ipynb"}}))


# --- folders -------------------------------------------------------------------------------------

def test_tmp_swap_keep_and_carry(tmp_path):
    final = report_dir(tmp_path, 2018, "02-ha-giang", "vi")
    assert final == tmp_path / "2018" / "02-ha-giang" / "vi"
    report(final, "00_a")
    report(final, "01_b")
    tmp = new_tmp_dir(final)
    assert tmp.parent == final.parent and tmp.name.startswith(f".tmp-vi-{os.getpid()}.")
    report(tmp, "00_a")
    (tmp / "00_a.html").write_text("<p>new</p>")
    carry_over(final, tmp, ["01_b"])
    assert (tmp / "01_b.html").read_text() == "<p>01_b</p>" and (tmp / "00_a.html").read_text() == "<p>new</p>"
    swap_in(tmp, final)
    assert not tmp.exists() and (final / "00_a.html").read_text() == "<p>new</p>"
    assert [p.name for p in final.parent.iterdir()] == ["vi"]  # no .old-* left

    # a stopped run keeps its finished reports, not its half-made ones
    tmp = new_tmp_dir(final)
    report(tmp, "01_b")
    (tmp / "01_b.html").write_text("<p>newer</p>")
    (tmp / "02_c.ipynb").write_text("{}")  # no sidecar: not finished
    assert keep_finished(tmp, final) == 1
    assert not tmp.exists() and (final / "01_b.html").read_text() == "<p>newer</p>"
    assert not (final / "02_c.ipynb").exists()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_a_killed_run_are_removed_but_not_a_live_one(tmp_path):
    pdir = tmp_path / "2018" / "02-ha-giang"
    pdir.mkdir(parents=True)
    dead = pdir / f".tmp-vi-{dead_pid()}.0-abcd1234"
    dead_old = pdir / f".old-en-{dead_pid()}.0-abcd1234"
    mine = new_tmp_dir(pdir / "vi")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    other = pdir / f".tmp-vi-{live.pid}.{folders._start_time(live.pid)}-abcd1234"  # another live run
    reused = pdir / f".tmp-vi-{live.pid}.1-abcd1234"  # its pid, but another start: a reused pid
    legacy_old = tmp_path / "2018" / ".tmp-02-ha-giang-x1y2z3"  # an older icttools, no owner
    legacy_new = tmp_path / "2018" / ".tmp-01-ha-noi-x1y2z3"
    for d in (dead, dead_old, other, reused, legacy_old, legacy_new):
        d.mkdir()
        (d / "00_a.html").write_text("half")
    past = time.time() - 2 * folders.LEGACY_AGE
    for p in (legacy_old, legacy_old / "00_a.html"):
        os.utime(p, (past, past))
    (tmp_path / ".index.html.abc.tmp").write_text("half")
    try:
        assert clean_leftovers(tmp_path) == 4
    finally:
        live.kill()
        live.wait()
    assert not dead.exists() and not dead_old.exists() and not legacy_old.exists() and not reused.exists()
    assert mine.exists() and other.exists() and legacy_new.exists()
    assert not (tmp_path / ".index.html.abc.tmp").exists()


def test_run_lock_is_exclusive_and_released(tmp_path):
    with RunLock(tmp_path):
        assert (tmp_path / ".run.lock").read_text().strip() == str(os.getpid())
        with pytest.raises(RunLocked, match=rf"another icttools run \(pid {os.getpid()}\)"):
            with RunLock(tmp_path):
                pass
    assert (tmp_path / ".run.lock").read_text() == ""  # no pid left in the outputs
    with RunLock(tmp_path):
        pass


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_lock_of_a_killed_process_does_not_block(tmp_path):
    code = ("import sys, time; sys.path.insert(0, %r)\n"
            "from icttools.run.folders import RunLock\n"
            "l = RunLock(%r).__enter__(); print('locked', flush=True); time.sleep(60)" % (str(Path.cwd()), str(tmp_path)))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    with pytest.raises(RunLocked):
        RunLock(tmp_path).__enter__()
    proc.kill()
    proc.wait()
    with RunLock(tmp_path):
        pass


# --- stop ----------------------------------------------------------------------------------------

class FakeKernel:
    def __init__(self):
        self.killed = 0

    def kill(self):
        self.killed += 1


def test_stop_kills_the_running_kernels_and_gives_the_exit_code():
    stop = StopControl(slots=2)
    a, b = FakeKernel(), FakeKernel()
    stop.register(0, a)
    stop.register(1, b)
    stop.register(1, None)
    stop.planning = False
    with stop:
        assert signal.getsignal(signal.SIGTERM) == stop._handle
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL or callable(signal.getsignal(signal.SIGTERM))
    assert stop.event.is_set() and stop.exit_code == 143 and stop.signal_name == "SIGTERM"
    assert (a.killed, b.killed) == (1, 0)
    late = FakeKernel()
    stop.register(0, late)  # a kernel started after the stop is killed at once
    assert late.killed == 1


def test_a_signal_while_planning_interrupts_at_once():
    stop = StopControl()
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(RunInterrupted) as info:
        with stop:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
    assert info.value.signum == signal.SIGINT and stop.exit_code == 130
    assert signal.getsignal(signal.SIGINT) == before


# --- inputs and provenance -----------------------------------------------------------------------

def test_inputs_and_fingerprints(tmp_path):
    write_year(tmp_path, 2017, 1)
    path = write_year(tmp_path, 2018, 2)
    (tmp_path / "raw" / "published").mkdir(parents=True)
    (tmp_path / "raw" / "published" / "figures.csv").write_text("a,b\n")
    loc = locate_data(tmp_path)
    data = data_inputs(loc)
    assert list(data["years"]) == ["2017", "2018"] and list(data["files"]) == ["raw/published/figures.csv"]
    a = report_inputs(data, notebook_sha256="n1", parameters={"year": 2018}, lang="vi", framework="f")
    assert fingerprint(a) == fingerprint(json.loads(json.dumps(a)))
    assert fingerprint(a) != fingerprint({**a, "lang": "en"})
    assert fingerprint(a) != fingerprint({**a, "notebook": "n2"})
    assert a["software"]["icttools"] and len(a["software"]["icttools_files"]) == 64
    path.write_text(path.read_text().replace("SYNTHETIC test", "SYNTHETIC test, revised"))
    assert data_inputs(loc)["years"]["2018"]["sha256"] != data["years"]["2018"]["sha256"]


def test_provenance_per_year_and_method_years(tmp_path):
    write_year(tmp_path, 2017, 1)
    write_year(tmp_path, 2018, 2, source="Sở TT&TT, số liệu 2018")
    write_year(tmp_path, 2019, 3, bad=True)
    loc = locate_data(tmp_path)
    rows = year_provenance(loc, load(2018, data_dir=loc).framework, lambda y: load(y, data_dir=loc))
    assert [(r["year"], r["kind"]) for r in rows] == [(2017, "synthetic"), (2018, "real"), (2019, "invalid")]
    assert rows[1]["data_source"] == "Sở TT&TT, số liệu 2018"
    assert rows[2]["error"].startswith("DataValidationError")
    fw = load(2018, data_dir=loc).framework
    assert method_years(fw, 2018) is None
    assert method_years(fw, 2020) == {"year": 2020, "framework": "ict_index_2016", "years": [2016, 2017, 2018, 2019],
                                      "first": 2016, "last": 2019}


# --- planning ------------------------------------------------------------------------------------

def notebooks(tmp_path: Path) -> Path:
    import nbformat

    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell('year: int = 2018\nprovince: str = "02"\ndata_dir: str = ""\nlang: str = "vi"')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("print(year)")]
    nbformat.write(nb, folder / "00_x.ipynb")
    return folder


def test_a_bad_year_among_good_ones_is_recorded_not_fatal(tmp_path):
    write_year(tmp_path, 2017, 1, bad=True)
    write_year(tmp_path, 2018, 2)
    nb = notebooks(tmp_path)
    plan = plan_run("2017-2018", "02", data_dir=tmp_path, notebooks_dir=nb, output_dir=tmp_path / "out")
    assert plan.years == (2017, 2018) and plan.ok_years == (2018,)
    assert plan.failed_years[2017].startswith("DataValidationError: ")
    assert [(p["year"], p["kind"]) for p in plan.provenance] == [(2017, "invalid"), (2018, "synthetic")]
    with pytest.raises(RunConfigError, match="data for year 2017 are invalid"):
        plan_run(2017, "02", data_dir=tmp_path, notebooks_dir=nb, output_dir=tmp_path / "out")
    with pytest.raises(RunConfigError, match="no data for year 2016"):
        plan_run("2016-2018", "02", data_dir=tmp_path, notebooks_dir=nb, output_dir=tmp_path / "out")


def test_resume_skips_only_unchanged_reports(tmp_path):
    from icttools.run.htmlreport import PathScrubber
    from icttools.run.workers import RunContext, plan_jobs

    write_year(tmp_path, 2018, 2)
    nb = notebooks(tmp_path)
    out = tmp_path / "out"
    plan = plan_run(2018, "02,01", data_dir=tmp_path, notebooks_dir=nb, output_dir=out)
    ctx = RunContext(plan=plan, scrubber=PathScrubber([(tmp_path, "data")]), stop=StopControl())
    jobs, skipped = plan_jobs(ctx, resume=True)
    assert [(j.province.gso_code, len(j.notebooks)) for j in jobs] == [("01", 1), ("02", 1)] and skipped == 0
    hg = report_dir(out, 2018, "02-ha-giang", "vi")
    report(hg, "00_x")
    side = json.loads((hg / "00_x.json").read_text())
    inputs = ctx.inputs(plan.notebooks[0], 2018, plan.provinces[1])
    side.update(inputs=inputs, fingerprint=fingerprint(inputs))
    (hg / "00_x.json").write_text(json.dumps(side))
    summary_inputs = ctx.inputs(None, 2018, plan.provinces[1])
    (hg / "summary.json").write_text(json.dumps({"fingerprint": fingerprint(summary_inputs), "files": {},
                                                 "error": "x", "reports": [{"notebook": "00_x", "status": "ok"}]}))
    jobs, skipped = plan_jobs(ctx, resume=True)
    assert [j.province.gso_code for j in jobs] == ["01"] and skipped == 1
    jobs, skipped = plan_jobs(ctx, resume=False)  # without --resume: everything
    assert len(jobs) == 2 and skipped == 0
    side["status"] = "failed"  # a failed report is made again
    (hg / "00_x.json").write_text(json.dumps(side))
    assert len(plan_jobs(ctx, resume=True)[0]) == 2
    side["status"] = "ok"
    (hg / "00_x.json").write_text(json.dumps(side))
    (nb / "00_x.ipynb").write_text((nb / "00_x.ipynb").read_text().replace("print(year)", "print(year + 0)"))
    ctx2 = RunContext(plan=plan, scrubber=ctx.scrubber, stop=StopControl())
    assert len(plan_jobs(ctx2, resume=True)[0]) == 2  # the notebook changed


# --- shared Studies ------------------------------------------------------------------------------

def test_shared_studies_follow_the_files(tmp_path):
    write_year(tmp_path, 2017, 1)
    path = write_year(tmp_path, 2018, 2)
    try:
        assert load(2018, data_dir=tmp_path) is not load(2018, data_dir=tmp_path)  # off by default
        share_studies(True)
        a = load(2018, data_dir=tmp_path)
        assert load(2018, data_dir=tmp_path) is a
        assert a.at_year(2017) is load(2017, data_dir=tmp_path) or a.at_year(2017).year == 2017
        write_year(tmp_path, 2017, 5)  # another year's file changed: trends would change
        assert load(2018, data_dir=tmp_path) is not a
        b = load(2018, data_dir=tmp_path)
        path.write_text(path.read_text().replace("SYNTHETIC test", "SYNTHETIC test 2"))
        c = load(2018, data_dir=tmp_path)
        assert c is not b and c.table.data_source == "SYNTHETIC test 2"
    finally:
        share_studies(False)
    assert load(2018, data_dir=tmp_path) is not load(2018, data_dir=tmp_path)
