"""Interactive views for an analyst in JupyterLab (``notebooks/explore.ipynb``).

:func:`criteria_panel` shows one slider per criterion of a unit and recomputes the index on every
move (a what-if on the :class:`~icttools.study.Study`; one computation takes well under a
millisecond), printing the unit's score and rank beside the original ones.
"""

from __future__ import annotations

import html
from typing import Any

from icttools.analysis.feasibility import valid_range
from icttools.present.i18n import check_lang, fmt_num, province_name, t
from icttools.study import Study

__all__ = ["criteria_panel", "panel_summary"]


def panel_summary(study: Study, changed: Study, unit: str, lang: str = "vi") -> str:
    """The line the panel shows: the unit's score and rank before and after the sliders' values."""
    check_lang(lang)
    return t("explore_panel", lang, name=html.escape(province_name(unit, lang)),
             score0=fmt_num(study.score(unit), 4, lang), rank0=study.rank(unit),
             score=fmt_num(changed.score(unit), 4, lang), rank=changed.rank(unit), n=len(study.codes))


def criteria_panel(study: Study, unit: Any, lang: str = "vi", criteria: list[str] | None = None) -> Any:
    """Sliders for a unit's criteria that recompute its score and rank live.

    Parameters
    ----------
    study : Study
    unit : str
        Code or name of the unit whose criteria the sliders move.
    lang : {"vi", "en"}
        Language of the labels.
    criteria : list of str, optional
        Criterion ids to show (default: all of them).

    Returns
    -------
    ipywidgets.VBox
        The panel: the summary line, then one slider per criterion (from its valid range, starting
        at the current value). Displayed as the last expression of a cell.
    """
    import ipywidgets as widgets

    check_lang(lang)
    code = study.unit(unit)
    fw = study.framework
    ids = list(criteria) if criteria is not None else fw.indicator_ids
    current = study.table.data.loc[code]
    sliders = {}
    for iid in ids:
        lo, hi = valid_range(fw.indicator(iid))
        sliders[iid] = widgets.FloatSlider(
            value=float(current[iid]), min=lo, max=hi, step=(hi - lo) / 1000, readout_format=".2f",
            description=fw.label(iid, lang), continuous_update=False,
            style={"description_width": "22em"}, layout=widgets.Layout(width="46em"))
    summary = widgets.HTML(value=panel_summary(study, study, code, lang))

    def update(_change: Any = None) -> None:
        values = {iid: s.value for iid, s in sliders.items() if s.value != float(current[iid])}
        changed = study.what_if({code: values}) if values else study
        summary.value = panel_summary(study, changed, code, lang)

    for s in sliders.values():
        s.observe(update, names="value")
    return widgets.VBox([summary, *sliders.values()])
