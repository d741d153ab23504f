"""Notebook 04 (targets and scenarios): least-effort plans to the target rank and the default scenario."""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import Markdown

from icttools.core.errors import InputError
from icttools.present import plots
from icttools.present.i18n import fmt_num, join_list
from icttools.report.context import DEFAULT_SCENARIO, ReportContext
from icttools.present.tables import localise_number_text, display_frame
from icttools.report.layout import md

__all__ = ["finding_targets", "plan_summary", "plan_table", "plan_chart", "scenario_table", "scenario_changes"]


def _plan_outcome(ctx: ReportContext, plan: Any) -> str:
    lang = ctx.lang
    frame = plan.plan
    if plan.feasible and frame.empty:
        return ctx.t("f_plan_none")
    if not plan.feasible:
        return ctx.t("f_plan_out", k=plan.target_rank, best=plan.best_reachable_rank,
                     effort=fmt_num(plan.total_effort, 3, lang))
    labels = [ctx.label(i) for i in frame["indicator"]]
    items = join_list(labels[:4], lang) + (", …" if len(labels) > 4 else "")
    return ctx.t("f_plan_ok", rank=plan.verified_rank, effort=fmt_num(plan.total_effort, 3, lang),
                 n=len(frame), items=items)


def _scenario_sentence(ctx: ReportContext) -> str:
    sc = ctx.scenario
    if sc is None:
        return ctx.t("f_scenario_missing", file=DEFAULT_SCENARIO)
    if sc.year != ctx.year:
        return ctx.t("f_scenario_year", scenario=sc.name(ctx.lang), scenario_year=sc.year)
    results = ctx.scenario_results
    if not results:
        return ""
    d = ctx.framework.method.rounding
    effects = []
    for mode, res in results.items():
        effect = ctx.t("f_scenario_effect", before=res.before.rank(ctx.province),
                       after=res.after.rank(ctx.province),
                       score_before=fmt_num(res.before.score(ctx.province), d, ctx.lang),
                       score_after=fmt_num(res.after.score(ctx.province), d, ctx.lang),
                       mode=ctx.t(f"mode_{mode}_lc"))
        if mode == "trend" and ctx.scenario_trend_baseline is not None:
            effect += " " + ctx.t("f_scenario_baseline", rank=ctx.scenario_trend_baseline.rank(ctx.province))
        effects.append(effect)
    note = "" if ctx.province in sc.focus else ctx.t("f_scenario_bystander")
    return ctx.t("f_scenario", scenario=sc.name(ctx.lang), name=ctx.name,
                 effects="; ".join(effects), note=note).strip()


def finding_targets(ctx: ReportContext) -> Markdown:
    """The least-effort plan under each mode for the others, and the scenario's effect."""
    plans = ctx.plans
    still = ctx.t("f_plan", mode_label=ctx.t("mode_still"), outcome=_plan_outcome(ctx, plans["still"]))
    if "trend" in plans:
        trend = ctx.t("f_plan", mode_label=ctx.t("mode_trend"), outcome=_plan_outcome(ctx, plans["trend"]))
    else:
        trend = ctx.t("f_plan", mode_label=ctx.t("mode_trend"), outcome=ctx.t("f_plan_missing", prev=ctx.year - 1))
    text = ctx.t("f_targets", rank_part=ctx.rank_phrase(), still=still, trend=trend)
    scenario = _scenario_sentence(ctx)
    return md(text + ("\n\n" + scenario if scenario else ""))


def plan_summary(ctx: ReportContext) -> pd.DataFrame:
    """One row per mode: feasible, target rank, rank before and after (verified), verified score,
    effort (optimiser and greedy baseline), best reachable rank."""
    int_cols = [ctx.t("col_target"), ctx.t("col_rank_before"), ctx.t("col_verified_rank"),
                ctx.t("col_best_rank")]
    rows = []
    for mode in ("still", "trend"):
        plan = ctx.plans.get(mode)
        row: dict[str, Any] = {ctx.t("col_mode"): ctx.t(f"mode_{mode}"), ctx.t("col_feasible"): "—",
                               ctx.t("col_target"): ctx.target_rank}
        if plan is not None:
            row.update({
                ctx.t("col_feasible"): ctx.t("yes") if plan.feasible else ctx.t("no"),
                ctx.t("col_target"): int(plan.target_rank),
                ctx.t("col_rank_before"): int(plan.current_rank),
                ctx.t("col_verified_rank"): int(plan.verified_rank),
                ctx.t("col_verified_score"): float(plan.verified_score),
                ctx.t("col_total_effort"): float(plan.total_effort),
                ctx.t("col_greedy_effort"): float(plan.greedy.total_effort),
                ctx.t("col_best_rank"): int(plan.best_reachable_rank),
            })
        rows.append(row)
    columns = [ctx.t("col_mode"), ctx.t("col_feasible"), ctx.t("col_target"), ctx.t("col_rank_before"),
               ctx.t("col_verified_rank"), ctx.t("col_verified_score"), ctx.t("col_total_effort"),
               ctx.t("col_greedy_effort"), ctx.t("col_best_rank")]
    df = pd.DataFrame(rows).reindex(columns=columns).set_index(ctx.t("col_mode"))
    for col in int_cols:
        df[col] = df[col].astype("Int64")
    for col in (ctx.t("col_verified_score"), ctx.t("col_total_effort"), ctx.t("col_greedy_effort")):
        df[col] = df[col].astype(float)
    return display_frame(df, ctx.lang)


def plan_table(ctx: ReportContext, mode: str = "still") -> pd.DataFrame | Markdown:
    """The criteria a plan changes: current and target value, change, effort and the places the
    change alone would gain (a sentence when the mode is not available or nothing changes)."""
    if mode not in ("still", "trend"):
        raise InputError(f"mode must be 'still' or 'trend', got {mode!r}")
    plan = ctx.plans.get(mode)
    if plan is None:
        return md(ctx.t("f_trend_missing", prev=ctx.year - 1, years=", ".join(str(y) for y in ctx.years)))
    frame = plan.plan
    if frame.empty:
        return md(ctx.t("f_plan_none"))
    fw = ctx.framework
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in frame["indicator"]],
        ctx.t("col_unit"): [fw.indicator(i).unit if ctx.lang == "vi" else fw.indicator(i).unit_en
                            for i in frame["indicator"]],
        ctx.t("col_current"): frame["current"].to_numpy(dtype=float),
        ctx.t("col_target"): frame["target"].to_numpy(dtype=float),
        ctx.t("col_change"): frame["change"].to_numpy(dtype=float),
        ctx.t("col_effort"): frame["effort"].to_numpy(dtype=float),
        ctx.t("col_places_alone"): frame["places_gained_alone"].to_numpy(dtype=int),
    })
    return display_frame(df.set_index(ctx.t("col_criterion")), ctx.lang)


def plan_chart(ctx: ReportContext) -> Any:
    """:func:`icttools.present.plots.target_plan` of the available plans."""
    return plots.target_plan(ctx.plans, ctx.framework, ctx.lang)


def scenario_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """Scores and ranks of the province on every node before and after the scenario, under each
    available mode for the others (a sentence when the scenario does not apply)."""
    results = ctx.scenario_results
    if not results:
        return md(_scenario_sentence(ctx) or ctx.t("f_scenario_missing", file=DEFAULT_SCENARIO))
    fw = ctx.framework
    first = next(iter(results.values()))
    data: dict[str, Any] = {
        ctx.t("col_node"): [("· " * fw.node(n).depth) + ctx.label(n) for n in fw.node_ids],
        ctx.t("col_score_before"): [first.before.score(ctx.province, n) for n in fw.node_ids],
        ctx.t("col_rank_before"): [first.before.rank(ctx.province, n) for n in fw.node_ids],
    }
    for mode, res in results.items():
        suffix = f" ({ctx.t(f'mode_{mode}_lc')})"
        if mode == "trend" and ctx.scenario_trend_baseline is not None:
            base = ctx.scenario_trend_baseline
            data[ctx.t("col_rank_no_plan") + suffix] = [base.rank(ctx.province, n) for n in fw.node_ids]
        data[ctx.t("col_score_after") + suffix] = [res.after.score(ctx.province, n) for n in fw.node_ids]
        data[ctx.t("col_rank_after") + suffix] = [res.after.rank(ctx.province, n) for n in fw.node_ids]
        data[ctx.t("col_rank_change") + suffix] = [int(res.rank_change.at[ctx.province, n]) for n in fw.node_ids]
    return display_frame(pd.DataFrame(data).set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def _operand_text(ctx: ReportContext, value: Any) -> str:
    if isinstance(value, str):
        return ctx.label(value) if ctx.framework.has_indicator(value) else value
    return localise_number_text(f"{float(value):g}", ctx.lang)


def scenario_changes(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """The scenario's changes: province, criterion, operation, value before and after, source, why."""
    results = ctx.scenario_results
    if not results:
        return md(_scenario_sentence(ctx) or ctx.t("f_scenario_missing", file=DEFAULT_SCENARIO))
    res = results["still"]
    ch = res.changes
    sc = res.scenario
    notes = {c.number: c.note(ctx.lang) for c in sc.changes}
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(c) for c in ch["gso_code"]],
        ctx.t("col_criterion"): [ctx.label(i) for i in ch["indicator"]],
        ctx.t("col_operation"): [f"{op}: {_operand_text(ctx, v)}" for op, v in zip(ch["operation"], ch["operand"])],
        ctx.t("col_before"): ch["before"].to_numpy(dtype=float),
        ctx.t("col_after"): ch["after"].to_numpy(dtype=float),
        ctx.t("col_source"): ch["source"].to_numpy(),
        ctx.t("col_comment"): [notes.get(int(n), "") for n in ch["change"]],
    })
    df.index = pd.RangeIndex(1, len(df) + 1)
    return display_frame(df, ctx.lang, decimals=2)
