"""Charts of the notebook reports (matplotlib), one consistent style, Vietnamese or English.

Every function builds one figure with ``layout="constrained"`` (tall Vietnamese diacritics are
not cut off), labels it through :mod:`icttools.present.i18n` (``lang="vi"`` or ``"en"``) and the
framework's names (``framework.label(id, lang)``), and returns the :class:`~matplotlib.figure.Figure`.
Figures are created through :mod:`matplotlib.pyplot`, so a notebook shows them inline: follow
the call with ``plt.show()``. (A trailing ``;`` is not enough: nbval runs cells with
``store_history=False``, under which IPython ignores it and prints the figure's repr.)

Call :func:`apply_style` once (``icttools.report.setup`` does) to set the shared style. The style
is set in code, not in a ``matplotlibrc`` file, because matplotlib finds that file only in the
kernel's working folder. Text is drawn with DejaVu Sans, which covers every Vietnamese letter.

The functions take the results of the analysis modules (``IndexResult``, ``GapDecomposition``,
``RankCurves``, ``run_uncertainty(...).summary``, ...) and compute nothing expensive themselves.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from icttools.core.engine import IndexResult
from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, fmt_num, fmt_signed, province_name, short_label, t
from icttools.core.text import nfc

__all__ = [
    "COLORS",
    "STYLE",
    "apply_style",
    "ranking_bars",
    "subindex_profile",
    "rank_heatmap",
    "gap_waterfall",
    "rank_curves",
    "tornado",
    "rank_intervals",
    "sobol_bars",
    "target_plan",
    "rank_history",
    "attribution_bars",
    "indicator_distributions",
]

#: The palette: the province is always red, everything else muted.
COLORS = {
    "province": "#c0392b",
    "other": "#b8c2cc",
    "leader": "#1f4e79",
    "median": "#7f8c8d",
    "region": "#e69f00",
    "better": "#2e8b57",
    "worse": "#d35400",
    "interaction": "#9b59b6",
    "target": "#2980b9",
    "target2": "#16a085",
    "grid": "#dddddd",
}

#: rcParams set by :func:`apply_style`.
STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.edgecolor": "#555555",
    "grid.color": COLORS["grid"],
    "grid.linewidth": 0.6,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "figure.titlesize": 11,
    "figure.titleweight": "bold",
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "image.cmap": "RdYlGn_r",
}


def apply_style() -> None:
    """Set the reports' matplotlib style (fonts, sizes, grid, colours) in ``rcParams``."""
    mpl.rcParams.update(STYLE)


# --- helpers ---------------------------------------------------------------------------------

def _fw(result_or_fw: Any) -> Framework:
    return result_or_fw.framework if hasattr(result_or_fw, "framework") else result_or_fw


def _label(fw: Framework, key: str, lang: str, width: int | None = None, lines: int = 1) -> str:
    text = fw.label(key, lang)
    return short_label(text, width, lines) if width else nfc(text)


def _code_order(codes: Sequence[str], ranks: Mapping[str, float]) -> list[str]:
    """Codes sorted by rank, ties by GSO code (deterministic)."""
    return sorted(codes, key=lambda c: (ranks[c], int(c)))


def _leader(result: IndexResult, node: str | None = None) -> str:
    node = node or result.root
    ranks = result.ranks[node]
    return _code_order(list(result.codes), ranks.to_dict())[0]


def _region_codes(codes: Sequence[str], code: str) -> list[str]:
    from icttools.core.provinces import load_provinces

    region = load_provinces().set_index("gso_code")["region"]
    return [c for c in codes if region.get(c) == region[code]]


def _unit(fw: Framework, iid: str, lang: str) -> str:
    ind = fw.indicator(iid)
    return ind.unit if lang == "vi" else ind.unit_en


# --- 1. ranking ------------------------------------------------------------------------------

def _small_multiples(n: int, ncols: int, width: float, height: float, extra: float) -> tuple[Figure, list, int]:
    """A figure with ``n`` axes on a grid of ``ncols`` columns (unused cells removed).

    Returns the figure, the ``n`` axes in reading order, and the number of columns used.
    """
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig = plt.figure(figsize=(width * ncols, height * nrows + extra), layout="constrained")
    grid = fig.subplots(nrows, ncols, squeeze=False)
    axes = [grid[k // ncols][k % ncols] for k in range(nrows * ncols)]
    for ax in axes[n:]:
        fig.delaxes(ax)
    return fig, axes[:n], ncols


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
    order = _code_order(list(result.codes), ranks.to_dict())
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
    node_name = _label(fw, node, lang)
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
    leader = _leader(result)
    region = _region_codes(result.codes, province)
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
    ax.set_yticks(y, [_label(fw, g, lang, 28, 2) for g in groups])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.set_xlabel(t("ch_score", lang))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    ax.set_title(t("ch_profile_title", lang, name=province_name(province, lang)), pad=36)
    return fig


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
    ax.set_yticks(np.arange(len(ids)), [_label(fw, i, lang, 48) for i in ids], fontsize=7)
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
    labels += [_label(fw, i, lang, 46) for i in shown]
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
    fig, axes, ncols = _small_multiples(len(indicators), ncols, 3.2, 2.5, 0.6)
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
        ax.set_title(_label(fw, iid, lang, 38, 2), fontsize=8)
        ax.set_xlabel(short_label(_unit(fw, iid, lang), 30), fontsize=7.5)
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
    ax.set_yticks(y, [_label(fw, i, lang, 46) for i in rows.index], fontsize=7.5)
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


# --- 7. target plan --------------------------------------------------------------------------

def target_plan(plans: Mapping[str, Any], framework: Framework, lang: str = "vi", ncols: int = 3) -> Figure:
    """Current and target values of one or more plans, one small panel per criterion.

    Parameters
    ----------
    plans : mapping label -> TargetPlan or plan DataFrame
        Labels ``"still"`` and ``"trend"`` are translated; others are shown as given. A plan
        frame has ``indicator, current, target`` columns (``TargetPlan.plan``). A criterion a
        plan does not change is drawn at its current value.
    framework : Framework
    lang : {"vi", "en"}
    ncols : int

    Returns
    -------
    Figure
        One axes per criterion changed by any plan (one empty axes with a note when none is).
    """
    check_lang(lang)
    fw = framework
    frames = {}
    for label, plan in plans.items():
        frame = plan.plan if hasattr(plan, "plan") else plan
        if frame is None:
            continue
        frames[label] = frame.set_index("indicator") if "indicator" in frame.columns else frame
    changed = [i for i in fw.indicator_ids if any(i in f.index for f in frames.values())]
    if not changed:
        fig, ax = plt.subplots(figsize=(6, 1.6), layout="constrained")
        ax.axis("off")
        ax.text(0.5, 0.5, t("ch_plan_empty", lang), ha="center", va="center")
        ax.set_title(t("ch_plan_title", lang))
        return fig
    mode_names = {"still": t("mode_still", lang), "trend": t("mode_trend", lang)}
    palette = [COLORS["target"], COLORS["target2"], COLORS["region"], COLORS["leader"]]
    fig, axes, ncols = _small_multiples(len(changed), ncols, 3.3, 1.9, 1.0)
    for k, (ax, iid) in enumerate(zip(axes, changed)):
        current = next(float(f.at[iid, "current"]) for f in frames.values() if iid in f.index)
        names = [t("col_current", lang)]
        values = [current]
        colors = [COLORS["other"]]
        for m, (label, f) in enumerate(frames.items()):
            names.append(t("ch_plan_target", lang, mode=mode_names.get(label, label)))
            values.append(float(f.at[iid, "target"]) if iid in f.index else current)
            colors.append(palette[m % len(palette)])
        yy = np.arange(len(values))
        ax.barh(yy, values, color=colors, height=0.7)
        for yv, v in zip(yy, values):
            ax.text(v, yv, " " + fmt_num(v, 2, lang), va="center", fontsize=7)
        ax.set_yticks(yy, [""] * len(yy))
        ax.tick_params(axis="y", length=0)
        ax.invert_yaxis()
        ax.set_xlim(0, max(values) * 1.3 if max(values) > 0 else 1)
        ax.grid(axis="y", visible=False)
        ax.set_title(_label(fw, iid, lang, 36, 2), fontsize=8)
        ax.set_xlabel(short_label(_unit(fw, iid, lang), 30), fontsize=7.5)
    handles = [Patch(color=COLORS["other"], label=t("col_current", lang))]
    handles += [Patch(color=palette[m % len(palette)],
                      label=t("ch_plan_target", lang, mode=mode_names.get(label, label)))
                for m, label in enumerate(frames)]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    fig.suptitle(t("ch_plan_title", lang))
    return fig


# --- 8. trends -------------------------------------------------------------------------------

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
                label=_label(fw, nid, lang, 40))
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
    ax.set_yticks(y, [_label(fw, n, lang, 30, 2) for n in nodes], fontsize=7.5)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("ch_attr_x", lang))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4)
    y0, y1 = years if years is not None else ("", "")
    ax.set_title(t("ch_attr_title", lang, y0=y0, y1=y1), pad=22)
    return fig


# --- 9. data quality -------------------------------------------------------------------------

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
    fig, axes, ncols = _small_multiples(len(ids), ncols, 2.6, 1.55, 0.8)
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
        ax.set_title(_label(fw, iid, lang, 30, 2), fontsize=7)
        ax.tick_params(axis="x", labelsize=6.5)
        ax.set_xlabel(short_label(_unit(fw, iid, lang), 28), fontsize=6.5)
    fig.suptitle(t("ch_dist_title", lang, n=len(ids), year=year) if year is not None
                 else t("ch_dist_title_noyear", lang, n=len(ids)))
    return fig
