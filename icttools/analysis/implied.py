"""Relation-implied changes: what else must move when one criterion moves, so the relations hold.

The framework records relations that hold by definition (:mod:`icttools.core.relations`: online
services level 1 >= 2 >= 3 >= 4, information-security staff <= IT staff, shares within 0-100).
Every analysis that moves a province's values keeps them:

* a **sweep** (sensitivity, break-even) sets criterion ``j`` to ``x`` and moves, by the least
  amount, every criterion that must stay above ``j`` up to ``x`` and every criterion that must stay
  below it down to ``x`` (raising level 4 to 60 raises levels 1-3 to at least 60);
* a **plan** (targets) is *closed*: where a candidate puts the lower side of a pair above the
  higher side, the higher side is raised to meet it (that is effort the plan counts), or, when
  the higher side cannot move that far, the lower side is held down;
* a **projection** (the others' trend) that breaks a pair is repaired by holding the lower side at
  the higher side (a projection that contradicts a definition is not a possible future).

Data that already break a relation (a user's table; a warning at validation) are never made
worse and never silently repaired: the allowed excess of a pair is what the data show (zero when
the relation holds), so an analysis that does not touch a pair leaves it as it is.

Only the arithmetic lives here (facts, no words): the pairs as index arrays, vectorised over
rows of candidate values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from icttools.core.framework import Framework

__all__ = ["RelationGraph", "relation_graph"]


@dataclass(frozen=True, eq=False)
class RelationGraph:
    """The ``>=`` relations of a framework as index pairs, with their transitive closure.

    Attributes
    ----------
    ids : tuple of str
        Indicator ids in framework order (the column order of every array).
    pairs : ndarray (K, 2) of int
        ``(hi, lo)``: the value of ``hi`` must be at least the value of ``lo``.
    pair_relation : tuple of str
        The relation id (:attr:`icttools.core.relations.Relation.id`) of each pair.
    low, high : ndarray (I,)
        Bounds from ``within`` relations (-inf / +inf where none applies).
    above, below : tuple of ndarray
        For each indicator, the indicators that must be >= it (resp. <= it), transitively.
    """

    ids: tuple[str, ...]
    pairs: np.ndarray
    pair_relation: tuple[str, ...]
    low: np.ndarray
    high: np.ndarray
    above: tuple[np.ndarray, ...]
    below: tuple[np.ndarray, ...]

    @property
    def empty(self) -> bool:
        """No ordering relation (bounds may still apply)."""
        return len(self.pairs) == 0

    def related(self, indicator: str) -> list[str]:
        """Ids of the relations that tie ``indicator`` to another criterion (framework order)."""
        k = self.ids.index(indicator)
        hit = [r for (hi, lo), r in zip(self.pairs, self.pair_relation) if k in (hi, lo)]
        return list(dict.fromkeys(hit))

    # --- sweeps --------------------------------------------------------------------------------
    def sweep_rows(self, x0: np.ndarray, j: int, values: np.ndarray) -> np.ndarray:
        """Rows of values (B, I): ``x0`` with criterion ``j`` set to each of ``values`` and the
        least changes the relations imply.

        A criterion ``a`` that must stay above ``j`` becomes ``max(a0, x - e)``, one that must stay
        below becomes ``min(b0, x + e)``, where ``e`` is the excess the data already show between
        the two (0 when the relation holds), so ``values == x0[j]`` gives ``x0`` back.
        """
        values = np.asarray(values, dtype=float)
        rows = np.repeat(np.asarray(x0, dtype=float)[None], len(values), axis=0)
        rows[:, j] = values
        for a in self.above[j]:
            excess = max(0.0, x0[j] - x0[a])
            rows[:, a] = np.maximum(x0[a], values - excess)
        for b in self.below[j]:
            excess = max(0.0, x0[b] - x0[j])
            rows[:, b] = np.minimum(x0[b], values + excess)
        return rows

    def implied(self, x0: np.ndarray, j: int, value: float, decimals: int | None = None) -> dict[str, float]:
        """The other criteria a sweep of ``j`` to ``value`` moves: ``{indicator id: new value}``."""
        row = self.sweep_rows(x0, j, np.array([value]))[0]
        moved = np.flatnonzero(row != np.asarray(x0, dtype=float))
        out = {}
        for k in moved:
            if k != j:
                out[self.ids[k]] = float(row[k] if decimals is None else round(row[k], decimals))
        return out

    # --- plans ---------------------------------------------------------------------------------
    def close(self, T: np.ndarray, x0: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """Candidate rows ``T`` (B, I) made to keep every pair, within the bounds of each criterion.

        For a pair (hi, lo) whose excess ``T_lo - T_hi`` is above what ``x0`` shows: raise ``hi``
        to meet ``lo`` (no higher than ``upper[hi]``); if that is not enough, hold ``lo`` down (no
        lower than ``lower[lo]``). Repeated until nothing changes (chains propagate).
        """
        if self.empty:
            return T
        T = np.array(T, dtype=float, copy=True)
        hi, lo = self.pairs[:, 0], self.pairs[:, 1]
        allowed = np.maximum(0.0, x0[lo] - x0[hi])
        for _ in range(len(self.pairs) + 1):
            changed = False
            for k in range(len(self.pairs)):
                h, l, e = hi[k], lo[k], allowed[k]
                bad = T[:, l] - T[:, h] > e + 1e-12
                if not bad.any():
                    continue
                changed = True
                T[bad, h] = np.minimum(T[bad, l] - e, max(upper[h], x0[h]))
                still = T[:, l] - T[:, h] > e + 1e-12
                T[still, l] = np.maximum(T[still, h] + e, min(lower[l], x0[l]))
            if not changed:
                break
        return T

    def lp_rows(self, d: np.ndarray, x0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The pairs as linear rows over improvements ``u`` (value = x0 + d * u):
        ``d_lo u_lo - d_hi u_hi <= max(0, x0_hi - x0_lo)`` (no pair gets worse than in ``x0``)."""
        K, I = len(self.pairs), len(self.ids)
        A = np.zeros((K, I))
        for k, (h, l) in enumerate(self.pairs):
            A[k, l] += d[l]
            A[k, h] -= d[h]
        b = np.maximum(0.0, x0[self.pairs[:, 0]] - x0[self.pairs[:, 1]]) if K else np.zeros(0)
        return A, b

    def binding(self, T: np.ndarray, x0: np.ndarray) -> list[str | None]:
        """For each criterion of one closed row ``T`` that changed from ``x0``: the relation that
        forced it (it is the higher side of a pair that sits exactly at its allowed excess and
        whose lower side moved too), else None."""
        out: list[str | None] = [None] * len(self.ids)
        for (h, l), rel in zip(self.pairs, self.pair_relation):
            if out[h] is not None or T[h] == x0[h] or T[l] == x0[l]:
                continue
            if abs((T[l] - T[h]) - max(0.0, x0[l] - x0[h])) <= 1e-9:
                out[h] = rel
        return out

    # --- projections ---------------------------------------------------------------------------
    def repair(self, X: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
        """Rows of projected values (P, I) with every pair made to hold by holding the lower side
        at the higher side (top of each chain first), within the ``within`` bounds.

        ``reference`` (P, I): the rows the projection started from; a pair they already break
        keeps the excess they show (it is not made worse, and not repaired either).
        """
        X = np.clip(np.array(X, dtype=float, copy=True), self.low, self.high)
        if self.empty:
            return X
        pairs = self.pairs[::-1]
        if reference is None:
            allowed = np.zeros((len(X), len(pairs)))
        else:
            R = np.asarray(reference, dtype=float)
            allowed = np.maximum(0.0, R[:, pairs[:, 1]] - R[:, pairs[:, 0]])
        for _ in range(len(pairs) + 1):
            before = X.copy()
            for k, (h, l) in enumerate(pairs):
                X[:, l] = np.minimum(X[:, l], X[:, h] + allowed[:, k])
            if np.array_equal(before, X):
                break
        return X


def _closure(start: int, edges: dict[int, set[int]]) -> np.ndarray:
    seen: set[int] = set()
    todo = list(edges.get(start, ()))
    while todo:
        k = todo.pop()
        if k in seen or k == start:
            continue
        seen.add(k)
        todo.extend(edges.get(k, ()))
    return np.array(sorted(seen), dtype=int)


def relation_graph(framework: Framework) -> RelationGraph:
    """The relations of ``framework`` as a :class:`RelationGraph` (cached on nothing: cheap)."""
    ids = tuple(framework.indicator_ids)
    pos = {i: k for k, i in enumerate(ids)}
    pairs, names = [], []
    low = np.full(len(ids), -np.inf)
    high = np.full(len(ids), np.inf)
    for rel in getattr(framework, "relations", ()):
        if rel.kind == "within":
            for i in rel.indicators:
                low[pos[i]] = max(low[pos[i]], rel.low)
                high[pos[i]] = min(high[pos[i]], rel.high)
            continue
        for h, l in rel.pairs():
            pairs.append((pos[h], pos[l]))
            names.append(rel.id)
    up: dict[int, set[int]] = {}
    down: dict[int, set[int]] = {}
    for h, l in pairs:
        up.setdefault(l, set()).add(h)
        down.setdefault(h, set()).add(l)
    above = tuple(_closure(k, up) for k in range(len(ids)))
    below = tuple(_closure(k, down) for k in range(len(ids)))
    # bottom of each chain first (close() raises upwards); repair() walks them the other way
    order = sorted(range(len(pairs)), key=lambda k: -len(above[pairs[k][1]]))
    pairs = [pairs[k] for k in order]
    names = [names[k] for k in order]
    return RelationGraph(
        ids=ids, pairs=np.array(pairs, dtype=int).reshape(-1, 2), pair_relation=tuple(names),
        low=low, high=high, above=above, below=below,
    )
