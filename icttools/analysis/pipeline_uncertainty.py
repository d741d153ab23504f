"""Uncertainty of any index over its whole pipeline, as COINr's ``get_sensitivity(SA_type = "UA")``.

Each replication draws one value of every uncertain choice and recomputes the index from the
data: the treatment (the winsorisation limit ``winmax``), the normalisation (one of a list of
``normalise`` steps), the weights of nodes by level (a relative perturbation, COINr's
``get_noisy_weights``: ``w (1 + f (2u - 1))`` with ``u`` uniform), optionally the indicator
weights, and the aggregation function. Replications are computed in batches: every batch goes
through :func:`icttools.core.pipeline.run_array_steps` once per (normalisation, aggregation)
pair present in it, with one ``winmax`` and one weight set per replication (treatment,
normalisation, aggregation and ranking are all recomputed for every replication, vectorised).

What differs from COINr's loop, and why the results are the same:

* the table steps (denominate, impute, screen) do not vary, so they run once; COINr reruns them
  in every replication and gets the same data each time;
* a discrete choice among ``k`` alternatives is ``floor(k u)``; COINr maps ``u`` with ``cut(u,
  k)`` over the sample's range, which is the same uniform choice up to the sample's extremes;
* a replication whose method fails (e.g. a geometric mean meeting a value ≤ 0) has missing
  scores, as COINr's ``regen`` failure gives ``NA``.

Ranks follow the framework's method (COINr: competition ranking of the unrounded score). Rank
statistics: nominal, mean, median and the 5 % and 95 % quantiles (R's default ``type = 7`` is
numpy's default ``linear``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.engine import rank_scores, round_scores
from icttools.core.errors import InputError, MethodError
from icttools.core.method import AGGREGATION_FUNCTIONS, Step, parse_step, parse_step_option
from icttools.core.pipeline import prepare_table, run_array_steps

__all__ = ["PipelineUncertaintySpec", "PipelineUncertaintyResult", "node_levels", "run_pipeline_uncertainty"]


def node_levels(framework) -> dict[str, int]:
    """COINr's level of every node: indicators are level 1, a node is one above its highest child."""
    level: dict[str, int] = {}
    for node in reversed(framework.nodes):
        level[node.id] = 2 if node.is_group else 1 + max(level[c] for c in node.children)
    return level


def _as_step(v: Any) -> Step:
    if isinstance(v, Step):
        return v
    if isinstance(v, str):
        step = parse_step_option("normalise", v, where="normalisations")
        if step is None:
            raise InputError("normalisations: 'none' is not a normalisation (use identity)")
        return step
    return parse_step({"step": "normalise", **dict(v)}, where="normalisations")


@dataclass(frozen=True)
class PipelineUncertaintySpec:
    """The uncertain choices and their alternatives (each equally likely).

    Parameters
    ----------
    winmax : tuple of int, optional
        Alternatives of the treat step's winsorisation limit (the method must have a treat step).
    normalisations : tuple, optional
        Alternatives of the normalise step: :class:`Step`, command-line forms (``"minmax:1,100"``)
        or mappings (``{"function": "zscore", "mean": 10, "sd": 2}``). Empty: the framework's.
    weight_noise : dict of int to float
        Relative weight perturbation by COINr level (2 = the nodes holding indicators, 3 = their
        parents, ...): each weight ``w`` becomes ``w (1 + f (2u - 1))``.
    indicator_weight_noise : float
        The same for the indicator weights (COINr's level 1); 0 keeps them.
    aggregations : tuple of str, optional
        Alternatives of the aggregation function of the method's last aggregate step (every
        level when the method has one aggregate step, as COINr's ``f_ag``). Empty: the framework's.
    """

    winmax: tuple[int, ...] = ()
    normalisations: tuple[Any, ...] = ()
    weight_noise: dict[int, float] = field(default_factory=dict)
    indicator_weight_noise: float = 0.0
    aggregations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "winmax", tuple(int(w) for w in self.winmax))
        if any(w < 0 for w in self.winmax):
            raise InputError(f"winmax alternatives must be ≥ 0, got {self.winmax}")
        object.__setattr__(self, "normalisations", tuple(_as_step(n) for n in self.normalisations))
        for a in self.aggregations:
            if a not in AGGREGATION_FUNCTIONS:
                raise InputError(f"aggregations: {a!r} is not one of {', '.join(AGGREGATION_FUNCTIONS)}")
        object.__setattr__(self, "aggregations", tuple(self.aggregations))
        noise = {int(k): float(v) for k, v in dict(self.weight_noise).items()}
        for k, v in list(noise.items()) + [(1, self.indicator_weight_noise)]:
            if not 0 <= v < 1:
                raise InputError(f"weight noise of level {k} must be in [0, 1), got {v!r}")
        object.__setattr__(self, "weight_noise", noise)


@dataclass(frozen=True)
class PipelineUncertaintyResult:
    """Scores and ranks of the target node in every replication, and the choices drawn.

    Attributes
    ----------
    codes : tuple of str
        Units (after screening), the columns of ``scores`` and ``ranks``.
    scores, ranks : ndarray, shape (n, P)
        NaN where a replication failed (or a unit has no score).
    nominal_scores, nominal_ranks : ndarray, shape (P,)
    choices : DataFrame
        One row per replication: ``winmax``, ``normalisation``, ``aggregation`` (indices into the
        spec's alternatives, -1 if not varied), ``failed``.
    node_weights : ndarray, shape (n, Nn)
    """

    codes: tuple[str, ...]
    target: str
    scores: np.ndarray
    ranks: np.ndarray
    nominal_scores: np.ndarray
    nominal_ranks: np.ndarray
    choices: pd.DataFrame
    node_weights: np.ndarray

    def rank_stats(self) -> pd.DataFrame:
        """Per unit: ``Nominal``, ``Mean``, ``Median``, ``Q5``, ``Q95`` ranks (COINr's RankStats)."""
        r = self.ranks
        return pd.DataFrame({
            "Nominal": self.nominal_ranks,
            "Mean": np.nanmean(r, axis=0),
            "Median": np.nanmedian(r, axis=0),
            "Q5": np.nanquantile(r, 0.05, axis=0),
            "Q95": np.nanquantile(r, 0.95, axis=0),
        }, index=pd.Index(self.codes, name="code"))


def run_pipeline_uncertainty(data: pd.DataFrame, framework, spec: PipelineUncertaintySpec, n: int = 1000,
                             seed: int = 0, target: str | None = None, batch: int = 250) -> PipelineUncertaintyResult:
    """Monte Carlo over the pipeline's uncertain choices (see the module docstring).

    Parameters
    ----------
    data : DataFrame
        The data table (as for :func:`icttools.core.engine.compute`).
    framework : Framework
    spec : PipelineUncertaintySpec
    n : int
        Replications.
    seed : int
        Seed of the generator (numpy ``default_rng``): the same seed gives the same result.
    target : str, optional
        Node whose scores and ranks are recorded (default: the root).
    batch : int
        Replications per kernel call (bounds memory).
    """
    if n < 1:
        raise InputError(f"n must be at least 1, got {n}")
    fw = framework
    m = fw.method
    if spec.winmax and m.step("treat") is None:
        raise InputError("winmax varies but the method has no treat step")
    target = target or fw.root.id
    col = fw.node_ids.index(target)
    prep = prepare_table(data, fw, m)  # deterministic: the same in every replication
    X = prep.X
    rng = np.random.default_rng(seed)

    def pick(k: int) -> np.ndarray:
        return np.floor(rng.random(n) * k).astype(int) if k else np.full(n, -1)

    wm_i, norm_i, agg_i = pick(len(spec.winmax)), pick(len(spec.normalisations)), pick(len(spec.aggregations))
    level = node_levels(fw)
    W = np.broadcast_to(fw.node_weights, (n, len(fw.node_ids))).copy()
    for k, nid in enumerate(fw.node_ids):
        f = spec.weight_noise.get(level[nid], 0.0)
        if f:
            W[:, k] *= 1 + f * (2 * rng.random(n) - 1)
    WI = None
    if spec.indicator_weight_noise:
        WI = fw.indicator_weights * (1 + spec.indicator_weight_noise * (2 * rng.random((n, len(fw.indicators))) - 1))
    winmax = (np.array(spec.winmax)[wm_i] if spec.winmax
              else np.full(n, m.step("treat").get("winmax") if m.step("treat") else 0))

    scores = np.full((n, X.shape[0]), np.nan)
    failed = np.zeros(n, dtype=bool)
    combos = sorted(set(zip(norm_i.tolist(), agg_i.tolist())))
    for ni, ai in combos:
        changes: dict[str, Any] = {}
        if ni >= 0:
            changes["normalise"] = spec.normalisations[ni]
        if ai >= 0:
            changes["aggregation"] = spec.aggregations[ai]
        method = m.replace(**changes) if changes else m
        idx = np.flatnonzero((norm_i == ni) & (agg_i == ai))
        for start in range(0, len(idx), batch):
            sel = idx[start:start + batch]
            scores[sel], failed[sel] = _evaluate(X, fw, method, W[sel], None if WI is None else WI[sel],
                                                 winmax[sel] if m.step("treat") else None, col)
    rounded = round_scores(scores, m.rounding)
    ranks = rank_scores(rounded[..., None], m.ranking)[..., 0].astype(float)
    nominal = run_array_steps(X, fw, m)["scores"][..., col]
    nominal_ranks = rank_scores(round_scores(nominal, m.rounding)[:, None], m.ranking)[:, 0]
    choices = pd.DataFrame({"winmax": winmax if spec.winmax else -1, "normalisation": norm_i,
                            "aggregation": agg_i, "failed": failed})
    return PipelineUncertaintyResult(tuple(prep.codes), target, scores, ranks, nominal, nominal_ranks,
                                     choices, W)


def _evaluate(X, fw, method, W, WI, winmax, col) -> tuple[np.ndarray, np.ndarray]:
    """Target scores of a batch of replications; a failing replication gives NaN."""
    B = len(W)
    Xb = np.broadcast_to(X, (B,) + X.shape)
    try:
        out = run_array_steps(Xb, fw, method, indicator_weights=WI, node_weights=W, winmax=winmax)
        return out["scores"][..., col], np.zeros(B, dtype=bool)
    except MethodError:
        if B == 1:
            return np.full((1, X.shape[0]), np.nan), np.ones(1, dtype=bool)
    # find the failing replications one by one (rare: only when a method meets bad values)
    res = [_evaluate(X, fw, method, W[i:i + 1], None if WI is None else WI[i:i + 1],
                     None if winmax is None else winmax[i:i + 1], col) for i in range(B)]
    return np.concatenate([r[0] for r in res]), np.concatenate([r[1] for r in res])
