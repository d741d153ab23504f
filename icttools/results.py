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
needs more than the table. This module holds the index-reading results (gaps, sensitivity,
uncertainty); the planning ones (targets, scenarios, trends) live in :mod:`icttools.results_plans`
and are re-exported here; the base class in :mod:`icttools.results_base`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from icttools.analysis.breakeven import (break_even, feasibility_flags, places_per_step, places_per_year_step,
                                         tornado)
from icttools.analysis.decomposition import decompose_gap
from icttools.analysis.feasibility import Feasibility, load_feasibility
from icttools.analysis.gaps import check_reference, gap_table, reference_province
from icttools.analysis.sensitivity import rank_curves
from icttools.core.errors import InputError
from icttools.present import jsonout, textout
from icttools.present.i18n import fmt_num, t
from icttools.results_base import COMPACT_ROWS, Result, lower_first
from icttools.results_plans import ScenarioAnalysis, TargetAnalysis, TrendAnalysis

if TYPE_CHECKING:  # the Study imports this module
    from icttools.study import Study

__all__ = ["Result", "GapAnalysis", "SensitivityAnalysis", "UncertaintyAnalysis", "TargetAnalysis",
           "ScenarioAnalysis", "TrendAnalysis"]


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
                 ref=lower_first(t(f"cli_gapref_{self.reference}", lang).format(k=self.target_rank)),
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

def _feasibility(feasibility: Any, framework: Any) -> Feasibility:
    if isinstance(feasibility, Feasibility):
        feasibility.check_framework(framework)
        return feasibility
    if feasibility is None or isinstance(feasibility, (str, Path)):
        return load_feasibility(feasibility, framework)
    raise InputError(f"feasibility must be a Feasibility, a path or None, got {type(feasibility).__name__}")


class SensitivityAnalysis(Result):
    """Rank curves and break-even values of one unit (:mod:`icttools.analysis.sensitivity`).

    Attributes
    ----------
    curves : RankCurves
        With the relation-implied changes (raising level 4 raises levels 1-3 with it).
    breakeven : DataFrame
        Long table of :func:`icttools.analysis.breakeven.break_even` (with ``implied``).
    feasibility : Feasibility
        The caps and yearly steps the break-evens are judged against.
    flags : DataFrame
        :func:`icttools.analysis.breakeven.feasibility_flags`: ``cap`` and ``beyond_cap`` per
        criterion.
    year_step : DataFrame
        :func:`icttools.analysis.breakeven.places_per_year_step`: ``step_value``, ``step``,
        ``places`` per criterion.
    """

    def __init__(self, study: "Study", unit: str, target_rank: int = 10, points: int = 101,
                 feasibility: Any = None):
        self.study, self.unit, self.target_rank = study, unit, target_rank
        self.feasibility = _feasibility(feasibility, study.framework)
        self.curves = rank_curves(study.table.data, unit, study.framework, n_points=points)
        self.breakeven = break_even(self.curves, target_rank=target_rank)
        self.flags = feasibility_flags(self.breakeven, self.curves, self.feasibility)
        self.year_step = places_per_year_step(self.curves, self.feasibility)

    @property
    def table(self) -> pd.DataFrame:
        """One row per criterion (numbers only): current value, sweep range, the rank at both
        ends, the swing, places gained per 10 % of the range and per realistic yearly step, the
        feasible cap and the break-even values (NaN: not reachable alone); which break-evens lie
        beyond a cap is in :attr:`flags`."""
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
            "year_step": self.year_step["step"].reindex(ids),
            "places_per_year_step": self.year_step["places"].reindex(ids),
            "cap": self.flags["cap"].reindex(ids),
        })
        for goal in wide.columns:
            out[f"break_even_{goal}"] = pd.to_numeric(wide[goal], errors="coerce").reindex(ids)
        out.index.name = "indicator"
        return out

    def to_json(self) -> dict:
        return jsonout.sensitivity_to_json(self.curves, self._year(), target_rank=self.target_rank,
                                           breakeven=self.breakeven, feasibility=self.feasibility)

    def text(self, lang: str = "vi") -> str:
        return textout.format_sensitivity(self.curves, target_rank=self.target_rank, lang=lang,
                                          breakeven=self.breakeven, feasibility=self.feasibility)

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
