"""Which province a name or a code means: the resolver behind every ``--province`` and table row.

Accepts codes, short, full and ASCII names, curated aliases, ISO codes, any case or Unicode form;
a former province (Hà Tây) is answered with what it became. See :func:`resolve_province`.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pandas as pd

from icttools.core.errors import InputError
from icttools.core.province_table import (
    FORMER_FILE,
    TYPE_PREFIXES,
    Province,
    provinces_by_code,
    provinces_tuple,
    read_reference_csv,
)
from icttools.core.text import fold


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
            by_code = provinces_by_code()
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
# Resolver
# --------------------------------------------------------------------------- #
def _strip_type_prefix(key: str) -> str:
    for prefix in TYPE_PREFIXES:
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
    return _build_lookup(provinces_tuple())


def _nearest_codes(n: int, k: int = 3) -> list[str]:
    codes = sorted(provinces_by_code(), key=lambda c: (abs(int(c) - n), int(c)))
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
    p = provinces_by_code().get(code) if 0 <= n < 100 else None
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
                return provinces_by_code()[code]
    former = _former_provinces().get(_strip_type_prefix(key))
    if former is not None:
        into = ", ".join(provinces_by_code()[c].name_vi for c in former["merged_into"].split("|"))
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
    df = read_reference_csv(FORMER_FILE, ["name_vi", "aliases", "merged_into", "effective_date", "legal_basis"])
    out: dict[str, dict[str, str]] = {}
    for row in df.to_dict("records"):
        for name in [row["name_vi"], *filter(None, row["aliases"].split("|"))]:
            for form in _key_variants(fold(name)):
                out[form] = row
    return out

