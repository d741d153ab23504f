"""Vietnam's 63 provinces (the units of the ICT Index up to 2024) and the 2025 merger: one import.

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

The parts live in :mod:`~icttools.core.province_table` (the table, regions, the ordering of
codes), :mod:`~icttools.core.province_resolver` (names and codes to a province) and
:mod:`~icttools.core.province_history` (the 2025 merger); this module gathers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from icttools.core.errors import InputError
from icttools.core.province_history import merge_2025, new_unit_2025
from icttools.core.province_resolver import (
    AmbiguousProvinceKeyError,
    UnknownProvinceError,
    resolve_province,
)
from icttools.core.province_table import (
    REGION_EN,
    REGIONS,
    Province,
    all_provinces,
    code_key,
    load_provinces,
    order_by_code,
    province_codes,
    regions,
    sort_codes,
)

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
