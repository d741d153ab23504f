"""The one way in: :func:`load` returns a :class:`Study` (a year's data, the method, the index).

A Study is immutable: the framework with its method choices, the year's validated data (with
where they came from), the other years available, and the index computed from them. Changing
anything gives a *new* Study (COINr's "change the recipe, regenerate")::

    import icttools
    s = icttools.load(2018)
    s.rank("Hà Giang")                                  # 17
    s.with_method(normalisation="max-ratio").rank("02") # another reading of the method
    s.what_if({"02": {"it_staff_pct": 3.5}}).rank("02") # one criterion changed
    s.gaps("Hà Giang").table                           # a DataFrame of numbers
    s.targets("02", rank=10).to_json()                 # == icttools targets ... --format json

The analyses are methods returning result objects (:mod:`icttools.results`); each is computed once
per Study and cached (a Study never changes, so neither do its results). The command line, the
batch runner and the report notebooks all go through this class.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from icttools.analysis.feasibility import valid_range
from icttools.analysis.others import parse_others
from icttools.core.engine import IndexResult, as_matrix, compute
from icttools.core.errors import InputError
from icttools.core.framework import Framework, as_framework
from icttools.core.paths import DataLocation, locate_data
from icttools.core.provinces import UnknownProvinceError
from icttools.core.relations import violation_messages
from icttools.core.units import resolve_unit
from icttools.ingest import shared
from icttools.ingest.merge2025 import merge_to_2025
from icttools.ingest.unit_table import read_unit_table
from icttools.ingest.io import IndicatorTable, available_years, load_year_table, read_table_or_counts
from icttools.ingest.provenance import MethodYears, data_provenance, method_years, provenance_table
from icttools.ingest.shared import share as share_studies
from icttools.study_analyses import StudyAnalyses

__all__ = ["Study", "MethodYears", "load", "share_studies"]


def _frame_table(data: pd.DataFrame, framework: Framework, year: int | None, source: str,
                 data_source: str | None = None) -> IndicatorTable:
    """An :class:`IndicatorTable` from a DataFrame given in Python (checked like the engine's
    input: every indicator column present, numbers, no missing value)."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data must be a path or a pandas DataFrame, got {type(data).__name__}")
    try:
        X, codes = as_matrix(data, framework, allow_missing=framework.method.missing == "skip")
    except ValueError as exc:
        raise InputError(f"data: {exc}") from None
    if len(set(codes)) != len(codes):
        dup = sorted({c for c in codes if codes.count(c) > 1})
        raise InputError(f"data: duplicate unit code(s) {', '.join(dup)}")
    frame = pd.DataFrame(X, index=pd.Index(codes, name="gso_code"), columns=framework.indicator_ids)
    digest = hashlib.sha256(frame.to_csv(lineterminator="\n").encode("utf-8")).hexdigest()
    return IndicatorTable(data=frame, source=source, sha256=digest, imputations=(),
                          data_source=data_source, framework_id=framework.id,
                          year=None if year is None else int(year), kind="indicators",
                          warnings=tuple(violation_messages(framework.violations(frame), source)))


@dataclass(frozen=True, eq=False)
class Study(StudyAnalyses):
    """One year of one index: the data, the method and the computed result (immutable).

    Build it with :func:`load`. Every "what if" (:meth:`with_method`, :meth:`with_data`,
    :meth:`what_if`, :meth:`at_year`) returns a new Study; this one never changes.

    Attributes
    ----------
    framework : Framework
        The index tree, the criteria and the method choices in force.
    year : int or None
        The data year.
    table : IndicatorTable
        The validated data with their provenance (``source``, ``sha256``, ``data_source``,
        ``imputations``, ``is_synthetic``).
    result : IndexResult
        The index computed from ``table.data`` with ``framework``'s method.
    location : DataLocation or None
        Where the other years are looked for (None when the data were given as a DataFrame and
        no ``data_dir`` was named).
    excluded : tuple of str
        Units left out of this Study because they lack data (see :meth:`compared`).
    merged : Merged or None
        How a 63-province table became the 34 units of 2025 (``units="2025"``), else None.
    """

    framework: Framework
    year: int | None
    table: IndicatorTable
    result: IndexResult
    location: DataLocation | None = None
    excluded: tuple[str, ...] = ()
    merged: Any = None
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    # --- the numbers ---------------------------------------------------------------------------
    @property
    def method(self):
        """The method choices in force (:class:`icttools.core.framework.Method`)."""
        return self.framework.method

    @property
    def data(self) -> pd.DataFrame:
        """A copy of the year's criteria values (units × criteria, index: unit code)."""
        return self.table.data.copy()

    @property
    def codes(self) -> tuple[str, ...]:
        """The unit codes, in the row order of every table."""
        return self.result.codes

    @property
    def scores(self) -> pd.DataFrame:
        """Scores as published (rounded), one row per unit, one column per node."""
        return self.result.rounded.copy()

    @property
    def ranks(self) -> pd.DataFrame:
        """Ranks (1 = best) on the rounded scores, one row per unit, one column per node."""
        return self.result.ranks.copy()

    def unit(self, unit: Any) -> str:
        """The code of a unit given by code or name (``"Hà Giang"``, ``"ha giang"``, ``"02"``, ``2``).

        Raises
        ------
        InputError
            The query names no unit of the data (with the closest matches where there are some).
        """
        try:
            return resolve_unit(unit, self.framework.units, list(self.result.codes), self.result.unit_names)
        except UnknownProvinceError:
            raise
        except ValueError as exc:
            raise InputError(str(exc)) from None

    def score(self, unit: Any, node: str | None = None) -> float:
        """The published-style (rounded) score of a unit at a node (default: the overall index)."""
        return self.result.score(self.unit(unit), self._node(node))

    def rank(self, unit: Any, node: str | None = None) -> int:
        """The rank of a unit at a node (default: the overall index)."""
        return self.result.rank(self.unit(unit), self._node(node))

    def ranking(self, lang: str = "vi") -> pd.DataFrame:
        """One row per unit: code, name, and the score and rank at every node (the CSV of
        ``icttools compute``)."""
        return self.result.table(lang=lang)

    def _node(self, node: str | None) -> str | None:
        if node is not None and not self.framework.has_node(node):
            raise InputError(f"unknown node {node!r}; nodes are {', '.join(self.framework.node_ids)}")
        return node

    # --- provenance ------------------------------------------------------------------------------
    @property
    def provenance(self) -> dict[str, Any]:
        """Where this year's data come from: ``{"year", "kind", "source", "data_source"}`` --
        ``kind`` is ``"synthetic"`` (labelled so, like the shipped demo data) or ``"real"``
        (:mod:`icttools.ingest.provenance`)."""
        return data_provenance(self.table, self.year)

    @property
    def method_years_note(self) -> MethodYears | None:
        """A :class:`~icttools.ingest.provenance.MethodYears` fact when the data year lies outside the
        years the framework's method was declared for (None inside them)."""
        return method_years(self.framework, self.year)

    def history_provenance(self) -> pd.DataFrame:
        """One row per year with data (:meth:`history`): ``kind`` (synthetic or real),
        ``source``, ``data_source`` and ``in_method_years``; what a report mixing years shows."""
        return provenance_table({y: s.table for y, s in self.history().items()}, self.framework)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The data's warnings (relations broken by a row), one line each; the method-years fact
        is :attr:`method_years_note` (its words are made by :mod:`icttools.present`)."""
        return tuple(self.table.warnings)

    # --- variations ------------------------------------------------------------------------------
    def _rebuilt(self, framework: Framework, table: IndicatorTable) -> "Study":
        return Study(framework=framework, year=self.year, table=table,
                     result=compute(table.data, framework), location=self.location, merged=self.merged)

    def with_method(self, **choices: Any) -> "Study":
        """A new Study with some method choices changed, e.g. ``normalisation="max-ratio"``.

        Raises
        ------
        MethodError
            An unknown choice or value (the message lists the valid ones).
        """
        if not choices:
            return self
        return self._rebuilt(self.framework.with_method(**choices), self.table)

    def with_data(self, data: pd.DataFrame, source: str = "<DataFrame>") -> "Study":
        """A new Study on other values of the same year (units × criteria DataFrame)."""
        return self._rebuilt(self.framework, _frame_table(data, self.framework, self.year, source,
                                                          self.table.data_source))

    def what_if(self, changes: Mapping[Any, Mapping[str, float]]) -> "Study":
        """A new Study with some criteria of some units set to new values.

        Parameters
        ----------
        changes : mapping
            ``{unit: {criterion id: value}}``, units by code or name, e.g.
            ``{"02": {"it_staff_pct": 3.5}}``.

        Raises
        ------
        InputError
            An unknown unit or criterion, a value that is not a number or outside the criterion's
            valid range.
        """
        data = self.table.data.copy()
        for unit, values in changes.items():
            code = self.unit(unit)
            if not isinstance(values, Mapping):
                raise InputError(f"what_if: {unit!r}: give {{criterion: value}}, got {values!r}")
            for iid, value in values.items():
                if not self.framework.has_indicator(iid):
                    raise InputError(f"what_if: unknown criterion {iid!r}; criteria are "
                                     f"{', '.join(self.framework.indicator_ids)}")
                try:
                    v = float(value)
                except (TypeError, ValueError):
                    raise InputError(f"what_if: {code} {iid}: {value!r} is not a number") from None
                lo, hi = valid_range(self.framework.indicator(iid))
                if not (np.isfinite(v) and lo <= v <= hi):
                    raise InputError(f"what_if: {code} {iid}: {value!r} is outside the valid range "
                                     f"[{lo:g}, {hi:g}]")
                data.at[code, iid] = v
        source = f"{self.table.source} (what-if)"
        warnings = tuple(violation_messages(self.framework.violations(data), source))
        return self._rebuilt(self.framework, replace(self.table, data=data, source=source, warnings=warnings))

    # --- other years -------------------------------------------------------------------------------
    @cached_property
    def years(self) -> tuple[int, ...]:
        """The years with a folder where this Study's data live (this year included when known)."""
        found = set(available_years(self.location.years)) if self.location is not None else set()
        if self.year is not None:
            found.add(int(self.year))
        return tuple(sorted(found))

    def at_year(self, year: int) -> "Study":
        """The same framework and method on another year's data (cached).

        Raises
        ------
        InputError
            No data folder is known, or no table for that year.
        """
        year = int(year)
        if year == self.year:
            return self
        key = ("year", year)
        if key not in self._cache:
            if self.location is None:
                raise InputError(f"no data folder is known for other years than {self.year}; "
                                 "load with data_dir=...")
            self._cache[key] = load(year, framework=self.framework, data_dir=self.location)
        return self._cache[key]

    @property
    def previous(self) -> "Study | None":
        """The previous year's Study, or None when that year has no data folder."""
        if self.year is None or self.year - 1 not in self.years:
            return None
        return self.at_year(self.year - 1)

    def previous_data_for(self, others: Any) -> pd.DataFrame | None:
        """The previous year's table when the assumption about the other provinces needs it
        (``trend``, ``trend-all``), else None.

        Raises
        ------
        InputError
            The assumption needs the previous year and there are no data for it.
        """
        model = parse_others(others)
        if not model.needs_previous:
            return None
        prior = self.previous
        if prior is None:
            year = "the year before" if self.year is None else str(self.year - 1)
            raise InputError(f"others={model.label!r} needs the data of {year} (years with data: "
                             f"{', '.join(map(str, self.years)) or 'none'})")
        return prior.table.data

    def history(self) -> dict[int, "Study"]:
        """Every year with data, as Studies (this one for its own year), ascending.

        A year whose folder holds no table is skipped; a table that fails validation raises (a
        broken file must show up, not shorten the history silently).
        """
        out: dict[int, Study] = {}
        for y in self.years:
            try:
                out[y] = self.at_year(y)
            except FileNotFoundError:
                continue
        return out

    # --- analyses -------------------------------------------------------------------------------
    @cached_property
    def incomplete(self) -> tuple[str, ...]:
        """Units lacking a criterion value (possible only when the method keeps missing values,
        ``missing: skip``, as PAPI's does: they are never filled)."""
        d = self.table.data[self.framework.indicator_ids]
        return tuple(str(c) for c in d.index[d.isna().any(axis=1).to_numpy()])

    def compared(self, unit: Any = None) -> "Study":
        """The Study the per-unit analyses (gaps, sensitivity, targets) compare.

        Every unit when the data are complete. Otherwise the stated rule: the analyses compare
        the units with complete data (those with a score at every node); the others are listed in
        ``excluded`` of the returned Study, not filled. Asking about an excluded unit is an error.

        Raises
        ------
        InputError
            ``unit`` is one of the units without complete data.
        """
        if not self.incomplete:
            return self
        if unit is not None and self.unit(unit) in self.incomplete:
            code = self.unit(unit)
            gaps = [i for i in self.framework.indicator_ids if pd.isna(self.table.data.at[code, i])]
            raise InputError(f"{code} lacks {len(gaps)} value(s) in {self.year} ({', '.join(gaps[:4])}"
                             f"{', ...' if len(gaps) > 4 else ''}); the analyses compare the units with "
                             f"complete data only (missing values are not filled)")
        if "compared" not in self._cache:
            keep = [c for c in self.table.data.index if str(c) not in self.incomplete]
            table = replace(self.table, data=self.table.data.loc[keep],
                            source=f"{self.table.source} (units with complete data)")
            self._cache["compared"] = Study(framework=self.framework, year=self.year, table=table,
                                            result=compute(table.data, self.framework), location=self.location,
                                            excluded=self.incomplete, merged=self.merged)
        return self._cache["compared"]

    def __repr__(self) -> str:
        kind = "SYNTHETIC " if self.table.is_synthetic else ""
        return (f"<Study {self.framework.id} {self.year}: {len(self.codes)} units × "
                f"{len(self.framework.indicator_ids)} criteria, {kind}data {self.table.source}, "
                f"method {self.method.normalisation}/{self.method.aggregation}>")


def load(year: int | None = None, *, framework: Framework | str = "ict_index_2016",
         data: str | Path | pd.DataFrame | None = None, data_dir: str | Path | DataLocation | None = None,
         impute: str | None = None, allow_missing_provinces: bool = False,
         sheet: str | int | None = None, options: Mapping[str, str] | None = None,
         units: str | None = None) -> Study:
    """Load one year of an index and compute it.

    Parameters
    ----------
    year : int
        The data year (a folder ``<data>/raw/ict_index/<year>``); may be None only with ``data``.
    framework : Framework or str, default "ict_index_2016"
        A shipped framework name, a YAML path, or a :class:`Framework` (with its method).
    data : path or DataFrame, optional
        The year's table (CSV/XLSX of criteria or of raw counts, validated), or a DataFrame
        (units × criteria). Default: the year's file in the data folder.
    data_dir : path, optional
        The data folder (see :func:`icttools.core.paths.locate_data`); default: the project's.
    impute : {None, "regional-mean", "national-mean"}
        Fill missing values explicitly (recorded in ``study.table.imputations``).
    allow_missing_provinces : bool
        Accept a table without a row for every unit.
    sheet : str or int, optional
        The XLSX sheet holding the data.
    options : mapping, optional
        How messages name the options that would help (the command line passes its own
        spelling, e.g. ``--sheet``); default the Python spelling (``sheet=...``).
    units : {None, "2025", "vn34", "vn63"}, optional
        The unit set to rank (default: the framework's). ``"2025"`` ranks the 34 provinces of
        1/7/2025: a table of the 63 provinces is merged into them first
        (:func:`icttools.ingest.merge2025.merge_to_2025`; how each criterion was merged is in
        ``study.merged.basis``).

    Returns
    -------
    Study

    Raises
    ------
    InputError
        No table for the year, an unreadable file, a bad argument.
    DataError
        The table breaks a validation rule (every problem listed).
    MethodError
        The framework file breaks a rule.

    Examples
    --------
    >>> s = load(2018)                       # doctest: +SKIP
    >>> s.rank("Hà Giang"), s.score("02")     # doctest: +SKIP
    (17, 0.5066)
    """
    fw = as_framework(framework)
    if units is not None:
        fw = fw.with_units(units)
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            try:
                year = int(str(year).strip())
            except ValueError:
                raise InputError(f"year must be an integer, got {year!r}") from None
        year = int(year)
    location = data_dir if isinstance(data_dir, DataLocation) else (
        locate_data(data_dir, fw.data_folder) if data_dir is not None or not isinstance(data, pd.DataFrame)
        else None)
    # the files of the years before 2025 hold the 63 provinces: read them as such
    read_fw = fw.with_units("vn63") if fw.units.kind == "vn34" else fw
    if isinstance(data, pd.DataFrame):
        table = _frame_table(data, read_fw, year, "<DataFrame>")
    elif data is not None and fw.units.kind == "data":
        # units given with the data (e.g. an imported COINr index): no province list to check
        table = read_unit_table(data, fw, year)
    elif data is not None:
        table = read_table_or_counts(data, read_fw, year=year, sheet=sheet, impute=impute,
                                     allow_missing_provinces=allow_missing_provinces, options=options)
    else:
        if year is None:
            raise InputError("load: give the year (e.g. load(2018)) or the data (load(data=...))")
        key = shared.key(location, year, fw, impute, bool(allow_missing_provinces), sheet)
        kept = shared.get(key)
        if kept is not None:  # a batch run's kernel (icttools.ingest.shared): already loaded
            return kept
        table = load_year_table(year, read_fw, location.years, impute=impute, sheet=sheet,
                                allow_missing_provinces=allow_missing_provinces, options=options)
        return shared.put(key, _computed(fw, year, table, location))
    return _computed(fw, year, table, location)


def _computed(fw: Framework, year: int | None, table: IndicatorTable, location: DataLocation | None) -> Study:
    """The Study of a read table; a table of the 63 provinces asked as the 34 units is merged first."""
    merged = None
    if fw.units.kind == "vn34" and len(table.data) == 63:
        # key on (period, code): the 63-era rows become the 34 units they formed on 1/7/2025
        merged = merge_to_2025(table.data, fw.with_units("vn63"))
        table = replace(table, data=merged.data, source=f"{table.source} (merged into the 34 units of 2025)")
    return Study(framework=fw, year=year, table=table, result=compute(table.data, fw), location=location,
                 merged=merged)
