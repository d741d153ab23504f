"""Timing of ``icttools run`` (kernels, papermill, HTML, summary, workbook, index).

Run: ``.venv/bin/python bench/bench_runner.py [--sample N] [--jobs J] [--all] [--fresh] [--keep DIR]``.
Prints figures; asserts nothing about time. Writes into a temporary folder (or ``--keep DIR``),
never into the project's ``outputs/``.

Every figure is given as wall time AND CPU time (this process and its kernels), with the machine's
load average while it was measured: on a shared machine the wall time says as much about the
others as about icttools.

1. The report notebooks of ``notebooks/`` for 2018 / 02 Hà Giang, one job: time per notebook.
2. A sample of N provinces (default 4) for 2018 with ``--jobs J`` (default 2), extrapolated to
   the 63 provinces: the estimate of ``--all-provinces --jobs J`` for one year.
3. With ``--all``: the real ``--all-provinces --jobs J`` run for 2018 (long: do not run it
   casually); the goal is at most 6 minutes for one year with 2 jobs on 2 cores.

``--fresh`` uses a fresh kernel for every notebook (the runner's ``--fresh-kernels``) instead of
one warm kernel per worker, for comparison.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from icttools.core.provinces import province_codes  # noqa: E402
from icttools.run.runner import run  # noqa: E402
from icttools.run.runplan import report_notebooks  # noqa: E402

YEAR = 2018


class Meter:
    """Wall time, CPU time (this process + finished children) and the mean 1-min load average."""

    def __enter__(self) -> "Meter":
        self.t0 = time.perf_counter()
        self.self0 = resource.getrusage(resource.RUSAGE_SELF)
        self.kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.loads: list[float] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._done.wait(5.0 if self.loads else 0.0):
            self.loads.append(os.getloadavg()[0])

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()
        self.loads.append(os.getloadavg()[0])
        self.wall = time.perf_counter() - self.t0
        s1, k1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu_self = (s1.ru_utime + s1.ru_stime) - (self.self0.ru_utime + self.self0.ru_stime)
        self.cpu_kernels = (k1.ru_utime + k1.ru_stime) - (self.kids0.ru_utime + self.kids0.ru_stime)

    @property
    def cpu(self) -> float:
        return self.cpu_self + self.cpu_kernels

    def line(self, n_reports: int) -> str:
        load = sum(self.loads) / len(self.loads)
        return (f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU (runner {self.cpu_self:.1f} s + kernels "
                f"{self.cpu_kernels:.1f} s); per report {self.wall / max(n_reports, 1):.2f} s wall, "
                f"{self.cpu / max(n_reports, 1):.2f} s CPU; load average {load:.1f} "
                f"(max {max(self.loads):.1f}) on {os.cpu_count()} cores")


def timed_run(out: Path, provinces, jobs: int, warm: bool, all_provinces: bool = False):
    with Meter() as m:
        report = run(YEAR, None if all_provinces else provinces, all_provinces=all_provinces, jobs=jobs,
                     output_dir=out, stream=io.StringIO(), progress=False, warm=warm)
    return m, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=4, help="provinces timed for the estimate")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--all", action="store_true", help="really run the 63 provinces (long)")
    ap.add_argument("--fresh", action="store_true", help="a fresh kernel for every notebook")
    ap.add_argument("--keep", help="write the outputs here instead of a temporary folder")
    args = ap.parse_args()
    warm = not args.fresh
    mode = "fresh kernels" if args.fresh else "warm kernels"

    tmp = tempfile.TemporaryDirectory(prefix="bench-runner-")
    base = Path(args.keep).resolve() if args.keep else Path(tmp.name)
    names = [p.stem for p in report_notebooks(ROOT / "notebooks")]
    print(f"{len(names)} report notebooks: {', '.join(names)}; {mode}")

    # 1. one province, one job
    m, report = timed_run(base / "one", ["02"], jobs=1, warm=warm)
    print(f"{YEAR} 02 Hà Giang, jobs=1: {report.n_ok} OK, {report.n_failed} failed; {m.line(len(report.results))}")
    for r in report.results:
        print(f"  {r.notebook:<24} {r.seconds:6.1f} s wall  {r.status}" + (f" ({r.ename})" if not r.ok else ""))
    html = sorted((base / "one" / str(YEAR)).glob("*/*/*.html"))
    if html:
        sizes = [p.stat().st_size / 1e6 for p in html]
        print(f"  HTML size: {min(sizes):.2f}-{max(sizes):.2f} MB per report")

    # 2. a sample of provinces with J jobs, extrapolated
    codes = province_codes()
    step = max(1, len(codes) // max(1, args.sample))
    sample = codes[::step][:args.sample]
    m, report = timed_run(base / "sample", sample, jobs=args.jobs, warm=warm)
    n = len(report.results)
    print(f"{YEAR} sample of {len(sample)} provinces ({', '.join(sample)}), jobs={args.jobs}: "
          f"{report.n_ok} OK, {report.n_failed} failed; {m.line(n)}")
    print(f"  estimate for --all-provinces --jobs {args.jobs} ({63 * len(names)} reports): "
          f"{63 * m.wall / len(sample) / 60:.1f} min wall at this load, "
          f"{63 * m.cpu / len(sample) / 60:.1f} min CPU (extrapolated, not measured)")

    # 3. the real thing
    if args.all:
        m, report = timed_run(base / "all", None, jobs=args.jobs, warm=warm, all_provinces=True)
        n = len(report.results)
        print(f"{YEAR} --all-provinces --jobs {args.jobs}: {n} reports ({report.n_failed} failed) in "
              f"{m.wall / 60:.1f} min wall, {m.cpu / 60:.1f} min CPU; {m.line(n)}")
    if args.keep:
        print(f"outputs kept in {base}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
