"""Notebook 05 (trends): rank history, rank-change attribution and criterion changes across years."""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import Markdown

from icttools.present import plots
from icttools.core.engine import compute
from icttools.present.i18n import fmt_signed
from icttools.report.context import ReportContext
from icttools.present.tables import display_frame
from icttools.report.layout import md, note

__all__ = ["finding_trends", "history_table", "attribution_table", "attribution_chart", "indicator_changes"]


def finding_trends(ctx: ReportContext) -> Markdown:
    """The overall rank year by year and the split of the latest change (own / others / interaction)."""
    hist = ctx.history
    years = [int(y) for y in hist.index]
    listed = ", ".join(str(y) for y in years)
    if len(years) < 2:
        return md(ctx.t("f_trends_one", name=ctx.name, years=listed))
    path = " → ".join(f"{int(hist.at[y, f'{ctx.root}_rank'])} ({y})" for y in years)
    pair = ctx.focus_pair
    att = ctx.attributions[pair].set_index("node").loc[ctx.root]
    pair_part = ctx.t("f_trends_pair", y0=pair[0], y1=pair[1], total=fmt_signed(att["total"], 0, ctx.lang),
                      own=fmt_signed(att["own"], 0, ctx.lang), others=fmt_signed(att["others"], 0, ctx.lang),
                      interaction=fmt_signed(att["interaction"], 0, ctx.lang))
    return md(ctx.t("f_trends", name=ctx.name, n=len(years), years=listed, path=path, pair_part=pair_part))


def history_table(ctx: ReportContext) -> pd.DataFrame:
    """Score and rank of the province on every node, year by year (one column pair per year)."""
    fw, hist = ctx.framework, ctx.history
    data: dict[str, Any] = {ctx.t("col_node"): [("· " * fw.node(n).depth) + ctx.label(n) for n in fw.node_ids]}
    for y in hist.index:
        data[f"{y} – {ctx.t('col_score').lower()}"] = [float(hist.at[y, f"{n}_score"]) for n in fw.node_ids]
        data[f"{y} – {ctx.t('col_rank').lower()}"] = [int(hist.at[y, f"{n}_rank"]) for n in fw.node_ids]
    return display_frame(pd.DataFrame(data).set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def attribution_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """For each pair of consecutive years and each node: ranks before and after, and the change
    split into own progress, the others and their interaction (negative = moved up)."""
    if not ctx.attributions:
        return md(ctx.t("f_trends_one", name=ctx.name, years=", ".join(str(y) for y in ctx.tables)))
    frames = []
    for (a, b), att in ctx.attributions.items():
        frames.append(pd.DataFrame({
            ctx.t("col_years"): f"{a}→{b}",
            ctx.t("col_node"): [("· " * ctx.framework.node(n).depth) + ctx.label(n) for n in att["node"]],
            ctx.t("col_rank_before"): att["rank_before"].to_numpy(dtype=int),
            ctx.t("col_rank_after"): att["rank_after"].to_numpy(dtype=int),
            ctx.t("col_total"): att["total"].to_numpy(dtype=int),
            ctx.t("col_own"): att["own"].to_numpy(dtype=int),
            ctx.t("col_others"): att["others"].to_numpy(dtype=int),
            ctx.t("col_interaction"): att["interaction"].to_numpy(dtype=int),
            ctx.t("col_score_change"): att["score_total"].to_numpy(dtype=float),
        }))
    df = pd.concat(frames, ignore_index=True).set_index([ctx.t("col_years"), ctx.t("col_node")])
    return display_frame(df, ctx.lang)


def attribution_chart(ctx: ReportContext) -> Any:
    """:func:`icttools.present.plots.attribution_bars` for the pair of years ending at the report's year
    (or the latest pair); with a single year, a sentence is displayed and None returned."""
    pair = ctx.focus_pair
    if pair is None:
        return note(ctx.t("f_trends_one", name=ctx.name, years=", ".join(str(y) for y in ctx.tables)))
    return plots.attribution_bars(ctx.attributions[pair], ctx.framework, ctx.lang, years=pair)


def indicator_changes(ctx: ReportContext) -> pd.DataFrame:
    """The province's value and rank on every criterion in each available year."""
    from icttools.analysis.gaps import indicator_ranks

    fw = ctx.framework
    data: dict[str, Any] = {ctx.t("col_criterion"): [ctx.label(i) for i in fw.indicator_ids]}
    for y, table in ctx.tables.items():
        res = ctx.result if y == ctx.year else compute(table, fw)
        ranks = indicator_ranks(res)
        data[f"{y} – {ctx.t('col_value').lower()}"] = table.loc[ctx.province, fw.indicator_ids].to_numpy(dtype=float)
        data[f"{y} – {ctx.t('col_rank').lower()}"] = ranks.loc[ctx.province, fw.indicator_ids].to_numpy(dtype=int)
    years = list(ctx.tables)
    if len(years) >= 2:
        a, b = years[0], years[-1]
        data[f"{ctx.t('col_change')} {a}→{b}"] = (
            ctx.tables[b].loc[ctx.province, fw.indicator_ids].to_numpy(dtype=float)
            - ctx.tables[a].loc[ctx.province, fw.indicator_ids].to_numpy(dtype=float))
    return display_frame(pd.DataFrame(data).set_index(ctx.t("col_criterion")), ctx.lang, decimals=2)
