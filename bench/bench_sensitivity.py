"""Timing of the rank-sensitivity sweeps (icttools.analysis.sensitivity) and the gap decomposition.

Run: ``.venv/bin/python bench/bench_sensitivity.py``. Prints figures; asserts nothing about time.
Uses a seeded synthetic 63 × 30 table (the same generator as the tests), so it runs offline.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import make_random_table  # noqa: E402

from icttools.core.engine import compute  # noqa: E402
from icttools.analysis.breakeven import break_even  # noqa: E402
from icttools.analysis.sensitivity import rank_curves  # noqa: E402
from icttools.present.jsonout import gaps_to_json, sensitivity_to_json  # noqa: E402


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    data = make_random_table(0)
    code = "02"
    curves = rank_curves(data, code)  # warm-up
    n_evals = sum(len(v) for v in curves.values.values())

    t_curves = best_of(lambda: rank_curves(data, code, n_points=101))
    print(f"rank_curves: 30 indicators x 101 points (+3 extra each, {n_evals} distinct points), "
          f"fully recomputed: {t_curves * 1000:.1f} ms (best of 5)")

    t_compute = best_of(lambda: [compute(data) for _ in range(50)], repeat=3) / 50
    print(f"one compute() call: {t_compute * 1000:.2f} ms -> a Python loop over the same points "
          f"would take ~{t_compute * 30 * 104:.2f} s")

    t_be = best_of(lambda: break_even(curves, target_rank=10), repeat=3)
    be = break_even(curves, target_rank=10)
    n_found = int(be["value"].notna().sum())
    print(f"break_even (exact search on rounded ranked scores + compute() verification): {t_be * 1000:.1f} ms, "
          f"{n_found} of {len(be)} break-even values found and verified")
    alone = rank_curves(data, code, relations=False)
    t_alone = best_of(lambda: break_even(alone, target_rank=10), repeat=3)
    print(f"break_even with each value alone (no relation-implied changes): {t_alone * 1000:.1f} ms")

    t_json = best_of(lambda: sensitivity_to_json(curves, 2018), repeat=3)
    print(f"sensitivity_to_json (includes break_even, caps, yearly steps): {t_json * 1000:.1f} ms")

    res = compute(data)
    t_gaps = best_of(lambda: gaps_to_json(res, code, 2018), repeat=5)
    print(f"gaps_to_json (6 references, full decomposition): {t_gaps * 1000:.1f} ms")

    for n_points in (51, 201, 401):
        t = best_of(lambda: rank_curves(data, code, n_points=n_points), repeat=3)
        print(f"rank_curves at {n_points} points per indicator: {t * 1000:.1f} ms")


if __name__ == "__main__":
    main()
