"""Notebook 02 (gap analysis): the six references, gaps by node and criterion, waterfall, strengths."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from IPython.display import Markdown

from icttools.present import plots
from icttools.present.i18n import fmt_num, join_list
from icttools.report.context import ReportContext
from icttools.present.tables import display_frame
from icttools.report.layout import md, note

__all__ = ["finding_gaps", "references_table", "gap_nodes_table", "gap_criteria_table", "waterfall_chart",
           "contributions_table", "strengths_table"]


_REFS = ("leader", "above", "top-k", "region-best", "region-median", "median")


def _ref_label(ctx: ReportContext, ref: str) -> str:
    label = ctx.t(f"ref_{ref}", k=ctx.target_rank)
    if ref in ("region-best", "region-median"):
        label += f" ({ctx.region})"
    return label


def finding_gaps(ctx: ReportContext) -> Markdown:
    """Rank, the gap to the leader, the three costliest criteria and what the top k needs."""
    from icttools.analysis.decomposition import strengths_weaknesses
    from icttools.analysis.gaps import reference_province

    res, lang = ctx.result, ctx.lang
    d = ctx.framework.method.rounding
    if ctx.province == ctx.leader:
        second = ctx.order[1] if len(ctx.order) > 1 else ctx.province
        gap = res.score(ctx.province) - res.score(second)
        return md(ctx.t("f_gaps_leader", rank_part=ctx.rank_phrase(), second=ctx.pname(second),
                         gap=fmt_num(gap, d, lang)))
    gap = res.score(ctx.leader) - res.score(ctx.province)
    if ctx.additive:
        costliest = [ctx.label(i) for i, *_ in strengths_weaknesses(res, ctx.province, 3)["costliest"]]
    else:
        costliest = []
    if ctx.rank() <= ctx.target_rank:
        topk_part = ctx.t("f_topk_in", k=ctx.target_rank)
    else:
        ref = reference_province(res, ctx.province, "top-k", ctx.target_rank)
        topk_part = ctx.t("f_topk_out", k=ctx.target_rank, gap=fmt_num(res.score(ref) - res.score(ctx.province), d, lang),
                          ref=ctx.pname(ref), ref_rank=res.rank(ref))
    return md(ctx.t("f_gaps", rank_part=ctx.rank_phrase(), leader=ctx.pname(ctx.leader),
                     gap=fmt_num(gap, d, lang), costliest=join_list(costliest, lang) or "—",
                     topk_part=topk_part))


def references_table(ctx: ReportContext) -> pd.DataFrame:
    """The six references: which province, its overall score and the score gap (reference − province)."""
    from icttools.analysis.gaps import reference_province

    res = ctx.result
    rows = []
    for ref in _REFS:
        code = reference_province(res, ctx.province, ref, ctx.target_rank)
        dec = ctx.decomposition(ref)
        if code is not None:
            who, score = ctx.pname(code), res.score(code)
            gap = float(np.round(score - res.score(ctx.province), ctx.framework.method.rounding))
        elif ref in ("median", "region-median") and dec is not None:
            who, score, gap = ctx.t("ref_virtual"), float(dec.reference_score), float(dec.score_gap)
        else:
            who, score, gap = "—", math.nan, math.nan
        rows.append({ctx.t("col_reference"): _ref_label(ctx, ref), ctx.t("col_ref_province"): who,
                     ctx.t("col_ref_score"): score, ctx.t("col_score_gap"): gap})
    return display_frame(pd.DataFrame(rows).set_index(ctx.t("col_reference")), ctx.lang, fixed=True)


def _gap_columns(ctx: ReportContext) -> dict[str, str]:
    return {f"gap_{r.replace('-', '_')}": _ref_label(ctx, r) for r in _REFS}


def gap_nodes_table(ctx: ReportContext) -> pd.DataFrame:
    """Score, rank and gaps to the six references (score points) on every node."""
    gt = ctx.gap_table
    rows = gt[gt["level"] != "indicator"]
    df = pd.DataFrame({
        ctx.t("col_node"): [("· " * ctx.framework.node(n).depth) + ctx.label(n) for n in rows.index],
        ctx.t("col_score"): rows["value"].to_numpy(dtype=float),
        ctx.t("col_rank"): rows["rank"].to_numpy(dtype=int),
    })
    for col, label in _gap_columns(ctx).items():
        df[label] = rows[col].to_numpy(dtype=float)
    return display_frame(df.set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def gap_criteria_table(ctx: ReportContext) -> pd.DataFrame:
    """Value, rank and gaps to the six references on every criterion, in the criterion's unit."""
    gt = ctx.gap_table
    fw = ctx.framework
    rows = gt.loc[fw.indicator_ids]
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in rows.index],
        ctx.t("col_unit"): [fw.indicator(i).unit if ctx.lang == "vi" else fw.indicator(i).unit_en for i in rows.index],
        ctx.t("col_value"): rows["value"].to_numpy(dtype=float),
        ctx.t("col_rank"): rows["rank"].to_numpy(dtype=int),
    })
    for col, label in _gap_columns(ctx).items():
        df[label] = rows[col].to_numpy(dtype=float)
    return display_frame(df.set_index(ctx.t("col_criterion")), ctx.lang, decimals=2)


def waterfall_chart(ctx: ReportContext, reference: str = "leader", top: int = 10) -> Any:
    """:func:`icttools.present.plots.gap_waterfall` to ``reference``; when the gap does not split by
    criterion (geometric aggregation) or there is no province above, a sentence is displayed and
    None returned."""
    dec = ctx.decomposition(reference)
    if dec is None:
        return note(ctx.t("not_additive") if not ctx.additive else ctx.t("province_first"))
    if dec.reference_province == ctx.province:
        return note(ctx.t("is_reference", ref=_ref_label(ctx, reference).lower()))
    label = None
    if dec.reference_province is not None:
        label = f"{ctx.pname(dec.reference_province)} ({_ref_label(ctx, reference).lower()})" \
            if reference != "leader" else ctx.pname(dec.reference_province)
    return plots.gap_waterfall(dec, ctx.framework, ctx.lang, top=top, reference_label=label)


def contributions_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """Index points each criterion costs against each reference (columns add up to the score gap)."""
    if not ctx.additive:
        return md(ctx.t("not_additive"))
    fw = ctx.framework
    df = pd.DataFrame({ctx.t("col_criterion"): [ctx.label(i) for i in fw.indicator_ids]})
    totals = {}
    for ref in _REFS:
        dec = ctx.decomposition(ref)
        if dec is None:
            continue
        df[_ref_label(ctx, ref)] = dec.contributions.reindex(fw.indicator_ids).to_numpy(dtype=float)
        totals[_ref_label(ctx, ref)] = float(dec.score_gap)
    total_row = {ctx.t("col_criterion"): f"{ctx.t('col_total')} = {ctx.t('col_score_gap').lower()}", **totals}
    df = pd.concat([df, pd.DataFrame([total_row])], ignore_index=True)
    return display_frame(df.set_index(ctx.t("col_criterion")), ctx.lang, fixed=True)


def strengths_table(ctx: ReportContext, n: int = 5) -> pd.DataFrame:
    """The ``n`` best- and worst-ranked criteria, and those costing the most points against the leader."""
    from icttools.analysis.decomposition import strengths_weaknesses

    sw = strengths_weaknesses(ctx.result, ctx.province, n)
    rows = []
    for key in ("strengths", "weaknesses", "costliest"):
        for iid, rank, value, pts in sw[key]:
            rows.append({ctx.t("col_list"): ctx.t(key), ctx.t("col_criterion"): ctx.label(iid),
                         ctx.t("col_value"): float(value), ctx.t("col_rank"): int(rank),
                         ctx.t("col_points"): math.nan if pts is None else float(pts)})
    df = pd.DataFrame(rows).set_index([ctx.t("col_list"), ctx.t("col_criterion")])
    return display_frame(df, ctx.lang)
