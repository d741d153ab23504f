"""Report 02 (gap analysis): how far the province is from its references, and on which criteria.

Key messages: the gap to the leader, what the target group needs, the three criteria that cost
the most points, the national and regional medians (one definition each: the middle score of the
provinces), the best other province of the region. Then the references, the gaps on every level,
the waterfall charts, the points per criterion, the gaps in each criterion's unit, strengths and
weaknesses and the region's ranks; the definitions are in the annex.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from icttools.present import plots
from icttools.present.glossary import term
from icttools.present.phrases import fmt_change, fmt_score, fmt_value, quote, quoted_list, rank_of
from icttools.present.readertable import ReaderTable, reader_table
from icttools.report.context import ReportContext
from icttools.report.layout import Message, md, note, show_chart
from icttools.report.sentences import rank_sentence

__all__ = ["key_messages_02", "references_table", "gap_nodes_table", "gap_criteria_table", "waterfall_chart",
           "contributions_table", "strengths_table", "heatmap_chart"]

#: The references of report 02, in order; the medians are the middle score of the provinces.
_REFS = ("leader", "above", "top-k", "region-best", "region-median", "median")
#: The references a score gap splits by criterion against (real provinces).
_PROVINCE_REFS = ("leader", "above", "top-k", "region-best")


def _ref_label(ctx: ReportContext, ref: str) -> str:
    return ctx.t(f"ref_{ref}", k=ctx.target_rank)


def _reference(ctx: ReportContext, ref: str) -> tuple[str | None, float]:
    """The reference's province (None for a median) and its overall score (rounded)."""
    from icttools.analysis.gaps import reference_province

    col = ctx.cresult.rounded[ctx.root]  # the units with a total
    d = ctx.framework.method.rounding
    if ref == "median":  # the middle score, shown at the scores' precision
        return None, float(np.round(np.median(col.to_numpy()), d))
    if ref == "region-median":
        return None, float(np.round(np.median(col[ctx.region_codes].to_numpy()), d))
    # region-best: the analysis's reference, as in the gap tables (branch analysis8 makes it the
    # best *other* province of the region; the key messages already name the runner-up when the
    # province leads its region)
    code = reference_province(ctx.cresult, ctx.province, ref, ctx.target_rank)
    return code, (float(col[code]) if code is not None else math.nan)


def _gap(ctx: ReportContext, score: float) -> float:
    return float(np.round(score - ctx.score(), ctx.framework.method.rounding))


def key_messages_02(ctx: ReportContext) -> list[Message]:
    """The gap to the leader; the target group; the costliest criteria; the medians; the region."""
    from icttools.analysis.decomposition import strengths_weaknesses

    lang = ctx.lang
    out = []
    if ctx.province == ctx.leader:
        second = ctx.order[1]
        out.append(Message(ctx.t("s_gap_leader_self", rank_part=rank_sentence(ctx), second=ctx.pname(second),
                                 gap=fmt_score(ctx.score() - ctx.result.score(second), lang))))
    else:
        leader, score = ctx.leader, ctx.result.score(ctx.leader)
        out.append(Message(ctx.t("s_gap_leader", rank_part=rank_sentence(ctx), leader=ctx.pname(leader),
                                 gap=fmt_score(_gap(ctx, score), lang))))
    if ctx.rank() <= ctx.target_rank:
        out.append(Message(ctx.t("s_topk_in", name=ctx.name, group=term("top_group", lang, k=ctx.target_rank))))
    else:
        code, score = _reference(ctx, "top-k")
        out.append(Message(ctx.t("s_topk_out", group=term("top_group", lang, k=ctx.target_rank), unit=ctx.unit_word,
                                 gap=fmt_score(_gap(ctx, score), lang), ref=ctx.pname(code),
                                 ref_rank=ctx.result.rank(code)),
                           ctx.t("s_topk_todo")))
    if ctx.additive and ctx.province != ctx.leader:
        costliest = strengths_weaknesses(ctx.cresult, ctx.province, 3)["costliest"]
        if costliest:
            total = sum(p for *_, p in costliest)
            out.append(Message(ctx.t("s_costliest", leader=ctx.pname(ctx.leader), unit=ctx.unit_word,
                                     items=quoted_list([ctx.label(i) for i, *_ in costliest], lang),
                                     points=fmt_score(total, lang)),
                               ctx.t("s_costliest_todo")))
    med_n, med_r = _reference(ctx, "median")[1], _reference(ctx, "region-median")[1]
    out.append(Message(ctx.t("s_medians", name=ctx.name, nat=fmt_score(med_n, lang), reg=fmt_score(med_r, lang),
                             region=ctx.region, nat_gap=_above_below(ctx, med_n), reg_gap=_above_below(ctx, med_r))))
    others = [c for c in ctx.region_codes if c != ctx.province]
    if others:
        best = others[0]
        score = float(ctx.result.rounded.at[best, ctx.root])
        if ctx.region_codes[0] == ctx.province:
            out.append(Message(ctx.t("s_region_lead", name=ctx.name, region=ctx.region, second=ctx.pname(best),
                                     gap=fmt_score(-_gap(ctx, score), lang))))
        else:
            out.append(Message(ctx.t("s_region_best", region=ctx.region, best=ctx.pname(best),
                                     rank=rank_of(ctx.result.rank(best), ctx.n_provinces),
                                     gap=fmt_score(_gap(ctx, score), lang), name=ctx.name)))
    return out[:5]


def _above_below(ctx: ReportContext, reference: float) -> str:
    gap = _gap(ctx, reference)
    if gap == 0:
        return ctx.t("s_equal")
    key = "s_lower_by" if gap > 0 else "s_higher_by"
    return ctx.t(key, gap=fmt_score(abs(gap), ctx.lang))


def references_table(ctx: ReportContext) -> ReaderTable:
    """The six references: which province, its overall score and the score gap (reference minus
    province: positive = the province is behind)."""
    rows = []
    for ref in _REFS:
        code, score = _reference(ctx, ref)
        who = ctx.pname(code) if code is not None else (ctx.t("w_median_of", region=ctx.region)
                                                          if ref == "region-median" else ctx.t("w_median_all"))
        rows.append({ctx.t("col_reference"): _ref_label(ctx, ref), ctx.t("col_ref_province"): who,
                     ctx.t("col_ref_score"): score,
                     ctx.t("col_score_gap"): _gap(ctx, score) if not math.isnan(score) else math.nan})
    df = pd.DataFrame(rows).set_index(ctx.t("col_reference"))
    return reader_table(df, ctx.lang, fixed=True, note=ctx.t("note_gap_sign", name=ctx.name, region=ctx.region))


def _gap_columns(ctx: ReportContext) -> dict[str, str]:
    return {f"gap_{r.replace('-', '_')}": _ref_label(ctx, r) for r in _REFS}


def gap_nodes_table(ctx: ReportContext) -> ReaderTable:
    """Score, rank and the gaps to the six references (index points) on every level."""
    gt = ctx.gap_table
    rows = gt[gt["level"] != "indicator"]
    df = pd.DataFrame({
        ctx.t("col_node"): [ctx.label(n) for n in rows.index],
        ctx.t("col_score"): rows["value"].to_numpy(dtype=float),
        ctx.t("col_rank"): rows["rank"].to_numpy(dtype=int),
    })
    for col, label in _gap_columns(ctx).items():
        df[label] = rows[col].to_numpy(dtype=float)
    return reader_table(df.set_index(ctx.t("col_node")), ctx.lang, fixed=True,
                        note=ctx.t("note_gap_sign", name=ctx.name, region=ctx.region))


def gap_criteria_table(ctx: ReportContext) -> ReaderTable:
    """Value, rank and the gaps to the references on every criterion, in the criterion's unit,
    the province's weakest ranks first."""
    gt = ctx.gap_table
    fw = ctx.framework
    ids = sorted(fw.indicator_ids, key=lambda i: (-int(gt.at[i, "rank"]), fw.indicator_ids.index(i)))
    data: dict[str, Any] = {
        ctx.t("col_criterion"): [ctx.label(i) for i in ids],
        ctx.t("col_unit"): [fw.indicator(i).unit if ctx.lang == "vi" else fw.indicator(i).unit_en for i in ids],
        ctx.t("col_value"): [fmt_value(gt.at[i, "value"], fw.indicator(i), ctx.lang, unit=False) for i in ids],
        ctx.t("col_rank"): [int(gt.at[i, "rank"]) for i in ids],
    }
    for col, label in _gap_columns(ctx).items():
        data[label] = [_signed_value(gt.at[i, col], fw.indicator(i), ctx.lang) for i in ids]
    numeric = [ctx.t("col_value"), *_gap_columns(ctx).values()]
    return reader_table(pd.DataFrame(data).set_index(ctx.t("col_criterion")), ctx.lang, numeric=numeric,
                        nowrap=[ctx.t("col_unit")], note=ctx.t("note_gap_unit", name=ctx.name))


def _signed_value(x: Any, indicator: Any, lang: str) -> str:
    return fmt_change(x, indicator, lang, unit=False)


def waterfall_chart(ctx: ReportContext, reference: str = "leader", top: int = 10) -> None:
    """The overall-score gap to ``reference`` split by criterion (a sentence instead when it
    does not split: geometric aggregation, no province above, the province is the reference)."""
    dec = ctx.decomposition(reference)
    if dec is None:
        note(ctx.t("not_additive") if not ctx.additive else ctx.t("province_first", name=ctx.name))
        return
    if dec.reference_province == ctx.province:
        note(ctx.t("is_reference", name=ctx.name, ref=_ref_label(ctx, reference).lower()))
        return
    label = ctx.pname(dec.reference_province)
    if reference != "leader":
        label = f"{label} ({_ref_label(ctx, reference).lower()})"
    show_chart(ctx, plots.gap_waterfall(dec, ctx.framework, ctx.lang, top=top, reference_label=label))


def contributions_table(ctx: ReportContext) -> ReaderTable | Any:
    """Index points each criterion contributes to the gap against each province reference
    (positive: points the province loses); the largest against the leader first."""
    if not ctx.additive:
        return md(ctx.t("not_additive"))
    fw = ctx.framework
    cols, totals = {}, []
    for ref in _PROVINCE_REFS:
        dec = ctx.decomposition(ref)
        if dec is None or dec.reference_province == ctx.province:
            continue
        cols[_ref_label(ctx, ref)] = dec.contributions.reindex(fw.indicator_ids).to_numpy(dtype=float)
        totals.append(f"{_ref_label(ctx, ref)}: {fmt_score(_gap(ctx, ctx.result.score(dec.reference_province)), ctx.lang)}")
    if not cols:
        return md(ctx.t("province_first", name=ctx.name))
    df = pd.DataFrame({ctx.t("col_criterion"): [ctx.label(i) for i in fw.indicator_ids], **cols})
    first = next(iter(cols))
    df = df.iloc[np.lexsort((np.arange(len(df)), -df[first].to_numpy()))]
    return reader_table(df.set_index(ctx.t("col_criterion")), ctx.lang, fixed=True,
                        note=ctx.t("note_contrib", totals="; ".join(totals)))


def strengths_table(ctx: ReportContext, n: int = 4) -> ReaderTable:
    """The ``n`` best- and worst-ranked criteria, and those that cost the most points against the
    leader (value in the criterion's unit)."""
    from icttools.analysis.decomposition import strengths_weaknesses

    fw = ctx.framework
    sw = strengths_weaknesses(ctx.cresult, ctx.province, n)
    rows = []
    for key in ("strengths", "weaknesses", "costliest"):
        for iid, rank, value, pts in sw[key]:
            rows.append({ctx.t("col_list"): ctx.t(key), ctx.t("col_criterion"): ctx.label(iid),
                         ctx.t("col_value"): fmt_value(value, fw.indicator(iid), ctx.lang),
                         ctx.t("col_rank"): rank_of(rank, ctx.n_provinces),
                         ctx.t("col_points"): math.nan if pts is None else float(pts)})
    df = pd.DataFrame(rows).set_index([ctx.t("col_list"), ctx.t("col_criterion")])
    return reader_table(df, ctx.lang, fixed=True, numeric=[ctx.t("col_value"), ctx.t("col_rank")],
                        limit=None)


def heatmap_chart(ctx: ReportContext) -> None:
    """The criterion ranks of the region's provinces."""
    show_chart(ctx, plots.rank_heatmap(ctx.region_ranks, ctx.framework, ctx.province, ctx.lang, title=ctx.region))
