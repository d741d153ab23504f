"""The method of an index as data: an ordered list of optional, parameterised steps.

A framework's ``method`` block lists the steps that turn the data table into scores::

    method:
      steps:
        - {step: denominate}                                    # indicator / its denominator
        - {step: impute, function: group-mean, group: EurAsia_group}
        - {step: screen, function: availability, threshold: 0.9}
        - {step: treat, function: winsorise, winmax: 5}
        - {step: normalise, function: minmax, range: [0, 100]}
        - {step: aggregate, function: arithmetic}
      rounding: null          # decimals of published scores (null: not rounded)
      ranking: competition    # competition (17, 17, 19) or dense (17, 17, 18)
      missing: skip           # refuse (default) or skip missing values (COINr's na.rm)

Steps run in this order: the table steps ``denominate``, ``impute``, ``screen`` (each at most once,
in that order), then ``treat`` (optional), ``normalise`` (required), then any sequence of
``aggregate`` and ``rescale`` steps. An ``aggregate`` step computes the nodes it names (``nodes:
groups`` = the nodes that hold indicators, ``all`` = every node not yet computed, or a list of
ids) bottom-up; a ``rescale`` step rescales already-computed nodes across units (the min–max
rescale of the ICT Index sub-indices), before their parents use them. After the last step every
node must be computed. Every function, parameter and default is listed in :data:`STEP_FUNCTIONS`;
the formulas (with the COINr function each one reproduces) are in :mod:`icttools.core.normalise`,
:mod:`icttools.core.treat`, :mod:`icttools.core.aggregate` and :mod:`icttools.core.prepare`.

The ICT Index method is one configuration (``zscore-minmax``): z-score, arithmetic mean within
the sub-index, min–max rescale of the sub-index to [0, 1], arithmetic mean above. The named
alternatives (:data:`NORMALISATIONS`) replace the ``normalise`` and ``rescale`` steps together;
``Method.replace(normalisation="max-ratio")`` and ``compute(..., aggregation="geometric")`` keep
working as before.

The older method block (``normalisation: zscore-minmax, aggregation: arithmetic``) is still read
and means the same steps.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

from icttools.core.steps import (AGGREGATION_FUNCTIONS, STEP_FUNCTIONS, STEP_KINDS, TABLE_KINDS,
                                 FrameworkError, Step, make_step, parse_step, parse_step_option)

__all__ = [
    "FrameworkError",
    "Step",
    "Method",
    "STEP_KINDS",
    "STEP_FUNCTIONS",
    "NORMALISATIONS",
    "AGGREGATIONS",
    "AGGREGATION_FUNCTIONS",
    "RANKINGS",
    "make_step",
    "parse_step",
    "parse_step_option",
    "preset_steps",
]

#: Named normalisation schemes (a ``normalise`` step with its ``rescale`` step): the ICT Index
#: default and the alternatives a reviewer may question.
NORMALISATIONS = ("zscore-minmax", "minmax-minmax", "max-ratio")
#: The aggregations the ICT Index uncertainty analysis samples (above the sub-indices).
AGGREGATIONS = ("arithmetic", "geometric")
RANKINGS = ("competition", "dense")
MISSING = ("refuse", "skip")


def preset_steps(normalisation: str, aggregation: str = "arithmetic",
                 geometric_floor: float | None = 0.01, where: str = "method") -> tuple[Step, ...]:
    """The steps of a named scheme of the ICT Index family (see :data:`NORMALISATIONS`).

    * ``zscore-minmax``: z-score (population sd), arithmetic mean per group, min–max rescale of
      the groups to [0, 1], ``aggregation`` above;
    * ``minmax-minmax``: min–max to [0, 1], the same group mean and rescale;
    * ``max-ratio``: ratio to the best (``x / max``, ``min / x`` if lower is better), group mean,
      group score divided by its maximum.

    A constant indicator (zero spread) normalises to 0 in these schemes: it carries no information.
    """
    if normalisation not in NORMALISATIONS:
        raise FrameworkError(f"{where}: normalisation {normalisation!r} is not one of {', '.join(NORMALISATIONS)}")
    if normalisation == "zscore-minmax":
        norm = make_step("normalise", "zscore", where=where, ddof=0, constant="zero")
        resc = make_step("rescale", "minmax", where=where, range=(0.0, 1.0), constant="zero")
    elif normalisation == "minmax-minmax":
        norm = make_step("normalise", "minmax", where=where, range=(0.0, 1.0), constant="zero")
        resc = make_step("rescale", "minmax", where=where, range=(0.0, 1.0), constant="zero")
    else:
        norm = make_step("normalise", "ratio_to_best", where=where, constant="zero")
        resc = make_step("rescale", "maxratio", where=where, constant="zero")
    return (norm,
            make_step("aggregate", "arithmetic", where=where, nodes="groups"),
            resc,
            make_step("aggregate", aggregation, where=where, floor=geometric_floor))


@lru_cache(maxsize=None)
def _preset(name: str) -> tuple[Step, ...]:
    return preset_steps(name)


def _check_order(steps: tuple[Step, ...], where: str) -> None:
    pos = {k: i for i, k in enumerate(STEP_KINDS)}
    seen: set[str] = set()
    last = -1
    for s in steps:
        if s.kind in ("aggregate", "rescale"):
            if "normalise" not in seen:
                raise FrameworkError(f"{where}: {s.kind} must come after the normalise step")
            seen.add(s.kind)
            continue
        if s.kind in seen:
            raise FrameworkError(f"{where}: step {s.kind!r} appears twice")
        if pos[s.kind] < last or seen & {"aggregate", "rescale"}:
            raise FrameworkError(f"{where}: step {s.kind!r} is out of order; the order is "
                                 f"{', '.join(STEP_KINDS[:5])}, then aggregate/rescale")
        last = pos[s.kind]
        seen.add(s.kind)
    if "normalise" not in seen:
        raise FrameworkError(f"{where}: the method needs a normalise step (identity for none)")
    aggs = [s for s in steps if s.kind == "aggregate"]
    if not aggs or aggs[-1].get("nodes") != "all":
        raise FrameworkError(f"{where}: the last aggregate step must compute the remaining nodes (nodes: all)")


@dataclass(frozen=True)
class Method:
    """How data become scores and ranks: the ordered steps, rounding, ranking, missing values.

    Parameters
    ----------
    steps : tuple of Step
        In execution order (see the module docstring). Default: the ICT Index ``zscore-minmax``.
    rounding : int or None
        Decimals of published scores (ranks are taken on the rounded scores); None: no rounding.
    ranking : {"competition", "dense"}
        Tie handling: competition gives 17, 17, 19; dense gives 17, 17, 18.
    missing : {"refuse", "skip"}
        ``refuse``: a missing indicator value is an error (validate or impute first).
        ``skip``: missing values are ignored by normalisation and aggregation (COINr's
        ``na.rm = TRUE``; an aggregate is missing only when all its inputs are, or fewer than
        ``min_available`` of them are present).

    Attributes
    ----------
    normalisation : str
        Name of the scheme the ``normalise`` and ``rescale`` steps make (:data:`NORMALISATIONS`),
        or ``custom``.
    aggregation : str
        Function of the last aggregate step (above the sub-indices in the ICT Index).
    geometric_floor : float or None
        Lower bound applied to the inputs of a geometric mean in the last aggregate step
        (None: inputs must be positive, as in COINr).
    """

    steps: tuple[Step, ...] = field(default_factory=lambda: preset_steps("zscore-minmax"))
    rounding: int | None = 4
    ranking: str = "competition"
    missing: str = "refuse"

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(parse_step(s) for s in self.steps))
        _check_order(self.steps, "method")
        if self.ranking not in RANKINGS:
            raise FrameworkError(f"method: ranking {self.ranking!r} is not one of {', '.join(RANKINGS)}")
        r = self.rounding
        if r is not None and (not isinstance(r, int) or isinstance(r, bool) or not 0 <= r <= 12):
            raise FrameworkError(f"method: rounding must be an integer 0–12 or null, got {r!r}")
        if self.missing not in MISSING:
            raise FrameworkError(f"method: missing {self.missing!r} is not one of {', '.join(MISSING)}")

    # --- views -------------------------------------------------------------------------------
    def step(self, kind: str) -> Step | None:
        """The first step of this kind (the last one for ``aggregate``), or None."""
        found = [s for s in self.steps if s.kind == kind]
        if not found:
            return None
        return found[-1] if kind == "aggregate" else found[0]

    @property
    def table_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.kind in TABLE_KINDS)

    @property
    def normalisation(self) -> str:
        for name in NORMALISATIONS:
            pre = _preset(name)
            if (self.step("normalise"), self._rescale_steps()) == (pre[0], (pre[2],)) \
                    and self._group_aggregate() == pre[1]:
                return name
        return "custom"

    @property
    def aggregation(self) -> str:
        return self.step("aggregate").function

    @property
    def additive(self) -> bool:
        """Every aggregate step is linear (arithmetic mean or sum): a score gap splits exactly
        into per-indicator contributions."""
        return all(s.function in ("arithmetic", "sum") for s in self.steps if s.kind == "aggregate")

    @property
    def geometric_floor(self) -> float | None:
        return self.step("aggregate").get("floor")

    def _rescale_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.kind == "rescale")

    def _group_aggregate(self) -> Step | None:
        aggs = [s for s in self.steps if s.kind == "aggregate"]
        return aggs[0] if len(aggs) > 1 else None

    def describe(self) -> str:
        """One line: the steps in order, then rounding and ranking."""
        parts = [s.describe() for s in self.steps]
        tail = f"rounding {self.rounding if self.rounding is not None else 'none'}, {self.ranking} ranking"
        return " → ".join(parts) + f"; {tail}; missing values: {self.missing}"

    def to_spec(self) -> dict[str, Any]:
        """Plain mapping in the YAML form of the method block."""
        return {"steps": [s.to_spec() for s in self.steps], "rounding": self.rounding,
                "ranking": self.ranking, "missing": self.missing}

    # --- changes -----------------------------------------------------------------------------
    def replace(self, **changes: Any) -> "Method":
        """A copy with some choices changed (validated).

        Keys: ``normalisation`` (a scheme name: replaces the normalise and rescale steps),
        ``aggregation`` and ``geometric_floor`` (the last aggregate step), ``rounding``,
        ``ranking``, ``missing``, and any step kind (``denominate``, ``impute``, ``screen``,
        ``treat``, ``normalise``, ``rescale``, ``aggregate``) with a :class:`Step`, a mapping
        ``{function: ..., param: ...}``, a command-line form (``"minmax:0,100"``) or None
        (remove the step; ``normalise`` and ``aggregate`` cannot be removed).
        """
        known = {"normalisation", "aggregation", "geometric_floor", "rounding", "ranking", "missing",
                 *STEP_KINDS}
        unknown = set(changes) - known
        if unknown:
            raise FrameworkError(f"method: unknown option(s) {', '.join(sorted(unknown))}")
        steps = list(self.steps)
        if "normalisation" in changes:
            pre = preset_steps(changes["normalisation"])
            agg = steps[[i for i, s in enumerate(steps) if s.kind == "aggregate"][-1]]
            keep = [s for s in steps if s.kind in TABLE_KINDS + ("treat",)]
            steps = keep + list(pre[:3]) + [agg]
        for kind in STEP_KINDS:
            if kind in changes:
                steps = _replace_step(steps, kind, changes[kind])
        last = [i for i, s in enumerate(steps) if s.kind == "aggregate"][-1]
        if "aggregation" in changes:
            a = changes["aggregation"]
            if a not in AGGREGATION_FUNCTIONS:
                raise FrameworkError(f"method: aggregation {a!r} is not one of {', '.join(AGGREGATION_FUNCTIONS)}")
            steps[last] = make_step("aggregate", a, **steps[last].options)
        if "geometric_floor" in changes:
            f = changes["geometric_floor"]
            if f is not None and (isinstance(f, bool) or not isinstance(f, (int, float)) or not 0 < float(f) < 1):
                raise FrameworkError(f"method: geometric_floor must be in (0, 1) or None, got {f!r}")
            steps[last] = steps[last].with_params(floor=f)
        rest = {k: changes[k] for k in ("rounding", "ranking", "missing") if k in changes}
        return dataclasses.replace(self, steps=tuple(steps), **rest)

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any] | None, where: str = "method") -> "Method":
        """Read a method block (the step list, or the older ``normalisation``/``aggregation`` form)."""
        spec = dict(spec or {})
        if not isinstance(spec, dict):
            raise FrameworkError(f"{where}: 'method' must be a mapping")
        known = {"steps", "rounding", "ranking", "missing", "normalisations",
                 "normalisation", "aggregation", "geometric_floor"}
        unknown = set(spec) - known
        if unknown:
            raise FrameworkError(f"{where}: method: unknown option(s) {', '.join(sorted(unknown))}")
        legacy = {k: spec[k] for k in ("normalisation", "aggregation", "geometric_floor") if k in spec}
        if "steps" in spec and legacy:
            raise FrameworkError(f"{where}: method: give either 'steps' or the older "
                                 f"normalisation/aggregation keys, not both")
        rest = {k: spec[k] for k in ("rounding", "ranking", "missing") if k in spec}
        try:
            if "steps" in spec:
                raw = spec["steps"]
                if not isinstance(raw, list) or not raw:
                    raise FrameworkError("method: steps must be a non-empty list")
                steps = tuple(parse_step(s, where=f"method: step {i + 1}") for i, s in enumerate(raw))
            else:
                agg = legacy.get("aggregation", "arithmetic")
                if agg not in AGGREGATION_FUNCTIONS:
                    raise FrameworkError(f"method: aggregation {agg!r} is not one of "
                                         f"{', '.join(AGGREGATION_FUNCTIONS)}")
                floor = legacy.get("geometric_floor", 0.01)
                if floor is not None and (isinstance(floor, bool) or not isinstance(floor, (int, float))
                                          or not 0 < float(floor) < 1):
                    raise FrameworkError(f"method: geometric_floor must be in (0, 1), got {floor!r}")
                steps = preset_steps(legacy.get("normalisation", "zscore-minmax"), agg, floor)
            return cls(steps=steps, **rest)
        except FrameworkError as exc:
            raise FrameworkError(f"{where}: {exc}") from None


def _replace_step(steps: list[Step], kind: str, value: Any) -> list[Step]:
    """Replace (or insert, or remove) the step of ``kind``; aggregate/rescale: the last one."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "off")):
        new = None
    elif isinstance(value, Step):
        new = value
    elif isinstance(value, str):
        new = parse_step_option(kind, value, where=f"method: {kind}")
    elif isinstance(value, Mapping):
        new = parse_step({"step": kind, **value}, where=f"method: {kind}")
    else:
        raise FrameworkError(f"method: {kind} must be a step, a mapping, a string or None, got {value!r}")
    if new is not None and new.kind != kind:
        raise FrameworkError(f"method: {kind}: got a {new.kind} step")
    idx = [i for i, s in enumerate(steps) if s.kind == kind]
    if new is None:
        if kind in ("normalise", "aggregate"):
            raise FrameworkError(f"method: the {kind} step cannot be removed")
        return [s for s in steps if s.kind != kind]
    if idx:
        i = idx[-1] if kind in ("aggregate", "rescale") else idx[0]
        if kind == "aggregate":
            # keep which nodes the replaced step computes unless the new spec says otherwise
            if isinstance(value, str) or (isinstance(value, Mapping) and "nodes" not in value):
                new = new.with_params(nodes=steps[i].get("nodes"))
        if kind == "rescale" and (isinstance(value, str) or (isinstance(value, Mapping) and "nodes" not in value)):
            new = new.with_params(nodes=steps[i].get("nodes"))
        steps = list(steps)
        steps[i] = new
        return steps
    if kind == "rescale":
        raise FrameworkError("method: rescale: no rescale step to replace; list it in the framework's steps")
    order = {k: n for n, k in enumerate(STEP_KINDS)}
    at = next((i for i, s in enumerate(steps) if order[s.kind] > order[kind]), len(steps))
    return steps[:at] + [new] + steps[at:]
