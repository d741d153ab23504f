"""Timing of ``icttools run`` (papermill + HTML export + summary.json + index.html).

Run: ``.venv/bin/python bench/bench_runner.py [--sample N] [--jobs J] [--all] [--keep DIR]``.
Prints figures; asserts nothing about time. Writes into a temporary folder (or ``--keep DIR``),
never into the project's ``outputs/``.

1. The report notebooks of ``notebooks/`` for 2018 / 02 Hà Giang, one job: time per notebook.
2. A sample of N provinces (default 3) for 2018 with ``--jobs J`` (default 2), extrapolated to
   the 63 provinces: the estimate of ``--all-provinces --jobs J`` for one year.
3. With ``--all``: the real ``--all-provinces --jobs J`` run for 2018 (long: do not run it
   casually).

If ``notebooks/`` has no report notebooks yet, a trivial one-cell notebook is timed instead:
that measures the runner's own overhead per report (kernel start, export, sidecars).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from icttools.core.provinces import province_codes  # noqa: E402
from icttools.run.runner import run
from icttools.run.runplan import report_notebooks  # noqa: E402

YEAR = 2018

TRIVIAL_PARAMS = '''year: int = 2018
province: str = "02"
framework: str = "ict_index_2016"
data_dir: str = ""
lang: str = "vi"
target_rank: int = 10
seed: int = 20190418
n_samples: int = 2000'''


def trivial_notebooks(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(TRIVIAL_PARAMS)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("print(year, province)")]
    nbformat.write(nb, folder / "00_trivial.ipynb")
    return folder


def timed_run(out: Path, nb_dir: Path, provinces, jobs: int, all_provinces: bool = False):
    log = io.StringIO()
    t = time.perf_counter()
    report = run(YEAR, None if all_provinces else provinces, all_provinces=all_provinces,
                 jobs=jobs, notebooks_dir=nb_dir, output_dir=out, stream=log, progress=False)
    return time.perf_counter() - t, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=3, help="provinces timed for the estimate")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--all", action="store_true", help="really run the 63 provinces (long)")
    ap.add_argument("--keep", help="write the outputs here instead of a temporary folder")
    args = ap.parse_args()

    nb_dir = ROOT / "notebooks"
    tmp = tempfile.TemporaryDirectory(prefix="bench-runner-")
    base = Path(args.keep).resolve() if args.keep else Path(tmp.name)
    if not report_notebooks(nb_dir):
        print("notebooks/ has no report notebooks yet: timing a trivial one-cell notebook "
              "(runner overhead per report)")
        nb_dir = trivial_notebooks(Path(tempfile.mkdtemp(dir=tmp.name)))
    names = [p.stem for p in report_notebooks(nb_dir)]

    # 1. one province, one job
    secs, report = timed_run(base / "one", nb_dir, ["02"], jobs=1)
    print(f"{YEAR} 02 Hà Giang, {len(names)} notebook(s), jobs=1: {secs:.1f} s wall "
          f"({report.n_ok} OK, {report.n_failed} failed)")
    for r in report.results:
        print(f"  {r.notebook:<24} {r.seconds:6.1f} s  {r.status}"
              + (f" ({r.ename})" if not r.ok else ""))
    html = sorted((base / "one" / str(YEAR)).glob("*/*.html"))
    if html:
        sizes = [p.stat().st_size / 1e6 for p in html]
        print(f"  HTML size: {min(sizes):.2f}-{max(sizes):.2f} MB per report")

    # 2. a sample of provinces with J jobs, extrapolated
    codes = province_codes()
    step = max(1, len(codes) // max(1, args.sample))
    sample = codes[::step][:args.sample]
    secs, report = timed_run(base / "sample", nb_dir, sample, jobs=args.jobs)
    per = secs / len(sample)
    print(f"{YEAR} sample of {len(sample)} provinces ({', '.join(sample)}), jobs={args.jobs}: "
          f"{secs:.1f} s wall, {per:.1f} s per province")
    print(f"  estimate for --all-provinces --jobs {args.jobs} (63 provinces, "
          f"{63 * len(names)} reports): {63 * per / 60:.1f} min (extrapolated, not measured)")
    per_nb = statistics.mean(r.seconds for r in report.results) if report.results else 0.0
    print(f"  mean notebook execution time: {per_nb:.1f} s")

    # 3. the real thing
    if args.all:
        secs, report = timed_run(base / "all", nb_dir, None, jobs=args.jobs, all_provinces=True)
        print(f"{YEAR} --all-provinces --jobs {args.jobs}: {secs / 60:.1f} min wall for "
              f"{len(report.results)} reports ({report.n_failed} failed)")
    if args.keep:
        print(f"outputs kept in {base}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
