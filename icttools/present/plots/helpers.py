"""Helpers shared by the chart modules: names, orderings, small multiples, label placement."""

from __future__ import annotations

import functools
from typing import Any, Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

from icttools.core.engine import IndexResult
from icttools.core.framework import Framework
from icttools.core.provinces import load_provinces
from icttools.core.text import nfc
from icttools.present.plots.style import COLORS, LocaleFormatter, text_colour

__all__ = ["fit", "text_width", "node_label", "unit_label", "rank_order", "province_at", "region_codes",
           "small_multiples", "emphasise", "spread", "unit_axis", "chart_axes", "legend_below", "set_title"]


@functools.lru_cache(maxsize=None)
def _font(bold: bool) -> Any:
    path = font_manager.findfont(font_manager.FontProperties(family=["DejaVu Sans"],
                                                             weight="bold" if bold else "normal"))
    font = FT2Font(path)
    font.set_size(100, 72)
    return font


@functools.lru_cache(maxsize=4096)
def _advance(char: str, bold: bool) -> float:
    """Advance width of one character of DejaVu Sans, in em."""
    return _font(bold).load_char(ord(char)).linearHoriAdvance / 65536 / 100  # unhinted advance


def text_width(text: str, fontsize: float, bold: bool = False) -> float:
    """Width in inches of one line of DejaVu Sans (sum of the advances, plus 6% for hinting)."""
    return 1.06 * fontsize * sum(_advance(c, bold) for c in nfc(text)) / 72


def _greedy(words: list[str], widths: list[float], space: float, limit: float) -> list[str]:
    lines, current, used = [], [], 0.0
    for word, w in zip(words, widths):
        extra = w if not current else used + space + w
        if current and extra > limit:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            current, used = current + [word], extra
    return lines + [" ".join(current)] if current else lines


def fit(text: str, inches: float, fontsize: float, bold: bool = False) -> str:
    """``text`` broken between words into lines at most ``inches`` wide; never shortened.

    The lines are balanced: the narrowest measure that needs no more lines (no word left alone
    on a last line). A single word wider than ``inches`` stays whole on its line.
    """
    words = nfc(str(text)).split()
    if not words:
        return nfc(str(text))
    widths = [text_width(w, fontsize, bold) for w in words]
    space = text_width(" ", fontsize, bold)
    count = len(_greedy(words, widths, space, inches))
    lo, hi = max(widths), max(inches, max(widths))
    for _ in range(14):  # bisect the narrowest measure that keeps the line count
        mid = (lo + hi) / 2
        if len(_greedy(words, widths, space, mid)) <= count:
            hi = mid
        else:
            lo = mid
    return "\n".join(_greedy(words, widths, space, hi))


def node_label(fw: Framework, key: str, lang: str, inches: float | None = None, fontsize: float = 8.0,
               bold: bool = False) -> str:
    """The framework's full name of a node or criterion, fitted to ``inches`` (see :func:`fit`)."""
    text = nfc(fw.label(key, lang))
    return fit(text, inches, fontsize, bold) if inches else text


def unit_label(fw: Framework, iid: str, lang: str) -> str:
    """A criterion's unit in ``lang``."""
    ind = fw.indicator(iid)
    return nfc(ind.unit if lang == "vi" else ind.unit_en)


def rank_order(codes: Sequence[str], ranks: Mapping[str, float]) -> list[str]:
    """Codes sorted by rank, ties by GSO code (deterministic)."""
    return sorted(codes, key=lambda c: (ranks[c], int(c)))


def province_at(result: IndexResult, place: int = 1, node: str | None = None) -> str:
    """The province in ``place`` (1 = the leader) on ``node`` (default: the overall index; ties
    by GSO code)."""
    node = node or result.root
    order = rank_order(list(result.codes), result.ranks[node].to_dict())
    return order[min(place, len(order)) - 1]


def region_codes(codes: Sequence[str], code: str) -> list[str]:
    """The codes among ``codes`` in the same socio-economic region as ``code``."""
    region = load_provinces().set_index("gso_code")["region"]
    return [c for c in codes if region.get(c) == region[code]]


def small_multiples(n: int, ncols: int, width: float, height: float, extra: float) -> tuple[Figure, list, int]:
    """A figure with ``n`` axes on a grid of ``ncols`` columns (unused cells removed).

    ``width`` and ``height`` are one panel's size (inches), ``extra`` the height of the title
    and legend. Returns the figure, the ``n`` axes in reading order, and the columns used.
    """
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig = plt.figure(figsize=(width * ncols, height * nrows + extra), layout="constrained")
    grid = fig.subplots(nrows, ncols, squeeze=False)
    axes = [grid[k // ncols][k % ncols] for k in range(nrows * ncols)]
    for ax in axes[n:]:
        fig.delaxes(ax)
    return fig, axes[:n], ncols


def emphasise(labels: Sequence[Text], flags: Sequence[bool], colour: str | None = None) -> None:
    """Bold, coloured tick labels where ``flags`` is true (the province's row or column)."""
    shade = text_colour(colour or COLORS["province"])
    for label, flag in zip(labels, flags):
        if flag:
            label.set_color(shade)
            label.set_fontweight("bold")


def spread(wanted: Any, sizes: Any, lo: float = -np.inf, hi: float = np.inf) -> np.ndarray:
    """Centres for labels on a line, as close as possible to ``wanted``, that never overlap.

    Labels keep their order; overlapping ones are merged into blocks set side by side and
    centred on the mean of what they want (the least-squares placement), then the blocks are
    pushed inside ``[lo, hi]``. Deterministic: ties keep the input order.

    Parameters
    ----------
    wanted : array (n,)
        Preferred centres.
    sizes : array (n,)
        Extents of the labels along the line (with any gap wanted between them).
    lo, hi : float
        The room available.

    Returns
    -------
    ndarray (n,)
        Centres, in the input order.
    """
    wanted = np.asarray(wanted, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    order = np.argsort(wanted, kind="stable")
    blocks: list[list[int]] = []  # each: positions in ``order``

    def start_of(block: list[int]) -> float:
        # the block's lower edge that best fits its members: mean of (wanted - offset in block)
        offsets = np.cumsum([0.0] + [sizes[order[i]] for i in block[:-1]])
        centres = offsets + sizes[order[block]] / 2
        return float(np.mean(wanted[order[block]] - centres))

    for k in range(len(order)):
        blocks.append([k])
        while len(blocks) > 1:
            prev, last = blocks[-2], blocks[-1]
            if start_of(last) >= start_of(prev) + sizes[order[prev]].sum():
                break
            blocks[-2:] = [prev + last]
    starts = [start_of(b) for b in blocks]
    lengths = [float(sizes[order[b]].sum()) for b in blocks]
    # keep the blocks inside [lo, hi]: push up from the bottom, then down from the top
    for j in range(len(blocks)):
        floor = lo if j == 0 else starts[j - 1] + lengths[j - 1]
        starts[j] = max(starts[j], floor)
    for j in reversed(range(len(blocks))):
        ceiling = hi if j == len(blocks) - 1 else starts[j + 1]
        starts[j] = min(starts[j], ceiling - lengths[j])
    out = np.empty(len(wanted))
    for block, start in zip(blocks, starts):
        edge = start
        for i in block:
            out[order[i]] = edge + sizes[order[i]] / 2
            edge += sizes[order[i]]
    return out


def unit_axis(ax: Any, fw: Framework, iid: str, lang: str, inches: float) -> bool:
    """Show a criterion's unit on the x axis of ``ax``: a percentage on the ticks (``90%``),
    any other unit as the axis label (fitted to ``inches``). Returns whether it is a percentage."""
    unit = unit_label(fw, iid, lang)
    if unit.strip() == "%":
        ax.xaxis.set_major_formatter(LocaleFormatter(lang, suffix="%"))
        return True
    ax.set_xlabel(fit(unit, inches, 8), fontsize=8)
    return False


def chart_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """The figure and axes to draw a one-panel chart on: a new figure of ``figsize`` (constrained
    layout), or the caller's ``ax``. The flag says whether the figure is the chart's own."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax, True
    return ax.figure, ax, False


def legend_below(fig: Figure, ax: Axes, own: bool, **kwargs: Any) -> None:
    """The chart's legend under the plot: under the figure when it is the chart's own, else
    under the caller's axes."""
    if own:
        fig.legend(loc="outside lower center", **kwargs)
    else:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), **kwargs)


def set_title(fig: Figure, text: str, ax: Axes | None = None) -> str:
    """The chart's title fitted to the room: above the whole figure, or above ``ax`` when the
    chart was drawn on a caller's axes. Returns ``text``."""
    # called inside the chart's style context: the title sizes are the chart's
    if ax is None:
        fig.suptitle(fit(text, float(fig.get_figwidth()) - 0.4, float(mpl.rcParams["figure.titlesize"]), bold=True))
    else:
        inches = ax.get_position().width * float(fig.get_figwidth())
        ax.set_title(fit(text, max(inches, 1.0), float(mpl.rcParams["axes.titlesize"]), bold=True))
    return text
