"""The reports' chart style, applied inside each chart: palette, settings, numbers, alt text.

Nothing here changes matplotlib's global state. :func:`chart` runs a chart function inside
``matplotlib.rc_context(STYLE)`` and, before the context closes, creates the tick objects of every
axes, so a figure keeps its fonts, sizes and grid when it is drawn later (in a notebook, after the
cell) under whatever ``rcParams`` the caller has.

Colours are from the Okabe–Ito palette, readable with the common colour-vision deficiencies: the
province is vermillion, "better" is blue and "worse" is orange, never red against green. Numbers
on axes follow the chart's language (``0,25`` and ``2.000`` in Vietnamese, ``0.25`` and ``2,000``
in English), minus signs are ``−`` and percentages carry no space (``90%``).
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable, Iterable

import matplotlib as mpl
import matplotlib.colors as mcolors
import matplotlib.ticker as mticker
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from icttools.core.text import nfc

__all__ = ["COLORS", "SERIES", "STYLE", "MIN_FONT_SIZE", "FIGURE_WIDTH", "RANK_CMAP", "chart",
           "set_alt_text", "alt_text", "format_number", "LocaleFormatter", "localise_axes",
           "rank_ticks", "set_rank_axis", "contrast_ratio", "readable_on", "text_colour"]

#: The palette (Okabe & Ito, "Color Universal Design"): the province vermillion, other provinces
#: grey; better/gained blue against worse/lost orange.
COLORS = {
    "province": "#D55E00",
    "other": "#BBBBBB",
    "leader": "#0072B2",
    "median": "#666666",
    "region": "#56B4E9",
    "better": "#0072B2",
    "worse": "#E69F00",
    "interaction": "#999999",
    "target": "#0072B2",
    "target2": "#E69F00",
    "threshold": "#444444",
    "start": "#888888",
    "end": "#333333",
    "grid": "#DDDDDD",
}

#: Colours of series that are only told apart (lines of a trend chart, plans), in order; each
#: series also gets its own marker, so colour is never the only cue.
SERIES = ("#0072B2", "#56B4E9", "#000000", "#CC79A7", "#E69F00", "#009E73")

#: The smallest font size, in points at the size the report shows the chart.
MIN_FONT_SIZE = 8.0
#: Width (inches, 100 dpi) at which the HTML report shows a chart without scaling it down.
FIGURE_WIDTH = 9.5

#: matplotlib settings of every chart, applied with ``matplotlib.rc_context`` (never globally).
#: The font family names DejaVu Sans itself (it covers every Vietnamese letter), not the generic
#: "sans-serif" that is resolved again at draw time from the caller's settings.
STYLE: dict[str, Any] = {
    "font.family": ["DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.edgecolor": "#555555",
    "axes.unicode_minus": True,
    "grid.color": COLORS["grid"],
    "grid.linewidth": 0.6,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.titlesize": 11.5,
    "figure.titleweight": "bold",
    "figure.dpi": 100,
    "figure.facecolor": "white",
}

#: Ranks on a diverging blue–white–orange scale: blue for good ranks, orange for poor ones, light
#: in the middle (colour-blind safe: the two ends differ in hue and lightness).
RANK_CMAP = mcolors.LinearSegmentedColormap.from_list(
    "icttools_rank", ["#2166AC", "#92C5DE", "#F7F7F7", "#FDB863", "#B35806"])


# --- the style context ---------------------------------------------------------------------

def chart(func: Callable[..., Figure]) -> Callable[..., Figure]:
    """Decorator: build the figure inside ``rc_context(STYLE)`` and fix its tick style there.

    matplotlib creates tick objects lazily, reading ``rcParams`` when it does, and sizes the
    automatic tick spacing from the tick label size in ``rcParams`` at draw time. Creating the
    first ticks inside the context (later ticks copy them) and recording the label size on the
    axis keep the chart's look when the figure is drawn after the context has closed.
    """
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        with mpl.rc_context(STYLE):
            fig = func(*args, **kwargs)
            for ax in fig.axes:
                for axis in (ax.xaxis, ax.yaxis):
                    first = axis.get_major_ticks()[:1] or [axis.majorTicks[0]]
                    axis.get_minor_ticks()
                    axis.set_tick_params(which="major", labelsize=first[0].label1.get_fontsize())
        return fig

    return wrapper


def set_alt_text(fig: Figure, title: str, reading: str) -> str:
    """Store the chart's alt text (title and a one-line reading) as the figure's label."""
    title = " ".join(nfc(title).split())
    reading = " ".join(nfc(reading).split())
    sep = " " if title.endswith((".", ":", "?", "!")) else ". "
    text = f"{title}{sep}{reading}" if reading else title
    fig.set_label(text)
    return text


def alt_text(fig: Figure) -> str:
    """The alt text of a chart made by :mod:`icttools.present.plots` (its title and one reading)."""
    return str(fig.get_label())


# --- numbers -------------------------------------------------------------------------------

def format_number(x: Any, decimals: int, lang: str, *, signed: bool = False, trim: bool = False) -> str:
    """A number for a chart: ``1.234,5`` (vi) or ``1,234.5`` (en), ``−`` for minus, ``—`` if missing.

    Parameters
    ----------
    decimals : int
        Digits after the decimal separator.
    signed : bool
        Write ``+`` before a positive value.
    trim : bool
        Drop trailing zeros of the decimals (``100`` rather than ``100,00``).
    """
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(v):
        return "—"
    s = f"{abs(v):,.{decimals}f}"
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    if lang == "vi":
        s = s.translate(str.maketrans({",": ".", ".": ","}))
    zero = float(f"{abs(v):.{decimals}f}") == 0
    if v < 0 and not zero:
        return "−" + s
    return ("+" + s) if signed and not zero else s


def _decimals_for(values: Iterable[float]) -> int:
    """The fewest decimals (0–6) that write every value exactly (tick positions)."""
    vals = [float(v) for v in values if math.isfinite(float(v))]
    for d in range(7):
        if all(abs(v - round(v, d)) <= 1e-9 * max(1.0, abs(v)) for v in vals):
            return d
    return 6


class LocaleFormatter(mticker.Formatter):
    """Tick labels in the chart's language, with as many decimals as the ticks need.

    Parameters
    ----------
    lang : {"vi", "en"}
    signed : bool
        ``+`` before positive values (axes of changes).
    suffix : str
        Written right after the number (``"%"``: no space, as Vietnamese official texts write it).
    """

    def __init__(self, lang: str, signed: bool = False, suffix: str = "") -> None:
        self.lang, self.signed, self.suffix = lang, signed, suffix
        self.decimals = 0

    def set_locs(self, locs: Any) -> None:
        super().set_locs(locs)
        self.decimals = _decimals_for(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return format_number(x, self.decimals, self.lang, signed=self.signed) + self.suffix


def localise_axes(fig: Figure, lang: str) -> None:
    """Give every numeric axis of ``fig`` (matplotlib's default formatter) a :class:`LocaleFormatter`."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), mticker.ScalarFormatter):
                axis.set_major_formatter(LocaleFormatter(lang))


# --- rank axes -----------------------------------------------------------------------------

def rank_ticks(lo: int, hi: int) -> list[int]:
    """Integer rank ticks from ``lo`` to ``hi``: 1 when it is in range, then round steps; never 0."""
    lo, hi = max(1, int(lo)), max(1, int(hi))
    span = hi - lo
    step = next((s for s, limit in ((1, 10), (2, 20), (5, 40)) if span <= limit), 10)
    ticks = [k for k in range(step * math.ceil(lo / step), hi + 1, step) if k >= 1]
    if lo == 1:
        # 1 replaces a round tick too close to it (1 and 2 with a step of 5 would crowd)
        ticks = [1] + [k for k in ticks if k - 1 >= max(step / 2, 1)]
    return ticks or [lo]


def set_rank_axis(ax: Axes, which: str, lo: float, hi: float, lang: str, pad: float = 0.6) -> None:
    """A rank axis: rank ``lo`` (better) at the top or the right, integer ticks, no rank 0.

    Parameters
    ----------
    which : {"x", "y"}
    lo, hi : float
        Best and worst rank to show.
    """
    lo, hi = max(1, int(math.floor(lo))), max(1, int(math.ceil(hi)))
    axis = ax.yaxis if which == "y" else ax.xaxis
    (ax.set_ylim if which == "y" else ax.set_xlim)(hi + pad, lo - pad)
    axis.set_major_locator(mticker.FixedLocator(rank_ticks(lo, hi)))
    axis.set_minor_locator(mticker.NullLocator())
    axis.set_major_formatter(LocaleFormatter(lang))


# --- colours for text ----------------------------------------------------------------------

def _luminance(colour: Any) -> float:
    rgb = np.asarray(mcolors.to_rgb(colour))
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast_ratio(a: Any, b: Any) -> float:
    """WCAG contrast ratio of two colours (1 to 21; 4.5 is the minimum for small text)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: Any) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    return "black" if contrast_ratio("black", background) >= contrast_ratio("white", background) else "white"


def text_colour(colour: Any, background: Any = "white", minimum: float = 4.5) -> str:
    """``colour`` darkened just enough to be readable as text on ``background``."""
    rgb = np.asarray(mcolors.to_rgb(colour))
    for k in range(21):
        shade = rgb * (1 - 0.05 * k)
        if contrast_ratio(shade, background) >= minimum:
            return mcolors.to_hex(shade)
    return "#000000"


#: Decimals of a score in a chart and its alt text, as the reports' text writes scores (an index
#: kept at more decimals, e.g. PAPI's 6, still reads "43,7289").
SCORE_DECIMALS = 4


def score_decimals(framework: Any) -> int:
    """Decimals of a score shown in a chart: the framework's rounding, at most :data:`SCORE_DECIMALS`."""
    return min(int(framework.method.rounding), SCORE_DECIMALS)
