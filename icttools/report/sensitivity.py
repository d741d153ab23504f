"""Notebook 03 (rank sensitivity): break-even values, rank uncertainty over the method choices, Sobol indices."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown

from icttools.present.i18n import fmt_num, join_list
from icttools.report.context import ReportContext
from icttools.present.tables import display_frame
from icttools.report.layout import marker, md

__all__ = ["finding_sensitivity", "breakeven_table", "uncertainty_table", "sobol_table"]


def _fmt_rank(x: float, lang: str) -> str:
    return fmt_num(x, 0 if float(x).is_integer() else 1, lang)


def _sensitivity_extremes(ctx: ReportContext, n: int = 3) -> tuple[str, str]:
    """The ``n`` criteria whose improvement alone lifts the rank most, and whose fall drops it most."""
    fw, tor, cur = ctx.framework, ctx.tornado, ctx.curves.current_rank
    better, worse = {}, {}
    for iid, row in tor.iterrows():
        d = fw.indicator(iid).direction
        better[iid] = int(row["rank_high"] if d > 0 else row["rank_low"])
        worse[iid] = int(row["rank_low"] if d > 0 else row["rank_high"])
    pos = {i: k for k, i in enumerate(fw.indicator_ids)}
    ups = sorted((i for i in better if better[i] < cur), key=lambda i: (better[i], pos[i]))[:n]
    downs = sorted((i for i in worse if worse[i] > cur), key=lambda i: (-worse[i], pos[i]))[:n]
    up = join_list([ctx.t("f_sens_up", label=ctx.label(i), rank=better[i]) for i in ups], ctx.lang)
    down = join_list([ctx.t("f_sens_down", label=ctx.label(i), rank=worse[i]) for i in downs], ctx.lang)
    return up or ctx.t("f_sens_none"), down or ctx.t("f_sens_none")


def finding_sensitivity(ctx: ReportContext) -> Markdown:
    """The criteria that move the rank most, whether one criterion alone reaches the target, and the
    rank's 90 % interval under the method choices with the choice that matters most."""
    lang, fw = ctx.lang, ctx.framework
    up, down = _sensitivity_extremes(ctx)
    if ctx.rank() <= ctx.target_rank:
        alone = ctx.t("f_sens_already", k=ctx.target_rank)
    else:
        be = ctx.breakeven
        hits = be[(be["goal"] == "target") & be["value"].notna()]
        if hits.empty:
            alone = ctx.t("f_sens_alone_none", k=ctx.target_rank)
        else:
            sweep = ctx.curves.sweep
            rel = {r.indicator: abs(r.value - float(ctx.curves.current[r.indicator]))
                   / float(sweep.at[r.indicator, "hi"] - sweep.at[r.indicator, "lo"]) for r in hits.itertuples()}
            best = min(rel, key=lambda i: (rel[i], fw.indicator_ids.index(i)))
            value = float(hits.set_index("indicator").at[best, "value"])
            ind = fw.indicator(best)
            alone = ctx.t("f_sens_alone", label=ctx.label(best), k=ctx.target_rank,
                          value=fmt_num(value, 2, lang), unit=ind.unit if lang == "vi" else ind.unit_en)
    row = ctx.uncertainty.summary.set_index("gso_code").loc[ctx.province]
    sob = ctx.sobol
    if sob.attrs.get("note") or sob["ST"].max() <= 0:
        sobol_text = "—"
    else:
        k = int(np.argmax(sob["ST"].to_numpy()))
        sobol_text = f"{ctx.t('sobol_' + sob['group'].iloc[k])} (ST = {fmt_num(sob['ST'].iloc[k], 2, lang)})"
    return md(ctx.t("f_sens", rank_part=ctx.rank_phrase(), up=up, down=down, alone_part=alone,
                     p05=_fmt_rank(row["p05"], lang), p95=_fmt_rank(row["p95"], lang),
                     median=_fmt_rank(row["median_rank"], lang), sobol=sobol_text))


def breakeven_table(ctx: ReportContext) -> pd.DataFrame:
    """Per criterion: current value, sweep, rank at the sweep's ends, places per +10 % and the
    break-even values for +1, +3, +5 places and the top k (empty: not reachable alone)."""
    from icttools.analysis.breakeven import places_per_step

    fw, curves = ctx.framework, ctx.curves
    be = ctx.breakeven
    pps = places_per_step(curves)
    tor = ctx.tornado
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in fw.indicator_ids],
        ctx.t("col_current"): curves.current.reindex(fw.indicator_ids).to_numpy(dtype=float),
        ctx.t("col_sweep"): [f"{fmt_num(curves.sweep.at[i, 'lo'], 0, ctx.lang)}–"
                             f"{fmt_num(curves.sweep.at[i, 'hi'], 0 if curves.sweep.at[i, 'hi'] >= 10 else 2, ctx.lang)}"
                             for i in fw.indicator_ids],
        ctx.t("col_rank_low"): tor.loc[fw.indicator_ids, "rank_low"].to_numpy(dtype=int),
        ctx.t("col_rank_high"): tor.loc[fw.indicator_ids, "rank_high"].to_numpy(dtype=int),
        ctx.t("col_per_step"): pps.reindex(fw.indicator_ids).to_numpy(dtype=int),
    })
    for goal in sorted(set(be["goal"]) - {"target"}, key=int) + ["target"]:
        sub = be[be["goal"] == goal].set_index("indicator")["value"].reindex(fw.indicator_ids)
        if goal == "target":
            label = ctx.t("col_top_k", k=ctx.target_rank)
        else:
            label = ctx.t("col_plus_place" if int(goal) == 1 else "col_plus_places", m=goal)
        df[label] = sub.to_numpy(dtype=float)
    return display_frame(df.set_index(ctx.t("col_criterion")), ctx.lang, decimals=2)


def uncertainty_table(ctx: ReportContext) -> pd.DataFrame:
    """Rank distribution of every province over the method choices, by nominal rank."""
    s = ctx.uncertainty.summary.copy()
    s["_code"] = s["gso_code"].astype(int)
    s = s.sort_values(["nominal_rank", "median_rank", "_code"], kind="stable")
    df = pd.DataFrame({
        ctx.t("col_nominal"): s["nominal_rank"].to_numpy(dtype=int),
        ctx.t("col_province"): [ctx.pname(c) for c in s["gso_code"]],
        ctx.t("col_marker"): marker(ctx, list(s["gso_code"])),
        ctx.t("col_median_rank"): s["median_rank"].to_numpy(dtype=float),
        ctx.t("col_p05"): s["p05"].to_numpy(dtype=float),
        ctx.t("col_p95"): s["p95"].to_numpy(dtype=float),
        ctx.t("col_p_top_k", k=ctx.target_rank): s["p_top_k"].to_numpy(dtype=float),
        ctx.t("col_inside"): s["nominal_inside"].to_numpy(dtype=bool),
    })
    return display_frame(df.set_index(ctx.t("col_nominal")), ctx.lang, decimals=2)


def sobol_table(ctx: ReportContext) -> pd.DataFrame:
    """First- and total-order Sobol indices of the province's rank, per group of choices."""
    s = ctx.sobol
    df = pd.DataFrame({
        ctx.t("col_group"): [ctx.t(f"sobol_{g}") for g in s["group"]],
        ctx.t("col_s1"): s["S1"].to_numpy(dtype=float),
        ctx.t("col_s1_conf"): s["S1_conf"].to_numpy(dtype=float),
        ctx.t("col_st"): s["ST"].to_numpy(dtype=float),
        ctx.t("col_st_conf"): s["ST_conf"].to_numpy(dtype=float),
    })
    return display_frame(df.set_index(ctx.t("col_group")), ctx.lang, decimals=3)
