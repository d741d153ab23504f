"""Vietnam's 63 provinces (the units of the ICT Index up to 2024) and the 2025 merger.

Data files live in ``icttools/data`` (see ``icttools/data/README.md`` for
sources, checks and licences):

* ``provinces_63.csv`` -- GSO code, names, ISO 3166-2 code, region and 2019
  census population of each of the 63 provinces.
* ``merge_2025.csv`` -- the 34-unit each old province was merged into on
  2025-07-01.
* ``former_provinces.csv`` -- provinces that no longer existed in the ICT Index
  years (Hà Tây, merged into Hà Nội in 2008), so that a table naming one gets
  told what it became.

Codes are always 2-character strings with a leading zero (``"02"``), and tables
are ordered by the integer value of the code, never by name.

.. warning::
   Codes are **per era**. The 34-unit codes of 2025 reuse old numbers for other
   provinces (80 was Long An, now denotes Tây Ninh). Never join 63-era and
   34-era data on the bare code; map through :func:`merge_2025`.
"""

from __future__ import annotations

import difflib
import numbers
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from icttools.core.errors import InputError
from icttools.core.text import fold, nfc, slugify

__all__ = [
    "Province",
    "row_of",
    "UnknownProvinceError",
    "AmbiguousProvinceKeyError",
    "REGIONS",
    "REGION_EN",
    "load_provinces",
    "all_provinces",
    "province_codes",
    "regions",
    "region_of",
    "resolve_province",
    "merge_2025",
    "new_unit_2025",
    "order_by_code",
    "code_key",
    "sort_codes",
]

_DATA_PACKAGE = "icttools"
_PROVINCES_FILE = "data/provinces_63.csv"
_MERGE_FILE = "data/merge_2025.csv"
_FORMER_FILE = "data/former_provinces.csv"

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
_TYPE_PREFIXES: tuple[str, ...] = ("thanh pho ", "tinh ", "tp ")

_PROVINCE_TEXT_COLUMNS = [
    "gso_code", "name_vi", "name_full_vi", "unit_type", "name_ascii",
    "iso_3166_2", "region", "aliases", "notes",
]
_MERGE_TEXT_COLUMNS = [
    "old_gso_code", "old_name_vi", "new_code", "new_name_vi", "new_name_full_vi",
    "new_name_ascii", "change", "merged_from", "code_note", "effective_date",
    "legal_basis", "later_changes",
]


# --------------------------------------------------------------------------- #
# Data classes and errors
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


class UnknownProvinceError(InputError):
    """Raised when a query does not identify one of the 63 provinces.

    Attributes
    ----------
    query : object
        The query as passed by the caller.
    suggestions : list of str
        Up to 3 GSO codes of the closest matches (may be empty).
    """

    def __init__(self, query: Any, suggestions: Iterable[str] = (), reason: str | None = None):
        self.query = query
        self.suggestions = list(suggestions)
        msg = reason or f"unknown province: {query!r}"
        if self.suggestions:
            by_code = _by_code()
            labels = ", ".join(by_code[c].label for c in self.suggestions)
            msg += f"; closest matches: {labels}"
        elif reason is None:
            msg += "; no close match"
        super().__init__(msg)


class AmbiguousProvinceKeyError(RuntimeError):
    """Raised when building the name lookup finds a key that maps to two codes.

    This is a bug in the data (an alias shared by two provinces), not a user
    error, so it is raised when the lookup is first built.
    """


# --------------------------------------------------------------------------- #
# Loading
# --------------------------------------------------------------------------- #
def _read_csv(name: str, text_columns: list[str]) -> pd.DataFrame:
    ref = resources.files(_DATA_PACKAGE).joinpath(name)
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
    df = _read_csv(_PROVINCES_FILE, _PROVINCE_TEXT_COLUMNS)
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
def _all_provinces_cached() -> tuple[Province, ...]:
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
def _by_code() -> dict[str, Province]:
    return {p.gso_code: p for p in _all_provinces_cached()}


def all_provinces() -> list[Province]:
    """Return all 63 provinces as :class:`Province` objects.

    Returns
    -------
    list of Province
        In GSO-code order (``"01"``, ``"02"``, ``"04"``, ...).
    """
    return list(_all_provinces_cached())


def province_codes() -> list[str]:
    """Return the 63 GSO codes.

    Returns
    -------
    list of str
        2-character codes in integer order: ``["01", "02", "04", ..., "96"]``.
    """
    return list(_by_code())


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


def region_of(code: Any) -> str:
    """Return the region of a province.

    Parameters
    ----------
    code : str or int
        A GSO code, or anything else :func:`resolve_province` accepts.

    Returns
    -------
    str
        Vietnamese region name (one of :func:`regions`).

    Raises
    ------
    UnknownProvinceError
        If ``code`` does not identify a province.
    """
    return resolve_province(code).region


# --------------------------------------------------------------------------- #
# Resolver
# --------------------------------------------------------------------------- #
def _strip_type_prefix(key: str) -> str:
    for prefix in _TYPE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):]
    return key


def _key_variants(key: str) -> set[str]:
    """Folded key -> the set of forms under which it is matched."""
    stripped = _strip_type_prefix(key)
    forms = {key, stripped}
    forms |= {f.replace(" ", "") for f in forms}
    forms.discard("")
    return forms


def _build_lookup(provinces: Iterable[Province]) -> dict[str, str]:
    """Build the folded-name -> code table, refusing ambiguous keys.

    Parameters
    ----------
    provinces : iterable of Province

    Returns
    -------
    dict
        Folded key (and its prefix-stripped and space-free forms) -> GSO code.

    Raises
    ------
    AmbiguousProvinceKeyError
        If any key would map to two different codes.
    """
    table: dict[str, str] = {}
    sources: dict[str, str] = {}
    for p in provinces:
        names = (p.name_vi, p.name_full_vi, p.name_ascii, p.iso_3166_2, *p.aliases)
        for name in names:
            for key in _key_variants(fold(name)):
                if key.isdigit():
                    raise AmbiguousProvinceKeyError(
                        f"name {name!r} of {p.gso_code} folds to a number; codes are matched separately"
                    )
                other = table.setdefault(key, p.gso_code)
                if other != p.gso_code:
                    raise AmbiguousProvinceKeyError(
                        f"key {key!r} (from {name!r} of {p.gso_code}) also matches "
                        f"{other} (from {sources[key]!r})"
                    )
                sources.setdefault(key, name)
    return table


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    return _build_lookup(_all_provinces_cached())


def _nearest_codes(n: int, k: int = 3) -> list[str]:
    codes = sorted(_by_code(), key=lambda c: (abs(int(c) - n), int(c)))
    return codes[:k]


def _suggest(key: str, k: int = 3) -> list[str]:
    table = _lookup()
    out: list[str] = []
    for match in difflib.get_close_matches(key, table.keys(), n=20, cutoff=0.6):
        code = table[match]
        if code not in out:
            out.append(code)
        if len(out) == k:
            break
    return out


def _from_code_number(query: Any, n: int) -> Province:
    code = f"{n:02d}"
    p = _by_code().get(code) if 0 <= n < 100 else None
    if p is None:
        raise UnknownProvinceError(
            query, _nearest_codes(n), reason=f"no province has GSO code {query!r}"
        )
    return p


def resolve_province(query: Any) -> Province:
    """Identify one of the 63 provinces from a code or a name.

    Parameters
    ----------
    query : str or int or Province
        Any of:

        * a GSO code as ``str`` or ``int`` (``"02"``, ``"2"``, ``" 02 "``, ``2``);
        * the short name (``"Hà Giang"``), the full name (``"Tỉnh Hà Giang"``,
          ``"Thành phố Hà Nội"``) or the ASCII name (``"Ha Giang"``), in any
          case, spacing, hyphenation or Unicode normal form (NFD accepted);
        * a curated alias from the data file (``"TP.HCM"``, ``"TP HCM"``,
          ``"Thừa Thiên - Huế"``, ``"BR-VT"``, ``"Đắc Lắc"``, ``"Hoà Bình"``, ...);
        * any of the above with a ``Tỉnh`` / ``Thành phố`` / ``TP`` prefix
          added or removed;
        * the ISO 3166-2 code (``"VN-03"``; note ISO numbers differ from GSO);
        * a :class:`Province` (returned as is).

    Returns
    -------
    Province

    Raises
    ------
    UnknownProvinceError
        If the query matches no province, is a code that does not exist
        (e.g. ``99`` or ``"03"``), or is ``None``, NaN, a bool, a float or
        another unsupported type. The error carries ``.query`` and
        ``.suggestions`` (up to 3 codes of the closest matches).

    Notes
    -----
    Codes are 63-era GSO codes. The 2025 codes reuse numbers for other units;
    use :func:`new_unit_2025` to map old to new, never a bare code.

    Examples
    --------
    >>> resolve_province("TP.HCM").gso_code
    '79'
    >>> resolve_province(2).name_vi
    'Hà Giang'
    """
    if isinstance(query, Province):
        return query
    if query is None:
        raise UnknownProvinceError(query, reason="province query is None")
    if isinstance(query, bool) or type(query).__name__ == "bool_":
        raise UnknownProvinceError(query, reason=f"a boolean ({query!r}) is not a province code")
    if isinstance(query, numbers.Integral):
        return _from_code_number(query, int(query))
    if pd.api.types.is_scalar(query) and pd.isna(query):
        raise UnknownProvinceError(query, reason=f"province query is a missing value ({query!r})")
    if isinstance(query, numbers.Real):
        raise UnknownProvinceError(
            query,
            reason=f"float {query!r} is not a province code; read codes as strings (dtype=str)",
        )
    if not isinstance(query, str):
        raise UnknownProvinceError(
            query, reason=f"unsupported province query type {type(query).__name__}"
        )

    raw = query.strip()
    if raw.isascii() and raw.isdigit():
        return _from_code_number(query, int(raw))

    key = fold(raw)
    if not key:
        raise UnknownProvinceError(query, reason="empty province query")
    table = _lookup()
    for form in (key, _strip_type_prefix(key)):
        for candidate in (form, form.replace(" ", "")):
            code = table.get(candidate)
            if code is not None:
                return _by_code()[code]
    former = _former_provinces().get(_strip_type_prefix(key))
    if former is not None:
        into = ", ".join(_by_code()[c].name_vi for c in former["merged_into"].split("|"))
        y, m, d = former["effective_date"].split("-")
        raise UnknownProvinceError(
            query, former["merged_into"].split("|"),
            reason=f"{former['name_vi']} is a former province: merged into {into} on "
                   f"{int(d)}/{int(m)}/{y} under {former['legal_basis']}; give its values as part "
                   f"of {into}")
    raise UnknownProvinceError(query, _suggest(key))


@lru_cache(maxsize=1)
def _former_provinces() -> dict[str, dict[str, str]]:
    """Folded name (and aliases, without a Tỉnh prefix) -> row of ``former_provinces.csv``."""
    df = _read_csv(_FORMER_FILE, ["name_vi", "aliases", "merged_into", "effective_date", "legal_basis"])
    out: dict[str, dict[str, str]] = {}
    for row in df.to_dict("records"):
        for name in [row["name_vi"], *filter(None, row["aliases"].split("|"))]:
            for form in _key_variants(fold(name)):
                out[form] = row
    return out


# --------------------------------------------------------------------------- #
# 2025 merger
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=1)
def _merge_cached() -> pd.DataFrame:
    df = _read_csv(_MERGE_FILE, _MERGE_TEXT_COLUMNS)
    return order_by_code(df, "old_gso_code").reset_index(drop=True)


def merge_2025() -> pd.DataFrame:
    """Return the mapping of the 63 old provinces to the 34 units of 2025-07-01.

    Returns
    -------
    pandas.DataFrame
        One row per old province, ordered by ``old_gso_code``. ``old_gso_code``
        and ``new_code`` are 2-character strings; all text is NFC and blank
        cells are ``""``. Columns: ``old_gso_code``, ``old_name_vi``,
        ``new_code``, ``new_name_vi``, ``new_name_full_vi``, ``new_name_ascii``,
        ``change`` (``"unchanged"`` / ``"merged"``), ``merged_from``,
        ``code_note``, ``effective_date``, ``legal_basis``, ``later_changes``.

    Warnings
    --------
    Codes are **per era**: ``old_gso_code`` is a 63-era GSO code and
    ``new_code`` a 34-era code, and the same number can denote different units
    (old 80 = Long An, new 80 = Tây Ninh). Never join 63-era and 34-era data on
    the bare code; key on (period, code) or map through this table.
    """
    return _merge_cached().copy()


@lru_cache(maxsize=1)
def _merge_by_old() -> dict[str, dict[str, str]]:
    df = _merge_cached()
    if df["old_gso_code"].duplicated().any():
        raise RuntimeError(f"{_MERGE_FILE}: an old code maps to more than one new unit")
    return {
        r.old_gso_code: {"new_code": r.new_code, "new_name_vi": r.new_name_vi, "change": r.change}
        for r in df.itertuples(index=False)
    }


def new_unit_2025(old_code: Any) -> dict[str, str]:
    """Return the 2025 unit that absorbed an old (63-era) province.

    Parameters
    ----------
    old_code : str or int
        A 63-era GSO code, or anything else :func:`resolve_province` accepts
        (names are resolved as 63-era names).

    Returns
    -------
    dict
        ``{"new_code": str, "new_name_vi": str, "change": "merged" | "unchanged"}``.

    Raises
    ------
    UnknownProvinceError
        If ``old_code`` does not identify one of the 63 provinces.

    Warnings
    --------
    Codes are **per era**. The argument is an *old* code and the returned
    ``new_code`` is a *new* code; the same number may mean different units
    (``new_unit_2025("80")["new_name_vi"] == "Tây Ninh"`` although old 80 is
    Long An). Do not feed a 34-era code to this function.
    """
    p = resolve_province(old_code)
    return dict(_merge_by_old()[p.gso_code])


# --------------------------------------------------------------------------- #
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


def row_of(province: Any, codes: Sequence[str], what: str = "province") -> tuple[str, int]:
    """The code of ``province`` and its position in ``codes`` (the row order of a data table).

    A label already in ``codes`` is taken as is (tables may use invented labels); otherwise the
    query goes through :func:`resolve_province`.

    Raises
    ------
    UnknownProvinceError
        The query names none of the 63 provinces (with the closest matches).
    ValueError
        The province is not among ``codes``.
    """
    codes = list(codes)
    key = str(province).strip()
    if key in codes:
        return key, codes.index(key)
    try:
        code = resolve_province(province).gso_code
    except UnknownProvinceError as exc:
        raise UnknownProvinceError(exc.query, exc.suggestions,
                                   f"{what} {province!r} is not a province of the data") from None
    if code in codes:
        return code, codes.index(code)
    raise InputError(f"{what} {province!r} is not a province of the data: not in the data's codes "
                     f"({', '.join(codes[:5])}{', ...' if len(codes) > 5 else ''})")
