"""Report 01 (index overview): where the province stands, on every level of the index.

Key messages: the rank and score (and the leader), the best and worst sub-index, the three
components, the rank's robustness, the agreement with the published figures. Then the ranking
(chart and table), the province's profile, the sub-indices of all provinces; the published
figures and the method are in the annex.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from icttools.core.provinces import code_key
from icttools.present import plots
from icttools.present.glossary import term
from icttools.present.phrases import fmt_score, quote, rank_of
from icttools.present.readertable import ReaderTable, reader_table
from icttools.report.context import ReportContext
from icttools.report.layout import Message, md, show_chart
from icttools.report.sentences import node_rank_phrase, published, published_message, rank_sentence, \
    robustness_message

__all__ = ["key_messages_01", "ranking_chart", "ranking_table", "node_table", "profile_chart",
           "subindex_table", "published_table"]


def _leader_part(ctx: ReportContext) -> str:
    if ctx.province == ctx.leader:
        second = ctx.order[1]
        gap = ctx.score() - ctx.result.score(second)
        return ctx.t("s_leader_self", second=ctx.pname(second), gap=fmt_score(gap, ctx.lang))
    return ctx.t("s_leader_other", leader=ctx.pname(ctx.leader),
                 score=fmt_score(ctx.result.score(ctx.leader), ctx.lang))


def key_messages_01(ctx: ReportContext) -> list[Message]:
    """Rank and score with the leader; best and worst sub-index (what to look at); the three
    components; robustness; agreement with the published figures."""
    fw = ctx.framework
    groups = fw.group_ids
    ranks = {g: ctx.rank(g) for g in groups}
    best = min(groups, key=lambda g: (ranks[g], groups.index(g)))
    worst = max(groups, key=lambda g: (ranks[g], -groups.index(g)))
    first = Message(f"{rank_sentence(ctx)}; {_leader_part(ctx)}.")
    if ranks[best] == ranks[worst]:
        spread = Message(ctx.t("s_groups_equal", rank=ranks[best]))
    else:
        spread = Message(ctx.t("s_groups", best=node_rank_phrase(ctx, best), worst=node_rank_phrase(ctx, worst)),
                         ctx.t("s_groups_todo", worst=quote(ctx.label(worst), ctx.lang)))
    comps = "; ".join(node_rank_phrase(ctx, c) for c in fw.root.children)
    components = Message(ctx.t("s_components", n=len(fw.root.children), components=comps))
    if ctx.is_vn34:  # no published figures for the 34 units: what the province inherits instead
        from icttools.report.inherits import inherits_sentence

        return [first, spread, components, robustness_message(ctx), Message(inherits_sentence(ctx))]
    return [first, spread, components, robustness_message(ctx), published_message(ctx)]


def ranking_chart(ctx: ReportContext) -> None:
    """The overall ranking of all provinces (the province and the target rank marked)."""
    # the units with a total (those without one are listed under the table)
    show_chart(ctx, plots.ranking_bars(ctx.cresult, ctx.province, ctx.lang, year=ctx.year,
                                       target_rank=ctx.target_rank))


def ranking_table(ctx: ReportContext) -> ReaderTable:
    """All provinces by overall rank: overall score and each component's score and rank (the
    first rows and the province's in the text, all of them in a fold-out block)."""
    fw, res = ctx.framework, ctx.result
    codes = ctx.order
    data: dict[str, Any] = {
        ctx.t("col_rank"): [_rank(res, c, ctx.root) for c in codes],
        ctx.t("col_province"): [ctx.pname(c) for c in codes],
        ctx.t("col_score"): [float(res.rounded.at[c, ctx.root]) for c in codes],
    }
    for comp in fw.root.children:
        name = ctx.label(comp)
        data[ctx.t("col_of", what=ctx.t("col_score"), node=name)] = [float(res.rounded.at[c, comp]) for c in codes]
        data[ctx.t("col_of", what=ctx.t("col_rank"), node=name)] = [_rank(res, c, comp) for c in codes]
    df = pd.DataFrame(data).set_index(ctx.t("col_rank"))
    table = reader_table(df, ctx.lang, fixed=True, highlight=[c == ctx.province for c in codes],
                         nowrap=[ctx.t("col_province")], **_no_total_note(ctx))
    if not ctx.is_vn34:
        return table
    # the 34 units of 2025: what the province inherits from its former provinces, under the ranking
    from IPython.display import Markdown, display

    from icttools.report import inherits

    display(table)
    display(Markdown(inherits.heading(ctx)))
    return inherits.inherits_table(ctx)


def _level(ctx: ReportContext, node_id: str) -> str:
    node = ctx.framework.node(node_id)
    if node.parent is None:
        return ctx.t("level_root")
    return term("subindex" if node.is_group else "component", ctx.lang)


def node_table(ctx: ReportContext) -> ReaderTable:
    """The province's score and rank on every level, with the leader of each and the medians
    (the middle score of all provinces and of the region)."""
    fw, res = ctx.framework, ctx.result
    region = ctx.region_codes
    rows = []
    for nid in fw.node_ids:
        col = res.rounded[nid]
        ranked = [c for c in res.codes if pd.notna(res.ranks.at[c, nid])]  # a unit may lack a dimension
        leader = sorted(ranked, key=lambda c: (int(res.ranks.at[c, nid]), code_key(c)))[0]
        rows.append({
            ctx.t("col_node"): ctx.label(nid),
            ctx.t("col_level"): _level(ctx, nid),
            ctx.t("col_score"): float(col[ctx.province]),
            ctx.t("col_rank"): rank_of(res.ranks.at[ctx.province, nid], ctx.n_provinces),
            ctx.t("col_leader"): ctx.pname(leader),
            ctx.t("col_leader_score"): float(col[leader]),
            ctx.t("col_median"): float(np.nanmedian(col.to_numpy())),
            ctx.t("col_region_median"): float(np.nanmedian(col[region].to_numpy())),
        })
    df = pd.DataFrame(rows).set_index(ctx.t("col_node"))
    return reader_table(df, ctx.lang, fixed=True, numeric=[ctx.t("col_rank")],
                        nowrap=[ctx.t("col_level"), ctx.t("col_leader")],
                        note=ctx.t("note_medians", region=ctx.region))


def profile_chart(ctx: ReportContext) -> None:
    """The province's six sub-indices against the leader, the runner-up and the medians."""
    show_chart(ctx, plots.subindex_profile(ctx.result, ctx.province, ctx.lang))


def subindex_table(ctx: ReportContext) -> ReaderTable:
    """The sub-index scores of all provinces, by overall rank."""
    fw, res = ctx.framework, ctx.result
    codes = ctx.order
    data: dict[str, Any] = {
        ctx.t("col_rank"): [_rank(res, c, ctx.root) for c in codes],
        ctx.t("col_province"): [ctx.pname(c) for c in codes],
    }
    for g in fw.group_ids:
        data[ctx.label(g)] = [float(res.rounded.at[c, g]) for c in codes]
    df = pd.DataFrame(data).set_index(ctx.t("col_rank"))
    return reader_table(df, ctx.lang, fixed=True, highlight=[c == ctx.province for c in codes],
                        nowrap=[ctx.t("col_province")], **_no_total_note(ctx))


def _rank(res: Any, code: str, node: str) -> Any:
    """A rank, or "—" for a unit without a score at the node (a dimension missing, never filled)."""
    r = res.ranks.at[code, node]
    return "—" if pd.isna(r) else int(r)


def _no_total_note(ctx: ReportContext) -> dict[str, str]:
    text = ctx.no_total_text()
    return {"note": text} if text else {}


def _published_source(text: Any, lang: str) -> Any:
    """Sources as Vietnamese writes them ("section I" -> "Mục I")."""
    if lang != "vi" or not isinstance(text, str):
        return text
    return text.replace("section ", "Mục ").replace("Section ", "Mục ")


def published_table(ctx: ReportContext) -> ReaderTable | Any:
    """Every published figure and indicator value of the year against the recomputation (score
    and value at the published decimals, rank exactly), with its status and source (links)."""
    from icttools.present.tables import localise_number_text

    pub = published(ctx)
    if pub is None or pub.empty:  # also: another index or unit set (the sentence says why)
        return md(published_message(ctx).text)
    fw = ctx.framework
    quantity = {"score": ctx.t("col_score"), "rank": ctx.t("col_rank"), "node": ctx.t("col_node"),
                "value": ctx.t("col_value")}
    status = {"CONFIRMED": term("confirmed", ctx.lang), "INFERRED": term("inferred", ctx.lang)}
    known = set(fw.node_ids) | set(fw.indicator_ids)  # a published value names an indicator
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(c) for c in pub["gso_code"]],
        ctx.t("col_node"): [ctx.label(n) if n in known else n for n in pub["node"]],
        ctx.t("col_quantity"): [quantity.get(q, q) for q in pub["quantity"]],
        ctx.t("col_published"): [localise_number_text(v, ctx.lang) for v in pub["published"]],
        ctx.t("col_computed"): [localise_number_text(v, ctx.lang) for v in pub["computed"]],
        ctx.t("col_ok"): pub["ok"].astype(bool).to_numpy(),
        ctx.t("col_status"): [status.get(str(c).upper(), c) for c in pub["confidence"]],
        ctx.t("col_source"): [_published_source(s, ctx.lang) for s in pub["source"]],
    })
    df.index = pd.RangeIndex(1, len(df) + 1, name="#")
    return reader_table(df, ctx.lang, numeric=[ctx.t("col_published"), ctx.t("col_computed")],
                        links=[ctx.t("col_source")], highlight=list(pub["gso_code"] == ctx.province),
                        nowrap=[ctx.t("col_province"), ctx.t("col_quantity"), ctx.t("col_status")],
                        wide=[ctx.t("col_source")], note=ctx.t("note_status"))
