"""Where the time of a batch run goes: cProfile of one warm kernel and of the runner's side.

Run: ``.venv/bin/python bench/profile_province.py [--province 02] [--provinces N] [--top 40]
[--out DIR]``.

Runs ``icttools run`` for one year (2018) and the given province(s) with one job and a warm
kernel, exactly as a batch does, with two profilers:

* inside the kernel: cProfile enabled right after the warm-up, so it sees every notebook (from the
  reset to the last cell), the summary and the workbook, not the imports;
* in the runner: cProfile around each report's :func:`icttools.run.reports.make_report` minus the
  notebook's execution (the clean-up, the HTML export, the PDF, the sidecar).

Prints both profiles (cumulative and own time) and writes them as ``kernel.prof`` and
``runner.prof`` into ``--out`` (default: a temporary folder) for ``python -m pstats`` or snakeviz.
Timings only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import icttools.run.kernels as kernels  # noqa: E402
import icttools.run.reports as reports  # noqa: E402
import icttools.run.workers as workers  # noqa: E402
from icttools.core.provinces import province_codes  # noqa: E402
from icttools.run.runner import run  # noqa: E402

YEAR = 2018
_ENABLE = ("import builtins as _b, cProfile as _c\n"
           "_b.__icttools_profile__ = _c.Profile()\n_b.__icttools_profile__.enable()\ndel _b, _c")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--province", default="02")
    ap.add_argument("--provinces", type=int, default=1, help="profile this many provinces from --province on")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--out", help="folder for kernel.prof and runner.prof")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="profile-province-")
    out = Path(args.out).resolve() if args.out else Path(tmp.name)
    out.mkdir(parents=True, exist_ok=True)
    kernel_prof = out / "kernel.prof"

    warm_up, shutdown = kernels.ManagedKernel.warm_up, kernels.ManagedKernel.shutdown

    def profiled_warm_up(self):
        warm_up(self)
        self.run_code(_ENABLE, timeout=60)

    def dumping_shutdown(self):
        try:
            self.run_code("import builtins as _b\n_b.__icttools_profile__.disable()\n"
                          f"_b.__icttools_profile__.dump_stats({str(kernel_prof)!r})\ndel _b", timeout=60)
        except Exception as exc:  # noqa: BLE001
            print(f"no kernel profile: {exc}", file=sys.stderr)
        shutdown(self)

    runner_prof = cProfile.Profile()
    executing = {"t": 0.0}
    make_report = reports.make_report

    def profiled_make_report(plan, info, year, province, folder, scrubber, execute, inputs):
        def timed_execute(*a):
            runner_prof.disable()  # the notebook's own time is the kernel's profile
            t0 = time.perf_counter()
            try:
                execute(*a)
            finally:
                executing["t"] += time.perf_counter() - t0
                runner_prof.enable()
        runner_prof.enable()
        try:
            return make_report(plan, info, year, province, folder, scrubber, timed_execute, inputs)
        finally:
            runner_prof.disable()

    kernels.ManagedKernel.warm_up = profiled_warm_up
    kernels.ManagedKernel.shutdown = dumping_shutdown
    workers.make_report = profiled_make_report
    codes = province_codes()
    start = codes.index(args.province)
    chosen = codes[start:start + args.provinces]
    t0 = time.perf_counter()
    report = run(YEAR, chosen, jobs=1, output_dir=out / "outputs", stream=io.StringIO(), progress=False)
    wall = time.perf_counter() - t0
    print(f"{YEAR} {', '.join(chosen)}: {report.n_ok} OK, {report.n_failed} failed, {wall:.1f} s wall "
          f"(notebooks executing {executing['t']:.1f} s)")
    for r in report.results:
        print(f"  {r.province.gso_code} {r.notebook:<24} {r.seconds:6.2f} s")
    runner_prof.dump_stats(str(out / "runner.prof"))
    for name, path in (("KERNEL", kernel_prof), ("RUNNER (make_report without the execution)", out / "runner.prof")):
        if not path.exists():
            continue
        for key in ("cumulative", "tottime"):
            print(f"\n===== {name}: by {key} =====")
            pstats.Stats(str(path)).strip_dirs().sort_stats(key).print_stats(args.top)
    if args.out:
        print(f"profiles in {out}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
