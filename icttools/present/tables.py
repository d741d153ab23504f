"""Tables ready for a reader: numbers written for the language, one precision per column.

:func:`display_frame` is used by the notebook reports and by the result objects' HTML view in
JupyterLab; the table it returns holds strings and is for display only (keep the numbers in the
analysis results).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype

from icttools.present.i18n import check_lang, fmt_num, t

__all__ = ["ReportTable", "DISPLAY_OPTIONS", "display_frame", "common_decimals", "localise_number_text"]

#: How report tables are shown (all 63 provinces, wide criterion names): applied when a table is
#: rendered, never set globally.
DISPLAY_OPTIONS: dict[str, int] = {
    "display.max_rows": 100,
    "display.min_rows": 100,
    "display.max_columns": 40,
    "display.width": 200,
    "display.max_colwidth": 120,
}


def _options() -> list:
    return [x for pair in DISPLAY_OPTIONS.items() for x in pair]


class ReportTable(pd.DataFrame):
    """A DataFrame that renders with :data:`DISPLAY_OPTIONS` (in a notebook and as text) without
    changing pandas' options for anyone else. Operations on it return plain DataFrames."""

    @property
    def _constructor(self):
        return pd.DataFrame

    def _repr_html_(self) -> str | None:
        with pd.option_context(*_options()):
            return super()._repr_html_()

    def __repr__(self) -> str:
        with pd.option_context(*_options()):
            return super().__repr__()


def common_decimals(values: np.ndarray, most: int = 4) -> int:
    """The fewest decimals (up to ``most``) that show every finite value of ``values`` exactly."""
    finite = values[np.isfinite(values)]
    for d in range(most + 1):
        if np.all(np.abs(np.round(finite, d) - finite) < 10.0 ** (-most - 2)):
            return d
    return most


def display_frame(df: pd.DataFrame, lang: str = "vi", decimals: int = 4, fixed: bool = False) -> ReportTable:
    """A table ready to show: numbers rounded to at most ``decimals`` decimals and written for the
    language (decimal comma in Vietnamese), booleans as yes/no, missing values as ``—``.

    Each float column uses one number of decimals, so columns line up: exactly ``decimals`` when
    ``fixed``, else the fewest that show every rounded value of the column (ranks interpolated
    between provinces show as ``17`` or ``17,5``). The result holds strings; it is for display only.
    """
    check_lang(lang)
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if is_bool_dtype(s):
            out[col] = [t("yes" if bool(v) else "no", lang) for v in s]
        elif is_integer_dtype(s):
            out[col] = ["—" if pd.isna(v) else str(int(v)) for v in s]
        elif is_float_dtype(s):
            vals = np.round(s.to_numpy(dtype=float), decimals)
            d = decimals if fixed else common_decimals(vals, decimals)
            out[col] = [fmt_num(v, d, lang) for v in vals]
        else:
            out[col] = ["—" if (v is None or (isinstance(v, float) and math.isnan(v))) else v for v in s]
    out.columns = df.columns
    out.index.name = df.index.name
    return ReportTable(out)


def localise_number_text(value: Any, lang: str) -> Any:
    """A number already written as text, with the decimal comma in Vietnamese (``—`` if missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = str(value)
    return text.replace(".", ",") if lang == "vi" else text
