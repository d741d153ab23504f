"""Charts of the reports: every chart in both languages on the 2018 demo data.

Missing glyphs are turned into errors (``Glyph NNN ... missing from font``) and every figure is
drawn, so a Vietnamese letter DejaVu Sans could not render would fail the test. Each chart is
checked for its structure (axes, bars, lines) against numbers computed here from the inputs,
and its title for the expected text in NFC form.
"""

from __future__ import annotations

import io
import unicodedata
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from icttools.present import plots  # noqa: E402
from icttools.core.engine import compute  # noqa: E402
from icttools.analysis.decomposition import decompose_gap  # noqa: E402
from icttools.analysis.gaps import indicator_ranks  # noqa: E402
from icttools.ingest.io import load_year  # noqa: E402
from icttools.core.provinces import load_provinces  # noqa: E402
from icttools.analysis.breakeven import tornado  # noqa: E402
from icttools.analysis.sensitivity import rank_curves  # noqa: E402
from icttools.analysis.trends import attribute_rank_change, rank_history  # noqa: E402
from icttools.analysis.sobol import sobol_indices  # noqa: E402
from icttools.analysis.uncertainty import run_uncertainty  # noqa: E402

GLYPH_WARNING = r"Glyph \d+ .* missing from font"
PROVINCE = "02"
LANGS = ["vi", "en"]


@pytest.fixture(autouse=True)
def _style_and_glyph_errors():
    plots.apply_style()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=GLYPH_WARNING)
        yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return load_year(2018)


@pytest.fixture(scope="module")
def result(data):
    return compute(data)


@pytest.fixture(scope="module")
def curves(data):
    return rank_curves(data, PROVINCE, n_points=41)


def render(fig: Figure) -> Figure:
    """Draw the figure completely (glyphs are looked up at draw time)."""
    assert isinstance(fig, Figure)
    fig.savefig(io.BytesIO(), format="png", dpi=40)
    return fig


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def title_of(fig: Figure) -> str:
    text = fig._suptitle.get_text() if fig._suptitle is not None else ""
    return text or fig.axes[0].get_title()


def assert_nfc(text: str) -> None:
    assert text, "empty title"
    assert unicodedata.is_normalized("NFC", text), text


# --- the mechanism itself ------------------------------------------------------------------

def test_missing_glyph_becomes_an_error():
    """The filter really turns a glyph DejaVu Sans lacks (a CJK ideograph) into an exception."""
    fig, ax = plt.subplots(layout="constrained")
    ax.set_title("\u6cb3")
    with pytest.raises(UserWarning, match="missing from font"):
        render(fig)


def test_apply_style_sets_dejavu_and_is_idempotent():
    plots.apply_style()
    first = {k: matplotlib.rcParams[k] for k in plots.STYLE}
    plots.apply_style()
    assert {k: matplotlib.rcParams[k] for k in plots.STYLE} == first
    assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"


# --- the charts ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_ranking_bars(result, lang):
    fig = render(plots.ranking_bars(result, PROVINCE, lang, year=2018, target_rank=10))
    ax = fig.axes[0]
    rects = bars(ax)
    assert len(fig.axes) == 1 and len(rects) == 63
    widths = np.array([r.get_width() for r in rects])
    assert np.all(np.diff(widths) <= 1e-12), "bars are drawn best first"
    red = [r for r in rects if matplotlib.colors.to_hex(r.get_facecolor()) == plots.COLORS["province"]]
    assert len(red) == 1 and red[0].get_width() == pytest.approx(result.score(PROVINCE))
    expected = {"vi": "Xếp hạng Chỉ số ICT Index năm 2018", "en": "ICT Index (overall) ranking, 2018"}[lang]
    assert ax.get_title() == unicodedata.normalize("NFC", expected)
    assert_nfc(ax.get_title())


@pytest.mark.parametrize("lang", LANGS)
def test_subindex_profile(result, lang):
    fig = render(plots.subindex_profile(result, PROVINCE, lang))
    ax = fig.axes[0]
    groups = result.framework.group_ids
    rects = bars(ax)
    assert len(rects) == 4 * len(groups)
    # the first series is the province: its bars are its rounded sub-index scores
    assert [r.get_width() for r in rects[:len(groups)]] == pytest.approx(
        [result.score(PROVINCE, g) for g in groups])
    # the third series is the national median
    assert [r.get_width() for r in rects[2 * len(groups):3 * len(groups)]] == pytest.approx(
        list(result.rounded[groups].median(axis=0)))
    title = ax.get_title()
    assert_nfc(title)
    assert title.startswith({"vi": "Chỉ số thành phần: Hà Giang", "en": "Sub-indices: Ha Giang"}[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_rank_heatmap(result, lang):
    prov = load_provinces().set_index("gso_code")["region"]
    region = [c for c in result.codes if prov[c] == prov[PROVINCE]]
    ranks = indicator_ranks(result).loc[region]
    fig = render(plots.rank_heatmap(ranks, result.framework, PROVINCE, lang, title=prov[PROVINCE]))
    assert len(fig.axes) == 2  # heatmap + colour bar
    image = fig.axes[0].get_images()[0].get_array()
    np.testing.assert_array_equal(np.asarray(image), ranks.T.to_numpy(dtype=float))
    assert_nfc(fig.axes[0].get_title())
    if lang == "vi":
        assert "Trung du và miền núi phía Bắc" in fig.axes[0].get_title()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("reference", ["leader", "median"])
def test_gap_waterfall(result, lang, reference):
    dec = decompose_gap(result, PROVINCE, reference)
    top = 8
    fig = render(plots.gap_waterfall(dec, result.framework, lang, top=top))
    ax = fig.axes[0]
    rects = bars(ax)
    assert len(rects) == top + 3  # start, top criteria, the rest, end
    start, steps, end = rects[0], rects[1:-1], rects[-1]
    assert start.get_x() + start.get_width() == pytest.approx(dec.province_score)
    assert end.get_x() + end.get_width() == pytest.approx(dec.reference_score)
    # orange bars are points lost (+), green bars points gained (−); together they make the gap
    signed = [r.get_width() * (1 if matplotlib.colors.to_hex(r.get_facecolor()) == plots.COLORS["worse"] else -1)
              for r in steps]
    assert sum(signed) == pytest.approx(dec.score_gap)
    assert dec.reference_score - dec.province_score == pytest.approx(dec.score_gap)
    shown = sorted(dec.contributions, key=abs, reverse=True)[:top]
    assert sorted(r.get_width() for r in steps[:top]) == pytest.approx(sorted(abs(v) for v in shown))
    assert_nfc(ax.get_title())


@pytest.mark.parametrize("lang", LANGS)
def test_rank_curves(curves, lang):
    fig = render(plots.rank_curves(curves, lang=lang, target_rank=10, top=6))
    assert len(fig.axes) == 6
    assert all(ax.yaxis_inverted() for ax in fig.axes)
    title = title_of(fig)
    assert_nfc(title)
    assert title == {"vi": "Hạng của Hà Giang khi chỉ thay đổi một tiêu chí",
                     "en": "Ha Giang's rank when one criterion changes"}[lang]


def test_rank_curves_explicit_indicators(curves):
    chosen = ["adult_literacy_pct", "email_use"]
    fig = render(plots.rank_curves(curves, chosen, "vi", ncols=3))
    assert len(fig.axes) == 2
    for ax, iid in zip(fig.axes, chosen):
        line = ax.get_lines()[0]
        np.testing.assert_array_equal(line.get_xdata(), curves.values[iid])
        np.testing.assert_array_equal(line.get_ydata(), curves.ranks[iid])
        assert ax.get_title().replace("\n", " ").startswith(curves.framework.label(iid, "vi")[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_tornado(curves, lang):
    table = tornado(curves)
    fig = render(plots.tornado(table, curves.framework, curves.current_rank, lang, top=10))
    ax = fig.axes[0]
    assert len(bars(ax)) == 20  # an improving and a worsening bar per criterion
    assert ax.xaxis_inverted()  # rank 1 on the right
    assert_nfc(ax.get_title())


@pytest.mark.parametrize("lang", LANGS)
def test_rank_intervals(data, lang):
    res = run_uncertainty(data, n=200, seed=3)
    fig = render(plots.rank_intervals(res.summary, PROVINCE, lang, top_k=10))
    ax = fig.axes[0]
    rects = bars(ax)
    assert len(rects) == 63
    lefts = sorted(r.get_x() for r in rects)
    assert lefts == pytest.approx(sorted(res.summary["p05"]))
    assert_nfc(ax.get_title())


@pytest.mark.parametrize("lang", LANGS)
def test_sobol_bars(data, lang):
    sob = sobol_indices(data, PROVINCE, n_base=32, seed=3, num_resamples=20)
    fig = render(plots.sobol_bars(sob, lang))
    assert len(bars(fig.axes[0])) == 2 * len(sob)
    assert_nfc(fig.axes[0].get_title())


@pytest.mark.parametrize("lang", LANGS)
def test_target_plan(lang, framework):
    still = pd.DataFrame({"indicator": ["adult_literacy_pct", "email_use"], "current": [90.0, 50.0],
                          "target": [93.0, 60.0]})
    trend = pd.DataFrame({"indicator": ["email_use", "oss_use"], "current": [50.0, 20.0],
                          "target": [70.0, 35.0]})
    fig = render(plots.target_plan({"still": still, "trend": trend}, framework, lang))
    assert len(fig.axes) == 3  # the union of the criteria changed
    # each panel: current + one target per plan; a criterion a plan leaves alone is at its current value
    first = {round(r.get_width(), 6) for r in bars(fig.axes[0])}
    assert first == {90.0, 93.0}
    second = sorted(round(r.get_width(), 6) for r in bars(fig.axes[1]))
    assert second == [50.0, 60.0, 70.0]
    assert_nfc(title_of(fig))


def test_target_plan_without_changes(framework):
    empty = pd.DataFrame({"indicator": [], "current": [], "target": []})
    fig = render(plots.target_plan({"still": empty}, framework, "vi"))
    assert len(fig.axes) == 1
    assert any("không cần thay đổi" in t.get_text() for t in fig.axes[0].texts)


@pytest.mark.parametrize("lang", LANGS)
def test_rank_history(framework, lang):
    tables = {y: load_year(y) for y in (2017, 2018)}
    hist = rank_history(tables, PROVINCE)
    nodes = ["overall", "htkt", "htnl", "ud"]
    fig = render(plots.rank_history(hist, framework, lang, nodes=nodes))
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == len(nodes)
    assert list(lines[0].get_ydata()) == list(hist["overall_rank"])
    assert ax.yaxis_inverted()
    assert_nfc(ax.get_title())


@pytest.mark.parametrize("lang", LANGS)
def test_attribution_bars(framework, lang):
    att = attribute_rank_change(load_year(2017), load_year(2018), PROVINCE)
    fig = render(plots.attribution_bars(att, framework, lang, years=(2017, 2018)))
    ax = fig.axes[0]
    assert len(bars(ax)) == 3 * len(framework.node_ids)
    own = [r.get_width() for r in bars(ax)[:len(framework.node_ids)]]
    assert own == pytest.approx(list(att["own"].astype(float)))
    assert "2017" in ax.get_title() and "2018" in ax.get_title()
    assert_nfc(ax.get_title())


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_distributions(data, framework, lang):
    fig = render(plots.indicator_distributions(data, framework, PROVINCE, lang, year=2018))
    assert len(fig.axes) == len(framework.indicator_ids)
    # the red diamond of the first panel sits at the province's value
    marker = fig.axes[0].collections[-1].get_offsets()[0][0]
    assert marker == pytest.approx(data.at[PROVINCE, framework.indicator_ids[0]])
    title = title_of(fig)
    assert_nfc(title)
    assert title == {"vi": "Phân bố giá trị 30 tiêu chí, năm 2018",
                     "en": "Distribution of the 30 criteria, 2018"}[lang]


def test_bad_language_is_refused(result):
    with pytest.raises(ValueError, match="lang"):
        plots.ranking_bars(result, PROVINCE, "fr")
