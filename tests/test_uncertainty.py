"""Monte Carlo and Sobol analysis of the unpublished method choices (icttools.analysis.uncertainty)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from icttools.core.engine import compute
from icttools.core.framework import NORMALISATIONS
from icttools.core.provinces import UnknownProvinceError
from icttools.analysis.uncertainty import (
    SOBOL_GROUPS,
    UncertaintySpec,
    run_uncertainty,
    sample_methods,
)
from icttools.analysis.sobol import sobol_indices
from icttools.present.jsonout import uncertainty_to_json
from icttools.present.notes import sobol_note, uncertainty_notes
from icttools.present.textout import format_uncertainty

FIXED_DEFAULT = UncertaintySpec(weight_spread=0.0, normalisations=("zscore-minmax",), aggregations=("arithmetic",))


def _reference(data, framework, choice):
    """One replication recomputed the slow way: a modified framework and `compute`."""
    weights = {nid: w for nid, w in choice["node_weights"].items() if nid != framework.root.id}
    fw = framework.with_method(normalisation=choice["normalisation"], aggregation=choice["aggregation"])
    return compute(data, fw.with_weights(node_weights=weights))


@pytest.fixture(scope="module")
def table():
    from conftest import make_random_table

    return make_random_table(0)


@pytest.fixture(scope="module")
def mc(table):
    return run_uncertainty(table, n=300, seed=7, top_k=10)


# --- sampling ------------------------------------------------------------------------------

def test_same_seed_same_result_other_seed_other_samples(table, mc):
    again = run_uncertainty(table, n=300, seed=7, top_k=10)
    pd.testing.assert_frame_equal(mc.summary, again.summary)
    np.testing.assert_array_equal(mc.ranks, again.ranks)
    other = run_uncertainty(table, n=300, seed=8, top_k=10)
    assert not np.array_equal(mc.samples.uniforms, other.samples.uniforms)
    assert not np.array_equal(mc.ranks, other.ranks)


def test_sampled_choices_follow_the_spec(framework):
    s = sample_methods(framework, 3000, seed=1)
    # equal chances for the three normalisations and the two aggregations
    for norm in NORMALISATIONS:
        assert abs(np.mean(s.normalisation == norm) - 1 / 3) < 0.04
    assert abs(np.mean(s.aggregation == "geometric") - 0.5) < 0.04
    # each non-root weight is the published weight times a factor in [0.75, 1.25], spread out
    factors = s.node_weights[:, 1:] / framework.node_weights[1:]
    assert factors.min() >= 0.75 and factors.max() <= 1.25
    assert factors.min() < 0.76 and factors.max() > 1.24
    # fixing the sub-index weights leaves exactly the published group weights
    fixed = sample_methods(framework, 200, seed=1, spec=UncertaintySpec(vary_subindex_weights=False))
    groups = [framework.node_ids.index(g) for g in framework.group_ids]
    np.testing.assert_array_equal(fixed.node_weights[:, groups],
                                  np.broadcast_to(framework.node_weights[groups], (200, len(groups))))
    comps = [framework.node_ids.index(n.id) for n in framework.nodes if n.depth == 1]
    assert not np.allclose(fixed.node_weights[:, comps], framework.node_weights[comps])


# --- the batched computation equals the slow reference ---------------------------------------

def test_batched_replications_equal_individual_compute(table, framework, mc):
    s = mc.samples
    published = framework.node_weights[1:]
    picks = {
        int(np.flatnonzero((s.aggregation == "geometric") & (s.normalisation == "zscore-minmax"))[0]),
        int(np.flatnonzero((s.normalisation == "max-ratio") & (s.aggregation == "arithmetic"))[0]),
        int(np.flatnonzero((s.normalisation == "max-ratio") & (s.aggregation == "geometric"))[0]),
        int(np.flatnonzero(s.normalisation == "minmax-minmax")[0]),
        0, 1, 299,
    }
    codes = list(mc.codes)
    for i in sorted(picks):
        assert not np.allclose(s.node_weights[i, 1:], published)  # weights really perturbed
        ref = _reference(table, framework, s.replication(i))
        np.testing.assert_allclose(mc.scores[i], ref.scores.loc[codes, "overall"].to_numpy(), rtol=0, atol=1e-12)
        np.testing.assert_array_equal(mc.ranks[i], ref.ranks.loc[codes, "overall"].to_numpy())


def test_nominal_rank_is_the_default_compute(table, mc):
    ref = compute(table)
    assert list(mc.summary["gso_code"]) == sorted(ref.codes, key=int)
    np.testing.assert_array_equal(mc.summary["nominal_rank"].to_numpy(),
                                  ref.ranks.loc[list(mc.codes), "overall"].to_numpy())


def test_row_order_of_the_data_does_not_matter(table, mc):
    shuffled = table.sample(frac=1.0, random_state=3)
    again = run_uncertainty(shuffled, n=300, seed=7, top_k=10)
    pd.testing.assert_frame_equal(mc.summary, again.summary)


# --- summaries -----------------------------------------------------------------------------

def test_no_spread_and_default_choices_give_the_nominal_rank_every_time(table):
    res = run_uncertainty(table, n=50, seed=2, spec=FIXED_DEFAULT)
    nominal = compute(table).ranks.loc[list(res.codes), "overall"].to_numpy()
    assert (res.ranks == nominal).all()
    sm = res.summary
    np.testing.assert_array_equal(sm["p05"], nominal)
    np.testing.assert_array_equal(sm["p95"], nominal)
    np.testing.assert_array_equal(sm["median_rank"], nominal)
    assert sm["nominal_inside"].all() and all(n is None for n in uncertainty_notes(res))
    np.testing.assert_array_equal(sm["p_top_k"], (nominal <= 10).astype(float))


def test_nominal_outside_the_interval_is_explained(table):
    # a single non-default method, weights fixed: every replication is that method's ranking
    spec = UncertaintySpec(weight_spread=0.0, normalisations=("max-ratio",), aggregations=("geometric",))
    res = run_uncertainty(table, n=20, seed=0, spec=spec)
    other = compute(table, normalisation="max-ratio", aggregation="geometric").ranks.loc[list(res.codes), "overall"]
    sm = res.summary
    np.testing.assert_array_equal(sm["p05"], other.to_numpy())
    expected_inside = sm["nominal_rank"].to_numpy() == other.to_numpy()
    np.testing.assert_array_equal(sm["nominal_inside"], expected_inside)
    assert (~expected_inside).sum() > 0  # this table has rank changes under the other method
    for row, note in zip(sm.itertuples(), uncertainty_notes(res)):
        if row.nominal_inside:
            assert note is None
        else:
            assert "not among the sampled choices" in note and str(row.nominal_rank) in note
    notes = {p["gso_code"]: p["note"] for p in uncertainty_to_json(res)["provinces"]}
    assert all((notes[c] is None) == ok for c, ok in zip(sm["gso_code"], sm["nominal_inside"]))


def _one_province_result(nominal: int, sampled: np.ndarray, spec: UncertaintySpec):
    """A minimal Monte Carlo result of one province whose nominal rank lies outside its interval."""
    from types import SimpleNamespace

    from icttools.core.framework import load_framework

    summary = pd.DataFrame({"gso_code": ["02"], "nominal_rank": [nominal], "nominal_inside": [False],
                            "share_better": [float(np.mean(sampled < nominal))],
                            "share_worse": [float(np.mean(sampled > nominal))]})
    return SimpleNamespace(framework=load_framework(), spec=spec, summary=summary)


def test_outlier_note_wording():
    # the default method is sampled but 95 % of the samples rank the province 8th, not 5th
    res = _one_province_result(5, np.array([8] * 95 + [5] * 5), UncertaintySpec())
    note = uncertainty_notes(res, "en")[0]
    assert note.startswith("the nominal method is an outlier") and "better than 95%" in note
    assert "tốt hơn 95%" in uncertainty_notes(res, "vi")[0]
    not_sampled = UncertaintySpec(normalisations=("max-ratio",))
    res = _one_province_result(9, np.array([3] * 97 + [9] * 3), not_sampled)
    note = uncertainty_notes(res, "en")[0]
    assert "not among the sampled choices" in note and "worse than 97%" in note


def test_probabilities_and_intervals_are_consistent(mc):
    sm = mc.summary
    assert sm["p_top_k"].between(0, 1).all()
    np.testing.assert_allclose(sm["p_top_k"], (mc.ranks <= 10).mean(axis=0))
    # competition ranks: at least k provinces rank <= k in every replication (more only with ties)
    assert sm["p_top_k"].sum() >= 10 - 1e-9
    assert (mc.ranks.min(axis=1) == 1).all() and mc.ranks.max() <= 63
    assert (sm["p05"] <= sm["median_rank"]).all() and (sm["median_rank"] <= sm["p95"]).all()
    inside = (sm["p05"] <= sm["nominal_rank"]) & (sm["nominal_rank"] <= sm["p95"])
    np.testing.assert_array_equal(sm["nominal_inside"], inside)
    assert [n is None for n in uncertainty_notes(mc)] == list(sm["nominal_inside"])
    np.testing.assert_allclose(sm["share_better"], (mc.ranks < sm["nominal_rank"].to_numpy()).mean(axis=0))
    assert mc.ranks.dtype == np.int16 and mc.ranks.shape == (300, 63)
    # the choices do move some ranks
    assert (sm["p95"] > sm["p05"]).any()


def test_top_k_of_all_provinces_is_certain(table):
    res = run_uncertainty(table, n=30, seed=1, top_k=63)
    assert (res.summary["p_top_k"] == 1.0).all()


def test_progress_is_reported_up_to_n(table):
    calls = []
    run_uncertainty(table, n=120, seed=0, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (120, 120)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


# --- Sobol indices -------------------------------------------------------------------------

def test_sobol_indices_for_the_four_groups(table):
    np.random.seed(123)
    first = sobol_indices(table, "02", n_base=64, seed=5, num_resamples=50)
    np.random.seed(999)  # SALib's bootstrap must not depend on the global RNG
    again = sobol_indices(table, "Hà Giang", n_base=64, seed=5, num_resamples=50)
    pd.testing.assert_frame_equal(first, again)
    assert list(first["group"]) == list(SOBOL_GROUPS)
    assert list(first.columns) == ["group", "S1", "S1_conf", "ST", "ST_conf"]
    assert np.isfinite(first[["S1", "S1_conf", "ST", "ST_conf"]].to_numpy()).all()
    assert (first[["S1_conf", "ST_conf"]] >= 0).all().all()
    assert first.attrs["province"] == "02" and first.attrs["n_evaluations"] == 64 * 6
    assert first.attrs["constant_rank"] is None and sobol_note(first) is None
    assert first["ST"].max() > 0


def test_sobol_when_only_normalisation_matters(table, framework):
    # pick the province whose rank moves most across the three normalisations
    ranks = np.column_stack([compute(table, normalisation=m).ranks["overall"].to_numpy() for m in NORMALISATIONS])
    code = table.index[int(np.argmax(ranks.max(axis=1) - ranks.min(axis=1)))]
    spec = UncertaintySpec(weight_spread=0.0, aggregations=("arithmetic",))
    si = sobol_indices(table, code, n_base=64, seed=0, spec=spec, num_resamples=50).set_index("group")
    assert si.loc["normalisation", "ST"] > 0.9
    for g in ("subindex_weights", "component_weights", "aggregation"):
        assert si.loc[g, "ST"] == 0.0 and si.loc[g, "S1"] == 0.0


def test_sobol_zero_variance_gives_zeros_and_a_note(table):
    si = sobol_indices(table, "02", n_base=16, seed=0, spec=FIXED_DEFAULT, num_resamples=20)
    assert (si[["S1", "S1_conf", "ST", "ST_conf"]].to_numpy() == 0).all()
    assert "no variance" in sobol_note(si, "en") and "không có biến động" in sobol_note(si, "vi")


def test_sobol_rejects_unknown_or_absent_province(table):
    with pytest.raises(UnknownProvinceError):
        sobol_indices(table, "Atlantis", n_base=16)
    with pytest.raises(ValueError, match="not in the data"):
        sobol_indices(table.drop(index="02"), "02", n_base=16)


# --- output --------------------------------------------------------------------------------

def test_json_shape(table, mc):
    si = sobol_indices(table, "02", n_base=16, seed=0, num_resamples=20)
    out = uncertainty_to_json(mc, si)
    assert set(out) == {"n", "seed", "top_k", "spec", "provinces", "sobol"}
    assert (out["n"], out["seed"], out["top_k"]) == (300, 7, 10)
    assert out["spec"]["geometric_floor"] == 0.01 and out["spec"]["weight_spread"] == 0.25
    codes = [p["gso_code"] for p in out["provinces"]]
    assert codes == sorted(codes, key=int) and len(codes) == 63
    assert set(out["provinces"][0]) == {"gso_code", "nominal_rank", "median_rank", "p05", "p95", "p_top_k",
                                        "nominal_inside", "note"}
    assert isinstance(out["provinces"][0]["nominal_rank"], int)
    assert isinstance(out["provinces"][0]["nominal_inside"], bool)
    assert out["sobol"]["province"] == "02"
    assert [g["group"] for g in out["sobol"]["groups"]] == list(SOBOL_GROUPS)
    for row in out["provinces"]:
        assert (row["note"] is None) == row["nominal_inside"]
    json.dumps(out)  # plain types only
    alone = uncertainty_to_json(mc)  # no province: no Sobol indices, and the JSON says why
    assert alone["sobol"] is None and "one province's rank" in alone["sobol_note"]
    assert "sobol_note" not in out


def test_text_table(table, mc):
    text = format_uncertainty(mc, top=5)
    first = mc.summary.sort_values("nominal_rank").iloc[0]
    assert first["gso_code"] in text
    body = [ln for ln in text.splitlines() if ln[:12].strip().split(" ")[0].isdigit()]
    assert len(body) == 5
    assert "0.01" in text  # the geometric floor is stated
    full = format_uncertainty(mc)
    assert sum(1 for ln in full.splitlines() if ln[:12].strip().split(" ")[0].isdigit()) == 63


# --- validation ----------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, word", [
    ({"weight_spread": 1.0}, "weight_spread"),
    ({"weight_spread": -0.1}, "weight_spread"),
    ({"normalisations": ("z-score",)}, "normalisations"),
    ({"normalisations": ()}, "normalisations"),
    ({"aggregations": ("harmonic",)}, "aggregations"),
])
def test_spec_validation(kwargs, word):
    with pytest.raises(ValueError, match=word):
        UncertaintySpec(**kwargs)


@pytest.mark.parametrize("kwargs, word", [
    ({"n": 0}, "n must"), ({"top_k": 0}, "top_k"), ({"top_k": 64}, "top_k"), ({"seed": -1}, "seed"),
    ({"progress": 5}, "progress"),
])
def test_run_validation(table, kwargs, word):
    with pytest.raises(ValueError, match=word):
        run_uncertainty(table, **{"n": 10, **kwargs})
