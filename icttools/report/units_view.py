"""What a report knows about its units: names in the framework's unit set, the units without a
total, and which parts of the ICT Index reports apply to the framework and unit set.

A report may rank the 63 provinces (to 30/6/2025), the 34 provinces of 1/7/2025 (``units="2025"``)
or run on another framework (PAPI). Codes are per era -- 34-era 08 is the new Tuyên Quang, 63-era
08 the former Tuyên Quang alone -- so every name is resolved in the framework's own unit set
(:func:`icttools.present.i18n.province_name` with ``units=``). A unit lacking a criterion value
(PAPI: a dimension not surveyed that year; never filled) has no total and no rank: the per-unit
analyses compare the units with complete data (:meth:`icttools.study.Study.compared`), and the
reports list the others by name.

:class:`UnitsView` is a mixin of :class:`icttools.report.context.ReportContext` (it uses its
``study``, ``province``, ``lang``, ``result`` and ``order``).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import pandas as pd

from icttools.core.engine import IndexResult
from icttools.core.provinces import load_provinces, resolve_province
from icttools.core.units import UnitSpec, unit_regions, vn34_units
from icttools.present.i18n import province_name, region_name

__all__ = ["UnitsView", "PUBLISHED_FOLDER"]

#: The data folder whose published figures ``raw/published/`` holds (the ICT Index's, 63 provinces).
PUBLISHED_FOLDER = "ict_index"


class UnitsView:
    """Names, regions and totals of the report's units, in the framework's unit set."""

    study: Any
    province: str
    lang: str

    # --- the unit set ---------------------------------------------------------------------
    @property
    def units(self) -> UnitSpec:
        """The framework's unit set (``vn63``, ``vn34`` or units given with the data)."""
        return self.study.framework.units

    @property
    def is_vn34(self) -> bool:
        """The 34 provinces of 1/7/2025 (merged by icttools from the 63-province data)."""
        return self.units.kind == "vn34"

    @property
    def name(self) -> str:
        """The province's display name in the report's language."""
        return province_name(self.province, self.lang, units=self.units)

    def pname(self, code: str | None) -> str:
        return "—" if code is None else province_name(code, self.lang, units=self.units)

    @property
    def is_city(self) -> bool:
        """True for a centrally-governed city (Hà Nội, TP. Hồ Chí Minh, ...): "thành phố"."""
        if self.is_vn34:
            return str(vn34_units().at[self.province, "name_full_vi"]).startswith("Thành phố")
        return resolve_province(self.province).name_full_vi.startswith("Thành phố")

    @property
    def unit_word(self) -> str:
        """"tỉnh" or "thành phố" (en: "the province" / "the city"), for sentences about it."""
        return self.t("w_city" if self.is_city else "w_province")  # type: ignore[attr-defined]

    @property
    def region(self) -> str:
        return region_name(self.province, self.lang, units=self.units)

    @cached_property
    def region_codes(self) -> list[str]:
        """The codes of the province's region with a total, by overall rank."""
        if self.is_vn34:
            region = pd.Series(unit_regions(self.units, list(self.result.codes)))
        else:
            region = load_provinces().set_index("gso_code")["region"]
        mine = region[self.province]
        ranked = set(self.cresult.codes)
        return [c for c in self.order if region.get(c) == mine and c in ranked]

    # --- units without a total ------------------------------------------------------------
    @property
    def cresult(self) -> IndexResult:
        """The index over the units the per-unit analyses compare (those with complete data;
        every unit when the data are complete, as for the ICT Index)."""
        return self.study.compared().result

    @cached_property
    def no_total(self) -> dict[str, list[str]]:
        """``{code: [labels of the missing criteria]}`` of the units without a total, by code."""
        data = self.study.table.data[self.study.framework.indicator_ids]
        out = {}
        for code in self.study.incomplete:
            missing = [i for i in data.columns if pd.isna(data.at[code, i])]
            out[code] = [self.study.framework.label(i, self.lang) for i in missing]
        return out

    def no_total_text(self) -> str:
        """"Không có tổng điểm: Vĩnh Phúc (thiếu chỉ số “...”), ..." or "" when every unit has one."""
        if not self.no_total:
            return ""
        items = [self.t("s_no_total_item", name=self.pname(c), missing=", ".join(f"“{m}”" for m in labels))
                 for c, labels in self.no_total.items()]
        return self.t("s_no_total", n=len(items), items="; ".join(items))

    @property
    def n_ranked(self) -> int:
        """How many units have a total (and a rank on it)."""
        return len(self.result.codes) - len(self.no_total)

    @property
    def index_name(self) -> str:
        """The index's short name: ``PAPI`` (the text in the name's last parentheses), else its name;
        for the 34 units of 2025, with the unit set ("ICT Index – 34 tỉnh, thành phố ...")."""
        fw = self.study.framework
        full = str(getattr(fw, f"name_{self.lang}", "") or fw.id)
        short = full[full.rindex("(") + 1:full.rindex(")")] if full.endswith(")") and "(" in full else full
        if fw.data_folder == PUBLISHED_FOLDER:
            short = "ICT Index"
        return f"{short} – {self.units.label(self.lang)}" if self.is_vn34 else short

    @property
    def default_view(self) -> bool:
        """The ICT Index on the 63 provinces: the reports' words stay exactly as they were."""
        return self.published_applies

    # --- what applies -----------------------------------------------------------------------
    @property
    def published_applies(self) -> bool:
        """The published figures (``raw/published``) are the ICT Index's for the 63 provinces."""
        fw = self.study.framework
        return fw.data_folder == PUBLISHED_FOLDER and fw.units.kind == "vn63"

    @property
    def uncertainty_applies(self) -> bool:
        """The Monte Carlo varies the ICT Index's unpublished choices; PAPI's method is published."""
        from icttools.analysis.uncertainty import NORMALISATIONS

        return self.study.framework.method.normalisation in NORMALISATIONS

    @property
    def derived_ranks(self) -> bool:
        """The index publishes no ranks (PAPI: scores and quartile groups): icttools derives them."""
        return bool(self.study.framework.ranks.derived)

    def group_of(self, code: str | None = None) -> str | None:
        """The published-style group of a unit (PAPI: its quartile of the total), or None."""
        groups = self.result.groups(self.lang)
        if groups is None:
            return None
        value = groups.get(code or self.province)
        return None if value is None or pd.isna(value) else str(value)
