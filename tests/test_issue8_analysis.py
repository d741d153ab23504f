"""Issue 8, the analysis side: the "done when" checks through the command line and the Study.

Plans keep the relations and leave what the department cannot move alone; sensitivity says which
break-evens are beyond a feasible cap and finds the exact smallest value; region-best is another
province; a user's real 2020 file beside the demo years gets the method-years warning and its
provenance; scenarios that break a relation warn; the Sobol block says why it is empty.
"""

from __future__ import annotations

import csv
import json
import shutil

import pandas as pd
import pytest

import icttools
from icttools.cli import main
from icttools.core.paths import project_root

LEVELS = [f"online_services_l{k}_pct" for k in range(1, 5)]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _after(plan: dict, start: pd.Series) -> pd.Series:
    after = start.copy()
    for row in plan["plan"]:
        assert row["current"] == pytest.approx(start[row["indicator"]], abs=1e-4)
        after[row["indicator"]] = row["target"]
    return after


@pytest.mark.slow
@pytest.mark.parametrize("rank", [10, 5])
@pytest.mark.parametrize("others", ["still", "trend"])
def test_plans_keep_the_relations_and_leave_outside_criteria_alone(capsys, rank, others):
    code, out, err = run(capsys, "targets", "--year", "2018", "--province", "02", "--rank", str(rank),
                         "--others", others, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["feasible"] and doc["verified_rank"] <= rank
    assert doc["levers"] == ["direct", "influenced"]
    assert doc["left_alone"] == ["adult_literacy_pct", "school_enrollment_pct"]
    assert doc["baseline"]["id"] == others and doc["baseline"]["description"]
    assert set(doc["baselines"]) == {"today", "trend", "trend-all"} and doc["baselines"]["today"]["rank"] == 17
    start = icttools.load(2018).data.loc["02"]  # the province's own row is the same in both modes
    for part in (doc, doc["greedy"]):
        moved = {r["indicator"] for r in part["plan"]}
        assert not moved & {"adult_literacy_pct", "school_enrollment_pct"}
        after = _after(part, start)
        assert after[LEVELS[0]] >= after[LEVELS[1]] >= after[LEVELS[2]] >= after[LEVELS[3]]
        assert after["infosec_staff_pct"] <= after["it_staff_pct"]
    # a row the relations forced names its relation, and its lower partner sits at the same value
    after = _after(doc, start)
    lower_of = {LEVELS[0]: LEVELS[1], LEVELS[1]: LEVELS[2], LEVELS[2]: LEVELS[3], "it_staff_pct": "infosec_staff_pct"}
    for r in doc["plan"]:
        if r["implied_by"]:
            assert r["indicator"] in r["implied_by"] and lower_of[r["indicator"]] in r["implied_by"]
            assert after[r["indicator"]] == after[lower_of[r["indicator"]]]


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_trend_all_starts_from_the_projected_values(capsys):
    s = icttools.load(2018)
    res = s.targets("02", rank=17, others="trend-all")
    b = res.baselines
    assert list(b.index) == ["today", "trend", "trend-all"]
    assert b.at["today", "rank"] == 17 and b.at["today", "score"] == 0.5066
    # others on trend with the province still rank it lower than everyone on trend
    assert b.at["trend", "rank"] > b.at["trend-all", "rank"]
    assert res.plan.current_rank == b.at["trend-all", "rank"]
    assert s.targets("02", rank=17, others="trend").plan.current_rank == b.at["trend", "rank"]
    text = res.text("en")
    assert "Baseline: Every province, this one included" in text
    assert f"everyone on trend {b.at['trend-all', 'rank']}" in text


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_sensitivity_flags_beyond_cap_and_gives_the_exact_level4_break_even(capsys):
    code, out, err = run(capsys, "sensitivity", "--year", "2018", "--province", "02", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    items = {e["indicator"]: e for e in doc["indicators"]}
    mobile = items["mobile_phones_per100"]
    assert mobile["cap"] == 200 and mobile["break_even"]["1"] > 200 and "1" in mobile["beyond_cap"]
    assert items["computers_per_staff"]["beyond_cap"] == ["1"]  # 1.96 per civil servant, cap 1.5
    assert items["it_staff_pct"]["beyond_cap"] == ["1", "3", "5", "target"]  # cap 5 %
    assert "places_per_10pct" not in mobile and mobile["year_step"] == 15
    l4 = items["online_services_l4_pct"]
    # raising level 4 raises level 3 with it: 53.95 % for both gives rank 16 (brute force in
    # tests/test_sensitivity.py shows no smaller value on a 0.001 grid)
    assert l4["break_even"]["1"] == 53.95
    assert l4["implied"]["1"] == {"online_services_l3_pct": 53.95}
    assert l4["places_per_year_step"] == 1
    data = icttools.load(2018).data
    data.loc["02", ["online_services_l3_pct", "online_services_l4_pct"]] = 53.95
    assert icttools.load(2018).with_data(data).rank("02") == 16
    data.loc["02", ["online_services_l3_pct", "online_services_l4_pct"]] = 53.9499
    assert icttools.load(2018).with_data(data).rank("02") == 17
    code, out, _ = run(capsys, "sensitivity", "--year", "2018", "--province", "02", "--lang", "en")
    assert "266.2188*" in out and "*: beyond the feasible cap" in out


def test_region_best_of_ha_giang_is_another_province(capsys):
    code, out, _ = run(capsys, "gaps", "--year", "2018", "--province", "02", "--format", "json")
    assert code == 0
    ref = json.loads(out)["references"]["region-best"]
    assert ref["province"] not in (None, "02") and ref["leads_region"] is False
    code, out, _ = run(capsys, "gaps", "--year", "2018", "--province", "48", "--format", "json")
    ref = json.loads(out)["references"]["region-best"]  # Đà Nẵng leads its region
    assert ref["province"] != "48" and ref["leads_region"] is True and ref["score_gap"] < 0


def test_uncertainty_without_a_province_says_why_there_is_no_sobol(capsys):
    code, out, _ = run(capsys, "uncertainty", "--year", "2018", "--n", "20", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["sobol"] is None and "--province" in doc["sobol_note"]


@pytest.fixture()
def data_with_2020(tmp_path, monkeypatch):
    """The demo years and a user's 2020 file labelled as real, in a temporary data folder."""
    years = tmp_path / "raw" / "ict_index"
    for y in (2017, 2018, 2019):
        shutil.copytree(project_root() / "data" / "raw" / "ict_index" / str(y), years / str(y))
    rows = list(csv.reader((years / "2019" / "indicators.csv").open(encoding="utf-8")))
    k = rows[0].index("data_source")
    for r in rows[1:]:
        r[k] = "Số liệu thật 2020 của Sở TTTT (real, test)"
    (years / "2020").mkdir()
    with (years / "2020" / "indicators.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    monkeypatch.setenv("ICT_DATA_DIR", str(tmp_path))
    return tmp_path


def test_a_real_2020_file_warns_about_the_method_years(capsys, data_with_2020):
    code, out, err = run(capsys, "compute", "--year", "2020", "--format", "csv")
    assert code == 0 and out.startswith("gso_code,")
    assert err.strip().splitlines() == ["warning: method of 2016–2019 applied to 2020 (framework ict_index_2016 "
                                        "declares the years 2016, 2017, 2018, 2019 only; the method of 2020 may "
                                        "differ)"]
    code, out, err = run(capsys, "compute", "--year", "2019", "--format", "csv")
    assert code == 0 and err == ""  # inside the method's years: no warning
    s = icttools.load(2020)
    assert s.provenance == {"year": 2020, "kind": "real", "source": s.table.source,
                            "data_source": "Số liệu thật 2020 của Sở TTTT (real, test)"}
    note = s.method_years_note
    assert (note.year, note.first, note.last) == (2020, 2016, 2019)
    assert s.at_year(2018).method_years_note is None
    hist = s.history_provenance()
    assert list(hist.index) == [2017, 2018, 2019, 2020]
    assert list(hist["kind"]) == ["synthetic", "synthetic", "synthetic", "real"]
    assert list(hist["in_method_years"]) == [True, True, True, False]


def test_a_scenario_that_breaks_a_relation_warns(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("""name_vi: "Thử"
name_en: "Test"
year: 2018
changes:
  - {province: "02", indicator: online_services_l4_pct, set: 80, source: test, comment: above level 3}
  - {province: "02", indicator: email_use, set: 90, source: test, comment: unrelated}
""", encoding="utf-8")
    code, out, err = run(capsys, "scenario", str(path), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [(w["gso_code"], w["indicator"], w["other"], w["value"], w["in_data"]) for w in doc["warnings"]] == \
        [("02", "online_services_l4_pct", "online_services_l3_pct", 80.0, False)]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: scenario bad.yaml: province 02: online_services_l4_pct")
    res = icttools.load(2018).scenario(str(path))
    assert list(res.violations["relation"]) == [doc["warnings"][0]["relation"]]
    # the plan's own scenario keeps every relation: no warning
    code, out, err = run(capsys, "scenario", "data/raw/scenarios/plan126_ha_giang.yaml", "--format", "json")
    assert code == 0 and json.loads(out)["warnings"] == [] and err == ""


def test_validate_warns_about_broken_relations_and_keeps_the_values(capsys, tmp_path):
    data = icttools.load(2018).data
    data.loc["02", "infosec_staff_pct"] = 3.0  # above IT staff (2.55 %)
    path = tmp_path / "t.csv"
    data.reset_index().to_csv(path, index=False)
    code, out, err = run(capsys, "validate", str(path), "--year", "2018")
    assert code == 0 and out.startswith("OK:")
    assert err.strip().splitlines() == ["warning: t.csv: row 02: infosec_staff_pct = 3 exceeds it_staff_pct = 2.54991, "
                                        "against the relation infosec_staff_pct<=it_staff_pct (true by definition); "
                                        "check the two values"]
    s = icttools.load(2018, data=path)
    assert len(s.warnings) == 1 and s.data.at["02", "infosec_staff_pct"] == 3.0
