"""One report: a notebook executed on a kernel into a folder, as a reader and an analyst get it.

:func:`make_report` executes one notebook (:func:`icttools.run.kernels.execute_notebook`) and
writes, into the (temporary) report folder::

    <notebook>.ipynb   the executed notebook (timings, random ids and machine paths removed)
    <notebook>.html    the reader's page without code (a failed report shows its error)
    <notebook>.pdf     for the leaders' brief only, when the PDF writer is available
    <notebook>.json    the sidecar: status, error, title, parameters, the provenance of every year
                       the report reads, the method-years note, its inputs and their fingerprint

:func:`failed_report` writes only the sidecar of a report that could not run at all (its year's
data are invalid). Files inside a temporary folder are written plainly: the folder as a whole is
swapped in (:mod:`icttools.run.folders`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from icttools.core.provinces import Province
from icttools.run.htmlreport import PathScrubber, add_failure_note, clean_notebook, export_html
from icttools.run.inputs import fingerprint
from icttools.run.province_files import json_text

__all__ = ["NotebookResult", "BRIEF_SUFFIX", "notebook_params", "report_title", "make_report",
           "failed_report", "brief_pdf_writer"]

#: Notebooks whose stem ends so are the leaders' brief: also written as a PDF.
BRIEF_SUFFIX = "_leader_brief"


@dataclass(frozen=True)
class NotebookResult:
    """Outcome of one notebook of one run: ``status`` is ``ok``, ``failed`` or ``stopped``."""

    year: int
    province: Province
    notebook: str
    title: str
    status: str
    ename: str | None = None
    evalue: str | None = None
    seconds: float = 0.0
    lang: str = "vi"
    #: The run's framework / unit-set folder (``""`` for the ICT Index on 63 provinces).
    segment: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def folder(self) -> str:
        where = f"{self.year}/{self.province.slug}/{self.lang}"
        return f"{self.segment}/{where}" if self.segment else where


def report_title(info: Any, province: Province, year: int, lang: str) -> str:
    return f"{info.titles[lang]} – {province.name_vi} – {year}"


def notebook_params(plan: Any, info: Any, year: int, province: Province) -> dict[str, Any]:
    """What papermill injects: only names the notebook declares; the province as a str code."""
    given: dict[str, Any] = {"year": int(year), "province": province.gso_code, "lang": plan.lang}
    if plan.data_dir is not None:
        given["data_dir"] = str(plan.data_arg)
    given.update(plan.params)
    return {k: v for k, v in given.items() if k in info.declared}


def brief_pdf_writer() -> Callable[[str, Path], Any] | None:
    """The PDF writer of the leaders' brief (:func:`icttools.run.pdf.write_pdf`), or None where
    WeasyPrint or its system libraries are missing (the brief's HTML is then its only form)."""
    from icttools.run.pdf import pdf_available, write_pdf

    return write_pdf if pdf_available() else None


def _rel(path: Path, root: Path | None, fallback: str) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root).as_posix() or "."
        except ValueError:
            pass
    return fallback


def _sidecar(plan: Any, info: Any, year: int, province: Province, title: str, status: str,
             error: Mapping[str, Any] | None, files: Mapping[str, str], parameters: Mapping[str, Any],
             inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "notebook": info.stem,
        "title": title,
        "short_title": info.titles[plan.lang],
        "lang": plan.lang,
        "year": int(year),
        "province": {"gso_code": province.gso_code, "name_vi": province.name_vi, "slug": province.slug},
        "status": status,
        "error": None if status == "ok" else dict(error or {}),
        "files": dict(files),
        "parameters": dict(parameters),
        "framework": plan.framework_id,
        "data_source": plan.data_sources.get(year),
        "synthetic": bool(plan.synthetic.get(year)),
        "provenance": [dict(p) for p in plan.provenance],
        "method_years": plan.method_years.get(year),
        "kernel": "python3",
        "inputs": dict(inputs),
        "fingerprint": fingerprint(inputs),
    }


def make_report(plan: Any, info: Any, year: int, province: Province, folder: Path,
                scrubber: PathScrubber, execute: Callable[[Path, Path, dict], None],
                inputs: Mapping[str, Any]) -> NotebookResult:
    """Execute one notebook with ``execute(template, out_nb, parameters)`` and write its files.

    A cell error, a dead kernel or a timeout gives a failed report (kept, with the error visible);
    the exception of a dead kernel or a timeout is re-raised *after* the files are written when it
    was not a cell error (the caller then replaces the kernel), as ``KernelLost``.
    """
    import papermill as pm

    out_nb = folder / f"{info.stem}.ipynb"
    params = notebook_params(plan, info, year, province)
    status, ename, evalue, lost = "ok", None, None, None
    t0 = time.perf_counter()
    try:
        execute(info.path, out_nb, params)
    except pm.PapermillExecutionError as exc:
        status, ename, evalue = "failed", str(exc.ename), str(exc.evalue)
    except Exception as exc:  # kernel died, timeout, NoSuchKernel...: still a report
        status, ename, evalue, lost = "failed", type(exc).__name__, str(exc), exc
    seconds = time.perf_counter() - t0
    evalue = scrubber.scrub(evalue) if evalue is not None else None
    title = report_title(info, province, year, plan.lang)
    files = {"ipynb": f"{info.stem}.ipynb", "html": f"{info.stem}.html"}
    try:
        html = _write_notebook_files(plan, info, year, province, out_nb, title, status, ename, evalue,
                                     scrubber)
        writer = brief_pdf_writer() if info.stem.endswith(BRIEF_SUFFIX) and status == "ok" else None
        if writer is not None:
            writer(html, folder / f"{info.stem}.pdf")
            files["pdf"] = f"{info.stem}.pdf"
    except Exception as exc:  # noqa: BLE001 - a broken export must not stop the other reports
        if status == "ok":
            status, ename = "failed", type(exc).__name__
            evalue = scrubber.scrub(f"report export failed: {exc}")
    effective = {**info.defaults(), **params}
    sidecar = _sidecar(plan, info, year, province, title, status, {"ename": ename, "evalue": evalue},
                       files, effective, inputs)
    (folder / f"{info.stem}.json").write_text(json_text(scrubber.scrub_obj(sidecar)), encoding="utf-8")
    result = NotebookResult(year=int(year), province=province, notebook=info.stem, title=title,
                            status=status, ename=ename, evalue=evalue, seconds=seconds, lang=plan.lang,
                            segment=getattr(plan, "segment", ""))
    if lost is not None:
        raise KernelLost(result) from lost
    return result


class KernelLost(Exception):
    """The kernel died or timed out during a report (the failed report is written); ``result``."""

    def __init__(self, result: NotebookResult):
        super().__init__(f"{result.ename}: {result.evalue}")
        self.result = result


def _write_notebook_files(plan: Any, info: Any, year: int, province: Province, out_nb: Path, title: str,
                          status: str, ename: str | None, evalue: str | None,
                          scrubber: PathScrubber) -> str:
    """Clean the executed notebook in place and export its HTML next to it; returns the HTML."""
    import nbformat

    try:
        nb = nbformat.read(out_nb, as_version=4)
    except (OSError, ValueError):
        nb = nbformat.read(info.path, as_version=4)  # nothing executed at all
    root = plan.project_root
    seg = f"{plan.segment}/" if getattr(plan, "segment", "") else ""
    final_rel = (f"{_rel(plan.output_dir, root, 'outputs')}/{seg}{year}/{province.slug}/{plan.lang}/"
                 f"{info.stem}.ipynb")
    nb = clean_notebook(nb, scrubber, input_path=_rel(info.path, root, f"notebooks/{info.path.name}"),
                        output_path=final_rel, cwd=_rel(plan.notebooks_dir, root, "notebooks"),
                        title=title)
    nb.metadata.setdefault("language", plan.lang)
    if status != "ok":
        nb = add_failure_note(nb, ename or "Error", evalue or "")
    nbformat.write(nb, out_nb)
    html = export_html(nb)
    out_nb.with_suffix(".html").write_text(html, encoding="utf-8")
    return html


def failed_report(plan: Any, info: Any, year: int, province: Province, folder: Path, error: str,
                  inputs: Mapping[str, Any], scrubber: PathScrubber) -> NotebookResult:
    """The sidecar of a report that could not run (its year's data are invalid): no notebook."""
    title = report_title(info, province, year, plan.lang)
    err = {"ename": error.split(":", 1)[0], "evalue": error.split(":", 1)[1].strip() if ":" in error else ""}
    effective = {**info.defaults(), **notebook_params(plan, info, year, province)}
    sidecar = _sidecar(plan, info, year, province, title, "failed", err, {}, effective, inputs)
    (folder / f"{info.stem}.json").write_text(json_text(scrubber.scrub_obj(sidecar)), encoding="utf-8")
    return NotebookResult(year=int(year), province=province, notebook=info.stem, title=title,
                          status="failed", ename=err["ename"], evalue=err["evalue"], lang=plan.lang,
                          segment=getattr(plan, "segment", ""))
