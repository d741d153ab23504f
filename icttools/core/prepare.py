"""The table steps that come before treatment: denominate, impute, screen.

They work on the indicator matrix ``X`` (units × indicators, missing values as NaN) with the
columns of the data table they need (denominators, a group column), and follow COINr 1.1.14:

* **denominate** (``Denominate.data.frame``, ``R/denominate.R``): every indicator that names a
  denominator column is divided by it, the denominator first divided by the scale factor:
  ``x / (denominator / scale)`` (COINr's ``ScaleFactor``, default 1).
* **impute** (``i_mean``, ``i_median``, ``i_mean_grp``, ``i_median_grp``, ``R/impute.R``): each
  missing value becomes the mean (median) of the indicator's non-missing values, over all units
  or over the units of the same group (a column such as ``EurAsia_group``); a unit without a
  group is left as it is, and a value stays missing if its whole group lacks the indicator.
* **screen** (``Screen.data.frame`` with ``get_data_avail``, ``R/screen_units.R``): a unit's
  data availability is ``1 - (missing values) / (indicators)`` and its non-zero share is
  ``1 - (zeros) / (present values)``; ``by = "na"`` keeps units with availability ≥ threshold,
  ``"zeros"`` those with non-zero share ≥ ``nonzero_threshold``, ``"na-and-zeros"`` both.

Every function returns new arrays; inputs are never modified.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["denominate", "impute", "screen", "Imputation", "Screening"]


def denominate(X: np.ndarray, denominators: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Divide indicators by their denominators: ``x / (d / scale)``.

    Parameters
    ----------
    X : ndarray, shape (P, I)
    denominators : ndarray, shape (P, I)
        The denominator column of each indicator (NaN-free rows are not required; an indicator
        without a denominator has a column of NaN and is left unchanged).
    scale : ndarray, shape (I,)
        COINr's ``ScaleFactor`` (1 if not given).
    """
    X = np.asarray(X, dtype=float)
    has = ~np.all(np.isnan(denominators), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = X / (denominators / scale)
    return np.where(has, out, X)


@dataclass(frozen=True)
class Imputation:
    """One imputed value: unit row, indicator column, the value and the rule that gave it."""

    row: int
    column: int
    value: float
    rule: str


def impute(X: np.ndarray, function: str, groups: np.ndarray | None = None) -> tuple[np.ndarray, list[Imputation]]:
    """Fill missing values with the indicator's mean or median, overall or within groups.

    Parameters
    ----------
    X : ndarray, shape (P, I)
    function : {"mean", "median", "group-mean", "group-median"}
    groups : ndarray of object, shape (P,), optional
        Group label of each unit (None or NaN: no group); required for the group functions.

    Returns
    -------
    imputed : ndarray, shape (P, I)
    imputations : list of Imputation
        Every value filled, in row-major order (values that stay missing are not listed).
    """
    X = np.asarray(X, dtype=float)
    stat = np.nanmedian if function.endswith("median") else np.nanmean
    out = X.copy()
    missing = np.isnan(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing group stays missing
        if function in ("mean", "median"):
            fill = np.broadcast_to(stat(X, axis=0), X.shape)
            out = np.where(missing, fill, X)
            rule = function
        else:
            labels = pd.Series(groups, dtype=object)
            has_group = labels.notna().to_numpy()
            for g in sorted(labels[has_group].astype(str).unique()):
                rows = (labels.astype(str) == g).to_numpy() & has_group
                fill = stat(X[rows], axis=0)
                out[rows] = np.where(missing[rows], fill, X[rows])
            rule = function
    filled = missing & ~np.isnan(out)
    rows, cols = np.nonzero(filled)
    return out, [Imputation(int(r), int(c), float(out[r, c]), rule) for r, c in zip(rows, cols)]


@dataclass(frozen=True)
class Screening:
    """Data availability of each unit and whether it is kept."""

    availability: np.ndarray
    nonzero: np.ndarray
    keep: np.ndarray


def screen(X: np.ndarray, threshold: float, by: str = "na", nonzero_threshold: float = 0.05) -> Screening:
    """Which units to keep, by data availability (and/or share of non-zero values).

    COINr drops a unit when ``availability < threshold`` (``by = "na"``); ``0.9`` keeps units
    with at least 90 % of the indicators present.
    """
    X = np.asarray(X, dtype=float)
    n_ind = X.shape[1]
    n_na = np.isnan(X).sum(axis=1)
    n_zero = (X == 0).sum(axis=1)
    avail = 1 - n_na / n_ind
    with np.errstate(divide="ignore", invalid="ignore"):
        nonzero = 1 - n_zero / (n_ind - n_na)
    low_data = avail < threshold
    low_nonzero = nonzero < nonzero_threshold
    if by == "na":
        keep = ~low_data
    elif by == "zeros":
        keep = ~low_nonzero
    else:
        keep = ~(low_data | low_nonzero)
    return Screening(avail, nonzero, keep)
