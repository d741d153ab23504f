"""SYNTHETIC demo data: a seeded generator calibrated to every published ICT Index figure.

The real 63 × 30 criteria table is not public. This generator makes a plausible one per year that
reproduces, under the default method, every published figure of that year in
``data/raw/published/`` (ranks exactly, scores at the published decimals), and uses Hà Giang's
published 2018 indicator values as they are.

How (three steps, all seeded):

1. *Prior.* A latent development level per province (urban share of the 2019 census population,
   the five centrally-run cities, the region) plus persistent province × sub-index effects and a
   small yearly innovation give plausible sub-index scores ``S0`` (63 × 6).
2. *Calibration.* A linear programme finds sub-index scores ``S`` as close as possible to ``S0``
   (weighted L1) such that every published rank and score holds with a safety margin, and each
   sub-index has its best province at exactly 1 and its worst at exactly 0 (as min–max rescaling
   implies). Components and the overall score are linear in ``S``, so all constraints are linear.
3. *Inversion.* For each sub-index, indicator z-scores are built whose weighted mean is an exact
   increasing affine function of ``S`` (most indicators load on ``S`` with noise; the last two are
   solved in closed form). Values are ``mean + sd × z`` with plausible means and spreads per year,
   kept inside plausible bounds, and pinned to published values where they exist.

The result is verified by recomputation with :func:`icttools.core.engine.compute` and
:func:`icttools.ingest.published.check_published`; the generator refuses to write data that fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from icttools.core.engine import compute, node_scores
from icttools.core.framework import Framework, load_framework
from icttools.core.provinces import load_provinces
from icttools.ingest.published import check_published, load_published, load_published_indicators

__all__ = ["DEMO_YEARS", "DEMO_SEED", "DATA_SOURCE_LABEL", "generate_year", "write_demo_year",
           "IndicatorPrior", "PRIORS"]

DEMO_YEARS = (2017, 2018, 2019)
DEMO_SEED = 20190418  # the date of plan 126/KH-UBND; any fixed number would do
DATA_SOURCE_LABEL = "SYNTHETIC demo data (icttools demo; calibrated to published figures)"

# Margins that keep calibrated orders and values safe from the rounding of the written values.
RANK_MARGIN = 0.0004
VALUE_SLACK_4DP = 0.00001


@dataclass(frozen=True)
class IndicatorPrior:
    """Plausible distribution of one indicator across provinces in 2018, and its yearly drift."""

    mean: float
    sd: float
    low: float
    high: float
    drift: float  # change of the mean per year


# Plausible values for Vietnam around 2017–2019 (orders of magnitude from MIC/GSO statistics of
# the period; these are modelling assumptions for synthetic data, not published figures).
PRIORS: dict[str, IndicatorPrior] = {
    "fixed_phones_per100": IndicatorPrior(3.0, 1.5, 0.4, 14.0, -0.3),
    "mobile_phones_per100": IndicatorPrior(125.0, 17.0, 85.0, 185.0, 5.0),
    "internet_subs_per100": IndicatorPrior(60.0, 14.0, 22.0, 120.0, 5.5),
    "fixed_broadband_per100": IndicatorPrior(12.0, 5.0, 2.0, 35.0, 2.0),
    "wireless_broadband_per100": IndicatorPrior(55.0, 12.0, 20.0, 110.0, 7.0),
    "households_computer_pct": IndicatorPrior(22.0, 9.0, 4.0, 60.0, 2.0),
    "households_broadband_pct": IndicatorPrior(30.0, 11.0, 5.0, 75.0, 5.0),
    "enterprises_broadband_pct": IndicatorPrior(80.0, 8.0, 50.0, 99.0, 3.0),
    "computers_per_staff": IndicatorPrior(0.95, 0.12, 0.5, 1.5, 0.03),
    "computers_internet_pct": IndicatorPrior(93.0, 4.0, 70.0, 100.0, 2.0),
    "bandwidth_per_staff": IndicatorPrior(1.6, 0.7, 0.1, 6.0, 0.35),
    "infosec_solutions": IndicatorPrior(60.0, 14.0, 15.0, 98.0, 5.0),
    "adult_literacy_pct": IndicatorPrior(94.0, 3.5, 78.0, 99.6, 0.2),
    "school_enrollment_pct": IndicatorPrior(92.0, 3.5, 78.0, 99.8, 0.3),
    "schools_teaching_it_pct": IndicatorPrior(75.0, 13.0, 30.0, 100.0, 3.0),
    "colleges_it_major_pct": IndicatorPrior(45.0, 18.0, 0.0, 100.0, 1.0),
    "it_staff_pct": IndicatorPrior(2.6, 0.7, 0.6, 6.0, 0.15),  # dedicated IT staff >= infosec staff (plan 126, II.2.2)
    "it_staff_degree_pct": IndicatorPrior(70.0, 11.0, 30.0, 100.0, 2.0),
    "infosec_staff_pct": IndicatorPrior(1.9, 0.6, 0.05, 5.0, 0.2),
    "staff_trained_oss_pct": IndicatorPrior(20.0, 8.0, 2.0, 60.0, 2.0),
    "staff_trained_infosec_pct": IndicatorPrior(10.0, 4.5, 0.5, 35.0, 2.0),
    "email_use": IndicatorPrior(70.0, 13.0, 20.0, 100.0, 5.0),
    "basic_apps": IndicatorPrior(60.0, 14.0, 15.0, 100.0, 5.0),
    "sector_databases": IndicatorPrior(45.0, 15.0, 5.0, 100.0, 5.0),
    "edocuments_use": IndicatorPrior(65.0, 14.0, 15.0, 100.0, 5.0),
    "oss_use": IndicatorPrior(50.0, 15.0, 5.0, 100.0, 3.0),
    "online_services_l1_pct": IndicatorPrior(85.0, 12.0, 30.0, 100.0, 4.0),
    "online_services_l2_pct": IndicatorPrior(60.0, 17.0, 10.0, 100.0, 5.0),
    "online_services_l3_pct": IndicatorPrior(35.0, 15.0, 0.5, 95.0, 8.0),
    "online_services_l4_pct": IndicatorPrior(14.0, 9.0, 0.0, 60.0, 4.0),
}

_REGION_EFFECT = {  # development prior by region (synthetic modelling choice)
    "Đông Nam Bộ": 0.35,
    "Đồng bằng sông Hồng": 0.30,
    "Bắc Trung Bộ và duyên hải miền Trung": 0.05,
    "Đồng bằng sông Cửu Long": -0.05,
    "Tây Nguyên": -0.25,
    "Trung du và miền núi phía Bắc": -0.30,
}


# --- step 1: the prior -----------------------------------------------------------------------

def _latent_development(provinces: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    urban = provinces["population_2019_urban"].to_numpy(float) / provinces["population_2019"].to_numpy(float)
    logit = np.log(urban / (1 - urban))
    d = (logit - logit.mean()) / logit.std()
    city = (provinces["unit_type"].str.startswith("thành phố")).to_numpy(float)
    region = provinces["region"].map(_REGION_EFFECT).fillna(0.0).to_numpy(float)
    return 0.6 * d + 0.6 * city + region + 0.45 * rng.standard_normal(len(d))


def _prior_scores(fw: Framework, years: tuple[int, ...], seed: int) -> dict[int, np.ndarray]:
    """Plausible sub-index scores per year (before calibration), shape (P, G)."""
    provinces = load_provinces()
    rng = np.random.default_rng(seed)
    dev = _latent_development(provinces, rng)
    P, G = len(provinces), len(fw.group_ids)
    loading = rng.uniform(0.55, 1.0, G)
    persistent = rng.standard_normal((P, G)) * 0.75
    trend = rng.standard_normal(P) * 0.15  # provinces that improve over the period
    out = {}
    for k, year in enumerate(sorted(years)):
        innov = rng.standard_normal((P, G)) * 0.35
        latent = loading * (dev + trend * (k - 1))[:, None] + persistent + innov
        s = 1 / (1 + np.exp(-0.8 * latent))
        lo, hi = s.min(axis=0), s.max(axis=0)
        out[year] = (s - lo) / (hi - lo)
    return out


# --- step 2: calibration ---------------------------------------------------------------------

def _linear_map(fw: Framework) -> np.ndarray:
    """A (Nn, G): node score = A @ group scores (the framework's arithmetic aggregation)."""
    eye = np.eye(len(fw.group_ids))
    return node_scores(eye, fw).T  # rows: nodes; columns: groups


def _target_order(values: np.ndarray, fixed_ranks: dict[int, int]) -> list[int]:
    """Province positions in rank order: fixed ones at their ranks, the rest by ``values``."""
    P = len(values)
    free = [p for p in np.argsort(-values, kind="stable") if p not in fixed_ranks]
    order: list[int | None] = [None] * P
    for p, r in fixed_ranks.items():
        if order[r - 1] is not None:
            raise ValueError(f"two published provinces share rank {r}")
        order[r - 1] = p
    it = iter(free)
    return [o if o is not None else next(it) for o in order]


def _above_sets(fw: Framework, prior_nodes: np.ndarray, rank_at: dict[tuple[int, str], int],
                root_order: list[int]) -> dict[tuple[int, str], set[int]]:
    """For every published (province, node, rank) below the root: which provinces are above.

    Chosen top-down so that the levels agree: a province above at a node is above at one of
    its children at least, and a province below is below at one child at least (when all
    children carry a published rank of the same province). Otherwise the prior order decides.
    """
    nid = fw.node_ids
    root = fw.root.id
    sets: dict[tuple[int, str], set[int]] = {}
    for p in sorted({p for (p, _) in rank_at}):
        if (p, root) in rank_at:
            pos = root_order.index(p)
            sets[(p, root)] = set(root_order[:pos])
        for node in fw.nodes:  # breadth-first: parents before children
            kids = [c for c in node.children if (p, c) in rank_at]
            if not kids:
                continue
            chosen: dict[str, set[int]] = {}
            forced_below: dict[str, set[int]] = {}
            capacity: dict[str, int] = {}
            for c in kids:
                r = rank_at[(p, c)]
                others = {q: rq for (q, nd), rq in rank_at.items() if nd == c and q != p}
                chosen[c] = {q for q, rq in others.items() if rq < r}
                forced_below[c] = {q for q, rq in others.items() if rq > r}
                capacity[c] = r - 1 - len(chosen[c])
                if capacity[c] < 0:
                    raise ValueError(f"published ranks at {c!r} are inconsistent")
            parent_set = sets.get((p, node.id))
            complete = parent_set is not None and len(kids) == len(node.children)
            by_prior = {c: [int(q) for q in np.argsort(-prior_nodes[:, nid.index(c)], kind="stable")
                            if q != p] for c in kids}
            if complete:
                # every province above at the parent must be above at one child
                for q in sorted(parent_set, key=lambda q: -prior_nodes[q, nid.index(node.id)]):
                    if any(q in chosen[c] for c in kids):
                        continue
                    options = sorted((c for c in kids if capacity[c] > 0 and q not in forced_below[c]),
                                     key=lambda c: by_prior[c].index(q))
                    if not options:
                        raise ValueError(f"cannot place province {q} above {p} at {node.id!r}")
                    chosen[options[0]].add(q)
                    capacity[options[0]] -= 1
            for c in kids:
                for q in by_prior[c]:
                    if capacity[c] == 0:
                        break
                    if q in chosen[c] or q in forced_below[c]:
                        continue
                    # a province below at the parent must not end up above at every child
                    if complete and q not in parent_set and all(q in chosen[o] for o in kids if o != c):
                        continue
                    chosen[c].add(q)
                    capacity[c] -= 1
                if capacity[c] != 0:
                    raise ValueError(f"not enough provinces to place above {p} at {c!r}")
                sets[(p, c)] = chosen[c]
    return {k: v for k, v in sets.items() if k[1] != root}


class _Programme:
    """A small sparse mixed-integer linear programme builder (rows as {column: coefficient})."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[dict[int, float]] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []

    def add_vars(self, n: int, cost: float | np.ndarray = 0.0, lower: float = 0.0, upper: float = np.inf,
                 integer: bool = False) -> np.ndarray:
        start = len(self.cost)
        self.cost += list(np.broadcast_to(np.asarray(cost, float), (n,)))
        self.lower += [lower] * n
        self.upper += [upper] * n
        self.integer += [integer] * n
        return np.arange(start, start + n)

    def add_row(self, coefs: dict[int, float], lo: float = -np.inf, hi: float = np.inf) -> None:
        self.rows.append(coefs)
        self.row_lo.append(lo)
        self.row_hi.append(hi)

    def solve(self) -> np.ndarray:
        from scipy.sparse import csr_array

        data, ri, ci = [], [], []
        for k, row in enumerate(self.rows):
            for col, v in row.items():
                if v != 0.0:
                    data.append(v), ri.append(k), ci.append(col)
        A = csr_array((data, (ri, ci)), shape=(len(self.rows), len(self.cost)))
        res = milp(np.array(self.cost), constraints=[LinearConstraint(A, self.row_lo, self.row_hi)],
                   integrality=np.array(self.integer, dtype=int),
                   bounds=Bounds(np.array(self.lower), np.array(self.upper)),
                   options={"disp": False, "mip_rel_gap": 1e-3, "time_limit": 300.0})
        if res.x is None or res.status not in (0,):
            raise RuntimeError(f"demo calibration failed: {res.message}")
        return res.x


def _calibrate(fw: Framework, S0: np.ndarray, constraints: pd.DataFrame, codes: list[str],
               rng: np.random.Generator) -> np.ndarray:
    """Sub-index scores (P, G) closest to ``S0`` that reproduce the published figures."""
    P, G = S0.shape
    A = _linear_map(fw)
    nid = fw.node_ids
    gpos = {g: k for k, g in enumerate(fw.group_ids)}
    cpos = {c: k for k, c in enumerate(codes)}
    root = fw.root.id
    constrained = {cpos[c] for c in constraints["gso_code"]}
    ranked = constraints.dropna(subset=["rank"])
    rank_at = {(cpos[r.gso_code], r.node): int(r.rank) for r in ranked.itertuples(index=False)}

    # move the prior of provinces with published sub-index figures to those figures, so that the
    # prior orders are nearly consistent and only a window of provinces needs a binary choice
    S0 = S0.copy()
    # give the published overall ranks their place in the prior: the prior's rows, sorted by
    # overall score, are dealt to the provinces in the target order (a province ranked 10th
    # gets the 10th best profile), so that the programme barely moves the overall order
    root_fixed0 = {p: r for (p, nd), r in rank_at.items() if nd == root}
    if root_fixed0:
        overall0 = S0 @ A[nid.index(root)]
        order0 = _target_order(overall0, root_fixed0)
        rows_sorted = S0[np.argsort(-overall0, kind="stable")]
        S0[order0] = rows_sorted
    for (p, node), r in rank_at.items():
        if node in gpos:
            g = gpos[node]
            others = np.sort(np.delete(S0[:, g], p))[::-1]
            hi = others[r - 2] if r >= 2 else 1.0
            lo = others[r - 1] if r - 1 < len(others) else 0.0
            S0[p, g] = 0.5 * (hi + lo)
    for rec in constraints.dropna(subset=["score"]).itertuples(index=False):
        if rec.node in gpos:
            S0[cpos[rec.gso_code], gpos[rec.node]] = float(rec.score)

    lp = _Programme()
    Svar = lp.add_vars(P * G, lower=0.0, upper=1.0).reshape(P, G)
    t = lp.add_vars(P * G, cost=1.0 + 0.05 * rng.uniform(size=P * G)).reshape(P, G)
    for p in range(P):  # t >= |S - S0|
        for g in range(G):
            lp.add_row({Svar[p, g]: 1.0, t[p, g]: -1.0}, hi=S0[p, g])
            lp.add_row({Svar[p, g]: -1.0, t[p, g]: -1.0}, hi=-S0[p, g])

    def node_expr(p: int, n: int, sign: float = 1.0) -> dict[int, float]:
        return {int(Svar[p, g]): sign * A[n, g] for g in range(G) if A[n, g] != 0}

    def diff_expr(q: int, p: int, n: int) -> dict[int, float]:
        """node(q) - node(p)"""
        out = node_expr(q, n)
        for k, v in node_expr(p, n, -1.0).items():
            out[k] = out.get(k, 0.0) + v
        return out

    scored = {(cpos[r.gso_code], nid.index(r.node)) for r in constraints.dropna(subset=["score"]).itertuples()}

    def margin_for(q: int, p: int | None = None, n: int | None = None) -> float:
        # spread the provinces a little, so that none pile up at a boundary; two provinces with
        # published scores at the node keep the minimum margin (their gap is set by the figures)
        if p is not None and (q, n) in scored and (p, n) in scored:
            return RANK_MARGIN
        return RANK_MARGIN + float(rng.uniform(0, 0.006))

    # published scores: a hard interval (rounds to the published figure) and a pull to its value
    for rec in constraints.dropna(subset=["score"]).itertuples(index=False):
        p, n, d = cpos[rec.gso_code], nid.index(rec.node), int(rec.decimals)
        half = 0.5 * 10.0 ** -d
        slack = VALUE_SLACK_4DP if d >= fw.method.rounding else 1e-4
        lp.add_row(node_expr(p, n), lo=rec.score - half + slack, hi=rec.score + half - slack)
        u = int(lp.add_vars(1, cost=50.0)[0])
        e = node_expr(p, n)
        lp.add_row({**e, u: -1.0}, hi=float(rec.score))
        lp.add_row({**{k: -v for k, v in e.items()}, u: -1.0}, hi=-float(rec.score))

    prior_nodes = S0 @ A.T
    pins: dict[int, int] = {}
    root_fixed = {p: r for (p, nd), r in rank_at.items() if nd == root}
    root_order = _target_order(prior_nodes[:, nid.index(root)], root_fixed)
    for p, r in root_fixed.items():  # the root follows one full order
        pos = root_order.index(p)
        for j, q in enumerate(root_order):
            if q != p:
                mg = margin_for(q, p, 0)
                if j < pos:
                    lp.add_row(diff_expr(p, q, 0), hi=-mg)
                else:
                    lp.add_row(diff_expr(q, p, 0), hi=-mg)
    for (p, node), above in sorted(_above_sets(fw, prior_nodes, rank_at, root_order).items()):
        n = nid.index(node)
        for q in range(P):
            if q == p:
                continue
            mg = margin_for(q, p, n)
            if q in above:
                lp.add_row(diff_expr(p, q, n), hi=-mg)
            else:
                lp.add_row(diff_expr(q, p, n), hi=-mg)
    for node in fw.group_ids:
        fixed = {p: r for (p, nd), r in rank_at.items() if nd == node}
        order = _target_order(prior_nodes[:, nid.index(node)], fixed)
        # the worst province of a group scores 0: never one with a published figure
        pins[gpos[node]] = next(q for q in reversed(order) if q not in constrained)

    # each group: the worst province exactly 0, the best exactly 1, all others strictly inside.
    # Which province is best is a binary choice too (Đà Nẵng's published htkt 0.7925 rules out
    # being best on both of its sub-indices, for example).
    for g, gid in enumerate(fw.group_ids):
        bottom = pins[g]
        allowed = [q for q in range(P) if rank_at.get((q, gid), 1) == 1 and q != bottom]
        ones = [q for q in allowed if rank_at.get((q, gid)) == 1]
        y = lp.add_vars(len(allowed), upper=1.0, integer=True)
        lp.add_row({int(v): 1.0 for v in y}, lo=1.0, hi=1.0)
        ymap = dict(zip(allowed, y))
        for q in ones:
            lp.add_row({int(ymap[q]): 1.0}, lo=1.0, hi=1.0)
        for q in range(P):
            s = int(Svar[q, g])
            if q == bottom:
                lp.add_row({s: 1.0}, lo=0.0, hi=0.0)
                continue
            # random distances from 0 and 1, so that no provinces pile up at the bounds
            floor, cap = 0.002 + float(rng.uniform(0, 0.03)), 0.002 + float(rng.uniform(0, 0.03))
            lp.add_row({s: 1.0}, lo=floor if S0[q, g] >= floor else max(0.002, S0[q, g]))
            if q in ymap:
                yq = int(ymap[q])
                lp.add_row({s: 1.0, yq: -cap}, hi=1.0 - cap)  # S <= 1 - cap unless best
                lp.add_row({s: 1.0, yq: -1.0}, lo=0.0)        # best => S = 1
            else:
                lp.add_row({s: 1.0}, hi=1.0 - cap)
    x = lp.solve()
    S = x[Svar]
    S = np.where(S > 0.9995, 1.0, S)  # the best provinces: exactly 1 (solver tolerance)
    for g, bottom in pins.items():
        S[bottom, g] = 0.0
    return np.clip(S, 0.0, 1.0)


ANCHOR_YEAR = 2018  # the year with the most published figures is calibrated first
ANCHOR_WEIGHT = 0.7  # the other years' prior leans on it, so provinces move plausibly


@lru_cache(maxsize=4)
def _calibrated_scores(fw: Framework, seed: int) -> dict[int, np.ndarray]:
    """Calibrated sub-index scores of every demo year, (P, G) each."""
    codes = load_provinces()["gso_code"].tolist()
    priors = _prior_scores(fw, DEMO_YEARS, seed)
    out: dict[int, np.ndarray] = {}
    for year in [ANCHOR_YEAR] + [y for y in DEMO_YEARS if y != ANCHOR_YEAR]:
        prior = priors[year]
        if year != ANCHOR_YEAR:
            blend = ANCHOR_WEIGHT * out[ANCHOR_YEAR] + (1 - ANCHOR_WEIGHT) * prior
            lo, hi = blend.min(axis=0), blend.max(axis=0)
            prior = (blend - lo) / (hi - lo)
        constraints = load_published(year)[["gso_code", "node", "score", "decimals", "rank"]]
        out[year] = _calibrate(fw, prior, constraints, codes, np.random.default_rng([seed, year]))
    return out


# --- step 3: inversion -----------------------------------------------------------------------

def _standardise(v: np.ndarray) -> np.ndarray:
    return (v - v.mean()) / v.std()


def _indicator_z(target: np.ndarray, k: int, noise: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """k z-score vectors (P, k) whose mean is an increasing affine function of ``target``.

    ``noise`` (P, k) are persistent province × indicator effects that keep profiles stable across
    years.
    """
    T = _standardise(target)
    for rho in (0.8, 0.85, 0.9, 0.94, 0.97, 0.99):
        free = [_standardise(rho * T + np.sqrt(1 - rho**2) * _standardise(noise[:, i])) for i in range(k - 2)]
        total = np.sum(free, axis=0) if free else np.zeros_like(T)
        c = float(np.mean(T * total))
        v = float(np.var(total))
        resid = v - c * c
        var_y = max(resid + 0.05, 2.8)
        if var_y < 3.95:
            break
    else:  # pragma: no cover - only with absurd inputs
        raise RuntimeError("demo inversion: no feasible loading")
    beta = c + np.sqrt(var_y - resid)
    y = beta * T - total
    dvec = _standardise(noise[:, k - 1] + 0.1 * rng.standard_normal(len(T)))
    dvec = dvec - np.mean(dvec * y) / np.var(y) * y
    dvec = dvec - dvec.mean()
    dvec *= np.sqrt(1 - var_y / 4) / dvec.std()
    z = np.column_stack(free + [y / 2 + dvec, y / 2 - dvec])
    return z


def _scale(z: np.ndarray, prior: IndicatorPrior, year: int, valid: tuple[float, float],
           pinned: tuple[int, float] | None) -> tuple[float, float]:
    """Mean and spread so that ``m + s z`` is plausible, within bounds and hits a pinned value."""
    mean = prior.mean + prior.drift * (year - 2018)
    lo, hi = max(prior.low, valid[0]), min(prior.high, valid[1])
    s = prior.sd
    if pinned is None:
        m = min(max(mean, lo + 0.1 * s), hi - 0.1 * s)
        if z.min() < 0:
            s = min(s, (m - lo) / -z.min())
        if z.max() > 0:
            s = min(s, (hi - m) / z.max())
        return m, s
    p, value = pinned
    zp = z[p]
    # keep the prior mean if a plausible spread maps the province's z-score onto its value
    if zp != 0 and 0.4 * prior.sd <= (value - mean) / zp <= 2.5 * prior.sd:
        s = (value - mean) / zp
    lo, hi = min(lo, value), max(hi, value)
    if zp > z.min():
        s = min(s, (value - lo) / (zp - z.min()) if value > lo else s)
    if zp < z.max():
        s = min(s, (hi - value) / (z.max() - zp) if hi > value else s)
    s = max(s, 1e-6)
    return value - s * zp, s


def _decimals(sd: float) -> int:
    # enough decimals that rounding the written value moves a z-score by < 1e-5
    return int(min(6, max(2, np.ceil(np.log10(5e4 / sd)))))


# --- the year ----------------------------------------------------------------------------------

def generate_year(year: int, seed: int = DEMO_SEED, framework: Framework | None = None) -> pd.DataFrame:
    """Generate the SYNTHETIC indicator table of one demo year.

    Parameters
    ----------
    year : int
        One of :data:`DEMO_YEARS`.
    seed : int
        Seed of every random draw; the same seed gives the same table.

    Returns
    -------
    DataFrame
        Columns ``gso_code, province, data_source`` and the indicator ids (values already rounded
        to the decimals written to file), ordered by GSO code.

    Raises
    ------
    RuntimeError
        If the generated data do not reproduce every published figure of the year.
    """
    fw = framework or load_framework()
    if year not in DEMO_YEARS:
        raise ValueError(f"demo data exist for {', '.join(map(str, DEMO_YEARS))}, not {year}")
    provinces = load_provinces()
    codes = provinces["gso_code"].tolist()
    P = len(codes)
    S = _calibrated_scores(fw, seed)[year]
    # persistent indicator-level noise shared by all years (drawn once from the seed)
    noise_rng = np.random.default_rng([seed, 1])
    noise = {i: noise_rng.standard_normal(P) for i in fw.indicator_ids}
    year_rng = np.random.default_rng([seed, year, 1])

    pinned_vals = load_published_indicators(year)
    pins = {(r.gso_code, r.indicator): float(r.value) for r in pinned_vals.itertuples(index=False)}
    cpos = {c: k for k, c in enumerate(codes)}
    values = {}
    for g, group in enumerate(fw.groups):
        ids = list(group.indicators)
        w = np.array([fw.indicator(i).weight for i in ids])
        if not np.allclose(w, w[0]):
            raise NotImplementedError("the demo generator assumes equal indicator weights in a group")
        local_noise = np.column_stack([noise[i] + 0.3 * year_rng.standard_normal(P) for i in ids])
        z = _indicator_z(S[:, g], len(ids), local_noise, year_rng)
        for j, iid in enumerate(ids):
            ind = fw.indicator(iid)
            pin = next(((cpos[c], v) for (c, i), v in pins.items() if i == iid), None)
            m, s = _scale(z[:, j], PRIORS[iid], year, ind.range, pin)
            x = m + s * z[:, j]
            dec = _decimals(s)
            x = np.round(x, dec) + 0.0  # + 0.0 turns -0.0 into 0.0
            if pin is not None:
                x[pin[0]] = pin[1]
            values[iid] = (x, dec)

    table = pd.DataFrame({"gso_code": codes, "province": provinces["name_vi"].tolist(),
                          "data_source": DATA_SOURCE_LABEL})
    for iid in fw.indicator_ids:
        table[iid] = values[iid][0]
    table.attrs["decimals"] = {iid: values[iid][1] for iid in fw.indicator_ids}

    result = compute(table, fw)
    check = check_published(result, year)
    if not check["ok"].all():
        bad = check[~check["ok"]]
        raise RuntimeError("demo data do not reproduce the published figures:\n" + bad.to_string())
    return table


def to_csv_text(table: pd.DataFrame) -> str:
    """The demo table as CSV text with a fixed number of decimals per indicator."""
    decimals = table.attrs.get("decimals", {})
    out = table.copy()
    for col, dec in decimals.items():
        out[col] = [f"{v:.{dec}f}" for v in out[col]]
    return out.to_csv(index=False, lineterminator="\n")


_CARD = """# SYNTHETIC demo data – ICT Index {year}

`indicators.csv` in this folder is **SYNTHETIC**. It was produced by `icttools demo --year {year}`
(seed {seed}) and is not the Ministry's data. Its column `data_source` says so on every row.

What is real: the published figures it is calibrated to (`data/raw/published/`), which it
reproduces under the default method (ranks exactly, scores at the published decimals), and
Hà Giang's published 2018 indicator values, used as they are. Everything else is generated.
See `data/raw/ict_index/README.md`.
"""


def write_demo_year(year: int, out_dir: Path | None = None, seed: int = DEMO_SEED) -> Path:
    """Generate one demo year and write ``<out_dir>/<year>/indicators.csv`` and ``SYNTHETIC.md``.

    Files are written atomically; running again reproduces them byte for byte.
    """
    from icttools.core.atomic import atomic_write_text
    from icttools.core.paths import raw_dir

    base = Path(out_dir) if out_dir is not None else raw_dir() / "ict_index"
    folder = base / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    table = generate_year(year, seed)
    path = folder / "indicators.csv"
    atomic_write_text(path, to_csv_text(table))
    atomic_write_text(folder / "SYNTHETIC.md", _CARD.format(year=year, seed=seed))
    return path
