"""Least-effort target plans (icttools.analysis.targets) and feasibility files (icttools.analysis.feasibility).

The optimiser is checked against brute force on small invented frameworks, against the greedy
baseline on 63-province tables, and every plan is re-verified here with ``compute`` on the data
the plan produces (independently of the module's own verification).
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest

from conftest import make_random_table
from icttools.core.engine import compute, rank_scores, round_scores, scores_from_matrix
from icttools.analysis.feasibility import FeasibilityError, feasibility_from_dict, load_feasibility
from icttools.core.framework import build_framework
from icttools.ingest.io import load_year
from icttools.analysis.target_search import Goal, Planner
from icttools.analysis.targets import apply_plan, others_scenario, plan_target
from icttools.present.jsonout import targets_to_json
from icttools.present.textout import format_plan

# --- helpers -----------------------------------------------------------------------------------

COST = np.array([1.0, 2.0, 1.0, 0.5])
CAPS = np.array([20.0, 20.0, 30.0, 25.0])  # max_change per indicator (all indicators are % in 0-100)
STEPS = 11  # brute-force grid: 0, cap/10, ..., cap


def tiny_framework(normalisation: str = "zscore-minmax", aggregation: str = "arithmetic", relations=None):
    """2 sub-indices x 2 percentage indicators, equal weights, directly under the root (with the
    ``relations`` block given, if any)."""
    def ind(g, i):
        return {"id": f"{g}_i{i}", "name_vi": f"Chỉ tiêu {g}{i}", "name_en": f"Indicator {g}{i}",
                "unit": "%", "range": [0, 100]}
    spec = {"id": "tiny", "name_vi": "Chỉ số nhỏ", "name_en": "Tiny index",
            "method": {"normalisation": normalisation, "aggregation": aggregation},
            "root": {"id": "overall", "name_vi": "Tổng", "name_en": "Overall", "children": [
                {"id": "ga", "name_vi": "Nhóm A", "name_en": "Group A", "indicators": [ind("ga", 1), ind("ga", 2)]},
                {"id": "gb", "name_vi": "Nhóm B", "name_en": "Group B", "indicators": [ind("gb", 1), ind("gb", 2)]},
            ]}}
    if relations:
        spec["relations"] = relations
    return build_framework(spec)


def tiny_table(seed: int, fw, provinces: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    X = np.round(rng.uniform(10, 80, size=(provinces, 4)), 2)
    codes = [f"{k + 1:02d}" for k in range(provinces)]  # real GSO codes used as labels
    return pd.DataFrame(X, index=pd.Index(codes, name="gso_code"), columns=fw.indicator_ids)


def tiny_feasibility(fw, caps=CAPS, cost=COST):
    return feasibility_from_dict({"indicators": {
        i: {"cost": float(c), "max_change": float(m)} for i, c, m in zip(fw.indicator_ids, cost, caps)}}, fw)


def brute_force(fw, data, code, caps, cost, pairs=()):
    """Every grid combination of improvements: (U, effort, rank of the province); with ``pairs``
    of column positions (hi, lo), only the combinations that keep ``value[hi] >= value[lo]``."""
    X = data.to_numpy(float)
    p = list(data.index).index(code)
    U = np.array(list(itertools.product(*[np.linspace(0.0, c, STEPS) for c in caps])))
    for hi, lo in pairs:
        U = U[X[p, hi] + U[:, hi] >= X[p, lo] + U[:, lo] - 1e-9]
    Xb = np.repeat(X[None], len(U), axis=0)
    Xb[:, p, :] = X[p] + U
    root = scores_from_matrix(Xb, fw)["scores"][..., :1]
    ranks = rank_scores(round_scores(root, fw.method.rounding), fw.method.ranking)[:, p, 0]
    return U, (U * cost / 100.0).sum(axis=1), ranks


def recomputed_rank(data, code, plan, fw):
    """Rank and rounded score of the province after applying the plan, by plain compute()."""
    res = compute(apply_plan(data, code, plan), fw)
    return res.rank(code), res.score(code)


LEVELS = [f"online_services_l{k}_pct" for k in range(1, 5)]
# (higher, lower) pairs of the ICT framework's relations, written out for the checks
ICT_PAIRS = list(zip(LEVELS[:-1], LEVELS[1:])) + [("it_staff_pct", "infosec_staff_pct")]


def with_implied(data, code, indicator, value, pairs=ICT_PAIRS):
    """The data with ``indicator`` of ``code`` set to ``value`` and, pair by pair, the higher side
    of each relation raised to meet the lower (less the excess the data already show): the
    test's own reading of a change and what its relations imply."""
    out = data.copy()
    row = data.loc[code].astype(float)
    new = row.copy()
    new[indicator] = value
    for _ in range(len(pairs)):
        for hi, lo in pairs:
            new[hi] = max(new[hi], new[lo] - max(0.0, row[lo] - row[hi]))
    out.loc[code] = new
    return out


def check_relations(tp, data_moved, pairs=ICT_PAIRS):
    """Every pair holds after the plan (no worse than in the data it starts from)."""
    after = apply_plan(data_moved, tp.province, tp).loc[tp.province]
    before = data_moved.loc[tp.province]
    for hi, lo in pairs:
        assert after[lo] - after[hi] <= max(0.0, before[lo] - before[hi]) + 1e-9, (hi, lo)


def check_constraints(tp, data_moved, feas, fw):
    """No decreases, caps, max_change, percentages <= 100, 4 decimals, effort arithmetic, levers."""
    arr = feas.arrays()
    ids = fw.indicator_ids
    total = 0.0
    for row in tp.plan.itertuples(index=False):
        assert feas.get(row.indicator).lever in tp.facts.levers
    for row in tp.plan.itertuples(index=False):
        k = ids.index(row.indicator)
        ind = fw.indicators[k]
        current = float(data_moved.loc[tp.province, row.indicator])
        assert row.current == pytest.approx(current)
        assert row.target > current  # listed rows are real increases (all test indicators: higher is better)
        assert row.target <= min(arr["best_value"][k], ind.range[1]) + 1e-9
        assert row.target - current <= arr["max_change"][k] + 1e-9
        if ind.is_percentage:
            assert row.target <= 100.0
        assert round(row.target, 4) == pytest.approx(row.target, abs=1e-12)
        assert row.change == pytest.approx(row.target - current)
        assert row.effort == pytest.approx(arr["cost"][k] * (row.target - current) / arr["range"][k])
        total += row.effort
    assert tp.total_effort == pytest.approx(total)


# --- feasibility files -------------------------------------------------------------------------

def test_default_feasibility_covers_every_indicator(framework):
    feas = load_feasibility(framework=framework)
    assert feas.indicator_ids == framework.indicator_ids
    assert feas.get("adult_literacy_pct").cost == 3 and feas.get("school_enrollment_pct").cost == 3
    assert all(feas.get(f"online_services_l{k}_pct").cost == 0.5 for k in range(1, 5))
    for e, ind in zip(feas.indicators, framework.indicators):
        lo, hi = ind.range
        assert lo <= e.best_value <= hi and e.max_change > 0 and e.cost > 0 and e.range > 0
        if ind.is_percentage:
            assert e.best_value <= 100
    # the framework's width unless the file sets `range`
    assert feas.get("adult_literacy_pct").range == 100
    assert feas.get("mobile_phones_per100").range == 200  # set in the file: valid range is 0-400



@pytest.mark.parametrize("year", [2017, 2018, 2019])
def test_default_caps_are_not_below_any_shipped_demo_province(framework, year):
    """A province already past a cap could not keep its value: plans would fail for the wrong reason."""
    data = load_year(year, framework)
    feas = load_feasibility(framework=framework)
    for e, ind in zip(feas.indicators, framework.indicators):
        values = data[ind.id]
        if ind.direction > 0:
            assert e.best_value >= values.max(), (ind.id, values.idxmax(), values.max(), e.best_value)
        else:
            assert e.best_value <= values.min(), (ind.id, values.idxmin(), values.min(), e.best_value)

def test_default_levers_follow_plan_126(framework):
    """Plan 126/KH-UBND: the ICT department acts on agency infrastructure, staff, use and online
    services (II.1.2, II.2.2, II.3); operators and schools move social infrastructure and schooling
    (II.1.1, II.2.1); literacy and enrolment are education policy (II.2.1)."""
    feas = load_feasibility(framework=framework)
    groups = {g: list(framework.node(g).indicators) for g in framework.group_ids}
    levers = {e.indicator: e.lever for e in feas.indicators}
    for g in ("htkt_cqnn", "htnl_cqnn", "ud_cqnn", "ud_dvctt"):
        assert {levers[i] for i in groups[g]} == {"direct"}, g
    assert {levers[i] for i in groups["htkt_xh"]} == {"influenced"}
    assert (levers["adult_literacy_pct"], levers["school_enrollment_pct"]) == ("outside", "outside")
    assert (levers["schools_teaching_it_pct"], levers["colleges_it_major_pct"]) == ("influenced", "influenced")
    assert feas.with_lever("outside") == ["adult_literacy_pct", "school_enrollment_pct"]
    assert len(feas.with_lever("direct", "influenced")) == 28
    assert all("plan 126/KH-UBND" in e.lever_source for e in feas.indicators)
    assert "II.2.1" in feas.get("adult_literacy_pct").lever_source


def test_lever_defaults_to_direct_and_may_be_a_default(tmp_path, framework):
    assert load_feasibility(framework=tiny_framework()).indicators[0].lever == "direct"
    path = tmp_path / "caps.yaml"
    path.write_text("defaults: {lever: influenced, lever_source: my survey}\n"
                    "indicators:\n  email_use: {lever: direct, lever_source: our decree}\n", encoding="utf-8")
    feas = load_feasibility(path, framework)
    assert (feas.get("email_use").lever, feas.get("email_use").lever_source) == ("direct", "our decree")
    assert (feas.get("oss_use").lever, feas.get("oss_use").lever_source) == ("influenced", "my survey")


def test_default_feasibility_for_another_framework_is_generic():
    fw = tiny_framework()
    feas = load_feasibility(framework=fw)
    assert feas.indicator_ids == fw.indicator_ids
    assert all(e.cost == 1 and e.best_value == 100 and e.max_change == 100 and e.range == 100
               for e in feas.indicators)


@pytest.mark.parametrize("body, message", [
    ("indicators:\n  no_such_indicator: {cost: 1}\n", "no_such_indicator"),
    ("indicators:\n  adult_literacy_pct: {max_value: 120}\n", "adult_literacy_pct: max_value 120"),
    ("indicators:\n  adult_literacy_pct: {max_change: 0}\n", "max_change must be > 0"),
    ("indicators:\n  adult_literacy_pct: {cost: -1}\n", "cost must be > 0"),
    ("indicators:\n  adult_literacy_pct: {min_value: 10}\n", "min_value does not apply"),
    ("indicators:\n  adult_literacy_pct: {speed: 3}\n", "unknown key(s) speed"),
    ("framework: other_index\n", "framework is 'other_index'"),
    ("colour: red\n", "unknown top-level key(s) colour"),
    ("indicators:\n  email_use: {lever: sometimes, lever_source: me}\n",
     "indicators: email_use: lever 'sometimes' is not one of direct, influenced, outside"),
    ("indicators:\n  email_use: {lever: outside}\n", "email_use: lever 'outside' needs a lever_source"),
])
def test_feasibility_errors_name_file_and_key(tmp_path, framework, body, message):
    path = tmp_path / "my_caps.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(FeasibilityError) as err:
        load_feasibility(path, framework)
    assert "my_caps.yaml" in str(err.value) and message in str(err.value)


def test_feasibility_file_is_loaded_from_a_user_path(tmp_path, framework):
    path = tmp_path / "caps.yaml"
    path.write_text("defaults: {cost: 2}\nindicators:\n  email_use: {cost: 5, max_change: 3, max_value: 90}\n",
                    encoding="utf-8")
    feas = load_feasibility(path, framework)
    assert (feas.get("email_use").cost, feas.get("email_use").max_change, feas.get("email_use").best_value) == (5, 3, 90)
    assert feas.get("oss_use").cost == 2 and feas.get("oss_use").best_value == 100


# --- the others ----------------------------------------------------------------------------------

def test_others_scenarios(framework):
    data = make_random_table(3, framework)
    previous = make_random_table(4, framework)
    still = others_scenario(data, "02", "still", framework=framework)
    pd.testing.assert_frame_equal(still, data)

    grown = others_scenario(data, "02", "growth=5", framework=framework)
    expected = np.minimum(data.to_numpy() * 1.05, [i.range[1] for i in framework.indicators])
    expected[list(data.index).index("02")] = data.loc["02"].to_numpy()
    np.testing.assert_allclose(grown.to_numpy(), expected)

    trend = others_scenario(data, "02", "trend", previous=previous, framework=framework)
    lo = np.array([i.range[0] for i in framework.indicators])
    hi = np.array([i.range[1] for i in framework.indicators])
    expected = pd.DataFrame(np.clip(2 * data.to_numpy() - previous.loc[data.index].to_numpy(), lo, hi),
                            index=data.index, columns=data.columns)
    # a projection that breaks a relation holds the lower side at the higher one (plus the excess
    # this year's data already show): levels 1 >= 2 >= 3 >= 4, information-security <= IT staff
    levels = [f"online_services_l{k}_pct" for k in range(1, 5)]
    for hi_id, lo_id in list(zip(levels[:-1], levels[1:])) + [("it_staff_pct", "infosec_staff_pct")]:
        excess = (data[lo_id] - data[hi_id]).clip(lower=0)
        expected[lo_id] = np.minimum(expected[lo_id], expected[hi_id] + excess)
    expected.loc["02"] = data.loc["02"]
    np.testing.assert_allclose(trend.to_numpy(), expected.to_numpy())
    assert (trend.to_numpy() != np.clip(2 * data.to_numpy() - previous.to_numpy(), lo, hi)).any()
    # trend-all moves the province too
    everyone = others_scenario(data, "02", "trend-all", previous=previous, framework=framework)
    np.testing.assert_allclose(everyone.drop(index="02").to_numpy(), trend.drop(index="02").to_numpy())
    assert not np.allclose(everyone.loc["02"].to_numpy(), data.loc["02"].to_numpy())


def test_others_scenario_errors(framework):
    data = make_random_table(3, framework)
    with pytest.raises(ValueError, match="needs the previous year"):
        others_scenario(data, "02", "trend", framework=framework)
    with pytest.raises(ValueError, match="lacks province"):
        others_scenario(data, "02", "trend", previous=data.drop(index="01"), framework=framework)
    with pytest.raises(ValueError, match="growth=PCT"):
        others_scenario(data, "02", "faster", framework=framework)
    with pytest.raises(ValueError, match="> -100"):
        others_scenario(data, "02", "growth=-150", framework=framework)
    with pytest.raises(ValueError, match="not a province of the data"):
        others_scenario(data, "Atlantis", "still", framework=framework)


# --- the model and the rank rule -------------------------------------------------------------

def test_model_slopes_are_the_unit_effects(framework):
    """Held constants: the model's slopes equal IndexResult.unit_effects (an independent formula)."""
    data = make_random_table(0, framework)
    res = compute(data, framework)
    code = res.ranks["overall"].sort_values().index[20]
    X = data.to_numpy(float)
    planner = Planner(X, list(data.index).index(code), framework, load_feasibility(framework=framework))
    model = planner.model_at(np.zeros(planner.I), Goal(rank=10), correct=False)
    # the linear piece applies when the province is neither best nor worst in any sub-index
    assert (res.ranks.loc[code, framework.group_ids] > 1).all()
    assert (res.ranks.loc[code, framework.group_ids] < 63).all()
    np.testing.assert_allclose(planner.gains(model), res.unit_effects().loc[code].to_numpy(), rtol=1e-9)


@pytest.mark.parametrize("ranking", ["competition", "dense"])
def test_goal_rule_matches_engine_ranks_with_ties(ranking):
    """'rank <= K' as the K-th best rounded score of the others, on scores full of ties."""
    fw = tiny_framework().with_method(ranking=ranking)
    rng = np.random.default_rng(7)
    P = 9
    planner = Planner(np.zeros((P, 4)), 4, fw, tiny_feasibility(fw))
    root = rng.integers(0, 6, size=(200, P)) / 1000 + rng.uniform(-4e-5, 4e-5, size=(200, P))
    S = np.repeat(root[..., None], len(fw.node_ids), axis=-1)
    ranks = rank_scores(round_scores(root, 4)[..., None], ranking)[:, 4, 0]
    for K in range(1, P + 1):
        got = planner.assess_scores(S, Goal(rank=K))
        np.testing.assert_array_equal(got["success"], ranks <= K)
        np.testing.assert_array_equal(got["rank"], ranks)


# --- against brute force -------------------------------------------------------------------

BRUTE_FORCE_CASES = ([("zscore-minmax", "arithmetic", seed) for seed in range(6)]
                     + [(norm, agg, seed) for norm, agg in [("zscore-minmax", "geometric"),
                                                           ("minmax-minmax", "arithmetic"),
                                                           ("max-ratio", "arithmetic")]
                        for seed in range(4)])


@pytest.mark.slow
@pytest.mark.parametrize("normalisation, aggregation, seed", BRUTE_FORCE_CASES)
def test_optimiser_matches_brute_force(normalisation, aggregation, seed):
    fw = tiny_framework(normalisation, aggregation)
    data = tiny_table(seed, fw)
    feas = tiny_feasibility(fw)
    order = compute(data, fw).ranks["overall"].sort_values()
    code = order.index[-1 - seed % 2]  # the worst or second-worst province
    tolerance = (CAPS / (STEPS - 1) * COST / 100).max()  # one grid step of the costliest indicator
    U, effort, ranks = brute_force(fw, data, code, CAPS, COST)
    targets = [K for K in (order[code] - 1, order[code] - 2) if (ranks <= K).any()]
    assert targets  # the caps allow climbing in every case used here
    for K in targets:
        tp = plan_target(data, code, rank=K, feasibility=feas, framework=fw)
        best = effort[ranks <= K].min()
        assert tp.feasible and tp.target_rank == K
        assert tp.verified_rank <= K
        assert recomputed_rank(data, code, tp, fw) == (tp.verified_rank, tp.verified_score)
        assert tp.total_effort <= best + tolerance
        check_constraints(tp, data, feas, fw)


# ga_i1 >= ga_i2 (an order within a group) and gb_i2 <= ga_i1 (across groups), as in the ICT
# framework's levels of online services and staff shares
TINY_RELATIONS = [{"kind": "order", "indicators": ["ga_i1", "ga_i2"], "source": "test: cumulative levels"},
                  {"kind": "le", "left": "gb_i2", "right": "ga_i1", "source": "test: a part of a whole"}]
TINY_PAIRS = [(0, 1), (0, 3)]  # column positions (higher, lower)


def tiny_related_table(seed: int, fw) -> pd.DataFrame:
    """A tiny table whose rows keep the relations; the lower sides start close below the higher
    ones, so plans run into them."""
    data = tiny_table(seed, fw)
    hi = data[["ga_i1", "ga_i2"]].max(axis=1)
    data["ga_i2"] = np.round(data[["ga_i1", "ga_i2"]].min(axis=1).clip(upper=hi - 1.0), 2)
    data["ga_i1"] = hi
    data["gb_i2"] = np.round(np.minimum(data["gb_i2"], data["ga_i1"] - 0.5), 2)
    return data


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_optimiser_keeps_relations_against_brute_force(seed):
    """With relations, the plan keeps them (its own targets, not a repair afterwards) and costs no
    more than the best grid plan that keeps them; the plan's own verification agrees with an
    independent recomputation."""
    fw = tiny_framework(relations=TINY_RELATIONS)
    data = tiny_related_table(seed, fw)
    assert fw.violations(data).empty
    feas = tiny_feasibility(fw)
    order = compute(data, fw).ranks["overall"].sort_values()
    code = order.index[-1 - seed % 2]
    tolerance = (CAPS / (STEPS - 1) * COST / 100).max()
    U, effort, ranks = brute_force(fw, data, code, CAPS, COST, pairs=TINY_PAIRS)
    targets = [K for K in (order[code] - 1, order[code] - 2) if (ranks <= K).any()]
    assert targets
    for K in targets:
        tp = plan_target(data, code, rank=K, feasibility=feas, framework=fw)
        assert tp.feasible and tp.verified_rank <= K
        after = apply_plan(data, code, tp)
        assert fw.violations(after).empty, tp.plan
        assert recomputed_rank(data, code, tp, fw) == (tp.verified_rank, tp.verified_score)
        assert tp.total_effort <= effort[ranks <= K].min() + tolerance
        check_constraints(tp, data, feas, fw)
        assert tp.facts.relations == ("ga_i1>=ga_i2", "gb_i2<=ga_i1")
        # a row is "implied" only where its relation binds
        for row in tp.plan.itertuples(index=False):
            if row.implied_by is not None:
                lower = {"ga_i1>=ga_i2": ["ga_i2"], "gb_i2<=ga_i1": ["gb_i2"]}[row.implied_by]
                assert any(after.at[code, lo] == row.target for lo in lower)
        assert fw.violations(apply_plan(data, code, tp.greedy)).empty


@pytest.mark.slow
def test_a_plan_raising_the_lower_side_raises_the_higher_and_counts_it():
    """The lower side is the cheap one: the plan that raises it must raise the higher side with
    it, the higher row says so (implied_by) and its effort is in the total."""
    fw = tiny_framework(relations=TINY_RELATIONS)
    cost = np.array([2.0, 0.5, 2.0, 2.0])  # ga_i2 cheap, ga_i1 dear
    checked = 0
    for seed in range(6):
        data = tiny_related_table(seed, fw)
        feas = tiny_feasibility(fw, cost=cost)
        order = compute(data, fw).ranks["overall"].sort_values()
        code = order.index[-1]
        tp = plan_target(data, code, rank=order[code] - 1, feasibility=feas, framework=fw)
        plan = tp.plan.set_index("indicator")
        if "ga_i2" not in plan.index or plan.at["ga_i2", "target"] <= data.at[code, "ga_i1"]:
            continue
        assert plan.at["ga_i1", "target"] >= plan.at["ga_i2", "target"]
        assert plan.at["ga_i1", "implied_by"] == "ga_i1>=ga_i2"
        assert tp.total_effort == pytest.approx(plan["effort"].sum())
        checked += 1
    assert checked >= 1


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_levers_leave_outside_criteria_alone(seed):
    """A criterion whose lever is 'outside' never moves unless levers='all'; against brute force
    with that criterion fixed."""
    fw = tiny_framework()
    data = tiny_table(seed, fw)
    spec = {"indicators": {i: {"cost": float(c), "max_change": float(m)}
                           for i, c, m in zip(fw.indicator_ids, COST, CAPS)}}
    spec["indicators"]["gb_i1"].update(lever="outside", lever_source="test")
    feas = feasibility_from_dict(spec, fw)
    order = compute(data, fw).ranks["overall"].sort_values()
    code = order.index[-1]
    caps = CAPS.copy()
    caps[2] = 0.0
    U, effort, ranks = brute_force(fw, data, code, caps, COST)
    K = order[code] - 1
    tp = plan_target(data, code, rank=K, feasibility=feas, framework=fw)
    assert "gb_i1" not in set(tp.plan["indicator"]) and "gb_i1" not in set(tp.greedy.plan["indicator"])
    assert tp.facts.left_alone == ("gb_i1",) and tp.facts.levers == ("direct", "influenced")
    if (ranks <= K).any():
        assert tp.feasible and tp.total_effort <= effort[ranks <= K].min() + (CAPS / 10 * COST / 100).max()
    else:
        assert not tp.feasible
    everything = plan_target(data, code, rank=K, feasibility=feas, framework=fw, levers="all")
    assert everything.facts.left_alone == () and everything.total_effort <= tp.total_effort + 1e-9 or not tp.feasible
    with pytest.raises(ValueError, match="not a lever"):
        plan_target(data, code, rank=K, feasibility=feas, framework=fw, levers="direct,magic")


@pytest.mark.slow
def test_infeasible_target_reports_best_reachable_rank():
    fw = tiny_framework()
    caps = np.array([4.0, 3.0, 5.0, 4.0])  # too tight to climb far
    feas = tiny_feasibility(fw, caps=caps)
    checked = 0
    for seed in range(4):
        data = tiny_table(seed, fw)
        order = compute(data, fw).ranks["overall"].sort_values()
        code = order.index[-1]
        U, effort, ranks = brute_force(fw, data, code, caps, COST)
        if ranks.min() <= 1:
            continue
        tp = plan_target(data, code, rank=1, feasibility=feas, framework=fw)
        assert not tp.feasible and tp.target_rank == 1
        assert tp.best_reachable_rank == ranks.min()
        # the plan reaches that rank (verified independently) with no more effort than brute force
        assert recomputed_rank(data, code, tp, fw)[0] == tp.verified_rank == tp.best_reachable_rank
        assert tp.total_effort <= effort[ranks <= tp.best_reachable_rank].min() + (caps / 10 * COST / 100).max()
        assert not tp.greedy.feasible
        check_constraints(tp, data, feas, fw)
        checked += 1
    assert checked >= 2


# --- on 63-province tables -------------------------------------------------------------------

@pytest.fixture(scope="module")
def plans63():
    """Plans for K = 10 from the province ranked 20 on three random tables (default feasibility)."""
    out = []
    for seed in range(3):
        data = make_random_table(seed)
        code = compute(data).ranks["overall"].sort_values().index[19]
        out.append((data, code, plan_target(data, code, rank=10)))
    return out


@pytest.mark.slow
def test_optimiser_beats_greedy_on_63_provinces(plans63, framework):
    feas = load_feasibility(framework=framework)
    for data, code, tp in plans63:
        assert tp.current_rank == 20
        assert tp.feasible and tp.verified_rank <= 10
        assert recomputed_rank(data, code, tp, framework) == (tp.verified_rank, tp.verified_score)
        assert recomputed_rank(data, code, tp.greedy, framework)[0] == tp.greedy.verified_rank <= 10
        assert tp.total_effort <= tp.greedy.total_effort + 1e-9
        assert tp.best_reachable_rank <= tp.verified_rank
        check_constraints(tp, data, feas, framework)
        # the places each change gains alone, recomputed one by one
        check_relations(tp, data)
        for row in tp.plan.itertuples(index=False):
            alone = with_implied(data, code, row.indicator, row.target)
            assert compute(alone, framework).rank(code) == tp.current_rank - row.places_gained_alone


@pytest.mark.slow
def test_growing_others_raise_the_bar(plans63, framework):
    data, code, still = plans63[0]
    grown = plan_target(data, code, rank=10, others="growth=5")
    assert grown.others == "growth=5"
    moved = others_scenario(data, code, "growth=5", framework=framework)
    assert grown.verified_rank <= 10
    assert recomputed_rank(moved, code, grown, framework) == (grown.verified_rank, grown.verified_score)
    assert grown.total_effort >= still.total_effort


@pytest.mark.slow
def test_trend_mode_uses_the_previous_year(framework):
    data = make_random_table(0, framework)
    code = compute(data, framework).ranks["overall"].sort_values().index[19]
    # the others improved by 2 % of their value last year; the trend repeats that
    previous = data / 1.02
    tp = plan_target(data, code, rank=10, others="trend", previous=previous)
    moved = others_scenario(data, code, "trend", previous=previous, framework=framework)
    assert not moved.drop(index=code).equals(data.drop(index=code))
    assert tp.others == "trend"
    assert recomputed_rank(moved, code, tp, framework) == (tp.verified_rank, tp.verified_score)
    assert tp.feasible and tp.verified_rank <= 10
    # moving the others up makes the same target dearer than with the others standing still
    assert tp.total_effort >= plan_target(data, code, rank=10).total_effort
    with pytest.raises(ValueError, match="previous"):
        plan_target(data, code, rank=10, others="trend")


@pytest.mark.slow
def test_rival_target(framework):
    data = make_random_table(1, framework)
    order = compute(data, framework).ranks["overall"].sort_values()
    code, rival = order.index[19], order.index[14]
    tp = plan_target(data, code, rival=rival)
    assert tp.feasible and tp.rival == rival
    after = compute(apply_plan(data, code, tp), framework)
    assert after.score(code) > after.score(rival)  # rounded scores, strictly
    assert after.rank(code) == tp.verified_rank <= tp.target_rank == order[rival]


def test_target_already_met(framework):
    data = make_random_table(2, framework)
    code = compute(data, framework).ranks["overall"].sort_values().index[4]
    tp = plan_target(data, code, rank=10)
    assert tp.feasible and tp.plan.empty and tp.total_effort == 0
    assert tp.verified_rank == tp.current_rank == 5


def test_arguments_are_validated(framework):
    data = make_random_table(0, framework)
    for bad in (0, 64, 2.5, True):
        with pytest.raises(ValueError, match="rank must be an integer"):
            plan_target(data, "02", rank=bad)
    with pytest.raises(ValueError, match="itself"):
        plan_target(data, "02", rival="Hà Giang")
    with pytest.raises(ValueError, match="built for framework"):
        plan_target(data, "02", feasibility=load_feasibility(framework=tiny_framework()))
    with pytest.raises(ValueError, match="max_repairs"):
        plan_target(data, "02", max_repairs=-1)


# --- outputs -----------------------------------------------------------------------------------

def test_json_and_text(plans63):
    data, code, tp = plans63[0]
    out = targets_to_json(tp)
    assert list(out) == ["feasible", "target_rank", "best_reachable_rank", "verified_rank", "verified_score",
                         "total_effort", "others", "baseline", "baselines", "levers", "left_alone", "relations",
                         "plan", "greedy", "notes"]
    assert out["baseline"]["id"] == "still" and "keep this year's values" in out["baseline"]["description"]
    assert out["baselines"] == {}  # none given
    assert out["levers"] == ["direct", "influenced"]
    assert out["left_alone"] == ["adult_literacy_pct", "school_enrollment_pct"]
    assert len(out["relations"]) == 2
    assert list(out["greedy"]) == ["feasible", "total_effort", "verified_rank", "verified_score", "plan"]
    row_keys = ["indicator", "current", "target", "change", "effort", "places_gained_alone", "implied_by"]
    assert all(list(r) == row_keys for r in out["plan"] + out["greedy"]["plan"])
    assert json.loads(json.dumps(out)) == out  # plain JSON types only
    assert [r["indicator"] for r in out["plan"]] == list(tp.plan["indicator"])
    assert isinstance(out["plan"][0]["places_gained_alone"], int) and isinstance(out["feasible"], bool)

    province = compute(data).table().set_index("gso_code").at[code, "province"]
    text_vi = format_plan(tp, "vi")
    assert province in text_vi and "Kế hoạch mục tiêu" in text_vi and "Ghi chú" in text_vi
    first = tp.plan.iloc[0]
    assert f"{first.target:.4f}" in text_vi
    assert tp.framework.label(first.indicator, "vi")[:40] in text_vi
    text_en = format_plan(tp, "en")
    assert "Least-effort target plan" in text_en and tp.framework.label(first.indicator, "en")[:40] in text_en
    with pytest.raises(ValueError, match="lang"):
        format_plan(tp, "fr")


def test_apply_plan_changes_only_the_province(plans63):
    data, code, tp = plans63[1]
    after = apply_plan(data, code, tp)
    changed = after.ne(data)
    assert changed.drop(index=code).to_numpy().sum() == 0
    assert sorted(after.columns[changed.loc[code]]) == sorted(tp.plan["indicator"])
    with pytest.raises(ValueError, match="indicator"):
        apply_plan(data, code, pd.DataFrame({"indicator": ["nope"], "target": [1.0]}))


@pytest.mark.slow
def test_every_change_is_needed(plans63, framework):
    """Trimmed: lowering any one target by 0.01 (others kept, except the criteria a relation holds
    below it, lowered with it where the plan raised them that far) loses the target rank."""
    checked = 0
    for data, code, tp in plans63:
        before = data.loc[code]
        for row in tp.plan.itertuples(index=False):
            if row.change <= 0.01:
                continue
            lowered = tp.plan.set_index("indicator")["target"].copy()
            lowered[row.indicator] = row.target - 0.01
            for _ in ICT_PAIRS:
                for hi, lo in ICT_PAIRS:
                    if hi in lowered.index and lo in lowered.index:
                        allowed = max(0.0, before[lo] - before[hi])
                        lowered[lo] = max(min(lowered[lo], lowered[hi] + allowed), before[lo])
            frame = lowered.rename("target").reset_index()
            assert recomputed_rank(data, code, frame, framework)[0] > 10, (code, row.indicator)
            checked += 1
    assert checked >= 10
