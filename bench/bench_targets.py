"""Speed and quality of least-effort target plans (prints figures; no assertions).

Run: .venv/bin/python bench/bench_targets.py   (figures go in the README, not in tests)

Hà Giang (02) on the 2018 demo data: rank <= 10, <= 5, <= 10 with the others on their 2017-2018
trend and with the others growing 5 %; then the province ranked 20 -> rank 10 on ten seeded
random 63 x 30 tables, with the optimiser's saving over the greedy baseline.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # conftest.make_random_table

from conftest import make_random_table  # noqa: E402
from icttools.core.engine import compute  # noqa: E402
from icttools.ingest.io import load_year  # noqa: E402
from icttools.analysis.targets import plan_target  # noqa: E402
from icttools.present.jsonout import targets_to_json  # noqa: E402


def main() -> None:
    d18, d17 = load_year(2018), load_year(2017)
    cases = [dict(rank=10), dict(rank=5), dict(rank=10, others="trend", previous=d17),
             dict(rank=10, others="trend-all", previous=d17), dict(rank=10, others="growth=5")]
    for kw in cases:
        t0 = time.perf_counter()
        tp = plan_target(d18, "02", **kw)
        dt = time.perf_counter() - t0
        print(f"demo 2018 Hà Giang rank<= {kw['rank']:2d} others={tp.others:9s} {dt:5.2f}s "
              f"feasible={tp.feasible} verified rank {tp.verified_rank} effort {tp.total_effort:.4f} "
              f"greedy {tp.greedy.total_effort:.4f}")
    a = json.dumps(targets_to_json(plan_target(d18, "02", rank=10)))
    b = json.dumps(targets_to_json(plan_target(d18, "02", rank=10)))
    print("deterministic:", a == b)

    times, savings = [], []
    for seed in range(10):
        data = make_random_table(seed)
        code = compute(data).ranks["overall"].sort_values().index[19]
        t0 = time.perf_counter()
        tp = plan_target(data, code, rank=10)
        times.append(time.perf_counter() - t0)
        savings.append(1 - tp.total_effort / tp.greedy.total_effort)
    print(f"random 63x30 tables, rank 20 -> 10 (10 seeds): median {np.median(times):.2f}s, "
          f"max {max(times):.2f}s; optimiser saves vs greedy: min {100 * min(savings):.1f}%, "
          f"median {100 * np.median(savings):.1f}%, max {100 * max(savings):.1f}%")


if __name__ == "__main__":
    main()
