"""Step 2 of the SYNTHETIC demo data: sub-index scores that reproduce every published figure.

Stage one (a mixed-integer linear programme, one per year) moves the prior sub-index scores as
little as possible so that every published rank and score holds with a safety margin, the levels
agree (a province above Hà Giang on a component is above it on one of its sub-indices), and each
sub-index has its best province at exactly 1 and its worst at 0.

Stage two (a linear programme) keeps the order of every node that stage one found and spreads
the provinces: consecutive provinces differ after rounding, and five consecutive provinces span
more than 0.005 at every node (no pile of more than four provinces in a 0.005 window).

2018, the year with the most published figures, is calibrated first. The other years start from
the calibrated 2018 plus the prior's modelled change of each province, so provinces move from year
to year only as much as the prior's yearly changes and the published figures of that year need.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icttools.core.engine import node_scores
from icttools.core.framework import Framework
from icttools.ingest.demo.programme import Programme
from icttools.ingest.demo.priors import ANCHOR_YEAR

__all__ = ["linear_map", "calibrate_years", "RANK_MARGIN", "ADJACENT_GAP", "WINDOW", "WINDOW_GAP"]

# Margins that keep calibrated orders and values safe from the rounding of the written values.
RANK_MARGIN = 0.0004
VALUE_SLACK_4DP = 0.00003
# Stage two: consecutive provinces at least ADJACENT_GAP apart (distinct 4-decimal scores); any
# five consecutive provinces span at least WINDOW_GAP, so that no WINDOW-wide window of rounded
# scores holds more than four provinces.
ADJACENT_GAP = 0.0002
WINDOW = 0.005
WINDOW_GAP = WINDOW + 0.0003
# Scale of a "small" change of a sub-index score in the distance the programmes minimise.
SCORE_SCALE = 0.1


def linear_map(fw: Framework) -> np.ndarray:
    """A (Nn, G): node score = A @ group scores (the framework's arithmetic aggregation)."""
    eye = np.eye(len(fw.group_ids))
    return node_scores(eye, fw).T  # rows: nodes; columns: groups


def target_order(values: np.ndarray, fixed_ranks: dict[int, int]) -> list[int]:
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


def above_sets(fw: Framework, prior_nodes: np.ndarray, rank_at: dict[tuple[int, str], int],
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


def _stage_one(fw: Framework, S0: np.ndarray, constraints: pd.DataFrame, codes: list[str],
               seed: list[int]) -> np.ndarray:
    """Sub-index scores (P, G) close to ``S0`` that reproduce the published figures of one year.

    Solved twice with the same draws: a mixed-integer programme with an L1 distance chooses the
    best province of every sub-index (fast), then a linear programme with those choices fixed
    minimises the piecewise-linear distance that spreads changes over a province's sub-indices.
    """
    _, best = _stage_one_programme(fw, S0, constraints, codes, np.random.default_rng(seed), None)
    S, _ = _stage_one_programme(fw, S0, constraints, codes, np.random.default_rng(seed), best)
    return S


def _stage_one_programme(fw: Framework, S0: np.ndarray, constraints: pd.DataFrame, codes: list[str],
                         rng: np.random.Generator, best: dict[int, int] | None) -> tuple[np.ndarray, dict[int, int]]:
    """Stage one: with ``best`` None, an L1 distance and a binary choice of each group's best
    province; with ``best`` (group -> province), those fixed and the piecewise-linear distance."""
    P, G = S0.shape
    A = linear_map(fw)
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

    lp = Programme()
    Svar = lp.add_vars(P * G, lower=0.0, upper=1.0).reshape(P, G)
    weight = 1.0 + 0.05 * rng.uniform(size=(P, G))
    if best is None:
        t = lp.add_vars(P * G, cost=weight.ravel()).reshape(P, G)
        for p in range(P):  # t >= |S - S0|
            for g in range(G):
                lp.add_row({int(Svar[p, g]): 1.0, int(t[p, g]): -1.0}, hi=S0[p, g])
                lp.add_row({int(Svar[p, g]): -1.0, int(t[p, g]): -1.0}, hi=-S0[p, g])
    else:
        lp.add_distance(Svar, S0, SCORE_SCALE, weight=weight)

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
    root_order = target_order(prior_nodes[:, nid.index(root)], root_fixed)
    for p, r in root_fixed.items():  # the root follows one full order
        pos = root_order.index(p)
        for j, q in enumerate(root_order):
            if q != p:
                mg = margin_for(q, p, 0)
                if j < pos:
                    lp.add_row(diff_expr(p, q, 0), hi=-mg)
                else:
                    lp.add_row(diff_expr(q, p, 0), hi=-mg)
    for (p, node), above in sorted(above_sets(fw, prior_nodes, rank_at, root_order).items()):
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
        order = target_order(prior_nodes[:, nid.index(node)], fixed)
        # the worst province of a group scores 0: never one with a published figure
        pins[gpos[node]] = next(q for q in reversed(order) if q not in constrained)

    ys: dict[int, dict[int, np.int64]] = {}
    # each group: the worst province exactly 0, the best exactly 1, all others strictly inside.
    # Which province is best is a binary choice too (Đà Nẵng's published htkt 0.7925 rules out
    # being best on both of its sub-indices, for example).
    for g, gid in enumerate(fw.group_ids):
        bottom = pins[g]
        allowed = [q for q in range(P) if rank_at.get((q, gid), 1) == 1 and q != bottom]
        ones = [q for q in allowed if rank_at.get((q, gid)) == 1]
        if best is None:
            y = lp.add_vars(len(allowed), upper=1.0, integer=True)
        else:
            fixed = np.array([1.0 if q == best[g] else 0.0 for q in allowed])
            y = lp.add_vars(len(allowed), lower=fixed, upper=fixed, integer=True)
        lp.add_row({int(v): 1.0 for v in y}, lo=1.0, hi=1.0)
        ymap = dict(zip(allowed, y))
        ys[g] = ymap
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
    x = lp.solve("calibration")
    S = x[Svar]
    chosen = {g: next(q for q, v in ymap.items() if x[v] > 0.5) for g, ymap in ys.items()}
    for g, q in chosen.items():  # exact extremes (solver tolerance)
        S[q, g] = 1.0
    for g, bottom in pins.items():
        S[bottom, g] = 0.0
    return np.clip(S, 0.0, 1.0), chosen


def _stage_two(fw: Framework, S1: np.ndarray, constraints: pd.DataFrame, codes: list[str]) -> np.ndarray:
    """Scores close to ``S1`` with the same order at every node and no pile of five in a window."""
    P, G = S1.shape
    A = linear_map(fw)
    cpos = {c: k for k, c in enumerate(codes)}
    nid = fw.node_ids
    nodes = S1 @ A.T
    lp = Programme()
    Svar = lp.add_vars(P * G, lower=0.0, upper=1.0).reshape(P, G)
    lp.add_distance(Svar, S1, SCORE_SCALE)

    def diff(q: int, p: int, n: int) -> dict[int, float]:
        """node(q) - node(p)"""
        return {int(Svar[q, g]): A[n, g] for g in range(G) if A[n, g] != 0} | \
            {int(Svar[p, g]): -A[n, g] for g in range(G) if A[n, g] != 0}

    for n in range(len(nid)):
        order = np.argsort(-nodes[:, n], kind="stable")
        for i in range(P - 1):
            lp.add_row(diff(order[i], order[i + 1], n), lo=ADJACENT_GAP)
        for i in range(P - 4):
            lp.add_row(diff(order[i], order[i + 4], n), lo=WINDOW_GAP)
    for g, gid in enumerate(fw.group_ids):
        order = np.argsort(-nodes[:, nid.index(gid)], kind="stable")
        lp.add_row({int(Svar[order[0], g]): 1.0}, lo=1.0, hi=1.0)
        lp.add_row({int(Svar[order[-1], g]): 1.0}, lo=0.0, hi=0.0)
    for rec in constraints.dropna(subset=["score"]).itertuples(index=False):
        p, n, d = cpos[rec.gso_code], nid.index(rec.node), int(rec.decimals)
        half = 0.5 * 10.0 ** -d
        slack = VALUE_SLACK_4DP if d >= fw.method.rounding else 1e-4
        row = {int(Svar[p, g]): A[n, g] for g in range(G) if A[n, g] != 0}
        lp.add_row(row, lo=rec.score - half + slack, hi=rec.score + half - slack)
    x = lp.solve("spacing")
    S = x[Svar]
    for g, gid in enumerate(fw.group_ids):  # exact extremes (solver tolerance)
        order = np.argsort(-nodes[:, nid.index(gid)], kind="stable")
        S[order[0], g], S[order[-1], g] = 1.0, 0.0
    return np.clip(S, 0.0, 1.0)


def _rescale(S: np.ndarray) -> np.ndarray:
    lo, hi = S.min(axis=0), S.max(axis=0)
    return (S - lo) / (hi - lo)


def calibrate_years(fw: Framework, priors: dict[int, np.ndarray], published: dict[int, pd.DataFrame],
                    codes: list[str], seed: int) -> dict[int, np.ndarray]:
    """Calibrated sub-index scores of every year, (P, G) each.

    Parameters
    ----------
    priors : dict
        Year -> prior sub-index scores (see :func:`icttools.ingest.demo.priors.prior_group_scores`).
    published : dict
        Year -> published figures: ``gso_code, node, score, decimals, rank``.
    """
    def one(year: int, prior: np.ndarray) -> np.ndarray:
        S1 = _stage_one(fw, prior, published[year], codes, [seed, year])
        return _stage_two(fw, S1, published[year], codes)

    out = {ANCHOR_YEAR: one(ANCHOR_YEAR, _rescale(priors[ANCHOR_YEAR]))}
    for year in sorted(y for y in priors if y != ANCHOR_YEAR):
        # the calibrated anchor year plus the prior's modelled change of each province
        out[year] = one(year, _rescale(out[ANCHOR_YEAR] + priors[year] - priors[ANCHOR_YEAR]))
    return out
