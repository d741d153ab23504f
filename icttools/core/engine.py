"""The index engine: indicators -> normalised values -> group scores -> node scores -> ranks.

Everything is a pure function of (data, framework). The framework's method is an ordered list of
steps (:mod:`icttools.core.method`), run by :mod:`icttools.core.pipeline`; this module keeps the
batch-friendly array functions the analyses use and the table-level :func:`compute`. The array
functions accept any number of leading batch dimensions (``(..., P, I)``), which is how what-if
sweeps and Monte Carlo replications are computed in one call instead of a Python loop of
``compute`` calls.

The ICT Index method (``zscore-minmax``) is one configuration of the steps, for one group
(sub-index) ``g`` with indicators ``i`` and provinces ``p``:

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

from icttools.core.aggregate import aggregate_values
from icttools.core.framework import Framework, Method, as_framework
from icttools.core.method import NORMALISATIONS, Step, preset_steps
from icttools.core.normalise import normalise_values, rescale_offset_scale, safe_div
from icttools.core.pipeline import (Prepared, effective_weights, group_matrix, prepare_table, run_array_steps,
                                    unit_index)

__all__ = [
    "IndexResult",
    "compute",
    "normalise",
    "group_matrix",
    "group_raw_scores",
    "rescale_params",
    "rescale_groups",
    "node_scores",
    "scores_from_matrix",
    "rank_scores",
    "round_scores",
    "as_matrix",
    "quartile_groups",
    "per_unit_slopes",
]


# --- array kernels (batch-friendly) ---------------------------------------------------------

def _scheme_step(normalisation: str | Step, position: int) -> Step:
    if isinstance(normalisation, Step):
        return normalisation
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"unknown normalisation {normalisation!r}")
    return preset_steps(normalisation)[position]


def normalise(X: np.ndarray, directions: np.ndarray, normalisation: str | Step) -> np.ndarray:
    """Normalise indicator values over the province axis.

    Parameters
    ----------
    X : ndarray, shape (..., P, I)
        Indicator values.
    directions : ndarray, shape (I,)
        +1 where higher is better, -1 where lower is better.
    normalisation : str or Step
        A scheme name (``zscore-minmax``, ``minmax-minmax``, ``max-ratio``: its indicator
        normalisation) or a ``normalise`` step.

    Returns
    -------
    ndarray, shape (..., P, I)
    """
    return normalise_values(X, directions, _scheme_step(normalisation, 0))


def group_raw_scores(N: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Weighted mean of normalised indicators per group: (..., P, I) @ (..., I, G)."""
    return N @ M


def rescale_params(C: np.ndarray, normalisation: str | Step) -> tuple[np.ndarray, np.ndarray]:
    """Offset and scale such that ``S = (C - offset) / scale`` for each group, shape (..., 1, G)."""
    return rescale_offset_scale(C, _scheme_step(normalisation, 2))


def rescale_groups(C: np.ndarray, normalisation: str | Step) -> np.ndarray:
    """Group scores in [0, 1] from raw group means."""
    offset, scale = rescale_params(C, normalisation)
    return safe_div(C - offset, scale)


def node_scores(S_groups: np.ndarray, framework: Framework, node_weights: np.ndarray | None = None,
                aggregation: str = "arithmetic", geometric_floor: float | None = 0.01) -> np.ndarray:
    """Scores of every node from the group scores.

    Parameters
    ----------
    S_groups : ndarray, shape (..., P, G)
    node_weights : ndarray, shape (..., Nn), optional
        Relative weights aligned with ``framework.node_ids``; renormalised within siblings.
        Defaults to the framework's weights.
    aggregation : str
        ``arithmetic``, ``geometric``, ``harmonic`` or ``sum`` (see :mod:`icttools.core.aggregate`).
    geometric_floor : float or None
        Inputs of a geometric mean are raised to this floor (None: they must be positive).

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
        out[..., pos[node.id]] = aggregate_values(out[..., kids], W[..., kids], aggregation,
                                                  geometric_floor, node=node.id)
    return out


def round_scores(scores: np.ndarray, decimals: int | None) -> np.ndarray:
    """Round as published (to ``decimals``), with a guard against binary noise (0.50665 -> 0.5067).

    ``decimals=None`` leaves the scores as they are (an index published without rounding).
    """
    if decimals is None:
        return np.asarray(scores, dtype=float)
    scale = 10.0 ** decimals
    return np.floor(np.asarray(scores) * scale + 0.5 + 1e-9) / scale


def rank_scores(scores: np.ndarray, ranking: str = "competition") -> np.ndarray:
    """Rank along the province axis (-2), 1 = best; ties share the best rank.

    ``scores`` has shape (..., P, K) and should already be rounded. A missing score (NaN) has no
    rank (NaN; the result is then a float array) and does not count for the others.
    """
    s = np.asarray(scores)
    greater = s[..., None, :, :] > s[..., :, None, :]  # [..., p, q, k]: q beats p
    if ranking == "competition":
        r = 1 + greater.sum(axis=-2)
    elif ranking == "dense":
        # 1 + number of distinct values strictly above
        srt = -np.sort(-s, axis=-2)
        first = np.concatenate([np.ones_like(srt[..., :1, :], dtype=bool),
                                srt[..., 1:, :] != srt[..., :-1, :]], axis=-2)
        above = (srt[..., None, :, :] > s[..., :, None, :]) & first[..., None, :, :]
        r = 1 + above.sum(axis=-2)
    else:
        raise ValueError(f"unknown ranking {ranking!r}")
    missing = np.isnan(s) if s.dtype.kind == "f" else None
    if missing is not None and missing.any():
        return np.where(missing, np.nan, r.astype(float))
    return r


def scores_from_matrix(X: np.ndarray, framework: Framework, method: Method | None = None,
                       indicator_weights: np.ndarray | None = None,
                       node_weights: np.ndarray | None = None, winmax: Any = None) -> dict[str, np.ndarray]:
    """Run the method's array steps on an array; the batch-friendly core of :func:`compute`.

    The treat, normalise, aggregate and rescale steps (the table steps -- denominate, impute,
    screen -- need the data table: see :func:`icttools.core.pipeline.prepare_table`).

    Returns a dict with ``normalised`` (..., P, I), ``group_raw`` (..., P, G), ``offset`` and
    ``scale`` (..., 1, G), ``scores`` (..., P, Nn) unrounded, ``treated`` (..., P, I) and
    ``treatment`` (None without a treat step).
    """
    return run_array_steps(X, framework, method, indicator_weights, node_weights, winmax)


# --- the table-level API ---------------------------------------------------------------------

def as_matrix(data: pd.DataFrame, framework: Framework, allow_missing: bool = False) -> tuple[np.ndarray, list[str]]:
    """Indicator matrix (P, I) in framework order, and the unit codes, from a data table.

    ``data`` is indexed by unit code or has a ``gso_code`` (or ``code``, ``uCode``) column; extra
    columns are ignored. Missing values are refused unless ``allow_missing``.
    """
    df = unit_index(data)
    missing = [i for i in framework.indicator_ids if i not in df.columns]
    if missing:
        raise ValueError(f"data lacks indicator column(s): {', '.join(missing)}")
    X = df[framework.indicator_ids].to_numpy(dtype=float)
    if np.isnan(X).any() and not allow_missing:
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
    treated : DataFrame (P x I) or None
        Values after the treat step (None if the method has none).
    prepared : Prepared or None
        What the table steps did (imputed values, screened units, every stage), None if the
        method has no table step.
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
    treated: pd.DataFrame | None = None
    prepared: Prepared | None = None
    unit_names: dict | None = None

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

        Exact for the linear (arithmetic) aggregation and a linear normalisation (z-score,
        min–max, identity, ...; ``ratio_to_best`` of a lower-is-better indicator is not linear,
        nor are ranks, for which the slope is 0): the root score is
        ``sum_i unit_effect_i * (x_i - reference)`` plus a constant. Shape (P x I) because the
        max-ratio/min-ratio normalisation of lower-is-better indicators is not linear; for
        higher-is-better indicators every row is the same.
        """
        fw = self.framework
        eff = self.effective_weights.to_numpy()
        gi = fw.group_of_indicator
        scale = self.group_scale.to_numpy()[gi]
        X = self.values.to_numpy()
        ranges = np.array([i.range for i in fw.indicators], dtype=float)
        per_unit = per_unit_slopes(fw.method.step("normalise"), X, fw.directions, ranges)
        per_unit = np.where(np.isfinite(per_unit), per_unit, 0.0)
        node_w = eff / fw.indicator_weights  # product of node weights on the path
        slope = node_w * fw.indicator_weights * safe_div(per_unit, scale)
        return pd.DataFrame(np.broadcast_to(slope, X.shape), index=self.values.index,
                            columns=self.values.columns)

    def groups(self, lang: str = "vi") -> pd.Series | None:
        """The published-style group of each unit (e.g. PAPI's quartile of the total), or None
        when the framework defines none. Units without a score have no group (missing)."""
        info = self.framework.ranks
        if info.group_node is None:
            return None
        g = quartile_groups(self.scores[info.group_node].to_numpy())
        labels = info.labels(lang)
        return pd.Series([labels[k] if k >= 0 else None for k in g], index=self.scores.index,
                         name=f"{info.group_node}_group", dtype=object)

    def table(self, lang: str = "vi", names: bool = True) -> pd.DataFrame:
        """One row per unit: ``gso_code`` (``code_2025`` for the 34 units of 2025, ``code`` for units
        given with the data), ``province``, ``<node>_score, <node>_rank`` in node order, then
        ``<node>_group`` when the framework defines published groups. Ranks of units without a
        score are empty (pandas ``Int64``)."""
        from icttools.core.units import unit_names

        # codes are per era: the 34 units of 2025 have NSO codes that reuse old numbers
        code_col = {"vn63": "gso_code", "vn34": "code_2025"}.get(self.framework.units.kind, "code")
        out = pd.DataFrame({code_col: list(self.codes)})
        if names:
            out["province"] = unit_names(self.framework.units, list(self.codes), lang, self.unit_names)
        for nid in self.framework.node_ids:
            out[f"{nid}_score"] = self.rounded[nid].to_numpy()
            r = self.ranks[nid]
            out[f"{nid}_rank"] = r.to_numpy() if r.dtype.kind == "i" else pd.array(r.to_numpy(), dtype="Int64")
        groups = self.groups(lang)
        if groups is not None:
            out[groups.name] = groups.to_numpy()
        return out


def quartile_groups(scores: np.ndarray) -> np.ndarray:
    """0 (top quartile) to 3 (bottom quartile) by the quartiles of the scores present (numpy's
    linear quantiles); -1 for a missing score. A score equal to a quartile joins the higher group."""
    s = np.asarray(scores, dtype=float)
    ok = ~np.isnan(s)
    out = np.full(s.shape, -1)
    if ok.any():
        q25, q50, q75 = np.quantile(s[ok], [0.25, 0.5, 0.75])
        out[ok] = np.where(s[ok] >= q75, 0, np.where(s[ok] >= q50, 1, np.where(s[ok] >= q25, 2, 3)))
    return out


def per_unit_slopes(step: Step, X: np.ndarray, d: np.ndarray, ranges: np.ndarray) -> np.ndarray:
    """d n / d x of each indicator's normalisation with its statistics held, shape (I,)."""
    f = step.function
    nan = bool(np.isnan(X).any())
    mx = (lambda A: np.nanmax(A, axis=0)) if nan else (lambda A: A.max(axis=0))
    mn = (lambda A: np.nanmin(A, axis=0)) if nan else (lambda A: A.min(axis=0))
    with np.errstate(divide="ignore", invalid="ignore"):
        if f == "zscore":
            sd = np.nanstd(X, axis=0, ddof=step.get("ddof")) if nan else X.std(axis=0, ddof=step.get("ddof"))
            return d * step.get("sd") / sd
        if f == "minmax":
            lo, hi = step.get("range")
            return d * (hi - lo) / (mx(X * d) - mn(X * d))
        if f == "dist2max":
            return d / (mx(X * d) - mn(X * d))
        if f == "ratio_to_best":
            return 1.0 / mx(X)
        if f == "fracmax":
            return d / mx(X * d)
        if f == "identity":
            return d.astype(float)
        if f == "goalposts":
            return d * step.get("scale") / (ranges[:, 1] - ranges[:, 0])
    return np.zeros(X.shape[1])  # ranks: piecewise constant


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
    prep = prepare_table(data, fw)
    X, codes = prep.X, list(prep.codes)
    names = None
    if fw.units.kind == "data" and fw.units.name:
        table = unit_index(data, fw.units.code)
        if fw.units.name in table.columns:
            names = {str(c): str(v) for c, v in table[fw.units.name].items() if pd.notna(v)}
    core = run_array_steps(X, fw)
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
        effective_weights=pd.Series(effective_weights(fw), name="effective_weight"),
        treated=None if core["treatment"] is None else pd.DataFrame(core["treated"], index=idx, columns=iid),
        prepared=prep if fw.method.table_steps else None,
        unit_names=names,
    )
