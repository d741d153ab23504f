"""Where a report's numbers come from, year by year: the data banner and the charts' captions.

Each report names the kind of every year it uses -- real data or synthetic (SYNTHETIC demo) data
-- in its banner, right under the title: the year itself for reports 00-03, the year before too
for 04 (the "others keep their trend" baseline), every year for 05 and the brief (06). A year the
framework's method was not declared for gets a visible note ("phương pháp 2016–2019 áp dụng cho
năm 2020"). Text from the data file (its ``data_source`` label) is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from icttools.present.readertable import html_text, md_escape
from icttools.report.context import ReportContext

__all__ = ["YearData", "years_used", "banner_text", "caption_text", "method_years_note"]

#: Which years each report uses: its own ("year"), with the previous one ("previous"), or all.
_USES = {"00": "year", "01": "year", "02": "year", "03": "year", "04": "previous", "05": "history",
         "06": "history"}


@dataclass(frozen=True)
class YearData:
    """One year's data as a report uses them.

    Attributes
    ----------
    year : int
    synthetic : bool
        The table's ``data_source`` says SYNTHETIC (the demo data always do).
    data_source : str or None
        The label in the file (untrusted text: escape before showing it).
    source : str
        The file, relative to the project when inside it.
    sha256 : str
    role : str
        ``"report"`` (the report's year), ``"trend"`` (the year before, for the trend baseline)
        or ``"history"``.
    """

    year: int
    synthetic: bool
    data_source: str | None
    source: str
    sha256: str
    role: str


def years_used(ctx: ReportContext, notebook: str) -> list[YearData]:
    """The years report ``notebook`` uses, ascending (the report's own year always included).

    Loading the other years may raise for a broken file: the report then fails visibly, as
    its analyses would.
    """
    uses = _USES.get(notebook, "year")
    studies = {ctx.year: ctx.study}
    if uses == "previous":
        prev = ctx.study.previous
        if prev is not None:
            studies[prev.year] = prev
    elif uses == "history":
        studies.update(ctx.study.history())
    out = []
    for y in sorted(studies):
        tab = studies[y].table
        role = "report" if y == ctx.year else ("trend" if uses == "previous" else "history")
        out.append(YearData(year=int(y), synthetic=bool(tab.is_synthetic), data_source=tab.data_source,
                            source=str(tab.source), sha256=str(tab.sha256), role=role))
    return out


def _years_text(years: list[int]) -> str:
    return ", ".join(str(y) for y in years)


def method_years_note(ctx: ReportContext, years: list[int]) -> str | None:
    """A sentence when some of ``years`` lie outside the years the framework's method was
    declared for (None otherwise)."""
    declared = [int(y) for y in ctx.framework.years]
    if not declared:
        return None
    outside = [y for y in years if y not in declared]
    if not outside:
        return None
    return ctx.t("prov_method_years", first=min(declared), last=max(declared), years=_years_text(outside))


def banner_text(ctx: ReportContext, notebook: str) -> str:
    """The Markdown of the data banner: the kind of every year used, the SYNTHETIC warning when
    any year is synthetic, and the method-years note."""
    data = years_used(ctx, notebook)
    synthetic = [d.year for d in data if d.synthetic]
    real = [d.year for d in data if not d.synthetic]
    kinds = "; ".join(ctx.t("prov_year_kind", year=d.year,
                            kind=ctx.t("prov_synthetic" if d.synthetic else "prov_real"),
                            role="" if d.role == "report" else " " + ctx.t(f"prov_role_{d.role}"))
                      for d in data)
    lines = []
    if synthetic:
        lines += [f"> ⚠️ {ctx.t('synthetic_banner')}", ">", f"> {ctx.t('prov_years', kinds=kinds)}"]
        if real:
            lines += [">", "> " + ctx.t("prov_mixed", synthetic=_years_text(synthetic), real=_years_text(real))]
    else:
        sources = sorted({md_escape(d.data_source) for d in data if d.data_source})
        lines += [f"**{ctx.t('prov_years', kinds=kinds)}**"
                  + (" " + ctx.t("prov_sources", sources="; ".join(sources)) if sources else "")]
    lines += _view_lines(ctx, real)
    note = method_years_note(ctx, [d.year for d in data])
    if note:
        lines += ["", f"> ⚠️ {note}"]
    return "\n".join(lines)


def _view_lines(ctx: ReportContext, real: list[int]) -> list[str]:
    """For another index or unit set than the ICT Index on 63 provinces: the REAL label with the
    publisher, the derived-rank sentence with the province's published-style group, and how the
    34-unit view was made. Nothing for the ICT Index on 63 provinces (its reports stay as they are)."""
    if ctx.default_view:
        return []
    from icttools.present.i18n import TEXT

    lines = []
    key = f"publisher_{ctx.framework.id}"
    if real and key in TEXT[ctx.lang]:
        lines += ["", ctx.t("prov_real_source", source=ctx.t(key), years=_years_text(real))]
    if ctx.derived_ranks:
        group = ctx.group_of()
        lines += ["", ctx.t("prov_derived_ranks", index=ctx.index_name, name=ctx.name, group=group, year=ctx.year)
                  if group else ctx.t("prov_derived_ranks_nogroup", index=ctx.index_name)]
    if ctx.is_vn34:
        lines += ["", ctx.t("prov_vn34")]
    return lines


def caption_text(ctx: ReportContext, years: list[int] | None = None) -> str:
    """A chart's caption (escaped HTML text): its source and the data's year(s) and kind."""
    years = sorted(years or [ctx.year])
    kinds = {d.year: d.synthetic for d in years_used(ctx, "06" if len(years) > 1 else "00")}
    parts = [ctx.t("prov_caption_year", year=y, kind=ctx.t("prov_synthetic" if kinds.get(y, True) else "prov_real"))
             for y in years]
    return html_text(ctx.t("prov_caption", years=", ".join(parts)))
