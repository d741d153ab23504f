"""Words the reader of a report sees, in Vietnamese and English.

Every title, heading, axis label, table header and sentence of the notebook reports, the charts
and the command line comes from :data:`TEXT` through :func:`t`, so a report switches language
with one parameter. :data:`TEXT` merges three tables of data: the charts' words (here), the
reports' (:mod:`icttools.present.strings_reports`) and the command line's
(:mod:`icttools.present.strings_cli`), all in the one vocabulary of
:mod:`icttools.present.glossary`. Names of criteria, sub-indices and components come from the
framework (``framework.label(id, lang)``); province names from :func:`province_name`.

Vietnamese numbers use a decimal comma (``0,5066``): see :func:`fmt_num`; phrases for readers
(``1.890``, ``96,4%``, "tăng 5 bậc ▲") are in :mod:`icttools.present.phrases`.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from icttools.core.errors import InputError
from icttools.core.text import nfc
from icttools.present.strings_cli import CLI_PAIRS
from icttools.present.strings_reports import REPORT_PAIRS

__all__ = ["LANGS", "TEXT", "NOTEBOOK_TITLES", "check_lang", "t", "fmt_num", "fmt_signed",
           "fmt_pct", "province_name", "region_name", "short_label", "join_list"]

#: The languages of the reports.
LANGS = ("vi", "en")

#: Titles of the numbered notebooks.
NOTEBOOK_TITLES: dict[str, dict[str, str]] = {
    "00": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "01": {"vi": "Tổng quan chỉ số", "en": "Index overview"},
    "02": {"vi": "Phân tích khoảng cách", "en": "Gap analysis"},
    "03": {"vi": "Độ nhạy của thứ hạng", "en": "Rank sensitivity"},
    "04": {"vi": "Mục tiêu và kịch bản", "en": "Targets and scenarios"},
    "05": {"vi": "Xu hướng qua các năm", "en": "Trends across years"},
    "06": {"vi": "Bản tóm tắt cho lãnh đạo", "en": "Brief for leaders"},
}

#: The report templates (file stems); their titles are ``NOTEBOOK_TITLES[stem[:2]]``.
REPORT_NOTEBOOKS = ("00_data_quality", "01_index_overview", "02_gap_analysis", "03_rank_sensitivity",
                    "04_targets_scenarios", "05_trends", "06_leader_brief")

# One entry per key: (Vietnamese, English). ``{name}`` placeholders are filled by ``t``.
_PAIRS: dict[str, tuple[str, str]] = {
    "and": ("và", "and"),
    # --- chart labels (icttools.present.plots) ------------------------------------------------
    "ch_ranking_title": ("Xếp hạng {node} năm {year}", "{node} ranking, {year}"),
    "ch_ranking_title_noyear": ("Xếp hạng {node}", "{node} ranking"),
    "ch_score": ("Điểm", "Score"),
    "ch_rank": ("Hạng", "Rank"),
    "ch_top_k": ("Ngưỡng hạng {k}", "Rank {k} threshold"),
    "ch_profile_title": ("{Levels}: {name} so với các mốc so sánh",
                         "{Levels}: {name} against the references"),
    "ch_leader": ("Địa phương dẫn đầu ({name})", "Leader ({name})"),
    "ch_second": ("Địa phương xếp thứ 2 ({name})", "Runner-up ({name})"),
    "ch_median": ("Trung vị cả nước", "National median"),
    "ch_region_median": ("Trung vị vùng", "Regional median"),
    "ch_heatmap_title": ("Hạng theo từng tiêu chí: {title}", "Rank on each criterion: {title}"),
    "ch_heatmap_cbar": ("Hạng (1 = tốt nhất)", "Rank (1 = best)"),
    "ch_wf_title_behind": ("Chênh lệch điểm theo tiêu chí: {name} kém {ref} {gap} điểm",
                           "Score gap by criterion: {name} is {gap} points behind {ref}"),
    "ch_wf_title_ahead": ("Chênh lệch điểm theo tiêu chí: {name} hơn {ref} {gap} điểm",
                          "Score gap by criterion: {name} is {gap} points ahead of {ref}"),
    "ch_wf_title_equal": ("Chênh lệch điểm theo tiêu chí: {name} bằng điểm {ref}",
                          "Score gap by criterion: {name} scores the same as {ref}"),
    "ch_waterfall_start": ("Điểm {name}", "{name}'s score"),
    "ch_waterfall_end": ("Điểm {ref}", "{ref}'s score"),
    "ch_waterfall_rest": ("{n} tiêu chí còn lại", "{n} other criteria"),
    "ch_waterfall_x": ("Điểm tổng hợp (trục không bắt đầu từ 0)", "Overall score (the axis does not start at 0)"),
    "ch_waterfall_x0": ("Điểm tổng hợp", "Overall score"),
    "ch_wf_behind": ("kém hơn mốc so sánh (mất điểm)", "behind the reference (points lost)"),
    "ch_wf_ahead": ("hơn mốc so sánh (được điểm)", "ahead of the reference (points gained)"),
    "ch_curves_title": ("Hạng của {name} khi chỉ thay đổi một tiêu chí",
                        "{name}'s rank when one criterion changes"),
    "ch_current": ("giá trị và hạng hiện tại", "current value and rank"),
    "ch_tornado_title": ("Hạng tổng hợp khi lần lượt thay đổi từng tiêu chí trên toàn bộ khoảng giá trị "
                         "(hạng hiện tại: {rank})",
                         "Overall rank as each criterion in turn moves over its whole range "
                         "(current rank: {rank})"),
    "ch_tornado_better": ("tiêu chí tăng lên", "criterion improves"),
    "ch_tornado_worse": ("tiêu chí giảm xuống", "criterion worsens"),
    "ch_tornado_x": ("Hạng tổng hợp (1 = tốt nhất)", "Overall rank (1 = best)"),
    "ch_intervals_title": ("Độ ổn định của thứ hạng: khoảng hạng của 90% số phương án tính thử",
                           "Robustness of the ranks: the range of 90% of the trial calculations"),
    "ch_interval": ("khoảng dao động (90% số phương án)", "range (90% of the calculations)"),
    "ch_median_rank": ("hạng ở giữa (trung vị)", "median rank"),
    "ch_nominal": ("hạng theo cách tính cơ sở", "rank with the base method"),
    "ch_sobol_title": ("Mức độ ảnh hưởng của từng lựa chọn phương pháp đến thứ hạng của {name}",
                       "How much each method choice moves {name}'s rank"),
    "ch_sobol_y": ("Tỷ lệ trong biến động của thứ hạng", "Share of the rank's variance"),
    "ch_plan_title": ("Giá trị hiện tại và mức cần đạt theo phương án cần ít nỗ lực nhất",
                      "Current values and the targets of the least-effort plans"),
    "ch_plan_empty": ("(không cần thay đổi tiêu chí nào)", "(no criterion needs to change)"),
    "ch_plan_target": ("Mức cần đạt – {mode}", "Target – {mode}"),
    "ch_history_title": ("Hạng của {name} qua các năm", "{name}'s ranks across years"),
    "ch_year": ("Năm", "Year"),
    "ch_attr_title": ("Thay đổi thứ hạng {y0}–{y1}: do tự thân tỉnh và do các địa phương khác",
                      "Rank change {y0}–{y1}: own progress and the others"),
    "ch_attr_x": ("Số bậc thay đổi (+ = tăng bậc, − = giảm bậc)", "Places gained (+) or lost (−)"),
    "ch_dist_title": ("Phân bố giá trị {n} tiêu chí, năm {year}", "Distribution of the {n} criteria, {year}"),
    "ch_dist_title_noyear": ("Phân bố giá trị {n} tiêu chí", "Distribution of the {n} criteria"),
    "ch_dist_others": ("các tỉnh, thành phố khác", "the other provinces"),
    "ch_dist_box": ("hộp: 50% ở giữa, vạch: trung vị", "box: the middle 50%, line: median"),
    "ch_up": ("tăng {n} bậc", "up {n} places"),
    "ch_up_one": ("tăng 1 bậc", "up 1 place"),
    "ch_down": ("giảm {n} bậc", "down {n} places"),
    "ch_down_one": ("giảm 1 bậc", "down 1 place"),
    "ch_same": ("giữ nguyên hạng", "no change"),
    # alt texts: one line that reads the chart (after its title)
    "alt_ranking": ("{name} xếp thứ {rank}/{n} với {score} điểm; địa phương dẫn đầu là {leader} với "
                    "{leader_score} điểm.",
                    "{name} ranks {rank} of {n} with {score} points; the leader is {leader} with "
                    "{leader_score} points."),
    "alt_ranking_leader": ("{name} dẫn đầu với {score} điểm; địa phương xếp thứ 2 là {second} với "
                           "{second_score} điểm.",
                           "{name} leads with {score} points; the runner-up is {second} with "
                           "{second_score} points."),
    "alt_profile": ("{Level} cao nhất của {name}: “{best}” ({best_score} điểm); thấp nhất: "
                    "“{worst}” ({worst_score} điểm).",
                    "{Level} with the highest score for {name}: “{best}” ({best_score} points); lowest: “{worst}” "
                    "({worst_score} points)."),
    "alt_heatmap": ("{name} có hạng tốt nhất ở “{best}” (hạng {best_rank}) và kém nhất ở “{worst}” "
                    "(hạng {worst_rank}).",
                    "{name}'s best criterion rank is on “{best}” (rank {best_rank}), its worst on "
                    "“{worst}” (rank {worst_rank})."),
    "alt_heatmap_none": ("Hạng của {n} tỉnh, thành phố trên {m} tiêu chí.", "Ranks of {n} provinces on {m} criteria."),
    "alt_waterfall": ("Các tiêu chí đóng góp nhiều nhất vào chênh lệch: {items}.",
                      "The criteria that contribute most to the gap: {items}."),
    "alt_curves": ("Hạng hiện tại: {rank}. Khi chỉ thay đổi một tiêu chí, hạng tốt nhất đạt được là {best}, "
                   "với “{label}”.",
                   "Current rank: {rank}. Changing one criterion alone, the best rank reached is {best}, "
                   "with “{label}”."),
    "alt_curves_none": ("Hạng hiện tại: {rank}. Thay đổi riêng từng tiêu chí không giúp tăng hạng.",
                        "Current rank: {rank}. No single criterion lifts the rank on its own."),
    "alt_tornado": ("Tiêu chí làm hạng thay đổi nhiều nhất: “{label}” (từ hạng {best} đến hạng {worst}).",
                    "The criterion that moves the rank most: “{label}” (from rank {best} to rank {worst})."),
    "alt_intervals": ("{name}: hạng {nominal} theo cách tính cơ sở; 90% số phương án tính thử cho hạng từ "
                      "{p05} đến {p95} (hạng ở giữa: {median}).",
                      "{name}: rank {nominal} with the base method; 90% of the trial calculations give a "
                      "rank from {p05} to {p95} (median {median})."),
    "alt_intervals_one": ("{name}: hạng {nominal} theo cách tính cơ sở; 90% số phương án tính thử cũng cho hạng "
                          "{p05}.",
                          "{name}: rank {nominal} with the base method; 90% of the trial calculations give rank "
                          "{p05} too."),
    "alt_sobol": ("Lựa chọn ảnh hưởng nhiều nhất: {group} (ảnh hưởng toàn phần {st}).",
                  "The choice with the largest effect: {group} (total effect {st})."),
    "alt_plan": ("Các tiêu chí cần thay đổi ({n}): {items}.", "Criteria to change ({n}): {items}."),
    "alt_history": ("Hạng {node} của {name}: {path}.", "{name}'s rank on {node}: {path}."),
    "alt_attr": ("{node}: {total}; trong đó do tự thân tỉnh {own}, do các địa phương khác {others}.",
                 "{node}: {total}; own progress {own}, the others {others}."),
    "alt_attr_same": ("{node}: {total}, cả khi chỉ tỉnh thay đổi số liệu lẫn khi chỉ các địa phương khác thay đổi.",
                      "{node}: {total}, whether only the province's values or only the others' change."),
    "alt_dist": ("Hình thoi là giá trị của {name}: thuộc nhóm 25% thấp nhất ở {low} tiêu chí và nhóm 25% "
                 "cao nhất ở {high} tiêu chí.",
                 "The diamond is {name}'s value: in the lowest quarter on {low} criteria and in the "
                 "highest quarter on {high}."),
}

#: ``TEXT[lang][key]``: every string of the reports, NFC-normalised.
def _merged_pairs() -> dict[str, tuple]:
    parts = (_PAIRS, CLI_PAIRS, REPORT_PAIRS)
    seen: set[str] = set()
    clash: set[str] = set()
    for part in parts:
        clash |= seen & set(part)
        seen |= set(part)
    if clash:  # a programming error: one key, one meaning
        raise RuntimeError(f"i18n: keys defined twice: {', '.join(sorted(clash))}")
    return {k: v for part in parts for k, v in part.items()}


def _nfc_value(value: Any) -> Any:
    return tuple(nfc(v) for v in value) if isinstance(value, tuple) else nfc(value)


TEXT: dict[str, dict[str, Any]] = {
    lang: {key: _nfc_value(pair[k]) for key, pair in _merged_pairs().items()} for k, lang in enumerate(LANGS)
}


def check_lang(lang: Any) -> str:
    """Return ``lang`` if it is ``"vi"`` or ``"en"``; raise ``ValueError`` naming it otherwise."""
    if lang not in LANGS:
        raise InputError(f"lang must be 'vi' or 'en', got {lang!r}")
    return lang


def t(key: str, lang: str = "vi", **fields: Any) -> str:
    """The text ``key`` in ``lang`` with ``{placeholders}`` filled from ``fields``.

    Raises
    ------
    KeyError
        Unknown key (a programming error: every key exists in both languages).
    ValueError
        Unknown language.
    """
    check_lang(lang)
    text = TEXT[lang][key]
    return text.format(**fields) if fields else text


def fmt_num(x: Any, decimals: int = 4, lang: str = "vi") -> str:
    """A number for running text: ``0,5066`` in Vietnamese, ``0.5066`` in English; ``—`` if missing."""
    if x is None:
        return "—"
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(v):
        return "—"
    s = f"{v:.{decimals}f}"
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    return s.replace(".", ",") if lang == "vi" else s


def fmt_signed(x: Any, decimals: int = 4, lang: str = "vi") -> str:
    """Like :func:`fmt_num` with an explicit sign (``+0,0123``, ``−2``)."""
    s = fmt_num(x, decimals, lang)
    if s == "—":
        return s
    if s.startswith("-"):
        return "−" + s[1:]
    return s if set(s) <= set("0.,") else "+" + s


def fmt_pct(x: Any, decimals: int = 0, lang: str = "vi") -> str:
    """A share in [0, 1] as a percentage, without a space as official texts write it (``45%``)."""
    if x is None:
        return "—"
    return f"{fmt_num(100 * float(x), decimals, lang)}%"


#: English display names that differ from the ASCII name: "Ho Chi Minh" alone names the President.
_EN_NAMES = {"79": "Ho Chi Minh City"}


def province_name(code: str, lang: str = "vi", units: Any = None) -> str:
    """Display name of a province: the Vietnamese name as official texts write it (``TP. Hồ Chí
    Minh``, never "Hồ Chí Minh" alone), or the ASCII name in English (``Ho Chi Minh City``).

    ``units`` (a framework's :class:`~icttools.core.units.UnitSpec`) names the unit set the code
    belongs to; codes are per era (34-era 80 is Tây Ninh, 63-era 80 was Long An). Default: the 63.
    """
    if units is not None and units.kind != "vn63":
        from icttools.core.units import unit_names

        return unit_names(units, [str(code)], lang)[0]
    from icttools.core.provinces import resolve_province

    prov = resolve_province(code)
    if lang == "vi":
        return prov.name_vi
    return _EN_NAMES.get(prov.gso_code, prov.name_ascii)


def region_name(code: str, lang: str = "vi", units: Any = None) -> str:
    """Display name of a province's socio-economic region (``units`` as in :func:`province_name`;
    a 2025 unit formed across regions lists them)."""
    if units is not None and units.kind != "vn63":
        from icttools.core.provinces import REGION_EN
        from icttools.core.units import unit_regions

        region = unit_regions(units, [str(code)]).get(str(code), "")
        return region if lang == "vi" else " / ".join(REGION_EN.get(r, r) for r in region.split(" / "))
    from icttools.core.provinces import resolve_province

    prov = resolve_province(code)
    return prov.region if lang == "vi" else prov.region_en


def short_label(text: str, width: int = 40, lines: int = 1) -> str:
    """Wrap ``text`` to at most ``lines`` lines of ``width`` characters, ending with ``…`` if cut."""
    text = nfc(str(text))
    wrapped = textwrap.wrap(text, width=width) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = kept[-1]
    kept[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return "\n".join(kept)


def join_list(items: list[str], lang: str = "vi") -> str:
    """``a, b và c`` / ``a, b and c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]
