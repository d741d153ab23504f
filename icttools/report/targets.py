"""Report 04 (targets and scenarios): the least-effort way to the target group, and plan
126/KH-UBND's measures as a scenario.

The headline states three ranks that cannot be misread: today's rank, the rank under the
baseline ("the other provinces keep their trend while this one stands still": one sentence
says what it is) and the rank with the least-effort option or the plan; a table shows them side
by side. "Kế hoạch" names plan 126/KH-UBND only; what icttools computes is a "phương án"
(option). Effort is explained with its unit. Solver details, the step-by-step comparison and the
scenario file's operations are in the annex.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from icttools.core.errors import InputError
from icttools.present import plots
from icttools.present.glossary import term
from icttools.present.i18n import fmt_num
from icttools.present.notes import plan_notes
from icttools.present.phrases import fmt_change, fmt_score, fmt_value, quote, quoted_list, rank_change, rank_of
from icttools.present.readertable import ReaderTable, md_escape, reader_table
from icttools.report.assignments import responsible
from icttools.report.context import DEFAULT_SCENARIO, ReportContext
from icttools.report.layout import Message, md, show_chart

__all__ = ["key_messages_04", "baseline_table", "plan_table", "plan_chart", "plan_summary", "scenario_sentence",
           "scenario_table", "scenario_changes", "solver_notes", "scenario_operations"]


def _effort(x: float, lang: str) -> str:
    return fmt_num(x, 2, lang)


def _todo_items(ctx: ReportContext, plan: Any, most: int = 2) -> str:
    """The plan's largest changes as actions: "nâng “X” từ 25,0% lên 55,0%"."""
    frame = plan.plan.sort_values("effort", ascending=False, kind="stable").head(most)
    fw = ctx.framework
    items = [ctx.t("s_raise", label=quote(ctx.label(r.indicator), ctx.lang),
                   current=fmt_value(r.current, fw.indicator(r.indicator), ctx.lang),
                   target=fmt_value(r.target, fw.indicator(r.indicator), ctx.lang)) for r in frame.itertuples()]
    return "; ".join(items)


def plan_sentence(ctx: ReportContext, plan: Any, mode: str) -> Message:
    lang = ctx.lang
    group = term("top_group", lang, k=plan.target_rank)
    assumption = ctx.t(f"s_assume_{mode}", year=ctx.year, prev=ctx.year - 1)
    frame = plan.plan
    if plan.feasible and frame.empty:
        return Message(ctx.t("s_plan_none", assumption=assumption, name=ctx.name, group=group))
    if not plan.feasible:
        return Message(ctx.t("s_plan_out", assumption=assumption, group=group, best=plan.best_reachable_rank,
                             name=ctx.name),
                       _todo_items(ctx, plan) if not frame.empty else None)
    labels = [ctx.label(i) for i in frame["indicator"]]
    return Message(ctx.t("s_plan_ok", assumption=assumption, name=ctx.name, rank=plan.verified_rank, n=len(frame),
                         items=quoted_list(labels, lang, most=4), effort=_effort(plan.total_effort, lang)),
                   ctx.t("s_plan_todo", items=_todo_items(ctx, plan)))


def key_messages_04(ctx: ReportContext) -> list[Message]:
    """Today and the baseline; the least-effort option under each assumption about the others;
    the plan 126/KH-UBND scenario."""
    plans = ctx.plans
    today = ctx.t("s_today", name=ctx.name, rank=rank_of(ctx.rank(), ctx.n_provinces),
                  score=fmt_score(ctx.score(), ctx.lang))
    if "trend" in plans:
        base = plans["trend"].current_rank
        today += " " + ctx.t("s_baseline_trend", prev=ctx.year - 1, year=ctx.year, name=ctx.name, rank=base,
                             change=rank_change(ctx.rank(), base, ctx.lang, path=False))
    out = [Message(today), plan_sentence(ctx, plans["still"], "still")]
    if "trend" in plans:
        out.append(plan_sentence(ctx, plans["trend"], "trend"))
    else:
        out.append(Message(ctx.t("s_trend_missing", prev=ctx.year - 1)))
    scenario = scenario_sentence(ctx)
    if scenario:
        out.append(Message(scenario))
    return out


def scenario_sentence(ctx: ReportContext) -> str:
    """What plan 126/KH-UBND's measures do (the scenario), in words that cannot be misread: the
    rank today, under the baseline and with the plan."""
    sc = ctx.scenario
    if not ctx.default_view:  # plan 126 is written for the ICT Index of the 63 provinces
        return ctx.t("s_scenario_na", what=ctx.t("ph_scenario_na_vn34") if ctx.is_vn34 else ctx.index_name)
    if sc is None:
        return ctx.t("s_scenario_missing", file=DEFAULT_SCENARIO)
    if sc.year != ctx.year:
        return ctx.t("s_scenario_year", scenario=md_escape(sc.name(ctx.lang)), scenario_year=sc.year)
    results = ctx.scenario_results
    if not results:
        return ""
    name = md_escape(sc.name(ctx.lang))
    if ctx.province not in sc.focus:
        res = results["still"]
        return ctx.t("s_scenario_bystander", scenario=name, name=ctx.name,
                     change=rank_change(res.before.rank(ctx.province), res.after.rank(ctx.province), ctx.lang))
    parts = []
    still = results["still"]
    parts.append(ctx.t("s_scenario_still", year=ctx.year, name=ctx.name,
                       change=rank_change(still.before.rank(ctx.province), still.after.rank(ctx.province), ctx.lang),
                       before=fmt_score(still.before.score(ctx.province), ctx.lang),
                       after=fmt_score(still.after.score(ctx.province), ctx.lang)))
    if "trend" in results and ctx.scenario_trend_baseline is not None:
        with_plan = results["trend"].after.rank(ctx.province)
        without = ctx.scenario_trend_baseline.rank(ctx.province)
        saved = without - with_plan
        key = "s_scenario_trend_saves" if saved > 0 else ("s_scenario_trend_same" if saved == 0 else "s_scenario_trend_worse")
        parts.append(ctx.t(key, name=ctx.name, rank=with_plan, without=without, n=abs(saved), today=ctx.rank()))
    return ctx.t("s_scenario", scenario=name, parts=" ".join(parts))


def baseline_table(ctx: ReportContext) -> ReaderTable:
    """The rank today, under each baseline (nothing done), with the least-effort option and with
    plan 126/KH-UBND's measures, side by side (one row per assumption about the others)."""
    rows = []
    sc_results = ctx.scenario_results if ctx.scenario is not None and ctx.province in ctx.scenario.focus else {}
    for mode, plan in ctx.plans.items():
        row = {ctx.t("col_assumption"): ctx.t(f"mode_{mode}"), ctx.t("col_rank_today"): ctx.rank(),
               ctx.t("col_rank_baseline"): int(plan.current_rank),
               ctx.t("col_rank_option", k=ctx.target_rank): int(plan.verified_rank)}
        if sc_results:
            res = sc_results.get(mode)
            row[ctx.t("col_rank_plan126")] = int(res.after.rank(ctx.province)) if res is not None else pd.NA
        rows.append(row)
    df = pd.DataFrame(rows).set_index(ctx.t("col_assumption"))
    for col in df.columns:
        df[col] = df[col].astype("Int64")
    return reader_table(df, ctx.lang, limit=None,
                        note=ctx.t("note_baseline", name=ctx.name, prev=ctx.year - 1, year=ctx.year))


def plan_table(ctx: ReportContext, mode: str = "still") -> ReaderTable | Any:
    """The criteria an option changes: today's value and the value to reach (with units), the
    increase, the effort, the places the change alone would gain, and who leads the work (a
    sentence when the option is not available or nothing changes)."""
    if mode not in ("still", "trend"):
        raise InputError(f"mode must be 'still' or 'trend', got {mode!r}")
    plan = ctx.plans.get(mode)
    if plan is None:
        return md(ctx.t("s_trend_missing", prev=ctx.year - 1))
    frame = plan.plan
    if frame.empty:
        return md(plan_sentence(ctx, plan, mode).text)
    fw = ctx.framework
    inds = [fw.indicator(i) for i in frame["indicator"]]
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in frame["indicator"]],
        ctx.t("col_current"): [fmt_value(v, ind, ctx.lang) for v, ind in zip(frame["current"], inds)],
        ctx.t("col_to_reach"): [fmt_value(v, ind, ctx.lang) for v, ind in zip(frame["target"], inds)],
        ctx.t("col_increase"): [fmt_change(v, ind, ctx.lang) for v, ind in zip(frame["change"], inds)],
        ctx.t("col_effort"): frame["effort"].to_numpy(dtype=float),
        ctx.t("col_places_alone"): frame["places_gained_alone"].to_numpy(dtype=int),
        ctx.t("col_lead"): [responsible(ctx, i) for i in frame["indicator"]],
    })
    numeric = [ctx.t("col_current"), ctx.t("col_to_reach"), ctx.t("col_increase")]
    return reader_table(df.set_index(ctx.t("col_criterion")), ctx.lang, decimals=2, fixed=True, numeric=numeric,
                        note=ctx.t("note_effort_table", total=_effort(plan.total_effort, ctx.lang)))


def plan_chart(ctx: ReportContext) -> None:
    """Today's values and the values to reach under each option (one panel per criterion)."""
    show_chart(ctx, plots.target_plan(ctx.plans, ctx.framework, ctx.lang))


def plan_summary(ctx: ReportContext) -> ReaderTable:
    """Annex: per assumption, the target, the rank before and after (recomputed), the effort of
    the option and of the step-by-step option, and the best rank the caps allow."""
    rows = []
    for mode, plan in ctx.plans.items():
        rows.append({ctx.t("col_assumption"): ctx.t(f"mode_{mode}"), ctx.t("col_feasible"): bool(plan.feasible),
                     ctx.t("col_target"): int(plan.target_rank), ctx.t("col_rank_baseline"): int(plan.current_rank),
                     ctx.t("col_verified_rank"): int(plan.verified_rank),
                     ctx.t("col_verified_score"): float(plan.verified_score),
                     ctx.t("col_total_effort"): float(plan.total_effort),
                     ctx.t("col_greedy_effort"): float(plan.greedy.total_effort),
                     ctx.t("col_best_rank"): int(plan.best_reachable_rank)})
    df = pd.DataFrame(rows).set_index(ctx.t("col_assumption"))
    return reader_table(df, ctx.lang, decimals={ctx.t("col_verified_score"): 4, ctx.t("col_total_effort"): 2,
                                                ctx.t("col_greedy_effort"): 2}, fixed=True, limit=None)


def solver_notes(ctx: ReportContext) -> Any:
    """Annex: how each option was found and checked (the solver's notes, in the report's language)."""
    lines = []
    for mode, plan in ctx.plans.items():
        lines.append(f"**{ctx.t(f'mode_{mode}')}.** " + " ".join(md_escape(n) for n in plan_notes(plan, ctx.lang)))
    return md("\n\n".join(lines))


def _operation_text(ctx: ReportContext, op: str, operand: Any, indicator: str) -> str:
    """A scenario operation in words: "đặt bằng 100%", "cộng thêm 10,0 điểm phần trăm"."""
    ind = ctx.framework.indicator(indicator)
    if op == "set_to_indicator":
        return ctx.t("op_set_to", label=quote(ctx.label(str(operand)), ctx.lang))
    if op == "set":
        return ctx.t("op_set", value=fmt_value(float(operand), ind, ctx.lang))
    if op == "add":
        return ctx.t("op_add", value=fmt_change(float(operand), ind, ctx.lang).lstrip("+"))
    if op == "multiply":
        return ctx.t("op_multiply", value=fmt_num(float(operand), 2, ctx.lang))
    return md_escape(op)


def _scenario_or_sentence(ctx: ReportContext) -> Any:
    results = ctx.scenario_results
    if not results or ctx.province not in ctx.scenario.focus:
        return None
    return results


def scenario_table(ctx: ReportContext) -> ReaderTable | Any:
    """The province's scores and ranks on every level before and after the plan's measures, for
    each assumption about the others (a sentence when the scenario does not concern it)."""
    results = _scenario_or_sentence(ctx)
    if results is None:
        return md(scenario_sentence(ctx) or ctx.t("s_scenario_missing", file=DEFAULT_SCENARIO))
    fw = ctx.framework
    first = next(iter(results.values()))
    data: dict[str, Any] = {
        ctx.t("col_node"): [ctx.label(n) for n in fw.node_ids],
        ctx.t("col_score_today"): [first.before.score(ctx.province, n) for n in fw.node_ids],
        ctx.t("col_rank_today"): [first.before.rank(ctx.province, n) for n in fw.node_ids],
    }
    for mode, res in results.items():
        suffix = f" ({ctx.t(f'mode_{mode}_lc')})"
        if mode == "trend" and ctx.scenario_trend_baseline is not None:
            base = ctx.scenario_trend_baseline
            data[ctx.t("col_rank_no_plan") + suffix] = [base.rank(ctx.province, n) for n in fw.node_ids]
        data[ctx.t("col_rank_with_plan") + suffix] = [res.after.rank(ctx.province, n) for n in fw.node_ids]
        data[ctx.t("col_score_with_plan") + suffix] = [res.after.score(ctx.province, n) for n in fw.node_ids]
    df = pd.DataFrame(data).set_index(ctx.t("col_node"))
    return reader_table(df, ctx.lang, fixed=True, note=ctx.t("note_scenario_table"))


def scenario_changes(ctx: ReportContext) -> ReaderTable | Any:
    """The values the plan's measures change: criterion, what is done (in words), the value
    before and after (with units), the plan's section and the assumption, in full."""
    results = _scenario_or_sentence(ctx)
    if results is None:
        return md(scenario_sentence(ctx) or ctx.t("s_scenario_missing", file=DEFAULT_SCENARIO))
    res = results["still"]
    ch = res.changes
    fw = ctx.framework
    notes = {c.number: c.note(ctx.lang) for c in res.scenario.changes}
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in ch["indicator"]],
        ctx.t("col_measure"): [_operation_text(ctx, op, v, i) for op, v, i in
                               zip(ch["operation"], ch["operand"], ch["indicator"])],
        ctx.t("col_before"): [fmt_value(v, fw.indicator(i), ctx.lang) for v, i in zip(ch["before"], ch["indicator"])],
        ctx.t("col_after"): [fmt_value(v, fw.indicator(i), ctx.lang) for v, i in zip(ch["after"], ch["indicator"])],
        ctx.t("col_source"): [_section_words(s, ctx.lang) for s in ch["source"]],
        ctx.t("col_comment"): [notes.get(int(n), "") for n in ch["change"]],
    })
    df.index = pd.RangeIndex(1, len(df) + 1, name="#")
    return reader_table(df, ctx.lang, numeric=[ctx.t("col_before"), ctx.t("col_after")], links=[ctx.t("col_source")],
                        wide=[ctx.t("col_source"), ctx.t("col_measure")], limit=None)


def _section_words(text: Any, lang: str) -> Any:
    if lang != "vi" or not isinstance(text, str):
        return text
    return text.replace("section ", "Mục ").replace("Section ", "Mục ")


def scenario_operations(ctx: ReportContext) -> ReaderTable | Any:
    """Annex: the scenario file's changes as written (operation names and operands)."""
    sc = ctx.scenario
    if sc is None:
        return md(ctx.t("s_scenario_missing", file=DEFAULT_SCENARIO))
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(c.province) for c in sc.changes],
        ctx.t("col_criterion"): [ctx.label(c.indicator) for c in sc.changes],
        ctx.t("col_operation"): [c.describe() for c in sc.changes],
        ctx.t("col_source"): [c.source for c in sc.changes],
    })
    df.index = pd.RangeIndex(1, len(df) + 1, name="#")
    return reader_table(df, ctx.lang, limit=None, caption=ctx.t("cap_scenario_file", file=sc.source_file),
                        nowrap=[ctx.t("col_province")], wide=[ctx.t("col_source")])
