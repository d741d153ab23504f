"""The 2025 merger: the 63 provinces (to 30/6/2025) and the 34 units they formed on 1/7/2025.

``icttools/data/merge_2025.csv`` maps each old province to its new unit. Codes are **per era**:
the 34-unit codes reuse old numbers for other provinces (80 was Long An, now denotes Tây Ninh).
Never join 63-era and 34-era data on the bare code; map through :func:`merge_2025`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from icttools.core.province_resolver import resolve_province
from icttools.core.province_table import (
    MERGE_FILE,
    MERGE_TEXT_COLUMNS,
    order_by_code,
    read_reference_csv,
)


# --------------------------------------------------------------------------- #
# 2025 merger
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=1)
def _merge_cached() -> pd.DataFrame:
    df = read_reference_csv(MERGE_FILE, MERGE_TEXT_COLUMNS)
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
        raise RuntimeError(f"{MERGE_FILE}: an old code maps to more than one new unit")
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
