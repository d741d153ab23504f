"""Report 05 (trends): the province's ranks year by year, and what each change came from.

Key messages: the rank path, the latest change in words and arrows split into the province's own
progress, the other provinces and their interaction (as an official text writes it: "tự thân
tỉnh cải thiện giúp tăng 15 bậc; các tỉnh khác cải thiện làm tỉnh giảm 16 bậc"), the level that
moved most and the criteria that moved most. Signs follow usage: + = moved up. Years of
synthetic data are marked wherever they mix with real ones.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from icttools.core.engine import compute
from icttools.present import plots
from icttools.present.phrases import fmt_change, fmt_value, places_effect, quote, rank_change, rank_change_cell
from icttools.present.readertable import ReaderTable, reader_table
from icttools.report.context import ReportContext
from icttools.report.layout import Message, md, note, show_chart
from icttools.report.provenance import years_used

__all__ = ["key_messages_05", "history_table", "history_chart", "attribution_table", "attribution_chart",
           "indicator_changes"]


def _year_label(ctx: ReportContext, year: int) -> str:
    """A year as a column or axis label, marked when it is synthetic among real years."""
    data = {d.year: d.synthetic for d in years_used(ctx, "05")}
    mixed = len(set(data.values())) > 1
    if mixed and data.get(year):
        return ctx.t("w_year_synthetic", year=year)
    return str(year)


def _criterion_moves(ctx: ReportContext, pair: tuple[int, int]) -> tuple[str, str] | None:
    """The criteria whose rank rose and fell most between the two years (framework order on ties)."""
    from icttools.analysis.gaps import indicator_ranks

    fw = ctx.framework
    a, b = pair
    ra = indicator_ranks(compute(ctx.tables[a], fw)).loc[ctx.province, fw.indicator_ids]
    rb = indicator_ranks(compute(ctx.tables[b], fw)).loc[ctx.province, fw.indicator_ids]
    gained = (ra - rb).astype(int)
    pos = {i: k for k, i in enumerate(fw.indicator_ids)}
    up = min(fw.indicator_ids, key=lambda i: (-gained[i], pos[i]))
    down = min(fw.indicator_ids, key=lambda i: (gained[i], pos[i]))
    if gained[up] <= 0 and gained[down] >= 0:
        return None
    return (ctx.t("s_crit_up", label=quote(ctx.label(up), ctx.lang), change=rank_change(ra[up], rb[up], ctx.lang))
            if gained[up] > 0 else "",
            ctx.t("s_crit_down", label=quote(ctx.label(down), ctx.lang),
                  change=rank_change(ra[down], rb[down], ctx.lang)) if gained[down] < 0 else "")


def key_messages_05(ctx: ReportContext) -> list[Message]:
    """The rank path; the latest change and its parts; the level that moved most; the criteria
    that moved most; the data's kinds when they mix."""
    hist = ctx.history
    years = [int(y) for y in hist.index]
    if len(years) < 2:
        return [Message(ctx.t("f_trends_one", name=ctx.name, years=", ".join(str(y) for y in years)))]
    path = ", ".join(ctx.t("s_rank_in", rank=int(hist.at[y, f"{ctx.root}_rank"]), year=_year_label(ctx, y))
                     for y in years)
    out = [Message(ctx.t("s_path", name=ctx.name, n=len(years), path=path))]
    pair = ctx.focus_pair
    att = ctx.attributions[pair].set_index("node")
    root = att.loc[ctx.root]
    change = rank_change(root["rank_before"], root["rank_after"], ctx.lang)
    out.append(Message(ctx.t("s_pair", y0=pair[0], y1=pair[1], name=ctx.name, change=change, unit=ctx.unit_word,
                             own=places_effect(-root["own"], ctx.lang),
                             others=places_effect(-root["others"], ctx.lang),
                             interaction=places_effect(-root["interaction"], ctx.lang))))
    nodes = [n for n in ctx.framework.node_ids if n != ctx.root]
    moved = max(nodes, key=lambda n: (abs(int(att.at[n, "total"])), -nodes.index(n)))
    if int(att.at[moved, "total"]) != 0:
        out.append(Message(ctx.t("s_node_moved", label=quote(ctx.label(moved), ctx.lang),
                                 change=rank_change(att.at[moved, "rank_before"], att.at[moved, "rank_after"], ctx.lang))))
    moves = _criterion_moves(ctx, pair)
    if moves is not None:
        up, down = moves
        text = " ".join(x for x in (up, down) if x)
        out.append(Message(text, ctx.t("s_crit_todo") if down else None))
    data = years_used(ctx, "05")
    if len({d.synthetic for d in data}) > 1:
        out.append(Message(ctx.t("prov_mixed", synthetic=", ".join(str(d.year) for d in data if d.synthetic),
                                 real=", ".join(str(d.year) for d in data if not d.synthetic))))
    return out[:5]


#: Years shown with their values (scores) as well as ranks; beyond this, the values of the first
#: and the last year only, so that a table of seven years (PAPI) fits an A4 page.
_YEARS_WITH_VALUES = 3


def _with_values(years: list[Any], year: Any) -> bool:
    return len(years) <= _YEARS_WITH_VALUES or year in (years[0], years[-1])


def history_table(ctx: ReportContext) -> ReaderTable:
    """Score and rank of the province on every level, year by year (synthetic years marked when
    they mix with real ones)."""
    fw, hist = ctx.framework, ctx.history
    data: dict[str, Any] = {ctx.t("col_node"): [ctx.label(n) for n in fw.node_ids]}
    years = list(hist.index)
    for y in years:
        label = _year_label(ctx, int(y))
        if _with_values(years, y):
            data[ctx.t("col_of_year", what=ctx.t("col_score"), year=label)] = [float(hist.at[y, f"{n}_score"])
                                                                               for n in fw.node_ids]
        data[ctx.t("col_of_year", what=ctx.t("col_rank"), year=label)] = [int(hist.at[y, f"{n}_rank"]) for n in fw.node_ids]
    return reader_table(pd.DataFrame(data).set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def history_chart(ctx: ReportContext) -> None:
    """The province's ranks across the years (synthetic years marked on the axis when they mix
    with real ones)."""
    fig = plots.rank_history(ctx.history, ctx.framework, ctx.lang, province=ctx.province,
                             n_provinces=ctx.n_provinces)
    years = [int(y) for y in ctx.history.index]
    labels = [_year_label(ctx, y) for y in years]
    if labels != [str(y) for y in years]:
        ax = fig.axes[0]
        ax.set_xticks(years, [lab.replace(" ", "\n", 1) for lab in labels])
    show_chart(ctx, fig, years=years)


def attribution_table(ctx: ReportContext) -> ReaderTable | Any:
    """For each pair of consecutive years and each level: the ranks before and after and the
    change split into own progress, the other provinces and their interaction (▲ = moved up)."""
    if not ctx.attributions:
        return md(ctx.t("f_trends_one", name=ctx.name, years=", ".join(str(y) for y in ctx.tables)))
    frames = []
    for (a, b), att in ctx.attributions.items():
        frames.append(pd.DataFrame({
            ctx.t("col_years"): f"{a}–{b}",
            ctx.t("col_node"): [ctx.label(n) for n in att["node"]],
            ctx.t("col_rank_before"): att["rank_before"].to_numpy(dtype=int),
            ctx.t("col_rank_after"): att["rank_after"].to_numpy(dtype=int),
            ctx.t("col_total"): [rank_change_cell(-v) for v in att["total"]],
            ctx.t("col_own"): [rank_change_cell(-v) for v in att["own"]],
            ctx.t("col_others"): [rank_change_cell(-v) for v in att["others"]],
            ctx.t("col_interaction"): [rank_change_cell(-v) for v in att["interaction"]],
        }))
    df = pd.concat(frames, ignore_index=True).set_index([ctx.t("col_years"), ctx.t("col_node")])
    numeric = [ctx.t("col_total"), ctx.t("col_own"), ctx.t("col_others"), ctx.t("col_interaction")]
    return reader_table(df, ctx.lang, numeric=numeric, limit=len(ctx.framework.node_ids),
                        note=ctx.t("note_attribution"))


def attribution_chart(ctx: ReportContext) -> None:
    """The split of the latest change (own progress / others / interaction) for every level; a
    sentence with a single year."""
    pair = ctx.focus_pair
    if pair is None:
        note(ctx.t("f_trends_one", name=ctx.name, years=", ".join(str(y) for y in ctx.tables)))
        return
    show_chart(ctx, plots.attribution_bars(ctx.attributions[pair], ctx.framework, ctx.lang, years=pair),
               years=list(pair))


def indicator_changes(ctx: ReportContext) -> ReaderTable:
    """The province's value (with its unit's precision) and rank on every criterion in each
    year, and the change from the first to the last year; the largest rank falls first."""
    from icttools.analysis.gaps import indicator_ranks

    fw = ctx.framework
    years = list(ctx.tables)
    ranks = {y: indicator_ranks(ctx.result if y == ctx.year else compute(t, fw)).loc[ctx.province]
             for y, t in ctx.tables.items()}
    ids = list(fw.indicator_ids)
    if len(years) >= 2:
        a, b = years[0], years[-1]
        pos = {i: k for k, i in enumerate(ids)}
        ids = sorted(ids, key=lambda i: (int(ranks[a][i]) - int(ranks[b][i]), pos[i]))
    data: dict[str, Any] = {ctx.t("col_criterion"): [ctx.label(i) for i in ids]}
    numeric = []
    for y, table in ctx.tables.items():
        label = _year_label(ctx, y)
        if _with_values(years, y):
            vcol = ctx.t("col_of_year", what=ctx.t("col_value"), year=label)
            data[vcol] = [fmt_value(table.at[ctx.province, i], fw.indicator(i), ctx.lang) for i in ids]
            numeric.append(vcol)
        data[ctx.t("col_of_year", what=ctx.t("col_rank"), year=label)] = [int(ranks[y][i]) for i in ids]
    if len(years) >= 2:
        a, b = years[0], years[-1]
        col = ctx.t("col_change_years", a=a, b=b)
        data[col] = [fmt_change(ctx.tables[b].at[ctx.province, i] - ctx.tables[a].at[ctx.province, i],
                                fw.indicator(i), ctx.lang) for i in ids]
        numeric.append(col)
    return reader_table(pd.DataFrame(data).set_index(ctx.t("col_criterion")), ctx.lang, numeric=numeric)
