"""Outlier treatment of indicators, as COINr's ``Treat()`` does it (``R/treat.R``, COINr 1.1.14).

For each indicator (a column over the units), independently:

1. **Check** (``check_SkewKurt``): the column passes if ``|skew| < skew_thresh`` (2) **or**
   ``kurt < kurt_thresh`` (3.5). Skewness and kurtosis are the bias-corrected sample estimators
   COINr copies from ``e1071`` (type 2; SAS/SPSS ``G1`` and ``G2``), over the non-missing values
   ``x`` (``n`` of them, ``m`` their mean)::

       skew = sqrt(n) * sum((x-m)^3) / sum((x-m)^2)^(3/2) * sqrt(n (n-1)) / (n-2)     (n >= 3)
       r    = n * sum((x-m)^4) / sum((x-m)^2)^2
       kurt = ((n+1) (r-3) + 6) (n-1) / ((n-2) (n-3))                                  (n >= 4)

   A column that passes is left as it is.
2. **Winsorise** (``winsorise``): while the column fails and fewer than ``winmax`` points have
   been winsorised: if ``skew >= 0`` the point(s) equal to the maximum are set to the largest
   other value (high side), else the point(s) equal to the minimum are set to the smallest other
   value (low side); ties move together. COINr's count of winsorised points is the size of the
   *last* high set plus the size of the *last* low set (``nwin <- length(imax) + length(imin)``):
   as the winsorised points join the next maximum, this is the running count on one side.
3. If the winsorised column still fails, COINr discards it and **log-transforms** the original
   column instead (``log_CT``): ``log(x - min(x) + 0.01 (max(x) - min(x)))``; the result is kept
   whether or not it passes the check.

A column whose skewness or kurtosis cannot be computed (fewer than 3 or 4 values, zero spread)
is returned untreated, as COINr does (its check returns ``NA``).

:func:`treat_values` is vectorised over every column of a batch ``(..., P, I)``; ``winmax`` may
differ per batch element (the uncertainty analysis varies it per replication).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["skewness", "kurtosis", "passes_check", "log_ct", "treat_values", "Treatment",
           "STATUS_NAMES"]

#: Treatment outcome per column: 0 none needed, 1 winsorised, 2 log-transformed, 3 not treatable.
STATUS_NAMES = ("none", "winsorised", "log", "untreated")


def _moments(Y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """n, sum of squared, cubed and 4th-power deviations of each row of Y (NaN ignored)."""
    ok = ~np.isnan(Y)
    if ok.all():
        n = np.full(Y.shape[:-1], float(Y.shape[-1]))
        dev = Y - (Y.sum(axis=-1) / n)[..., None]
    else:
        n = ok.sum(axis=-1).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = np.where(ok, Y, 0.0).sum(axis=-1) / n
            dev = np.where(ok, Y - m[..., None], 0.0)
    d2 = dev * dev
    return n, d2.sum(axis=-1), (d2 * dev).sum(axis=-1), (d2 * d2).sum(axis=-1)


def _skew_kurt(Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n, s2, s3, s4 = _moments(np.asarray(Y, dtype=float))
    with np.errstate(invalid="ignore", divide="ignore"):
        sk = np.sqrt(n) * s3 / s2 ** 1.5
        sk = sk * np.sqrt(n * (n - 1)) / (n - 2)
        r = n * s4 / s2 ** 2
        kt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return np.where(n >= 3, sk, np.nan), np.where(n >= 4, kt, np.nan)


def skewness(Y: np.ndarray) -> np.ndarray:
    """Sample skewness of each row (e1071 type 2, as COINr's ``skew()``); NaN if n < 3."""
    return _skew_kurt(Y)[0]


def kurtosis(Y: np.ndarray) -> np.ndarray:
    """Sample excess kurtosis of each row (e1071 type 2, as COINr's ``kurt()``); NaN if n < 4."""
    return _skew_kurt(Y)[1]


def passes_check(Y: np.ndarray, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> np.ndarray:
    """COINr's ``check_SkewKurt`` per row: 1.0 pass, 0.0 fail, NaN when it cannot be computed.

    R evaluates ``(abs(sk) < skew_thresh) | (kt < kurt_thresh)`` with three-valued logic: TRUE if
    either side is TRUE, NA if neither is TRUE and one is NA.
    """
    sk, kt = _skew_kurt(Y)
    a = np.abs(sk) < skew_thresh
    b = kt < kurt_thresh
    unknown = (np.isnan(sk) | np.isnan(kt)) & ~(a | b)
    return np.where(a | b, 1.0, np.where(unknown, np.nan, 0.0))


def log_ct(Y: np.ndarray) -> np.ndarray:
    """COINr's ``log_CT``: ``log(x - min + 0.01 (max - min))`` per row, NaN ignored."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mn = np.nanmin(Y, axis=-1, keepdims=True)
        mx = np.nanmax(Y, axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.log(Y - mn + 0.01 * (mx - mn))


@dataclass(frozen=True)
class Treatment:
    """What the treatment did to each column (arrays of shape ``(..., I)``).

    Attributes
    ----------
    status : ndarray of int
        Index into :data:`STATUS_NAMES`.
    winsorised : ndarray of int
        COINr's count of winsorised points (0 unless ``status`` is 1).
    low_side : ndarray of bool
        The last winsorisation step was on the low side.
    """

    status: np.ndarray
    winsorised: np.ndarray
    low_side: np.ndarray


def _winsorise_side(x: np.ndarray, high: np.ndarray) -> np.ndarray:
    """One winsorisation step on each row of x (in place); returns the number of points moved."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        s = np.where(high[:, None], x, -x)  # work on the high side of s
        top = np.nanmax(s, axis=-1, keepdims=True)
        at_top = s == top
        nxt = np.nanmax(np.where(at_top, np.nan, s), axis=-1, keepdims=True)
    nxt = np.where(np.isnan(nxt), -np.inf, nxt)  # R: max of nothing is -Inf
    s = np.where(at_top, nxt, s)
    x[...] = np.where(high[:, None], s, -s)
    return at_top.sum(axis=-1)


def treat_values(X: np.ndarray, winmax: int | np.ndarray | None = 5, skew_thresh: float = 2.0,
                 kurt_thresh: float = 3.5, fallback: str = "log") -> tuple[np.ndarray, Treatment]:
    """Treat every indicator column of ``X`` as COINr's ``Treat()`` with its default functions.

    Parameters
    ----------
    X : ndarray, shape (..., P, I)
        Values; units on axis -2, missing values as NaN.
    winmax : int, None or ndarray broadcastable to ``X.shape[:-2] + (I,)``
        Maximum number of winsorised points per column (None: no limit).
    skew_thresh, kurt_thresh : float
        The check's thresholds.
    fallback : {"log", "none"}
        What to do with a column that still fails after winsorisation: ``log_CT`` of the
        original column (COINr's default ``f2``), or keep the winsorised column.

    Returns
    -------
    treated : ndarray, shape (..., P, I)
    info : Treatment
    """
    X = np.asarray(X, dtype=float)
    batch, P, I = X.shape[:-2], X.shape[-2], X.shape[-1]
    Y = np.moveaxis(X, -2, -1).reshape(-1, P)  # one row per column of every batch element
    C = Y.shape[0]
    if winmax is None:
        wmax = np.full(C, np.inf)
    else:
        wmax = np.broadcast_to(np.asarray(winmax, dtype=float), batch + (I,)).reshape(-1)
    status = np.zeros(C, dtype=np.int8)
    nwin = np.zeros(C, dtype=np.int64)
    low = np.zeros(C, dtype=bool)
    out = Y.copy()

    p0 = passes_check(Y, skew_thresh, kurt_thresh)
    status[np.isnan(p0)] = 3
    todo = np.flatnonzero(p0 == 0.0)
    if todo.size:
        x = Y[todo].copy()
        n_hi = np.zeros(todo.size, dtype=np.int64)
        n_lo = np.zeros(todo.size, dtype=np.int64)
        broken = np.zeros(todo.size, dtype=bool)  # R would stop with an error: column untreated
        active = wmax[todo] > 0
        while active.any():
            rows = np.flatnonzero(active)
            xs = x[rows]
            sk = skewness(xs)
            broken[rows[np.isnan(sk)]] = True
            high = sk >= 0
            moved = _winsorise_side(xs, high)
            x[rows] = xs
            n_hi[rows[high]] = moved[high]
            n_lo[rows[~high]] = moved[~high]
            low[todo[rows]] = ~high
            below = (n_hi[rows] + n_lo[rows]) < wmax[todo[rows]]
            ok = passes_check(xs, skew_thresh, kurt_thresh)
            broken[rows[np.isnan(ok) & below]] = True
            active[rows] = (ok == 0.0) & below & ~broken[rows]
        p1 = passes_check(x, skew_thresh, kurt_thresh)
        bad = broken | np.isnan(p1)
        win_ok = ~bad & (p1 == 1.0)
        rows_ok = todo[win_ok]
        out[rows_ok] = x[win_ok]
        status[rows_ok] = 1
        nwin[todo] = n_hi + n_lo
        status[todo[bad]] = 3
        still = todo[~bad & (p1 == 0.0)]
        if still.size:
            if fallback == "log":
                logged = log_ct(Y[still])
                p2 = passes_check(logged, skew_thresh, kurt_thresh)
                use = ~np.isnan(p2)
                out[still[use]] = logged[use]
                status[still[use]] = 2
                status[still[~use]] = 3
            else:
                keep = ~bad & (p1 == 0.0)
                out[still] = x[keep]
                status[still] = 1
    nwin = np.where(status == 1, nwin, 0)
    treated = np.moveaxis(out.reshape(batch + (I, P)), -1, -2)
    shape = batch + (I,)
    return treated, Treatment(status.reshape(shape), nwin.reshape(shape), low.reshape(shape))
