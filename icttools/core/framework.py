"""The index framework as data: nodes, indicators, weights and method, loaded from YAML.

A framework file describes a tree: a root node, intermediate nodes, and *groups* (the nodes that
hold indicators directly; in the ICT Index these are the sub-indices). The engine knows nothing
specific to the ICT Index: any file with the same schema loads and computes.

Schema (YAML)::

    id: my_index                 # identifier, also the processed-data folder name
    name_vi / name_en: ...
    method:                      # the ordered steps (see icttools.core.method), rounding, ranking
      steps: [{step: normalise, function: zscore}, {step: aggregate, function: arithmetic}, ...]
      rounding: 4                # decimals of published scores; ranks use rounded scores
      ranking: competition | dense
    root:                        # a node
      id, name_vi, name_en, weight
      children: [node, ...]      # either children ...
      indicators: [indicator, ...]   # ... or indicators (then the node is a group)

    indicator: {id, name_vi, name_en, unit, unit_en, weight, direction: 1|-1, range: [lo, hi],
                formula: "numerator / denominator * 100"  (optional),
                denominator: COLUMN, denominator_scale: 1   (optional: the denominate step)}
    relations:                   # optional: facts between criteria (icttools.core.relations)
      - {kind: order, indicators: [a, b, c], source: "..."}    # a >= b >= c in every unit
    units: vn63 | vn34 | {from_data: true, code: ..., name: ..., groups: [...]}  (default vn63)
    data_folder: ict_index       # the folder under data/raw holding one folder per year
    ranks: {derived: true, note_vi, note_en, groups: {node, kind: quartile, labels_vi, labels_en}}

Node and indicator ids are letters, digits and ``_`` starting with a letter (upper case allowed,
for codes imported from COINr). ``unit`` and ``range`` may be omitted (no unit; no valid range).
The older method block ``{normalisation: zscore-minmax, aggregation: arithmetic}`` is still read.

Weights are relative: the loader normalises them within each set of siblings. A weight may be
written as a fraction string (``1/3``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.method import (AGGREGATION_FUNCTIONS, AGGREGATIONS, NORMALISATIONS, RANKINGS,
                                  FrameworkError, Method)
from icttools.core.paths import DEFAULT_DATA_FOLDER
from icttools.core.pipeline import check_plan
from icttools.core.relations import Relation, violations
from icttools.core.units import UnitSpec, parse_units
from icttools.core.yamlfile import read_yaml_file

__all__ = [
    "FrameworkError",
    "Formula",
    "Indicator",
    "Node",
    "Method",
    "Framework",
    "RankInfo",
    "NORMALISATIONS",
    "AGGREGATIONS",
    "AGGREGATION_FUNCTIONS",
    "RANKINGS",
    "load_framework",
    "default_framework",
    "framework_path",
]

FRAMEWORKS_DIR = Path(__file__).resolve().parent.parent / "frameworks"
DEFAULT_FRAMEWORK = "ict_index_2016"


@dataclass(frozen=True)
class Formula:
    """How an indicator is derived from raw counts: ``numerator / denominator * factor``."""

    numerator: str
    denominator: str
    factor: float = 1.0

    @property
    def counts(self) -> tuple[str, str]:
        return (self.numerator, self.denominator)

    def __str__(self) -> str:
        tail = "" if self.factor == 1.0 else f" * {self.factor:g}"
        return f"{self.numerator} / {self.denominator}{tail}"


@dataclass(frozen=True)
class Indicator:
    """One criterion of the index (a column of the input table)."""

    id: str
    name_vi: str
    name_en: str
    unit: str
    unit_en: str
    weight: float  # normalised within its group
    direction: int
    range: tuple[float, float]
    group: str
    formula: Formula | None = None
    #: Earlier Vietnamese names, still accepted as column headers (a file filled in from an
    #: older template keeps working after a name is corrected).
    former_names_vi: tuple[str, ...] = ()
    denominator: str | None = None  # a data column that divides the indicator (denominate step)
    denominator_scale: float = 1.0  # COINr's ScaleFactor: x / (denominator / scale)

    @property
    def is_percentage(self) -> bool:
        return self.unit.strip() == "%"

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Node:
    """An aggregate: the root, an intermediate node, or a group of indicators."""

    id: str
    name_vi: str
    name_en: str
    weight: float  # normalised within its siblings (1.0 for the root)
    parent: str | None
    children: tuple[str, ...]  # child node ids (empty for a group)
    indicators: tuple[str, ...]  # indicator ids (empty unless a group)
    depth: int

    @property
    def is_group(self) -> bool:
        return bool(self.indicators)

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class RankInfo:
    """How the framework's ranks relate to what is published.

    Attributes
    ----------
    derived : bool
        True when the index publishes no ranks (icttools derives them from the scores).
    note_vi, note_en : str
        One line saying so, shown with the ranks.
    group_node : str or None
        The node whose score defines published groups (e.g. PAPI's quartiles of the total).
    group_labels_vi, group_labels_en : tuple of str
        Group names, best group first; groups split the units by quantiles of ``group_node``.
    """

    derived: bool = False
    note_vi: str = ""
    note_en: str = ""
    group_node: str | None = None
    group_labels_vi: tuple[str, ...] = ()
    group_labels_en: tuple[str, ...] = ()

    def note(self, lang: str = "vi") -> str:
        return self.note_vi if lang == "vi" else self.note_en

    def labels(self, lang: str = "vi") -> tuple[str, ...]:
        return self.group_labels_vi if lang == "vi" else self.group_labels_en


@dataclass(frozen=True)
class Framework:
    """An immutable index specification: the tree, the indicators and the method.

    Attributes
    ----------
    nodes : tuple of Node
        Breadth-first order from the root (``overall``, components, sub-indices, ...).
    indicators : tuple of Indicator
        In the order of the file (group by group).
    """

    id: str
    name_vi: str
    name_en: str
    nodes: tuple[Node, ...]
    indicators: tuple[Indicator, ...]
    method: Method
    source: str = ""
    years: tuple[int, ...] = ()
    relations: tuple[Relation, ...] = ()
    units: UnitSpec = field(default_factory=UnitSpec)
    data_folder: str = DEFAULT_DATA_FOLDER
    ranks: RankInfo = field(default_factory=lambda: RankInfo())
    #: What the index calls each level below the root, as (vi, en singular, en plural) per depth
    #: (ICT Index: "chỉ số thành phần" for the 3, "chỉ số thành phần con" for the 6; PAPI: its 8
    #: "chỉ số nội dung"). Empty: the reports use generic words.
    level_names: tuple[tuple[str, str, str], ...] = ()
    _node_index: dict = field(default_factory=dict, repr=False, compare=False)
    _indicator_index: dict = field(default_factory=dict, repr=False, compare=False)
    # per-method execution plans of the pipeline (structure only; see icttools.core.pipeline)
    _plans: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_node_index", {n.id: n for n in self.nodes})
        object.__setattr__(self, "_indicator_index", {i.id: i for i in self.indicators})

    # --- lookups -------------------------------------------------------------------------
    @property
    def root(self) -> Node:
        return self.nodes[0]

    @property
    def node_ids(self) -> list[str]:
        return [n.id for n in self.nodes]

    @property
    def indicator_ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    @property
    def groups(self) -> list[Node]:
        """The nodes that hold indicators (sub-indices), in node order."""
        return [n for n in self.nodes if n.is_group]

    @property
    def group_ids(self) -> list[str]:
        return [n.id for n in self.groups]

    def node(self, node_id: str) -> Node:
        try:
            return self._node_index[node_id]
        except KeyError:
            raise KeyError(f"{self.id}: no node {node_id!r}; nodes are {', '.join(self.node_ids)}") from None

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self._indicator_index[indicator_id]
        except KeyError:
            raise KeyError(
                f"{self.id}: no indicator {indicator_id!r}; indicators are {', '.join(self.indicator_ids)}"
            ) from None

    def has_node(self, node_id: str) -> bool:
        return node_id in self._node_index

    def has_indicator(self, indicator_id: str) -> bool:
        return indicator_id in self._indicator_index

    def level_name(self, node: str, lang: str = "vi", plural: bool = False) -> str | None:
        """What the framework calls the level of ``node`` (Vietnamese, or English singular or
        plural), or None when the framework names no levels."""
        depth = len(self.ancestors(node))
        if not 1 <= depth <= len(self.level_names):
            return None
        vi, en, en_plural = self.level_names[depth - 1]
        return vi if lang == "vi" else (en_plural if plural else en)

    def ancestors(self, node_or_indicator: str) -> list[str]:
        """Node ids from the direct parent up to the root."""
        if node_or_indicator in self._indicator_index:
            current: str | None = self._indicator_index[node_or_indicator].group
            out = []
        else:
            current = self.node(node_or_indicator).parent
            out = []
        while current is not None:
            out.append(current)
            current = self._node_index[current].parent
        return out

    def violations(self, values: pd.DataFrame, tolerance: float = 0.0) -> pd.DataFrame:
        """Every (row, relation) of ``values`` that breaks one of :attr:`relations`.

        Vectorised over the rows; see :func:`icttools.core.relations.violations` for the columns.
        A broken relation is a warning about the data, never a reason to stop.
        """
        return violations(self.relations, values, tolerance)

    def label(self, key: str, lang: str = "vi") -> str:
        """Display name of a node or an indicator in ``lang`` ("vi" or "en")."""
        if key in self._node_index:
            return self._node_index[key].name(lang)
        return self.indicator(key).name(lang)

    # --- arrays for the engine ------------------------------------------------------------
    @property
    def indicator_weights(self) -> np.ndarray:
        """Weights of indicators within their group, shape (I,)."""
        return np.array([i.weight for i in self.indicators], dtype=float)

    @property
    def node_weights(self) -> np.ndarray:
        """Weights of nodes within their siblings, aligned with ``node_ids`` (root: 1)."""
        return np.array([n.weight for n in self.nodes], dtype=float)

    @property
    def directions(self) -> np.ndarray:
        return np.array([i.direction for i in self.indicators], dtype=float)

    @property
    def group_of_indicator(self) -> np.ndarray:
        """For each indicator, the position of its group in ``group_ids``."""
        pos = {g: k for k, g in enumerate(self.group_ids)}
        return np.array([pos[i.group] for i in self.indicators], dtype=int)

    def effective_weights(self) -> dict[str, float]:
        """Each indicator's share of the root score: product of the weights on its path."""
        out = {}
        for ind in self.indicators:
            w = ind.weight
            for nid in self.ancestors(ind.id):
                w *= self._node_index[nid].weight
            out[ind.id] = w
        return out

    def with_units(self, units: Any) -> "Framework":
        """A copy ranking another unit set (``"vn34"``, ``"vn63"`` or a :class:`UnitSpec`)."""
        return dataclasses.replace(self, units=parse_units(units, self.id))

    def with_method(self, **changes: Any) -> "Framework":
        """A copy of the framework with some method choices changed (see ``Method.replace``)."""
        if not changes:
            return self
        fw = dataclasses.replace(self, method=self.method.replace(**changes))
        check_plan(fw)
        return fw

    def with_weights(self, node_weights: dict[str, float] | None = None,
                     indicator_weights: dict[str, float] | None = None) -> "Framework":
        """A copy with some relative weights changed; siblings are renormalised."""
        nodes = list(self.nodes)
        indicators = list(self.indicators)
        if node_weights:
            raw = {n.id: n.weight for n in nodes}
            for k, v in node_weights.items():
                self.node(k)
                if not v > 0:
                    raise FrameworkError(f"{self.id}: node {k!r}: weight must be positive, got {v!r}")
                raw[k] = float(v)
            for parent in nodes:
                total = sum(raw[c] for c in parent.children)
                for c in parent.children:
                    idx = self.node_ids.index(c)
                    nodes[idx] = dataclasses.replace(nodes[idx], weight=raw[c] / total)
        if indicator_weights:
            raw = {i.id: i.weight for i in indicators}
            for k, v in indicator_weights.items():
                self.indicator(k)
                if not v > 0:
                    raise FrameworkError(f"{self.id}: indicator {k!r}: weight must be positive, got {v!r}")
                raw[k] = float(v)
            for g in self.groups:
                total = sum(raw[i] for i in g.indicators)
                for i in g.indicators:
                    idx = self.indicator_ids.index(i)
                    indicators[idx] = dataclasses.replace(indicators[idx], weight=raw[i] / total)
        return dataclasses.replace(self, nodes=tuple(nodes), indicators=tuple(indicators))


# --- loading -------------------------------------------------------------------------------

def framework_path(name_or_path: str | Path) -> Path:
    """Resolve a framework name (``ict_index_2016``) or a path to a YAML file."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml"):
        return p
    candidate = FRAMEWORKS_DIR / f"{name_or_path}.yaml"
    if candidate.exists():
        return candidate
    known = sorted(x.stem for x in FRAMEWORKS_DIR.glob("*.yaml"))
    raise FrameworkError(f"unknown framework {str(name_or_path)!r}; shipped frameworks: {', '.join(known)}")


def load_framework(name_or_path: str | Path = DEFAULT_FRAMEWORK, **method_overrides: Any) -> Framework:
    """Load and validate a framework file.

    Parameters
    ----------
    name_or_path : str or Path
        A shipped framework name (``"ict_index_2016"``) or a path to a YAML file.
    **method_overrides
        Method choices to change (e.g. ``normalisation="max-ratio"``).

    Returns
    -------
    Framework

    Raises
    ------
    FrameworkError
        The file is missing, not YAML, or breaks a rule (the message names file, node, problem).
    """
    path = framework_path(name_or_path)
    fw = _load_cached(str(path.resolve()) if path.exists() else str(path))
    return fw.with_method(**method_overrides)


@lru_cache(maxsize=16)
def _load_cached(path: str) -> Framework:
    spec = read_yaml_file(path, FrameworkError, "framework")
    return build_framework(spec, Path(path).name)


def default_framework() -> Framework:
    """The ICT Index framework used from 2016 to 2019."""
    return load_framework(DEFAULT_FRAMEWORK)


def build_framework(spec: dict, source: str = "<dict>") -> Framework:
    """Build a framework from an already-parsed mapping (same rules as the YAML file)."""
    from icttools.core.framework_spec import framework_from_spec  # it builds the classes above

    return framework_from_spec(spec, source)


def as_framework(framework: "Framework | str | Path | None" = None) -> Framework:
    """Accept a Framework, a framework name or YAML path, or None (the default framework)."""
    if framework is None:
        return load_framework()
    if isinstance(framework, (str, Path)):
        return load_framework(framework)
    if isinstance(framework, Framework):
        return framework
    raise TypeError(f"framework must be a Framework, a name or a path, not {type(framework).__name__}")
