"""Feasibility of indicator improvements: what a change costs and how far a province can go.

A feasibility file (YAML) gives, per indicator, the assumptions used by the target planner
(:mod:`icttools.analysis.targets`)::

    framework: ict_index_2016      # optional; must match the framework when given
    defaults:                      # optional; fields for every indicator not setting them
      cost: 1
    indicators:
      adult_literacy_pct:
        cost: 3                    # relative cost of moving across the whole feasible range
        max_change: 3              # largest change in one year, in the indicator's unit
        max_value: 100             # highest reachable value (lower-is-better: min_value)
        range: 100                 # width used to normalise effort (optional)

Keys of an indicator entry:

``cost`` (> 0, default 1)
    Relative cost of a change as large as the feasible range.
``max_change`` (> 0, default: the valid range width, i.e. no yearly cap)
    Largest change in one year, in the indicator's unit (percentage *points* for a %).
``max_value`` (higher-is-better indicators; default: the top of the valid range)
    Highest reachable value; must lie inside the indicator's valid range.
``min_value`` (lower-is-better indicators only; default: the bottom of the valid range)
    Lowest reachable value.
``range`` (> 0, default: the valid range width ``hi - lo`` from the framework)
    The *feasible range* that normalises effort: the effort of a change is
    ``cost * |change| / range``. Changing an indicator across its whole feasible range costs
    ``cost`` effort units.
``note`` (text, optional)
    Why the values were chosen.
``lever`` (``direct``, ``influenced`` or ``outside``; default ``direct``)
    Who moves the criterion: ``direct`` -- the provincial ICT department (or the agencies it
    steers) acts on it; ``influenced`` -- it moves through others the department can only
    influence (telecom operators, schools); ``outside`` -- outside its remit (education policy,
    household income). May be set in ``defaults``.
``lever_source`` (text; required when ``lever`` is given)
    Where the lever class comes from (e.g. the section of the province's plan).

The shipped defaults for the ICT Index live in ``icttools/data/feasibility_default.yaml``; each
value there is an assumption, commented in the file.
"""

from __future__ import annotations

import copy
import functools
import math
import numbers
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import yaml

from icttools.core.errors import InputError
from icttools.core.framework import Framework, as_framework
from icttools.core.yamlfile import read_yaml_file

__all__ = [
    "FeasibilityError",
    "IndicatorFeasibility",
    "Feasibility",
    "DEFAULT_FEASIBILITY_FILE",
    "LEVERS",
    "DEFAULT_LEVERS",
    "parse_levers",
    "load_feasibility",
    "feasibility_from_dict",
    "valid_range",
    "valid_ranges",
]

DEFAULT_FEASIBILITY_FILE = "feasibility_default.yaml"

_TOP_KEYS = ("framework", "description", "defaults", "indicators")
_ENTRY_KEYS = ("cost", "max_change", "max_value", "min_value", "range", "note", "lever", "lever_source")
# Who can move a criterion (the order is from most to least in the department's hands).
LEVERS = ("direct", "influenced", "outside")
#: The levers a target plan pulls unless told otherwise (not what is outside the department's remit).
DEFAULT_LEVERS = ("direct", "influenced")


def parse_levers(levers: Any) -> tuple[str, ...]:
    """The lever classes a plan may pull, from ``"all"``, ``"direct,influenced"`` or a sequence.

    Returns
    -------
    tuple of str
        In the order of :data:`LEVERS`.

    Raises
    ------
    InputError
        An unknown class or an empty selection (the message lists the classes).
    """
    if levers is None:
        return DEFAULT_LEVERS
    if isinstance(levers, str):
        parts = [v.strip().lower() for v in levers.split(",") if v.strip()]
    else:
        try:
            parts = [str(v).strip().lower() for v in levers]
        except TypeError:
            raise InputError(f"levers must be 'all', a comma-separated list or a sequence of "
                             f"{', '.join(LEVERS)}; got {levers!r}") from None
    if parts == ["all"]:
        return LEVERS
    bad = [v for v in parts if v not in LEVERS]
    if bad or not parts:
        raise InputError(f"levers: {bad[0] if bad else 'nothing'!r} is not a lever; use 'all' or a "
                         f"comma-separated list of {', '.join(LEVERS)} (e.g. 'direct,influenced')")
    return tuple(v for v in LEVERS if v in parts)


class FeasibilityError(InputError):
    """A feasibility file breaks a rule; the message names the file, the key and the problem."""


@dataclass(frozen=True)
class IndicatorFeasibility:
    """Assumptions about one indicator.

    Attributes
    ----------
    indicator : str
        Indicator id.
    cost : float
        Effort of a change as wide as ``range``.
    best_value : float
        The best reachable value: ``max_value`` for a higher-is-better indicator, ``min_value``
        for a lower-is-better one.
    max_change : float
        Largest change in one year (indicator unit).
    range : float
        Feasible range width that normalises effort.
    note : str
    lever : {"direct", "influenced", "outside"}
        Who moves the criterion (see :data:`LEVERS`).
    lever_source : str
        Where the lever class comes from.
    """

    indicator: str
    cost: float
    best_value: float
    max_change: float
    range: float
    note: str = ""
    lever: str = "direct"
    lever_source: str = ""

    @property
    def effort_per_unit(self) -> float:
        """Effort of a one-unit change: ``cost / range``."""
        return self.cost / self.range


@dataclass(frozen=True)
class Feasibility:
    """Validated feasibility assumptions for every indicator of one framework.

    Attributes
    ----------
    framework_id : str
    source : str
        File name the assumptions came from (no directory), or ``"<defaults>"``/``"<dict>"``.
    indicators : tuple of IndicatorFeasibility
        In the framework's indicator order.
    """

    framework_id: str
    source: str
    indicators: tuple[IndicatorFeasibility, ...]

    @property
    def indicator_ids(self) -> list[str]:
        return [e.indicator for e in self.indicators]

    def with_lever(self, *levers: str) -> list[str]:
        """Indicator ids whose lever is one of ``levers`` (framework order)."""
        bad = [v for v in levers if v not in LEVERS]
        if bad:
            raise FeasibilityError(f"lever {bad[0]!r} is not one of {', '.join(LEVERS)}")
        return [e.indicator for e in self.indicators if e.lever in levers]

    def get(self, indicator_id: str) -> IndicatorFeasibility:
        for e in self.indicators:
            if e.indicator == indicator_id:
                return e
        raise KeyError(f"feasibility ({self.source}): no indicator {indicator_id!r}")

    def levers(self) -> np.ndarray:
        """The lever class of every indicator (framework order)."""
        return np.array([e.lever for e in self.indicators], dtype=object)

    def arrays(self) -> dict[str, np.ndarray]:
        """``cost``, ``best_value``, ``max_change``, ``range`` as arrays in indicator order."""
        return {
            "cost": np.array([e.cost for e in self.indicators], dtype=float),
            "best_value": np.array([e.best_value for e in self.indicators], dtype=float),
            "max_change": np.array([e.max_change for e in self.indicators], dtype=float),
            "range": np.array([e.range for e in self.indicators], dtype=float),
        }

    def check_framework(self, framework: Framework) -> None:
        """Raise ValueError unless these assumptions were built for ``framework``."""
        if self.framework_id != framework.id or self.indicator_ids != framework.indicator_ids:
            raise InputError(
                f"feasibility: built for framework {self.framework_id!r} ({self.source}), "
                f"not for {framework.id!r}; load it with load_feasibility(path, framework)"
            )


def _number(value: Any, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise FeasibilityError(f"{where}: {key} must be a finite number, got {value!r}")
    return float(value)


def _entry(iid: str, raw: Mapping[str, Any], defaults: Mapping[str, Any], framework: Framework,
           source: str) -> IndicatorFeasibility:
    ind = framework.indicator(iid)
    lo, hi = ind.range
    where = f"{source}: indicators: {iid}"
    merged = {**defaults, **raw}
    unknown = sorted(set(merged) - set(_ENTRY_KEYS))
    if unknown:
        raise FeasibilityError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(_ENTRY_KEYS)}")

    cost = _number(merged.get("cost", 1.0), where, "cost")
    if cost <= 0:
        raise FeasibilityError(f"{where}: cost must be > 0, got {merged.get('cost')!r}")
    width = _number(merged.get("range", hi - lo), where, "range")
    if width <= 0:
        raise FeasibilityError(f"{where}: range must be > 0, got {merged.get('range')!r}")
    max_change = _number(merged.get("max_change", hi - lo), where, "max_change")
    if max_change <= 0:
        raise FeasibilityError(f"{where}: max_change must be > 0, got {merged.get('max_change')!r}")

    # max_value / min_value: only from the indicator's own entry (a default would not fit
    # indicators with different units), and only the one matching its direction.
    good_key, bad_key = ("max_value", "min_value") if ind.direction > 0 else ("min_value", "max_value")
    if bad_key in raw:
        raise FeasibilityError(
            f"{where}: {bad_key} does not apply to a {'higher' if ind.direction > 0 else 'lower'}"
            f"-is-better indicator; use {good_key}"
        )
    for key in ("max_value", "min_value"):
        if key in defaults:
            raise FeasibilityError(f"{source}: defaults: {key} cannot be a default (units differ); set it per indicator")
    best = _number(raw.get(good_key, hi if ind.direction > 0 else lo), where, good_key)
    if not lo <= best <= hi:
        raise FeasibilityError(f"{where}: {good_key} {best:g} is outside the valid range [{lo:g}, {hi:g}]")
    note = str(merged.get("note", "") or "")
    lever = merged.get("lever", "direct")
    if lever not in LEVERS:
        raise FeasibilityError(f"{where}: lever {lever!r} is not one of {', '.join(LEVERS)}")
    lever_source = str(merged.get("lever_source", "") or "").strip()
    if "lever" in merged and not lever_source:
        raise FeasibilityError(f"{where}: lever {lever!r} needs a lever_source (where the class comes from)")
    return IndicatorFeasibility(iid, cost, best, max_change, width, note, lever, lever_source)


def feasibility_from_dict(spec: Mapping[str, Any] | None, framework: Framework | None = None,
                          source: str = "<dict>") -> Feasibility:
    """Validate an already-parsed feasibility mapping (same rules as the YAML file).

    Parameters
    ----------
    spec : mapping or None
        ``{"framework": ..., "defaults": {...}, "indicators": {id: {...}}}``; None or an empty
        mapping gives the generic defaults (cost 1, no cap other than the valid range).
    framework : Framework, optional
        Default: the ICT Index framework.
    source : str
        Name used in error messages.

    Returns
    -------
    Feasibility

    Raises
    ------
    FeasibilityError
        Unknown keys or indicator ids, a bound outside the valid range, a non-positive cost,
        change or range.
    """
    fw = as_framework(framework)
    spec = {} if spec is None else spec
    if not isinstance(spec, Mapping):
        raise FeasibilityError(f"{source}: the file must hold a mapping at the top level")
    unknown = sorted(set(spec) - set(_TOP_KEYS))
    if unknown:
        raise FeasibilityError(f"{source}: unknown top-level key(s) {', '.join(map(str, unknown))}; "
                               f"allowed: {', '.join(_TOP_KEYS)}")
    fid = spec.get("framework")
    if fid is not None and str(fid) != fw.id:
        raise FeasibilityError(f"{source}: framework is {fid!r} but the index uses {fw.id!r}")
    defaults = spec.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise FeasibilityError(f"{source}: defaults must be a mapping")
    entries = spec.get("indicators") or {}
    if not isinstance(entries, Mapping):
        raise FeasibilityError(f"{source}: indicators must be a mapping of indicator id to settings")
    bad = sorted(str(k) for k in entries if not fw.has_indicator(str(k)))
    if bad:
        raise FeasibilityError(
            f"{source}: indicators: unknown indicator id(s) {', '.join(bad)} "
            f"(framework {fw.id} has {', '.join(fw.indicator_ids)})"
        )
    out = []
    for iid in fw.indicator_ids:
        raw = entries.get(iid) or {}
        if not isinstance(raw, Mapping):
            raise FeasibilityError(f"{source}: indicators: {iid}: settings must be a mapping, got {raw!r}")
        out.append(_entry(iid, raw, defaults, fw, source))
    return Feasibility(framework_id=fw.id, source=source, indicators=tuple(out))


@functools.lru_cache(maxsize=8)
def _parsed_shipped(name: str) -> Any:
    file = resources.files("icttools").joinpath(f"data/{name}")
    return (yaml.safe_load(file.read_text(encoding="utf-8")) or {}) if file.is_file() else None


def _shipped_spec(name: str) -> Any:
    """A feasibility file shipped in ``icttools/data`` (None if there is none), parsed once per
    process: a batch run's kernels load it for every report of every province."""
    return copy.deepcopy(_parsed_shipped(name))


def load_feasibility(path: str | Path | None = None, framework: Framework | None = None) -> Feasibility:
    """Load and validate feasibility assumptions.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file. Default: the shipped ``icttools/data/feasibility_<framework id>.yaml`` if
        there is one (``feasibility_papi_2018.yaml``), else ``feasibility_default.yaml`` when the
        framework is the one it was written for (``ict_index_2016``); for any other framework,
        generic defaults (cost 1, reachable values up to the valid range, no yearly cap).
    framework : Framework, optional
        Default: the ICT Index framework.

    Returns
    -------
    Feasibility

    Raises
    ------
    FeasibilityError
        The file is missing, not YAML, or breaks a rule (the message names file and key).

    Examples
    --------
    >>> feas = load_feasibility()
    >>> feas.get("adult_literacy_pct").cost
    3.0
    """
    fw = as_framework(framework)
    if path is None:
        spec = _shipped_spec(f"feasibility_{fw.id}.yaml")
        if spec is not None:  # shipped assumptions written for this framework (e.g. papi_2018)
            return feasibility_from_dict(spec, fw, source=f"feasibility_{fw.id}.yaml")
        spec = _shipped_spec(DEFAULT_FEASIBILITY_FILE) or {}
        if spec.get("framework") != fw.id:
            return feasibility_from_dict({}, fw, source="<defaults>")
        return feasibility_from_dict(spec, fw, source=DEFAULT_FEASIBILITY_FILE)
    spec = read_yaml_file(path, FeasibilityError, "feasibility")
    return feasibility_from_dict(spec, fw, source=Path(path).name)


# --- valid ranges (the one home of "what values can an indicator take") -----------------------

def valid_range(indicator: Any) -> tuple[float, float]:
    """The valid range of an indicator: its ``range`` from the framework.

    The framework loader already keeps percentages within [0, 100], so this is the range as
    declared; every analysis that moves values (scenarios, trends, target plans, sweeps) clips
    to it.

    Parameters
    ----------
    indicator : Indicator

    Returns
    -------
    (lo, hi) : tuple of float
    """
    lo, hi = (float(x) for x in indicator.range)
    if indicator.is_percentage:
        hi = min(hi, 100.0)
    return lo, hi


def valid_ranges(framework: Framework) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper valid bounds of every indicator, arrays in the framework's order."""
    bounds = np.array([valid_range(i) for i in framework.indicators], dtype=float).reshape(-1, 2)
    return bounds[:, 0], bounds[:, 1]
