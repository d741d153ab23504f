"""Notebook-side helpers of the reports: setup, header, findings, sections and display tables.

The six report notebooks (``notebooks/00_data_quality.ipynb`` ... ``05_trends.ipynb``) are thin:
each code cell calls one function of this package (or of :mod:`icttools.present.plots`) and shows one
result. A notebook starts with::

    ctx = report.setup(year=year, province=province, framework=framework, data_dir=data_dir,
                       lang=lang, target_rank=target_rank, seed=seed, n_samples=n_samples)
    report.header(ctx, "02")          # each in its own cell
    report.finding_gaps(ctx)
    report.section(ctx, "waterfall")
    report.waterfall_chart(ctx, "leader")
    plt.show()                        # chart cells end with plt.show(), not ";"

Everything the reader sees is in Vietnamese (``lang="vi"``, default) or English (``"en"``):
headings and findings are Markdown *outputs* (reports hide the code, and static Markdown cells
cannot switch language), tables have translated headers and numbers formatted for the language
(``0,5066`` in Vietnamese). Outputs are deterministic: seeded, sorted, no timestamps, no absolute
paths.

Submodules (every public name is re-exported here, so callers use ``report.<name>``):

- :mod:`~icttools.report.context`: parameter checks, :func:`setup`, :class:`ReportContext`
  (data, computed index, cached analyses);
- :mod:`~icttools.report.layout`: :func:`header`, :func:`section` and the
  display helpers shared by the notebooks;
- one module per notebook: :mod:`~icttools.report.quality` (00),
  :mod:`~icttools.report.overview` (01), :mod:`~icttools.report.gaps` (02),
  :mod:`~icttools.report.sensitivity` (03), :mod:`~icttools.report.targets` (04),
  :mod:`~icttools.report.trends` (05).
"""

from icttools.report.context import DEFAULT_SCENARIO, OUTLIER_Z, ReportContext, setup
from icttools.report.gaps import (contributions_table, finding_gaps, gap_criteria_table, gap_nodes_table,
                                  references_table, strengths_table, waterfall_chart)
from icttools.report.layout import header, header_text, section
from icttools.report.overview import finding_overview, node_table, published_table, ranking_table, subindex_table
from icttools.report.quality import (coverage_table, finding_quality, imputations_table, indicator_stats,
                                     outliers_table, source_table, validation_table)
from icttools.report.sensitivity import breakeven_table, finding_sensitivity, sobol_table, uncertainty_table
from icttools.report.targets import (finding_targets, plan_chart, plan_summary, plan_table, scenario_changes,
                                     scenario_table)
from icttools.report.trends import (attribution_chart, attribution_table, finding_trends, history_table,
                                    indicator_changes)

__all__ = [
    "DEFAULT_SCENARIO",
    "OUTLIER_Z",
    "ReportContext",
    "setup",
    "header",
    "header_text",
    "section",
    # 00
    "finding_quality",
    "source_table",
    "coverage_table",
    "validation_table",
    "indicator_stats",
    "outliers_table",
    "imputations_table",
    # 01
    "finding_overview",
    "ranking_table",
    "node_table",
    "subindex_table",
    "published_table",
    # 02
    "finding_gaps",
    "references_table",
    "gap_nodes_table",
    "gap_criteria_table",
    "waterfall_chart",
    "contributions_table",
    "strengths_table",
    # 03
    "finding_sensitivity",
    "breakeven_table",
    "uncertainty_table",
    "sobol_table",
    # 04
    "finding_targets",
    "plan_summary",
    "plan_table",
    "plan_chart",
    "scenario_table",
    "scenario_changes",
    # 05
    "finding_trends",
    "history_table",
    "attribution_table",
    "attribution_chart",
    "indicator_changes",
]
