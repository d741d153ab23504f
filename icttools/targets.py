"""Least-effort target plans: which indicator improvements lift a province to rank K.

Problem
-------
Find changes ``u_i >= 0`` (in each indicator's *better* direction) with the least total effort
``sum_i cost_i * u_i / range_i`` such that the province's overall rank is at most ``K`` (or its
score is strictly above a named rival's), subject to: no indicator gets worse, each change is at
most ``max_change`` (one year), each value stays within ``max_value`` and the valid range
(percentages <= 100). Costs, caps and ranges come from a feasibility file
(:mod:`icttools.feasibility`). The other provinces stand still, follow their own trend, or all
grow by a percentage (:func:`others_scenario`).

Ranks are on scores rounded to ``method.rounding`` decimals with the framework's ranking rule,
so "rank <= K" is exactly "rounded score >= the K-th best rounded score among the others"
(competition ranking; for dense ranking the K-th best *distinct* rounded score); "above the
rival" is "rounded score >= the rival's rounded score + one unit of the last decimal".

Method
------
1. *Linear model.* With the normalisation constants (means, sds, minima/maxima and the
   sub-index rescale) held at their values in the moved data, each sub-index score of the
   province is linear in its own indicator values: for ``zscore-minmax``
   ``dS_g/dx_i = w_i d_i / (sd_i * scale_g)`` (``IndexResult.unit_effects`` divided by the
   node weights on the path). A sub-index score cannot exceed 1 (the best province scores 1),
   so each sub-index enters through an auxiliary variable ``s_g <= 1``,
   ``s_g <= S_g + slope_g . u``. The linear programme (HiGHS via ``scipy.optimize.linprog``)
   minimises effort subject to the overall score reaching the threshold.
2. *Verification and repair.* The linearisation ignores that the province's own values move
   the means, sds and sub-index min/max, and that the others' scores move with them. Every
   solution is rounded (targets up to 4 decimals, in the better direction) and verified by full
   recomputation (``scores_from_matrix``). If it falls short, the required margin grows by the
   shortfall and the model is re-linearised around the verified point (slopes of the province's
   sub-indices and of the critical competitor's score by finite differences, in one batched
   recomputation); up to ``max_repairs`` times. Verified solutions keep being refined while the
   effort still falls.
3. *Trim.* Each improved indicator (least efficient first) is lowered to the smallest value that
   still verifies, by batched grid search down to the 4th decimal.

A greedy baseline takes, repeatedly, the step of equal effort (default 0.02) on the indicator
giving the largest verified gain of the province's score over the target threshold per unit of
effort (30 candidate steps evaluated per batch), until the verified rank meets the target.

When the target is out of reach within the caps, ``feasible`` is False, ``best_reachable_rank``
is the rank at the caps, and the plan is the least-effort plan reaching that rank.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from icttools.engine import as_matrix, group_matrix, node_scores, rank_scores, round_scores, scores_from_matrix
from icttools.feasibility import Feasibility, FeasibilityError, load_feasibility
from icttools.framework import Framework, load_framework
from icttools.provinces import UnknownProvinceError, load_provinces, resolve_province

__all__ = [
    "Feasibility",
    "FeasibilityError",
    "load_feasibility",
    "OTHERS_MODES",
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
#: Target values are written with this many decimals (rounded in the better direction).
TARGET_DECIMALS = 4
PLAN_COLUMNS = ["indicator", "current", "target", "change", "effort", "places_gained_alone"]

_INT_MIN = np.iinfo(np.int64).min // 4


# --- small helpers ----------------------------------------------------------------------------

def _framework(framework: Framework | str | None) -> Framework:
    if framework is None:
        return load_framework()
    if isinstance(framework, str):
        return load_framework(framework)
    return framework


def _indexed(data: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    df = data.set_index("gso_code") if "gso_code" in data.columns else data.copy()
    df.index = pd.Index([str(c) for c in df.index], name="gso_code")
    return df


def _resolve_code(codes: list[str], province: Any, what: str = "province") -> str:
    key = str(province).strip()
    if key in codes:
        return key
    try:
        code = resolve_province(province).gso_code
    except (UnknownProvinceError, ValueError, TypeError):
        code = None
    if code is not None and code in codes:
        return code
    raise ValueError(f"{what} {province!r} is not a province of the data (codes: {', '.join(codes[:5])}, ...)")


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


def _ranges(fw: Framework) -> tuple[np.ndarray, np.ndarray]:
    lo = np.array([i.range[0] for i in fw.indicators], dtype=float)
    hi = np.array([i.range[1] for i in fw.indicators], dtype=float)
    pct = np.array([i.is_percentage for i in fw.indicators])
    return np.maximum(lo, np.where(pct, 0.0, -np.inf)), np.minimum(hi, np.where(pct, 100.0, np.inf))


def _round_dir(values: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Round to TARGET_DECIMALS, up where ``up`` else down (binary noise below 1e-10 ignored)."""
    s = 10.0 ** TARGET_DECIMALS
    v = np.round(np.asarray(values, dtype=float) * s, 6)
    return np.where(up, np.ceil(v), np.floor(v)) / s


def _describe_others(label: str, lang: str = "en") -> str:
    if label == "still":
        return "các tỉnh khác giữ nguyên" if lang == "vi" else "other provinces stand still"
    if label == "trend":
        return ("các tỉnh khác theo xu hướng năm trước" if lang == "vi"
                else "other provinces follow their own trend from the previous year")
    pct = label.split("=", 1)[1]
    return (f"các chỉ tiêu của tỉnh khác cùng tăng {pct}%" if lang == "vi"
            else f"other provinces' indicator values all grow by {pct}%")


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
        GSO code (or a name :func:`~icttools.provinces.resolve_province` accepts); its row is
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
    fw = _framework(framework)
    mode, pct, _ = _parse_others(others)
    df = _indexed(data)
    X, codes = as_matrix(df, fw)
    code = _resolve_code(codes, province)
    p = codes.index(code)
    lo, hi = _ranges(fw)
    if mode == "still":
        moved = X.copy()
    elif mode == "trend":
        if previous is None:
            raise ValueError("previous: others='trend' needs the previous year's table (previous=DataFrame)")
        Xp, pcodes = as_matrix(_indexed(previous), fw)
        pos = {c: k for k, c in enumerate(pcodes)}
        missing = [c for c in codes if c != code and c not in pos]
        if missing:
            raise ValueError(f"previous: the previous year's table lacks province(s) {', '.join(missing)}")
        Xprev = np.array([Xp[pos[c]] if c in pos else X[k] for k, c in enumerate(codes)])
        moved = np.clip(X + (X - Xprev), lo, hi)
    else:
        factor = 1.0 + pct / 100.0
        moved = np.clip(np.where(fw.directions > 0, X * factor, X / factor), lo, hi)
    moved[p] = X[p]
    out = df.copy()
    out[fw.indicator_ids] = moved
    return out


# --- the model --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Goal:
    """Rank at most ``rank`` (``rival`` None) or rounded score above province row ``rival``."""

    rank: int | None = None
    rival: int | None = None


@dataclass
class _Assessment:
    success: np.ndarray  # (B,) bool: the goal holds (verified)
    rank: np.ndarray  # (B,) rank of the province
    score: np.ndarray  # (B,) rounded score of the province
    excess: np.ndarray  # (B,) unrounded score minus the lowest score that meets the goal
    competitor: np.ndarray  # (B,) row of the critical competitor
    threshold: np.ndarray  # (B,) the lowest unrounded score that meets the goal
    effort: np.ndarray  # (B,)
    targets: np.ndarray  # (B, I)
    scores: np.ndarray  # (B, P, Nn) unrounded


class _Planner:
    """Arrays and operations for one (moved data, province, feasibility) problem.

    Improvements ``u`` are in each indicator's unit, counted in its better direction:
    value = current + direction * u, with 0 <= u <= headroom.
    """

    def __init__(self, X: np.ndarray, p: int, fw: Framework, feas: Feasibility):
        self.fw, self.X, self.p = fw, X, p
        self.P, self.I = X.shape
        self.x0 = X[p].copy()
        self.d = fw.directions
        self.up = self.d > 0
        arr = feas.arrays()
        lo, hi = _ranges(fw)
        best = np.where(self.up, np.minimum(arr["best_value"], hi), np.maximum(arr["best_value"], lo))
        reach = np.where(self.up, np.minimum(best, self.x0 + arr["max_change"]),
                         np.maximum(best, self.x0 - arr["max_change"]))
        self.headroom = np.maximum(0.0, self.d * (reach - self.x0))
        self.unit_effort = arr["cost"] / arr["range"]
        self.span = np.array([i.range[1] - i.range[0] for i in fw.indicators], dtype=float)
        self.root = 0
        self.gpos = np.array([fw.node_ids.index(g) for g in fw.group_ids])
        self.others = np.delete(np.arange(self.P), p)
        self.dec = fw.method.rounding
        self.evaluations = 0

    # -- targets and verification --
    def targets(self, U: np.ndarray) -> np.ndarray:
        """Target values (B, I) for improvements U, rounded to 4 decimals in the better direction,
        never beyond the reachable bound and never worse than the current value."""
        U = np.clip(np.atleast_2d(U), 0.0, self.headroom)
        T = _round_dir(self.x0 + self.d * U, self.up)
        reach = self.x0 + self.d * self.headroom
        inward = _round_dir(reach, ~self.up)
        T = np.where(self.d * (T - reach) > 1e-12, inward, T)
        return np.where((U <= 1e-10) | (self.d * (T - self.x0) <= 0), self.x0, T)

    def improvements(self, T: np.ndarray) -> np.ndarray:
        return self.d * (np.atleast_2d(T) - self.x0)

    def effort(self, T: np.ndarray) -> np.ndarray:
        return (self.improvements(T) * self.unit_effort).sum(axis=-1)

    def scores(self, T: np.ndarray) -> np.ndarray:
        """Unrounded node scores (B, P, Nn) with the province's row set to each row of T."""
        T = np.atleast_2d(T)
        Xb = np.repeat(self.X[None], len(T), axis=0)
        Xb[:, self.p, :] = T
        self.evaluations += len(T)
        return scores_from_matrix(Xb, self.fw)["scores"]

    def assess_scores(self, S: np.ndarray, goal: _Goal) -> dict[str, np.ndarray]:
        root = S[..., self.root]  # (B, P)
        m = self.fw.method
        rounded = round_scores(root, self.dec)
        Ri = np.rint(rounded * 10.0 ** self.dec).astype(np.int64)
        B = len(root)
        rows = np.arange(B)
        o = self.others
        if goal.rival is not None:
            comp = np.full(B, goal.rival)
            req = Ri[:, goal.rival] + 1
        elif goal.rank >= self.P:
            comp = o[np.argmin(root[:, o], axis=1)]
            req = np.full(B, _INT_MIN)
        elif m.ranking == "competition":
            order = np.argsort(-root[:, o], axis=1, kind="stable")
            comp = o[order[:, goal.rank - 1]]
            req = Ri[rows, comp]
        else:  # dense: the K-th best distinct rounded score among the others
            srt = -np.sort(-Ri[:, o], axis=1)
            first = np.concatenate([np.ones((B, 1), bool), srt[:, 1:] != srt[:, :-1]], axis=1)
            hit = (np.cumsum(first, axis=1) == goal.rank) & first
            has = hit.any(axis=1)
            req = np.where(has, srt[rows, np.argmax(hit, axis=1)], _INT_MIN)
            in_bin = Ri[:, o] == req[:, None]
            comp = o[np.where(has, np.argmax(np.where(in_bin, -root[:, o], -np.inf), axis=1),
                              np.argmin(root[:, o], axis=1))]
        threshold = np.where(req == _INT_MIN, -np.inf, (req - 0.5) / 10.0 ** self.dec)
        rank = rank_scores(rounded[..., None], m.ranking)[:, self.p, 0]
        return dict(success=Ri[:, self.p] >= req, rank=rank, score=rounded[:, self.p],
                    excess=root[:, self.p] - threshold, competitor=comp, threshold=threshold)

    def assess(self, U: np.ndarray, goal: _Goal, rounded_targets: bool = True) -> _Assessment:
        T = self.targets(U) if rounded_targets else self.x0 + self.d * np.atleast_2d(U)
        S = self.scores(T)
        a = self.assess_scores(S, goal)
        return _Assessment(effort=self.effort(T), targets=T, scores=S, **a)

    # -- linear models --
    def _beta(self, Sg: np.ndarray) -> np.ndarray:
        """d root / d S_g of one province at sub-index scores Sg (exact for arithmetic)."""
        G, eps = len(Sg), 1e-6
        Sb = np.repeat(Sg[None, None, :], G + 1, axis=0)
        Sb[np.arange(1, G + 1), 0, np.arange(G)] += eps
        m = self.fw.method
        out = node_scores(Sb, self.fw, None, m.aggregation, m.geometric_floor)[:, 0, self.root]
        return (out[1:] - out[0]) / eps

    def model_at(self, anchor: np.ndarray, goal: _Goal, n_tangents: int = 16,
                 correct: bool = True) -> dict[str, Any]:
        """Piecewise-linear model of the goal around the province's values ``x0 + d * anchor``.

        Normalisation constants (means, sds, minima/maxima) and the other provinces' raw
        sub-index scores ``C`` are held at their values at the anchor. The province's raw
        sub-index score is then linear, ``y_g = C_pg + A_g . (u - anchor)`` with
        ``A_gi = w_i / sd_i`` (z-scores), and its margin over the critical competitor ``c``
        through sub-index g is ``psi_g(y_g) = bp_g S_p(y_g) - bc_g S_c(y_g)`` (``bp``, ``bc``:
        d root / d S_g of the province and of c). ``psi_g`` is linear while the province stays
        below the best other province (``y <= M_g``); beyond, the province's sub-index is capped
        at 1 while everybody else's shrinks (the rescale's maximum moves with it), which is
        concave: ``psi_g(y) = bp_g - bc_g (C_cg - lo_g) / (y - lo_g)``. The LP bounds the
        contribution ``t_g`` by the linear piece and by tangents of the concave piece.
        """
        Xa = self.X.copy()
        Xa[self.p] = self.x0 + self.d * anchor
        core = scores_from_matrix(Xa, self.fw)
        self.evaluations += 1
        S = core["scores"][None]
        a = self.assess_scores(S, goal)
        c = int(a["competitor"][0])
        m = self.fw.method.normalisation
        with np.errstate(divide="ignore", invalid="ignore"):
            if m == "zscore-minmax":
                per_unit = 1.0 / Xa.std(axis=0)
            elif m == "minmax-minmax":
                per_unit = 1.0 / (Xa.max(axis=0) - Xa.min(axis=0))
            else:  # max-ratio: x / max, or min / x for lower-is-better
                per_unit = np.where(self.up, 1.0 / Xa.max(axis=0), Xa.min(axis=0) / Xa[self.p] ** 2)
        per_unit = np.where(np.isfinite(per_unit), per_unit, 0.0)
        A = (group_matrix(self.fw) * per_unit[:, None]).T  # (G, I): d C_pg / d u_i
        C = core["group_raw"]  # (P, G)
        others = C[self.others]
        top = others.max(axis=0)
        lo = others.min(axis=0) if m != "max-ratio" else np.zeros(C.shape[1])
        bp = self._beta(S[0, self.p, self.gpos])
        bc = self._beta(S[0, c, self.gpos])
        y_a = C[self.p]
        y_max = y_a + A @ (self.headroom - anchor)
        cuts = []  # per group: (slopes, intercepts) in y
        for g in range(C.shape[1]):
            den = top[g] - lo[g]
            cc = C[c, g] - lo[g]
            if not den > 1e-12:
                cuts.append((np.zeros(1), np.zeros(1)))
                continue
            slopes = [bp[g] / den]
            inter = [(-bp[g] * lo[g] - bc[g] * cc) / den]
            if y_max[g] > top[g]:
                yk = top[g] + (y_max[g] - top[g]) * (np.arange(n_tangents) / (n_tangents - 1)) ** 2
                psi = bp[g] - bc[g] * cc / (yk - lo[g])
                dpsi = bc[g] * cc / (yk - lo[g]) ** 2
                slopes += list(dpsi)
                inter += list(psi - dpsi * yk)
            cuts.append((np.array(slopes), np.array(inter)))
        at_anchor = np.array([np.min(s * y_a[g] + b) for g, (s, b) in enumerate(cuts)])
        model = dict(anchor=anchor, A=A, y=y_a, cuts=cuts, t_anchor=at_anchor,
                     root_p=float(S[0, self.p, self.root]), threshold=float(a["threshold"][0]),
                     correction=np.zeros(self.I))
        if correct:
            # first-order correction: the held constants move with the province's values (its
            # own mean and sd, everybody's z-scores); match the true slope of root_p - root_c
            model["correction"] = self.true_slopes(anchor, c) - self.gains(model)
        return model

    def true_slopes(self, anchor: np.ndarray, c: int) -> np.ndarray:
        """d (root_p - root_c) / d u by finite differences of the full method (one batch)."""
        h = 1e-4 * self.span
        step = np.where(anchor + h <= self.headroom, h, -h)
        U = np.repeat(anchor[None], self.I + 1, axis=0)
        U[np.arange(1, self.I + 1), np.arange(self.I)] += step
        S = self.scores(self.x0 + self.d * U)[..., self.root]
        gap = S[:, self.p] - S[:, c]
        return np.where(self.headroom > 0, (gap[1:] - gap[0]) / step, 0.0)

    def gains(self, model: dict[str, Any]) -> np.ndarray:
        """Model gain of the goal margin per unit of each indicator at the anchor."""
        local = np.array([s[np.argmin(s * model["y"][g] + b)] for g, (s, b) in enumerate(model["cuts"])])
        return local @ model["A"] + model.get("correction", 0.0)

    def solve(self, model: dict[str, Any], margin: float) -> np.ndarray | None:
        """Least-effort u for the model (HiGHS LP); None if the model cannot reach the goal."""
        if not np.isfinite(model["threshold"]):
            return np.zeros(self.I)
        I, A, a = self.I, model["A"], model["anchor"]
        G = A.shape[0]
        cost = np.concatenate([self.unit_effort, np.zeros(G)])
        rows, rhs = [], []
        for g, (slopes, inter) in enumerate(model["cuts"]):
            # t_g <= b_k + s_k * (y_g + A_g . (u - a))
            block = np.zeros((len(slopes), I + G))
            block[:, :I] = -slopes[:, None] * A[g][None, :]
            block[:, I + g] = 1.0
            rows.append(block)
            rhs.append(inter + slopes * (model["y"][g] - A[g] @ a))
        # root_p(a) + sum_g (t_g - t_g(a)) >= threshold + margin
        corr = model["correction"]
        goal_row = np.concatenate([-corr, -np.ones(G)])[None]
        goal_rhs = model["root_p"] - model["t_anchor"].sum() - corr @ a - model["threshold"] - margin
        bounds = [(0.0, float(h)) for h in self.headroom] + [(None, None)] * G
        res = linprog(cost, A_ub=np.vstack(rows + [goal_row]), b_ub=np.concatenate(rhs + [[goal_rhs]]),
                      bounds=bounds, method="highs")
        if res.status != 0:
            return None
        return np.clip(res.x[:I], 0.0, self.headroom)

    # -- search --
    def optimise(self, goal: _Goal, max_repairs: int) -> tuple[np.ndarray | None, dict[str, int]]:
        """Solve, verify, repair; then trim. Returns (u or None, counters)."""
        found: list[tuple[float, np.ndarray]] = []
        margin, repairs, solves = 0.0, 0, 0
        model = self.model_at(np.zeros(self.I), goal)
        best_effort, stale = math.inf, 0
        for _ in range(max_repairs + 1):
            u = self.solve(model, margin)
            solves += 1
            if u is None:
                break
            ev = self.assess(u, goal)
            anchor = self.improvements(ev.targets)[0]
            if ev.success[0]:
                effort = float(ev.effort[0])
                found.append((effort, anchor))
                stale = stale + 1 if effort > best_effort - 1e-5 else 0
                best_effort = min(best_effort, effort)
                margin = 0.0  # re-linearised at a verified point: the plain model is accurate
            else:
                repairs += 1
                stale += 1 if found else 0
                margin += max(float(-ev.excess[0]), 0.5 * 10.0 ** -self.dec)
            if stale >= 3:  # no better verified plan for three solves: converged up to rounding
                break
            model = self.model_at(anchor, goal)
        starts = [u for _, u in sorted(found, key=lambda t: t[0])[:2]]
        if not starts:  # the linear models never verified: start from the caps
            full = self.assess(self.headroom, goal)
            if not full.success[0]:
                return None, dict(solves=solves, repairs=repairs)
            starts = [self.improvements(full.targets)[0]]
        best = None
        for u in starts:
            t = self.trim(u, goal)
            e = float(self.assess(t, goal).effort[0])
            if best is None or e < best[0] - 1e-12:
                best = (e, t)
        return best[1], dict(solves=solves, repairs=repairs)

    def trim(self, u: np.ndarray, goal: _Goal, n: int = 30, passes: int = 2) -> np.ndarray:
        """Lower each improvement (least efficient first) to the smallest value that verifies."""
        u = self.improvements(self.targets(u))[0]
        for _ in range(passes):
            gain = self.gains(self.model_at(u, goal))
            order = [i for i in np.argsort(gain / self.unit_effort, kind="stable") if u[i] > 0]
            changed = False
            for i in order:
                lo, hi = 0.0, float(u[i])
                while hi - lo > 10.0 ** -TARGET_DECIMALS:
                    grid = np.linspace(lo, hi, n)
                    U = np.repeat(u[None], n, axis=0)
                    U[:, i] = grid
                    ok = self.assess(U, goal).success
                    if not ok.any():
                        break
                    j = int(np.argmax(ok))
                    if j == 0:
                        hi = lo
                        break
                    lo, hi = float(grid[j - 1]), float(grid[j])
                if hi < u[i]:
                    cand = u.copy()
                    cand[i] = hi
                    ev = self.assess(cand, goal)
                    if ev.success[0]:
                        u = self.improvements(ev.targets)[0]
                        changed = True
            if not changed:
                break
        return u

    def greedy(self, goal: _Goal, step_effort: float) -> np.ndarray:
        """Equal-effort steps on the indicator with the best verified gain per effort."""
        u = np.zeros(self.I)
        cur = self.assess(u, goal)
        step_u = step_effort / self.unit_effort
        max_steps = int(np.ceil((self.headroom * self.unit_effort).sum() / step_effort)) + self.I + 1
        for _ in range(max_steps):
            if cur.success[0]:
                break
            room = self.headroom - u
            idx = np.flatnonzero(room > 1e-9)
            if idx.size == 0:
                break
            U = np.repeat(u[None], idx.size, axis=0)
            U[np.arange(idx.size), idx] += np.minimum(step_u[idx], room[idx])
            ev = self.assess(U, goal)
            if ev.success.any():
                k = int(np.argmin(np.where(ev.success, ev.effort, np.inf)))
            else:
                spent = np.maximum(ev.effort - cur.effort[0], 1e-12)
                k = int(np.argmax((ev.excess - cur.excess[0]) / spent))
            u = np.clip(self.improvements(ev.targets[k:k + 1])[0], 0.0, self.headroom)
            u = np.where(U[k] >= self.headroom - 1e-12, self.headroom, np.maximum(u, U[k]))
            cur = self.assess(u, goal)
        return self.improvements(cur.targets)[0]


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
    notes : list of str
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
    fw = _framework(framework)
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
    code = _resolve_code(codes, province)
    p = codes.index(code)
    P = len(codes)
    planner = _Planner(X, p, fw, feas)

    base_goal = _Goal(rank=P)
    base = planner.assess(np.zeros(planner.I), base_goal)
    rank0, score0 = int(base.rank[0]), float(base.score[0])
    rival_code = None
    if rival is not None:
        rival_code = _resolve_code(codes, rival, what="rival")
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

    notes = [f"Others: {_describe_others(label)}.",
             f"Effort = sum of cost x |change| / range (assumptions: {feas.source})."]
    blocked = [fw.indicator_ids[i] for i in np.flatnonzero(planner.headroom <= 0)]
    if blocked:
        notes.append(f"{len(blocked)} indicator(s) cannot improve (at the assumed cap): {', '.join(blocked)}.")

    at_caps = planner.assess(planner.headroom, goal)
    best_reachable = min(int(at_caps.rank[0]), rank0)
    start = planner.assess(np.zeros(planner.I), goal)
    counters = dict(solves=0, repairs=0)
    if start.success[0]:
        feasible, u, plan_goal = True, np.zeros(planner.I), goal
        notes.append(f"The target already holds (rank {rank0}); no change is needed.")
    elif at_caps.success[0]:
        feasible, plan_goal = True, goal
        u, counters = planner.optimise(goal, max_repairs)
    else:
        feasible = False
        plan_goal = _Goal(rank=best_reachable)
        what = f"rank {target_rank}" if rival is None else f"a score above {rival_code}"
        notes.append(f"Out of reach within the caps: {what}. Best reachable rank: {best_reachable}; "
                     f"the plan is the least-effort way to reach it.")
        if best_reachable < rank0:
            u, counters = planner.optimise(plan_goal, max_repairs)
        else:
            u = np.zeros(planner.I)
    if u is None:  # cannot happen when the caps verify, kept as a guard
        u = planner.headroom.copy()
    final = planner.assess(u, plan_goal)
    g = planner.greedy(plan_goal, float(greedy_step)) if not start.success[0] else np.zeros(planner.I)
    g_ev = planner.assess(g, plan_goal)
    greedy = GreedyPlan(feasible=bool(g_ev.success[0]) and feasible, total_effort=float(g_ev.effort[0]),
                        verified_rank=int(g_ev.rank[0]), verified_score=float(g_ev.score[0]),
                        plan=_plan_frame(planner, g, plan_goal, rank0))
    if counters["solves"]:
        notes.append(f"Linear model solved {counters['solves']} time(s) with {counters['repairs']} repair(s); "
                     f"every plan verified by full recomputation ({planner.evaluations} evaluations).")
    notes.append("Targets are rounded up to 4 decimals; the verification used the rounded values.")
    if greedy.total_effort > 0:
        saving = 1.0 - float(final.effort[0]) / greedy.total_effort
        notes.append(f"Greedy baseline effort {greedy.total_effort:.4f}; the optimiser saves {100 * saving:.1f}%.")
    return TargetPlan(
        province=code, feasible=bool(feasible), target_rank=int(target_rank),
        best_reachable_rank=int(min(best_reachable, int(final.rank[0]))),
        verified_rank=int(final.rank[0]), verified_score=float(final.score[0]),
        total_effort=float(final.effort[0]), plan=_plan_frame(planner, u, plan_goal, rank0),
        greedy=greedy, others=label, notes=notes, current_rank=rank0, current_score=score0,
        rival=rival_code, framework=fw,
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
    code = _resolve_code(list(df.index), province)
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
    if plan.notes:
        lines += ["", f"{t['notes']}:"] + [f"  - {n}" for n in plan.notes]
    return "\n".join(lines)
