"""Charts of the reports: what each chart draws, on the 2018 demo data, in both languages.

Each chart is checked for its structure (axes, bars, lines) against numbers computed here from
the inputs. Drawing every chart in both languages with missing glyphs turned into errors
(``Glyph NNN ... missing from font``), and what every chart owes its readers (style, numbers,
fonts, colours, alt text), is checked in ``test_plots_readers.py``.
"""

from __future__ import annotations

import io
import itertools
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
from matplotlib.text import Text  # noqa: E402
from plot_cases import CHARTS, Case, title_of  # noqa: E402

from icttools.analysis.breakeven import tornado  # noqa: E402
from icttools.analysis.decomposition import decompose_gap  # noqa: E402
from icttools.present import plots  # noqa: E402
from icttools.present.i18n import fmt_num  # noqa: E402
from icttools.present.plots.helpers import fit, spread, text_width  # noqa: E402
from icttools.present.plots.style import rank_ticks  # noqa: E402

GLYPH_WARNING = r"Glyph \d+ .* missing from font"
PROVINCE = "02"
LANGS = ["vi", "en"]
#: Both languages; the English call runs in the slow tier (every chart is also drawn in both
#: languages by test_plots_readers.py).
BOTH = ["vi", pytest.param("en", marks=pytest.mark.slow)]


@pytest.fixture(autouse=True)
def _glyph_errors():
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=GLYPH_WARNING)
        yield
    plt.close("all")


@pytest.fixture(scope="module")
def case():
    return Case(PROVINCE)


def render(fig: Figure, dpi: int = 40) -> Figure:
    """Draw the figure completely (glyphs are looked up at draw time)."""
    assert isinstance(fig, Figure)
    fig.savefig(io.BytesIO(), format="png", dpi=dpi)
    return fig


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def hex_of(patch) -> str:
    return matplotlib.colors.to_hex(patch.get_facecolor()).upper()


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


def test_a_chart_leaves_the_settings_alone_and_reads_in_its_language(case):
    """The quick version of ``test_plots_readers.py`` (slow): one chart, drawn, in Vietnamese."""
    settings = dict(matplotlib.rcParams)
    fig = render(CHARTS["subindex_profile"](case, "vi"), dpi=30)
    assert sorted(k for k, v in matplotlib.rcParams.items() if settings.get(k) != v) == []
    ticks = [x.get_text() for x in fig.axes[0].get_xticklabels() if x.get_text()]
    assert "0,2" in ticks and not any("." in x for x in ticks)
    alt = plots.alt_text(fig)
    assert alt.startswith(title_of(fig)) and "Hà Giang" in alt


def test_every_chart_has_a_case():
    public = {n for n in plots.__all__ if callable(getattr(plots, n)) and n[0].islower() and n != "alt_text"}
    assert public == set(CHARTS)


# --- the charts ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", BOTH)
def test_ranking_bars(case, lang):
    fig = CHARTS["ranking_bars"](case, lang)
    ax = fig.axes[0]
    rects = bars(ax)
    assert len(fig.axes) == 1 and len(rects) == 63
    widths = np.array([r.get_width() for r in rects])
    assert np.all(np.diff(widths) <= 1e-12), "bars are drawn best first"
    mine = [r for r in rects if hex_of(r) == plots.COLORS["province"]]
    assert len(mine) == 1 and mine[0].get_width() == pytest.approx(case.result.score(PROVINCE))
    expected = {"vi": "Xếp hạng Chỉ số ICT Index năm 2018", "en": "ICT Index (overall) ranking, 2018"}[lang]
    assert title_of(fig) == unicodedata.normalize("NFC", expected)
    assert_nfc(title_of(fig))


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_ranking_axis_uses_the_decimal_comma_in_vietnamese(case):
    labels = {}
    for lang in LANGS:
        fig = render(CHARTS["ranking_bars"](case, lang))
        labels[lang] = [x.get_text() for x in fig.axes[0].get_xticklabels() if x.get_text()]
    assert "0,2" in labels["vi"] and "0,4" in labels["vi"]
    assert "0.2" in labels["en"] and "0.4" in labels["en"]


@pytest.mark.parametrize("lang", BOTH)
def test_subindex_profile(case, lang):
    fig = CHARTS["subindex_profile"](case, lang)
    ax = fig.axes[0]
    groups = case.framework.group_ids
    rects = bars(ax)
    assert len(rects) == 4 * len(groups)
    # the first series is the province: its bars are its rounded sub-index scores
    assert [r.get_width() for r in rects[:len(groups)]] == pytest.approx(
        [case.result.score(PROVINCE, g) for g in groups])
    # the third series is the national median
    assert [r.get_width() for r in rects[2 * len(groups):3 * len(groups)]] == pytest.approx(
        list(case.result.rounded[groups].median(axis=0)))
    assert title_of(fig).startswith({"vi": "Chỉ số thành phần con: Hà Giang", "en": "Sub-indices: Ha Giang"}[lang])
    # every sub-index has its full name, on as many lines as it needs
    names = [" ".join(x.get_text().split()) for x in ax.get_yticklabels()]
    assert names == [case.framework.label(g, lang) for g in groups]


def test_subindex_profile_of_the_leader_compares_with_the_runner_up():
    leader = Case("48")  # Đà Nẵng leads in 2018
    assert leader.result.rank("48") == 1
    fig = plots.subindex_profile(leader.result, "48", "vi")
    legend = [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
    second = sorted(leader.result.codes, key=lambda c: (leader.result.rank(c), int(c)))[1]
    assert any("xếp thứ 2" in x for x in legend) and not any("dẫn đầu" in x for x in legend)
    widths = [r.get_width() for r in bars(fig.axes[0])[6:12]]
    assert widths == pytest.approx([leader.result.score(second, g) for g in leader.framework.group_ids])


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
@pytest.mark.parametrize("lang", BOTH)
def test_rank_heatmap(case, lang):
    fig = CHARTS["rank_heatmap"](case, lang)
    assert len(fig.axes) == 2  # heatmap + colour bar
    image = fig.axes[0].get_images()[0].get_array()
    np.testing.assert_array_equal(np.asarray(image), case.region_ranks.T.to_numpy(dtype=float))
    assert {"vi": "Trung du và miền núi phía Bắc", "en": "Northern Midlands and Mountains"}[lang] in title_of(fig)
    # full criterion names (wrapped, never cut) on the rows
    names = [" ".join(x.get_text().split()) for x in fig.axes[0].get_yticklabels()]
    assert names == [case.framework.label(i, lang) for i in case.framework.indicator_ids]
    # the colour bar reads from rank 1 (top) to 63, without a rank 0
    cbar = fig.axes[1]
    assert cbar.yaxis_inverted()
    ticks = [int(x) for x in cbar.get_yticks()]
    assert ticks[0] == 1 and 0 not in ticks


@pytest.mark.parametrize("lang", BOTH)
@pytest.mark.parametrize("reference", ["leader", "median"])
def test_gap_waterfall(case, lang, reference):
    dec = decompose_gap(case.result, PROVINCE, reference)
    top = 8
    fig = plots.gap_waterfall(dec, case.framework, lang, top=top)
    ax = fig.axes[0]
    rects = bars(ax)
    assert len(rects) == top + 3  # start, top criteria, the rest, end
    start, steps, end = rects[0], rects[1:-1], rects[-1]
    assert start.get_x() + start.get_width() == pytest.approx(dec.province_score)
    assert end.get_x() + end.get_width() == pytest.approx(dec.reference_score)
    # orange bars are points lost (+), blue bars points gained (−); together they make the gap
    signed = [r.get_width() * (1 if hex_of(r) == plots.COLORS["worse"] else -1) for r in steps]
    assert {hex_of(r) for r in steps} <= {plots.COLORS["worse"], plots.COLORS["better"]}
    assert sum(signed) == pytest.approx(dec.score_gap)
    shown = sorted(dec.contributions, key=abs, reverse=True)[:top]
    assert sorted(r.get_width() for r in steps[:top]) == pytest.approx(sorted(abs(v) for v in shown))
    assert_nfc(title_of(fig))


@pytest.mark.parametrize("lang", BOTH)
def test_waterfall_title_gives_the_gap_of_the_rounded_scores(case, lang):
    """Review item 48: the title gave the unrounded gap (+0,3504) while the text gave the
    difference of the two scores as published (0,3505)."""
    fig = CHARTS["gap_waterfall"](case, lang)
    leader = sorted(case.result.codes, key=lambda c: (case.result.rank(c), int(c)))[0]
    gap = case.result.score(leader) - case.result.score(PROVINCE)  # rounded scores, as the text uses
    assert fmt_num(gap, 4, lang) in title_of(fig)
    axis_label = fig.axes[0].get_xlabel()
    assert axis_label == {"vi": "Điểm tổng hợp (trục không bắt đầu từ 0)",
                          "en": "Overall score (the axis does not start at 0)"}[lang]
    assert fig.axes[0].get_xlim()[0] > 0


@pytest.mark.parametrize("lang", BOTH)
def test_rank_curves(case, lang):
    fig = CHARTS["rank_curves"](case, lang)
    assert len(fig.axes) == 6
    assert all(ax.yaxis_inverted() for ax in fig.axes)
    assert title_of(fig) == {"vi": "Hạng của Hà Giang khi chỉ thay đổi một tiêu chí",
                             "en": "Ha Giang's rank when one criterion changes"}[lang]


def test_rank_curves_explicit_indicators(case):
    chosen = ["adult_literacy_pct", "email_use"]
    fig = plots.rank_curves(case.curves, chosen, "vi", ncols=3)
    assert len(fig.axes) == 2
    for ax, iid in zip(fig.axes, chosen):
        line = ax.get_lines()[0]
        np.testing.assert_array_equal(line.get_xdata(), case.curves.values[iid])
        np.testing.assert_array_equal(line.get_ydata(), case.curves.ranks[iid])
        assert " ".join(ax.get_title().split()) == case.framework.label(iid, "vi")


@pytest.mark.parametrize("lang", BOTH)
def test_tornado(case, lang):
    fig = CHARTS["tornado"](case, lang)
    ax = fig.axes[0]
    assert len(bars(ax)) == 20  # an improving and a worsening bar per criterion
    assert ax.xaxis_inverted()  # rank 1 on the right
    table = tornado(case.curves).head(10)
    names = [" ".join(x.get_text().split()) for x in ax.get_yticklabels()]
    assert names == [case.framework.label(i, lang) for i in table.index]


@pytest.mark.parametrize("lang", BOTH)
def test_rank_intervals(case, lang):
    fig = CHARTS["rank_intervals"](case, lang)
    ax = fig.axes[0]
    rects = bars(ax)
    assert len(rects) == 63
    assert sorted(r.get_x() for r in rects) == pytest.approx(sorted(case.uncertainty["p05"]))
    assert [hex_of(r) for r in rects].count(plots.COLORS["province"]) == 1


@pytest.mark.parametrize("lang", BOTH)
def test_sobol_bars(case, lang):
    fig = CHARTS["sobol_bars"](case, lang)
    assert len(bars(fig.axes[0])) == 2 * len(case.sobol)


@pytest.mark.parametrize("lang", BOTH)
def test_target_plan(case, lang):
    fig = CHARTS["target_plan"](case, lang)
    assert len(fig.axes) == 3  # the union of the criteria changed
    # each panel: current + one target per plan; a criterion a plan leaves alone is at its current value
    assert {round(r.get_width(), 6) for r in bars(fig.axes[0])} == {90.0, 93.0}
    assert sorted(round(r.get_width(), 6) for r in bars(fig.axes[1])) == [50.0, 60.0, 70.0]
    # a percentage is written with its sign and no space; Vietnamese without decimals needed: "90%"
    values = [x.get_text().strip() for x in fig.axes[0].texts]
    assert values == ["90%", "93%", "90%"]


def test_target_plan_without_changes(case):
    empty = pd.DataFrame({"indicator": [], "current": [], "target": []})
    fig = plots.target_plan({"still": empty}, case.framework, "vi")
    assert len(fig.axes) == 1
    assert any("không cần thay đổi" in x.get_text() for x in fig.axes[0].texts)
    assert "không cần thay đổi" in plots.alt_text(fig)


@pytest.mark.parametrize("lang", BOTH)
def test_rank_history(case, lang):
    nodes = ["overall", "htkt", "htnl", "ud"]
    fig = plots.rank_history(case.history, case.framework, lang, nodes=nodes)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == len(nodes)
    assert list(lines[0].get_ydata()) == list(case.history["overall_rank"])
    assert ax.yaxis_inverted()
    # every point carries its rank
    assert sorted(a.get_text() for a in ax.texts) == sorted(
        str(int(r)) for n in nodes for r in case.history[f"{n}_rank"])


@pytest.mark.parametrize("lang", BOTH)
def test_attribution_bars_count_places_gained(case, lang):
    fig = render(CHARTS["attribution_bars"](case, lang))
    ax = fig.axes[0]
    nodes = case.framework.node_ids
    assert len(bars(ax)) == 3 * len(nodes)
    # the analysis counts rank_after − rank_before (negative = up); the chart shows places gained
    own = [r.get_width() for r in bars(ax)[:len(nodes)]]
    assert own == pytest.approx(list(-case.attribution["own"].astype(float)))
    assert "2017" in title_of(fig) and "2018" in title_of(fig)
    ticks = [x.get_text() for x in ax.get_xticklabels() if x.get_text() not in ("", "0")]
    assert ticks and all(x[0] in "+−" for x in ticks)
    alt = plots.alt_text(fig)
    # Hà Giang 2017 → 2018: 22nd → 17th
    assert {"vi": "tăng 5 bậc", "en": "up 5 places"}[lang] in alt


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
@pytest.mark.parametrize("lang", BOTH)
def test_indicator_distributions(case, lang):
    fig = CHARTS["indicator_distributions"](case, lang)
    fw = case.framework
    assert len(fig.axes) == len(fw.indicator_ids)
    # the diamond of the first panel sits at the province's value
    marker = fig.axes[0].collections[-1].get_offsets()[0][0]
    assert marker == pytest.approx(case.data.at[PROVINCE, fw.indicator_ids[0]])
    assert title_of(fig) == {"vi": "Phân bố giá trị 30 tiêu chí, năm 2018",
                             "en": "Distribution of the 30 criteria, 2018"}[lang]
    assert [" ".join(ax.get_title().split()) for ax in fig.axes] == [fw.label(i, lang) for i in fw.indicator_ids]


def test_bad_language_is_refused(case):
    with pytest.raises(ValueError, match="lang"):
        plots.ranking_bars(case.result, PROVINCE, "fr")


# --- rank axes and labels ----------------------------------------------------------------------

@pytest.mark.parametrize("lo, hi", [(1, 63), (1, 12), (13, 36), (2, 9), (17, 17), (1, 2)])
def test_rank_ticks_are_integers_from_one_without_zero(lo, hi):
    ticks = rank_ticks(lo, hi)
    assert ticks == sorted(set(ticks)) and all(isinstance(k, int) for k in ticks)
    assert all(lo <= k <= hi for k in ticks)
    assert 0 not in ticks
    if lo == 1:
        assert ticks[0] == 1


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
@pytest.mark.parametrize("name", ["rank_history", "rank_curves", "tornado", "rank_intervals"])
def test_rank_axes_start_at_one_and_are_inverted(case, name):
    fig = render(CHARTS[name](case, "vi"))
    for ax in fig.axes:
        axis = ax.yaxis if name in ("rank_history", "rank_curves") else ax.xaxis
        lo, hi = sorted(ax.get_ylim() if axis is ax.yaxis else ax.get_xlim())
        shown = [float(x.get_text()) for x in axis.get_ticklabels() if x.get_text()]
        assert shown and all(v == int(v) and v >= 1 for v in shown)
        assert lo > 0, "no room for a rank 0"
        assert (ax.yaxis_inverted() if axis is ax.yaxis else ax.xaxis_inverted())
    if name == "rank_history":
        assert [x.get_text() for x in fig.axes[0].get_yticklabels()][0] == "1"


def text_boxes(fig):
    """The window extents of the point labels' text (an annotation's own extent adds its line)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [Text.get_window_extent(a, renderer) for a in fig.axes[0].texts]


def assert_apart(boxes):
    for a, b in itertools.combinations(boxes, 2):
        overlap_w = min(a.x1, b.x1) - max(a.x0, b.x0)
        overlap_h = min(a.y1, b.y1) - max(a.y0, b.y0)
        assert overlap_w <= 0.5 or overlap_h <= 0.5, f"labels overlap: {a} and {b}"


def history(ranks: dict[str, list[int]]) -> pd.DataFrame:
    """A rank history of Hà Giang over 2017–2019 with the given ranks per node."""
    return pd.DataFrame({"gso_code": ["02"] * 3, **{f"{n}_rank": r for n, r in ranks.items()}},
                        index=pd.Index([2017, 2018, 2019], name="year"))


@pytest.mark.parametrize("lang", BOTH)
def test_trend_labels_never_overlap(case, framework, lang):
    """The real history, then one with four nodes on one rank (in 2017 the data used to have the
    overall index and human resources both at 22, labels drawn on top of each other), on four
    consecutive ranks at the top of the axis, and on nearly equal ranks."""
    fig = plots.rank_history(case.history, framework, lang)
    boxes = text_boxes(fig)
    assert len(boxes) == 12
    assert_apart(boxes)
    crowded = history({"overall": [5, 1, 30], "htkt": [5, 2, 31], "htnl": [5, 3, 30], "ud": [5, 4, 30]})
    fig = plots.rank_history(crowded, framework, lang)
    boxes = text_boxes(fig)
    assert_apart(boxes)
    frame = fig.axes[0].get_window_extent()
    assert all(frame.y0 - 0.5 <= b.y0 and b.y1 <= frame.y1 + 0.5 for b in boxes), "labels stay inside the axes"


def test_trend_label_stays_by_its_point_when_alone(framework):
    fig = plots.rank_history(history({"overall": [22, 17, 30], "htkt": [28, 13, 44], "htnl": [22, 31, 12],
                                      "ud": [9, 12, 43]}), framework, "vi")
    # 2019: ranks 30, 44, 12, 43 — 30 and 12 have room, so they sit level with their points;
    # 43 and 44 would touch, so they move apart (43 up, 44 down)
    shift = {a.get_text(): a.xyann[1] for a in fig.axes[0].texts if a.xy[0] == 2019}
    assert shift["30"] == pytest.approx(0, abs=0.01) and shift["12"] == pytest.approx(0, abs=0.01)
    assert shift["43"] > 0 > shift["44"]


def test_spread_keeps_order_and_room():
    wanted = np.array([10.0, 10.0, 11.0, 40.0, 100.0])
    sizes = np.full(5, 4.0)
    out = spread(wanted, sizes, lo=0, hi=101)
    assert np.all(np.diff(out[:3]) >= 4 - 1e-9)  # the three crowded labels are 4 apart
    assert out[3] == 40 and out[4] == pytest.approx(99.0)  # a free label stays; the last fits inside
    assert np.mean(out[:3]) == pytest.approx(np.mean(wanted[:3]))  # centred on what they want
    np.testing.assert_array_equal(spread(wanted, sizes, lo=0, hi=101), out)  # deterministic


def test_spread_pushes_a_block_inside_the_bounds():
    out = spread([0.0, 0.0, 0.0], [2.0, 2.0, 2.0], lo=0, hi=50)
    np.testing.assert_allclose(out, [1.0, 3.0, 5.0])


def test_fit_wraps_full_words_within_the_width():
    text = "Triển khai các giải pháp đảm bảo an toàn thông tin, an toàn dữ liệu"
    out = fit(text, 2.0, 8)
    assert " ".join(out.split()) == text and "…" not in out
    assert all(text_width(line, 8) <= 2.0 for line in out.split("\n"))
    assert len(out.split("\n")) >= 2


# --- drawing on a caller's axes ----------------------------------------------------------------

ONE_PANEL = ["ranking_bars", "subindex_profile", "rank_heatmap", "gap_waterfall", "tornado", "rank_intervals",
             "sobol_bars", "rank_history", "attribution_bars"]


@pytest.mark.parametrize("name", [n if n == "gap_waterfall" else pytest.param(n, marks=pytest.mark.slow)
                                  for n in ONE_PANEL])
def test_a_one_panel_chart_draws_on_the_callers_axes(case, name, monkeypatch):
    """``ax=`` draws into that axes of the caller's figure, which keeps its size; the title goes
    above the axes (the figure may hold other charts)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 9))
    make = CHARTS[name]
    original = getattr(plots, name)
    monkeypatch.setattr(plots, name, lambda *args, **kwargs: original(*args, ax=right, **kwargs))
    out = render(make(case, "en"))
    assert out is fig and tuple(fig.get_size_inches()) == (14, 9)
    assert not left.has_data() and right.has_data()
    assert fig.get_suptitle() == "" and right.get_title()
    assert plots.alt_text(fig).startswith(" ".join(right.get_title().split()))


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_study_results_plot_on_an_axes():
    """The ``.plot(ax=...)`` of the Study's results reaches the charts' ``ax``."""
    import icttools

    study = icttools.load(2018)
    fig, ax = plt.subplots()
    assert render(study.gaps("02").plot(ax=ax)) is fig
    fig, ax = plt.subplots()
    assert render(study.trends("02").plot(ax=ax, lang="en")) is fig
    assert study.sensitivity("02", points=21).plot() is not fig
