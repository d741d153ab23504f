"""Unit sets: which units (provinces, countries, ...) a framework ranks.

A framework names its unit set (``units:`` in the YAML):

* ``vn63`` -- the 63 provinces of Vietnam up to 30/6/2025 (GSO codes, ``provinces_63.csv``);
  the default, and the set of every index published before 2025;
* ``vn34`` -- the 34 provinces from 1/7/2025 (NSO codes, ``merge_2025.csv``); their population is
  the sum of the 2019 census population of the provinces each one absorbed;
* a list given with the data: ``{from_data: true, code: uCode, name: uName, groups: [...],
  denominators: [...]}`` -- the data table's ``code`` column gives the units, ``name`` their names,
  ``groups`` the columns that group them (e.g. ``EurAsia_group``) and ``denominators`` the
  columns that may divide indicators.

Codes are per era: 34-era code 08 is the new Tuyên Quang (Hà Giang + Tuyên Quang), 63-era 08 the
former Tuyên Quang alone; never mix the two sets on the bare code (see ``merge_2025()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

import pandas as pd

from icttools.core.errors import MethodError
from icttools.core.provinces import load_provinces, merge_2025, order_by_code

__all__ = ["UnitSpec", "VN63", "VN34", "parse_units", "vn34_units", "unit_names", "unit_regions", "resolve_unit",
           "unit_population"]

VN63 = "vn63"
VN34 = "vn34"
DATA = "data"

_LABELS = {
    VN63: ("63 tỉnh, thành phố (đến 30/6/2025)", "the 63 provinces (to 30/6/2025)"),
    VN34: ("34 tỉnh, thành phố (từ 1/7/2025)", "the 34 provinces (from 1/7/2025)"),
    DATA: ("đơn vị theo dữ liệu", "units given with the data"),
}


@dataclass(frozen=True)
class UnitSpec:
    """A framework's unit set.

    Attributes
    ----------
    kind : {"vn63", "vn34", "data"}
    code, name : str
        For ``data``: the columns of the data table holding the unit code and name.
    groups, denominators : tuple of str
        For ``data``: the group columns and the denominator columns of the data table.
    """

    kind: str = VN63
    code: str = "code"
    name: str | None = None
    groups: tuple[str, ...] = ()
    denominators: tuple[str, ...] = ()

    @property
    def vietnamese(self) -> bool:
        """Vietnamese provinces: the name resolver (aliases, diacritics) applies."""
        return self.kind in (VN63, VN34)

    def label(self, lang: str = "vi") -> str:
        vi, en = _LABELS[self.kind]
        return vi if lang == "vi" else en

    def to_spec(self) -> Any:
        if self.kind != DATA:
            return self.kind
        return {"from_data": True, "code": self.code, "name": self.name, "groups": list(self.groups),
                "denominators": list(self.denominators)}


def parse_units(spec: Any, where: str = "framework") -> UnitSpec:
    """A :class:`UnitSpec` from the YAML value of ``units:`` (None: ``vn63``).

    Raises
    ------
    MethodError
        An unknown set name or a malformed list description.
    """
    if spec is None:
        return UnitSpec(VN63)
    if isinstance(spec, UnitSpec):
        return spec
    if isinstance(spec, str):
        key = spec.strip().lower()
        aliases = {"vn63": VN63, "63": VN63, "provinces_63": VN63, "vn34": VN34, "34": VN34,
                   "provinces_34": VN34, "2025": VN34}
        if key not in aliases:
            raise MethodError(f"{where}: units {spec!r} is not one of vn63, vn34, or a mapping "
                              f"{{from_data: true, code: COLUMN, name: COLUMN, groups: [...]}}")
        return UnitSpec(aliases[key])
    if isinstance(spec, Mapping):
        unknown = set(spec) - {"from_data", "code", "name", "groups", "denominators"}
        if unknown or not spec.get("from_data"):
            raise MethodError(f"{where}: units: a unit list given with the data is "
                              f"{{from_data: true, code: COLUMN, name: COLUMN, groups: [...], denominators: [...]}}"
                              + (f"; unknown key(s) {', '.join(sorted(unknown))}" if unknown else ""))

        def names(key: str) -> tuple[str, ...]:
            v = spec.get(key) or []
            if not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v):
                raise MethodError(f"{where}: units: {key} must be a list of column names, got {v!r}")
            return tuple(v)

        code = spec.get("code") or "code"
        name = spec.get("name")
        if not isinstance(code, str) or (name is not None and not isinstance(name, str)):
            raise MethodError(f"{where}: units: code and name must be column names")
        return UnitSpec(DATA, code, name, names("groups"), names("denominators"))
    raise MethodError(f"{where}: units must be a name (vn63, vn34) or a mapping, got {spec!r}")


@lru_cache(maxsize=1)
def _vn34() -> pd.DataFrame:
    merge = merge_2025()
    prov = load_provinces().set_index("gso_code")
    rows = []
    for code, members in merge.groupby("new_code", sort=False):
        old = members["old_gso_code"].tolist()
        regions = list(dict.fromkeys(prov.loc[old, "region"]))
        first = members.iloc[0]
        rows.append({
            "code": code,
            "name_vi": first["new_name_vi"],
            "name_full_vi": first["new_name_full_vi"],
            "name_ascii": first["new_name_ascii"],
            "region": " / ".join(regions),
            "members": "|".join(old),
            "members_vi": " + ".join(prov.loc[old, "name_vi"]),
            "population_2019": int(prov.loc[old, "population_2019"].astype(int).sum()),
        })
    return order_by_code(pd.DataFrame(rows), "code").set_index("code")


def vn34_units() -> pd.DataFrame:
    """The 34 provinces from 1/7/2025, indexed by their (34-era) code.

    Columns: ``name_vi``, ``name_full_vi``, ``name_ascii``, ``region`` (the 63-era region(s) of
    the provinces it absorbed, joined by `` / `` when they differ), ``members`` (63-era codes
    joined by ``|``), ``members_vi``, ``population_2019`` (sum of the members' 2019 census).
    """
    return _vn34().copy()


def unit_names(spec: UnitSpec, codes: list[str], lang: str = "vi",
               given: Mapping[str, str] | None = None) -> list[str]:
    """Display names of units (a code without a known name is shown as its code)."""
    if spec.kind == VN63:
        prov = load_provinces().set_index("gso_code")
        col = "name_vi" if lang == "vi" else "name_ascii"
        return [str(prov[col].get(c, c)) for c in codes]
    if spec.kind == VN34:
        t = _vn34()
        col = "name_vi" if lang == "vi" else "name_ascii"
        return [str(t[col].get(c, c)) for c in codes]
    given = given or {}
    return [str(given.get(c, c)) for c in codes]


def unit_regions(spec: UnitSpec, codes: list[str]) -> dict[str, str]:
    """Region of each unit (Vietnamese sets only; empty for a unit list given with the data)."""
    if spec.kind == VN63:
        prov = load_provinces().set_index("gso_code")["region"]
        return {c: str(prov.get(c, "")) for c in codes}
    if spec.kind == VN34:
        reg = _vn34()["region"]
        return {c: str(reg.get(c, "")) for c in codes}
    return {}


def unit_population(spec: UnitSpec) -> pd.Series:
    """2019 census population by unit code (Vietnamese sets)."""
    if spec.kind == VN63:
        return load_provinces().set_index("gso_code")["population_2019"].astype(float)
    if spec.kind == VN34:
        return _vn34()["population_2019"].astype(float)
    raise MethodError("population is known for the Vietnamese unit sets only")


def resolve_unit(query: Any, spec: UnitSpec, codes: list[str], names: Mapping[str, str] | None = None,
                 what: str = "unit") -> str:
    """The code (one of ``codes``) of a unit given by code or name, in the framework's unit set.

    * a label already in ``codes`` is taken as it is;
    * ``vn63``: the Vietnamese resolver (names with or without diacritics, aliases, ``2`` for ``02``);
    * ``vn34``: the 34 units' names and codes; a 63-era province that no longer exists is named
      with the unit that absorbed it (Hà Giang → "part of Tuyên Quang (08) since 1/7/2025");
    * a unit list given with the data: the code or the name, ignoring case.

    Raises
    ------
    InputError
        No unit of the data matches (the message lists a few codes or the 2025 unit to use).
    """
    from icttools.core.errors import InputError
    from icttools.core.provinces import UnknownProvinceError, new_unit_2025, resolve_province, row_of
    from icttools.core.text import fold

    codes = [str(c) for c in codes]
    key = str(query).strip()
    if key in codes:
        return key
    if spec.kind == VN63:
        return row_of(query, codes, what=what)[0]
    shown = ", ".join(codes[:6]) + (", ..." if len(codes) > 6 else "")
    if spec.kind == VN34:
        t = _vn34()
        folded = fold(key)
        for code, row in t.iterrows():
            if folded in (fold(row["name_vi"]), fold(row["name_full_vi"]), fold(row["name_ascii"])) \
                    or (key.isdigit() and int(key) == int(code)):
                if code in codes:
                    return code
        try:
            old = resolve_province(query)
        except UnknownProvinceError:
            raise InputError(f"{what} {query!r} is not one of the 34 provinces of the data ({shown})") from None
        new = new_unit_2025(old.gso_code)
        raise InputError(f"{what} {query!r}: {old.name_vi} (63-era code {old.gso_code}) is part of "
                         f"{new['new_name_vi']} ({new['new_code']}) since 1/7/2025; give {new['new_code']}")
    for code, name in (names or {}).items():
        if fold(str(name)) == fold(key) and code in codes:
            return code
    lowered = {c.lower(): c for c in codes}
    if key.lower() in lowered:
        return lowered[key.lower()]
    raise InputError(f"{what} {query!r} is not a unit of the data ({shown})")
