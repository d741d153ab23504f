"""Notebook 00 (data quality): source, coverage, validation checks, statistics, outliers, imputations."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import Markdown

from icttools.present.i18n import fmt_num, join_list
from icttools.core.provinces import load_provinces, sort_codes
from icttools.report.context import OUTLIER_Z, ReportContext
from icttools.present.tables import ReportTable, display_frame
from icttools.report.layout import md

__all__ = ["finding_quality", "source_table", "coverage_table", "validation_table", "indicator_stats",
           "outliers_table", "imputations_table"]


def _outliers(ctx: ReportContext) -> pd.DataFrame:
    z = ctx.robust_z
    rows = []
    for j, iid in enumerate(ctx.framework.indicator_ids):
        for code in sort_codes(z.index):
            v = float(z.at[code, iid])
            if abs(v) > OUTLIER_Z:
                rows.append((j, iid, code, float(ctx.data.at[code, iid]), v))
    return pd.DataFrame(rows, columns=["order", "indicator", "gso_code", "value", "z"])


def finding_quality(ctx: ReportContext) -> Markdown:
    """What the data are, in two sentences: size, imputations, outliers (overall and for the province)."""
    out = _outliers(ctx)
    n_imp = len(ctx.table.imputations)
    imputed = ctx.t("f_quality_imputed0") if n_imp == 0 else ctx.t("f_quality_imputed", n=n_imp)
    mine = out[out["gso_code"] == ctx.province]
    which = ""
    if len(mine):
        which = " (" + join_list([ctx.label(i) for i in mine["indicator"]], ctx.lang) + ")"
    province_part = (ctx.t("f_quality_province", name=ctx.name, n=len(mine), which=which) if len(mine)
                     else ctx.t("f_quality_province0", name=ctx.name))
    n_prov, n_ind = ctx.data.shape
    return md(ctx.t("f_quality", year=ctx.year, n_prov=n_prov, n_ind=n_ind, n_cells=n_prov * n_ind,
                     imputed=imputed, n_out=len(out), n_out_ind=out["indicator"].nunique(),
                     province_part=province_part))


def source_table(ctx: ReportContext) -> pd.DataFrame:
    """Where the data come from: source label, file, hash, kind, size, years available."""
    tab = ctx.table
    kind = ctx.t("kind_counts") if tab.kind == "counts" else ctx.t("kind_indicators")
    rows = [
        (ctx.t("item_source"), tab.data_source or ctx.t("none_text")),
        (ctx.t("item_synthetic"), ctx.t("yes") if tab.is_synthetic else ctx.t("no")),
        (ctx.t("item_file"), tab.source),
        (ctx.t("item_sha"), tab.sha256[:12]),
        (ctx.t("item_kind"), kind),
        (ctx.t("item_framework"), f"{ctx.framework.id} ({ctx.framework.name_vi if ctx.lang == 'vi' else ctx.framework.name_en})"),
        (ctx.t("item_provinces"), str(tab.data.shape[0])),
        (ctx.t("item_indicators"), str(tab.data.shape[1])),
        (ctx.t("item_imputed"), str(len(tab.imputations))),
        (ctx.t("item_years"), ", ".join(str(y) for y in ctx.years) or ctx.t("none_text")),
    ]
    return ReportTable(pd.DataFrame(rows, columns=[ctx.t("col_item"), ctx.t("col_value")]).set_index(ctx.t("col_item")))


def coverage_table(ctx: ReportContext) -> pd.DataFrame:
    """Provinces present and values imputed, per socio-economic region, with a total row."""
    prov = load_provinces()
    region_col = "region" if ctx.lang == "vi" else "region_en"
    present_codes = set(ctx.data.index)
    imputed = pd.Series([i.gso_code for i in ctx.table.imputations], dtype=object)
    rows = []
    for region, members in prov.groupby(region_col, sort=False)["gso_code"]:
        members = list(members)
        rows.append((region, sum(c in present_codes for c in members), len(members),
                     int(imputed.isin(members).sum()) if len(imputed) else 0))
    rows.append((ctx.t("col_total"), len(present_codes), len(prov), len(ctx.table.imputations)))
    df = pd.DataFrame(rows, columns=[ctx.t("col_region"), ctx.t("col_provinces"), ctx.t("col_expected"),
                                     ctx.t("col_imputed")])
    return display_frame(df.set_index(ctx.t("col_region")), ctx.lang)


def validation_table(ctx: ReportContext) -> pd.DataFrame:
    """The blocking rules (all passed, since the table loaded) and the warning checks with counts."""
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
    passed, note = ctx.t("ok"), ctx.t("warn")
    rule, warn = ctx.t("kind_rule"), ctx.t("kind_warning")
    detail = ctx.t("chk_pass_detail")
    rows = [
        (ctx.t("chk_provinces"), rule, passed if codes_ok else note, len(X.index), detail),
        (ctx.t("chk_columns"), rule, passed, X.shape[1], detail),
        (ctx.t("chk_numeric"), rule, passed, vals.size, detail),
        (ctx.t("chk_range"), rule, passed if outside == 0 else note, outside, detail),
        (ctx.t("chk_missing"), rule, passed if missing == 0 else note, missing, detail),
        (ctx.t("chk_constant"), warn, passed if not constant else note, len(constant),
         ", ".join(ctx.label(i) for i in constant)),
        (ctx.t("chk_bounds"), warn, passed if at_bounds == 0 else note, at_bounds, ""),
        (ctx.t("chk_outliers", cut=fmt_num(OUTLIER_Z, 1, ctx.lang)), warn, passed if out.empty else note,
         len(out), ""),
        (ctx.t("chk_imputed"), warn, passed if not ctx.table.imputations else note,
         len(ctx.table.imputations), ""),
    ]
    df = pd.DataFrame(rows, columns=[ctx.t("col_check"), ctx.t("col_kind"), ctx.t("col_result"),
                                     ctx.t("col_count"), ctx.t("col_detail")])
    return ReportTable(df.set_index(ctx.t("col_check")))


def indicator_stats(ctx: ReportContext) -> pd.DataFrame:
    """Per criterion: unit, valid range, quartiles, mean, SD, outliers, the province's value and rank."""
    fw = ctx.framework
    X = ctx.data[fw.indicator_ids]
    z = ctx.robust_z
    ranks = ctx.indicator_ranks
    rows = []
    for ind in fw.indicators:
        x = X[ind.id].to_numpy(dtype=float)
        q1, med, q3 = np.percentile(x, [25, 50, 75])
        rows.append({
            ctx.t("col_criterion"): ctx.label(ind.id),
            ctx.t("col_unit"): ind.unit if ctx.lang == "vi" else ind.unit_en,
            ctx.t("col_valid_range"): f"{fmt_num(ind.range[0], 0, ctx.lang)}–{fmt_num(ind.range[1], 0, ctx.lang)}",
            ctx.t("col_min"): float(x.min()),
            ctx.t("col_q1"): float(q1),
            ctx.t("col_median"): float(med),
            ctx.t("col_q3"): float(q3),
            ctx.t("col_max"): float(x.max()),
            ctx.t("col_mean"): float(x.mean()),
            ctx.t("col_sd"): float(x.std(ddof=1)),
            ctx.t("col_n_outliers"): int((np.abs(z[ind.id].to_numpy()) > OUTLIER_Z).sum()),
            ctx.t("col_province_value"): float(X.at[ctx.province, ind.id]),
            ctx.t("col_province_rank"): int(ranks.at[ctx.province, ind.id]),
        })
    df = pd.DataFrame(rows).set_index(ctx.t("col_criterion"))
    return display_frame(df, ctx.lang, decimals=2)


def outliers_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """Values with ``|robust z| > OUTLIER_Z``, largest first (a sentence when there are none)."""
    out = _outliers(ctx)
    if out.empty:
        return md(ctx.t("no_outliers"))
    out = out.assign(absz=out["z"].abs(), code=out["gso_code"].astype(int))
    out = out.sort_values(["absz", "order", "code"], ascending=[False, True, True], kind="stable")
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in out["indicator"]],
        ctx.t("col_province"): [ctx.pname(c) for c in out["gso_code"]],
        ctx.t("col_value"): out["value"].to_numpy(dtype=float),
        ctx.t("col_robust_z"): out["z"].to_numpy(dtype=float),
    })
    df.index = pd.RangeIndex(1, len(df) + 1)
    return display_frame(df, ctx.lang, decimals=2)


def imputations_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """The values filled in when the table was read (a sentence when there are none)."""
    imps = sorted(ctx.table.imputations, key=lambda i: (int(i.gso_code), ctx.framework.indicator_ids.index(i.indicator)))
    if not imps:
        return md(ctx.t("no_imputations"))
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(i.gso_code) for i in imps],
        ctx.t("col_criterion"): [ctx.label(i.indicator) for i in imps],
        ctx.t("col_value"): [float(i.value) for i in imps],
        ctx.t("col_method"): [i.method for i in imps],
        ctx.t("col_n_values"): [int(i.n_values) for i in imps],
    })
    df.index = pd.RangeIndex(1, len(df) + 1)
    return display_frame(df, ctx.lang)
