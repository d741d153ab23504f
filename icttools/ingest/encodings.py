"""Legacy Vietnamese encodings: Windows-1258, TCVN3 (ABC) and VNI, to recognise old files.

Before Unicode, Vietnamese spreadsheets were written in one of three 8-bit encodings, and files
from district offices still arrive in them. icttools does not read such files (Excel converts
them in one step, see the advice of :class:`icttools.ingest.sniff.UnreadableFileError`); it
only needs to *recognise* them to say so. :func:`encode_legacy` writes a Unicode text in one of
them, and :func:`guess_legacy_encoding` looks for well-known Vietnamese words (province names,
header words) written that way in a file's bytes.

* **Windows-1258** (``cp1258``): Latin-1-like, letters with a circumflex, breve or horn and
  ``đ`` are single bytes, tone marks follow the letter as combining bytes (``ả`` = ``a`` +
  0xD2) unless the toned letter has its own byte (``à`` = 0xE0).
* **TCVN3** (TCVN 5712:1993, "ABC", the ``.Vn`` fonts): one byte per lower-case letter with
  its tone (``à`` = 0xB5, ``ư`` = 0xAD); capitals come from a separate font with the same
  bytes, except Ă Â Đ Ê Ô Ơ Ư, which have their own bytes.
* **VNI** (VNI-Windows fonts): a Latin letter followed by one byte for its marks (``à`` =
  ``a`` + 0xF8, ``ấ`` = ``a`` + 0xE1), with a few single-byte letters (``đ`` = 0xF1,
  ``ơ`` = 0xF4, ``ư`` = 0xF6, ``í`` = 0xED).
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

__all__ = ["LEGACY_ENCODINGS", "encode_legacy", "guess_legacy_encoding"]

#: Encoding id -> the name a user knows it by.
LEGACY_ENCODINGS = {"cp1258": "Windows-1258 (cp1258)", "tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_TONES = (_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"

# TCVN3: the 5 toned forms (grave, acute, hook, tilde, dot) after the untoned one, per vowel.
_TCVN3_ROWS = {
    "a": (0x61, 0xB5, 0xB8, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB),
    "e": (0x65, 0xCC, 0xD0, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6),
    "i": (0x69, 0xD7, 0xDD, 0xD8, 0xDC, 0xDE),
    "o": (0x6F, 0xDF, 0xE3, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE),
    "u": (0x75, 0xEF, 0xF3, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9),
    "y": (0x79, 0xFA, 0xFD, 0xFB, 0xFC, 0xFE),
}
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Đ": 0xA7, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6,
                   "đ": 0xAE}

# VNI: the byte after a lower-case vowel for each tone (none, grave, acute, hook, tilde, dot);
# capitals use the same bytes minus 0x20.
_VNI_PLAIN = (None, 0xF8, 0xF9, 0xFB, 0xF5, 0xEF)
_VNI_CIRCUMFLEX = (0xE2, 0xE0, 0xE1, 0xE5, 0xE3, 0xE4)
_VNI_BREVE = (0xEA, 0xE8, 0xE9, 0xFA, 0xFC, 0xEB)
_VNI_I = (0x69, 0xEC, 0xED, 0xE6, 0xF3, 0xF2)  # i and its toned forms are single bytes
_VNI_LETTERS = {"đ": 0xF1, "ơ": 0xF4, "ư": 0xF6}
_VNI_Y_DOT = 0xEE  # ỵ is a single byte too


def _parts(ch: str) -> tuple[str, str, int]:
    """(base letter, shape mark or "", tone index 0-5) of one Vietnamese letter."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    shape = next((m for m in marks if m in (_CIRCUMFLEX, _BREVE, _HORN)), "")
    tone = next((k + 1 for k, t in enumerate(_TONES) if t in marks), 0)
    return base, shape, tone


def _cp1258(ch: str) -> bytes:
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        pass
    base, shape, tone = _parts(ch)
    letter = unicodedata.normalize("NFC", base + shape)
    return letter.encode("cp1258") + (_TONES[tone - 1].encode("cp1258") if tone else b"")


def _tcvn3(ch: str) -> bytes:
    if ch.isascii():
        return ch.encode("ascii")
    if ch in _TCVN3_CAPITALS:
        return bytes([_TCVN3_CAPITALS[ch]])
    base, shape, tone = _parts(ch.lower())
    row = _TCVN3_ROWS.get(unicodedata.normalize("NFC", base + shape))
    if row is None:
        raise UnicodeEncodeError("tcvn3", ch, 0, 1, "not a Vietnamese letter")
    return bytes([row[tone]])


def _vni(ch: str) -> bytes:
    if ch.isascii():
        return ch.encode("ascii")
    upper = ch.isupper()
    shift = 0x20 if upper else 0
    lower = ch.lower()
    if lower in _VNI_LETTERS:
        return bytes([_VNI_LETTERS[lower] - shift])
    base, shape, tone = _parts(lower)
    if base == "i" and not shape:
        return bytes([_VNI_I[tone] - shift if tone else ord("I" if upper else "i")])
    if base == "y" and tone == 5:
        return bytes([_VNI_Y_DOT - shift])
    if shape == _HORN and base in "ou":
        letter = bytes([_VNI_LETTERS["ơ" if base == "o" else "ư"] - shift])
        return letter + (bytes([_VNI_PLAIN[tone] - shift]) if tone else b"")
    table = {_CIRCUMFLEX: _VNI_CIRCUMFLEX, _BREVE: _VNI_BREVE, "": _VNI_PLAIN}.get(shape)
    if table is None or not base.isascii():
        raise UnicodeEncodeError("vni", ch, 0, 1, "not a Vietnamese letter")
    mark = table[tone]
    return (base.upper() if upper else base).encode("ascii") + (bytes([mark - shift]) if mark else b"")


_ENCODERS = {"cp1258": _cp1258, "tcvn3": _tcvn3, "vni": _vni}


def encode_legacy(text: str, encoding: str) -> bytes:
    """``text`` written in a legacy Vietnamese encoding.

    Parameters
    ----------
    text : str
        Unicode text (any normal form).
    encoding : {"cp1258", "tcvn3", "vni"}

    Returns
    -------
    bytes

    Raises
    ------
    UnicodeEncodeError
        A character the encoding cannot write.
    """
    if encoding not in _ENCODERS:
        raise ValueError(f"encoding must be one of {', '.join(_ENCODERS)}, got {encoding!r}")
    encode = _ENCODERS[encoding]
    return b"".join(encode(ch) for ch in unicodedata.normalize("NFC", text))


def guess_legacy_encoding(data: bytes, words: Iterable[str]) -> str | None:
    """The legacy encoding in which ``data`` contains the most of ``words``, or None.

    Only words with a non-ASCII letter count (``Hà Giang``, not ``Ha Giang``): they are the
    ones an encoding writes differently. Ties go to the first of ``cp1258``, ``tcvn3``, ``vni``.
    """
    best, best_hits = None, 0
    vocabulary = [w for w in dict.fromkeys(unicodedata.normalize("NFC", w) for w in words)
                  if not w.isascii()]
    for name in _ENCODERS:
        hits = 0
        for word in vocabulary:
            try:
                hits += encode_legacy(word, name) in data
            except UnicodeEncodeError:
                continue
        if hits > best_hits:
            best, best_hits = name, hits
    return best
