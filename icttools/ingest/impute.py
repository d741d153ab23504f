"""Imputation: filling empty values explicitly, recording every value filled in.

Nothing is filled unless asked for (``impute="regional-mean"`` or ``"national-mean"``); each
fill is an :class:`Imputation` that the processed manifest and the data-quality report show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Sequence

import pandas as pd

from icttools.core.errors import InputError
from icttools.core.provinces import load_provinces
from icttools.ingest.problems import Problem
from icttools.ingest.values import MissingCell

__all__ = ["IMPUTE_METHODS", "Imputation", "check_impute", "impute_missing"]

IMPUTE_METHODS = ("regional-mean", "national-mean")


@dataclass(frozen=True)
class Imputation:
    """A missing value filled in: ``value`` of ``indicator`` for province ``gso_code``.

    ``method`` is the method actually used: ``"regional-mean"``, or ``"national-mean"`` (asked
    for, or the fallback when no other province of the region has a value). ``n_values`` is
    the number of provinces averaged.
    """

    gso_code: str
    indicator: str
    value: float
    method: str
    n_values: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_impute(impute: str | None) -> None:
    """Raise :class:`~icttools.core.errors.InputError` unless ``impute`` is None or one of
    :data:`IMPUTE_METHODS`."""
    if impute is not None and impute not in IMPUTE_METHODS:
        raise InputError(f"impute must be None or one of {', '.join(IMPUTE_METHODS)}, got {impute!r}")


def impute_missing(data: pd.DataFrame, missing: Sequence[MissingCell], impute: str | None,
                   ) -> tuple[list[Imputation], list[Problem]]:
    """Fill missing values in place (or report them).

    Parameters
    ----------
    data : DataFrame
        Indexed by gso_code, indicator columns; NaN where missing (and where a value was
        invalid: such cells are never used in means).
    missing : sequence of MissingCell
    impute : {None, "regional-mean", "national-mean"}
        ``regional-mean``: the mean of the same indicator over the other provinces of the same
        region that have a value, else the national mean. ``national-mean``: the mean over all
        provinces with a value. Means are taken over observed values only, so the result does
        not depend on the order of filling.

    Returns
    -------
    (imputations, problems)
        Problems for the cells that could not be filled (no value anywhere) or all cells when
        ``impute`` is None.
    """
    if impute is None:
        return [], list(dict.fromkeys(m.problem for m in missing))
    check_impute(impute)
    observed = data.copy()
    region = load_provinces().set_index("gso_code")["region"]
    imputations, problems = [], []
    done: set[tuple[str, str]] = set()
    for m in missing:
        if (m.gso_code, m.indicator) in done:
            continue
        done.add((m.gso_code, m.indicator))
        col = observed[m.indicator].drop(index=m.gso_code).dropna()
        method = "national-mean"
        pool = col
        if impute == "regional-mean":
            same = col[[region[c] == region[m.gso_code] for c in col.index]]
            if len(same):
                pool, method = same, "regional-mean"
        if not len(pool):
            problems.append(m.problem)
            continue
        value = float(pool.mean())
        data.at[m.gso_code, m.indicator] = value
        imputations.append(Imputation(m.gso_code, m.indicator, value, method, int(len(pool))))
    return imputations, list(dict.fromkeys(problems))
