"""environment.yml (conda, for analysts) and pyproject.toml (pip, for CI) list the same packages."""

from __future__ import annotations

import re
import tomllib

import yaml

from icttools.core.paths import project_root


def _name_spec(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    root = project_root()
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_deps = dict(_name_spec(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((root / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_name_spec(d) for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip")))
    assert conda == pip_deps


def test_python_version_floor():
    root = project_root()
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    env = yaml.safe_load((root / "environment.yml").read_text(encoding="utf-8"))
    assert "python>=3.11" in env["dependencies"]


def test_generated_folders_are_ignored_but_kept():
    root = project_root()
    ignore = (root / ".gitignore").read_text(encoding="utf-8")
    for folder in ("outputs", "data/processed"):
        assert (root / folder / ".gitkeep").exists()
        assert f"/{folder}/*" in ignore
