"""Engine properties (hypothesis) and hand-checked cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_random_table
from icttools.core.engine import compute, rank_scores, round_scores, scores_from_matrix

METHODS = ["zscore-minmax", "minmax-minmax", "max-ratio"]
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_competition_and_dense_ranking():
    s = np.array([[0.5], [0.7], [0.5], [0.2], [0.7]])
    assert rank_scores(s).ravel().tolist() == [3, 1, 3, 5, 1]
    assert rank_scores(s, "dense").ravel().tolist() == [2, 1, 2, 3, 1]


def test_rounding_is_half_up_at_published_decimals():
    assert round_scores(np.array([0.50665, 0.50664999, 0.12345]), 4).tolist() == [0.5067, 0.5066, 0.1235]


def test_zscore_minmax_by_hand(framework):
    """One sub-index recomputed by hand with the EGDI steps."""
    data = make_random_table(3, framework)
    res = compute(data, framework)
    ids = list(framework.node("htnl_xh").indicators)
    x = data[ids].to_numpy()
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    c = z.mean(axis=1)
    s = (c - c.min()) / (c.max() - c.min())
    np.testing.assert_allclose(res.scores["htnl_xh"].to_numpy(), s, atol=1e-12)
    htnl = (res.scores["htnl_xh"] + res.scores["htnl_cqnn"]) / 2
    np.testing.assert_allclose(res.scores["htnl"], htnl, atol=1e-12)
    overall = (res.scores["htkt"] + res.scores["htnl"] + res.scores["ud"]) / 3
    np.testing.assert_allclose(res.scores["overall"], overall, atol=1e-12)


def test_batch_kernel_equals_compute(framework):
    a, b = make_random_table(1, framework), make_random_table(2, framework)
    X = np.stack([a.to_numpy(), b.to_numpy()])
    out = scores_from_matrix(X, framework)["scores"]
    np.testing.assert_allclose(out[0], compute(a, framework).scores.to_numpy(), atol=1e-12)
    np.testing.assert_allclose(out[1], compute(b, framework).scores.to_numpy(), atol=1e-12)


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
@PROPERTY
@given(seed=st.integers(0, 10_000), method=st.sampled_from(METHODS), data=st.data())
def test_permuting_provinces_permutes_results(framework, seed, method, data):
    table = make_random_table(seed, framework)
    perm = data.draw(st.permutations(list(table.index)))
    a = compute(table, framework, normalisation=method)
    b = compute(table.loc[perm], framework, normalisation=method)
    pd.testing.assert_frame_equal(a.scores.loc[perm], b.scores, atol=1e-12, rtol=0)
    pd.testing.assert_frame_equal(a.ranks.loc[perm], b.ranks)


@PROPERTY
@given(seed=st.integers(0, 10_000), method=st.sampled_from(METHODS),
       p=st.integers(0, 62), i=st.integers(0, 29), frac=st.floats(0.0, 1.0))
def test_raising_an_indicator_never_lowers_own_subindex(framework, seed, method, p, i, frac):
    table = make_random_table(seed, framework)
    ind = framework.indicators[i]
    code = table.index[p]
    old = table.at[code, ind.id]
    new = old + frac * (ind.range[1] - old)
    raised = table.copy()
    raised.at[code, ind.id] = new
    before = compute(table, framework, normalisation=method).scores.at[code, ind.group]
    after = compute(raised, framework, normalisation=method).scores.at[code, ind.group]
    assert after >= before - 1e-12


@PROPERTY
@given(seed=st.integers(0, 10_000), method=st.sampled_from(METHODS))
def test_scores_in_unit_interval_and_best_scores_one(framework, seed, method):
    res = compute(make_random_table(seed, framework), framework, normalisation=method)
    assert (res.scores.to_numpy() >= -1e-12).all() and (res.scores.to_numpy() <= 1 + 1e-12).all()
    if method == "zscore-minmax":
        for g in framework.group_ids:
            assert res.scores[g].max() == pytest.approx(1.0, abs=1e-12)
            assert res.ranks[g].min() == 1


def test_constant_indicator_does_not_break(framework):
    table = make_random_table(4, framework)
    table["email_use"] = 50.0
    res = compute(table, framework)
    assert np.isfinite(res.scores.to_numpy()).all()


def test_geometric_aggregation_floors_zero(framework):
    res = compute(make_random_table(5, framework), framework, aggregation="geometric")
    assert (res.scores["overall"] > 0).all()  # a 0 sub-index would otherwise zero the province


def test_missing_values_are_refused(framework):
    table = make_random_table(6, framework)
    table.iloc[3, 4] = np.nan
    with pytest.raises(ValueError, match="missing values"):
        compute(table, framework)


def test_unit_effects_predict_small_linear_change(framework):
    """With normalisation constants held, the score is linear in the province's own values."""
    table = make_random_table(7, framework)
    res = compute(table, framework)
    effects = res.unit_effects()
    code, ind = table.index[10], "oss_use"
    # predicted change for a tiny step (the constants move by O(step/63), second order)
    step = 1e-4
    moved = table.copy()
    moved.at[code, ind] += step
    delta = compute(moved, framework).scores.at[code, "overall"] - res.scores.at[code, "overall"]
    assert delta == pytest.approx(effects.at[code, ind] * step, rel=0.05)
