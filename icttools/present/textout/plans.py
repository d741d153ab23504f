"""Text of the planning analyses: target plans, scenarios, trends."""

from __future__ import annotations

from typing import Any

import pandas as pd

from icttools.core.errors import InputError
from icttools.core.framework import Framework, as_framework
from icttools.present.i18n import check_lang, province_name
from icttools.present.notes import baseline_description, others_description, plan_notes
from icttools.present.phrases import rank_change_cell
from icttools.present.textout.tables import fit, section, text_table

__all__ = ["format_plan", "format_scenario", "format_trends"]


def _name(code: str, lang: str, units=None) -> str:
    try:
        return province_name(code, lang, units)
    except ValueError:
        return code


# --- target plans ------------------------------------------------------------------------------

def _plan_lines(frame: pd.DataFrame, fw: Framework | None, lang: str) -> list[str]:
    T = section("cli_targ_", lang)
    if frame.empty:
        return ["  " + T["empty"]]
    labels = [fw.label(i, lang) if fw is not None and fw.has_indicator(i) else i for i in frame["indicator"]]
    width = min(max(len(T["cols"][0]), *(len(x) for x in labels)), 60)
    head = f"  {T['cols'][0]:<{width}}  " + "  ".join(f"{c:>10}" for c in T["cols"][1:])
    lines = [head, "  " + "-" * (len(head) - 2)]
    for lab, r in zip(labels, frame.itertuples(index=False)):
        implied = getattr(r, "implied_by", None)
        tail = f"  ({T['implied']}: {implied})" if isinstance(implied, str) else ""
        lines.append(f"  {fit(lab, width):<{width}}  {r.current:>10.4f}  {r.target:>10.4f}  {r.change:>+10.4f}"
                     f"  {r.effort:>10.4f}  {int(r.places_gained_alone):>10d}{tail}")
    return lines


def format_plan(plan: Any, lang: str = "vi", baselines: pd.DataFrame | None = None) -> str:
    """Text of a :class:`icttools.analysis.targets.TargetPlan` (``lang`` "vi" or "en"); with
    ``baselines`` (:func:`icttools.analysis.others.baseline_ranks`), the rank under each baseline."""
    check_lang(lang)
    T = section("cli_targ_", lang)
    fw = plan.framework
    goal = (f"{T['rank']} ≤ {plan.target_rank}" if plan.rival is None
            else f"{T['above']} {_name(plan.rival, lang, fw.units)} ({plan.rival})")
    lines = [
        T["title"],
        f"{T['province']}: {_name(plan.province, lang, fw.units)} ({plan.province})",
        f"{T['target']}: {goal}; {T['others']}: {others_description(plan.others, lang)}",
        f"{T['baseline']}: {baseline_description(plan.others, lang)}",
        f"{T['now']}: {T['rank']} {plan.current_rank}, {T['score']} {plan.current_score:.4f}",
        f"{T['feasible']}: {T['yes'] if plan.feasible else T['no']}; {T['best']}: {plan.best_reachable_rank}",
        f"{T['verified']}: {T['rank']} {plan.verified_rank}, {T['score']} {plan.verified_score:.4f}; "
        f"{T['effort']}: {plan.total_effort:.4f}",
        *([f"{T['baselines']}: " + "; ".join(f"{T['baseline_' + k]} {int(r['rank'])}" for k, r in baselines.iterrows())]
          if baselines is not None and len(baselines) > 1 else []),
        "",
        *_plan_lines(plan.plan, fw, lang),
        "",
        f"{T['greedy']}: {T['rank']} {plan.greedy.verified_rank}, {T['score']} "
        f"{plan.greedy.verified_score:.4f}; {T['effort']}: {plan.greedy.total_effort:.4f}",
        *_plan_lines(plan.greedy.plan, fw, lang),
    ]
    notes = plan_notes(plan, lang)
    if notes:
        lines += ["", f"{T['notes']}:"] + [f"  - {n}" for n in notes]
    return "\n".join(lines)


# --- scenarios ---------------------------------------------------------------------------------

def _signed(x: float, decimals: int) -> str:
    return f"{x:+.{decimals}f}" if round(x, decimals) != 0 else f"{0:.{decimals}f}"


def format_scenario(res: Any, lang: str = "vi") -> str:
    """Text of a :class:`icttools.analysis.scenario.ScenarioResult`: the changed values, then the
    named provinces' score and rank before and after at every node."""
    check_lang(lang)
    T = section("cli_scen_", lang)
    fw = res.before.framework
    decimals = fw.method.rounding
    sc = res.scenario
    out = [f"{T['scenario']}: {sc.name(lang)}", f"{T['year']}: {sc.year}",
           f"{T['others']}: {T[res.others] if res.others in T else others_description(res.others, lang)}",
           f"{T['baseline']}: {baseline_description(res.others, lang)}",
           "", T["changes"]]
    rows = []
    for r in res.changes.itertuples(index=False):
        after = f"{r.after:g}" + (" *" if r.clipped else "")
        rows.append([str(r.change), f"{r.gso_code} {r.province}", f"{fw.label(r.indicator, lang)} ({r.indicator})",
                     f"{r.before:g}", after, r.source])
    out.append(text_table([T["no"], T["province"], T["indicator"], T["before"], T["after"], T["source"]], rows,
                          "rllrrl"))
    if res.changes["clipped"].any():
        out.append(f"* {T['clipped']}")
    out += ["", f"{T['comments']}:"]
    out += [f"  {r.change}. {r.comment_vi if lang == 'vi' and r.comment_vi else r.comment}"
            for r in res.changes.itertuples(index=False)]
    ft = res.focus_table(lang)
    for code in sc.focus:
        part = ft[ft["gso_code"] == code]
        out += ["", f"{T['effect']} – {code} {part['province'].iloc[0]}"]
        rows = []
        for r in part.itertuples(index=False):
            indent = "  " * fw.node(r.node).depth
            rows.append([indent + r.label, f"{r.score_before:.{decimals}f}", f"{r.score_after:.{decimals}f}",
                         _signed(r.score_change, decimals), str(r.rank_before), str(r.rank_after),
                         rank_change_cell(-r.rank_change)])  # + = moved up, as the reports
        header = [T["node"], f"{T['score']} {T['before'].lower()}", f"{T['score']} {T['after'].lower()}",
                  T["change"], f"{T['rank']} {T['before'].lower()}", f"{T['rank']} {T['after'].lower()}",
                  T["change"]]
        out.append(text_table(header, rows, "lrrrrrr"))
    out += ["", T["rank_note"]]
    return "\n".join(out)


# --- trends ------------------------------------------------------------------------------------

def _signed_int(v: int) -> str:
    """A rank change (rank arithmetic: negative = moved up) as the reports write it: ▲ 3, ▼ 8."""
    return rank_change_cell(-v)


def format_trends(attribution: pd.DataFrame | None = None, history: pd.DataFrame | None = None,
                  lang: str = "vi", framework: Framework | str | None = None,
                  years: tuple[int, int] | None = None) -> str:
    """Text of an attribution and/or a rank history (:mod:`icttools.analysis.trends`).

    With one province, the attribution table has a row per node; with several, a row per
    province at the root node only.
    """
    check_lang(lang)
    if attribution is None and history is None:
        raise InputError("format_trends: give attribution, history or both")
    fw = as_framework(framework)
    T = section("cli_trends_", lang)
    d = fw.method.rounding
    out: list[str] = []
    if attribution is not None:
        heading = T["attribution"] + (f" {years[0]} → {years[1]}" if years else "")
        codes = list(dict.fromkeys(attribution["gso_code"]))
        header = [T["before"], T["after"], T["total"], T["own"], T["others"], T["interaction"],
                  T["score_before"], T["score_after"]]

        def cells(r) -> list[str]:
            return [str(r.rank_before), str(r.rank_after), _signed_int(r.total), _signed_int(r.own),
                    _signed_int(r.others), _signed_int(r.interaction), f"{r.score_before:.{d}f}",
                    f"{r.score_after:.{d}f}"]

        if len(codes) == 1:
            out += [f"{heading} – {codes[0]} {_name(codes[0], 'vi', fw.units)}"]
            rows = [["  " * fw.node(r.node).depth + fw.label(r.node, lang), *cells(r)]
                    for r in attribution.itertuples(index=False)]
            out.append(text_table([T["node"], *header], rows, "l" + "r" * len(header)))
        else:
            root = fw.root.id
            out += [f"{heading} – {fw.label(root, lang)}"]
            rows = [[f"{r.gso_code} {_name(r.gso_code, 'vi', fw.units)}", *cells(r)]
                    for r in attribution[attribution["node"] == root].itertuples(index=False)]
            out.append(text_table([T["province"], *header], rows, "l" + "r" * len(header)))
            out.append(T["overall_only"])
        out.append(T["note"])
    if history is not None:
        if out:
            out.append("")
        code = str(history["gso_code"].iloc[0])
        out.append(f"{T['history']} – {code} {_name(code, 'vi', fw.units)} ({T['cell']})")
        yrs = list(history.index)
        rows = []
        for nid in fw.node_ids:
            rows.append(["  " * fw.node(nid).depth + fw.label(nid, lang),
                         *[f"{int(history.at[y, f'{nid}_rank'])} ({history.at[y, f'{nid}_score']:.{d}f})"
                           for y in yrs]])
        out.append(text_table([T["node"], *[str(y) for y in yrs]], rows, "l" + "r" * len(yrs)))
    return "\n".join(out) + "\n"
