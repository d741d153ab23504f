"""What-if scenario files: the schema, parsing and validation (``data/raw/scenarios/README.md``).

A scenario is a YAML file (or a mapping) of changes to some indicator values of some provinces,
each with its source and a comment; :mod:`icttools.analysis.scenario` applies and runs it. Every
text in the file is the user's (untrusted) and is kept as text.
"""

from __future__ import annotations

import difflib
import math
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from icttools.analysis.feasibility import valid_range
from icttools.core.errors import InputError
from icttools.core.framework import DEFAULT_FRAMEWORK, Framework, load_framework
from icttools.core.provinces import UnknownProvinceError, resolve_province, sort_codes
from icttools.core.text import nfc
from icttools.core.yamlfile import read_yaml_file

__all__ = ["ScenarioError", "Change", "Scenario", "OPERATIONS", "load_scenario", "scenario_from_dict"]

#: The operations a change may use (exactly one per change).
OPERATIONS = ("set", "add", "multiply", "set_to_indicator")

_TOP_KEYS = ("name_vi", "name_en", "year", "framework", "description", "changes")
_CHANGE_KEYS = ("province", "indicator", *OPERATIONS, "source", "comment", "comment_vi", "clip")


class ScenarioError(InputError):
    """A scenario breaks a rule; the message names the file, the change number and the problem."""


# --- the scenario -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One change of a scenario.

    Attributes
    ----------
    number : int
        Position in the file, from 1 (used in every message about the change).
    province : str
        GSO code of the province.
    indicator : str
        Indicator id.
    operation : {"set", "add", "multiply", "set_to_indicator"}
    operand : float or str
        The number (``set``/``add``/``multiply``) or the indicator id (``set_to_indicator``).
    source : str
        Where the change comes from (e.g. a section of a plan).
    comment : str
        Why; assumptions are stated here ("Assumption: ...").
    comment_vi : str
        The comment in Vietnamese (optional; reports in Vietnamese fall back to ``comment``).
    clip : bool
        Clip a result outside the valid range instead of failing.
    """

    number: int
    province: str
    indicator: str
    operation: str
    operand: float | str
    source: str
    comment: str
    clip: bool = False
    comment_vi: str = ""

    def note(self, lang: str = "vi") -> str:
        """The comment in ``lang`` (Vietnamese falls back to ``comment`` if none is given)."""
        return self.comment_vi if lang == "vi" and self.comment_vi else self.comment

    def describe(self) -> str:
        """Short text of the operation as written in the file: ``"add: 10"``."""
        value = self.operand if isinstance(self.operand, str) else f"{self.operand:g}"
        return f"{self.operation}: {value}"


@dataclass(frozen=True)
class Scenario:
    """A validated what-if scenario (immutable).

    Attributes
    ----------
    name_vi, name_en : str
    year : int
        The data year the changes apply to.
    framework : str
        Id of the framework the scenario is written for.
    changes : tuple of Change
        In file order.
    source_file : str
        File name the scenario was read from (no folder), or ``"<dict>"``.
    description : str
        Optional free text.
    """

    name_vi: str
    name_en: str
    year: int
    framework: str
    changes: tuple[Change, ...]
    source_file: str = "<dict>"
    description: str = ""

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en

    @property
    def focus(self) -> tuple[str, ...]:
        """GSO codes of the provinces the scenario names, in GSO-code order."""
        return tuple(sort_codes({c.province for c in self.changes}))


def _fail(where: str, problem: str) -> ScenarioError:
    return ScenarioError(f"{where}: {problem}")


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(float(v))


def _nonempty_text(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def _parse_change(raw: Any, number: int, fw: Framework, where_file: str) -> Change:
    where = f"{where_file}: change {number}"
    if not isinstance(raw, dict):
        raise _fail(where, f"must be a mapping with province, indicator, one operation and comment, got {raw!r}")
    unknown = [k for k in raw if k not in _CHANGE_KEYS]
    if unknown:
        k = unknown[0]
        raise _fail(where, f"unknown key {k!r}{_suggest(k, _CHANGE_KEYS)} (allowed: {', '.join(_CHANGE_KEYS)})")
    for key in ("province", "indicator", "comment"):
        if key not in raw or raw[key] is None or (isinstance(raw[key], str) and not raw[key].strip()):
            raise _fail(where, f"missing '{key}'")

    try:
        province = resolve_province(raw["province"]).gso_code
    except UnknownProvinceError as exc:
        raise _fail(where, f"province: {exc}") from None

    indicator = str(raw["indicator"]).strip()
    if not fw.has_indicator(indicator):
        raise _fail(where, f"unknown indicator {indicator!r}{_suggest(indicator, fw.indicator_ids)}")
    ind = fw.indicator(indicator)

    ops = [op for op in OPERATIONS if op in raw]
    if len(ops) != 1:
        found = ", ".join(ops) if ops else "none"
        raise _fail(where, f"needs exactly one operation of {', '.join(OPERATIONS)}; found {found}")
    op = ops[0]
    operand = raw[op]
    if op == "set_to_indicator":
        other = str(operand).strip() if operand is not None else ""
        if not fw.has_indicator(other):
            raise _fail(where, f"set_to_indicator: unknown indicator {operand!r}{_suggest(other, fw.indicator_ids)}")
        if other == indicator:
            raise _fail(where, f"set_to_indicator: {indicator!r} is set to itself")
        if fw.indicator(other).unit != ind.unit:
            raise _fail(where, f"set_to_indicator: units differ ({indicator} in {ind.unit!r}, "
                               f"{other} in {fw.indicator(other).unit!r})")
        operand = other
    else:
        if not _is_number(operand):
            raise _fail(where, f"{op}: must be a finite number, got {operand!r}")
        operand = float(operand)

    clip = raw.get("clip", False)
    if not isinstance(clip, bool):
        raise _fail(where, f"clip must be true or false, got {clip!r}")
    if op == "set" and not clip:
        lo, hi = valid_range(ind)
        if not lo <= operand <= hi:
            raise _fail(where, f"set {operand:g} is outside the valid range [{lo:g}, {hi:g}] of "
                               f"{indicator}; fix the value or add 'clip: true'")

    source = raw.get("source", "")
    if source is None:
        source = ""
    if not isinstance(source, (str, numbers.Real)) or isinstance(source, bool):
        raise _fail(where, f"source must be text, got {source!r}")
    for key in ("comment", "comment_vi"):
        if key in raw and not isinstance(raw[key], str):
            raise _fail(where, f"{key} must be text, got {raw[key]!r}")
    return Change(number=number, province=province, indicator=indicator, operation=op, operand=operand,
                  source=nfc(str(source).strip()), comment=nfc(" ".join(raw["comment"].split())),
                  clip=clip, comment_vi=nfc(" ".join(str(raw.get("comment_vi") or "").split())))


def scenario_from_dict(spec: Any, source: str = "<dict>", framework: Framework | None = None) -> Scenario:
    """Validate an already-parsed scenario mapping (same rules as :func:`load_scenario`).

    Parameters
    ----------
    spec : dict
        The mapping (as read from YAML).
    source : str
        Name used in error messages (a file name, never a folder).
    framework : Framework, optional
        Validate against this framework; default: the framework the scenario names.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        With ``"<source>: change <n>: <problem>"`` for a bad change, ``"<source>: <problem>"``
        otherwise.
    """
    if not isinstance(spec, dict):
        raise _fail(source, "the file must hold a mapping at the top level")
    unknown = [k for k in spec if k not in _TOP_KEYS]
    if unknown:
        k = unknown[0]
        raise _fail(source, f"unknown key {k!r}{_suggest(k, _TOP_KEYS)} (allowed: {', '.join(_TOP_KEYS)})")
    for key in ("name_vi", "name_en"):
        if not _nonempty_text(spec.get(key)):
            raise _fail(source, f"missing '{key}' (text)")
    year = spec.get("year")
    if isinstance(year, bool) or not isinstance(year, numbers.Integral) or not 1990 <= int(year) <= 2100:
        raise _fail(source, f"'year' must be a data year such as 2018, got {year!r}")

    fw_id = spec.get("framework", DEFAULT_FRAMEWORK)
    if not _nonempty_text(fw_id):
        raise _fail(source, f"'framework' must be a framework id, got {fw_id!r}")
    fw_id = fw_id.strip()
    if framework is None:
        try:
            framework = load_framework(fw_id)
        except ValueError as exc:
            raise _fail(source, f"framework: {exc}") from None
    elif framework.id != fw_id:
        raise _fail(source, f"the scenario is written for framework {fw_id!r} but {framework.id!r} was given")

    raw_changes = spec.get("changes")
    if not isinstance(raw_changes, list) or not raw_changes:
        raise _fail(source, "'changes' must be a non-empty list")
    changes = []
    seen: dict[tuple[str, str], int] = {}
    for n, raw in enumerate(raw_changes, start=1):
        ch = _parse_change(raw, n, framework, source)
        key = (ch.province, ch.indicator)
        if key in seen:
            raise _fail(f"{source}: change {n}", f"{ch.indicator} of {ch.province} is already changed by "
                                                 f"change {seen[key]}; combine them into one change")
        seen[key] = n
        changes.append(ch)
    description = spec.get("description") or ""
    return Scenario(name_vi=nfc(spec["name_vi"].strip()), name_en=spec["name_en"].strip(), year=int(year),
                    framework=fw_id, changes=tuple(changes), source_file=source,
                    description=nfc(" ".join(str(description).split())))


def load_scenario(path: str | Path, framework: Framework | None = None) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        A YAML file (schema: ``data/raw/scenarios/README.md``).
    framework : Framework, optional
        Validate against this framework (its id must be the one the file names); default: the
        framework the file names (``ict_index_2016`` if none).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        The file is missing, not YAML, or breaks a rule; the message names the file, the change
        number and the problem (an unknown province comes with the closest matches).

    Examples
    --------
    >>> sc = load_scenario("data/raw/scenarios/plan126_ha_giang.yaml")   # doctest: +SKIP
    >>> sc.focus                                                         # doctest: +SKIP
    ('02',)
    """
    spec = read_yaml_file(path, ScenarioError, "scenario")
    return scenario_from_dict(spec, source=Path(path).name, framework=framework)
