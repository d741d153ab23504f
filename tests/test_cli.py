"""The command line, including the issues' "done when" checks on the 2018 demo data."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from icttools.cli import main
from icttools.ingest.io import load_year
from icttools.core.paths import project_root


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def write_table(data: pd.DataFrame, path) -> str:
    data.reset_index().to_csv(path, index=False)
    return str(path)


def test_compute_csv_shows_ha_giang(capsys):
    code, out, err = run(capsys, "compute", "--year", "2018", "--format", "csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out), dtype={"gso_code": str})
    nodes = ["overall", "htkt", "htnl", "ud", "htkt_xh", "htkt_cqnn", "htnl_xh", "htnl_cqnn", "ud_cqnn", "ud_dvctt"]
    assert list(table.columns) == ["gso_code", "province"] + [f"{n}_{k}" for n in nodes for k in ("score", "rank")]
    hg = table.set_index("gso_code").loc["02"]
    assert hg["overall_score"] == 0.5066 and hg["overall_rank"] == 17
    assert len(table) == 63 and table["gso_code"].tolist()[:3] == ["01", "02", "04"]


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_installed_command_runs():
    exe = project_root() / ".venv" / "bin" / "icttools"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "icttools.cli"]
    proc = subprocess.run(cmd + ["check-published", "--year", "2018"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "0 failed" in proc.stdout


@pytest.mark.parametrize("year", [2017, 2018, 2019])
def test_check_published_passes(capsys, year):
    code, out, _ = run(capsys, "check-published", "--year", str(year))
    assert code == 0 and "FAIL" not in out.split("\n0 failed")[0]


def test_check_published_fails_on_other_method(capsys):
    code, out, _ = run(capsys, "check-published", "--year", "2018", "--method", "max-ratio")
    assert code == 1 and "FAIL" in out


def test_validate_reports_every_problem_and_accepts_clean_file(capsys, tmp_path, framework):
    data = load_year(2018)
    df = data.reset_index()
    pct = framework.indicator("households_computer_pct").name_vi
    df = df.rename(columns={"households_computer_pct": pct}).astype(object)
    df.loc[0, "gso_code"] = "Tỉnh Không Có"                 # unknown province (row 2)
    df.loc[5, "gso_code"] = "02"                            # duplicate of Hà Giang (row 7)
    df.loc[10, "mobile_phones_per100"] = "abc"              # non-numeric (row 12)
    df.loc[11, pct] = "120%"                                # out of range (row 13)
    df.loc[12, "oss_use"] = ""                              # missing value (row 14)
    bad = tmp_path / "bad.csv"
    df.to_csv(bad, index=False)
    code, out, err = run(capsys, "validate", str(bad), "--year", "2018")
    assert code == 2
    lines = err.strip().splitlines()
    assert all("Traceback" not in ln for ln in lines)
    joined = "\n".join(lines)
    for needle in ("row 2", "unknown-province", "row 7", "duplicate-province", "row 12", "non-numeric",
                   "'mobile_phones_per100'", "row 13", "out-of-range", "row 14", "missing-value", "'oss_use'"):
        assert needle in joined, needle

    # the same data with decimal commas, ';' and a BOM, all values valid: passes
    good = data.reset_index()
    text = good.to_csv(index=False, sep=";", float_format="%.6f").replace(".", ",")
    clean = tmp_path / "clean.csv"
    clean.write_bytes("\ufeff".encode("utf-8") + text.encode("utf-8"))
    code, out, err = run(capsys, "validate", str(clean), "--year", "2018")
    assert code == 0, err
    assert out.startswith("OK")


def test_unknown_province_exit_2(capsys):
    code, out, err = run(capsys, "gaps", "--year", "2018", "--province", "99")
    assert code == 2 and "99" in err and "Traceback" not in err
    code, out, err = run(capsys, "gaps", "--year", "2018", "--province", "Ha Giangg")
    assert code == 2 and "02 Hà Giang" in err


def test_missing_year_exit_2(capsys):
    code, _, err = run(capsys, "compute", "--year", "2031")
    assert code == 2 and "2031" in err


def test_gap_contributions_sum_to_score_gaps(capsys):
    code, out, _ = run(capsys, "gaps", "--year", "2018", "--province", "02", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["province"] == "02" and doc["year"] == 2018
    assert set(doc["references"]) >= {"leader", "above", "top-k", "median"}
    for name, ref in doc["references"].items():
        assert abs(sum(ref["contributions"].values()) - ref["score_gap"]) < 1e-9, name
    assert doc["references"]["above"]["province"] == "40"  # Nghệ An, 16th


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_every_break_even_reproduces_its_rank(capsys, tmp_path):
    code, out, _ = run(capsys, "sensitivity", "--year", "2018", "--province", "02", "--format", "json",
                       "--points", "41")
    assert code == 0
    doc = json.loads(out)
    assert doc["current_rank"] == 17 and len(doc["indicators"]) == 30
    data = load_year(2018)
    checked = 0
    for item in doc["indicators"]:
        for goal, value in item["break_even"].items():
            if value is None:
                continue
            limit = doc["target_rank"] if goal == "target" else 17 - int(goal)
            changed = data.copy()
            changed.at["02", item["indicator"]] = value
            for other, implied in item["implied"][goal].items():  # what the relations move with it
                changed.at["02", other] = implied
            path = write_table(changed, tmp_path / "be.csv")
            code, out2, _ = run(capsys, "compute", "--year", "2018", "--data", path, "--format", "csv")
            row = pd.read_csv(io.StringIO(out2), dtype={"gso_code": str}).set_index("gso_code").loc["02"]
            assert row["overall_rank"] <= limit, (item["indicator"], goal, value)
            checked += 1
            if checked >= 12:  # each check recomputes through the CLI; a dozen covers the goals
                return
    assert checked > 0


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_targets_plan_verified_independently(capsys, tmp_path):
    code, out, err = run(capsys, "targets", "--year", "2018", "--province", "02", "--rank", "10", "--format", "json")
    assert code == 0, err
    plan = json.loads(out)
    assert plan["feasible"] and plan["verified_rank"] <= 10
    data = load_year(2018)
    for step in plan["plan"]:
        assert step["target"] >= step["current"]
        data.at["02", step["indicator"]] = step["target"]
    path = write_table(data, tmp_path / "plan.csv")
    code, out2, _ = run(capsys, "compute", "--year", "2018", "--data", path, "--format", "csv")
    row = pd.read_csv(io.StringIO(out2), dtype={"gso_code": str}).set_index("gso_code").loc["02"]
    assert row["overall_rank"] <= 10
    assert row["overall_score"] == pytest.approx(plan["verified_score"], abs=1e-4)


def test_uncertainty_same_seed_same_output(capsys):
    args = ("uncertainty", "--year", "2018", "--n", "300", "--seed", "7", "--format", "json")
    _, first, _ = run(capsys, *args)
    _, second, _ = run(capsys, *args)
    assert first == second
    doc = json.loads(first)
    assert doc["n"] == 300 and doc["seed"] == 7 and len(doc["provinces"]) == 63
    for p in doc["provinces"]:
        inside = p["p05"] <= p["nominal_rank"] <= p["p95"]
        assert inside or p["note"], p


def test_scenario_plan126_reports_new_rank(capsys):
    code, out, err = run(capsys, "scenario", "data/raw/scenarios/plan126_ha_giang.yaml", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    hg = next(p for p in doc["provinces"] if p["gso_code"] == "02")
    assert hg["before"]["overall_rank"] == 17
    assert hg["after"]["overall_score"] > hg["before"]["overall_score"]
    code, out, _ = run(capsys, "scenario", "data/raw/scenarios/plan126_ha_giang.yaml")
    assert code == 0 and "Hà Giang" in out


def test_trends_and_provinces(capsys):
    code, out, _ = run(capsys, "trends", "--year", "2018", "--province", "Hà Giang", "--format", "json")
    assert code == 0
    json.loads(out)
    code, out, _ = run(capsys, "provinces", "BR-VT")
    assert code == 0 and out.startswith("77")


@pytest.mark.parametrize("argv, needle", [
    (["targets", "--year", "2018", "--province", "02", "--rank", "0"], "rank"),
    (["targets", "--year", "2018", "--province", "02", "--others", "growth=abc"], "growth"),
    (["uncertainty", "--year", "2018", "--n", "5"], "--n"),
    (["gaps", "--year", "2018", "--province", "02", "--target-rank", "64"], "--target-rank"),
    (["scenario", "no/such/file.yaml"], "file.yaml"),
])
def test_bad_arguments_one_line_exit_2(capsys, argv, needle):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
