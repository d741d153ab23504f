"""Reading and validating one year's input table; writing the processed copy.

An input table (CSV or XLSX) has one row per province and one column per indicator:

* **province column** -- header ``gso_code``, ``ma_tinh``, ``Mã tỉnh``, ``province``, ``Tỉnh``,
  ``Tỉnh/thành phố`` or ``Tỉnh, thành phố`` (case, diacritics and spacing do not matter);
  cells are GSO codes (``02``, ``2``) or names (``Hà Giang``, ``TP.HCM``). With both a code and
  a name column, the code decides and a name naming another province is a problem.
* **indicator columns** -- headed by the indicator id (``households_computer_pct``) or the
  Vietnamese name, optionally followed by the unit: ``Tỷ lệ hộ gia đình có máy vi tính (%)``.
* **meta columns** (allowed, not values) -- ``data_source``, ``note`` / ``ghi_chu`` / ``Ghi chú``
  and ``STT``.

CSV files are UTF-8 (with or without BOM), delimited by ``,`` or ``;`` (detected). Numbers may
use decimal commas, thousands separators, spaces and a ``%`` sign; see :func:`parse_number`
for the exact rules (in short: ``1.234`` and ``1,234`` are both read as 1.234). XLSX numeric
cells are taken as they are, except cells formatted as percent (Excel stores ``94,7%`` as
0.947): those are multiplied by 100 so the value is the one the user sees.

Validation reports all problems at once (:class:`DataValidationError`); see
:mod:`icttools.ingest.validation` for the rules.
"""

from __future__ import annotations

import csv
import hashlib
import io as _stdio
import json
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from icttools.core.atomic import atomic_write_text
from icttools.core.errors import InputError, InputFileNotFound
from icttools.ingest.counts import count_columns, derive_from_raw
from icttools.core.framework import Framework, load_framework, as_framework
from icttools.core.paths import processed_dir, raw_dir, relative_to_root, year_dir
from icttools.core.text import fold
from icttools.ingest.validation import (_META_HEADERS, IMPUTE_METHODS, ColumnMap, DataValidationError,
                                 Imputation, MissingCell, NumberFormatError, Problem, RawTable,
                                 _hkey, _province_kind, cell_text, collect_data_source,
                                 finish_frame, format_problems, impute_missing,
                                 indicator_header_keys, indicator_targets, read_indicator_cell,
                                 map_columns, missing_province_problems, parse_number,
                                 resolve_rows, sort_problems)

__all__ = [
    "IndicatorTable",
    "Problem",
    "Imputation",
    "DataValidationError",
    "NumberFormatError",
    "parse_number",
    "format_problems",
    "read_raw_table",
    "read_indicator_table",
    "read_table_or_counts",
    "table_kind",
    "available_years",
    "load_year",
    "load_year_table",
    "write_processed",
    "YEAR_FILES",
]

#: File names looked for in a year folder, in order of preference.
YEAR_FILES = ("indicators.csv", "indicators.xlsx", "counts.csv", "counts.xlsx")


@dataclass(frozen=True, eq=False)
class IndicatorTable:
    """A validated indicator table for one year.

    Attributes
    ----------
    data : DataFrame
        Indexed by ``gso_code`` (str), the framework's indicator ids as float columns in
        framework order, rows in GSO-code order. Imputed values are filled in.
    source : str
        The input file, relative to the project root.
    sha256 : str
        SHA-256 of the input file's bytes.
    imputations : tuple of Imputation
        The values that were filled in (empty unless ``impute`` was asked for).
    data_source : str or None
        The text of the ``data_source`` column, if any (e.g. ``"SYNTHETIC ..."``).
    framework_id : str
    year : int or None
    kind : {"indicators", "counts"}
        Whether the file held indicator values or raw counts.
    """

    data: pd.DataFrame
    source: str
    sha256: str
    imputations: tuple[Imputation, ...]
    data_source: str | None
    framework_id: str
    year: int | None
    kind: str = "indicators"

    @property
    def is_synthetic(self) -> bool:
        """True if the data_source column says the data are synthetic."""
        return "synthetic" in fold(self.data_source or "")


# --- reading cells ----------------------------------------------------------------------------

def _known_keys(framework: Framework) -> set[str]:
    keys: set[str] = set()
    for ind in framework.indicators:
        keys |= indicator_header_keys(ind)
    keys |= {fold(c) for c in count_columns(framework)}
    return keys


def _is_known_header(h: str, keys: set[str]) -> bool:
    return _province_kind(h) is not None or _hkey(h) in _META_HEADERS or fold(h) in keys


def _sniff_delimiter(text: str, keys: set[str]) -> str:
    """``,`` or ``;``: the one whose header splits into more recognised columns, then the one
    giving rows as long as the header, then more columns; ``,`` on a tie."""
    sample = text[:200_000]
    best, best_score = ",", None
    for delim in (",", ";"):
        try:
            records = [r for r in csv.reader(_stdio.StringIO(sample, newline=""), delimiter=delim)
                       if any(c.strip() for c in r)][:30]
        except csv.Error:
            continue
        if not records:
            continue
        header = records[0]
        known = sum(_is_known_header(h, keys) for h in header)
        consistent = all(len(r) == len(header) for r in records[1:-1] or records[1:])
        score = (known, consistent, len(header))
        if best_score is None or score > best_score:
            best, best_score = delim, score
    return best


def _records_to_raw(records: Iterable[tuple[int, list[Any]]], source: str) -> RawTable:
    header_row, headers, rows = 1, None, []
    for rownum, cells in records:
        blank = all(cell_text(c).strip() == "" for c in cells)
        if headers is None:
            if blank:
                continue
            header_row, headers = rownum, [cell_text(c) for c in cells]
            continue
        if blank:
            continue
        rows.append((rownum, list(cells)))
    headers = headers or []
    width = max([len(headers)] + [len(c) for _, c in rows])
    headers = headers + [""] * (width - len(headers))
    rows = [(r, c + [None] * (width - len(c))) for r, c in rows]
    # trailing empty header columns without values are dropped
    while headers and not headers[-1].strip() and all(cell_text(c[-1]).strip() == "" for _, c in rows):
        headers.pop()
        rows = [(r, c[:-1]) for r, c in rows]
    return RawTable(source=source, headers=headers, rows=rows, header_row=header_row)


def _read_csv(path: Path, data: bytes, source: str, keys: set[str]) -> RawTable:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start}); save the file as "
                         f"'CSV UTF-8' or use the XLSX template") from None
    delim = _sniff_delimiter(text, keys)
    reader = csv.reader(_stdio.StringIO(text, newline=""), delimiter=delim)
    # a record is a spreadsheet row (blank lines included), so record k is row k + 1
    return _records_to_raw(((k + 1, list(rec)) for k, rec in enumerate(reader)), source)


def _xlsx_cell(cell: Any) -> Any:
    v = cell.value
    if isinstance(v, numbers.Real) and not isinstance(v, bool) and "%" in (cell.number_format or ""):
        return f"{round(float(v) * 100, 10)!r}%"
    return v


def _read_xlsx(path: Path, data: bytes, source: str, sheet: str | int | None) -> RawTable:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(_stdio.BytesIO(data), data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException ...
        raise InputError(f"{source}: not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise InputError(f"{source}: no sheet {sheet!r}; sheets are {', '.join(wb.sheetnames)}")
        records = ((row[0].row, [_xlsx_cell(c) for c in row]) for row in ws.iter_rows() if row)
        return _records_to_raw(records, source)
    finally:
        wb.close()


def read_raw_table(path: str | Path, framework: Framework | None = None, *,
                   sheet: str | int | None = None) -> tuple[RawTable, str]:
    """Read the cells of a CSV or XLSX file without interpreting them.

    Returns
    -------
    (RawTable, sha256)
        The cells (CSV: all text; XLSX: numbers and text) and the hash of the file's bytes.
    """
    path = Path(path)
    source = relative_to_root(path)
    if not path.is_file():
        raise InputFileNotFound(f"input file not found: {source}")
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw = _read_xlsx(path, data, source, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        raw = _read_csv(path, data, source, _known_keys(framework or load_framework()))
    else:
        raise InputError(f"{source}: unsupported file type {suffix!r}; use .csv or .xlsx")
    return raw, sha


# --- indicator tables ---------------------------------------------------------------------------

def _indicator_values(raw: RawTable, fw: Framework
                      ) -> tuple[pd.DataFrame, list[MissingCell], list[Problem], ColumnMap]:
    targets, describe, hints = indicator_targets(fw)
    cmap = map_columns(raw, targets, fw.indicator_ids, describe, hints)
    problems = list(cmap.problems)
    prows = resolve_rows(raw, cmap, problems)
    col_of = {key: col for col, key in cmap.values.items()}
    values: dict[str, list[float]] = {}
    missing: list[MissingCell] = []
    for prow in prows:
        code = prow.province.gso_code
        row_values = []
        for ind in fw.indicators:
            row_values.append(read_indicator_cell(raw, prow, col_of.get(ind.id), ind, problems, missing))
        values[code] = row_values
    return finish_frame(values, fw.indicator_ids), missing, problems, cmap




def _check_impute(impute: str | None) -> None:
    if impute is not None and impute not in IMPUTE_METHODS:
        raise InputError(f"impute must be None or one of {', '.join(IMPUTE_METHODS)}, got {impute!r}")


def _finish(raw: RawTable, sha: str, fw: Framework, data: pd.DataFrame, missing: list[MissingCell],
            problems: list[Problem], cmap: ColumnMap, *, year: int | None,
            allow_missing_provinces: bool, impute: str | None, kind: str) -> IndicatorTable:
    imputations, unfilled = impute_missing(data, missing, impute)
    problems = problems + unfilled
    if not allow_missing_provinces and cmap.province is not None:
        problems += missing_province_problems(raw.source, data.index, raw.label(cmap.province))
    if problems:
        raise DataValidationError(sort_problems(problems, raw.headers))
    return IndicatorTable(
        data=data, source=raw.source, sha256=sha, imputations=tuple(imputations),
        data_source=collect_data_source(raw, cmap), framework_id=fw.id,
        year=None if year is None else int(year), kind=kind,
    )


def read_indicator_table(path: str | Path, framework: Framework | str | None = None, *,
                         year: int | None = None, sheet: str | int | None = None,
                         allow_missing_provinces: bool = False,
                         impute: str | None = None) -> IndicatorTable:
    """Read and validate one year's indicator table (CSV or XLSX).

    Parameters
    ----------
    path : str or Path
        A ``.csv`` or ``.xlsx`` file (see the module docstring for the layout).
    framework : Framework or str, optional
        Default: the ICT Index 2016 framework.
    year : int, optional
        Recorded in the result (and the processed output).
    sheet : str or int, optional
        XLSX sheet name or position (default: the first sheet).
    allow_missing_provinces : bool
        If False (default), each of the 63 provinces needs a row.
    impute : {None, "regional-mean", "national-mean"}
        None (default): an empty value is a ``missing-value`` problem. Otherwise fill it with
        the mean of the indicator over the other provinces of the region that have a value
        (falling back to the national mean), or over all provinces; each fill is recorded in
        ``IndicatorTable.imputations``.

    Returns
    -------
    IndicatorTable

    Raises
    ------
    DataValidationError
        With ``.problems``: every problem found (unknown/duplicate/missing provinces,
        non-numeric and out-of-range values, unknown/missing columns, empty values, ...).
    FileNotFoundError
        The file does not exist.
    ValueError
        The file is not UTF-8 CSV or readable XLSX, or an argument is invalid.
    """
    _check_impute(impute)
    fw = as_framework(framework)
    raw, sha = read_raw_table(path, fw, sheet=sheet)
    data, missing, problems, cmap = _indicator_values(raw, fw)
    return _finish(raw, sha, fw, data, missing, problems, cmap, year=year,
                   allow_missing_provinces=allow_missing_provinces, impute=impute,
                   kind="indicators")


def table_kind(headers: Iterable[str], framework: Framework | None = None) -> str:
    """``"counts"`` if more headers name raw counts than indicators with a formula, else
    ``"indicators"``."""
    fw = framework or load_framework()
    counts = {fold(c) for c in count_columns(fw)}
    formula_keys = set()
    for ind in fw.indicators:
        if ind.formula is not None:
            formula_keys |= indicator_header_keys(ind)
    folded = [fold(h) for h in headers]
    n_counts = sum(h in counts for h in folded)
    n_inds = sum(h in formula_keys for h in folded)
    return "counts" if n_counts > n_inds else "indicators"


def read_table_or_counts(path: str | Path, framework: Framework | str | None = None, *,
                         year: int | None = None, sheet: str | int | None = None,
                         allow_missing_provinces: bool = False, impute: str | None = None,
                         population_default: Any = "census2019") -> IndicatorTable:
    """Read an indicator table or a counts table, whichever the file is.

    A file is a counts table when more of its headers are raw-count names of the formulas
    (``fixed_phone_subscriptions``, ``civil_servants``, ...) than indicators with a formula.
    Counts are turned into indicators with :func:`icttools.ingest.counts.derive_from_raw`; with
    ``impute``, indicators whose counts are empty are imputed like empty values.

    Parameters and result as :func:`read_indicator_table`; ``population_default`` as
    :func:`icttools.ingest.counts.derive_indicators`. ``IndicatorTable.kind`` says which it was.
    """
    _check_impute(impute)
    fw = as_framework(framework)
    raw, sha = read_raw_table(path, fw, sheet=sheet)
    if table_kind(raw.headers, fw) == "indicators":
        data, missing, problems, cmap = _indicator_values(raw, fw)
        kind = "indicators"
    else:
        d = derive_from_raw(raw, fw, population_default=population_default)
        data, missing, problems, cmap = d.data, d.missing, d.problems, d.cmap
        kind = "counts"
    return _finish(raw, sha, fw, data, missing, problems, cmap, year=year,
                   allow_missing_provinces=allow_missing_provinces, impute=impute, kind=kind)


# --- years --------------------------------------------------------------------------------------

def _years_base(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else raw_dir() / "ict_index"


def available_years(data_dir: str | Path | None = None) -> list[int]:
    """Years with a folder under ``data/raw/ict_index`` (or ``data_dir``), ascending."""
    base = _years_base(data_dir)
    if not base.is_dir():
        return []
    return sorted(int(p.name) for p in base.iterdir() if p.is_dir() and p.name.isdigit())


def load_year_table(year: int, framework: Framework | str | None = None,
                    data_dir: str | Path | None = None, *, allow_missing_provinces: bool = False,
                    impute: str | None = None) -> IndicatorTable:
    """Read and validate the input of one year.

    Looks in ``<data_dir>/<year>/`` (default ``data/raw/ict_index/<year>/``) for
    ``indicators.csv``, then ``indicators.xlsx``, ``counts.csv``, ``counts.xlsx``.

    Raises
    ------
    FileNotFoundError
        No input for the year; the message lists the years that have a folder.
    DataValidationError
        The table breaks a rule (all problems listed).
    """
    base = _years_base(data_dir)
    folder = year_dir(year, base)
    for name in YEAR_FILES:
        if (folder / name).is_file():
            return read_table_or_counts(folder / name, framework, year=int(year),
                                        allow_missing_provinces=allow_missing_provinces,
                                        impute=impute)
    years = available_years(base)
    listed = ", ".join(str(y) for y in years) if years else "none"
    raise InputFileNotFound(
        f"no input table for year {year}: expected {relative_to_root(folder)}/indicators.csv; "
        f"years with a folder in {relative_to_root(base)}: {listed}")


def load_year(year: int, framework: Framework | str | None = None,
              data_dir: str | Path | None = None, **kwargs: Any) -> pd.DataFrame:
    """The validated indicator values of one year (``IndicatorTable.data``); see
    :func:`load_year_table` for the arguments and errors."""
    return load_year_table(year, framework, data_dir, **kwargs).data


# --- processed output ---------------------------------------------------------------------------

def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("icttools")
    except PackageNotFoundError:
        return "unknown"


def write_processed(table: IndicatorTable, processed_root: str | Path | None = None) -> Path:
    """Write the validated table and its manifest, each atomically.

    Writes ``<processed_root>/<framework_id>/<year>/indicators.csv`` (``gso_code`` first, then
    the indicators) and ``manifest.json`` (framework, year, input file with its relative path
    and SHA-256, imputations, row and column counts, output hash, icttools version; sorted keys,
    no timestamps, no absolute paths). Raw files are never touched.

    Parameters
    ----------
    table : IndicatorTable
        Must have a year.
    processed_root : str or Path, optional
        Default ``data/processed``.

    Returns
    -------
    Path
        The folder written.
    """
    if table.year is None:
        raise InputError(f"{table.source}: the table has no year; read it with year=...")
    root = Path(processed_root) if processed_root is not None else processed_dir()
    folder = root / table.framework_id / str(int(table.year))
    csv_text = table.data.reset_index().to_csv(index=False, lineterminator="\n")
    atomic_write_text(folder / "indicators.csv", csv_text)
    manifest = {
        "framework_id": table.framework_id,
        "year": int(table.year),
        "icttools_version": _version(),
        "inputs": [{"path": table.source, "sha256": table.sha256, "kind": table.kind}],
        "data_source": table.data_source,
        "imputations": [i.to_dict() for i in table.imputations],
        "rows": int(table.data.shape[0]),
        "columns": int(table.data.shape[1]),
        "outputs": [{"path": "indicators.csv",
                     "sha256": hashlib.sha256(csv_text.encode("utf-8")).hexdigest()}],
    }
    text = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    atomic_write_text(folder / "manifest.json", text)
    return folder
