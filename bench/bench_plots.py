"""Time to build and to draw each chart of the reports (Hà Giang 2018, Vietnamese).

"build" is the chart function (the analyses are computed beforehand); "draw" a PNG at the
figure's 100 dpi with ``bbox_inches="tight"`` as IPython's ``print_figure`` (the inline backend)
makes it, and "png_bytes" the same pixels as the reports make them
(:func:`icttools.present.plots.render.png_bytes`). CPU time, best of three, each draw on a fresh
copy of the figure (a figure is changed by its first drawing).

Run: .venv/bin/python bench/bench_plots.py   (figures go in the README, not in tests)
"""

from __future__ import annotations

import pickle
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from IPython.core.pylabtools import print_figure  # noqa: E402

from icttools import report  # noqa: E402
from icttools.present import plots  # noqa: E402
from icttools.present.plots.render import png_bytes  # noqa: E402


def best_of(fn, repeat: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
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
        "gap_waterfall": lambda: plots.gap_waterfall(ctx.decomposition("leader"), ctx.framework, ctx.lang, top=10),
        "tornado": lambda: plots.tornado(ctx.tornado, ctx.framework, ctx.curves.current_rank, ctx.lang),
        "rank_curves": lambda: plots.rank_curves(ctx.curves, lang=ctx.lang, target_rank=ctx.target_rank),
        "rank_intervals": lambda: plots.rank_intervals(ctx.uncertainty.summary, ctx.province, ctx.lang,
                                                       top_k=ctx.target_rank),
        "sobol_bars": lambda: plots.sobol_bars(ctx.sobol, ctx.lang),
        "target_plan": lambda: plots.target_plan(ctx.plans, ctx.framework, ctx.lang),
        "rank_history": lambda: plots.rank_history(ctx.history, ctx.framework, ctx.lang, province=ctx.province),
        "attribution_bars": lambda: plots.attribution_bars(ctx.attributions[ctx.focus_pair], ctx.framework,
                                                           ctx.lang, years=ctx.focus_pair),
    }
    for make in charts.values():  # compute the cached analyses before timing
        plt.close(make())
    total = {"build": 0.0, "draw": 0.0, "png_bytes": 0.0}
    for name, make in charts.items():
        t_build, fig = best_of(make)
        frozen = pickle.dumps(fig)
        t_draw, _ = best_of(lambda: print_figure(pickle.loads(frozen), fmt="png", bbox_inches="tight"))
        t_fast, _ = best_of(lambda: png_bytes(pickle.loads(frozen)))
        for key, value in (("build", t_build), ("draw", t_draw), ("png_bytes", t_fast)):
            total[key] += value
        w, h = fig.get_size_inches()
        print(f"{name:24s} {w:4.1f} × {h:4.1f} in   build {t_build * 1e3:6.0f} ms   draw {t_draw * 1e3:6.0f} ms"
              f"   png_bytes {t_fast * 1e3:6.0f} ms")
        plt.close("all")
    print(f"{'all 12 charts':24s} {'':14s}   build {total['build'] * 1e3:6.0f} ms   draw {total['draw'] * 1e3:6.0f} ms"
          f"   png_bytes {total['png_bytes'] * 1e3:6.0f} ms")

if __name__ == "__main__":
    main()
