"""Charts of report 03 (rank sensitivity and robustness): rank curves, tornado, rank intervals,
the effect of each method choice."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, province_name, t
from icttools.present.plots.helpers import (chart_axes, emphasise, fit, legend_below, node_label, set_title,
                                            small_multiples, unit_axis)
from icttools.present.plots.style import (COLORS, chart, format_number, localise_axes, set_alt_text,
                                          set_rank_axis)

__all__ = ["rank_curves", "tornado", "rank_intervals", "sobol_bars"]


@chart
def rank_curves(curves: Any, indicators: Sequence[str] | None = None, lang: str = "vi",
                target_rank: int | None = None, ncols: int = 3, top: int = 6) -> Figure:
    """Small multiples: the province's overall rank as one criterion sweeps its range.

    Parameters
    ----------
    curves : RankCurves
        From :func:`icttools.analysis.sensitivity.rank_curves`.
    indicators : sequence of str, optional
        Criteria to draw (default: the ``top`` that can lift the rank most on their own, then
        the largest rank swing).
    lang : {"vi", "en"}
    target_rank : int, optional
        Drawn as a dashed line.
    ncols : int
        Panels per row.
    top : int
        Default number of panels.

    Returns
    -------
    Figure
        One axes per criterion (rank 1 at the top); alt text: the best rank one criterion alone
        reaches, and with which.
    """
    check_lang(lang)
    fw = curves.framework
    best = {i: int(np.min(curves.ranks[i])) for i in fw.indicator_ids}
    if indicators is None:
        swing = {i: int(np.max(curves.ranks[i]) - np.min(curves.ranks[i])) for i in fw.indicator_ids}
        indicators = sorted(fw.indicator_ids,
                            key=lambda i: (best[i], -swing[i], fw.indicator_ids.index(i)))[:top]
    indicators = list(indicators)
    panel = min(3.1, 9.3 / max(1, min(ncols, len(indicators))))
    fig, axes, ncols = small_multiples(len(indicators), ncols, panel, 2.7, 0.9)
    for k, (ax, iid) in enumerate(zip(axes, indicators)):
        x, r = curves.values[iid], curves.ranks[iid]
        ax.plot(x, r, drawstyle="steps-post", color=COLORS["leader"], linewidth=1.4)
        cur = float(curves.current[iid])
        ax.plot([cur], [curves.current_rank], marker="o", color=COLORS["province"], linestyle="none",
                label=t("ch_current", lang))
        span = [float(np.min(r)), float(np.max(r)), float(curves.current_rank)]
        if target_rank is not None:
            ax.axhline(target_rank, color=COLORS["threshold"], linestyle="--", linewidth=0.9,
                       label=t("ch_top_k", lang, k=target_rank))
            span.append(float(target_rank))
        set_rank_axis(ax, "y", min(span), max(span), lang)
        ax.set_title(node_label(fw, iid, lang, panel - 0.3, 8.5, bold=True), fontsize=8.5)
        unit_axis(ax, fw, iid, lang, panel - 0.3)
        if k % ncols == 0:
            ax.set_ylabel(t("ch_rank", lang))
    title = t("ch_curves_title", lang, name=province_name(curves.province, lang, units=curves.framework.units))
    set_title(fig, title)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=len(handles))
    localise_axes(fig, lang)
    lifter = min(fw.indicator_ids, key=lambda i: (best[i], fw.indicator_ids.index(i)))
    if best[lifter] < curves.current_rank:
        reading = t("alt_curves", lang, rank=curves.current_rank, best=best[lifter], label=node_label(fw, lifter, lang))
    else:
        reading = t("alt_curves_none", lang, rank=curves.current_rank)
    set_alt_text(fig, title, reading)
    return fig


@chart
def tornado(table: pd.DataFrame, framework: Framework, current_rank: int, lang: str = "vi",
            top: int = 12, ax: Axes | None = None) -> Figure:
    """Tornado chart: for each criterion, the overall rank at the two ends of its sweep.

    Parameters
    ----------
    table : DataFrame
        :func:`icttools.analysis.breakeven.tornado` (indexed by indicator, sorted by swing; columns
        ``rank_low``, ``rank_high``, ``swing``).
    framework : Framework
    current_rank : int
    lang : {"vi", "en"}
    top : int
        Rows drawn (largest swing at the top).
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        One axes with two bars per criterion (the improving and the worsening side), rank 1 on
        the right; alt text: the criterion with the largest swing.
    """
    check_lang(lang)
    fw = framework
    rows = table.head(top)
    labels = [node_label(fw, i, lang, 3.0, 8.5) for i in rows.index]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax, own = chart_axes(ax, (9.0, 0.2 * lines + 0.2 * len(rows) + 1.9))
    y = np.arange(len(rows))
    sides = []
    for k, (iid, row) in enumerate(rows.iterrows()):
        d = fw.indicator(iid).direction
        r_better = int(row["rank_high"] if d > 0 else row["rank_low"])
        r_worse = int(row["rank_low"] if d > 0 else row["rank_high"])
        sides.append((r_better, r_worse))
        ax.barh(k, r_better - current_rank, left=current_rank, color=COLORS["better"], height=0.6,
                label=t("ch_tornado_better", lang) if k == 0 else None)
        ax.barh(k, r_worse - current_rank, left=current_rank, color=COLORS["worse"], height=0.6,
                label=t("ch_tornado_worse", lang) if k == 0 else None)
        # the x axis is inverted (rank 1 on the right): a smaller rank is further right
        if r_better != current_rank:
            ax.text(r_better - 0.3, k, str(r_better), ha="left", va="center", fontsize=8)
        if r_worse != current_rank:
            ax.text(r_worse + 0.3, k, str(r_worse), ha="right", va="center", fontsize=8)
    ax.axvline(current_rank, color="black", linewidth=1)
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.invert_yaxis()
    ranks = [r for pair in sides for r in pair] + [current_rank]
    set_rank_axis(ax, "x", min(ranks), max(ranks), lang, pad=3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("ch_tornado_x", lang))
    title = t("ch_tornado_title", lang, rank=current_rank)
    set_title(fig, title, None if own else ax)
    legend_below(fig, ax, own, ncols=2)
    if len(rows):
        b, w = sides[0]
        reading = t("alt_tornado", lang, label=node_label(fw, rows.index[0], lang), best=min(b, w), worst=max(b, w))
    else:
        reading = ""
    set_alt_text(fig, title, reading)
    return fig


@chart
def rank_intervals(summary: pd.DataFrame, province: str, lang: str = "vi",
                   top_k: int | None = None, ax: Axes | None = None, units: Any = None) -> Figure:
    """Rank intervals of all provinces over the sampled method choices.

    Parameters
    ----------
    summary : DataFrame
        ``run_uncertainty(...).summary`` (``gso_code, nominal_rank, median_rank, p05, p95``).
    province : str
        Highlighted.
    lang : {"vi", "en"}
    top_k : int, optional
        Draws the rank-k threshold.
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        One axes with one bar (5th to 95th percentile) per province, sorted by nominal rank,
        rank 1 on the right; alt text: the province's nominal rank, interval and median.
    """
    check_lang(lang)
    df = summary.copy()
    df["_code"] = df["gso_code"].astype(int)
    df = df.sort_values(["nominal_rank", "median_rank", "_code"], kind="stable").reset_index(drop=True)
    n = len(df)
    fig, ax, own = chart_axes(ax, (7.5, 0.2 * n + 1.8))
    y = np.arange(n)
    is_p = (df["gso_code"] == province).to_numpy()
    colors = np.where(is_p, COLORS["province"], COLORS["other"])
    ax.barh(y, (df["p95"] - df["p05"]).clip(lower=0.15).to_numpy(), left=df["p05"].to_numpy(),
            color=colors, height=0.6, label=t("ch_interval", lang))
    ax.plot(df["median_rank"], y, linestyle="none", marker="|", markersize=8, markeredgewidth=1.5,
            color="black", label=t("ch_median_rank", lang))
    ax.plot(df["nominal_rank"], y, linestyle="none", marker="D", markersize=3.5, color=COLORS["leader"],
            label=t("ch_nominal", lang))
    ax.set_yticks(y, [f"{int(r)}. {province_name(c, lang, units=units)}" for r, c in zip(df["nominal_rank"], df["gso_code"])],
                  fontsize=8)
    emphasise(ax.get_yticklabels(), is_p)
    ax.set_ylim(n - 0.4, -0.6)
    if top_k is not None:
        ax.axvline(top_k + 0.5, color=COLORS["threshold"], linestyle="--", linewidth=0.9,
                   label=t("ch_top_k", lang, k=top_k))
    set_rank_axis(ax, "x", 1, n, lang)
    ax.set_xlabel(t("ch_tornado_x", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    title = t("ch_intervals_title", lang)
    set_title(fig, title, None if own else ax)
    row = df[is_p]
    if row.empty:
        reading = ""
    else:
        p05, p95 = (int(round(float(row[c].iloc[0]))) for c in ("p05", "p95"))
        reading = t("alt_intervals" if p05 != p95 else "alt_intervals_one", lang,
                    name=province_name(province, lang, units=units), nominal=int(row["nominal_rank"].iloc[0]), p05=p05, p95=p95,
                    median=format_number(row["median_rank"].iloc[0], 1, lang, trim=True))
    set_alt_text(fig, title, reading)
    return fig


@chart
def sobol_bars(sobol: pd.DataFrame, lang: str = "vi", province: str | None = None,
               ax: Axes | None = None, units: Any = None) -> Figure:
    """First-order and total effects (Sobol indices) of each group of method choices on a rank.

    Parameters
    ----------
    sobol : DataFrame
        :func:`icttools.analysis.sobol.sobol_indices` (``group, S1, S1_conf, ST, ST_conf``).
    lang : {"vi", "en"}
    province : str, optional
        GSO code for the title (default: ``sobol.attrs["province"]``).
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        One axes with two bars per group; alt text: the group with the largest total effect.
    """
    check_lang(lang)
    code = province or sobol.attrs.get("province")
    x = np.arange(len(sobol))
    w = 0.38
    fig, ax, own = chart_axes(ax, (8.0, 4.2))
    err = {"linewidth": 0.8}
    ax.bar(x - w / 2, sobol["S1"].clip(lower=0), w, yerr=sobol["S1_conf"], color=COLORS["region"],
           label=t("col_s1", lang), capsize=3, error_kw=err)
    ax.bar(x + w / 2, sobol["ST"].clip(lower=0), w, yerr=sobol["ST_conf"], color=COLORS["leader"],
           label=t("col_st", lang), capsize=3, error_kw=err)
    ax.set_xticks(x, [fit(t(f"sobol_{g}", lang), 1.7, 8.5) for g in sobol["group"]], fontsize=8.5)
    ax.set_ylim(0, max(1.0, float((sobol["ST"] + sobol["ST_conf"]).max()) * 1.05))
    ax.set_ylabel(t("ch_sobol_y", lang))
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper right")
    title = t("ch_sobol_title", lang, name=province_name(code, lang, units=units) if code else "")
    set_title(fig, title, None if own else ax)
    localise_axes(fig, lang)
    if len(sobol):
        top = sobol.loc[sobol["ST"].idxmax()]
        reading = t("alt_sobol", lang, group=t(f"sobol_{top['group']}", lang),
                    st=format_number(top["ST"], 2, lang))
    else:
        reading = ""
    set_alt_text(fig, title, reading)
    return fig
