"""Speed and memory of the rank-uncertainty Monte Carlo and of the Sobol analysis.

Target: N = 10 000 replications for the 63 provinces in under 5 s on 2 cores.

Run: ``.venv/bin/python bench/bench_uncertainty.py [--year 2018] [--repeat 3]``

Uses the demo year's table when it exists, otherwise the seeded synthetic table of the tests.
Prints wall-clock times (best of ``--repeat``), peak Python-heap memory of one run (tracemalloc,
measured in a separate run because tracing slows numpy down) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from icttools.core.framework import load_framework  # noqa: E402
from icttools.analysis.sobol import sobol_indices  # noqa: E402
from icttools.analysis.uncertainty import run_uncertainty  # noqa: E402


def _table(year: int):
    try:
        from icttools.ingest.io import load_year

        return load_year(year), f"demo year {year}"
    except (FileNotFoundError, ValueError) as exc:
        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import make_random_table

        return make_random_table(0), f"synthetic test table (seed 0; year {year} unavailable: {type(exc).__name__})"


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--year", type=int, default=2018)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    data, source = _table(args.year)
    fw = load_framework()
    print(f"data: {source}; {len(data)} provinces × {len(fw.indicator_ids)} indicators")
    print(f"cpus available: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}")
    run_uncertainty(data, fw, n=200, seed=0)  # warm-up (imports, caches)

    for n in (1000, 10_000):
        t = _best(lambda: run_uncertainty(data, fw, n=n, seed=0), args.repeat)
        peak = _peak_mb(lambda: run_uncertainty(data, fw, n=n, seed=0))
        print(f"run_uncertainty n={n:>6}: {t:6.3f} s (best of {args.repeat}), "
              f"{n / t:,.0f} replications/s, peak traced memory {peak:6.1f} MB")

    for n_base in (64, 512):
        t = _best(lambda: sobol_indices(data, "02", fw, n_base=n_base, seed=0), args.repeat)
        print(f"sobol_indices n_base={n_base:>4} ({n_base * 6} evaluations, 200 bootstrap resamples): {t:6.3f} s")

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process peak RSS: {rss:.0f} MB")
    target = _best(lambda: run_uncertainty(data, fw, n=10_000, seed=0), 1)
    print(f"target N=10 000 < 5 s: {'met' if target < 5 else 'NOT met'} ({target:.3f} s)")


if __name__ == "__main__":
    main()
