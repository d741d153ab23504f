"""Trends: attribution of rank changes (own / others / interaction) and rank histories."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from conftest import make_random_table
from icttools.core.engine import compute
from icttools.analysis.feasibility import valid_range
from icttools.analysis.trends import ATTRIBUTION_COLUMNS, attribute_rank_change, rank_history
from icttools.present.jsonout import trends_to_json
from icttools.present.phrases import rank_change_cell
from icttools.present.textout import format_trends


@pytest.fixture(scope="module")
def two_years(framework):
    """A "before" table and an "after" table correlated with it (a plausible next year)."""
    before = make_random_table(11, framework)
    noise = make_random_table(12, framework)
    hi = np.array([valid_range(i)[1] for i in framework.indicators])
    after = pd.DataFrame(np.minimum(0.8 * before.to_numpy() + 0.3 * noise.to_numpy(), hi),
                         index=before.index, columns=before.columns)
    return before, after


def test_decomposition_adds_up_exactly(two_years, framework):
    before, after = two_years
    att = attribute_rank_change(before, after, framework=framework)
    assert list(att.columns) == ATTRIBUTION_COLUMNS
    assert len(att) == 63 * len(framework.node_ids)
    for col in ("rank_before", "rank_after", "total", "own", "others", "interaction"):
        assert pd.api.types.is_integer_dtype(att[col]), col
    assert (att["own"] + att["others"] + att["interaction"] == att["total"]).all()
    assert (att["rank_after"] - att["rank_before"] == att["total"]).all()
    # before / after are the ranks of each year's own computation
    r0, r1 = compute(before, framework), compute(after, framework)
    for row in att.sample(40, random_state=0).itertuples(index=False):
        assert row.rank_before == r0.rank(row.gso_code, row.node)
        assert row.rank_after == r1.rank(row.gso_code, row.node)
        assert row.score_after == r1.score(row.gso_code, row.node)
    np.testing.assert_allclose(att["score_own"] + att["score_others"] + att["score_interaction"],
                               att["score_total"], atol=1e-12)
    # provinces in GSO-code order, nodes in framework order
    assert list(att["gso_code"].iloc[::len(framework.node_ids)]) == sorted(before.index, key=int)
    assert list(att["node"].iloc[:len(framework.node_ids)]) == framework.node_ids


@pytest.mark.parametrize("code", ["02", "01", "96"])
def test_vectorised_counterfactual_equals_a_loop_of_compute(two_years, framework, code):
    before, after = two_years
    att = attribute_rank_change(before, after, framework=framework).query("gso_code == @code").set_index("node")
    old = compute(before, framework)
    own_table = before.copy()
    own_table.loc[code] = after.loc[code]
    others_table = after.copy()
    others_table.loc[code] = before.loc[code]
    own, others = compute(own_table, framework), compute(others_table, framework)
    for node in framework.node_ids:
        assert att.at[node, "own"] == own.rank(code, node) - old.rank(code, node), node
        assert att.at[node, "others"] == others.rank(code, node) - old.rank(code, node), node
        assert att.at[node, "score_own"] == pytest.approx(own.score(code, node) - old.score(code, node), abs=1e-9)
        assert att.at[node, "score_others"] == pytest.approx(
            others.score(code, node) - old.score(code, node), abs=1e-9)


def test_single_province_query_matches_the_full_run(two_years, framework):
    before, after = two_years
    full = attribute_rank_change(before, after, framework=framework)
    one = attribute_rank_change(before, after, province="Hà Giang", framework=framework)
    assert set(one["gso_code"]) == {"02"}
    pd.testing.assert_frame_equal(one.reset_index(drop=True),
                                  full[full["gso_code"] == "02"].reset_index(drop=True))
    several = attribute_rank_change(before, after, province=["96", "Hà Nội"], framework=framework)
    assert list(dict.fromkeys(several["gso_code"])) == ["01", "96"]


def test_unchanged_province_has_no_own_part(two_years, framework):
    before, _ = two_years
    hi = np.array([valid_range(i)[1] for i in framework.indicators])
    after = pd.DataFrame(np.minimum(before.to_numpy() * 1.15, hi), index=before.index, columns=before.columns)
    after.loc["02"] = before.loc["02"]  # Hà Giang stands still, everyone else improves
    att = attribute_rank_change(before, after, province="02", framework=framework)
    assert (att["own"] == 0).all() and (att["score_own"] == 0).all()
    assert (att["others"] == att["total"]).all() and (att["interaction"] == 0).all()
    assert (att["total"] != 0).any()  # the others' progress did move its ranks


def test_one_province_changed(two_years, framework):
    before, _ = two_years
    after = before.copy()
    after.loc["02", ["online_services_l3_pct", "online_services_l4_pct", "it_staff_pct"]] = [99.0, 95.0, 90.0]
    att = attribute_rank_change(before, after, framework=framework)
    rest = att[att["gso_code"] != "02"]
    hg = att[att["gso_code"] == "02"]
    assert (rest["own"] == 0).all() and (rest["score_own"] == 0).all()
    assert (rest["others"] == rest["total"]).all() and (rest["interaction"] == 0).all()
    assert (hg["others"] == 0).all() and (hg["own"] == hg["total"]).all() and (hg["interaction"] == 0).all()
    hg_overall = hg.set_index("node").loc["overall"]
    assert hg_overall["own"] < 0  # Hà Giang moved up
    # some other province lost places because of Hà Giang
    assert (rest[rest["node"] == "ud_dvctt"]["total"] > 0).any()


def test_row_order_and_layout_do_not_matter(two_years, framework):
    before, after = two_years
    ref = attribute_rank_change(before, after, framework=framework)
    shuffled = attribute_rank_change(before.sample(frac=1.0, random_state=3).reset_index(),
                                     after.iloc[::-1], framework=framework)
    pd.testing.assert_frame_equal(ref, shuffled)


def test_different_provinces_are_refused(two_years, framework):
    before, after = two_years
    with pytest.raises(ValueError, match=r"same provinces; only before: 96"):
        attribute_rank_change(before, after.drop(index="96"), framework=framework)
    with pytest.raises(ValueError, match="province"):
        attribute_rank_change(before, after, province="Atlantis", framework=framework)


def test_rank_history(two_years, framework):
    before, after = two_years
    hist = rank_history({2018: after, 2017: before}, "Ha Giang", framework=framework)
    assert list(hist.index) == [2017, 2018] and hist.index.name == "year"
    assert (hist["gso_code"] == "02").all()
    for year, table in ((2017, before), (2018, after)):
        res = compute(table, framework)
        for node in framework.node_ids:
            assert hist.at[year, f"{node}_rank"] == res.rank("02", node)
            assert hist.at[year, f"{node}_score"] == res.score("02", node)
    with pytest.raises(ValueError, match="at least one year"):
        rank_history({}, "02", framework=framework)


def test_trends_json_and_text(two_years, framework):
    before, after = two_years
    att = attribute_rank_change(before, after, province="02", framework=framework)
    hist = rank_history({2017: before, 2018: after}, "02", framework=framework)
    out = trends_to_json(att, hist, years=(2017, 2018))
    assert json.loads(json.dumps(out)) == out
    assert set(out) == {"years", "attribution", "history"}
    assert out["years"] == [2017, 2018]
    first = out["attribution"][0]
    assert set(first) == set(ATTRIBUTION_COLUMNS) and first["node"] == "overall"
    assert type(first["own"]) is int and type(first["score_before"]) is float
    assert first["total"] == first["own"] + first["others"] + first["interaction"]
    assert out["history"]["gso_code"] == "02"
    assert [y["year"] for y in out["history"]["years"]] == [2017, 2018]
    assert out["history"]["years"][1]["overall_rank"] == int(hist.at[2018, "overall_rank"])
    assert set(trends_to_json(history=hist)) == {"history"}

    text = format_trends(att, hist, lang="vi", framework=framework, years=(2017, 2018))
    assert "02 Hà Giang" in text and "2017 → 2018" in text and "Do các địa phương khác" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("Chỉ số ICT Index"))
    o = att.set_index("node").loc["overall"]
    # rank changes as the reports write them (+ = moved up): ▲ 5 for 22 -> 17, ▼ for a fall
    assert re.split(r"\s{2,}", line.strip())[1:5] == [str(o["rank_before"]), str(o["rank_after"]),
                                                     rank_change_cell(-o["total"]), rank_change_cell(-o["own"])]
    many = format_trends(attribute_rank_change(before, after, framework=framework), lang="en", framework=framework)
    assert "96 Cà Mau" in many and "Overall index only" in many
