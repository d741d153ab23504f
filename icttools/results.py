"""What the analyses of a :class:`icttools.study.Study` return: numbers first, words second.

Every result object has

* ``.table`` -- a pandas DataFrame of the numbers (not strings);
* ``.to_json()`` -- exactly the command line's ``--format json`` output (README, "JSON output");
* ``.text(lang)`` -- the command line's text output;
* ``.headline(lang)`` -- one sentence for a reader;
* ``.plot(ax=None, lang=...)`` where a chart applies (returns the matplotlib figure);
* ``_repr_html_`` -- the headline and a compact table, for JupyterLab.

The objects are built by the Study's methods (``study.gaps(...)``, ...), computed once and cached
by the Study; their attributes are the analysis results of :mod:`icttools.analysis` for anyone who
needs more than the table.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import pandas as pd

from icttools.analysis.decomposition import decompose_gap
from icttools.analysis.gaps import check_reference, gap_table, reference_province
from icttools.analysis.scenario import Scenario, load_scenario, run_scenario, scenario_from_dict
from icttools.analysis.sensitivity import rank_curves
from icttools.analysis.breakeven import break_even, places_per_step, tornado
from icttools.analysis.targets import plan_target
from icttools.analysis.trends import attribute_rank_change, rank_history
from icttools.analysis.others import parse_others
from icttools.core.errors import InputError
from icttools.present import jsonout, textout
from icttools.present.i18n import fmt_num, province_name, t
from icttools.present.tables import display_frame

if TYPE_CHECKING:  # the Study imports this module
    from icttools.study import Study

__all__ = ["Result", "GapAnalysis", "SensitivityAnalysis", "UncertaintyAnalysis", "TargetAnalysis",
           "ScenarioAnalysis", "TrendAnalysis"]

#: Rows of the compact table shown in JupyterLab.
COMPACT_ROWS = 12


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class Result:
    """Base of the result objects: the study it came from, and the HTML view."""

    study: "Study"

    @property
    def table(self) -> pd.DataFrame:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def headline(self, lang: str = "vi") -> str:  # pragma: no cover
        raise NotImplementedError

    def compact(self, lang: str = "vi") -> pd.DataFrame:
        """The few rows worth a first look (default: the first rows of :attr:`table`)."""
        return self.table.head(COMPACT_ROWS)

    def _year(self) -> int:
        if self.study.year is None:
            raise InputError("to_json needs the data year: load the study with a year")
        return int(self.study.year)

    def _name(self, code: str, lang: str) -> str:
        try:
            return province_name(code, lang, self.study.framework.units)
        except ValueError:
            return code

    def _repr_html_(self) -> str:
        lang = "vi"
        body = display_frame(self.compact(lang), lang).to_html(escape=True, border=0)
        return (f'<div class="icttools-result"><p><strong>{html.escape(self.headline(lang))}</strong></p>'
                f"{body}</div>")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.headline('en')}>"


# --- gaps ------------------------------------------------------------------------------------

class GapAnalysis(Result):
    """Gaps of one unit to six references (:mod:`icttools.analysis.gaps`).

    Attributes
    ----------
    unit : str
    reference : str
        The reference of :meth:`text`, :meth:`plot` and the headline.
    target_rank : int
    """

    def __init__(self, study: "Study", unit: str, reference: str = "leader", target_rank: int = 10):
        check_reference(reference)
        self.study, self.unit, self.reference, self.target_rank = study, unit, reference, target_rank
        self._table = gap_table(study.result, unit, target_rank)

    @property
    def table(self) -> pd.DataFrame:
        """One row per node and criterion (depth-first): value, rank, the gap to each reference
        (reference minus unit, in the row's units), and the best unit on that row."""
        return self._table.copy()

    def decomposition(self, reference: str | None = None):
        """The overall-score gap to ``reference`` split into index points per criterion
        (:class:`icttools.analysis.gaps.GapDecomposition`)."""
        return decompose_gap(self.study.result, self.unit, reference or self.reference, self.target_rank)

    def to_json(self) -> dict:
        return jsonout.gaps_to_json(self.study.result, self.unit, self._year(), target_rank=self.target_rank)

    def text(self, lang: str = "vi") -> str:
        return textout.format_gaps(self.study.result, self.unit, self.reference, lang, self.target_rank)

    def headline(self, lang: str = "vi") -> str:
        res = self.study.result
        ref = reference_province(res, self.unit, self.reference, self.target_rank)
        gap = None if ref is None else res.score(ref) - res.score(self.unit)
        return t("res_gaps", lang, name=self._name(self.unit, lang), rank=res.rank(self.unit),
                 n=len(res.codes), score=fmt_num(res.score(self.unit), 4, lang),
                 ref=_lower_first(t(f"cli_gapref_{self.reference}", lang).format(k=self.target_rank)),
                 ref_name="—" if ref is None else self._name(ref, lang),
                 gap=fmt_num(gap, 4, lang))

    def compact(self, lang: str = "vi") -> pd.DataFrame:
        col = "gap_" + self.reference.replace("-", "_")
        rows = self._table[self._table["level"] == "indicator"]
        order = rows[col].abs().sort_values(ascending=False, kind="stable").index[:COMPACT_ROWS]
        fw = self.study.framework
        out = rows.loc[order, ["value", "rank", col]].copy()
        out.index = [fw.label(i, lang) for i in out.index]
        return out

    def plot(self, ax: Any = None, lang: str = "vi", top: int = 10):
        """The waterfall of the gap to :attr:`reference` (index points per criterion)."""
        from icttools.present import plots

        return plots.gap_waterfall(self.decomposition(), self.study.framework, lang=lang, top=top,
                                   **({"ax": ax} if ax is not None else {}))


# --- sensitivity -------------------------------------------------------------------------------

class SensitivityAnalysis(Result):
    """Rank curves and break-even values of one unit (:mod:`icttools.analysis.sensitivity`).

    Attributes
    ----------
    curves : RankCurves
    breakeven : DataFrame
        Long table of :func:`icttools.analysis.sensitivity.break_even`.
    """

    def __init__(self, study: "Study", unit: str, target_rank: int = 10, points: int = 101):
        self.study, self.unit, self.target_rank = study, unit, target_rank
        self.curves = rank_curves(study.table.data, unit, study.framework, n_points=points)
        self.breakeven = break_even(self.curves, target_rank=target_rank)

    @property
    def table(self) -> pd.DataFrame:
        """One row per criterion: current value, sweep range, the rank at both ends, the swing,
        places gained per 10 % of the range, and the break-even values (NaN: not reachable alone)."""
        tor = tornado(self.curves)
        wide = self.breakeven.pivot(index="indicator", columns="goal", values="value")
        ids = self.curves.indicator_ids
        out = pd.DataFrame({
            "current": self.curves.current.reindex(ids),
            "sweep_lo": self.curves.sweep["lo"].reindex(ids),
            "sweep_hi": self.curves.sweep["hi"].reindex(ids),
            "rank_low": tor["rank_low"].reindex(ids),
            "rank_high": tor["rank_high"].reindex(ids),
            "swing": tor["swing"].reindex(ids),
            "places_per_10pct": places_per_step(self.curves).reindex(ids),
        })
        for goal in wide.columns:
            out[f"break_even_{goal}"] = pd.to_numeric(wide[goal], errors="coerce").reindex(ids)
        out.index.name = "indicator"
        return out

    def to_json(self) -> dict:
        return jsonout.sensitivity_to_json(self.curves, self._year(), target_rank=self.target_rank,
                                           breakeven=self.breakeven)

    def text(self, lang: str = "vi") -> str:
        return textout.format_sensitivity(self.curves, target_rank=self.target_rank, lang=lang,
                                          breakeven=self.breakeven)

    def headline(self, lang: str = "vi") -> str:
        tor = tornado(self.curves)
        top = tor.index[0]
        return t("res_sens", lang, name=self._name(self.unit, lang), rank=self.curves.current_rank,
                 crit=self.study.framework.label(top, lang), low=int(tor.at[top, "rank_low"]),
                 high=int(tor.at[top, "rank_high"]))

    def compact(self, lang: str = "vi") -> pd.DataFrame:
        table = self.table.sort_values("swing", ascending=False, kind="stable").head(COMPACT_ROWS)
        table.index = [self.study.framework.label(i, lang) for i in table.index]
        return table[["current", "rank_low", "rank_high", "break_even_1", "break_even_target"]]

    def plot(self, ax: Any = None, lang: str = "vi"):
        """The tornado chart: the rank at both ends of each criterion's range."""
        from icttools.present import plots

        return plots.tornado(tornado(self.curves), self.study.framework, self.curves.current_rank, lang=lang,
                             **({"ax": ax} if ax is not None else {}))


# --- uncertainty -------------------------------------------------------------------------------

class UncertaintyAnalysis(Result):
    """Ranks over the unpublished method choices (:mod:`icttools.analysis.uncertainty`).

    Attributes
    ----------
    monte_carlo : icttools.analysis.uncertainty.UncertaintyResult
    sobol : DataFrame or None
        Sobol indices of :attr:`unit`'s rank (when a unit was given).
    unit : str or None
    """

    def __init__(self, study: "Study", monte_carlo: Any, sobol: pd.DataFrame | None = None,
                 unit: str | None = None):
        self.study, self.monte_carlo, self.sobol, self.unit = study, monte_carlo, sobol, unit

    @property
    def table(self) -> pd.DataFrame:
        """One row per unit (index: code): nominal rank, median, 5th and 95th percentiles, the
        share of replications in the top k, whether the nominal rank lies inside the interval."""
        return self.monte_carlo.summary.set_index("gso_code")

    def to_json(self) -> dict:
        return jsonout.uncertainty_to_json(self.monte_carlo, self.sobol)

    def text(self, lang: str = "vi") -> str:
        return textout.format_uncertainty(self.monte_carlo, sobol=self.sobol, lang=lang)

    def headline(self, lang: str = "vi") -> str:
        mc = self.monte_carlo
        if self.unit is None:
            outside = int((~mc.summary["nominal_inside"]).sum())
            return t("res_unc_all", lang, n=mc.n, units=len(mc.codes), outside=outside)
        row = self.table.loc[self.unit]
        return t("res_unc", lang, name=self._name(self.unit, lang), rank=int(row["nominal_rank"]),
                 lo=f"{row['p05']:g}", hi=f"{row['p95']:g}", median=f"{row['median_rank']:g}", n=mc.n)

    def compact(self, lang: str = "vi") -> pd.DataFrame:
        table = self.table.sort_values("nominal_rank", kind="stable")
        cols = ["nominal_rank", "median_rank", "p05", "p95", "p_top_k"]
        if self.unit is not None:
            pos = list(table.index).index(self.unit)
            lo = max(0, min(pos - COMPACT_ROWS // 2, len(table) - COMPACT_ROWS))
            return table.iloc[lo:lo + COMPACT_ROWS][cols]
        return table.head(COMPACT_ROWS)[cols]

    def plot(self, ax: Any = None, lang: str = "vi"):
        """Each unit's rank interval (5–95 %) around its nominal rank."""
        from icttools.present import plots

        return plots.rank_intervals(self.monte_carlo.summary, self.unit, lang=lang,
                                    **({"ax": ax} if ax is not None else {}))


# --- targets -----------------------------------------------------------------------------------

class TargetAnalysis(Result):
    """The least-effort plan to a rank (:mod:`icttools.analysis.targets`).

    Attributes
    ----------
    plan : icttools.analysis.targets.TargetPlan
    """

    def __init__(self, study: "Study", unit: str, rank: int = 10, others: str = "still",
                 rival: str | None = None, feasibility: Any = None):
        self.study, self.unit = study, unit
        model = parse_others(others)
        previous = None
        if model.needs_previous:
            prior = study.previous
            if prior is None:
                raise InputError(f"others={model.label!r} needs the data of {study.year - 1} (years with data: "
                                 f"{', '.join(map(str, study.years)) or 'none'})")
            previous = prior.table.data
        self.plan = plan_target(study.table.data, unit, rank=rank, rival=rival, others=model.label,
                                previous=previous, feasibility=feasibility, framework=study.framework)

    @property
    def table(self) -> pd.DataFrame:
        """The plan: one row per criterion to change (current, target, change, effort, places
        gained by that change alone)."""
        return self.plan.plan.set_index("indicator")

    def to_json(self) -> dict:
        return jsonout.targets_to_json(self.plan)

    def text(self, lang: str = "vi") -> str:
        return textout.format_plan(self.plan, lang)

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
        previous = None
        if model.needs_previous:
            prior = study.previous
            if prior is None:
                raise InputError(f"others={model.label!r} needs the data of {study.year - 1} (years with data: "
                                 f"{', '.join(map(str, study.years)) or 'none'})")
            previous = prior.table.data
        self.outcome = run_scenario(study.table.data, self.scenario, study.framework, others=model.label,
                                    previous=previous)

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

