"""Words the reader of a report sees, in Vietnamese and English.

Every title, heading, axis label, table header and sentence of the notebook reports comes from
:data:`TEXT` through :func:`t`, so a report switches language with one parameter. Names of
criteria, sub-indices and components come from the framework (``framework.label(id, lang)``);
province names from :func:`province_name`.

Vietnamese numbers use a decimal comma (``0,5066``): see :func:`fmt_num`.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from icttools.core.errors import InputError
from icttools.core.text import nfc
from icttools.present.strings_cli import CLI_PAIRS

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
}

#: The report templates (file stems); their titles are ``NOTEBOOK_TITLES[stem[:2]]``.
REPORT_NOTEBOOKS = ("00_data_quality", "01_index_overview", "02_gap_analysis", "03_rank_sensitivity",
                    "04_targets_scenarios", "05_trends")

# One entry per key: (Vietnamese, English). ``{name}`` placeholders are filled by ``t``.
_PAIRS: dict[str, tuple[str, str]] = {
    # --- header ------------------------------------------------------------------------------
    "report_title": ("Chỉ số ICT Index {year} – {name} ({code}): {title}",
                     "ICT Index {year} – {name} ({code}): {title}"),
    "params": ("Tham số", "Parameters"),
    "p_year": ("năm", "year"),
    "p_province": ("tỉnh", "province"),
    "p_framework": ("khung chỉ số", "framework"),
    "p_data_dir": ("thư mục dữ liệu", "data folder"),
    "p_lang": ("ngôn ngữ", "language"),
    "p_target_rank": ("hạng mục tiêu", "target rank"),
    "p_seed": ("seed", "seed"),
    "p_n_samples": ("số mẫu Monte Carlo", "Monte Carlo samples"),
    "synthetic_banner": (
        "**DỮ LIỆU GIẢ LẬP (SYNTHETIC) – không phải số liệu thật của Bộ TT&TT.** Bảng 30 tiêu chí "
        "của 63 tỉnh/thành phố được sinh ra để minh hoạ phương pháp; chỉ các số liệu đã công bố "
        "(điểm, thứ hạng và một số tiêu chí của Hà Giang năm 2018) là thật. Không rút ra kết luận "
        "về các tỉnh thật từ báo cáo này.",
        "**SYNTHETIC DATA – not the Ministry of Information and Communications' real figures.** The "
        "30-criteria table of the 63 provinces was generated to demonstrate the method; only the "
        "published figures (scores, ranks and some of Hà Giang's 2018 criteria) are real. Do not "
        "draw conclusions about real provinces from this report."),
    "source_line": ("Nguồn dữ liệu", "Data source"),
    # --- headings ----------------------------------------------------------------------------
    "sec_source": ("Nguồn và phạm vi dữ liệu", "Data source and coverage"),
    "sec_source_note": ("Dữ liệu đầu vào đã qua kiểm tra (đủ tỉnh, đủ tiêu chí, giá trị là số và "
                        "nằm trong miền hợp lệ); bảng dưới tóm tắt phạm vi theo vùng.",
                        "The input passed validation (every province, every criterion, numeric "
                        "values within the valid ranges); the table below sums up the coverage "
                        "by region."),
    "sec_validation": ("Kết quả kiểm tra", "Validation results"),
    "sec_validation_note": ("Các quy tắc bắt buộc (lỗi chặn việc tính toán) và các kiểm tra cảnh "
                            "báo (không chặn).",
                            "Blocking rules (an error stops the computation) and warning checks "
                            "(not blocking)."),
    "sec_distributions": ("Phân bố giá trị từng tiêu chí", "Distribution of each criterion"),
    "sec_distributions_note": ("Mỗi ô: giá trị của 63 tỉnh (hộp: tứ phân vị), tỉnh đang xét là "
                               "hình thoi đỏ.",
                               "Each panel: the values of the 63 provinces (box: quartiles); "
                               "the province is the red diamond."),
    "sec_outliers": ("Giá trị ngoại lai", "Outliers"),
    "sec_outliers_note": ("Giá trị có |z bền| > {cut} (z bền = (x − trung vị) / (1,4826 × MAD)). "
                          "Ngoại lai không phải lỗi, nhưng nó kéo giãn thang chuẩn hoá của tiêu chí.",
                          "Values with |robust z| > {cut} (robust z = (x − median) / "
                          "(1.4826 × MAD)). An outlier is not an error, but it stretches the "
                          "criterion's normalisation."),
    "sec_imputations": ("Giá trị được điền bù", "Imputed values"),
    "sec_ranking": ("Xếp hạng 63 tỉnh/thành phố", "Ranking of the 63 provinces"),
    "sec_ranking_note": ("Chỉ số được tính lại từ bảng tiêu chí theo phương pháp mặc định "
                         "({method}).",
                         "The index recomputed from the criteria table with the default method "
                         "({method})."),
    "sec_nodes": ("Điểm và hạng theo trụ cột và chỉ số thành phần",
                  "Scores and ranks by component and sub-index"),
    "sec_subindex": ("Chỉ số thành phần của 63 tỉnh", "Sub-indices of the 63 provinces"),
    "sec_profile": ("Hồ sơ chỉ số thành phần", "Sub-index profile"),
    "sec_published": ("Đối chiếu với số liệu đã công bố", "Agreement with the published figures"),
    "sec_references": ("Các mốc so sánh", "References"),
    "sec_references_note": ("Khoảng cách = mốc so sánh − tỉnh; điểm mất = phần chênh lệch điểm "
                            "tổng hợp do từng tiêu chí (cộng lại bằng chênh lệch điểm).",
                            "Gap = reference − province; points = the share of the overall score "
                            "gap due to each criterion (they add up to the score gap)."),
    "sec_gap_nodes": ("Khoảng cách theo trụ cột và chỉ số thành phần (điểm)",
                      "Gaps by component and sub-index (score points)"),
    "sec_gap_criteria": ("Khoảng cách theo tiêu chí (đơn vị của tiêu chí)",
                         "Gaps by criterion (in the criterion's unit)"),
    "sec_waterfall": ("Khoảng cách điểm tách theo tiêu chí", "The score gap split by criterion"),
    "sec_contrib": ("Điểm mất theo tiêu chí và mốc so sánh", "Points by criterion and reference"),
    "sec_strengths": ("Điểm mạnh và điểm yếu", "Strengths and weaknesses"),
    "sec_heatmap": ("Thứ hạng từng tiêu chí trong vùng", "Criterion ranks within the region"),
    "sec_tornado": ("Tiêu chí tác động mạnh nhất đến thứ hạng", "Criteria that move the rank most"),
    "sec_tornado_note": ("Mỗi tiêu chí được thay đổi một mình trên toàn khoảng quét, các giá trị "
                         "khác giữ nguyên, và chỉ số được tính lại toàn bộ.",
                         "Each criterion is changed alone over its whole sweep, everything else "
                         "fixed, and the whole index is recomputed."),
    "sec_curves": ("Đường cong thứ hạng", "Rank curves"),
    "sec_breakeven": ("Giá trị hoà vốn", "Break-even values"),
    "sec_breakeven_note": ("Giá trị nhỏ nhất của một tiêu chí (chỉ thay đổi tiêu chí đó) để tăng "
                           "1, 3, 5 bậc hoặc vào top {k}; đã kiểm chứng bằng tính lại. "
                           "Ô trống: không đạt được chỉ với tiêu chí này.",
                           "The smallest value of one criterion (changed alone) that gains 1, 3, "
                           "5 places or reaches the top {k}, verified by recomputation. Empty: "
                           "not reachable with this criterion alone."),
    "sec_uncertainty": ("Độ vững của thứ hạng trước các lựa chọn phương pháp chưa công bố",
                        "Robustness of the ranks to the unpublished method choices"),
    "sec_uncertainty_note": ("{n} phương án phương pháp (seed {seed}): chuẩn hoá (3 cách), trọng số "
                             "chỉ số thành phần và trụ cột ±25 %, tổng hợp cộng hoặc nhân.",
                             "{n} method variants (seed {seed}): normalisation (3 ways), sub-index "
                             "and component weights ±25 %, arithmetic or geometric aggregation."),
    "sec_sobol": ("Lựa chọn nào gây biến động thứ hạng (chỉ số Sobol)",
                  "Which choice moves the rank (Sobol indices)"),
    "sec_plan_still": ("Kế hoạch ít nỗ lực nhất – các tỉnh khác giữ nguyên",
                       "Least-effort plan – other provinces stand still"),
    "sec_plan_trend": ("Kế hoạch ít nỗ lực nhất – các tỉnh khác theo xu hướng",
                       "Least-effort plan – other provinces keep their trend"),
    "sec_plan_chart": ("So sánh hai kế hoạch", "The two plans compared"),
    "sec_scenario": ("Kịch bản Kế hoạch 126/KH-UBND", "Scenario: plan 126/KH-UBND"),
    "sec_scenario_changes": ("Các thay đổi của kịch bản", "The scenario's changes"),
    "sec_history": ("Điểm và hạng qua các năm", "Scores and ranks across years"),
    "sec_attribution": ("Thay đổi thứ hạng: do tỉnh hay do các tỉnh khác",
                        "Rank changes: own progress or the others"),
    "sec_attribution_note": ("Tự thân: hạng khi chỉ tỉnh có số liệu năm sau; tỉnh khác: khi chỉ các "
                             "tỉnh khác có số liệu năm sau; tương tác: phần còn lại. Số âm = tăng hạng.",
                             "Own: the rank change if only the province had next year's values; "
                             "others: if only the other provinces had; interaction: the rest. "
                             "Negative = moved up."),
    "sec_changes": ("Các tiêu chí đã thay đổi", "What changed in the criteria"),
    # --- tables ------------------------------------------------------------------------------
    "col_rank": ("Hạng", "Rank"),
    "col_province": ("Tỉnh/thành phố", "Province"),
    "col_region": ("Vùng", "Region"),
    "col_score": ("Điểm", "Score"),
    "col_node": ("Chỉ số", "Index"),
    "col_level": ("Cấp", "Level"),
    "col_criterion": ("Tiêu chí", "Criterion"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_value": ("Giá trị", "Value"),
    "col_leader": ("Tỉnh dẫn đầu", "Leader"),
    "col_leader_score": ("Điểm tỉnh dẫn đầu", "Leader's score"),
    "col_median": ("Trung vị cả nước", "National median"),
    "col_region_median": ("Trung vị vùng", "Regional median"),
    "col_marker": ("", ""),
    "col_item": ("Mục", "Item"),
    "col_count": ("Số lượng", "Count"),
    "col_check": ("Kiểm tra", "Check"),
    "col_kind": ("Loại", "Kind"),
    "col_result": ("Kết quả", "Result"),
    "col_detail": ("Chi tiết", "Detail"),
    "col_provinces": ("Số tỉnh", "Provinces"),
    "col_expected": ("Dự kiến", "Expected"),
    "col_imputed": ("Giá trị điền bù", "Imputed values"),
    "col_valid_range": ("Miền hợp lệ", "Valid range"),
    "col_min": ("Nhỏ nhất", "Min"),
    "col_q1": ("Q1", "Q1"),
    "col_q3": ("Q3", "Q3"),
    "col_max": ("Lớn nhất", "Max"),
    "col_mean": ("Trung bình", "Mean"),
    "col_sd": ("Độ lệch chuẩn", "SD"),
    "col_n_outliers": ("Số ngoại lai", "Outliers"),
    "col_province_value": ("Giá trị của tỉnh", "Province's value"),
    "col_province_rank": ("Hạng của tỉnh", "Province's rank"),
    "col_robust_z": ("z bền", "Robust z"),
    "col_method": ("Phương pháp", "Method"),
    "col_n_values": ("Số tỉnh lấy trung bình", "Provinces averaged"),
    "col_quantity": ("Đại lượng", "Quantity"),
    "col_published": ("Công bố", "Published"),
    "col_computed": ("Tính lại", "Computed"),
    "col_ok": ("Khớp", "Agrees"),
    "col_confidence": ("Độ tin cậy", "Confidence"),
    "col_source": ("Nguồn", "Source"),
    "col_reference": ("Mốc so sánh", "Reference"),
    "col_ref_province": ("Tỉnh làm mốc", "Reference province"),
    "col_ref_score": ("Điểm mốc", "Reference score"),
    "col_score_gap": ("Chênh lệch điểm", "Score gap"),
    "col_points": ("Điểm mất", "Points"),
    "col_list": ("Danh sách", "List"),
    "col_current": ("Hiện tại", "Current"),
    "col_target": ("Mục tiêu", "Target"),
    "col_change": ("Thay đổi", "Change"),
    "col_effort": ("Nỗ lực", "Effort"),
    "col_places_alone": ("Số bậc tăng nếu riêng", "Places gained alone"),
    "col_plus_places": ("+{m} bậc", "+{m} places"),
    "col_plus_place": ("+{m} bậc", "+{m} place"),
    "col_top_k": ("Top {k}", "Top {k}"),
    "col_per_step": ("Số bậc / +10 %", "Places per +10 %"),
    "col_sweep": ("Khoảng quét", "Sweep"),
    "col_rank_low": ("Hạng ở đầu thấp", "Rank at low end"),
    "col_rank_high": ("Hạng ở đầu cao", "Rank at high end"),
    "col_nominal": ("Hạng danh nghĩa", "Nominal rank"),
    "col_median_rank": ("Hạng trung vị", "Median rank"),
    "col_p05": ("P5", "P5"),
    "col_p95": ("P95", "P95"),
    "col_p_top_k": ("Xác suất top {k}", "P(top {k})"),
    "col_inside": ("Trong khoảng", "Inside"),
    "col_group": ("Nhóm lựa chọn", "Group of choices"),
    "col_s1": ("S1 (bậc một)", "S1 (first order)"),
    "col_s1_conf": ("± S1", "± S1"),
    "col_st": ("ST (toàn phần)", "ST (total)"),
    "col_st_conf": ("± ST", "± ST"),
    "col_mode": ("Các tỉnh khác", "Other provinces"),
    "col_feasible": ("Khả thi", "Feasible"),
    "col_verified_rank": ("Hạng kiểm chứng", "Verified rank"),
    "col_best_rank": ("Hạng tốt nhất có thể đạt", "Best reachable rank"),
    "col_verified_score": ("Điểm kiểm chứng", "Verified score"),
    "col_total_effort": ("Tổng nỗ lực", "Total effort"),
    "col_greedy_effort": ("Nỗ lực (tham lam)", "Effort (greedy)"),
    "col_score_before": ("Điểm trước", "Score before"),
    "col_score_after": ("Điểm sau", "Score after"),
    "col_rank_before": ("Hạng trước", "Rank before"),
    "col_rank_after": ("Hạng sau", "Rank after"),
    "col_rank_change": ("Thay đổi hạng", "Rank change"),
    "col_score_change": ("Thay đổi điểm", "Score change"),
    "col_operation": ("Thao tác", "Operation"),
    "col_before": ("Trước", "Before"),
    "col_after": ("Sau", "After"),
    "col_comment": ("Giải thích", "Comment"),
    "col_years": ("Giai đoạn", "Period"),
    "col_total": ("Tổng", "Total"),
    "col_own": ("Tự thân", "Own"),
    "col_others": ("Tỉnh khác", "Others"),
    "col_interaction": ("Tương tác", "Interaction"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "level_node": ("trụ cột", "component"),
    "level_root": ("tổng hợp", "overall"),
    "level_group": ("chỉ số thành phần", "sub-index"),
    "level_indicator": ("tiêu chí", "criterion"),
    "kind_rule": ("bắt buộc", "blocking"),
    "kind_warning": ("cảnh báo", "warning"),
    "ok": ("đạt", "passed"),
    "warn": ("lưu ý", "note"),
    # --- source table ------------------------------------------------------------------------
    "item_source": ("Nguồn dữ liệu (cột data_source)", "Data source (data_source column)"),
    "item_file": ("Tệp đầu vào", "Input file"),
    "item_sha": ("SHA-256 (12 ký tự đầu)", "SHA-256 (first 12 characters)"),
    "item_kind": ("Loại bảng", "Table kind"),
    "item_synthetic": ("Dữ liệu giả lập", "Synthetic data"),
    "item_provinces": ("Số tỉnh/thành phố", "Provinces"),
    "item_indicators": ("Số tiêu chí", "Criteria"),
    "item_imputed": ("Giá trị điền bù", "Imputed values"),
    "item_years": ("Các năm có dữ liệu", "Years with data"),
    "item_framework": ("Khung chỉ số", "Framework"),
    "none_text": ("(không có)", "(none)"),
    "kind_indicators": ("giá trị tiêu chí", "criterion values"),
    "kind_counts": ("số liệu gốc (đếm)", "raw counts"),
    # --- validation checks -------------------------------------------------------------------
    "chk_provinces": ("Đủ 63 tỉnh, không trùng, mã hợp lệ", "All 63 provinces, no duplicates, valid codes"),
    "chk_columns": ("Đủ các tiêu chí của khung chỉ số", "Every criterion of the framework present"),
    "chk_numeric": ("Giá trị là số", "Values are numbers"),
    "chk_range": ("Giá trị nằm trong miền hợp lệ", "Values within the valid range"),
    "chk_missing": ("Không thiếu giá trị (sau điền bù)", "No missing value (after imputation)"),
    "chk_constant": ("Tiêu chí không đổi giữa các tỉnh (không mang thông tin)",
                     "Criteria constant across provinces (carry no information)"),
    "chk_bounds": ("Giá trị đúng bằng cận của miền hợp lệ", "Values exactly at a bound of the valid range"),
    "chk_outliers": ("Giá trị ngoại lai (|z bền| > {cut})", "Outliers (|robust z| > {cut})"),
    "chk_imputed": ("Giá trị được điền bù", "Imputed values"),
    "chk_pass_detail": ("dữ liệu đã đọc được và tính được chỉ số", "the data were read and the index computed"),
    "no_imputations": ("Không có giá trị nào được điền bù: mọi giá trị đều lấy từ tệp đầu vào.",
                       "No value was imputed: every value comes from the input file."),
    "no_outliers": ("Không có giá trị ngoại lai theo ngưỡng này.", "No outlier at this threshold."),
    # --- findings ----------------------------------------------------------------------------
    "f_quality": ("Bảng năm {year} có {n_prov} tỉnh/thành phố × {n_ind} tiêu chí ({n_cells} giá trị), "
                  "{imputed}; số giá trị ngoại lai: {n_out} (ở {n_out_ind} tiêu chí). {province_part}",
                  "The {year} table has {n_prov} provinces × {n_ind} criteria ({n_cells} values), "
                  "{imputed}; outlying values: {n_out} (in {n_out_ind} criteria). {province_part}"),
    "f_quality_imputed0": ("không có giá trị điền bù", "none imputed"),
    "f_quality_imputed": ("{n} giá trị được điền bù", "{n} imputed"),
    "f_quality_province": ("Số giá trị ngoại lai của {name}: {n}{which}.",
                           "Outlying values of {name}: {n}{which}."),
    "f_quality_province0": ("{name} không có giá trị ngoại lai.", "{name} has no outlying value."),
    "f_rank": ("{name} xếp thứ {rank}/{n} ({score})", "{name} ranks {rank}/{n} ({score})"),
    "f_overview": ("{rank_part}; tốt nhất ở {best} (hạng {best_rank}), kém nhất ở {worst} "
                   "(hạng {worst_rank}). Tỉnh dẫn đầu: {leader} ({leader_score}). {published_part}",
                   "{rank_part}; best on {best} (rank {best_rank}), worst on {worst} "
                   "(rank {worst_rank}). Leader: {leader} ({leader_score}). {published_part}"),
    "f_published": ("Tính lại khớp {ok}/{total} số liệu đã công bố của năm {year}.",
                    "The recomputation agrees with {ok}/{total} published figures of {year}."),
    "f_published_none": ("Năm {year} chưa có số liệu công bố để đối chiếu.",
                         "No published figure of {year} to compare with."),
    "f_published_missing": ("Không tìm thấy tệp số liệu công bố.", "The published figures file was not found."),
    "f_gaps": ("{rank_part}, kém tỉnh dẫn đầu {leader} {gap} điểm; ba tiêu chí kéo điểm xuống nhiều "
               "nhất so với tỉnh dẫn đầu là {costliest}. {topk_part}",
               "{rank_part}, {gap} points behind the leader {leader}; the three criteria that cost "
               "the most points against the leader are {costliest}. {topk_part}"),
    "f_gaps_leader": ("{rank_part} và đang dẫn đầu; tỉnh xếp thứ hai là {second} ({gap} điểm thấp hơn).",
                      "{rank_part} and leads; the runner-up is {second} ({gap} points lower)."),
    "f_topk_in": ("Tỉnh đã ở trong top {k}.", "The province is already in the top {k}."),
    "f_topk_out": ("Để vào top {k} cần thêm khoảng {gap} điểm (ngưỡng: {ref}, hạng {ref_rank}).",
                   "Reaching the top {k} needs about {gap} more points (threshold: {ref}, rank {ref_rank})."),
    "f_sens": ("{rank_part}. Chỉ cải thiện một tiêu chí, hạng lên nhiều nhất với {up}; chỉ một tiêu chí "
               "giảm, hạng tụt nhiều nhất với {down}. {alone_part} Với các lựa chọn phương pháp chưa "
               "công bố, hạng nằm trong khoảng {p05}–{p95} ở 90 % phương án (trung vị {median}); nhóm "
               "lựa chọn gây biến động lớn nhất: {sobol}.",
               "{rank_part}. Improving a single criterion lifts the rank most with {up}; a single "
               "criterion falling drops it most with {down}. {alone_part} Under the unpublished method "
               "choices, the rank lies within {p05}–{p95} in 90 % of the variants (median {median}); "
               "the choice that moves it most: {sobol}."),
    "f_sens_up": ("{label} (tới hạng {rank})", "{label} (up to rank {rank})"),
    "f_sens_down": ("{label} (xuống hạng {rank})", "{label} (down to rank {rank})"),
    "f_sens_none": ("không tiêu chí nào", "no criterion"),
    "f_sens_alone": ("Chỉ riêng {label} có thể đưa tỉnh vào top {k} nếu đạt {value} {unit}.",
                     "{label} alone can bring the province into the top {k} at {value} {unit}."),
    "f_sens_alone_none": ("Không tiêu chí nào một mình đưa được tỉnh vào top {k}.",
                          "No single criterion alone brings the province into the top {k}."),
    "f_sens_already": ("Tỉnh đã ở trong top {k}.", "The province is already in the top {k}."),
    "f_targets": ("{rank_part}. {still} {trend}", "{rank_part}. {still} {trend}"),
    "f_plan": ("{mode_label}: {outcome}", "{mode_label}: {outcome}"),
    "f_plan_ok": ("đạt hạng {rank} với tổng nỗ lực {effort}, thay đổi {n} tiêu chí ({items}).",
                  "rank {rank} with total effort {effort}, changing {n} criteria ({items})."),
    "f_plan_none": ("mục tiêu đã đạt, không cần thay đổi.", "the target already holds; no change is needed."),
    "f_plan_out": ("top {k} ngoài tầm với trong giới hạn giả định; hạng tốt nhất có thể đạt là {best} "
                   "(tổng nỗ lực {effort}).",
                   "the top {k} is out of reach within the assumed caps; the best reachable rank is "
                   "{best} (total effort {effort})."),
    "f_plan_missing": ("không có dữ liệu năm {prev} nên không tính được xu hướng.",
                       "no {prev} data, so no trend can be computed."),
    "mode_still": ("Các tỉnh khác giữ nguyên", "Others stand still"),
    "mode_trend": ("Các tỉnh khác theo xu hướng", "Others keep their trend"),
    "f_scenario": ("Kịch bản «{scenario}»: {name} {effects}. {note}",
                   "Scenario “{scenario}”: {name} {effects}. {note}"),
    "f_scenario_effect": ("hạng {before} → {after} (điểm {score_before} → {score_after}) khi {mode}",
                          "rank {before} → {after} (score {score_before} → {score_after}) when {mode}"),
    "f_scenario_baseline": ("(không có kế hoạch: hạng {rank})", "(without the plan: rank {rank})"),
    "col_rank_no_plan": ("Hạng nếu không có kế hoạch", "Rank without the plan"),
    "mode_still_lc": ("các tỉnh khác giữ nguyên", "the others stand still"),
    "mode_trend_lc": ("các tỉnh khác theo xu hướng", "the others keep their trend"),
    "f_scenario_year": ("Kịch bản {scenario} được viết cho số liệu năm {scenario_year}; chọn year={scenario_year} "
                        "để xem tác động.",
                        "Scenario {scenario} is written for the {scenario_year} data; run with "
                        "year={scenario_year} to see its effect."),
    "f_scenario_missing": ("Không tìm thấy tệp kịch bản {file}.", "Scenario file {file} not found."),
    "f_scenario_bystander": ("(tỉnh không được kịch bản nêu tên; chỉ chịu tác động gián tiếp)",
                             "(the scenario does not name the province; it is affected only indirectly)"),
    "f_trend_missing": ("Không có dữ liệu năm {prev}: chế độ \"theo xu hướng\" cần số liệu của năm "
                        "trước. Các năm có dữ liệu: {years}.",
                        "No {prev} data: the \"keep their trend\" mode needs the previous year's table. "
                        "Years with data: {years}."),
    "f_trends": ("{name} qua {n} năm ({years}): hạng tổng hợp {path}. {pair_part}",
                 "{name} over {n} years ({years}): overall rank {path}. {pair_part}"),
    "f_trends_pair": ("Từ {y0} đến {y1}, hạng thay đổi {total} bậc: {own} do chính tỉnh, {others} do "
                      "các tỉnh khác, {interaction} do tương tác (số âm = tăng hạng).",
                      "From {y0} to {y1} the rank changed by {total}: {own} from its own progress, "
                      "{others} from the others, {interaction} from their interaction (negative = "
                      "moved up)."),
    "f_trends_one": ("{name}: chỉ có dữ liệu năm {years}; cần ít nhất hai năm để xem xu hướng.",
                     "{name}: data for {years} only; trends need at least two years."),
    "and": ("và", "and"),
    # --- chart labels (icttools.present.plots) ------------------------------------------------
    "ch_ranking_title": ("Xếp hạng {node} năm {year}", "{node} ranking, {year}"),
    "ch_ranking_title_noyear": ("Xếp hạng {node}", "{node} ranking"),
    "ch_score": ("Điểm", "Score"),
    "ch_rank": ("Hạng", "Rank"),
    "ch_top_k": ("Ngưỡng hạng {k}", "Rank {k} threshold"),
    "ch_profile_title": ("Chỉ số thành phần con: {name} so với các mốc so sánh",
                         "Sub-indices: {name} against the references"),
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
    "alt_profile": ("Chỉ số thành phần con cao nhất của {name}: “{best}” ({best_score} điểm); thấp nhất: "
                    "“{worst}” ({worst_score} điểm).",
                    "{name}'s highest sub-index: “{best}” ({best_score} points); lowest: “{worst}” "
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
    # --- Sobol groups ------------------------------------------------------------------------
    "sobol_normalisation": ("Phương pháp chuẩn hoá", "Normalisation"),
    "sobol_subindex_weights": ("Trọng số chỉ số thành phần", "Sub-index weights"),
    "sobol_component_weights": ("Trọng số trụ cột", "Component weights"),
    "sobol_aggregation": ("Phép tổng hợp", "Aggregation"),
    # --- references --------------------------------------------------------------------------
    "ref_leader": ("Tỉnh dẫn đầu", "Leader"),
    "ref_above": ("Tỉnh xếp ngay trên", "Province just above"),
    "ref_top-k": ("Ngưỡng top {k}", "Top-{k} threshold"),
    "ref_region-best": ("Tỉnh tốt nhất vùng", "Best in region"),
    "ref_region-median": ("Trung vị vùng", "Regional median"),
    "ref_median": ("Trung vị cả nước", "National median"),
    "ref_virtual": ("tỉnh trung vị ảo", "virtual median province"),
    "strengths": ("Mạnh nhất (hạng tốt nhất)", "Strengths (best ranks)"),
    "weaknesses": ("Yếu nhất (hạng kém nhất)", "Weaknesses (worst ranks)"),
    "costliest": ("Mất nhiều điểm nhất so với tỉnh dẫn đầu", "Costing the most points against the leader"),
    "not_additive": ("Phép tổng hợp nhân: không tách được khoảng cách điểm theo tiêu chí.",
                     "Geometric aggregation: the score gap does not split by criterion."),
    "is_reference": ("Tỉnh chính là mốc so sánh ({ref}): khoảng cách bằng 0.",
                     "The province is itself the reference ({ref}): the gap is 0."),
    "province_first": ("Tỉnh đang xếp thứ 1: không có tỉnh xếp trên.",
                       "The province ranks 1st: no province above it."),
}

#: ``TEXT[lang][key]``: every string of the reports, NFC-normalised.
def _merged_pairs() -> dict[str, tuple]:
    clash = sorted(set(_PAIRS) & set(CLI_PAIRS))
    if clash:  # a programming error: one key, one meaning
        raise RuntimeError(f"i18n: keys defined twice: {', '.join(clash)}")
    return {**_PAIRS, **CLI_PAIRS}


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
    """A share in [0, 1] as a percentage (``45 %``)."""
    if x is None:
        return "—"
    return f"{fmt_num(100 * float(x), decimals, lang)} %"


def province_name(code: str, lang: str = "vi", units: Any = None) -> str:
    """Display name of a province: the Vietnamese name, or the ASCII name in English.

    ``units`` (a framework's :class:`~icttools.core.units.UnitSpec`) names the unit set the code
    belongs to; codes are per era (34-era 80 is Tây Ninh, 63-era 80 was Long An). Default: the 63.
    """
    if units is not None and units.kind != "vn63":
        from icttools.core.units import unit_names

        return unit_names(units, [str(code)], lang)[0]
    from icttools.core.provinces import resolve_province

    prov = resolve_province(code)
    return prov.name_vi if lang == "vi" else prov.name_ascii


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
