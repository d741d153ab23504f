"""Unit rows: which province each data row is, and which provinces have no row.

The first filled province column of a row decides (a code column is preferred over a name
column); further province columns are cross-checked. Unknown, duplicate and mismatching
provinces are reported as problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from icttools.core.provinces import (Province, UnknownProvinceError, load_provinces, merge_2025,
                                     province_codes, resolve_province)
from icttools.ingest.cells import FormulaCell, cell_text, is_blank
from icttools.ingest.headers import ColumnMap, RawTable
from icttools.ingest.problems import PYTHON_OPTIONS, SAVE_FORMULAS, Problem, make_problem, quoted

__all__ = ["ProvinceRow", "resolve_rows", "missing_province_problems", "units_2025_problems"]


@dataclass
class ProvinceRow:
    """A data row whose province is resolved and not a duplicate."""

    row: int
    province: Province
    cells: list[Any]


#: A province cell longer than this is not looked up (a name has < 40 characters).
_MAX_NAME = 200


def _resolve(cell: Any) -> Province:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, str):
        cell = cell.strip()
        if len(cell) > _MAX_NAME:
            raise UnknownProvinceError(cell, reason=f"a text of {len(cell):,} characters is not a province")
    return resolve_province(cell)


def resolve_rows(raw: RawTable, cmap: ColumnMap, problems: list[Problem],
                 value_less: dict[str, int] | None = None) -> list[ProvinceRow]:
    """Resolve the province of every row; report unknown, duplicate and mismatching ones.

    A row whose value columns are all empty (a template row with only the code and the name)
    is not a data row: its province counts as missing. Its row number is recorded in
    ``value_less`` (province code -> row) when given, so that the missing-province message can
    name it.
    """
    out: list[ProvinceRow] = []
    if cmap.province is None:
        return out
    first_row: dict[str, int] = {}
    pcols = [cmap.province] + cmap.checks
    vcols = list(cmap.values)
    resolved: dict[Any, Province | UnknownProvinceError] = {}  # 100 000 rows name 63 provinces
    for row, cells in raw.rows:
        if vcols and all(is_blank(cells[c]) for c in vcols):
            named = [c for c in pcols if not is_blank(cells[c])]
            if value_less is not None and named:
                try:
                    value_less.setdefault(_resolve(cells[named[0]]).gso_code, row)
                except UnknownProvinceError:
                    pass
            continue
        # the first filled province column decides (code preferred), the others are checked
        filled = [c for c in pcols if not is_blank(cells[c])]
        if not filled:
            problems.append(make_problem(raw.source, row, raw.label(pcols[0]), "", "unknown-province",
                                         "row has values but no province"))
            continue
        pcol, checks = filled[0], filled[1:]
        cell = cells[pcol]
        text = cell_text(cell)
        if isinstance(cell, FormulaCell):
            problems.append(make_problem(raw.source, row, raw.label(pcol), text, "formula-without-value",
                                         f"formula {quoted(text)} has no saved value; {SAVE_FORMULAS}"))
            continue
        key = (type(cell), cell if isinstance(cell, (str, int, float)) else id(cell))
        if key not in resolved:
            try:
                resolved[key] = _resolve(cell)
            except UnknownProvinceError as exc:
                resolved[key] = exc
        prov = resolved[key]
        if isinstance(prov, UnknownProvinceError):
            problems.append(make_problem(raw.source, row, raw.label(pcol), text, "unknown-province",
                                         f"{prov}", prov.suggestions))
            continue
        for ccol in checks:
            other = cells[ccol]
            try:
                other_code = _resolve(other).gso_code
            except UnknownProvinceError:
                other_code = None
            if other_code != prov.gso_code:
                named = "is not a known province" if other_code is None else f"names province {other_code}"
                problems.append(make_problem(
                    raw.source, row, raw.label(ccol), cell_text(other), "province-mismatch",
                    f"{quoted(cell_text(other))} {named}, but column {quoted(raw.label(pcol))} "
                    f"gives {prov.label}"))
        if prov.gso_code in first_row:
            problems.append(make_problem(
                raw.source, row, raw.label(pcol), text, "duplicate-province",
                f"province {prov.label} already appears in row {first_row[prov.gso_code]}"))
            continue
        first_row[prov.gso_code] = row
        out.append(ProvinceRow(row=row, province=prov, cells=cells))
    return out


def missing_province_problems(source: str, present: Iterable[str], column: str = "", *,
                              value_less: Mapping[str, int] | None = None,
                              options: Mapping[str, str] | None = None,
                              skip: Iterable[str] = ()) -> list[Problem]:
    """``missing-province`` for each of the 63 provinces without a data row.

    Parameters
    ----------
    source : str
        The file, as named in messages.
    present : iterable of str
        Codes of the provinces with a data row.
    column : str
        Unused (kept for callers of earlier versions).
    value_less : mapping, optional
        Code -> row number of rows that hold only the province (named in the message).
    options : mapping, optional
        How the caller spells the options in messages (:data:`PYTHON_OPTIONS` by default);
        without an ``allow_missing_provinces`` entry the message suggests none.
    skip : iterable of str
        Codes not to report (already explained by another problem).
    """
    have = set(present) | set(skip)
    value_less = value_less or {}
    spelled = (PYTHON_OPTIONS if options is None else options).get("allow_missing_provinces")
    why = "the year needs all 63" + (f"; pass {spelled} to accept a partial table" if spelled else "")
    names = load_provinces().set_index("gso_code")["name_vi"]
    out = []
    for code in province_codes():
        if code in have:
            continue
        if code in value_less:
            out.append(make_problem(source, value_less[code], "", code, "missing-province",
                                    f"no values for province {code} {names[code]}, only its name "
                                    f"or code ({why})"))
        else:
            out.append(make_problem(source, None, "", code, "missing-province",
                                    f"no row for province {code} {names[code]} ({why})"))
    return out


#: At least this many of the 23 merged 2025 units must be there to read a table as the 34 units.
_UNITS_2025_QUORUM = 12


def units_2025_problems(source: str, rows: Mapping[str, int], year: int | None
                        ) -> tuple[list[Problem], set[str]]:
    """Problems for a table that lists the 34 units of 2025 instead of the 63 provinces.

    Most 2025 units carry the name of one of the provinces they merged (Tuyên Quang = Hà Giang
    + Tuyên Quang), so such a table reads as that province, with the others missing. When
    every row is such a namesake and at least half of the merged units are there without
    any of their other members, each merged unit gets a ``unit-2025`` problem naming what it
    was formed from. Only for data before 2025 (``year`` None or < 2025).

    Parameters
    ----------
    rows : mapping
        Code -> row number of every province with a data row.

    Returns
    -------
    (problems, explained)
        ``explained``: the codes of the absorbed provinces (their missing-province problems are
        redundant).
    """
    if year is not None and int(year) >= 2025 or not rows:
        return [], set()
    merge = merge_2025()
    namesake = {r.old_gso_code: r for r in merge.itertuples(index=False)
                if r.old_name_vi == r.new_name_vi or r.change == "unchanged"}
    if not set(rows) <= set(namesake):
        return [], set()
    members = merge.groupby("new_code")["old_gso_code"].apply(list)
    hits = []
    for code in rows:
        r = namesake[code]
        others = [c for c in members[r.new_code] if c != code]
        if r.change == "merged" and others and not any(c in rows for c in others):
            hits.append((code, r, others))
    if len(hits) < _UNITS_2025_QUORUM:
        return [], set()
    problems, explained = [], set()
    for code, r, others in hits:
        problems.append(make_problem(
            source, rows[code], "", r.new_name_vi, "unit-2025",
            f"{r.new_name_vi} is a 2025 unit formed from {r.merged_from.replace(' + ', ', ')}; "
            f"give the 63 provinces before 1/7/2025 (one row each)"))
        explained.update(others)
    return problems, explained
