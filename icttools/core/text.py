"""Small text helpers for Vietnamese names, used across icttools.

* :func:`nfc` -- Unicode NFC normalisation that lets missing values through.
* :func:`fold` -- a lossy *matching key* (no case, no diacritics, no punctuation
  noise); use it to compare names, never to display them.
* :func:`slugify` -- an ASCII kebab-case slug for file names and URLs.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

__all__ = ["nfc", "fold", "slugify"]

# Characters treated as word separators by ``fold``: ASCII hyphen, dot,
# underscore and comma, plus every Unicode dash (en dash, em dash, ...), which
# Vietnamese sources use interchangeably in names such as "Bà Rịa–Vũng Tàu".
_SEPARATORS = re.compile(r"[\-._,\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _is_missing(s: Any) -> bool:
    """Return True for None and float NaN (including numpy floats and pandas NA)."""
    if s is None:
        return True
    if isinstance(s, float):
        return math.isnan(s)
    # pandas.NA / pandas.NaT without importing pandas
    return type(s).__name__ in {"NAType", "NaTType"}


def nfc(s: Any) -> Any:
    """Normalise a string to Unicode NFC.

    Parameters
    ----------
    s : str or None or float
        Text to normalise. ``None``, NaN and other non-string values are
        returned unchanged, so the function can be mapped over a pandas column
        that contains missing values.

    Returns
    -------
    str or object
        The NFC form of ``s`` if it is a string, otherwise ``s`` itself.

    Examples
    --------
    >>> import unicodedata
    >>> nfc(unicodedata.normalize("NFD", "Hà Giang")) == "Hà Giang"
    True
    >>> nfc(None) is None
    True
    """
    if isinstance(s, str):
        return unicodedata.normalize("NFC", s)
    return s


def fold(s: Any) -> str:
    """Return a lossy matching key for a (Vietnamese) name.

    The key is NFC-normalised, lower-cased, stripped of diacritics (with
    ``đ``/``Đ`` mapped to ``d``), has hyphens, dashes, dots, underscores and
    commas replaced by spaces, and has its whitespace collapsed and stripped.

    Parameters
    ----------
    s : str or None or float
        Text to fold. ``None`` and NaN give ``""``; other non-string values
        are converted with ``str`` first.

    Returns
    -------
    str
        The folded key. Two spellings that differ only in case, diacritics,
        Unicode normal form, hyphenation or spacing have the same key.

    Examples
    --------
    >>> fold("Thừa Thiên - Huế")
    'thua thien hue'
    >>> fold("thua thien hue")
    'thua thien hue'
    >>> fold("  ĐẮK   LẮK ")
    'dak lak'
    """
    if _is_missing(s):
        return ""
    if not isinstance(s, str):
        s = str(s)
    s = unicodedata.normalize("NFC", s).lower().replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = unicodedata.normalize("NFC", s)
    s = _SEPARATORS.sub(" ", s)
    return " ".join(s.split())


def slugify(s: Any) -> str:
    """Return an ASCII kebab-case slug.

    Parameters
    ----------
    s : str
        Text to slugify. ``None`` and NaN give ``""``.

    Returns
    -------
    str
        Lower-case ASCII letters and digits joined by single hyphens, with no
        leading or trailing hyphen. Characters that have no ASCII base letter
        after removing diacritics are dropped (treated as separators).

    Examples
    --------
    >>> slugify("Hà Giang")
    'ha-giang'
    >>> slugify("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'
    """
    return _NON_SLUG.sub("-", fold(s)).strip("-")
