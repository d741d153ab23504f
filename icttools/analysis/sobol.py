"""Sobol indices: how much of one province's rank variance each group of method choices explains.

The uncertain inputs and their map from ``[0, 1)`` are those of :mod:`icttools.analysis.uncertainty`
(normalisation, sub-index weights, component weights, aggregation); the design is SALib's Saltelli
sample and the indices its first- and total-order estimates with bootstrap confidence intervals.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from icttools.analysis.uncertainty import (SOBOL_GROUPS, UncertaintySpec, check_int, evaluate_samples,
                                           ranks_of, resolve_spec, root_scores, samples_from_uniforms,
                                           sorted_matrix, uncertain_inputs)
from icttools.core.errors import InputError
from icttools.core.framework import Framework, as_framework
from icttools.core.provinces import row_of

__all__ = ["sobol_indices"]


def _bootstrap_seed(seed: int) -> int:
    """A positive seed for SALib's bootstrap: ``sobol.analyze`` ignores a falsy seed (0)."""
    return int(np.random.SeedSequence([seed, 1]).generate_state(1, dtype=np.uint32)[0]) or 1


def sobol_indices(data: pd.DataFrame, province: Any, framework: Framework | str | None = None,
                  n_base: int = 512, seed: int = 0, spec: UncertaintySpec | None = None,
                  conf_level: float = 0.95, num_resamples: int = 200) -> pd.DataFrame:
    """Variance-based sensitivity of one province's overall rank to each group of choices.

    The uncertain inputs (normalisation, each sub-index weight, each component weight,
    aggregation) are sampled in ``[0, 1)`` with SALib's Saltelli design
    (``SALib.sample.sobol.sample``, scrambled Sobol' sequence seeded with ``seed``) with the
    weights *grouped*, so the analysis has four factors: ``normalisation``, ``subindex_weights``,
    ``component_weights``, ``aggregation``. That is ``n_base * (4 + 2)`` evaluations of the
    index, computed in batches like :func:`run_uncertainty`. The inputs are mapped to choices as
    in the module docstring (geometric means floor their inputs at ``geometric_floor`` = 0.01).
    A group that the spec keeps fixed has indices exactly 0.

    First- (``S1``) and total-order (``ST``) indices come from ``SALib.analyze.sobol.analyze``
    with ``calc_second_order=False``; the confidence half-widths (``*_conf``) come from its
    bootstrap (``num_resamples`` resamples, level ``conf_level``). SALib seeds that bootstrap
    with its ``seed`` argument and otherwise draws from numpy's *global* RNG (it also ignores a
    seed of 0), so a positive seed derived from ``seed`` is always passed: the same ``seed``
    gives the same indices and intervals, and the global RNG is left alone.

    Parameters
    ----------
    data : DataFrame
        One row per province, one column per indicator.
    province : str or int or Province
        GSO code or name (resolved by :func:`icttools.core.provinces.resolve_province`).
    framework : Framework or str, optional
    n_base : int
        Base sample size of the Saltelli design (a power of 2 is best, >= 2).
    seed : int
    spec : UncertaintySpec, optional
    conf_level : float
        Confidence level of the bootstrap intervals, in (0, 1).
    num_resamples : int
        Bootstrap resamples (>= 2).

    Returns
    -------
    DataFrame
        Columns ``group, S1, S1_conf, ST, ST_conf``, one row per group in :data:`SOBOL_GROUPS`
        order. ``attrs`` holds ``province``, ``nominal_rank``, ``n_evaluations``, ``rank_std``
        ``constant_rank`` (the rank when it does not vary over the samples -- there is no
        variance to apportion and every index is 0 -- else None), ``seed`` and ``n_base``.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample


    fw = as_framework(framework)
    spec = resolve_spec(spec)
    n_base = check_int("n_base", n_base, 2)
    seed = check_int("seed", seed, 0)
    num_resamples = check_int("num_resamples", num_resamples, 2)
    if isinstance(conf_level, bool) or not isinstance(conf_level, (int, float, np.floating)) \
            or not 0 < float(conf_level) < 1:
        raise InputError(f"conf_level must be a number in (0, 1), got {conf_level!r}")
    X, codes = sorted_matrix(data, fw)
    code, p = row_of(province, codes)

    inputs = uncertain_inputs(fw)
    names = [i.name for i in inputs]
    groups = [i.group for i in inputs]
    problem = {"num_vars": len(inputs), "names": names, "bounds": [[0.0, 1.0]] * len(inputs),
               "groups": groups}
    U = sobol_sample.sample(problem, n_base, calc_second_order=False, seed=seed)
    samples = samples_from_uniforms(U, fw, spec)
    _, ranks = evaluate_samples(X, fw, samples)
    Y = ranks[:, p].astype(float)
    nominal = int(ranks_of(root_scores(X, fw, fw.method, None), fw.method)[p])

    group_order = [g for g in SOBOL_GROUPS if g in groups]
    constant = float(Y.std()) == 0.0
    if constant:  # no variance to apportion: every index is 0
        table = {g: (0.0, 0.0, 0.0, 0.0) for g in group_order}
    else:
        with warnings.catch_warnings():
            # SALib warns when a bootstrap resample happens to be constant; the estimate is 0 then.
            warnings.filterwarnings("ignore", message="Constant values encountered")
            Si = sobol_analyze.analyze(problem, Y, calc_second_order=False, conf_level=float(conf_level),
                                       num_resamples=num_resamples, seed=_bootstrap_seed(seed))
        salib_groups = list(pd.unique(np.array(groups)))
        table = {g: tuple(float(Si[k][salib_groups.index(g)]) for k in ("S1", "S1_conf", "ST", "ST_conf"))
                 for g in group_order}
    out = pd.DataFrame([(g, *table[g]) for g in group_order],
                       columns=["group", "S1", "S1_conf", "ST", "ST_conf"])
    out.attrs.update({"province": code, "nominal_rank": nominal, "n_evaluations": int(len(Y)),
                      "rank_std": float(Y.std()), "constant_rank": int(Y[0]) if constant else None, "seed": seed,
                      "n_base": n_base})
    return out
