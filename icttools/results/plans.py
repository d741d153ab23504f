"""The results of the planning analyses of a :class:`icttools.study.Study`: target plans,
scenarios, trends (the index-reading ones are in :mod:`icttools.results`, which re-exports these;
the shared base is :mod:`icttools.results.base`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import pandas as pd

from icttools.analysis.others import parse_others
from icttools.analysis.scenario import Scenario, load_scenario, run_scenario, scenario_from_dict
from icttools.analysis.targets import plan_target
from icttools.analysis.trends import attribute_rank_change, rank_history
from icttools.core.errors import InputError
from icttools.present import jsonout, textout
from icttools.present.i18n import fmt_num, t
from icttools.results.base import COMPACT_ROWS, Result

if TYPE_CHECKING:  # the Study imports this module
    from icttools.study import Study

__all__ = ["TargetAnalysis", "ScenarioAnalysis", "TrendAnalysis"]


# --- targets -----------------------------------------------------------------------------------

class TargetAnalysis(Result):
    """The least-effort plan to a rank (:mod:`icttools.analysis.targets`).

    Attributes
    ----------
    plan : icttools.analysis.targets.TargetPlan
    baselines : DataFrame
        The unit's score and rank under each baseline side by side (index ``today``, ``trend``,
        ``trend-all``; only ``today`` without the previous year's data):
        :func:`icttools.analysis.others.baseline_ranks`.
    """

    def __init__(self, study: "Study", unit: str, rank: int = 10, others: str = "still",
                 rival: str | None = None, feasibility: Any = None, levers: Any = None):
        self.study, self.unit = study, unit
        model = parse_others(others)
        previous = study.previous_data_for(model)
        self.plan = plan_target(study.table.data, unit, rank=rank, rival=rival, others=model.label,
                                previous=previous, feasibility=feasibility, framework=study.framework,
                                levers=levers)
        self.baselines = study.baselines(unit)

    @property
    def table(self) -> pd.DataFrame:
        """The plan: one row per criterion to change (current, target, change, effort, places
        gained by that change alone)."""
        return self.plan.plan.set_index("indicator")

    def to_json(self) -> dict:
        return jsonout.targets_to_json(self.plan, baselines=self.baselines)

    def text(self, lang: str = "vi") -> str:
        return textout.format_plan(self.plan, lang, baselines=self.baselines)

    def headline(self, lang: str = "vi") -> str:
        p = self.plan
        key = "res_targets_ok" if p.feasible else "res_targets_out"
        return t(key, lang, name=self._name(self.unit, lang), now=p.current_rank, k=p.target_rank,
                 rank=p.verified_rank, n=len(p.plan), effort=fmt_num(p.total_effort, 2, lang))

    def compact(self, lang: str = "vi") -> pd.DataFrame:
        table = self.table.head(COMPACT_ROWS)
        table.index = [self.study.framework.label(i, lang) for i in table.index]
        return table

    def plot(self, ax: Any = None, lang: str = "vi"):
        """Current and target value of each criterion the plan changes."""
        from icttools.present import plots

        if ax is not None:
            raise InputError("the plan chart draws one panel per criterion; call plot() without ax")
        return plots.target_plan({self.plan.others: self.plan}, self.study.framework, lang=lang)


# --- scenario ----------------------------------------------------------------------------------

def _as_scenario(scenario: Any, study: "Study") -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario, study.framework)
    if isinstance(scenario, Mapping):
        return scenario_from_dict(dict(scenario), framework=study.framework)
    raise InputError(f"scenario must be a YAML path, a mapping or a Scenario, got {type(scenario).__name__}")


class ScenarioAnalysis(Result):
    """Before and after a what-if scenario (:mod:`icttools.analysis.scenario`).

    Attributes
    ----------
    scenario : Scenario
    outcome : icttools.analysis.scenario.ScenarioResult
    """

    def __init__(self, study: "Study", scenario: Any, others: str = "still"):
        self.study = study
        self.scenario = _as_scenario(scenario, study)
        model = parse_others(others)
        previous = study.previous_data_for(model)
        self.outcome = run_scenario(study.table.data, self.scenario, study.framework, others=model.label,
                                    previous=previous)

    @property
    def violations(self) -> pd.DataFrame:
        """The relations between criteria the named units' values break after the scenario (empty
        when all hold): :attr:`icttools.analysis.scenario.ScenarioResult.violations`."""
        return self.outcome.violations.copy()

    @property
    def table(self) -> pd.DataFrame:
        """Score and rank before and after at every node of the units the scenario names."""
        return self.outcome.focus_table("en").drop(columns=["label", "province"])

    def to_json(self, lang: str = "vi") -> dict:
        return jsonout.scenario_to_json(self.outcome, lang=lang)

    def text(self, lang: str = "vi") -> str:
        return textout.format_scenario(self.outcome, lang)

    def headline(self, lang: str = "vi") -> str:
        root = self.study.framework.root.id
        parts = []
        for code in self.scenario.focus:
            before, after = self.outcome.before.rank(code, root), self.outcome.after.rank(code, root)
            parts.append(t("res_scen_unit", lang, name=self._name(code, lang), before=before, after=after))
        return t("res_scen", lang, name=self.scenario.name(lang), units="; ".join(parts))

    def compact(self, lang: str = "vi") -> pd.DataFrame:
        table = self.outcome.focus_table(lang)
        return table.set_index("label")[["score_before", "score_after", "rank_before", "rank_after"]]


# --- trends ------------------------------------------------------------------------------------

class TrendAnalysis(Result):
    """Scores and ranks across years, and what moved the rank (:mod:`icttools.analysis.trends`).

    Attributes
    ----------
    history : DataFrame
        One row per year with data.
    attribution : DataFrame or None
        The split of the last rank change (previous year → this year) into the unit's own
        progress, the others' and their interaction; None without the previous year.
    years : tuple of int or None
        The two years of :attr:`attribution`.
    """

    def __init__(self, study: "Study", unit: str):
        self.study, self.unit = study, unit
        fw = study.framework
        tables = {y: s.table.data for y, s in study.history().items()}
        self.history = rank_history(tables, unit, fw)
        y = study.year
        if y is not None and y - 1 in tables:
            self.years: tuple[int, int] | None = (y - 1, y)
            self.attribution = attribute_rank_change(tables[y - 1], tables[y], unit, fw)
        else:
            self.years, self.attribution = None, None

    @property
    def table(self) -> pd.DataFrame:
        """Score and rank at every node, one row per year."""
        return self.history.drop(columns="gso_code")

    def to_json(self) -> dict:
        return jsonout.trends_to_json(self.attribution, self.history, years=self.years)

    def text(self, lang: str = "vi") -> str:
        return textout.format_trends(self.attribution, self.history, lang=lang, framework=self.study.framework,
                                     years=self.years)

    def headline(self, lang: str = "vi") -> str:
        root = self.study.framework.root.id
        ranks = [f"{int(self.history.at[y, f'{root}_rank'])} ({y})" for y in self.history.index]
        return t("res_trends", lang, name=self._name(self.unit, lang), ranks=" → ".join(ranks))

    def compact(self, lang: str = "vi") -> pd.DataFrame:
        root = self.study.framework.root.id
        return self.table[[f"{root}_score", f"{root}_rank"]]

    def plot(self, ax: Any = None, lang: str = "vi"):
        """Ranks across years at every component."""
        from icttools.present import plots

        return plots.rank_history(self.history, self.study.framework, lang=lang,
                                  **({"ax": ax} if ax is not None else {}))
