"""Unit sets: the 63 provinces, the 34 of 2025, and units given with the data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from icttools.core.engine import compute
from icttools.core.errors import InputError, MethodError
from icttools.core.framework import FrameworkError, build_framework, load_framework
from icttools.core.provinces import load_provinces
from icttools.core.units import UnitSpec, parse_units, resolve_unit, unit_names, vn34_units
from icttools.ingest.coinr import framework_spec, read_coinr

ASEM = Path(__file__).parent / "fixtures" / "asem"


def test_the_34_units_of_2025():
    t = vn34_units()
    assert len(t) == 34
    assert t.loc["08", "name_vi"] == "Tuyên Quang" and t.loc["08", "members"] == "02|08"
    pop = load_provinces().set_index("gso_code")["population_2019"].astype(int)
    assert t.loc["08", "population_2019"] == pop["02"] + pop["08"]
    assert t["population_2019"].sum() == pop.sum()  # every old province in exactly one new unit
    assert sorted(c for m in t["members"] for c in m.split("|")) == sorted(pop.index)


def test_parse_units_and_errors():
    assert parse_units(None).kind == "vn63" and parse_units("2025").kind == "vn34"
    spec = parse_units({"from_data": True, "code": "uCode", "name": "uName", "groups": ["EurAsia_group"]})
    assert (spec.kind, spec.code, spec.groups) == ("data", "uCode", ("EurAsia_group",))
    with pytest.raises(MethodError, match="vn63, vn34"):
        parse_units("vn99")
    with pytest.raises(MethodError, match="from_data"):
        parse_units({"code": "x"})


def test_resolver_per_unit_set():
    codes34 = list(vn34_units().index)
    vn34 = UnitSpec("vn34")
    assert resolve_unit("Tuyen Quang", vn34, codes34) == "08"
    assert resolve_unit("8", vn34, codes34) == "08"
    with pytest.raises(InputError, match=r"Hà Giang \(63-era code 02\) is part of Tuyên Quang \(08\)"):
        resolve_unit("Hà Giang", vn34, codes34)
    assert resolve_unit("hà giang", UnitSpec("vn63"), ["01", "02"]) == "02"
    data = UnitSpec("data", "uCode", "uName")
    assert resolve_unit("austria", data, ["AUT", "BEL"], {"AUT": "Austria"}) == "AUT"
    with pytest.raises(InputError, match="not a unit of the data"):
        resolve_unit("Atlantis", data, ["AUT", "BEL"], {"AUT": "Austria"})


def test_units_given_with_the_data_name_the_rows():
    inp = read_coinr(ASEM / "iData.csv", ASEM / "iMeta.csv")
    fw = build_framework(framework_spec(inp))
    assert fw.units.kind == "data" and fw.units.groups[-1] == "EurAsia_group"
    res = compute(inp.data.reset_index(), fw)
    table = res.table(lang="en")
    assert table.columns[0] == "code" and table.set_index("code").at["AUT", "province"] == "Austria"
    assert unit_names(fw.units, ["AUT", "XXX"], given=res.unit_names) == ["Austria", "XXX"]


def test_framework_names_its_units_data_folder_and_rank_notes(tmp_path):
    ict = load_framework()
    assert (ict.units.kind, ict.data_folder, ict.ranks.derived) == ("vn63", "ict_index", False)
    assert ict.with_units("vn34").units.kind == "vn34"
    spec = {"id": "t", "name_vi": "T", "name_en": "T", "units": "vn34", "data_folder": "t_data",
            "ranks": {"derived": True, "note_en": "derived",
                      "groups": {"node": "r", "labels_vi": list("abcd"), "labels_en": list("ABCD")}},
            "method": {"steps": [{"step": "normalise", "function": "identity"},
                                 {"step": "aggregate", "function": "sum"}]},
            "root": {"id": "r", "name_vi": "R", "name_en": "R", "indicators": [
                {"id": "x", "name_vi": "X", "name_en": "X"}, {"id": "y", "name_vi": "Y", "name_en": "Y"}]}}
    fw = build_framework(spec)
    assert fw.units.kind == "vn34" and fw.data_folder == "t_data" and fw.ranks.group_node == "r"
    data = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [1.0, 1.0, 1.0, 1.0]}, index=["08", "01", "04", "80"])
    res = compute(data, fw)
    assert res.groups(lang="en").tolist() == ["D", "C", "B", "A"]
    assert res.table().set_index("code_2025").at["08", "province"] == "Tuyên Quang"
    for bad, message in [({"units": "mars"}, "units 'mars'"), ({"data_folder": "../x"}, "data_folder"),
                         ({"ranks": {"groups": {"node": "nowhere"}}}, "node 'nowhere'")]:
        with pytest.raises(FrameworkError, match=message):
            build_framework({**spec, **bad})
