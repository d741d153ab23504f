"""Chart of report 00 (data quality): the distribution of every criterion."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, short_label, t
from icttools.present.plots.helpers import node_label, small_multiples, unit_label
from icttools.present.plots.style import COLORS

__all__ = ["indicator_distributions"]


def indicator_distributions(values: pd.DataFrame, framework: Framework, province: str, lang: str = "vi",
                            year: int | None = None, ncols: int = 5) -> Figure:
    """Small multiples: the distribution of each criterion over the provinces, the province marked.

    Each panel has a box plot (quartiles, whiskers at 1.5 IQR), every province as a grey dot
    (deterministic vertical spread) and the province as a red diamond.

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
        One axes per criterion.
    """
    check_lang(lang)
    fw = framework
    ids = [i for i in fw.indicator_ids if i in values.columns]
    fig, axes, ncols = small_multiples(len(ids), ncols, 2.6, 1.55, 0.8)
    codes = [str(c) for c in values.index]
    # deterministic vertical spread of the dots (golden-ratio sequence, no random numbers)
    spread = ((np.arange(len(codes)) * 0.6180339887) % 1.0 - 0.5) * 0.5
    for k, (ax, iid) in enumerate(zip(axes, ids)):
        x = values[iid].to_numpy(dtype=float)
        ax.boxplot(x, orientation="horizontal", widths=0.6, showfliers=False,
                   medianprops={"color": "black"}, boxprops={"color": "#555555"},
                   whiskerprops={"color": "#555555"}, capprops={"color": "#555555"})
        ax.scatter(x, 1 + spread, s=5, color=COLORS["other"], zorder=2)
        if province in codes:
            ax.scatter([x[codes.index(province)]], [1], s=40, marker="D", color=COLORS["province"], zorder=3)
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.set_title(node_label(fw, iid, lang, 30, 2), fontsize=7)
        ax.tick_params(axis="x", labelsize=6.5)
        ax.set_xlabel(short_label(unit_label(fw, iid, lang), 28), fontsize=6.5)
    fig.suptitle(t("ch_dist_title", lang, n=len(ids), year=year) if year is not None
                 else t("ch_dist_title_noyear", lang, n=len(ids)))
    return fig
