"""Trends: rank histories and the attribution of a rank change to the province and to the others.

A province's rank can change because its own indicators changed, or because the other provinces'
changed (the index is relative: z-scores and min–max rescales are taken over all 63). Between two
years, with ``R(a, b)`` the rank of the province when its own row comes from year ``a`` and every
other row from year ``b`` (0 = before, 1 = after)::

    total       = R(1, 1) - R(0, 0)
    own         = R(1, 0) - R(0, 0)     its new values, the others' old values
    others      = R(0, 1) - R(0, 0)     its old values, the others' new values
    interaction = total - own - others

The interaction term **can be large** -- as large as the other two: Hà Giang 2017 -> 2018 on the
demo data moves 5 places up overall as own -10, others +19, interaction -14. Ranks are not
additive. ``own`` places the province's new values among the others' *old* ones and ``others``
places the others' new values around the province's *old* ones; when both moved the same way
(most provinces improve from one year to the next), each counterfactual crosses neighbours the
real change does not cross, so ``own`` and ``others`` both overstate and the interaction takes
it back. The normalisation adds to it: the province's own values move the means, spreads and
sub-index rescales that everybody's scores are measured with. A large interaction therefore
means the split is not a sharing-out of the change: read ``own`` as "what its own progress
would have done against last year's field" and ``others`` as "what the field's progress would
have done to last year's province", and only ``total`` as the fact. The numbers are kept as they
are in every output (nothing is reallocated).

The same split is given for the rounded scores. Ranks and scores are those of the published
method (rounded to ``method.rounding`` decimals, ranked on the rounded score). A negative rank
change means the province moved up.

All counterfactual tables (one per province and per part) are computed in one batch with the
engine's array kernels.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from icttools.core.errors import InputError
from icttools.core.engine import as_matrix, compute, rank_scores, round_scores, scores_from_matrix
from icttools.core.framework import Framework, as_framework
from icttools.core.provinces import code_key, resolve_province, sort_codes

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "attribute_rank_change",
    "rank_history",
]

#: Columns of :func:`attribute_rank_change`.
ATTRIBUTION_COLUMNS = [
    "gso_code", "node",
    "rank_before", "rank_after", "total", "own", "others", "interaction",
    "score_before", "score_after", "score_total", "score_own", "score_others", "score_interaction",
]




def _gso_sorted(X: np.ndarray, codes: list[str]) -> tuple[np.ndarray, list[str]]:
    order = sorted(range(len(codes)), key=lambda k: code_key(codes[k]))
    return X[order], [codes[k] for k in order]


def _selected(province: Any, codes: list[str]) -> list[int]:
    """Positions of the requested provinces (None = all), in GSO order."""
    if province is None:
        return list(range(len(codes)))
    queries = [province] if isinstance(province, (str, int)) or not isinstance(province, Iterable) else list(province)
    wanted = {resolve_province(q).gso_code for q in queries}
    absent = sort_codes(wanted - set(codes))
    if absent:
        raise InputError(f"province: {', '.join(absent)} not in the data")
    return [k for k, c in enumerate(codes) if c in wanted]


def attribute_rank_change(data_before: pd.DataFrame, data_after: pd.DataFrame, province: Any = None,
                          framework: Framework | str | None = None) -> pd.DataFrame:
    """Split each rank change between two years into own, others' and interaction parts.

    Parameters
    ----------
    data_before, data_after : DataFrame
        The two years' tables (index or column ``gso_code``), the same provinces. When the
        framework keeps missing values (``missing: skip``), the provinces without complete data
        in both years are left out (ranks among the others).
    province : str or int or list, optional
        One province (code or name), several, or ``None`` for all.
    framework : Framework or str, optional
        Default: the ICT Index 2016–2019 framework.

    Returns
    -------
    DataFrame
        One row per (province, node), provinces in GSO-code order and nodes in framework order,
        columns :data:`ATTRIBUTION_COLUMNS`: ranks before/after, ``total = rank_after -
        rank_before`` (negative = moved up), ``own``, ``others`` and ``interaction`` (ints, adding
        up to ``total`` exactly; the interaction can be as large as the other two, see the module
        docstring for what it means); rounded scores before/after and the same split of the score
        change (``score_*``).

    Notes
    -----
    ``own`` is the rank change when only the province's own row takes its new values;
    ``others`` when only the other rows do. The 2K counterfactual tables (K provinces) are
    stacked into one array of shape (2K + 2, P, I) and scored in a single call.

    Examples
    --------
    >>> att = attribute_rank_change(load_year(2017), load_year(2018), province="02")  # doctest: +SKIP
    >>> att.set_index("node").loc["overall", ["total", "own", "others", "interaction"]]  # doctest: +SKIP
    """
    fw = as_framework(framework)
    keep_missing = fw.method.missing == "skip"
    X0, codes0 = _gso_sorted(*as_matrix(data_before, fw, allow_missing=keep_missing))
    X1, codes1 = _gso_sorted(*as_matrix(data_after, fw, allow_missing=keep_missing))
    if keep_missing and codes0 == codes1:
        # a method that keeps missing values (PAPI): compare the provinces with complete data in
        # both years (a rank among them); the others are left out, never filled
        both = ~(np.isnan(X0).any(axis=1) | np.isnan(X1).any(axis=1))
        if province is not None:
            lacking = [c for c in (codes0[k] for k in _selected(province, codes0)) if not both[codes0.index(c)]]
            if lacking:
                raise InputError(f"province {', '.join(lacking)} lacks data in one of the two years; "
                                 "the change is compared among provinces with complete data in both")
        X0, X1 = X0[both], X1[both]
        codes0 = codes1 = [c for c, k in zip(codes0, both) if k]
    if codes0 != codes1:
        only0 = sort_codes(set(codes0) - set(codes1))
        only1 = sort_codes(set(codes1) - set(codes0))
        raise InputError(f"data_before and data_after must hold the same provinces; only before: "
                         f"{', '.join(only0) or '-'}; only after: {', '.join(only1) or '-'}")
    sel = np.array(_selected(province, codes0), dtype=int)
    K = len(sel)
    batch_pos = np.arange(K)
    # counterfactual k (own): old table, row sel[k] from the new year; (others): the reverse
    own_tables = np.repeat(X0[None], K, axis=0)
    own_tables[batch_pos, sel] = X1[sel]
    others_tables = np.repeat(X1[None], K, axis=0)
    others_tables[batch_pos, sel] = X0[sel]
    batch = np.concatenate([X0[None], X1[None], own_tables, others_tables], axis=0)

    m = fw.method
    rounded = round_scores(scores_from_matrix(batch, fw)["scores"], m.rounding)
    ranks = rank_scores(rounded, m.ranking)

    def diagonal(block: np.ndarray) -> np.ndarray:  # (K, P, Nn) -> (K, Nn): province k in table k
        return block[batch_pos, sel]

    r0, r1 = ranks[0, sel], ranks[1, sel]
    r_own, r_oth = diagonal(ranks[2:2 + K]), diagonal(ranks[2 + K:])
    s0, s1 = rounded[0, sel], rounded[1, sel]
    s_own, s_oth = diagonal(rounded[2:2 + K]), diagonal(rounded[2 + K:])

    total, own, others = r1 - r0, r_own - r0, r_oth - r0
    d = m.rounding
    s_total, s_own_d, s_oth_d = (np.round(s1 - s0, d), np.round(s_own - s0, d), np.round(s_oth - s0, d))
    nodes = fw.node_ids
    Nn = len(nodes)
    out = pd.DataFrame({
        "gso_code": np.repeat([codes0[k] for k in sel], Nn),
        "node": np.tile(nodes, K),
        "rank_before": r0.ravel().astype(int),
        "rank_after": r1.ravel().astype(int),
        "total": total.ravel().astype(int),
        "own": own.ravel().astype(int),
        "others": others.ravel().astype(int),
        "interaction": (total - own - others).ravel().astype(int),
        "score_before": s0.ravel(),
        "score_after": s1.ravel(),
        "score_total": s_total.ravel(),
        "score_own": s_own_d.ravel(),
        "score_others": s_oth_d.ravel(),
        "score_interaction": np.round(s_total - s_own_d - s_oth_d, d).ravel(),
    })
    return out[ATTRIBUTION_COLUMNS]


def rank_history(tables: dict[int, pd.DataFrame], province: Any, framework: Framework | str | None = None
                 ) -> pd.DataFrame:
    """Scores and ranks of one province at every node, year by year.

    Parameters
    ----------
    tables : dict of int to DataFrame
        One table per year (each computed on its own: ranks are among that year's provinces). A
        year in which the province has no score (missing data, kept as missing) is left out.
    province : str or int
        Code or name.
    framework : Framework or str, optional

    Returns
    -------
    DataFrame
        Indexed by ``year`` (ascending); columns ``gso_code`` then ``<node>_score`` (rounded as
        published) and ``<node>_rank`` for every node in framework order.
    """
    if not tables:
        raise InputError("tables: need at least one year")
    fw = as_framework(framework)
    code = resolve_province(province).gso_code
    rows = []
    for year in sorted(tables):  # a handful of years: one compute per year
        res = compute(tables[year], fw)
        if code not in res.codes:
            raise InputError(f"tables[{year}]: province {code} is not in the data")
        if np.isnan(res.scores.loc[code]).any():  # missing data that year (kept, never filled)
            continue
        row: dict[str, Any] = {"year": int(year), "gso_code": code}
        for nid in fw.node_ids:
            row[f"{nid}_score"] = res.score(code, nid)
            row[f"{nid}_rank"] = res.rank(code, nid)
        rows.append(row)
    return pd.DataFrame(rows).set_index("year")
