"""What the rank curves say: break-even values, places per step, the tornado summary, and how
they stand against the feasibility file (caps, yearly steps).

Read off the curves of :func:`icttools.analysis.sensitivity.rank_curves` (see that module for the
sweep and the definitions); every break-even value reported is verified by an independent
recomputation of the index. :func:`feasibility_flags` says which break-evens lie beyond the
feasible cap of their criterion (or push a relation-implied criterion beyond its own cap), and
:func:`places_per_year_step` gives the places one realistic year of effort buys.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from icttools.analysis.feasibility import Feasibility
from icttools.analysis.sensitivity import RankCurves, province_roots, ranks_from_roots
from icttools.core.engine import compute, round_scores
from icttools.core.errors import InputError

__all__ = ["break_even", "places_per_step", "places_per_year_step", "feasibility_flags", "tornado"]


def _verify(curves: RankCurves, indicator: str, value: float) -> int:
    """Overall rank by an independent ``compute`` of the data with the value (and the changes its
    relations imply) set."""
    data = curves.data.copy()
    data.loc[curves.province] = curves.rows(indicator, [value])[0]
    return compute(data, curves.framework).rank(curves.province)


def _round_towards(value: float, decimals: int, direction: int) -> float:
    """Round up (direction +1) or down (-1) to ``decimals`` decimals, ignoring binary noise."""
    scale = 10.0 ** decimals
    if direction > 0:
        return math.ceil(value * scale - 1e-6) / scale
    return math.floor(value * scale + 1e-6) / scale


def _stab_count(lo: np.ndarray, hi: np.ndarray) -> int:
    """Fewest distinct values that integers in the intervals ``[lo_i, hi_i]`` can take (greedy
    interval stabbing): a lower bound on the number of distinct rounded scores among them."""
    count, point = 0, -np.inf
    for k in np.argsort(hi, kind="stable"):
        if lo[k] > point:
            count += 1
            point = hi[k]
    return count


class _Search:
    """Exact smallest value reaching a rank, for one indicator of one :class:`RankCurves`.

    Success at a value ``x`` is ``rank(x) <= goal`` on the rounded, framework-ranked scores. The
    search walks the sweep from the current value in the improving direction over intervals
    between evaluated points; an interval is opened only if the goal *could* hold inside it: every
    score there lies between its values at the ends, widened by twice its distance from the chord
    at the midpoint (which bounds the curvature of a smooth score and a single kink), and the
    rounded scores of the others, at their lowest, leave room for the province's, at its highest.
    Open intervals are cut in 16 until they are a few units of the last decimal wide, whose
    points are then all evaluated. Every score is recomputed in full (batched: the first level of
    every indicator in one call, then one call per refined interval); evaluated points are
    cached, so the goals of one indicator share them.
    """

    PARTS = 16

    def __init__(self, curves: RankCurves, indicator: str, decimals: int):
        self.c, self.iid, self.dec = curves, indicator, decimals
        self.fw = curves.framework
        self.p = curves.row
        self.d = self.fw.indicator(indicator).direction
        self.x0 = float(curves.current[indicator])
        self.cache: dict[float, np.ndarray] = dict(zip(map(float, curves.values[indicator]),
                                                       curves.roots[indicator]))
        self.others = np.delete(np.arange(len(curves.data)), self.p)
        self.scale = 10.0 ** self.fw.method.rounding
        self.evaluations = 0

    def roots(self, xs: np.ndarray) -> np.ndarray:
        xs = [float(x) for x in xs]
        todo = sorted({x for x in xs if x not in self.cache})
        if todo:
            got = self.c.roots_at(self.iid, todo)
            self.evaluations += len(todo)
            self.cache.update(zip(todo, got))
        return np.array([self.cache[x] for x in xs])

    def _int_scores(self, roots: np.ndarray) -> np.ndarray:
        return np.rint(round_scores(roots, self.fw.method.rounding) * self.scale)

    def success(self, roots: np.ndarray, goal: int) -> np.ndarray:
        return ranks_from_roots(roots, self.fw, self.p) <= goal

    def could(self, fa: np.ndarray, fm: np.ndarray, fb: np.ndarray, goal: int) -> np.ndarray:
        """Whether the goal may hold somewhere inside each interval (rows of scores at the ends
        and the midpoint)."""
        delta = 2.0 * np.abs(fm - 0.5 * (fa + fb)) + 1e-12
        low = self._int_scores(np.minimum(fa, fb) - delta)
        high = self._int_scores(np.maximum(fa, fb) + delta)
        p, o = self.p, self.others
        if self.fw.method.ranking == "competition":
            return 1 + (low[:, o] > high[:, p:p + 1]).sum(axis=1) <= goal
        out = []
        for k in range(len(fa)):  # dense: the fewest distinct scores certainly above the province's
            above = low[k, o] > high[k, p]
            out.append(1 + _stab_count(low[k, o][above], high[k, o][above]) <= goal)
        return np.array(out, dtype=bool)

    def last_decimal_points(self, a: float, b: float) -> np.ndarray:
        """The ``decimals``-decimal values in (a, b] in walk order (a excluded)."""
        s = 10.0 ** self.dec
        if self.d > 0:
            k0, k1 = math.floor(a * s + 1e-6) + 1, math.floor(b * s + 1e-6)
            return np.round(np.arange(k0, k1 + 1) / s, self.dec)
        k0, k1 = math.ceil(a * s - 1e-6) - 1, math.ceil(b * s - 1e-6)
        return np.round(np.arange(k0, k1 - 1, -1) / s, self.dec)

    def level0(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The first intervals: between consecutive curve points on the improving side, from the
        current value (ends and midpoints, walk order)."""
        vals = self.c.values[self.iid]
        side = vals[vals >= self.x0] if self.d > 0 else vals[vals <= self.x0][::-1]
        pts = np.concatenate([[self.x0], side[side != self.x0]])
        return pts[:-1], 0.5 * (pts[:-1] + pts[1:]), pts[1:]

    def first(self, goal: int) -> float | None:
        """The first value (walk order, ``decimals`` decimals) where the goal holds, or None."""
        A, M, B = self.level0()
        return self._walk(A, M, B, goal) if len(A) else None

    def _walk(self, A: np.ndarray, M: np.ndarray, B: np.ndarray, goal: int) -> float | None:
        fa, fm, fb = self.roots(A), self.roots(M), self.roots(B)
        possible = self.could(fa, fm, fb, goal) | self.success(fm, goal) | self.success(fb, goal)
        width = 4 * 10.0 ** -self.dec * self.PARTS
        for k in np.flatnonzero(possible):  # in walk order: the first success wins
            a, b = float(A[k]), float(B[k])
            if abs(b - a) <= width:
                cand = self.last_decimal_points(a, b)
                if cand.size:
                    ok = np.flatnonzero(self.success(self.roots(cand), goal))
                    if ok.size:
                        return float(cand[ok[0]])
                continue
            cuts = np.linspace(a, b, self.PARTS + 1)
            halves = 0.5 * (cuts[:-1] + cuts[1:])
            self.roots(np.concatenate([cuts, halves]))  # one batch for the whole level
            found = self._walk(cuts[:-1], halves, cuts[1:], goal)
            if found is not None:
                return found
        return None


def break_even(curves: RankCurves, places: tuple[int, ...] = (1, 3, 5), target_rank: int = 10,
               decimals: int = 4, max_bisection: int = 60) -> pd.DataFrame:
    """Break-even values of each indicator: the smallest change that gains places.

    For each indicator and each goal (gain ``m`` places, i.e. rank ``<= current - m``; or reach
    ``target_rank``): the smallest value at ``decimals`` decimals, walking from the current value
    in the improving direction (upwards for higher-is-better indicators), at which the goal holds
    on the rounded, ranked scores -- with the changes the framework's relations imply when the
    curves carry them (:attr:`RankCurves.relations`). The search (:class:`_Search`) is exact up to
    its bound on how far a score can leave its chord inside an interval, and each value found is
    verified by :func:`icttools.core.engine.compute` on the data with that value set.

    Parameters
    ----------
    curves : RankCurves
    places : tuple of int, default (1, 3, 5)
    target_rank : int, default 10
    decimals : int, default 4
    max_bisection : int, default 60
        Kept for compatibility (the search refines by its own rule); unused.

    Returns
    -------
    DataFrame
        One row per (indicator, goal), indicators in framework order, goals ``"1"``, ``"3"``,
        ``"5"``, ``"target"``. Columns: ``indicator``, ``goal``, ``goal_rank``, ``value``
        (None = not reachable with this criterion and its implied changes alone, within the
        sweep), ``rank`` (the verified rank at ``value``), ``on_grid`` (the search found a
        value), ``verified`` (``value`` was confirmed by ``compute``; False with ``value`` None
        means a value found could not be confirmed and was dropped), ``implied`` (``{indicator:
        value}`` the relations move with it; empty when none). A goal already met (target rank
        when the province is already in the top ``target_rank``) gives the current value.
    """
    fw = curves.framework
    n = len(curves.data)
    if isinstance(target_rank, bool) or not isinstance(target_rank, (int, np.integer)) or not 1 <= target_rank <= n:
        raise InputError(f"target_rank must be an integer from 1 to {n}, got {target_rank!r}")
    for m in places:
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
            raise InputError(f"places must be positive integers, got {places!r}")
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or not 0 <= decimals <= 10:
        raise InputError(f"decimals must be an integer 0–10, got {decimals!r}")
    goals = [(str(m), curves.current_rank - int(m)) for m in places] + [("target", int(target_rank))]

    searches = {iid: _Search(curves, iid, int(decimals)) for iid in fw.indicator_ids} if curves.roots else {}
    if searches:  # every first-level midpoint of every indicator in one batch
        mids = {iid: se.level0()[1] for iid, se in searches.items()}
        rows_all = np.concatenate([curves.rows(iid, m) for iid, m in mids.items()])
        roots_all = province_roots(curves.data.to_numpy(dtype=float), fw, curves.row, rows_all)
        at = 0
        for iid, m in mids.items():
            searches[iid].cache.update(zip(map(float, m), roots_all[at:at + len(m)]))
            at += len(m)
    rows = []
    for iid in fw.indicator_ids:
        x = float(curves.current[iid])
        for key, goal in goals:
            row = {"indicator": iid, "goal": key, "goal_rank": goal, "value": None, "rank": None,
                   "on_grid": False, "verified": False, "implied": {}}
            rows.append(row)
            if goal < 1:
                continue
            if curves.current_rank <= goal:
                row.update(value=x, rank=curves.current_rank, on_grid=True, verified=True)
                continue
            if not searches:  # curves built without scores: nothing to search on
                continue
            found = searches[iid].first(goal)
            if found is None:
                continue
            row["on_grid"] = True
            got = _verify(curves, iid, found)
            if got <= goal:
                row.update(value=float(found), rank=int(got), verified=True,
                           implied={k: round(v, int(decimals)) for k, v in curves.implied(iid, found).items()})
    out = pd.DataFrame(rows, columns=["indicator", "goal", "goal_rank", "value", "rank", "on_grid",
                                      "verified", "implied"])
    out["value"] = out["value"].astype(float)
    out["rank"] = out["rank"].astype("Int64")
    return out


def places_per_step(curves: RankCurves) -> pd.Series:
    """Places gained moving from the current value by ``step_fraction`` (10 %) of the sweep range,
    in the improving direction, capped at the sweep end (read off the curve, exact).

    Returns
    -------
    Series (I) of int, framework order; positive = places gained.
    """
    out = {}
    for iid in curves.indicator_ids:
        out[iid] = curves.current_rank - curves.rank_at(iid, curves.step_value(iid, +1))
    return pd.Series(out, name="places_per_step", dtype=int)


def places_per_year_step(curves: RankCurves, feasibility: Feasibility) -> pd.DataFrame:
    """Places gained by one realistic year of effort on each criterion.

    The step is the feasibility file's ``max_change`` (the largest change in one year), in the
    improving direction, stopped at the feasible cap (``max_value``/``min_value``; no step when the
    value is already there), with the changes the relations imply; fully recomputed.

    Returns
    -------
    DataFrame
        Indexed by indicator (framework order); columns ``step_value`` (the value after the
        step), ``step`` (its size) and ``places`` (positive = places gained).
    """
    fw = curves.framework
    feasibility.check_framework(fw)
    values, rows = [], []
    for iid in curves.indicator_ids:
        e = feasibility.get(iid)
        d = fw.indicator(iid).direction
        x = float(curves.current[iid])
        v = x + d * e.max_change
        v = min(v, max(e.best_value, x)) if d > 0 else max(v, min(e.best_value, x))
        values.append(v)
        rows.append(curves.rows(iid, [v])[0])
    roots = province_roots(curves.data.to_numpy(dtype=float), fw, curves.row, np.array(rows))
    ranks = ranks_from_roots(roots, fw, curves.row)
    cur = curves.current.reindex(curves.indicator_ids).to_numpy(dtype=float)
    return pd.DataFrame({"step_value": values, "step": np.abs(np.array(values) - cur),
                         "places": (curves.current_rank - ranks).astype(int)},
                        index=pd.Index(curves.indicator_ids, name="indicator"))


def feasibility_flags(breakeven: pd.DataFrame, curves: RankCurves, feasibility: Feasibility,
                      tolerance: float = 1e-9) -> pd.DataFrame:
    """Which break-even values lie beyond what the feasibility file calls reachable.

    A break-even is *beyond the cap* when its value passes the criterion's feasible cap
    (``max_value`` for a higher-is-better criterion, ``min_value`` otherwise), or when a change it
    implies through a relation passes the cap of that other criterion.

    Returns
    -------
    DataFrame
        Indexed by indicator (framework order); columns ``cap`` (float) and ``beyond_cap`` (list
        of the goal keys, in the order of ``breakeven``, whose value is beyond a cap).
    """
    fw = curves.framework
    feasibility.check_framework(fw)

    def beyond(iid: str, value: float) -> bool:
        d = fw.indicator(iid).direction
        return d * (value - feasibility.get(iid).best_value) > tolerance

    out = {iid: [] for iid in curves.indicator_ids}
    for r in breakeven.itertuples(index=False):
        if r.value is None or pd.isna(r.value) or r.goal in out[r.indicator]:
            continue
        if float(r.value) == float(curves.current[r.indicator]):
            continue  # already met: no change, nothing to reach
        implied = r.implied if isinstance(r.implied, dict) else {}
        if beyond(r.indicator, float(r.value)) or any(beyond(k, v) for k, v in implied.items()):
            out[r.indicator].append(str(r.goal))
    return pd.DataFrame({"cap": [feasibility.get(i).best_value for i in curves.indicator_ids],
                         "beyond_cap": [out[i] for i in curves.indicator_ids]},
                        index=pd.Index(curves.indicator_ids, name="indicator"))


def tornado(curves: RankCurves, local: bool = False) -> pd.DataFrame:
    """Rank at the two ends of each sweep (or at the current value ± ``step_fraction`` of the range).

    Parameters
    ----------
    curves : RankCurves
    local : bool, default False
        False: the sweep ends ``lo`` and ``hi``. True: the current value ∓ 10 % of the range
        (clipped to the sweep).

    Returns
    -------
    DataFrame
        Indexed by indicator; columns ``low``, ``high`` (values), ``rank_low``, ``rank_high``,
        ``swing`` (``|rank_low - rank_high|``); sorted by swing (largest first), ties in
        framework order.
    """
    rows = []
    for k, iid in enumerate(curves.indicator_ids):
        if local:
            v_lo = min(curves.step_value(iid, -1), curves.step_value(iid, +1))
            v_hi = max(curves.step_value(iid, -1), curves.step_value(iid, +1))
        else:
            v_lo, v_hi = float(curves.sweep.at[iid, "lo"]), float(curves.sweep.at[iid, "hi"])
        r_lo, r_hi = curves.rank_at(iid, v_lo), curves.rank_at(iid, v_hi)
        rows.append({"indicator": iid, "low": v_lo, "high": v_hi, "rank_low": r_lo, "rank_high": r_hi,
                     "swing": abs(r_lo - r_hi), "_order": k})
    df = pd.DataFrame(rows).sort_values(["swing", "_order"], ascending=[False, True], kind="stable")
    return df.drop(columns="_order").set_index("indicator")
