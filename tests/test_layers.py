"""The package's architecture, checked from its source: imports point one way only, no private
name crosses a module line, modules stay small, importing icttools changes no global state."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "icttools"

#: Layer of each top-level part of the package, lowest first. A module may import its own layer
#: and the layers below it, never one above.
LAYERS = {"core": 0, "ingest": 1, "analysis": 2, "present": 3, "study": 4, "study_analyses": 4, "results": 4,
          "report": 5,
          "run": 5, "cli": 6, "cli_coinr": 6, "__init__": 7}

#: Modules that are data (string tables), allowed to be long.
DATA_MODULES = {"present/i18n.py", "present/strings_cli.py", "present/strings_reports.py"}
MAX_LINES = 460


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _layer_of(dotted: str) -> str:
    parts = dotted.split(".")
    assert parts[0] == "icttools", dotted
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1] if len(parts) > 1 else parts
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every icttools import in a file, function-level ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("icttools"):
            out.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("icttools"):
                    out.append((node.lineno, a.name, []))
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_layers(path):
    own = _layer_of(_module_name(path))
    bad = []
    for line, module, names in _imports(path):
        targets = [module] if module != "icttools" else [f"icttools.{n}" for n in names]
        for target in targets:
            layer = _layer_of(target)
            if LAYERS[layer] > LAYERS[own] and not (own == "__init__"):
                bad.append(f"line {line}: {own} imports {target}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_crosses_a_module(path):
    bad = [f"line {line}: from {module} import {name}" for line, module, names in _imports(path)
           for name in names if name.startswith("_") and not name.startswith("__")]
    assert not bad, "\n".join(bad)
    assert "noqa" not in "".join(ln for ln in path.read_text(encoding="utf-8").splitlines()
                                 if "import" in ln and " _" in ln)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    rel = path.relative_to(PACKAGE).as_posix()
    if rel in DATA_MODULES:
        return
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{rel}: {n} lines; split it along a real seam"


def test_the_layer_table_names_every_part():
    parts = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in _modules()}
    assert parts <= set(LAYERS), sorted(parts - set(LAYERS))


def test_importing_icttools_changes_no_global_state():
    # third-party libraries set their own filters when imported (scipy does): import them first,
    # so the check sees what icttools itself does
    code = (
        "import warnings, matplotlib, matplotlib.pyplot, pandas as pd, numpy, scipy.optimize, scipy.stats, yaml\n"
        "rc = dict(matplotlib.rcParams); filters = list(warnings.filters)\n"
        "opts = {k: pd.get_option(k) for k in ('display.max_rows', 'display.width', 'display.max_colwidth')}\n"
        "import icttools, icttools.report, icttools.cli, icttools.run.runner\n"
        "from icttools.present import plots\n"
        "assert dict(matplotlib.rcParams) == rc, 'rcParams changed'\n"
        "assert list(warnings.filters) == filters, 'warning filters changed'\n"
        "assert {k: pd.get_option(k) for k in opts} == opts, 'pandas options changed'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
