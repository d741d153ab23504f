"""Where things are: the project root, raw and processed data, outputs.

Notebooks must not depend on the kernel's working folder (papermill starts the kernel in the
caller's folder, JupyterLab and nbval in the notebook's), so every path is derived from the
project root, found by walking up to ``pyproject.toml``. ``ICT_DATA_DIR`` and ``ICT_OUTPUT_DIR``
override the data and output folders (used by tests and scheduled runs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["project_root", "data_dir", "raw_dir", "processed_dir", "outputs_dir", "year_dir",
           "relative_to_root", "DataLocation", "locate_data", "DEFAULT_DATA_FOLDER"]

#: The folder under ``<data>/raw`` that holds the ICT Index years.
DEFAULT_DATA_FOLDER = "ict_index"

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


_default_data_root = data_dir  # ``locate_data``'s parameter shadows the function's name


@dataclass(frozen=True)
class DataLocation:
    """Where a framework's data are: the data root and the folder of its year folders.

    Attributes
    ----------
    root : Path
        The data folder (``<root>/raw/scenarios``, ``<root>/raw/published`` live here).
    years : Path
        The folder holding one folder per year (``<root>/raw/ict_index``).
    """

    root: Path
    years: Path

    @property
    def shown(self) -> str:
        """The data root for display and for files we write (relative to the project root)."""
        return relative_to_root(self.root)


def locate_data(data_dir: str | Path | None = None, data_folder: str = DEFAULT_DATA_FOLDER) -> DataLocation:
    """The one resolver of a data folder given by a user, a notebook parameter or the runner.

    Parameters
    ----------
    data_dir : str or Path, optional
        Empty or None: the project's data folder (``$ICT_DATA_DIR`` if set). Otherwise a data root
        (holding ``raw/<data_folder>/<year>``), the ``raw/<data_folder>`` folder itself, or any
        folder of year folders. A relative path is taken from the working folder, else from the
        project root (notebooks run in ``notebooks/``).
    data_folder : str
        The framework's folder under ``raw/`` (``ict_index`` for the ICT Index).

    Returns
    -------
    DataLocation

    Raises
    ------
    InputFileNotFound
        ``data_dir`` names no folder.
    """
    from icttools.core.errors import InputFileNotFound

    if data_dir is None or str(data_dir).strip() == "":
        root = _default_data_root()
        return DataLocation(root=root, years=root / "raw" / data_folder)
    given = Path(str(data_dir)).expanduser()
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, project_root() / given]
    folder = next((c.resolve() for c in candidates if c.is_dir()), None)
    if folder is None:
        raise InputFileNotFound(f"data folder not found: {str(data_dir)!r} (give the folder holding "
                                f"raw/{data_folder}/<year>/, or a folder of year folders)")
    if (folder / "raw" / data_folder).is_dir():
        return DataLocation(root=folder, years=folder / "raw" / data_folder)
    if folder.name == data_folder and folder.parent.name == "raw":
        return DataLocation(root=folder.parent.parent, years=folder)
    if any(p.is_dir() and p.name.isdigit() for p in folder.iterdir()):
        return DataLocation(root=folder, years=folder)
    return DataLocation(root=folder, years=folder / "raw" / data_folder)
