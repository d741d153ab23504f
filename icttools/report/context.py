"""Parameters and context of a report: :func:`setup` and :class:`ReportContext`.

:func:`setup` validates the parameters and loads the year through :func:`icttools.load` (the
same :class:`~icttools.study.Study` the command line and the runner use) and returns a
:class:`ReportContext`. The heavier analyses (rank curves, Monte Carlo, target plans, other
years) are methods of the Study, computed on first use and cached there, so each notebook pays
only for what it shows. Setting up a report changes no global state: no warning filters, no
pandas options, no matplotlib rcParams.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from icttools.analysis.decomposition import decompose_gap
from icttools.analysis.feasibility import Feasibility, load_feasibility
from icttools.analysis.gaps import indicator_ranks, reference_province
from icttools.analysis.others import move_others
from icttools.analysis.scenario import load_scenario
from icttools.analysis.trends import attribute_rank_change, rank_history
from icttools.core.engine import IndexResult, compute
from icttools.core.errors import InputError, InputFileNotFound
from icttools.core.paths import locate_data
from icttools.core.framework import as_framework
from icttools.core.framework import Framework
from icttools.core.provinces import code_key, resolve_province
from icttools.ingest.io import IndicatorTable
from icttools.present.i18n import check_lang, t
from icttools.report.units_view import UnitsView
from icttools.study import Study, load

__all__ = ["DEFAULT_SCENARIO", "OUTLIER_Z", "ReportContext", "setup"]


#: The scenario shown by notebook 04 (a file of ``<data>/raw/scenarios``).
DEFAULT_SCENARIO = "plan126_ha_giang.yaml"
#: Threshold of the robust z-score (median / MAD) above which a value is called an outlier
#: (Iglewicz & Hoaglin's 3.5).
OUTLIER_Z = 3.5

_MC_MIN = 10


# --- parameters ------------------------------------------------------------------------------

def _check_int(name: str, value: Any, lo: int, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        else:
            raise InputError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if value < lo or (hi is not None and value > hi):
        span = f"from {lo} to {hi}" if hi is not None else f">= {lo}"
        raise InputError(f"{name} must be an integer {span}, got {value!r}")
    return value


def _province_query(province: Any) -> Any:
    """Papermill may inject ``2`` for ``"02"``: integers and digit strings become 2-digit codes."""
    if isinstance(province, bool):
        raise InputError(f"province must be a GSO code or a name, got {province!r}")
    if isinstance(province, (int, np.integer)):
        return str(int(province)).zfill(2)
    text = str(province).strip()
    return text.zfill(2) if text.isdigit() else text


# --- the context -----------------------------------------------------------------------------

@dataclass(eq=False)
class ReportContext(UnitsView):
    """What a report notebook runs with: its parameters and the :class:`~icttools.study.Study`.

    Attributes
    ----------
    study : Study
        The year's data, method and computed index; every analysis goes through it.
    province : str
        GSO code (2 characters).
    lang : {"vi", "en"}
    target_rank, seed, n_samples : int
    """

    study: Study
    province: str
    lang: str
    target_rank: int
    seed: int
    n_samples: int

    # --- the study ---------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return int(self.study.year)

    @property
    def framework(self) -> Framework:
        return self.study.framework

    @property
    def table(self) -> IndicatorTable:
        """The validated input of ``year`` (``.data``, ``.data_source``, ``.imputations``, ...)."""
        return self.study.table

    @property
    def result(self) -> IndexResult:
        """The index computed from ``table.data`` with the framework's method."""
        return self.study.result

    @property
    def data(self) -> pd.DataFrame:
        """The year's indicator values (provinces × indicators)."""
        return self.study.table.data

    @property
    def data_dir(self) -> str:
        """The data folder for display (relative to the project root)."""
        loc = self.study.location
        return loc.shown if loc is not None else ""

    @property
    def data_folder(self) -> Path:
        """The data root (``raw/published``, ``raw/scenarios`` live there)."""
        return self.study.location.root

    # --- names ---------------------------------------------------------------------------
    @property
    def n_provinces(self) -> int:
        return len(self.result.codes)

    @property
    def root(self) -> str:
        return self.framework.root.id

    def label(self, key: str) -> str:
        """Display name of a node or criterion."""
        return self.framework.label(key, self.lang)

    def t(self, key: str, **fields: Any) -> str:
        return t(key, self.lang, **fields)

    def rank(self, node: str | None = None) -> int:
        return self.result.rank(self.province, node)

    def score(self, node: str | None = None) -> float:
        return self.result.score(self.province, node)

    # --- provinces -------------------------------------------------------------------------
    @cached_property
    def order(self) -> list[str]:
        """Codes by overall rank (ties: GSO code)."""
        ranks = self.result.ranks[self.root]
        # a unit without a total (a dimension missing, never filled) comes last, by code
        return sorted(self.result.codes, key=lambda c: (pd.isna(ranks[c]), 0 if pd.isna(ranks[c]) else int(ranks[c]),
                                                        code_key(c)))

    @property
    def leader(self) -> str:
        return self.order[0]

    # --- 00 --------------------------------------------------------------------------------
    @cached_property
    def robust_z(self) -> pd.DataFrame:
        """Robust z-score of every value: ``(x - median) / (1.4826 MAD)`` per criterion (0 if MAD = 0)."""
        X = self.data.to_numpy(dtype=float)
        med = np.median(X, axis=0)
        mad = 1.4826 * np.median(np.abs(X - med), axis=0)
        z = np.divide(X - med, mad, out=np.zeros_like(X), where=mad > 0)
        return pd.DataFrame(z, index=self.data.index, columns=self.data.columns)

    # --- 02 --------------------------------------------------------------------------------
    @cached_property
    def indicator_ranks(self) -> pd.DataFrame:
        return indicator_ranks(self.cresult)

    @cached_property
    def gap_table(self) -> pd.DataFrame:
        return self.study.gaps(self.province, target_rank=self.target_rank).table

    @property
    def additive(self) -> bool:
        """Whether the score gap splits by criterion (arithmetic aggregation)."""
        return self.framework.method.additive

    def decomposition(self, reference: str) -> Any:
        """:func:`icttools.analysis.gaps.decompose_gap` to ``reference`` (cached); None when it
        does not apply (geometric aggregation, or ``above`` for the leader)."""
        cache = self.__dict__.setdefault("_decompositions", {})
        if reference not in cache:
            if not self.additive or (reference == "above" and reference_province(
                    self.cresult, self.province, "above", self.target_rank) is None):
                cache[reference] = None
            else:
                cache[reference] = decompose_gap(self.cresult, self.province, reference, self.target_rank)
        return cache[reference]

    @cached_property
    def region_ranks(self) -> pd.DataFrame:
        """Criterion ranks of the region's provinces (rows by overall rank)."""
        return self.indicator_ranks.loc[self.region_codes]

    # --- 03 --------------------------------------------------------------------------------
    @property
    def _sensitivity(self) -> Any:
        return self.study.sensitivity(self.province, target_rank=self.target_rank)

    @property
    def curves(self) -> Any:
        return self._sensitivity.curves

    @property
    def breakeven(self) -> pd.DataFrame:
        return self._sensitivity.breakeven

    @cached_property
    def tornado(self) -> pd.DataFrame:
        from icttools.analysis.breakeven import tornado

        return tornado(self.curves)

    @property
    def uncertainty(self) -> Any:
        """The Monte Carlo over the unpublished method choices (all provinces)."""
        return self.study.uncertainty(n=self.n_samples, seed=self.seed, top_k=self.target_rank).monte_carlo

    @property
    def sobol_base(self) -> int:
        """Base sample of the Saltelli design: the power of 2 nearest below ``n_samples / 4`` (>= 16)."""
        return max(16, 2 ** int(math.floor(math.log2(max(self.n_samples // 4, 1)))))

    @property
    def sobol(self) -> pd.DataFrame:
        return self.study.uncertainty(n=self.n_samples, seed=self.seed, top_k=self.target_rank,
                                      unit=self.province, sobol_base=self.sobol_base).sobol

    @cached_property
    def robustness(self) -> pd.Series:
        """The province's row of the Monte Carlo summary: ``nominal_rank``, ``median_rank``,
        ``p05``, ``p95``, ``share_better``, ``share_worse``, ..."""
        return self.uncertainty.summary.set_index("gso_code").loc[self.province]

    @cached_property
    def feasibility(self) -> Feasibility:
        """The default planning assumptions (caps, yearly steps, levers) of the framework."""
        return load_feasibility(None, self.framework)

    @cached_property
    def caps(self) -> pd.Series:
        """The feasible cap of each criterion (the feasibility file's ``max_value``)."""
        ids = self.framework.indicator_ids
        return pd.Series([float(self.feasibility.get(i).best_value) for i in ids], index=ids)

    @cached_property
    def reach_within_cap(self) -> pd.DataFrame:
        """Per criterion, what raising it *alone* up to its feasible cap does: ``cap``,
        ``at_cap`` (the province is already there), ``best_rank`` (the best overall rank on the
        way, rank curve points and the cap itself), ``value`` (the value closest to today that
        gives it), ``step`` (the feasibility file's largest change in one year), ``step_up`` and
        ``step_up_rank`` (one yearly step up, within the cap, and the rank there), ``step_down``
        and ``step_rank`` (one yearly step down and the rank there), all fully recomputed."""
        curves = self.curves
        rows = []
        for iid in self.framework.indicator_ids:
            ind = self.framework.indicator(iid)
            cur = float(curves.current[iid])
            cap = float(self.caps[iid])
            vals = np.asarray(curves.values[iid], dtype=float)
            ranks = np.asarray(curves.ranks[iid], dtype=int)
            if ind.direction > 0:
                inside = (vals >= cur) & (vals <= cap)
            else:
                inside = (vals <= cur) & (vals >= cap)
            cand_v = np.append(vals[inside], cap)
            cand_r = np.append(ranks[inside], int(curves.ranks_at(iid, [cap])[0]))
            k = int(np.lexsort((np.abs(cand_v - cur), cand_r))[0])
            step = float(self.feasibility.get(iid).max_change)
            lo, hi = float(curves.sweep.at[iid, "lo"]), float(curves.sweep.at[iid, "hi"])
            down = min(max(cur - ind.direction * step, lo), hi)
            up = cur + ind.direction * step
            up = min(up, cap) if ind.direction > 0 else max(up, cap)
            up = up if (up - cur) * ind.direction > 0 else cur
            rows.append({"indicator": iid, "current": cur, "cap": cap,
                         "at_cap": (cur >= cap) if ind.direction > 0 else (cur <= cap),
                         "best_rank": int(cand_r[k]), "value": float(cand_v[k]),
                         "step": step, "step_up": up, "step_up_rank": int(curves.ranks_at(iid, [up])[0]),
                         "step_down": down, "step_rank": int(curves.ranks_at(iid, [down])[0])})
        return pd.DataFrame(rows).set_index("indicator")

    # --- other years -----------------------------------------------------------------------
    @property
    def years(self) -> list[int]:
        """Years with a folder in the data folder, ascending."""
        return list(self.study.years)

    @cached_property
    def tables(self) -> dict[int, pd.DataFrame]:
        """Every year with a table (the report's year included).

        A year whose folder has no table is skipped; a table that fails validation raises (a
        broken file must show up as a failed report, not as a silently shorter history).
        """
        return {y: s.table.data for y, s in self.study.history().items()}

    @property
    def previous(self) -> pd.DataFrame | None:
        """The previous year's table, or None when there is none."""
        return self.tables.get(self.year - 1)

    # --- 04 --------------------------------------------------------------------------------
    @cached_property
    def plans(self) -> dict[str, Any]:
        """Least-effort plans to the target rank: ``{"still": TargetPlan, "trend": TargetPlan}``
        (``trend`` only when the previous year's table exists)."""
        out = {"still": self.study.targets(self.province, rank=self.target_rank).plan}
        if self.previous is not None:
            out["trend"] = self.study.targets(self.province, rank=self.target_rank, others="trend").plan
        return out

    @cached_property
    def scenario(self) -> Any:
        """The scenario of :data:`DEFAULT_SCENARIO`, or None when the file is absent."""
        path = self.data_folder / "raw" / "scenarios" / DEFAULT_SCENARIO
        if not self.default_view or not path.is_file():  # plan 126: the ICT Index, 63 provinces
            return None
        return load_scenario(path, self.framework)

    @cached_property
    def scenario_results(self) -> dict[str, Any]:
        """``{"still": ScenarioResult, "trend": ScenarioResult}`` when the scenario applies to this
        year and framework (``trend`` only with the previous year's table); else empty."""
        sc = self.scenario
        if sc is None or sc.year != self.year or sc.framework != self.framework.id:
            return {}
        out = {"still": self.study.scenario(sc).outcome}
        if self.previous is not None:
            out["trend"] = self.study.scenario(sc, others="trend").outcome
        return out

    @cached_property
    def scenario_trend_baseline(self) -> IndexResult | None:
        """The index when the provinces the scenario does not name follow their trend and the
        named ones stand still, *without* the scenario's changes: what the "trend" result is
        compared with to see the plan's own effect. None without a trend result."""
        if "trend" not in self.scenario_results:
            return None
        base = move_others(self.data, self.scenario.focus, "trend", self.previous, self.framework)
        return compute(base, self.framework)

    # --- 05 --------------------------------------------------------------------------------
    @cached_property
    def history(self) -> pd.DataFrame:
        # as Study.trends(...).history, without its attribution (which refuses a province lacking a
        # value in one of the two years; the pairs it can split are in `attributions`)
        return rank_history(self.tables, self.province, self.framework)

    @cached_property
    def attributions(self) -> dict[tuple[int, int], pd.DataFrame]:
        """Rank-change attribution of the province for each pair of consecutive available years."""
        years, t = list(self.tables), self.tables
        # a pair where the province lacks a value (PAPI: never filled) has no attribution
        return {(a, b): attribute_rank_change(t[a], t[b], self.province, self.framework)
                for a, b in zip(years[:-1], years[1:])
                if not (t[a].loc[[self.province]].isna().any(axis=None) or t[b].loc[[self.province]].isna().any(axis=None))}

    @property
    def focus_pair(self) -> tuple[int, int] | None:
        """The pair of years ending at the report's year, else the one starting at it, else the
        latest pair; None with a single year."""
        if not self.attributions:
            return None
        for end in (1, 0):
            hits = [p for p in self.attributions if p[end] == self.year]
            if hits:
                return hits[0]
        return list(self.attributions)[-1]


def setup(year: int = 2018, province: Any = "02", framework: str | Framework = "ict_index_2016",
          data_dir: str = "", lang: str = "vi", target_rank: int = 10, seed: int = 20190418,
          n_samples: int = 2000, units: str = "") -> ReportContext:
    """Validate the parameters of a report, load the data, compute the index, prepare the output.

    Parameters
    ----------
    year : int
        The data year (a folder ``<data>/raw/ict_index/<year>``).
    province : str or int
        GSO code (``"02"``; papermill may pass ``2``) or a name ``resolve_province`` accepts.
    framework : str or Framework
        A shipped framework name or a YAML path.
    data_dir : str
        The data folder holding ``raw/ict_index/<year>/`` (and ``raw/published``,
        ``raw/scenarios``); relative paths are taken from the project root. Empty: the project's
        ``data`` folder, or ``$ICT_DATA_DIR``.
    lang : {"vi", "en"}
    target_rank : int
        The rank to reach (top k), 1 to the number of provinces.
    seed : int
        Seed of every random draw (Monte Carlo, Sobol design), >= 0.
    n_samples : int
        Monte Carlo replications (>= 10).
    units : str
        ``""`` (default): the framework's own unit set; ``"2025"``: the 34 provinces of 1/7/2025,
        merged by icttools from the year's 63-province data (then ``province`` is a 2025 code).

    Returns
    -------
    ReportContext

    Raises
    ------
    ValueError
        Unknown language, province or framework, or a parameter out of range (the message names
        the parameter and the value).
    FileNotFoundError
        No data folder, or no table for ``year`` (the message lists the years that have one).
    DataValidationError
        The year's table breaks a rule (all problems listed).
    """
    lang = check_lang(lang)
    year = _check_int("year", year, 1900, 2200)
    seed = _check_int("seed", seed, 0)
    n_samples = _check_int("n_samples", n_samples, _MC_MIN)
    if not isinstance(target_rank, (int, np.integer)) or isinstance(target_rank, bool):
        target_rank = _check_int("target_rank", target_rank, 1)
    units = str(units or "").strip() or None
    query = _province_query(province)
    code = resolve_province(query).gso_code if units is None else None
    try:
        location = locate_data(data_dir or None, as_framework(framework).data_folder)
    except InputFileNotFound as exc:
        raise InputFileNotFound(f"data_dir: {exc}") from None
    study = load(year, framework=framework, data_dir=location, units=units)
    if code is None:  # another unit set: names and codes of that set (34-era codes reuse old numbers)
        code = study.unit(query)
    if code not in study.codes:
        raise InputError(f"province {province!r} ({code}) is not in the {year} table")
    if code in study.incomplete:
        missing = [i for i in study.framework.indicator_ids if pd.isna(study.table.data.at[code, i])]
        raise InputError(f"province {province!r} ({code}) has no total in {year}: "
                         f"{', '.join(missing)} missing (never filled); choose a unit with complete data")
    target_rank = _check_int("target_rank", target_rank, 1, len(study.codes))
    return ReportContext(study=study, province=code, lang=lang, target_rank=target_rank, seed=seed,
                         n_samples=n_samples)
