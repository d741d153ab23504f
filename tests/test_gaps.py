"""Gaps to the other provinces and their decomposition into index points (icttools.analysis.gaps)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from scipy.stats import rankdata

from conftest import make_random_table
from icttools.core.engine import compute
from icttools.core.framework import NORMALISATIONS, load_framework
from icttools.analysis.decomposition import decompose_gap, strengths_weaknesses
from icttools.analysis.gaps import REFERENCES, gap_table, indicator_ranks, reference_province
from icttools.present.jsonout import gaps_to_json
from icttools.present.textout import format_gaps
from icttools.core.provinces import load_provinces

FW = load_framework()
REGION = load_provinces().set_index("gso_code")["region"]
# From the YAML: components weigh 1/3 in the overall score, sub-indices 1/2 in their component.
W_GROUP = 1 / 3 * 1 / 2
W_COMPONENT = 1 / 3


def _refs(result, code):
    """The references that exist for this province (no "above" for the leader)."""
    return [r for r in REFERENCES if not (r == "above" and result.rank(code) == 1)]


def _sample_provinces(result):
    """Hà Giang, the first, a middle and the last province by overall rank."""
    by_rank = result.ranks["overall"].sort_values(kind="stable").index
    return sorted({"02", by_rank[0], by_rank[len(by_rank) // 2], by_rank[-1]})


# --- decomposition -----------------------------------------------------------------------------

@pytest.mark.parametrize("normalisation", NORMALISATIONS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_contributions_sum_to_score_gap(seed, normalisation):
    res = compute(make_random_table(seed), normalisation=normalisation)
    for code in _sample_provinces(res):
        for ref in _refs(res, code):
            dec = decompose_gap(res, code, ref, target_rank=10)
            assert abs(dec.contributions.sum() - dec.score_gap) < 1e-9, (code, ref)
            assert abs(dec.by_node["overall"] - dec.score_gap) < 1e-9
            assert dec.province_score == res.scores.at[code, "overall"]
            if dec.reference_province is not None:
                # a real province: its own unrounded score, not a re-derivation
                assert dec.reference_score == res.scores.at[dec.reference_province, "overall"]


def test_by_node_is_path_weight_times_node_gap(random_table):
    res = compute(random_table)
    dec = decompose_gap(res, "02", "leader")
    lead = dec.reference_province
    for g in FW.group_ids:
        expected = W_GROUP * (res.scores.at[lead, g] - res.scores.at["02", g])
        assert dec.by_node[g] == pytest.approx(expected, abs=1e-12)
    for c in ("htkt", "htnl", "ud"):
        expected = W_COMPONENT * (res.scores.at[lead, c] - res.scores.at["02", c])
        assert dec.by_node[c] == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("normalisation", ["zscore-minmax", "minmax-minmax"])
def test_contributions_agree_with_unit_effects(random_table, normalisation):
    """Independent route: with these normalisations n is affine in x, so a contribution is the
    engine's per-unit effect times the raw-value gap, and the median of n is n of the median."""
    res = compute(random_table, normalisation=normalisation)
    slope = res.unit_effects().loc["02"]
    x = res.values
    dec = decompose_gap(res, "02", "leader")
    expected = slope * (x.loc[dec.reference_province] - x.loc["02"])
    np.testing.assert_allclose(dec.contributions.to_numpy(), expected.to_numpy(), atol=1e-12)

    dec = decompose_gap(res, "02", "median")
    expected = slope * (x.median() - x.loc["02"])
    np.testing.assert_allclose(dec.contributions.to_numpy(), expected.to_numpy(), atol=1e-12)

    region = [c for c in res.codes if REGION[c] == REGION["02"]]
    dec = decompose_gap(res, "02", "region-median")
    expected = slope * (x.loc[region].median() - x.loc["02"])
    np.testing.assert_allclose(dec.contributions.to_numpy(), expected.to_numpy(), atol=1e-12)


def test_median_reference_is_virtual_province(random_table):
    res = compute(random_table)
    dec = decompose_gap(res, "02", "median")
    assert dec.reference_province is None
    np.testing.assert_allclose(dec.reference_profile.to_numpy(), np.median(res.normalised.to_numpy(), axis=0))
    # the virtual province scores like the provinces do: between the worst and the best
    assert res.scores["overall"].min() < dec.reference_score < res.scores["overall"].max()


def test_geometric_aggregation_is_not_decomposed(random_table):
    res = compute(random_table, aggregation="geometric")
    with pytest.raises(ValueError, match="not additive"):
        decompose_gap(res, "02", "leader")
    # the other outputs still work, without points
    sw = strengths_weaknesses(res, "02")
    assert sw["costliest"] == [] and all(t[3] is None for t in sw["strengths"])
    out = gaps_to_json(res, "02", 2018)
    assert out["references"]["leader"]["contributions"] is None
    assert out["references"]["median"]["score_gap"] is None
    assert "0." in format_gaps(res, "02")


def test_bad_arguments(random_table):
    res = compute(random_table)
    with pytest.raises(ValueError, match="reference"):
        decompose_gap(res, "02", "best")
    with pytest.raises(ValueError, match="target_rank"):
        decompose_gap(res, "02", "top-k", target_rank=0)
    with pytest.raises(ValueError, match="lang"):
        format_gaps(res, "02", lang="fr")
    leader = res.ranks["overall"].idxmin()
    with pytest.raises(ValueError, match="1st"):
        decompose_gap(res, leader, "above")


# --- reference provinces -------------------------------------------------------------------

def test_reference_provinces_follow_overall_rank(random_table):
    res = compute(random_table)
    ranks = res.ranks["overall"]
    r = ranks["02"]
    assert ranks[reference_province(res, "02", "leader")] == 1
    above = reference_province(res, "02", "above")
    assert ranks[above] < r and not ((ranks > ranks[above]) & (ranks < r)).any()
    for k in (1, 10, 40):
        t = reference_province(res, "02", "top-k", target_rank=k)
        assert ranks[t] <= k and not ((ranks > ranks[t]) & (ranks <= k)).any()
    best = reference_province(res, "02", "region-best")
    others = [c for c in res.codes if REGION[c] == REGION["02"] and c != "02"]
    assert best in others and ranks[best] == ranks[others].min()  # the best *other* province
    assert reference_province(res, "02", "median") is None


def test_region_best_is_another_province_and_a_leader_is_told(random_table):
    """A province that leads its region is compared with the runner-up (a negative gap: its lead),
    and the table and the JSON say so."""
    from icttools.analysis.gaps import leads_region
    from icttools.present.jsonout import gaps_to_json

    res = compute(random_table)
    ranks = res.ranks["overall"]
    for code in ("02", "01", "48", "79", "95"):
        region = [c for c in res.codes if REGION[c] == REGION[code]]
        leader = min(region, key=lambda c: (ranks[c], int(c)))
        ref = reference_province(res, code, "region-best")
        assert ref != code and ref in region
        assert leads_region(res, code) == (leader == code)
        t = gap_table(res, code)
        assert t.attrs["leads_region"] == (leader == code) and t.attrs["region_best"] == ref
        assert (t["region_best"] != code).all()
        out = gaps_to_json(res, code, 2018)["references"]["region-best"]
        assert out["province"] == ref and out["leads_region"] == (leader == code)
        if leader == code:
            assert out["score_gap"] < 0  # the runner-up is behind
    leaders = [c for c in res.codes if leads_region(res, c)]
    assert len(leaders) == REGION.nunique()  # one leader per region


def test_ties_go_to_the_lowest_code(random_table):
    data = random_table.copy()
    for code in ("96", "04"):  # two identical best provinces: tied 1st
        data.loc[code] = [ind.range[0] + 0.99 * min(ind.range[1] - ind.range[0], 100) for ind in FW.indicators]
    res = compute(data)
    assert res.rank("96") == res.rank("04") == 1
    assert reference_province(res, "02", "leader") == "04"
    assert reference_province(res, "02", "top-k", target_rank=2) == "04"
    # a province tied 1st has no province above it
    assert reference_province(res, "96", "above") is None


# --- gap table -----------------------------------------------------------------------------

def test_gap_table_rows_and_structure(random_table):
    res = compute(random_table)
    t = gap_table(res, "Hà Giang")
    assert len(t) == len(FW.indicator_ids) + len(FW.node_ids)
    assert t.index[0] == "overall" and t.at["overall", "level"] == "node"
    assert (t["level"] == "group").sum() == 6 and (t["level"] == "indicator").sum() == 30
    for iid in FW.indicator_ids:
        assert t.at[iid, "parent"] == FW.indicator(iid).group
    assert t.at["htkt_xh", "parent"] == "htkt" and t.at["htkt", "parent"] == "overall"
    assert t.attrs["province"] == "02"


def test_gap_table_indicator_values(random_table):
    res = compute(random_table)
    t = gap_table(res, "02", target_rank=10)
    x = random_table
    region = [c for c in res.codes if REGION[c] == "Trung du và miền núi phía Bắc"]
    above = reference_province(res, "02", "above")
    topk = reference_province(res, "02", "top-k", 10)
    for iid in FW.indicator_ids:
        col = x[iid]
        v = col["02"]
        assert t.at[iid, "value"] == v
        assert t.at[iid, "rank"] == rankdata(-col.to_numpy(), method="min")[list(x.index).index("02")]
        assert t.at[iid, "gap_leader"] == pytest.approx(col.max() - v)
        assert t.at[iid, "gap_above"] == pytest.approx(col[above] - v)
        assert t.at[iid, "gap_top_k"] == pytest.approx(col[topk] - v)
        others = [c for c in region if c != "02"]  # region-best: the best *other* province
        assert t.at[iid, "gap_region_best"] == pytest.approx(col[others].max() - v)
        assert t.at[iid, "gap_region_median"] == pytest.approx(col[region].median() - v)
        assert t.at[iid, "gap_median"] == pytest.approx(col.median() - v)
        assert t.at[iid, "gap_leader"] >= 0


def test_gap_table_node_values(random_table):
    res = compute(random_table)
    t = gap_table(res, "02")
    above = reference_province(res, "02", "above")
    for nid in FW.node_ids:
        col = res.rounded[nid]
        assert t.at[nid, "value"] == col["02"]
        assert t.at[nid, "rank"] == res.rank("02", nid)
        assert t.at[nid, "gap_leader"] == pytest.approx(col.max() - col["02"], abs=1e-12)
        assert t.at[nid, "gap_above"] == pytest.approx(col[above] - col["02"], abs=1e-12)
        assert t.at[nid, "gap_median"] == pytest.approx(col.median() - col["02"], abs=1e-12)
    # the same "above" province on every row: its overall gap is non-negative
    assert t.at["overall", "gap_above"] >= 0


def test_gap_table_leader_has_no_above(random_table):
    res = compute(random_table)
    leader = res.ranks["overall"].idxmin()
    t = gap_table(res, leader)
    assert t["gap_above"].isna().all()
    assert t.at["overall", "gap_leader"] == 0


def test_indicator_ranks_respect_direction(random_table):
    flipped = "internet_subs_per100"
    fw = dataclasses.replace(FW, indicators=tuple(
        dataclasses.replace(i, direction=-1) if i.id == flipped else i for i in FW.indicators))
    r = indicator_ranks(compute(random_table, fw))
    n = len(random_table)
    assert r[flipped].loc[random_table[flipped].idxmin()] == 1
    assert r[flipped].loc[random_table[flipped].idxmax()] == n
    other = "mobile_phones_per100"
    assert r[other].loc[random_table[other].idxmax()] == 1
    assert r[other].loc[random_table[other].idxmin()] == n


# --- strengths, JSON, text -----------------------------------------------------------------

def test_strengths_weaknesses(random_table):
    res = compute(random_table)
    sw = strengths_weaknesses(res, "02", n=3)
    ranks = indicator_ranks(res).loc["02"]
    assert [t[1] for t in sw["strengths"]] == sorted(ranks)[:3]
    assert [t[1] for t in sw["weaknesses"]] == sorted(ranks, reverse=True)[:3]
    contrib = decompose_gap(res, "02", "leader").contributions
    pts = [t[3] for t in sw["costliest"]]
    assert pts == sorted(contrib[contrib > 0], reverse=True)[:3]
    assert all(p > 0 for p in pts)
    with pytest.raises(ValueError, match="n must"):
        strengths_weaknesses(res, "02", n=0)


def test_gaps_to_json(random_table):
    res = compute(random_table, normalisation="max-ratio")
    out = gaps_to_json(res, "02", 2018, target_rank=10)
    out = json.loads(json.dumps(out))  # plain types only
    assert set(out) == {"province", "year", "target_rank", "score", "rank", "references", "indicators",
                        "strengths", "weaknesses"}
    assert (out["province"], out["year"], out["target_rank"]) == ("02", 2018, 10)
    assert out["rank"] == res.rank("02") and out["score"] == res.score("02")
    assert list(out["references"]) == list(REFERENCES)
    for ref, body in out["references"].items():
        extra = {"leads_region"} if ref == "region-best" else set()
        assert set(body) == {"province", "score_gap", "contributions", "by_node"} | extra
        assert list(body["contributions"]) == FW.indicator_ids
        assert abs(sum(body["contributions"].values()) - body["score_gap"]) < 1e-9, ref
        assert body["by_node"]["overall"] == pytest.approx(body["score_gap"], abs=1e-9)
    assert out["references"]["median"]["province"] is None
    assert out["references"]["region-median"]["province"] is None
    assert out["references"]["leader"]["province"] == res.ranks["overall"].idxmin()
    assert [e["indicator"] for e in out["indicators"]] == FW.indicator_ids
    assert set(out["indicators"][0]) == {"indicator", "value", "rank", "gap_leader", "gap_above", "gap_top_k",
                                         "gap_region_best", "gap_region_median", "gap_median"}
    assert len(out["strengths"]) == 3 and set(out["strengths"][0]) == {"indicator", "rank", "value", "points"}


def test_gaps_to_json_for_the_leader(random_table):
    res = compute(random_table)
    leader = res.ranks["overall"].idxmin()
    out = gaps_to_json(res, leader, 2018)
    assert out["references"]["above"] == {"province": None, "score_gap": None, "contributions": None,
                                          "by_node": None}
    assert out["references"]["leader"]["score_gap"] == 0
    assert all(e["gap_above"] is None for e in out["indicators"])


@pytest.mark.parametrize("lang,name", [("vi", "Hà Giang"), ("en", "Ha Giang")])
def test_format_gaps(random_table, lang, name):
    res = compute(random_table)
    for ref in REFERENCES:
        text = format_gaps(res, "02", ref, lang=lang)
        assert name in text
        assert FW.label("online_services_l4_pct", lang)[:20] in text
    dec = decompose_gap(res, "02", "leader")
    text = format_gaps(res, "02", "leader", lang=lang)
    assert f"{dec.score_gap:+.4f}" in text
