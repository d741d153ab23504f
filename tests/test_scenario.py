"""Scenarios: loading and validation, applying the operations, running before/after, outputs."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from conftest import make_random_table
from icttools.core.engine import compute
from icttools.ingest.published import load_published_indicators
from icttools.analysis.feasibility import valid_range
from icttools.analysis.others import trend_projection
from icttools.analysis.scenario import (Scenario, ScenarioError, apply_scenario, load_scenario, run_scenario,
                                        scenario_from_dict)
from icttools.present.jsonout import scenario_to_json
from icttools.present.textout import format_scenario

PLAN126 = Path(__file__).resolve().parents[1] / "data" / "raw" / "scenarios" / "plan126_ha_giang.yaml"
PLAN_SECTIONS = {"II.2.1", "II.2.2", "II.3.1", "II.3.2"}


def _spec(*changes: dict, **top) -> dict:
    spec = {"name_vi": "Thử", "name_en": "Test", "year": 2018, "changes": list(changes)}
    spec.update(top)
    return spec


def _change(**kw) -> dict:
    base = {"province": "02", "indicator": "schools_teaching_it_pct", "set": 80, "comment": "test"}
    base.update(kw)
    return base


def _write(tmp_path: Path, spec: dict, name: str = "bad.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def _with_published_ha_giang(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    pub = load_published_indicators(2018)
    assert len(pub) == 6
    for r in pub.itertuples(index=False):
        out.at[r.gso_code, r.indicator] = float(r.value)
    return out


# --- applying the operations ----------------------------------------------------------------

def test_operations_hand_computed(random_table, framework):
    data = random_table
    original = data.copy()
    sc = scenario_from_dict(_spec(
        {"province": "Hà Giang", "indicator": "schools_teaching_it_pct", "set": 80, "comment": "a"},
        {"province": 1, "indicator": "infosec_staff_pct", "add": 2.5, "comment": "b"},
        {"province": "Cao Bằng", "indicator": "households_computer_pct", "multiply": 0.5, "comment": "c"},
        {"province": "02", "indicator": "it_staff_pct", "set": 30, "comment": "d"},
        {"province": "02", "indicator": "infosec_staff_pct", "set_to_indicator": "it_staff_pct", "comment": "e"},
    ))
    out = apply_scenario(data, sc)

    expected = original.copy()
    expected.at["02", "schools_teaching_it_pct"] = 80.0
    expected.at["01", "infosec_staff_pct"] = original.at["01", "infosec_staff_pct"] + 2.5
    expected.at["04", "households_computer_pct"] = original.at["04", "households_computer_pct"] / 2
    expected.at["02", "it_staff_pct"] = 30.0
    expected.at["02", "infosec_staff_pct"] = 30.0  # reads it_staff_pct as left by change 4
    pd.testing.assert_frame_equal(out, expected)
    pd.testing.assert_frame_equal(data, original)  # pure: the input is unchanged
    assert (out != original).sum().sum() == 5


def test_apply_keeps_column_layout(random_table):
    data = random_table.reset_index().iloc[::-1]  # gso_code as a column, reversed row order
    sc = scenario_from_dict(_spec({"province": "01", "indicator": "it_staff_pct", "add": 1.0, "comment": "x"}))
    out = apply_scenario(data, sc)
    assert list(out.columns) == list(data.columns)
    assert list(out.index) == list(data.index)
    row = out["gso_code"] == "01"
    assert float(out.loc[row, "it_staff_pct"].iloc[0]) == pytest.approx(
        float(data.loc[data["gso_code"] == "01", "it_staff_pct"].iloc[0]) + 1.0)


def test_out_of_range_result_fails_unless_clipped(random_table):
    data = random_table.copy()
    data.at["02", "staff_trained_oss_pct"] = 95.0
    bad = scenario_from_dict(_spec(_change(), {"province": "02", "indicator": "staff_trained_oss_pct",
                                              "add": 10, "comment": "x"}), source="plan.yaml")
    with pytest.raises(ScenarioError, match=r"^plan\.yaml: change 2 .*result 105 .*outside the valid range \[0, 100\]"):
        apply_scenario(data, bad)
    clipped = scenario_from_dict(_spec({"province": "02", "indicator": "staff_trained_oss_pct",
                                        "add": 10, "clip": True, "comment": "x"}))
    assert apply_scenario(data, clipped).at["02", "staff_trained_oss_pct"] == 100.0
    res = run_scenario(data, clipped)
    assert bool(res.changes["clipped"].iloc[0]) and res.changes["after"].iloc[0] == 100.0


def test_percentages_capped_at_100(framework):
    ind = framework.indicator("households_computer_pct")
    assert valid_range(dataclasses.replace(ind, range=(0.0, 150.0))) == (0.0, 100.0)
    other = framework.indicator("mobile_phones_per100")
    assert valid_range(other) == (0.0, 400.0)


# --- validation --------------------------------------------------------------------------------

@pytest.mark.parametrize("change, pattern", [
    (_change(province="Ha Giangg"), r"change 2: province: unknown province.*02 Hà Giang"),
    (_change(province="03"), r"change 2: province: no province has GSO code"),
    (_change(indicator="infosec_staf_pct"), r"change 2: unknown indicator 'infosec_staf_pct'; did you mean infosec_staff_pct"),
    (_change(add=3), r"change 2: needs exactly one operation .*found set, add"),
    ({"province": "02", "indicator": "it_staff_pct", "comment": "x"}, r"change 2: needs exactly one operation .*found none"),
    (_change(set=120), r"change 2: set 120 is outside the valid range \[0, 100\]"),
    (_change(set="1,9"), r"change 2: set: must be a finite number"),
    (_change(multiplty=2), r"change 2: unknown key 'multiplty'; did you mean multiply"),
    ({"province": "02", "indicator": "computers_per_staff", "set_to_indicator": "it_staff_pct", "comment": "x"},
     r"change 2: set_to_indicator: units differ"),
    ({"province": "02", "indicator": "it_staff_pct", "set_to_indicator": "it_staf_pct", "comment": "x"},
     r"change 2: set_to_indicator: unknown indicator"),
    ({"province": "02", "indicator": "it_staff_pct", "set": 5}, r"change 2: missing 'comment'"),
    (_change(clip="yes"), r"change 2: clip must be true or false"),
    ({"province": "01", "indicator": "it_staff_pct", "set": 5, "comment": "x"}, None),
])
def test_invalid_change_names_file_number_and_problem(tmp_path, change, pattern):
    first = {"province": "01", "indicator": "it_staff_pct", "set": 5, "comment": "first"}
    path = _write(tmp_path, _spec(first, change))
    if pattern is None:  # the same cell twice
        pattern = r"change 2: it_staff_pct of 01 is already changed by change 1"
    with pytest.raises(ScenarioError, match=r"^bad\.yaml: " + pattern):
        load_scenario(path)


def test_invalid_top_level(tmp_path, framework):
    with pytest.raises(ScenarioError, match=r"^bad\.yaml: 'year' must be"):
        load_scenario(_write(tmp_path, {k: v for k, v in _spec(_change()).items() if k != "year"}))
    with pytest.raises(ScenarioError, match=r"^bad\.yaml: 'changes' must be a non-empty list"):
        load_scenario(_write(tmp_path, _spec()))
    with pytest.raises(ScenarioError, match=r"^bad\.yaml: unknown key 'chnages'"):
        load_scenario(_write(tmp_path, {**_spec(_change()), "chnages": []}))
    other = dataclasses.replace(framework, id="other_index")
    with pytest.raises(ScenarioError, match=r"written for framework 'ict_index_2016' but 'other_index'"):
        load_scenario(_write(tmp_path, _spec(_change())), framework=other)
    with pytest.raises(ScenarioError, match=r"^missing\.yaml: scenario file not found"):
        load_scenario(tmp_path / "missing.yaml")
    (tmp_path / "broken.yaml").write_text("name_vi: [unclosed", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"^broken\.yaml: not valid YAML"):
        load_scenario(tmp_path / "broken.yaml")


def test_scenario_is_frozen():
    sc = scenario_from_dict(_spec(_change()))
    assert isinstance(sc, Scenario)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sc.year = 2019  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        sc.changes[0].operand = 1.0  # type: ignore[misc]


# --- the shipped plan 126 scenario --------------------------------------------------------------

def test_plan126_file_is_documented():
    sc = load_scenario(PLAN126)
    assert sc.year == 2018 and sc.framework == "ict_index_2016" and sc.focus == ("02",)
    ops = {c.indicator: c.operation for c in sc.changes}
    assert ops["infosec_staff_pct"] == "set_to_indicator"
    assert sc.changes[[c.indicator for c in sc.changes].index("infosec_staff_pct")].operand == "it_staff_pct"
    assert {"schools_teaching_it_pct", "staff_trained_infosec_pct", "staff_trained_oss_pct",
            "online_services_l3_pct", "online_services_l4_pct"} <= set(ops)
    for ch in sc.changes:
        sections = set(re.findall(r"\b(I{1,3}(?:\.\d+)+)\b", ch.source))
        assert sections and sections <= PLAN_SECTIONS, (ch.number, ch.source)
        assert ch.comment and ch.comment_vi
        if ch.operation != "set_to_indicator":  # the plan gives no figure: the value is an assumption
            assert "Assumption" in ch.comment and "Giả định" in ch.comment_vi, ch.number


def test_plan126_raises_ha_giang(framework):
    data = _with_published_ha_giang(make_random_table(3, framework))
    sc = load_scenario(PLAN126)
    res = run_scenario(data, sc)

    reference = compute(data, framework)
    for table in ("scores", "rounded", "ranks"):
        pd.testing.assert_frame_equal(getattr(res.before, table), getattr(reference, table))

    ch = res.changes.set_index("indicator")
    assert ch.at["staff_trained_infosec_pct", "before"] == 8.1
    assert ch.at["staff_trained_infosec_pct", "after"] == 20.0
    assert ch.at["online_services_l3_pct", "before"] == 51.1
    assert ch.at["online_services_l4_pct", "after"] == 40.0
    assert ch.at["infosec_staff_pct", "before"] == 1.6
    assert ch.at["infosec_staff_pct", "after"] == data.at["02", "it_staff_pct"]
    assert ch.at["staff_trained_oss_pct", "after"] == pytest.approx(data.at["02", "staff_trained_oss_pct"] + 10)
    assert ch.at["schools_teaching_it_pct", "after"] == 100.0

    assert res.after.score("02", "overall", rounded=False) > res.before.score("02", "overall", rounded=False)
    assert res.after.rank("02") <= res.before.rank("02")
    assert res.rank_change.at["02", "overall"] == res.after.rank("02") - res.before.rank("02")
    # technical infrastructure is untouched by the plan: its sub-index scores do not move at all
    assert res.score_change.at["02", "htkt_xh"] == 0 and res.score_change.at["02", "htkt_cqnn"] == 0
    # other provinces' data are as they were
    others = [c for c in data.index if c != "02"]
    pd.testing.assert_frame_equal(res.after_data.loc[others, data.columns], data.loc[others])


# --- others = "trend" --------------------------------------------------------------------------

def test_trend_mode_needs_previous(random_table):
    sc = scenario_from_dict(_spec(_change()))
    with pytest.raises(ValueError, match="needs previous="):
        run_scenario(random_table, sc, others="trend")
    with pytest.raises(ValueError, match="previous= is used only with others='trend'"):
        run_scenario(random_table, sc, previous=random_table)
    with pytest.raises(ValueError, match="others must be .still., .trend."):
        run_scenario(random_table, sc, others="drift")


def test_trend_mode_moves_others_not_the_named(framework):
    data = make_random_table(5, framework)
    previous = data - 2.0  # every indicator rose by 2 units last year
    sc = scenario_from_dict(_spec(_change(set=99.0)))  # Hà Giang schools -> 99
    res = run_scenario(data, sc, others="trend", previous=previous)

    hi = np.array([valid_range(i)[1] for i in framework.indicators])
    expected_others = np.minimum(data.to_numpy() + 2.0, hi)
    others = [c for c in data.index if c != "02"]
    np.testing.assert_allclose(res.after_data.loc[others, framework.indicator_ids].to_numpy(),
                               expected_others[[data.index.get_loc(c) for c in others]])
    # Hà Giang does not follow its trend: current values, plus the scenario's change
    expected_hg = data.loc["02"].copy()
    expected_hg["schools_teaching_it_pct"] = 99.0
    pd.testing.assert_series_equal(res.after_data.loc["02", data.columns], expected_hg)
    assert res.changes["before"].iloc[0] == data.at["02", "schools_teaching_it_pct"]
    pd.testing.assert_frame_equal(res.before.ranks, compute(data, framework).ranks)


def test_trend_projection_clips_to_valid_range(framework):
    data = make_random_table(6, framework)
    previous = data.copy()
    previous["it_staff_pct"] = data["it_staff_pct"] - 60.0   # trend would pass 100
    previous["adult_literacy_pct"] = data["adult_literacy_pct"] + 60.0  # would fall below 0
    out = trend_projection(data, previous.iloc[::-1], framework)  # row order of previous is irrelevant
    np.testing.assert_allclose(out["it_staff_pct"], np.minimum(data["it_staff_pct"] + 60, 100))
    np.testing.assert_allclose(out["adult_literacy_pct"], np.maximum(data["adult_literacy_pct"] - 60, 0))
    assert out["it_staff_pct"].max() == 100.0 and out["adult_literacy_pct"].min() == 0.0
    with pytest.raises(ValueError, match="lacks province"):
        trend_projection(data, previous.drop(index="96"), framework)


# --- outputs ------------------------------------------------------------------------------------

def test_scenario_to_json(framework):
    data = _with_published_ha_giang(make_random_table(3, framework)).sample(frac=1.0, random_state=1)
    res = run_scenario(data, load_scenario(PLAN126))
    out = scenario_to_json(res)
    assert json.loads(json.dumps(out)) == out
    assert set(out) == {"scenario", "year", "others", "baseline", "focus", "changes", "warnings", "provinces"}
    assert out["baseline"]["id"] == out["others"] and out["baseline"]["description"]
    assert out["scenario"] == "Kế hoạch 126/KH-UBND của UBND tỉnh Hà Giang (18/04/2019)"
    assert scenario_to_json(res, lang="en")["scenario"] == "Hà Giang plan 126/KH-UBND (18/04/2019)"
    assert out["year"] == 2018 and out["others"] == "still" and out["focus"] == ["02"]
    codes = [p["gso_code"] for p in out["provinces"]]
    assert len(codes) == 63 and codes == sorted(codes, key=int)
    keys = {f"{n}_{q}" for n in framework.node_ids for q in ("score", "rank")}
    ref = compute(data, framework)
    for p in out["provinces"]:
        assert set(p) == {"gso_code", "before", "after"}
        assert set(p["before"]) == keys == set(p["after"])
        assert all(type(p["before"][f"{n}_rank"]) is int for n in framework.node_ids)
        assert p["before"]["overall_rank"] == ref.rank(p["gso_code"])
        assert p["before"]["overall_score"] == ref.score(p["gso_code"])
    hg = next(p for p in out["provinces"] if p["gso_code"] == "02")
    assert hg["after"]["overall_score"] > hg["before"]["overall_score"]
    assert [c["change"] for c in out["changes"]] == list(range(1, len(out["changes"]) + 1))
    assert out["changes"][0]["operand"] == "it_staff_pct"


def test_format_scenario(framework):
    data = _with_published_ha_giang(make_random_table(3, framework))
    res = run_scenario(data, load_scenario(PLAN126))
    vi = format_scenario(res, lang="vi")
    en = format_scenario(res, lang="en")
    assert "02 Hà Giang" in vi and "Tỷ lệ dịch vụ công trực tuyến mức độ 3" in vi and "Giả định" in vi
    assert "Online public services at level 3 (%)" in en and "Assumption" in en
    # the overall line shows the before and after rank
    line = next(ln for ln in en.splitlines() if ln.startswith("ICT Index (overall)"))
    nums = line.split()
    assert str(res.before.rank("02")) in nums and str(res.after.rank("02")) in nums
    assert f"{res.before.score('02'):.4f}" in nums and f"{res.after.score('02'):.4f}" in nums
    for node in framework.node_ids:
        assert framework.label(node, "vi") in vi
    with pytest.raises(ValueError, match="lang"):
        format_scenario(res, lang="fr")
