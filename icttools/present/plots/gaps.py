"""Charts of report 02 (gap analysis): criterion ranks in the region and the score-gap waterfall."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, join_list, province_name, t
from icttools.present.plots.helpers import (
    chart_axes,
    emphasise,
    fit,
    legend_below,
    node_label,
    set_title,
)
from icttools.present.plots.style import (
    COLORS,
    FIGURE_WIDTH,
    RANK_CMAP,
    LocaleFormatter,
    chart,
    format_number,
    localise_axes,
    rank_ticks,
    readable_on,
    score_decimals,
    set_alt_text,
)

__all__ = ["rank_heatmap", "gap_waterfall"]

_LABEL_INCHES = 2.9  # room for the criterion names of the heatmap and the waterfall


@chart
def rank_heatmap(ranks: pd.DataFrame, framework: Framework, province: str, lang: str = "vi",
                 title: str | None = None, n_provinces: int | None = None, annotate: bool | None = None,
                 ax: Axes | None = None) -> Figure:
    """Ranks of some provinces on every criterion: criteria as rows, provinces as columns.

    Colours run from blue (good ranks) through light grey to orange (poor ranks); each cell's
    number is black or white, whichever reads better on its colour.

    Parameters
    ----------
    ranks : DataFrame
        Provinces (rows, indexed by GSO code, in the column order wanted) × indicators
        (``icttools.analysis.gaps.indicator_ranks(result)`` restricted to some provinces).
    framework : Framework
    province : str
        The column drawn with a frame and a highlighted label.
    lang : {"vi", "en"}
    title : str, optional
        What the provinces are (e.g. the region's name); shown in the title.
    n_provinces : int, optional
        Worst possible rank (colour scale), default 63.
    annotate : bool, optional
        Write the rank in each cell (default: when at most 20 provinces).
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        Two axes: the heatmap and its colour bar; alt text: the province's best and worst
        criterion ranks.
    """
    check_lang(lang)
    fw = framework
    ids = [i for i in fw.indicator_ids if i in ranks.columns]
    data = ranks[ids].T.to_numpy(dtype=float)
    codes = [str(c) for c in ranks.index]
    vmax = n_provinces or 63
    annotate = len(codes) <= 20 if annotate is None else annotate
    cell = min(0.45, (FIGURE_WIDTH - _LABEL_INCHES - 1.0) / max(len(codes), 1))
    fig, ax, own = chart_axes(ax, (_LABEL_INCHES + 1.0 + cell * max(len(codes), 4), 0.36 * len(ids) + 2.4))
    norm = Normalize(vmin=1, vmax=vmax)
    im = ax.imshow(data, aspect="auto", cmap=RANK_CMAP, norm=norm, interpolation="nearest")
    ax.set_yticks(np.arange(len(ids)), [node_label(fw, i, lang, _LABEL_INCHES, 8) for i in ids],
                  fontsize=8)
    ax.set_xticks(np.arange(len(codes)), [province_name(c, lang, units=framework.units) for c in codes], rotation=60,
                  ha="right", rotation_mode="anchor", fontsize=8)
    ax.tick_params(length=0)
    ax.grid(False)
    emphasise(ax.get_xticklabels(), [c == province for c in codes])
    if province in codes:
        j = codes.index(province)
        ax.add_patch(Rectangle((j - 0.5, -0.5), 1, len(ids), fill=False, edgecolor="black", linewidth=1.8))
    groups = [fw.indicator(i).group for i in ids]
    for r in range(1, len(ids)):  # separators between sub-indices
        if groups[r] != groups[r - 1]:
            ax.axhline(r - 0.5, color="white", linewidth=2.5)
    if annotate:
        for (r, c), v in np.ndenumerate(data):
            if np.isfinite(v):
                ax.text(c, r, f"{int(v)}", ha="center", va="center", fontsize=8,
                        color=readable_on(RANK_CMAP(norm(v))))
    cbar = fig.colorbar(im, ax=ax, shrink=0.5, pad=0.02, aspect=30)
    cbar.set_ticks(rank_ticks(1, vmax))
    cbar.ax.yaxis.set_major_formatter(LocaleFormatter(lang))
    cbar.ax.invert_yaxis()  # rank 1 (best) at the top
    cbar.set_label(t("ch_heatmap_cbar", lang))
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    full_title = t("ch_heatmap_title", lang, title=title or "")
    set_title(fig, full_title, None if own else ax)
    if province in codes:
        mine = ranks.loc[province, ids].astype(float)
        best, worst = mine.idxmin(), mine.idxmax()
        reading = t("alt_heatmap", lang, name=province_name(province, lang, units=framework.units), best=node_label(fw, best, lang),
                    best_rank=int(mine[best]), worst=node_label(fw, worst, lang), worst_rank=int(mine[worst]))
    else:
        reading = t("alt_heatmap_none", lang, n=len(codes), m=len(ids))
    set_alt_text(fig, full_title, reading)
    return fig


@chart
def gap_waterfall(decomposition: Any, framework: Framework, lang: str = "vi", top: int = 10,
                  reference_label: str | None = None, ax: Axes | None = None) -> Figure:
    """Waterfall of the overall-score gap to a reference, by criterion.

    Starts at the province's score, adds the ``top`` largest contributions (by absolute value,
    largest first) and the sum of the others, and ends at the reference's score. A positive
    contribution (orange) is points the province loses against the reference; a negative one
    (blue) is points it gains. The gap in the title is the difference of the two scores as
    published (rounded), the same number the report's text gives.

    Parameters
    ----------
    decomposition : GapDecomposition
        From :func:`icttools.analysis.decomposition.decompose_gap`.
    framework : Framework
    lang : {"vi", "en"}
    top : int
        Criteria shown one by one.
    reference_label : str, optional
        Name of the reference (default: the reference province's name, or the reference kind).
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        One axes with ``top + 3`` bars (``top + 2`` when no criterion is left over); alt text:
        the three largest contributions.
    """
    check_lang(lang)
    fw = framework
    d = score_decimals(fw)
    contrib = decomposition.contributions
    order = sorted(contrib.index, key=lambda i: (-abs(float(contrib[i])), fw.indicator_ids.index(i)))
    shown, rest = order[:top], order[top:]
    start = float(decomposition.province_score)
    end = float(decomposition.reference_score)
    if reference_label is None:
        ref_code = decomposition.reference_province
        reference_label = (province_name(ref_code, lang, units=framework.units) if ref_code is not None
                           else t(f"ref_{decomposition.reference}", lang, k=decomposition.target_rank))
    name = province_name(decomposition.province, lang, units=framework.units)
    labels = [fit(t("ch_waterfall_start", lang, name=name), _LABEL_INCHES, 8.5)]
    steps = [float(contrib[i]) for i in shown]
    labels += [node_label(fw, i, lang, _LABEL_INCHES, 8.5) for i in shown]
    if rest:
        steps.append(float(contrib[rest].sum()))
        labels.append(t("ch_waterfall_rest", lang, n=len(rest)))
    labels.append(fit(t("ch_waterfall_end", lang, ref=reference_label), _LABEL_INCHES, 8.5))
    running = start + np.concatenate([[0.0], np.cumsum(steps)])
    lo = min(running.min(), start, end)
    hi = max(running.max(), start, end)
    pad = 0.12 * (hi - lo) if hi > lo else 0.01
    left_edge = max(0.0, lo - pad)

    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax, own = chart_axes(ax, (9.0, 0.2 * lines + 0.2 * len(labels) + 1.9))
    y = np.arange(len(labels))
    ax.barh(y[0], start - left_edge, left=left_edge, color=COLORS["start"], height=0.65)
    for k, step in enumerate(steps, start=1):
        left = running[k - 1] if step >= 0 else running[k - 1] + step
        ax.barh(y[k], abs(step), left=left, color=COLORS["worse"] if step > 0 else COLORS["better"], height=0.65)
        ax.text(max(running[k - 1], running[k]), y[k], " " + format_number(step, d, lang, signed=True),
                va="center", fontsize=8)
        ax.plot([running[k - 1]] * 2, [y[k - 1] + 0.33, y[k] - 0.33], color="#888888", linewidth=0.6)
    ax.barh(y[-1], end - left_edge, left=left_edge, color=COLORS["end"], height=0.65)
    ax.plot([running[-1]] * 2, [y[-2] + 0.33, y[-1] - 0.33], color="#888888", linewidth=0.6)
    start_r, end_r = round(start, d), round(end, d)
    ax.text(start, y[0], " " + format_number(start_r, d, lang), va="center", fontsize=8.5, fontweight="bold")
    ax.text(end, y[-1], " " + format_number(end_r, d, lang), va="center", fontsize=8.5, fontweight="bold")
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(left_edge, hi + 2.4 * pad)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("ch_waterfall_x" if left_edge > 0 else "ch_waterfall_x0", lang))
    # the gap as the reader can check it: the difference of the two scores shown (rounded)
    gap = round(end_r - start_r, d)
    key = "ch_wf_title_behind" if gap > 0 else "ch_wf_title_ahead" if gap < 0 else "ch_wf_title_equal"
    title = t(key, lang, name=name, ref=reference_label, gap=format_number(abs(gap), d, lang))
    set_title(fig, title, None if own else ax)
    legend_below(fig, ax, own, ncols=2, handles=[Patch(color=COLORS["worse"], label=t("ch_wf_behind", lang)),
                                                 Patch(color=COLORS["better"], label=t("ch_wf_ahead", lang))])
    localise_axes(fig, lang)
    items = [f"“{node_label(fw, i, lang)}” ({format_number(contrib[i], d, lang, signed=True)})" for i in shown[:3]]
    set_alt_text(fig, title, t("alt_waterfall", lang, items=join_list(items, lang)))
    return fig
