"""The method as an ordered list of steps: the spec, its errors, and small cases checked by hand."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from conftest import make_random_table
from icttools.core.engine import compute, rank_scores, scores_from_matrix
from icttools.core.framework import FrameworkError, build_framework, load_framework
from icttools.core.method import NORMALISATIONS, Method, make_step, parse_step_option, preset_steps

TINY = """
id: tiny
name_vi: "Thử"
name_en: "Tiny"
method:
  steps:
    - {step: normalise, function: minmax, range: [0, 1]}
    - {step: aggregate, function: arithmetic}
  rounding: null
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
        - {id: a, name_vi: "A", name_en: "A", weight: 1, direction: 1}
        - {id: b, name_vi: "B", name_en: "B", weight: 1, direction: -1}
    - id: right
      name_vi: "Phải"
      name_en: "Right"
      weight: 1
      indicators:
        - {id: c, name_vi: "C", name_en: "C", weight: 1, direction: 1, range: [0, 100]}
"""

DATA = pd.DataFrame({"a": [10.0, 50.0, 90.0, 30.0], "b": [40.0, 20.0, 0.0, 10.0], "c": [30.0, 30.0, 60.0, 90.0]},
                    index=pd.Index(["u1", "u2", "u3", "u4"], name="code"))


def tiny(tmp_path, steps: str | None = None, name: str = "tiny.yaml"):
    text = textwrap.dedent(TINY)
    if steps is not None:
        head, rest = text.split("  steps:\n", 1)
        rest = rest[rest.index("  rounding:"):]
        text = head + "  steps:\n" + textwrap.indent(textwrap.dedent(steps), "    ") + rest
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load_framework(p)


def test_the_ict_method_is_the_zscore_minmax_configuration(framework):
    assert framework.method == Method()
    assert framework.method.steps == preset_steps("zscore-minmax")
    assert [s.kind for s in framework.method.steps] == ["normalise", "aggregate", "rescale", "aggregate"]
    for name in NORMALISATIONS:
        assert framework.with_method(normalisation=name).method.normalisation == name
    # the older method block means the same steps
    legacy = Method.from_spec({"normalisation": "max-ratio", "aggregation": "geometric"})
    assert legacy.steps == preset_steps("max-ratio", "geometric")


def test_a_step_override_that_matches_a_scheme_is_named_so(framework):
    m = framework.method.replace(normalise={"function": "minmax", "range": [0, 1], "constant": "zero"})
    assert m.normalisation == "minmax-minmax"
    assert framework.method.replace(normalise="zscore:0,1").normalisation == "custom"  # COINr's sd (ddof 1)
    with pytest.raises(FrameworkError, match="cannot be removed"):
        framework.method.replace(normalise=None)


def test_compute_takes_step_overrides(framework):
    table = make_random_table(3, framework)
    table.loc[table.index[0], "oss_use"] = 1e4  # an outlier
    plain = compute(table, framework)
    treated = compute(table, framework, treat="winsorise:3")
    assert plain.treated is None and treated.treated is not None
    assert treated.treated.at[table.index[0], "oss_use"] < 1e4
    assert treated.framework.method.step("treat").get("winmax") == 3
    # the same result as a batch kernel call with the same method
    batch = scores_from_matrix(table.to_numpy()[None], treated.framework)["scores"][0]
    np.testing.assert_allclose(batch, treated.scores.to_numpy(), atol=1e-12)


def test_minmax_arithmetic_by_hand(tmp_path):
    fw = tiny(tmp_path)
    res = compute(DATA, fw)
    a = (DATA.a - 10) / 80
    b = (40 - DATA.b) / 40  # direction -1
    c = (DATA.c - 30) / 60
    left = (a + b) / 2
    np.testing.assert_allclose(res.scores["left"], left, atol=1e-15)
    np.testing.assert_allclose(res.scores["total"], 0.75 * left + 0.25 * c, atol=1e-15)
    assert res.rounded.equals(res.scores)  # rounding: null


def test_rescale_any_node_and_sum_aggregation(tmp_path):
    fw = tiny(tmp_path, """\
        - {step: normalise, function: identity}
        - {step: aggregate, function: sum, nodes: groups}
        - {step: aggregate, function: sum}
        - {step: rescale, nodes: [total], function: minmax, range: [0, 100]}
        """)
    res = compute(DATA, fw)
    left = DATA.a - DATA.b  # identity keeps the direction: x * d
    total = left * 2 * 0.75 + DATA.c * 2 * 0.25  # sum = K * weighted mean
    np.testing.assert_allclose(res.scores["left"], left, atol=1e-12)
    want = (total - total.min()) / (total.max() - total.min()) * 100
    np.testing.assert_allclose(res.scores["total"], want, atol=1e-12)


def test_harmonic_and_geometric_by_hand(tmp_path):
    fw = tiny(tmp_path, """\
        - {step: normalise, function: minmax, range: [1, 2]}
        - {step: aggregate, function: harmonic}
        """)
    res = compute(DATA, fw)
    a, b = 1 + (DATA.a - 10) / 80, 1 + (40 - DATA.b) / 40
    np.testing.assert_allclose(res.scores["left"], 2 / (1 / a + 1 / b), atol=1e-14)
    geo = compute(DATA, fw, aggregation="geometric")
    np.testing.assert_allclose(geo.scores["left"], np.sqrt(a * b), atol=1e-14)


def test_goalposts_use_the_indicator_range(tmp_path):
    fw = tiny(tmp_path, """\
        - {step: normalise, function: goalposts, scale: 100}
        - {step: aggregate, function: arithmetic}
        """)
    with pytest.raises(ValueError, match="finite range"):
        compute(DATA, fw)  # a and b have no range
    only_c = build_framework({**_spec(fw), "root": {"id": "total", "name_vi": "T", "name_en": "T", "indicators": [
        {"id": "c", "name_vi": "C", "name_en": "C", "range": [20, 80], "direction": -1}]}})
    res = compute(DATA[["c"]], only_c)
    np.testing.assert_allclose(res.scores["total"], np.clip((80 - DATA.c) / 60, 0, 1) * 100, atol=1e-12)


def _spec(fw):
    return {"id": fw.id, "name_vi": fw.name_vi, "name_en": fw.name_en, "method": fw.method.to_spec()}


def test_missing_values_refused_or_skipped(tmp_path):
    fw = tiny(tmp_path)
    holes = DATA.copy()
    holes.loc["u2", "a"] = np.nan
    with pytest.raises(ValueError, match="missing values"):
        compute(holes, fw)
    res = compute(holes, fw, missing="skip")
    b = (40 - holes.b) / 40
    assert res.scores.at["u2", "left"] == pytest.approx(b["u2"])  # the mean of what is there
    assert np.isnan(res.normalised.at["u2", "a"])


def test_impute_and_screen_are_recorded(tmp_path):
    fw = tiny(tmp_path)
    holes = DATA.copy()
    holes.loc["u2", "a"] = np.nan
    holes.loc["u4", ["a", "b"]] = np.nan
    # screening without imputation: u4 has 1 of 3 indicators (availability 1/3 < 0.5)
    res = compute(holes, fw, screen="0.5", missing="skip")
    assert res.codes == ("u1", "u2", "u3") and res.prepared.removed == ["u4"]
    assert res.prepared.screening.loc["u4", "availability"] == pytest.approx(1 / 3)
    # imputation comes before screening (COINr's order): u4 is filled first and kept
    res = compute(holes, fw, impute="mean", screen="0.5")
    assert res.codes == ("u1", "u2", "u3", "u4") and res.prepared.removed == []
    filled = {(c, i): v for c, i, v, _ in res.prepared.imputations}
    assert set(filled) == {("u2", "a"), ("u4", "a"), ("u4", "b")}
    assert filled[("u2", "a")] == pytest.approx((10 + 90) / 2)
    assert filled[("u4", "b")] == pytest.approx((40 + 20 + 0) / 3)
    assert res.prepared.stages["Imputed"].isna().sum().sum() == 0


@pytest.mark.parametrize("steps, message", [
    ("- {step: aggregate, function: arithmetic}\n- {step: normalise, function: minmax}\n",
     "must come after the normalise step"),
    ("- {step: normalise, function: softmax}\n- {step: aggregate, function: arithmetic}\n",
     "normalise function 'softmax' is not one of"),
    ("- {step: normalise, function: minmax, width: 3}\n- {step: aggregate, function: arithmetic}\n",
     "unknown parameter(s) width"),
    ("- {step: normalise, function: minmax}\n- {step: aggregate, function: arithmetic, nodes: groups}\n",
     "the last aggregate step must compute the remaining nodes"),
    ("- {step: normalise, function: minmax}\n- {step: rescale, nodes: groups, function: minmax}\n"
     "- {step: aggregate, function: arithmetic}\n", "rescale step names node(s) not yet computed"),
    ("- {step: treat, function: winsorise, winmax: -1}\n- {step: normalise, function: minmax}\n"
     "- {step: aggregate, function: arithmetic}\n", "winmax must be ≥ 0"),
    ("- {step: normalise, function: minmax}\n- {step: screen, threshold: 0.5}\n"
     "- {step: aggregate, function: arithmetic}\n", "out of order"),
    ("- {step: normalise, function: minmax}\n- {step: aggregate, function: arithmetic, nodes: [nowhere]}\n"
     "- {step: aggregate, function: arithmetic}\n", "unknown node(s) nowhere"),
])
def test_bad_step_lists_name_the_file_and_the_problem(tmp_path, steps, message):
    with pytest.raises(FrameworkError) as exc:
        tiny(tmp_path, steps, name="broken.yaml")
    assert "broken.yaml" in str(exc.value)
    assert message in str(exc.value)


def test_command_line_forms_of_the_steps():
    assert parse_step_option("normalise", "minmax:1,100") == make_step("normalise", "minmax", range=(1, 100))
    assert parse_step_option("normalise", "zscore:10,2") == make_step("normalise", "zscore", mean=10, sd=2)
    assert parse_step_option("normalise", "maxratio").function == "fracmax"  # COINr's n_fracmax
    assert parse_step_option("impute", "group-median:region").options["group"] == "region"
    assert parse_step_option("treat", "winsorise:3").get("winmax") == 3
    assert parse_step_option("screen", "none") is None
    assert parse_step_option("denominate", "on").kind == "denominate"


def test_ranks_leave_missing_scores_unranked():
    s = np.array([[0.5], [np.nan], [0.7], [0.5]])
    r = rank_scores(s)
    assert np.isnan(r[1, 0]) and r[[0, 2, 3], 0].tolist() == [2, 1, 2]
    assert rank_scores(np.array([[0.2], [0.1]])).dtype.kind == "i"  # integers when nothing is missing


def test_method_round_trips_through_its_spec(framework):
    m = framework.method.replace(treat="winsorise:4", impute="mean")
    assert Method.from_spec(m.to_spec()) == m
    assert "treat winsorise" in m.describe()
