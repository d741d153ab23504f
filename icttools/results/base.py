"""The base of the result objects (:mod:`icttools.results`, :mod:`icttools.results.plans`): the
study a result came from, the compact table and the JupyterLab view."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd

from icttools.core.errors import InputError
from icttools.present.i18n import province_name
from icttools.present.tables import display_frame

if TYPE_CHECKING:  # the Study imports the result modules
    from icttools.study import Study

__all__ = ["COMPACT_ROWS", "Result", "lower_first"]

#: Rows of the compact table shown in JupyterLab.
COMPACT_ROWS = 12


def lower_first(text: str) -> str:
    """``text`` with its first letter in lower case (a label inside a sentence)."""
    return text[:1].lower() + text[1:]


class Result:
    """Base of the result objects: the study it came from, and the HTML view."""

    study: "Study"

    @property
    def table(self) -> pd.DataFrame:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def headline(self, lang: str = "vi") -> str:  # pragma: no cover
        raise NotImplementedError

    def compact(self, lang: str = "vi") -> pd.DataFrame:
        """The few rows worth a first look (default: the first rows of :attr:`table`)."""
        return self.table.head(COMPACT_ROWS)

    def _year(self) -> int:
        if self.study.year is None:
            raise InputError("to_json needs the data year: load the study with a year")
        return int(self.study.year)

    def _name(self, code: str, lang: str) -> str:
        try:
            return province_name(code, lang, self.study.framework.units)
        except ValueError:
            return code

    def _repr_html_(self) -> str:
        lang = "vi"
        body = display_frame(self.compact(lang), lang).to_html(escape=True, border=0)
        return (f'<div class="icttools-result"><p><strong>{html.escape(self.headline(lang))}</strong></p>'
                f"{body}</div>")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.headline('en')}>"
