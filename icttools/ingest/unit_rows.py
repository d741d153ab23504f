"""Unit rows: which province each data row is, and which provinces have no row.

The first filled province column of a row decides (a code column is preferred over a name
column); further province columns are cross-checked. Unknown, duplicate and mismatching
provinces are reported as problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from icttools.core.provinces import (Province, UnknownProvinceError, load_provinces,
                                     province_codes, resolve_province)
from icttools.ingest.cells import cell_text, is_blank
from icttools.ingest.headers import ColumnMap, RawTable
from icttools.ingest.problems import Problem, make_problem, quoted

__all__ = ["ProvinceRow", "resolve_rows", "missing_province_problems"]


@dataclass
class ProvinceRow:
    """A data row whose province is resolved and not a duplicate."""

    row: int
    province: Province
    cells: list[Any]


def _resolve(cell: Any) -> Province:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, str):
        cell = cell.strip()
    return resolve_province(cell)


def resolve_rows(raw: RawTable, cmap: ColumnMap, problems: list[Problem]) -> list[ProvinceRow]:
    """Resolve the province of every row; report unknown, duplicate and mismatching ones."""
    out: list[ProvinceRow] = []
    if cmap.province is None:
        return out
    first_row: dict[str, int] = {}
    pcols = [cmap.province] + cmap.checks
    for row, cells in raw.rows:
        # the first filled province column decides (code preferred), the others are checked
        filled = [c for c in pcols if not is_blank(cells[c])]
        if not filled:
            problems.append(make_problem(raw.source, row, raw.label(pcols[0]), "", "unknown-province",
                                         "row has values but no province"))
            continue
        pcol, checks = filled[0], filled[1:]
        cell = cells[pcol]
        text = cell_text(cell)
        try:
            prov = _resolve(cell)
        except UnknownProvinceError as exc:
            problems.append(make_problem(raw.source, row, raw.label(pcol), text, "unknown-province",
                                         f"{exc}", exc.suggestions))
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


def missing_province_problems(source: str, present: Iterable[str], column: str) -> list[Problem]:
    """``missing-province`` for each of the 63 provinces without a row."""
    have = set(present)
    names = load_provinces().set_index("gso_code")["name_vi"]
    return [make_problem(source, None, "", code, "missing-province",
                         f"no row for province {code} {names[code]} (the year needs all 63; "
                         f"pass allow_missing_provinces=True to accept a partial table)")
            for code in province_codes() if code not in have]
