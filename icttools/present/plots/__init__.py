"""Charts of the notebook reports (matplotlib), one consistent style, Vietnamese or English.

Every function builds one figure with ``layout="constrained"`` (tall Vietnamese diacritics are
not cut off), labels it through :mod:`icttools.present.i18n` (``lang="vi"`` or ``"en"``) and the
framework's full names (``framework.label(id, lang)``, wrapped, never shortened), and returns the
:class:`~matplotlib.figure.Figure`. Figures are created through :mod:`matplotlib.pyplot`, so a
notebook shows them inline: follow the call with ``plt.show()``. (A trailing ``;`` is not enough:
nbval runs cells with ``store_history=False``, under which IPython ignores it and prints the
figure's repr.)

**No global state.** The style (:data:`STYLE`: DejaVu Sans, which covers every Vietnamese letter;
sizes; grid) is applied inside each function with ``matplotlib.rc_context``; importing this
package or calling a chart leaves ``matplotlib.rcParams`` as it was, and a figure keeps its
style when it is drawn later.

**For readers.** Colour-blind-safe colours (:data:`COLORS`, Okabe–Ito; ranks on a blue–orange
scale, :data:`RANK_CMAP`), text of at least :data:`MIN_FONT_SIZE` points at the width the HTML
report shows (:data:`FIGURE_WIDTH` inches), numbers in the chart's language on every axis and
label (``0,25``, ``2.000``, ``90%`` in Vietnamese), rank axes from rank 1 (at the top or the right),
integer ticks, and point labels that never overlap.

**Alt text.** Each chart stores a short description — its title and a one-line reading of it, in
the chart's language — as the figure's label; :func:`alt_text` returns it (for ``<img alt>``)::

    fig = plots.ranking_bars(result, "02", "vi", year=2018)
    plots.alt_text(fig)
    # 'Xếp hạng Chỉ số ICT Index năm 2018. Hà Giang xếp thứ 17/63 với 0,5066 điểm; ...'

The functions take the results of the analysis modules (``IndexResult``, ``GapDecomposition``,
``RankCurves``, ``run_uncertainty(...).summary``, ...) and compute nothing expensive themselves.
One module per report: :mod:`.quality` (00), :mod:`.overview` (01), :mod:`.gaps` (02),
:mod:`.sensitivity` (03), :mod:`.targets` (04), :mod:`.trends` (05); :mod:`.style` and
:mod:`.helpers` hold what they share.
"""

from icttools.present.plots.gaps import gap_waterfall, rank_heatmap
from icttools.present.plots.overview import ranking_bars, subindex_profile
from icttools.present.plots.quality import indicator_distributions
from icttools.present.plots.sensitivity import rank_curves, rank_intervals, sobol_bars, tornado
from icttools.present.plots.style import COLORS, FIGURE_WIDTH, MIN_FONT_SIZE, RANK_CMAP, STYLE, alt_text
from icttools.present.plots.targets import target_plan
from icttools.present.plots.trends import attribution_bars, rank_history

__all__ = [
    "COLORS",
    "STYLE",
    "RANK_CMAP",
    "MIN_FONT_SIZE",
    "FIGURE_WIDTH",
    "alt_text",
    "ranking_bars",
    "subindex_profile",
    "rank_heatmap",
    "gap_waterfall",
    "rank_curves",
    "tornado",
    "rank_intervals",
    "sobol_bars",
    "target_plan",
    "rank_history",
    "attribution_bars",
    "indicator_distributions",
]

