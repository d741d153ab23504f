"""Words of the batch run: the index page, the Excel workbook and the run's lines on the terminal.

Data, in Vietnamese and English: ``RUN_PAIRS[key] = (vi, en)``, read with :func:`run_text`. The
Vietnamese follows the glossary of the project's Vietnamese review (``tiêu chí``, ``chỉ số thành
phần`` / ``chỉ số thành phần con``, ``tăng 3 bậc ▲``, ``dữ liệu giả lập (minh hoạ, hiệu chỉnh theo
số liệu đã công bố)``, ``6 báo cáo: 6 hoàn thành, 0 lỗi``, ``Tệp notebook``...). ``{name}``
placeholders are filled by :func:`run_text`.
"""

from __future__ import annotations

from typing import Any

from icttools.core.errors import InputError
from icttools.core.text import nfc

__all__ = ["RUN_PAIRS", "run_text", "rank_change_text", "kind_text"]

RUN_PAIRS: dict[str, tuple[str, str]] = {
    # --- index page ---------------------------------------------------------------------------
    "idx_title": ("Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT (Vietnam ICT Index): báo cáo "
                  "của các tỉnh, thành phố",
                  "Vietnam ICT Index: reports of the provinces"),
    "idx_page_title": ("Báo cáo Chỉ số ICT Index của các tỉnh, thành phố",
                       "Vietnam ICT Index: provincial reports"),
    "idx_headline": ("Thứ hạng, điểm và báo cáo của {n} tỉnh, thành phố cho {years}.",
                     "Rank, score and reports of {n} provinces for {years}."),
    "idx_headline_none": ("Chưa có báo cáo nào.", "No reports yet."),
    "idx_year_word": ("năm {years}", "{years}"),
    "idx_date": ("Cập nhật ngày {date}", "Updated on {date}"),
    "idx_counts": ("{n} báo cáo: {ok} hoàn thành, {failed} lỗi",
                   "{n} reports: {ok} completed, {failed} failed"),
    "idx_other_lang": ("English version", "Bản tiếng Việt"),
    "idx_synthetic": ("Dữ liệu giả lập (minh hoạ, hiệu chỉnh theo số liệu đã công bố)",
                      "Synthetic data (for illustration, calibrated to the published figures)"),
    "idx_synthetic_note": ("Năm {years}: không phải số liệu chính thức của Bộ Thông tin và Truyền "
                           "thông; không dùng để đánh giá các tỉnh, thành phố thật.",
                           "{years}: not the Ministry of Information and Communications' official "
                           "figures; do not use them to judge real provinces."),
    "idx_year": ("Năm {year}", "{year}"),
    "idx_year_data": ("Dữ liệu năm {year}: {kind}. Nguồn: {source}",
                      "Data of {year}: {kind}. Source: {source}"),
    "idx_year_failed": ("Không tạo được báo cáo năm {year}: {error}",
                        "No reports could be made for {year}: {error}"),
    "idx_col_province": ("Tỉnh, thành phố", "Province"),
    "idx_col_rank": ("Hạng", "Rank"),
    "idx_col_score": ("Điểm", "Score"),
    "idx_col_change": ("So với năm trước", "Since the year before"),
    "idx_col_data": ("Dữ liệu", "Data"),
    "idx_col_reports": ("Báo cáo", "Reports"),
    "idx_col_analyst": ("Tệp cho người phân tích", "Files for analysts"),
    "idx_rank_of": ("{rank}/{n}", "{rank}/{n}"),
    "idx_previous": ("(năm {year}: hạng {rank})", "({year}: rank {rank})"),
    "idx_lang_vi": ("Tiếng Việt", "Vietnamese"),
    "idx_lang_en": ("Tiếng Anh", "English"),
    "idx_workbook": ("Bảng Excel", "Excel workbook"),
    "idx_pdf": ("bản PDF", "PDF"),
    "idx_notebook": ("Tệp notebook", "Notebook file"),
    "idx_summary": ("Số liệu chính (JSON)", "Key numbers (JSON)"),
    "idx_sidecar": ("thông tin báo cáo (JSON)", "report details (JSON)"),
    "idx_failed": ("lỗi", "failed"),
    "idx_failed_report": ("Báo cáo lỗi: {error}", "This report failed: {error}"),
    "idx_no_summary": ("chưa có số liệu chính", "no key numbers yet"),
    "idx_files_of": ("Tệp của {name} năm {year}", "Files of {name}, {year}"),
    # --- data provenance (index, workbook, sidecars' words) -------------------------------------
    "kind_synthetic": ("dữ liệu giả lập", "synthetic data"),
    "kind_real": ("số liệu thật", "real data"),
    "kind_invalid": ("dữ liệu không hợp lệ", "invalid data"),
    "kind_years": ("{kind} ({years})", "{kind} ({years})"),
    "rank_up": ("tăng {n} bậc ▲", "up {n} ▲"),
    "rank_down": ("giảm {n} bậc ▼", "down {n} ▼"),
    "rank_same": ("giữ nguyên hạng", "unchanged"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    # --- the run on the terminal ----------------------------------------------------------------
    "run_elapsed": ("đã chạy {elapsed}, còn khoảng {eta}", "elapsed {elapsed}, ETA {eta}"),
    "run_counts": ("{n} báo cáo: {ok} hoàn thành, {failed} lỗi",
                   "{n} reports: {ok} completed, {failed} failed"),
    "run_stopped_count": ("{n} chưa làm (đã dừng)", "{n} not made (stopped)"),
    "run_skipped_count": ("{n} không đổi, giữ nguyên (--resume)", "{n} unchanged, kept (--resume)"),
    "run_stopped": ("Đã dừng theo tín hiệu {signal}: các báo cáo đã xong được giữ lại. Chạy lại "
                    "cùng lệnh với --resume để làm nốt {n} báo cáo.",
                    "Stopped by {signal}: the finished reports are kept. Run the same command "
                    "with --resume to make the remaining {n}."),
    "run_stopped_early": ("Đã dừng theo tín hiệu {signal} trước khi tạo báo cáo nào.",
                          "Stopped by {signal} before any report was made."),
    "run_stopping": ("Đang dừng ({signal}): chờ các tiến trình kết thúc…",
                     "Stopping ({signal}): waiting for the workers…"),
    "run_resume": ("--resume: {skipped} báo cáo không đổi được giữ nguyên, {todo} báo cáo cần chạy.",
                   "--resume: {skipped} unchanged reports kept, {todo} to make."),
    "run_year_failed": ("Năm {year}: dữ liệu không hợp lệ, {n} báo cáo ghi là lỗi: {error}",
                        "{year}: invalid data, {n} reports marked failed: {error}"),
    "run_leftovers": ("Đã dọn {n} thư mục tạm của lần chạy trước bị ngắt.",
                      "Removed {n} temporary folders left by an interrupted run."),
    "run_more_failed": ("… và {n} báo cáo lỗi khác (xem index.html)",
                        "… and {n} more failed reports (see index.html)"),
    "run_index": ("Mục lục: {path}", "Index: {path}"),
    "run_extras_failed": ("  số liệu chính / bảng Excel của {where}: {error}",
                          "  key numbers / workbook of {where}: {error}"),
    "run_extras_label": ("số liệu chính / bảng Excel", "key numbers / workbook"),
    # --- the Excel workbook -----------------------------------------------------------------------
    "xl_title": ("Chỉ số ICT Index {year} – {name}: {sheet}", "ICT Index {year} – {name}: {sheet}"),
    "xl_synthetic_mark": ("DỮ LIỆU GIẢ LẬP (minh hoạ, không phải số liệu chính thức)",
                          "SYNTHETIC DATA (for illustration, not official figures)"),
    "xl_sheet_ranking": ("Xếp hạng", "Ranking"),
    "xl_sheet_gaps": ("Khoảng cách", "Gaps"),
    "xl_sheet_breakeven": ("Mức cần đạt", "Break-even values"),
    "xl_sheet_plan": ("Phương án mục tiêu", "Target plan"),
    "xl_sheet_scenario": ("Kịch bản", "Scenario"),
    "xl_sheet_trends": ("Xu hướng", "Trends"),
    "xl_sheet_attribution": ("Thay đổi hạng", "Rank change"),
    "xl_sheet_sources": ("Nguồn dữ liệu", "Sources"),
    "xl_sheet_method": ("Thông tin kỹ thuật", "Technical details"),
    "xl_code": ("Mã tỉnh (GSO)", "Province code (GSO)"),
    "xl_province": ("Tỉnh, thành phố", "Province"),
    "xl_region": ("Vùng", "Region"),
    "xl_score_of": ("{node}: điểm (0–1)", "{node}: score (0–1)"),
    "xl_rank_of": ("{node}: hạng (1–{n})", "{node}: rank (1–{n})"),
    "xl_id": ("Mã", "Id"),
    "xl_name": ("Tên", "Name"),
    "xl_level": ("Cấp", "Level"),
    "xl_level_node": ("chỉ số", "index"),
    "xl_level_component": ("chỉ số thành phần", "component"),
    "xl_level_group": ("chỉ số thành phần con", "sub-index"),
    "xl_level_indicator": ("tiêu chí", "criterion"),
    "xl_unit": ("Đơn vị", "Unit"),
    "xl_unit_score": ("điểm (0–1)", "score (0–1)"),
    "xl_value": ("Giá trị của tỉnh", "Province's value"),
    "xl_rank": ("Hạng (1–{n})", "Rank (1–{n})"),
    "xl_gap_leader": ("Khoảng cách tới địa phương dẫn đầu (đơn vị của dòng)",
                      "Gap to the leader (row's unit)"),
    "xl_gap_above": ("Khoảng cách tới địa phương xếp ngay trên (đơn vị của dòng)",
                     "Gap to the province ranked just above (row's unit)"),
    "xl_gap_top_k": ("Khoảng cách tới ngưỡng hạng {k} (đơn vị của dòng)",
                     "Gap to the rank-{k} threshold (row's unit)"),
    "xl_gap_region_best": ("Khoảng cách tới địa phương tốt nhất vùng (đơn vị của dòng)",
                           "Gap to the best of the region (row's unit)"),
    "xl_gap_region_median": ("Khoảng cách tới trung vị vùng (đơn vị của dòng)",
                             "Gap to the regional median (row's unit)"),
    "xl_gap_median": ("Khoảng cách tới trung vị cả nước (đơn vị của dòng)",
                      "Gap to the national median (row's unit)"),
    "xl_leader": ("Địa phương dẫn đầu", "Leader"),
    "xl_region_best": ("Địa phương tốt nhất vùng", "Best of the region"),
    "xl_current": ("Giá trị hiện tại", "Current value"),
    "xl_sweep_lo": ("Khoảng xét: thấp nhất", "Range examined: lowest"),
    "xl_sweep_hi": ("Khoảng xét: cao nhất", "Range examined: highest"),
    "xl_rank_low": ("Hạng khi tiêu chí ở mức thấp nhất", "Rank at the lowest value"),
    "xl_rank_high": ("Hạng khi tiêu chí ở mức cao nhất", "Rank at the highest value"),
    "xl_swing": ("Biên độ thay đổi hạng (bậc)", "Rank swing (places)"),
    "xl_per_step": ("Số bậc tăng khi thêm 10% khoảng xét", "Places gained per 10% of the range"),
    "xl_breakeven": ("Mức cần đạt để tăng {m} bậc (đơn vị của tiêu chí)",
                     "Value needed to gain {m} places (criterion's unit)"),
    "xl_breakeven_target": ("Mức cần đạt để đạt hạng {k} (đơn vị của tiêu chí)",
                            "Value needed to reach rank {k} (criterion's unit)"),
    "xl_breakeven_note": ("Ô trống: không đạt được khi chỉ thay đổi tiêu chí này.",
                          "Empty cell: not reachable by changing this criterion alone."),
    "xl_others": ("Giả định về các địa phương khác", "What the other provinces do"),
    "xl_others_still": ("giữ nguyên số liệu", "stand still"),
    "xl_others_trend": ("tiếp tục cải thiện theo xu hướng", "keep their trend"),
    "xl_target_rank": ("Hạng mục tiêu", "Target rank"),
    "xl_verified_rank": ("Hạng đạt được (tính lại)", "Rank reached (recomputed)"),
    "xl_feasible": ("Đạt mục tiêu", "Target reached"),
    "xl_total_effort": ("Tổng mức nỗ lực quy đổi", "Total effort"),
    "xl_criterion": ("Tiêu chí", "Criterion"),
    "xl_target": ("Giá trị mục tiêu", "Target value"),
    "xl_change": ("Mức tăng", "Increase"),
    "xl_effort": ("Mức nỗ lực quy đổi (tỷ lệ của khoảng khả thi)",
                  "Effort (share of the feasible range)"),
    "xl_places_alone": ("Số bậc tăng nếu chỉ thay đổi tiêu chí này",
                        "Places gained by this change alone"),
    "xl_no_plan": ("Không có phương án: {why}", "No plan: {why}"),
    "xl_scenario": ("Kịch bản", "Scenario"),
    "xl_before_score": ("{node}: điểm trước (0–1)", "{node}: score before (0–1)"),
    "xl_after_score": ("{node}: điểm sau (0–1)", "{node}: score after (0–1)"),
    "xl_before_rank": ("{node}: hạng trước", "{node}: rank before"),
    "xl_after_rank": ("{node}: hạng sau", "{node}: rank after"),
    "xl_no_scenario": ("Không có tệp kịch bản cho năm {year} ({name}).",
                       "No scenario file for {year} ({name})."),
    "xl_note": ("Ghi chú", "Note"),
    "xl_year": ("Năm", "Year"),
    "xl_data_kind": ("Loại dữ liệu", "Kind of data"),
    "xl_synthetic_flag": ("Giả lập (SYNTHETIC)", "Synthetic (SYNTHETIC)"),
    "xl_source_file": ("Tệp nguồn", "Source file"),
    "xl_data_source": ("Mô tả nguồn (theo tệp dữ liệu)", "Source as the data file states it"),
    "xl_sha256": ("Mã băm SHA-256 của tệp", "SHA-256 of the file"),
    "xl_method_note": ("Ghi chú phương pháp", "Method note"),
    "xl_node": ("Chỉ số", "Index"),
    "xl_rank_before": ("Hạng năm {year}", "Rank in {year}"),
    "xl_rank_after": ("Hạng năm {year}", "Rank in {year}"),
    "xl_rank_total": ("Thay đổi hạng (bậc, âm = tăng hạng)", "Rank change (places, negative = up)"),
    "xl_rank_own": ("Do tự thân tỉnh (bậc)", "From the province's own change (places)"),
    "xl_rank_others": ("Do các địa phương khác (bậc)", "From the other provinces (places)"),
    "xl_rank_interaction": ("Tác động đan xen (bậc)", "Interaction (places)"),
    "xl_no_trends": ("Không tính được xu hướng qua các năm: {error}",
                     "The trends across years could not be computed: {error}"),
    "xl_no_attribution": ("Không có số liệu năm {year} để so sánh.", "No data of {year} to compare with."),
    "xl_item": ("Mục", "Item"),
    "xl_item_value": ("Giá trị", "Value"),
    "xl_m_framework": ("Khung chỉ số", "Framework"),
    "xl_m_normalisation": ("Chuẩn hoá", "Normalisation"),
    "xl_m_aggregation": ("Tổng hợp", "Aggregation"),
    "xl_m_rounding": ("Làm tròn (chữ số thập phân)", "Rounding (decimals)"),
    "xl_m_version": ("Phiên bản icttools", "icttools version"),
    "xl_m_year": ("Năm", "Year"),
    "xl_m_province": ("Tỉnh, thành phố", "Province"),
    "xl_m_target_rank": ("Hạng mục tiêu", "Target rank"),
    "xl_m_seed": ("Mã khởi tạo ngẫu nhiên", "Random seed"),
    "xl_m_lang": ("Ngôn ngữ", "Language"),
}

_TEXT = {lang: {k: nfc(v[i]) for k, v in RUN_PAIRS.items()} for i, lang in enumerate(("vi", "en"))}


def run_text(key: str, lang: str = "vi", **fields: Any) -> str:
    """The text ``key`` in ``lang`` (``"vi"`` or ``"en"``) with its ``{placeholders}`` filled.

    Raises
    ------
    InputError
        Unknown language.
    KeyError
        Unknown key (a programming error).
    """
    if lang not in _TEXT:
        raise InputError(f"lang must be 'vi' or 'en', got {lang!r}")
    text = _TEXT[lang][key]
    return text.format(**fields) if fields else text


def rank_change_text(before: int | None, after: int | None, lang: str = "vi") -> str:
    """A rank change in words and an arrow: ``tăng 5 bậc ▲`` (22 → 17), ``giảm 2 bậc ▼``,
    ``giữ nguyên hạng``; ``—`` when a rank is missing."""
    if before is None or after is None:
        return "—"
    if after < before:
        return run_text("rank_up", lang, n=before - after)
    if after > before:
        return run_text("rank_down", lang, n=after - before)
    return run_text("rank_same", lang)


def kind_text(kind: str, lang: str = "vi") -> str:
    """``synthetic`` / ``real`` / ``invalid`` in words."""
    return run_text(f"kind_{kind}" if f"kind_{kind}" in _TEXT[lang] else "kind_invalid", lang)
