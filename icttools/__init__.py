"""icttools: recompute, explain and plan a composite index (the Vietnam ICT Index and others).

A two-minute tour
-----------------
Load a year; everything starts from the :class:`Study` that :func:`load` returns::

    import icttools
    s = icttools.load(2018)                  # the year's data, validated, and the index computed
    s.rank("Hà Giang"), s.score("02")        # 17, 0.5066 (names, codes and ASCII all work)
    s.scores, s.ranks                        # DataFrames: one row per province, one column per node

A Study never changes; a "what if" gives a new one::

    s.with_method(normalisation="max-ratio")        # another reading of the unpublished method
    s.what_if({"02": {"it_staff_pct": 3.5}})        # one criterion of one province changed
    s.at_year(2019), s.previous                     # other years, same method

Analyses are methods; each returns a result with ``.table`` (a DataFrame of numbers),
``.to_json()`` (the command line's JSON), ``.text(lang)``, ``.headline(lang)``, ``.plot()`` and a
compact view in JupyterLab::

    s.gaps("Hà Giang")                  # to the leader, the one above, top-k, region, median
    s.sensitivity("02")                 # which criteria move the rank, and the values needed
    s.uncertainty(n=2000, unit="02")    # how robust the rank is to the unpublished method
    s.targets("02", rank=10, others="trend")   # least-effort plan when the others move too
    s.baselines("02")                   # its rank today / others on trend / everyone on trend
    s.scenario("data/raw/scenarios/plan126_ha_giang.yaml")   # the plan's measures
    s.trends("02")                      # ranks across years, and what moved them
    s.provenance, s.method_years_note   # synthetic or real, and a year outside the method's

Layers (imports point one way only)
-----------------------------------
``core`` (framework and method specs, engine, units, errors, paths) → ``ingest`` (reading and
validating files, counts, templates, published figures, the SYNTHETIC demo generator) →
``analysis`` (gaps, sensitivity, uncertainty, targets, scenarios, trends, what the others do) →
``present`` (every word a reader sees in Vietnamese and English, number formats, JSON, text
tables, charts) → :mod:`icttools.study` / :mod:`icttools.results` (this entry point) →
``report`` (the notebook views) and ``run`` (the batch runner) → :mod:`icttools.cli`.

Errors a user can fix are :class:`IcttoolsError` (:class:`InputError`, :class:`DataError`,
:class:`MethodError`) with a one-line message; the command line prints them and exits with 2.
"""

from icttools.core.errors import DataError, IcttoolsError, InputError, MethodError
from icttools.core.framework import Framework, load_framework
from icttools.results import (GapAnalysis, ScenarioAnalysis, SensitivityAnalysis, TargetAnalysis,
                              TrendAnalysis, UncertaintyAnalysis)
from icttools.study import Study, load

__all__ = [
    "load",
    "Study",
    "load_framework",
    "Framework",
    "GapAnalysis",
    "SensitivityAnalysis",
    "UncertaintyAnalysis",
    "TargetAnalysis",
    "ScenarioAnalysis",
    "TrendAnalysis",
    "IcttoolsError",
    "InputError",
    "DataError",
    "MethodError",
]
