"""The processed copy of a validated table: the data and their manifest, written as a pair.

``validate --write`` stores ``data/processed/<framework>/<year>/indicators.csv`` and
``manifest.json`` (where the data came from, with hashes). Both are written into a temporary
folder that replaces the year's folder as a whole (:func:`icttools.core.atomic.atomic_folder`),
so the folder never holds new data with an old manifest, or data without one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from icttools.core.atomic import atomic_folder
from icttools.core.errors import InputError
from icttools.core.paths import processed_dir, relative_to_root

if TYPE_CHECKING:  # pragma: no cover - the type only
    from icttools.ingest.io import IndicatorTable

__all__ = ["ProcessedWriteError", "write_processed", "DATA_FILE", "MANIFEST_FILE"]

DATA_FILE = "indicators.csv"
MANIFEST_FILE = "manifest.json"


class ProcessedWriteError(InputError):
    """The processed folder cannot be written (the previous one, if any, is kept)."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("icttools")
    except PackageNotFoundError:
        return "unknown"


def write_processed(table: "IndicatorTable", processed_root: str | Path | None = None) -> Path:
    """Write the validated table and its manifest together, atomically as a pair.

    Writes ``<processed_root>/<framework_id>/<year>/indicators.csv`` (``gso_code`` first, then
    the indicators) and ``manifest.json`` (framework, year, input file with its relative path
    and SHA-256, imputations, row and column counts, output hash, icttools version; sorted keys,
    no timestamps, no absolute paths). The year's folder is replaced as a whole: other files
    in it are removed. Raw files are never touched.

    Parameters
    ----------
    table : IndicatorTable
        Must have a year.
    processed_root : str or Path, optional
        Default ``data/processed``.

    Returns
    -------
    Path
        The folder written.

    Raises
    ------
    ProcessedWriteError
        The folder cannot be written; the previous data and manifest, if any, are unchanged.
    """
    if table.year is None:
        raise InputError(f"{table.source}: the table has no year; read it with year=...")
    root = Path(processed_root) if processed_root is not None else processed_dir()
    folder = root / table.framework_id / str(int(table.year))
    csv_text = table.data.reset_index().to_csv(index=False, lineterminator="\n")
    manifest = {
        "framework_id": table.framework_id,
        "year": int(table.year),
        "icttools_version": _version(),
        "inputs": [{"path": table.source, "sha256": table.sha256, "kind": table.kind}],
        "data_source": table.data_source,
        "imputations": [i.to_dict() for i in table.imputations],
        "rows": int(table.data.shape[0]),
        "columns": int(table.data.shape[1]),
        "outputs": [{"path": DATA_FILE,
                     "sha256": hashlib.sha256(csv_text.encode("utf-8")).hexdigest()}],
    }
    text = json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    try:
        with atomic_folder(folder) as tmp:
            (tmp / DATA_FILE).write_bytes(csv_text.encode("utf-8"))
            (tmp / MANIFEST_FILE).write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise ProcessedWriteError(
            f"cannot write {relative_to_root(folder)} ({exc.strerror or exc}); the previous "
            f"data and manifest are kept; check that the folder can be written") from None
    return folder
