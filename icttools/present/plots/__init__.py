"""Charts of the notebook reports (matplotlib), one consistent style, Vietnamese or English.

Every function builds one figure with ``layout="constrained"`` (tall Vietnamese diacritics are
not cut off), labels it through :mod:`icttools.present.i18n` (``lang="vi"`` or ``"en"``) and the
framework's names (``framework.label(id, lang)``), and returns the :class:`~matplotlib.figure.Figure`.
Figures are created through :mod:`matplotlib.pyplot`, so a notebook shows them inline: follow
the call with ``plt.show()``. (A trailing ``;`` is not enough: nbval runs cells with
``store_history=False``, under which IPython ignores it and prints the figure's repr.)

Call :func:`apply_style` once (``icttools.report.setup`` does) to set the shared style. The style
is set in code, not in a ``matplotlibrc`` file, because matplotlib finds that file only in the
kernel's working folder. Text is drawn with DejaVu Sans, which covers every Vietnamese letter.

The functions take the results of the analysis modules (``IndexResult``, ``GapDecomposition``,
``RankCurves``, ``run_uncertainty(...).summary``, ...) and compute nothing expensive themselves.
"""

from icttools.present.plots.gaps import gap_waterfall, rank_heatmap
from icttools.present.plots.overview import ranking_bars, subindex_profile
from icttools.present.plots.quality import indicator_distributions
from icttools.present.plots.sensitivity import rank_curves, rank_intervals, sobol_bars, tornado
from icttools.present.plots.style import COLORS, STYLE, apply_style
from icttools.present.plots.targets import target_plan
from icttools.present.plots.trends import attribution_bars, rank_history

__all__ = [
    "COLORS",
    "STYLE",
    "apply_style",
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
