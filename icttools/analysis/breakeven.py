"""What the rank curves say: break-even values, places per step, the tornado summary.

Read off the curves of :func:`icttools.analysis.sensitivity.rank_curves` (see that module for the
sweep and the definitions); every break-even value reported is verified by an independent
recomputation of the index.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from icttools.analysis.sensitivity import RankCurves, province_ranks
from icttools.core.engine import compute
from icttools.core.errors import InputError

__all__ = ["break_even", "places_per_step", "tornado"]


def _verify(curves: RankCurves, indicator: str, value: float) -> int:
    """Overall rank by an independent ``compute`` of the data with one value changed."""
    data = curves.data.copy()
    data.at[curves.province, indicator] = value
    return compute(data, curves.framework).rank(curves.province)


def _round_towards(value: float, decimals: int, direction: int) -> float:
    """Round up (direction +1) or down (-1) to ``decimals`` decimals, ignoring binary noise."""
    scale = 10.0 ** decimals
    if direction > 0:
        return math.ceil(value * scale - 1e-6) / scale
    return math.floor(value * scale + 1e-6) / scale


def break_even(curves: RankCurves, places: tuple[int, ...] = (1, 3, 5), target_rank: int = 10,
               decimals: int = 4, max_bisection: int = 60) -> pd.DataFrame:
    """Break-even values of each indicator: the smallest change that gains places.

    For each indicator and each goal (gain ``m`` places, i.e. rank ``<= current - m``; or reach
    ``target_rank``), the curve is walked from the current value in the improving direction
    (upwards for higher-is-better indicators). The first grid point that reaches the goal and
    the last one before it that does not are refined by bisection (batched recomputation), the
    crossing is rounded *up* (in the improving direction) to ``decimals`` decimals and the
    rounded value is verified by :func:`icttools.core.engine.compute` with that single value
    changed. If the rounded value fails (a non-monotone pocket), up to three further rounding
    steps and then the grid point itself are tried.

    Parameters
    ----------
    curves : RankCurves
    places : tuple of int, default (1, 3, 5)
    target_rank : int, default 10
    decimals : int, default 4
    max_bisection : int, default 60

    Returns
    -------
    DataFrame
        One row per (indicator, goal), indicators in framework order, goals ``"1"``, ``"3"``,
        ``"5"``, ``"target"``. Columns: ``indicator``, ``goal``, ``goal_rank``, ``value``
        (None = not reachable with this criterion alone, within the sweep), ``rank`` (the
        verified rank at ``value``), ``on_grid`` (a crossing was seen on the curve),
        ``verified`` (``value`` was confirmed by ``compute``; False with ``value`` None means a
        crossing seen on the curve could not be confirmed and was dropped). A goal already met
        (target rank when the province is already in the top ``target_rank``) gives the
        current value.
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

    rows = []
    brackets = []  # (row index, indicator, a (fails), b (succeeds))
    for iid in fw.indicator_ids:
        d = fw.indicator(iid).direction
        x = float(curves.current[iid])
        vals, ranks = curves.values[iid], curves.ranks[iid]
        side = vals >= x if d > 0 else vals <= x
        order = np.flatnonzero(side)
        order = order if d > 0 else order[::-1]  # walk away from the current value
        sv, sr = vals[order], ranks[order]
        for key, goal in goals:
            row = {"indicator": iid, "goal": key, "goal_rank": goal, "value": None, "rank": None,
                   "on_grid": False, "verified": False}
            rows.append(row)
            if goal < 1:
                continue
            if curves.current_rank <= goal:
                row.update(value=x, rank=curves.current_rank, on_grid=True, verified=True)
                continue
            hit = np.flatnonzero(sr <= goal)
            if hit.size == 0:
                continue
            j = int(hit[0])
            row["on_grid"] = True
            brackets.append([len(rows) - 1, iid, float(sv[j - 1]), float(sv[j])])

    # batched bisection over all brackets at once
    if brackets:
        p = list(curves.data.index).index(curves.province)
        X0 = curves.data.to_numpy()
        col_of = {iid: k for k, iid in enumerate(fw.indicator_ids)}
        cols = np.array([col_of[b[1]] for b in brackets])
        goal_of = np.array([rows[b[0]]["goal_rank"] for b in brackets])
        a = np.array([b[2] for b in brackets])
        b_ = np.array([b[3] for b in brackets])
        tol = 10.0 ** (-decimals - 2)
        for _ in range(max_bisection):
            active = np.abs(b_ - a) > tol
            if not active.any():
                break
            mid = 0.5 * (a + b_)
            r = province_ranks(X0, fw, p, cols[active], mid[active])
            ok = r <= goal_of[active]
            idx = np.flatnonzero(active)
            b_[idx[ok]] = mid[active][ok]
            a[idx[~ok]] = mid[active][~ok]
        for k, (ri, iid, _a0, grid_b) in enumerate(brackets):
            d = fw.indicator(iid).direction
            goal = goal_of[k]
            first = _round_towards(float(b_[k]), decimals, d)
            step = d * 10.0 ** (-decimals)
            candidates = [round(first + t * step, decimals) for t in range(4)]
            below = _round_towards(float(b_[k]), decimals, -d)  # the crossing may sit on the grid
            if d * (below - a[k]) > 0 and below != first:
                candidates.insert(0, below)
            candidates.append(_round_towards(grid_b, decimals, d))
            for cand in candidates:
                got = _verify(curves, iid, cand)
                if got <= goal:
                    rows[ri].update(value=float(cand), rank=int(got), verified=True)
                    break
    out = pd.DataFrame(rows, columns=["indicator", "goal", "goal_rank", "value", "rank", "on_grid",
                                      "verified"])
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
