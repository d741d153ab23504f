"""Step 3 of the SYNTHETIC demo data: indicator values whose sub-index scores are the calibrated ones.

For each sub-index (group) of a year, a plausible prior table ``x0`` is drawn: each indicator is
a z-score correlated with the calibrated sub-index score and with a persistent province x
indicator effect (so that profiles persist from year to year), mapped to values with the prior's
mean and sd strictly inside its plausible bounds; a province with a rank band of the plan starts
at a rank inside its band. The values are then moved as little as possible (a convex
piecewise-linear distance in units of the indicator's sd) so that, exactly:

* the weighted sum of the indicators' z-scores is an increasing affine function of the calibrated
  score, which makes the engine's ``zscore-minmax`` sub-index equal to it;
* every column keeps the spread (sd) of its prior, the non-linear part: the programme is solved as
  a sequence of linear programmes with the variance linearised and a shrinking trust region, until
  the spreads are exact (relative error < 1e-12);
* the relations of the framework hold in every province with a small visible gap (online services
  level 1 > 2 > 3 > 4, information-security staff < IT staff), values stay in plausible bounds,
  published values are used as they are, the plan's rank bands hold (a fixed set of provinces
  above the province, chosen from the prior order), and values move in the stated direction
  against the year before by a visible step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from icttools.core.framework import Framework
from icttools.ingest.demo.priors import ANCHOR_YEAR, PRIORS, decimals_of
from icttools.ingest.demo.programme import Programme

__all__ = ["YearTargets", "invert_year", "relation_decimals", "prior_values", "DIRECTION_STEP"]

NOISE_SHARE = 0.3  # yearly part of a province x indicator effect (the rest persists)
LOADING = (0.7, 0.9)  # range of the correlation of an indicator with its sub-index in the prior
# Smallest differences, in units of the indicator's sd, so that no value sits exactly on another
# because a constraint binds: around a banded province's value (no other province within it),
# between the two sides of a relation (level 2 is a little below level 1), and of a stated change
# from one year to the next (a rise is a visible rise).
BAND_GAP = (0.03, 0.3)  # drawn per province: the provinces next to the banded one do not coincide
RELATION_GAP = 0.1
DIRECTION_STEP = 0.15
SPREAD_TOLERANCE = 1e-12
MAX_ITERATIONS = 60
TRUST_START = 2.0  # first trust region, in sd units


@dataclass
class YearTargets:
    """What one year's values must satisfy beyond the sub-index scores (keys use row positions).

    Attributes
    ----------
    pins : dict
        ``(row, indicator) -> value`` used as it is (published values).
    bands : list
        ``(row, indicator, rank_min, rank_max)``: the rank of the row's value among all rows
        (1 = best) lies in the band (NaN: open side).
    limits : dict
        ``(row, indicator) -> (low, high)``: bounds for a stated direction against another year.
    """

    pins: dict[tuple[int, str], float] = field(default_factory=dict)
    bands: list[tuple[int, str, float, float]] = field(default_factory=list)
    limits: dict[tuple[int, str], tuple[float, float]] = field(default_factory=dict)


def relation_decimals(fw: Framework) -> dict[str, int]:
    """Decimals per indicator; indicators tied by a relation share the largest, so that rounding
    (monotone at equal decimals) cannot break the relation."""
    dec = {i: decimals_of(i) for i in fw.indicator_ids}
    for rel in fw.relations:
        if rel.kind in ("order", "le"):
            top = max(dec[i] for i in rel.indicators)
            for i in rel.indicators:
                dec[i] = top
    return dec


def _standardise(v: np.ndarray) -> np.ndarray:
    return (v - v.mean(axis=0)) / v.std(axis=0)


def _band_sets(x0: np.ndarray, score: np.ndarray, p: int, bands: dict[int, tuple[float, float]],
               sign: np.ndarray) -> dict[int, set[int]]:
    """For each banded column j of a group, the rows placed better than row ``p``.

    Each column keeps the prior rank of ``p`` moved into its band, and the rows best in the
    prior. When every column of the group is banded, the choice must agree with the scores: a row
    scoring above ``p`` is better on one column at least, a row scoring below is worse on one
    column at least (otherwise no values can give both orders). A small integer programme makes
    that choice as close to the prior order as it can.
    """
    P, k = x0.shape
    others = [q for q in range(P) if q != p]
    size, position = {}, {}
    for j, (rmin, rmax) in bands.items():
        col = sign[j] * x0[:, j]
        r0 = 1 + int(np.sum(col > col[p]))
        lo = 1 if np.isnan(rmin) else int(rmin)
        hi = P if np.isnan(rmax) else int(rmax)
        size[j] = min(max(r0, lo), hi) - 1
        order = [q for q in np.argsort(-col, kind="stable") if q != p]
        position[j] = {q: i for i, q in enumerate(order)}
    lp = Programme()
    a = {j: dict(zip(others, lp.add_vars(P - 1, cost=[position[j][q] for q in others], upper=1.0,
                                         integer=True))) for j in bands}
    for j in bands:
        lp.add_row({int(v): 1.0 for v in a[j].values()}, lo=size[j], hi=size[j])
    if len(bands) == k:
        for q in others:
            row = {int(a[j][q]): 1.0 for j in bands}
            if score[q] > score[p]:
                lp.add_row(row, lo=1.0)
            elif score[q] < score[p]:
                lp.add_row(row, hi=k - 1.0)
    x = lp.solve("rank bands")
    return {j: {q for q in others if x[a[j][q]] > 0.5} for j in bands}


def _invert_group(fw: Framework, gid: str, score: np.ndarray, year: int, x0: np.ndarray,
                  targets: YearTargets, decimals: dict[str, int], rng: np.random.Generator) -> np.ndarray:
    """Values (P, k) of one group's indicators, close to ``x0`` and with its spreads; see the
    module docstring."""
    ids = list(fw.node(gid).indicators)
    P, k = x0.shape
    inds = [fw.indicator(i) for i in ids]
    sd = x0.std(axis=0)
    lo, hi = _bounds(fw, ids)
    sign = np.array([float(ind.direction) for ind in inds])
    w = np.array([ind.weight for ind in inds])
    lower = np.broadcast_to(lo, (P, k)).copy()
    upper = np.broadcast_to(hi, (P, k)).copy()
    for (p, iid), v in targets.pins.items():
        if iid in ids:
            lower[p, ids.index(iid)] = upper[p, ids.index(iid)] = v
    for (p, iid), (a, b) in targets.limits.items():
        if iid in ids:
            j = ids.index(iid)
            lower[p, j], upper[p, j] = max(lower[p, j], a), min(upper[p, j], b)
    if np.any(lower > upper):
        raise RuntimeError(f"demo inversion {year} {gid}: contradictory bounds")
    x0 = np.clip(x0, lower, upper)

    lp = Programme()
    X = lp.add_vars(P * k, lower=lower.ravel(), upper=upper.ravel()).reshape(P, k)
    a, b = lp.add_vars(2, lower=np.array([-np.inf, 1e-3]))
    lp.add_distance(X, x0, sd)
    # sum_j w_j d_j x_j / sd_j = a + b S: the group's z-score mean is affine in the score
    for p in range(P):
        lp.add_row({**{int(X[p, j]): w[j] * sign[j] / sd[j] for j in range(k)}, int(a): -1.0,
                    int(b): -float(score[p])}, 0.0, 0.0)
    for rel in fw.relations:  # a >= b for each pair inside the group
        for top, low in rel.pairs():
            if top in ids and low in ids:
                jt, jl = ids.index(top), ids.index(low)
                gap = RELATION_GAP * min(sd[jt], sd[jl])
                for p in range(P):
                    lp.add_row({int(X[p, jt]): 1.0, int(X[p, jl]): -1.0}, lo=gap)
            elif top in ids or low in ids:
                raise NotImplementedError(f"demo inversion: relation {rel.id} spans two groups")
    banded: dict[int, dict[int, tuple[float, float]]] = {}
    for p, iid, rmin, rmax in targets.bands:
        if iid in ids:
            banded.setdefault(p, {})[ids.index(iid)] = (rmin, rmax)
    for p, bands in sorted(banded.items()):
        for j, above in _band_sets(x0, score, p, bands, sign).items():
            gaps = np.maximum(2 * 10.0 ** -decimals[ids[j]], rng.uniform(*BAND_GAP, P) * sd[j])
            for q in range(P):
                gap = float(gaps[q])  # strict, even after rounding
                if q != p:
                    row = {int(X[q, j]): sign[j], int(X[p, j]): -sign[j]}
                    if q in above:
                        lp.add_row(row, lo=gap)
                    else:
                        lp.add_row(row, hi=-gap)
    spread_rows = []
    for j in range(k):
        spread_rows.append(len(lp.rows))
        lp.add_row({}, 0.0, 0.0)

    x, delta = x0.copy(), TRUST_START
    for it in range(MAX_ITERATIONS):
        d = x - x.mean(axis=0)
        var = (d ** 2).mean(axis=0)
        for j in range(k):  # var(x_j) = sd_j^2, linearised at x
            rhs = sd[j] ** 2 - var[j] + 2.0 / P * float(d[:, j] @ x[:, j])
            lp.rows[spread_rows[j]] = {int(X[p, j]): 2.0 / P * d[p, j] for p in range(P)}
            lp.row_lo[spread_rows[j]] = lp.row_hi[spread_rows[j]] = rhs
        box_lo = np.maximum(lower, x - delta * sd)
        box_hi = np.minimum(upper, x + delta * sd)
        for j in range(k):
            for p in range(P):
                lp.lower[int(X[p, j])], lp.upper[int(X[p, j])] = box_lo[p, j], box_hi[p, j]
        sol = lp.solve(f"inversion {year} {gid}")
        new = sol[X]
        step = float(np.max(np.abs(new - x) / sd))
        x = new
        if np.max(np.abs(x.std(axis=0) / sd - 1)) < SPREAD_TOLERANCE:
            return x
        if it >= 3:  # after a few free steps, shrink the trust region: the linearisation converges
            delta = max(min(delta, step) * 0.5, 1e-9)
    raise RuntimeError(f"demo inversion {year} {gid}: the spreads did not converge")


def _place_in_bands(z0: np.ndarray, sign: np.ndarray, bands: list[tuple[int, int, float, float]]) -> None:
    """Move a banded province's prior z-score to its prior rank moved into the band (in place),
    so that the prior already agrees with the band and few other values need to move."""
    P = len(z0)
    for p, j, rmin, rmax in bands:
        col = sign[j] * z0[:, j]
        others = np.sort(np.delete(col, p))[::-1]
        r0 = 1 + int(np.sum(others > col[p]))
        lo = 1 if np.isnan(rmin) else int(rmin)
        hi = P if np.isnan(rmax) else int(rmax)
        r = min(max(r0, lo), hi)
        if r == r0:
            continue
        above = others[r - 2] if r >= 2 else others[0] + 0.2
        below = others[r - 1] if r - 1 < len(others) else others[-1] - 0.2
        z0[p, j] = sign[j] * 0.5 * (above + below)


def _bounds(fw: Framework, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Plausible bounds of each indicator: the prior's, within the framework's valid range."""
    lo = np.array([max(PRIORS[i].low, fw.indicator(i).range[0]) for i in ids])
    hi = np.array([min(PRIORS[i].high, fw.indicator(i).range[1]) for i in ids])
    return lo, hi


def prior_values(z: np.ndarray, mean: np.ndarray, sd: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Values with about the given mean and sd, strictly inside ``(lo, hi)``: a logistic map of
    the z-scores (no value is clipped onto a bound, so none pile up there)."""
    u = (mean - lo) / (hi - lo)
    slope = sd / (hi - lo) / (u * (1 - u))  # matches the sd near the mean
    return lo + (hi - lo) / (1 + np.exp(-(np.log(u / (1 - u)) + slope * z)))


def invert_year(fw: Framework, S: np.ndarray, year: int, seed: int, targets: YearTargets) -> dict[str, np.ndarray]:
    """Indicator values of one year (unrounded), indicator id -> (P,) array.

    Parameters
    ----------
    S : ndarray (P, G)
        Calibrated sub-index scores of the year.
    seed : int
        The generator's seed: the persistent effects are drawn from it (the same every year), the
        yearly ones from (seed, year).
    """
    P = S.shape[0]
    ids = fw.indicator_ids
    persistent = np.random.default_rng([seed, 1]).standard_normal((P, len(ids)))
    loading = np.random.default_rng([seed, 2]).uniform(*LOADING, len(ids))
    yearly = np.random.default_rng([seed, year, 1]).standard_normal((P, len(ids)))
    effect = _standardise(persistent + NOISE_SHARE * yearly)
    decimals = relation_decimals(fw)
    out: dict[str, np.ndarray] = {}
    for g, gid in enumerate(fw.group_ids):
        cols = [ids.index(i) for i in fw.node(gid).indicators]
        T = _standardise(S[:, g])
        rho = loading[cols]
        sign = np.array([fw.indicator(ids[c]).direction for c in cols], float)
        z0 = _standardise(sign * (rho * T[:, None] + np.sqrt(1 - rho ** 2) * effect[:, cols]))
        _place_in_bands(z0, sign, [(p, cols.index(ids.index(i)), lo, hi) for p, i, lo, hi in targets.bands
                                   if ids.index(i) in cols])
        mean = np.array([PRIORS[ids[c]].mean + PRIORS[ids[c]].drift * (year - ANCHOR_YEAR) for c in cols])
        sd = np.array([PRIORS[ids[c]].sd for c in cols])
        x0 = prior_values(z0, mean, sd, *_bounds(fw, [ids[c] for c in cols]))
        values = _invert_group(fw, gid, S[:, g], year, x0, targets, decimals,
                               np.random.default_rng([seed, year, 3, g]))
        for j, c in enumerate(cols):
            out[ids[c]] = values[:, j]
    return out
