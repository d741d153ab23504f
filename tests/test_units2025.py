"""The 34 provinces of 1/7/2025: merging the 63-province data, the code trap, the index and the
analyses on 34 units. Expected values are computed here from the reference data with pandas."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import icttools
from conftest import make_random_table
from icttools.cli import main
from icttools.core.errors import DataError
from icttools.core.provinces import load_provinces, merge_2025
from icttools.ingest.merge2025 import merge_to_2025

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(argv))
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def pop() -> pd.Series:
    return load_provinces().set_index("gso_code")["population_2019"].astype(float)


@pytest.fixture(scope="module")
def new_of() -> pd.Series:
    return merge_2025().set_index("old_gso_code")["new_code"]


def test_ratios_are_population_weighted_means_with_their_basis(framework, pop, new_of):
    data = make_random_table(11, framework)
    m = merge_to_2025(data, framework)
    assert m.data.shape == (34, 30) and "08" in m.data.index
    assert m.members["08"] == ["02", "08"]
    # per 100 inhabitants: the population is the true denominator
    x = data["mobile_phones_per100"]
    want = (x * pop).groupby(new_of).sum() / pop.groupby(new_of).sum()
    np.testing.assert_allclose(m.data["mobile_phones_per100"], want.loc[m.data.index], rtol=1e-12)
    assert m.basis.at["mobile_phones_per100", "kind"] == "true denominator"
    # a share of IT staff: its denominator (IT staff) is rebuilt from it_staff_pct × civil servants,
    # and civil servants are unknown -> the population stands in for them, labelled a proxy
    w = data["it_staff_pct"] * pop / 100
    want = (data["it_staff_degree_pct"] * w).groupby(new_of).sum() / w.groupby(new_of).sum()
    np.testing.assert_allclose(m.data["it_staff_degree_pct"], want.loc[m.data.index], rtol=1e-12)
    assert m.basis.at["it_staff_degree_pct", "kind"] == "proxy"
    assert "proxy" in m.basis.at["email_use", "weights"]
    # unchanged units keep their values exactly
    assert m.data.at["01", "email_use"] == data.at["01", "email_use"]


def test_counts_are_summed_where_counts_exist(framework, new_of):
    rng = np.random.default_rng(5)
    codes = list(new_of.index)
    counts = pd.DataFrame({"mobile_phone_subscriptions": rng.integers(10**5, 10**7, 63).astype(float),
                           "population": rng.integers(10**5, 10**7, 63).astype(float)}, index=codes)
    data = make_random_table(12, framework)
    data["mobile_phones_per100"] = counts["mobile_phone_subscriptions"] / counts["population"] * 100
    m = merge_to_2025(data, framework, counts=counts)
    s = counts.groupby(new_of).sum()
    want = s["mobile_phone_subscriptions"] / s["population"] * 100
    np.testing.assert_allclose(m.data["mobile_phones_per100"], want.loc[m.data.index], rtol=1e-12)
    assert m.basis.at["mobile_phones_per100", "method"] == "counts summed"


def test_a_missing_member_value_makes_the_new_unit_missing(framework):
    data = make_random_table(13, framework)
    data.loc["02", "oss_use"] = np.nan
    m = merge_to_2025(data, framework)
    assert np.isnan(m.data.at["08", "oss_use"]) and m.data["oss_use"].notna().sum() == 33


def test_only_the_63_provinces_can_be_merged(framework):
    m = merge_to_2025(make_random_table(14, framework), framework)
    with pytest.raises(DataError, match="needs the 63 provinces"):
        merge_to_2025(m.data, framework)


def test_compute_2018_on_34_units_prints_34_rows_including_08():
    rc, out, err = run_cli("compute", "--year", "2018", "--units", "2025", "--format", "csv")
    assert rc == 0, err
    t = pd.read_csv(io.StringIO(out), dtype={"code_2025": str}).set_index("code_2025")
    assert len(t) == 34 and "08" in t.index
    # the code trap: 2025 codes reuse old numbers for other units
    assert t.at["08", "province"] == "Tuyên Quang" and t.at["80", "province"] == "Tây Ninh"
    assert t.at["82", "province"] == "Đồng Tháp"
    # the index is recomputed on the 34 units: every sub-index has its best unit at exactly 1
    for g in ("htkt_xh", "htkt_cqnn", "htnl_xh", "htnl_cqnn", "ud_cqnn", "ud_dvctt"):
        assert t[f"{g}_score"].max() == 1.0 and t[f"{g}_score"].min() == 0.0
    assert sorted(t["overall_rank"]) == list(range(1, 35))


def test_the_34_unit_index_equals_a_recomputation_from_the_merged_table(framework):
    study = icttools.load(2018, units="2025")
    merged = merge_to_2025(icttools.load(2018).data, framework)
    again = icttools.load(2018, framework=framework.with_units("vn34"), data=merged.data)
    pd.testing.assert_frame_equal(study.scores, again.scores)
    assert study.rank("08") == again.rank("08")
    # the JSON says how it was made
    rc, out, _ = run_cli("compute", "--year", "2018", "--units", "2025", "--format", "json")
    payload = pd.read_json(io.StringIO(out), typ="series")
    assert payload["merge_basis"]["mobile_phones_per100"]["kind"] == "true denominator"
    assert any("34" in n for n in payload["notes"])


@pytest.mark.slow  # over a second of CPU: the full `make test` runs it, `make test-fast` does not
def test_analyses_run_on_34_units_and_name_2025_units():
    rc, out, err = run_cli("gaps", "--year", "2018", "--units", "2025", "--province", "Tuyên Quang", "--lang", "en")
    assert rc == 0, err
    assert "Tuyen Quang (08)" in out and "/34" in out
    rc, out, err = run_cli("gaps", "--year", "2018", "--units", "2025", "--province", "Hà Giang")
    assert rc == 2 and "part of Tuyên Quang (08) since 1/7/2025" in err
    rc, out, err = run_cli("trends", "--year", "2018", "--units", "2025", "--province", "08", "--format", "json")
    assert rc == 0, err
    rc, out, err = run_cli("targets", "--year", "2018", "--units", "2025", "--province", "08", "--rank", "10",
                           "--format", "json")
    assert rc == 0, err
    assert pd.read_json(io.StringIO(out), typ="series")["verified_rank"] <= 10


def test_papi_2024_in_34_units(pop, new_of):
    fw = icttools.core.framework.load_framework("papi_2018")
    df = pd.read_csv(ROOT / "data" / "raw" / "papi" / "2024" / "indicators.csv", dtype={"gso_code": str})
    data = df.set_index("gso_code")[fw.indicator_ids]
    study = icttools.load(2024, framework=fw, data=data, units="2025")
    assert len(study.codes) == 34
    # Vĩnh Phúc (26) and Tiền Giang (82, old code) have no 2024 data: their new units are missing
    assert study.incomplete == ("25", "82")
    x = data["papi_d8_e_governance"]
    want = (x * pop).groupby(new_of).sum() / pop.groupby(new_of).sum()
    assert study.result.scores.at["08", "d8"] == pytest.approx(want["08"], rel=1e-12)
    assert study.result.scores["total"].notna().sum() == 32


def test_readme_states_the_new_tuyen_quang_rank_the_command_gives():
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"ranks it \*\*(\d+)\w\w of 34 \((0\.\d{4})\)\*\*", text)
    assert m, "README: the new Tuyên Quang section is missing"
    study = icttools.load(2018, units="2025")
    assert (study.rank("08"), study.score("08")) == (int(m.group(1)), float(m.group(2)))
