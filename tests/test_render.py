"""The reports' PNGs (:func:`icttools.present.plots.render.png_bytes`) have, decoded, exactly the
pixels of IPython's ``print_figure(fig, "png", bbox_inches="tight")`` (what the reports showed
before, and what an inline backend shows): same size, same dpi, every pixel equal.

Each comparison draws two copies of the same chart (a figure is changed by its first drawing).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.core.pylabtools import print_figure  # noqa: E402
from PIL import Image  # noqa: E402
from plot_cases import CHARTS, Case  # noqa: E402

from icttools.present import plots  # noqa: E402
from icttools.present.plots import render  # noqa: E402
from icttools.present.plots.render import png_bytes  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cases():
    return {code: Case(code) for code in ("02", "01")}


def decoded(png: bytes) -> tuple[str, tuple[int, int], object, np.ndarray]:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.mode, image.size, image.info.get("dpi"), np.asarray(image)


def reference_png(fig) -> bytes:
    return print_figure(fig, fmt="png", bbox_inches="tight", base64=False)


def assert_same_pixels(make) -> None:
    """``make()`` twice: one figure through IPython, the other through ``png_bytes``."""
    want, got = decoded(reference_png(make())), decoded(png_bytes(make()))
    assert got[:3] == want[:3]  # mode, size in pixels, dpi
    diff = np.argwhere(np.any(got[3] != want[3], axis=-1))
    assert diff.size == 0, f"{len(diff)} pixels differ, first at (row, col) {tuple(diff[0])}"


#: Checked in the quick tier (a colour bar, mathtext-free small multiples, a legend measured while
#: the chart is built); every chart in both languages in the slow tier.
QUICK = {"rank_heatmap", "target_plan", "sobol_bars"}


@pytest.mark.parametrize("name", [n if n in QUICK else pytest.param(n, marks=pytest.mark.slow)
                                  for n in sorted(CHARTS)])
@pytest.mark.parametrize("lang", ["vi", pytest.param("en", marks=pytest.mark.slow)])
def test_every_chart_has_the_pixels_of_print_figure(cases, name, lang):
    assert_same_pixels(lambda: CHARTS[name](cases["02"], lang))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_leaders_charts_too(cases, name):
    assert_same_pixels(lambda: CHARTS[name](cases["01"], "vi"))


def test_a_chart_drawn_twice_reuses_its_text_measures(cases):
    """The second drawing of a chart measures no text again, and still gives the same pixels."""
    render.clear_text_metrics()
    first = png_bytes(CHARTS["sobol_bars"](cases["02"], "vi"))
    measured = render.text_metrics_kept()
    assert measured > 0  # the cache is really used
    second = png_bytes(CHARTS["sobol_bars"](cases["02"], "vi"))
    assert render.text_metrics_kept() == measured
    assert np.array_equal(decoded(first)[3], decoded(second)[3])


def test_a_plan_without_changes(cases):
    assert_same_pixels(lambda: plots.target_plan({"still": None}, cases["02"].framework, "vi"))


def test_figures_outside_the_reports_style():
    """No layout engine; mathtext (measured as matplotlib does); a colour bar; a suptitle."""
    def plain():
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot([0, 1, 4], label="$x^2$ – Hà Giang")
        ax.legend(loc="best")
        ax.set_xlabel(r"$\sqrt{n}$ tỉnh")
        return fig

    def colour_bar():
        fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
        im = ax.imshow(np.arange(12.0).reshape(3, 4), aspect="auto")
        fig.colorbar(im, ax=ax, shrink=0.5, label="Xếp hạng")
        fig.suptitle("Tiêu đề dài của biểu đồ")
        return fig

    assert_same_pixels(plain)
    assert_same_pixels(colour_bar)


def test_settings_that_give_figures_a_layout_fall_back_to_matplotlib(cases):
    """With ``figure.autolayout`` on, a figure cannot be left without a layout engine."""
    with matplotlib.rc_context({"figure.autolayout": True}):
        assert_same_pixels(lambda: CHARTS["sobol_bars"](cases["02"], "vi"))


def test_the_figure_keeps_its_canvas_layout_and_settings(cases):
    fig = CHARTS["tornado"](cases["02"], "vi")
    canvas, engine = fig.canvas, fig.get_layout_engine()
    before = dict(matplotlib.rcParams)
    png = png_bytes(fig)
    assert png.startswith(b"\x89PNG")
    assert fig.canvas is canvas and fig.get_layout_engine() is engine
    assert dict(matplotlib.rcParams) == before


def test_an_empty_figure_gives_nothing():
    assert png_bytes(plt.figure()) == b""
    assert reference_png(plt.figure()) is None
