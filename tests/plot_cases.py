"""Inputs of every chart of :mod:`icttools.present.plots` for one province of the 2018 demo data,
and one call per chart (shared by ``test_plots.py`` and ``test_plots_readers.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd

from icttools.analysis.breakeven import tornado
from icttools.analysis.decomposition import decompose_gap
from icttools.analysis.gaps import indicator_ranks
from icttools.analysis.sensitivity import rank_curves
from icttools.analysis.sobol import sobol_indices
from icttools.analysis.trends import attribute_rank_change, rank_history
from icttools.analysis.uncertainty import run_uncertainty
from icttools.core.engine import IndexResult, compute
from icttools.core.provinces import load_provinces
from icttools.ingest.io import load_year
from icttools.present import plots
from icttools.present.i18n import region_name


@dataclass(eq=False)
class Case:
    """The analyses one report shows, for ``province`` in 2018 (small samples: tests only)."""

    province: str

    @cached_property
    def tables(self) -> dict[int, pd.DataFrame]:
        return {y: load_year(y) for y in (2017, 2018, 2019)}

    @property
    def data(self) -> pd.DataFrame:
        return self.tables[2018]

    @cached_property
    def result(self) -> IndexResult:
        return compute(self.data)

    @property
    def framework(self):
        return self.result.framework

    @cached_property
    def region_ranks(self) -> pd.DataFrame:
        region = load_provinces().set_index("gso_code")["region"]
        codes = [c for c in self.result.codes if region[c] == region[self.province]]
        return indicator_ranks(self.result).loc[codes]

    @cached_property
    def curves(self) -> Any:
        return rank_curves(self.data, self.province, n_points=41)

    @cached_property
    def uncertainty(self) -> pd.DataFrame:
        return run_uncertainty(self.data, n=200, seed=3).summary

    @cached_property
    def sobol(self) -> pd.DataFrame:
        return sobol_indices(self.data, self.province, n_base=32, seed=3, num_resamples=20)

    @cached_property
    def history(self) -> pd.DataFrame:
        return rank_history(self.tables, self.province)

    @cached_property
    def attribution(self) -> pd.DataFrame:
        return attribute_rank_change(self.tables[2017], self.tables[2018], self.province)

    @property
    def plans(self) -> dict[str, pd.DataFrame]:
        still = pd.DataFrame({"indicator": ["adult_literacy_pct", "email_use"], "current": [90.0, 50.0],
                              "target": [93.0, 60.0]})
        trend = pd.DataFrame({"indicator": ["email_use", "oss_use"], "current": [50.0, 20.0],
                              "target": [70.0, 35.0]})
        return {"still": still, "trend": trend}


#: One call per chart function: name -> (case, lang) -> Figure.
CHARTS: dict[str, Callable[[Case, str], Any]] = {
    "ranking_bars": lambda c, lang: plots.ranking_bars(c.result, c.province, lang, year=2018, target_rank=10),
    "subindex_profile": lambda c, lang: plots.subindex_profile(c.result, c.province, lang),
    "rank_heatmap": lambda c, lang: plots.rank_heatmap(c.region_ranks, c.framework, c.province, lang,
                                                       title=region_name(c.province, lang)),
    "gap_waterfall": lambda c, lang: plots.gap_waterfall(
        decompose_gap(c.result, c.province, "leader" if c.result.rank(c.province) > 1 else "median"),
        c.framework, lang, top=8),
    "rank_curves": lambda c, lang: plots.rank_curves(c.curves, lang=lang, target_rank=10, top=6),
    "tornado": lambda c, lang: plots.tornado(tornado(c.curves), c.framework, c.curves.current_rank, lang, top=10),
    "rank_intervals": lambda c, lang: plots.rank_intervals(c.uncertainty, c.province, lang, top_k=10),
    "sobol_bars": lambda c, lang: plots.sobol_bars(c.sobol, lang),
    "target_plan": lambda c, lang: plots.target_plan(c.plans, c.framework, lang),
    "rank_history": lambda c, lang: plots.rank_history(c.history, c.framework, lang),
    "attribution_bars": lambda c, lang: plots.attribution_bars(c.attribution, c.framework, lang, years=(2017, 2018)),
    "indicator_distributions": lambda c, lang: plots.indicator_distributions(c.data, c.framework, c.province, lang,
                                                                             year=2018),
}


# --- reading a rendered figure ---------------------------------------------------------------

def title_of(fig) -> str:
    """The chart's title on one line (the figure's suptitle, else the first axes' title)."""
    text = fig.get_suptitle() or fig.axes[0].get_title()
    return " ".join(text.split())


def texts(fig) -> list:
    """Every visible, non-empty text of a drawn figure (titles, labels, tick labels, legends)."""
    from matplotlib.text import Text

    return [x for x in fig.findobj(Text) if x.get_visible() and x.get_text().strip()]


_THOUSANDS_VI = re.compile(r"\d{1,3}(?:\.\d{3})+(?![\d,])")
_THOUSANDS_EN = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d.])")


def decimal_point(text: str) -> bool:
    """Whether ``text`` writes a number with a decimal point (``0.5``), thousands groups aside."""
    return bool(re.search(r"\d\.\d", _THOUSANDS_VI.sub("N", text)))


def decimal_comma(text: str) -> bool:
    """Whether ``text`` writes a number with a decimal comma (``0,5``), thousands groups aside."""
    return bool(re.search(r"\d,\d", _THOUSANDS_EN.sub("N", text)))


# --- colour vision -------------------------------------------------------------------------

#: Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
DICHROMACY = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _linear(colour) -> np.ndarray:
    c = np.asarray(mcolors.to_rgb(colour))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ \
        np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def colour_difference(a, b, vision: str | None = None) -> float:
    """CIE76 ΔE between two colours as seen with normal vision or a simulated dichromacy."""
    la, lb = _linear(a), _linear(b)
    if vision is not None:
        la, lb = DICHROMACY[vision] @ la, DICHROMACY[vision] @ lb
    return float(np.linalg.norm(_lab(la) - _lab(lb)))


def worst_difference(a, b) -> float:
    """The smallest ΔE of two colours over normal vision and the three dichromacies."""
    return min(colour_difference(a, b, v) for v in (None, *DICHROMACY))
