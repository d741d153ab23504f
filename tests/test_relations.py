"""Criteria relations are data in the framework file: parsed, validated, and checked over a table."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from icttools.core.framework import FrameworkError, load_framework
from icttools.core.relations import violation_messages

LEVELS = ["online_services_l1_pct", "online_services_l2_pct", "online_services_l3_pct", "online_services_l4_pct"]


def test_ict_index_relations_are_recorded_with_sources(framework):
    kinds = {r.kind: r for r in framework.relations}
    assert set(kinds) == {"order", "le", "within"}
    assert kinds["order"].indicators == tuple(LEVELS)
    assert kinds["le"].indicators == ("infosec_staff_pct", "it_staff_pct")
    shares = kinds["within"]
    assert (shares.low, shares.high) == (0.0, 100.0)
    assert set(shares.indicators) == {i.id for i in framework.indicators if i.unit == "%"}
    assert "households_computer_pct" in shares.indicators and "mobile_phones_per100" not in shares.indicators
    assert all(r.source.strip() for r in framework.relations)


def _table(framework, **changes):
    """A table that satisfies every relation, then some cells changed: {code: {id: value}}."""
    codes = ["01", "02", "04", "06"]
    data = pd.DataFrame({i: [50.0] * len(codes) for i in framework.indicator_ids}, index=pd.Index(codes))
    data[LEVELS] = [[90.0, 70.0, 50.0, 20.0]] * len(codes)
    data["it_staff_pct"], data["infosec_staff_pct"] = 3.0, 1.0
    for code, cells in changes.items():
        for k, v in cells.items():
            data.loc[code, k] = v
    return data


def test_no_violation_when_every_relation_holds(framework):
    assert framework.violations(_table(framework)).empty


def test_every_broken_relation_is_listed_by_row(framework):
    data = _table(framework, **{"02": {"online_services_l4_pct": 60.0},           # l4 > l3
                                "04": {"infosec_staff_pct": 4.5},                 # infosec > IT staff
                                "06": {"households_computer_pct": 101.0,          # a share above 100
                                       "online_services_l2_pct": 95.0}})          # l2 > l1
    found = framework.violations(data)
    rows = list(zip(found["row"], found["indicator"], found["other"]))
    assert rows == [("02", "online_services_l4_pct", "online_services_l3_pct"),
                    ("04", "infosec_staff_pct", "it_staff_pct"),
                    ("06", "online_services_l2_pct", "online_services_l1_pct"),
                    ("06", "households_computer_pct", "high")]
    messages = violation_messages(found, "indicators.csv")
    assert messages[0].startswith("indicators.csv: row 02: online_services_l4_pct = 60 exceeds "
                                  "online_services_l3_pct = 50")
    assert all("\n" not in m for m in messages)


def test_equal_levels_missing_values_and_tolerance(framework):
    data = _table(framework, **{"01": {"online_services_l2_pct": 90.0},          # equal: allowed
                                "02": {"online_services_l3_pct": np.nan},        # missing: not judged
                                "04": {"infosec_staff_pct": 3.004}})
    assert framework.violations(data, tolerance=0.01).empty
    assert list(framework.violations(data)["row"]) == ["04"]


def test_violations_is_vectorised_over_many_rows(framework):
    rng = np.random.default_rng(0)
    data = pd.concat([_table(framework)] * 500, ignore_index=True)
    bad = rng.choice(len(data), 37, replace=False)
    data.loc[bad, "online_services_l4_pct"] = 99.0  # above l3 = 50 (and l1, l2: one pair each)
    found = framework.violations(data)
    assert sorted(found["row"].unique()) == sorted(bad.tolist())
    assert (found["indicator"] == "online_services_l4_pct").all()


BASE = """
id: tiny_index
name_vi: "Chỉ số thử"
name_en: "Tiny test index"
root:
  id: total
  name_vi: "Tổng"
  name_en: "Total"
  indicators:
    - {id: a, name_vi: "A", name_en: "A", unit: "%", range: [0, 100]}
    - {id: b, name_vi: "B", name_en: "B", unit: "%", range: [0, 100]}
relations:
"""


@pytest.mark.parametrize("block, message", [
    ('  - {kind: order, indicators: [a, b]}', "relations[1]: missing 'source'"),
    ('  - {kind: chain, indicators: [a, b], source: x}', "kind 'chain' is not one of order, le, within"),
    ('  - {kind: order, indicators: [a, zz], source: x}', "unknown indicator id(s) zz"),
    ('  - {kind: le, left: a, right: a, source: x}', "an indicator appears twice"),
    ('  - {kind: order, indicators: [a], source: x}', "an order needs at least two indicators"),
    ('  - {kind: within, unit: "%", low: 100, high: 0, source: x}', "low 100 must be below high 0"),
    ('  - {kind: within, unit: "km", low: 0, high: 1, source: x}', "no indicator has unit 'km'"),
    ('  - {kind: le, left: a, right: b, over: 1, source: x}', "unknown key(s) over for kind 'le'"),
])
def test_bad_relations_name_file_position_and_problem(tmp_path, block, message):
    path = tmp_path / "broken.yaml"
    path.write_text(textwrap.dedent(BASE) + block + "\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as exc:
        load_framework(path)
    assert str(exc.value).startswith("broken.yaml: relations[1]")
    assert message in str(exc.value)


def test_a_framework_without_relations_has_none(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text(textwrap.dedent(BASE).replace("relations:\n", ""), encoding="utf-8")
    fw = load_framework(path)
    assert fw.relations == ()
    assert fw.violations(pd.DataFrame({"a": [1.0], "b": [200.0]})).empty
