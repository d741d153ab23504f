"""Words of the notebook reports, in Vietnamese and English (data).

``REPORT_PAIRS[key] = (vi, en)``, merged into :data:`icttools.present.i18n.TEXT`. The Vietnamese
is written as an official text writes it (``../shared/docs/vietnamese-review.md``): the terms of
:mod:`icttools.present.glossary`, rank changes in words ("tăng 5 bậc", "giữ nguyên hạng"),
"17/63 tỉnh, thành phố", "nhóm 10 địa phương dẫn đầu", "Kế hoạch" only for plan 126/KH-UBND,
no space before "%", thousands with a dot (``2.000``). Method words (Monte Carlo, Sobol, seed,
the method's own names) appear only in the annex keys (``annex_*``, ``p_*``, ``col_*_code``,
``m_*``). Key prefixes: ``s_`` sentences of the key messages, ``sec_``/``sub_`` headings and their
notes, ``col_`` table headers, ``note_`` notes under tables, ``prov_`` provenance, ``ph_`` small
phrases, ``w_`` words, ``op_`` scenario operations, ``annex_`` annex paragraphs.
"""

from __future__ import annotations

REPORT_PAIRS: dict[str, tuple] = {
    # --- title, banner, provenance ---------------------------------------------------------------
    "report_title": ("Chỉ số ICT Index năm {year} – {name}: {title}", "ICT Index {year} – {name}: {title}"),
    "synthetic_banner": (
        "**Dữ liệu giả lập (SYNTHETIC) – dùng để minh hoạ, không phải số liệu thật của Bộ Thông tin "
        "và Truyền thông.** Bảng 30 tiêu chí của 63 tỉnh, thành phố được sinh ra để minh hoạ phương "
        "pháp và hiệu chỉnh theo các số liệu đã công bố; chỉ các số liệu đã công bố (điểm, thứ hạng "
        "và một số tiêu chí của Hà Giang năm 2018) là thật. Không rút ra kết luận về các tỉnh, thành "
        "phố thật từ báo cáo này.",
        "**Synthetic data (SYNTHETIC) – for illustration, not the Ministry of Information and "
        "Communications' real figures.** The 30-criteria table of the 63 provinces was generated to "
        "demonstrate the method and calibrated to the published figures; only the published figures "
        "(scores, ranks and some of Hà Giang's 2018 criteria) are real. Do not draw conclusions about "
        "real provinces from this report."),
    "prov_years": ("Số liệu dùng trong báo cáo: {kinds}.", "Data used in this report: {kinds}."),
    "prov_year_kind": ("năm {year} – {kind}{role}", "{year} – {kind}{role}"),
    "prov_synthetic": ("dữ liệu giả lập", "synthetic data"),
    "prov_real": ("số liệu thật", "real data"),
    "prov_synthetic_short": ("giả lập (SYNTHETIC)", "synthetic (SYNTHETIC)"),
    "prov_real_short": ("số liệu thật", "real"),
    "prov_role_trend": ("(để tính xu hướng của các địa phương khác)", "(for the other provinces' trend)"),
    "prov_role_history": ("(so sánh qua các năm)", "(for the comparison across years)"),
    "prov_mixed": ("Các năm {synthetic} là dữ liệu giả lập, các năm {real} là số liệu thật: phần so sánh "
                   "với các năm giả lập chỉ để minh hoạ.",
                   "The years {synthetic} are synthetic data and {real} real data: comparisons with the "
                   "synthetic years are for illustration only."),
    "prov_sources": ("Nguồn: {sources}.", "Source: {sources}."),
    "prov_method_years": ("Phương pháp {first}–{last} áp dụng cho năm {years}: Bộ Thông tin và Truyền thông "
                          "có thể đã thay đổi cách tính từ năm đó.",
                          "The {first}–{last} method applied to {years}: the Ministry may have changed "
                          "the method since."),
    "prov_caption": ("Nguồn: icttools, tính từ số liệu Chỉ số ICT Index {years}.",
                     "Source: icttools, computed from the ICT Index data of {years}."),
    "prov_caption_other": ("Nguồn: icttools, tính từ số liệu {index} {years}.",
                           "Source: icttools, computed from the {index} data of {years}."),
    "prov_caption_year": ("năm {year} ({kind})", "{year} ({kind})"),  # kind: prov_synthetic / prov_real
    # --- key messages, annex ---------------------------------------------------------------------
    "sec_key_messages": ("Kết luận chính", "Key messages"),
    "todo": ("Việc cần làm", "What to do"),
    "sec_annex": ("Phương pháp và nguồn", "Method and sources"),
    "sec_annex_note": ("Phần này dành cho người kiểm tra kết quả: tham số của lần chạy, nguồn số liệu "
                       "từng năm và cách tính, với tên kỹ thuật của từng bước.",
                       "For reviewers: the run's parameters, the data of every year and the method, with "
                       "the technical name of each step."),
    "sub_parameters": ("Tham số của lần chạy", "The run's parameters"),
    "sub_sources": ("Nguồn số liệu", "Data sources"),
    "sub_method": ("Cách tính chỉ số", "How the index is computed"),
    "sub_published": ("Đối chiếu với số liệu đã công bố", "Agreement with the published figures"),
    "sub_stats": ("Thống kê mô tả của từng tiêu chí", "Descriptive statistics of each criterion"),
    "sub_outliers_method": ("Cách xác định giá trị ngoại lai", "How outliers are found"),
    "sub_montecarlo": ("Phương án tính thử và mức độ ảnh hưởng", "Trial calculations and effects"),
    "sub_gap_method": ("Cách tính khoảng cách", "How the gaps are computed"),
    "sub_gap_method_note": (
        "Khoảng cách = giá trị của mốc so sánh trừ giá trị của tỉnh (điểm hoặc đơn vị của tiêu chí). "
        "Mức đóng góp = phần chênh lệch điểm tổng hợp do từng tiêu chí: trọng số hiệu dụng của tiêu chí "
        "nhân với chênh lệch giá trị đã chuẩn hoá (z-score, qua bước co giãn min–max của chỉ số thành "
        "phần con); các mức đóng góp cộng lại bằng chênh lệch điểm (phép tổng hợp arithmetic). Trung vị "
        "(mức giữa) là điểm ở giữa của các tỉnh, thành phố, một định nghĩa cho cả nước và cho vùng.",
        "Gap = the reference's value minus the province's (index points or the criterion's unit). "
        "Contribution = the share of the overall score gap due to each criterion: its effective weight "
        "times the difference of the normalised values (z-score, through the sub-index's min–max "
        "rescaling); the contributions add up to the score gap (arithmetic aggregation). The median is "
        "the middle score of the provinces, one definition for the country and for the region."),
    "sub_plan_method": ("Cách tìm phương án", "How the options are found"),
    "sub_scenario_file": ("Kịch bản như được ghi trong tệp", "The scenario as written in its file"),
    "sub_attribution_method": ("Cách tách thay đổi thứ hạng", "How a rank change is split"),
    "sub_attribution_method_note": (
        "Do tự thân: thay đổi thứ hạng nếu chỉ số liệu của tỉnh được cập nhật sang năm sau; do các "
        "địa phương khác: nếu chỉ số liệu của các địa phương khác được cập nhật; tác động đan xen: "
        "phần còn lại. Ba phần cộng lại bằng thay đổi thực tế. Tác động đan xen có thể lớn: khi tỉnh và "
        "các địa phương khác cùng thay đổi, thang chuẩn hoá của từng tiêu chí cũng thay đổi, nên hai "
        "phần kia chỉ là cách chia gần đúng.",
        "Own: the rank change if only the province's values moved to the next year; others: if only "
        "the other provinces' values did; interaction: the rest. The three parts add up to the actual "
        "change. The interaction can be large: when the province and the others move together, each "
        "criterion's normalisation scale moves too, so the other two parts are an approximate split."),
    "annex_00": ("Giá trị ngoại lai: giá trị có |điểm z hiệu chỉnh (robust z)| > {cut}, với robust z = "
                 "(x − trung vị) / (1,4826 × MAD) và MAD là độ lệch tuyệt đối trung vị của tiêu chí (ngưỡng "
                 "của Iglewicz và Hoaglin). Giá trị ngoại lai không phải là lỗi số liệu, nhưng làm giãn thang "
                 "chuẩn hoá của tiêu chí.",
                 "Outlier: a value with |robust z| > {cut}, where robust z = (x − median) / (1.4826 × MAD) and "
                 "MAD is the criterion's median absolute deviation (Iglewicz and Hoaglin's threshold). An "
                 "outlier is not an error, but it stretches the criterion's normalisation."),
    "annex_03": ("Phương án tính thử (Monte Carlo): {n} phương án, mã khởi tạo ngẫu nhiên (seed) {seed}. "
                 "Mỗi phương án chọn ngẫu nhiên cách chuẩn hoá ({norms}), cách tổng hợp trên chỉ số thành phần "
                 "con ({aggs}; trung bình nhân lấy đầu vào tối thiểu 0,01) và nhân trọng số của các chỉ số "
                 "thành phần con và các chỉ số thành phần với hệ số ngẫu nhiên trong khoảng ±{spread}% (rồi "
                 "chuẩn hoá lại). Khoảng 90% là từ phân vị 5 (P5) đến phân vị 95 (P95) của thứ hạng. Mức độ "
                 "ảnh hưởng là chỉ số Sobol (thiết kế Saltelli, {base} mẫu gốc, thư viện SALib, cùng seed): "
                 "S1 là ảnh hưởng riêng, ST là ảnh hưởng toàn phần (tính cả tác động đan xen). Mức cần đạt: "
                 "giá trị nhỏ nhất của một tiêu chí (chỉ thay đổi tiêu chí đó, tính lại toàn bộ chỉ số) để "
                 "tăng 1, 3, 5 bậc hoặc vào nhóm {k} địa phương dẫn đầu, làm tròn lên và kiểm chứng bằng "
                 "tính lại; mức tối đa khả thi lấy từ tệp giả định (feasibility_default.yaml).",
                 "Trial calculations (Monte Carlo): {n} replications, seed {seed}. Each draws the "
                 "normalisation ({norms}), the aggregation above the sub-indices ({aggs}; geometric inputs "
                 "floored at 0.01) and multiplies the sub-index and component weights by random factors within "
                 "±{spread}% (renormalised). The 90% range runs from the 5th (P5) to the 95th percentile (P95) "
                 "of the rank. The effects are Sobol indices (Saltelli design, base sample {base}, SALib, same "
                 "seed): S1 is the first-order effect, ST the total effect (interactions included). Values "
                 "needed: the smallest value of one criterion (changed alone, the whole index recomputed) "
                 "that gains 1, 3 or 5 places or reaches the top {k}, rounded up and verified by "
                 "recomputation; feasible caps from the assumptions file (feasibility_default.yaml)."),
    "annex_06": ("Chỉ số tính lại từ 30 tiêu chí theo phương pháp 2016–2019 (khung {framework}: {norm}, "
                 "{agg}, xếp hạng {ranking}); các bước suy luận được nêu ở báo cáo 01. Phương án cần ít nỗ "
                 "lực nhất: nỗ lực = tổng của (hệ số chi phí × mức tăng ÷ thang đo khả thi) theo tệp giả định "
                 "feasibility_default.yaml; mỗi phương án được kiểm chứng bằng tính lại toàn bộ chỉ số. Độ "
                 "ổn định: {n} phương án tính thử (Monte Carlo), seed {seed}. Hạng mục tiêu: {k}. Thư mục dữ "
                 "liệu: {data_dir}.",
                 "The index recomputed from the 30 criteria with the 2016–2019 method (framework {framework}: "
                 "{norm}, {agg}, {ranking} ranking); the inferred steps are listed in report 01. Least-effort "
                 "option: effort = sum of (cost × increase ÷ feasible range) from feasibility_default.yaml; "
                 "every option is verified by recomputing the whole index. Robustness: {n} trial "
                 "calculations (Monte Carlo), seed {seed}. Target rank: {k}. Data folder: {data_dir}."),
    # --- parameters (annex) -------------------------------------------------------------------------
    "p_year": ("Năm số liệu", "Data year"),
    "p_province": ("Tỉnh, thành phố", "Province"),
    "p_gso_code": ("mã GSO", "GSO code"),
    "p_framework": ("Khung chỉ số (framework)", "Framework"),
    "p_data_dir": ("Thư mục dữ liệu", "Data folder"),
    "p_lang": ("Ngôn ngữ", "Language"),
    "p_target_rank": ("Hạng mục tiêu", "Target rank"),
    "p_n_samples": ("Số phương án tính thử (Monte Carlo)", "Trial calculations (Monte Carlo samples)"),
    "p_seed": ("Mã khởi tạo ngẫu nhiên (seed)", "Random seed"),
    "lang_name_vi": ("tiếng Việt", "Vietnamese"),
    "lang_name_en": ("tiếng Anh", "English"),
    # --- method table (annex) ---------------------------------------------------------------------
    "m_structure": ("Cấu trúc: 3 chỉ số thành phần, 6 chỉ số thành phần con, 30 tiêu chí",
                    "Structure: 3 components, 6 sub-indices, 30 criteria"),
    "m_structure_v": ("theo Kế hoạch 126/KH-UBND, trích báo cáo ICT Index 2018; mọi tiêu chí: cao hơn là tốt hơn",
                      "as quoted by plan 126/KH-UBND from the 2018 report; every criterion: higher is better"),
    "m_overall": ("Điểm tổng hợp", "Overall score"),
    "m_overall_v": ("trung bình của 3 chỉ số thành phần, không co giãn lại",
                    "mean of the 3 components, not rescaled"),
    "m_component": ("Chỉ số thành phần", "Component"),
    "m_component_v": ("trung bình của 2 chỉ số thành phần con (trọng số 0,5 / 0,5)",
                      "mean of its 2 sub-indices (weights 0.5 / 0.5)"),
    "m_subindex": ("Chỉ số thành phần con", "Sub-index"),
    "m_subindex_v": ("chuẩn hoá từng tiêu chí theo z-score trên các tỉnh, lấy trung bình, rồi co giãn min–max "
                     "về [0, 1] (như chỉ số EGDI của Liên hợp quốc)",
                     "z-score each criterion over the provinces, average, then min–max rescale to [0, 1] "
                     "(as the UN EGDI)"),
    "m_aggregation": ("Phép tổng hợp trên chỉ số thành phần con", "Aggregation above the sub-indices"),
    "m_aggregation_v": ("trung bình cộng có trọng số", "weighted arithmetic mean"),
    "m_rounding": ("Làm tròn", "Rounding"),
    "m_rounding_v": ("{d} chữ số thập phân, như số liệu công bố", "{d} decimals, as published"),
    "m_ranking": ("Xếp hạng", "Ranking"),
    "m_ranking_v": ("theo điểm đã làm tròn; các tỉnh bằng điểm xếp đồng hạng (17, 17, 19)",
                    "on the rounded scores; equal scores share a rank (17, 17, 19)"),
    "m_note": ("“đã công bố”: Bộ TT&TT công bố hoặc kiểm chứng được trực tiếp từ số liệu công bố; “suy luận”: "
               "đọc ra từ số liệu công bố, chưa có văn bản; mỗi bước suy luận là một tham số của icttools "
               "(khung {framework}).",
               "“published”: published by the Ministry or checked directly on published figures; "
               "“inferred”: read from the published figures, not written anywhere; every inferred step is "
               "a parameter of icttools (framework {framework})."),
    # --- headings -------------------------------------------------------------------------------
    "sec_source": ("Phạm vi số liệu", "Coverage of the data"),
    "sec_source_note": ("Số tỉnh, thành phố có số liệu và số giá trị được ước tính bổ sung, theo vùng.",
                        "Provinces with data and values estimated to fill gaps, by region."),
    "sec_validation": ("Kết quả kiểm tra", "Checks"),
    "sec_distributions": ("Phân bố giá trị từng tiêu chí", "Distribution of each criterion"),
    "sec_distributions_note": ("Mỗi biểu đồ nhỏ: giá trị của {n} tỉnh, thành phố (hộp: từ tứ phân vị thứ nhất "
                               "đến thứ ba, vạch: trung vị); {name} là hình thoi màu cam đỏ.",
                               "Each small chart: the values of the {n} provinces (box: first to third "
                               "quartile, line: median); {name} is the vermillion diamond."),
    "sec_outliers": ("Giá trị ngoại lai", "Outliers"),
    "sec_outliers_note": ("Giá trị khác xa giá trị của các tỉnh, thành phố khác. Giá trị ngoại lai không phải "
                          "là lỗi số liệu, nhưng làm giãn thang chuẩn hoá của tiêu chí; nên kiểm tra lại với đơn "
                          "vị cung cấp số liệu.",
                          "Values far from the other provinces'. An outlier is not an error, but it "
                          "stretches the criterion's normalisation; check it with whoever supplied it."),
    "sec_imputations": ("Giá trị ước tính bổ sung (điền bù)", "Imputed values"),
    "sec_ranking": ("Xếp hạng {n} tỉnh, thành phố", "Ranking of the {n} provinces"),
    "sec_nodes": ("Điểm và hạng theo chỉ số thành phần và chỉ số thành phần con",
                  "Scores and ranks by component and sub-index"),
    # {level}, {levels}: what the framework calls the level (ICT Index: "chỉ số thành phần con")
    "sec_profile": ("Hồ sơ {n_groups} {levels}", "Profile on the {n_groups} {levels}"),
    "sec_subindex": ("{Levels} của {n} tỉnh, thành phố", "{Levels} of the {n} provinces"),
    "sec_references": ("Các mốc so sánh", "References"),
    "sec_gap_nodes": ("Khoảng cách theo chỉ số thành phần và chỉ số thành phần con (điểm)",
                      "Gaps by component and sub-index (index points)"),
    "sec_waterfall": ("Chênh lệch điểm tách theo tiêu chí", "The score gap split by criterion"),
    "sec_contrib": ("Mức đóng góp của từng tiêu chí vào chênh lệch điểm",
                    "Each criterion's contribution to the score gap"),
    "sec_gap_criteria": ("Khoảng cách theo tiêu chí (đơn vị của tiêu chí)", "Gaps by criterion (in its unit)"),
    "sec_strengths": ("Điểm mạnh và điểm yếu", "Strengths and weaknesses"),
    "sec_heatmap": ("Thứ hạng từng tiêu chí của các tỉnh trong vùng", "Criterion ranks within the region"),
    "sec_tornado": ("Tiêu chí làm thứ hạng thay đổi nhiều nhất", "Criteria that move the rank most"),
    "sec_tornado_note": ("Lần lượt thay đổi riêng từng tiêu chí trong toàn bộ phạm vi khảo sát, giữ nguyên các "
                         "tiêu chí khác, rồi tính lại toàn bộ chỉ số.",
                         "Each criterion in turn is changed alone over its whole range, everything else "
                         "fixed, and the whole index is recomputed."),
    "sec_curves": ("Thứ hạng theo giá trị của từng tiêu chí", "The rank against each criterion's value"),
    "sec_breakeven": ("Mức cần đạt để tăng hạng", "Values needed to move up"),
    "sec_breakeven_note": ("Mức cần đạt của từng tiêu chí, nếu chỉ cải thiện riêng tiêu chí đó, để tăng 1, 3, 5 "
                           "bậc hoặc vào nhóm {k} địa phương dẫn đầu; so với mức tối đa khả thi của tiêu chí "
                           "(tệp giả định).",
                           "The value each criterion needs, improved alone, to gain 1, 3 or 5 places or "
                           "reach the top {k}; against its feasible cap (assumptions file)."),
    "sec_uncertainty": ("Độ ổn định của thứ hạng", "Robustness of the ranks"),
    "sec_uncertainty_note": ("Bộ Thông tin và Truyền thông chưa công bố đầy đủ một số chi tiết của cách tính "
                             "(cách chuẩn hoá số liệu, trọng số, cách tổng hợp). Khoảng dao động của thứ hạng là "
                             "khoảng mà 90% số phương án tính thử, trong phạm vi hợp lý, cho ra.",
                             "The Ministry has not published every detail of the method (normalisation, "
                             "weights, aggregation). A rank's range is the range 90% of the trial "
                             "calculations, within reasonable bounds, give."),
    "sec_sobol": ("Lựa chọn cách tính nào ảnh hưởng nhiều nhất đến thứ hạng",
                  "Which method choice moves the rank most"),
    "sec_sobol_note": ("Ảnh hưởng riêng: phần biến động của thứ hạng do riêng lựa chọn đó; ảnh hưởng toàn phần: "
                       "tính cả tác động đan xen với các lựa chọn khác (0 = không ảnh hưởng, 1 = quyết định toàn bộ).",
                       "First-order effect: the share of the rank's variation due to that choice alone; total "
                       "effect: with its interactions (0 = none, 1 = all of it)."),
    "sec_baseline": ("Thứ hạng hiện nay, theo phương án cơ sở và khi thực hiện", "The rank today, under the "
                     "baseline and with action"),
    "sec_plan_still": ("Phương án cần ít nỗ lực nhất – các địa phương khác giữ nguyên số liệu",
                       "Least-effort option – the other provinces stand still"),
    "sec_plan_trend": ("Phương án cần ít nỗ lực nhất – các địa phương khác tiếp tục cải thiện theo xu hướng",
                       "Least-effort option – the other provinces keep their trend"),
    "sec_plan_chart": ("So sánh hai phương án", "The two options compared"),
    "sec_scenario": ("Các biện pháp của Kế hoạch 126/KH-UBND như một kịch bản",
                     "Plan 126/KH-UBND's measures as a scenario"),
    "sec_scenario_changes": ("Các giá trị kịch bản thay đổi và giả định", "What the scenario changes, and why"),
    "sec_history": ("Điểm và hạng qua các năm", "Scores and ranks across years"),
    "sec_attribution": ("Thay đổi thứ hạng: do tự thân tỉnh hay do các địa phương khác",
                        "Rank changes: own progress or the others"),
    "sec_changes": ("Các tiêu chí đã thay đổi", "What changed in the criteria"),
    "sec_brief_plan": ("Phương án cần ít nỗ lực nhất để vào nhóm {k} địa phương dẫn đầu",
                       "The least-effort option to the top {k}"),
    "sec_brief_caveat": ("Độ tin cậy của kết quả", "How far to trust the result"),
    "sec_brief_sources": ("Nguồn số liệu", "Data"),
    # --- sentences: shared ---------------------------------------------------------------------
    "s_rank": ("{name} xếp thứ {rank} {units} năm {year}, đạt {score} điểm",
               "{name} ranks {rank} among the {units} in {year}, with {score} points"),
    "s_node_rank": ("{label} (hạng {rank})", "{label} (rank {rank})"),
    "s_leader_self": ("dẫn đầu cả nước, cao hơn địa phương xếp thứ hai ({second}) {gap} điểm",
                      "it leads the country, {gap} points ahead of the runner-up ({second})"),
    "s_leader_other": ("địa phương dẫn đầu: {leader} ({score} điểm)", "the leader is {leader} ({score} points)"),
    "s_groups": ("Xếp hạng cao nhất ở {level} {best}, thấp nhất ở {worst}.",
                 "Its best {level} is {best}, its weakest {worst}."),
    "s_groups_equal": ("Cả {n} {levels} cùng xếp hạng {rank}.", "All {n} {levels} rank {rank}."),
    "s_groups_todo": ("ưu tiên cải thiện các tiêu chí của {worst} (xem báo cáo 02 và 04).",
                      "improve the criteria of {worst} first (see reports 02 and 04)."),
    "s_components": ("Theo {n} {levels}: {components}.", "By the {n} {levels}: {components}."),
    "s_robust": ("Hạng {rank} là hạng theo cách tính cơ sở{reproduces}. Bộ Thông tin "
                 "và Truyền thông chưa công bố đầy đủ một số chi tiết của cách tính; khi thử {n} cách tính khác "
                 "trong phạm vi hợp lý, {name} xếp {span} ở 90% số phương án (hạng ở giữa: {median}); {position}.",
                 "Rank {rank} is the rank by the base method{reproduces}. The "
                 "Ministry has not published every detail of the method; over {n} other reasonable "
                 "calculations, {name} ranks {span} in 90% of them (median rank {median}); {position}."),
    # only where the published figures are reproduced (the ICT Index on its 63 provinces)
    "note_numbered_columns": ("Cột (1)–({n}): {what} theo từng {level}: {items}.",
                              "Columns (1)–({n}): {what} on each {level}: {items}."),
    "s_robust_reproduces": (" (tái tạo đúng các số liệu đã công bố)", " (it reproduces the published figures)"),
    "s_robust_stable": ("Hạng {rank} là hạng theo cách tính cơ sở; khi thử {n} cách tính khác trong phạm vi hợp "
                        "lý, {name} vẫn xếp {span} ở 90% số phương án: thứ hạng rất ổn định.",
                        "Rank {rank} is the rank by the base method; over {n} other reasonable calculations "
                        "{name} still ranks {span} in 90% of them: the rank is very stable."),
    "s_robust_best": ("hạng {rank} là kết quả thuận lợi nhất trong các cách tính này",
                      "rank {rank} is the most favourable reading of the method"),
    "s_robust_worst": ("hạng {rank} là kết quả kém thuận lợi nhất trong các cách tính này",
                       "rank {rank} is the least favourable reading of the method"),
    "s_robust_inside": ("hạng {rank} nằm trong khoảng này", "rank {rank} lies inside this range"),
    "s_robust_todo": ("khi báo cáo, nêu hạng {rank} kèm khoảng dao động; không coi thay đổi vài bậc là tiến bộ "
                      "hay sa sút thực chất.",
                      "quote rank {rank} with its range; do not read a change of a few places as real "
                      "progress or decline."),
    "s_published_all": ("Kết quả tính lại khớp với {ok}/{total} số liệu đã công bố năm {year}.",
                        "The recomputation agrees with {ok}/{total} published figures of {year}."),
    "s_published_some": ("Kết quả tính lại khớp với {ok}/{total} số liệu đã công bố năm {year}.",
                         "The recomputation agrees with {ok}/{total} published figures of {year}."),
    "s_published_todo": ("kiểm tra lại bảng số liệu ở các dòng không khớp (phụ lục).",
                         "check the data on the rows that disagree (annex)."),
    "s_published_none": ("Năm {year} chưa có số liệu công bố để đối chiếu.",
                         "There is no published figure of {year} to compare with."),
    "s_published_missing": ("Không tìm thấy tệp số liệu đã công bố để đối chiếu kết quả năm {year}.",
                            "The published figures file was not found: the {year} results are not compared."),
    "s_topk_in": ("{name} đã thuộc {group}.", "{name} is already in {group}."),
    "s_topk_out": ("Để vào {group}, {unit} cần tăng thêm khoảng {gap} điểm (vượt điểm của {ref}, hạng {ref_rank}).",
                   "To enter {group}, {unit} needs about {gap} more points (above {ref}, rank {ref_rank})."),
    "s_topk_todo": ("xem phương án cần ít nỗ lực nhất ở báo cáo 04.", "see the least-effort option in report 04."),
    "s_equal": ("bằng mức này", "level with it"),
    "s_lower_by": ("thấp hơn {gap} điểm", "{gap} points lower"),
    "s_higher_by": ("cao hơn {gap} điểm", "{gap} points higher"),
    # --- 00 --------------------------------------------------------------------------------------
    "s_quality_size": ("Bảng số liệu năm {year} gồm {n_ind} tiêu chí của {n_prov} {units} ({n_cells} giá trị) "
                       "và đã qua mọi kiểm tra bắt buộc.",
                       "The {year} table holds {n_ind} criteria of {n_prov} {units} ({n_cells} values) and "
                       "passed every required check."),
    "s_quality_synthetic": ("Số liệu năm {year} là dữ liệu giả lập (dùng để minh hoạ), không phải số liệu thật của "
                            "Bộ Thông tin và Truyền thông.",
                            "The {year} data are synthetic (for illustration), not the Ministry's real figures."),
    "s_quality_synthetic_todo": ("thay bằng số liệu thật của tỉnh (mẫu nhập liệu trong data/raw/templates) "
                                 "trước khi dùng báo cáo để ra quyết định.",
                                 "replace them with the province's real figures (templates in "
                                 "data/raw/templates) before using the reports for decisions."),
    "s_quality_real": ("Số liệu năm {year} là số liệu thật; nguồn: {source}.",
                       "The {year} data are real; source: {source}."),
    "s_quality_imputed0": ("Cả {n} giá trị đều lấy từ tệp số liệu: không có giá trị nào phải ước tính bổ sung.",
                           "All {n} values come from the data file: none had to be estimated."),
    "s_quality_imputed": ("{n} giá trị được ước tính bổ sung (điền bù) từ các tỉnh cùng vùng, trong đó {mine} "
                          "của {name}.",
                          "{n} values were estimated (imputed) from the provinces of the same region, {mine} "
                          "of them for {name}."),
    "s_quality_imputed_todo": ("thu thập số liệu thật cho các ô này.", "collect the real values of these cells."),
    "s_quality_outliers": ("Có {n} giá trị ngoại lai ở {n_ind} tiêu chí.", "There are {n} outliers in {n_ind} criteria."),
    "s_quality_outliers_mine": ("{name} có {n} giá trị ngoại lai ({items}).", "{name} has {n} ({items})."),
    "s_quality_outliers_none": ("{name} không có giá trị ngoại lai.", "{name} has none."),
    "s_quality_outliers_todo": ("kiểm tra lại các giá trị này với đơn vị cung cấp số liệu.",
                                "check these values with whoever supplied them."),
    # --- 02 --------------------------------------------------------------------------------------
    "s_gap_leader": ("{rank_part}, thấp hơn địa phương dẫn đầu ({leader}) {gap} điểm.",
                     "{rank_part}, {gap} points behind the leader ({leader})."),
    "s_gap_leader_self": ("{rank_part} và dẫn đầu cả nước; địa phương xếp thứ hai là {second} (thấp hơn {gap} điểm).",
                          "{rank_part} and leads the country; the runner-up is {second} ({gap} points lower)."),
    "s_costliest": ("Các tiêu chí làm {unit} thua điểm nhiều nhất so với {leader} là {items} (cộng lại {points} "
                    "điểm).",
                    "The criteria that cost {unit} the most points against {leader} are {items} ({points} points "
                    "together)."),
    "s_costliest_todo": ("tập trung vào các tiêu chí này; mức cần đạt của từng tiêu chí ở báo cáo 03.",
                         "focus on these criteria; the value each needs is in report 03."),
    "s_medians": ("So với mức giữa của cả nước (trung vị điểm của các tỉnh, thành phố: {nat} điểm), {name} "
                  "{nat_gap}; so với mức giữa của vùng {region} ({reg} điểm), {reg_gap}.",
                  "Against the country's middle score (the median of the provinces: {nat}), {name} is "
                  "{nat_gap}; against the middle score of the {region} region ({reg}), {reg_gap}."),
    "s_region_best": ("Trong vùng {region}, {best} đứng đầu (hạng {rank}), cao hơn {name} {gap} điểm.",
                      "In the {region} region, {best} leads (rank {rank}), {gap} points above {name}."),
    "s_region_lead": ("{name} dẫn đầu vùng {region}; địa phương xếp thứ hai trong vùng là {second} (thấp hơn "
                      "{gap} điểm).",
                      "{name} leads the {region} region; the runner-up in the region is {second} ({gap} "
                      "points lower)."),
    # --- 03 --------------------------------------------------------------------------------------
    "s_lift": ("Nếu chỉ cải thiện riêng một tiêu chí (các tiêu chí khác giữ nguyên) đến mức tối đa khả thi, thứ "
               "hạng tăng nhiều nhất khi cải thiện {items}.",
               "Improving one criterion alone (the others unchanged) up to its feasible cap lifts the rank "
               "most with {items}."),
    "s_lift_item": ("{label} (từ {current} lên {value}: hạng {rank})", "{label} (from {current} to {value}: rank {rank})"),
    "s_lift_todo": ("ưu tiên {label}; mỗi năm có thể tăng tối đa khoảng {step} (giả định).",
                    "give {label} priority; it can rise by about {step} a year (assumption)."),
    "s_lift_none": ("Không có tiêu chí nào, nếu cải thiện riêng trong mức khả thi, giúp {name} tăng hạng (hạng hiện "
                    "nay: {rank}).",
                    "No criterion improved alone within its cap lifts {name}'s rank (rank {rank} today)."),
    "s_lift_none_leader": ("{name} đang xếp thứ {rank}: không có tiêu chí nào, nếu cải thiện riêng, giúp nâng thứ hạng.",
                           "{name} ranks {rank} already: no criterion improved alone lifts the rank."),
    "s_alone": ("Chỉ cần riêng tiêu chí {label} đạt {value} (hiện nay {current}) là {unit} có thể vào {group}.",
                "{label} alone at {value} (today {current}) can bring {unit} into {group}."),
    "s_alone_none": ("Không có tiêu chí nào, nếu chỉ cải thiện riêng trong mức khả thi, đủ để đưa {unit} vào {group}.",
                     "No single criterion improved alone within its cap brings {unit} into {group}."),
    "s_alone_none_todo": ("cần cải thiện đồng thời nhiều tiêu chí (xem phương án ở báo cáo 04).",
                          "improve several criteria together (see the options in report 04)."),
    "s_risk": ("Ngược lại, nếu riêng {label} giảm một mức bằng mức thay đổi tối đa trong một năm ({step}), {name} "
               "giảm xuống hạng {rank}.",
               "Conversely, if {label} alone fell by one year's largest change ({step}), {name} would drop to "
               "rank {rank}."),
    "s_risk_todo": ("giữ vững {label}.", "hold {label} steady."),
    "s_method_factor": ("Trong các chi tiết chưa công bố của cách tính, yếu tố ảnh hưởng nhiều nhất đến thứ hạng "
                        "của {name} là {factor} (mức ảnh hưởng toàn phần {st}, trên thang từ 0 đến 1).",
                        "Among the unpublished details of the method, the one that moves {name}'s rank most is "
                        "the {factor} (total effect {st}, on a scale of 0 to 1)."),
    "s_rank_constant": ("Thứ hạng của {name} là {rank} trong mọi phương án tính thử: không lựa chọn nào làm thay đổi.",
                        "{name} ranks {rank} in every trial calculation: no choice moves it."),
    # --- 04 --------------------------------------------------------------------------------------
    "s_today": ("Hiện nay {name} xếp thứ {rank} tỉnh, thành phố, đạt {score} điểm.",
                "Today {name} ranks {rank} with {score} points."),
    "s_baseline_trend": ("Nếu các địa phương khác tiếp tục cải thiện theo xu hướng từ năm {prev} sang năm {year} "
                         "mà {name} giữ nguyên số liệu (phương án cơ sở), {name} sẽ xếp hạng {rank} ({change}).",
                         "If the other provinces keep their {prev}–{year} trend while {name} stands still "
                         "(the baseline), {name} would rank {rank} ({change})."),
    "s_assume_still": ("Giả định các địa phương khác giữ nguyên số liệu năm {year}",
                       "Assuming the other provinces keep their {year} values"),
    "s_assume_trend": ("Giả định các địa phương khác tiếp tục cải thiện theo xu hướng từ năm {prev} sang năm {year}",
                       "Assuming the other provinces keep their {prev}–{year} trend"),
    "s_plan_ok": ("{assumption}: {name} có thể đạt hạng {rank} nếu cải thiện {n} tiêu chí ({items}); tổng mức nỗ "
                  "lực quy đổi là {effort} (1 = tăng một tiêu chí hết thang đo khả thi của nó).",
                  "{assumption}: {name} can reach rank {rank} by improving {n} criteria ({items}); the total "
                  "effort is {effort} (1 = one criterion raised across its whole feasible range)."),
    "s_plan_todo": ("{items}.", "{items}."),
    "s_raise": ("nâng {label} từ {current} lên {target}", "raise {label} from {current} to {target}"),
    "s_plan_none": ("{assumption}: {name} đã thuộc {group}; không cần thay đổi.",
                    "{assumption}: {name} is already in {group}; no change is needed."),
    "s_plan_out": ("{assumption}: {name} không thể vào {group} trong giới hạn mức tăng giả định cho một năm; thứ hạng "
                   "cao nhất có thể đạt là {best}.",
                   "{assumption}: {name} cannot enter {group} within the assumed yearly limits; the best "
                   "reachable rank is {best}."),
    "s_trend_missing": ("Không có số liệu năm {prev} nên không tính được phương án khi các địa phương khác tiếp tục "
                        "cải thiện theo xu hướng.",
                        "There are no {prev} data, so the option for the others keeping their trend cannot be "
                        "computed."),
    "s_scenario": ("Nếu thực hiện các biện pháp của {scenario} (theo giả định ở bảng dưới): {parts}",
                   "If the measures of {scenario} are carried out (assumptions in the table below): {parts}"),
    "s_scenario_still": ("khi các địa phương khác giữ nguyên số liệu năm {year}, {name} {change}, đạt {after} điểm "
                         "(hiện nay {before} điểm);",
                         "with the other provinces at their {year} values, {name} moves {change}, to {after} "
                         "points (today {before});"),
    "s_scenario_trend_saves": ("khi các địa phương khác tiếp tục cải thiện theo xu hướng, {name} xếp hạng {rank}, so "
                               "với hạng {without} nếu không thực hiện Kế hoạch (Kế hoạch giúp giữ được {n} bậc; "
                               "hạng hiện nay: {today}).",
                               "with the other provinces keeping their trend, {name} ranks {rank}, against rank "
                               "{without} without the plan (the plan keeps {n} places; rank today: {today})."),
    "s_scenario_trend_same": ("khi các địa phương khác tiếp tục cải thiện theo xu hướng, {name} xếp hạng {rank}, bằng "
                              "hạng khi không thực hiện Kế hoạch (hạng hiện nay: {today}).",
                              "with the other provinces keeping their trend, {name} ranks {rank}, the same as "
                              "without the plan (rank today: {today})."),
    "s_scenario_trend_worse": ("khi các địa phương khác tiếp tục cải thiện theo xu hướng, {name} xếp hạng {rank}, so "
                               "với hạng {without} nếu không thực hiện Kế hoạch (hạng hiện nay: {today}).",
                               "with the other provinces keeping their trend, {name} ranks {rank}, against rank "
                               "{without} without the plan (rank today: {today})."),
    "s_scenario_bystander": ("Kịch bản “{scenario}” không thay đổi số liệu của {name}; "
                             "thứ hạng của {name} chỉ thay đổi gián tiếp do điểm của Hà Giang thay đổi ({change}).",
                             "The scenario “{scenario}” does not change {name}'s values; "
                             "{name}'s rank moves only indirectly, through Hà Giang's score ({change})."),
    "s_scenario_year": ("Kịch bản {scenario} được viết cho số liệu năm {scenario_year}; xem báo cáo năm "
                        "{scenario_year} để thấy tác động.",
                        "The scenario {scenario} is written for the {scenario_year} data; see the "
                        "{scenario_year} report for its effect."),
    "s_scenario_missing": ("Không tìm thấy tệp kịch bản {file}.", "Scenario file {file} not found."),
    # --- 05 --------------------------------------------------------------------------------------
    "s_path": ("Thứ hạng của {name} qua {n} năm: {path}.", "{name}'s rank over {n} years: {path}."),
    "s_rank_in": ("hạng {rank} năm {year}", "rank {rank} in {year}"),
    "s_pair": ("Từ năm {y0} đến năm {y1}, {name} {change}. Trong đó: tự thân {unit} cải thiện {own}; các địa "
               "phương khác thay đổi {others}; tác động đan xen {interaction}.",
               "From {y0} to {y1}, {name} moved {change}. Of this, {unit}'s own progress {own}; the other provinces "
               "{others}; their interaction {interaction}."),
    "s_node_moved": ("Chỉ số thay đổi nhiều nhất: {label} {change}.", "The level that moved most: {label}, {change}."),
    "s_crit_up": ("Tiêu chí tiến bộ nhiều nhất: {label}, {change}.", "The criterion that improved most: {label}, {change}."),
    "s_crit_down": ("Tiêu chí giảm hạng nhiều nhất: {label}, {change}.", "The criterion that fell most: {label}, {change}."),
    "s_crit_todo": ("tìm nguyên nhân giảm hạng của tiêu chí này.", "find out why this criterion fell."),
    "f_trends_one": ("{name}: chỉ có số liệu năm {years}; cần ít nhất hai năm để xem xu hướng.",
                     "{name}: data for {years} only; trends need at least two years."),
    # --- 06 --------------------------------------------------------------------------------------
    "s_brief_rank": ("Năm {year}, {name} xếp thứ {rank} {units}, đạt {score} điểm",
                     "In {year}, {name} ranks {rank} among the {units} with {score} points"),
    "s_since": ("; {change} so với năm {prev}", "; {change} since {prev}"),
    "s_brief_baseline": ("Nếu các địa phương khác tiếp tục cải thiện theo xu hướng từ năm {prev} sang năm {year} mà "
                         "{name} giữ nguyên số liệu, {name} sẽ xếp hạng {rank} ({change}).",
                         "If the other provinces keep their {prev}–{year} trend while {name} stands still, {name} "
                         "would rank {rank} ({change})."),
    "s_brief_baseline_todo": ("không dừng ở mức hiện nay: giữ hạng cũng cần cải thiện (báo cáo 04).",
                              "standing still is not enough: keeping the rank also needs progress (report 04)."),
    "s_brief_synthetic": ("Báo cáo này dùng dữ liệu giả lập: các con số chỉ minh hoạ cách dùng, không nói gì về tỉnh "
                          "thật.",
                          "This report uses synthetic data: the numbers illustrate the method and say nothing about "
                          "the real province."),
    "s_brief_caveat": ("Mức cần đạt của từng tiêu chí dựa trên các giả định về mức tăng tối đa trong một năm (tệp "
                       "giả định của icttools), không phải quy định; cần đối chiếu với khả năng thực tế của tỉnh.",
                       "The values to reach rest on assumptions about the largest change in one year "
                       "(icttools' assumptions file), not on rules; check them against what the province can do."),
    # --- words -------------------------------------------------------------------------------------
    "w_total": ("Tổng", "Total"),
    "w_province": ("tỉnh", "the province"),
    "w_city": ("thành phố", "the city"),
    "w_median_all": ("trung vị (mức giữa) của các tỉnh, thành phố", "the median of the provinces"),
    "w_median_of": ("trung vị (mức giữa) của vùng", "the median of the region"),
    "w_year_synthetic": ("{year} (giả lập)", "{year} (synthetic)"),
    "w_assigned": ("{lead} (KH 126, mục {section})", "{lead} (plan 126, item {section})"),
    "lever_direct": ("Sở TT&TT và các cơ quan nhà nước (trực tiếp)", "the ICT department and agencies (direct)"),
    "lever_influenced": ("gián tiếp (qua doanh nghiệp viễn thông, trường học)", "indirect (through operators, schools)"),
    "lever_outside": ("ngoài phạm vi của Sở TT&TT", "outside the ICT department's remit"),
    "unit_points": ("điểm", "points"),
    "unit_pp": ("điểm phần trăm", "percentage points"),
    "ph_rank_span": ("từ hạng {lo} đến hạng {hi}", "between {lo} and {hi}"),
    "ph_rank_single": ("hạng {rank}", "rank {rank}"),
    "ph_up": ("tăng {n} bậc", "up {n} places"),
    "ph_down": ("giảm {n} bậc", "down {n} places"),
    "ph_up_path": ("(từ hạng {before} lên hạng {after})", "(from rank {before} to {after})"),
    "ph_down_path": ("(từ hạng {before} xuống hạng {after})", "(from rank {before} to {after})"),
    "ph_same_rank": ("giữ nguyên hạng {rank}", "kept rank {rank}"),
    "ph_effect_up": ("giúp tăng {n} bậc", "gained {n} places"),
    "ph_effect_down": ("làm giảm {n} bậc", "cost {n} places"),
    "ph_effect_none": ("không làm thay đổi thứ hạng", "changed nothing"),
    "ph_and_more_criteria": ("và {n} tiêu chí khác", "and {n} other criteria"),
    "tbl_full": ("Bảng đầy đủ ({n} dòng)", "Full table ({n} rows)"),
    "op_set": ("đặt bằng {value}", "set to {value}"),
    "op_add": ("cộng thêm {value}", "add {value}"),
    "op_multiply": ("nhân với {value}", "multiply by {value}"),
    "op_set_to": ("đặt bằng giá trị của {label}", "set to the value of {label}"),
    "cap_scenario_file": ("Tệp {file}", "File {file}"),
    "imp_regional_mean": ("trung bình của các tỉnh cùng vùng", "mean of the region's provinces"),
    "imp_regional-mean": ("trung bình của các tỉnh cùng vùng", "mean of the region's provinces"),
    # --- notes under tables ---------------------------------------------------------------------
    "note_medians": ("Trung vị: điểm ở giữa của các tỉnh, thành phố (cả nước) hoặc của các tỉnh trong vùng {region}.",
                     "Median: the middle score of the provinces (country) or of the {region} region."),
    "note_gap_sign": ("Chênh lệch = điểm của mốc so sánh trừ điểm của {name}: số dương là {name} thấp hơn mốc so "
                      "sánh. Trung vị: điểm ở giữa của các tỉnh, thành phố (cả nước) hoặc của vùng {region}.",
                      "Gap = the reference's score minus {name}'s: positive means {name} is behind. Median: the "
                      "middle score of the provinces (country) or of the {region} region."),
    "note_gap_unit": ("Chênh lệch theo đơn vị của tiêu chí (mốc so sánh trừ {name}; với tỷ lệ %: điểm phần trăm); "
                      "tiêu chí {name} xếp hạng thấp nhất ở trên cùng. CBCCVC: cán bộ, công chức, viên chức.",
                      "Gaps in each criterion's unit (reference minus {name}; percentage points for shares); "
                      "{name}'s weakest criteria first."),
    "note_contrib": ("Số dương: điểm tỉnh bị thua so với mốc so sánh do tiêu chí đó; các mức đóng góp cộng lại "
                     "bằng chênh lệch điểm: {totals}.",
                     "Positive: points the province loses against the reference on that criterion; the "
                     "contributions add up to the score gap: {totals}."),
    "note_breakeven": ("Các cột tăng bậc và nhóm {k}: mức cần đạt nếu chỉ cải thiện riêng tiêu chí đó. {mark}: vượt "
                       "mức tối đa khả thi (theo giả định, không đạt được trong thực tế); —: không đạt được ngay cả khi tiêu "
                       "chí lên mức cao nhất. “Số bậc tăng sau một năm”: khi tiêu chí tăng một mức bằng mức thay đổi "
                       "tối đa trong một năm (giả định).",
                       "Columns of places and the top {k}: the value needed, that criterion improved alone. "
                       "{mark}: beyond the feasible cap (not reachable in a plan); —: not reachable even at the "
                       "criterion's highest value. “Places after one year”: with the largest change one year "
                       "allows (assumption)."),
    "note_robustness": ("Khoảng 90% và hạng ở giữa của {n} phương án tính thử; “tỷ lệ phương án vào nhóm”: số phần "
                        "trăm phương án tính thử đưa tỉnh, thành phố vào nhóm dẫn đầu.",
                        "The 90% range and the median of {n} trial calculations; “share in the top group”: the "
                        "share of the calculations that put the province there."),
    "note_baseline": ("Phương án cơ sở: {name} giữ nguyên số liệu năm {year}; khi “các địa phương khác tiếp tục cải "
                      "thiện theo xu hướng”, mỗi địa phương khác lặp lại mức thay đổi số liệu từ năm {prev} sang năm "
                      "{year} của chính mình (ngoại suy một năm).",
                      "Baseline: {name} keeps its {year} values; when “the other provinces keep their trend”, "
                      "each of them repeats its own {prev}–{year} change (one year extrapolated)."),
    "note_effort_table": ("Mức nỗ lực quy đổi của mỗi tiêu chí = mức tăng chia cho thang đo khả thi của tiêu chí, nhân với "
                    "hệ số chi phí (tệp giả định); 1 = tăng một tiêu chí hết thang đo của nó. Tổng: {total}. "
                    "CBCCVC: cán bộ, công chức, viên chức.",
                    "Effort of a criterion = the increase divided by its feasible range, times its cost factor "
                    "(assumptions file); 1 = one criterion raised across its whole range. Total: {total}."),
    "note_scenario_table": ("Hạng khi thực hiện Kế hoạch được tính lại toàn bộ với các giá trị ở bảng dưới.",
                            "Ranks with the plan recomputed with the values in the table below."),
    "note_attribution": ("▲ = tăng bậc, ▼ = giảm bậc. Do tự thân: nếu chỉ số liệu của tỉnh thay đổi; do các địa "
                         "phương khác: nếu chỉ số liệu của các địa phương khác thay đổi; tác động đan xen: phần còn lại.",
                         "▲ = moved up, ▼ = moved down. Own: if only the province's values changed; others: if only "
                         "the other provinces' did; interaction: the rest."),
    "note_validation": ("Kiểm tra bắt buộc: không đạt thì dừng tính toán; kiểm tra cảnh báo: chỉ lưu ý.",
                        "Required checks stop the computation when they fail; warnings only draw attention."),
    "note_stats": ("Giá trị theo đơn vị của tiêu chí; Q1, Q3: tứ phân vị thứ nhất, thứ ba. CBCCVC: cán bộ, công chức, "
                   "viên chức.",
                   "Values in the criterion's unit; Q1, Q3: first and third quartiles."),
    "note_status": ("“đã công bố”: số liệu lấy trực tiếp từ nguồn; “suy luận”: đọc ra từ nguồn (ví dụ thứ hạng suy từ "
                    "danh sách).",
                    "“published”: taken directly from the source; “inferred”: read from it (e.g. a rank from a list)."),
    "note_brief_plan": ("Khi các địa phương khác giữ nguyên số liệu, phương án này đưa tỉnh lên hạng {rank}; tổng mức "
                        "nỗ lực quy đổi {effort} (1 = tăng một tiêu chí hết thang đo khả thi của nó). CBCCVC: cán "
                        "bộ, công chức, viên chức.",
                        "With the other provinces standing still, this option lifts the province to rank {rank}; "
                        "total effort {effort} (1 = one criterion raised across its whole feasible range)."),
    "note_brief_rest": ("Còn {n} tiêu chí với mức tăng nhỏ hơn: xem báo cáo 04.",
                        "{n} more criteria with smaller increases: see report 04."),
    # --- tables -------------------------------------------------------------------------------------
    "col_rank": ("Hạng", "Rank"),
    "col_province": ("Tỉnh, thành phố", "Province"),
    "col_region": ("Vùng", "Region"),
    "col_score": ("Điểm", "Score"),
    "col_of": ("{what} – {node}", "{node} – {what}"),
    "col_of_year": ("{what} {year}", "{what} {year}"),
    "col_node": ("Chỉ số", "Index"),
    "col_level": ("Cấp", "Level"),
    "col_criterion": ("Tiêu chí", "Criterion"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_value": ("Giá trị", "Value"),
    "col_leader": ("Địa phương dẫn đầu", "Leader"),
    "col_leader_score": ("Điểm của địa phương dẫn đầu", "Leader's score"),
    "col_median": ("Trung vị cả nước", "National median"),
    "col_region_median": ("Trung vị vùng", "Regional median"),
    "col_item": ("Mục", "Item"),
    "col_count": ("Số lượng", "Count"),
    "col_check": ("Kiểm tra", "Check"),
    "col_kind": ("Loại", "Kind"),
    "col_result": ("Kết quả", "Result"),
    "col_detail": ("Chi tiết", "Detail"),
    "col_provinces": ("Số tỉnh, thành phố có số liệu", "Provinces with data"),
    "col_expected": ("Số tỉnh, thành phố của vùng", "Provinces of the region"),
    "col_imputed": ("Giá trị ước tính bổ sung", "Imputed values"),
    "col_valid_range": ("Miền hợp lệ", "Valid range"),
    "col_min": ("Nhỏ nhất", "Min"),
    "col_q1": ("Tứ phân vị thứ nhất (Q1)", "First quartile (Q1)"),
    "col_q3": ("Tứ phân vị thứ ba (Q3)", "Third quartile (Q3)"),
    "col_max": ("Lớn nhất", "Max"),
    "col_mean": ("Trung bình", "Mean"),
    "col_sd": ("Độ lệch chuẩn", "Standard deviation"),
    "col_n_outliers": ("Số giá trị ngoại lai", "Outliers"),
    "col_province_value": ("Giá trị của tỉnh", "Province's value"),
    "col_province_rank": ("Hạng của tỉnh", "Province's rank"),
    "col_method": ("Cách ước tính", "How estimated"),
    "col_n_values": ("Số tỉnh lấy trung bình", "Provinces averaged"),
    "col_quantity": ("Đại lượng", "Quantity"),
    "col_published": ("Công bố", "Published"),
    "col_computed": ("Tính lại", "Recomputed"),
    "col_ok": ("Khớp", "Agrees"),
    "col_status": ("Tình trạng", "Status"),
    "col_source": ("Nguồn", "Source"),
    "col_reference": ("Mốc so sánh", "Reference"),
    "col_ref_province": ("Địa phương làm mốc", "Reference province"),
    "col_ref_score": ("Điểm của mốc so sánh", "Reference score"),
    "col_score_gap": ("Chênh lệch điểm", "Score gap"),
    "col_points": ("Mức đóng góp vào chênh lệch điểm (so với địa phương dẫn đầu)", "Contribution to the gap (vs the leader)"),
    "col_list": ("Nhóm", "List"),
    "col_current": ("Hiện nay", "Today"),
    "col_target": ("Hạng mục tiêu", "Target rank"),
    "col_to_reach": ("Cần đạt", "To reach"),
    "col_increase": ("Mức tăng", "Increase"),
    "col_change": ("Thay đổi", "Change"),
    "col_change_years": ("Thay đổi {a}–{b}", "Change {a}–{b}"),
    "col_effort": ("Mức nỗ lực quy đổi", "Effort"),
    "col_places_alone": ("Số bậc tăng nếu chỉ cải thiện riêng tiêu chí này", "Places gained by this change alone"),
    "col_lead": ("Đơn vị chủ trì", "Lead department"),
    "col_cap": ("Mức tối đa khả thi", "Feasible cap"),
    "col_best_within_cap": ("Hạng tốt nhất nếu chỉ cải thiện tiêu chí này", "Best rank by this criterion alone"),
    "col_year_step": ("Số bậc tăng sau một năm", "Places after one year"),
    "col_goal_places": ("Mức cần đạt để tăng {m} bậc", "Needed for +{m} places"),
    "col_goal_group": ("Mức cần đạt để vào nhóm {k}", "Needed for the top {k}"),
    "col_nominal": ("Hạng theo cách tính cơ sở", "Rank by the base method"),
    "col_median_rank": ("Hạng ở giữa", "Median rank"),
    "col_rank_from": ("Từ hạng", "From rank"),
    "col_rank_to": ("Đến hạng", "To rank"),
    "col_share_top_k": ("Tỷ lệ phương án vào nhóm {k}", "Share in the top {k}"),
    "col_group": ("Lựa chọn cách tính", "Method choice"),
    "col_s1": ("Ảnh hưởng riêng", "First-order effect"),
    "col_st": ("Ảnh hưởng toàn phần", "Total effect"),
    "col_s1_code": ("S1 (ảnh hưởng riêng)", "S1 (first order)"),
    "col_st_code": ("ST (ảnh hưởng toàn phần)", "ST (total)"),
    "col_s1_conf": ("± S1", "± S1"),
    "col_st_conf": ("± ST", "± ST"),
    "col_others": ("Do các địa phương khác", "The other provinces"),
    "col_assumption": ("Giả định về các địa phương khác", "Assumption about the other provinces"),
    "col_rank_today": ("Hạng hiện nay", "Rank today"),
    "col_rank_baseline": ("Hạng theo phương án cơ sở (không thay đổi gì)", "Rank under the baseline (nothing done)"),
    "col_rank_option": ("Hạng theo phương án cần ít nỗ lực nhất (mục tiêu hạng {k})",
                        "Rank with the least-effort option (target rank {k})"),
    "col_rank_plan126": ("Hạng khi thực hiện Kế hoạch 126/KH-UBND", "Rank with plan 126/KH-UBND"),
    "col_rank_no_plan": ("Hạng nếu không thực hiện Kế hoạch", "Rank without the plan"),
    "col_rank_with_plan": ("Hạng khi thực hiện Kế hoạch", "Rank with the plan"),
    "col_score_with_plan": ("Điểm khi thực hiện Kế hoạch", "Score with the plan"),
    "col_score_today": ("Điểm hiện nay", "Score today"),
    "col_feasible": ("Đạt được", "Reachable"),
    "col_verified_rank": ("Hạng sau khi thực hiện (tính lại)", "Rank after (recomputed)"),
    "col_verified_score": ("Điểm sau khi thực hiện (tính lại)", "Score after (recomputed)"),
    "col_best_rank": ("Hạng cao nhất có thể đạt", "Best reachable rank"),
    "col_total_effort": ("Tổng mức nỗ lực quy đổi", "Total effort"),
    "col_greedy_effort": ("Nỗ lực của phương án chọn dần từng bước (để so sánh)", "Effort of the step-by-step option "
                          "(for comparison)"),
    "col_rank_before": ("Hạng năm trước", "Rank before"),
    "col_rank_after": ("Hạng năm sau", "Rank after"),
    "col_years": ("Giai đoạn", "Period"),
    "col_total": ("Tổng thay đổi", "Total change"),
    "col_own": ("Do tự thân tỉnh", "Own progress"),
    "col_interaction": ("Tác động đan xen", "Interaction"),
    "col_operation": ("Thao tác", "Operation"),
    "col_measure": ("Biện pháp (giả định)", "Measure (assumed)"),
    "col_before": ("Trước", "Before"),
    "col_after": ("Sau", "After"),
    "col_comment": ("Giải thích và giả định", "Why, and the assumption"),
    "col_year": ("Năm", "Year"),
    "col_file": ("Tệp", "File"),
    "col_sha": ("SHA-256 (12 ký tự đầu)", "SHA-256 (first 12 characters)"),
    "col_source_label": ("Nguồn ghi trong tệp", "Source named in the file"),
    "col_step": ("Bước", "Step"),
    "col_setting": ("Cách làm", "How"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "level_root": ("chỉ số tổng hợp", "overall"),
    "kind_rule": ("bắt buộc", "required"),
    "kind_warning": ("cảnh báo", "warning"),
    "ok": ("đạt", "passed"),
    "warn": ("lưu ý", "note"),
    "none_text": ("(không có)", "(none)"),
    # --- validation checks -------------------------------------------------------------------
    "chk_provinces": ("Đủ 63 tỉnh, thành phố, không trùng, mã hợp lệ", "All 63 provinces, no duplicates, valid codes"),
    "chk_columns": ("Đủ các tiêu chí của bộ chỉ số", "Every criterion present"),
    "chk_numeric": ("Giá trị là số", "Values are numbers"),
    "chk_range": ("Giá trị nằm trong miền hợp lệ", "Values within the valid range"),
    "chk_missing": ("Không thiếu giá trị (sau khi ước tính bổ sung)", "No missing value (after imputation)"),
    "chk_constant": ("Tiêu chí có cùng giá trị ở mọi tỉnh (không phân biệt được)",
                     "Criteria equal in every province (they tell nothing apart)"),
    "chk_bounds": ("Giá trị đúng bằng giới hạn của miền hợp lệ (ví dụ 100%)",
                   "Values exactly at a bound of the valid range (e.g. 100%)"),
    "chk_outliers": ("Giá trị ngoại lai", "Outliers"),
    "chk_imputed": ("Giá trị ước tính bổ sung", "Imputed values"),
    "no_imputations": ("Không có giá trị nào được ước tính bổ sung: mọi giá trị đều lấy từ tệp số liệu.",
                       "No value was imputed: every value comes from the data file."),
    "no_outliers": ("Không có giá trị ngoại lai.", "No outlier."),
    # --- references --------------------------------------------------------------------------------
    "ref_leader": ("Địa phương dẫn đầu", "Leader"),
    "ref_above": ("Địa phương xếp ngay trên", "Province just above"),
    "ref_top-k": ("Ngưỡng hạng {k}", "Rank {k} threshold"),
    "ref_region-best": ("Đứng đầu vùng", "Best in region"),
    "ref_region-median": ("Trung vị vùng", "Regional median"),
    "ref_median": ("Trung vị cả nước", "National median"),
    "ref_virtual": ("mức trung vị (không phải một tỉnh cụ thể)", "the median (not a province)"),
    "strengths": ("Mạnh nhất (hạng cao nhất)", "Strengths (best ranks)"),
    "weaknesses": ("Yếu nhất (hạng thấp nhất)", "Weaknesses (worst ranks)"),
    "costliest": ("Làm mất nhiều điểm nhất so với địa phương dẫn đầu", "Costing the most points against the leader"),
    "not_additive": ("Cách tổng hợp trung bình nhân: chênh lệch điểm không tách được theo tiêu chí.",
                     "Geometric aggregation: the score gap does not split by criterion."),
    "is_reference": ("{name} chính là mốc so sánh ({ref}): khoảng cách bằng 0.",
                     "{name} is itself the reference ({ref}): the gap is 0."),
    "province_first": ("{name} đang xếp thứ 1: không có địa phương nào xếp trên.",
                       "{name} ranks 1st: no province is above it."),
    # --- the others, the modes ------------------------------------------------------------------
    "mode_still": ("Các địa phương khác giữ nguyên số liệu", "The other provinces stand still"),
    "mode_trend": ("Các địa phương khác tiếp tục cải thiện theo xu hướng", "The other provinces keep their trend"),
    "mode_still_lc": ("các địa phương khác giữ nguyên", "the others stand still"),
    "mode_trend_lc": ("các địa phương khác theo xu hướng", "the others keep their trend"),
    # --- Sobol groups ------------------------------------------------------------------------
    "sobol_normalisation": ("Cách chuẩn hoá số liệu", "Normalisation"),
    "sobol_subindex_weights": ("Trọng số các chỉ số thành phần con", "Sub-index weights"),
    "sobol_component_weights": ("Trọng số các chỉ số thành phần", "Component weights"),
    "sobol_aggregation": ("Cách tổng hợp", "Aggregation"),

    # --- other frameworks (PAPI) and the 34 provinces of 2025 (issue 9) --------------------------
    "report_title_other": ("{index} năm {year} – {name}: {title}", "{index} {year} – {name}: {title}"),
    "prov_real_source": ("**Số liệu thật (REAL)** – nguồn: {source}, năm {years}.",
                         "**Real data (REAL)** – source: {source}, {years}."),
    "publisher_papi_2018": ("UNDP, CECODES và VFF-CRT, Chỉ số PAPI", "UNDP, CECODES and VFF-CRT, the PAPI index"),
    "prov_derived_ranks": ("Thứ hạng trong báo cáo do icttools suy ra từ điểm số: {index} chỉ công bố điểm và "
                           "nhóm tứ phân vị, không công bố thứ hạng. {name} thuộc {group} năm {year}.",
                           "The ranks in this report are derived by icttools from the scores: {index} "
                           "publishes scores and quartile groups, not ranks. {name} is in the group "
                           "“{group}” in {year}."),
    "prov_derived_ranks_nogroup": ("Thứ hạng trong báo cáo do icttools suy ra từ điểm số: {index} chỉ công bố "
                                   "điểm và nhóm tứ phân vị, không công bố thứ hạng.",
                                   "The ranks in this report are derived by icttools from the scores: {index} "
                                   "publishes scores and quartile groups, not ranks."),
    "prov_vn34": ("Xếp hạng 34 tỉnh, thành phố từ 1/7/2025 do icttools tính: số liệu của 63 tỉnh, thành phố được "
                  "gộp theo đơn vị mới (trung bình có trọng số theo dân số hoặc theo mẫu số thật của từng tiêu chí), "
                  "rồi chỉ số được tính lại trên 34 địa phương. Đây không phải số liệu công bố.",
                  "The ranking of the 34 provinces from 1/7/2025 is derived by icttools: the data of the 63 "
                  "provinces are merged into the new units (means weighted by population or by each "
                  "criterion's true denominator), then the index is recomputed over the 34. These are not "
                  "published figures."),
    "s_no_total": ("Không có tổng điểm, không xếp hạng ({n} địa phương, thiếu số liệu, không điền thay): {items}.",
                   "No total and no rank ({n} provinces; data missing, never filled): {items}."),
    "s_no_total_item": ("{name} (thiếu {missing})", "{name} (no total: {missing} missing)"),
    "s_published_na": ("Không có số liệu công bố để đối chiếu: {why}.",
                       "No published figures to compare with: {why}."),
    "ph_published_na_framework": ("{index} không công bố thứ hạng; các số liệu đã công bố trong thư mục dữ liệu "
                                  "là của Chỉ số ICT Index",
                                  "{index} publishes no ranks, and the published figures of the data folder "
                                  "are the ICT Index's"),
    "ph_published_na_vn34": ("34 tỉnh, thành phố từ 1/7/2025 chưa có xếp hạng công bố cho năm {year}",
                             "the 34 provinces from 1/7/2025 have no published ranking for {year}"),
    "s_no_uncertainty": ("Cách tính {index} đã được công bố đầy đủ: mỗi chỉ số nội dung là điểm khảo sát dùng "
                         "nguyên giá trị, tổng điểm là tổng cộng các chỉ số nội dung. Vì vậy không có phần "
                         "phương pháp chưa công bố nào để thử lại, và hạng {rank} của {name} không phụ thuộc "
                         "vào cách tính.",
                         "{index}'s method is published in full: each dimension is a survey score used as it "
                         "is, and the total is their sum. There is no unpublished part of the method to try "
                         "out, so {name}'s rank {rank} does not depend on how it is computed."),
    "s_scenario_na": ("Kịch bản của Kế hoạch 126/KH-UBND được viết cho Chỉ số ICT Index của 63 tỉnh, thành phố; "
                      "không áp dụng cho {what}. Phần dưới đây chỉ nêu phương án nỗ lực nhỏ nhất để đạt mục tiêu.",
                      "The scenario of plan 126/KH-UBND is written for the ICT Index of the 63 provinces; it "
                      "does not apply to {what}. What follows is the least-effort option to the target only."),
    "ph_scenario_na_vn34": ("34 tỉnh, thành phố từ 1/7/2025", "the 34 provinces from 1/7/2025"),
    "s_target_quartile": ("Mục tiêu: hạng {k}/{n}, tức nhóm tứ phân vị cao nhất của {index}.",
                          "Target: rank {k} of {n}, the top quartile of {index}."),
    "sec_inherits": ("{name} kế thừa gì từ các tỉnh cũ", "What {name} inherits from its former provinces"),
    "sec_inherits_note": ("{name} (mã 2025: {code}) được hình thành ngày 1/7/2025 từ {members}. Bảng dưới: điểm và "
                          "hạng năm {year} của từng tỉnh cũ trong 63 tỉnh, thành phố và tỷ trọng dân số (Tổng điều "
                          "tra 2019) dùng để gộp số liệu.",
                          "{name} (2025 code {code}) was formed on 1/7/2025 from {members}. Below: each former "
                          "province's {year} score and rank among the 63 and its population share (2019 census) "
                          "used to merge the data."),
    "col_code_63": ("Mã tỉnh cũ (63 tỉnh)", "Former code (63 provinces)"),
    "col_former": ("Tỉnh cũ", "Former province"),
    "col_rank_63": ("Hạng trong 63 tỉnh, thành phố", "Rank among the 63"),
    "col_pop_2019": ("Dân số 2019", "Population 2019"),
    "col_pop_share": ("Tỷ trọng dân số", "Population share"),
    "s_merge_basis": ("Cách gộp các tiêu chí: {true} tiêu chí theo mẫu số thật (dân số), {derived} tiêu chí theo "
                      "mẫu số dựng lại từ một tiêu chí khác, {proxy} tiêu chí lấy dân số làm mẫu số thay thế "
                      "(chưa có mẫu số thật: số cán bộ, hộ gia đình, doanh nghiệp, trường học...).",
                      "How criteria were merged: {true} by their true denominator (population), {derived} by a "
                      "denominator rebuilt from another criterion, {proxy} with population as a stated proxy "
                      "(the true denominator — civil servants, households, enterprises, schools... — is unknown)."),
    "s_inherits_brief": ("{name} (mã 2025: {code}) gộp từ {parts}.", "{name} (2025 code {code}) merges {parts}."),
    "ph_inherits_part": ("{name} ({code}, hạng {rank}/63 năm {year}, {share} dân số)",
                         "{name} ({code}, {rank} of 63 in {year}, {share} of the population)"),
}
