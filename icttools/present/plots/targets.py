"""Chart of report 04 (targets): current and target values of the least-effort plans."""

from __future__ import annotations

from typing import Any, Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from icttools.core.framework import Framework
from icttools.present.i18n import check_lang, fmt_num, short_label, t
from icttools.present.plots.helpers import node_label, small_multiples, unit_label
from icttools.present.plots.style import COLORS

__all__ = ["target_plan"]


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
        One axes per criterion changed by any plan (one empty axes with a note when none is).
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
    if not changed:
        fig, ax = plt.subplots(figsize=(6, 1.6), layout="constrained")
        ax.axis("off")
        ax.text(0.5, 0.5, t("ch_plan_empty", lang), ha="center", va="center")
        ax.set_title(t("ch_plan_title", lang))
        return fig
    mode_names = {"still": t("mode_still", lang), "trend": t("mode_trend", lang)}
    palette = [COLORS["target"], COLORS["target2"], COLORS["region"], COLORS["leader"]]
    fig, axes, ncols = small_multiples(len(changed), ncols, 3.3, 1.9, 1.0)
    for k, (ax, iid) in enumerate(zip(axes, changed)):
        current = next(float(f.at[iid, "current"]) for f in frames.values() if iid in f.index)
        names = [t("col_current", lang)]
        values = [current]
        colors = [COLORS["other"]]
        for m, (label, f) in enumerate(frames.items()):
            names.append(t("ch_plan_target", lang, mode=mode_names.get(label, label)))
            values.append(float(f.at[iid, "target"]) if iid in f.index else current)
            colors.append(palette[m % len(palette)])
        yy = np.arange(len(values))
        ax.barh(yy, values, color=colors, height=0.7)
        for yv, v in zip(yy, values):
            ax.text(v, yv, " " + fmt_num(v, 2, lang), va="center", fontsize=7)
        ax.set_yticks(yy, [""] * len(yy))
        ax.tick_params(axis="y", length=0)
        ax.invert_yaxis()
        ax.set_xlim(0, max(values) * 1.3 if max(values) > 0 else 1)
        ax.grid(axis="y", visible=False)
        ax.set_title(node_label(fw, iid, lang, 36, 2), fontsize=8)
        ax.set_xlabel(short_label(unit_label(fw, iid, lang), 30), fontsize=7.5)
    handles = [Patch(color=COLORS["other"], label=t("col_current", lang))]
    handles += [Patch(color=palette[m % len(palette)],
                      label=t("ch_plan_target", lang, mode=mode_names.get(label, label)))
                for m, label in enumerate(frames)]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    fig.suptitle(t("ch_plan_title", lang))
    return fig

