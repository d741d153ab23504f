"""Time to build and to draw each chart of the reports (Hà Giang 2018, Vietnamese).

"build" is the chart function (the analyses are computed beforehand), "draw" a PNG at the
figure's 100 dpi with ``bbox_inches="tight"``, as the notebook's inline backend does.

Run: .venv/bin/python bench/bench_plots.py   (figures go in the README, not in tests)
"""

from __future__ import annotations

import io
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from icttools import report  # noqa: E402
from icttools.present import plots  # noqa: E402


def best_of(fn, repeat: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    ctx = report.setup(year=2018, province="02", lang="vi", n_samples=200)
    charts = {
        "indicator_distributions": lambda: plots.indicator_distributions(ctx.data, ctx.framework, ctx.province,
                                                                         ctx.lang, year=ctx.year),
        "ranking_bars": lambda: plots.ranking_bars(ctx.result, ctx.province, ctx.lang, year=ctx.year,
                                                   target_rank=ctx.target_rank),
        "subindex_profile": lambda: plots.subindex_profile(ctx.result, ctx.province, ctx.lang),
        "rank_heatmap": lambda: plots.rank_heatmap(ctx.region_ranks, ctx.framework, ctx.province, ctx.lang,
                                                   title=ctx.region),
        "gap_waterfall": lambda: report.waterfall_chart(ctx),
        "tornado": lambda: plots.tornado(ctx.tornado, ctx.framework, ctx.curves.current_rank, ctx.lang),
        "rank_curves": lambda: plots.rank_curves(ctx.curves, lang=ctx.lang, target_rank=ctx.target_rank),
        "rank_intervals": lambda: plots.rank_intervals(ctx.uncertainty.summary, ctx.province, ctx.lang,
                                                       top_k=ctx.target_rank),
        "sobol_bars": lambda: plots.sobol_bars(ctx.sobol, ctx.lang),
        "target_plan": lambda: plots.target_plan(ctx.plans, ctx.framework, ctx.lang),
        "rank_history": lambda: plots.rank_history(ctx.history, ctx.framework, ctx.lang, province=ctx.province),
        "attribution_bars": lambda: report.attribution_chart(ctx),
    }
    for make in charts.values():  # compute the cached analyses before timing
        plt.close(make())
    total_build = total_draw = 0.0
    for name, make in charts.items():
        t_build, fig = best_of(make)
        t_draw, _ = best_of(lambda: fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi, bbox_inches="tight"))
        total_build += t_build
        total_draw += t_draw
        w, h = fig.get_size_inches()
        print(f"{name:24s} {w:4.1f} × {h:4.1f} in   build {t_build * 1e3:6.0f} ms   draw {t_draw * 1e3:6.0f} ms")
        plt.close("all")
    print(f"{'all 12 charts':24s} {'':14s}   build {total_build * 1e3:6.0f} ms   draw {total_draw * 1e3:6.0f} ms")


if __name__ == "__main__":
    main()
