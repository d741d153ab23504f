"""Charts of report 01 (index overview): the ranking and the sub-index profile."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from icttools.core.engine import IndexResult
from icttools.present.i18n import check_lang, province_name, t
from icttools.present.phrases import level_words
from icttools.present.plots.helpers import (
    chart_axes,
    emphasise,
    node_label,
    province_at,
    rank_order,
    region_codes,
    set_title,
)
from icttools.present.plots.style import (
    COLORS,
    chart,
    format_number,
    localise_axes,
    score_decimals,
    set_alt_text,
    text_colour,
)

__all__ = ["ranking_bars", "subindex_profile"]


@chart
def ranking_bars(result: IndexResult, province: str, lang: str = "vi", node: str | None = None,
                 year: int | None = None, target_rank: int | None = None, ax: Axes | None = None) -> Figure:
    """All provinces ranked on one node (horizontal bars, rank 1 at the top), the province highlighted.

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
        Draws the rank-k threshold below the k-th province.
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        One axes with one bar per province; alt text: the province's rank and score and the
        leader's.
    """
    check_lang(lang)
    fw = result.framework
    node = node or result.root
    d = score_decimals(fw)
    scores = result.rounded[node]
    ranks = result.ranks[node]
    order = rank_order(list(result.codes), ranks.to_dict())
    n = len(order)
    fig, ax, own = chart_axes(ax, (7.5, 0.2 * n + 1.4))
    y = np.arange(n)
    colors = [COLORS["province"] if c == province else COLORS["other"] for c in order]
    ax.barh(y, [scores[c] for c in order], color=colors, height=0.75)
    ax.set_yticks(y, [f"{int(ranks[c])}. {province_name(c, lang, units=result.framework.units)}" for c in order], fontsize=8)
    emphasise(ax.get_yticklabels(), [c == province for c in order])
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xlim(0, max(1.0, float(scores.max())) * 1.08)
    if province in order:
        ax.text(scores[province], order.index(province), " " + format_number(scores[province], d, lang),
                va="center", fontsize=8, color=text_colour(COLORS["province"]), fontweight="bold")
    if target_rank is not None and 1 <= target_rank < n:
        inside = sum(1 for c in order if ranks[c] <= target_rank)
        ax.axhline(inside - 0.5, color=COLORS["threshold"], linestyle="--", linewidth=0.9,
                   label=t("ch_top_k", lang, k=target_rank))
        # named in a legend where the bars are shortest (the last ranks), never over a label
        ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("ch_score", lang))
    node_name = node_label(fw, node, lang)
    title = (t("ch_ranking_title", lang, node=node_name, year=year) if year is not None
             else t("ch_ranking_title_noyear", lang, node=node_name))
    set_title(fig, title, None if own else ax)
    localise_axes(fig, lang)
    if order[0] == province and n > 1:
        reading = t("alt_ranking_leader", lang, name=province_name(province, lang, units=result.framework.units),
                    score=format_number(scores[province], d, lang), second=province_name(order[1], lang, units=result.framework.units),
                    second_score=format_number(scores[order[1]], d, lang))
    else:
        reading = t("alt_ranking", lang, name=province_name(province, lang, units=result.framework.units), rank=int(ranks[province]), n=n,
                    score=format_number(scores[province], d, lang), leader=province_name(order[0], lang, units=result.framework.units),
                    leader_score=format_number(scores[order[0]], d, lang))
    set_alt_text(fig, title, reading)
    return fig


@chart
def subindex_profile(result: IndexResult, province: str, lang: str = "vi", ax: Axes | None = None) -> Figure:
    """The province's sub-index scores against the leader, the national and the regional median.

    Grouped horizontal bars: one group per sub-index, four bars per group (the province, the
    leader of the overall ranking — the runner-up when the province leads —, the national median
    and the median of the province's region).

    Parameters
    ----------
    result : IndexResult
    province : str
        GSO code of the province.
    lang : {"vi", "en"}
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        One axes with ``4 × number of sub-indices`` bars; alt text: the province's highest and
        lowest sub-index.
    """
    check_lang(lang)
    fw = result.framework
    d = score_decimals(fw)
    groups = fw.group_ids
    leader = province_at(result)
    if leader == province:
        leader = province_at(result, 2)
        leader_name = t("ch_second", lang, name=province_name(leader, lang, units=result.framework.units))
    else:
        leader_name = t("ch_leader", lang, name=province_name(leader, lang, units=result.framework.units))
    region = region_codes(result.codes, province)
    table = result.rounded[groups]
    series = [
        (province_name(province, lang, units=result.framework.units), table.loc[province].to_numpy(), COLORS["province"]),
        (leader_name, table.loc[leader].to_numpy(), COLORS["leader"]),
        (t("ch_median", lang), table.median(axis=0).to_numpy(), COLORS["median"]),
        (t("ch_region_median", lang), table.loc[region].median(axis=0).to_numpy(), COLORS["region"]),
    ]
    fig, ax, own = chart_axes(ax, (8.5, 0.85 * len(groups) + 2.0))
    y = np.arange(len(groups))
    h = 0.2
    for k, (label, values, color) in enumerate(series):
        ax.barh(y + (k - 1.5) * h, values, height=h, color=color, label=label)
    ax.set_yticks(y, [node_label(fw, g, lang, 2.3, 8.5) for g in groups], fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.set_xlabel(t("ch_score", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    words = level_words(fw, groups[0], lang)
    title = t("ch_profile_title", lang, name=province_name(province, lang, units=result.framework.units), **words)
    set_title(fig, title, None if own else ax)
    localise_axes(fig, lang)
    mine = table.loc[province]
    best, worst = mine.idxmax(), mine.idxmin()
    set_alt_text(fig, title, t("alt_profile", lang, **words, name=province_name(province, lang, units=result.framework.units),
                               best=node_label(fw, best, lang), best_score=format_number(mine[best], d, lang),
                               worst=node_label(fw, worst, lang), worst_score=format_number(mine[worst], d, lang)))
    return fig
