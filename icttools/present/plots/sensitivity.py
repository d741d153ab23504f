"""Charts of report 03 (rank sensitivity and robustness): rank curves, tornado, rank intervals, Sobol indices."""

from __future__ import annotations

from typing import Any, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, province_name, short_label, t
from icttools.present.plots.helpers import node_label, small_multiples, unit_label
from icttools.present.plots.style import COLORS

__all__ = ["rank_curves", "tornado", "rank_intervals", "sobol_bars"]


# --- 5. rank curves and tornado --------------------------------------------------------------

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
        One axes per criterion.
    """
    check_lang(lang)
    fw = curves.framework
    if indicators is None:
        gain = {i: curves.current_rank - int(np.min(curves.ranks[i])) for i in fw.indicator_ids}
        swing = {i: int(np.max(curves.ranks[i]) - np.min(curves.ranks[i])) for i in fw.indicator_ids}
        indicators = sorted(fw.indicator_ids,
                            key=lambda i: (-gain[i], -swing[i], fw.indicator_ids.index(i)))[:top]
    indicators = list(indicators)
    fig, axes, ncols = small_multiples(len(indicators), ncols, 3.2, 2.5, 0.6)
    for k, (ax, iid) in enumerate(zip(axes, indicators)):
        x, r = curves.values[iid], curves.ranks[iid]
        ax.plot(x, r, drawstyle="steps-post", color=COLORS["leader"], linewidth=1.3)
        cur = float(curves.current[iid])
        ax.plot([cur], [curves.current_rank], marker="o", color=COLORS["province"], linestyle="none",
                label=t("ch_current", lang))
        if target_rank is not None:
            ax.axhline(target_rank, color=COLORS["better"], linestyle="--", linewidth=0.9,
                       label=t("ch_top_k", lang, k=target_rank))
        ax.invert_yaxis()
        ax.set_title(node_label(fw, iid, lang, 38, 2), fontsize=8)
        ax.set_xlabel(short_label(unit_label(fw, iid, lang), 30), fontsize=7.5)
        if k % ncols == 0:
            ax.set_ylabel(t("ch_rank", lang))
    fig.suptitle(t("ch_curves_title", lang, name=province_name(curves.province, lang)))
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=len(handles))
    return fig


def tornado(table: pd.DataFrame, framework: Framework, current_rank: int, lang: str = "vi",
            top: int = 12) -> Figure:
    """Tornado chart: for each criterion, the overall rank at the two ends of its sweep.

    Parameters
    ----------
    table : DataFrame
        :func:`icttools.analysis.sensitivity.tornado` (indexed by indicator, sorted by swing; columns
        ``rank_low``, ``rank_high``, ``swing``).
    framework : Framework
    current_rank : int
    lang : {"vi", "en"}
    top : int
        Rows drawn (largest swing at the top).

    Returns
    -------
    Figure
        One axes with two bars per criterion (the improving and the worsening side).
    """
    check_lang(lang)
    fw = framework
    rows = table.head(top)
    fig, ax = plt.subplots(figsize=(8.5, 0.34 * len(rows) + 1.8), layout="constrained")
    y = np.arange(len(rows))
    for k, (iid, row) in enumerate(rows.iterrows()):
        d = fw.indicator(iid).direction
        r_better = int(row["rank_high"] if d > 0 else row["rank_low"])
        r_worse = int(row["rank_low"] if d > 0 else row["rank_high"])
        ax.barh(k, r_better - current_rank, left=current_rank, color=COLORS["better"], height=0.6,
                label=t("ch_tornado_better", lang) if k == 0 else None)
        ax.barh(k, r_worse - current_rank, left=current_rank, color=COLORS["worse"], height=0.6,
                label=t("ch_tornado_worse", lang) if k == 0 else None)
        # the x axis is inverted (rank 1 on the right): "left" in data units is rightwards
        if r_better != current_rank:
            ax.text(r_better - 0.3, k, str(r_better), ha="left", va="center", fontsize=7)
        if r_worse != current_rank:
            ax.text(r_worse + 0.3, k, str(r_worse), ha="right", va="center", fontsize=7)
    ax.axvline(current_rank, color="black", linewidth=1)
    ax.set_yticks(y, [node_label(fw, i, lang, 46) for i in rows.index], fontsize=7.5)
    ax.invert_yaxis()
    lo = min(rows["rank_low"].min(), rows["rank_high"].min(), current_rank)
    hi = max(rows["rank_low"].max(), rows["rank_high"].max(), current_rank)
    ax.set_xlim(hi + 3, max(lo - 3, 0))  # rank 1 on the right: better is rightwards
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("ch_tornado_x", lang))
    ax.set_title(t("ch_tornado_title", lang) + " – " + t("ch_current_rank", lang, rank=current_rank))
    fig.legend(loc="outside lower center", ncols=2)
    return fig


# --- 6. uncertainty --------------------------------------------------------------------------

def rank_intervals(summary: pd.DataFrame, province: str, lang: str = "vi",
                   top_k: int | None = None) -> Figure:
    """Rank intervals of all provinces over the sampled method choices.

    Parameters
    ----------
    summary : DataFrame
        ``run_uncertainty(...).summary`` (``gso_code, nominal_rank, median_rank, p05, p95``).
    province : str
        Highlighted in red.
    lang : {"vi", "en"}
    top_k : int, optional
        Draws the top-k line.

    Returns
    -------
    Figure
        One axes with one bar (P5–P95) per province, sorted by nominal rank.
    """
    check_lang(lang)
    df = summary.copy()
    df["_code"] = df["gso_code"].astype(int)
    df = df.sort_values(["nominal_rank", "median_rank", "_code"], kind="stable").reset_index(drop=True)
    n = len(df)
    fig, ax = plt.subplots(figsize=(7.5, max(4.0, 0.16 * n + 1.4)), layout="constrained")
    y = np.arange(n)
    is_p = (df["gso_code"] == province).to_numpy()
    colors = np.where(is_p, COLORS["province"], COLORS["other"])
    ax.barh(y, (df["p95"] - df["p05"]).clip(lower=0.15).to_numpy(), left=df["p05"].to_numpy(),
            color=colors, height=0.6, label=t("ch_interval", lang))
    ax.plot(df["median_rank"], y, linestyle="none", marker="|", markersize=7, color="black",
            label=t("ch_median_rank", lang))
    ax.plot(df["nominal_rank"], y, linestyle="none", marker="D", markersize=3, color=COLORS["leader"],
            label=t("ch_nominal", lang))
    ax.set_yticks(y, [f"{int(r)}. {province_name(c, lang)}" for r, c in zip(df["nominal_rank"], df["gso_code"])],
                  fontsize=6.5)
    for tick, flag in zip(ax.get_yticklabels(), is_p):
        if flag:
            tick.set_color(COLORS["province"])
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_ylim(n - 0.4, -0.6)
    if top_k is not None:
        ax.axvline(top_k + 0.5, color=COLORS["better"], linestyle="--", linewidth=0.9)
    ax.set_xlim(0, n + 1)
    ax.set_xlabel(t("ch_rank", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
    ax.set_title(t("ch_intervals_title", lang), pad=22)
    return fig


def sobol_bars(sobol: pd.DataFrame, lang: str = "vi", province: str | None = None) -> Figure:
    """First- and total-order Sobol indices of a province's rank, per group of method choices.

    Parameters
    ----------
    sobol : DataFrame
        :func:`icttools.analysis.uncertainty.sobol_indices` (``group, S1, S1_conf, ST, ST_conf``).
    lang : {"vi", "en"}
    province : str, optional
        GSO code for the title (default: ``sobol.attrs["province"]``).

    Returns
    -------
    Figure
        One axes with two bars per group.
    """
    check_lang(lang)
    code = province or sobol.attrs.get("province")
    x = np.arange(len(sobol))
    w = 0.38
    fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    ax.bar(x - w / 2, sobol["S1"].clip(lower=0), w, yerr=sobol["S1_conf"], color=COLORS["target"],
           label=t("col_s1", lang), capsize=3, error_kw={"linewidth": 0.8})
    ax.bar(x + w / 2, sobol["ST"].clip(lower=0), w, yerr=sobol["ST_conf"], color=COLORS["leader"],
           label=t("col_st", lang), capsize=3, error_kw={"linewidth": 0.8})
    ax.set_xticks(x, [short_label(t(f"sobol_{g}", lang), 16, 2) for g in sobol["group"]])
    ax.set_ylim(0, max(1.0, float((sobol["ST"] + sobol["ST_conf"]).max()) * 1.05))
    ax.set_ylabel(t("ch_sobol_y", lang))
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper right")
    ax.set_title(t("ch_sobol_title", lang, name=province_name(code, lang) if code else ""))
    return fig

