"""Which framework and unit set a run reports on, where its folders go, and which units it names.

``icttools run`` makes the ICT Index reports of the 63 provinces by default; ``--framework NAME``
reports on another index (PAPI) and ``--units 2025`` on the 34 provinces of 1/7/2025 (the year's
63-province data merged by icttools). Their report folders never collide with the ICT Index's:

* ICT Index, 63 provinces (default): ``<outputs>/<year>/<code>-<slug>/<lang>/`` (as before);
* anything else: ``<outputs>/<segment>/<year>/<code>-<slug>/<lang>/`` with ``<segment>`` the
  framework id, plus ``-34`` for the 34 units: ``papi_2018``, ``ict_index_2016-34``, ``papi_2018-34``.

Codes are per era (34-era 08 is the new Tuyên Quang; 63-era 02, Hà Giang, no longer exists):
:func:`resolve_run_units` resolves the run's provinces in the unit set, and refuses a 63-era
province asked of the 34 with the unit to use instead.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from icttools.core.errors import InputError
from icttools.core.provinces import Province, UnknownProvinceError, new_unit_2025, resolve_province, sort_codes

__all__ = ["DEFAULT_FRAMEWORK", "UNITS_CHOICES", "units_kind", "run_segment", "SEGMENT", "resolve_run_units",
           "unit_province"]

#: The framework whose 63-province reports keep the folders of earlier versions.
DEFAULT_FRAMEWORK = "ict_index_2016"
#: ``--units`` values: the 63 provinces to 30/6/2025, the 34 from 1/7/2025.
UNITS_CHOICES = ("63", "2025")
#: A segment folder name (checked before it becomes a link of the index page).
SEGMENT = re.compile(r"^[a-z][a-z0-9_]*(?:-34)?$")


def units_kind(units: Any) -> str:
    """``"vn63"`` or ``"vn34"`` for a ``--units`` value (``""``/None: the framework's own set)."""
    text = str(units or "").strip().lower()
    if text in ("", "63", "vn63"):
        return "vn63"
    if text in ("2025", "34", "vn34"):
        return "vn34"
    raise InputError(f"units must be 63 or 2025, got {units!r}")


def run_segment(framework_id: str, kind: str) -> str:
    """The folder between the output folder and the years: ``""`` for the ICT Index on 63
    provinces, else the framework id (``-34`` appended for the 34 units)."""
    if framework_id == DEFAULT_FRAMEWORK and kind == "vn63":
        return ""
    segment = framework_id + ("-34" if kind == "vn34" else "")
    if not SEGMENT.match(segment):
        raise InputError(f"framework id {framework_id!r} cannot name an output folder (use a-z, 0-9, _)")
    return segment


def unit_province(code: str) -> Province:
    """One of the 34 provinces of 2025 as a :class:`Province` (code: its 2025 code; the region
    is that of its first former province; population: the sum of its former provinces')."""
    from icttools.core.units import vn34_units

    row = vn34_units().loc[code]
    return Province(gso_code=str(code), name_vi=str(row["name_vi"]), name_full_vi=str(row["name_full_vi"]),
                    name_ascii=str(row["name_ascii"]), iso_3166_2="", region=str(row["region"]).split(" / ")[0],
                    population_2019=int(row["population_2019"]), population_2019_urban=0)


def resolve_run_units(provinces: str | Sequence[str] | None, all_units: bool, kind: str,
                      error: type[InputError] = InputError) -> list[Province]:
    """The provinces of a run in the unit set ``kind``, by code.

    Raises
    ------
    InputError (``error``)
        Nothing given; an unknown name; for the 34 units, a 63-era province that no longer exists:
        "Hà Giang (02) is part of Tuyên Quang (08) since 1/7/2025; use 08".
    """
    if kind == "vn63":
        raise ValueError("resolve_run_units: use the 63-province resolver for vn63")
    from icttools.core.text import fold
    from icttools.core.units import vn34_units

    table = vn34_units()
    if all_units:
        if provinces:
            raise error("give either provinces or all_provinces, not both")
        return [unit_province(c) for c in table.index]
    queries = provinces.split(",") if isinstance(provinces, str) else list(provinces or [])
    queries = [str(q).strip() for q in queries if str(q).strip()]
    if not queries:
        raise error("no province given; use --province CODE|NAME or --all-provinces")
    found: dict[str, Province] = {}
    for q in queries:
        key = q.zfill(2) if q.isdigit() else q
        hits = [c for c, row in table.iterrows()
                if key == c or fold(key) in (fold(row["name_vi"]), fold(row["name_full_vi"]), fold(row["name_ascii"]))]
        if hits:
            found[hits[0]] = unit_province(hits[0])
            continue
        try:
            old = resolve_province(key)
        except UnknownProvinceError:
            raise error(f"province {q!r} is not one of the 34 provinces from 1/7/2025 "
                        f"(codes: {', '.join(table.index[:6])}, ...)") from None
        new = new_unit_2025(old.gso_code)
        raise error(f"{old.name_vi} ({old.gso_code}) is part of {new['new_name_vi']} ({new['new_code']}) "
                    f"since 1/7/2025; use {new['new_code']}")
    return [found[c] for c in sort_codes(found)]
