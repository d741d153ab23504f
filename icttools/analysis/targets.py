"""Least-effort target plans: which indicator improvements lift a province to rank K.

Problem
-------
Find changes ``u_i >= 0`` (in each indicator's *better* direction) with the least total effort
``sum_i cost_i * u_i / range_i`` such that the province's overall rank is at most ``K`` (or its
score is strictly above a named rival's), subject to: no indicator gets worse, each change is at
most ``max_change`` (one year), each value stays within ``max_value`` and the valid range
(percentages <= 100), only the criteria whose *lever* the plan may pull move (default: ``direct``
and ``influenced``; ``outside`` criteria such as adult literacy and school enrolment stay as they
are unless ``levers="all"``), and every relation between criteria holds (online services level 1
>= 2 >= 3 >= 4, information-security staff <= IT staff, shares within 0-100; a pair the data
already break is not made worse). Costs, caps, ranges and levers come from a feasibility file
(:mod:`icttools.analysis.feasibility`); the relations from the framework
(:mod:`icttools.analysis.implied`). The other provinces stand still, follow their own trend, or all
grow by a percentage; with ``trend-all`` the province follows its trend too and the plan starts
from its projected values (:func:`others_scenario`).

Ranks are on scores rounded to ``method.rounding`` decimals with the framework's ranking rule,
so "rank <= K" is exactly "rounded score >= the K-th best rounded score among the others"
(competition ranking; for dense ranking the K-th best *distinct* rounded score); "above the
rival" is "rounded score >= the rival's rounded score + one unit of the last decimal".

Method
------
A linear model of the goal (held normalisation constants, the sub-index caps as concave
pieces, a first-order correction to the true slopes, the relations as linear rows) solved
exactly as an LP (HiGHS); every candidate closed under the relations (a level 4 raised above
level 3 raises level 3 with it, and that effort counts) and every
solution rounded to 4 decimals and verified by full recomputation, a shortfall repaired by
re-linearising; several starts (the current data, the caps, rays to the caps), a trust-region
descent and a trim of each improvement. The solver lives in :mod:`icttools.analysis.target_search`,
whose docstring gives the details. Every reported plan is verified; the result is a verified
local optimum, checked against brute force on small invented frameworks
(``tests/test_targets.py``).

A greedy baseline takes, repeatedly, the step of equal effort (default 0.02) on the indicator
giving the largest verified gain of the province's score over the target threshold per unit of
effort (all candidate steps evaluated in one batch), until the verified rank meets the target.
It is computed independently, so the optimiser's advantage is visible.

When the target is out of reach within the caps, ``feasible`` is False, ``best_reachable_rank``
is the best rank found (on the rays to the caps, which include the caps themselves, and by the
plan), and the plan is the least-effort plan found that reaches that rank.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.errors import InputError
from icttools.core.engine import as_matrix, rank_scores, round_scores
from icttools.analysis.feasibility import Feasibility, FeasibilityError, load_feasibility, parse_levers
from icttools.core.framework import Framework, as_framework
from icttools.core.provinces import row_of
from icttools.analysis.others import OTHERS_MODES, indexed, move_others, parse_others
from icttools.analysis.target_search import TARGET_DECIMALS, Goal, Planner

__all__ = [
    "Feasibility",
    "FeasibilityError",
    "load_feasibility",
    "OTHERS_MODES",
    "TARGET_DECIMALS",
    "others_scenario",
    "PlanFacts",
    "GreedyPlan",
    "TargetPlan",
    "plan_target",
    "apply_plan",
]

PLAN_COLUMNS = ["indicator", "current", "target", "change", "effort", "places_gained_alone", "implied_by"]


# --- the others ---------------------------------------------------------------------------------

def others_scenario(data: pd.DataFrame, province: str, others: str = "still",
                    previous: pd.DataFrame | None = None,
                    framework: Framework | str | None = None) -> pd.DataFrame:
    """The data with every province except ``province`` moved one year.

    A convenience over :func:`icttools.analysis.others.move_others` (the one model of what the
    other provinces do) for a single province given by code or name.

    Parameters
    ----------
    data : DataFrame
        This year's table (index or column ``gso_code``; the framework's indicator columns).
    province : str
        GSO code (or a name the resolver accepts); its row is returned unchanged.
    others : {"still", "trend", "trend-all", "growth=PCT"}
    previous : DataFrame, optional
        The previous year's table; required for ``trend`` and ``trend-all``.
    framework : Framework or str, optional

    Returns
    -------
    DataFrame
        Indexed by ``gso_code`` in the order of ``data``; other columns are kept. The province's
        row is unchanged except under ``trend-all`` (projected like everybody's).
    """
    fw = as_framework(framework)
    parse_others(others)
    codes = list(indexed(data).index)
    code, _ = row_of(province, codes)
    return move_others(data, [code], others, previous, fw)


# --- results ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GreedyPlan:
    """The greedy baseline: same fields as the optimiser's summary."""

    feasible: bool
    total_effort: float
    verified_rank: int
    verified_score: float
    plan: pd.DataFrame


@dataclass(frozen=True)
class PlanFacts:
    """What a plan's notes report, as data.

    Attributes
    ----------
    feasibility_source : str
        The file the costs and caps came from.
    blocked : tuple of str
        Indicators that cannot improve (already at the assumed cap).
    already : bool
        The target held before any change.
    out_of_reach : bool
        The target is out of reach within the caps (the plan reaches ``best_reachable_rank``).
    best_rank_found : int
        The best rank found on the rays to the caps (before the plan, which may do better).
    solves, repairs, evaluations : int
        Linear solves, repairs after a verification fell short, full recomputations.
    target_decimals : int
        Decimals the targets are rounded to (in the better direction).
    levers : tuple of str
        The lever classes the plan may pull (``direct``, ``influenced``, ``outside``).
    left_alone : tuple of str
        Criteria the plan leaves as they are because their lever is not among ``levers``.
    relations : tuple of str
        The relations every plan keeps (ids).
    broken_relations : tuple of str
        Relations the starting values already break (the plan does not make them worse).
    """

    feasibility_source: str
    blocked: tuple[str, ...]
    already: bool
    out_of_reach: bool
    best_rank_found: int
    solves: int
    repairs: int
    evaluations: int
    target_decimals: int
    levers: tuple[str, ...] = ()
    left_alone: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    broken_relations: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetPlan:
    """A verified least-effort plan.

    Attributes
    ----------
    province : str
        GSO code.
    feasible : bool
        Whether the target (rank or rival) is reachable within the caps.
    target_rank : int
        The requested rank; with a rival, the rank the province holds once just above it.
    best_reachable_rank : int
        Rank with every indicator at its cap (the best the caps allow).
    verified_rank, verified_score : int, float
        Rank and rounded score after the plan, by full recomputation on the moved data.
    total_effort : float
        Sum of ``cost * |change| / range`` over the plan.
    plan : DataFrame
        ``indicator, current, target, change, effort, places_gained_alone, implied_by``
        (framework order). ``current`` is the value the plan starts from (under ``trend-all`` the
        province's projected value); ``places_gained_alone`` counts that change alone (with what
        its relations imply); ``implied_by`` names the relation that forced the change (this
        criterion is the higher side of a pair whose lower side the plan raised to meet it), or
        None.
    greedy : GreedyPlan
        The greedy baseline for the same goal.
    others : str
        ``still``, ``trend``, ``trend-all`` or ``growth=PCT`` (the baseline).
    facts : PlanFacts
        What the notes of the plan say, as data (the assumption about the others, the caps in
        force, how the solver went); the words are made by :mod:`icttools.present`.
    current_rank, current_score : int, float
        Before the plan, in the moved data.
    rival : str or None
    """

    province: str
    feasible: bool
    target_rank: int
    best_reachable_rank: int
    verified_rank: int
    verified_score: float
    total_effort: float
    plan: pd.DataFrame
    greedy: GreedyPlan
    others: str
    facts: "PlanFacts"
    current_rank: int
    current_score: float
    rival: str | None = None
    framework: Framework | None = field(default=None, repr=False, compare=False)
    levers: tuple[str, ...] = ()


def _plan_frame(planner: Planner, u: np.ndarray, goal: Goal, rank0: int) -> pd.DataFrame:
    T = planner.targets(u)[0]
    changed = np.flatnonzero(T != planner.x0)
    ids = planner.fw.indicator_ids
    if changed.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("indicator", "implied_by") else float)
                             for c in PLAN_COLUMNS}).astype({"places_gained_alone": int})
    ranks = planner.assess_scores(planner.scores(planner.alone(T, changed)), goal)["rank"]
    change = T[changed] - planner.x0[changed]
    forced = planner.graph.binding(T, planner.x0)
    return pd.DataFrame({
        "indicator": [ids[i] for i in changed],
        "current": planner.x0[changed],
        "target": T[changed],
        "change": change,
        "effort": np.abs(change) * planner.unit_effort[changed],
        "places_gained_alone": (rank0 - ranks).astype(int),
        "implied_by": pd.Series([forced[i] for i in changed], dtype=object),
    })


def plan_target(data: pd.DataFrame, province: str, rank: int = 10, rival: str | None = None,
                others: str = "still", previous: pd.DataFrame | None = None,
                feasibility: Feasibility | str | Path | None = None,
                framework: Framework | str | None = None, max_repairs: int = 20,
                greedy_step: float = 0.02, levers: Any = None) -> TargetPlan:
    """Least-effort indicator improvements that bring a province to rank <= ``rank``.

    Parameters
    ----------
    data : DataFrame
        This year's table (index or column ``gso_code``).
    province : str
        GSO code or name.
    rank : int
        Target overall rank K (1 = best); ignored when ``rival`` is given.
    rival : str, optional
        Instead of a rank: score strictly above this province's (moved) score, i.e. a rounded
        score at least one unit of the last decimal higher.
    others : {"still", "trend", "trend-all", "growth=PCT"}
        How the other provinces move (:func:`others_scenario`); ``trend-all``: the province too,
        and the plan starts from its projected values.
    previous : DataFrame, optional
        Previous year's table (for ``trend`` and ``trend-all``).
    feasibility : Feasibility or path, optional
        Costs and caps (default: the shipped ``feasibility_default.yaml``).
    framework : Framework or str, optional
    max_repairs : int
        Most re-solves after a verification falls short.
    greedy_step : float
        Effort of one step of the greedy baseline.
    levers : "all", "direct,influenced" or a sequence, optional
        The lever classes the plan may pull (default ``("direct", "influenced")``).

    Returns
    -------
    TargetPlan

    Examples
    --------
    >>> tp = plan_target(load_year(2018), "02", rank=10)      # doctest: +SKIP
    >>> tp.feasible, tp.verified_rank, round(tp.total_effort, 3)  # doctest: +SKIP
    """
    fw = as_framework(framework)
    if feasibility is None or isinstance(feasibility, (str, Path)):
        feas = load_feasibility(feasibility, fw)
    elif isinstance(feasibility, Feasibility):
        feas = feasibility
        feas.check_framework(fw)
    else:
        raise InputError(f"feasibility must be a Feasibility, a path or None, got {type(feasibility).__name__}")
    if isinstance(max_repairs, bool) or not isinstance(max_repairs, numbers.Integral) or max_repairs < 0:
        raise InputError(f"max_repairs must be a non-negative integer, got {max_repairs!r}")
    if not (isinstance(greedy_step, numbers.Real) and 0 < float(greedy_step) <= 1):
        raise InputError(f"greedy_step must be in (0, 1], got {greedy_step!r}")
    label = parse_others(others).label
    lever_set = parse_levers(levers)
    moved = others_scenario(data, province, others, previous, fw)
    X, codes = as_matrix(moved, fw)
    code, p = row_of(province, codes)
    P = len(codes)
    planner = Planner(X, p, fw, feas, lever_set)

    base_goal = Goal(rank=P)
    base = planner.assess(np.zeros(planner.I), base_goal)
    rank0, score0 = int(base.rank[0]), float(base.score[0])
    rival_code = None
    if rival is not None:
        rival_code, _ = row_of(rival, codes, what="rival")
        if rival_code == code:
            raise InputError(f"rival {rival!r} is the province itself")
        r = codes.index(rival_code)
        goal = Goal(rival=r)
        root_rounded = round_scores(base.scores[..., planner.root:planner.root + 1], fw.method.rounding)
        rival_rank = int(rank_scores(root_rounded, fw.method.ranking)[0, r, 0])
        target_rank = min(rival_rank, rank0)
    else:
        if isinstance(rank, bool) or not isinstance(rank, numbers.Integral) or not 1 <= rank <= P:
            raise InputError(f"rank must be an integer from 1 to {P}, got {rank!r}")
        goal = Goal(rank=int(rank))
        target_rank = int(rank)

    blocked = tuple(fw.indicator_ids[i] for i in np.flatnonzero((planner.headroom <= 0) & planner.movable))
    left_alone = tuple(fw.indicator_ids[i] for i in np.flatnonzero(~planner.movable))
    start_row = pd.DataFrame(planner.x0[None], columns=fw.indicator_ids)
    broken = tuple(dict.fromkeys(fw.violations(start_row)["relation"]))
    start = planner.assess(np.zeros(planner.I), goal)
    reach_rank, reach_u = planner.best_rank()
    best_reachable = min(reach_rank, rank0)
    counters = dict(solves=0, repairs=0)
    u, feasible, plan_goal = None, True, goal
    if start.success[0]:
        u = np.zeros(planner.I)
    else:
        u, counters = planner.optimise(goal, max_repairs)
    if u is None:
        feasible = False
        plan_goal = Goal(rank=best_reachable)
        u = np.zeros(planner.I)
        if best_reachable < rank0:
            found, more = planner.optimise(plan_goal, max_repairs, starts=(reach_u,))
            counters = {k: counters[k] + more[k] for k in counters}
            u = reach_u if found is None else found
    final = planner.assess(u, plan_goal)
    g = planner.greedy(plan_goal, float(greedy_step)) if not start.success[0] else np.zeros(planner.I)
    g_ev = planner.assess(g, plan_goal)
    greedy = GreedyPlan(feasible=bool(g_ev.success[0]) and feasible, total_effort=float(g_ev.effort[0]),
                        verified_rank=int(g_ev.rank[0]), verified_score=float(g_ev.score[0]),
                        plan=_plan_frame(planner, g, plan_goal, rank0))
    facts = PlanFacts(feasibility_source=feas.source, blocked=blocked, already=bool(start.success[0]),
                      out_of_reach=not feasible, best_rank_found=int(best_reachable), solves=int(counters["solves"]),
                      repairs=int(counters["repairs"]), evaluations=int(planner.evaluations),
                      target_decimals=TARGET_DECIMALS, levers=lever_set, left_alone=left_alone,
                      relations=tuple(dict.fromkeys(planner.graph.pair_relation)), broken_relations=broken)
    return TargetPlan(
        province=code, feasible=bool(feasible), target_rank=int(target_rank),
        best_reachable_rank=int(min(best_reachable, int(final.rank[0]))),  # a plan may beat the rays
        verified_rank=int(final.rank[0]), verified_score=float(final.score[0]),
        total_effort=float(final.effort[0]), plan=_plan_frame(planner, u, plan_goal, rank0),
        greedy=greedy, others=label, facts=facts, current_rank=rank0, current_score=score0,
        rival=rival_code, framework=fw, levers=lever_set,
    )


def apply_plan(data: pd.DataFrame, province: str, plan: TargetPlan | GreedyPlan | pd.DataFrame) -> pd.DataFrame:
    """The data with the province's indicators set to the plan's targets.

    Parameters
    ----------
    data : DataFrame
        Index or column ``gso_code``.
    province : str
    plan : TargetPlan, GreedyPlan or DataFrame with ``indicator`` and ``target`` columns.

    Returns
    -------
    DataFrame
        A copy indexed by ``gso_code``; nothing else changes.
    """
    frame = plan.plan if isinstance(plan, (TargetPlan, GreedyPlan)) else plan
    if not isinstance(frame, pd.DataFrame) or not {"indicator", "target"} <= set(frame.columns):
        raise InputError("plan must be a TargetPlan, a GreedyPlan or a DataFrame with 'indicator' and 'target' columns")
    df = indexed(data)
    code, _ = row_of(province, list(df.index))
    unknown = [i for i in frame["indicator"] if i not in df.columns]
    if unknown:
        raise InputError(f"plan: indicator(s) not in the data: {', '.join(map(str, unknown))}")
    out = df.copy()
    for ind, target in zip(frame["indicator"], frame["target"]):
        out.loc[code, ind] = float(target)
    return out
