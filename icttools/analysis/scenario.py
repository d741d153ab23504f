"""What-if scenarios: change some indicator values of some provinces and recompute the index.

A scenario is a YAML file (schema and rules: ``data/raw/scenarios/README.md``)::

    name_vi: "Kế hoạch 126/KH-UBND của UBND tỉnh Hà Giang (18/04/2019)"
    name_en: "Hà Giang plan 126/KH-UBND (18/04/2019)"
    year: 2018                     # the data year the changes apply to
    framework: ict_index_2016      # optional; this is the default
    changes:
      - province: "02"             # GSO code or any name resolve_province accepts
        indicator: infosec_staff_pct
        set_to_indicator: it_staff_pct   # exactly one of: set, add, multiply, set_to_indicator
        source: "Section II.2.2"
        comment: "Dedicated IT staff also serve as information-security staff."
        clip: false                # optional: clip a result outside the valid range instead of failing

Operations: ``set: v`` (value becomes v), ``add: d`` (value + d, in the indicator's unit, i.e.
percentage *points* for a percentage), ``multiply: f`` (value × f), ``set_to_indicator: id``
(the value of another indicator of the same province, same unit). Changes are applied in file
order; ``set_to_indicator`` reads the value as left by earlier changes. A cell may be changed by
one change only.

Two ways to treat the provinces the scenario does not name (``others``):

* ``"still"`` (default): they keep this year's values; only the named cells change.
* ``"trend"``: every province *not named* in the scenario moves one year along its own linear
  trend (``x + (x - x_previous)``, clipped to the valid range); the named provinces keep their
  current values plus the scenario's changes -- the plan replaces their trend. Needs the
  previous year's table.

Rank changes are ``rank_after - rank_before``: negative means the province moved up.
"""

from __future__ import annotations

import difflib
import math
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
import yaml

from icttools.analysis.feasibility import valid_range
from icttools.analysis.others import indexed, move_others, parse_others
from icttools.core.engine import IndexResult, compute
from icttools.core.errors import InputError
from icttools.core.framework import DEFAULT_FRAMEWORK, Framework, load_framework
from icttools.core.provinces import UnknownProvinceError, resolve_province, sort_codes
from icttools.core.text import nfc

__all__ = [
    "ScenarioError",
    "Change",
    "Scenario",
    "ScenarioResult",
    "OPERATIONS",
    "load_scenario",
    "scenario_from_dict",
    "apply_scenario",
    "run_scenario",
]

#: The operations a change may use (exactly one per change).
OPERATIONS = ("set", "add", "multiply", "set_to_indicator")
#: How the provinces the scenario does not name are treated.

_TOP_KEYS = ("name_vi", "name_en", "year", "framework", "description", "changes")
_CHANGE_KEYS = ("province", "indicator", *OPERATIONS, "source", "comment", "comment_vi", "clip")
# a computed value this close to a bound is the bound (binary noise of add/multiply)
_BOUND_TOL = 1e-9


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
    p = Path(path)
    if not p.exists():
        raise ScenarioError(f"{p.name}: scenario file not found")
    try:
        spec = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{p.name}: not valid YAML ({exc})") from None
    return scenario_from_dict(spec, source=p.name, framework=framework)


# --- applying ---------------------------------------------------------------------------------

def _apply(data: pd.DataFrame, scenario: Scenario, fw: Framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the changes; return (changed copy indexed by gso_code, table of changed values)."""
    df = indexed(data)
    rows = []
    for ch in scenario.changes:
        where = f"{scenario.source_file}: change {ch.number} ({ch.province}, {ch.indicator}: {ch.describe()})"
        if ch.province not in df.index:
            raise ScenarioError(f"{where}: province {ch.province} is not in the data")
        for col in (ch.indicator, ch.operand if ch.operation == "set_to_indicator" else None):
            if col is not None and col not in df.columns:
                raise ScenarioError(f"{where}: the data has no column {col!r}")
        before = float(df.at[ch.province, ch.indicator])
        if ch.operation == "set":
            after = float(ch.operand)
        elif ch.operation == "set_to_indicator":
            after = float(df.at[ch.province, ch.operand])
            if math.isnan(after):
                raise ScenarioError(f"{where}: {ch.operand} of {ch.province} is missing in the data")
        else:
            if math.isnan(before):
                raise ScenarioError(f"{where}: the current value is missing; use 'set'")
            after = before + ch.operand if ch.operation == "add" else before * ch.operand
        lo, hi = valid_range(fw.indicator(ch.indicator))
        if lo - _BOUND_TOL < after < lo:
            after = lo
        if hi < after < hi + _BOUND_TOL:
            after = hi
        clipped = False
        if not lo <= after <= hi:
            if not ch.clip:
                raise ScenarioError(f"{where}: result {after:g} (from {before:g}) is outside the valid range "
                                    f"[{lo:g}, {hi:g}]; change the value or add 'clip: true'")
            after, clipped = float(min(max(after, lo), hi)), True
        df.at[ch.province, ch.indicator] = after
        rows.append(dict(change=ch.number, gso_code=ch.province, province=resolve_province(ch.province).name_vi,
                         indicator=ch.indicator, operation=ch.operation, operand=ch.operand, before=before,
                         after=after, clipped=clipped, source=ch.source, comment=ch.comment,
                         comment_vi=ch.comment_vi))
    table = pd.DataFrame(rows, columns=["change", "gso_code", "province", "indicator", "operation", "operand",
                                        "before", "after", "clipped", "source", "comment",
                                        "comment_vi"])
    return df, table


def _restore_layout(changed: pd.DataFrame, original: pd.DataFrame) -> pd.DataFrame:
    if "gso_code" in original.columns:
        out = changed.reset_index()
        return out[list(original.columns)].set_axis(original.index)
    out = changed.copy()
    out.index = original.index
    return out


def apply_scenario(data: pd.DataFrame, scenario: Scenario, framework: Framework | None = None) -> pd.DataFrame:
    """Apply a scenario's changes to a data table (pure: ``data`` is not modified).

    Parameters
    ----------
    data : DataFrame
        One row per province (index or column ``gso_code``), indicator columns.
    scenario : Scenario
    framework : Framework, optional
        For the valid ranges; default: the framework the scenario names.

    Returns
    -------
    DataFrame
        A copy with the same layout (index, columns, order) and the changed values.

    Raises
    ------
    ScenarioError
        A named province or indicator is not in the data, a value needed is missing, or a
        result falls outside the valid range (and the change has no ``clip: true``).
    """
    fw = framework or load_framework(scenario.framework)
    changed, _ = _apply(data, scenario, fw)
    return _restore_layout(changed, data)


# --- running ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScenarioResult:
    """Before and after of a scenario.

    Attributes
    ----------
    scenario : Scenario
    others : {"still", "trend"}
    before, after : IndexResult
        ``before`` is ``compute(data)``; ``after`` is computed on :attr:`after_data`.
    after_data : DataFrame
        The table the "after" index is computed on (indexed by gso_code).
    changes : DataFrame
        One row per change: ``change, gso_code, province, indicator, operation, operand, before,
        after, clipped, source, comment, comment_vi`` (``before`` is the value before the scenario).
    score_change : DataFrame (P x nodes)
        Rounded score after minus before, GSO-code order.
    rank_change : DataFrame (P x nodes)
        Rank after minus rank before (negative = moved up), GSO-code order.
    """

    scenario: Scenario
    others: str
    before: IndexResult
    after: IndexResult
    after_data: pd.DataFrame
    changes: pd.DataFrame
    score_change: pd.DataFrame
    rank_change: pd.DataFrame

    @property
    def focus(self) -> tuple[str, ...]:
        return self.scenario.focus

    def focus_table(self, lang: str = "vi") -> pd.DataFrame:
        """Before/after score and rank at every node of the named provinces (long table).

        Columns: ``gso_code, province, node, label, score_before, score_after, score_change,
        rank_before, rank_after, rank_change``.
        """
        fw = self.before.framework
        rows = []
        for code in self.focus:
            name = resolve_province(code).name_vi
            for nid in fw.node_ids:
                rows.append(dict(
                    gso_code=code, province=name, node=nid, label=fw.label(nid, lang),
                    score_before=self.before.score(code, nid), score_after=self.after.score(code, nid),
                    score_change=float(self.score_change.at[code, nid]),
                    rank_before=self.before.rank(code, nid), rank_after=self.after.rank(code, nid),
                    rank_change=int(self.rank_change.at[code, nid]),
                ))
        return pd.DataFrame(rows)


def run_scenario(data: pd.DataFrame, scenario: Scenario, framework: Framework | None = None,
                 others: str = "still", previous: pd.DataFrame | None = None) -> ScenarioResult:
    """Compute the index before and after a scenario.

    Parameters
    ----------
    data : DataFrame
        The year's table (index or column ``gso_code``); usually the table of ``scenario.year``.
    scenario : Scenario
    framework : Framework, optional
        Default: the framework the scenario names. Its id must match the scenario's.
    others : {"still", "trend"}
        ``"still"``: provinces not named keep their values. ``"trend"``: provinces not named
        move one year along their own linear trend from ``previous`` (clipped to valid ranges);
        the named provinces keep their current values plus the scenario's changes (the plan
        replaces their trend).
    previous : DataFrame, optional
        The previous year's table; required for ``others="trend"`` and refused otherwise.

    Returns
    -------
    ScenarioResult
        ``before`` equals ``compute(data, framework)`` exactly.

    Raises
    ------
    ValueError
        Bad ``others``, missing or superfluous ``previous``, framework mismatch.
    ScenarioError
        The scenario cannot be applied to the data.
    """
    model = parse_others(others)
    if model.needs_previous and previous is None:
        raise InputError(f"others={model.label!r} needs previous= (the previous year's table) to extrapolate "
                         "the trend of the provinces the scenario does not name")
    if not model.needs_previous and previous is not None:
        raise InputError("previous= is used only with others='trend'; pass others='trend' or drop previous")
    if framework is None:
        fw = load_framework(scenario.framework)
    else:
        fw = framework
        if fw.id != scenario.framework:
            raise InputError(f"framework: the scenario is written for {scenario.framework!r}, got {fw.id!r}")
        for ch in scenario.changes:
            for ind in (ch.indicator, ch.operand if ch.operation == "set_to_indicator" else None):
                if ind is not None and not fw.has_indicator(ind):
                    raise InputError(f"framework: {fw.id} has no indicator {ind!r} (change {ch.number})")

    before = compute(data, fw)
    current = indexed(data)
    missing = [c for c in scenario.focus if c not in current.index]
    if missing:
        raise ScenarioError(f"{scenario.source_file}: province(s) {', '.join(missing)} named in the scenario "
                            "are not in the data")
    base = move_others(current, scenario.focus, model, previous, fw)
    after_data, changes = _apply(base, scenario, fw)
    after = compute(after_data, fw)

    order = sort_codes(before.codes)
    decimals = fw.method.rounding
    score_change = (after.rounded.loc[order] - before.rounded.loc[order]).round(decimals)
    rank_change = (after.ranks.loc[order] - before.ranks.loc[order]).astype(int)
    return ScenarioResult(scenario=scenario, others=model.label, before=before, after=after, after_data=after_data,
                          changes=changes, score_change=score_change, rank_change=rank_change)
