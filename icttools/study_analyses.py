"""The analyses of a :class:`~icttools.study.Study`, as methods returning result objects.

Each analysis is computed once per Study and kept (a Study never changes, so neither do its
results); the result objects live in :mod:`icttools.results`. :class:`StudyAnalyses` is the part
of the Study class that asks questions of the data; :mod:`icttools.study` holds the data, the
method and their variations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from icttools.analysis.feasibility import parse_levers
from icttools.analysis.others import baseline_ranks
from icttools.analysis.sobol import sobol_indices
from icttools.analysis.uncertainty import run_uncertainty
from icttools.core.errors import IcttoolsError, InputError
from icttools.results import (GapAnalysis, ScenarioAnalysis, SensitivityAnalysis, TargetAnalysis,
                              TrendAnalysis, UncertaintyAnalysis)

__all__ = ["StudyAnalyses"]


class StudyAnalyses:
    """The analyses of a Study (mixed into :class:`icttools.study.Study`; not used alone).

    Relies on the Study's ``unit()``, ``compared()``, ``table``, ``framework``, ``previous`` and
    its private result cache.
    """

    def _memo(self, key: tuple, make: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def gaps(self, unit: Any, reference: str = "leader", target_rank: int = 10) -> GapAnalysis:
        """Gaps of a unit to the leader, the one above, the top-k threshold, its region and the
        median, per criterion and in index points (:class:`icttools.results.GapAnalysis`)."""
        code = self.unit(unit)
        return self._memo(("gaps", code, reference, int(target_rank)),
                          lambda: GapAnalysis(self.compared(code), code, reference=reference,
                                              target_rank=int(target_rank)))

    def sensitivity(self, unit: Any, target_rank: int = 10, points: int = 101,
                    feasibility: Any = None) -> SensitivityAnalysis:
        """Rank curves and break-even values of every criterion, with the changes the relations
        imply, judged against the feasibility file's caps and yearly steps (``feasibility``: a
        path, a :class:`~icttools.analysis.feasibility.Feasibility` or None for the default)
        (:class:`icttools.results.SensitivityAnalysis`)."""
        code = self.unit(unit)
        feas_key = feasibility if feasibility is None or isinstance(feasibility, (str, Path)) else id(feasibility)
        return self._memo(("sensitivity", code, int(target_rank), int(points), str(feas_key)),
                          lambda: SensitivityAnalysis(self.compared(code), code, target_rank=int(target_rank), points=int(points),
                                                      feasibility=feasibility))

    def uncertainty(self, n: int = 1000, seed: int = 0, top_k: int = 10, unit: Any = None,
                    sobol_base: int = 512, progress: Any = None) -> UncertaintyAnalysis:
        """Every unit's rank over the method choices that are not published (Monte Carlo); with
        ``unit``, also the Sobol indices of its rank (:class:`icttools.results.UncertaintyAnalysis`).

        ``progress(done, total)`` is called after each batch of replications (it does not change
        the result). The Monte Carlo and the Sobol indices are cached separately, so asking for a
        unit's indices later does not repeat the Monte Carlo.
        """
        n, seed, top_k = int(n), int(seed), int(top_k)
        if n < 10:
            raise InputError(f"n must be at least 10, got {n}")
        data, fw = self.table.data, self.framework
        mc = self._memo(("monte_carlo", n, seed, top_k),
                        lambda: run_uncertainty(data, fw, n=n, seed=seed, top_k=top_k, progress=progress))
        code = None if unit is None else self.unit(unit)
        sobol = None if code is None else self._memo(
            ("sobol", code, int(sobol_base), seed),
            lambda: sobol_indices(data, code, fw, n_base=int(sobol_base), seed=seed))
        return UncertaintyAnalysis(self, mc, sobol, code)

    def targets(self, unit: Any, rank: int = 10, others: str = "still", rival: Any = None,
                feasibility: Any = None, levers: Any = None) -> TargetAnalysis:
        """The least-effort plan to reach ``rank`` (or to pass ``rival``) when the others
        ``still`` / ``trend`` / ``growth=PCT``, or everybody (the unit too) ``trend-all``, moving
        only the criteria whose lever is in ``levers`` (default ``direct`` and ``influenced``;
        ``"all"`` for every criterion) and keeping every relation between criteria
        (:class:`icttools.results.TargetAnalysis`)."""
        code = self.unit(unit)
        rival_code = None if rival is None else self.unit(rival)
        feas_key = feasibility if feasibility is None or isinstance(feasibility, (str, Path)) else id(feasibility)
        lever_set = parse_levers(levers)
        return self._memo(("targets", code, int(rank), str(others), rival_code, str(feas_key), lever_set),
                          lambda: TargetAnalysis(self.compared(code), code, rank=int(rank), others=others, rival=rival_code,
                                                 feasibility=feasibility, levers=lever_set))

    def baselines(self, unit: Any) -> pd.DataFrame:
        """The unit's score and rank under each baseline side by side: ``today`` (the data as
        they are), ``trend`` (the others one year along their trend, the unit still),
        ``trend-all`` (everybody along their trend); the last two need the previous year's data
        and are left out without it (:func:`icttools.analysis.others.baseline_ranks`)."""
        code = self.unit(unit)

        def make() -> pd.DataFrame:
            try:
                prior = self.previous
                return baseline_ranks(self.table.data, code, None if prior is None else prior.table.data,
                                      self.framework)
            except IcttoolsError:  # a previous year that cannot serve (broken, provinces missing)
                return baseline_ranks(self.table.data, code, None, self.framework)

        return self._memo(("baselines", code), make).copy()

    def scenario(self, scenario: Any, others: str = "still") -> ScenarioAnalysis:
        """Before and after a what-if scenario (a YAML path, a mapping or a
        :class:`icttools.analysis.scenario.Scenario`) (:class:`icttools.results.ScenarioAnalysis`)."""
        key = ("scenario", str(scenario) if isinstance(scenario, (str, Path)) else id(scenario), str(others))
        return self._memo(key, lambda: ScenarioAnalysis(self, scenario, others=others))

    def trends(self, unit: Any) -> TrendAnalysis:
        """The unit's scores and ranks across the years with data, and what moved its rank
        between consecutive years (:class:`icttools.results.TrendAnalysis`)."""
        code = self.unit(unit)
        return self._memo(("trends", code), lambda: TrendAnalysis(self, code))
