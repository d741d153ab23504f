"""Uncertainty of the ranks from the unpublished parts of the method.

The published description of the ICT Index leaves some choices open (see
``docs/ict-index-methodology.md``) and a reviewer may question others. This module treats them as
uncertain inputs and propagates them to the provinces' overall ranks:

* **normalisation** of the indicators: one of the framework's three methods (``zscore-minmax``,
  the default reading; ``minmax-minmax``; ``max-ratio``), each equally likely;
* **sub-index weights** (weights of the groups within their component) and **component weights**
  (weights of the components within the overall index): every relative weight is multiplied by an
  independent factor drawn uniformly in ``[1 - spread, 1 + spread]`` (default ±25 %), then the
  weights are renormalised within their siblings;
* **aggregation** above the sub-indices: arithmetic or geometric weighted mean, equally likely.
  Inputs of a geometric mean are floored at the framework's ``geometric_floor`` (0.01), so a
  province at 0 on one sub-index does not zero its whole component.

:func:`run_uncertainty` is a Monte Carlo over these choices (rank distribution of every province);
:func:`icttools.analysis.sobol.sobol_indices` apportions the variance of one province's rank to the
four groups of choices (first- and total-order Sobol indices, Saltelli design, via SALib).

Every replication is one set of choices. All choices come from ``[0, 1)`` inputs ``u`` mapped as
follows (the same map serves the Monte Carlo and the Saltelli design):

* normalisation: ``spec.normalisations[floor(k u)]`` with ``k`` choices (``floor(3u)`` by default);
* aggregation: ``spec.aggregations[floor(k u)]`` (by default ``u < 0.5`` → arithmetic);
* weight factor: ``1 + spread (2u - 1)``.

Evaluation is vectorised: replications are grouped by (normalisation, aggregation) and each group
is computed in chunks by one call of :func:`icttools.core.engine.scores_from_matrix` on the data
broadcast to ``(B, P, I)`` with per-replication node weights ``(B, Nn)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from icttools.core.errors import InputError
from icttools.core.provinces import code_key
from icttools.core.engine import as_matrix, rank_scores, round_scores, scores_from_matrix
from icttools.core.framework import AGGREGATIONS, NORMALISATIONS, Framework, as_framework

__all__ = [
    "SOBOL_GROUPS",
    "UncertaintySpec",
    "MethodSamples",
    "UncertaintyResult",
    "sample_methods",
    "run_uncertainty",
    "UncertainInput",
    "uncertain_inputs",
    "samples_from_uniforms",
    "evaluate_samples",
    "root_scores",
    "ranks_of",
    "sorted_matrix",
    "resolve_spec",
    "check_int",
]

#: The groups of uncertain choices, in output order.
SOBOL_GROUPS = ("normalisation", "subindex_weights", "component_weights", "aggregation")

#: Replications per call of the kernel: bounds the memory of one batch (about 0.1 GB at 2000).
DEFAULT_CHUNK = 2000

ProgressCallback = Callable[[int, int], Any]


# --- the specification of the uncertain choices --------------------------------------------

@dataclass(frozen=True)
class UncertaintySpec:
    """Which choices vary, and how much.

    Parameters
    ----------
    weight_spread : float
        Half-width of the uniform multiplicative perturbation of each relative weight:
        factor in ``[1 - weight_spread, 1 + weight_spread]``; in ``[0, 1)``. 0 keeps the
        published weights.
    normalisations : tuple of str
        Normalisations sampled with equal probability (a subset of the framework's three).
    aggregations : tuple of str
        Aggregations above the sub-indices sampled with equal probability. The geometric mean
        floors its inputs at the framework's ``geometric_floor`` (0.01).
    vary_subindex_weights : bool
        Perturb the weights of the sub-indices (groups) within their component.
    vary_component_weights : bool
        Perturb the weights of the components within the overall index.
    """

    weight_spread: float = 0.25
    normalisations: tuple[str, ...] = NORMALISATIONS
    aggregations: tuple[str, ...] = AGGREGATIONS
    vary_subindex_weights: bool = True
    vary_component_weights: bool = True

    def __post_init__(self) -> None:
        spread = self.weight_spread
        if isinstance(spread, bool) or not isinstance(spread, (int, float, np.integer, np.floating)) \
                or not math.isfinite(float(spread)) or not 0 <= float(spread) < 1:
            raise InputError(f"weight_spread must be a number in [0, 1), got {spread!r}")
        object.__setattr__(self, "weight_spread", float(spread))
        for name, allowed in (("normalisations", NORMALISATIONS), ("aggregations", AGGREGATIONS)):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            value = tuple(value)
            if not value:
                raise InputError(f"{name} must name at least one choice, got {getattr(self, name)!r}")
            bad = [v for v in value if v not in allowed]
            if bad:
                raise InputError(f"{name}: {bad[0]!r} is not one of {', '.join(allowed)}")
            if len(set(value)) != len(value):
                raise InputError(f"{name} lists a choice twice: {value!r}")
            object.__setattr__(self, name, value)
        for name in ("vary_subindex_weights", "vary_component_weights"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise InputError(f"{name} must be True or False, got {getattr(self, name)!r}")
            object.__setattr__(self, name, bool(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        """Plain-type view (for JSON)."""
        return {
            "weight_spread": self.weight_spread,
            "normalisations": list(self.normalisations),
            "aggregations": list(self.aggregations),
            "vary_subindex_weights": self.vary_subindex_weights,
            "vary_component_weights": self.vary_component_weights,
        }


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain input in ``[0, 1)``: its name, its group and (for a weight) its node."""

    name: str
    group: str
    node_pos: int | None = None


def uncertain_inputs(framework: Framework) -> list[UncertainInput]:
    """The uncertain inputs of a framework, in a fixed order.

    Sub-index weights are the weights of the groups (nodes holding indicators); component weights
    are the weights of the other non-root nodes.
    """
    pos = {nid: k for k, nid in enumerate(framework.node_ids)}
    root = framework.root.id
    subindex = [n.id for n in framework.nodes if n.is_group and n.id != root]
    component = [n.id for n in framework.nodes if not n.is_group and n.id != root]
    out = [UncertainInput("normalisation", "normalisation")]
    out += [UncertainInput(f"w_{nid}", "subindex_weights", pos[nid]) for nid in subindex]
    out += [UncertainInput(f"w_{nid}", "component_weights", pos[nid]) for nid in component]
    out.append(UncertainInput("aggregation", "aggregation"))
    return out


# --- sampled choices -----------------------------------------------------------------------

@dataclass(frozen=True)
class MethodSamples:
    """The sampled method choices, one row per replication.

    Attributes
    ----------
    normalisation : ndarray of str, shape (n,)
    aggregation : ndarray of str, shape (n,)
    node_weights : ndarray, shape (n, Nn)
        Relative node weights aligned with ``node_ids`` (published weight × factor); the engine
        renormalises them within siblings.
    node_ids : tuple of str
    uniforms : ndarray, shape (n, D)
        The ``[0, 1)`` inputs the choices were mapped from (columns: ``input_names``).
    input_names : tuple of str
    """

    normalisation: np.ndarray
    aggregation: np.ndarray
    node_weights: np.ndarray
    node_ids: tuple[str, ...]
    uniforms: np.ndarray
    input_names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.normalisation)

    def replication(self, i: int) -> dict[str, Any]:
        """Choices of replication ``i``: normalisation, aggregation and node weights by id."""
        return {
            "normalisation": str(self.normalisation[i]),
            "aggregation": str(self.aggregation[i]),
            "node_weights": {nid: float(w) for nid, w in zip(self.node_ids, self.node_weights[i])},
        }


def _pick(u: np.ndarray, choices: tuple[str, ...]) -> np.ndarray:
    k = len(choices)
    idx = np.minimum((np.asarray(u) * k).astype(np.int64), k - 1)
    return np.asarray(choices)[idx]


def samples_from_uniforms(U: np.ndarray, framework: Framework, spec: UncertaintySpec) -> MethodSamples:
    """Map ``[0, 1)`` inputs (columns in :func:`uncertain_inputs` order) to method choices."""
    inputs = uncertain_inputs(framework)
    U = np.asarray(U, dtype=float)
    if U.ndim != 2 or U.shape[1] != len(inputs):
        raise InputError(f"uniform inputs must have shape (n, {len(inputs)}), got {U.shape}")
    W = np.tile(framework.node_weights, (U.shape[0], 1))
    vary = {"subindex_weights": spec.vary_subindex_weights, "component_weights": spec.vary_component_weights}
    norm = agg = None
    for j, inp in enumerate(inputs):
        if inp.group == "normalisation":
            norm = _pick(U[:, j], spec.normalisations)
        elif inp.group == "aggregation":
            agg = _pick(U[:, j], spec.aggregations)
        elif vary[inp.group]:
            W[:, inp.node_pos] *= 1.0 + spec.weight_spread * (2.0 * U[:, j] - 1.0)
    return MethodSamples(
        normalisation=norm, aggregation=agg, node_weights=W,
        node_ids=tuple(framework.node_ids), uniforms=U, input_names=tuple(i.name for i in inputs),
    )


def check_int(name: str, value: Any, lo: int, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < lo \
            or (hi is not None and value > hi):
        span = f">= {lo}" if hi is None else f"in {lo}..{hi}"
        raise InputError(f"{name} must be an integer {span}, got {value!r}")
    return int(value)


def resolve_spec(spec: UncertaintySpec | None) -> UncertaintySpec:
    if spec is None:
        return UncertaintySpec()
    if not isinstance(spec, UncertaintySpec):
        raise InputError(f"spec must be an UncertaintySpec or None, got {spec!r}")
    return spec


def sample_methods(framework: Framework | str | None, n: int, seed: int = 0,
                   spec: UncertaintySpec | None = None) -> MethodSamples:
    """Draw ``n`` sets of method choices.

    Parameters
    ----------
    framework : Framework or str or None
        The framework (default: ICT Index 2016–2019); its published weights are perturbed.
    n : int
        Number of replications (>= 1).
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same samples.
    spec : UncertaintySpec, optional
        What varies (default: everything, weights ±25 %).

    Returns
    -------
    MethodSamples
        Normalisation and aggregation are equally likely among the spec's choices; each varied
        relative weight is multiplied by ``U(1 - spread, 1 + spread)``.
    """
    fw = as_framework(framework)
    spec = resolve_spec(spec)
    n = check_int("n", n, 1)
    seed = check_int("seed", seed, 0)
    rng = np.random.default_rng(seed)
    U = rng.random((n, len(uncertain_inputs(fw))))
    return samples_from_uniforms(U, fw, spec)


# --- vectorised evaluation -----------------------------------------------------------------

def sorted_matrix(data: pd.DataFrame, framework: Framework) -> tuple[np.ndarray, list[str]]:
    """Indicator matrix with rows in GSO-code order (ranks do not depend on row order)."""
    if framework.method.normalisation not in NORMALISATIONS:
        # the choices varied here are the ICT Index family's (normalisation schemes, sub-index and
        # component weights, geometric mean); another method has other uncertain choices
        raise InputError(
            f"{framework.id}: this uncertainty analysis varies the ICT Index's unpublished choices "
            f"(normalisation {', '.join(NORMALISATIONS)}, weights, aggregation); the framework's "
            f"method ({framework.method.describe()}) is not one of them. Use "
            "icttools.analysis.pipeline_uncertainty.run_pipeline_uncertainty with the choices to vary.")
    X, codes = as_matrix(data, framework)
    if len(set(codes)) != len(codes):
        dup = sorted({c for c in codes if codes.count(c) > 1})
        raise InputError(f"data has duplicate province code(s): {', '.join(dup)}")
    order = sorted(range(len(codes)), key=lambda k: code_key(codes[k]))
    return X[order], [codes[k] for k in order]


def root_scores(X: np.ndarray, framework: Framework, method, node_weights: np.ndarray | None) -> np.ndarray:
    root = framework.node_ids.index(framework.root.id)
    return scores_from_matrix(X, framework, method=method, node_weights=node_weights)["scores"][..., root]


def ranks_of(scores: np.ndarray, method) -> np.ndarray:
    """Ranks along the province axis (last) of root scores, rounded as published."""
    rounded = round_scores(scores, method.rounding)
    return rank_scores(rounded[..., None], method.ranking)[..., 0]


def evaluate_samples(X: np.ndarray, framework: Framework, samples: MethodSamples, chunk: int | None = None,
              progress: ProgressCallback | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Root scores (n, P) and ranks (n, P) of every replication, batched by method combination."""
    chunk = DEFAULT_CHUNK if chunk is None else chunk
    n, P = len(samples), X.shape[0]
    scores = np.empty((n, P))
    ranks = np.empty((n, P), dtype=np.int16)
    done = 0
    combos = sorted(set(zip(samples.normalisation.tolist(), samples.aggregation.tolist())))
    for norm, agg in combos:
        method = framework.method.replace(normalisation=norm, aggregation=agg)
        idx = np.flatnonzero((samples.normalisation == norm) & (samples.aggregation == agg))
        for start in range(0, len(idx), chunk):
            sel = idx[start:start + chunk]
            Xb = np.broadcast_to(X, (len(sel),) + X.shape)  # a view: no copy of the data
            s = root_scores(Xb, framework, method, samples.node_weights[sel])
            scores[sel] = s
            ranks[sel] = ranks_of(s, method)
            done += len(sel)
            if progress is not None:
                progress(done, n)
    return scores, ranks


# --- Monte Carlo ---------------------------------------------------------------------------

@dataclass(frozen=True)
class UncertaintyResult:
    """Rank distribution of every province over the sampled method choices.

    Attributes
    ----------
    framework : Framework
        The framework; its method is the nominal (default) choice.
    codes : tuple of str
        Province codes in GSO-code order: the columns of ``ranks`` and ``scores``.
    n, seed, top_k : int
    spec : UncertaintySpec
    samples : MethodSamples
    ranks : ndarray of int16, shape (n, P)
        Overall (root) rank of each province in each replication.
    scores : ndarray, shape (n, P)
        Unrounded overall scores.
    nominal_ranks : ndarray of int, shape (P,)
        Ranks with the framework's method and published weights.
    summary : DataFrame
        One row per province in GSO-code order: ``gso_code, nominal_rank, median_rank, p05, p95,
        p_top_k, nominal_inside, share_better, share_worse`` (the shares of replications that rank
        the province better / worse than its nominal rank).
    """

    framework: Framework
    codes: tuple[str, ...]
    n: int
    seed: int
    top_k: int
    spec: UncertaintySpec
    samples: MethodSamples = field(repr=False)
    ranks: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)
    nominal_ranks: np.ndarray = field(repr=False)
    summary: pd.DataFrame = field(repr=False)


def run_uncertainty(data: pd.DataFrame, framework: Framework | str | None = None, n: int = 1000,
                    seed: int = 0, top_k: int = 10, spec: UncertaintySpec | None = None,
                    progress: ProgressCallback | None = None) -> UncertaintyResult:
    """Monte Carlo of the overall ranks over the unpublished method choices.

    Parameters
    ----------
    data : DataFrame
        One row per province (index or column ``gso_code``), one column per indicator.
    framework : Framework or str, optional
        The framework (default: ICT Index 2016–2019). Its method and weights are the nominal
        choice; rounding, ranking and ``geometric_floor`` are kept in every replication.
    n : int
        Number of replications.
    seed : int
        Seed of the sampled choices; the same seed gives identical results.
    top_k : int
        Cut-off for ``p_top_k``, the share of replications in which a province ranks ``<= top_k``.
    spec : UncertaintySpec, optional
        Which choices vary (default: the 3 normalisations, both aggregations, sub-index and
        component weights ±25 %). Geometric replications floor the means' inputs at the
        framework's ``geometric_floor`` (0.01).
    progress : callable(done, total), optional
        Called after each batch with the number of replications done.

    Returns
    -------
    UncertaintyResult
        ``summary`` gives, per province, the nominal rank, the median rank, the 5th and 95th
        percentiles of the rank (linear interpolation), ``p_top_k``, whether the nominal rank lies
        in ``[p05, p95]``, and the shares of replications ranking it better or worse than that.

    Examples
    --------
    >>> res = run_uncertainty(load_year(2018), n=10_000, seed=1)      # doctest: +SKIP
    >>> res.summary.set_index("gso_code").loc["02", ["nominal_rank", "p05", "p95"]]  # doctest: +SKIP
    """
    fw = as_framework(framework)
    spec = resolve_spec(spec)
    n = check_int("n", n, 1)
    seed = check_int("seed", seed, 0)
    if progress is not None and not callable(progress):
        raise InputError(f"progress must be a callable(done, total) or None, got {progress!r}")
    X, codes = sorted_matrix(data, fw)
    top_k = check_int("top_k", top_k, 1, len(codes))

    samples = sample_methods(fw, n, seed, spec)
    scores, ranks = evaluate_samples(X, fw, samples, progress=progress)
    nominal = ranks_of(root_scores(X, fw, fw.method, None), fw.method).astype(int)

    median = np.median(ranks, axis=0)
    p05, p95 = np.percentile(ranks, [5, 95], axis=0)
    p_top = (ranks <= top_k).mean(axis=0)
    inside = (p05 <= nominal) & (nominal <= p95)
    summary = pd.DataFrame({
        "gso_code": codes,
        "nominal_rank": nominal,
        "median_rank": median.astype(float),
        "p05": p05.astype(float),
        "p95": p95.astype(float),
        "p_top_k": p_top,
        "nominal_inside": inside.astype(bool),
        # where the nominal rank falls among the sampled ones (for the note when it is outside)
        "share_better": (ranks < nominal).mean(axis=0),
        "share_worse": (ranks > nominal).mean(axis=0),
    })
    return UncertaintyResult(framework=fw, codes=tuple(codes), n=n, seed=seed, top_k=top_k, spec=spec,
                             samples=samples, ranks=ranks, scores=scores, nominal_ranks=nominal,
                             summary=summary)
