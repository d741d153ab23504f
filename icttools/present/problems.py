"""Problem lists a person can read: at most 50 lines, then how many more of each rule.

A file with 100 000 bad rows, or a template with 3 of 63 provinces filled in, must not print
thousands of lines. :func:`problem_lines` keeps the first :data:`PROBLEM_LIMIT` problems as
they are (one line each, naming file, row, column, value and rule) and sums up the rest by
rule::

    ... and 2,231 more: 2,200 missing-value, 31 non-numeric
    … và 2 231 lỗi khác: 2 200 missing-value, 31 non-numeric

The rule ids stay as they are in both languages (they are what the README and the tests name).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from icttools.present.i18n import check_lang

__all__ = ["PROBLEM_LIMIT", "problem_lines", "fmt_count", "cli_text"]

#: Problem lines shown before the summary line.
PROBLEM_LIMIT = 50

_TEXT = {
    "more": {"en": "... and {n} more: {counts}", "vi": "… và {n} lỗi khác: {counts}"},
    "no-published": {
        "en": "notice: no published figures for {year}; nothing to compare (the index was computed; "
              "published years: {years})",
        "vi": "lưu ý: chưa có số liệu công bố của năm {year}; không có gì để so sánh (chỉ số đã "
              "được tính; các năm có số liệu công bố: {years})",
    },
}


def fmt_count(n: int, lang: str = "en") -> str:
    """A whole number with thousands grouped: ``2,231`` in English, ``2 231`` in Vietnamese."""
    check_lang(lang)
    s = f"{int(n):,}"
    return s.replace(",", " ") if lang == "vi" else s


def cli_text(key: str, lang: str = "en", **fields: object) -> str:
    """A message of the command line in ``lang`` (``more``, ``no-published``)."""
    check_lang(lang)
    return _TEXT[key][lang].format(**fields)


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
        lines.append(cli_text("more", lang, n=fmt_count(len(rest), lang), counts=listed))
    return lines
