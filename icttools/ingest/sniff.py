"""What a file that cannot be read as a table seems to be, and what to do about it.

Tables arrive by e-mail from offices with old software: CSV files in UTF-16 or a legacy
Vietnamese encoding, Excel 97-2003 ``.xls`` files, web pages saved as ``.xls``, pictures or
scans, workbooks cut short by a mail gateway. Each is answered with one
:class:`UnreadableFileError` that says what the file seems to be and what to do, never a
traceback. :func:`identify` looks at the first bytes (magic numbers); :func:`decode_csv_text`
decodes a CSV file or says why it cannot.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any, Callable, Iterable

from icttools.core.errors import InputError
from icttools.ingest.encodings import LEGACY_ENCODINGS, guess_legacy_encoding

__all__ = ["UnreadableFileError", "MISNAMED", "KINDS", "identify", "zip_kind", "is_binary",
           "decode_csv_text", "SAVE_AS_CSV", "SAVE_AS_XLSX"]

SAVE_AS_CSV = "open it in Excel and save it as 'CSV UTF-8 (Comma delimited)' or as .xlsx"
SAVE_AS_XLSX = "open it in Excel and save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"

#: kind -> (what the file seems to be, what to do), in English; {placeholders} are filled from
#: the error's params (other languages: :mod:`icttools.present.problems`).
KINDS: dict[str, tuple[str, str]] = {
    "empty": ("the file is empty", "export the table again (a header row, then one row per province)"),
    "no-table": ("the file holds no table (only blank rows)",
                 "export the table again (a header row, then one row per province)"),
    "image": ("this is a {what} image, not a table",
              "a picture or scan cannot be read: give the spreadsheet itself, as .xlsx or 'CSV UTF-8'"),
    "pdf": ("this is a PDF document, not a table",
            "give the spreadsheet the PDF was made from, as .xlsx or 'CSV UTF-8'"),
    "xls": ("this is an Excel 97-2003 workbook (.xls) or another old Office file, which icttools "
            "cannot read", SAVE_AS_XLSX),
    "html": ("this is a web page (HTML), not a spreadsheet (some systems export '.xls' files this way)",
             SAVE_AS_XLSX),
    "xml-spreadsheet": ("this is an Excel 2003 XML spreadsheet, which icttools cannot read",
                        SAVE_AS_XLSX),
    "ods": ("this is an OpenDocument spreadsheet (.ods)",
            "save it as 'Excel 2007-365 (.xlsx)' or as CSV with character set 'Unicode (UTF-8)'"),
    "docx": ("this is a Word document, not a spreadsheet", "copy the table into Excel and save it as .xlsx"),
    "zip": ("this is a ZIP archive, not a workbook", "extract the table from the archive and give that file"),
    "misnamed": ("this is {what} with a {suffix} name", "rename it to {right}"),  # what: MISNAMED
    "damaged-xlsx": ("this workbook is damaged or incomplete ({detail})",
                     "open it in Excel and save it again, or copy the original file again"),
    "utf-16": ("this is UTF-16 text ('Unicode Text' from Excel), not UTF-8", SAVE_AS_CSV),
    "legacy": ("this text is not UTF-8: it looks like {encoding}, a legacy Vietnamese encoding",
               "convert it to Unicode (e.g. UniKey's converter) or open it in Excel, then save it "
               "as 'CSV UTF-8'"),
    "not-utf8": ("this text is not UTF-8 (the first bad byte is on line {line})", SAVE_AS_CSV),
    "binary": ("this is binary data, not a text table", "give a .xlsx file or a 'CSV UTF-8' file"),
    "suffix": ("icttools reads .csv and .xlsx files, not {suffix}", SAVE_AS_CSV),
    "csv-error": ("this CSV file cannot be split into cells at line {line} ({detail})", SAVE_AS_CSV),
    "too-many-rows": ("the table has more than {limit:,} rows with content (row {row:,} is one); "
                      "a table has one row per province",
                      "delete what is below the table, or give the table alone"),
    "wrong-sheet": ("the sheet {sheet!r} has no province column; sheet {other!r} looks like the data",
                    "use {option}"),
    "wrong-sheet-move": ("the sheet {sheet!r} has no province column; sheet {other!r} looks like the data",
                         "make it the first sheet of the workbook"),
}


#: What a misnamed file is (``params["what"]`` of a ``misnamed`` error).
MISNAMED = {"xlsx": "an Excel workbook (XLSX)", "csv": "a text (CSV) file", "utf16": "a UTF-16 text file"}


class UnreadableFileError(InputError):
    """A file that cannot be read as a table at all.

    Attributes
    ----------
    source : str
        The file, relative to the project root.
    kind : str
        What the file seems to be: ``empty``, ``image``, ``pdf``, ``xls``, ``html``, ``ods``,
        ``zip``, ``misnamed``, ``damaged-xlsx``, ``utf-16``, ``legacy``,
        ``not-utf8``, ``binary``, ``suffix``, ``csv-error``, ``too-many-rows``,
        ``wrong-sheet``, ...
    params : dict
        The details named in the message (``encoding``, ``line``, ``sheet``, ...).

    ``str(error)`` is one line: ``"<file>: <what it seems to be>; <what to do>"``.
    """

    def __init__(self, source: str, kind: str, **params: Any):
        self.source = source
        self.kind = kind
        self.params = params
        seems, advice = KINDS[kind]
        shown = {**params, "what": MISNAMED[params["what"]]} if kind == "misnamed" else params
        super().__init__(f"{source}: {seems.format(**shown)}; {advice.format(**shown)}")


_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image", "PNG"),
    (b"\xff\xd8\xff", "image", "JPEG"),
    (b"GIF87a", "image", "GIF"),
    (b"GIF89a", "image", "GIF"),
    (b"II*\x00", "image", "TIFF"),
    (b"MM\x00*", "image", "TIFF"),
    (b"%PDF-", "pdf", None),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls", None),
    (b"PK\x03\x04", "zip", None),
    (b"PK\x05\x06", "zip", None),
)


def identify(data: bytes) -> tuple[str, str | None] | None:
    """``(kind, what)`` for a file recognised by its first bytes, else None.

    Kinds: ``empty``, ``image`` (``what`` = PNG, JPEG, GIF, TIFF, WEBP, BMP), ``pdf``,
    ``xls`` (an OLE2 compound file: Excel 97-2003, old Word), ``zip`` (XLSX, ODS, DOCX or a
    plain archive: see :func:`zip_kind`), ``html``, ``xml-spreadsheet`` (Excel 2003 XML),
    ``utf-16``.
    """
    if not data:
        return "empty", None
    for magic, kind, what in _MAGIC:
        if data.startswith(magic) and kind is not None:
            return kind, what
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image", "WEBP"
    if data[:2] == b"BM" and len(data) > 26 and data[14] in (12, 40, 56, 108, 124) and data[15:18] == b"\0\0\0":
        return "image", "BMP"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        return "utf-16", None
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return "html", None
    if head.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "xml-spreadsheet", None
    return None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: NUL in most odd (LE) or even (BE) positions."""
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.4


def zip_kind(data: bytes) -> str:
    """``xlsx``, ``ods``, ``docx``, ``zip`` (another archive) or ``damaged`` for ZIP bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return "damaged"
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def is_binary(text_or_bytes: bytes | str) -> bool:
    """More than 1 % control characters (other than tab, CR, LF, form feed) in the first 64 KB."""
    sample = text_or_bytes[:65536]
    if not sample:
        return False
    if isinstance(sample, str):
        bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    else:
        bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad > 0.01 * len(sample)


def decode_csv_text(data: bytes, source: str, words: Callable[[], Iterable[str]] | Iterable[str],
                    suffix: str = ".csv") -> str:
    """The text of a CSV file (UTF-8, with or without BOM), or the error that says what it is.

    Parameters
    ----------
    data : bytes
        The whole file.
    source : str
        The file as named in messages.
    words : iterable of str, or a function returning them
        Vietnamese words a table is likely to contain (province names, header words), used to
        recognise a legacy encoding (only asked for when the text is not UTF-8).
    suffix : str
        The file name's extension (for the message about a workbook with a CSV name).

    Raises
    ------
    UnreadableFileError
        Empty, an image, PDF, old Excel, HTML, ZIP/XLSX, UTF-16, a legacy Vietnamese encoding,
        other non-UTF-8 text, or binary data.
    """
    found = identify(data)
    if found is not None:
        kind, what = found
        if kind == "zip":
            inner = zip_kind(data)
            if inner == "xlsx":
                raise UnreadableFileError(source, "misnamed", what="xlsx", suffix=suffix, right=".xlsx")
            kind = "zip" if inner == "damaged" else inner
        raise UnreadableFileError(source, kind, what=what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if is_binary(data):
            raise UnreadableFileError(source, "binary") from None
        legacy = guess_legacy_encoding(data, words() if callable(words) else words)
        if legacy is not None:
            raise UnreadableFileError(source, "legacy", encoding=LEGACY_ENCODINGS[legacy]) from None
        raise UnreadableFileError(source, "not-utf8", line=data[:exc.start].count(b"\n") + 1) from None
    if is_binary(text):
        raise UnreadableFileError(source, "binary")
    return text
