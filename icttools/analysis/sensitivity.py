"""Rank sensitivity per criterion: how a province's overall rank moves with one indicator.

For each indicator, the province's value is swept over a range while every other value (of this
and of every other province) stays fixed -- except the values the framework's relations tie to it
(:mod:`icttools.analysis.implied`): raising online services level 4 to 60 % raises levels 1-3 to
at least 60 % with it, since a level-4 service is also a level-3 one (``relations=False`` sweeps
the value alone) -- and the index is **fully recomputed** at each point:
raising one value also moves that indicator's mean, standard deviation, minimum and maximum, the
sub-index rescale, and therefore the other provinces' scores. All points of all indicators are
computed in one batched call of the engine kernels (:func:`icttools.core.engine.scores_from_matrix`,
:func:`~icttools.core.engine.round_scores`, :func:`~icttools.core.engine.rank_scores`).

Sweep range (per indicator; ``lo``/``hi`` override it):

* percentages and 0–100 scores: the whole valid range of the framework (0–100);
* open-ended quantities (subscriptions per 100 inhabitants, computers or Mbps per civil
  servant): from the valid-range low to ``min(valid-range high, 2 × national maximum)`` -- the
  valid ranges of these (mobile subscriptions up to 400 per 100) are far beyond anything
  observed, and a sweep to them would spend most points where nothing changes;
* in both cases the range is widened to include the current value if it lies outside.

From each curve (:mod:`icttools.analysis.breakeven`):

* **break-even** values: the smallest value (in the improving direction from the current value,
  at ``decimals`` (4) decimals) that gains 1, 3 and 5 places, and the smallest that reaches the
  target rank, with the relation-implied changes. The search is exact on the rounded,
  competition-ranked score (ties on the rounded score included): a branch-and-bound over the
  sweep that refines every interval where the goal *could* hold (bounds on every province's score
  there) down to the last decimal, so a pocket where a tie already gives the rank is found. Each
  value is **verified** by an independent :func:`icttools.core.engine.compute`; None means "not
  reachable with this criterion (and what its relations imply) alone, within the sweep".
* **places per yearly step**: places gained by the largest change the feasibility file allows in
  one year (``max_change``), capped at the feasible cap (:func:`~icttools.analysis.breakeven.
  places_per_year_step`); the old "places per +10 % of the sweep" is :func:`~icttools.analysis.
  breakeven.places_per_step`.
* a **tornado** summary: the rank at the two ends of the sweep (or at the current value ± 10 %
  of the range), sorted by swing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from icttools.analysis.implied import RelationGraph, relation_graph
from icttools.core.errors import InputError
from icttools.core.engine import as_matrix, compute, rank_scores, round_scores, scores_from_matrix
from icttools.core.framework import Framework, Indicator, as_framework
from icttools.core.provinces import row_of

__all__ = [
    "RankCurves",
    "sweep_range",
    "rank_curves",
    "province_ranks",
    "province_roots",
    "ranks_from_roots",
]

_CHUNK = 256  # batch elements per kernel call (fastest on a 63 × 30 table; bench/bench_sensitivity.py)


# --- helpers ---------------------------------------------------------------------------------



def _is_bounded(ind: Indicator) -> bool:
    """Percentages and 0–100 scores: sweep the whole valid range."""
    return ind.is_percentage or ind.unit_en.strip().lower().startswith("score")


def sweep_range(indicator: Indicator, values: np.ndarray, current: float) -> tuple[float, float]:
    """The default sweep of one indicator for one province.

    Parameters
    ----------
    indicator : Indicator
    values : ndarray
        The indicator's values over all provinces (for the national maximum).
    current : float
        The province's value.

    Returns
    -------
    (lo, hi)
        Percentages and 0–100 scores: the valid range. Other (open-ended) indicators:
        ``[range lo, min(range hi, 2 × national maximum)]``. Widened to include ``current``.
    """
    lo, hi = (float(v) for v in indicator.range)
    if not _is_bounded(indicator):
        hi = min(hi, 2.0 * float(np.max(values)))
    lo = min(lo, float(current))
    hi = max(hi, float(current))
    if not hi > lo:
        hi = lo + 1.0  # degenerate (all values 0 on an open-ended indicator)
    return lo, hi


def _override(spec: Any, iid: str, name: str) -> float | None:
    if spec is None:
        return None
    if isinstance(spec, Mapping):
        v = spec.get(iid)
    else:
        v = spec
    if v is None:
        return None
    try:
        v = float(v)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number or a mapping indicator -> number, got {spec!r}") from None
    if not math.isfinite(v):
        raise InputError(f"{name} for {iid} must be finite, got {v!r}")
    return v


def province_roots(X0: np.ndarray, framework: Framework, p: int, rows: np.ndarray) -> np.ndarray:
    """Unrounded overall scores of every province after each change of province ``p``'s row.

    Parameters
    ----------
    X0 : ndarray (P, I)
        The unchanged indicator matrix (framework column order).
    framework : Framework
    p : int
        Row of the province.
    rows : ndarray (B, I)
        The province's values in each batch element (the other provinces keep ``X0``).

    Returns
    -------
    ndarray (B, P)
        Fully recomputed (``scores_from_matrix`` in chunks), not rounded.
    """
    rows = np.atleast_2d(np.asarray(rows, dtype=float))
    root = framework.node_ids.index(framework.root.id)
    out = np.empty((len(rows), X0.shape[0]))
    for start in range(0, len(rows), _CHUNK):
        r = rows[start:start + _CHUNK]
        X = np.repeat(X0[None, :, :], len(r), axis=0)
        X[:, p, :] = r
        out[start:start + len(r)] = scores_from_matrix(X, framework)["scores"][..., root]
    return out


def ranks_from_roots(roots: np.ndarray, framework: Framework, p: int) -> np.ndarray:
    """Overall rank of province ``p`` in each row of unrounded scores ``roots`` (B, P): rounded
    as published, ranked with the framework's rule."""
    m = framework.method
    return rank_scores(round_scores(roots, m.rounding)[..., None], m.ranking)[:, p, 0]


def province_ranks(X0: np.ndarray, framework: Framework, p: int, cols: np.ndarray,
                   vals: np.ndarray) -> np.ndarray:
    """Overall rank of province ``p`` after each single change ``X0[p, cols[b]] = vals[b]``
    (nothing else moves; :meth:`RankCurves.ranks_at` adds the relation-implied changes).

    Fully recomputed and vectorised: a batch ``(B, P, I)`` goes through ``scores_from_matrix``,
    ``round_scores`` and ``rank_scores`` (in chunks).

    Returns
    -------
    ndarray of int, shape (B,)
    """
    cols = np.asarray(cols, dtype=int)
    vals = np.asarray(vals, dtype=float)
    rows = np.repeat(X0[p][None], len(vals), axis=0)
    rows[np.arange(len(vals)), cols] = vals
    return ranks_from_roots(province_roots(X0, framework, p, rows), framework, p).astype(int)


# --- curves ----------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class RankCurves:
    """Rank curves of one province, one per indicator.

    Attributes
    ----------
    province : str
        GSO code.
    framework : Framework
    data : DataFrame (P × I)
        The input values (framework column order, indexed by gso_code).
    current_rank : int
        The overall rank with the data unchanged.
    current : Series (I)
        The province's current values.
    sweep : DataFrame (I × 2)
        Columns ``lo`` and ``hi``: the sweep range of each indicator.
    step_fraction : float
        The step of :func:`places_per_step` and of the local tornado (0.10 = 10 % of the range).
    values, ranks : dict of indicator id -> ndarray
        The curve: sorted distinct values (the grid, plus the current value and the current value
        ± ``step_fraction`` of the range, clipped to the sweep) and the overall rank at each.
    roots : dict of indicator id -> ndarray (n, P)
        The unrounded overall score of every province at each curve point (for the exact
        break-even search).
    relations : RelationGraph or None
        The relations whose implied changes go with each value (None: each value moves alone).
    """

    province: str
    framework: Framework
    data: pd.DataFrame
    current_rank: int
    current: pd.Series
    sweep: pd.DataFrame
    step_fraction: float
    values: dict = field(repr=False)
    ranks: dict = field(repr=False)
    roots: dict = field(default_factory=dict, repr=False)
    relations: RelationGraph | None = field(default=None, repr=False)

    @property
    def indicator_ids(self) -> list[str]:
        return list(self.framework.indicator_ids)

    def curve(self, indicator: str) -> pd.DataFrame:
        """The curve of one indicator: columns ``value`` and ``rank``."""
        self.framework.indicator(indicator)
        return pd.DataFrame({"value": self.values[indicator], "rank": self.ranks[indicator]})

    def rank_at(self, indicator: str, value: float) -> int:
        """Overall rank with ``indicator`` set to ``value`` (read off the curve when the value is a
        curve point, otherwise recomputed with the batched kernel)."""
        vals = self.values[indicator]
        hit = np.flatnonzero(vals == value)
        if hit.size:
            return int(self.ranks[indicator][hit[0]])
        return int(self.ranks_at(indicator, [value])[0])

    @property
    def row(self) -> int:
        """The province's row in :attr:`data`."""
        return list(self.data.index).index(self.province)

    def rows(self, indicator: str, values: Any) -> np.ndarray:
        """The province's values (B, I) with ``indicator`` set to each of ``values`` and the
        changes the relations imply (none when :attr:`relations` is None)."""
        j = self.framework.indicator_ids.index(indicator)
        vals = np.atleast_1d(np.asarray(values, dtype=float))
        x0 = self.data.to_numpy(dtype=float)[self.row]
        if self.relations is None:
            rows = np.repeat(x0[None], len(vals), axis=0)
            rows[:, j] = vals
            return rows
        return self.relations.sweep_rows(x0, j, vals)

    def implied(self, indicator: str, value: float) -> dict[str, float]:
        """The other criteria that move with ``indicator`` at ``value``: ``{id: value}``."""
        if self.relations is None:
            return {}
        j = self.framework.indicator_ids.index(indicator)
        return self.relations.implied(self.data.to_numpy(dtype=float)[self.row], j, value)

    def roots_at(self, indicator: str, values: Any) -> np.ndarray:
        """Unrounded overall scores of every province (B, P) at each of ``values``."""
        return province_roots(self.data.to_numpy(dtype=float), self.framework, self.row,
                              self.rows(indicator, values))

    def ranks_at(self, indicator: str, values: Any) -> np.ndarray:
        """Overall ranks with ``indicator`` set to each of ``values`` (and the implied changes;
        batched recomputation)."""
        return ranks_from_roots(self.roots_at(indicator, values), self.framework, self.row).astype(int)

    def step_value(self, indicator: str, sign: int = 1) -> float:
        """The current value moved by ``step_fraction`` of the range, in the improving direction
        (``sign=1``) or against it (``sign=-1``), clipped to the sweep."""
        d = self.framework.indicator(indicator).direction
        lo, hi = self.sweep.at[indicator, "lo"], self.sweep.at[indicator, "hi"]
        v = self.current[indicator] + sign * d * self.step_fraction * (hi - lo)
        return float(min(max(v, lo), hi))


def rank_curves(data: pd.DataFrame, province: Any, framework: Framework | str | None = None,
                n_points: int = 101, lo: float | Mapping[str, float] | None = None,
                hi: float | Mapping[str, float] | None = None, step_fraction: float = 0.10,
                relations: bool = True) -> RankCurves:
    """The province's overall rank as each indicator sweeps its range, everything else fixed.

    Parameters
    ----------
    data : DataFrame
        One row per province (index or column ``gso_code``), one column per indicator.
    province : str
        GSO code or name.
    framework : Framework or str, optional
        Default: the ICT Index 2016–2019 framework (with its method).
    n_points : int, default 101
        Evenly spaced grid points per indicator over the sweep (the current value and the current
        value ± ``step_fraction`` of the range are added).
    lo, hi : float or mapping indicator -> float, optional
        Override the sweep ends (one number for every indicator, or per indicator). Default: see
        :func:`sweep_range`.
    step_fraction : float, default 0.10
        Step of the "places per +10 %" figure and of the local tornado.
    relations : bool, default True
        Move the criteria the framework's relations tie to the swept one with it (the least
        change that keeps them); False: each value alone.

    Returns
    -------
    RankCurves

    Notes
    -----
    All ``I × (n_points + 3)`` recomputations run through the engine kernels in one batch
    (chunked); see ``bench/bench_sensitivity.py`` for timings.
    """
    fw = as_framework(framework)
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 2:
        raise InputError(f"n_points must be an integer >= 2, got {n_points!r}")
    if not 0 < float(step_fraction) <= 1:
        raise InputError(f"step_fraction must be in (0, 1], got {step_fraction!r}")
    X0, codes = as_matrix(data, fw)
    code, p = row_of(province, codes)
    ids = fw.indicator_ids
    table = pd.DataFrame(X0, index=pd.Index(codes, name="gso_code"), columns=ids)
    current = table.loc[code].astype(float)

    sweeps = {}
    for j, ind in enumerate(fw.indicators):
        s_lo, s_hi = sweep_range(ind, X0[:, j], X0[p, j])
        o_lo, o_hi = _override(lo, ind.id, "lo"), _override(hi, ind.id, "hi")
        s_lo = s_lo if o_lo is None else o_lo
        s_hi = s_hi if o_hi is None else o_hi
        if not s_hi > s_lo:
            raise InputError(f"sweep of {ind.id}: hi ({s_hi!r}) must be greater than lo ({s_lo!r})")
        sweeps[ind.id] = (s_lo, s_hi)
    sweep = pd.DataFrame.from_dict(sweeps, orient="index", columns=["lo", "hi"])

    graph = relation_graph(fw) if relations else None
    per = n_points + 3
    cols = np.repeat(np.arange(len(ids)), per)
    vals = np.empty(len(ids) * per)
    for j, iid in enumerate(ids):
        s_lo, s_hi = sweeps[iid]
        x = X0[p, j]
        step = step_fraction * (s_hi - s_lo)
        extra = [x, min(max(x + step, s_lo), s_hi), min(max(x - step, s_lo), s_hi)]
        vals[j * per:(j + 1) * per] = np.concatenate([np.linspace(s_lo, s_hi, n_points), extra])
    if graph is None:
        rows = np.repeat(X0[p][None], len(vals), axis=0)
        rows[np.arange(len(vals)), cols] = vals
    else:
        rows = np.concatenate([graph.sweep_rows(X0[p], j, vals[j * per:(j + 1) * per])
                               for j in range(len(ids))])
    roots = province_roots(X0, fw, p, rows)
    ranks = ranks_from_roots(roots, fw, p).astype(int)

    values_d, ranks_d, roots_d = {}, {}, {}
    for j, iid in enumerate(ids):
        v = vals[j * per:(j + 1) * per]
        r = ranks[j * per:(j + 1) * per]
        uniq, first = np.unique(v, return_index=True)
        values_d[iid] = uniq
        ranks_d[iid] = r[first]
        roots_d[iid] = roots[j * per:(j + 1) * per][first]

    current_rank = compute(table, fw).rank(code)
    return RankCurves(province=code, framework=fw, data=table, current_rank=int(current_rank),
                      current=current, sweep=sweep, step_fraction=float(step_fraction),
                      values=values_d, ranks=ranks_d, roots=roots_d, relations=graph)
