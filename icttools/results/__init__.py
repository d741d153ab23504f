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
needs more than the table. :mod:`~icttools.results.index` holds the results that read the index
(gaps, sensitivity, uncertainty), :mod:`~icttools.results.plans` the planning ones (targets,
scenarios, trends), :mod:`~icttools.results.base` the base class.
"""

from icttools.results.base import COMPACT_ROWS, Result
from icttools.results.index import GapAnalysis, SensitivityAnalysis, UncertaintyAnalysis
from icttools.results.plans import ScenarioAnalysis, TargetAnalysis, TrendAnalysis

__all__ = ["COMPACT_ROWS", "Result", "GapAnalysis", "SensitivityAnalysis", "UncertaintyAnalysis",
           "TargetAnalysis", "ScenarioAnalysis", "TrendAnalysis"]
