"""``icttools run``: execute the report notebooks with papermill and publish HTML reports.

One *run* is one (year, province); it executes every selected notebook of ``notebooks/`` and
writes ``outputs/<year>/<code>-<slug>/``::

    <notebook>.ipynb   executed notebook (timings and machine paths removed)
    <notebook>.html    nbconvert --no-input export; a failed report shows its error
    <notebook>.json    sidecar: status, error, parameters, title, data source
    summary.json       key numbers of the province (score and rank at every node, target plan)

and ``outputs/index.html`` lists every report found under ``outputs/`` (see
:mod:`icttools.run.htmlreport`). Everything is validated before the first kernel starts
(:func:`plan_run`); a failing notebook does not stop the others (:func:`execute_plan`). A run
executes in a hidden sibling folder ``.tmp-<slug>-<random>`` that replaces the run folder only
when all its notebooks are done, so a run folder is never half written.

Entry points: :func:`run` (= :func:`plan_run` + :func:`execute_plan`), :func:`run_to_json`,
:func:`format_run`, and for the CLI :func:`add_run_arguments` / :func:`main_run`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping, Sequence

from icttools.core.errors import IcttoolsError
from icttools.core.provinces import Province, resolve_province
from icttools.present.i18n import LANGS
from icttools.run.htmlreport import (PathScrubber, add_failure_note, clean_notebook, export_html,
                                     read_sidecar, write_index)
# validation and planning live in icttools.run.runplan; re-exported here for callers of the runner
from icttools.run.runplan import (NotebookInfo, RunConfigError, RunPlan, parse_years, plan_run,
                                  select_notebooks)

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

KERNEL_NAME = "python3"
EXECUTION_TIMEOUT = 600


# --- results ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NotebookResult:
    """Outcome of one notebook of one run."""

    year: int
    province: Province
    notebook: str
    title: str
    status: str  # "ok" | "failed"
    ename: str | None = None
    evalue: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def folder(self) -> str:
        return f"{self.year}/{self.province.slug}"


@dataclass(frozen=True)
class RunReport:
    """All results of :func:`execute_plan`, in (year, GSO code, notebook) order."""

    results: tuple[NotebookResult, ...]
    output_dir: Path
    index_path: Path
    summary_errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def n_failed(self) -> int:
        return sum(not r.ok for r in self.results)

    @property
    def n_ok(self) -> int:
        return sum(r.ok for r in self.results)


# --- execution --------------------------------------------------------------------------------

@contextlib.contextmanager
def _kernel_environment(env_data_dir: Path | None) -> Iterator[None]:
    """Environment inherited by the kernels: ``PYTHONHASHSEED=0``, ``ICT_DATA_DIR`` if given, and
    no ``MPLBACKEND`` (it would switch off inline figures). Restored afterwards."""
    changes: dict[str, str | None] = {"PYTHONHASHSEED": "0", "MPLBACKEND": None}
    if env_data_dir is not None:
        changes["ICT_DATA_DIR"] = str(env_data_dir)
    saved = {k: os.environ.get(k) for k in changes}
    try:
        for k, v in changes.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _title(info: NotebookInfo, province: Province, year: int, lang: str) -> str:
    return f"{info.titles[lang]} – {province.name_vi} – {year}"


def _rel(path: Path, root: Path | None, fallback: str) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root).as_posix() or "."
        except ValueError:
            pass
    return fallback


def _json_text(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _notebook_params(plan: RunPlan, info: NotebookInfo, year: int, province: Province) -> dict[str, Any]:
    """What papermill injects: only names the notebook declares; province as a str code."""
    given: dict[str, Any] = {"year": int(year), "province": province.gso_code, "lang": plan.lang}
    if plan.data_dir is not None:
        # the data root (holding raw/ict_index/<year>) when there is one, else the year folders
        env = plan.env_data_dir
        root = env if env is not None and plan.data_dir == env / "raw" / "ict_index" else plan.data_dir
        given["data_dir"] = str(root)
    given.update(plan.params)
    return {k: v for k, v in given.items() if k in info.declared}


def _execute_one(plan: RunPlan, info: NotebookInfo, year: int, province: Province, tmp_dir: Path,
                 scrubber: PathScrubber) -> NotebookResult:
    import papermill as pm

    out_nb = tmp_dir / f"{info.stem}.ipynb"
    params = _notebook_params(plan, info, year, province)
    status, ename, evalue = "ok", None, None
    t0 = time.perf_counter()
    try:
        # resources.metadata.path is the kernel's cwd (nbclient); unlike papermill's cwd= it does
        # not chdir the whole process, which other threads share.
        pm.execute_notebook(str(info.path), str(out_nb), parameters=params,
                            kernel_name=KERNEL_NAME, progress_bar=False,
                            execution_timeout=EXECUTION_TIMEOUT,
                            resources={"metadata": {"path": str(plan.notebooks_dir)}})
    except pm.PapermillExecutionError as exc:
        status, ename, evalue = "failed", str(exc.ename), str(exc.evalue)
    except Exception as exc:  # kernel died, timeout, NoSuchKernel...: still a report
        status, ename, evalue = "failed", type(exc).__name__, str(exc)
    seconds = time.perf_counter() - t0
    if evalue is not None:
        evalue = scrubber.scrub(evalue)

    title = _title(info, province, year, plan.lang)
    try:
        _write_report_files(plan, info, year, province, out_nb, title, status, ename, evalue,
                            scrubber)
    except Exception as exc:  # a broken export must not stop the other reports
        if status == "ok":
            status, ename = "failed", type(exc).__name__
            evalue = scrubber.scrub(f"report export failed: {exc}")
    effective = {**info.defaults(), **params}
    sidecar = {
        "notebook": info.stem,
        "title": title,
        "lang": plan.lang,
        "year": int(year),
        "province": {"gso_code": province.gso_code, "name_vi": province.name_vi,
                     "slug": province.slug},
        "status": status,
        "error": None if status == "ok" else {"ename": ename, "evalue": evalue},
        "files": {"ipynb": f"{info.stem}.ipynb", "html": f"{info.stem}.html"},
        "parameters": scrubber.scrub_obj(effective),
        "framework": plan.framework_id,
        "data_source": plan.data_sources.get(year),
        "synthetic": plan.studies[year].table.is_synthetic,
        "kernel": KERNEL_NAME,
    }
    (tmp_dir / f"{info.stem}.json").write_text(_json_text(sidecar), encoding="utf-8")
    return NotebookResult(year=int(year), province=province, notebook=info.stem, title=title,
                          status=status, ename=ename, evalue=evalue, seconds=seconds)


def _write_report_files(plan: RunPlan, info: NotebookInfo, year: int, province: Province,
                        out_nb: Path, title: str, status: str, ename: str | None,
                        evalue: str | None, scrubber: PathScrubber) -> None:
    """Clean the executed notebook in place and export its HTML next to it."""
    import nbformat

    try:
        nb = nbformat.read(out_nb, as_version=4)
    except (OSError, ValueError):
        nb = nbformat.read(info.path, as_version=4)  # nothing executed at all
    root = plan.project_root
    final_rel = f"{_rel(plan.output_dir, root, 'outputs')}/{year}/{province.slug}/{info.stem}.ipynb"
    nb = clean_notebook(nb, scrubber, input_path=_rel(info.path, root, f"notebooks/{info.path.name}"),
                        output_path=final_rel, cwd=_rel(plan.notebooks_dir, root, "notebooks"),
                        title=title)
    if status != "ok":
        nb = add_failure_note(nb, ename or "Error", evalue or "")
    nbformat.write(nb, out_nb)
    (out_nb.with_suffix(".html")).write_text(export_html(nb), encoding="utf-8")


def province_summary(study: Any, province: str, target_rank: int = 10) -> dict[str, Any]:
    """Key numbers of one province and year (the run's ``summary.json`` without the report list).

    Parameters
    ----------
    study : Study
        The year (:func:`icttools.load`).
    province : str
        GSO code or name.
    target_rank : int
        Rank asked of the least-effort plan.

    Returns
    -------
    dict
        ``year``, ``province`` (code, name, slug), ``framework``, ``data_source``, ``synthetic``,
        ``score`` and ``rank`` (overall), ``nodes`` (``{node: {"score", "rank", "name_vi",
        "name_en"}}`` for every node, scores rounded as published), ``target_plan`` (the
        ``targets`` JSON, or ``{"error": ...}`` if planning failed on the data).
    """
    fw = study.framework
    p = resolve_province(province)
    result = study.result
    nodes = {node: {"score": round(result.score(p.gso_code, node), 4),
                    "rank": result.rank(p.gso_code, node),
                    "name_vi": fw.label(node, "vi"), "name_en": fw.label(node, "en")}
             for node in fw.node_ids}
    root = fw.node_ids[0]
    try:
        plan: dict[str, Any] = study.targets(p.gso_code, rank=int(target_rank)).to_json()
    except IcttoolsError as exc:
        plan = {"error": f"target plan failed ({type(exc).__name__}: {exc})"}
    return {
        "year": int(study.year),
        "province": {"gso_code": p.gso_code, "name_vi": p.name_vi, "slug": p.slug},
        "framework": fw.id,
        "data_source": study.table.data_source,
        "synthetic": study.table.is_synthetic,
        "score": nodes[root]["score"],
        "rank": nodes[root]["rank"],
        "nodes": nodes,
        "target_rank": int(target_rank),
        "target_plan": plan,
    }


def _swap_in(tmp_dir: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp_dir``: two renames, then the old folder is removed."""
    old = None
    if final.exists():
        old = final.parent / f".old-{final.name}-{uuid.uuid4().hex[:8]}"
        os.rename(final, old)
    os.rename(tmp_dir, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _finish_run(plan: RunPlan, year: int, province: Province, tmp_dir: Path,
                stems: set[str], scrubber: PathScrubber) -> str | None:
    """Carry over earlier reports of unselected notebooks, write summary.json, swap the folder.
    Returns the summary's error text, if any."""
    final = plan.output_dir / str(year) / province.slug
    if final.is_dir():
        for side in sorted(final.glob("*.json")):
            data = read_sidecar(side)
            if data is None or data.get("notebook") in stems:
                continue
            for name in [side.name, *data.get("files", {}).values()]:
                src = final / name
                if src.is_file() and not (tmp_dir / name).exists():
                    shutil.copy2(src, tmp_dir / name)
    reports = []
    for side in sorted(tmp_dir.glob("*.json")):
        data = read_sidecar(side)
        if data is not None:
            reports.append({"notebook": data["notebook"], "status": data["status"],
                            "error": data.get("error"), "html": data["files"]["html"]})
    target_rank = plan.params.get("target_rank")
    if target_rank is None:
        for info in plan.notebooks:
            if "target_rank" in info.declared:
                target_rank = info.defaults()["target_rank"]
                break
    error = None
    try:
        summary = province_summary(plan.studies[year], province.gso_code,
                                   target_rank=int(target_rank if target_rank is not None else 10))
    except IcttoolsError as exc:
        error = f"{type(exc).__name__}: {exc}"
        summary = {"year": int(year), "error": error,
                   "province": {"gso_code": province.gso_code, "name_vi": province.name_vi,
                                "slug": province.slug}}
    summary["reports"] = reports
    summary["lang"] = plan.lang
    (tmp_dir / "summary.json").write_text(_json_text(scrubber.scrub_obj(summary)), encoding="utf-8")
    _swap_in(tmp_dir, final)
    return error


def _progress_bar(total: int, stream: IO[str], progress: bool | None):
    from tqdm import tqdm

    enabled = progress if progress is not None else (hasattr(stream, "isatty") and stream.isatty())
    return tqdm(total=total, file=stream, disable=not enabled, unit="report", leave=False,
                dynamic_ncols=True)


def execute_plan(plan: RunPlan, jobs: int = 1, *, progress: bool | None = None,
                 stream: IO[str] | None = None) -> RunReport:
    """Execute a validated plan; return the results in (year, GSO code, notebook) order.

    Parameters
    ----------
    plan : RunPlan
    jobs : int
        Notebooks executed at the same time (threads; each kernel is its own process).
    progress : bool, optional
        Show a tqdm bar on ``stream`` (default: when it is a terminal).
    stream : file, optional
        Where progress goes (default ``sys.stderr``): one line per finished notebook, e.g.
        ``[3/6] 2018 02-ha-giang 02_gap_analysis OK 4.1s``.

    Notes
    -----
    A failed notebook is recorded and the others go on. Each run folder is swapped in when all
    its notebooks are done; ``index.html`` is rebuilt after each run folder and at the end.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise RunConfigError(f"jobs must be a positive integer, got {jobs!r}")
    stream = stream if stream is not None else sys.stderr
    scrubber = PathScrubber.for_run(project_root=plan.project_root,
                                    notebooks_dir=plan.notebooks_dir, output_dir=plan.output_dir,
                                    data_dirs=[d for d in (plan.data_dir, plan.env_data_dir) if d])
    total = plan.n_reports
    tmp_dirs: dict[tuple[int, str], Path] = {}
    remaining: dict[tuple[int, str], int] = {}
    results: list[NotebookResult] = []
    summary_errors: dict[str, str] = {}
    order = {info.stem: i for i, info in enumerate(plan.notebooks)}
    bar = _progress_bar(total, stream, progress)

    def say(line: str) -> None:
        if bar.disable:
            print(line, file=stream, flush=True)
        else:
            bar.write(line, file=stream)

    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        with _kernel_environment(plan.env_data_dir):
            futures: dict[Future, tuple[int, Province, int]] = {}
            for year in plan.years:
                ydir = plan.output_dir / str(year)
                ydir.mkdir(parents=True, exist_ok=True)
                for prov in plan.provinces:
                    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{prov.slug}-", dir=ydir))
                    os.chmod(tmp, 0o755)
                    tmp_dirs[(year, prov.gso_code)] = tmp
                    remaining[(year, prov.gso_code)] = len(plan.notebooks)
                    for info in plan.notebooks:
                        fut = pool.submit(_execute_one, plan, info, year, prov, tmp, scrubber)
                        futures[fut] = (year, prov, len(futures))
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=lambda f: futures[f][2]):  # submission order
                    year, prov, _ = futures[fut]
                    res = fut.result()
                    results.append(res)
                    bar.update(1)
                    state = "OK" if res.ok else f"FAILED {res.ename}"
                    say(f"[{len(results)}/{total}] {year} {prov.slug} {res.notebook} "
                        f"{state} {res.seconds:.1f}s")
                    key = (year, prov.gso_code)
                    remaining[key] -= 1
                    if remaining[key] == 0:
                        stems = {i.stem for i in plan.notebooks}
                        err = _finish_run(plan, year, prov, tmp_dirs.pop(key), stems, scrubber)
                        if err:
                            summary_errors[f"{year}/{prov.slug}"] = err
                            say(f"  summary.json of {year} {prov.slug}: {err}")
                        write_index(plan.output_dir)
        pool.shutdown(wait=True)
    except BaseException:
        # Ctrl-C or a bug: queued notebooks are cancelled, unfinished run folders removed
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        bar.close()
        for tmp in tmp_dirs.values():  # runs that did not finish (interrupted): no half folders
            shutil.rmtree(tmp, ignore_errors=True)
    index = write_index(plan.output_dir)
    results.sort(key=lambda r: (r.year, int(r.province.gso_code), order[r.notebook]))
    return RunReport(results=tuple(results), output_dir=plan.output_dir, index_path=index,
                     summary_errors=summary_errors)


def run(years: str | int | Iterable[int], provinces: str | Sequence[str] | None = None,
        notebooks: str | Sequence[str] | None = None, *, all_provinces: bool = False,
        lang: str = "vi", params: Mapping[str, Any] | Sequence[str] | None = None,
        jobs: int = 1, data_dir: str | os.PathLike | None = None,
        notebooks_dir: str | os.PathLike | None = None,
        output_dir: str | os.PathLike | None = None, progress: bool | None = None,
        stream: IO[str] | None = None) -> RunReport:
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
                    output_dir=output_dir)
    return execute_plan(plan, jobs, progress=progress, stream=stream)


# --- reporting --------------------------------------------------------------------------------

def run_to_json(report: RunReport) -> dict[str, Any]:
    """JSON-serialisable summary of a run (no durations, no absolute paths).

    Returns
    -------
    dict
        ``n_reports``, ``n_ok``, ``n_failed``, ``index`` (``"index.html"``, relative to the
        output folder) and ``reports``: one ``{"year", "province", "slug", "notebook", "status",
        "error", "html"}`` per notebook, in (year, code, notebook) order; ``summary_errors``.
    """
    return {
        "n_reports": len(report.results),
        "n_ok": report.n_ok,
        "n_failed": report.n_failed,
        "index": "index.html",
        "reports": [{
            "year": r.year, "province": r.province.gso_code, "slug": r.province.slug,
            "notebook": r.notebook, "status": r.status,
            "error": None if r.ok else {"ename": r.ename, "evalue": r.evalue},
            "html": f"{r.folder}/{r.notebook}.html",
        } for r in report.results],
        "summary_errors": dict(sorted(report.summary_errors.items())),
    }


def format_run(report: RunReport) -> str:
    """Human-readable table of a run's results (Vietnamese with English glosses)."""
    rows = [("Năm", "Tỉnh (province)", "Báo cáo (notebook)", "Trạng thái (status)")]
    for r in report.results:
        if r.ok:
            state = "OK"
        else:
            first = (r.evalue or "").strip().splitlines()
            msg = f"{r.ename}: {first[0]}" if first else str(r.ename)
            state = f"LỖI/FAILED {msg[:120]}"
        rows.append((str(r.year), r.province.slug, r.notebook, state))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row[:3], widths)) + "  " + row[3] for row in rows]
    lines.append("")
    lines.append(f"{len(report.results)} báo cáo (reports): {report.n_ok} OK, "
                 f"{report.n_failed} lỗi (failed)")
    for key, err in sorted(report.summary_errors.items()):
        lines.append(f"summary.json {key}: {err}")
    lines.append(f"index: {report.index_path}")
    return "\n".join(lines)


# --- command line -----------------------------------------------------------------------------

def add_run_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``icttools run`` to a (sub)parser; returns it."""
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", type=int, help="year to report on, e.g. 2018")
    when.add_argument("--years", help="several years: 2017-2019 or 2017,2019")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--province", help="GSO code or name, e.g. 02 or 'Ha Giang' (several: 02,79)")
    where.add_argument("--all-provinces", action="store_true", help="run all 63 provinces")
    parser.add_argument("--notebooks", help="selection, e.g. 02,03 (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks run at the same time (default 1)")
    parser.add_argument("--lang", choices=LANGS, default="vi", help="report language (default vi)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="further notebook parameter, e.g. target_rank=5 (repeatable)")
    parser.add_argument("--data-dir", help="data folder (default: the project's data)")
    parser.add_argument("--output-dir", help="output folder (default: outputs/)")
    parser.add_argument("--notebooks-dir", help="report notebooks folder (default: notebooks/)")
    return parser


def main_run(args: argparse.Namespace) -> int:
    """Run ``icttools run`` from parsed arguments; returns the exit code.

    0: every report OK; 1: some notebook failed (the others were produced); 2: invalid arguments
    (nothing was run; one line on stderr).
    """
    years = args.years if getattr(args, "years", None) else getattr(args, "year", None)
    if years is None:
        print("icttools run: error: give --year or --years", file=sys.stderr)
        return 2
    try:
        report = run(years, getattr(args, "province", None), getattr(args, "notebooks", None),
                     all_provinces=bool(getattr(args, "all_provinces", False)),
                     lang=getattr(args, "lang", "vi") or "vi",
                     params=getattr(args, "param", None) or [],
                     jobs=1 if getattr(args, "jobs", None) is None else args.jobs,
                     data_dir=getattr(args, "data_dir", None),
                     notebooks_dir=getattr(args, "notebooks_dir", None),
                     output_dir=getattr(args, "output_dir", None))
    except RunConfigError as exc:
        print(f"icttools run: error: {exc}", file=sys.stderr)
        return 2
    print(format_run(report))
    return 1 if report.n_failed else 0
