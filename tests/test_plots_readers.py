"""What every chart owes its readers, checked on every chart in both languages.

- no process-wide side effects: calling a chart leaves ``rcParams`` as they were, importing
  icttools changes no rcParams, warning filter or pandas option, and a figure drawn later under
  other settings looks the same;
- text of at least 8 pt at the width the HTML report shows (no scaling down), full names
  (no "…"), numbers in the chart's language (``0,25`` and ``90%`` in Vietnamese);
- colour-blind-safe colours (simulated dichromacies), readable numbers on the heatmap;
- an alt text: the title and a one-line reading, in the chart's language;
- the leader and the last province get sensible charts too.

Marked ``slow`` (left out by ``make test-fast``); ``test_plots.py`` keeps a quick check of the
same promises on one chart.
"""

from __future__ import annotations

import ast
import io
import itertools
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import Normalize, to_hex  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402
from plot_cases import (CHARTS, Case, colour_difference, decimal_comma, decimal_point, texts,  # noqa: E402
                        title_of, worst_difference)

import icttools  # noqa: E402
from icttools.present import plots  # noqa: E402
from icttools.present.plots.style import RANK_CMAP, contrast_ratio  # noqa: E402

#: Every chart drawn at full size in both languages, and a fresh interpreter: seconds each.
pytestmark = pytest.mark.slow

GLYPH_WARNING = r"Glyph \d+ .* missing from font"
LANGS = ["vi", "en"]
#: CIE76 ΔE two colours that mean different things keep under every simulated vision.
MIN_DELTA_E = 20.0


@pytest.fixture(autouse=True)
def _glyph_errors():
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=GLYPH_WARNING)
        yield
    plt.close("all")


@pytest.fixture(scope="module")
def cases():
    """Hà Giang (17th in 2018), the leader Đà Nẵng and the last province."""
    ha_giang = Case("02")
    order = sorted(ha_giang.result.codes, key=lambda c: (ha_giang.result.rank(c), int(c)))
    assert order[0] == "48"
    return {"02": ha_giang, "48": Case("48"), "last": Case(order[-1])}


# --- no process-wide side effects --------------------------------------------------------------

#: Settings a notebook user might have: none of them may change how a finished chart looks.
FOREIGN_STYLE = {
    "font.size": 17, "font.family": ["serif"], "font.sans-serif": ["DejaVu Serif"], "axes.titlesize": 25,
    "axes.labelsize": 20, "xtick.labelsize": 19, "ytick.labelsize": 19, "xtick.color": "red",
    "ytick.color": "red", "xtick.major.size": 12, "ytick.major.size": 12, "xtick.major.width": 3,
    "grid.color": "green", "grid.linewidth": 4, "legend.fontsize": 20, "lines.linewidth": 6,
    "axes.unicode_minus": False, "axes.edgecolor": "magenta",
}


def pixels(fig) -> np.ndarray:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=30)
    buf.seek(0)
    return plt.imread(buf)


#: One chart per way the style could leak: plain bars and labels, a colour bar, small multiples
#: with automatic ticks, point labels placed after a first layout.
STYLE_CASES = ["ranking_bars", "rank_heatmap", "rank_curves", "target_plan", "rank_history"]


@pytest.mark.parametrize("name", STYLE_CASES)
def test_a_chart_keeps_its_style_when_drawn_under_other_settings(cases, name):
    """The inline backend draws a figure after the cell, outside the chart's style context.

    Two copies of the chart are each drawn once (constrained layout settles over the first
    draws, so the same figure drawn twice may differ by a pixel)."""
    reference = pixels(CHARTS[name](cases["02"], "vi"))
    copy = CHARTS[name](cases["02"], "vi")
    with matplotlib.rc_context(FOREIGN_STYLE):
        foreign = pixels(copy)
    assert reference.shape == foreign.shape
    assert np.array_equal(reference, foreign)


def test_the_foreign_style_would_show():
    """The check above can fail: a plain figure drawn under those settings does change."""
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    reference = pixels(fig)
    with matplotlib.rc_context(FOREIGN_STYLE):
        assert not np.array_equal(reference, pixels(fig))


def third_party_modules() -> list[str]:
    """Every module outside icttools and the standard library that icttools imports (anywhere)."""
    names = set()
    for path in sorted(Path(icttools.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(n for n in names if n.split(".")[0] not in {"icttools", "__future__", *sys.stdlib_module_names})


def test_importing_icttools_changes_no_global_setting():
    """In a fresh interpreter, after importing the third-party modules icttools uses (they may
    set warning filters of their own): importing every icttools module leaves rcParams, warning
    filters, pandas options and numpy's error handling as they were."""
    code = r"""
import importlib, json, pkgutil, sys, warnings
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except ImportError:
        pass
import matplotlib, numpy, pandas as pd

def options(prefix="", node=pd.options):
    out = {}
    for key in dir(node):
        full = prefix + key
        try:
            value = pd.get_option(full)
        except Exception:
            out.update(options(full + ".", getattr(node, key)))
        else:
            out[full] = repr(value)
    return out

before = (dict(matplotlib.rcParams), list(warnings.filters), options(), numpy.geterr())
import icttools
names = sorted(m.name for m in pkgutil.walk_packages(icttools.__path__, "icttools."))
for name in names:
    importlib.import_module(name)
after = (dict(matplotlib.rcParams), list(warnings.filters), options(), numpy.geterr())
print(json.dumps({
    "modules": len(names),
    "rc": sorted(k for k in after[0] if after[0][k] != before[0].get(k)),
    "warnings": [repr(f) for f in after[1] if f not in before[1]],
    "pandas": sorted(k for k in after[2] if after[2][k] != before[2].get(k)),
    "numpy": after[3] != before[3],
}))
"""
    modules = third_party_modules()
    assert "matplotlib.pyplot" in modules and "pandas" in modules
    out = subprocess.run([sys.executable, "-c", code, json.dumps(modules)], capture_output=True, text=True,
                         check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["modules"] > 30
    assert report == {"modules": report["modules"], "rc": [], "warnings": [], "pandas": [], "numpy": False}


# --- every chart, both languages -----------------------------------------------------------------

VI_LETTERS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
EN_WORDS = re.compile(r"\b(the|and|of|with|rank|points)\b")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_for_readers(cases, name, lang):
    settings = dict(matplotlib.rcParams)
    fig = CHARTS[name](cases["02"], lang)
    fig.canvas.draw()  # at the figure's own 100 dpi, as the report shows it
    renderer = fig.canvas.get_renderer()
    # the chart's style stayed inside the chart
    assert sorted(k for k, v in matplotlib.rcParams.items() if settings.get(k) != v) == []
    shown = texts(fig)
    assert shown
    # readable at the size the HTML report shows it: no text under 8 pt, no scaling down
    small = sorted({(x.get_text(), x.get_fontsize()) for x in shown if x.get_fontsize() < plots.MIN_FONT_SIZE})
    assert small == []
    assert fig.get_tightbbox(renderer).width <= plots.FIGURE_WIDTH + 0.05
    # full names, numbers written as the language writes them
    words = [x.get_text() for x in shown]
    assert not [w for w in words if "…" in w]
    if lang == "vi":
        assert not [w for w in words if decimal_point(w)], "decimal point in a Vietnamese chart"
        assert not [w for w in words if re.search(r"\d %", w)], "space before % in a Vietnamese chart"
    else:
        assert not [w for w in words if decimal_comma(w)], "decimal comma in an English chart"
    # the alt text: the title, then one reading of the chart, in the chart's language
    alt = plots.alt_text(fig)
    title = title_of(fig)
    assert alt.startswith(title) and len(alt) > len(title) + 20, alt
    assert "\n" not in alt
    if lang == "vi":
        assert VI_LETTERS.search(alt) and not EN_WORDS.search(alt), alt
    else:
        assert not VI_LETTERS.search(alt), alt
        assert not decimal_comma(alt)


@pytest.mark.parametrize("who", ["48", "last"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_charts_of_the_leader_and_the_last_province(cases, name, who):
    case = cases[who]
    fig = CHARTS[name](case, "vi")
    alt = plots.alt_text(fig)
    assert alt.startswith(title_of(fig))
    if name in ("ranking_bars", "rank_intervals"):
        rank = case.result.rank(case.province)
        assert (str(rank) in alt) or ("dẫn đầu" in alt)
    if who == "48":
        assert "dẫn đầu là Đà Nẵng" not in alt  # never "the leader is Đà Nẵng" in Đà Nẵng's own chart


# --- colours -----------------------------------------------------------------------------------

def meaning_colours(fig) -> list[str]:
    """The colours a reader must tell apart: the legend entries and the bars' colours."""
    handles = []
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:
            handles += legend.legend_handles
    colours = []
    for h in handles:
        if isinstance(h, Patch) and h.get_facecolor()[3] > 0 and to_hex(h.get_facecolor()) != "#ffffff":
            colours.append(to_hex(h.get_facecolor()))
        elif isinstance(h, Line2D):
            colours.append(to_hex(h.get_markerfacecolor() if h.get_linestyle() in ("None", "none", "")
                                  else h.get_color()))
    colours += [to_hex(p.get_facecolor()) for ax in fig.axes for p in ax.patches
                if isinstance(p, Rectangle) and p.get_fill()]
    return sorted(set(colours))


@pytest.mark.parametrize("name", sorted(set(CHARTS) - {"rank_heatmap"}))
def test_colours_stay_apart_for_colour_blind_readers(cases, name):
    fig = CHARTS[name](cases["02"], "vi")
    colours = meaning_colours(fig)
    assert len(colours) >= 2, colours
    close = [(a, b, round(worst_difference(a, b), 1)) for a, b in itertools.combinations(colours, 2)
             if worst_difference(a, b) < MIN_DELTA_E]
    assert close == []


def test_the_colour_check_catches_red_against_green():
    """The old heatmap (red–yellow–green) and the old better/worse pair fail the same check."""
    old = matplotlib.colormaps["RdYlGn_r"]
    assert worst_difference(old(0.0), old(1.0)) < MIN_DELTA_E
    assert colour_difference(old(0.0), old(1.0), "deuteranopia") < MIN_DELTA_E
    assert worst_difference(RANK_CMAP(0.0), RANK_CMAP(1.0)) > 4 * MIN_DELTA_E


def test_rank_colours_read_the_same_way_for_every_vision():
    """Good and poor ranks stay apart for every vision, and so do ranks a quarter apart."""
    for a, b in [(0.0, 1.0), (0.0, 0.5), (0.5, 1.0), (0.25, 0.75)]:
        assert worst_difference(RANK_CMAP(a), RANK_CMAP(b)) >= MIN_DELTA_E, (a, b)


def test_heatmap_numbers_are_readable_on_their_cells(cases):
    case = cases["02"]
    fig = CHARTS["rank_heatmap"](case, "vi")
    ax = fig.axes[0]
    norm = Normalize(1, 63)
    numbers = [x for x in ax.texts if x.get_text().isdigit()]
    assert len(numbers) == case.region_ranks.size
    worst = min(contrast_ratio(x.get_color(), RANK_CMAP(norm(int(x.get_text())))) for x in numbers)
    assert worst >= 4.5
    assert min(x.get_fontsize() for x in numbers) >= plots.MIN_FONT_SIZE
