"""One target-planning problem and its exact verification.

:class:`PlanProblem` holds one (moved data, province, feasibility) problem: the reachable
improvements of each criterion (none for a criterion whose lever the plan may not pull), the
relations between criteria, the effort of a change, and the verification of candidate plans by
full recomputation of the index (batched over candidates). Every candidate is *closed* under the
relations before it is verified (:meth:`icttools.analysis.implied.RelationGraph.close`): a plan
that puts online services level 4 above level 3 raises level 3 with it, and that effort counts.
The search over improvements (:class:`icttools.analysis.target_search.Planner`) builds on it;
every plan it reports has been verified here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from icttools.analysis.feasibility import DEFAULT_LEVERS, Feasibility, valid_ranges
from icttools.analysis.implied import relation_graph
from icttools.core.engine import rank_scores, round_scores, scores_from_matrix
from icttools.core.framework import Framework

__all__ = ["TARGET_DECIMALS", "INT_MIN", "Goal", "Assessment", "PlanProblem", "round_towards_better"]

#: Target values are written with this many decimals (rounded in the better direction).
TARGET_DECIMALS = 4

INT_MIN = np.iinfo(np.int64).min // 4


def round_towards_better(values: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Round to TARGET_DECIMALS, up where ``up`` else down (binary noise below 1e-10 ignored)."""
    s = 10.0 ** TARGET_DECIMALS
    v = np.round(np.asarray(values, dtype=float) * s, 6)
    return np.where(up, np.ceil(v), np.floor(v)) / s


# --- the model --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Goal:
    """Rank at most ``rank`` (``rival`` None) or rounded score above province row ``rival``."""

    rank: int | None = None
    rival: int | None = None


@dataclass
class Assessment:
    success: np.ndarray  # (B,) bool: the goal holds (verified)
    rank: np.ndarray  # (B,) rank of the province
    score: np.ndarray  # (B,) rounded score of the province
    excess: np.ndarray  # (B,) unrounded score minus the lowest score that meets the goal
    competitor: np.ndarray  # (B,) row of the critical competitor
    threshold: np.ndarray  # (B,) the lowest unrounded score that meets the goal
    effort: np.ndarray  # (B,)
    targets: np.ndarray  # (B, I)
    scores: np.ndarray  # (B, P, Nn) unrounded


class PlanProblem:
    """Arrays and exact verification for one (moved data, province, feasibility) problem.

    Improvements ``u`` are in each indicator's unit, counted in its better direction:
    value = current + direction * u, with 0 <= u <= headroom; the headroom is 0 for a criterion
    whose lever is not in ``levers`` (the plan leaves it alone).
    """

    def __init__(self, X: np.ndarray, p: int, fw: Framework, feas: Feasibility,
                 levers: tuple[str, ...] = DEFAULT_LEVERS):
        self.fw, self.X, self.p = fw, X, p
        self.P, self.I = X.shape
        self.x0 = X[p].copy()
        self.d = fw.directions
        self.up = self.d > 0
        arr = feas.arrays()
        self.graph = relation_graph(fw)
        lo, hi = valid_ranges(fw)
        lo, hi = np.maximum(lo, self.graph.low), np.minimum(hi, self.graph.high)
        best = np.where(self.up, np.minimum(arr["best_value"], hi), np.maximum(arr["best_value"], lo))
        reach = np.where(self.up, np.minimum(best, self.x0 + arr["max_change"]),
                         np.maximum(best, self.x0 - arr["max_change"]))
        self.levers = tuple(levers)
        self.movable = np.isin(feas.levers(), self.levers)
        self.headroom = np.where(self.movable, np.maximum(0.0, self.d * (reach - self.x0)), 0.0)
        # the values a closed plan may take: [lower, upper] (the reach rounded inwards)
        inward = round_towards_better(self.x0 + self.d * self.headroom, ~self.up)
        far = np.where(self.d * (inward - self.x0) > 0, inward, self.x0)
        self.lower, self.upper = np.minimum(self.x0, far), np.maximum(self.x0, far)
        self.rel_A, self.rel_b = self.graph.lp_rows(self.d, self.x0)
        self.unit_effort = arr["cost"] / arr["range"]
        self.span = np.array([i.range[1] - i.range[0] for i in fw.indicators], dtype=float)
        self.root = 0
        self.gpos = np.array([fw.node_ids.index(g) for g in fw.group_ids])
        self.others = np.delete(np.arange(self.P), p)
        self.dec = fw.method.rounding
        self.evaluations = 0
        self._rays: tuple | None = None

    # -- targets and verification --
    def targets(self, U: np.ndarray) -> np.ndarray:
        """Target values (B, I) for improvements U, rounded to 4 decimals in the better direction,
        never beyond the reachable bound and never worse than the current value, closed under
        the relations (the higher side of a pair raised to meet the lower, within its reach)."""
        U = np.clip(np.atleast_2d(U), 0.0, self.headroom)
        T = round_towards_better(self.x0 + self.d * U, self.up)
        reach = self.x0 + self.d * self.headroom
        inward = round_towards_better(reach, ~self.up)
        T = np.where(self.d * (T - reach) > 1e-12, inward, T)
        T = np.where((U <= 1e-10) | (self.d * (T - self.x0) <= 0), self.x0, T)
        return self.graph.close(T, self.x0, self.lower, self.upper)

    def alone(self, T: np.ndarray, indices: np.ndarray) -> np.ndarray:
        """For each index k: the current values with only criterion k set to ``T[k]`` (and what
        the relations imply), rows (len(indices), I)."""
        rows = np.repeat(self.x0[None], len(indices), axis=0)
        rows[np.arange(len(indices)), indices] = T[indices]
        return self.graph.close(rows, self.x0, self.lower, self.upper)

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

    def assess_scores(self, S: np.ndarray, goal: Goal) -> dict[str, np.ndarray]:
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
            req = np.full(B, INT_MIN)
        elif m.ranking == "competition":
            order = np.argsort(-root[:, o], axis=1, kind="stable")
            comp = o[order[:, goal.rank - 1]]
            req = Ri[rows, comp]
        else:  # dense: the K-th best distinct rounded score among the others
            srt = -np.sort(-Ri[:, o], axis=1)
            first = np.concatenate([np.ones((B, 1), bool), srt[:, 1:] != srt[:, :-1]], axis=1)
            hit = (np.cumsum(first, axis=1) == goal.rank) & first
            has = hit.any(axis=1)
            req = np.where(has, srt[rows, np.argmax(hit, axis=1)], INT_MIN)
            in_bin = Ri[:, o] == req[:, None]
            comp = o[np.where(has, np.argmax(np.where(in_bin, -root[:, o], -np.inf), axis=1),
                              np.argmin(root[:, o], axis=1))]
        threshold = np.where(req == INT_MIN, -np.inf, (req - 0.5) / 10.0 ** self.dec)
        rank = rank_scores(rounded[..., None], m.ranking)[:, self.p, 0]
        return dict(success=Ri[:, self.p] >= req, rank=rank, score=rounded[:, self.p],
                    excess=root[:, self.p] - threshold, competitor=comp, threshold=threshold)

    def assess(self, U: np.ndarray, goal: Goal) -> Assessment:
        """Verify improvements U (B, I): rounded targets, full recomputation, the goal."""
        T = self.targets(U)
        S = self.scores(T)
        a = self.assess_scores(S, goal)
        return Assessment(effort=self.effort(T), targets=T, scores=S, **a)
