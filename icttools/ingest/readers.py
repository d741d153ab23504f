"""Reading a CSV or XLSX file into a :class:`RawTable`, or saying in one line why it cannot be.

* **CSV** -- UTF-8 with or without BOM, ``,``, ``;`` or tab (detected). Anything else (UTF-16, a
  legacy Vietnamese encoding, a picture, an old ``.xls``, ...) is an
  :class:`~icttools.ingest.sniff.UnreadableFileError` that says what the file seems to be and
  what to do. A cell may be of any size (the ``csv`` module's limit is raised while reading).
* **XLSX** -- the first sheet, or ``sheet``; when the first sheet has no province column but
  another has (instructions first, data on sheet 2), the error names the sheet to use. Cells
  formatted as percent are multiplied by 100 (Excel stores ``94,7%`` as 0.947); formula cells
  without a saved value become :class:`~icttools.ingest.cells.FormulaCell` (a problem each);
  a header cell merged over several rows takes the merged value.
* **The header row** is the row, among the first 20 with content, with the most recognised
  headers (title rows above the table are skipped); completely empty rows are left out and
  row numbers stay those a spreadsheet shows. More than :data:`MAX_ROWS` rows with content is
  not a province table (an error, before reading further).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import numbers
import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from icttools.core.errors import InputError, InputFileNotFound
from icttools.core.framework import Framework, load_framework
from icttools.core.paths import relative_to_root
from icttools.core.provinces import load_provinces
from icttools.core.text import fold
from icttools.ingest.cells import FormulaCell, cell_text, is_blank
from icttools.ingest.counts import count_columns
from icttools.ingest.headers import (META_HEADERS, RawTable, header_key, indicator_header_keys,
                                     province_header_kind)
from icttools.ingest.problems import PYTHON_OPTIONS
from icttools.ingest.sniff import UnreadableFileError, decode_csv_text, identify, is_binary, zip_kind

__all__ = ["MAX_ROWS", "HEADER_SEARCH_ROWS", "read_raw_table", "known_header_keys",
           "is_known_header"]

#: More rows with content than this is not a table of provinces (63 rows).
MAX_ROWS = 10_000
#: The header row is looked for among the first rows with content.
HEADER_SEARCH_ROWS = 20
_CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


def known_header_keys(framework: Framework) -> set[str]:
    """Folded headers of the framework's indicators and raw counts."""
    keys: set[str] = set()
    for ind in framework.indicators:
        keys |= indicator_header_keys(ind)
    keys |= {fold(c) for c in count_columns(framework)}
    return keys


_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=8192)
def _header_forms(h: str) -> tuple[bool, str]:
    """(names a province or meta column, folded text) of a header text (cached: the same
    headers come back in every file)."""
    return (province_header_kind(h) is not None or header_key(h) in META_HEADERS), fold(h)


def is_known_header(h: str, keys: set[str]) -> bool:
    """True if ``h`` names a province, meta, indicator or count column."""
    if not _LETTER.search(h):  # numbers, the bulk of a data row's cells, are never headers
        return False
    fixed, folded = _header_forms(h)
    return fixed or folded in keys


def _vietnamese_words(framework: Framework) -> list[str]:
    """Words a Vietnamese table is likely to hold, to recognise a legacy encoding."""
    prov = load_provinces()
    words = list(prov["name_vi"]) + [i.name_vi for i in framework.indicators]
    return words + ["Tỉnh", "Mã tỉnh", "Tỉnh/thành phố", "thành phố", "Ghi chú", "Nguồn dữ liệu"]


# --- rows -> table ------------------------------------------------------------------------------

def _records_to_raw(records: Iterable[tuple[int, list[Any]]], source: str, keys: set[str]) -> RawTable:
    it = iter(records)
    head: list[tuple[int, list[Any]]] = []
    for rownum, cells in it:
        if not all(is_blank(c) for c in cells):
            head.append((rownum, list(cells)))
            if len(head) == HEADER_SEARCH_ROWS:
                break
    if not head:
        raise UnreadableFileError(source, "no-table")
    # the row with the most recognised headers; the first one on a tie (usually row 1)
    scores = [sum(is_known_header(cell_text(c), keys) for c in cells) for _, cells in head]
    k = max(range(len(head)), key=lambda i: (scores[i], -i))
    header_row, headers = head[k][0], [cell_text(c) for c in head[k][1]]
    rows: list[tuple[int, list[Any]]] = []

    def add(rownum: int, cells: list[Any]) -> None:
        if len(rows) >= MAX_ROWS:  # stop before reading the rest of a huge file
            raise UnreadableFileError(source, "too-many-rows", limit=MAX_ROWS, row=rownum)
        rows.append((rownum, cells))

    for rownum, cells in head[k + 1:]:
        add(rownum, cells)
    for rownum, cells in it:
        if not all(is_blank(c) for c in cells):
            add(rownum, list(cells))
    width = max([len(headers)] + [len(c) for _, c in rows])
    headers = headers + [""] * (width - len(headers))
    rows = [(r, c + [None] * (width - len(c))) if len(c) < width else (r, c) for r, c in rows]
    # trailing empty header columns without values are dropped
    while headers and not headers[-1].strip() and all(is_blank(c[-1]) for _, c in rows):
        headers.pop()
        rows = [(r, c[:-1]) for r, c in rows]
    return RawTable(source=source, headers=headers, rows=rows, header_row=header_row)


# --- CSV ----------------------------------------------------------------------------------------

@contextlib.contextmanager
def _field_limit(n: int) -> Iterator[None]:
    """Raise the csv module's cell size limit (128 KB) for one read, then restore it."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, n))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _sniff_delimiter(text: str, keys: set[str]) -> str:
    """``,``, ``;`` or a tab: the one whose header splits into more recognised columns, then the
    one giving rows as long as the header, then more columns; the first on a tie."""
    sample = text[:200_000]
    best, best_score = ",", None
    for delim in (",", ";", "\t"):
        try:
            records = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delim)
                       if any(c.strip() for c in r)][:30]
        except csv.Error:
            continue
        if not records:
            continue
        header = max(records[:HEADER_SEARCH_ROWS], key=lambda r: sum(is_known_header(h, keys) for h in r))
        known = sum(is_known_header(h, keys) for h in header)
        consistent = all(len(r) == len(header) for r in records[1:-1] or records[1:])
        score = (known, consistent, len(header))
        if best_score is None or score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(data: bytes, source: str, suffix: str, fw: Framework, keys: set[str]) -> RawTable:
    text = decode_csv_text(data, source, lambda: _vietnamese_words(fw), suffix=suffix)
    if not text.strip(" \t\r\n,;\ufeff"):  # blank lines and empty cells only
        raise UnreadableFileError(source, "no-table")
    with _field_limit(len(text) + 1):
        delim = _sniff_delimiter(text, keys)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        try:
            # a record is a spreadsheet row (blank lines included), so record k is row k + 1
            return _records_to_raw(((k + 1, rec) for k, rec in enumerate(reader)), source, keys)
        except csv.Error as exc:
            raise UnreadableFileError(source, "csv-error", line=reader.line_num, detail=str(exc)) from None


# --- XLSX ---------------------------------------------------------------------------------------

def _xlsx_cell(cell: Any) -> Any:
    v = cell.value
    if isinstance(v, numbers.Real) and not isinstance(v, bool) and "%" in (cell.number_format or ""):
        return f"{round(float(v) * 100, 10)!r}%"
    return v


def _check_workbook_bytes(data: bytes, source: str, suffix: str) -> None:
    """Raise the error for bytes that are not an XLSX workbook."""
    found = identify(data)
    if found is not None and found[0] != "zip":
        kind, what = found
        if kind == "utf-16":
            raise UnreadableFileError(source, "misnamed", what="utf16", suffix=suffix, right=".csv")
        raise UnreadableFileError(source, kind, what=what)
    if found is None:  # text (CSV, tab-separated, ...) under a workbook's name, or junk
        try:
            text = data[:65536].decode("utf-8-sig")
        except UnicodeDecodeError:
            text = ""
        if text.strip() and not is_binary(text):
            raise UnreadableFileError(source, "misnamed", what="csv", suffix=suffix, right=".csv")
        raise UnreadableFileError(source, "binary")
    kind = zip_kind(data)
    if kind == "damaged":
        raise UnreadableFileError(source, "damaged-xlsx", detail="it cannot be unzipped: cut short or corrupted")
    if kind != "xlsx":
        raise UnreadableFileError(source, kind)


def _has_province_header(ws: Any) -> bool:
    for row in ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True):
        if any(isinstance(v, str) and province_header_kind(v) for v in row):
            return True
    return False


def _choose_sheet(wb: Any, source: str, sheet: str | int | None, options: Mapping[str, str]) -> Any:
    names = wb.sheetnames
    listed = ", ".join(repr(n) for n in names)
    if sheet is None:
        ws = wb.worksheets[0]
        if len(wb.worksheets) > 1 and not _has_province_header(ws):
            other = next((w.title for w in wb.worksheets[1:] if _has_province_header(w)), None)
            if other is not None:
                spelled = options.get("sheet")  # a caller without a sheet option: move the sheet
                if spelled:
                    raise UnreadableFileError(source, "wrong-sheet", sheet=ws.title, other=other,
                                              option=spelled.format(sheet=other))
                raise UnreadableFileError(source, "wrong-sheet-move", sheet=ws.title, other=other)
        return ws
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(wb.worksheets):
            raise InputError(f"{source}: no sheet number {sheet} (counted from 0); the sheets are {listed}")
        return wb.worksheets[sheet]
    if sheet in names:
        return wb[sheet]
    folded = {fold(n): n for n in names}
    if fold(str(sheet)) in folded:  # "so lieu" for "Số liệu"
        return wb[folded[fold(str(sheet))]]
    raise InputError(f"{source}: no sheet {str(sheet)!r}; the sheets are {listed}")


def _merged_header_values(ws: Any) -> dict[tuple[int, int], Any]:
    """(row, column) -> value for the cells of header cells merged over a few rows."""
    out: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_col == rng.max_col and rng.min_row <= HEADER_SEARCH_ROWS and 0 < rng.max_row - rng.min_row <= 3:
            value = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row + 1, rng.max_row + 1):
                out[(r, rng.min_col)] = value
    return out


def _formulas(data: bytes, title: str, cells: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The formulas of the given (row, column) cells, read from the workbook without values."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        out = {}
        last = max(r for r, _ in cells)
        for row in wb[title].iter_rows(max_row=last):
            for cell in row:
                key = (getattr(cell, "row", None), getattr(cell, "column", None))
                if key in cells:
                    v = cell.value
                    text = v if isinstance(v, str) else getattr(v, "text", None)
                    if isinstance(text, str) and text.startswith("="):
                        out[key] = text
        return out
    finally:
        wb.close()


def _read_xlsx(data: bytes, source: str, suffix: str, sheet: str | int | None, keys: set[str],
               options: Mapping[str, str]) -> RawTable:
    import openpyxl

    _check_workbook_bytes(data, source, suffix)
    try:
        with warnings.catch_warnings():  # "Data Validation extension is not supported" etc.
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types on a damaged file (zip, XML, KeyError)
        raise UnreadableFileError(source, "damaged-xlsx", detail=f"{type(exc).__name__} while opening it") from None
    try:
        ws = _choose_sheet(wb, source, sheet, options)
        merged = _merged_header_values(ws)
        records = []
        for row in ws.iter_rows():
            if not row:
                continue
            r = row[0].row
            cells = [_xlsx_cell(c) for c in row]
            for (mr, mc), v in merged.items():
                if mr == r and mc - 1 < len(cells) and cells[mc - 1] is None:
                    cells[mc - 1] = v
            records.append((r, cells))
        raw = _records_to_raw(records, source, keys)
        title = ws.title
    finally:
        wb.close()
    blank = {(r, k + 1) for r, cells in raw.rows for k, c in enumerate(cells) if c is None}
    if blank:  # an empty cell may be a formula never computed: look in the formulas
        by_row = dict(raw.rows)
        for (r, col), formula in _formulas(data, title, blank).items():
            by_row[r][col - 1] = FormulaCell(formula)
    return raw


# --- any file -----------------------------------------------------------------------------------

def read_raw_table(path: str | Path, framework: Framework | None = None, *,
                   sheet: str | int | None = None,
                   options: Mapping[str, str] | None = None) -> tuple[RawTable, str]:
    """Read the cells of a CSV or XLSX file without interpreting them.

    Parameters
    ----------
    path : str or Path
    framework : Framework, optional
        Its headers help find the header row and the CSV delimiter.
    sheet : str or int, optional
        XLSX sheet name (or position from 0); default the first sheet.
    options : mapping, optional
        How to spell options in messages (default :data:`~icttools.ingest.problems.PYTHON_OPTIONS`).

    Returns
    -------
    (RawTable, sha256)
        The cells (CSV: all text; XLSX: numbers and text) and the hash of the file's bytes.

    Raises
    ------
    InputFileNotFound
        No such file.
    UnreadableFileError
        (an :class:`~icttools.core.errors.InputError`) the file is not a table icttools can
        read; the message says what it seems to be and what to do.
    InputError
        A folder instead of a file, an unreadable file, no such sheet.
    """
    path = Path(path)
    source = relative_to_root(path)
    if path.is_dir():
        raise InputError(f"{source} is a folder; give a .csv or .xlsx file")
    if not path.is_file():
        raise InputFileNotFound(f"input file not found: {source}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror}); check its permissions") from None
    sha = hashlib.sha256(data).hexdigest()
    fw = framework or load_framework()
    keys = known_header_keys(fw)
    suffix = path.suffix.lower()
    if suffix in _XLSX_SUFFIXES:
        raw = _read_xlsx(data, source, suffix, sheet, keys, PYTHON_OPTIONS if options is None else options)
    elif suffix in _CSV_SUFFIXES:
        raw = _read_csv(data, source, suffix, fw, keys)
    else:
        found = identify(data)
        if found is not None and found[0] == "zip" and zip_kind(data) == "xlsx":
            raise UnreadableFileError(source, "misnamed", what="xlsx", suffix=suffix or "(none)",
                             right=".xlsx")
        if found is not None and found[0] == "zip" and zip_kind(data) in ("ods", "docx", "zip"):
            raise UnreadableFileError(source, zip_kind(data))
        if found is not None and found[0] not in ("zip", "utf-16", "empty"):
            raise UnreadableFileError(source, found[0], what=found[1])
        raise UnreadableFileError(source, "suffix", suffix=suffix or "a file without an extension")
    return raw, sha
