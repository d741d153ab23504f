"""The solver behind :func:`icttools.analysis.targets.plan_target`: a linear model of the rank goal,
solved exactly, verified by full recomputation and repaired; multi-start local search; and the
greedy baseline.

The problem, the rank rule and the public API are described in :mod:`icttools.analysis.targets`; this
module holds one (moved data, province, feasibility) problem at a time in :class:`Planner`.
Improvements ``u`` are in each indicator's unit, counted in its better direction.

Method
------
1. *Linear model, solved exactly* (LP, HiGHS via ``scipy.optimize.linprog``). With the
   normalisation constants (means, sds, minima/maxima) and the other provinces' raw sub-index
   scores held at an anchor (at first: the moved data), the province's raw sub-index score is
   linear in its own values, ``y_g = C_pg + sum_i A_gi u_i`` with ``A_gi = w_i / sd_i`` for
   ``zscore-minmax`` (``1/(max-min)``, ``1/max`` for the other normalisations); times the
   sub-index rescale and the node weights this is ``IndexResult.unit_effects``. The
   sub-index score ``(y - lo) / (M - lo)`` is linear while the province stays below the best
   other province ``M`` and cannot exceed 1: once the province is the best, its sub-index stays
   at 1 while every other province's shrinks (the rescale's maximum moves with it). The
   province's margin over the critical competitor (the K-th best other province, or the rival)
   through sub-index g is therefore concave piecewise in ``y_g``; the LP holds it in an
   auxiliary variable ``t_g`` bounded by the linear piece and by tangents of the capped piece
   (the cap ``s_g <= 1`` is the special case of a competitor that does not move). A
   first-order correction makes the model's slopes equal the true slopes at the anchor (finite
   differences of the full method, one batch), which covers the province's own effect on the
   means and sds.
2. *Verification and repair.* Every LP solution is rounded (targets up to 4 decimals, in the
   better direction) and verified by full recomputation (``scores_from_matrix``). A shortfall
   raises the required margin by the shortfall and the model is re-linearised at the verified
   point; up to ``max_repairs`` times.
3. *Non-convexity.* Ranks are not a convex function of the plan (a province that becomes a
   sub-index's best, or leaves the bottom of an indicator, moves everybody else's scores). The
   search therefore also starts from the caps and from the first verifying point on rays to the
   caps (of all indicators, of each sub-index, of each indicator: one batch), descends from the
   best starts by a trust-region version of step 1 (only verified improvements are accepted),
   and trims: each improvement in turn (largest saving first) is lowered to the smallest value
   that still verifies (batched grid search to the 4th decimal).

Every reported plan is verified. The LP is optimal for its model; for the full method the
result is a verified local optimum from several starts. Against brute force on small invented
frameworks (``tests/test_targets.py``) it is within one grid step; tiny tables under min-max
normalisation, where a province at the bottom of several indicators gains from many small
changes at once, can defeat it (and the greedy baseline).

A greedy baseline takes, repeatedly, the step of equal effort (default 0.02) on the indicator
giving the largest verified gain of the province's score over the target threshold per unit of
effort (all candidate steps evaluated in one batch), until the verified rank meets the target.
It is computed independently, so the optimiser's advantage is visible (:meth:`Planner.greedy`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.optimize import linprog

from icttools.analysis.plan_problem import (TARGET_DECIMALS, Goal, PlanProblem)
from icttools.core.engine import group_matrix, node_scores, per_unit_slopes, scores_from_matrix

__all__ = ["TARGET_DECIMALS", "Goal", "Planner"]

class Planner(PlanProblem):
    """The search for the least-effort verified plan of one :class:`PlanProblem`."""

    # -- linear models --
    def _beta(self, Sg: np.ndarray) -> np.ndarray:
        """d root / d S_g of one province at sub-index scores Sg (exact for arithmetic)."""
        G, eps = len(Sg), 1e-6
        Sb = np.repeat(Sg[None, None, :], G + 1, axis=0)
        Sb[np.arange(1, G + 1), 0, np.arange(G)] += eps
        m = self.fw.method
        out = node_scores(Sb, self.fw, None, m.aggregation, m.geometric_floor)[:, 0, self.root]
        return (out[1:] - out[0]) / eps

    def model_at(self, anchor: np.ndarray, goal: Goal, n_tangents: int = 16,
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
        rescaled = any(s.kind == "rescale" for s in self.fw.method.steps)
        with np.errstate(divide="ignore", invalid="ignore"):
            if m == "zscore-minmax":
                per_unit = 1.0 / Xa.std(axis=0)
            elif m == "minmax-minmax":
                per_unit = 1.0 / (Xa.max(axis=0) - Xa.min(axis=0))
            elif m == "max-ratio":  # x / max, or min / x for lower-is-better
                per_unit = np.where(self.up, 1.0 / Xa.max(axis=0), Xa.min(axis=0) / Xa[self.p] ** 2)
            else:  # any other normalise step, statistics held (d n / d u = d n / d x * d)
                ranges = np.array([i.range for i in self.fw.indicators], dtype=float)
                per_unit = per_unit_slopes(self.fw.method.step("normalise"), Xa, self.d, ranges) * self.d
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
            if not rescaled:  # no rescale of the groups: psi_g(y) = bp_g y - bc_g C_cg, linear
                cuts.append((np.array([bp[g]]), np.array([-bc[g] * C[c, g]])))
                continue
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

    def _cut_rows(self, model: dict[str, Any]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """LP rows ``t_g <= b_k + s_k * (y_g + A_g . (u - a))`` over variables (u, t), and the
        relations between criteria (no pair worse than in the data: level 4 <= level 3, ...)."""
        I, A, a = self.I, model["A"], model["anchor"]
        G = A.shape[0]
        rows, rhs = [], []
        if len(self.rel_b):
            rows.append(np.hstack([self.rel_A, np.zeros((len(self.rel_b), G))]))
            rhs.append(self.rel_b)
        for g, (slopes, inter) in enumerate(model["cuts"]):
            block = np.zeros((len(slopes), I + G))
            block[:, :I] = -slopes[:, None] * A[g][None, :]
            block[:, I + g] = 1.0
            rows.append(block)
            rhs.append(inter + slopes * (model["y"][g] - A[g] @ a))
        return rows, rhs

    def solve(self, model: dict[str, Any], margin: float, radius: float = 1.0) -> np.ndarray | None:
        """Least-effort u for the model (HiGHS LP); None if the model cannot reach the goal.

        ``radius`` < 1 keeps each change within ``radius * headroom_i`` of the anchor (a trust
        region for the improvement phase).
        """
        if not np.isfinite(model["threshold"]):
            return np.zeros(self.I)
        I, A, a = self.I, model["A"], model["anchor"]
        G = A.shape[0]
        cost = np.concatenate([self.unit_effort, np.zeros(G)])
        rows, rhs = self._cut_rows(model)
        # root_p(a) + sum_g (t_g - t_g(a)) >= threshold + margin
        corr = model["correction"]
        goal_row = np.concatenate([-corr, -np.ones(G)])[None]
        goal_rhs = model["root_p"] - model["t_anchor"].sum() - corr @ a - model["threshold"] - margin
        lower = np.maximum(0.0, a - radius * self.headroom)
        upper = np.minimum(self.headroom, a + radius * self.headroom)
        bounds = [(float(l), float(h)) for l, h in zip(lower, upper)] + [(None, None)] * G
        res = linprog(cost, A_ub=np.vstack(rows + [goal_row]), b_ub=np.concatenate(rhs + [[goal_rhs]]),
                      bounds=bounds, method="highs")
        if res.status != 0:
            return None
        return np.clip(res.x[:I], 0.0, self.headroom)

    # -- search --
    def _max_gap(self, model: dict[str, Any]) -> np.ndarray | None:
        """The point within the caps where the model's goal margin is largest."""
        I, G = self.I, model["A"].shape[0]
        rows, rhs = self._cut_rows(model)
        cost = np.concatenate([-model["correction"], -np.ones(G)])
        bounds = [(0.0, float(h)) for h in self.headroom] + [(None, None)] * G
        res = linprog(cost, A_ub=np.vstack(rows), b_ub=np.concatenate(rhs), bounds=bounds, method="highs")
        return None if res.status != 0 else np.clip(res.x[:I], 0.0, self.headroom)

    def slp(self, anchor: np.ndarray, goal: Goal, iterations: int,
            counters: dict[str, int]) -> list[tuple[float, np.ndarray]]:
        """Solve the model, verify, re-linearise at the verified point, repeat.

        Returns the verified plans that meet the goal, as (effort, u). Each miss raises the
        required margin by the shortfall (this breaks the cycles a re-linearised model can fall
        into; the overshoot is removed later by :meth:`improve` and :meth:`trim`); a verified
        plan resets it.
        """
        found: list[tuple[float, np.ndarray]] = []
        margin, best_effort, stale = 0.0, math.inf, 0
        for _ in range(iterations):
            model = self.model_at(anchor, goal)
            u = self.solve(model, margin)
            counters["solves"] += 1
            if u is None and margin > 0:
                margin = 0.0
                u = self.solve(model, margin)
            if u is None:  # the model cannot meet the goal from here: move to its best point
                u = self._max_gap(model)
                if u is None:
                    break
            ev = self.assess(u, goal)
            new_anchor = self.improvements(ev.targets)[0]
            if ev.success[0]:
                effort = float(ev.effort[0])
                found.append((effort, new_anchor))
                stale = stale + 1 if effort > best_effort - 1e-5 else 0
                best_effort = min(best_effort, effort)
                margin = 0.0
            else:
                counters["repairs"] += 1
                margin += max(float(-ev.excess[0]), 0.5 * 10.0 ** -self.dec)
                stale += 1 if found else 0
            anchor = new_anchor
            if stale >= 3:  # no better verified plan for three solves: converged up to rounding
                break
        return found

    def _min_values(self, u: np.ndarray, idx: np.ndarray, goal: Goal, n: int = 16) -> np.ndarray:
        """For each coordinate in ``idx`` (others fixed at ``u``): the smallest value that still
        verifies, by batched grid refinement down to the 4th decimal (all coordinates at once)."""
        lo, hi = np.zeros(idx.size), u[idx].astype(float)
        frac = np.linspace(0.0, 1.0, n)
        rows = np.arange(idx.size)
        while np.any(hi - lo > 10.0 ** -TARGET_DECIMALS):
            grid = lo[:, None] + (hi - lo)[:, None] * frac[None, :]  # (k, n)
            U = np.repeat(u[None], idx.size * n, axis=0)
            U[np.arange(idx.size * n), np.repeat(idx, n)] = grid.ravel()
            ok = self.assess(U, goal).success.reshape(idx.size, n)
            j = np.where(ok.any(axis=1), np.argmax(ok, axis=1), n - 1)
            lo, hi = np.where(j > 0, grid[rows, np.maximum(j - 1, 0)], grid[rows, j]), grid[rows, j]
        return hi

    def trim(self, u: np.ndarray, goal: Goal, min_saving: float = 1e-5) -> np.ndarray:
        """Best-first descent: repeatedly lower the improvement whose reduction (to the smallest
        value that still verifies, the others fixed) saves the most effort. Savings are
        re-checked lazily (lowering one improvement rarely lets another go lower)."""
        u = self.improvements(self.targets(u))[0]
        active = np.flatnonzero(u > 0)
        if active.size == 0:
            return u
        stale = np.zeros(self.I)
        stale[active] = (u[active] - self._min_values(u, active, goal)) * self.unit_effort[active]
        for _ in range(3 * active.size + 3):
            i = int(np.argmax(stale))
            if stale[i] < min_saving:
                break
            new = self._min_values(u, np.array([i]), goal)[0]
            fresh = (u[i] - new) * self.unit_effort[i]
            others = np.delete(stale, i)
            if fresh >= min_saving and fresh >= (others.max() if others.size else 0.0) - 1e-12:
                cand = u.copy()
                cand[i] = new
                ev = self.assess(cand, goal)
                if ev.success[0]:
                    u = self.improvements(ev.targets)[0]
                stale[i] = 0.0
            else:
                stale[i] = fresh
        return u

    def improve(self, u: np.ndarray, goal: Goal, iterations: int,
                counters: dict[str, int]) -> np.ndarray:
        """Trust-region descent from a verified plan: re-linearise at the best plan, solve the
        model within a box of relative size ``radius`` around it, accept the result only if it
        verifies with less effort (then widen the box), otherwise halve the box."""
        best = self.improvements(self.targets(u))[0]
        best_e = float(self.assess(best, goal).effort[0])
        radius = 0.5
        for _ in range(iterations):
            if radius < 1.0 / 64:  # the trim finishes small moves more cheaply
                break
            model = self.model_at(best, goal)
            cand = self.solve(model, 0.0, radius)
            counters["solves"] += 1
            ev = self.assess(cand, goal) if cand is not None else None
            if ev is not None and not ev.success[0]:
                # second-order correction: the boundary curves away from the model's plane;
                # ask the same model for the shortfall as extra margin
                cand = self.solve(model, float(-ev.excess[0]) + 0.5 * 10.0 ** -self.dec, radius)
                counters["solves"] += 1
                ev = self.assess(cand, goal) if cand is not None else None
            if ev is not None and ev.success[0] and ev.effort[0] < best_e - 1e-9:
                best, best_e = self.improvements(ev.targets)[0], float(ev.effort[0])
                radius = min(1.0, 2.0 * radius)
            else:
                radius *= 0.5
        return best

    def ray_points(self, n: int = 30) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Points along the rays from the current values to the caps of all indicators, of
        each sub-index's indicators and of each single indicator (``n`` evenly spaced points
        per ray, the cap last), evaluated once. Returns (targets, efforts, scores, n)."""
        if self._rays is None:
            gi = self.fw.group_of_indicator
            dirs = [self.headroom.copy()]
            dirs += [np.where(gi == g, self.headroom, 0.0) for g in range(len(self.gpos))]
            dirs += [np.where(np.arange(self.I) == i, self.headroom, 0.0) for i in range(self.I)]
            dirs = [d for d in dirs if d.any()] or [self.headroom.copy()]
            frac = np.linspace(1.0 / n, 1.0, n)
            T = self.targets(np.concatenate([frac[:, None] * d[None, :] for d in dirs]))
            self._rays = (T, self.effort(T), self.scores(T), n)
        return self._rays

    def ray_starts(self, goal: Goal) -> list[list[tuple[float, np.ndarray]]]:
        """Cheap extra starts for non-convex cases: on each ray of :meth:`ray_points`, the
        first point that verifies."""
        T, effort, S, n = self.ray_points()
        ok = self.assess_scores(S, goal)["success"].reshape(-1, n)
        out = []
        for k in np.flatnonzero(ok.any(axis=1)):
            j = k * n + int(np.argmax(ok[k]))
            out.append([(float(effort[j]), self.improvements(T[j:j + 1])[0])])
        return out

    def best_rank(self) -> tuple[int, np.ndarray]:
        """The best rank seen on the rays of :meth:`ray_points` (the caps included) and a point
        reaching it. The rank need not be best at the caps: a province that becomes a
        sub-index's best shrinks everybody's scores in it, which can reorder the others."""
        T, _, S, _ = self.ray_points()
        rank = self.assess_scores(S, Goal(rank=self.P))["rank"]
        k = int(np.argmin(rank))
        return int(rank[k]), self.improvements(T[k:k + 1])[0]

    def optimise(self, goal: Goal, max_repairs: int, starts: tuple[np.ndarray, ...] = (),
                 max_picks: int = 4) -> tuple[np.ndarray | None, dict[str, int]]:
        """Least-effort verified plan.

        The linear model from the current data (with repairs) and, as a second start, from
        the caps; the best verified plan of each start (and of any extra ``starts``) is
        improved by a trust-region descent and trimmed; the least effort wins.
        Returns (u or None, counters).
        """
        counters = dict(solves=0, repairs=0)
        families = [self.slp(np.zeros(self.I), goal, max_repairs + 1, counters),
                    self.slp(self.headroom.copy(), goal, max(3, max_repairs // 4), counters)]
        families += self.ray_starts(goal)
        for s in starts:
            ev = self.assess(s, goal)
            families.append([(float(ev.effort[0]), self.improvements(ev.targets)[0])] if ev.success[0] else [])
        # the best plan of each start, then other plans with a different support
        picks = [min(f, key=lambda t: t[0])[1] for f in families if f]
        supports = {tuple(np.flatnonzero(u > 0)) for u in picks}
        for _, u in sorted((t for f in families for t in f), key=lambda t: t[0]):
            if len(picks) >= max_picks:
                break
            if tuple(np.flatnonzero(u > 0)) not in supports:
                supports.add(tuple(np.flatnonzero(u > 0)))
                picks.append(u)
        if not picks:
            full = self.assess(self.headroom, goal)
            if not full.success[0]:
                return None, counters
            picks = [self.improvements(full.targets)[0]]
        effort = {id(u): float(self.assess(u, goal).effort[0]) for u in picks}
        first = min(effort.values())
        picks = [u for u in picks if effort[id(u)] <= 2.0 * first + 1e-9]  # a budget for the descents
        improved = []
        for u in picks:
            v = self.improve(u, goal, 3 * max_repairs, counters)
            improved.append((float(self.assess(v, goal).effort[0]), v))
        improved.sort(key=lambda t: t[0])
        best_e, best_u = improved[0]
        for e, u in improved[:3]:
            if e > 1.1 * improved[0][0] + 1e-9:  # far behind: trimming will not close the gap
                break
            t = self.trim(u, goal)
            t2 = self.improve(t, goal, max_repairs, counters)
            if not np.array_equal(t2, t):
                t = self.trim(t2, goal)
            e_t = float(self.assess(t, goal).effort[0])
            if e_t < best_e - 1e-12:
                best_u, best_e = t, e_t
        return best_u, counters

    def greedy(self, goal: Goal, step_effort: float) -> np.ndarray:
        """The baseline: repeatedly take the step of ``step_effort`` (less where an indicator
        has less room left) with the best verified gain of the goal margin per unit of effort;
        all candidate steps (one per indicator with room) are verified in one batch."""
        u = np.zeros(self.I)
        ev = self.assess(u, goal)
        success, excess, spent = bool(ev.success[0]), float(ev.excess[0]), float(ev.effort[0])
        step_u = step_effort / self.unit_effort
        max_steps = int(np.ceil((self.headroom * self.unit_effort).sum() / step_effort)) + self.I + 1
        for _ in range(max_steps):
            room = self.headroom - u
            idx = np.flatnonzero(room > 1e-9)
            if success or idx.size == 0:
                break
            U = np.repeat(u[None], idx.size, axis=0)
            U[np.arange(idx.size), idx] += np.minimum(step_u[idx], room[idx])
            ev = self.assess(U, goal)
            if ev.success.any():  # finish with the cheapest step that meets the goal
                k = int(np.argmin(np.where(ev.success, ev.effort, np.inf)))
            else:
                k = int(np.argmax((ev.excess - excess) / np.maximum(ev.effort - spent, 1e-12)))
            u = np.maximum(self.improvements(ev.targets[k:k + 1])[0], 0.0)
            success, excess, spent = bool(ev.success[k]), float(ev.excess[k]), float(ev.effort[k])
        return u
