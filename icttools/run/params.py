"""The ``--param NAME=VALUE`` values of ``icttools run``: split, and converted to the type the
notebooks' ``parameters`` cells declare (papermill itself passes text and only warns)."""

from __future__ import annotations

import ast
from typing import Any, Mapping, Sequence

from icttools.core.errors import InputError

__all__ = ["literal", "coerce_param", "split_params", "RunConfigError"]


class RunConfigError(InputError):
    """A problem with the run's arguments, found before any notebook runs (CLI exit code 2)."""


def literal(text: Any) -> Any:
    """A Python literal when ``text`` is one (``"3"`` -> 3), else the text."""
    if not isinstance(text, str):
        return text
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def coerce_param(name: str, value: Any, type_name: str | None) -> Any:
    """A ``--param`` value converted to the type declared in the parameters cell."""
    if not isinstance(value, str):
        return value
    t = (type_name or "").strip().lower()
    try:
        if t == "int":
            return int(value)
        if t == "float":
            return float(value)
    except ValueError:
        raise RunConfigError(f"parameter {name} expects {t}, got {value!r}") from None
    if t == "bool":
        v = value.strip().lower()
        if v in ("1", "true", "yes", "on"):
            return True
        if v in ("0", "false", "no", "off"):
            return False
        raise RunConfigError(f"parameter {name} expects true/false, got {value!r}")
    if t == "str":
        return value
    lit = literal(value)  # no annotation: a Python literal if it is one, else the text
    return lit


def split_params(params: Mapping[str, Any] | Sequence[str] | None) -> dict[str, Any]:
    if params is None:
        return {}
    if isinstance(params, Mapping):
        return dict(params)
    out: dict[str, Any] = {}
    for item in params:
        name, sep, value = str(item).partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise RunConfigError(f"--param expects NAME=VALUE, got {item!r}")
        out[name] = value
    return out
