"""Sentences made from analysis results: the notes of a target plan, of the Monte Carlo and Sobol
results, and the description of what the other provinces do.

The analyses return facts (numbers, flags, codes); the words are made here, in the language asked
for, from :data:`icttools.present.i18n.TEXT`. The English notes are also part of the command
line's JSON output.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from icttools.analysis.others import parse_others
from icttools.present.i18n import check_lang, fmt_num, t
from icttools.present.phrases import fmt_int

__all__ = ["others_description", "baseline_description", "plan_notes", "uncertainty_notes", "sobol_note",
           "method_years_warning", "study_warnings"]


def others_description(others: Any, lang: str = "en") -> str:
    """What an assumption about the other provinces means, e.g. ``"stand still"``."""
    model = parse_others(others)
    if model.mode == "growth":
        return t("others_growth", lang, pct=f"{model.growth_pct:g}")
    return t(f"others_{model.mode}", lang)


def baseline_description(others: Any, lang: str = "en") -> str:
    """One sentence saying what a baseline assumes about every province, the plan's included
    (``still``, ``trend``, ``trend-all``, ``growth=PCT``)."""
    model = parse_others(others)
    if model.mode == "growth":
        return t("baseline_growth", lang, pct=f"{model.growth_pct:g}")
    return t(f"baseline_{model.mode}", lang)


def plan_notes(plan: Any, lang: str = "en") -> list[str]:
    """The notes of a :class:`icttools.analysis.targets.TargetPlan`, in ``lang``.

    In order: the others' assumption, the effort definition and its source, the levers pulled and
    the criteria left alone, the relations kept (and any the data already break), indicators at
    their cap, "already holds" or "out of reach", the solver's record, the rounding of targets,
    and the comparison with the greedy baseline.
    """
    check_lang(lang)
    f = plan.facts
    notes = [t("note_others", lang, what=others_description(plan.others, lang)),
             t("note_effort", lang, source=f.feasibility_source)]
    if f.levers:
        notes.append(t("note_levers", lang, levers=", ".join(f.levers))
                     + (t("note_left_alone", lang, ids=", ".join(f.left_alone)) if f.left_alone else ""))
    if f.relations:
        notes.append(t("note_relations", lang, ids="; ".join(f.relations)))
    if f.broken_relations:
        notes.append(t("note_broken_relations", lang, ids="; ".join(f.broken_relations)))
    if f.blocked:
        notes.append(t("note_blocked", lang, n=len(f.blocked), ids=", ".join(f.blocked)))
    if f.already:
        notes.append(t("note_already", lang, rank=plan.current_rank))
    if f.out_of_reach:
        what = (t("note_out_rank", lang, rank=plan.target_rank) if plan.rival is None
                else t("note_out_rival", lang, rival=plan.rival))
        notes.append(t("note_out", lang, what=what, best=f.best_rank_found))
    if f.solves:
        notes.append(t("note_solver", lang, solves=f.solves, repairs=f.repairs,
                       evaluations=fmt_int(f.evaluations, lang) if lang == "vi" else f.evaluations))
    notes.append(t("note_rounding", lang, d=f.target_decimals))
    if plan.greedy.total_effort > 0:
        saving = 1.0 - float(plan.total_effort) / plan.greedy.total_effort
        worse = saving < 0 and plan.greedy.feasible == plan.feasible
        notes.append(t("note_greedy", lang, effort=fmt_num(plan.greedy.total_effort, 4, lang),
                       saving=fmt_num(100 * saving, 1, lang))
                     + (t("note_greedy_worse", lang) if worse else ""))
    return notes


def uncertainty_notes(result: Any, lang: str = "en") -> list[str | None]:
    """One note per row of ``result.summary``: None where the nominal rank lies in the 5–95 %
    interval, else why it does not (an :class:`icttools.analysis.uncertainty.UncertaintyResult`)."""
    check_lang(lang)
    m = result.framework.method
    spec = result.spec
    sampled = m.normalisation in spec.normalisations and m.aggregation in spec.aggregations
    why = (t("unc_outside_outlier", lang) if sampled
           else t("unc_outside_not_sampled", lang, desc=f"{m.normalisation}, {m.aggregation}"))
    out: list[str | None] = []
    for row in result.summary.itertuples(index=False):
        if row.nominal_inside:
            out.append(None)
            continue
        if row.share_worse >= row.share_better:
            where = t("unc_outside_better", lang, share=float(row.share_worse))
        else:
            where = t("unc_outside_worse", lang, share=float(row.share_better))
        out.append(t("unc_outside", lang, why=why, rank=int(row.nominal_rank), where=where))
    return out


def sobol_note(sobol: pd.DataFrame, lang: str = "en") -> str | None:
    """Why the Sobol indices are all zero (a rank that never varies), or None."""
    rank = sobol.attrs.get("constant_rank")
    if rank is None:
        return None
    return t("unc_constant", lang, code=sobol.attrs.get("province"), rank=rank,
             n=sobol.attrs.get("n_evaluations"))


def method_years_warning(note: Any, lang: str = "en") -> str | None:
    """``"method of 2016–2019 applied to 2020 ..."`` for a :class:`icttools.study.MethodYears`
    fact (None for None)."""
    if note is None:
        return None
    return t("warn_method_years", lang, first=note.first, last=note.last, year=note.year,
             framework=note.framework, years=", ".join(str(y) for y in note.years))


def study_warnings(study: Any, lang: str = "en") -> list[str]:
    """Every warning a Study carries, one line each: the method's years, then the relations the
    data break (the command line prints them on stderr for every command)."""
    out = []
    line = method_years_warning(study.method_years_note, lang)
    if line:
        out.append(line)
    out.extend(study.warnings)
    return out


def compute_notes(study: Any, lang: str = "en") -> list[str]:
    """Lines that must travel with the ranks of ``icttools compute``: for an index that publishes
    none (e.g. PAPI) the data source and the derived-rank note; for the 34 units of 2025 how they
    were made; the units left without a total. None for the ICT Index on its 63 provinces (its
    outputs stay as they are)."""
    lang = check_lang(lang)
    info = study.framework.ranks
    notes = []
    if study.merged is not None:
        kinds = study.merged.basis["kind"].value_counts()
        notes.append(t("cli_merged_34", lang, kinds=", ".join(f"{n} {k}" for k, n in kinds.items())))
    if not info.derived and not notes:
        return []
    if info.derived:
        notes.append(info.note(lang))
    if study.table.data_source:
        notes.insert(0, study.table.data_source)
    root = study.framework.root.id
    unranked = [c for c in study.codes if np.isnan(study.result.scores.at[c, root])]
    if unranked:
        names = dict(zip(study.codes, study.ranking(lang=lang)["province"]))
        notes.append(t("cli_no_total", lang, units=", ".join(f"{c} {names[c]}" for c in unranked)))
    return notes
