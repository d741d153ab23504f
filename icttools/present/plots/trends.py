"""Charts of report 05 (trends): ranks across years and the attribution of a rank change."""

from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, province_name, t
from icttools.present.plots.helpers import node_label
from icttools.present.plots.style import COLORS

__all__ = ["rank_history", "attribution_bars"]


def rank_history(history: pd.DataFrame, framework: Framework, lang: str = "vi",
                 nodes: Sequence[str] | None = None, province: str | None = None,
                 n_provinces: int = 63) -> Figure:
    """A province's rank on each node across years (one line per node, rank 1 at the top).

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

    Returns
    -------
    Figure
        One axes with one line per node.
    """
    check_lang(lang)
    fw = framework
    if nodes is None:
        nodes = [fw.root.id, *fw.root.children]
    code = province or (str(history["gso_code"].iloc[0]) if "gso_code" in history.columns else None)
    years = [int(y) for y in history.index]
    fig, ax = plt.subplots(figsize=(7.5, 4.5), layout="constrained")
    line_colors = [COLORS["leader"], COLORS["region"], COLORS["better"], COLORS["interaction"],
                   "#8c564b", "#17becf", "#7f7f7f", "#bcbd22", "#e377c2"]
    others = 0
    for nid in nodes:
        ranks = history[f"{nid}_rank"].to_numpy()
        is_root = nid == fw.root.id
        color = COLORS["province"] if is_root else line_colors[others % len(line_colors)]
        others += 0 if is_root else 1
        ax.plot(years, ranks, marker="o", linewidth=2.6 if is_root else 1.4, color=color,
                label=node_label(fw, nid, lang, 40))
        for yv, r in zip(years, ranks):
            ax.annotate(str(int(r)), (yv, r), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    ax.set_xticks(years, [str(y) for y in years])
    if len(years) == 1:
        ax.set_xlim(years[0] - 1, years[0] + 1)
    ax.set_ylim(n_provinces + 1, 0)
    ax.set_xlabel(t("ch_year", lang))
    ax.set_ylabel(t("ch_rank", lang))
    fig.legend(loc="outside right upper")
    ax.set_title(t("ch_history_title", lang, name=province_name(code, lang) if code else ""))
    return fig


def attribution_bars(attribution: pd.DataFrame, framework: Framework, lang: str = "vi",
                     nodes: Sequence[str] | None = None, years: tuple[int, int] | None = None) -> Figure:
    """A rank change split into own progress, the others and their interaction, per node.

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

    Returns
    -------
    Figure
        One axes with three bars per node.
    """
    check_lang(lang)
    fw = framework
    att = attribution.set_index("node")
    nodes = list(nodes) if nodes is not None else [n for n in fw.node_ids if n in att.index]
    parts = [("own", COLORS["target"]), ("others", COLORS["region"]), ("interaction", COLORS["interaction"])]
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(nodes) + 1.8), layout="constrained")
    y = np.arange(len(nodes))
    h = 0.26
    for k, (part, color) in enumerate(parts):
        vals = att.loc[nodes, part].to_numpy(dtype=float)
        ax.barh(y + (k - 1) * h, vals, height=h, color=color, label=t(f"col_{part}", lang))
    totals = att.loc[nodes, "total"].to_numpy(dtype=float)
    ax.plot(totals, y, linestyle="none", marker="D", color="black", markersize=4, label=t("col_total", lang))
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, [node_label(fw, n, lang, 30, 2) for n in nodes], fontsize=7.5)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("ch_attr_x", lang))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4)
    y0, y1 = years if years is not None else ("", "")
    ax.set_title(t("ch_attr_title", lang, y0=y0, y1=y1), pad=22)
    return fig

