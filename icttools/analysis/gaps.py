"""Gaps of one province to the others, and their decomposition into index points per criterion.

Six *references* are compared with the province:

``leader``
    The best province. In :func:`gap_table` the best province *on each row*; in
    :func:`decompose_gap` the province ranked 1st overall.
``above``
    The province one place above in the **overall** ranking: among the provinces ranked
    strictly better, the worst-ranked one. The same province is used on every row. None when
    the province is 1st.
``top-k``
    The entry threshold of the top ``k`` (``target_rank``): the worst-ranked province whose
    overall rank is ``<= k``. The same province on every row.
``region-best``
    The best *other* province of the province's socio-economic region (per row in
    :func:`gap_table`, by overall rank in :func:`decompose_gap`). When the province itself leads
    its region this is the runner-up (the gap is then negative: the province's lead), and the
    results say so (:func:`leads_region`; ``attrs["leads_region"]`` of :func:`gap_table`).
``region-median``, ``median``
    The median of the region / of all provinces. In :func:`gap_table` the median of each row.
    In :func:`decompose_gap` a *virtual median province* whose normalised value on every
    indicator is the median of the provinces' normalised values (it is not a real province and
    its score is not the median of the scores; see :func:`decompose_gap`).

Whenever a reference province must be chosen among ties, the lowest GSO code wins. Gaps are
always *reference minus province*, in the row's own units (indicator units, or rounded score
points for sub-indices, components and the overall score).

The decomposition of the overall-score gap into index points per criterion is in
:mod:`icttools.analysis.decomposition`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from icttools.core.errors import InputError
from icttools.core.engine import IndexResult, rank_scores
from icttools.core.framework import Framework
from icttools.core.provinces import code_key, resolve_province
from icttools.core.units import unit_regions

__all__ = [
    "REFERENCES",
    "check_reference",
    "check_target_rank",
    "unit_code",
    "tree_rows",
    "region_codes",
    "leads_region",
    "reference_province",
    "indicator_ranks",
    "gap_table",
]

#: The references, in output order.
REFERENCES: tuple[str, ...] = ("leader", "above", "top-k", "region-best", "region-median", "median")


# --- helpers ---------------------------------------------------------------------------------

def check_reference(reference: str) -> None:
    """Raise an input error unless ``reference`` is one of :data:`REFERENCES`."""
    if reference not in REFERENCES:
        raise InputError(f"reference must be one of {', '.join(REFERENCES)}, got {reference!r}")


def check_target_rank(result: IndexResult, target_rank: Any) -> int:
    """``target_rank`` as an int from 1 to the number of provinces (an input error otherwise)."""
    n = len(result.codes)
    if isinstance(target_rank, bool) or not isinstance(target_rank, (int, np.integer)) or not 1 <= target_rank <= n:
        raise InputError(f"target_rank must be an integer from 1 to {n}, got {target_rank!r}")
    return int(target_rank)


def unit_code(result: IndexResult, province: Any) -> str:
    """The GSO code of ``province`` (code, name, ...), which must be one of the result's rows."""
    if str(province).strip() in result.codes:
        return str(province).strip()
    code = resolve_province(province).gso_code
    if code not in result.codes:
        raise InputError(f"province {province!r} ({code}) is not in the computed table")
    return code


def _pick(codes: list[str], key: dict[str, float]) -> str:
    """The code with the smallest key; ties: lowest GSO code."""
    return min(codes, key=lambda c: (key[c], code_key(c)))


def region_codes(result: IndexResult, code: str) -> list[str]:
    """The codes of the result's provinces in the same region as ``code`` (regions of the
    framework's unit set; a unit set without regions: the unit alone)."""
    prov = unit_regions(result.framework.units, list(result.codes))
    region = prov.get(code)
    if not region:
        return [code]
    return [c for c in result.codes if prov.get(c) == region]


def tree_rows(fw: Framework) -> list[tuple[str, str, str | None, int]]:
    """(id, level, parent, depth) depth-first from the root: node, its children, ..., indicators."""
    rows: list[tuple[str, str, str | None, int]] = []

    def visit(node_id: str, depth: int) -> None:
        node = fw.node(node_id)
        rows.append((node_id, "group" if node.is_group else "node", node.parent, depth))
        if node.is_group:
            for ind in node.indicators:
                rows.append((ind, "indicator", node_id, depth + 1))
        for child in node.children:
            visit(child, depth + 1)

    visit(fw.root.id, 0)
    return rows


# --- references ------------------------------------------------------------------------------

def reference_province(result: IndexResult, province: Any, reference: str,
                       target_rank: int = 10) -> str | None:
    """The province a reference denotes, chosen by overall rank.

    Parameters
    ----------
    result : IndexResult
    province : str
        GSO code or name of the province.
    reference : str
        One of :data:`REFERENCES`.
    target_rank : int
        ``k`` of the ``top-k`` reference.

    Returns
    -------
    str or None
        A GSO code; None for the median references, for ``above`` when the province is
        ranked 1st, and for ``region-best`` when no other province shares its region. Ties are
        broken by the lowest GSO code. ``region-best`` is never the province itself.
    """
    check_reference(reference)
    code = unit_code(result, province)
    k = check_target_rank(result, target_rank)
    ranks = {c: int(r) for c, r in result.ranks[result.root].items()}
    codes = list(result.codes)
    if reference == "leader":
        return _pick(codes, ranks)
    if reference == "above":
        better = [c for c in codes if ranks[c] < ranks[code]]
        if not better:
            return None
        worst = max(ranks[c] for c in better)
        return _pick([c for c in better if ranks[c] == worst], ranks)
    if reference == "top-k":
        inside = [c for c in codes if ranks[c] <= k]
        worst = max(ranks[c] for c in inside)
        return _pick([c for c in inside if ranks[c] == worst], ranks)
    if reference == "region-best":
        others = [c for c in region_codes(result, code) if c != code]
        return _pick(others, ranks) if others else None
    return None


def leads_region(result: IndexResult, province: Any) -> bool:
    """Whether the province is the best of its region overall (ties: lowest GSO code), so that
    its ``region-best`` reference is the region's runner-up."""
    code = unit_code(result, province)
    ranks = {c: int(r) for c, r in result.ranks[result.root].items()}
    return _pick(region_codes(result, code), ranks) == code


def indicator_ranks(result: IndexResult) -> pd.DataFrame:
    """Competition rank of every province on every indicator (value × direction, 1 = best).

    Returns
    -------
    DataFrame (P × I) of int
    """
    fw = result.framework
    signed = result.values.to_numpy() * fw.directions
    ranks = rank_scores(signed, "competition")
    return pd.DataFrame(ranks.astype(int), index=result.values.index, columns=result.values.columns)


# --- gap table -------------------------------------------------------------------------------

def gap_table(result: IndexResult, province: Any, target_rank: int = 10) -> pd.DataFrame:
    """Gaps of a province to six references on every indicator, sub-index, component and overall.

    Parameters
    ----------
    result : IndexResult
        A computed year.
    province : str
        GSO code or name.
    target_rank : int, default 10
        ``k`` of the top-k threshold.

    Returns
    -------
    DataFrame
        Indexed by row id (node or indicator id), depth-first from ``overall`` (each sub-index is
        followed by its indicators). Columns:

        * ``level`` -- ``"node"`` (overall, components), ``"group"`` (sub-indices) or
          ``"indicator"``; ``parent`` -- the parent node id (None for the root);
        * ``value`` -- the indicator value, or the rounded score;
        * ``rank`` -- among all provinces (indicators: competition rank of value × direction;
          nodes: the published-style rank);
        * ``gap_leader``, ``gap_above``, ``gap_top_k``, ``gap_region_best``,
          ``gap_region_median``, ``gap_median`` -- reference minus province, in the row's units
          (``gap_above`` is NaN when the province is 1st);
        * ``leader`` -- the code of the best province on that row; ``region_best`` -- of the best
          *other* province of the region on that row (ties: lowest code; None when the region
          has no other province).

        ``attrs`` holds ``province``, ``above``, ``top_k`` and ``region_best`` (codes; the last
        chosen by overall rank), ``target_rank`` and ``leads_region`` (True when the province
        leads its region overall, so ``region-best`` is the runner-up).
    """
    fw = result.framework
    code = unit_code(result, province)
    k = check_target_rank(result, target_rank)
    above = reference_province(result, code, "above", k)
    topk = reference_province(result, code, "top-k", k)
    region = region_codes(result, code)
    region_others = [c for c in region if c != code]
    codes = list(result.codes)
    decimals = fw.method.rounding

    ind_ranks = indicator_ranks(result)
    rows = []
    for rid, level, parent, _depth in tree_rows(fw):
        if level == "indicator":
            col = result.values[rid]
            rank_col = ind_ranks[rid]
            d = fw.indicator(rid).direction
            signed = col * d

            def best(members: list[str]) -> str:
                key = {c: -signed[c] for c in members}
                return _pick(members, key)

            tidy = lambda g: float(g)  # noqa: E731 - indicator gaps are kept exact
        else:
            col = result.rounded[rid]
            rank_col = result.ranks[rid]

            def best(members: list[str]) -> str:
                key = {c: float(rank_col[c]) for c in members}
                return _pick(members, key)

            tidy = lambda g: float(np.round(g, decimals))  # noqa: E731 - rounded score units
        v = float(col[code])
        lead = best(codes)
        rbest = best(region_others) if region_others else None
        rows.append({
            "id": rid,
            "level": level,
            "parent": parent,
            "value": v,
            "rank": int(rank_col[code]),
            "gap_leader": tidy(col[lead] - v),
            "gap_above": tidy(col[above] - v) if above is not None else np.nan,
            "gap_top_k": tidy(col[topk] - v),
            "gap_region_best": tidy(col[rbest] - v) if rbest is not None else np.nan,
            "gap_region_median": tidy(float(np.median(col[region].to_numpy())) - v),
            "gap_median": tidy(float(np.median(col.to_numpy())) - v),
            "leader": lead,
            "region_best": rbest,
        })
    out = pd.DataFrame(rows).set_index("id")
    out.index.name = "id"
    out.attrs.update({"province": code, "above": above, "top_k": topk, "target_rank": k,
                      "region_best": reference_province(result, code, "region-best", k),
                      "leads_region": leads_region(result, code)})
    return out
