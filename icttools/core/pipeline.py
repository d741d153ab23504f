"""Run a framework's method steps: the table steps on a data table, the rest on arrays.

:func:`prepare_table` runs ``denominate``, ``impute`` and ``screen`` on a data table (one row
per unit) and returns the indicator matrix; :func:`run_array_steps` runs ``treat``,
``normalise`` and the ``aggregate``/``rescale`` sequence on an array ``(..., P, I)`` with any
leading batch dimensions (what-if sweeps, Monte Carlo replications: one call, no loop over
units). :func:`run_pipeline` chains both and keeps every intermediate data set, named as COINr
names them (``Raw``, ``Denominated``, ``Imputed``, ``Screened``, ``Treated``, ``Normalised``,
``Aggregated``). A step the method does not have passes its input through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.aggregate import aggregate_values
from icttools.core.errors import DataError, MethodError
from icttools.core.method import Method, Step
from icttools.core.normalise import normalise_values, rescale_values
from icttools.core.prepare import Imputation, denominate, impute, screen
from icttools.core.treat import STATUS_NAMES, Treatment, treat_values

__all__ = ["STAGES", "Prepared", "PipelineResult", "unit_index", "prepare_table", "run_array_steps",
           "run_pipeline", "check_plan", "group_matrix", "node_functions", "effective_weights"]

STAGES = ("Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated")
#: Columns that may hold the unit code when the table is not indexed by it.
CODE_COLUMNS = ("gso_code", "code", "uCode")


def unit_index(data: pd.DataFrame, code_column: str | None = None) -> pd.DataFrame:
    """The table indexed by unit code: ``code_column`` if given and present, else the first of
    ``gso_code``, ``code``, ``uCode`` present as a column becomes the index (else the index is
    used as it is); codes become strings."""
    df = data
    for col in ((code_column,) if code_column else ()) + CODE_COLUMNS:
        if col in df.columns:
            df = df.set_index(col)
            break
    df = df.copy(deep=False)
    df.index = pd.Index([str(c) for c in df.index], name=df.index.name)
    return df


def group_matrix(framework, indicator_weights: np.ndarray | None = None) -> np.ndarray:
    """Indicator-to-group weight matrix, shape (..., I, G); columns sum to 1."""
    w = framework.indicator_weights if indicator_weights is None else np.asarray(indicator_weights, float)
    gi = framework.group_of_indicator
    onehot = np.zeros((len(gi), len(framework.group_ids)))
    onehot[np.arange(len(gi)), gi] = 1.0
    M = w[..., :, None] * onehot
    return M / M.sum(axis=-2, keepdims=True)


def node_functions(framework, method: Method | None = None) -> dict[str, str]:
    """The aggregation function that computes each node."""
    m = framework.method if method is None else method
    return {e[0]: op.step.function for op in _plan(framework, m) if op.step.kind == "aggregate"
            for e in op.nodes}


def effective_weights(framework, method: Method | None = None) -> dict[str, float]:
    """Each indicator's nominal share of the root score: the product of the weights on its path,
    times the number of inputs wherever a node is a ``sum`` (``K`` times the weighted mean)."""
    fn = node_functions(framework, method)

    def edge(parent: str, weight: float) -> float:
        node = framework.node(parent)
        k = len(node.indicators) if node.is_group else len(node.children)
        return weight * (k if fn.get(parent) == "sum" else 1.0)

    out = {}
    for ind in framework.indicators:
        w = edge(ind.group, ind.weight)
        child = ind.group
        for nid in framework.ancestors(ind.id)[1:]:
            w *= edge(nid, framework.node(child).weight)
            child = nid
        out[ind.id] = w
    return out


def check_plan(framework, method: Method | None = None) -> None:
    """Check that the aggregate/rescale steps compute every node, children first.

    Raises
    ------
    MethodError
        A step names an unknown node, rescales a node not yet computed, or a node is never computed.
    """
    _plan(framework, framework.method if method is None else method)


def _resolve_nodes(framework, step: Step, done: set[str]) -> list[str]:
    """Node ids a step applies to, children before parents."""
    spec = step.get("nodes")
    bottom_up = [n.id for n in reversed(framework.nodes)]
    if spec == "groups":
        wanted = set(framework.group_ids)
    elif spec == "all":
        wanted = set(framework.node_ids) - done if step.kind == "aggregate" else set(done)
    else:
        unknown = [n for n in spec if not framework.has_node(n)]
        if unknown:
            raise MethodError(f"{framework.id}: {step.kind} step names unknown node(s) {', '.join(unknown)}")
        wanted = set(spec)
    return [n for n in bottom_up if n in wanted and (step.kind == "rescale" or n not in done)]


@dataclass(frozen=True)
class _Op:
    """One aggregate or rescale step, resolved against a framework's tree."""

    step: Step
    fast_groups: tuple[str, ...]  # groups computed at once as N @ M (arithmetic)
    nodes: tuple[tuple[str, bool, tuple[int, ...], int, int], ...]  # id, is_group, inputs, column, group
    columns: tuple[int, ...]  # rescale: node columns
    groups: tuple[tuple[int, int], ...]  # rescale: (position among the step's nodes, group index)


def _arrays(framework) -> dict[str, np.ndarray]:
    """The framework's weight and direction arrays and default group matrix, cached."""
    cache = framework._plans
    if "arrays" not in cache:
        cache["arrays"] = {"directions": framework.directions, "W": framework.node_weights,
                           "wi": framework.indicator_weights, "M": group_matrix(framework)}
    return cache["arrays"]


def _plan(framework, m: Method) -> tuple[_Op, ...]:
    """The aggregate/rescale steps resolved to positions and checked (see :func:`check_plan`),
    cached per framework and method."""
    cache = framework._plans
    if m in cache:
        return cache[m]
    pos = {n: k for k, n in enumerate(framework.node_ids)}
    gpos = {g: k for k, g in enumerate(framework.group_ids)}
    ind_pos = {i: k for k, i in enumerate(framework.indicator_ids)}
    ops = []
    done: set[str] = set()
    for step in m.steps:
        if step.kind not in ("aggregate", "rescale"):
            continue
        nodes = _resolve_nodes(framework, step, done)
        if step.kind == "aggregate":
            fast = tuple(n for n in nodes if n in gpos) if step.function == "arithmetic" else ()
            entries = []
            for nid in nodes:
                node = framework.node(nid)
                missing = [c for c in node.children if c not in done and c not in nodes]
                if missing:
                    raise MethodError(f"{framework.id}: aggregate step computes {nid!r} before its "
                                      f"child node(s) {', '.join(missing)}")
                inputs = (tuple(ind_pos[i] for i in node.indicators) if node.is_group
                          else tuple(pos[c] for c in node.children))
                entries.append((nid, node.is_group, inputs, pos[nid], gpos.get(nid, -1)))
            ops.append(_Op(step, fast, tuple(entries), (), ()))
            done |= set(nodes)
        else:
            early = [n for n in nodes if n not in done]
            if early:
                raise MethodError(f"{framework.id}: rescale step names node(s) not yet computed: {', '.join(early)}")
            ops.append(_Op(step, (), (), tuple(pos[n] for n in nodes),
                           tuple((k, gpos[n]) for k, n in enumerate(nodes) if n in gpos)))
    left = [n for n in framework.node_ids if n not in done]
    if left:
        raise MethodError(f"{framework.id}: no aggregate step computes node(s) {', '.join(left)}")
    cache[m] = tuple(ops)
    return cache[m]


def run_array_steps(X: np.ndarray, framework, method: Method | None = None,
                    indicator_weights: np.ndarray | None = None, node_weights: np.ndarray | None = None,
                    winmax: Any = None) -> dict[str, Any]:
    """Treat, normalise, aggregate and rescale an indicator array.

    Parameters
    ----------
    X : ndarray, shape (..., P, I)
        Indicator values (after the table steps), indicators in framework order.
    framework : Framework
    method : Method, optional
        Default: the framework's.
    indicator_weights : ndarray, shape (..., I), optional
        Relative weights within each group (renormalised); default the framework's.
    node_weights : ndarray, shape (..., Nn), optional
        Relative node weights aligned with ``framework.node_ids``; default the framework's.
    winmax : int or ndarray, optional
        Overrides the treat step's ``winmax`` (per batch element if an array of shape (...,)).

    Returns
    -------
    dict
        ``treated`` and ``normalised`` (..., P, I); ``group_raw`` (..., P, G) group scores before
        any rescale; ``offset`` and ``scale`` (..., 1, G) of the groups' rescale (0 and 1 if
        none); ``scores`` (..., P, Nn) unrounded, columns in ``framework.node_ids`` order;
        ``treatment`` (a :class:`~icttools.core.treat.Treatment` or None).
    """
    m = framework.method if method is None else method
    X = np.asarray(X, dtype=float)
    info: Treatment | None = None
    t = m.step("treat")
    if t is not None:
        wm = t.get("winmax") if winmax is None else winmax
        if winmax is not None and np.ndim(winmax) > 0:
            wm = np.asarray(winmax)[..., None]  # one limit per batch element, for every column
        X, info = treat_values(X, wm, t.get("skew"), t.get("kurt"), t.get("fallback"))
    ranges = np.array([i.range for i in framework.indicators], dtype=float) \
        if m.step("normalise").function == "goalposts" else None
    arr = _arrays(framework)
    N = normalise_values(X, arr["directions"], m.step("normalise"), ranges)

    n_nodes, n_groups = len(framework.nodes), arr["M"].shape[-1]
    W = arr["W"] if node_weights is None else np.asarray(node_weights, dtype=float)
    wi = arr["wi"] if indicator_weights is None else np.asarray(indicator_weights, float)
    out = np.empty(N.shape[:-1] + (n_nodes,))  # check_plan: every node is computed below
    group_raw = np.empty(N.shape[:-1] + (n_groups,))
    offset = np.zeros(N.shape[:-2] + (1, n_groups))
    scale = np.ones(N.shape[:-2] + (1, n_groups))
    has_nan = bool(np.isnan(N).any())
    for op in _plan(framework, m):
        step = op.step
        if step.kind == "aggregate":
            entries = op.nodes
            if op.fast_groups and not has_nan:
                M = arr["M"] if indicator_weights is None else group_matrix(framework, wi)
                gsel = [e[4] for e in entries if e[1]]
                C = N @ M if len(gsel) == n_groups else N @ M[..., gsel]
                for k, e in enumerate(x for x in entries if x[1]):
                    col = e[4] if len(gsel) == n_groups else k
                    out[..., e[3]] = C[..., col]
                    group_raw[..., e[4]] = C[..., col]
                entries = tuple(e for e in entries if not e[1])
            for nid, is_group, inputs, col, g in entries:
                k = list(inputs)
                vals, w = (N[..., k], wi[..., k]) if is_group else (out[..., k], W[..., k])
                out[..., col] = aggregate_values(vals, w, step.function, step.get("floor"),
                                                 step.get("min_available"), node=nid,
                                                 complete=not has_nan and step.function == "arithmetic")
                if is_group:
                    group_raw[..., g] = out[..., col]
        else:
            cols = list(op.columns)
            C = out[..., cols]
            S, (off, sc) = rescale_values(C, step, with_params=True)
            if op.groups:
                for k, g in op.groups:
                    # the group's combined rescale: S = (C_raw - offset) / scale
                    offset[..., 0, g] = offset[..., 0, g] + scale[..., 0, g] * off[..., 0, k]
                    scale[..., 0, g] = scale[..., 0, g] * sc[..., 0, k]
            out[..., cols] = S
    return {"treated": X, "normalised": N, "group_raw": group_raw, "offset": offset, "scale": scale,
            "scores": out, "treatment": info}


@dataclass(frozen=True)
class Prepared:
    """The data after the table steps.

    Attributes
    ----------
    codes : tuple of str
        Units kept (data order).
    X : ndarray (P, I)
        Indicator values, framework order.
    stages : dict of str to DataFrame
        ``Raw``, ``Denominated``, ``Imputed``, ``Screened`` (indicator columns, all units until
        ``Screened``).
    imputations : list of (code, indicator, value, rule)
    screening : DataFrame or None
        Per unit: ``availability``, ``nonzero``, ``kept``.
    """

    codes: tuple[str, ...]
    X: np.ndarray
    stages: dict[str, pd.DataFrame] = field(default_factory=dict)
    imputations: tuple[tuple[str, str, float, str], ...] = ()
    screening: pd.DataFrame | None = None

    @property
    def removed(self) -> list[str]:
        if self.screening is None:
            return []
        return [str(c) for c in self.screening.index[~self.screening["kept"].to_numpy()]]


def _numeric(df: pd.DataFrame, cols: list[str], what: str) -> np.ndarray:
    try:
        return df[cols].to_numpy(dtype=float)
    except (ValueError, TypeError):
        for c in cols:
            bad = pd.to_numeric(df[c], errors="coerce").isna() & df[c].notna()
            if bad.any():
                code = df.index[bad.to_numpy()][0]
                raise DataError(f"{what} column {c!r}: value {df.at[code, c]!r} of unit {code} "
                                f"is not a number") from None
        raise


def prepare_table(data: pd.DataFrame, framework, method: Method | None = None) -> Prepared:
    """Run the table steps (denominate, impute, screen) of the method on a data table.

    Parameters
    ----------
    data : DataFrame
        One row per unit (indexed by code, or with a ``gso_code``/``code``/``uCode`` column),
        the indicator columns, and the columns the steps need (denominators, the group column).

    Raises
    ------
    DataError
        A column the method needs is missing or not numeric, or (``missing: refuse``) a value is
        missing after the table steps.
    """
    m = framework.method if method is None else method
    df = unit_index(data, framework.units.code if framework.units.kind == "data" else None)
    iid = framework.indicator_ids
    lacking = [i for i in iid if i not in df.columns]
    if lacking:
        raise DataError(f"data lacks indicator column(s): {', '.join(lacking)}")
    codes = [str(c) for c in df.index]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise DataError(f"data has duplicate unit code(s): {', '.join(dup)}")
    X = _numeric(df, iid, "indicator")
    keep_all = not m.table_steps
    stages: dict[str, pd.DataFrame] = {}

    def snap(name: str, arr: np.ndarray, rows: list[str]) -> None:
        if not keep_all:
            stages[name] = pd.DataFrame(arr, index=pd.Index(rows, name=df.index.name), columns=iid)

    snap("Raw", X, codes)
    d = m.step("denominate")
    if d is not None:
        need = sorted({i.denominator for i in framework.indicators if i.denominator})
        absent = [c for c in need if c not in df.columns]
        if absent:
            raise DataError(f"data lacks denominator column(s) {', '.join(absent)} "
                            f"(named by the framework's indicators)")
        den = np.full(X.shape, np.nan)
        for k, ind in enumerate(framework.indicators):
            if ind.denominator:
                den[:, k] = _numeric(df, [ind.denominator], "denominator")[:, 0]
        scale = np.array([i.denominator_scale for i in framework.indicators], dtype=float)
        X = denominate(X, den, scale)
    snap("Denominated", X, codes)
    imputed: list[Imputation] = []
    s = m.step("impute")
    if s is not None:
        groups = None
        if s.function.startswith("group-"):
            col = s.get("group")
            if col not in df.columns:
                raise DataError(f"impute {s.function}: the data have no group column {col!r}")
            groups = df[col].to_numpy(dtype=object)
        X, imputed = impute(X, s.function, groups)
    snap("Imputed", X, codes)
    screening = None
    s = m.step("screen")
    kept = codes
    if s is not None:
        sc = screen(X, s.get("threshold"), s.get("by"), s.get("nonzero_threshold"))
        screening = pd.DataFrame({"availability": sc.availability, "nonzero": sc.nonzero, "kept": sc.keep},
                                 index=pd.Index(codes, name=df.index.name))
        X = X[sc.keep]
        kept = [c for c, k in zip(codes, sc.keep) if k]
        if not kept:
            raise DataError(f"screen: no unit has data availability ≥ {s.get('threshold'):g}")
    snap("Screened", X, kept)
    if m.missing == "refuse" and np.isnan(X).any():
        rows, cols = np.where(np.isnan(X))
        where = ", ".join(f"{kept[r]}/{iid[c]}" for r, c in zip(rows[:5], cols[:5]))
        raise DataError(f"data has missing values ({where}); validate or impute first")
    return Prepared(tuple(kept), X, stages,
                    tuple((codes[i.row], iid[i.column], i.value, i.rule) for i in imputed), screening)


@dataclass(frozen=True)
class PipelineResult:
    """Every intermediate data set of one run, plus the array outputs (see run_array_steps)."""

    prepared: Prepared
    arrays: dict[str, Any]
    stages: dict[str, pd.DataFrame]

    def stage(self, name: str) -> pd.DataFrame:
        try:
            return self.stages[name]
        except KeyError:
            raise KeyError(f"no stage {name!r}; stages are {', '.join(self.stages)}") from None

    def treatment_table(self, framework) -> pd.DataFrame:
        """Per indicator: what the treatment did (``status``, ``winsorised`` points, ``side``)."""
        info = self.arrays.get("treatment")
        if info is None:
            return pd.DataFrame(columns=["status", "winsorised", "side"])
        return pd.DataFrame({
            "status": [STATUS_NAMES[s] for s in info.status],
            "winsorised": info.winsorised,
            "side": np.where(info.status == 1, np.where(info.low_side, "low", "high"), ""),
        }, index=pd.Index(framework.indicator_ids, name="indicator"))


def run_pipeline(data: pd.DataFrame, framework, method: Method | None = None) -> PipelineResult:
    """All steps on a data table; every COINr-named stage as a table (units × columns).

    ``Aggregated`` holds the normalised indicators followed by every node score, as COINr's
    ``Aggregated`` data set does.
    """
    m = framework.method if method is None else method
    prep = prepare_table(data, framework, m)
    arrays = run_array_steps(prep.X, framework, m)
    idx = pd.Index(list(prep.codes), name="code")
    iid = framework.indicator_ids
    stages = {k: v.rename_axis("code") for k, v in prep.stages.items()}
    if not stages:
        for name in STAGES[:4]:
            stages[name] = pd.DataFrame(prep.X, index=idx, columns=iid)
    stages["Treated"] = pd.DataFrame(arrays["treated"], index=idx, columns=iid)
    stages["Normalised"] = pd.DataFrame(arrays["normalised"], index=idx, columns=iid)
    stages["Aggregated"] = pd.concat(
        [stages["Normalised"], pd.DataFrame(arrays["scores"], index=idx, columns=framework.node_ids)], axis=1)
    return PipelineResult(prep, arrays, stages)
