"""Headers: which column of a table holds the province, meta text or which value.

A table arrives as a :class:`RawTable` (header texts and rows of cells, with the row numbers a
user sees in a spreadsheet); :func:`map_columns` classifies its columns into a
:class:`ColumnMap`. Headers are matched folded (case, diacritics, spacing and ``/`` do not
matter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping

import pandas as pd

from icttools.core.framework import Framework, Indicator
from icttools.core.text import fold
from icttools.ingest.cells import is_blank
from icttools.ingest.problems import Problem, make_problem, quoted

__all__ = ["RawTable", "ColumnMap", "CODE_HEADERS", "NAME_HEADERS", "META_HEADERS", "header_key",
           "province_header_kind", "indicator_header_keys", "map_columns", "indicator_targets"]


@dataclass
class RawTable:
    """Cells of one table as read, before any interpretation.

    ``headers`` are the header texts as in the file; ``rows`` are ``(row_number, cells)``
    with cells padded to the number of headers. Completely empty rows are left out.
    """

    source: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    header_row: int = 1

    @classmethod
    def from_frame(cls, df: pd.DataFrame, source: str = "<table>") -> "RawTable":
        """A table from a DataFrame (row numbers as if written to a sheet: first row = 2).

        An index named like a province column (``gso_code``) becomes a column.
        """
        if df.index.name is not None and province_header_kind(str(df.index.name)) is not None:
            df = df.reset_index()
        headers = [str(c) for c in df.columns]
        rows = []
        for k, values in enumerate(df.itertuples(index=False, name=None)):
            cells = list(values)
            if all(is_blank(c) for c in cells):
                continue
            rows.append((k + 2, cells))
        return cls(source=source, headers=headers, rows=rows)

    def label(self, col: int) -> str:
        """The header of column ``col`` for messages (``<column 3>`` when it has none)."""
        h = self.headers[col]
        return h if h.strip() else f"<column {col + 1}>"


def header_key(header: Any) -> str:
    """Matching key of a header: folded, with '/' as a space."""
    return " ".join(fold(header).replace("/", " ").split())


#: Header keys (:func:`header_key`) of a province-code column, a province-name column, and meta
#: columns (not values) with the kind of text they hold.
CODE_HEADERS = {"gso code", "ma tinh", "ma", "code", "province code", "ma gso", "ma tinh thanh pho"}
NAME_HEADERS = {"province", "tinh", "tinh thanh pho", "tinh tp", "ten tinh", "ten tinh thanh pho",
                "province name", "name vi", "ten", "don vi", "dia phuong"}
META_HEADERS = {"data source": "data_source", "nguon du lieu": "data_source",
                "nguon so lieu": "data_source", "note": "note", "notes": "note",
                "ghi chu": "note", "stt": "stt"}


def province_header_kind(header: str) -> str | None:
    """``"code"`` or ``"name"`` if ``header`` names a province column, else None."""
    k = header_key(header)
    if k in CODE_HEADERS:
        return "code"
    if k in NAME_HEADERS:
        return "name"
    return None


def indicator_header_keys(ind: Indicator) -> set[str]:
    """The folded headers accepted for an indicator: id, Vietnamese or English name, with or
    without the unit in parentheses."""
    return set(_header_keys(ind.id, ind.name_vi, ind.name_en, ind.unit, ind.unit_en))


@lru_cache(maxsize=1024)
def _header_keys(id_: str, name_vi: str, name_en: str, unit: str, unit_en: str) -> frozenset[str]:
    # cached: every file read folds the same 30 x 14 header forms
    keys = {fold(id_), fold(name_vi), fold(name_en)}
    for name in (name_vi, name_en, id_):
        for u in (unit, unit_en):
            keys.add(fold(f"{name} ({u})"))
    return frozenset(keys)


@dataclass
class ColumnMap:
    """What each column of a table holds."""

    province: int | None = None  # the authoritative province column (code preferred)
    checks: list[int] = field(default_factory=list)  # further province columns, cross-checked
    meta: dict[int, str] = field(default_factory=dict)  # column -> data_source | note | stt
    values: dict[int, str] = field(default_factory=dict)  # column -> indicator id or count
    problems: list[Problem] = field(default_factory=list)

    def column_of(self, key: str) -> int | None:
        for col, k in self.values.items():
            if k == key:
                return col
        return None


def map_columns(raw: RawTable, targets: Mapping[str, set[str]], required: Iterable[str],
                describe: Mapping[str, str] | None = None,
                unit_hints: Mapping[str, tuple[str, str]] | None = None) -> ColumnMap:
    """Classify the columns of ``raw``.

    Parameters
    ----------
    targets : mapping
        Value key (indicator id or count name) -> accepted folded headers.
    required : iterable of str
        Keys that must have a column (``missing-column`` otherwise).
    describe : mapping, optional
        Key -> text used in ``missing-column`` messages.
    unit_hints : mapping, optional
        Key -> (folded name, expected unit): a header "name (other unit)" gets a message that
        names the expected unit.
    """
    cmap = ColumnMap()
    lookup: dict[str, str] = {}
    for key, keys in targets.items():
        for k in keys:
            lookup.setdefault(k, key)
    seen: dict[str, int] = {}
    code_cols, name_cols = [], []
    for col, header in enumerate(raw.headers):
        label = raw.label(col)
        kind = province_header_kind(header)
        if kind == "code":
            code_cols.append(col)
            continue
        if kind == "name":
            name_cols.append(col)
            continue
        meta = META_HEADERS.get(header_key(header))
        if meta:
            cmap.meta[col] = meta
            continue
        key = lookup.get(fold(header))
        if key is not None:
            if key in seen:
                cmap.problems.append(make_problem(
                    raw.source, raw.header_row, label, header, "duplicate-column",
                    f"column holds '{key}' again (already in column {quoted(raw.label(seen[key]))})"))
            else:
                seen[key] = col
                cmap.values[col] = key
            continue
        if not header.strip():
            if all(is_blank(cells[col]) for _, cells in raw.rows):
                continue  # an empty trailing column from a spreadsheet export
            cmap.problems.append(make_problem(raw.source, raw.header_row, label, "", "unknown-column",
                                              "column has values but no header"))
            continue
        detail = "header is not a province, note, data_source or known indicator column"
        for hkey, (name_key, unit) in (unit_hints or {}).items():
            if fold(header).startswith(name_key + " ("):
                detail = f"header names '{hkey}' with another unit; expected unit {quoted(unit)}"
                break
        cmap.problems.append(make_problem(raw.source, raw.header_row, label, header,
                                          "unknown-column", detail))
    province_cols = code_cols + name_cols
    if province_cols:
        cmap.province = province_cols[0]
        cmap.checks = province_cols[1:]
    else:
        cmap.problems.append(make_problem(
            raw.source, raw.header_row, "", "", "no-province-column",
            "no province column; name one column gso_code, ma_tinh, 'Mã tỉnh', province or "
            "'Tỉnh/thành phố'"))
    for key in required:
        if key not in seen:
            what = (describe or {}).get(key, key)
            cmap.problems.append(make_problem(raw.source, raw.header_row, "", key, "missing-column",
                                              f"no column for {what}"))
    return cmap


def indicator_targets(framework: Framework, indicators: Iterable[Indicator] | None = None
                      ) -> tuple[dict[str, set[str]], dict[str, str], dict[str, tuple[str, str]]]:
    """(targets, descriptions, unit hints) for :func:`map_columns` from indicators."""
    inds = list(framework.indicators if indicators is None else indicators)
    targets = {i.id: indicator_header_keys(i) for i in inds}
    describe = {i.id: f"indicator '{i.id}' ({i.name_vi} ({i.unit}))" for i in inds}
    hints = {i.id: (fold(i.name_vi), i.unit) for i in inds}
    return targets, describe, hints
