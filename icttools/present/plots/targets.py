"""Chart of report 04 (targets): current values and the targets of the least-effort plans."""

from __future__ import annotations

from typing import Any, Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, join_list, t
from icttools.present.plots.helpers import node_label, set_title, small_multiples, unit_axis
from icttools.present.plots.style import COLORS, SERIES, chart, format_number, localise_axes, set_alt_text

__all__ = ["target_plan"]

_NAMED_IN_ALT = 4  # criteria named one by one in the alt text; the others are counted


@chart
def target_plan(plans: Mapping[str, Any], framework: Framework, lang: str = "vi", ncols: int = 3) -> Figure:
    """Current and target values of one or more plans, one small panel per criterion.

    Parameters
    ----------
    plans : mapping label -> TargetPlan or plan DataFrame
        Labels ``"still"`` and ``"trend"`` are translated; others are shown as given. A plan
        frame has ``indicator, current, target`` columns (``TargetPlan.plan``). A criterion a
        plan does not change is drawn at its current value.
    framework : Framework
    lang : {"vi", "en"}
    ncols : int

    Returns
    -------
    Figure
        One axes per criterion changed by any plan (one empty axes with a note when none is);
        alt text: the criteria to change.
    """
    check_lang(lang)
    fw = framework
    frames = {}
    for label, plan in plans.items():
        frame = plan.plan if hasattr(plan, "plan") else plan
        if frame is None:
            continue
        frames[label] = frame.set_index("indicator") if "indicator" in frame.columns else frame
    changed = [i for i in fw.indicator_ids if any(i in f.index for f in frames.values())]
    title = t("ch_plan_title", lang)
    if not changed:
        fig, ax = plt.subplots(figsize=(6, 1.6), layout="constrained")
        ax.axis("off")
        ax.text(0.5, 0.5, t("ch_plan_empty", lang), ha="center", va="center")
        set_title(fig, title)
        set_alt_text(fig, title, t("ch_plan_empty", lang))
        return fig
    mode_names = {"still": t("mode_still", lang), "trend": t("mode_trend", lang)}
    colours = [COLORS["target"], COLORS["target2"], *SERIES[2:]]
    palette = [colours[m % len(colours)] for m in range(len(frames))]
    panel = min(3.1, 9.3 / min(ncols, len(changed)))
    fig, axes, ncols = small_multiples(len(changed), ncols, panel, 0.32 * (len(frames) + 1) + 1.3, 1.1)
    for ax, iid in zip(axes, changed):
        current = next(float(f.at[iid, "current"]) for f in frames.values() if iid in f.index)
        values = [current] + [float(f.at[iid, "target"]) if iid in f.index else current for f in frames.values()]
        colors = [COLORS["other"], *palette]
        yy = np.arange(len(values))
        ax.barh(yy, values, color=colors, height=0.7)
        pct = unit_axis(ax, fw, iid, lang, panel - 0.3)
        for yv, v in zip(yy, values):
            ax.text(v, yv, " " + format_number(v, 2, lang, trim=True) + ("%" if pct else ""), va="center", fontsize=8)
        ax.set_yticks(yy, [""] * len(yy))
        ax.tick_params(axis="y", length=0)
        ax.invert_yaxis()
        ax.set_xlim(0, max(values) * 1.35 if max(values) > 0 else 1)
        ax.grid(axis="y", visible=False)
        ax.set_title(node_label(fw, iid, lang, panel - 0.2, 8.5, bold=True), fontsize=8.5)
    handles = [Patch(color=COLORS["other"], label=t("col_current", lang))]
    handles += [Patch(color=palette[m], label=t("ch_plan_target", lang, mode=mode_names.get(label, label)))
                for m, label in enumerate(frames)]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    set_title(fig, title)
    localise_axes(fig, lang)
    names = [f"“{node_label(fw, i, lang)}”" for i in changed[:_NAMED_IN_ALT]]
    if len(changed) > _NAMED_IN_ALT:
        names.append(t("ch_waterfall_rest", lang, n=len(changed) - _NAMED_IN_ALT))
    set_alt_text(fig, title, t("alt_plan", lang, n=len(changed), items=join_list(names, lang)))
    return fig
