"""Report 00 (data quality): what the year's table is, whether it passed the checks, and which
values a reader should look at again.

Key messages: the table's size and checks, the kind of data (synthetic: replace it; real: its
source), the values estimated to fill gaps, the outliers (the province's own first). The
statistics of every criterion and the definition of an outlier are in the annex.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icttools.core.provinces import load_provinces, sort_codes
from icttools.present import plots
from icttools.present.glossary import term
from icttools.present.i18n import fmt_num
from icttools.present.phrases import fmt_int, fmt_value, quote, rank_of, value_decimals
from icttools.present.readertable import ReaderTable, md_escape, reader_table
from icttools.report.context import OUTLIER_Z, ReportContext
from icttools.report.layout import Message, md, show_chart

__all__ = ["key_messages_00", "coverage_table", "validation_table", "distributions_chart", "indicator_stats",
           "outliers_table", "imputations_table", "outlier_note"]


def _outliers(ctx: ReportContext) -> pd.DataFrame:
    z = ctx.robust_z
    rows = []
    for j, iid in enumerate(ctx.framework.indicator_ids):
        for code in sort_codes(z.index):
            v = float(z.at[code, iid])
            if abs(v) > OUTLIER_Z:
                rows.append((j, iid, code, float(ctx.data.at[code, iid]), v))
    return pd.DataFrame(rows, columns=["order", "indicator", "gso_code", "value", "z"])


def key_messages_00(ctx: ReportContext) -> list[Message]:
    """Size and checks; kind of data; imputations; outliers (the province's first)."""
    lang = ctx.lang
    n_prov, n_ind = ctx.data.shape
    out = [Message(ctx.t("s_quality_size", year=ctx.year, n_ind=n_ind, n_prov=n_prov,
                         units=term("units", lang), n_cells=fmt_int(n_prov * n_ind, lang)))]
    tab = ctx.table
    if tab.is_synthetic:
        out.append(Message(ctx.t("s_quality_synthetic", year=ctx.year), ctx.t("s_quality_synthetic_todo")))
    else:
        source = md_escape(tab.data_source) if tab.data_source else ctx.t("none_text")
        out.append(Message(ctx.t("s_quality_real", year=ctx.year, source=source)))
    n_imp = len(tab.imputations)
    if n_imp == 0:
        out.append(Message(ctx.t("s_quality_imputed0", n=fmt_int(n_prov * n_ind, lang))))
    else:
        mine = [i for i in tab.imputations if i.gso_code == ctx.province]
        out.append(Message(ctx.t("s_quality_imputed", n=fmt_int(n_imp, lang), mine=fmt_int(len(mine), lang),
                                 name=ctx.name), ctx.t("s_quality_imputed_todo")))
    outl = _outliers(ctx)
    mine = outl[outl["gso_code"] == ctx.province]
    base = ctx.t("s_quality_outliers", n=fmt_int(len(outl), lang), n_ind=outl["indicator"].nunique())
    if len(mine):
        fw = ctx.framework
        items = "; ".join(f"{quote(ctx.label(r.indicator), lang)}: {fmt_value(r.value, fw.indicator(r.indicator), lang)}"
                          for r in mine.itertuples())
        out.append(Message(base + " " + ctx.t("s_quality_outliers_mine", name=ctx.name, n=len(mine), items=items),
                           ctx.t("s_quality_outliers_todo")))
    else:
        out.append(Message(base + " " + ctx.t("s_quality_outliers_none", name=ctx.name)))
    return out


def coverage_table(ctx: ReportContext) -> ReaderTable:
    """Provinces present and values estimated, per socio-economic region, with a total row."""
    prov = load_provinces()
    region_col = "region" if ctx.lang == "vi" else "region_en"
    present_codes = set(ctx.data.index)
    imputed = pd.Series([i.gso_code for i in ctx.table.imputations], dtype=object)
    rows = []
    for region, members in prov.groupby(region_col, sort=False)["gso_code"]:
        members = list(members)
        rows.append((region, sum(c in present_codes for c in members), len(members),
                     int(imputed.isin(members).sum()) if len(imputed) else 0))
    rows.append((ctx.t("w_total"), len(present_codes), len(prov), len(ctx.table.imputations)))
    df = pd.DataFrame(rows, columns=[ctx.t("col_region"), ctx.t("col_provinces"), ctx.t("col_expected"),
                                     ctx.t("col_imputed")])
    own = ctx.region if ctx.lang == "vi" else load_provinces().set_index("gso_code").at[ctx.province, "region_en"]
    return reader_table(df.set_index(ctx.t("col_region")), ctx.lang, limit=None,
                        highlight=[r[0] == own for r in rows])


def validation_table(ctx: ReportContext) -> ReaderTable:
    """The required checks (all passed, since the table loaded) and the warnings, with counts."""
    fw = ctx.framework
    X = ctx.data[fw.indicator_ids]
    lo = np.array([i.range[0] for i in fw.indicators])
    hi = np.array([i.range[1] for i in fw.indicators])
    vals = X.to_numpy(dtype=float)
    outside = int(((vals < lo) | (vals > hi)).sum())
    missing = int(np.isnan(vals).sum())
    codes_ok = len(set(X.index)) == len(X.index) == len(load_provinces())
    constant = [i for i in fw.indicator_ids if float(X[i].std(ddof=0)) == 0.0]
    at_bounds = int(((vals == lo) | (vals == hi)).sum())
    out = _outliers(ctx)
    passed, warn = ctx.t("ok"), ctx.t("warn")
    rule, caution = ctx.t("kind_rule"), ctx.t("kind_warning")
    rows = [
        (ctx.t("chk_provinces"), rule, passed if codes_ok else warn, len(X.index), ""),
        (ctx.t("chk_columns"), rule, passed, X.shape[1], ""),
        (ctx.t("chk_numeric"), rule, passed, vals.size, ""),
        (ctx.t("chk_range"), rule, passed if outside == 0 else warn, outside, ""),
        (ctx.t("chk_missing"), rule, passed if missing == 0 else warn, missing, ""),
        (ctx.t("chk_constant"), caution, passed if not constant else warn, len(constant),
         "; ".join(quote(ctx.label(i), ctx.lang) for i in constant)),
        (ctx.t("chk_bounds"), caution, passed if at_bounds == 0 else warn, at_bounds, ""),
        (ctx.t("chk_outliers"), caution, passed if out.empty else warn, len(out), ""),
        (ctx.t("chk_imputed"), caution, passed if not ctx.table.imputations else warn,
         len(ctx.table.imputations), ""),
    ]
    df = pd.DataFrame(rows, columns=[ctx.t("col_check"), ctx.t("col_kind"), ctx.t("col_result"),
                                     ctx.t("col_count"), ctx.t("col_detail")])
    df[ctx.t("col_count")] = [fmt_int(v, ctx.lang) for v in df[ctx.t("col_count")]]
    return reader_table(df.set_index(ctx.t("col_check")), ctx.lang, numeric=[ctx.t("col_count")], limit=None,
                        note=ctx.t("note_validation"))


def distributions_chart(ctx: ReportContext) -> None:
    """Each criterion's values over the provinces, the province marked."""
    show_chart(ctx, plots.indicator_distributions(ctx.data, ctx.framework, ctx.province, ctx.lang, year=ctx.year))


def indicator_stats(ctx: ReportContext) -> ReaderTable:
    """Annex: per criterion, unit, valid range, the quartiles, the number of outliers and the
    province's value and rank."""
    fw = ctx.framework
    X = ctx.data[fw.indicator_ids]
    z = ctx.robust_z
    ranks = ctx.indicator_ranks
    rows = []
    for ind in fw.indicators:
        x = X[ind.id].to_numpy(dtype=float)
        q1, med, q3 = np.percentile(x, [25, 50, 75])
        d = value_decimals(ind)
        rows.append({
            ctx.t("col_criterion"): ctx.label(ind.id),
            ctx.t("col_unit"): ind.unit if ctx.lang == "vi" else ind.unit_en,
            ctx.t("col_valid_range"): f"{fmt_num(ind.range[0], 0, ctx.lang)}–{fmt_num(ind.range[1], 0, ctx.lang)}",
            ctx.t("col_min"): fmt_num(x.min(), d, ctx.lang),
            ctx.t("col_q1"): fmt_num(q1, d, ctx.lang),
            ctx.t("col_median"): fmt_num(med, d, ctx.lang),
            ctx.t("col_q3"): fmt_num(q3, d, ctx.lang),
            ctx.t("col_max"): fmt_num(x.max(), d, ctx.lang),
            ctx.t("col_n_outliers"): int((np.abs(z[ind.id].to_numpy()) > OUTLIER_Z).sum()),
            ctx.t("col_province_value"): fmt_num(X.at[ctx.province, ind.id], d, ctx.lang),
            ctx.t("col_province_rank"): rank_of(ranks.at[ctx.province, ind.id], ctx.n_provinces),
        })
    df = pd.DataFrame(rows).set_index(ctx.t("col_criterion"))
    numeric = [c for c in df.columns if c not in (ctx.t("col_unit"),)]
    return reader_table(df, ctx.lang, numeric=numeric, nowrap=[ctx.t("col_unit")],
                        note=ctx.t("note_stats", name=ctx.name))


def outliers_table(ctx: ReportContext) -> ReaderTable | md:
    """Values far from the other provinces', largest first (a sentence when there are none)."""
    out = _outliers(ctx)
    if out.empty:
        return md(ctx.t("no_outliers"))
    out = out.assign(absz=out["z"].abs(), code=out["gso_code"].astype(int))
    out = out.sort_values(["absz", "order", "code"], ascending=[False, True, True], kind="stable")
    fw = ctx.framework
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in out["indicator"]],
        ctx.t("col_province"): [ctx.pname(c) for c in out["gso_code"]],
        ctx.t("col_value"): [fmt_value(v, fw.indicator(i), ctx.lang) for v, i in zip(out["value"], out["indicator"])],
        ctx.t("col_median"): [fmt_value(float(np.median(ctx.data[i])), fw.indicator(i), ctx.lang)
                              for i in out["indicator"]],
    })
    df.index = pd.RangeIndex(1, len(df) + 1, name="#")
    return reader_table(df, ctx.lang, numeric=[ctx.t("col_value"), ctx.t("col_median")],
                        highlight=list(out["gso_code"] == ctx.province), nowrap=[ctx.t("col_province")])


def outlier_note(ctx: ReportContext) -> md:
    """Annex: how an outlier is defined (robust z-score over the provinces)."""
    return md(ctx.t("annex_00", cut=fmt_num(OUTLIER_Z, 1, ctx.lang)))


def imputations_table(ctx: ReportContext) -> ReaderTable | md:
    """The values estimated to fill gaps when the table was read (a sentence when there are none)."""
    imps = sorted(ctx.table.imputations, key=lambda i: (int(i.gso_code), ctx.framework.indicator_ids.index(i.indicator)))
    if not imps:
        return md(ctx.t("no_imputations"))
    fw = ctx.framework
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(i.gso_code) for i in imps],
        ctx.t("col_criterion"): [ctx.label(i.indicator) for i in imps],
        ctx.t("col_value"): [fmt_value(i.value, fw.indicator(i.indicator), ctx.lang) for i in imps],
        ctx.t("col_method"): [ctx.t("imp_" + i.method) if f"imp_{i.method}" in _known(ctx) else i.method
                              for i in imps],
        ctx.t("col_n_values"): [int(i.n_values) for i in imps],
    })
    df.index = pd.RangeIndex(1, len(df) + 1, name="#")
    return reader_table(df, ctx.lang, numeric=[ctx.t("col_value")], highlight=[i.gso_code == ctx.province for i in imps])


def _known(ctx: ReportContext) -> set[str]:
    from icttools.present.i18n import TEXT

    return set(TEXT[ctx.lang])
