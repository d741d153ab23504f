"""Notebook 01 (index overview): ranking, node and sub-index tables, agreement with the published figures."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from IPython.display import Markdown

from icttools.present.i18n import fmt_num, region_name
from icttools.report.context import ReportContext
from icttools.present.tables import localise_number_text, display_frame
from icttools.report.layout import marker, md

__all__ = ["finding_overview", "ranking_table", "node_table", "subindex_table", "published_table"]


def _published(ctx: ReportContext) -> pd.DataFrame | None:
    cache = ctx.__dict__
    if "_published" not in cache:
        from icttools.ingest.published import check_published

        folder = ctx.data_folder / "raw" / "published"
        try:
            cache["_published"] = check_published(ctx.result, ctx.year, folder)
        except FileNotFoundError:
            cache["_published"] = None
    return cache["_published"]


def _published_sentence(ctx: ReportContext) -> str:
    pub = _published(ctx)
    if pub is None:
        return ctx.t("f_published_missing")
    if pub.empty:
        return ctx.t("f_published_none", year=ctx.year)
    return ctx.t("f_published", ok=int(pub["ok"].sum()), total=len(pub), year=ctx.year)


def finding_overview(ctx: ReportContext) -> Markdown:
    """Rank and score, best and worst sub-index, the leader, agreement with the published figures."""
    fw = ctx.framework
    groups = fw.group_ids
    ranks = {g: ctx.rank(g) for g in groups}
    best = min(groups, key=lambda g: (ranks[g], groups.index(g)))
    worst = max(groups, key=lambda g: (ranks[g], -groups.index(g)))
    return md(ctx.t("f_overview", rank_part=ctx.rank_phrase(), best=ctx.label(best), best_rank=ranks[best],
                     worst=ctx.label(worst), worst_rank=ranks[worst], leader=ctx.pname(ctx.leader),
                     leader_score=fmt_num(ctx.result.score(ctx.leader), fw.method.rounding, ctx.lang),
                     published_part=_published_sentence(ctx)))


def ranking_table(ctx: ReportContext) -> pd.DataFrame:
    """All provinces by overall rank: region, overall score, and each component's score and rank."""
    fw, res = ctx.framework, ctx.result
    codes = ctx.order
    comps = list(fw.root.children)
    data: dict[str, Any] = {
        ctx.t("col_rank"): [int(res.ranks.at[c, ctx.root]) for c in codes],
        ctx.t("col_province"): [ctx.pname(c) for c in codes],
        ctx.t("col_marker"): marker(ctx, codes),
        ctx.t("col_region"): [region_name(c, ctx.lang) for c in codes],
        ctx.t("col_score"): [float(res.rounded.at[c, ctx.root]) for c in codes],
    }
    for comp in comps:
        name = ctx.label(comp)
        data[f"{name} – {ctx.t('col_score').lower()}"] = [float(res.rounded.at[c, comp]) for c in codes]
        data[f"{name} – {ctx.t('col_rank').lower()}"] = [int(res.ranks.at[c, comp]) for c in codes]
    df = pd.DataFrame(data).set_index(ctx.t("col_rank"))
    return display_frame(df, ctx.lang, fixed=True)


def _level(ctx: ReportContext, node_id: str) -> str:
    node = ctx.framework.node(node_id)
    if node.parent is None:
        return ctx.t("level_root")
    return ctx.t("level_group") if node.is_group else ctx.t("level_node")


def node_table(ctx: ReportContext) -> pd.DataFrame:
    """The province's score and rank on every node, with the leader's score and the medians."""
    fw, res = ctx.framework, ctx.result
    region = ctx.region_codes
    rows = []
    for nid in fw.node_ids:
        col = res.rounded[nid]
        leader = sorted(res.codes, key=lambda c: (int(res.ranks.at[c, nid]), int(c)))[0]
        depth = fw.node(nid).depth
        rows.append({
            ctx.t("col_node"): ("· " * depth) + ctx.label(nid),
            ctx.t("col_level"): _level(ctx, nid),
            ctx.t("col_score"): float(col[ctx.province]),
            ctx.t("col_rank"): int(res.ranks.at[ctx.province, nid]),
            ctx.t("col_leader"): ctx.pname(leader),
            ctx.t("col_leader_score"): float(col[leader]),
            ctx.t("col_median"): float(np.median(col.to_numpy())),
            ctx.t("col_region_median"): float(np.median(col[region].to_numpy())),
        })
    return display_frame(pd.DataFrame(rows).set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def subindex_table(ctx: ReportContext) -> pd.DataFrame:
    """The sub-index scores of all provinces, by overall rank."""
    fw, res = ctx.framework, ctx.result
    codes = ctx.order
    data: dict[str, Any] = {
        ctx.t("col_rank"): [int(res.ranks.at[c, ctx.root]) for c in codes],
        ctx.t("col_province"): [ctx.pname(c) for c in codes],
        ctx.t("col_marker"): marker(ctx, codes),
    }
    for g in fw.group_ids:
        data[ctx.label(g)] = [float(res.rounded.at[c, g]) for c in codes]
    return display_frame(pd.DataFrame(data).set_index(ctx.t("col_rank")), ctx.lang, fixed=True)


def published_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """Every published figure and indicator value of the year against the recomputation (score
    and value at the published decimals, rank exactly), with a sentence on the agreement."""
    pub = _published(ctx)
    if pub is None or pub.empty:
        return md(_published_sentence(ctx))
    fw = ctx.framework
    quantity = {"score": ctx.t("col_score"), "rank": ctx.t("col_rank"), "node": ctx.t("col_node"),
                "value": ctx.t("col_value")}
    known = set(fw.node_ids) | set(fw.indicator_ids)  # a published value names an indicator
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(c) for c in pub["gso_code"]],
        ctx.t("col_node"): [ctx.label(n) if n in known else n for n in pub["node"]],
        ctx.t("col_quantity"): [quantity.get(q, q) for q in pub["quantity"]],
        ctx.t("col_published"): [localise_number_text(v, ctx.lang) for v in pub["published"]],
        ctx.t("col_computed"): [localise_number_text(v, ctx.lang) for v in pub["computed"]],
        ctx.t("col_ok"): pub["ok"].astype(bool).to_numpy(),
        ctx.t("col_confidence"): pub["confidence"].to_numpy(),
        ctx.t("col_source"): pub["source"].to_numpy(),
    })
    df.index = pd.RangeIndex(1, len(df) + 1)
    return display_frame(df, ctx.lang)
