"""Report 06 (the leaders' brief): two A4 pages a provincial leader can act on.

The rank and its trend, the key messages, the least-effort option to the target group as a short
table with units and the department that leads each criterion (from the province's plan where
it is recorded: :mod:`icttools.report.assignments`), the caveat on the rank's robustness and
the data's provenance. Everything comes from the same analyses as reports 01, 03 and 04; the
brief only chooses and words them. It prints on at most two A4 pages: no chart, at most eight
rows in its table.
"""

from __future__ import annotations

import pandas as pd

from icttools.present.glossary import term
from icttools.present.i18n import fmt_num
from icttools.present.phrases import fmt_change, fmt_int, fmt_score, fmt_value, rank_change, rank_of
from icttools.present.readertable import ReaderTable, md_escape, reader_table
from icttools.report.assignments import responsible
from icttools.report.context import ReportContext
from icttools.report.layout import Message, md
from icttools.report.overview import key_messages_01
from icttools.report.provenance import years_used
from icttools.report.sentences import robustness_message
from icttools.report.targets import plan_sentence

__all__ = ["key_messages_06", "brief_plan_table", "brief_caveat", "brief_sources", "brief_method"]

#: Rows of the brief's plan table (the largest efforts first); the rest are counted below it.
BRIEF_ROWS = 8


def _trend_part(ctx: ReportContext) -> str:
    prev = ctx.study.previous
    if prev is None or ctx.province not in prev.codes or pd.isna(prev.result.ranks.at[ctx.province, ctx.root]):
        return ""  # no rank the year before (a value missing, never filled)
    before = prev.rank(ctx.province)
    return ctx.t("s_since", change=rank_change(before, ctx.rank(), ctx.lang), prev=prev.year)


def key_messages_06(ctx: ReportContext) -> list[Message]:
    """Rank and trend; best and worst sub-index; the least-effort option; the baseline; the
    rank's robustness."""
    first = Message(ctx.t("s_brief_rank", year=ctx.year, name=ctx.name,
                          rank=rank_of(ctx.rank(), ctx.n_provinces), units=term("units", ctx.lang),
                          score=fmt_score(ctx.score(), ctx.lang)) + _trend_part(ctx) + ".")
    out = [first, key_messages_01(ctx)[1], plan_sentence(ctx, ctx.plans["still"], "still")]
    if "trend" in ctx.plans:
        base = ctx.plans["trend"].current_rank
        out.append(Message(ctx.t("s_brief_baseline", prev=ctx.year - 1, year=ctx.year, name=ctx.name, rank=base,
                                 change=rank_change(ctx.rank(), base, ctx.lang, path=False)),
                           ctx.t("s_brief_baseline_todo")))
    out.append(robustness_message(ctx))
    return out[:5]


def brief_plan_table(ctx: ReportContext) -> ReaderTable | md:
    """The least-effort option (others stand still) as a short table: criterion, today, value to
    reach, increase (with units) and who leads it."""
    plan = ctx.plans["still"]
    frame = plan.plan
    if frame.empty:
        return md(plan_sentence(ctx, plan, "still").text)
    frame = frame.sort_values("effort", ascending=False, kind="stable")
    shown = frame.head(BRIEF_ROWS)
    fw = ctx.framework
    inds = [fw.indicator(i) for i in shown["indicator"]]
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in shown["indicator"]],
        ctx.t("col_current"): [fmt_value(v, ind, ctx.lang) for v, ind in zip(shown["current"], inds)],
        ctx.t("col_to_reach"): [fmt_value(v, ind, ctx.lang) for v, ind in zip(shown["target"], inds)],
        ctx.t("col_increase"): [fmt_change(v, ind, ctx.lang) for v, ind in zip(shown["change"], inds)],
        ctx.t("col_lead"): [responsible(ctx, i) for i in shown["indicator"]],
    })
    rest = len(frame) - len(shown)
    note = ctx.t("note_brief_plan", rank=plan.verified_rank, effort=fmt_num(plan.total_effort, 2, ctx.lang))
    if rest:
        note += " " + ctx.t("note_brief_rest", n=rest)
    numeric = [ctx.t("col_current"), ctx.t("col_to_reach"), ctx.t("col_increase")]
    return reader_table(df.set_index(ctx.t("col_criterion")), ctx.lang, numeric=numeric, limit=None, note=note)


def brief_caveat(ctx: ReportContext) -> md:
    """The caveat: what the option assumes, and (for synthetic data) that nothing here is about
    the real province. The rank's robustness is in the key messages."""
    text = ctx.t("s_brief_caveat")
    if any(d.synthetic for d in years_used(ctx, "06")):
        text += " " + ctx.t("s_brief_synthetic")
    if ctx.is_vn34:  # the 34 units of 2025: what the province inherits, and how it was merged
        from icttools.report.inherits import inherits_sentence, merge_basis_sentence

        text += "\n\n" + inherits_sentence(ctx) + " " + merge_basis_sentence(ctx)
    return md(text)


def brief_sources(ctx: ReportContext) -> ReaderTable:
    """The data year by year: kind (real or synthetic) and the source label of the file."""
    data = years_used(ctx, "06")
    df = pd.DataFrame({
        ctx.t("col_year"): [str(d.year) for d in data],
        ctx.t("col_kind"): [ctx.t("prov_synthetic_short" if d.synthetic else "prov_real_short") for d in data],
        ctx.t("col_source_label"): [d.data_source or ctx.t("none_text") for d in data],
    }).set_index(ctx.t("col_year"))
    return reader_table(df, ctx.lang, limit=None, links=[ctx.t("col_source_label")],
                        highlight=[d.year == ctx.year for d in data])


def brief_method(ctx: ReportContext) -> md:
    """The annex of the brief, in three lines: the method, the option's assumptions, the run."""
    m = ctx.framework.method
    return md(ctx.t("annex_06", framework=ctx.framework.id, norm=m.normalisation, agg=m.aggregation,
                    ranking=m.ranking, n=fmt_int(ctx.n_samples, ctx.lang), seed=ctx.seed, k=ctx.target_rank,
                    data_dir=md_escape(ctx.data_dir)))
