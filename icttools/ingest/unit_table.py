"""Read a data table whose units are given with the data (a framework with ``units: {from_data:
true, ...}``, e.g. one written by ``icttools import-coinr``).

The table (CSV, UTF-8, ``NA`` or an empty cell for a missing value; or XLSX) has the unit code
column the framework names, optionally a name column, group columns and denominator columns, and
one column per indicator. Unlike the Vietnamese readers there is no province list to check the
rows against: the units are whatever the table lists (codes must be unique).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from icttools.core.errors import DataError, InputError, InputFileNotFound
from icttools.core.framework import Framework
from icttools.core.paths import relative_to_root
from icttools.ingest.io import IndicatorTable

__all__ = ["read_unit_table", "read_plain_table"]


def read_plain_table(path: str | Path, what: str = "data") -> pd.DataFrame:
    """A CSV (UTF-8, with or without BOM) or XLSX table as text cells, ``NA`` and empty cells
    missing, headers stripped. Used for tables outside the Vietnamese templates (COINr's, units
    given with the data).

    Raises
    ------
    InputFileNotFound, InputError
        No such file, another format, or a file that cannot be read as a table.
    """
    p = Path(path)
    if not p.is_file():
        raise InputFileNotFound(f"{what} file not found: {p}")
    suffix = p.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise InputError(f"{p.name}: the {what} table must be a .csv or .xlsx file")
    try:
        if suffix in (".xlsx", ".xlsm"):
            df = pd.read_excel(p, dtype=object)
        else:
            df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise InputError(f"{p.name}: cannot read the {what} table ({type(exc).__name__}: {first}); "
                         "save it as CSV UTF-8") from None
    df.columns = [str(c).strip() for c in df.columns]
    return df.map(lambda v: np.nan if (isinstance(v, str) and v.strip() in ("", "NA")) else v)


def read_unit_table(path: str | Path, framework: Framework, year: int | None = None) -> IndicatorTable:
    """The table as an :class:`IndicatorTable` indexed by unit code, with the indicator columns
    (numbers) and the columns the method's steps need (name, groups, denominators).

    Raises
    ------
    InputFileNotFound, InputError
        No such file, or not a CSV/XLSX table.
    DataError
        No code column, duplicate codes, a column the framework names is absent, a value that is
        not a number, or a missing value when the method refuses them.
    """
    p = Path(path)
    df = read_plain_table(p, "data")
    spec = framework.units
    raw = p.read_bytes()
    if spec.code not in df.columns:
        raise DataError(f"{p.name}: no unit code column {spec.code!r} (named by the framework's units)")
    codes = df[spec.code].astype(str).str.strip()
    dup = sorted(codes[codes.duplicated()].unique())
    if dup or df[spec.code].isna().any():
        raise DataError(f"{p.name}: unit codes must be unique and present; duplicated: {', '.join(dup[:5]) or 'none'}")
    df = df.assign(**{spec.code: codes}).set_index(spec.code)
    need = list(framework.indicator_ids) + sorted({i.denominator for i in framework.indicators if i.denominator})
    lacking = [c for c in need if c not in df.columns]
    if lacking:
        raise DataError(f"{p.name}: missing column(s) {', '.join(lacking[:8])}")
    for c in need:
        vals = pd.to_numeric(df[c], errors="coerce")
        bad = vals.isna() & df[c].notna()
        if bad.any():
            unit = df.index[bad.to_numpy()][0]
            raise DataError(f"{p.name}, unit {unit}, column {c!r}: {df.at[unit, c]!r} is not a number")
        df[c] = vals.astype(float)
    if framework.method.missing == "refuse" and not framework.method.step("impute"):
        holes = df[framework.indicator_ids].isna()
        if holes.to_numpy().any():
            unit, col = holes.stack()[lambda s: s].index[0]
            raise DataError(f"{p.name}, unit {unit}, column {col!r}: missing value; the method refuses "
                            f"missing values (add an impute step or missing: skip)")
    keep = [c for c in [spec.name, *spec.groups, *need] if c and c in df.columns]
    return IndicatorTable(data=df[list(dict.fromkeys(keep))], source=relative_to_root(p),
                          sha256=hashlib.sha256(raw).hexdigest(), imputations=(),
                          data_source=None, framework_id=framework.id,
                          year=None if year is None else int(year), kind="indicators")
