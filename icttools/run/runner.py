"""``icttools run``: execute the report notebooks for provinces and years, keep the outputs readable.

One *report folder* per province, year and language, ``outputs/<year>/<code>-<slug>/<lang>/``::

    <notebook>.ipynb   executed notebook (timings and machine paths removed)
    <notebook>.html    the reader's page, without code; a failed report shows its error
    <notebook>.pdf     the leaders' brief only (when the PDF writer is installed)
    <notebook>.json    sidecar: status, error, parameters, title, provenance of every year, inputs
    summary.json       key numbers (score and rank at every node, the year before, target plan)
    ict-index-<year>-<code>-<slug>-<lang>.xlsx   the results as an Excel workbook

and ``outputs/index.html`` (and ``index.en.html``) list every report found (:mod:`icttools.run.index`).

How a run goes (:func:`execute_plan`): everything is validated first (:func:`plan_run`; a year
with invalid data among others is marked failed, the others are produced); the output folder is
locked against a second run, and what a killed run left is removed; each worker takes a whole
province-year on its own warm kernel (:mod:`icttools.run.workers`); a failing notebook does not stop
the others; progress goes to stderr with the elapsed time and an ETA. SIGINT/SIGTERM stop the run
cleanly (:mod:`icttools.run.stop`): finished reports are kept, the summary is printed, the exit code
is 130/143. ``--resume`` makes only the reports whose inputs changed.

Entry points: :func:`run` (= :func:`plan_run` + :func:`execute_plan`), :func:`run_to_json`,
:func:`format_run`, and for the CLI :func:`add_run_arguments` / :func:`main_run`.
"""

from __future__ import annotations

import argparse
import os
import queue
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Mapping, Sequence

from icttools.core.errors import InputError
from icttools.present.i18n import LANGS
from icttools.present.strings_run import run_text
from icttools.run.folders import RunLock, clean_leftovers
from icttools.run.htmlreport import PathScrubber
from icttools.run.index import write_index
from icttools.run.province_files import province_summary
from icttools.run.reports import NotebookResult
# validation and planning live in icttools.run.runplan; re-exported here for callers of the runner
from icttools.run.runplan import (NotebookInfo, RunConfigError, RunPlan, parse_years, plan_run,
                                  select_notebooks)
from icttools.run.stop import RunInterrupted, StopControl
from icttools.run.unitsets import UNITS_CHOICES
from icttools.run.workers import RunContext, Worker, plan_jobs

__all__ = [
    "RunConfigError",
    "NotebookInfo",
    "RunPlan",
    "NotebookResult",
    "RunReport",
    "parse_years",
    "select_notebooks",
    "plan_run",
    "execute_plan",
    "run",
    "province_summary",
    "run_to_json",
    "format_run",
    "add_run_arguments",
    "main_run",
]

#: Up to this many reports, the terminal summary lists every one; beyond, only the failed ones.
FULL_TABLE = 24
MAX_FAILED_LINES = 50


@dataclass(frozen=True)
class RunReport:
    """All results of :func:`execute_plan`, in (year, GSO code, notebook) order.

    ``results`` holds the reports made (``ok`` or ``failed``) and those a stop interrupted
    (``stopped``); ``skipped`` counts the reports ``--resume`` kept; ``not_started`` those a stop
    left undone; ``signal`` is the stop's signal name (``"SIGTERM"``) or None.
    """

    results: tuple[NotebookResult, ...]
    output_dir: Path
    index_path: Path
    summary_errors: Mapping[str, str] = field(default_factory=dict)
    skipped: int = 0
    not_started: int = 0
    signal: str | None = None
    exit_signal: int | None = None
    failed_years: Mapping[int, str] = field(default_factory=dict)

    @property
    def n_failed(self) -> int:
        return sum(r.status == "failed" for r in self.results)

    @property
    def n_ok(self) -> int:
        return sum(r.ok for r in self.results)

    @property
    def n_stopped(self) -> int:
        return sum(r.status == "stopped" for r in self.results) + self.not_started

    @property
    def exit_code(self) -> int:
        """130/143 after SIGINT/SIGTERM, 1 if a report failed, else 0."""
        if self.exit_signal is not None:
            return 128 + self.exit_signal
        return 1 if self.n_failed else 0


class _Progress:
    """One line per finished report on ``stream``, with the elapsed time and an ETA; a tqdm bar
    above the lines when ``stream`` is a terminal."""

    def __init__(self, total: int, stream: IO[str], enabled: bool | None, lang: str):
        from tqdm import tqdm

        self.total, self.stream, self.lang, self.done = total, stream, lang, 0
        self.t0 = time.monotonic()
        show = enabled if enabled is not None else (hasattr(stream, "isatty") and stream.isatty())
        self.bar = tqdm(total=total, file=stream, disable=not show, unit="report", leave=False,
                        dynamic_ncols=True)

    def say(self, line: str) -> None:
        if self.bar.disable:
            print(line, file=self.stream, flush=True)
        else:
            self.bar.write(line, file=self.stream)

    def report(self, res: NotebookResult) -> None:
        from tqdm import tqdm

        self.done += 1
        self.bar.update(1)
        elapsed = time.monotonic() - self.t0
        eta = elapsed / self.done * max(self.total - self.done, 0)
        state = {"ok": "OK", "stopped": "STOPPED"}.get(res.status, f"FAILED {res.ename}")
        when = run_text("run_elapsed", self.lang, elapsed=tqdm.format_interval(elapsed),
                        eta=tqdm.format_interval(eta))
        self.say(f"[{self.done}/{self.total}] {res.year} {res.province.slug} {res.lang} {res.notebook} "
                 f"{state} {res.seconds:.1f}s · {when}")

    def close(self) -> None:
        self.bar.close()


def execute_plan(plan: RunPlan, jobs: int = 1, *, progress: bool | None = None, stream: IO[str] | None = None,
                 resume: bool = False, warm: bool = True, stop: StopControl | None = None) -> RunReport:
    """Execute a validated plan; return the results in (year, GSO code, notebook) order.

    Parameters
    ----------
    plan : RunPlan
    jobs : int
        Workers (each a kernel process of its own, one province-year at a time).
    progress : bool, optional
        Show a tqdm bar on ``stream`` (default: when it is a terminal).
    stream : file, optional
        Where progress goes (default ``sys.stderr``): one line per finished report, e.g.
        ``[3/7] 2018 02-ha-giang vi 02_gap_analysis OK 4.1s · đã chạy 0:12, còn khoảng 0:16``.
    resume : bool
        Keep the reports whose inputs did not change (their sidecar's fingerprint) and make the rest.
    warm : bool
        Reuse each worker's kernel across notebooks (reset in between); False: a fresh kernel for
        every notebook. The files are the same.
    stop : StopControl, optional
        The run's stop state (default: a new one, with SIGINT/SIGTERM handlers while running).
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise RunConfigError(f"jobs must be a positive integer, got {jobs!r}")
    stream = stream if stream is not None else sys.stderr
    stop = stop if stop is not None else StopControl()
    scrubber = PathScrubber.for_run(project_root=plan.project_root, notebooks_dir=plan.notebooks_dir,
                                    output_dir=plan.output_dir,
                                    data_dirs=[d for d in (plan.data_dir, plan.env_data_dir) if d])
    ctx = RunContext(plan=plan, scrubber=scrubber, stop=stop, warm=warm)
    with stop, RunLock(plan.output_dir):
        stop.planning = False
        removed = clean_leftovers(plan.output_dir)
        job_list, skipped = plan_jobs(ctx, resume)
        prog = _Progress(sum(len(j.notebooks) for j in job_list), stream, progress, plan.lang)
        if removed:
            prog.say(run_text("run_leftovers", plan.lang, n=removed))
        if resume:
            prog.say(run_text("run_resume", plan.lang, skipped=skipped, todo=prog.total))
        for year, error in sorted(plan.failed_years.items()):
            prog.say(run_text("run_year_failed", plan.lang, year=year, error=error,
                              n=len(plan.provinces) * len(plan.notebooks)))
        results, summary_errors, crashes = _work(ctx, job_list, min(jobs, max(len(job_list), 1)), prog)
        prog.close()
        index = write_index(plan.output_dir)
    if crashes:
        raise crashes[0]
    order = {info.stem: i for i, info in enumerate(plan.notebooks)}
    results.sort(key=lambda r: (r.year, int(r.province.gso_code), order.get(r.notebook, 99)))
    made = {(r.year, r.province.gso_code, r.notebook) for r in results}
    not_started = sum(1 for j in job_list for i in j.notebooks
                      if (j.year, j.province.gso_code, i.stem) not in made)
    return RunReport(results=tuple(results), output_dir=plan.output_dir, index_path=index,
                     summary_errors=summary_errors, skipped=skipped, not_started=not_started,
                     signal=stop.signal_name or None, exit_signal=stop.signum,
                     failed_years=dict(plan.failed_years))


def _work(ctx: RunContext, job_list: list, n_workers: int, prog: _Progress
          ) -> tuple[list[NotebookResult], dict[str, str], list[BaseException]]:
    """Start the workers, follow their events until they have all ended (stop included)."""
    jobs_q: queue.Queue = queue.Queue()
    for job in job_list:
        jobs_q.put(job)
    events: queue.Queue = queue.Queue()
    ctx.stop.resize(n_workers)
    workers = [Worker(i, ctx, jobs_q, events) for i in range(n_workers)] if job_list else []
    for w in workers:
        w.start()
    results: list[NotebookResult] = []
    summary_errors: dict[str, str] = {}
    crashes: list[BaseException] = []
    alive, told = len(workers), False
    while alive:
        try:
            event = events.get(timeout=0.25)
        except queue.Empty:
            event = None
        if ctx.stop.event.is_set() and not told:
            told = True
            prog.say(run_text("run_stopping", ctx.plan.lang, signal=ctx.stop.signal_name or "stop"))
        if event is None:
            continue
        kind = event[0]
        if kind == "report":
            results.append(event[1])
            prog.report(event[1])
        elif kind == "province":
            _, job, state, error = event
            if error:
                where = f"{job.year}/{job.province.slug}/{ctx.plan.lang}"
                summary_errors[where] = error
                prog.say(run_text("run_extras_failed", ctx.plan.lang, where=where, error=error))
            write_index(ctx.plan.output_dir)
        elif kind == "exit":
            alive -= 1
            if event[2] is not None:
                crashes.append(event[2])
    for w in workers:
        w.join()
    return results, summary_errors, crashes


def run(years: str | int | Iterable[int], provinces: str | Sequence[str] | None = None,
        notebooks: str | Sequence[str] | None = None, *, all_provinces: bool = False,
        lang: str = "vi", params: Mapping[str, Any] | Sequence[str] | None = None,
        jobs: int = 1, data_dir: str | os.PathLike | None = None,
        notebooks_dir: str | os.PathLike | None = None,
        output_dir: str | os.PathLike | None = None, progress: bool | None = None,
        stream: IO[str] | None = None, resume: bool = False, warm: bool = True,
        framework: str | None = None, units: str | None = None) -> RunReport:
    """Validate (:func:`plan_run`) then execute (:func:`execute_plan`) the report notebooks.

    Examples
    --------
    >>> report = run(2018, "Hà Giang", notebooks="02,03")   # doctest: +SKIP
    >>> report.n_failed                                      # doctest: +SKIP
    0
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise RunConfigError(f"jobs must be a positive integer, got {jobs!r}")
    plan = plan_run(years, provinces, notebooks, all_provinces=all_provinces, lang=lang,
                    params=params, data_dir=data_dir, notebooks_dir=notebooks_dir,
                    output_dir=output_dir, framework=framework, units=units)
    return execute_plan(plan, jobs, progress=progress, stream=stream, resume=resume, warm=warm)


# --- reporting --------------------------------------------------------------------------------

def run_to_json(report: RunReport) -> dict[str, Any]:
    """JSON-serialisable summary of a run (no durations, no absolute paths).

    Returns
    -------
    dict
        ``n_reports``, ``n_ok``, ``n_failed``, ``n_stopped``, ``n_skipped``, ``signal``, ``index``
        (``"index.html"``, relative to the output folder), ``failed_years`` and ``reports``: one
        ``{"year", "province", "slug", "lang", "notebook", "status", "error", "html"}`` per
        report, in (year, code, notebook) order; ``summary_errors``.
    """
    return {
        "n_reports": len(report.results),
        "n_ok": report.n_ok,
        "n_failed": report.n_failed,
        "n_stopped": report.n_stopped,
        "n_skipped": report.skipped,
        "signal": report.signal,
        "index": "index.html",
        "failed_years": {str(y): e for y, e in sorted(report.failed_years.items())},
        "reports": [{
            "year": r.year, "province": r.province.gso_code, "slug": r.province.slug, "lang": r.lang,
            "notebook": r.notebook, "status": r.status,
            "error": None if r.status != "failed" else {"ename": r.ename, "evalue": r.evalue},
            "html": f"{r.folder}/{r.notebook}.html",
        } for r in report.results],
        "summary_errors": dict(sorted(report.summary_errors.items())),
    }


def _state(r: NotebookResult) -> str:
    if r.ok:
        return "OK"
    if r.status == "stopped":
        return "STOPPED"
    first = (r.evalue or "").strip().splitlines()
    msg = f"{r.ename}: {first[0]}" if first else str(r.ename)
    return f"LỖI/FAILED {msg[:120]}"


def format_run(report: RunReport, lang: str = "vi") -> str:
    """What the terminal shows at the end: the reports (all of them for a small run, else the
    failed ones), the counts (done / failed / stopped / kept by ``--resume``), and the index."""
    shown = [r for r in report.results if len(report.results) <= FULL_TABLE or r.status == "failed"]
    rows = [("Năm", "Tỉnh (province)", "Báo cáo (notebook)", "Trạng thái (status)")]
    rows += [(str(r.year), f"{r.province.slug}/{r.lang}", r.notebook, _state(r)) for r in shown[:MAX_FAILED_LINES]]
    lines = []
    if len(rows) > 1:
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row[:3], widths)) + "  " + row[3] for row in rows]
        if len(shown) > MAX_FAILED_LINES:
            lines.append(run_text("run_more_failed", lang, n=len(shown) - MAX_FAILED_LINES))
        lines.append("")
    counts = run_text("run_counts", lang, n=report.n_ok + report.n_failed, ok=report.n_ok, failed=report.n_failed)
    if report.n_stopped:
        counts += "; " + run_text("run_stopped_count", lang, n=report.n_stopped)
    if report.skipped:
        counts += "; " + run_text("run_skipped_count", lang, n=report.skipped)
    lines.append(counts)
    for key, err in sorted(report.summary_errors.items()):
        lines.append(f"{run_text('run_extras_label', lang)} {key}: {err}")
    if report.signal:
        lines.append(run_text("run_stopped", lang, signal=report.signal, n=report.n_stopped))
    lines.append(run_text("run_index", lang, path=report.index_path))
    return "\n".join(lines)


# --- command line -----------------------------------------------------------------------------

def add_run_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``icttools run`` to a (sub)parser; returns it."""
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", type=int, help="year to report on, e.g. 2018")
    when.add_argument("--years", help="several years: 2017-2019 or 2017,2019")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--province", help="GSO code or name, e.g. 02 or 'Ha Giang' (several: 02,79)")
    where.add_argument("--all-provinces", action="store_true", help="run all provinces of the unit set (63, or 34 with --units 2025)")
    parser.add_argument("--framework", help="index to report on, e.g. papi_2018 (default: the ICT Index, "
                        "ict_index_2016); its reports go to <output>/<framework>/<year>/...")
    parser.add_argument("--units", choices=UNITS_CHOICES, default=None,
                        help="63: the 63 provinces to 30/6/2025 (default); 2025: the 34 provinces from "
                        "1/7/2025 (2025 codes, e.g. 08), reports in <output>/<framework>-34/<year>/...")
    parser.add_argument("--notebooks", help="selection, e.g. 02,03 (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="workers, each with its own kernel (default 1)")
    parser.add_argument("--lang", choices=LANGS, default="vi", help="report language (default vi)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="further notebook parameter, e.g. target_rank=5 (repeatable)")
    parser.add_argument("--resume", action="store_true",
                        help="keep the reports whose inputs did not change; make only the others")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="a new kernel for every notebook (slower; same files)")
    parser.add_argument("--data-dir", help="data folder (default: the project's data)")
    parser.add_argument("--output-dir", help="output folder (default: outputs/)")
    parser.add_argument("--notebooks-dir", help="report notebooks folder (default: notebooks/)")
    return parser


def main_run(args: argparse.Namespace) -> int:
    """Run ``icttools run`` from parsed arguments; returns the exit code.

    0: every report OK; 1: some report failed (the others were produced; a year with invalid data
    among others counts as failed); 2: invalid arguments, or another run holds the output folder
    (nothing was run; one line on stderr); 130 / 143: stopped by SIGINT / SIGTERM (finished reports
    kept; ``--resume`` makes the rest).
    """
    years = args.years if getattr(args, "years", None) else getattr(args, "year", None)
    lang = getattr(args, "lang", "vi") or "vi"
    if years is None:
        print("icttools run: error: give --year or --years", file=sys.stderr)
        return 2
    jobs = 1 if getattr(args, "jobs", None) is None else args.jobs
    stop = StopControl()
    try:
        with stop:
            if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
                raise RunConfigError(f"jobs must be a positive integer, got {jobs!r}")
            plan = plan_run(years, getattr(args, "province", None), getattr(args, "notebooks", None),
                            all_provinces=bool(getattr(args, "all_provinces", False)), lang=lang,
                            params=getattr(args, "param", None) or [],
                            data_dir=getattr(args, "data_dir", None),
                            notebooks_dir=getattr(args, "notebooks_dir", None),
                            output_dir=getattr(args, "output_dir", None),
                            framework=getattr(args, "framework", None), units=getattr(args, "units", None))
            report = execute_plan(plan, jobs, resume=bool(getattr(args, "resume", False)),
                                  warm=not getattr(args, "fresh_kernels", False), stop=stop)
    except RunInterrupted as exc:
        print(run_text("run_stopped_early", lang, signal=str(exc)), file=sys.stderr)
        return 128 + exc.signum
    except InputError as exc:
        print(f"icttools run: error: {exc}", file=sys.stderr)
        return 2
    print(format_run(report, lang))
    return report.exit_code
