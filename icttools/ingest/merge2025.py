"""The 63-province data of a year seen as the 34 provinces of 1/7/2025.

Each old province moved whole into one new unit (``icttools/data/merge_2025.csv``), so a new
unit's value is an aggregate of its members' values:

* **counts** (when the raw counts are given): summed, then the indicator is derived again from
  the summed counts with its formula (``sum num / sum den * factor``) -- exact;
* **shares and ratios**: the denominator-weighted mean of the members' values, which equals the
  ratio of the summed counts when the weights are the true denominators. The weight of each
  member is the best denominator available:

  - ``population``: the 2019 census population (reference data) -- the true denominator of the
    per-100-inhabitants indicators;
  - a count that is the numerator of another indicator (``it_staff`` in ``it_staff_pct =
    it_staff / civil_servants * 100``) is rebuilt from that indicator and its own denominator
    (``it_staff ∝ it_staff_pct × civil_servants``);
  - any other denominator (civil servants, households, enterprises, schools, procedures, ...),
    and the scores without a formula, use the population as a **proxy**, labelled so.

  The basis of every indicator is returned in :attr:`Merged.basis` and shown with the results.
* a member with a missing value makes the new unit's value missing (never filled);
* if a rebuilt denominator is 0 in every member of a unit (no IT staff at all, say), the
  population weighs the members instead (the ratio is then undefined in the source too).

Codes are per era: the result is indexed by the 34-era codes (new 08 = Hà Giang + Tuyên Quang)
and must only be used with a framework whose unit set is ``vn34`` (key on (period, code)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from icttools.core.errors import DataError
from icttools.core.framework import Framework
from icttools.core.provinces import load_provinces, merge_2025

__all__ = ["Merged", "merge_to_2025", "weight_basis"]


@dataclass(frozen=True)
class Merged:
    """The data of the 34 units and how each indicator was merged.

    Attributes
    ----------
    data : DataFrame
        34 rows indexed by the 2025 code (``gso_code``), the framework's indicators.
    basis : DataFrame
        Per indicator: ``method`` (``counts summed`` or ``weighted mean``), ``weights`` (what
        weighs each member), ``kind`` (``exact``, ``true denominator``, ``derived`` or ``proxy``).
    members : dict of str to list of str
        The 63-era codes in each new unit.
    """

    data: pd.DataFrame
    basis: pd.DataFrame
    members: dict[str, list[str]]


def _count_weight(count: str, fw: Framework, data: pd.DataFrame, population: pd.Series,
                  seen: frozenset[str] = frozenset()) -> tuple[pd.Series, str, str]:
    """Relative size of a count in each old province, how it is known, and the kind of basis."""
    if count == "population":
        return population, "population (2019 census)", "true denominator"
    for ind in fw.indicators:
        f = ind.formula
        if f is not None and f.numerator == count and ind.id in data.columns and f.denominator not in seen:
            w, how, kind = _count_weight(f.denominator, fw, data, population, seen | {count})
            return (data[ind.id] * w / f.factor, f"{ind.id} × {how}",
                    "derived" if kind == "true denominator" else "proxy")
    return population, f"population as a proxy for {count}", "proxy"


def weight_basis(fw: Framework, data: pd.DataFrame) -> dict[str, tuple[pd.Series, str, str]]:
    """For each indicator: member weights (indexed by 63-era code), their description, their kind."""
    population = load_provinces().set_index("gso_code")["population_2019"].astype(float)
    out = {}
    for ind in fw.indicators:
        if ind.formula is None:
            out[ind.id] = (population, "population as a proxy (a score, no denominator)", "proxy")
        else:
            out[ind.id] = _count_weight(ind.formula.denominator, fw, data, population)
    return out


def merge_to_2025(data: pd.DataFrame, framework: Framework, counts: pd.DataFrame | None = None) -> Merged:
    """Merge a year's 63-province table into the 34 units of 1/7/2025.

    Parameters
    ----------
    data : DataFrame
        One row per 63-era province (index or column ``gso_code``), the framework's indicators.
    framework : Framework
        A framework on the 63 provinces (its formulas tell which counts make each indicator).
    counts : DataFrame, optional
        Raw counts per old province (index ``gso_code``); indicators whose numerator and
        denominator are both there are derived from the summed counts.

    Raises
    ------
    DataError
        The table is not the 63 provinces (a 34-unit table cannot be merged again).
    """
    df = data.set_index("gso_code") if "gso_code" in data.columns else data
    df = df.copy()
    df.index = [str(c).zfill(2) if str(c).isdigit() else str(c) for c in df.index]
    mp = merge_2025().set_index("old_gso_code")
    unknown = sorted(set(df.index) - set(mp.index))
    if unknown or len(df) != len(mp):
        raise DataError(f"merging to the 34 units needs the 63 provinces (one row each); got {len(df)} rows"
                        + (f", unknown code(s) {', '.join(unknown[:5])}" if unknown else ""))
    iid = framework.indicator_ids
    new = mp.loc[df.index, "new_code"]
    order = list(dict.fromkeys(mp.sort_values("new_code", key=lambda s: s.astype(int))["new_code"]))
    members = {c: sorted(new.index[new == c]) for c in order}
    bases = weight_basis(framework, df)
    out = pd.DataFrame(index=pd.Index(order, name="gso_code"), columns=iid, dtype=float)
    rows = []
    for ind in framework.indicators:
        f = ind.formula
        if counts is not None and f is not None and {f.numerator, f.denominator} <= set(counts.columns):
            c = counts.loc[df.index, [f.numerator, f.denominator]].astype(float)
            summed = c.groupby(new.to_numpy()).sum()
            has_all = c.notna().all(axis=1).groupby(new.to_numpy()).all()
            val = summed[f.numerator] / summed[f.denominator] * f.factor
            out[ind.id] = val.where(has_all).reindex(order)
            rows.append((ind.id, "counts summed", f"{f.numerator} / {f.denominator} summed", "exact"))
            continue
        w, how, kind = bases[ind.id]
        x = df[ind.id].astype(float)
        wx = w.reindex(df.index).astype(float)
        g = new.to_numpy()
        complete = (x.notna() & wx.notna()).groupby(g).all()
        num = (x * wx).groupby(g).sum()
        den = wx.groupby(g).sum()
        # members whose rebuilt denominators are all 0 (e.g. no IT staff at all): population weights
        zero = den == 0
        if zero.any():
            pw = load_provinces().set_index("gso_code")["population_2019"].astype(float).reindex(df.index)
            num = num.where(~zero, (x * pw).groupby(g).sum())
            den = den.where(~zero, pw.groupby(g).sum())
        with np.errstate(invalid="ignore", divide="ignore"):
            val = (num / den).where(complete)
        out[ind.id] = val.reindex(order)
        rows.append((ind.id, "weighted mean", how, kind))
    basis = pd.DataFrame(rows, columns=["indicator", "method", "weights", "kind"]).set_index("indicator")
    return Merged(out, basis, members)
