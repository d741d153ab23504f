"""Charts of report 01 (index overview): the ranking and the sub-index profile."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from icttools.core.engine import IndexResult
from icttools.present.i18n import check_lang, fmt_num, province_name, short_label, t
from icttools.present.plots.helpers import leader_of, node_label, rank_order, region_codes
from icttools.present.plots.style import COLORS

__all__ = ["ranking_bars", "subindex_profile"]


def ranking_bars(result: IndexResult, province: str, lang: str = "vi", node: str | None = None,
                 year: int | None = None, target_rank: int | None = None) -> Figure:
    """All provinces ranked on one node (horizontal bars, rank 1 at the top), the province in red.

    Parameters
    ----------
    result : IndexResult
    province : str
        GSO code of the province to highlight.
    lang : {"vi", "en"}
    node : str, optional
        Node id (default: the overall index).
    year : int, optional
        Shown in the title.
    target_rank : int, optional
        Draws the top-k line below the k-th province.

    Returns
    -------
    Figure
        One axes with one bar per province.
    """
    check_lang(lang)
    fw = result.framework
    node = node or result.root
    scores = result.rounded[node]
    ranks = result.ranks[node]
    order = rank_order(list(result.codes), ranks.to_dict())
    n = len(order)
    fig, ax = plt.subplots(figsize=(7.5, max(4.0, 0.16 * n + 1.2)), layout="constrained")
    y = np.arange(n)
    colors = [COLORS["province"] if c == province else COLORS["other"] for c in order]
    ax.barh(y, [scores[c] for c in order], color=colors, height=0.75)
    ax.set_yticks(y, [f"{int(ranks[c])}. {province_name(c, lang)}" for c in order], fontsize=6.5)
    for tick, c in zip(ax.get_yticklabels(), order):
        if c == province:
            tick.set_color(COLORS["province"])
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_ylim(n - 0.4, -0.6)
    if province in order:
        k = order.index(province)
        ax.text(scores[province], k, " " + fmt_num(scores[province], 4, lang), va="center",
                fontsize=7, color=COLORS["province"], fontweight="bold")
    if target_rank is not None and 1 <= target_rank < n:
        inside = sum(1 for c in order if ranks[c] <= target_rank)
        ax.axhline(inside - 0.5, color=COLORS["leader"], linestyle="--", linewidth=0.9)
        ax.text(ax.get_xlim()[1], inside - 0.6, t("ch_top_k", lang, k=target_rank), ha="right",
                va="bottom", fontsize=7, color=COLORS["leader"])
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("ch_score", lang))
    node_name = node_label(fw, node, lang)
    title = (t("ch_ranking_title", lang, node=node_name, year=year) if year is not None
             else t("ch_ranking_title_noyear", lang, node=node_name))
    ax.set_title(short_label(title, 70, 2))
    return fig


# --- 2. sub-index profile --------------------------------------------------------------------

def subindex_profile(result: IndexResult, province: str, lang: str = "vi") -> Figure:
    """The province's sub-index scores against the leader, the national and the regional median.

    Grouped horizontal bars: one group per sub-index, four bars per group (province, leader of
    the overall ranking, national median, median of the province's region).

    Returns
    -------
    Figure
        One axes with ``4 × number of sub-indices`` bars.
    """
    check_lang(lang)
    fw = result.framework
    groups = fw.group_ids
    leader = leader_of(result)
    region = region_codes(result.codes, province)
    table = result.rounded[groups]
    series = [
        (province_name(province, lang), table.loc[province].to_numpy(), COLORS["province"]),
        (t("ch_leader", lang, name=province_name(leader, lang)), table.loc[leader].to_numpy(), COLORS["leader"]),
        (t("ch_median", lang), table.median(axis=0).to_numpy(), COLORS["median"]),
        (t("ch_region_median", lang), table.loc[region].median(axis=0).to_numpy(), COLORS["region"]),
    ]
    fig, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
    y = np.arange(len(groups))
    h = 0.2
    for k, (label, values, color) in enumerate(series):
        ax.barh(y + (k - 1.5) * h, values, height=h, color=color, label=label)
    ax.set_yticks(y, [node_label(fw, g, lang, 28, 2) for g in groups])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.set_xlabel(t("ch_score", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    ax.set_title(t("ch_profile_title", lang, name=province_name(province, lang)), pad=36)
    return fig

