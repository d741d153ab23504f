"""Rank sensitivity per criterion (icttools.analysis.sensitivity)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import make_random_table
from icttools.core.engine import compute
from icttools.core.framework import load_framework
from icttools.analysis.sensitivity import rank_curves, sweep_range
from icttools.analysis.breakeven import break_even, places_per_step, tornado
from icttools.present.jsonout import sensitivity_to_json
from icttools.present.textout import format_sensitivity

FW = load_framework()
# Seed 2, province 79 (rank 12): break-evens exist for 1, 3 and 5 places and for the top 10.
SEED, CODE = 2, "79"


@pytest.fixture(scope="module")
def table():
    return make_random_table(SEED)


@pytest.fixture(scope="module")
def curves(table):
    return rank_curves(table, CODE, n_points=41)


@pytest.fixture(scope="module")
def breakeven(curves):
    return break_even(curves, target_rank=10)


def _rank_with(table, code, indicator, value):
    """Slow, independent reference: recompute the whole index with one value changed."""
    data = table.copy()
    data.loc[code, indicator] = value
    return compute(data).rank(code)


def test_curve_at_current_value_is_the_computed_rank(curves, table):
    expected = compute(table).rank(CODE)
    assert curves.current_rank == expected
    for iid in FW.indicator_ids:
        vals = curves.values[iid]
        at = np.flatnonzero(vals == table.at[CODE, iid])
        assert at.size == 1, iid
        assert curves.ranks[iid][at[0]] == expected, iid


def test_vectorised_curve_matches_slow_recomputation(curves, table):
    for iid in ("households_computer_pct", "mobile_phones_per100"):
        vals = curves.values[iid]
        for k in np.linspace(0, len(vals) - 1, 7).astype(int):
            assert curves.ranks[iid][k] == _rank_with(table, CODE, iid, vals[k]), (iid, vals[k])


def test_curve_under_another_method_matches_compute(table):
    """The curves follow the framework's method: min–max normalisation, sweeping the leader of an
    indicator past the old maximum (which moves the normalisation of every province)."""
    fw = FW.with_method(normalisation="minmax-minmax")
    iid = "fixed_broadband_per100"
    top = table[iid].idxmax()
    c = rank_curves(table, top, framework=fw, n_points=11)
    for v in (0.0, 50.0, 100.0, float(table[iid].max())):
        data = table.copy()
        data.loc[top, iid] = v
        assert c.rank_at(iid, v) == compute(data, fw).rank(top)


def test_rank_improves_over_the_sweep(curves):
    """Typical case: every indicator is higher-is-better; the top of the sweep ranks no worse than
    the bottom, and strictly better for most indicators."""
    better = 0
    for iid in FW.indicator_ids:
        r = curves.ranks[iid]
        assert r[-1] <= r[0], iid
        better += r[-1] < r[0]
    assert better >= 25


def test_sweep_ranges():
    data = make_random_table(0)
    pct = FW.indicator("households_computer_pct")
    assert sweep_range(pct, data[pct.id].to_numpy(), 40.0) == (0.0, 100.0)
    mob = FW.indicator("mobile_phones_per100")
    natmax = data[mob.id].max()
    assert sweep_range(mob, data[mob.id].to_numpy(), 40.0) == (0.0, min(400.0, 2 * natmax))
    # widened to include a current value outside the default
    assert sweep_range(mob, data[mob.id].to_numpy(), 399.0)[1] == 399.0
    c = rank_curves(data, "02", n_points=5, lo={"mobile_phones_per100": 20.0}, hi=90.0)
    assert tuple(c.sweep.loc["mobile_phones_per100"]) == (20.0, 90.0)
    assert tuple(c.sweep.loc["households_computer_pct"]) == (0.0, 90.0)
    assert c.values["households_computer_pct"].min() == 0.0


def test_bad_arguments(table):
    with pytest.raises(ValueError, match="n_points"):
        rank_curves(table, CODE, n_points=1)
    with pytest.raises(ValueError, match="hi"):
        rank_curves(table, CODE, lo=50, hi=50)
    with pytest.raises(ValueError, match="province"):
        rank_curves(table.drop(index="02"), "02")


def test_break_even_values_are_verified(curves, table, breakeven):
    be = breakeven
    assert list(be["indicator"].unique()) == FW.indicator_ids
    found = be[be["value"].notna()]
    assert set(found["goal"]) == {"1", "3", "5", "target"}  # the chosen case has all four
    assert found["verified"].all()
    current = curves.current_rank
    for row in found.itertuples():
        goal = current - int(row.goal) if row.goal != "target" else 10
        assert row.goal_rank == goal
        assert row.value >= table.at[CODE, row.indicator]  # improving side of the current value
        assert round(row.value, 4) == row.value  # printed with 4 decimals
        assert _rank_with(table, CODE, row.indicator, row.value) <= goal, row


def test_break_even_is_tight(curves, table, breakeven):
    """One rounding step below a break-even the goal is not reached (checked on every break-even
    whose curve is monotone there, and there must be some)."""
    checked = 0
    for row in breakeven[breakeven["value"].notna()].itertuples():
        below = round(row.value - 1e-4, 4)
        if below < table.at[CODE, row.indicator]:
            continue
        vals, ranks = curves.values[row.indicator], curves.ranks[row.indicator]
        before = ranks[(vals >= table.at[CODE, row.indicator]) & (vals <= below)]
        if (before <= row.goal_rank).any():
            continue  # non-monotone pocket below: the first crossing is not this one
        assert _rank_with(table, CODE, row.indicator, below) > row.goal_rank, row
        checked += 1
    assert checked >= 20


def test_unreachable_goals_are_unreachable_on_the_curve(curves, breakeven):
    for row in breakeven[breakeven["value"].isna()].itertuples():
        assert not row.on_grid
        vals, ranks = curves.values[row.indicator], curves.ranks[row.indicator]
        up = vals >= curves.current[row.indicator]
        if row.goal_rank >= 1:
            assert (ranks[up] > row.goal_rank).all(), row


def test_target_already_reached_gives_current_value(table):
    res = compute(table)
    inside = res.ranks["overall"].idxmin()
    c = rank_curves(table, inside, n_points=5)
    be = break_even(c, places=(1,), target_rank=10)
    tgt = be[be["goal"] == "target"]
    np.testing.assert_array_equal(tgt["value"].to_numpy(), c.current.to_numpy())
    # the leader cannot gain a place
    assert be[be["goal"] == "1"]["value"].isna().all()


def test_places_per_10pct(curves, table):
    pps = places_per_step(curves)
    for iid in ("households_computer_pct", "online_services_l4_pct", "computers_per_staff"):
        lo, hi = curves.sweep.loc[iid]
        v = min(table.at[CODE, iid] + 0.1 * (hi - lo), hi)
        assert pps[iid] == curves.current_rank - _rank_with(table, CODE, iid, v)
    assert (pps >= 0).all()


def test_tornado(curves):
    t = tornado(curves)
    assert sorted(t.index) == sorted(FW.indicator_ids)
    assert list(t["swing"]) == sorted(t["swing"], reverse=True)
    iid = t.index[0]
    assert t.at[iid, "rank_low"] == curves.ranks[iid][0]
    assert t.at[iid, "rank_high"] == curves.ranks[iid][-1]
    local = tornado(curves, local=True)
    assert (local["high"] - local["low"] <= 0.2 * (curves.sweep["hi"] - curves.sweep["lo"])[local.index] + 1e-9).all()


def test_sensitivity_to_json(curves, breakeven):
    out = sensitivity_to_json(curves, 2018, target_rank=10, breakeven=breakeven)
    out = json.loads(json.dumps(out))
    assert set(out) == {"province", "year", "target_rank", "current_rank", "indicators"}
    assert (out["province"], out["year"], out["target_rank"], out["current_rank"]) == \
        (CODE, 2018, 10, curves.current_rank)
    assert [e["indicator"] for e in out["indicators"]] == FW.indicator_ids
    for e in out["indicators"]:
        assert set(e) == {"indicator", "current", "break_even", "places_per_10pct", "curve", "sweep", "verified"}
        assert set(e["break_even"]) == {"1", "3", "5", "target"}
        assert e["verified"] is True
        assert [e["current"], curves.current_rank] in e["curve"]
        assert e["sweep"][0] == e["curve"][0][0] and e["sweep"][1] == e["curve"][-1][0]
    hh = next(e for e in out["indicators"] if e["indicator"] == "households_computer_pct")
    row = breakeven[(breakeven["indicator"] == "households_computer_pct") & (breakeven["goal"] == "1")]
    assert hh["break_even"]["1"] == row["value"].iloc[0]


@pytest.mark.parametrize("lang,word", [("vi", "Hạng hiện tại"), ("en", "Current rank")])
def test_format_sensitivity(curves, breakeven, lang, word):
    text = format_sensitivity(curves, lang=lang, breakeven=breakeven)
    assert word in text and f"{curves.current_rank}/63" in text
    v = breakeven[(breakeven["indicator"] == "households_computer_pct") & (breakeven["goal"] == "1")]["value"]
    assert f"{v.iloc[0]:.4f}" in text
    with pytest.raises(ValueError, match="lang"):
        format_sensitivity(curves, lang="fr", breakeven=breakeven)
