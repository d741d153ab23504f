"""Where each year's data come from, and whether the method was declared for that year: facts
for the Study (:attr:`icttools.study.Study.provenance`, :meth:`~icttools.study.Study.
history_provenance`, :attr:`~icttools.study.Study.method_years_note`), the reports and the runner.

Each year's table has a *kind*: ``synthetic`` when its ``data_source`` column says so (the shipped
demo data always do) or ``real`` (a user's own figures), and a source (the file, and the label in
it). A framework declares the years its method is known for (``framework.years``, 2016-2019 for
the ICT Index); a year outside them is computed with that method all the same, and
:class:`MethodYears` records the fact so that every output can say "method of 2016–2019 applied
to 2020" (the words are made by :mod:`icttools.present.notes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import pandas as pd

from icttools.core.framework import Framework
from icttools.ingest.io import IndicatorTable

__all__ = ["MethodYears", "method_years", "data_provenance", "provenance_table", "PROVENANCE_COLUMNS"]

#: Columns of :func:`provenance_table` (indexed by year).
PROVENANCE_COLUMNS = ["kind", "source", "data_source", "in_method_years"]


@dataclass(frozen=True)
class MethodYears:
    """A fact: the data year lies outside the years the framework's method was declared for
    (``framework.years``), e.g. the 2016-2019 method applied to 2020 data.

    Attributes
    ----------
    year : int
        The data year.
    framework : str
        The framework id.
    years : tuple of int
        The years the framework declares (``first`` .. ``last``).
    """

    year: int
    framework: str
    years: tuple[int, ...]

    @property
    def first(self) -> int:
        return min(self.years)

    @property
    def last(self) -> int:
        return max(self.years)


def method_years(framework: Framework, year: int | None) -> MethodYears | None:
    """A :class:`MethodYears` when ``year`` lies outside ``framework.years`` (None inside them,
    or when the year or the framework's years are unknown)."""
    years = tuple(int(y) for y in framework.years)
    if year is None or not years or int(year) in years:
        return None
    return MethodYears(year=int(year), framework=framework.id, years=years)


def data_provenance(table: IndicatorTable, year: int | None) -> dict[str, Any]:
    """``{"year", "kind", "source", "data_source"}`` of one year's table (``kind``: ``synthetic``
    or ``real``; ``source``: the file; ``data_source``: the label in it, or None)."""
    return {"year": year, "kind": table.data_kind, "source": table.source, "data_source": table.data_source}


def provenance_table(years: Mapping[int, IndicatorTable], framework: Framework) -> pd.DataFrame:
    """One row per year (ascending): ``kind``, ``source``, ``data_source`` and
    ``in_method_years`` (the framework declares the year, or declares none)."""
    rows: Iterable[dict[str, Any]] = (
        {"year": int(y), **{k: v for k, v in data_provenance(t, int(y)).items() if k != "year"},
         "in_method_years": method_years(framework, int(y)) is None}
        for y, t in sorted(years.items()))
    return pd.DataFrame(list(rows), columns=["year", *PROVENANCE_COLUMNS]).set_index("year")
