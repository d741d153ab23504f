"""Charts of report 05 (trends): ranks across years and the attribution of a rank change."""

from __future__ import annotations

from typing import Sequence

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, province_name, t
from icttools.present.plots.helpers import chart_axes, legend_below, node_label, set_title, spread
from icttools.present.plots.style import (COLORS, SERIES, LocaleFormatter, chart, set_alt_text,
                                          set_rank_axis, text_colour)

__all__ = ["rank_history", "attribution_bars"]

_MARKERS = "osD^vP*X"
_LABEL_SIZE = 8.0
_LABEL_GAP_PX = 2.0  # room between two stacked point labels


def _places_words(gained: int, lang: str) -> str:
    """A rank change in words: ``tăng 3 bậc`` / ``giảm 1 bậc`` / ``giữ nguyên hạng``.

    Parameters
    ----------
    gained : int
        Places gained (positive = moved up, towards rank 1).
    """
    gained = int(gained)
    if gained == 0:
        return t("ch_same", lang)
    key = "ch_up" if gained > 0 else "ch_down"
    return t(key + "_one", lang) if abs(gained) == 1 else t(key, lang, n=abs(gained))


@chart
def rank_history(history: pd.DataFrame, framework: Framework, lang: str = "vi",
                 nodes: Sequence[str] | None = None, province: str | None = None,
                 n_provinces: int = 63, ax: Axes | None = None) -> Figure:
    """A province's rank on each node across years (one line per node, rank 1 at the top).

    Every point carries its rank; labels that would touch are moved apart along the rank axis
    (a thin line joins a moved label to its point), so no two labels overlap.

    Parameters
    ----------
    history : DataFrame
        :func:`icttools.analysis.trends.rank_history` (indexed by year; ``<node>_rank`` columns).
    framework : Framework
    lang : {"vi", "en"}
    nodes : sequence of str, optional
        Default: the overall index and its components.
    province : str, optional
        GSO code for the title (default: the ``gso_code`` column).
    n_provinces : int
        The worst rank (bottom of the axis).
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        One axes with one line per node; alt text: the overall rank year by year.
    """
    check_lang(lang)
    fw = framework
    if nodes is None:
        nodes = [fw.root.id, *fw.root.children]
    nodes = list(nodes)
    code = province or (str(history["gso_code"].iloc[0]) if "gso_code" in history.columns else None)
    name = province_name(code, lang, units=framework.units) if code else ""
    years = [int(y) for y in history.index]
    fig, ax, own = chart_axes(ax, (8.5, 5.2))
    colours = []
    others = 0
    for k, nid in enumerate(nodes):
        is_root = nid == fw.root.id
        colour = COLORS["province"] if is_root else SERIES[others % len(SERIES)]
        others += 0 if is_root else 1
        colours.append(colour)
        ax.plot(years, history[f"{nid}_rank"].to_numpy(), marker=_MARKERS[k % len(_MARKERS)],
                linewidth=2.6 if is_root else 1.4, markersize=6, color=colour,
                label=node_label(fw, nid, lang, 2.8, 8.5))
    set_rank_axis(ax, "y", 1, n_provinces, lang)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.3, years[-1] + 0.5)
    ax.set_xlabel(t("ch_year", lang))
    ax.set_ylabel(t("ch_rank", lang))
    legend_below(fig, ax, own, ncols=min(len(nodes), 4))
    title = t("ch_history_title", lang, name=name)
    set_title(fig, title, None if own else ax)
    _label_points(fig, ax, years, [history[f"{nid}_rank"].to_numpy() for nid in nodes], colours)
    root = fw.root.id if fw.root.id in nodes else nodes[0]
    path = ", ".join(f"{int(r)} ({y})" for y, r in zip(years, history[f"{root}_rank"]))
    set_alt_text(fig, title, t("alt_history", lang, node=node_label(fw, root, lang), name=name, path=path))
    return fig


def _label_points(fig: Figure, ax, years: list[int], series: list[np.ndarray], colours: list[str]) -> None:
    """Write each point's rank to its right; stack the labels of one year so they never overlap."""
    fig.draw_without_rendering()  # settle the layout: the positions below are in final pixels
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    probe = ax.text(0, 0, "0123456789", fontsize=_LABEL_SIZE)
    height = probe.get_window_extent(renderer).height + _LABEL_GAP_PX
    probe.remove()
    px_per_pt = fig.dpi / 72
    for j, year in enumerate(years):
        ranks = [float(r[j]) for r in series]
        anchors = np.array([ax.transData.transform((year, r))[1] for r in ranks])
        centres = spread(anchors, np.full(len(ranks), height), lo=box.y0, hi=box.y1)
        for r, anchor, centre, colour in zip(ranks, anchors, centres, colours):
            shift = (centre - anchor) / px_per_pt
            moved = abs(shift) > _LABEL_SIZE / 2
            ann = ax.annotate(str(int(r)), xy=(year, r), xytext=(7, shift), textcoords="offset points",
                              ha="left", va="center", fontsize=_LABEL_SIZE, color=text_colour(colour),
                              bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none",
                                    "alpha": 0.85},
                              arrowprops=({"arrowstyle": "-", "color": colour, "linewidth": 0.6, "shrinkA": 0,
                                           "shrinkB": 4} if moved else None))
            ann.set_in_layout(False)


@chart
def attribution_bars(attribution: pd.DataFrame, framework: Framework, lang: str = "vi",
                     nodes: Sequence[str] | None = None, years: tuple[int, int] | None = None,
                     ax: Axes | None = None) -> Figure:
    """A rank change split into own progress, the others and their interaction, per node.

    Bars show places gained (positive = moved up, towards rank 1; negative = fell), as official
    texts say "tăng 3 bậc" / "giảm 3 bậc". The input keeps the analysis convention
    (``total = rank_after - rank_before``); the chart turns the sign.

    Parameters
    ----------
    attribution : DataFrame
        :func:`icttools.analysis.trends.attribute_rank_change` for one province (one row per node).
    framework : Framework
    lang : {"vi", "en"}
    nodes : sequence of str, optional
        Default: every node in framework order.
    years : (int, int), optional
        For the title.
    ax : matplotlib Axes, optional
        Draw on this axes of the caller's figure (which keeps its size and layout) instead of a
        new figure; the title goes above the axes.

    Returns
    -------
    Figure
        One axes with three bars per node; alt text: the overall change in words and its parts.
    """
    check_lang(lang)
    fw = framework
    att = attribution.set_index("node")
    nodes = list(nodes) if nodes is not None else [n for n in fw.node_ids if n in att.index]
    parts = [("own", COLORS["target"]), ("others", COLORS["worse"]), ("interaction", COLORS["interaction"])]
    labels = [node_label(fw, n, lang, 2.4, 8.5) for n in nodes]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax, own = chart_axes(ax, (8.5, 0.25 * lines + 0.35 * len(nodes) + 1.9))
    y = np.arange(len(nodes))
    h = 0.26
    for k, (part, color) in enumerate(parts):
        gained = -att.loc[nodes, part].to_numpy(dtype=float)
        ax.barh(y + (k - 1) * h, gained, height=h, color=color, label=t(f"col_{part}", lang))
    totals = -att.loc[nodes, "total"].to_numpy(dtype=float)
    ax.plot(totals, y, linestyle="none", marker="D", color="black", markersize=4.5, label=t("col_total", lang))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(LocaleFormatter(lang, signed=True))
    ax.set_xlabel(t("ch_attr_x", lang))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4)
    y0, y1 = years if years is not None else ("", "")
    title = t("ch_attr_title", lang, y0=y0, y1=y1)
    set_title(fig, title, None if own else ax)
    root = fw.root.id if fw.root.id in nodes else nodes[0]
    row = att.loc[root]
    words = {part: _places_words(-row[part], lang) for part in ("total", "own", "others")}
    key = "alt_attr_same" if row["own"] == row["others"] == 0 else "alt_attr"
    set_alt_text(fig, title, t(key, lang, node=node_label(fw, root, lang), **words))
    return fig
