"""The framework is data: the ICT Index file loads as specified, bad files fail clearly, and a
second, invented framework loads and computes without code changes."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from icttools.core.engine import compute
from icttools.core.framework import FrameworkError, load_framework

ICT_INDICATORS = {
    "htkt_xh": ["fixed_phones_per100", "mobile_phones_per100", "internet_subs_per100",
                "fixed_broadband_per100", "wireless_broadband_per100", "households_computer_pct",
                "households_broadband_pct", "enterprises_broadband_pct"],
    "htkt_cqnn": ["computers_per_staff", "computers_internet_pct", "bandwidth_per_staff", "infosec_solutions"],
    "htnl_xh": ["adult_literacy_pct", "school_enrollment_pct", "schools_teaching_it_pct", "colleges_it_major_pct"],
    "htnl_cqnn": ["it_staff_pct", "it_staff_degree_pct", "infosec_staff_pct", "staff_trained_oss_pct",
                  "staff_trained_infosec_pct"],
    "ud_cqnn": ["email_use", "basic_apps", "sector_databases", "edocuments_use", "oss_use"],
    "ud_dvctt": ["online_services_l1_pct", "online_services_l2_pct", "online_services_l3_pct",
                 "online_services_l4_pct"],
}


def test_ict_framework_structure(framework):
    assert framework.node_ids == ["overall", "htkt", "htnl", "ud", "htkt_xh", "htkt_cqnn",
                                  "htnl_xh", "htnl_cqnn", "ud_cqnn", "ud_dvctt"]
    assert framework.indicator_ids == [i for ids in ICT_INDICATORS.values() for i in ids]
    for group, ids in ICT_INDICATORS.items():
        assert list(framework.node(group).indicators) == ids
    assert all(ind.direction == 1 for ind in framework.indicators)
    for node in ("htkt", "htnl", "ud"):
        assert framework.node(node).weight == pytest.approx(1 / 3)
    for group in ICT_INDICATORS:
        assert framework.node(group).weight == pytest.approx(0.5)
    # the nominal effective weights of the 30 indicators sum to 1
    assert sum(framework.effective_weights().values()) == pytest.approx(1.0)
    assert framework.effective_weights()["fixed_phones_per100"] == pytest.approx(1 / 3 * 1 / 2 * 1 / 8)
    m = framework.method
    assert (m.normalisation, m.aggregation, m.rounding, m.ranking) == ("zscore-minmax", "arithmetic", 4, "competition")
    # every node and indicator has both names; Vietnamese names are NFC
    import unicodedata
    for item in (*framework.nodes, *framework.indicators):
        assert item.name_vi and item.name_en
        assert unicodedata.normalize("NFC", item.name_vi) == item.name_vi


def test_ratio_indicators_have_formulas(framework):
    f = framework.indicator("fixed_phones_per100").formula
    assert (f.numerator, f.denominator, f.factor) == ("fixed_phone_subscriptions", "population", 100.0)
    f = framework.indicator("computers_per_staff").formula
    assert (f.numerator, f.denominator, f.factor) == ("agency_computers", "civil_servants", 1.0)
    assert framework.indicator("email_use").formula is None  # a 0-100 score, collected as is


def test_method_overrides(framework):
    fw = load_framework("ict_index_2016", normalisation="max-ratio")
    assert fw.method.normalisation == "max-ratio"
    assert framework.method.normalisation == "zscore-minmax"  # immutable: the original is unchanged
    with pytest.raises(FrameworkError, match="normalisation"):
        framework.with_method(normalisation="rank")


SMALL = """
id: tiny_index
name_vi: "Chỉ số thử"
name_en: "Tiny test index"
method: {normalisation: minmax-minmax, aggregation: arithmetic, rounding: 3, ranking: competition}
root:
  id: total
  name_vi: "Tổng"
  name_en: "Total"
  children:
    - id: left
      name_vi: "Trái"
      name_en: "Left"
      weight: 3
      indicators:
        - {id: a, name_vi: "A", name_en: "A", unit: "%", range: [0, 100], weight: 1, direction: 1}
        - {id: b, name_vi: "B", name_en: "B", unit: "count", range: [0, 50], weight: 1, direction: -1}
    - id: right
      name_vi: "Phải"
      name_en: "Right"
      weight: 1
      indicators:
        - {id: c, name_vi: "C", name_en: "C", unit: "%", range: [0, 100], weight: 1, direction: 1}
"""


def _write(tmp_path, text, name="fw.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_invented_framework_loads_and_computes(tmp_path):
    fw = load_framework(_write(tmp_path, SMALL))
    assert fw.node_ids == ["total", "left", "right"]
    assert fw.node("left").weight == pytest.approx(0.75)
    data = pd.DataFrame({"a": [10.0, 50.0, 90.0], "b": [40.0, 20.0, 0.0], "c": [30.0, 30.0, 60.0]},
                        index=pd.Index(["01", "02", "04"], name="gso_code"))
    res = compute(data, fw)
    # by hand: left raw = mean(minmax(a), 1 - minmax(b)) = [0, .5, 1] -> rescaled [0, .5, 1]
    # right = minmax(c) = [0, 0, 1]; total = .75 left + .25 right
    assert res.scores["left"].tolist() == pytest.approx([0.0, 0.5, 1.0])
    assert res.scores["right"].tolist() == pytest.approx([0.0, 0.0, 1.0])
    assert res.scores["total"].tolist() == pytest.approx([0.0, 0.375, 1.0])
    assert res.rounded["total"].tolist() == [0.0, 0.375, 1.0]
    assert res.ranks["total"].tolist() == [3, 2, 1]


@pytest.mark.parametrize("mutation, message", [
    (lambda s: s.replace("id: b,", "id: a,"), "'a' is used twice"),
    (lambda s: s.replace("weight: 3", "weight: -3"), "node 'left': weight must be positive"),
    (lambda s: s.replace("range: [0, 50]", "range: [50, 0]"), "indicator 'b' (in 'left'): range"),
    (lambda s: s.replace('unit: "%", range: [0, 100], weight: 1, direction: 1}\n    - id: right',
                         'unit: "%", range: [0, 120], weight: 1, direction: 1}\n    - id: right'), None),
    (lambda s: s.replace("direction: -1", "direction: 2"), "direction must be 1 or -1"),
    (lambda s: s.replace("normalisation: minmax-minmax", "normalisation: rank"), "normalisation 'rank'"),
    (lambda s: s.replace('      name_en: "Right"\n', ''), "node 'right': missing 'name_en'"),
])
def test_bad_framework_files_name_file_node_and_problem(tmp_path, mutation, message):
    text = mutation(textwrap.dedent(SMALL))
    if message is None:  # a percentage outside [0, 100]
        text = textwrap.dedent(SMALL).replace('{id: c, name_vi: "C", name_en: "C", unit: "%", range: [0, 100]',
                                              '{id: c, name_vi: "C", name_en: "C", unit: "%", range: [0, 120]')
        message = "indicator 'c' (in 'right'): a percentage must have a range within [0, 100]"
    path = _write(tmp_path, text, "broken.yaml")
    with pytest.raises(FrameworkError) as exc:
        load_framework(path)
    assert "broken.yaml" in str(exc.value)
    assert message in str(exc.value)


def test_indicator_in_two_groups_is_rejected(tmp_path):
    text = textwrap.dedent(SMALL).replace('{id: c, name_vi: "C"', '{id: a, name_vi: "C"')
    with pytest.raises(FrameworkError, match="'a' is used twice"):
        load_framework(_write(tmp_path, text))


def test_unknown_framework_name():
    with pytest.raises(FrameworkError, match="ict_index_2016"):
        load_framework("no_such_framework")


def test_with_weights_renormalises(framework):
    fw = framework.with_weights(node_weights={"htkt": 2.0})
    w = {n: fw.node(n).weight for n in ("htkt", "htnl", "ud")}
    assert w["htkt"] == pytest.approx(2 / (2 + 1 / 3 + 1 / 3))
    assert sum(w.values()) == pytest.approx(1.0)
    assert np.isclose(sum(fw.effective_weights().values()), 1.0)
