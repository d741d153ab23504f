"""A chart as PNG bytes: the same pixels as the notebook's inline backend, for less work.

A report shows each chart as the PNG that IPython's ``print_figure(fig, "png",
bbox_inches="tight")`` makes (:func:`icttools.report.show_chart`). Drawing the PNGs was most of a
batch run's time; :func:`png_bytes` makes the *same pixels* (tested, decoded pixel for pixel, on
every report chart) with less work:

* **no blank drawing.** With ``bbox_inches="tight"``, matplotlib first draws the whole figure
  with drawing switched off, to run the layout engine and find the tight box, then draws it for
  real. :func:`png_bytes` runs what that blank drawing is for (the axes' aspect, the layout
  engine, the tight box) directly, then lets matplotlib draw the cropped figure once (a tenth of
  the work of a chart).
* **text measured once per process.** matplotlib measures every text (tick labels, titles,
  criterion names) with FreeType and libraqm each time a new renderer needs it: once for the
  layout and again for the cropped final image, and again in every chart. The renderer here keeps
  the measures of the whole process; a measure depends only on the string, the font files, the
  size, the dpi and the hinting settings, which are its key (mathtext and TeX are measured as
  usual). The same for the fonts' line heights, which ``Text`` otherwise reads again from the
  font's tables for every text at every drawing (through the backend hook
  ``_get_font_height_metrics`` that matplotlib's PDF and PS renderers also use).
* **faster PNG compression** (zlib level 1 instead of 6): the files are about 6 % larger, the
  pixels are the same.

The figure keeps its own canvas and layout engine after the call (both are swapped only while it
is drawn). Settings this shortcut does not follow (``figure.autolayout`` or
``figure.constrained_layout.use`` on) fall back to matplotlib's own two drawings. A matplotlib
upgrade that changes what the blank drawing does is caught by ``tests/test_render.py``.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager, get_font

__all__ = ["png_bytes", "PNG_COMPRESS_LEVEL", "clear_text_metrics", "text_metrics_kept"]

#: zlib level of the charts' PNGs: 1 is about twice as fast as matplotlib's default 6 for files
#: about 6 % larger (measured on the 13 charts of a province).
PNG_COMPRESS_LEVEL = 1
#: Text measures kept (strings × fonts × sizes); a batch run of 63 provinces needs a few thousand.
_MAX_MEASURES = 50_000
_MEASURES: dict[tuple, tuple[float, float, float]] = {}


def clear_text_metrics() -> None:
    """Forget every text measure kept by :func:`png_bytes` (tests; fonts installed meanwhile)."""
    _MEASURES.clear()


def text_metrics_kept() -> int:
    """How many text measures :func:`png_bytes` keeps."""
    return len(_MEASURES)


class _MeasuringRenderer(RendererAgg):
    """The Agg renderer, with the text measures shared by every instance of the process."""

    def __init__(self, width: float, height: float, dpi: float):
        super().__init__(width, height, dpi)
        rc = mpl.rcParams
        # what, besides the text and its font properties, a measure depends on: the settings that
        # turn a generic family ("sans-serif") into font files, the hinting (RendererAgg.
        # _prepare_font, FT2Font.set_text) and the dpi. Read once: a renderer lives for one drawing.
        self._settings = (dpi, rc["text.hinting"], rc["text.hinting_factor"], rc["font.enable_last_resort"],
                          *(tuple(rc[k]) for k in ("font.serif", "font.sans-serif", "font.cursive",
                                                   "font.fantasy", "font.monospace")))

    def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> tuple[float, float, float]:
        if ismath:  # mathtext or TeX: measured as matplotlib does, never cached
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, prop.copy(), self._settings)
        found = _MEASURES.get(key)
        if found is None:
            if len(_MEASURES) >= _MAX_MEASURES:
                _MEASURES.clear()
            found = _MEASURES[key] = super().get_text_width_height_descent(s, prop, ismath)
        return found

    def _get_font_height_metrics(self, prop: Any) -> tuple[Any, Any, Any]:
        # matplotlib's hook for a backend's line heights (Text._get_layout asks every renderer that
        # has it, for every text, every time): the values Text._get_layout computes itself from
        # the font's tables, kept per font and size
        key = (None, prop.copy(), self._settings)  # None: never a text's key
        found = _MEASURES.get(key)
        if found is None:
            found = _MEASURES[key] = _line_heights(prop, self.dpi)
        return found


def _line_heights(prop: Any, dpi: float) -> tuple[Any, Any, Any]:
    """Ascent, descent and line gap of ``prop``'s font at ``dpi``, in pixels, computed as
    ``matplotlib.text.Text._get_layout`` does (None, None, None: measured from text instead)."""
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        fontsize = prop.get_size_in_points()
        units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
        scale = 1 / units_per_em * fontsize * dpi / 72  # the same operations, the same floats
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None


class _ReportCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderers are :class:`_MeasuringRenderer` s."""

    def get_renderer(self) -> RendererAgg:
        # FigureCanvasAgg.get_renderer, with the renderer class changed
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = _MeasuringRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def png_bytes(fig: Figure) -> bytes:
    """``fig`` as the PNG IPython's ``print_figure(fig, "png", bbox_inches="tight")`` makes:
    same size, same dpi, same pixels (see the module's docstring for what differs: the work and
    the compression).

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    bytes
        The PNG file; empty for a figure without axes or lines (IPython shows nothing then).
    """
    if not fig.axes and not fig.lines:
        return b""
    own, engine = fig.canvas, fig.get_layout_engine()
    canvas = _ReportCanvas(fig)
    pad = mpl.rcParams["savefig.pad_inches"]
    plain = (pad == "layout" or mpl.rcParams["figure.autolayout"]
             or mpl.rcParams["figure.constrained_layout.use"])
    try:
        buf = io.BytesIO()
        kw = dict(format="png", facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor(), dpi=fig.dpi,
                  pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
        if plain:  # settings this shortcut does not follow: matplotlib's own way
            canvas.print_figure(buf, bbox_inches="tight", **kw)
            return buf.getvalue()
        bbox = _tight_bbox(fig, canvas.get_renderer(), engine).padded(pad)
        fig.set_layout_engine(None)  # laid out above: print_figure must not draw it once more
        canvas.print_figure(buf, bbox_inches=bbox, **kw)
        return buf.getvalue()
    finally:
        if engine is not None and fig.get_layout_engine() is not engine:
            fig.set_layout_engine(engine)
        fig.set_canvas(own)


def _tight_bbox(fig: Figure, renderer: RendererAgg, engine: Any) -> Any:
    """What ``print_figure(bbox_inches="tight")`` learns from its first, blank draw of the whole
    figure (aspect ratios applied, the layout engine run, then the tight box), without that draw."""
    for ax in fig.axes:
        locator = ax.get_axes_locator()
        ax.apply_aspect(locator(ax, renderer) if locator else None)
        for child in ax.get_children():
            if hasattr(child, "apply_aspect"):
                locator = child.get_axes_locator()
                child.apply_aspect(locator(child, renderer) if locator else None)
    if fig.axes and engine is not None:
        try:
            engine.execute(fig)
        except ValueError:  # as Figure.draw: a layout that cannot be made is left as it is
            pass
    return fig.get_tightbbox(renderer)
