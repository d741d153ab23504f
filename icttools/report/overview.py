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
from icttools.present.phrases import fmt_score, level_words, quote, rank_of
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
    words = level_words(fw, groups[0], ctx.lang)
    if ranks[best] == ranks[worst]:
        spread = Message(ctx.t("s_groups_equal", rank=ranks[best], n=len(groups), **words))
    else:
        spread = Message(ctx.t("s_groups", best=node_rank_phrase(ctx, best), worst=node_rank_phrase(ctx, worst),
                               **words), ctx.t("s_groups_todo", worst=quote(ctx.label(worst), ctx.lang)))
    comps = "; ".join(node_rank_phrase(ctx, c) for c in fw.root.children)
    components = Message(ctx.t("s_components", n=len(fw.root.children), components=comps,
                               **level_words(fw, fw.root.children[0], ctx.lang)))
    if set(fw.root.children) == set(groups):  # a two-level index (PAPI): one message, not the same twice
        components = None
    if ctx.is_vn34:  # no published figures for the 34 units: what the province inherits instead
        from icttools.report.inherits import inherits_sentence

        out = [first, spread, components, robustness_message(ctx), Message(inherits_sentence(ctx))]
    else:
        out = [first, spread, components, robustness_message(ctx), published_message(ctx)]
    return [m for m in out if m is not None]


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
    # many components (PAPI's 8 dimensions): their ranks only, under numbered headers named in a
    # note, so that the table fits an A4 page in either language
    both = len(fw.root.children) <= 4
    heads, legend = _column_heads(ctx, fw.root.children, "col_rank")
    for comp, head in zip(fw.root.children, heads):
        if both:
            data[ctx.t("col_of", what=ctx.t("col_score"), node=head)] = [float(res.rounded.at[c, comp]) for c in codes]
        data[ctx.t("col_of", what=ctx.t("col_rank"), node=head) if both else head] = [_rank(res, c, comp) for c in codes]
    df = pd.DataFrame(data).set_index(ctx.t("col_rank"))
    table = reader_table(df, ctx.lang, fixed=True, highlight=[c == ctx.province for c in codes],
                         nowrap=[ctx.t("col_province")], **_notes(ctx, legend))
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
    return ctx.framework.level_name(node_id, ctx.lang) or term("subindex" if node.is_group else "component", ctx.lang)


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
    heads, legend = _column_heads(ctx, fw.group_ids, "col_score")
    for g, head in zip(fw.group_ids, heads):
        data[head] = [float(res.rounded.at[c, g]) for c in codes]
    df = pd.DataFrame(data).set_index(ctx.t("col_rank"))
    return reader_table(df, ctx.lang, fixed=True, highlight=[c == ctx.province for c in codes],
                        nowrap=[ctx.t("col_province")], **_notes(ctx, legend))


#: Up to this many node columns are headed by their names (the ICT Index's 6 sub-indices); more
#: (PAPI's 8 dimensions) get numbers, named in the table's note.
_NAMED_COLUMNS = 6


def _column_heads(ctx: ReportContext, nodes: list[str], what: str) -> tuple[list[str], str | None]:
    """Column headers for ``nodes`` and the note naming them when they are numbered."""
    if len(nodes) <= _NAMED_COLUMNS:
        return [ctx.label(n) for n in nodes], None
    heads = [f"({k})" for k in range(1, len(nodes) + 1)]
    items = "; ".join(f"{h} {ctx.label(n)}" for h, n in zip(heads, nodes))
    return heads, ctx.t("note_numbered_columns", what=ctx.t(what).lower(), n=len(nodes),
                        items=items, **level_words(ctx.framework, nodes[0], ctx.lang))


def _notes(ctx: ReportContext, legend: str | None) -> dict[str, str]:
    text = " ".join(x for x in (legend, ctx.no_total_text()) if x)
    return {"note": text} if text else {}


def _rank(res: Any, code: str, node: str) -> Any:
    """A rank, or "—" for a unit without a score at the node (a dimension missing, never filled)."""
    r = res.ranks.at[code, node]
    return "—" if pd.isna(r) else int(r)


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
