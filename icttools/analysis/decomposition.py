"""The overall-score gap of a province to a reference, split into index points per criterion.

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

from icttools.analysis.gaps import (check_reference, check_target_rank, indicator_ranks, reference_province,
                                    region_codes, unit_code)
from icttools.core.engine import IndexResult
from icttools.core.errors import InputError
from icttools.core.framework import Framework
from icttools.core.pipeline import node_functions

__all__ = ["GapDecomposition", "decompose_gap", "strengths_weaknesses", "descendant_indicators"]


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
    if reference == "region-best" and ref_code is None:
        raise InputError(f"reference 'region-best': no other province shares the region of {code}")

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
        members = list(result.codes) if reference == "median" else region_codes(result, code)
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
