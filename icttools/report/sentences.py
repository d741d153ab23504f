"""Sentences several reports share, made from the results (never hard-coded): the rank, the
rank's robustness to the unpublished parts of the method, and the agreement with the published
figures. Every number carries its unit; rank changes are words and arrows.
"""

from __future__ import annotations

import pandas as pd

from icttools.present.glossary import term
from icttools.present.phrases import fmt_int, fmt_score, quote, rank_of, rank_span
from icttools.report.context import ReportContext
from icttools.report.layout import Message

__all__ = ["rank_sentence", "robustness_message", "published", "published_message", "median_rank"]


def rank_sentence(ctx: ReportContext, node: str | None = None) -> str:
    """"Hà Giang xếp thứ 17/63 tỉnh, thành phố năm 2018, đạt 0,5066 điểm"."""
    return ctx.t("s_rank", name=ctx.name, rank=rank_of(ctx.rank(node), ctx.n_provinces),
                 units=term("units", ctx.lang), year=ctx.year, score=fmt_score(ctx.score(node), ctx.lang))


def median_rank(value: float) -> int:
    """A median rank for a reader: the nearest whole rank (21,5 reads 22)."""
    return int(round(float(value) + 1e-9))


def robustness_message(ctx: ReportContext) -> Message:
    """How far the rank moves under the unpublished method choices (the 90 % range and the
    median), and where the base-method rank lies in it."""
    if not ctx.uncertainty_applies:  # a published method (PAPI): no interval to claim
        return Message(ctx.t("s_no_uncertainty", index=ctx.index_name, name=ctx.name, rank=ctx.rank()))
    row = ctx.robustness
    nominal, lo, hi = int(row["nominal_rank"]), int(round(row["p05"])), int(round(row["p95"]))
    med = median_rank(row["median_rank"])
    n = fmt_int(ctx.n_samples, ctx.lang)
    if lo == hi:
        text = ctx.t("s_robust_stable", rank=nominal, name=ctx.name, n=n, span=rank_span(lo, hi, ctx.lang))
        return Message(text)
    if nominal <= lo:
        position = ctx.t("s_robust_best", rank=nominal)
    elif nominal >= hi:
        position = ctx.t("s_robust_worst", rank=nominal)
    else:
        position = ctx.t("s_robust_inside", rank=nominal)
    text = ctx.t("s_robust", rank=nominal, name=ctx.name, n=n, span=rank_span(lo, hi, ctx.lang),
                 median=med, position=position)
    todo = ctx.t("s_robust_todo", rank=nominal) if hi - lo >= 3 else None
    return Message(text, todo)


def published(ctx: ReportContext) -> pd.DataFrame | None:
    """Every published figure of the year against the recomputation (None: no published file)."""
    cache = ctx.__dict__
    if not ctx.published_applies:  # the ICT Index's figures for the 63 provinces only
        return None
    if "_published" not in cache:
        from icttools.ingest.published import check_published

        folder = ctx.data_folder / "raw" / "published"
        try:
            cache["_published"] = check_published(ctx.result, ctx.year, folder)
        except FileNotFoundError:
            cache["_published"] = None
    return cache["_published"]


def published_message(ctx: ReportContext) -> Message:
    """Whether the recomputation agrees with the published figures of the year."""
    if not ctx.published_applies:
        why = (ctx.t("ph_published_na_vn34", year=ctx.year) if ctx.is_vn34
               else ctx.t("ph_published_na_framework", index=ctx.index_name))
        return Message(ctx.t("s_published_na", why=why))
    pub = published(ctx)
    if pub is None:
        return Message(ctx.t("s_published_missing", year=ctx.year))
    if pub.empty:
        return Message(ctx.t("s_published_none", year=ctx.year))
    ok, total = int(pub["ok"].sum()), len(pub)
    if ok == total:
        return Message(ctx.t("s_published_all", ok=ok, total=total, year=ctx.year))
    return Message(ctx.t("s_published_some", ok=ok, total=total, year=ctx.year), ctx.t("s_published_todo"))


def node_rank_phrase(ctx: ReportContext, node: str) -> str:
    """"“Hạ tầng kỹ thuật CNTT” (hạng 13/63)"."""
    return ctx.t("s_node_rank", label=quote(ctx.label(node), ctx.lang),
                 rank=rank_of(ctx.rank(node), ctx.n_provinces))
