"""The report notebooks' views: key messages, sections, tables and charts for readers.

The seven report notebooks (``notebooks/00_data_quality.ipynb`` ... ``06_leader_brief.ipynb``)
are thin: each code cell calls one function of this package and shows one result. A report reads,
top to bottom (see :mod:`~icttools.report.layout`)::

    ctx = report.setup(year=year, province=province, framework=framework, data_dir=data_dir,
                       lang=lang, target_rank=target_rank, seed=seed, n_samples=n_samples)
    report.header(ctx, "02")           # title, data banner (kind of every year used), style
    report.key_messages(ctx, "02")     # "Kết luận chính": 3-5 numbered plain sentences
    report.section(ctx, "references")  # sections in plain words ...
    report.references_table(ctx)       # ... tables for readers (ReaderTable)
    report.waterfall_chart(ctx)        # ... charts with alt text and a caption
    report.annex_heading(ctx)          # "Phương pháp và nguồn": the method's own words
    report.method_table(ctx)

Everything the reader sees is in Vietnamese (``lang="vi"``, default) or English (``"en"``), in
the vocabulary of :mod:`icttools.present.glossary`. Outputs are deterministic: seeded, sorted, no
timestamps, no absolute paths. Text from input files is escaped.

Submodules (every public name is re-exported here, so callers use ``report.<name>``):
:mod:`~icttools.report.context` (:func:`setup`, :class:`ReportContext`),
:mod:`~icttools.report.layout` (header, messages, sections, charts),
:mod:`~icttools.report.provenance` (the data banner), :mod:`~icttools.report.sentences`
(sentences shared by reports), :mod:`~icttools.report.annex` (the annex), and one module per
report: :mod:`~icttools.report.quality` (00), :mod:`~icttools.report.overview` (01),
:mod:`~icttools.report.gaps` (02), :mod:`~icttools.report.sensitivity` (03),
:mod:`~icttools.report.targets` (04), :mod:`~icttools.report.trends` (05),
:mod:`~icttools.report.brief` (06); :mod:`~icttools.report.assignments` (who leads each criterion).
"""

from IPython.display import Markdown

from icttools.core.errors import InputError
from icttools.report.annex import method_table, parameters_table, sources_table
from icttools.report.brief import brief_caveat, brief_method, brief_plan_table, brief_sources, key_messages_06
from icttools.report.context import DEFAULT_SCENARIO, OUTLIER_Z, ReportContext, setup
from icttools.report.gaps import (contributions_table, gap_criteria_table, gap_nodes_table, heatmap_chart,
                                  key_messages_02, references_table, strengths_table, waterfall_chart)
from icttools.report.layout import (Message, annex_heading, header, header_text, messages_markdown, section,
                                    show_chart, subsection)
from icttools.report.overview import (key_messages_01, node_table, profile_chart, published_table, ranking_chart,
                                      ranking_table, subindex_table)
from icttools.report.quality import (coverage_table, distributions_chart, imputations_table, indicator_stats,
                                     key_messages_00, outlier_note, outliers_table, validation_table)
from icttools.report.sensitivity import (breakeven_table, curves_chart, key_messages_03, montecarlo_note,
                                         robustness_chart, robustness_table, sobol_chart, sobol_table, tornado_chart)
from icttools.report.targets import (baseline_table, key_messages_04, plan_chart, plan_summary, plan_table,
                                     scenario_changes, scenario_operations, scenario_table, solver_notes)
from icttools.report.trends import (attribution_chart, attribution_table, history_chart, history_table,
                                    indicator_changes, key_messages_05)

#: The key messages of each report.
KEY_MESSAGES = {"00": key_messages_00, "01": key_messages_01, "02": key_messages_02, "03": key_messages_03,
                "04": key_messages_04, "05": key_messages_05, "06": key_messages_06}


def message_list(ctx: ReportContext, notebook: str) -> list[Message]:
    """The key messages of report ``notebook`` (``"00"`` to ``"06"``) as :class:`Message` objects."""
    if notebook not in KEY_MESSAGES:
        raise InputError(f"notebook must be one of {', '.join(KEY_MESSAGES)}, got {notebook!r}")
    return KEY_MESSAGES[notebook](ctx)


def key_messages(ctx: ReportContext, notebook: str) -> Markdown:
    """"Kết luận chính" / "Key messages": the report's 3-5 numbered sentences, generated from its
    results, each with its number and unit and, where it applies, what to do."""
    return Markdown(messages_markdown(ctx, message_list(ctx, notebook)))


__all__ = [
    "DEFAULT_SCENARIO", "OUTLIER_Z", "ReportContext", "setup", "Message", "KEY_MESSAGES",
    "header", "header_text", "key_messages", "message_list", "messages_markdown", "section", "subsection",
    "show_chart", "annex_heading", "method_table", "parameters_table", "sources_table",
    # 00
    "key_messages_00", "coverage_table", "validation_table", "distributions_chart", "indicator_stats",
    "outliers_table", "imputations_table", "outlier_note",
    # 01
    "key_messages_01", "ranking_chart", "ranking_table", "node_table", "profile_chart", "subindex_table",
    "published_table",
    # 02
    "key_messages_02", "references_table", "gap_nodes_table", "waterfall_chart", "contributions_table",
    "gap_criteria_table", "strengths_table", "heatmap_chart",
    # 03
    "key_messages_03", "tornado_chart", "curves_chart", "breakeven_table", "robustness_chart",
    "robustness_table", "sobol_chart", "sobol_table", "montecarlo_note",
    # 04
    "key_messages_04", "baseline_table", "plan_table", "plan_chart", "plan_summary", "solver_notes",
    "scenario_table", "scenario_changes", "scenario_operations",
    # 05
    "key_messages_05", "history_table", "history_chart", "attribution_table", "attribution_chart",
    "indicator_changes",
    # 06
    "key_messages_06", "brief_plan_table", "brief_caveat", "brief_sources", "brief_method",
]
