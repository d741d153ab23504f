"""The index engine: indicators -> normalised values -> group scores -> node scores -> ranks.

Everything is a pure function of (data, framework). The array functions accept any number of
leading batch dimensions (``(..., P, I)``), which is how what-if sweeps and Monte Carlo
replications are computed in one call instead of a Python loop of ``compute`` calls.

Steps for one group (sub-index) ``g`` with indicators ``i`` and provinces ``p``:

* ``zscore-minmax`` (default, inferred from the UN EGDI): ``n = d * (x - mean_p x) / sd_p x``;
  ``C = sum_i w_i n``; ``S = (C - min_p C) / (max_p C - min_p C)``.
* ``minmax-minmax``: ``n = (x - min) / (max - min)`` (reversed if direction is -1); then the same
  ``C`` and min–max rescale.
* ``max-ratio``: ``n = x / max x`` (``min x / x`` if direction is -1); ``C = sum_i w_i n``;
  ``S = C / max_p C``.

Above the groups: weighted arithmetic (or geometric) means, not rescaled.
Scores are rounded to ``method.rounding`` decimals and ranked on the rounded value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.framework import Framework, Method, as_framework

__all__ = [
    "IndexResult",
    "compute",
    "normalise",
    "group_raw_scores",
    "rescale_groups",
    "node_scores",
    "scores_from_matrix",
    "rank_scores",
    "round_scores",
    "as_matrix",
]


# --- array kernels (batch-friendly) ---------------------------------------------------------

def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den with 0 where den is 0 (a constant indicator carries no information)."""
    den = np.asarray(den, dtype=float)
    ok = den != 0
    return np.where(ok, num / np.where(ok, den, 1.0), 0.0)


def normalise(X: np.ndarray, directions: np.ndarray, normalisation: str) -> np.ndarray:
    """Normalise indicator values over the province axis.

    Parameters
    ----------
    X : ndarray, shape (..., P, I)
        Indicator values.
    directions : ndarray, shape (I,)
        +1 where higher is better, -1 where lower is better.
    normalisation : str
        One of ``zscore-minmax``, ``minmax-minmax``, ``max-ratio``.

    Returns
    -------
    ndarray, shape (..., P, I)
    """
    X = np.asarray(X, dtype=float)
    d = np.asarray(directions, dtype=float)
    if normalisation == "zscore-minmax":
        mean = X.mean(axis=-2, keepdims=True)
        sd = X.std(axis=-2, keepdims=True)  # ddof is irrelevant: the min-max rescale removes it
        return d * _safe_div(X - mean, sd)
    if normalisation == "minmax-minmax":
        lo = X.min(axis=-2, keepdims=True)
        hi = X.max(axis=-2, keepdims=True)
        up = _safe_div(X - lo, hi - lo)
        return np.where(d > 0, up, np.where(hi - lo != 0, 1.0 - up, 0.0))
    if normalisation == "max-ratio":
        hi = X.max(axis=-2, keepdims=True)
        lo = X.min(axis=-2, keepdims=True)
        up = _safe_div(X, hi)
        down = _safe_div(np.broadcast_to(lo, X.shape), X)
        return np.where(d > 0, up, down)
    raise ValueError(f"unknown normalisation {normalisation!r}")


def group_matrix(framework: Framework, indicator_weights: np.ndarray | None = None) -> np.ndarray:
    """Indicator-to-group weight matrix, shape (..., I, G); columns sum to 1."""
    w = framework.indicator_weights if indicator_weights is None else np.asarray(indicator_weights, float)
    gi = framework.group_of_indicator
    G = len(framework.group_ids)
    onehot = np.zeros((len(gi), G))
    onehot[np.arange(len(gi)), gi] = 1.0
    M = w[..., :, None] * onehot
    return M / M.sum(axis=-2, keepdims=True)


def group_raw_scores(N: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Weighted mean of normalised indicators per group: (..., P, I) @ (..., I, G)."""
    return N @ M


def rescale_params(C: np.ndarray, normalisation: str) -> tuple[np.ndarray, np.ndarray]:
    """Offset and scale such that ``S = (C - offset) / scale`` for each group, shape (..., 1, G)."""
    if normalisation in ("zscore-minmax", "minmax-minmax"):
        lo = C.min(axis=-2, keepdims=True)
        return lo, C.max(axis=-2, keepdims=True) - lo
    if normalisation == "max-ratio":
        return np.zeros_like(C[..., :1, :]), C.max(axis=-2, keepdims=True)
    raise ValueError(f"unknown normalisation {normalisation!r}")


def rescale_groups(C: np.ndarray, normalisation: str) -> np.ndarray:
    """Group scores in [0, 1] from raw group means."""
    offset, scale = rescale_params(C, normalisation)
    return _safe_div(C - offset, scale)


def node_scores(S_groups: np.ndarray, framework: Framework, node_weights: np.ndarray | None = None,
                aggregation: str = "arithmetic", geometric_floor: float = 0.01) -> np.ndarray:
    """Scores of every node from the group scores.

    Parameters
    ----------
    S_groups : ndarray, shape (..., P, G)
    node_weights : ndarray, shape (..., Nn), optional
        Relative weights aligned with ``framework.node_ids``; renormalised within siblings.
        Defaults to the framework's weights.

    Returns
    -------
    ndarray, shape (..., P, Nn), columns in ``framework.node_ids`` order.
    """
    ids = framework.node_ids
    pos = {n: k for k, n in enumerate(ids)}
    W = framework.node_weights if node_weights is None else np.asarray(node_weights, dtype=float)
    shape = S_groups.shape[:-1] + (len(ids),)
    out = np.empty(shape)
    for g, gid in enumerate(framework.group_ids):
        out[..., pos[gid]] = S_groups[..., g]
    # bottom-up over nodes (few nodes; vectorised over provinces and batches)
    for node in reversed(framework.nodes):
        if node.is_group:
            continue
        kids = [pos[c] for c in node.children]
        w = W[..., kids]
        w = w / w.sum(axis=-1, keepdims=True)
        w = w[..., None, :]  # broadcast over provinces
        vals = out[..., kids]
        if aggregation == "arithmetic":
            out[..., pos[node.id]] = (vals * w).sum(axis=-1)
        elif aggregation == "geometric":
            out[..., pos[node.id]] = np.exp((np.log(np.maximum(vals, geometric_floor)) * w).sum(axis=-1))
        else:
            raise ValueError(f"unknown aggregation {aggregation!r}")
    return out


def round_scores(scores: np.ndarray, decimals: int) -> np.ndarray:
    """Round as published (to ``decimals``), with a guard against binary noise (0.50665 -> 0.5067)."""
    scale = 10.0 ** decimals
    return np.floor(np.asarray(scores) * scale + 0.5 + 1e-9) / scale


def rank_scores(scores: np.ndarray, ranking: str = "competition") -> np.ndarray:
    """Rank along the province axis (-2), 1 = best; ties share the best rank.

    ``scores`` has shape (..., P, K) and should already be rounded.
    """
    s = np.asarray(scores)
    greater = s[..., None, :, :] > s[..., :, None, :]  # [..., p, q, k]: q beats p
    if ranking == "competition":
        return 1 + greater.sum(axis=-2)
    if ranking == "dense":
        # 1 + number of distinct values strictly above
        srt = -np.sort(-s, axis=-2)
        first = np.concatenate([np.ones_like(srt[..., :1, :], dtype=bool),
                                srt[..., 1:, :] != srt[..., :-1, :]], axis=-2)
        above = (srt[..., None, :, :] > s[..., :, None, :]) & first[..., None, :, :]
        return 1 + above.sum(axis=-2)
    raise ValueError(f"unknown ranking {ranking!r}")


def scores_from_matrix(X: np.ndarray, framework: Framework, method: Method | None = None,
                       indicator_weights: np.ndarray | None = None,
                       node_weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Run the whole method on an array; the batch-friendly core of :func:`compute`.

    Returns a dict with ``normalised`` (..., P, I), ``group_raw`` (..., P, G), ``offset`` and
    ``scale`` (..., 1, G), ``scores`` (..., P, Nn) unrounded.
    """
    m = framework.method if method is None else method
    N = normalise(X, framework.directions, m.normalisation)
    M = group_matrix(framework, indicator_weights)
    C = group_raw_scores(N, M)
    offset, scale = rescale_params(C, m.normalisation)
    S = _safe_div(C - offset, scale)
    scores = node_scores(S, framework, node_weights, m.aggregation, m.geometric_floor)
    return {"normalised": N, "group_raw": C, "offset": offset, "scale": scale, "scores": scores}


# --- the table-level API ---------------------------------------------------------------------

def as_matrix(data: pd.DataFrame, framework: Framework) -> tuple[np.ndarray, list[str]]:
    """Indicator matrix (P, I) in framework order, and the province codes, from a data table.

    ``data`` is indexed by ``gso_code`` or has a ``gso_code`` column; extra columns are ignored.
    """
    df = data
    if "gso_code" in df.columns:
        df = df.set_index("gso_code")
    missing = [i for i in framework.indicator_ids if i not in df.columns]
    if missing:
        raise ValueError(f"data lacks indicator column(s): {', '.join(missing)}")
    X = df[framework.indicator_ids].to_numpy(dtype=float)
    if np.isnan(X).any():
        rows, cols = np.where(np.isnan(X))
        where = ", ".join(f"{df.index[r]}/{framework.indicator_ids[c]}" for r, c in zip(rows[:5], cols[:5]))
        raise ValueError(f"data has missing values ({where}); validate or impute first")
    codes = [str(c) for c in df.index]
    return X, codes


@dataclass(frozen=True)
class IndexResult:
    """Everything one computation produced, with the spec that made it.

    Attributes
    ----------
    framework : Framework
        The framework, including the method actually used.
    codes : tuple of str
        Province codes, in the row order of every table below.
    values : DataFrame (P x I)
        The input indicator values.
    normalised : DataFrame (P x I)
        Normalised indicator values (before the group mean).
    scores : DataFrame (P x Nn)
        Unrounded node scores.
    rounded : DataFrame (P x Nn)
        Scores rounded as published.
    ranks : DataFrame (P x Nn)
        Ranks on the rounded scores.
    group_offset, group_scale : Series (G)
        The rescale of each group: ``S = (C - offset) / scale``.
    effective_weights : Series (I)
        Each indicator's nominal share of the root score (product of the weights on its path).
    """

    framework: Framework
    codes: tuple[str, ...]
    values: pd.DataFrame
    normalised: pd.DataFrame
    group_raw: pd.DataFrame
    scores: pd.DataFrame
    rounded: pd.DataFrame
    ranks: pd.DataFrame
    group_offset: pd.Series
    group_scale: pd.Series
    effective_weights: pd.Series

    @property
    def method(self) -> Method:
        return self.framework.method

    @property
    def root(self) -> str:
        return self.framework.root.id

    def score(self, code: str, node: str | None = None, rounded: bool = True) -> float:
        table = self.rounded if rounded else self.scores
        return float(table.at[code, node or self.root])

    def rank(self, code: str, node: str | None = None) -> int:
        return int(self.ranks.at[code, node or self.root])

    def unit_effects(self) -> pd.DataFrame:
        """Change of the root score per unit of each indicator, normalisation constants held.

        Exact for the linear (arithmetic) aggregation: the root score is
        ``sum_i unit_effect_i * (x_i - reference)`` plus a constant. Shape (P x I) because the
        max-ratio/min-ratio normalisation of lower-is-better indicators is not linear; for
        higher-is-better indicators every row is the same.
        """
        fw = self.framework
        eff = self.effective_weights.to_numpy()
        gi = fw.group_of_indicator
        scale = self.group_scale.to_numpy()[gi]
        X = self.values.to_numpy()
        m = fw.method.normalisation
        if m == "zscore-minmax":
            per_unit = fw.directions / X.std(axis=0)
        elif m == "minmax-minmax":
            per_unit = fw.directions / (X.max(axis=0) - X.min(axis=0))
        else:
            per_unit = 1.0 / X.max(axis=0)
        per_unit = np.where(np.isfinite(per_unit), per_unit, 0.0)
        node_w = eff / fw.indicator_weights  # product of node weights on the path
        slope = node_w * fw.indicator_weights * _safe_div(per_unit, scale)
        return pd.DataFrame(np.broadcast_to(slope, X.shape), index=self.values.index,
                            columns=self.values.columns)

    def table(self, lang: str = "vi", names: bool = True) -> pd.DataFrame:
        """One row per province: ``gso_code, province, <node>_score, <node>_rank`` in node order."""
        from icttools.core.provinces import load_provinces

        out = pd.DataFrame({"gso_code": list(self.codes)})
        if names:
            prov = load_provinces().set_index("gso_code")
            col = "name_vi" if lang == "vi" else "name_ascii"
            out["province"] = [prov[col].get(c, c) for c in self.codes]
        for nid in self.framework.node_ids:
            out[f"{nid}_score"] = self.rounded[nid].to_numpy()
            out[f"{nid}_rank"] = self.ranks[nid].to_numpy()
        return out


def compute(data: pd.DataFrame, framework: Framework | str | None = None, **method_overrides: Any) -> IndexResult:
    """Compute the index for one year.

    Parameters
    ----------
    data : DataFrame
        One row per province (index or column ``gso_code``), one column per indicator id.
    framework : Framework or str, optional
        The framework (default: the ICT Index 2016–2019 framework).
    **method_overrides
        Method choices to change for this computation, e.g. ``normalisation="max-ratio"``.

    Returns
    -------
    IndexResult

    Examples
    --------
    >>> from icttools.ingest.io import load_year
    >>> res = compute(load_year(2018))            # doctest: +SKIP
    >>> res.rank("02"), res.score("02")            # doctest: +SKIP
    (17, 0.5066)
    """
    fw = as_framework(framework).with_method(**method_overrides)
    X, codes = as_matrix(data, fw)
    core = scores_from_matrix(X, fw)
    rounded = round_scores(core["scores"], fw.method.rounding)
    ranks = rank_scores(rounded, fw.method.ranking)
    idx = pd.Index(codes, name="gso_code")
    iid, nid, gid = fw.indicator_ids, fw.node_ids, fw.group_ids
    return IndexResult(
        framework=fw,
        codes=tuple(codes),
        values=pd.DataFrame(X, index=idx, columns=iid),
        normalised=pd.DataFrame(core["normalised"], index=idx, columns=iid),
        group_raw=pd.DataFrame(core["group_raw"], index=idx, columns=gid),
        scores=pd.DataFrame(core["scores"], index=idx, columns=nid),
        rounded=pd.DataFrame(rounded, index=idx, columns=nid),
        ranks=pd.DataFrame(ranks, index=idx, columns=nid),
        group_offset=pd.Series(core["offset"][0], index=gid),
        group_scale=pd.Series(core["scale"][0], index=gid),
        effective_weights=pd.Series(fw.effective_weights(), name="effective_weight"),
    )
