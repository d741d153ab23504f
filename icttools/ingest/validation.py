"""Validation rules for input tables: numbers, headers, provinces, ranges, missing values.

The rules shared by :mod:`icttools.ingest.io` (indicator tables) and
:mod:`icttools.ingest.counts` (raw-count tables). They do not read files: a table arrives as a
:class:`RawTable` (header texts and rows of cells, with the row numbers a user sees in a
spreadsheet). Every rule appends :class:`Problem` objects instead of raising, so that a user
sees *all* problems of a file at once (:class:`DataValidationError`).

This module gathers the public names of the modules that implement the rules, one per seam:

* :mod:`icttools.ingest.problems` -- :class:`Problem`, :class:`DataValidationError`, messages;
* :mod:`icttools.ingest.cells` -- number parsing (:func:`parse_number`) and cell text;
* :mod:`icttools.ingest.headers` -- :class:`RawTable`, which column holds what (:func:`map_columns`);
* :mod:`icttools.ingest.unit_rows` -- the province of each row (:func:`resolve_rows`);
* :mod:`icttools.ingest.values` -- value cells and ranges (:func:`read_value`, :func:`check_range`);
* :mod:`icttools.ingest.impute` -- filling empty values (:func:`impute_missing`).

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

from icttools.ingest.cells import NumberFormatError, cell_text, is_blank, parse_cell, parse_number
from icttools.ingest.headers import (META_HEADERS, ColumnMap, RawTable, header_key,
                                     indicator_header_keys, indicator_targets, map_columns,
                                     province_header_kind)
from icttools.ingest.impute import IMPUTE_METHODS, Imputation, check_impute, impute_missing
from icttools.ingest.problems import (RULES, DataValidationError, Problem, format_problems,
                                      make_problem, sort_problems)
from icttools.ingest.unit_rows import ProvinceRow, missing_province_problems, resolve_rows
from icttools.ingest.values import (MissingCell, check_range, collect_data_source, finish_frame,
                                    read_indicator_cell, read_value)

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
    "META_HEADERS",
    "header_key",
    "province_header_kind",
    "indicator_header_keys",
    "map_columns",
    "resolve_rows",
    "check_range",
    "missing_province_problems",
    "check_impute",
    "impute_missing",
    "collect_data_source",
    "finish_frame",
    "sort_problems",
    "cell_text",
    "is_blank",
    "read_value",
    "read_indicator_cell",
    "MissingCell",
    "indicator_targets",
]
