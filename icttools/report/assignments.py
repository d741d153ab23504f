"""Who leads the work on each criterion: a province's own plan's assignments, as data.

``icttools/data/plan126_assignments.csv`` records, for Hà Giang (02), the lead and partner
departments plan 126/KH-UBND (UBND tỉnh Hà Giang, 18/04/2019) names for each sub-index (section
II, point "e) Cơ quan chủ trì và phối hợp thực hiện" of each group), with the section as its
source. A criterion takes its sub-index's assignment. For a province without such a record the
report says who can move the criterion instead (the feasibility file's lever class).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from icttools.report.context import ReportContext

__all__ = ["ASSIGNMENTS_FILE", "load_assignments", "responsible"]

#: The assignments file (package data).
ASSIGNMENTS_FILE = "plan126_assignments.csv"


@lru_cache(maxsize=None)
def load_assignments() -> pd.DataFrame:
    """The recorded assignments: one row per (province, sub-index): ``lead_vi``, ``lead_en``,
    ``partners_vi``, ``partners_en``, ``section``, ``source``."""
    with resources.files("icttools").joinpath(f"data/{ASSIGNMENTS_FILE}").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def responsible(ctx: ReportContext, indicator: str) -> str:
    """The department that leads ``indicator``'s sub-index in the province's plan, with the
    plan's section ("Sở Thông tin và Truyền thông (KH 126, II.2.2)"); without a recorded plan,
    who can move the criterion (the lever class)."""
    table = load_assignments()
    group = ctx.framework.ancestors(indicator)[0]
    hit = table[(table["province"] == ctx.province) & (table["node"] == group)]
    if len(hit):
        row = hit.iloc[0]
        return ctx.t("w_assigned", lead=row["lead_vi"] if ctx.lang == "vi" else row["lead_en"],
                     section=row["section"])
    lever = ctx.feasibility.get(indicator).lever
    return ctx.t(f"lever_{lever}")
