"""The workers of a batch run: each takes a whole province-year, on a kernel of its own.

:func:`plan_jobs` turns a plan into :class:`ProvinceJob` s (with ``--resume``: only the reports
whose inputs changed, see :mod:`icttools.run.inputs`). A :class:`Worker` thread runs jobs until
there are none left or the run is stopped. For each job it makes the reports in a temporary folder
(:mod:`icttools.run.reports`), carries over the reports it did not re-make, writes
``summary.json`` and the workbook (:mod:`icttools.run.province_files`) and swaps the folder in;
after a stop it keeps only the finished reports (:func:`icttools.run.folders.keep_finished`).

A *warm* worker keeps one kernel for all its notebooks: imports are paid once, each notebook
starts from a reset kernel (:mod:`icttools.run.kernel_side`), and the Studies shared inside the
kernel carry a year's analyses from one report (and one province) to the next; the summary and
workbook are written in that kernel too. A cold worker starts a fresh kernel for every notebook
and writes the summary in the runner's process. Both give the same files, byte for byte.

The worker tells the runner what happens through a queue of events: ``("report", result)``,
``("province", job, state, error)`` and ``("exit", slot, exception)``.
"""

from __future__ import annotations

import json
import queue
import shutil
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from icttools.core.provinces import Province
from icttools.run.folders import (carry_over, keep_finished, new_tmp_dir, read_json, report_dir,
                                  report_sidecars, swap_in)
from icttools.run.htmlreport import PathScrubber
from icttools.run.inputs import fingerprint, report_inputs, sha256_file
from icttools.run.kernels import KernelError, ManagedKernel, execute_notebook, kernel_environment
from icttools.run.province_files import write_province_files
from icttools.run.reports import (KernelLost, NotebookResult, failed_report, make_report, notebook_params)
from icttools.run.stop import StopControl

__all__ = ["EXECUTION_TIMEOUT", "ProvinceJob", "RunContext", "plan_jobs", "Worker"]

EXECUTION_TIMEOUT = 600


@dataclass(frozen=True)
class ProvinceJob:
    """What one worker does for one province and year: the notebooks to (re)make (then the summary
    and the workbook are written); ``failed_year`` holds the data error of a bad year."""

    year: int
    province: Province
    notebooks: tuple[Any, ...]
    failed_year: str | None = None


@dataclass
class RunContext:
    """What every worker shares: the plan, the scrubber, the stop state, the options."""

    plan: Any
    scrubber: PathScrubber
    stop: StopControl
    warm: bool = True
    notebook_sha: dict[str, str] = field(default_factory=dict)

    def inputs(self, info: Any | None, year: int, province: Province) -> dict[str, Any]:
        """The inputs of one report (``info``) or of the province's summary (None)."""
        plan = self.plan
        if info is None:
            params = {"year": int(year), "province": province.gso_code, **self.extras_params()}
            return report_inputs(plan.data_hashes, notebook_sha256=None, parameters=params,
                                 lang=plan.lang, framework=plan.framework_id)
        sha = self.notebook_sha.setdefault(info.stem, sha256_file(info.path))
        effective = self.scrubber.scrub_obj({**info.defaults(), **notebook_params(plan, info, year, province)})
        return report_inputs(plan.data_hashes, notebook_sha256=sha, parameters=effective,
                             lang=plan.lang, framework=plan.framework_id)

    def extras_params(self) -> dict[str, int]:
        """``target_rank`` and ``seed`` of the summary: given, else the notebooks' default."""
        out = {"target_rank": 10, "seed": 0}
        for name in out:
            if name in self.plan.params:
                out[name] = int(self.plan.params[name])
                continue
            for info in self.plan.notebooks:
                if name in info.declared:
                    out[name] = int(info.defaults()[name])
                    break
        return out


def _up_to_date(sidecar: Mapping[str, Any] | None, expected: Mapping[str, Any], folder: Path) -> bool:
    if not sidecar or sidecar.get("status") != "ok" or sidecar.get("fingerprint") != fingerprint(expected):
        return False
    files = sidecar.get("files") or {}
    return all(isinstance(n, str) and (folder / n).is_file() for n in files.values())


def plan_jobs(ctx: RunContext, resume: bool) -> tuple[list[ProvinceJob], int]:
    """The jobs of a plan, and how many reports ``resume`` found unchanged and keeps."""
    plan, jobs, skipped = ctx.plan, [], 0
    for year in plan.years:
        for prov in plan.provinces:
            if year in plan.failed_years:
                jobs.append(ProvinceJob(year, prov, plan.notebooks, plan.failed_years[year]))
                continue
            if not resume:
                jobs.append(ProvinceJob(year, prov, plan.notebooks))
                continue
            final = report_dir(plan.reports_root, year, prov.slug, plan.lang)
            sidecars = report_sidecars(final)
            todo = tuple(info for info in plan.notebooks
                         if not _up_to_date(sidecars.get(info.stem), ctx.inputs(info, year, prov), final))
            skipped += len(plan.notebooks) - len(todo)
            summary = read_json(final / "summary.json") or {}
            workbook = (summary.get("files") or {}).get("workbook")
            listed = [(r.get("notebook"), r.get("status")) for r in summary.get("reports", [])]
            extras = (bool(todo) or summary.get("fingerprint") != fingerprint(ctx.inputs(None, year, prov))
                      or listed != [(k, sidecars[k].get("status")) for k in sorted(sidecars)]
                      or (workbook is not None and not (final / str(workbook)).is_file())
                      or (workbook is None and "error" not in summary))
            if extras:
                jobs.append(ProvinceJob(year, prov, todo))
    return jobs, skipped


class Worker(threading.Thread):
    """Runs :class:`ProvinceJob` s from ``jobs`` until none is left or the run stops."""

    def __init__(self, slot: int, ctx: RunContext, jobs: "queue.Queue[ProvinceJob]", events: "queue.Queue"):
        super().__init__(name=f"icttools-worker-{slot}", daemon=True)
        self.slot, self.ctx, self.jobs, self.events = slot, ctx, jobs, events
        self.kernel: ManagedKernel | None = None
        self._log = tempfile.TemporaryFile(mode="w+", prefix="icttools-kernel-")
        self._env = kernel_environment(ctx.plan.env_data_dir)

    # --- kernels ----------------------------------------------------------------------------------
    def _kernel(self) -> ManagedKernel:
        if self.ctx.stop.event.is_set():
            raise KernelError("stopped")
        if self.kernel is None:
            self.kernel = ManagedKernel(self.ctx.plan.notebooks_dir, self._env, self._log)
            self.ctx.stop.register(self.slot, self.kernel)
            if self.ctx.warm:
                self.kernel.warm_up()
        return self.kernel

    def _drop_kernel(self) -> None:
        if self.kernel is not None:
            self.ctx.stop.register(self.slot, None)
            self.kernel.shutdown()
            self.kernel = None

    def _execute(self, template: Path, out_nb: Path, params: dict) -> None:
        kernel = self._kernel()
        if kernel.warm:
            kernel.reset()
        execute_notebook(template, out_nb, params, kernel, EXECUTION_TIMEOUT)

    # --- jobs --------------------------------------------------------------------------------------
    def run(self) -> None:
        error = None
        try:
            while not self.ctx.stop.event.is_set():
                try:
                    job = self.jobs.get_nowait()
                except queue.Empty:
                    break
                self._do(job)
        except BaseException as exc:  # a bug: the runner reports it after the others finish
            error = exc
        finally:
            self._drop_kernel()
            self._log.close()
            self.events.put(("exit", self.slot, error))

    def _report(self, info: Any, job: ProvinceJob, tmp: Path) -> NotebookResult:
        ctx, plan = self.ctx, self.ctx.plan
        inputs = ctx.inputs(info, job.year, job.province)
        if job.failed_year is not None:
            return failed_report(plan, info, job.year, job.province, tmp, job.failed_year, inputs, ctx.scrubber)
        try:
            result = make_report(plan, info, job.year, job.province, tmp, ctx.scrubber, self._execute, inputs)
        except KernelLost as lost:
            result = lost.result
            self._drop_kernel()
        if not self.ctx.warm:
            self._drop_kernel()
        if ctx.stop.event.is_set() and not result.ok:  # killed by the stop: not a report
            for ext in (".ipynb", ".html", ".pdf", ".json"):
                (tmp / f"{info.stem}{ext}").unlink(missing_ok=True)
            result = replace(result, status="stopped")
        return result

    def _do(self, job: ProvinceJob) -> None:
        ctx, plan = self.ctx, self.ctx.plan
        final = report_dir(plan.reports_root, job.year, job.province.slug, plan.lang)
        tmp = new_tmp_dir(final)
        try:
            for info in job.notebooks:
                if ctx.stop.event.is_set():
                    break
                self.events.put(("report", self._report(info, job, tmp)))
            if ctx.stop.event.is_set():
                keep_finished(tmp, final)
                self.events.put(("province", job, "stopped", None))
                return
            carry_over(final, tmp, [s for s in report_sidecars(final) if not (tmp / f"{s}.json").exists()])
            error = self._extras(job, tmp)
            if ctx.stop.event.is_set() and not (tmp / "summary.json").exists():
                keep_finished(tmp, final)
                self.events.put(("province", job, "stopped", None))
                return
            swap_in(tmp, final)
            self.events.put(("province", job, "done", error))
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)

    def _extras(self, job: ProvinceJob, tmp: Path) -> str | None:
        """Write ``summary.json`` and the workbook; returns an error text, or None."""
        ctx, plan = self.ctx, self.ctx.plan
        reports = [{"notebook": s["notebook"], "status": s["status"], "error": s.get("error"),
                    "html": (s.get("files") or {}).get("html")} for _, s in sorted(report_sidecars(tmp).items())]
        args = dict(folder=str(tmp), year=int(job.year), province=job.province.gso_code, lang=plan.lang,
                    framework=plan.framework_ref, data_dir=str(plan.data_arg or ""), reports=reports,
                    **({"units": "2025"} if plan.units == "vn34" else {}),
                    inputs=ctx.inputs(None, job.year, job.province), provenance=list(plan.provenance),
                    scrub=[list(p) for p in ctx.scrubber.pairs], **ctx.extras_params())
        if ctx.warm and job.failed_year is None:
            try:
                self._kernel().run_code(
                    "import json as _j\nfrom icttools.run.province_files import write_province_files as _w\n"
                    f"_w(**_j.loads({json.dumps(json.dumps(args))}))\ndel _j, _w", timeout=EXECUTION_TIMEOUT)
                return _summary_error(tmp)
            except KernelError:
                self._drop_kernel()
                if ctx.stop.event.is_set():
                    return None
        try:  # cold workers, a bad year, or the kernel failed: in this process
            write_province_files(**args)
        except Exception as exc:  # noqa: BLE001 - one province's summary must not stop the batch
            return f"{type(exc).__name__}: {exc}"
        return _summary_error(tmp)


def _summary_error(folder: Path) -> str | None:
    summary = read_json(folder / "summary.json") or {}
    return summary.get("workbook_error") or None
