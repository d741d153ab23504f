"""What a province of 1/7/2025 inherits from the provinces it was formed from (``units="2025"``).

The new Tuyên Quang (2025 code 08) merges Hà Giang (63-era 02) and the former Tuyên Quang (63-era
08). Its reports show each former province's score and rank among the 63 that year, its share of
the 2019 census population (the weight of the merge) and how the criteria were merged: by their
true denominator, by a denominator rebuilt from another criterion, or with the population as a
stated proxy (:attr:`icttools.study.Study.merged`). The two code columns are named by era: the
2025 code of the new unit, the 63-era codes of the former provinces.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from icttools.present.i18n import fmt_pct, province_name
from icttools.present.phrases import fmt_score
from icttools.present.readertable import ReaderTable, reader_table
from icttools.report.context import ReportContext

__all__ = ["former_provinces", "inherits_table", "inherits_sentence", "merge_basis_sentence"]


def _study63(ctx: ReportContext) -> Any:
    """The same year on the 63 provinces (the former provinces' own scores and ranks)."""
    cache = ctx.__dict__.setdefault("_study63", {})
    if "s" not in cache:
        from icttools.study import load

        cache["s"] = load(ctx.year, framework=ctx.framework.with_units("vn63"), data_dir=ctx.study.location)
    return cache["s"]


def former_provinces(ctx: ReportContext) -> pd.DataFrame:
    """One row per former province (63-era code order): ``code_63``, ``name``, ``score``, ``rank``
    (among the 63, None without a total), ``population``, ``share`` (of the new unit's)."""
    members = list(ctx.study.merged.members[ctx.province])
    old = _study63(ctx)
    pop = _population()
    total = float(sum(pop[c] for c in members))
    root = ctx.root
    rows = []
    for c in members:
        rank = old.result.ranks.at[c, root]
        rows.append({"code_63": c, "name": province_name(c, ctx.lang),
                     "score": float(old.result.rounded.at[c, root]),
                     "rank": None if pd.isna(rank) else int(rank),
                     "population": int(pop[c]), "share": pop[c] / total})
    return pd.DataFrame(rows)


@lru_cache(maxsize=1)
def _population() -> dict[str, int]:
    from icttools.core.provinces import load_provinces

    prov = load_provinces()
    return dict(zip(prov["gso_code"], prov["population_2019"].astype(int)))


def inherits_table(ctx: ReportContext) -> ReaderTable:
    """The former provinces with their score and rank among the 63, population and share."""
    f = former_provinces(ctx)
    df = pd.DataFrame({
        ctx.t("col_code_63"): f["code_63"].to_numpy(),
        ctx.t("col_former"): f["name"].to_numpy(),
        ctx.t("col_score"): f["score"].to_numpy(dtype=float),
        ctx.t("col_rank_63"): [("—" if r is None else int(r)) for r in f["rank"]],
        ctx.t("col_pop_2019"): f["population"].to_numpy(dtype=int),
        ctx.t("col_pop_share"): [fmt_pct(s, 0, ctx.lang) for s in f["share"]],
    }).set_index(ctx.t("col_code_63"))
    return reader_table(df, ctx.lang, limit=None, numeric=[ctx.t("col_pop_share")],
                        note=merge_basis_sentence(ctx))


def merge_basis_sentence(ctx: ReportContext) -> str:
    """How many criteria were merged by their true denominator, a rebuilt one, or a proxy."""
    kinds = ctx.study.merged.basis["kind"].value_counts()
    return ctx.t("s_merge_basis", true=int(kinds.get("true denominator", 0)), derived=int(kinds.get("derived", 0)),
                 proxy=int(kinds.get("proxy", 0)))


def inherits_sentence(ctx: ReportContext) -> str:
    """"Tuyên Quang (2025 code 08) merges Hà Giang (02, 17 of 63 in 2018, 52 % of the population) ..."."""
    f = former_provinces(ctx)
    parts = [ctx.t("ph_inherits_part", name=r.name, code=r.code_63, rank="—" if r.rank is None else int(r.rank),
                   year=ctx.year, share=fmt_pct(r.share, 0, ctx.lang), score=fmt_score(r.score, ctx.lang))
             for r in f.itertuples()]
    joiner = " và " if ctx.lang == "vi" else " and "
    return ctx.t("s_inherits_brief", name=ctx.name, code=ctx.province, parts=joiner.join(parts))


def heading(ctx: ReportContext) -> str:
    """The Markdown heading and note of the inheritance table."""
    f = former_provinces(ctx)
    members = (" và " if ctx.lang == "vi" else " and ").join(f"{n} ({c})" for c, n in zip(f["code_63"], f["name"]))
    return (f"### {ctx.t('sec_inherits', name=ctx.name)}\n\n"
            + ctx.t("sec_inherits_note", name=ctx.name, code=ctx.province, members=members, year=ctx.year))
