"""The reference table of Vietnam's 63 provinces (the units of the ICT Index up to 2024).

``icttools/data/provinces_63.csv`` holds the GSO code, names, ISO 3166-2 code, region and 2019
census population of each province (sources and checks in ``icttools/data/README.md``). Codes are
2-character strings with a leading zero (``"02"``), and tables are ordered by the integer value of
the code, never by name (:func:`code_key`, the one ordering of units). Most callers import these
names from :mod:`icttools.core.provinces`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from icttools.core.text import nfc, slugify

DATA_PACKAGE = "icttools"
_PROVINCES_FILE = "data/provinces_63.csv"
MERGE_FILE = "data/merge_2025.csv"
FORMER_FILE = "data/former_provinces.csv"

#: The 6 socio-economic regions, in the order of Nghị quyết 81/2023/QH15
#: (north to south), mapped to their English names.
REGION_EN: Mapping[str, str] = {
    "Trung du và miền núi phía Bắc": "Northern Midlands and Mountains",
    "Đồng bằng sông Hồng": "Red River Delta",
    "Bắc Trung Bộ và duyên hải miền Trung": "North Central and Central Coast",
    "Tây Nguyên": "Central Highlands",
    "Đông Nam Bộ": "Southeast",
    "Đồng bằng sông Cửu Long": "Mekong River Delta",
}
#: Vietnamese region names in the fixed order used by :func:`regions`.
REGIONS: tuple[str, ...] = tuple(REGION_EN)

# Folded prefixes that name the unit type; stripped when matching names.
TYPE_PREFIXES: tuple[str, ...] = ("thanh pho ", "tinh ", "tp ")

_PROVINCE_TEXT_COLUMNS = [
    "gso_code", "name_vi", "name_full_vi", "unit_type", "name_ascii",
    "iso_3166_2", "region", "aliases", "notes",
]
MERGE_TEXT_COLUMNS = [
    "old_gso_code", "old_name_vi", "new_code", "new_name_vi", "new_name_full_vi",
    "new_name_ascii", "change", "merged_from", "code_note", "effective_date",
    "legal_basis", "later_changes",
]


# --------------------------------------------------------------------------- #
# The province
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class Province:
    """One of the 63 provinces (pre-2025-07-01 units).

    Attributes
    ----------
    gso_code : str
        2-character GSO code, e.g. ``"02"``.
    name_vi : str
        Short official name with diacritics, e.g. ``"Hà Giang"``.
    name_full_vi : str
        Name with unit type, e.g. ``"Tỉnh Hà Giang"``.
    name_ascii : str
        ``name_vi`` without diacritics, e.g. ``"Ha Giang"``.
    iso_3166_2 : str
        ISO 3166-2:VN code, e.g. ``"VN-03"`` (numbering differs from GSO).
    region : str
        One of the 6 socio-economic regions (Vietnamese name), see
        :data:`REGIONS`.
    population_2019 : int
        Resident population, 2019 census.
    population_2019_urban : int
        Urban part of ``population_2019``.
    aliases : tuple of str
        Curated alternative spellings accepted by :func:`resolve_province`.
    """

    gso_code: str
    name_vi: str
    name_full_vi: str
    name_ascii: str
    iso_3166_2: str
    region: str
    population_2019: int
    population_2019_urban: int
    aliases: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """str: ``code-ascii-name`` slug, e.g. ``"02-ha-giang"``."""
        return f"{self.gso_code}-{slugify(self.name_ascii)}"

    @property
    def region_en(self) -> str:
        """str: English name of :attr:`region`."""
        return REGION_EN[self.region]

    @property
    def label(self) -> str:
        """str: ``"02 Hà Giang"``-style label."""
        return f"{self.gso_code} {self.name_vi}"



# --------------------------------------------------------------------------- #
# Loading
# --------------------------------------------------------------------------- #
def read_reference_csv(name: str, text_columns: list[str]) -> pd.DataFrame:
    ref = resources.files(DATA_PACKAGE).joinpath(name)
    with ref.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(
            fh,
            dtype={c: str for c in text_columns},
            keep_default_na=False,  # only a blank cell is missing ("NA" is text)
            na_values=[""],
        )
    for c in text_columns:
        df[c] = df[c].fillna("").map(nfc).astype(str)
    return df


@lru_cache(maxsize=1)
def _provinces_cached() -> pd.DataFrame:
    df = read_reference_csv(_PROVINCES_FILE, _PROVINCE_TEXT_COLUMNS)
    for c in ("population_2019", "population_2019_urban"):
        df[c] = df[c].astype("int64")
    df["households_2019"] = pd.to_numeric(df["households_2019"], errors="raise").astype("Int64")
    unknown = set(df["region"]) - set(REGION_EN)
    if unknown:
        raise RuntimeError(f"unexpected region names in {_PROVINCES_FILE}: {sorted(unknown)}")
    df["region_en"] = df["region"].map(REGION_EN)
    df = order_by_code(df, "gso_code").reset_index(drop=True)
    if df["gso_code"].duplicated().any() or not df["gso_code"].str.fullmatch(r"\d{2}").all():
        raise RuntimeError(f"{_PROVINCES_FILE}: codes must be unique 2-digit strings")
    return df


def load_provinces() -> pd.DataFrame:
    """Return the table of the 63 provinces.

    Returns
    -------
    pandas.DataFrame
        One row per province, ordered by the integer value of ``gso_code``,
        with a default ``RangeIndex``. Columns: ``gso_code`` (2-char str),
        ``name_vi``, ``name_full_vi``, ``unit_type``, ``name_ascii``,
        ``iso_3166_2``, ``region`` (Vietnamese), ``population_2019`` and
        ``population_2019_urban`` (int64), ``households_2019`` (nullable
        Int64, all missing), ``aliases`` (``|``-separated, ``""`` if none),
        ``notes`` (``""`` if none) and ``region_en`` (English region name).
        All strings are NFC.

    Notes
    -----
    The file is read once and cached; each call returns a fresh copy, so
    callers may modify the result freely.
    """
    return _provinces_cached().copy()


@lru_cache(maxsize=1)
def provinces_tuple() -> tuple[Province, ...]:
    """The 63 provinces as :class:`Province` objects, in code order (cached)."""
    df = _provinces_cached()
    return tuple(
        Province(
            gso_code=r.gso_code,
            name_vi=r.name_vi,
            name_full_vi=r.name_full_vi,
            name_ascii=r.name_ascii,
            iso_3166_2=r.iso_3166_2,
            region=r.region,
            population_2019=int(r.population_2019),
            population_2019_urban=int(r.population_2019_urban),
            aliases=tuple(a.strip() for a in r.aliases.split("|") if a.strip()),
        )
        for r in df.itertuples(index=False)
    )


@lru_cache(maxsize=1)
def provinces_by_code() -> dict[str, Province]:
    """The 63 provinces by GSO code, in code order (cached; do not modify)."""
    return {p.gso_code: p for p in provinces_tuple()}


def all_provinces() -> list[Province]:
    """Return all 63 provinces as :class:`Province` objects.

    Returns
    -------
    list of Province
        In GSO-code order (``"01"``, ``"02"``, ``"04"``, ...).
    """
    return list(provinces_tuple())


def province_codes() -> list[str]:
    """Return the 63 GSO codes.

    Returns
    -------
    list of str
        2-character codes in integer order: ``["01", "02", "04", ..., "96"]``.
    """
    return list(provinces_by_code())


def regions() -> list[str]:
    """Return the 6 socio-economic regions (Vietnamese names).

    Returns
    -------
    list of str
        In the fixed order of Nghị quyết 81/2023/QH15: Trung du và miền núi
        phía Bắc; Đồng bằng sông Hồng; Bắc Trung Bộ và duyên hải miền Trung;
        Tây Nguyên; Đông Nam Bộ; Đồng bằng sông Cửu Long. English names are in
        :data:`REGION_EN`.
    """
    return list(REGIONS)

# Ordering
# --------------------------------------------------------------------------- #
def code_key(code: Any) -> tuple[int, int | str]:
    """Sort key of a unit code: numeric codes by value (``"2"`` and ``"02"`` alike), then others
    (e.g. ``"AUT"`` in a non-Vietnamese unit set) alphabetically.

    This is the one ordering of units used in every table and output.
    """
    text = str(code).strip()
    return (0, int(text)) if text.isdigit() else (1, text)


def sort_codes(codes: Iterable[Any]) -> list[str]:
    """Unit codes as strings, in :func:`code_key` order (``["01", "02", "04", ..., "96"]``)."""
    return sorted((str(c) for c in codes), key=code_key)


def order_by_code(df: pd.DataFrame, column: str = "gso_code") -> pd.DataFrame:
    """Sort a table by a unit-code column in :func:`code_key` order.

    Parameters
    ----------
    df : pandas.DataFrame
        Table with a code column holding strings like ``"02"`` (surrounding whitespace is
        ignored) or integers.
    column : str, default ``"gso_code"``
        Name of the code column.

    Returns
    -------
    pandas.DataFrame
        A new frame sorted by code with a stable sort (rows with equal codes keep their order);
        missing codes go last. The index is kept, so call ``reset_index(drop=True)`` if you need
        a fresh one.

    Raises
    ------
    KeyError
        If ``column`` is not in ``df``.
    """
    if column not in df.columns:
        raise KeyError(f"column {column!r} not in frame")
    keys = [(2, "") if pd.isna(v) else code_key(v) for v in df[column]]
    order = sorted(range(len(keys)), key=lambda k: keys[k])
    return df.iloc[order]
