"""Text of the index-reading analyses: gaps, rank sensitivity, rank uncertainty."""

from __future__ import annotations

from typing import Any

import pandas as pd

from icttools.core.errors import InputError
from icttools.analysis.decomposition import decompose_gap, strengths_weaknesses
from icttools.analysis.gaps import (check_reference, check_target_rank, gap_table, leads_region, reference_province,
                                    tree_rows, unit_code)
from icttools.analysis.sensitivity import RankCurves
from icttools.analysis.breakeven import break_even, feasibility_flags, places_per_year_step, tornado
from icttools.analysis.feasibility import Feasibility, load_feasibility
from icttools.core.engine import IndexResult
from icttools.present.i18n import check_lang, province_name, region_name, t
from icttools.present.jsonout import goal_keys
from icttools.present.notes import sobol_note, uncertainty_notes
from icttools.present.textout.tables import aligned_lines, fit, num, section

__all__ = ["format_gaps", "format_sensitivity", "format_uncertainty"]


def _gap_key(reference: str) -> str:
    return "gap_" + reference.replace("-", "_")


def _name(code: str | None, lang: str, units=None) -> str:
    if code is None:
        return "—"
    try:
        return province_name(code, lang, units)
    except ValueError:
        return code


def format_gaps(result: IndexResult, province: Any, reference: str = "leader", lang: str = "vi",
                target_rank: int = 10) -> str:
    """A text table of a province's gaps to one reference.

    One line per node and indicator (depth-first), with the value, the rank, the reference's
    value on that row, the gap (reference − province) and, under arithmetic aggregation, the
    index points the row costs against the reference (they add up to the overall score gap).
    Then the strengths, weaknesses and costliest criteria against the leader.

    Parameters
    ----------
    result : IndexResult
    province : str
    reference : str, default "leader"
        One of :data:`icttools.analysis.gaps.REFERENCES`.
    lang : {"vi", "en"}
    target_rank : int, default 10

    Returns
    -------
    str
    """
    check_lang(lang)
    check_reference(reference)
    fw = result.framework
    code = unit_code(result, province)
    k = check_target_rank(result, target_rank)
    T = section("cli_gaps_", lang)
    n = len(result.codes)
    lines = [
        T["title"].format(name=_name(code, lang, fw.units), code=code),
        T["score"].format(score=result.score(code), rank=result.rank(code), n=n),
    ]
    label = t(f"cli_gapref_{reference}", lang).format(k=k)
    ref_code = reference_province(result, code, reference, k)
    if reference in ("region-best", "region-median"):
        label += f" ({region_name(code, lang, fw.units)})"
    if ref_code is not None:
        label += f": {_name(ref_code, lang, fw.units)} ({ref_code}), " + T["ref_score"].format(score=result.score(ref_code))
    elif reference in ("median", "region-median"):
        label += f": {T['virtual']}"
    lines.append(T["reference"].format(label=label))
    if reference == "region-best" and leads_region(result, code):
        lines.append(T["leads_region"].format(name=_name(code, lang)))
    if reference == "above" and ref_code is None:
        lines.append(T["none"].format(why=T["first"]))
        return "\n".join(lines) + "\n"

    dec = decompose_gap(result, code, reference, k) if fw.method.additive else None
    if dec is not None:
        lines.append(T["gap"].format(gap=dec.score_gap))
    else:
        if ref_code is not None:
            lines.append(T["gap"].format(gap=float(result.scores.at[ref_code, result.root]
                                                   - result.scores.at[code, result.root])))
        lines.append(T["not_additive"])
    lines.append("")

    table = gap_table(result, code, k)
    gcol = _gap_key(reference)
    name_w = 58
    cols = T["cols"]
    header = f"{cols[0]:<{name_w}} {cols[1]:>10} {cols[2]:>5} {cols[3]:>10} {cols[4]:>10} {cols[5]:>9}"
    lines += [header, "-" * len(header)]
    depth = {rid: d for rid, _lvl, _par, d in tree_rows(fw)}
    for rid, row in table.iterrows():
        name = "  " * depth[rid] + fit(fw.label(rid, lang), name_w - 2 * depth[rid])
        gap = row[gcol]
        ref_val = None if pd.isna(gap) else float(row["value"] + gap)
        if dec is None:
            pts = None
        elif row["level"] == "indicator":
            pts = float(dec.contributions[rid])
        else:
            pts = float(dec.by_node[rid])
        vspec = ".4f" if row["level"] != "indicator" else ".2f"
        lines.append(
            f"{name:<{name_w}} {num(float(row['value']), vspec):>10} {int(row['rank']):>5} "
            f"{num(ref_val, vspec):>10} {num(None if pd.isna(gap) else float(gap), '+' + vspec):>10} "
            f"{num(pts, '+.4f'):>9}"
        )
    if dec is not None:
        lines += ["", T["note"]]
        if ref_code is None:
            lines.append(T["median_note"])

    sw = strengths_weaknesses(result, code)
    for key in ("strengths", "weaknesses", "costliest"):
        if not sw[key]:
            continue
        lines += ["", T[key] + ":"]
        for iid, rank, value, pts in sw[key]:
            tail = f", {T['points_word']} {pts:+.4f}" if (key == "costliest" and pts is not None) else ""
            lines.append(f"  - {fw.label(iid, lang)}: {value:.2f} ({T['rank_word']} {rank}){tail}")
    return "\n".join(lines) + "\n"


def format_sensitivity(curves: RankCurves, target_rank: int = 10, lang: str = "vi",
                       places: tuple[int, ...] = (1, 3, 5), decimals: int = 4,
                       breakeven: pd.DataFrame | None = None, top: int = 10,
                       feasibility: Feasibility | None = None) -> str:
    """A text table of the rank sensitivity per criterion, then the tornado summary.

    Parameters
    ----------
    curves : RankCurves
    target_rank : int, default 10
    lang : {"vi", "en"}
    places : tuple of int, default (1, 3, 5)
    decimals : int, default 4
    breakeven : DataFrame, optional
        The result of :func:`icttools.analysis.sensitivity.break_even` with the same arguments.
    top : int, default 10
        Lines of the tornado summary.
    feasibility : Feasibility, optional
        Caps and yearly steps (default: the framework's default file). A break-even beyond the
        feasible cap is marked ``*``; the step column is the places one yearly step gains.

    Returns
    -------
    str
    """
    check_lang(lang)
    fw = curves.framework
    T = section("cli_sens_", lang)
    be = breakeven if breakeven is not None else break_even(curves, places, target_rank, decimals)
    feas = feasibility if feasibility is not None else load_feasibility(None, fw)
    flags = feasibility_flags(be, curves, feas)
    pps = places_per_year_step(curves, feas)["places"]
    tor = tornado(curves)
    n = len(curves.data)
    lines = [T["title"].format(name=_name(curves.province, lang, fw.units), code=curves.province),
             T["current"].format(rank=curves.current_rank, n=n, k=target_rank), ""]
    keys = goal_keys(places)
    cols = list(T["cols"][:5])
    cols += [T["cols"][5 + k] if k < 3 and places == (1, 3, 5) else f"+{m}" for k, m in enumerate(places)]
    cols.append(T["cols"][8].format(k=target_rank))
    w = 44
    header = (f"{cols[0]:<{w}} {cols[1]:>9} {cols[2]:>15} {cols[3]:>8} {cols[4]:>5} "
              + " ".join(f"{c:>10}" for c in cols[5:]))
    lines += [header, "-" * len(header)]
    for iid in fw.indicator_ids:
        label = fit(fw.label(iid, lang), w)
        lo, hi = curves.sweep.at[iid, "lo"], curves.sweep.at[iid, "hi"]
        r_lo, r_hi = tor.at[iid, "rank_low"], tor.at[iid, "rank_high"]
        sub = be[be["indicator"] == iid].set_index("goal")
        cells = [num(sub.at[k, "value"], f".{decimals}f") + ("*" if k in flags.at[iid, "beyond_cap"] else "")
                 for k in keys]
        lines.append(
            f"{label:<{w}} {curves.current[iid]:>9.2f} {f'{lo:g}–{hi:g}':>15} {f'{r_lo}→{r_hi}':>8} "
            f"{int(pps[iid]):>+5d} " + " ".join(f"{c:>10}" for c in cells)
        )
    lines += ["", T["legend"], T["legend_cap"].format(source=feas.source)]
    if curves.relations is not None and not curves.relations.empty:
        lines.append(T["legend_implied"].format(relations="; ".join(dict.fromkeys(curves.relations.pair_relation))))
    lines += ["", T["tornado"]]
    for iid, row in tor.head(top).iterrows():
        lines.append(f"  - {fw.label(iid, lang)}: {int(row['rank_low'])} → {int(row['rank_high'])} "
                     f"({int(row['swing'])} {T['places']})")
    return "\n".join(lines) + "\n"


def format_uncertainty(result: Any, top: int | None = None, sobol: pd.DataFrame | None = None,
                       lang: str = "vi") -> str:
    """The rank distribution of every province (and optionally Sobol indices) as text.

    Parameters
    ----------
    result : icttools.analysis.uncertainty.UncertaintyResult
    top : int, optional
        Show only the provinces with the best ``top`` nominal ranks (default: all).
    sobol : DataFrame, optional
        Output of :func:`icttools.analysis.uncertainty.sobol_indices`, as a second table.
    lang : {"vi", "en"}

    Returns
    -------
    str
        Provinces sorted by nominal rank, then code; notes as numbered footnotes.
    """
    check_lang(lang)
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise InputError(f"top must be a positive integer, got {top!r}")
    spec = result.spec
    m = result.framework.method
    yes, no = t("yes", lang), t("no", lang)
    lines = [
        t("unc_title", lang, n=result.n, seed=result.seed),
        t("unc_normalisation", lang, values=", ".join(spec.normalisations)),
        t("unc_aggregation", lang, values=", ".join(spec.aggregations))
        + (t("unc_floor", lang, floor=m.geometric_floor) if "geometric" in spec.aggregations else ""),
        t("unc_weights", lang, spread=spec.weight_spread, sub=yes if spec.vary_subindex_weights else no,
          comp=yes if spec.vary_component_weights else no),
        t("unc_nominal", lang, norm=m.normalisation, agg=m.aggregation),
        "",
    ]
    summary = result.summary.assign(note=uncertainty_notes(result, lang))
    df = summary.sort_values(["nominal_rank", "gso_code"], kind="stable")
    if top is not None:
        df = df.head(top)
    header = [c.format(k=result.top_k) for c in t("unc_cols", lang)]
    rows, notes = [], []
    for r in df.itertuples(index=False):
        mark = ""
        if isinstance(r.note, str):  # no note: None, or NaN once pandas infers a string column
            notes.append(r.note)
            mark = f" [{len(notes)}]"
        rows.append([f"{r.nominal_rank}{mark}", r.gso_code, _name(r.gso_code, lang, result.framework.units),
                     f"{r.median_rank:g}", f"{r.p05:g}–{r.p95:g}", f"{r.p_top_k:.1%}"])
    lines += aligned_lines(header, rows, right=(0, 3, 4, 5))
    if notes:
        lines.append("")
        lines += [f"[{k}] {text}" for k, text in enumerate(notes, 1)]
    if sobol is not None:
        lines.append("")
        code = sobol.attrs.get("province")
        lines.append(t("unc_sobol_title", lang, code=code, name=_name(code, lang, result.framework.units),
                       n=sobol.attrs.get("n_evaluations")))
        rows = [[t(f"sobol_{r.group}", lang), f"{r.S1:.3f} ± {r.S1_conf:.3f}", f"{r.ST:.3f} ± {r.ST_conf:.3f}"]
                for r in sobol.itertuples(index=False)]
        lines += aligned_lines(list(t("unc_sobol_cols", lang)), rows, right=(1, 2))
        note = sobol_note(sobol, lang)
        if note:
            lines.append(t("unc_sobol_note", lang, note=note))
    return "\n".join(lines)

