"""Where things are: the project root, raw and processed data, outputs.

Notebooks must not depend on the kernel's working folder (papermill starts the kernel in the
caller's folder, JupyterLab and nbval in the notebook's), so every path is derived from the
project root, found by walking up to ``pyproject.toml``. ``ICT_DATA_DIR`` and ``ICT_OUTPUT_DIR``
override the data and output folders (used by tests and scheduled runs).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["project_root", "data_dir", "raw_dir", "processed_dir", "outputs_dir", "year_dir",
           "relative_to_root"]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def project_root(start: str | Path | None = None) -> Path:
    """The folder holding ``pyproject.toml``, searched upwards from ``start`` (default: cwd).

    Falls back to the folder above the installed package, so that an editable install works
    from anywhere.
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").exists() and (folder / "icttools").is_dir():
            return folder
    candidate = _PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").exists():
        return candidate
    raise FileNotFoundError(
        f"cannot find the icttools project root (a folder with pyproject.toml) above {here.name!r}"
    )


def data_dir() -> Path:
    """The data folder (``<root>/data`` unless ``ICT_DATA_DIR`` is set)."""
    env = os.environ.get("ICT_DATA_DIR")
    return Path(env).resolve() if env else project_root() / "data"


def raw_dir() -> Path:
    return data_dir() / "raw"


def processed_dir() -> Path:
    return data_dir() / "processed"


def outputs_dir() -> Path:
    env = os.environ.get("ICT_OUTPUT_DIR")
    return Path(env).resolve() if env else project_root() / "outputs"


def year_dir(year: int, base: str | Path | None = None) -> Path:
    """Folder of one year's raw indicator table: ``<data>/raw/ict_index/<year>``."""
    root = Path(base) if base is not None else raw_dir() / "ict_index"
    return root / str(int(year))


def relative_to_root(path: str | Path) -> str:
    """A path for display and for files we write: relative to the project root when inside it.

    Reports and manifests must not carry machine-specific absolute paths.
    """
    p = Path(path).resolve()
    try:
        return p.relative_to(project_root()).as_posix()
    except (ValueError, FileNotFoundError):
        return p.name
