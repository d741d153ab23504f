"""The command line's JSON output: plain-Python views of the analyses' results.

Each ``*_to_json`` function turns one analysis result into the documented JSON shape (README,
"JSON output"); the Study's result objects return the same through ``.to_json()``. Floats are
rounded (:func:`json_float`); no NaN or infinity reaches the output.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.errors import InputError
from icttools.analysis.decomposition import decompose_gap, strengths_weaknesses
from icttools.analysis.gaps import (REFERENCES, check_target_rank, gap_table, leads_region, reference_province,
                                    unit_code)
from icttools.analysis.sensitivity import RankCurves
from icttools.analysis.breakeven import break_even, feasibility_flags, places_per_year_step
from icttools.analysis.feasibility import Feasibility, load_feasibility
from icttools.analysis.trends import ATTRIBUTION_COLUMNS
from icttools.core.engine import IndexResult
from icttools.core.relations import violation_messages
from icttools.analysis.others import parse_others
from icttools.present.i18n import t
from icttools.present.notes import baseline_description, plan_notes, uncertainty_notes

__all__ = ["json_float", "compute_to_json", "gaps_to_json", "sensitivity_to_json", "uncertainty_to_json",
           "targets_to_json", "baseline_to_json", "baselines_to_json", "scenario_to_json", "scenario_warnings",
           "trends_to_json"]

_JSON_DECIMALS = 10


def json_float(x: Any, decimals: int = _JSON_DECIMALS) -> float | None:
    """A finite float rounded to ``decimals`` (None for None, NaN or infinity; never -0.0)."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    r = round(x, decimals)
    return 0.0 if r == 0 else r


# --- compute ---------------------------------------------------------------------------------

def compute_to_json(result: IndexResult, year: int, lang: str = "vi") -> dict:
    """``{"year", "framework", "method", "provinces": [{gso_code, province, <node>_score,
    <node>_rank, ...}]}`` (scores rounded as published)."""
    table = result.table(lang=lang)
    records = json.loads(table.to_json(orient="records", force_ascii=False, double_precision=10))
    fw = result.framework
    return {"year": int(year), "framework": fw.id, "method": fw.method.normalisation, "provinces": records}


# --- gaps ------------------------------------------------------------------------------------

def _gap_key(reference: str) -> str:
    return "gap_" + reference.replace("-", "_")


def gaps_to_json(result: IndexResult, province: Any, year: int, target_rank: int = 10) -> dict:
    """The gaps of a province as a JSON-serialisable dict.

    Returns
    -------
    dict
        ``{"province", "year", "target_rank", "score", "rank", "references", "indicators",
        "strengths", "weaknesses"}``. ``references[ref]`` is ``{"province": code or None,
        "score_gap", "contributions": {indicator: points}, "by_node": {node: points}}`` for each
        reference; ``references["region-best"]`` also has ``"leads_region"`` (True when the
        province leads its region, so the reference is the region's runner-up: the best *other*
        province). For ``above`` when the province is 1st, every field is None; under geometric
        aggregation ``contributions`` and ``by_node`` are None and ``score_gap`` is the plain score
        difference (None for the medians). ``indicators`` lists, in framework order,
        ``{"indicator", "value", "rank", "gap_<reference>"...}``. Strengths and weaknesses are
        lists of ``{"indicator", "rank", "value", "points"}``. Floats rounded to 10 decimals.
    """
    fw = result.framework
    code = unit_code(result, province)
    k = check_target_rank(result, target_rank)
    additive = fw.method.additive
    refs: dict[str, Any] = {}
    for ref in REFERENCES:
        ref_code = reference_province(result, code, ref, k)
        if ref in ("above", "region-best") and ref_code is None:
            refs[ref] = {"province": None, "score_gap": None, "contributions": None, "by_node": None}
        elif additive:
            dec = decompose_gap(result, code, ref, k)
            refs[ref] = {
                "province": dec.reference_province,
                "score_gap": json_float(dec.score_gap),
                "contributions": {i: json_float(v) for i, v in dec.contributions.items()},
                "by_node": {nid: json_float(v) for nid, v in dec.by_node.items()},
            }
        else:
            gap = None
            if ref_code is not None:
                gap = float(result.scores.at[ref_code, result.root] - result.scores.at[code, result.root])
            refs[ref] = {"province": ref_code, "score_gap": json_float(gap), "contributions": None,
                         "by_node": None}
    refs["region-best"]["leads_region"] = leads_region(result, code)

    table = gap_table(result, code, k)
    indicators = []
    for iid in fw.indicator_ids:
        row = table.loc[iid]
        entry: dict[str, Any] = {"indicator": iid, "value": json_float(row["value"]), "rank": int(row["rank"])}
        for ref in REFERENCES:
            g = row[_gap_key(ref)]
            entry[_gap_key(ref)] = None if pd.isna(g) else json_float(g)
        indicators.append(entry)

    sw = strengths_weaknesses(result, code)

    def items(lst: list[tuple]) -> list[dict]:
        return [{"indicator": i, "rank": r, "value": json_float(v), "points": json_float(p)} for i, r, v, p in lst]

    return {
        "province": code,
        "year": int(year),
        "target_rank": k,
        "score": json_float(result.score(code)),
        "rank": result.rank(code),
        "references": refs,
        "indicators": indicators,
        "strengths": items(sw["strengths"]),
        "weaknesses": items(sw["weaknesses"]),
    }


# --- sensitivity -----------------------------------------------------------------------------

def _value_or_none(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else json_float(x)


def goal_keys(places: tuple[int, ...]) -> list[str]:
    """The break-even goals in output order: ``["1", "3", "5", "target"]``."""
    return [str(int(m)) for m in places] + ["target"]


def sensitivity_to_json(curves: RankCurves, year: int, target_rank: int = 10,
                        places: tuple[int, ...] = (1, 3, 5), decimals: int = 4,
                        breakeven: pd.DataFrame | None = None,
                        feasibility: Feasibility | None = None) -> dict:
    """Rank sensitivity as a JSON-serialisable dict.

    Returns
    -------
    dict
        ``{"province", "year", "target_rank", "current_rank", "feasibility", "indicators":
        [{"indicator", "current", "break_even": {"1", "3", "5", "target"}, "implied": {"1": {id:
        value}, ...}, "cap", "beyond_cap": [keys], "year_step", "places_per_year_step", "relations":
        [ids], "curve": [[value, rank], ...], "sweep": [lo, hi], "verified"}, ...]}``, indicators
        in framework order. A break-even is None when not reachable with this criterion (and the
        changes its relations imply) alone; ``implied`` lists, per break-even, the other criteria
        the relations move with it; ``beyond_cap`` the break-evens past the feasible cap ``cap``
        (of the criterion, or of a criterion it implies); ``places_per_year_step`` the places
        gained by one realistic yearly step (``year_step``: the feasibility file's
        ``max_change``, stopped at the cap); ``verified`` is True when every value found was
        confirmed by recomputation.
    """
    fw = curves.framework
    feas = feasibility if feasibility is not None else load_feasibility(None, fw)
    be = breakeven if breakeven is not None else break_even(curves, places, target_rank, decimals)
    flags = feasibility_flags(be, curves, feas)
    steps = places_per_year_step(curves, feas)
    keys = goal_keys(places)
    items = []
    for iid in curves.indicator_ids:
        sub = be[be["indicator"] == iid].set_index("goal")
        items.append({
            "indicator": iid,
            "current": json_float(curves.current[iid]),
            "break_even": {k: _value_or_none(sub.at[k, "value"]) for k in keys},
            "implied": {k: {i: json_float(v) for i, v in sorted(sub.at[k, "implied"].items())}
                        for k in keys},
            "cap": json_float(flags.at[iid, "cap"]),
            "beyond_cap": list(flags.at[iid, "beyond_cap"]),
            "year_step": json_float(steps.at[iid, "step"]),
            "places_per_year_step": int(steps.at[iid, "places"]),
            "relations": [] if curves.relations is None else curves.relations.related(iid),
            "curve": [[json_float(v), int(r)] for v, r in zip(curves.values[iid], curves.ranks[iid])],
            "sweep": [json_float(curves.sweep.at[iid, "lo"]), json_float(curves.sweep.at[iid, "hi"])],
            "verified": bool(((~sub["on_grid"]) | sub["verified"]).all()),
        })
    return {
        "province": curves.province,
        "year": int(year),
        "target_rank": int(target_rank),
        "current_rank": int(curves.current_rank),
        "feasibility": feas.source,
        "indicators": items,
    }


# --- uncertainty -----------------------------------------------------------------------------

def _spec_dict(result: Any) -> dict[str, Any]:
    d = result.spec.to_dict()
    d["geometric_floor"] = float(result.framework.method.geometric_floor)
    return d


def uncertainty_to_json(result: Any, sobol: pd.DataFrame | None = None) -> dict[str, Any]:
    """JSON view of a Monte Carlo result (:class:`icttools.analysis.uncertainty.UncertaintyResult`)
    and optionally Sobol indices (:func:`icttools.analysis.uncertainty.sobol_indices`).

    Returns
    -------
    dict
        ``{"n", "seed", "top_k", "spec": {..., "geometric_floor"}, "provinces": [{"gso_code",
        "nominal_rank", "median_rank", "p05", "p95", "p_top_k", "nominal_inside", "note"}, ...],
        "sobol": {"province", "groups": [{"group", "S1", "S1_conf", "ST", "ST_conf"}, ...]} or None,
        "sobol_note": reason (only when "sobol" is None)}``, provinces in GSO-code order; ranks to 2
        decimals, probabilities and indices to 4. Sobol indices apportion the variance of *one*
        province's rank, so they exist only when a province was asked for.
    """
    notes = uncertainty_notes(result, "en")
    provinces = []
    for row, note in zip(result.summary.itertuples(index=False), notes):
        provinces.append({
            "gso_code": str(row.gso_code),
            "nominal_rank": int(row.nominal_rank),
            "median_rank": round(float(row.median_rank), 2),
            "p05": round(float(row.p05), 2),
            "p95": round(float(row.p95), 2),
            "p_top_k": round(float(row.p_top_k), 4),
            "nominal_inside": bool(row.nominal_inside),
            "note": note,
        })
    sobol_out: dict[str, Any] | None = None
    if sobol is not None:
        sobol_out = {
            "province": str(sobol.attrs.get("province")),
            "groups": [{"group": str(r.group), "S1": round(float(r.S1), 4), "S1_conf": round(float(r.S1_conf), 4),
                        "ST": round(float(r.ST), 4), "ST_conf": round(float(r.ST_conf), 4)}
                       for r in sobol.itertuples(index=False)],
        }
    out = {"n": int(result.n), "seed": int(result.seed), "top_k": int(result.top_k),
           "spec": _spec_dict(result), "provinces": provinces, "sobol": sobol_out}
    if sobol_out is None:
        out["sobol_note"] = t("unc_sobol_none", "en")
    return out


# --- targets ---------------------------------------------------------------------------------

def _plan_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"indicator": str(r.indicator), "current": round(float(r.current), 4),
             "target": round(float(r.target), 4), "change": round(float(r.change), 4),
             "effort": round(float(r.effort), 4), "places_gained_alone": int(r.places_gained_alone),
             "implied_by": None if r.implied_by is None or pd.isna(r.implied_by) else str(r.implied_by)}
            for r in frame.itertuples(index=False)]


def baseline_to_json(others: Any) -> dict[str, str]:
    """``{"id", "description"}`` of the baseline (what every province does; English)."""
    return {"id": parse_others(others).label, "description": baseline_description(others, "en")}


def baselines_to_json(baselines: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    """``{baseline id: {"score", "rank"}}`` from :func:`icttools.analysis.others.baseline_ranks`."""
    if baselines is None:
        return {}
    return {str(k): {"score": round(float(r["score"]), 4), "rank": int(r["rank"])} for k, r in baselines.iterrows()}


def targets_to_json(plan: Any, baselines: pd.DataFrame | None = None) -> dict[str, Any]:
    """JSON summary of a :class:`icttools.analysis.targets.TargetPlan` (4 decimals; notes and the
    baseline's description in English).

    ``baseline`` names the assumption about every province; ``baselines`` gives the province's
    score and rank under each baseline before any plan (``today``, ``trend``, ``trend-all``;
    empty without them); ``levers`` the lever classes the plan pulls and ``left_alone`` the
    criteria it leaves as they are; ``relations`` the relations every plan keeps. Each plan row's
    ``implied_by`` names the relation that forced the change (or None).
    """
    f = plan.facts
    return {
        "feasible": bool(plan.feasible),
        "target_rank": int(plan.target_rank),
        "best_reachable_rank": int(plan.best_reachable_rank),
        "verified_rank": int(plan.verified_rank),
        "verified_score": round(float(plan.verified_score), 4),
        "total_effort": round(float(plan.total_effort), 4),
        "others": str(plan.others),
        "baseline": baseline_to_json(plan.others),
        "baselines": baselines_to_json(baselines),
        "levers": list(f.levers),
        "left_alone": list(f.left_alone),
        "relations": list(f.relations),
        "plan": _plan_rows(plan.plan),
        "greedy": {
            "feasible": bool(plan.greedy.feasible),
            "total_effort": round(float(plan.greedy.total_effort), 4),
            "verified_rank": int(plan.greedy.verified_rank),
            "verified_score": round(float(plan.greedy.verified_score), 4),
            "plan": _plan_rows(plan.greedy.plan),
        },
        "notes": plan_notes(plan, "en"),
    }


# --- scenario --------------------------------------------------------------------------------

def _value(x: float) -> float:
    return float(round(float(x), 6))


def scenario_to_json(res: Any, lang: str = "vi") -> dict:
    """A :class:`icttools.analysis.scenario.ScenarioResult` as a JSON-serialisable dict.

    Returns
    -------
    dict
        ``{"scenario": name, "year": Y, "others": mode, "baseline": {"id", "description"},
        "focus": [codes named], "changes": [{"change", "gso_code", "indicator", "operation",
        "operand", "before", "after", "clipped", "source", "comment", "comment_vi"}, ...],
        "warnings": [{"gso_code", "relation", "indicator", "value", "other", "other_value",
        "in_data", "message"}, ...], "provinces": [{"gso_code": code, "before": {"<node>_score":
        float, "<node>_rank": int, ...}, "after": {...}}, ...]}`` with all provinces in code order
        and every node. ``name`` is in ``lang``; scores are rounded as published. ``warnings``
        lists each relation between criteria a named province's values break after the scenario
        (``in_data``: this year's data already broke it); the message is in English.
    """
    from icttools.core.provinces import sort_codes

    fw = res.before.framework
    decimals = fw.method.rounding

    def node_block(result: IndexResult, code: str) -> dict:
        out = {}
        for nid in fw.node_ids:
            out[f"{nid}_score"] = float(round(float(result.rounded.at[code, nid]), decimals))
            out[f"{nid}_rank"] = int(result.ranks.at[code, nid])
        return out

    changes = []
    for r in res.changes.itertuples(index=False):
        changes.append({
            "change": int(r.change), "gso_code": str(r.gso_code), "indicator": str(r.indicator),
            "operation": str(r.operation),
            "operand": str(r.operand) if r.operation == "set_to_indicator" else _value(r.operand),
            "before": _value(r.before), "after": _value(r.after), "clipped": bool(r.clipped),
            "source": str(r.source), "comment": str(r.comment), "comment_vi": str(r.comment_vi),
        })
    provinces = [{"gso_code": code, "before": node_block(res.before, code), "after": node_block(res.after, code)}
                 for code in sort_codes(res.before.codes)]
    return {
        "scenario": res.scenario.name(lang),
        "year": int(res.scenario.year),
        "others": res.others,
        "baseline": baseline_to_json(res.others),
        "focus": list(res.scenario.focus),
        "changes": changes,
        "warnings": scenario_warnings(res),
        "provinces": provinces,
    }


def scenario_warnings(res: Any) -> list[dict[str, Any]]:
    """The relations a scenario's named provinces break after it (``ScenarioResult.violations``),
    each with a one-line English message naming the scenario file, the province and the values."""
    found = res.violations
    if found is None or found.empty:
        return []
    messages = violation_messages(found, f"scenario {res.scenario.source_file}")
    out = []
    for r, msg in zip(found.itertuples(index=False), messages):
        out.append({"gso_code": str(r.row), "relation": str(r.relation), "indicator": str(r.indicator),
                    "value": _value(r.value), "other": str(r.other), "other_value": _value(r.other_value),
                    "in_data": bool(r.in_data), "message": msg.replace(" row ", " province ", 1)})
    return out


# --- trends ----------------------------------------------------------------------------------

def _records(df: pd.DataFrame, decimals: int) -> list[dict]:
    out = []
    for rec in df.to_dict(orient="records"):
        clean = {}
        for k, v in rec.items():
            if isinstance(v, (np.integer, int)) and not isinstance(v, bool):
                clean[k] = int(v)
            elif isinstance(v, (np.floating, float)):
                clean[k] = float(round(float(v), decimals))
            else:
                clean[k] = str(v)
        out.append(clean)
    return out


def trends_to_json(attribution: pd.DataFrame | None = None, history: pd.DataFrame | None = None,
                   years: tuple[int, int] | None = None, decimals: int = 4) -> dict:
    """Attribution and/or history as a JSON-serialisable dict.

    Returns
    -------
    dict
        ``{"years": [y0, y1], "attribution": [{gso_code, node, rank_before, rank_after, total,
        own, others, interaction, score_before, ..., score_interaction}, ...],
        "history": {"gso_code": code, "years": [{"year": Y, "<node>_score": float,
        "<node>_rank": int, ...}, ...]}}``; keys only for the parts given.
    """
    if attribution is None and history is None:
        raise InputError("trends_to_json: give attribution, history or both")
    out: dict[str, Any] = {}
    if years is not None:
        y0, y1 = years
        out["years"] = [int(y0), int(y1)]
    if attribution is not None:
        out["attribution"] = _records(attribution[ATTRIBUTION_COLUMNS], decimals)
    if history is not None:
        code = str(history["gso_code"].iloc[0])
        body = history.drop(columns="gso_code").reset_index()
        out["history"] = {"gso_code": code, "years": _records(body, decimals)}
    return out
