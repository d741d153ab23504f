"""Values: reading a value cell, the range check, empty cells, and the final frame.

A value that cannot be read is ``non-numeric``; one outside the indicator's valid range is
``out-of-range``; an empty cell is recorded as a :class:`MissingCell` (a ``missing-value``
problem unless the caller imputes it, :mod:`icttools.ingest.impute`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import pandas as pd

from icttools.core.framework import Indicator
from icttools.core.provinces import order_by_code
from icttools.core.text import nfc
from icttools.ingest.cells import FormulaCell, NumberFormatError, cell_text, parse_cell
from icttools.ingest.headers import ColumnMap, RawTable
from icttools.ingest.problems import SAVE_FORMULAS, Problem, make_problem, quoted
from icttools.ingest.unit_rows import ProvinceRow

__all__ = ["check_range", "read_value", "MissingCell", "read_indicator_cell",
           "collect_data_source", "finish_frame"]


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
    """Parse one value cell; report ``non-numeric``, ``out-of-range`` and
    ``formula-without-value`` (NaN then)."""
    cell = prow.cells[col]
    if isinstance(cell, FormulaCell):
        problems.append(make_problem(raw.source, prow.row, raw.label(col), cell_text(cell),
                                     "formula-without-value",
                                     f"formula {quoted(cell_text(cell))} has no saved value; {SAVE_FORMULAS}"))
        return math.nan
    try:
        v = parse_cell(cell)
    except NumberFormatError as exc:
        problems.append(make_problem(raw.source, prow.row, raw.label(col), cell_text(cell),
                                     "non-numeric", f"value {quoted(cell_text(cell))} is not a number: {exc.reason}"))
        return math.nan
    if math.isnan(v):
        return v
    if ind is not None:
        bad = check_range(v, ind)
        if bad:
            problems.append(make_problem(raw.source, prow.row, raw.label(col), cell_text(cell),
                                         "out-of-range", f"value {quoted(cell_text(cell))} {bad}"))
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
