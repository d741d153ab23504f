"""Speed of one index computation (63 provinces × 30 indicators) and of the batched kernel.

Run: .venv/bin/python bench/bench_engine.py   (figures go in the README, not in tests)
"""

from __future__ import annotations

import time

import numpy as np

from icttools.core.engine import compute, rank_scores, round_scores, scores_from_matrix
from icttools.core.framework import load_framework
from icttools.ingest.io import load_year


def best_of(fn, repeat: int = 7, number: int = 50) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t) / number)
    return min(times)


def main() -> None:
    fw = load_framework()
    data = load_year(2018, fw)
    X = data[fw.indicator_ids].to_numpy()
    t_compute = best_of(lambda: compute(data, fw))
    t_kernel = best_of(lambda: scores_from_matrix(X, fw))
    batch = np.broadcast_to(X, (1000,) + X.shape)

    def batched() -> None:
        s = scores_from_matrix(batch, fw)["scores"]
        rank_scores(round_scores(s[..., :1], 4))

    t_batch = best_of(batched, repeat=3, number=3)
    print(f"compute() 63 × 30, full result tables : {t_compute * 1e3:7.3f} ms")
    print(f"scores_from_matrix, one table          : {t_kernel * 1e3:7.3f} ms")
    print(f"batched kernel, 1000 tables + ranks    : {t_batch * 1e3:7.1f} ms ({t_batch / 1000 * 1e6:.1f} µs per table)")


if __name__ == "__main__":
    main()
