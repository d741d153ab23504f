"""Normalisation of indicators across units, and the rescale of aggregates across units.

Every function works on arrays of shape ``(..., P, I)`` (any leading batch dimensions, units on
axis -2) and ignores missing values (NaN) in its statistics, as COINr does with ``na.rm = TRUE``;
a missing value stays missing.

Directions follow COINr's ``Normalise.numeric()`` (``R/normalise.R``): the values are multiplied
by the direction (1 or -1) first, then normalised, so "lower is better" indicators are reversed by
every function. With ``x' = d x`` and statistics over the units (``min``, ``max``, ``mean``,
``sd`` of ``x'``):

=================  ==========================================================  ==================
function           formula                                                     COINr
=================  ==========================================================  ==================
``minmax``         ``(x' - min) / (max - min) * (u - l) + l``                  ``n_minmax``
``zscore``         ``(x' - mean) / sd * s + m`` (sd with ``ddof``; COINr: 1)   ``n_zscore``
``dist2max``       ``1 - (max - x') / (max - min)``                            ``n_dist2max``
``fracmax``        ``x' / max``                                                ``n_fracmax``
``rank``           rank of ``x'``, ties share the lowest rank, missing kept    ``n_rank``
``prank``          ``(rank - 1) / (n - 1)``, ``n`` non-missing values           ``n_prank``
``borda``          ``rank - 1``                                                ``n_borda``
``goalposts``      ``(x - lo) / (hi - lo)`` (``(hi - x) / (hi - lo)`` if          ``n_goalposts``
                   ``d = -1``), cut to [0, 1] if ``truncate``, times ``scale``;    (iMeta posts)
                   ``lo, hi`` = the indicator's range
``identity``       ``x'``                                                      ``f_n = "none"``
``ratio_to_best``  ``x / max`` (``min / x`` if ``d = -1``): the ICT Index        (not in COINr)
                   ``max-ratio`` reading
=================  ==========================================================  ==================

Note that COINr's ``n_fracmax`` of a ``d = -1`` indicator divides the negated values by their
maximum, i.e. gives ``x / min x`` (reproduced as it is); ``ratio_to_best`` is the "distance to
the best" reading. ``constant = "nan"`` (COINr) lets a zero spread give ``0/0 = NaN``;
``constant = "zero"`` (the ICT Index schemes) gives 0: a constant indicator carries no information.
"""

from __future__ import annotations

import warnings

import numpy as np

from icttools.core.steps import Step

__all__ = ["normalise_values", "rescale_values", "rescale_offset_scale", "safe_div", "rank_min"]


def safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den with 0 where den is 0 (a constant indicator carries no information)."""
    den = np.asarray(den, dtype=float)
    ok = den != 0
    return np.where(ok, num / np.where(ok, den, 1.0), 0.0)


def _div(num: np.ndarray, den: np.ndarray, constant: str) -> np.ndarray:
    if constant == "zero":
        return safe_div(num, den)
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


def _stat(X: np.ndarray, name: str, has_nan: bool, ddof: int = 0) -> np.ndarray:
    """A statistic over the unit axis (-2), keeping dims; NaN-aware only when needed."""
    if not has_nan:
        if name == "std":
            return X.std(axis=-2, keepdims=True, ddof=ddof)
        return getattr(X, name)(axis=-2, keepdims=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-missing column: NaN is the answer
        if name == "std":
            return np.nanstd(X, axis=-2, keepdims=True, ddof=ddof)
        return getattr(np, f"nan{name}")(X, axis=-2, keepdims=True)


def rank_min(X: np.ndarray) -> np.ndarray:
    """Ranks along axis -2, ascending, ties share the lowest rank, NaN stays NaN (R's
    ``rank(x, ties.method = "min", na.last = "keep")``)."""
    lower = X[..., None, :, :] < X[..., :, None, :]  # [..., p, q, i]: x_q < x_p
    r = 1.0 + lower.sum(axis=-2)
    return np.where(np.isnan(X), np.nan, r)


def normalise_values(X: np.ndarray, directions: np.ndarray, step: Step,
                     ranges: np.ndarray | None = None) -> np.ndarray:
    """Normalise indicator values over the unit axis with a ``normalise`` step.

    Parameters
    ----------
    X : ndarray, shape (..., P, I)
    directions : ndarray, shape (I,)
        1 where higher is better, -1 where lower is better.
    step : Step
        A ``normalise`` step (function and parameters; see the module table).
    ranges : ndarray, shape (I, 2), optional
        The indicators' ranges (``goalposts`` only).

    Returns
    -------
    ndarray, shape (..., P, I)
    """
    X = np.asarray(X, dtype=float)
    d = np.asarray(directions, dtype=float)
    f, c = step.function, step.get("constant", "nan")
    has_nan = bool(np.isnan(X).any())
    if f == "ratio_to_best":
        hi = _stat(X, "max", has_nan)
        lo = _stat(X, "min", has_nan)
        up = _div(X, hi, c)
        down = _div(np.broadcast_to(lo, X.shape), X, c)
        return np.where(d > 0, up, down)
    if f == "goalposts":
        if ranges is None or not np.isfinite(ranges).all():
            raise ValueError("goalposts normalisation needs a finite range for every indicator")
        lo, hi = ranges[:, 0], ranges[:, 1]
        # COINr flips and swaps the posts of a d = -1 indicator (get_iMeta_norm_paras)
        g1 = np.where(d > 0, lo, -hi)
        g2 = np.where(d > 0, hi, -lo)
        y = ((X * d) - g1) / (g2 - g1)
        if step.get("truncate"):
            y = np.clip(y, 0.0, 1.0)  # NaN stays NaN
        return y * step.get("scale")
    x = X * d
    if f == "minmax":
        lo_u = step.get("range")
        mn, mx = _stat(x, "min", has_nan), _stat(x, "max", has_nan)
        return _div(x - mn, mx - mn, c) * (lo_u[1] - lo_u[0]) + lo_u[0]
    if f == "zscore":
        mean = _stat(x, "mean", has_nan)
        sd = _stat(x, "std", has_nan, ddof=step.get("ddof"))
        return _div(x - mean, sd, c) * step.get("sd") + step.get("mean")
    if f == "dist2max":
        mn, mx = _stat(x, "min", has_nan), _stat(x, "max", has_nan)
        return 1 - _div(mx - x, mx - mn, c)
    if f == "fracmax":
        return _div(x, _stat(x, "max", has_nan), c)
    if f in ("rank", "prank", "borda"):
        r = rank_min(x)
        if f == "rank":
            return r
        if f == "borda":
            return r - 1
        n = (~np.isnan(x)).sum(axis=-2, keepdims=True)
        return _div(r - 1, n - 1.0, c)
    if f == "identity":
        return x
    raise ValueError(f"unknown normalisation function {f!r}")  # pragma: no cover - validated in Step


def rescale_offset_scale(C: np.ndarray, step: Step) -> tuple[np.ndarray, np.ndarray]:
    """``offset`` and ``scale`` with ``S = (C - offset) / scale`` for a ``rescale`` step.

    ``minmax`` to ``[l, u]``: ``S = (C - min) / (max - min) * (u - l) + l``; ``maxratio``:
    ``S = C / max``. Statistics over the unit axis (-2), ignoring missing values.
    """
    has_nan = bool(np.isnan(C).any())
    if step.function == "minmax":
        l, u = step.get("range")
        lo = _stat(C, "min", has_nan)
        span = _stat(C, "max", has_nan) - lo
        if (l, u) == (0.0, 1.0):
            return lo, span
        return lo - l * span / (u - l), span / (u - l)
    if step.function == "maxratio":
        return np.zeros_like(C[..., :1, :]), _stat(C, "max", has_nan)
    raise ValueError(f"unknown rescale function {step.function!r}")  # pragma: no cover


def rescale_values(C: np.ndarray, step: Step, with_params: bool = False):
    """Rescale aggregates across units (axis -2) with a ``rescale`` step.

    With ``with_params``, also returns ``(offset, scale)`` of :func:`rescale_offset_scale`.
    """
    c = step.get("constant", "nan")
    has_nan = bool(np.isnan(C).any())
    if step.function == "minmax":
        l, u = step.get("range")
        lo = _stat(C, "min", has_nan)
        span = _stat(C, "max", has_nan) - lo
        S = _div(C - lo, span, c) * (u - l) + l
        if not with_params:
            return S
        params = (lo, span) if (l, u) == (0.0, 1.0) else (lo - l * span / (u - l), span / (u - l))
        return S, params
    offset, scale = rescale_offset_scale(C, step)
    S = _div(C - offset, scale, c)
    return (S, (offset, scale)) if with_params else S
