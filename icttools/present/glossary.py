"""The reports' one vocabulary, in Vietnamese and English (data).

Every word a reader meets for a concept of the index comes from here: the report strings
(:mod:`icttools.present.strings_reports`), the command line's words
(:mod:`icttools.present.strings_cli`), the framework's display names and the charts use these
terms and none of their discouraged synonyms. The Vietnamese terms follow the review of the
reports' Vietnamese (``../shared/docs/vietnamese-review.md``, section G) and the terms of plan
126/KH-UBND (Hà Giang, 18/04/2019): the 3 "chỉ số thành phần", the 6 "chỉ số thành phần con",
the 30 "tiêu chí".

* :data:`GLOSSARY` -- ``key -> (vi, en)``: the term to use.
* :data:`AVOID` -- words a reader must not meet (a wrong level, a finance or word-for-word
  term, a name used for two things), each with the term to use instead. Tests scan every
  reader-facing string for them.
* :data:`METHOD_WORDS` -- method jargon (the method's own names, Monte Carlo, Sobol, seeds,
  percentile codes, the scenario file's operation names, confirmed/inferred codes). A report
  uses them only in its annex, after the heading "Phương pháp và nguồn" / "Method and sources".
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["GLOSSARY", "AVOID", "METHOD_WORDS", "term", "method_word_hits", "avoided_word_hits"]

#: ``key -> (vi, en)``. ``{k}`` placeholders are filled by :func:`term`.
GLOSSARY: dict[str, tuple[str, str]] = {
    "index": ("Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT (Vietnam ICT Index)",
              "Vietnam ICT Index"),
    "index_short": ("Chỉ số ICT Index", "ICT Index"),
    "component": ("chỉ số thành phần", "component"),
    "subindex": ("chỉ số thành phần con", "sub-index"),
    "criterion": ("tiêu chí", "criterion"),
    "criteria": ("tiêu chí", "criteria"),
    "rank": ("thứ hạng", "rank"),
    "units": ("tỉnh, thành phố", "provinces"),
    "unit_any": ("địa phương", "province"),
    "moved_up": ("tăng {n} bậc", "up {n} places"),
    "moved_down": ("giảm {n} bậc", "down {n} places"),
    "unchanged": ("giữ nguyên hạng", "rank unchanged"),
    "top_group": ("nhóm {k} địa phương dẫn đầu", "the top {k}"),
    "leader": ("địa phương dẫn đầu", "the leader"),
    "score_gap": ("chênh lệch điểm", "score gap"),
    "contribution": ("mức đóng góp vào chênh lệch điểm", "contribution to the score gap"),
    "sensitivity": ("độ nhạy của thứ hạng", "rank sensitivity"),
    "robustness": ("độ ổn định của thứ hạng", "robustness of the rank"),
    "range90": ("khoảng dao động của thứ hạng (90% số phương án tính thử)",
                "the rank's range (90% of the trial calculations)"),
    "trial": ("phương án tính thử", "trial calculation"),
    "needed_value": ("mức cần đạt", "value needed"),
    "feasible_cap": ("mức tối đa khả thi", "feasible cap"),
    "effort": ("mức nỗ lực quy đổi", "effort"),
    "least_effort": ("phương án cần ít nỗ lực nhất", "least-effort option"),
    "stepwise": ("phương án chọn dần từng bước", "step-by-step option"),
    "plan126": ("Kế hoạch 126/KH-UBND", "plan 126/KH-UBND"),
    "baseline": ("phương án cơ sở (không thực hiện Kế hoạch)", "baseline (without the plan)"),
    "nominal_rank": ("hạng theo cách tính cơ sở", "rank by the base method"),
    "scenario": ("kịch bản (giả định)", "scenario (assumed)"),
    "others_still": ("các địa phương khác giữ nguyên số liệu", "the other provinces stand still"),
    "others_trend": ("các địa phương khác tiếp tục cải thiện theo xu hướng",
                     "the other provinces keep their trend"),
    "synthetic": ("dữ liệu giả lập (dùng để minh hoạ)", "synthetic data (for illustration)"),
    "real": ("số liệu thật", "real data"),
    "median": ("trung vị (mức giữa)", "median (the middle value)"),
    "normalisation": ("chuẩn hoá", "normalisation"),
    "weights": ("trọng số", "weights"),
    "aggregation": ("tổng hợp (trung bình cộng, trung bình nhân)", "aggregation (arithmetic, geometric mean)"),
    "outlier": ("giá trị ngoại lai", "outlier"),
    "imputed": ("giá trị ước tính bổ sung (điền bù)", "imputed value"),
    "own": ("do tự thân tỉnh", "own progress"),
    "others": ("do các địa phương khác", "the other provinces"),
    "interaction": ("tác động đan xen", "interaction"),
    "civil_servants": ("cán bộ, công chức, viên chức (CBCCVC)", "civil servants"),
    "state_agencies": ("cơ quan nhà nước (CQNN)", "state agencies"),
    "confirmed": ("đã công bố", "published"),
    "inferred": ("suy luận", "inferred"),
    "todo": ("Việc cần làm", "What to do"),
    "key_messages": ("Kết luận chính", "Key messages"),
    "annex": ("Phương pháp và nguồn", "Method and sources"),
}

#: Discouraged words -> the term to use (Vietnamese; checked case-insensitively on whole words).
AVOID: dict[str, dict[str, str]] = {
    "vi": {
        "trụ cột": "chỉ số thành phần (3 chỉ số lớn)",
        "tham lam": "phương án chọn dần từng bước",
        "hoà vốn": "mức cần đạt",
        "hòa vốn": "mức cần đạt",
        "top": "nhóm k địa phương dẫn đầu",
        "tỉnh trung vị ảo": "mức trung vị (không phải một tỉnh cụ thể)",
        "hạng danh nghĩa": "hạng theo cách tính cơ sở",
        "hạng gốc": "hạng theo cách tính cơ sở",
        "độ bất định": "độ ổn định của thứ hạng",
        "chỉ tiêu": "tiêu chí",
        "tỉnh/thành phố": "tỉnh, thành phố",
        "máy vi tính": "máy tính",
        "điểm mất": "mức đóng góp vào chênh lệch điểm",
        "xác suất": "tỷ lệ phương án",
        "tỉnh dẫn đầu": "địa phương dẫn đầu",
        "kế hoạch ít nỗ lực": "phương án cần ít nỗ lực nhất",
        "hai kế hoạch": "hai phương án",
        "trục bị cắt": "trục không bắt đầu từ 0",
    },
    "en": {
        "greedy": "step-by-step option",
        "break-even": "value needed",
        "virtual median province": "the median (not a province)",
        "nominal rank": "rank by the base method",
        "pillar": "component",
    },
}

#: Method jargon, allowed only in a report's annex (regular expressions, case-sensitive where a
#: short code could be an ordinary word).
METHOD_WORDS: dict[str, tuple[str, ...]] = {
    "vi": (r"zscore", r"minmax", r"min–max", r"\barithmetic\b", r"\bgeometric\b", r"\bcompetition\b",
           r"(?i:\bseed\b)", r"(?i:monte carlo)", r"(?i:sobol)", r"\bS1\b", r"\bST\b", r"(?i:z bền)",
           r"(?i:robust z)", r"\bMAD\b", r"\bP5\b", r"\bP95\b", r"(?i:tham lam)", r"(?i:trung vị ảo)",
           r"CONFIRMED", r"INFERRED", r"(?i:section [IV])", r"set_to_indicator", r"\bset: ",
           r"\badd: ", r"\bmultiply: ", r"SHA-256", r"\bMILP\b", r"(?i:tuyến tính hoá)"),
    "en": (r"zscore", r"minmax", r"min–max", r"\barithmetic\b", r"\bgeometric\b", r"\bcompetition\b",
           r"(?i:\bseed\b)", r"(?i:monte carlo)", r"(?i:sobol)", r"\bS1\b", r"\bST\b", r"(?i:robust z)",
           r"\bMAD\b", r"\bP5\b", r"\bP95\b", r"(?i:greedy)", r"(?i:virtual median)", r"CONFIRMED",
           r"INFERRED", r"(?i:section [IV])", r"set_to_indicator", r"\bset: ", r"\badd: ",
           r"\bmultiply: ", r"SHA-256", r"\bMILP\b", r"(?i:lineari[sz])"),
}


def term(key: str, lang: str = "vi", **fields: Any) -> str:
    """The glossary's term ``key`` in ``lang`` (``{k}`` placeholders filled from ``fields``)."""
    vi, en = GLOSSARY[key]
    text = vi if lang == "vi" else en
    return text.format(**fields) if fields else text


def method_word_hits(text: str, lang: str) -> list[str]:
    """The method words of :data:`METHOD_WORDS` that occur in ``text`` (empty: none)."""
    return [m.group(0) for pattern in METHOD_WORDS[lang] for m in [re.search(pattern, text)] if m]


def avoided_word_hits(text: str, lang: str) -> list[str]:
    """The discouraged words of :data:`AVOID` that occur in ``text`` as whole words."""
    low = text.lower()
    hits = []
    for word in AVOID[lang]:
        if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", low):
            hits.append(word)
    return hits
