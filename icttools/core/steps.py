"""One step of a method: its kind, function and parameters (the vocabulary of method blocks).

:data:`STEP_FUNCTIONS` lists every step kind, its functions and their parameters with defaults;
:func:`make_step` builds a validated :class:`Step` (defaults filled in), :func:`parse_step` reads
the YAML form ``{step: kind, function: f, param: value}`` and :func:`parse_step_option` the short
command-line form (``minmax:0,100``, ``winsorise:5``, ``group-mean:EurAsia_group``). How the
steps are ordered and combined is :mod:`icttools.core.method`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from icttools.core.errors import MethodError

__all__ = ["FrameworkError", "Step", "STEP_KINDS", "STEP_FUNCTIONS", "TABLE_KINDS", "AGGREGATION_FUNCTIONS",
           "make_step", "parse_step", "parse_step_option"]


class FrameworkError(MethodError):
    """A framework file breaks a rule; the message names the file, the node and the problem."""


#: Every aggregation function the engine implements.
AGGREGATION_FUNCTIONS = ("arithmetic", "geometric", "harmonic", "sum")
STEP_KINDS = ("denominate", "impute", "screen", "treat", "normalise", "aggregate", "rescale")
TABLE_KINDS = ("denominate", "impute", "screen")
_REQUIRED = object()

#: kind -> function -> {parameter: default}; ``_common`` parameters apply to every function.
STEP_FUNCTIONS: dict[str, dict[str, dict[str, Any]]] = {
    "denominate": {"divide": {}},
    "impute": {"mean": {}, "median": {}, "group-mean": {"group": _REQUIRED},
               "group-median": {"group": _REQUIRED}},
    "screen": {"availability": {"threshold": 2 / 3, "by": "na", "nonzero_threshold": 0.05}},
    "treat": {"winsorise": {"winmax": 5, "skew": 2.0, "kurt": 3.5, "fallback": "log"}},
    "normalise": {
        "_common": {"constant": "nan"},
        "minmax": {"range": (0.0, 100.0)},
        "zscore": {"mean": 0.0, "sd": 1.0, "ddof": 1},
        "dist2max": {}, "fracmax": {}, "ratio_to_best": {},
        "rank": {}, "prank": {}, "borda": {},
        "goalposts": {"scale": 1.0, "truncate": True},
        "identity": {},
    },
    "rescale": {
        "_common": {"nodes": "groups", "constant": "nan"},
        "minmax": {"range": (0.0, 1.0)},
        "maxratio": {},
    },
    "aggregate": {
        "_common": {"nodes": "all", "floor": None, "min_available": None},
        **{f: {} for f in AGGREGATION_FUNCTIONS},
    },
}
_DEFAULT_FUNCTION = {"denominate": "divide", "screen": "availability", "treat": "winsorise",
                     "aggregate": "arithmetic"}
_CHOICES = {"constant": ("nan", "zero"), "by": ("na", "zeros", "na-and-zeros"), "fallback": ("log", "none")}

def _freeze(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return tuple(_freeze(x) for x in v)
    return v


def _num(v: Any, where: str, name: str, lo: float | None = None, hi: float | None = None,
         integer: bool = False, open_lo: bool = False) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(float(v)):
        raise FrameworkError(f"{where}: {name} must be a number, got {v!r}")
    if integer and float(v) != int(v):
        raise FrameworkError(f"{where}: {name} must be a whole number, got {v!r}")
    if lo is not None and (float(v) < lo or (open_lo and float(v) == lo)):
        raise FrameworkError(f"{where}: {name} must be {'>' if open_lo else '≥'} {lo:g}, got {v!r}")
    if hi is not None and float(v) > hi:
        raise FrameworkError(f"{where}: {name} must be ≤ {hi:g}, got {v!r}")
    return int(v) if integer else float(v)


def _check_param(kind: str, name: str, value: Any, where: str) -> Any:
    """Validate one parameter value (types and ranges); returns the normalised value."""
    if name in _CHOICES:
        if value not in _CHOICES[name]:
            raise FrameworkError(f"{where}: {name} {value!r} is not one of {', '.join(_CHOICES[name])}")
        return value
    if name == "range":
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise FrameworkError(f"{where}: range must be [low, high], got {value!r}")
        lo, hi = (_num(v, where, "range") for v in value)
        if not lo < hi:
            raise FrameworkError(f"{where}: range [{lo:g}, {hi:g}] needs low < high")
        return (lo, hi)
    if name == "nodes":
        if value in ("groups", "all"):
            return value
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise FrameworkError(f"{where}: nodes must be 'groups', 'all' or a list of node ids, got {value!r}")
    if name == "group":
        if not isinstance(value, str) or not value.strip():
            raise FrameworkError(f"{where}: group must name a column of the data, got {value!r}")
        return value
    if name in ("threshold", "nonzero_threshold", "min_available"):
        return None if value is None and name == "min_available" else _num(value, where, name, 0.0, 1.0)
    if name == "winmax":
        return None if value is None else _num(value, where, name, 0, integer=True)
    if name in ("skew", "kurt"):
        return _num(value, where, name)
    if name == "sd":
        return _num(value, where, name, 0.0, open_lo=True)
    if name in ("mean", "scale"):
        return _num(value, where, name)
    if name == "ddof":
        return _num(value, where, name, 0, 1, integer=True)
    if name == "floor":
        return None if value is None else _num(value, where, name, 0.0, open_lo=True)
    if name == "truncate":
        if not isinstance(value, bool):
            raise FrameworkError(f"{where}: truncate must be true or false, got {value!r}")
        return value
    raise FrameworkError(f"{where}: unknown parameter {name!r}")  # pragma: no cover - guarded by caller


@dataclass(frozen=True)
class Step:
    """One step of the method: its kind, its function and every parameter (defaults filled in).

    Build with :func:`make_step` (validated) rather than directly.
    """

    kind: str
    function: str
    params: tuple[tuple[str, Any], ...] = ()

    def get(self, name: str, default: Any = None) -> Any:
        for k, v in self.params:
            if k == name:
                return v
        return default

    @property
    def options(self) -> dict[str, Any]:
        return dict(self.params)

    def with_params(self, **changes: Any) -> "Step":
        return make_step(self.kind, self.function, **{**self.options, **changes})

    def to_spec(self) -> dict[str, Any]:
        """Plain mapping for YAML/JSON: ``{"step": kind, "function": f, **params}``."""
        out: dict[str, Any] = {"step": self.kind, "function": self.function}
        for k, v in self.params:
            out[k] = list(v) if isinstance(v, tuple) else v
        return out

    def describe(self) -> str:
        shown = [f"{k}={list(v) if isinstance(v, tuple) else v}" for k, v in self.params]
        return f"{self.kind} {self.function}" + (f" ({', '.join(shown)})" if shown else "")


def make_step(kind: str, function: str | None = None, where: str = "method", **params: Any) -> Step:
    """A validated step with every parameter filled (defaults from :data:`STEP_FUNCTIONS`).

    Raises
    ------
    FrameworkError
        Unknown kind, function or parameter, or a value out of its range.
    """
    if kind not in STEP_FUNCTIONS:
        raise FrameworkError(f"{where}: unknown step {kind!r}; steps are {', '.join(STEP_KINDS)}")
    table = STEP_FUNCTIONS[kind]
    function = function if function is not None else _DEFAULT_FUNCTION.get(kind)
    names = [f for f in table if f != "_common"]
    if function not in names:
        raise FrameworkError(f"{where}: {kind} function {function!r} is not one of {', '.join(names)}")
    defaults = {**table.get("_common", {}), **table[function]}
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        raise FrameworkError(f"{where}: {kind} {function}: unknown parameter(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(defaults)) or 'none'}")
    merged = {}
    for name, default in defaults.items():
        value = params.get(name, default)
        if value is _REQUIRED:
            raise FrameworkError(f"{where}: {kind} {function} needs the parameter {name!r}")
        merged[name] = _freeze(_check_param(kind, name, _freeze(value), f"{where}: {kind} {function}"))
    return Step(kind, function, tuple(sorted(merged.items())))


def parse_step(spec: Any, where: str = "method") -> Step:
    """A step from its YAML form ``{step: kind, function: f, param: value, ...}``."""
    if isinstance(spec, Step):
        return spec
    if not isinstance(spec, Mapping) or "step" not in spec:
        raise FrameworkError(f"{where}: each step must be a mapping with a 'step' key, got {spec!r}")
    rest = {k: v for k, v in spec.items() if k not in ("step", "function")}
    return make_step(str(spec["step"]), spec.get("function"), where=where, **rest)


def parse_step_option(kind: str, text: str, where: str | None = None) -> Step | None:
    """A step from a short command-line form; ``none``/``off`` means no step.

    Forms: ``minmax:0,100``, ``zscore:10,2``, ``maxratio`` (COINr's ``n_fracmax``), ``rank``,
    ``winsorise:5``, ``mean``, ``group-mean:EurAsia_group``, ``0.9`` (screen threshold),
    ``on`` (denominate), ``arithmetic``.
    """
    where = where or f"--{kind}"
    t = str(text).strip()
    if t.lower() in ("none", "off", "no"):
        return None
    name, _, arg = t.partition(":")
    args = [a.strip() for a in arg.split(",")] if arg else []

    def numbers(n: int) -> list[float]:
        try:
            vals = [float(a) for a in args]
        except ValueError:
            raise FrameworkError(f"{where}: {t!r}: expected {n} number(s) after ':'") from None
        if len(vals) != n:
            raise FrameworkError(f"{where}: {t!r}: expected {n} number(s) after ':', got {len(vals)}")
        return vals

    if kind == "denominate":
        if t.lower() not in ("on", "yes", "divide"):
            raise FrameworkError(f"{where}: expected on or off, got {t!r}")
        return make_step("denominate", where=where)
    if kind == "screen":
        try:
            threshold = float(t)
        except ValueError:
            raise FrameworkError(f"{where}: expected a fraction in [0, 1] or none, got {t!r}") from None
        return make_step("screen", where=where, threshold=threshold)
    if kind == "treat":
        if name != "winsorise":
            raise FrameworkError(f"{where}: expected winsorise:N or none, got {t!r}")
        return make_step("treat", "winsorise", where=where,
                         **({"winmax": numbers(1)[0]} if args else {}))
    if kind == "impute":
        if name in ("group-mean", "group-median"):
            if len(args) != 1 or not args[0]:
                raise FrameworkError(f"{where}: {name} needs a group column: {name}:COLUMN")
            return make_step("impute", name, where=where, group=args[0])
        return make_step("impute", name, where=where)
    if kind == "normalise":
        if name == "minmax":
            return make_step("normalise", "minmax", where=where, **({"range": numbers(2)} if args else {}))
        if name == "zscore":
            if not args:
                return make_step("normalise", "zscore", where=where)
            m, s = numbers(2)
            return make_step("normalise", "zscore", where=where, mean=m, sd=s)
        if name == "maxratio":
            return make_step("normalise", "fracmax", where=where)
        return make_step("normalise", name, where=where)
    if kind == "aggregate":
        return make_step("aggregate", name, where=where)
    raise FrameworkError(f"{where}: no command-line form for {kind!r}")
