"""Reading and validating one year's input table.

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
0.947): those are multiplied by 100 so the value is the one the user sees. How files are read,
and the one-line errors for files that cannot be (UTF-16, legacy encodings, pictures, old
``.xls``, damaged workbooks, ...): :mod:`icttools.ingest.readers`.

Validation reports all problems at once (:class:`DataValidationError`); see
:mod:`icttools.ingest.validation` for the rules. A row that holds only the province (an
unfilled template row) counts as a missing province. The processed copy:
:mod:`icttools.ingest.processed` (:func:`write_processed` is re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from icttools.core.errors import InputFileNotFound
from icttools.core.framework import Framework, as_framework, load_framework
from icttools.core.paths import raw_dir, relative_to_root, year_dir
from icttools.core.provinces import code_key
from icttools.core.relations import violation_messages
from icttools.core.text import fold
from icttools.ingest.cells import NumberFormatError, parse_number
from icttools.ingest.counts import Derived, count_columns, derive_from_raw
from icttools.ingest.headers import RawTable, indicator_header_keys, indicator_targets, map_columns
from icttools.ingest.impute import Imputation, check_impute, impute_missing
from icttools.ingest.problems import (DataValidationError, Problem, format_problems, make_problem,
                                      sort_problems)
from icttools.ingest.processed import write_processed
from icttools.ingest.readers import read_raw_table
from icttools.ingest.sniff import UnreadableFileError
from icttools.ingest.unit_rows import missing_province_problems, resolve_rows, units_2025_problems
from icttools.ingest.values import MissingCell, collect_data_source, finish_frame, read_indicator_cell

__all__ = [
    "IndicatorTable",
    "Problem",
    "Imputation",
    "DataValidationError",
    "UnreadableFileError",
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
    warnings : tuple of str
        One line per relation between criteria a row breaks (level 4 above level 3, ...): the
        values are kept -- a warning, not an error (:func:`icttools.core.relations.violations`).
    kept_missing : tuple of (str, str)
        ``(gso_code, indicator)`` of the empty cells kept as missing (NaN), never filled: only for
        a framework whose method keeps missing values (``missing: skip``, e.g. PAPI); a row with
        a province and no value at all is such a province with every cell missing.
    """

    data: pd.DataFrame
    source: str
    sha256: str
    imputations: tuple[Imputation, ...]
    data_source: str | None
    framework_id: str
    year: int | None
    kind: str = "indicators"
    warnings: tuple[str, ...] = ()
    kept_missing: tuple[tuple[str, str], ...] = ()

    @property
    def is_synthetic(self) -> bool:
        """True if the data_source column says the data are synthetic."""
        return "synthetic" in fold(self.data_source or "")

    @property
    def data_kind(self) -> str:
        """``"synthetic"`` when the ``data_source`` column says so (the shipped demo data always
        do), else ``"real"`` (a user's own figures)."""
        return "synthetic" if self.is_synthetic else "real"


# --- indicator tables ---------------------------------------------------------------------------

def _indicator_values(raw: RawTable, fw: Framework) -> Derived:
    targets, describe, hints = indicator_targets(fw)
    cmap = map_columns(raw, targets, fw.indicator_ids, describe, hints)
    problems = list(cmap.problems)
    value_less: dict[str, int] = {}
    prows = resolve_rows(raw, cmap, problems, value_less)
    col_of = {key: col for col, key in cmap.values.items()}
    values: dict[str, list[float]] = {}
    missing: list[MissingCell] = []
    for prow in prows:
        code = prow.province.gso_code
        row_values = []
        for ind in fw.indicators:
            row_values.append(read_indicator_cell(raw, prow, col_of.get(ind.id), ind, problems, missing))
        values[code] = row_values
    return Derived(data=finish_frame(values, fw.indicator_ids), problems=problems, missing=missing,
                   cmap=cmap, rows=prows, value_less=value_less)


def _finish(raw: RawTable, sha: str, fw: Framework, d: Derived, *, year: int | None,
            allow_missing_provinces: bool, impute: str | None, kind: str,
            options: Mapping[str, str] | None) -> IndicatorTable:
    data = d.data
    kept: list[tuple[str, str]] = []
    if fw.method.missing == "skip" and impute is None:
        # the method keeps missing values (stated in the framework): empty cells stay NaN and are
        # listed; a row naming a province with no value at all is that province, all missing
        empty_rows = [c for c in d.value_less if c not in data.index]
        if empty_rows:
            data = finish_frame({**{c: list(r) for c, r in zip(data.index, data.to_numpy())},
                                 **{c: [float("nan")] * len(fw.indicator_ids) for c in empty_rows}},
                                fw.indicator_ids)
        kept = sorted({(m.gso_code, m.indicator) for m in d.missing}
                      | {(c, i) for c in empty_rows for i in fw.indicator_ids}, key=lambda k: (code_key(k[0]), k[1]))
        imputations, unfilled = [], []
    else:
        imputations, unfilled = impute_missing(data, d.missing, impute)
    problems = d.problems + unfilled
    if d.cmap.province is not None:
        if data.empty:  # one line, not 63 missing provinces
            n = len(d.value_less)
            why = (f"{n} rows hold only a province (a template not filled in?)" if n else
                   f"no rows under the header (row {raw.header_row})" if not raw.rows else
                   "no row holds both a known province and a value")
            problems.append(make_problem(raw.source, None, "", "", "no-data",
                                         f"no province has values: {why}"))
        else:
            rows = {p.province.gso_code: p.row for p in d.rows}
            units, explained = units_2025_problems(raw.source, rows, year)
            problems += units
            if not allow_missing_provinces:
                problems += missing_province_problems(raw.source, data.index, value_less=d.value_less,
                                                      options=options, skip=explained)
    if problems:
        raise DataValidationError(sort_problems(problems, raw.headers))
    return IndicatorTable(
        data=data, source=raw.source, sha256=sha, imputations=tuple(imputations),
        data_source=collect_data_source(raw, d.cmap), framework_id=fw.id,
        year=None if year is None else int(year), kind=kind, kept_missing=tuple(kept),
        warnings=tuple(violation_messages(fw.violations(data), raw.source)),
    )


def read_indicator_table(path: str | Path, framework: Framework | str | None = None, *,
                         year: int | None = None, sheet: str | int | None = None,
                         allow_missing_provinces: bool = False,
                         impute: str | None = None,
                         options: Mapping[str, str] | None = None) -> IndicatorTable:
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
        XLSX sheet name or position from 0 (default: the first sheet; when it has no province
        column and another sheet has, the error names that sheet).
    allow_missing_provinces : bool
        If False (default), each of the 63 provinces needs a row with values (a template row
        with only the code and name counts as missing).
    impute : {None, "regional-mean", "national-mean"}
        None (default): an empty value is a ``missing-value`` problem. Otherwise fill it with
        the mean of the indicator over the other provinces of the region that have a value
        (falling back to the national mean), or over all provinces; each fill is recorded in
        ``IndicatorTable.imputations``.
    options : mapping, optional
        How messages spell the options that would help: the command line passes
        ``{"allow_missing_provinces": "--allow-missing-provinces", "sheet": "--sheet {sheet}"}``;
        default :data:`~icttools.ingest.problems.PYTHON_OPTIONS` (``allow_missing_provinces=True``).

    Returns
    -------
    IndicatorTable

    Raises
    ------
    DataValidationError
        With ``.problems``: every problem found (unknown/duplicate/missing provinces,
        non-numeric and out-of-range values, unknown/missing columns, empty values, ...).
    InputFileNotFound
        The file does not exist.
    UnreadableFileError
        The file is not a table icttools can read (UTF-16 or legacy encoding, picture, old
        ``.xls``, damaged workbook, ...): one line saying what it seems to be and what to do.
    InputError
        No such sheet, or an invalid argument.
    """
    check_impute(impute)
    fw = as_framework(framework)
    raw, sha = read_raw_table(path, fw, sheet=sheet, options=options)
    return _finish(raw, sha, fw, _indicator_values(raw, fw), year=year,
                   allow_missing_provinces=allow_missing_provinces, impute=impute,
                   kind="indicators", options=options)


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
                         population_default: Any = "census2019",
                         options: Mapping[str, str] | None = None) -> IndicatorTable:
    """Read an indicator table or a counts table, whichever the file is.

    A file is a counts table when more of its headers are raw-count names of the formulas
    (``fixed_phone_subscriptions``, ``civil_servants``, ...) than indicators with a formula.
    Counts are turned into indicators with :func:`icttools.ingest.counts.derive_from_raw`; with
    ``impute``, indicators whose counts are empty are imputed like empty values.

    Parameters and result as :func:`read_indicator_table`; ``population_default`` as
    :func:`icttools.ingest.counts.derive_indicators`. ``IndicatorTable.kind`` says which it was.
    """
    check_impute(impute)
    fw = as_framework(framework)
    raw, sha = read_raw_table(path, fw, sheet=sheet, options=options)
    if table_kind(raw.headers, fw) == "indicators":
        d, kind = _indicator_values(raw, fw), "indicators"
    else:
        d, kind = derive_from_raw(raw, fw, population_default=population_default), "counts"
    return _finish(raw, sha, fw, d, year=year, allow_missing_provinces=allow_missing_provinces,
                   impute=impute, kind=kind, options=options)


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
                    impute: str | None = None, sheet: str | int | None = None,
                    options: Mapping[str, str] | None = None) -> IndicatorTable:
    """Read and validate the input of one year.

    Looks in ``<data_dir>/<year>/`` (default ``data/raw/ict_index/<year>/``) for
    ``indicators.csv``, then ``indicators.xlsx``, ``counts.csv``, ``counts.xlsx``.

    ``sheet`` and ``options`` as for :func:`read_indicator_table`.

    Raises
    ------
    InputFileNotFound
        No input for the year; the message lists the years that have a folder.
    DataValidationError
        The table breaks a rule (all problems listed).
    UnreadableFileError
        The year's file cannot be read as a table.
    """
    base = _years_base(data_dir)
    folder = year_dir(year, base)
    for name in YEAR_FILES:
        if (folder / name).is_file():
            return read_table_or_counts(folder / name, framework, year=int(year), sheet=sheet,
                                        allow_missing_provinces=allow_missing_provinces,
                                        impute=impute, options=options)
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
