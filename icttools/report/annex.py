"""The annex every report ends with, "Phương pháp và nguồn" / "Method and sources".

The main text of a report speaks plain words; the annex keeps what a reviewer checks: the run's
parameters (with their technical names and the random seed), the data files year by year (kind,
file, SHA-256, the label in the file), and the method step by step with the method's own names
and whether each step is published by the Ministry ("đã công bố") or inferred from the published
figures ("suy luận"). Each report adds its own details (Monte Carlo and Sobol, scenario
operations, solver notes) from its module.
"""

from __future__ import annotations

import pandas as pd

from icttools.present.glossary import term
from icttools.present.readertable import ReaderTable, reader_table
from icttools.report.context import ReportContext
from icttools.report.layout import parameters_table_rows
from icttools.report.provenance import years_used

__all__ = ["parameters_table", "sources_table", "method_table"]


def parameters_table(ctx: ReportContext) -> ReaderTable:
    """The run's parameters: year, province (GSO code), framework, data folder, language, target
    rank, number of trial calculations (Monte Carlo samples) and the random seed."""
    rows = parameters_table_rows(ctx)
    df = pd.DataFrame(rows, columns=[ctx.t("col_item"), ctx.t("col_value")]).set_index(ctx.t("col_item"))
    return reader_table(df, ctx.lang, limit=None)


def sources_table(ctx: ReportContext, notebook: str) -> ReaderTable:
    """The data files of every year the report uses: kind, file, SHA-256 (first 12 characters)
    and the ``data_source`` label in the file (shown as text, never as markup)."""
    data = years_used(ctx, notebook)
    df = pd.DataFrame({
        ctx.t("col_year"): [str(d.year) for d in data],
        ctx.t("col_kind"): [ctx.t("prov_synthetic_short" if d.synthetic else "prov_real_short") for d in data],
        ctx.t("col_file"): [d.source for d in data],
        ctx.t("col_sha"): [d.sha256[:12] for d in data],
        ctx.t("col_source_label"): [d.data_source or ctx.t("none_text") for d in data],
    }).set_index(ctx.t("col_year"))
    return reader_table(df, ctx.lang, links=[ctx.t("col_source_label")], limit=None,
                        highlight=[d.year == ctx.year for d in data])


def method_table(ctx: ReportContext) -> ReaderTable:
    """The method step by step: what is done, the framework's setting, and its status (published
    by the Ministry, or inferred from the published figures)."""
    m = ctx.framework.method
    pub, inf = term("confirmed", ctx.lang), term("inferred", ctx.lang)
    rows = [
        (ctx.t("m_structure"), ctx.t("m_structure_v"), pub),
        (ctx.t("m_overall"), ctx.t("m_overall_v"), pub),
        (ctx.t("m_component"), ctx.t("m_component_v"), inf),
        (ctx.t("m_subindex"), f"{ctx.t('m_subindex_v')} (normalisation: {m.normalisation})", inf),
        (ctx.t("m_aggregation"), f"{ctx.t('m_aggregation_v')} (aggregation: {m.aggregation})", pub),
        (ctx.t("m_rounding"), ctx.t("m_rounding_v", d=m.rounding), inf),
        (ctx.t("m_ranking"), f"{ctx.t('m_ranking_v')} (ranking: {m.ranking})", inf),
    ]
    df = pd.DataFrame(rows, columns=[ctx.t("col_step"), ctx.t("col_setting"), ctx.t("col_status")])
    return reader_table(df.set_index(ctx.t("col_step")), ctx.lang, limit=None,
                        note=ctx.t("m_note", framework=ctx.framework.id))
