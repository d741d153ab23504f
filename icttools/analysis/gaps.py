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
    The best province of the province's socio-economic region (per row in :func:`gap_table`,
    by overall rank in :func:`decompose_gap`). May be the province itself (gap 0).
``region-median``, ``median``
    The median of the region / of all provinces. In :func:`gap_table` the median of each row.
    In :func:`decompose_gap` a *virtual median province* whose normalised value on every
    indicator is the median of the provinces' normalised values (it is not a real province and
    its score is not the median of the scores; see :func:`decompose_gap`).

Whenever a reference province must be chosen among ties, the lowest GSO code wins. Gaps are
always *reference minus province*, in the row's own units (indicator units, or rounded score
points for sub-indices, components and the overall score).

Decomposition (arithmetic aggregation only). With ``S_g = (C_g - offset_g) / scale_g`` and
``C_g = sum_i w_i n_i`` the root score is ``sum_g W_g S_g`` (``W_g``: product of the node weights
on the path from group ``g`` to the root). The offsets cancel in a difference, so

    score_ref - score_p = sum_i W_g(i) * w_i * (n_ref,i - n_p,i) / scale_g(i)

exactly, for every normalisation the engine offers (the normalisation constants are those of
the actual year; the reference does not move them). The terms are the *contributions*: the
index points the province loses against the reference on each criterion (positive = the
reference is ahead). Under geometric aggregation the score is not additive and
:func:`decompose_gap` raises ``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.errors import InputError
from icttools.core.engine import IndexResult, rank_scores
from icttools.core.framework import Framework
from icttools.core.pipeline import node_functions
from icttools.core.units import unit_regions
from icttools.core.provinces import code_key, resolve_province

__all__ = [
    "REFERENCES",
    "check_reference",
    "check_target_rank",
    "unit_code",
    "tree_rows",
    "descendant_indicators",
    "GapDecomposition",
    "reference_province",
    "indicator_ranks",
    "gap_table",
    "decompose_gap",
    "strengths_weaknesses",
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


def _region_codes(result: IndexResult, code: str) -> list[str]:
    prov = unit_regions(result.framework.units, list(result.codes))
    region = prov.get(code)
    if not region:  # a unit set without regions: the unit is its own region
        return [code]
    return [c for c in result.codes if prov.get(c) == region]


def _path_weights(fw: Framework) -> np.ndarray:
    """For each group (``fw.group_ids`` order), the product of node weights up to the root (times
    the number of inputs at a node that is a sum)."""
    fn = node_functions(fw)
    out = []
    for gid in fw.group_ids:
        w = 1.0
        node = fw.node(gid)
        while node.parent is not None:
            parent = fw.node(node.parent)
            total = sum(fw.node(c).weight for c in parent.children)
            w *= node.weight / total
            if fn.get(parent.id) == "sum":
                w *= len(parent.children)
            node = parent
        out.append(w)
    return np.array(out)


def _within_group_weights(fw: Framework) -> np.ndarray:
    w = fw.indicator_weights
    gi = fw.group_of_indicator
    totals = np.bincount(gi, weights=w)
    out = w / totals[gi]
    fn = node_functions(fw)
    if any(fn.get(g) == "sum" for g in fw.group_ids):
        sizes = np.bincount(gi)
        out = out * np.array([sizes[g] if fn.get(fw.group_ids[g]) == "sum" else 1 for g in gi])
    return out


def descendant_indicators(fw: Framework, node_id: str) -> list[str]:
    node = fw.node(node_id)
    if node.is_group:
        return list(node.indicators)
    out: list[str] = []
    for child in node.children:
        out.extend(descendant_indicators(fw, child))
    return out


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
        A GSO code; None for the median references, and for ``above`` when the province is
        ranked 1st. Ties are broken by the lowest GSO code.
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
        return _pick(_region_codes(result, code), ranks)
    return None


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
        * ``leader``, ``region_best`` -- the code of the best province (of the region) on that
          row (ties: lowest code).

        ``attrs`` holds ``province``, ``above`` and ``top_k`` (codes) and ``target_rank``.
    """
    fw = result.framework
    code = unit_code(result, province)
    k = check_target_rank(result, target_rank)
    above = reference_province(result, code, "above", k)
    topk = reference_province(result, code, "top-k", k)
    region = _region_codes(result, code)
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
        rbest = best(region)
        rows.append({
            "id": rid,
            "level": level,
            "parent": parent,
            "value": v,
            "rank": int(rank_col[code]),
            "gap_leader": tidy(col[lead] - v),
            "gap_above": tidy(col[above] - v) if above is not None else np.nan,
            "gap_top_k": tidy(col[topk] - v),
            "gap_region_best": tidy(col[rbest] - v),
            "gap_region_median": tidy(float(np.median(col[region].to_numpy())) - v),
            "gap_median": tidy(float(np.median(col.to_numpy())) - v),
            "leader": lead,
            "region_best": rbest,
        })
    out = pd.DataFrame(rows).set_index("id")
    out.index.name = "id"
    out.attrs.update({"province": code, "above": above, "top_k": topk, "target_rank": k})
    return out


# --- decomposition ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GapDecomposition:
    """The overall-score gap to a reference, split into index points per criterion.

    Attributes
    ----------
    province : str
        GSO code of the province.
    reference : str
        One of :data:`REFERENCES`.
    reference_province : str or None
        GSO code of the reference; None for the virtual median provinces.
    target_rank : int
    province_score, reference_score : float
        Unrounded overall scores (for the medians: the linear score of the median profile).
    score_gap : float
        ``reference_score - province_score``.
    contributions : Series (I)
        Index points per indicator; they add up to ``score_gap``.
    by_node : Series (Nn)
        Sums of the contributions under each node (the root's entry is the score gap). For a
        node this is its share of the *overall* gap (its own score gap × its path weight).
    reference_profile : Series (I)
        Normalised indicator values of the reference.
    """

    province: str
    reference: str
    reference_province: str | None
    target_rank: int
    province_score: float
    reference_score: float
    score_gap: float
    contributions: pd.Series
    by_node: pd.Series
    reference_profile: pd.Series


def decompose_gap(result: IndexResult, province: Any, reference: str = "leader",
                  target_rank: int = 10) -> GapDecomposition:
    """Split the overall-score gap to a reference into contributions of the indicators.

    ``contribution_i = W_g(i) * w_i * (n_ref,i - n_p,i) / scale_g(i)``, where ``n`` are the
    normalised indicator values (``result.normalised``), ``w_i`` the weight in the sub-index,
    ``scale_g`` the sub-index rescale (``result.group_scale``) and ``W_g`` the product of the node
    weights from the sub-index to the root. Under arithmetic aggregation the contributions add
    up to the score gap exactly, for the z-score, min–max and max-ratio normalisations (the
    sub-index offsets cancel).

    For ``median`` and ``region-median`` the reference is a *virtual province* whose normalised
    value on each indicator is the median over the provinces (of the region); its score is the
    same linear formula applied to that profile (``sum_g W_g (C_g - offset_g) / scale_g``), which
    is not in general the median of the scores.

    Parameters
    ----------
    result : IndexResult
    province : str
        GSO code or name.
    reference : str, default "leader"
        One of :data:`REFERENCES`; ``leader``, ``above``, ``top-k`` and ``region-best`` are
        chosen by overall rank (ties: lowest GSO code).
    target_rank : int, default 10
        ``k`` of ``top-k``.

    Returns
    -------
    GapDecomposition

    Raises
    ------
    ValueError
        Under geometric aggregation (the score is not additive), for an unknown reference, or
        for ``above`` when the province is ranked 1st.
    """
    fw = result.framework
    check_reference(reference)
    if not fw.method.additive:
        raise InputError(
            f"decompose_gap: aggregation {fw.method.aggregation!r} is not additive; the gap splits "
            "into per-indicator contributions only under arithmetic (or sum) aggregation"
        )
    code = unit_code(result, province)
    k = check_target_rank(result, target_rank)
    ref_code = reference_province(result, code, reference, k)
    if reference == "above" and ref_code is None:
        raise InputError(f"reference 'above': province {code} is ranked 1st; no province is above it")

    N = result.normalised
    n_p = N.loc[code].to_numpy()
    gi = fw.group_of_indicator
    W = _path_weights(fw)
    w = _within_group_weights(fw)
    scale = result.group_scale.reindex(fw.group_ids).to_numpy()
    offset = result.group_offset.reindex(fw.group_ids).to_numpy()
    per_point = W[gi] * w * np.where(scale[gi] != 0, 1.0 / np.where(scale[gi] != 0, scale[gi], 1.0), 0.0)

    p_score = float(result.scores.at[code, result.root])
    if ref_code is not None:
        n_ref = N.loc[ref_code].to_numpy()
        ref_score = float(result.scores.at[ref_code, result.root])
    else:
        members = list(result.codes) if reference == "median" else _region_codes(result, code)
        n_ref = np.median(N.loc[members].to_numpy(), axis=0)
        C = np.bincount(gi, weights=w * n_ref, minlength=len(fw.group_ids))
        S = np.where(scale != 0, (C - offset) / np.where(scale != 0, scale, 1.0), 0.0)
        ref_score = float((W * S).sum())

    contrib = per_point * (n_ref - n_p)
    contributions = pd.Series(contrib, index=fw.indicator_ids, name="contribution")
    by_node = pd.Series(
        {nid: float(contributions[descendant_indicators(fw, nid)].sum()) for nid in fw.node_ids},
        name="contribution",
    )
    return GapDecomposition(
        province=code,
        reference=reference,
        reference_province=ref_code,
        target_rank=k,
        province_score=p_score,
        reference_score=ref_score,
        score_gap=ref_score - p_score,
        contributions=contributions,
        by_node=by_node,
        reference_profile=pd.Series(n_ref, index=fw.indicator_ids, name="normalised"),
    )


# --- strengths and weaknesses ----------------------------------------------------------------

def strengths_weaknesses(result: IndexResult, province: Any, n: int = 3) -> dict[str, list[tuple]]:
    """The criteria where a province ranks best and worst, and those that cost it most points.

    Parameters
    ----------
    result : IndexResult
    province : str
        GSO code or name.
    n : int, default 3
        How many criteria per list.

    Returns
    -------
    dict
        ``{"strengths": [...], "weaknesses": [...], "costliest": [...]}``; each a list of
        ``(indicator, rank, value, points)`` tuples. ``strengths``: best indicator ranks first;
        ``weaknesses``: worst first (ties in framework order); ``costliest``: the largest positive
        contributions to the gap to the leader (``points``, overall-score units), largest first.
        ``points`` is the contribution against the leader; under geometric aggregation it is
        None and ``costliest`` is empty.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InputError(f"n must be a positive integer, got {n!r}")
    fw = result.framework
    code = unit_code(result, province)
    ranks = indicator_ranks(result).loc[code]
    values = result.values.loc[code]
    if fw.method.additive:
        points = decompose_gap(result, code, "leader").contributions
    else:
        points = None
    order = {iid: k for k, iid in enumerate(fw.indicator_ids)}

    def item(iid: str) -> tuple:
        pts = None if points is None else float(points[iid])
        return (iid, int(ranks[iid]), float(values[iid]), pts)

    ids = list(fw.indicator_ids)
    strengths = sorted(ids, key=lambda i: (ranks[i], order[i]))[:n]
    weaknesses = sorted(ids, key=lambda i: (-ranks[i], order[i]))[:n]
    costliest: list[str] = []
    if points is not None:
        positive = [i for i in ids if points[i] > 0]
        costliest = sorted(positive, key=lambda i: (-points[i], order[i]))[:n]
    return {
        "strengths": [item(i) for i in strengths],
        "weaknesses": [item(i) for i in weaknesses],
        "costliest": [item(i) for i in costliest],
    }
