"""Report 03 (rank sensitivity): which criteria move the rank, what each would need, and how
stable the rank is under the parts of the method the Ministry has not published.

Key messages: the rank's robustness (range and median), the criterion that lifts the rank most
*within its feasible cap*, whether one criterion alone can reach the target group, the criterion
whose fall would cost most in one year, and the method detail that moves the rank most. No
headline promises a value beyond a criterion's feasible cap (the feasibility file's
``max_value``); values needed beyond it are marked in the table. Monte Carlo and Sobol details
are in the annex.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icttools.present import plots
from icttools.present.glossary import term
from icttools.present.i18n import fmt_num
from icttools.present.phrases import fmt_change, fmt_int, fmt_value, quote, quoted_list
from icttools.present.readertable import ReaderTable, reader_table
from icttools.report.context import ReportContext
from icttools.report.layout import Message, md, show_chart
from icttools.report.sentences import median_rank, robustness_message

__all__ = ["key_messages_03", "tornado_chart", "curves_chart", "breakeven_table", "robustness_chart",
           "robustness_table", "sobol_chart", "sobol_table", "montecarlo_note", "beyond_cap"]

_BEYOND = "⚠"


def beyond_cap(ctx: ReportContext) -> pd.DataFrame:
    """Per criterion and goal (``"1"``, ``"3"``, ``"5"``, ``"target"``): the value needed and
    whether it lies beyond the criterion's feasible cap (``beyond``)."""
    be = ctx.breakeven
    caps = ctx.caps
    fw = ctx.framework
    out = be[["indicator", "goal", "value"]].copy()
    direction = out["indicator"].map(lambda i: fw.indicator(i).direction)
    value = pd.to_numeric(out["value"], errors="coerce")
    cap = out["indicator"].map(caps)
    out["cap"] = cap
    out["beyond"] = value.notna() & (((value - cap) * direction) > 1e-9)
    return out


def _lifts(ctx: ReportContext) -> pd.DataFrame:
    """Criteria that lift the rank when raised alone within their caps, best first."""
    reach = ctx.reach_within_cap
    cur = ctx.curves.current_rank
    pos = {i: k for k, i in enumerate(ctx.framework.indicator_ids)}
    lifts = reach[reach["best_rank"] < cur].copy()
    lifts["_pos"] = [pos[i] for i in lifts.index]
    return lifts.sort_values(["best_rank", "_pos"], kind="stable")


def _lift_item(ctx: ReportContext, iid: str, row: pd.Series) -> str:
    ind = ctx.framework.indicator(iid)
    return ctx.t("s_lift_item", label=quote(ctx.label(iid), ctx.lang),
                 current=fmt_value(row["current"], ind, ctx.lang), value=fmt_value(row["value"], ind, ctx.lang),
                 rank=int(row["best_rank"]))


def key_messages_03(ctx: ReportContext) -> list[Message]:
    """Robustness; the best lever within caps; the target group alone; the yearly risk; the
    method detail that matters most."""
    lang = ctx.lang
    out = [robustness_message(ctx)]
    lifts = _lifts(ctx)
    if lifts.empty:
        key = "s_lift_none_leader" if ctx.rank() == 1 else "s_lift_none"
        out.append(Message(ctx.t(key, name=ctx.name, rank=ctx.rank())))
    else:
        top = lifts.head(3)
        items = "; ".join(_lift_item(ctx, i, r) for i, r in top.iterrows())
        first = top.index[0]
        out.append(Message(ctx.t("s_lift", items=items),
                           ctx.t("s_lift_todo", label=quote(ctx.label(first), lang),
                                 step=fmt_change(ctx.reach_within_cap.at[first, "step"],
                                                 ctx.framework.indicator(first), lang).lstrip("+"))))
    group = term("top_group", lang, k=ctx.target_rank)
    if ctx.rank() <= ctx.target_rank:
        out.append(Message(ctx.t("s_topk_in", name=ctx.name, group=group)))
    else:
        flags = beyond_cap(ctx)
        ok = flags[(flags["goal"] == "target") & flags["value"].notna() & ~flags["beyond"]]
        if ok.empty:
            out.append(Message(ctx.t("s_alone_none", unit=ctx.unit_word, group=group), ctx.t("s_alone_none_todo")))
        else:
            reach = ctx.reach_within_cap
            gain = {r.indicator: abs(float(r.value) - float(reach.at[r.indicator, "current"]))
                    / max(float(reach.at[r.indicator, "step"]), 1e-9) for r in ok.itertuples()}
            best = min(gain, key=lambda i: (gain[i], ctx.framework.indicator_ids.index(i)))
            value = float(ok.set_index("indicator").at[best, "value"])
            ind = ctx.framework.indicator(best)
            out.append(Message(ctx.t("s_alone", label=quote(ctx.label(best), lang), unit=ctx.unit_word,
                                     value=fmt_value(value, ind, lang), group=group,
                                     current=fmt_value(reach.at[best, "current"], ind, lang))))
    risk = ctx.reach_within_cap
    worse = risk[risk["step_rank"] > ctx.rank()]
    if not worse.empty:
        pos = {i: k for k, i in enumerate(ctx.framework.indicator_ids)}
        iid = min(worse.index, key=lambda i: (-int(worse.at[i, "step_rank"]), pos[i]))
        ind = ctx.framework.indicator(iid)
        out.append(Message(ctx.t("s_risk", label=quote(ctx.label(iid), lang), name=ctx.name,
                                 step=fmt_change(-float(worse.at[iid, "step"]), ind, lang),
                                 rank=int(worse.at[iid, "step_rank"])),
                           ctx.t("s_risk_todo", label=quote(ctx.label(iid), lang))))
    sob = ctx.sobol if ctx.uncertainty_applies else None  # PAPI: a published method
    if sob is not None and not sob.attrs.get("note") and float(sob["ST"].max()) > 0 and len(out) < 5:
        k = int(np.argmax(sob["ST"].to_numpy()))
        out.append(Message(ctx.t("s_method_factor", name=ctx.name, factor=ctx.t("sobol_" + sob["group"].iloc[k]).lower(),
                                 st=fmt_num(sob["ST"].iloc[k], 2, lang))))
    return out[:5]


def tornado_chart(ctx: ReportContext) -> None:
    """The rank at both ends of each criterion's range (the criteria that move it most first)."""
    show_chart(ctx, plots.tornado(ctx.tornado, ctx.framework, ctx.curves.current_rank, ctx.lang))


def curves_chart(ctx: ReportContext) -> None:
    """The rank as each criterion alone moves over its range."""
    show_chart(ctx, plots.rank_curves(ctx.curves, lang=ctx.lang, target_rank=ctx.target_rank))


def breakeven_table(ctx: ReportContext) -> ReaderTable:
    """Per criterion: today's value, the feasible cap, the best rank the criterion alone reaches
    within its cap, the places one year's largest step gains, and the values needed for +1, +3,
    +5 places and the target group (``⚠``: beyond the feasible cap; ``—``: not reachable alone).
    The criteria that lift the rank most come first."""
    fw, lang = ctx.framework, ctx.lang
    reach = ctx.reach_within_cap
    flags = beyond_cap(ctx)
    cur = ctx.curves.current_rank
    pos = {i: k for k, i in enumerate(fw.indicator_ids)}
    ids = sorted(fw.indicator_ids, key=lambda i: (int(reach.at[i, "best_rank"]), pos[i]))
    data = {
        ctx.t("col_criterion"): [ctx.label(i) for i in ids],
        ctx.t("col_current"): [fmt_value(reach.at[i, "current"], fw.indicator(i), lang) for i in ids],
        ctx.t("col_cap"): [fmt_value(reach.at[i, "cap"], fw.indicator(i), lang) for i in ids],
        ctx.t("col_best_within_cap"): [int(reach.at[i, "best_rank"]) for i in ids],
        ctx.t("col_year_step"): [cur - int(reach.at[i, "step_up_rank"]) for i in ids],
    }
    goals = sorted(set(flags["goal"]) - {"target"}, key=int) + ["target"]
    for goal in goals:
        sub = flags[flags["goal"] == goal].set_index("indicator")
        label = (ctx.t("col_goal_group", k=ctx.target_rank) if goal == "target"
                 else ctx.t("col_goal_places", m=goal))
        cells = []
        for i in ids:
            v = sub.at[i, "value"]
            if v is None or pd.isna(v):
                cells.append("—")
                continue
            text = fmt_value(float(v), fw.indicator(i), lang, unit=False)
            cells.append(f"{text} {_BEYOND}" if bool(sub.at[i, "beyond"]) else text)
        data[label] = cells
    numeric = [c for c in data if c != ctx.t("col_criterion")]
    return reader_table(pd.DataFrame(data).set_index(ctx.t("col_criterion")), lang, numeric=numeric,
                        note=ctx.t("note_breakeven", k=ctx.target_rank, mark=_BEYOND))


def _no_uncertainty(ctx: ReportContext) -> md:
    """PAPI: the method is published (identity + sum); no interval to show."""
    return md(robustness_message(ctx).text)


def robustness_chart(ctx: ReportContext) -> None:
    """Every province's rank range over the trial calculations, the province marked."""
    if not ctx.uncertainty_applies:
        return _no_uncertainty(ctx)
    show_chart(ctx, plots.rank_intervals(ctx.uncertainty.summary, ctx.province, ctx.lang, top_k=ctx.target_rank,
                                            units=ctx.units))


def robustness_table(ctx: ReportContext) -> ReaderTable:
    """Every province's rank by the base method, the middle rank and the 90 % range of the trial
    calculations, and the share of them that put it in the target group."""
    if not ctx.uncertainty_applies:
        return None  # the sentence is under the chart
    s = ctx.uncertainty.summary.copy()
    s["_code"] = s["gso_code"].astype(int)
    s = s.sort_values(["nominal_rank", "median_rank", "_code"], kind="stable")
    df = pd.DataFrame({
        ctx.t("col_nominal"): s["nominal_rank"].to_numpy(dtype=int),
        ctx.t("col_province"): [ctx.pname(c) for c in s["gso_code"]],
        ctx.t("col_median_rank"): [median_rank(v) for v in s["median_rank"]],
        ctx.t("col_rank_from"): np.round(s["p05"].to_numpy(dtype=float)).astype(int),
        ctx.t("col_rank_to"): np.round(s["p95"].to_numpy(dtype=float)).astype(int),
        ctx.t("col_share_top_k", k=ctx.target_rank): [f"{fmt_int(100 * v, ctx.lang)}%" for v in s["p_top_k"]],
    })
    return reader_table(df.set_index(ctx.t("col_nominal")), ctx.lang,
                        numeric=[ctx.t("col_share_top_k", k=ctx.target_rank)],
                        highlight=[c == ctx.province for c in s["gso_code"]], nowrap=[ctx.t("col_province")],
                        note=ctx.t("note_robustness", n=fmt_int(ctx.n_samples, ctx.lang)))


def sobol_chart(ctx: ReportContext) -> None:
    """How much each unpublished method choice moves the province's rank (a sentence when the
    rank does not move at all)."""
    if not ctx.uncertainty_applies:
        return _no_uncertainty(ctx)
    sob = ctx.sobol
    if sob.attrs.get("constant_rank") is not None:
        return md(ctx.t("s_rank_constant", name=ctx.name, rank=ctx.rank()))
    show_chart(ctx, plots.sobol_bars(sob, ctx.lang, province=ctx.province, units=ctx.units))


def sobol_table(ctx: ReportContext) -> ReaderTable:
    """Annex: first-order (S1) and total (ST) Sobol indices of the province's rank per group of
    method choices, with their bootstrap confidence half-widths."""
    if not ctx.uncertainty_applies:
        return None  # the sentence is under the chart
    s = ctx.sobol
    df = pd.DataFrame({
        ctx.t("col_group"): [ctx.t(f"sobol_{g}") for g in s["group"]],
        ctx.t("col_s1_code"): s["S1"].to_numpy(dtype=float),
        ctx.t("col_s1_conf"): s["S1_conf"].to_numpy(dtype=float),
        ctx.t("col_st_code"): s["ST"].to_numpy(dtype=float),
        ctx.t("col_st_conf"): s["ST_conf"].to_numpy(dtype=float),
    })
    return reader_table(df.set_index(ctx.t("col_group")), ctx.lang, decimals=3, fixed=True, limit=None)


def montecarlo_note(ctx: ReportContext) -> md:
    """Annex: the Monte Carlo design (choices, ranges, replications, seed), the Sobol design and
    how the values needed are found."""
    if not ctx.uncertainty_applies:
        return _no_uncertainty(ctx)
    spec = ctx.uncertainty.spec
    return md(ctx.t("annex_03", n=fmt_int(ctx.n_samples, ctx.lang), seed=ctx.seed,
                    base=fmt_int(ctx.sobol_base, ctx.lang), norms=", ".join(spec.normalisations),
                    aggs=", ".join(spec.aggregations), spread=fmt_int(100 * spec.weight_spread, ctx.lang),
                    k=ctx.target_rank))
