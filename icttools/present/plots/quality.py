"""Chart of report 00 (data quality): the distribution of every criterion."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.patches import Patch

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, province_name, t
from icttools.present.plots.helpers import node_label, set_title, small_multiples, unit_axis
from icttools.present.plots.style import COLORS, chart, localise_axes, set_alt_text

__all__ = ["indicator_distributions"]

_BOX = "#555555"


@chart
def indicator_distributions(values: pd.DataFrame, framework: Framework, province: str, lang: str = "vi",
                            year: int | None = None, ncols: int = 4) -> Figure:
    """Small multiples: the distribution of each criterion over the provinces, the province marked.

    Each panel has a box plot (quartiles, whiskers at 1.5 IQR), every province as a grey dot
    (deterministic vertical spread) and the province as a diamond.

    Parameters
    ----------
    values : DataFrame
        Provinces × indicators (``IndexResult.values`` or ``IndicatorTable.data``).
    framework : Framework
    province : str
    lang : {"vi", "en"}
    year : int, optional
    ncols : int

    Returns
    -------
    Figure
        One axes per criterion; alt text: on how many criteria the province is in the lowest and
        in the highest quarter.
    """
    check_lang(lang)
    fw = framework
    ids = [i for i in fw.indicator_ids if i in values.columns]
    panel = min(2.35, 9.4 / max(1, min(ncols, len(ids))))
    fig, axes, ncols = small_multiples(len(ids), ncols, panel, 1.8, 1.0)
    codes = [str(c) for c in values.index]
    # deterministic vertical spread of the dots (golden-ratio sequence, no random numbers)
    jitter = ((np.arange(len(codes)) * 0.6180339887) % 1.0 - 0.5) * 0.5
    low = high = 0
    for ax, iid in zip(axes, ids):
        x = values[iid].to_numpy(dtype=float)
        ax.boxplot(x, orientation="horizontal", widths=0.6, showfliers=False,
                   medianprops={"color": "black"}, boxprops={"color": _BOX},
                   whiskerprops={"color": _BOX}, capprops={"color": _BOX})
        ax.scatter(x, 1 + jitter, s=6, color=COLORS["other"], zorder=2)
        if province in codes:
            mine = x[codes.index(province)]
            ax.scatter([mine], [1], s=45, marker="D", color=COLORS["province"], edgecolor="black",
                       linewidth=0.5, zorder=3)
            q1, q3 = np.nanpercentile(x, [25, 75])
            low += int(mine < q1)
            high += int(mine > q3)
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.set_title(node_label(fw, iid, lang, panel - 0.15, 8.5, bold=True), fontsize=8.5)
        ax.tick_params(axis="x", labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        unit_axis(ax, fw, iid, lang, panel - 0.15)
    name = province_name(province, lang, units=framework.units)
    handles = [Line2D([], [], linestyle="none", marker="D", markersize=7, color=COLORS["province"],
                      markeredgecolor="black", markeredgewidth=0.5, label=name),
               Line2D([], [], linestyle="none", marker="o", markersize=4, color=COLORS["other"],
                      label=t("ch_dist_others", lang)),
               Patch(facecolor="white", edgecolor=_BOX, label=t("ch_dist_box", lang))]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)
    title = (t("ch_dist_title", lang, n=len(ids), year=year) if year is not None
             else t("ch_dist_title_noyear", lang, n=len(ids)))
    set_title(fig, title)
    localise_axes(fig, lang)
    set_alt_text(fig, title, t("alt_dist", lang, name=name, low=low, high=high))
    return fig
