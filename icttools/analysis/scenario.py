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

Ways to treat the provinces (``others``, the baseline; :mod:`icttools.analysis.others`):

* ``"still"`` (default): they keep this year's values; only the named cells change.
* ``"trend"``: every province *not named* in the scenario moves one year along its own linear
  trend (``x + (x - x_previous)``, clipped to the valid range); the named provinces keep their
  current values plus the scenario's changes -- the plan replaces their trend. Needs the
  previous year's table.
* ``"trend-all"``: every province moves along its trend, the named ones too; the scenario's
  changes apply to their projected values (``add`` adds to the projection, ``set`` replaces it).
* ``"growth=PCT"``: every province not named grows by PCT %.

A scenario whose values break a relation between criteria (online services level 4 above level
3, information-security staff above IT staff) is still run, and the result lists every broken
relation of the named provinces (:attr:`ScenarioResult.violations`); the command line prints one
warning line for each.

Rank changes are ``rank_after - rank_before``: negative means the province moved up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from icttools.analysis.feasibility import valid_range
from icttools.analysis.others import indexed, move_others, parse_others
from icttools.analysis.scenario_spec import (OPERATIONS, Change, Scenario, ScenarioError, load_scenario,
                                             scenario_from_dict)
from icttools.core.engine import IndexResult, compute
from icttools.core.errors import InputError
from icttools.core.framework import Framework, load_framework
from icttools.core.provinces import resolve_province, sort_codes

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

# a computed value this close to a bound is the bound (binary noise of add/multiply)
_BOUND_TOL = 1e-9


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
    violations : DataFrame
        The relations between criteria the named provinces' values break after the scenario
        (:func:`icttools.core.relations.violations` columns: ``row`` is the GSO code) plus
        ``in_data``: True where this year's data already broke it the same way. Empty when every
        relation holds.
    """

    scenario: Scenario
    others: str
    before: IndexResult
    after: IndexResult
    after_data: pd.DataFrame
    changes: pd.DataFrame
    score_change: pd.DataFrame
    rank_change: pd.DataFrame
    violations: pd.DataFrame = field(default_factory=pd.DataFrame)

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
    others : {"still", "trend", "trend-all", "growth=PCT"}
        ``"still"``: provinces not named keep their values. ``"trend"``: provinces not named
        move one year along their own linear trend from ``previous`` (clipped to valid ranges);
        the named provinces keep their current values plus the scenario's changes (the plan
        replaces their trend). ``"trend-all"``: the named provinces follow their trend too and
        the changes apply to the projected values.
    previous : DataFrame, optional
        The previous year's table; required for ``trend`` and ``trend-all``, refused otherwise.

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
        raise InputError("previous= is used only with others='trend' or 'trend-all'; pass one of them or drop "
                         "previous")
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
    focus = list(scenario.focus)
    found = fw.violations(after_data.loc[focus, fw.indicator_ids])
    known = fw.violations(current.loc[focus, fw.indicator_ids])
    seen = set(zip(known["row"], known["relation"], known["indicator"], known["other"]))
    found["in_data"] = [k in seen for k in zip(found["row"], found["relation"], found["indicator"], found["other"])]

    order = sort_codes(before.codes)
    decimals = fw.method.rounding
    score_change = (after.rounded.loc[order] - before.rounded.loc[order]).round(decimals)
    rank_change = (after.ranks.loc[order] - before.ranks.loc[order]).astype(int)
    return ScenarioResult(scenario=scenario, others=model.label, before=before, after=after, after_data=after_data,
                          changes=changes, score_change=score_change, rank_change=rank_change,
                          violations=found.reset_index(drop=True))
