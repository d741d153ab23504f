"""Least-effort target plans: which indicator improvements lift a province to rank K.

Problem
-------
Find changes ``u_i >= 0`` (in each indicator's *better* direction) with the least total effort
``sum_i cost_i * u_i / range_i`` such that the province's overall rank is at most ``K`` (or its
score is strictly above a named rival's), subject to: no indicator gets worse, each change is at
most ``max_change`` (one year), each value stays within ``max_value`` and the valid range
(percentages <= 100). Costs, caps and ranges come from a feasibility file
(:mod:`icttools.analysis.feasibility`). The other provinces stand still, follow their own trend, or all
grow by a percentage (:func:`others_scenario`).

Ranks are on scores rounded to ``method.rounding`` decimals with the framework's ranking rule,
so "rank <= K" is exactly "rounded score >= the K-th best rounded score among the others"
(competition ranking; for dense ranking the K-th best *distinct* rounded score); "above the
rival" is "rounded score >= the rival's rounded score + one unit of the last decimal".

Method
------
A linear model of the goal (held normalisation constants, the sub-index caps as concave
pieces, a first-order correction to the true slopes) solved exactly as an LP (HiGHS); every
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

import math
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.engine import as_matrix, rank_scores, round_scores
from icttools.analysis.feasibility import Feasibility, FeasibilityError, load_feasibility
from icttools.core.framework import Framework, as_framework
from icttools.core.provinces import load_provinces, row_of
from icttools.analysis.scenario import trend_projection
from icttools.analysis.target_search import TARGET_DECIMALS, _Goal, _Planner, _ranges  # noqa: F401

__all__ = [
    "Feasibility",
    "FeasibilityError",
    "load_feasibility",
    "OTHERS_MODES",
    "TARGET_DECIMALS",
    "others_scenario",
    "GreedyPlan",
    "TargetPlan",
    "plan_target",
    "apply_plan",
    "targets_to_json",
    "format_plan",
]

#: How the other provinces move during the planning year.
OTHERS_MODES = ("still", "trend", "growth=PCT")
PLAN_COLUMNS = ["indicator", "current", "target", "change", "effort", "places_gained_alone"]


# --- small helpers ----------------------------------------------------------------------------

def _indexed(data: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    df = data.set_index("gso_code") if "gso_code" in data.columns else data.copy()
    df.index = pd.Index([str(c) for c in df.index], name="gso_code")
    return df


def _parse_others(others: Any) -> tuple[str, float | None, str]:
    """``(mode, growth_pct, label)`` from ``"still"``, ``"trend"`` or ``"growth=PCT"``."""
    text = str(others).strip().lower().replace(" ", "")
    if text in ("still", "trend"):
        return text, None, text
    if text.startswith("growth="):
        try:
            pct = float(text[len("growth="):].rstrip("%"))
        except ValueError:
            pct = float("nan")
        if not math.isfinite(pct) or pct <= -100:
            raise ValueError(f"others: growth percentage must be a number > -100, got {others!r}")
        return "growth", pct, f"growth={pct:g}"
    raise ValueError(f"others must be 'still', 'trend' or 'growth=PCT' (e.g. 'growth=5'), got {others!r}")


def _describe_others(label: str, lang: str = "en") -> str:
    if label == "still":
        return "giữ nguyên số liệu" if lang == "vi" else "stand still"
    if label == "trend":
        return "theo xu hướng riêng từ năm trước" if lang == "vi" else "follow their own trend from the previous year"
    pct = label.split("=", 1)[1]
    return f"mọi chỉ tiêu tăng {pct}%" if lang == "vi" else f"all indicator values grow by {pct}%"


# --- scenario for the others ------------------------------------------------------------------

def others_scenario(data: pd.DataFrame, province: str, others: str = "still",
                    previous: pd.DataFrame | None = None,
                    framework: Framework | str | None = None) -> pd.DataFrame:
    """The data with every province except ``province`` moved one year.

    Parameters
    ----------
    data : DataFrame
        This year's table (index or column ``gso_code``; the framework's indicator columns).
    province : str
        GSO code (or a name :func:`~icttools.core.provinces.resolve_province` accepts); its row is
        returned unchanged.
    others : {"still", "trend", "growth=PCT"}
        ``still``: the others keep their values. ``trend``: each other province moves along its
        own linear trend, ``x + (x - x_previous)``. ``growth=PCT``: each other province's values
        grow by PCT % (``x * (1 + PCT/100)``; a lower-is-better indicator is divided by the same
        factor, i.e. improves too). Results are clipped to the valid ranges (percentages to
        [0, 100]).
    previous : DataFrame, optional
        The previous year's table; required for ``trend`` and must hold every other province.
    framework : Framework or str, optional

    Returns
    -------
    DataFrame
        Indexed by ``gso_code`` in the order of ``data``; other columns are kept.

    Examples
    --------
    >>> moved = others_scenario(table, "02", others="growth=5")   # doctest: +SKIP
    """
    fw = as_framework(framework)
    mode, pct, _ = _parse_others(others)
    df = _indexed(data)
    X, codes = as_matrix(df, fw)
    code, p = row_of(province, codes)
    lo, hi = _ranges(fw)
    if mode == "still":
        moved = X.copy()
    elif mode == "trend":
        if previous is None:
            raise ValueError("previous: others='trend' needs the previous year's table (previous=DataFrame)")
        # the province itself stays put, so only the others need a row in `previous`
        rows = [k for k in range(len(codes)) if k != p]
        moved = X.copy()
        moved[rows] = trend_projection(df.iloc[rows], _indexed(previous), fw).to_numpy(dtype=float)
    else:
        factor = 1.0 + pct / 100.0
        moved = np.clip(np.where(fw.directions > 0, X * factor, X / factor), lo, hi)
    moved[p] = X[p]
    out = df.copy()
    out[fw.indicator_ids] = moved
    return out


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
        ``indicator, current, target, change, effort, places_gained_alone`` (framework order).
    greedy : GreedyPlan
        The greedy baseline for the same goal.
    others : str
        ``still``, ``trend`` or ``growth=PCT``.
    notes, notes_vi : list of str
        Notes in English (also in the JSON) and in Vietnamese (for :func:`format_plan`).
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
    notes: list[str]
    current_rank: int
    current_score: float
    rival: str | None = None
    notes_vi: list[str] = field(default_factory=list)
    framework: Framework | None = field(default=None, repr=False, compare=False)


def _plan_frame(planner: _Planner, u: np.ndarray, goal: _Goal, rank0: int) -> pd.DataFrame:
    T = planner.targets(u)[0]
    changed = np.flatnonzero(T != planner.x0)
    ids = planner.fw.indicator_ids
    if changed.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "indicator" else float) for c in PLAN_COLUMNS}) \
            .astype({"places_gained_alone": int})
    alone = np.repeat(planner.x0[None], changed.size, axis=0)
    alone[np.arange(changed.size), changed] = T[changed]
    ranks = planner.assess_scores(planner.scores(alone), goal)["rank"]
    change = T[changed] - planner.x0[changed]
    return pd.DataFrame({
        "indicator": [ids[i] for i in changed],
        "current": planner.x0[changed],
        "target": T[changed],
        "change": change,
        "effort": np.abs(change) * planner.unit_effort[changed],
        "places_gained_alone": (rank0 - ranks).astype(int),
    })


def plan_target(data: pd.DataFrame, province: str, rank: int = 10, rival: str | None = None,
                others: str = "still", previous: pd.DataFrame | None = None,
                feasibility: Feasibility | str | Path | None = None,
                framework: Framework | str | None = None, max_repairs: int = 20,
                greedy_step: float = 0.02) -> TargetPlan:
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
    others : {"still", "trend", "growth=PCT"}
        How the other provinces move (:func:`others_scenario`).
    previous : DataFrame, optional
        Previous year's table (for ``others="trend"``).
    feasibility : Feasibility or path, optional
        Costs and caps (default: the shipped ``feasibility_default.yaml``).
    framework : Framework or str, optional
    max_repairs : int
        Most re-solves after a verification falls short.
    greedy_step : float
        Effort of one step of the greedy baseline.

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
        raise ValueError(f"feasibility must be a Feasibility, a path or None, got {type(feasibility).__name__}")
    if isinstance(max_repairs, bool) or not isinstance(max_repairs, numbers.Integral) or max_repairs < 0:
        raise ValueError(f"max_repairs must be a non-negative integer, got {max_repairs!r}")
    if not (isinstance(greedy_step, numbers.Real) and 0 < float(greedy_step) <= 1):
        raise ValueError(f"greedy_step must be in (0, 1], got {greedy_step!r}")
    _, _, label = _parse_others(others)
    moved = others_scenario(data, province, others, previous, fw)
    X, codes = as_matrix(moved, fw)
    code, p = row_of(province, codes)
    P = len(codes)
    planner = _Planner(X, p, fw, feas)

    base_goal = _Goal(rank=P)
    base = planner.assess(np.zeros(planner.I), base_goal)
    rank0, score0 = int(base.rank[0]), float(base.score[0])
    rival_code = None
    if rival is not None:
        rival_code, _ = row_of(rival, codes, what="rival")
        if rival_code == code:
            raise ValueError(f"rival {rival!r} is the province itself")
        r = codes.index(rival_code)
        goal = _Goal(rival=r)
        root_rounded = round_scores(base.scores[..., planner.root:planner.root + 1], fw.method.rounding)
        rival_rank = int(rank_scores(root_rounded, fw.method.ranking)[0, r, 0])
        target_rank = min(rival_rank, rank0)
    else:
        if isinstance(rank, bool) or not isinstance(rank, numbers.Integral) or not 1 <= rank <= P:
            raise ValueError(f"rank must be an integer from 1 to {P}, got {rank!r}")
        goal = _Goal(rank=int(rank))
        target_rank = int(rank)

    notes: list[str] = []
    notes_vi: list[str] = []

    def note(en: str, vi: str) -> None:
        notes.append(en)
        notes_vi.append(vi)

    note(f"Other provinces: {_describe_others(label)}.", f"Các tỉnh khác: {_describe_others(label, 'vi')}.")
    note(f"Effort = sum of cost x |change| / range (assumptions: {feas.source}).",
         f"Nỗ lực = tổng chi phí x |thay đổi| / khoảng khả thi (giả định: {feas.source}).")
    blocked = [fw.indicator_ids[i] for i in np.flatnonzero(planner.headroom <= 0)]
    if blocked:
        note(f"{len(blocked)} indicator(s) cannot improve (at the assumed cap): {', '.join(blocked)}.",
             f"{len(blocked)} chỉ tiêu không thể tăng thêm (đã ở mức trần giả định): {', '.join(blocked)}.")

    start = planner.assess(np.zeros(planner.I), goal)
    reach_rank, reach_u = planner.best_rank()
    best_reachable = min(reach_rank, rank0)
    counters = dict(solves=0, repairs=0)
    u, feasible, plan_goal = None, True, goal
    if start.success[0]:
        u = np.zeros(planner.I)
        note(f"The target already holds (rank {rank0}); no change is needed.",
             f"Mục tiêu đã đạt (hạng {rank0}); không cần thay đổi.")
    else:
        u, counters = planner.optimise(goal, max_repairs)
    if u is None:
        feasible = False
        plan_goal = _Goal(rank=best_reachable)
        what = f"rank {target_rank}" if rival is None else f"a score above {rival_code}"
        what_vi = f"hạng {target_rank}" if rival is None else f"điểm cao hơn {rival_code}"
        note(f"Out of reach within the caps: {what}. Best reachable rank found: {best_reachable}; "
             f"the plan is the least-effort way found to reach it.",
             f"Không đạt được {what_vi} trong giới hạn khả thi. Hạng tốt nhất tìm được: {best_reachable}; "
             f"kế hoạch là cách ít nỗ lực nhất tìm được để đạt hạng đó.")
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
    if counters["solves"]:
        note(f"Linear model solved {counters['solves']} time(s) with {counters['repairs']} repair(s); "
             f"every plan verified by full recomputation ({planner.evaluations} evaluations).",
             f"Mô hình tuyến tính giải {counters['solves']} lần, {counters['repairs']} lần sửa; mọi phương án "
             f"được kiểm chứng bằng tính lại toàn bộ ({planner.evaluations} lượt tính).")
    note("Targets are rounded up to 4 decimals; the verification used the rounded values.",
         "Giá trị mục tiêu được làm tròn lên 4 chữ số thập phân; kiểm chứng dùng giá trị đã làm tròn.")
    if greedy.total_effort > 0:
        saving = 1.0 - float(final.effort[0]) / greedy.total_effort
        worse = saving < 0 and greedy.feasible == feasible
        note(f"Greedy baseline effort {greedy.total_effort:.4f}; the optimiser saves {100 * saving:.1f}%."
             + (" Here the greedy plan needs less effort (the search is local)." if worse else ""),
             f"Phương án tham lam cần nỗ lực {greedy.total_effort:.4f}; tối ưu hóa tiết kiệm {100 * saving:.1f}%."
             + (" Ở đây phương án tham lam ít nỗ lực hơn (tìm kiếm mang tính cục bộ)." if worse else ""))
    return TargetPlan(
        province=code, feasible=bool(feasible), target_rank=int(target_rank),
        best_reachable_rank=int(min(best_reachable, int(final.rank[0]))),  # a plan may beat the rays
        verified_rank=int(final.rank[0]), verified_score=float(final.score[0]),
        total_effort=float(final.effort[0]), plan=_plan_frame(planner, u, plan_goal, rank0),
        greedy=greedy, others=label, notes=notes, current_rank=rank0, current_score=score0,
        rival=rival_code, notes_vi=notes_vi, framework=fw,
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
        raise ValueError("plan must be a TargetPlan, a GreedyPlan or a DataFrame with 'indicator' and 'target' columns")
    df = _indexed(data)
    code, _ = row_of(province, list(df.index))
    unknown = [i for i in frame["indicator"] if i not in df.columns]
    if unknown:
        raise ValueError(f"plan: indicator(s) not in the data: {', '.join(map(str, unknown))}")
    out = df.copy()
    for ind, target in zip(frame["indicator"], frame["target"]):
        out.loc[code, ind] = float(target)
    return out


# --- output -----------------------------------------------------------------------------------

def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"indicator": str(r.indicator), "current": round(float(r.current), 4),
             "target": round(float(r.target), 4), "change": round(float(r.change), 4),
             "effort": round(float(r.effort), 4), "places_gained_alone": int(r.places_gained_alone)}
            for r in frame.itertuples(index=False)]


def targets_to_json(plan: TargetPlan) -> dict[str, Any]:
    """JSON-serialisable summary of a :class:`TargetPlan` (plain Python types, 4 decimals)."""
    return {
        "feasible": bool(plan.feasible),
        "target_rank": int(plan.target_rank),
        "best_reachable_rank": int(plan.best_reachable_rank),
        "verified_rank": int(plan.verified_rank),
        "verified_score": round(float(plan.verified_score), 4),
        "total_effort": round(float(plan.total_effort), 4),
        "others": str(plan.others),
        "plan": _rows(plan.plan),
        "greedy": {
            "feasible": bool(plan.greedy.feasible),
            "total_effort": round(float(plan.greedy.total_effort), 4),
            "verified_rank": int(plan.greedy.verified_rank),
            "verified_score": round(float(plan.greedy.verified_score), 4),
            "plan": _rows(plan.greedy.plan),
        },
        "notes": [str(n) for n in plan.notes],
    }


_TEXT = {
    "vi": dict(title="Kế hoạch mục tiêu ít nỗ lực nhất", province="Tỉnh/thành phố", target="Mục tiêu",
               rank="hạng", above="điểm cao hơn", now="Hiện tại", score="điểm", others="Các tỉnh khác",
               feasible="Khả thi", yes="có", no="không", best="Hạng tốt nhất có thể đạt",
               verified="Kiểm chứng (tính lại toàn bộ)", effort="Tổng nỗ lực",
               cols=("Chỉ tiêu", "Hiện tại", "Mục tiêu", "Thay đổi", "Nỗ lực", "Hạng tăng nếu riêng"),
               empty="(không cần thay đổi)", greedy="Phương án tham lam (so sánh)", notes="Ghi chú"),
    "en": dict(title="Least-effort target plan", province="Province", target="Target",
               rank="rank", above="score above", now="Now", score="score", others="Other provinces",
               feasible="Feasible", yes="yes", no="no", best="Best reachable rank",
               verified="Verified (full recomputation)", effort="Total effort",
               cols=("Indicator", "Current", "Target", "Change", "Effort", "Places alone"),
               empty="(no change needed)", greedy="Greedy baseline (for comparison)", notes="Notes"),
}


def _province_name(code: str, lang: str) -> str:
    prov = load_provinces().set_index("gso_code")
    if code not in prov.index:
        return code
    return str(prov.at[code, "name_vi" if lang == "vi" else "name_ascii"])


def _table_lines(frame: pd.DataFrame, fw: Framework | None, lang: str) -> list[str]:
    t = _TEXT[lang]
    if frame.empty:
        return ["  " + t["empty"]]
    labels = [fw.label(i, lang) if fw is not None and fw.has_indicator(i) else i for i in frame["indicator"]]
    width = min(max(len(t["cols"][0]), *(len(x) for x in labels)), 60)
    head = f"  {t['cols'][0]:<{width}}  " + "  ".join(f"{c:>10}" for c in t["cols"][1:])
    lines = [head, "  " + "-" * (len(head) - 2)]
    for lab, r in zip(labels, frame.itertuples(index=False)):
        lab = lab if len(lab) <= width else lab[: width - 1] + "…"
        lines.append(f"  {lab:<{width}}  {r.current:>10.4f}  {r.target:>10.4f}  {r.change:>+10.4f}"
                     f"  {r.effort:>10.4f}  {int(r.places_gained_alone):>10d}")
    return lines


def format_plan(plan: TargetPlan, lang: str = "vi") -> str:
    """Human-readable text of a :class:`TargetPlan` (``lang`` "vi" or "en")."""
    if lang not in _TEXT:
        raise ValueError(f"lang must be 'vi' or 'en', got {lang!r}")
    t = _TEXT[lang]
    fw = plan.framework
    goal = (f"{t['rank']} ≤ {plan.target_rank}" if plan.rival is None
            else f"{t['above']} {_province_name(plan.rival, lang)} ({plan.rival})")
    lines = [
        t["title"],
        f"{t['province']}: {_province_name(plan.province, lang)} ({plan.province})",
        f"{t['target']}: {goal}; {t['others']}: {_describe_others(plan.others, lang)}",
        f"{t['now']}: {t['rank']} {plan.current_rank}, {t['score']} {plan.current_score:.4f}",
        f"{t['feasible']}: {t['yes'] if plan.feasible else t['no']}; {t['best']}: {plan.best_reachable_rank}",
        f"{t['verified']}: {t['rank']} {plan.verified_rank}, {t['score']} {plan.verified_score:.4f}; "
        f"{t['effort']}: {plan.total_effort:.4f}",
        "",
        *_table_lines(plan.plan, fw, lang),
        "",
        f"{t['greedy']}: {t['rank']} {plan.greedy.verified_rank}, {t['score']} "
        f"{plan.greedy.verified_score:.4f}; {t['effort']}: {plan.greedy.total_effort:.4f}",
        *_table_lines(plan.greedy.plan, fw, lang),
    ]
    notes = plan.notes_vi if lang == "vi" and plan.notes_vi else plan.notes
    if notes:
        lines += ["", f"{t['notes']}:"] + [f"  - {n}" for n in notes]
    return "\n".join(lines)
