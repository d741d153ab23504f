"""The whole-pipeline uncertainty analysis (COINr's UA): every replication equals a full
recomputation with its own choices; the nominal run is COINr's result; failures are kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from icttools.analysis.pipeline_uncertainty import (PipelineUncertaintySpec, node_levels,
                                                    run_pipeline_uncertainty)
from icttools.core.engine import compute
from icttools.ingest.coinr import build, read_coinr

ASEM = Path(__file__).parent / "fixtures" / "asem"
SPEC = PipelineUncertaintySpec(winmax=(1, 2, 3, 4, 5), normalisations=("minmax:1,100", "zscore:10,2"),
                               weight_noise={2: 0.25, 3: 0.25}, aggregations=("arithmetic", "geometric"))


@pytest.fixture(scope="module")
def asem():
    inp = read_coinr(ASEM / "iData.csv", ASEM / "iMeta.csv")
    _, fw = build(inp)
    return inp, fw


@pytest.fixture(scope="module")
def ua(asem):
    inp, fw = asem
    return run_pipeline_uncertainty(inp.data, fw, SPEC, n=60, seed=7, batch=16)


def test_levels_are_coinr_levels(asem):
    _, fw = asem
    lv = node_levels(fw)
    assert lv["Physical"] == 2 and lv["Conn"] == 3 and lv["Index"] == 4


def test_nominal_run_is_coinr_result(asem, ua):
    ref = pd.read_csv(ASEM / "coinr_results" / "Aggregated.csv").set_index("uCode")
    nominal = pd.Series(ua.nominal_scores, index=list(ua.codes))
    np.testing.assert_allclose(nominal.loc[ref.index], ref["Index"], rtol=0, atol=1e-9)
    ranks = pd.Series(ua.nominal_ranks, index=list(ua.codes)).loc[ref.index]
    assert ranks.tolist() == stats.rankdata(-ref["Index"].to_numpy(), method="min").tolist()


@pytest.mark.parametrize("k", [0, 5, 17, 33, 59])
def test_each_replication_is_a_full_recomputation_with_its_choices(asem, ua, k):
    inp, fw = asem
    c = ua.choices.iloc[k]
    weights = dict(zip(fw.node_ids, ua.node_weights[k]))
    weights.pop(fw.root.id)
    one = fw.with_weights(node_weights=weights).with_method(
        treat=f"winsorise:{int(c['winmax'])}", normalise=SPEC.normalisations[int(c["normalisation"])],
        aggregation=SPEC.aggregations[int(c["aggregation"])])
    res = compute(inp.data, one)
    np.testing.assert_allclose(ua.scores[k], res.scores["Index"].to_numpy(), rtol=0, atol=1e-9)
    np.testing.assert_array_equal(ua.ranks[k], res.ranks["Index"].to_numpy())


def test_choices_cover_the_alternatives_and_weights_stay_in_their_band(asem, ua):
    _, fw = asem
    assert set(ua.choices["winmax"]) == {1, 2, 3, 4, 5}
    assert set(ua.choices["normalisation"]) == {0, 1} and set(ua.choices["aggregation"]) == {0, 1}
    lv = node_levels(fw)
    for k, nid in enumerate(fw.node_ids):
        w = ua.node_weights[:, k] / fw.node_weights[k]
        if lv[nid] in (2, 3):
            assert (w >= 0.75).all() and (w <= 1.25).all() and w.std() > 0.05
        else:
            assert (w == 1).all()
    stats_ = ua.rank_stats()
    assert (stats_["Q5"] <= stats_["Median"]).all() and (stats_["Median"] <= stats_["Q95"]).all()


def test_same_seed_same_result_and_batches_do_not_matter(asem, ua):
    inp, fw = asem
    again = run_pipeline_uncertainty(inp.data, fw, SPEC, n=60, seed=7, batch=60)
    np.testing.assert_allclose(again.scores, ua.scores, rtol=0, atol=1e-12)
    other = run_pipeline_uncertainty(inp.data, fw, SPEC, n=60, seed=8, batch=60)
    assert not np.allclose(other.scores, ua.scores)


def test_a_replication_that_fails_is_missing_not_fatal(asem):
    inp, fw = asem
    # min-max to [0, 100] has zeros: COINr's geometric mean stops there (regen fails -> NA)
    spec = PipelineUncertaintySpec(normalisations=("minmax:0,100", "minmax:1,100"), aggregations=("geometric",))
    res = run_pipeline_uncertainty(inp.data, fw, spec, n=12, seed=3)
    bad = res.choices["normalisation"] == 0
    assert bad.any() and (~bad).any()
    assert res.choices["failed"].tolist() == bad.tolist()
    assert np.isnan(res.scores[bad.to_numpy()]).all() and np.isfinite(res.scores[~bad.to_numpy()]).all()
