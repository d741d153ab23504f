"""Framework, scenario and feasibility files share one reader: every bad file is one clear error."""

import pytest

from icttools.analysis.feasibility import FeasibilityError, load_feasibility
from icttools.analysis.scenario import load_scenario
from icttools.analysis.scenario_spec import ScenarioError
from icttools.core.framework import FrameworkError, load_framework


def _loaders():
    return [(load_framework, FrameworkError), (load_scenario, ScenarioError), (load_feasibility, FeasibilityError)]


@pytest.mark.parametrize("load, error", _loaders())
def test_a_legacy_encoding_is_named_not_a_traceback(tmp_path, load, error):
    bad = tmp_path / "x.yaml"
    bad.write_bytes("name_vi: Hà Giang\n".encode("cp1258"))
    with pytest.raises(error, match=r"^x\.yaml: not UTF-8 text; save the \w+ file as UTF-8$"):
        load(bad)


@pytest.mark.parametrize("load, error", _loaders())
def test_a_folder_is_not_a_file(tmp_path, load, error):
    with pytest.raises(error, match=r"file not found|unknown framework"):
        load(tmp_path)


@pytest.mark.parametrize("load, error", _loaders())
def test_broken_yaml(tmp_path, load, error):
    bad = tmp_path / "x.yaml"
    bad.write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(error, match=r"^x\.yaml: not valid YAML"):
        load(bad)
