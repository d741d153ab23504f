"""Weighted aggregation of a node's inputs, per unit (COINr's ``a_*`` functions, ``R/aggregate.R``).

``values`` has shape ``(..., P, K)`` (K inputs of one node), ``weights`` shape ``(..., K)`` or
``(K,)`` (relative weights; only their ratios matter). Missing inputs (NaN) are dropped and the
weights of the others renormalised, as COINr's ``a_amean``, ``a_gmean`` and ``a_hmean`` do; a
node whose inputs are all missing is missing. With ``min_available`` (COINr's ``dat_thresh``) a
node is missing when fewer than that share of its inputs are present. With ``w`` the weights of
the present inputs divided by their sum:

===============  ================================================  ===========
function         formula                                           COINr
===============  ================================================  ===========
``arithmetic``   ``sum(w x)``                                      ``a_amean``
``geometric``    ``exp(sum(w log x))``; inputs must be positive,   ``a_gmean``
                 or are first raised to ``floor`` if one is set
``harmonic``     ``1 / sum(w / x)``; no input may be 0              ``a_hmean``
``sum``          ``K * sum(w x)``: the plain sum with equal         (not in COINr)
                 weights; missing if any input is missing
===============  ================================================  ===========

COINr stops with an error on a non-positive input of a geometric mean (zero for a harmonic
mean); so does :func:`aggregate_values`, with a :class:`~icttools.core.errors.MethodError`
that names the node. The ICT Index floors geometric inputs at 0.01 instead (``floor``).
"""

from __future__ import annotations

import numpy as np

from icttools.core.errors import MethodError

__all__ = ["aggregate_values"]


def aggregate_values(values: np.ndarray, weights: np.ndarray, function: str, floor: float | None = None,
                     min_available: float | None = None, node: str = "", complete: bool = False) -> np.ndarray:
    """Aggregate the last axis of ``values`` with ``function``; returns shape ``values.shape[:-1]``.

    ``complete=True`` tells that ``values`` has no missing value (skips the scan for them).

    Raises
    ------
    MethodError
        A geometric mean without ``floor`` meets an input ≤ 0, or a harmonic mean an input of 0.
    """
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)[..., None, :]  # broadcast over units
    if complete:
        wn = w / w.sum(axis=-1, keepdims=True)
        if function == "arithmetic":
            return (v * wn).sum(axis=-1)
    missing = np.isnan(v)
    K = v.shape[-1]
    if function in ("geometric", "harmonic"):
        bad = (v <= 0) if function == "geometric" else (v == 0)
        if floor is None or function == "harmonic":
            if bad.any():
                what = "≤ 0" if function == "geometric" else "equal to 0"
                raise MethodError(
                    f"node {node!r}: the {function} mean needs inputs that are not {what} "
                    f"({int(bad.sum())} are, e.g. {float(v[bad][0]):g}); normalise to positive values "
                    f"(e.g. minmax:1,100) or choose another aggregation")
    if not missing.any():
        wn = w / w.sum(axis=-1, keepdims=True)
        if function == "arithmetic":
            return (v * wn).sum(axis=-1)
        if function == "geometric":
            x = v if floor is None else np.maximum(v, floor)
            return np.exp((np.log(x) * wn).sum(axis=-1))
        if function == "harmonic":
            return 1.0 / (wn / v).sum(axis=-1)
        if function == "sum":
            return K * (v * wn).sum(axis=-1)
        raise ValueError(f"unknown aggregation {function!r}")
    present = ~missing
    wp = np.where(present, w, 0.0)
    total = wp.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        wn = wp / total
        x = np.where(present, v, 1.0)
        if function == "arithmetic":
            out = (x * wn).sum(axis=-1)
        elif function == "geometric":
            x = x if floor is None else np.maximum(x, floor)
            out = np.exp((np.log(x) * wn).sum(axis=-1))
        elif function == "harmonic":
            out = 1.0 / (wn / x).sum(axis=-1)
        elif function == "sum":
            out = np.where(missing.any(axis=-1), np.nan, K * (x * wn).sum(axis=-1))
        else:
            raise ValueError(f"unknown aggregation {function!r}")
    n_present = present.sum(axis=-1)
    out = np.where(n_present == 0, np.nan, out)
    if min_available is not None:
        out = np.where(n_present / K < min_available, np.nan, out)
    return out
