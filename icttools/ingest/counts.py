"""Indicators from raw counts: ``numerator / denominator * factor`` as the framework defines.

A *counts table* has one row per province, the province column (code or name), one column per
raw count named in the framework's formulas (``fixed_phone_subscriptions``, ``population``,
``households``, ``agency_computers``, ``civil_servants``, ``online_services_level3``,
``administrative_procedures``, ...) and one column per indicator without a formula (the 0–100
scores, headed by id or Vietnamese name like an indicator table).

A count written with a single separator followed by exactly three digits (``17.094``,
``17,094``) is refused as ambiguous (``non-numeric``): in a count it is more likely a thousands
separator than a decimal one. Write ``17094`` or ``17 094``; XLSX numeric cells are unaffected.

``population`` is optional: an empty cell, or no column at all, means the province's 2019 census
population (``population_2019`` of :func:`icttools.core.provinces.load_provinces`). Give the annual
average population of the year where you have it.

Problems use the same :class:`~icttools.ingest.validation.Problem` as indicator tables, with two more
rules: ``missing-count`` (an empty count needed by a formula) and ``division-by-zero``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from icttools.core.framework import Framework, Indicator, load_framework
from icttools.core.provinces import load_provinces
from icttools.core.text import fold
from icttools.ingest.cells import cell_text
from icttools.ingest.headers import ColumnMap, RawTable, indicator_targets, map_columns
from icttools.ingest.impute import impute_missing
from icttools.ingest.problems import Problem, make_problem, sort_problems
from icttools.ingest.unit_rows import ProvinceRow, missing_province_problems, resolve_rows
from icttools.ingest.values import (MissingCell, check_range, finish_frame, read_indicator_cell,
                                    read_value)

__all__ = ["required_counts", "count_columns", "formula_free_indicators", "derive_indicators",
           "derive_from_raw", "Derived", "POPULATION"]

POPULATION = "population"
# "17.094" / "17,094" in a count: a thousands separator in Vietnamese or English style, or a
# decimal separator? parse_number would read 17.094; for counts that is refused as ambiguous.
_AMBIGUOUS = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")
_COUNT_ALIASES = {POPULATION: {"dan so", "dan so trung binh"}}


def required_counts(framework: Framework | None = None) -> list[str]:
    """The raw counts named in the framework's formulas, sorted and unique.

    ``population`` is included although a counts table may leave it out (census default).
    """
    return sorted(set(count_columns(framework)))


def count_columns(framework: Framework | None = None) -> list[str]:
    """The raw counts in the order they first appear in the formulas (the template order)."""
    fw = framework or load_framework()
    out: list[str] = []
    for ind in fw.indicators:
        if ind.formula is not None:
            for c in ind.formula.counts:
                if c not in out:
                    out.append(c)
    return out


def formula_free_indicators(framework: Framework | None = None) -> list[Indicator]:
    """Indicators given directly in a counts table (no formula), in framework order."""
    fw = framework or load_framework()
    return [i for i in fw.indicators if i.formula is None]


@dataclass
class Derived:
    """The outcome of :func:`derive_from_raw` (and of reading an indicator table): values,
    problems, the still-missing cells, and the rows read."""

    data: pd.DataFrame
    problems: list[Problem]
    missing: list[MissingCell]
    cmap: ColumnMap
    rows: list[ProvinceRow] = field(default_factory=list)
    value_less: dict[str, int] = field(default_factory=dict)  # code -> row holding only the province


def _population_default(population_default: Any) -> Mapping[str, float] | None:
    if population_default is None:
        return None
    if isinstance(population_default, str):
        if population_default != "census2019":
            raise ValueError(f"population_default must be 'census2019', a mapping or None, "
                             f"got {population_default!r}")
        prov = load_provinces()
        return dict(zip(prov["gso_code"], prov["population_2019"].astype(float)))
    return {str(k): float(v) for k, v in dict(population_default).items()}


def derive_from_raw(raw: RawTable, framework: Framework, *,
                    population_default: Any = "census2019") -> Derived:
    """Derive indicator values from the cells of a counts table (the core of
    :func:`derive_indicators`; missing cells are returned separately so that the caller
    can impute them)."""
    fw = framework
    counts = count_columns(fw)
    free = formula_free_indicators(fw)
    pop_default = _population_default(population_default)
    targets, describe, hints = indicator_targets(fw, free)
    for c in counts:
        targets[c] = {fold(c)} | _COUNT_ALIASES.get(c, set())
        describe[c] = f"count '{c}'"
    required = [c for c in counts if not (c == POPULATION and pop_default is not None)]
    required += [i.id for i in free]
    cmap = map_columns(raw, targets, required, describe, hints)
    problems = list(cmap.problems)
    value_less: dict[str, int] = {}
    prows = resolve_rows(raw, cmap, problems, value_less)
    col_of = {key: col for col, key in cmap.values.items()}
    uses: dict[str, list[str]] = {}
    for ind in fw.indicators:
        if ind.formula is not None:
            for c in ind.formula.counts:
                uses.setdefault(c, []).append(ind.id)

    values: dict[str, list[float]] = {}
    missing: list[MissingCell] = []
    for prow in prows:
        code = prow.province.gso_code
        got: dict[str, float] = {}
        state: dict[str, str] = {}  # count -> ok | missing | invalid
        for c in counts:
            col = col_of.get(c)
            v = math.nan
            if col is not None:
                text = cell_text(prow.cells[col])
                if isinstance(prow.cells[col], str) and _AMBIGUOUS.fullmatch(text.strip()):
                    problems.append(make_problem(
                        raw.source, prow.row, raw.label(col), text, "non-numeric",
                        f"count '{text}' is ambiguous (thousands or decimal separator?); write "
                        f"{text.strip().replace('.', '').replace(',', '')} or "
                        f"{text.strip().replace('.', ' ').replace(',', ' ')} for thousands"))
                    state[c] = "invalid"
                    continue
                before = len(problems)
                v = read_value(raw, prow, col, problems)
                if len(problems) > before:
                    state[c] = "invalid"
                    continue
                if v < 0:
                    problems.append(make_problem(
                        raw.source, prow.row, raw.label(col), cell_text(prow.cells[col]),
                        "out-of-range", f"count '{c}' cannot be negative"))
                    state[c] = "invalid"
                    continue
            if math.isnan(v) and c == POPULATION and pop_default is not None and code in pop_default:
                v = pop_default[code]
            got[c] = v
            if not math.isnan(v):
                state[c] = "ok"
            else:  # an absent column is reported once (missing-column), not on every row
                state[c] = "missing" if col is not None else "invalid"
        missing_problem: dict[str, Problem] = {}
        for c in counts:
            if state.get(c) == "missing":
                col = col_of.get(c)
                label = raw.label(col) if col is not None else c
                missing_problem[c] = make_problem(
                    raw.source, prow.row, label, "", "missing-count",
                    f"count '{c}' is empty; needed for {', '.join(uses[c])}")
        zero: dict[str, list[str]] = {}
        row_values: list[float] = []
        for ind in fw.indicators:
            if ind.formula is None:
                row_values.append(read_indicator_cell(raw, prow, col_of.get(ind.id), ind, problems, missing))
                continue
            f = ind.formula
            num, den = f.numerator, f.denominator
            if state.get(num) == "invalid" or state.get(den) == "invalid":
                row_values.append(math.nan)
                continue
            lacking = [c for c in (num, den) if state.get(c) == "missing"]
            if lacking:
                for c in lacking:
                    missing.append(MissingCell(code, ind.id, missing_problem[c]))
                row_values.append(math.nan)
                continue
            if got[den] == 0:
                zero.setdefault(den, []).append(ind.id)
                row_values.append(math.nan)
                continue
            v = got[num] / got[den] * f.factor
            bad = check_range(v, ind)
            if bad:
                ncol = col_of.get(num)
                problems.append(make_problem(
                    raw.source, prow.row, raw.label(ncol) if ncol is not None else num,
                    cell_text(prow.cells[ncol]) if ncol is not None else f"{got[num]:g}",
                    "out-of-range",
                    f"{ind.id} = {f} = {v:.6g} {bad} ({num} {got[num]:g}, {den} {got[den]:g})"))
                v = math.nan
            row_values.append(v)
        for den, ids in zero.items():
            col = col_of.get(den)
            problems.append(make_problem(
                raw.source, prow.row, raw.label(col) if col is not None else den,
                cell_text(prow.cells[col]) if col is not None else "0", "division-by-zero",
                f"count '{den}' is 0; cannot compute {', '.join(ids)}"))
        values[code] = row_values
    data = finish_frame(values, fw.indicator_ids)
    return Derived(data=data, problems=problems, missing=missing, cmap=cmap, rows=prows,
                   value_less=value_less)


def derive_indicators(counts_df: pd.DataFrame, framework: Framework | None = None, *,
                      source: str = "<table>", population_default: Any = "census2019",
                      allow_missing_provinces: bool = False,
                      ) -> tuple[pd.DataFrame, list[Problem]]:
    """Compute indicator values from a table of raw counts.

    Parameters
    ----------
    counts_df : DataFrame
        One row per province: a province column (``gso_code``, ``Tỉnh/thành phố``, ...; or an
        index named ``gso_code``), one column per count of :func:`required_counts` and one per
        indicator of :func:`formula_free_indicators`. Cells may be numbers or text
        (``"1.234,5"``, see :func:`icttools.ingest.validation.parse_number`). Row numbers in problems
        count as in a sheet: the first data row is row 2.
    framework : Framework, optional
        Default: the ICT Index 2016 framework.
    source : str
        File name used in problem messages.
    population_default : "census2019", mapping or None
        Where ``population`` is empty or absent: the 2019 census population
        (``"census2019"``), a mapping ``gso_code -> population``, or None (then the column is
        required and an empty cell is a ``missing-count`` problem).
    allow_missing_provinces : bool
        If False (default) every one of the 63 provinces needs a row.

    Returns
    -------
    data : DataFrame
        Indexed by ``gso_code``, the framework's indicator ids as float columns, rows in code
        order; NaN where a value could not be derived.
    problems : list of Problem
        Everything found: ``missing-count``, ``division-by-zero``, ``out-of-range`` on derived
        values (reported at the numerator's cell), plus the rules of indicator tables.
    """
    fw = framework or load_framework()
    raw = RawTable.from_frame(counts_df, source)
    d = derive_from_raw(raw, fw, population_default=population_default)
    problems = d.problems
    _, unfilled = impute_missing(d.data, d.missing, None)
    problems += unfilled
    if not allow_missing_provinces and d.cmap.province is not None:
        problems += missing_province_problems(source, d.data.index, raw.label(d.cmap.province))
    return d.data, sort_problems(problems, raw.headers)
