"""Charts of report 02 (gap analysis): criterion ranks in the region and the score-gap waterfall."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, fmt_num, fmt_signed, province_name, short_label, t
from icttools.present.plots.helpers import node_label
from icttools.present.plots.style import COLORS

__all__ = ["rank_heatmap", "gap_waterfall"]


# --- 3. rank heatmap -------------------------------------------------------------------------

def rank_heatmap(ranks: pd.DataFrame, framework: Framework, province: str, lang: str = "vi",
                 title: str | None = None, n_provinces: int | None = None, annotate: bool | None = None) -> Figure:
    """Ranks of some provinces on every criterion: criteria as rows, provinces as columns.

    Parameters
    ----------
    ranks : DataFrame
        Provinces (rows, indexed by GSO code, in the column order wanted) × indicators
        (``icttools.analysis.gaps.indicator_ranks(result)`` restricted to some provinces).
    framework : Framework
    province : str
        The column drawn with a frame and a red label.
    lang : {"vi", "en"}
    title : str, optional
        What the provinces are (e.g. the region's name); shown in the title.
    n_provinces : int, optional
        Worst possible rank (colour scale), default 63.
    annotate : bool, optional
        Write the rank in each cell (default: when at most 20 provinces).

    Returns
    -------
    Figure
        Two axes: the heatmap and its colour bar.
    """
    check_lang(lang)
    fw = framework
    ids = [i for i in fw.indicator_ids if i in ranks.columns]
    data = ranks[ids].T.to_numpy(dtype=float)
    codes = [str(c) for c in ranks.index]
    vmax = n_provinces or 63
    annotate = len(codes) <= 20 if annotate is None else annotate
    fig, ax = plt.subplots(figsize=(max(6.0, 3.6 + 0.42 * len(codes)), 0.27 * len(ids) + 2.4),
                           layout="constrained")
    im = ax.imshow(data, aspect="auto", cmap="RdYlGn_r", vmin=1, vmax=vmax, interpolation="nearest")
    ax.set_yticks(np.arange(len(ids)), [node_label(fw, i, lang, 48) for i in ids], fontsize=7)
    ax.set_xticks(np.arange(len(codes)), [province_name(c, lang) for c in codes], rotation=60,
                  ha="right", rotation_mode="anchor", fontsize=7)
    ax.tick_params(length=0)
    ax.grid(False)
    for tick, c in zip(ax.get_xticklabels(), codes):
        if c == province:
            tick.set_color(COLORS["province"])
            tick.set_fontweight("bold")
    if province in codes:
        j = codes.index(province)
        ax.add_patch(Rectangle((j - 0.5, -0.5), 1, len(ids), fill=False, edgecolor="black", linewidth=1.6))
    # separators between sub-indices
    groups = [fw.indicator(i).group for i in ids]
    for r in range(1, len(ids)):
        if groups[r] != groups[r - 1]:
            ax.axhline(r - 0.5, color="white", linewidth=2)
    if annotate:
        for r in range(data.shape[0]):
            for c in range(data.shape[1]):
                v = data[r, c]
                dark = v < 0.2 * vmax or v > 0.8 * vmax
                ax.text(c, r, f"{int(v)}", ha="center", va="center", fontsize=6,
                        color="white" if dark else "black")
    cbar = fig.colorbar(im, ax=ax, shrink=0.6, pad=0.01)
    cbar.set_label(t("ch_heatmap_cbar", lang))
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(short_label(t("ch_heatmap_title", lang, title=title or ""), 80, 2))
    return fig


# --- 4. gap waterfall ------------------------------------------------------------------------

def gap_waterfall(decomposition: Any, framework: Framework, lang: str = "vi", top: int = 10,
                  reference_label: str | None = None) -> Figure:
    """Waterfall of the overall-score gap to a reference, by criterion.

    Starts at the province's score, adds the ``top`` largest contributions (by absolute value,
    largest first) and the sum of the others, and ends at the reference's score. A positive
    contribution (orange) is points the province loses against the reference; a negative one
    (green) is points it gains.

    Parameters
    ----------
    decomposition : GapDecomposition
        From :func:`icttools.analysis.gaps.decompose_gap`.
    framework : Framework
    lang : {"vi", "en"}
    top : int
        Criteria shown one by one.
    reference_label : str, optional
        Name of the reference (default: the reference province's name, or the reference kind).

    Returns
    -------
    Figure
        One axes with ``top + 3`` bars (``top + 2`` when no criterion is left over).
    """
    check_lang(lang)
    fw = framework
    contrib = decomposition.contributions
    order = sorted(contrib.index, key=lambda i: (-abs(float(contrib[i])), fw.indicator_ids.index(i)))
    shown = order[:top]
    rest = order[top:]
    start = float(decomposition.province_score)
    end = float(decomposition.reference_score)
    if reference_label is None:
        ref_code = decomposition.reference_province
        reference_label = (province_name(ref_code, lang) if ref_code is not None
                           else t(f"ref_{decomposition.reference}", lang, k=decomposition.target_rank))
    name = province_name(decomposition.province, lang)
    labels = [t("ch_waterfall_start", lang, name=name)]
    steps = [float(contrib[i]) for i in shown]
    labels += [node_label(fw, i, lang, 46) for i in shown]
    if rest:
        steps.append(float(contrib[rest].sum()))
        labels.append(t("ch_waterfall_rest", lang, n=len(rest)))
    labels.append(t("ch_waterfall_end", lang, ref=reference_label))
    running = start + np.concatenate([[0.0], np.cumsum(steps)])
    lo = min(running.min(), start, end)
    hi = max(running.max(), start, end)
    pad = 0.12 * (hi - lo) if hi > lo else 0.01
    left_edge = lo - pad

    fig, ax = plt.subplots(figsize=(8.5, 0.32 * len(labels) + 1.6), layout="constrained")
    y = np.arange(len(labels))
    ax.barh(y[0], start - left_edge, left=left_edge, color=COLORS["province"], height=0.65)
    for k, step in enumerate(steps, start=1):
        left = running[k - 1] if step >= 0 else running[k - 1] + step
        color = COLORS["worse"] if step > 0 else COLORS["better"]
        ax.barh(y[k], abs(step), left=left, color=color, height=0.65)
        ax.text(max(running[k - 1], running[k]), y[k], " " + fmt_signed(step, 4, lang), va="center", fontsize=7)
        ax.plot([running[k - 1]] * 2, [y[k - 1] + 0.33, y[k] - 0.33], color="#888888", linewidth=0.6)
    ax.barh(y[-1], end - left_edge, left=left_edge, color=COLORS["leader"], height=0.65)
    ax.plot([running[-1]] * 2, [y[-2] + 0.33, y[-1] - 0.33], color="#888888", linewidth=0.6)
    ax.text(start, y[0], " " + fmt_num(start, 4, lang), va="center", fontsize=7, fontweight="bold")
    ax.text(end, y[-1], " " + fmt_num(end, 4, lang), va="center", fontsize=7, fontweight="bold")
    ax.set_yticks(y, labels, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(left_edge, hi + 2.2 * pad)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("ch_waterfall_x", lang))
    ax.set_title(short_label(t("ch_waterfall_title", lang, ref=reference_label,
                               gap=fmt_signed(decomposition.score_gap, 4, lang)), 80, 2))
    fig.legend(handles=[Patch(color=COLORS["worse"], label=t("ch_wf_behind", lang)),
                        Patch(color=COLORS["better"], label=t("ch_wf_ahead", lang))],
               loc="outside lower center", ncols=2)
    return fig

