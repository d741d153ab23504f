"""Problem lists a person can read: at most 50 lines, then how many more of each rule.

A file with 100 000 bad rows, or a template with 3 of 63 provinces filled in, must not print
thousands of lines. :func:`problem_lines` keeps the first :data:`PROBLEM_LIMIT` problems as
they are (one line each, naming file, row, column, value and rule) and sums up the rest by
rule::

    ... and 2,231 more: 2,200 missing-value, 31 non-numeric
    … và 2 231 lỗi khác: 2 200 missing-value, 31 non-numeric

The rule ids stay as they are in both languages (they are what the README and the tests name).
:func:`error_line` gives the one line of any other user error; a file that cannot be read at
all (:class:`~icttools.ingest.sniff.UnreadableFileError`) is also said in Vietnamese. The
problem lines themselves are English (their words come from the validation rules).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from icttools.ingest.sniff import UnreadableFileError
from icttools.present.i18n import check_lang, t

__all__ = ["PROBLEM_LIMIT", "problem_lines", "fmt_count", "cli_text", "error_line"]

#: Problem lines shown before the summary line.
PROBLEM_LIMIT = 50

def fmt_count(n: int, lang: str = "en") -> str:
    """A whole number with thousands grouped: ``2,231`` in English, ``2 231`` in Vietnamese."""
    check_lang(lang)
    s = f"{int(n):,}"
    return s.replace(",", " ") if lang == "vi" else s


def cli_text(key: str, lang: str = "en", **fields: object) -> str:
    """A message of the command line in ``lang`` (``problems_more``, ``no_published``), from the
    one string table (``cli_<key>`` in :mod:`icttools.present.strings_cli`)."""
    return t(f"cli_{key}", lang, **fields)


def problem_lines(problems: Sequence[object] | Iterable[object], limit: int = PROBLEM_LIMIT,
                  lang: str = "en") -> list[str]:
    """At most ``limit`` problem messages, then one line counting the others by rule.

    Parameters
    ----------
    problems : sequence of Problem
        In the order to show (objects with ``message`` and ``rule``).
    limit : int
        How many to show in full.
    lang : {"en", "vi"}
        Language of the summary line.

    Returns
    -------
    list of str
        ``min(len(problems), limit)`` messages, plus a summary line if any were left out
        (rules by count, most frequent first, then by name).
    """
    check_lang(lang)
    problems = list(problems)
    lines = [p.message for p in problems[:limit]]
    rest = problems[limit:]
    if rest:
        counts = Counter(p.rule for p in rest)
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        listed = ", ".join(f"{fmt_count(n, lang)} {rule}" for rule, n in ordered)
        lines.append(cli_text("problems_more", lang, n=fmt_count(len(rest), lang), counts=listed))
    return lines


_SAVE_AS_XLSX_VI = "hãy mở bằng Excel và lưu thành 'Excel Workbook (.xlsx)' hoặc 'CSV UTF-8'"
_SAVE_AS_CSV_VI = "hãy mở bằng Excel và lưu thành 'CSV UTF-8 (Comma delimited)' hoặc .xlsx"
_TABLE_AGAIN_VI = "hãy xuất lại bảng (một dòng tiêu đề, sau đó mỗi tỉnh một dòng)"

# UnreadableFileError.kind -> (what the file seems to be, what to do), as KINDS in ingest/sniff.py
_KINDS_VI: dict[str, tuple[str, str]] = {
    "empty": ("tệp rỗng", _TABLE_AGAIN_VI),
    "no-table": ("tệp không có bảng số liệu (chỉ có dòng trống)", _TABLE_AGAIN_VI),
    "image": ("đây là ảnh {what}, không phải bảng số liệu",
              "không đọc được ảnh chụp hay bản quét: hãy gửi chính tệp bảng tính, dạng .xlsx hoặc 'CSV UTF-8'"),
    "pdf": ("đây là tài liệu PDF, không phải bảng số liệu",
            "hãy gửi tệp bảng tính đã dùng để tạo tệp PDF, dạng .xlsx hoặc 'CSV UTF-8'"),
    "xls": ("đây là sổ Excel 97-2003 (.xls) hoặc tệp Office cũ, icttools không đọc được", _SAVE_AS_XLSX_VI),
    "html": ("đây là trang web (HTML), không phải bảng tính (một số phần mềm xuất tệp '.xls' theo cách này)",
             _SAVE_AS_XLSX_VI),
    "xml-spreadsheet": ("đây là bảng tính Excel 2003 XML, icttools không đọc được", _SAVE_AS_XLSX_VI),
    "ods": ("đây là bảng tính OpenDocument (.ods)",
            "hãy lưu thành 'Excel 2007-365 (.xlsx)' hoặc CSV với bộ mã 'Unicode (UTF-8)'"),
    "docx": ("đây là văn bản Word, không phải bảng tính", "hãy chép bảng sang Excel và lưu thành .xlsx"),
    "zip": ("đây là tệp nén ZIP, không phải sổ Excel", "hãy giải nén và dùng tệp bảng số liệu bên trong"),
    "misnamed": ("đây là {what} nhưng có phần mở rộng {suffix}", "hãy đổi phần mở rộng thành {right}"),
    "damaged-xlsx": ("sổ Excel này bị hỏng hoặc không đầy đủ",
                     "hãy mở bằng Excel rồi lưu lại, hoặc sao chép lại tệp gốc"),
    "utf-16": ("đây là văn bản UTF-16 ('Unicode Text' của Excel), không phải UTF-8", _SAVE_AS_CSV_VI),
    "legacy": ("văn bản này không phải UTF-8: có vẻ dùng bảng mã cũ {encoding}",
               "hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của UniKey) hoặc mở bằng Excel, "
               "rồi lưu thành 'CSV UTF-8'"),
    "not-utf8": ("văn bản này không phải UTF-8 (byte lỗi đầu tiên ở dòng {line})", _SAVE_AS_CSV_VI),
    "binary": ("đây là dữ liệu nhị phân, không phải bảng văn bản", "hãy gửi tệp .xlsx hoặc 'CSV UTF-8'"),
    "suffix": ("icttools đọc tệp .csv và .xlsx, không đọc {suffix}", _SAVE_AS_CSV_VI),
    "csv-error": ("không tách được tệp CSV này thành các ô ở dòng {line}", _SAVE_AS_CSV_VI),
    "too-many-rows": ("bảng có hơn {limit} dòng có nội dung (ví dụ dòng {row}), trong khi mỗi tỉnh "
                      "chỉ có một dòng", "hãy xoá phần bên dưới bảng, hoặc chỉ gửi riêng bảng"),
    "wrong-sheet": ("sheet {sheet!r} không có cột tỉnh; sheet {other!r} có vẻ là số liệu", "hãy dùng {option}"),
    "wrong-sheet-move": ("sheet {sheet!r} không có cột tỉnh; sheet {other!r} có vẻ là số liệu",
                         "hãy chuyển sheet đó lên đầu sổ Excel"),
}
_MISNAMED_VI = {"xlsx": "sổ Excel (XLSX)", "csv": "tệp văn bản (CSV)", "utf16": "tệp văn bản UTF-16"}


def error_line(error: Exception, lang: str = "en") -> str:
    """The one line the command line prints for a user error (``error: ...`` / ``lỗi: ...``).

    In Vietnamese, a file that cannot be read is said in Vietnamese; other errors keep their
    (English) message.
    """
    check_lang(lang)
    if lang == "vi" and isinstance(error, UnreadableFileError) and error.kind in _KINDS_VI:
        seems, advice = _KINDS_VI[error.kind]
        params = {k: fmt_count(v, "vi") if isinstance(v, int) and not isinstance(v, bool) else v
                  for k, v in error.params.items()}
        if error.kind == "misnamed":
            params["what"] = _MISNAMED_VI[params["what"]]
        return f"lỗi: {error.source}: {seems.format(**params)}; {advice.format(**params)}"
    return f"{'lỗi' if lang == 'vi' else 'error'}: {error}"
