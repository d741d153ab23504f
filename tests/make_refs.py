"""Regenerate the executed reference notebooks that nbval compares against.

Each report template ``notebooks/NN_name.ipynb`` is executed with papermill (kernel ``python3``,
working folder ``notebooks/``, default parameters) into ``tests/notebooks/NN_name.ipynb``; then
the metadata that changes from run to run or names this machine is removed (papermill's
timings, paths and environment, per-cell timings), so a regenerated reference differs from the
previous one only where an output changed. Review the diff before committing.

Usage::

    .venv/bin/python tests/make_refs.py                  # all templates
    .venv/bin/python tests/make_refs.py 02_gap_analysis  # some templates
    .venv/bin/python tests/make_refs.py --out /tmp/refs  # somewhere else

Then check them::

    .venv/bin/python -m pytest --nbval --nbval-current-env \\
        --nbval-sanitize-with tests/nbval_sanitize.cfg tests/notebooks

The outputs depend on the data the notebooks read: ``data/`` or ``$ICT_DATA_DIR`` when set.
Do not set ``MPLBACKEND`` (the kernel would then show no figures).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
import papermill as pm

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "tests" / "notebooks"

#: papermill's notebook-level metadata kept in a reference (the rest is timings and paths).
KEEP_PAPERMILL = ("parameters", "default_parameters")


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove run-specific metadata: papermill timings/paths/environment and cell timings.

    Outputs and execution counts are kept (nbval compares the outputs of cells that have an
    execution count).
    """
    pm_meta = nb.metadata.get("papermill")
    if pm_meta is not None:
        nb.metadata["papermill"] = {k: pm_meta[k] for k in KEEP_PAPERMILL if k in pm_meta}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:
            cell.metadata.pop("tags")
        if cell.metadata.get("jupyter", {}).get("source_hidden") is False:
            cell.metadata.pop("jupyter")
    return nb


def make_reference(template: Path, out_dir: Path) -> tuple[Path, float]:
    """Execute one template into ``out_dir`` and strip it; return the path and the seconds taken."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / template.name
    start = time.perf_counter()
    pm.execute_notebook(str(template), str(out), parameters={}, kernel_name="python3",
                        cwd=str(TEMPLATES), progress_bar=False)
    seconds = time.perf_counter() - start
    nb = nbformat.read(out, as_version=4)
    nbformat.write(strip_volatile(nb), out)
    return out, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="template names (default: all), e.g. 02_gap_analysis")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: tests/notebooks)")
    args = parser.parse_args(argv)
    templates = sorted(TEMPLATES.glob("[0-9][0-9]_*.ipynb"))
    if args.names:
        wanted = {n.removesuffix(".ipynb") for n in args.names}
        unknown = wanted - {t.stem for t in templates}
        if unknown:
            parser.error(f"unknown template(s): {', '.join(sorted(unknown))}; "
                         f"templates: {', '.join(t.stem for t in templates)}")
        templates = [t for t in templates if t.stem in wanted]
    failed = []
    for template in templates:
        try:
            out, seconds = make_reference(template, args.out)
        except pm.PapermillExecutionError as exc:
            failed.append(template.name)
            print(f"FAILED {template.name}: {exc.ename}: {exc.evalue}", file=sys.stderr)
            continue
        print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}  {seconds:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
