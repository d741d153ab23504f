"""Reading one cell: numbers as Vietnamese and English spreadsheets write them, and cell text.

:func:`parse_number` is the one place that decides how ``0,5066``, ``1.234,5``, ``94,7%`` or
``1 234`` are read; :func:`cell_text` is how a cell is shown back to a user in messages.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import numpy as np
import pandas as pd

from icttools.core.text import nfc
from icttools.ingest.problems import quoted

__all__ = ["NumberFormatError", "FormulaCell", "parse_number", "parse_cell", "cell_text", "is_blank"]


class NumberFormatError(ValueError):
    """A cell cannot be read as a number; ``.reason`` says why (for messages)."""

    def __init__(self, text: Any, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"cannot read {quoted(text)} as a number: {reason}")


_MISSING_TOKENS = {"", "-", "–", "—", "na", "n/a", "n.a.", "nan", "null", "none", "..", "…"}
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u200a\u2008]+")
_SIGNS = {"+": 1.0, "-": -1.0, "−": -1.0}
_SCI = re.compile(r"^\d+(?:[.]\d+)?[eE][+-]?\d+$")


def parse_number(text: Any) -> float:
    """Read a number as written in Vietnamese or English spreadsheets.

    Parameters
    ----------
    text : str or number
        The cell. Numbers (int, float, numpy) are returned as float unchanged.

    Returns
    -------
    float
        The value; ``nan`` for a missing cell (empty, ``-``, ``NA``, ``n/a``, ``..``).

    Raises
    ------
    NumberFormatError
        (a ``ValueError``) with ``.reason`` when the text is not a number (``abc``), or its
        separators cannot be read (``1.2.3``, ``1,23.4``).

    Notes
    -----
    * Spaces are removed (including non-breaking and narrow spaces), but spaces inside a
      number must separate groups of three digits (``1 234,5``).
    * A trailing ``%`` is dropped and the value kept: ``94,7%`` is 94.7 (percentages are
      stored in percent units).
    * With both ``.`` and ``,``, the last one is the decimal separator and the other groups
      thousands: ``1.234,5`` and ``1,234.5`` are both 1234.5.
    * **A single separator is always a decimal separator**: ``0,5066`` is 0.5066, and the
      ambiguous ``1.234`` and ``1,234`` are both read as 1.234 (not 1234). Indicator values
      are mostly small decimals, so this is the safer reading; the range check catches most
      misreadings of large counts. Write large numbers without separators or with two
      (``1.234.567``, ``1 234``).
    * Two or more of the same separator are thousands separators: ``1.234.567``, ``1,234,567``.
    """
    if isinstance(text, (bool, np.bool_)):
        raise NumberFormatError(text, "a true/false value, not a number")
    if isinstance(text, numbers.Real):
        v = float(text)
        if math.isinf(v):
            raise NumberFormatError(text, "not a finite number")
        return v
    if text is None:
        return math.nan
    if not isinstance(text, str):
        raise NumberFormatError(text, f"a {type(text).__name__}, not a number")
    raw = nfc(text)
    s = raw.strip().strip("\u00a0\u202f\ufeff").strip()
    if s.lower() in _MISSING_TOKENS:
        return math.nan
    if s.endswith("%"):
        s = s[:-1].strip()
    sign = 1.0
    if s[:1] in _SIGNS:
        sign = _SIGNS[s[0]]
        s = s[1:].strip()
    if not s:
        raise NumberFormatError(text, "no digits")
    if _SPACES.search(s):
        if not re.fullmatch(r"\d{1,3}(?:[\s\u00a0\u2007\u202f\u2009\u200a\u2008]\d{3})+(?:[.,]\d+)?", s):
            raise NumberFormatError(text, "spaces inside the number do not separate groups of three digits")
        s = _SPACES.sub("", s)
    if _SCI.fullmatch(s):
        value = float(s)
    elif not re.fullmatch(r"[\d.,]+", s) or not re.search(r"\d", s):
        raise NumberFormatError(text, "contains characters other than digits, separators and %")
    else:
        value = _parse_separators(s, text)
    if math.isinf(value):
        raise NumberFormatError(text, "not a finite number")
    return sign * value


def _parse_separators(s: str, original: Any) -> float:
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        if s.count(dec) != 1 or not re.fullmatch(rf"\d{{1,3}}(?:\{thou}\d{{3}})+\{dec}\d+", s):
            raise NumberFormatError(original, "mixed '.' and ',' that are not thousands groups and one decimal separator")
        return float(s.replace(thou, "").replace(dec, "."))
    sep = "." if dots else ("," if commas else "")
    n = dots or commas
    if n == 0:
        return float(s)
    if n == 1:  # always a decimal separator (see parse_number Notes)
        if not re.fullmatch(rf"\d*\{sep}\d*", s) or s == sep:
            raise NumberFormatError(original, "no digits")
        return float(s.replace(sep, "."))
    if not re.fullmatch(rf"\d{{1,3}}(?:\{sep}\d{{3}})+", s):
        raise NumberFormatError(original, f"several '{sep}' that do not separate groups of three digits")
    return float(s.replace(sep, ""))


@dataclass(frozen=True)
class FormulaCell:
    """An XLSX formula cell whose value was never saved (the file was written by a program
    that does not compute formulas): its value is unknown until a spreadsheet program opens
    and saves the file."""

    formula: str

    def __str__(self) -> str:
        return self.formula


def parse_cell(cell: Any) -> float:
    """Like :func:`parse_number`, also rejecting dates, times and other spreadsheet types."""
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return math.nan
    if isinstance(cell, (datetime, date, time, pd.Timestamp)):
        # Excel with Vietnamese regional settings turns "12.5" typed in a cell into 12 May
        raise NumberFormatError(cell, "a date or time, not a number (if a number was typed, "
                                      "format the column as Number and type it again)")
    if isinstance(cell, FormulaCell):
        raise NumberFormatError(cell, "a formula without a saved value; open and save the file "
                                      "in Excel so that its values are stored")
    return parse_number(cell)


def cell_text(cell: Any) -> str:
    """The text of a cell as a user would read it (for messages)."""
    if type(cell) is str:  # the common case first: CSV cells are all text
        return cell
    if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell is pd.NA:
        return ""
    if isinstance(cell, (bool, np.bool_)):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, numbers.Integral):
        return str(int(cell))
    if isinstance(cell, numbers.Real):
        v = float(cell)
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(cell)


def is_blank(cell: Any) -> bool:
    """True for an empty cell, or one holding only spaces."""
    if cell is None:
        return True
    if type(cell) is str:
        return not cell.strip()
    return cell_text(cell).strip() == ""
