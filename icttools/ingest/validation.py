"""Validation rules for input tables: numbers, headers, provinces, ranges, missing values.

This module holds the rules shared by :mod:`icttools.ingest.io` (indicator tables) and
:mod:`icttools.ingest.counts` (raw-count tables). It does not read files: a table arrives as a
:class:`RawTable` (header texts and rows of cells, with the row numbers a user sees in a
spreadsheet). Every rule appends :class:`Problem` objects instead of raising, so that a user
sees *all* problems of a file at once (:class:`DataValidationError`).

Rules (``Problem.rule``):

=====================  ===========================================================
``no-province-column`` no column names the province (code or name)
``unknown-column``     a header is neither a province, meta nor indicator column
``duplicate-column``   two columns hold the same indicator (or count)
``missing-column``     an indicator (or count) has no column
``unknown-province``   a province cell is not one of the 63 provinces
``duplicate-province`` a province appears in two rows
``province-mismatch``  the name column names another province than the code column
``missing-province``   one of the 63 provinces has no row
``non-numeric``        a value cell cannot be read as a number
``out-of-range``       a value is outside the indicator's range (counts: negative)
``missing-value``      a value cell is empty (unless imputed)
``missing-count``      a raw count needed by a formula is empty (counts tables)
``division-by-zero``   a formula's denominator is 0 (counts tables)
=====================  ===========================================================
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from icttools.core.errors import DataError
from icttools.core.framework import Framework, Indicator
from icttools.core.provinces import (Province, UnknownProvinceError, load_provinces, order_by_code,
                                province_codes, resolve_province)
from icttools.core.text import fold, nfc

__all__ = [
    "Problem",
    "Imputation",
    "DataValidationError",
    "NumberFormatError",
    "RULES",
    "IMPUTE_METHODS",
    "parse_number",
    "parse_cell",
    "format_problems",
    "make_problem",
    "RawTable",
    "ColumnMap",
    "ProvinceRow",
    "indicator_header_keys",
    "map_columns",
    "resolve_rows",
    "check_range",
    "missing_province_problems",
    "impute_missing",
    "collect_data_source",
    "finish_frame",
    "sort_problems",
    "cell_text",
    "read_value",
    "MissingCell",
    "indicator_targets",
]

RULES = (
    "unknown-province", "duplicate-province", "missing-province", "non-numeric", "out-of-range",
    "unknown-column", "duplicate-column", "missing-column", "missing-value", "province-mismatch",
    "no-province-column", "division-by-zero", "missing-count",
)
IMPUTE_METHODS = ("regional-mean", "national-mean")


# --- problems -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One problem found in an input table.

    Attributes
    ----------
    file : str
        The file, relative to the project root (never an absolute path).
    row : int or None
        Row number as a spreadsheet shows it (header = 1, first data row = 2); None for a
        problem of the whole file (a missing province).
    column : str
        The header text as in the file ("" when the problem concerns no column).
    value : str
        The raw cell text ("" when there is no cell).
    rule : str
        Short rule id, one of :data:`RULES`.
    message : str
        One line of English naming file, row, column, value and rule.
    suggestions : tuple of str
        For ``unknown-province``: GSO codes of the closest matches.
    """

    file: str
    row: int | None
    column: str
    value: str
    rule: str
    message: str
    suggestions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["suggestions"] = list(self.suggestions)
        return d


@dataclass(frozen=True)
class Imputation:
    """A missing value filled in: ``value`` of ``indicator`` for province ``gso_code``.

    ``method`` is the method actually used: ``"regional-mean"``, or ``"national-mean"`` (asked
    for, or the fallback when no other province of the region has a value). ``n_values`` is
    the number of provinces averaged.
    """

    gso_code: str
    indicator: str
    value: float
    method: str
    n_values: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class DataValidationError(DataError):
    """An input table breaks one or more rules; ``.problems`` lists all of them.

    ``str(error)`` is the list of problem messages, one per line.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(format_problems(self.problems)))


def format_problems(problems: Iterable[Problem]) -> list[str]:
    """One message line per problem, in the given order."""
    return [p.message for p in problems]


def _quote(text: Any) -> str:
    s = str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return f"'{s}'"


def make_problem(file: str, row: int | None, column: str, value: Any, rule: str, detail: str,
                 suggestions: Sequence[str] = ()) -> Problem:
    """Build a :class:`Problem` with the standard one-line message.

    ``"<file>, row <row>, column '<column>': <detail> (<rule>)"``, leaving out row and column
    when they do not apply.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    where = file
    if row is not None:
        where += f", row {row}"
    if column:
        where += f", column {_quote(column)}"
    return Problem(file=file, row=row, column=str(column), value=str(value), rule=rule,
                   message=f"{where}: {detail} ({rule})", suggestions=tuple(suggestions))


def sort_problems(problems: Iterable[Problem], column_order: Sequence[str] = ()) -> list[Problem]:
    """Order problems by row (file-level problems last), then by column position in the file."""
    pos = {c: k for k, c in enumerate(column_order)}
    return sorted(problems, key=lambda p: (p.row is None, p.row or 0, pos.get(p.column, len(pos))))


# --- numbers ------------------------------------------------------------------------------

class NumberFormatError(ValueError):
    """A cell cannot be read as a number; ``.reason`` says why (for messages)."""

    def __init__(self, text: Any, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"cannot read {_quote(text)} as a number: {reason}")


_MISSING_TOKENS = {"", "-", "–", "—", "na", "n/a", "n.a.", "nan", "null", "none", "..", "…"}
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u200a\u2008]+")
_SIGNS = {"+": 1.0, "-": -1.0, "−": -1.0}
_SCI = re.compile(r"^\d+(?:[.]\d+)?[eE][+-]?\d+$")


def parse_number(text: Any) -> float:
    """Read a number as written in Vietnamese or English spreadsheets.

    Parameters
    ----------
    text : str or number
        The cell. Numbers (int, float, numpy) are returned as float unchanged.

    Returns
    -------
    float
        The value; ``nan`` for a missing cell (empty, ``-``, ``NA``, ``n/a``, ``..``).

    Raises
    ------
    NumberFormatError
        (a ``ValueError``) with ``.reason`` when the text is not a number (``abc``), or its
        separators cannot be read (``1.2.3``, ``1,23.4``).

    Notes
    -----
    * Spaces are removed (including non-breaking and narrow spaces), but spaces inside a
      number must separate groups of three digits (``1 234,5``).
    * A trailing ``%`` is dropped and the value kept: ``94,7%`` is 94.7 (percentages are
      stored in percent units).
    * With both ``.`` and ``,``, the last one is the decimal separator and the other groups
      thousands: ``1.234,5`` and ``1,234.5`` are both 1234.5.
    * **A single separator is always a decimal separator**: ``0,5066`` is 0.5066, and the
      ambiguous ``1.234`` and ``1,234`` are both read as 1.234 (not 1234). Indicator values
      are mostly small decimals, so this is the safer reading; the range check catches most
      misreadings of large counts. Write large numbers without separators or with two
      (``1.234.567``, ``1 234``).
    * Two or more of the same separator are thousands separators: ``1.234.567``, ``1,234,567``.
    """
    if isinstance(text, (bool, np.bool_)):
        raise NumberFormatError(text, "a true/false value, not a number")
    if isinstance(text, numbers.Real):
        v = float(text)
        if math.isinf(v):
            raise NumberFormatError(text, "not a finite number")
        return v
    if text is None:
        return math.nan
    if not isinstance(text, str):
        raise NumberFormatError(text, f"a {type(text).__name__}, not a number")
    raw = nfc(text)
    s = raw.strip().strip("\u00a0\u202f\ufeff").strip()
    if s.lower() in _MISSING_TOKENS:
        return math.nan
    if s.endswith("%"):
        s = s[:-1].strip()
    sign = 1.0
    if s[:1] in _SIGNS:
        sign = _SIGNS[s[0]]
        s = s[1:].strip()
    if not s:
        raise NumberFormatError(text, "no digits")
    if _SPACES.search(s):
        if not re.fullmatch(r"\d{1,3}(?:[\s\u00a0\u2007\u202f\u2009\u200a\u2008]\d{3})+(?:[.,]\d+)?", s):
            raise NumberFormatError(text, "spaces inside the number do not separate groups of three digits")
        s = _SPACES.sub("", s)
    if _SCI.fullmatch(s):
        value = float(s)
    elif not re.fullmatch(r"[\d.,]+", s) or not re.search(r"\d", s):
        raise NumberFormatError(text, "contains characters other than digits, separators and %")
    else:
        value = _parse_separators(s, text)
    if math.isinf(value):
        raise NumberFormatError(text, "not a finite number")
    return sign * value


def _parse_separators(s: str, original: Any) -> float:
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        if s.count(dec) != 1 or not re.fullmatch(rf"\d{{1,3}}(?:\{thou}\d{{3}})+\{dec}\d+", s):
            raise NumberFormatError(original, "mixed '.' and ',' that are not thousands groups and one decimal separator")
        return float(s.replace(thou, "").replace(dec, "."))
    sep = "." if dots else ("," if commas else "")
    n = dots or commas
    if n == 0:
        return float(s)
    if n == 1:  # always a decimal separator (see parse_number Notes)
        if not re.fullmatch(rf"\d*\{sep}\d*", s) or s == sep:
            raise NumberFormatError(original, "no digits")
        return float(s.replace(sep, "."))
    if not re.fullmatch(rf"\d{{1,3}}(?:\{sep}\d{{3}})+", s):
        raise NumberFormatError(original, f"several '{sep}' that do not separate groups of three digits")
    return float(s.replace(sep, ""))


def parse_cell(cell: Any) -> float:
    """Like :func:`parse_number`, also rejecting dates, times and other spreadsheet types."""
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return math.nan
    if isinstance(cell, (datetime, date, time, pd.Timestamp)):
        raise NumberFormatError(cell, "a date or time, not a number")
    return parse_number(cell)


def cell_text(cell: Any) -> str:
    """The text of a cell as a user would read it (for messages)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell is pd.NA:
        return ""
    if isinstance(cell, (bool, np.bool_)):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, numbers.Integral):
        return str(int(cell))
    if isinstance(cell, numbers.Real):
        v = float(cell)
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(cell)


def _is_blank(cell: Any) -> bool:
    return cell_text(cell).strip() == ""


# --- tables and headers ---------------------------------------------------------------------

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
        if df.index.name is not None and _province_kind(str(df.index.name)) is not None:
            df = df.reset_index()
        headers = [str(c) for c in df.columns]
        rows = []
        for k, values in enumerate(df.itertuples(index=False, name=None)):
            cells = list(values)
            if all(_is_blank(c) for c in cells):
                continue
            rows.append((k + 2, cells))
        return cls(source=source, headers=headers, rows=rows)

    def label(self, col: int) -> str:
        h = self.headers[col]
        return h if h.strip() else f"<column {col + 1}>"


def _hkey(header: Any) -> str:
    """Matching key of a header: folded, with '/' as a space."""
    return " ".join(fold(header).replace("/", " ").split())


_CODE_HEADERS = {"gso code", "ma tinh", "ma", "code", "province code", "ma gso", "ma tinh thanh pho"}
_NAME_HEADERS = {"province", "tinh", "tinh thanh pho", "tinh tp", "ten tinh", "ten tinh thanh pho",
                 "province name", "name vi", "ten", "don vi", "dia phuong"}
_META_HEADERS = {"data source": "data_source", "nguon du lieu": "data_source",
                 "nguon so lieu": "data_source", "note": "note", "notes": "note",
                 "ghi chu": "note", "stt": "stt"}


def _province_kind(header: str) -> str | None:
    k = _hkey(header)
    if k in _CODE_HEADERS:
        return "code"
    if k in _NAME_HEADERS:
        return "name"
    return None


def indicator_header_keys(ind: Indicator) -> set[str]:
    """The folded headers accepted for an indicator: id, Vietnamese or English name, with or
    without the unit in parentheses."""
    keys = {fold(ind.id), fold(ind.name_vi), fold(ind.name_en)}
    for name in (ind.name_vi, ind.name_en, ind.id):
        for unit in (ind.unit, ind.unit_en):
            keys.add(fold(f"{name} ({unit})"))
    return keys


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
        kind = _province_kind(header)
        if kind == "code":
            code_cols.append(col)
            continue
        if kind == "name":
            name_cols.append(col)
            continue
        meta = _META_HEADERS.get(_hkey(header))
        if meta:
            cmap.meta[col] = meta
            continue
        key = lookup.get(fold(header))
        if key is not None:
            if key in seen:
                cmap.problems.append(make_problem(
                    raw.source, raw.header_row, label, header, "duplicate-column",
                    f"column holds '{key}' again (already in column {_quote(raw.label(seen[key]))})"))
            else:
                seen[key] = col
                cmap.values[col] = key
            continue
        if not header.strip():
            if all(_is_blank(cells[col]) for _, cells in raw.rows):
                continue  # an empty trailing column from a spreadsheet export
            cmap.problems.append(make_problem(raw.source, raw.header_row, label, "", "unknown-column",
                                              "column has values but no header"))
            continue
        detail = "header is not a province, note, data_source or known indicator column"
        for hkey, (name_key, unit) in (unit_hints or {}).items():
            if fold(header).startswith(name_key + " ("):
                detail = f"header names '{hkey}' with another unit; expected unit {_quote(unit)}"
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


# --- provinces ------------------------------------------------------------------------------

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
        filled = [c for c in pcols if not _is_blank(cells[c])]
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
                    f"{_quote(cell_text(other))} {named}, but column {_quote(raw.label(pcol))} "
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


# --- values ---------------------------------------------------------------------------------

def _fmt(x: float) -> str:
    return f"{x:g}"


def check_range(value: float, ind: Indicator) -> str | None:
    """A message detail if ``value`` is outside the indicator's range, else None."""
    lo, hi = ind.range
    if lo <= value <= hi:
        return None
    return f"is outside the valid range [{_fmt(lo)}, {_fmt(hi)}]"


def read_value(raw: RawTable, prow: ProvinceRow, col: int, problems: list[Problem],
               ind: Indicator | None = None) -> float:
    """Parse one value cell; report ``non-numeric`` and ``out-of-range`` (NaN then)."""
    cell = prow.cells[col]
    try:
        v = parse_cell(cell)
    except NumberFormatError as exc:
        problems.append(make_problem(raw.source, prow.row, raw.label(col), cell_text(cell),
                                     "non-numeric", f"value {_quote(cell_text(cell))} is not a number: {exc.reason}"))
        return math.nan
    if math.isnan(v):
        return v
    if ind is not None:
        bad = check_range(v, ind)
        if bad:
            problems.append(make_problem(raw.source, prow.row, raw.label(col), cell_text(cell),
                                         "out-of-range", f"value {_quote(cell_text(cell))} {bad}"))
            return math.nan
    return v


@dataclass(frozen=True)
class MissingCell:
    """An empty value: reported as a problem unless imputed."""

    gso_code: str
    indicator: str
    problem: Problem



def read_indicator_cell(raw: RawTable, prow: ProvinceRow, col: int | None, ind: Indicator,
                        problems: list[Problem], missing: list[MissingCell]) -> float:
    """The value of ``ind`` in one row (NaN when absent): problems are reported, and an empty
    cell is recorded in ``missing`` (an error unless the caller imputes it later)."""
    if col is None:
        return math.nan
    before = len(problems)
    v = read_value(raw, prow, col, problems, ind)
    if math.isnan(v) and len(problems) == before:
        text = cell_text(prow.cells[col])
        missing.append(MissingCell(prow.province.gso_code, ind.id, make_problem(
            raw.source, prow.row, raw.label(col), text, "missing-value",
            f"value of {ind.id} is empty" + (f" ('{text}')" if text.strip() else ""))))
    return v

def impute_missing(data: pd.DataFrame, missing: Sequence[MissingCell], impute: str | None,
                   ) -> tuple[list[Imputation], list[Problem]]:
    """Fill missing values in place (or report them).

    Parameters
    ----------
    data : DataFrame
        Indexed by gso_code, indicator columns; NaN where missing (and where a value was
        invalid: such cells are never used in means).
    missing : sequence of MissingCell
    impute : {None, "regional-mean", "national-mean"}
        ``regional-mean``: the mean of the same indicator over the other provinces of the same
        region that have a value, else the national mean. ``national-mean``: the mean over all
        provinces with a value. Means are taken over observed values only, so the result does
        not depend on the order of filling.

    Returns
    -------
    (imputations, problems)
        Problems for the cells that could not be filled (no value anywhere) or all cells when
        ``impute`` is None.
    """
    if impute is None:
        return [], list(dict.fromkeys(m.problem for m in missing))
    if impute not in IMPUTE_METHODS:
        raise ValueError(f"impute must be None or one of {', '.join(IMPUTE_METHODS)}, got {impute!r}")
    observed = data.copy()
    region = load_provinces().set_index("gso_code")["region"]
    imputations, problems = [], []
    done: set[tuple[str, str]] = set()
    for m in missing:
        if (m.gso_code, m.indicator) in done:
            continue
        done.add((m.gso_code, m.indicator))
        col = observed[m.indicator].drop(index=m.gso_code).dropna()
        method = "national-mean"
        pool = col
        if impute == "regional-mean":
            same = col[[region[c] == region[m.gso_code] for c in col.index]]
            if len(same):
                pool, method = same, "regional-mean"
        if not len(pool):
            problems.append(m.problem)
            continue
        value = float(pool.mean())
        data.at[m.gso_code, m.indicator] = value
        imputations.append(Imputation(m.gso_code, m.indicator, value, method, int(len(pool))))
    return imputations, list(dict.fromkeys(problems))


def collect_data_source(raw: RawTable, cmap: ColumnMap) -> str | None:
    """The distinct non-empty ``data_source`` texts, joined with '; ' (None if there are none)."""
    texts: list[str] = []
    for col, kind in cmap.meta.items():
        if kind != "data_source":
            continue
        for _, cells in raw.rows:
            t = nfc(cell_text(cells[col]).strip())
            if t and t not in texts:
                texts.append(t)
    return "; ".join(texts) if texts else None


def finish_frame(values: Mapping[str, Sequence[float]], columns: Sequence[str]) -> pd.DataFrame:
    """A frame indexed by ``gso_code`` (str), float columns, rows in GSO-code order."""
    df = pd.DataFrame.from_dict(dict(values), orient="index", columns=list(columns), dtype=float)
    df.index = pd.Index([str(c) for c in df.index], name="gso_code", dtype=object)
    if len(df):
        df = order_by_code(df.reset_index(), "gso_code").set_index("gso_code")
    return df.astype(float)


def indicator_targets(framework: Framework, indicators: Iterable[Indicator] | None = None
                      ) -> tuple[dict[str, set[str]], dict[str, str], dict[str, tuple[str, str]]]:
    """(targets, descriptions, unit hints) for :func:`map_columns` from indicators."""
    inds = list(framework.indicators if indicators is None else indicators)
    targets = {i.id: indicator_header_keys(i) for i in inds}
    describe = {i.id: f"indicator '{i.id}' ({i.name_vi} ({i.unit}))" for i in inds}
    hints = {i.id: (fold(i.name_vi), i.unit) for i in inds}
    return targets, describe, hints
