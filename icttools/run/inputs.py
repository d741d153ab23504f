"""What a report reads: as hashes (``--resume`` skips a report whose inputs did not change) and as
provenance (every year's kind and source, shown to readers).

A report's *inputs* are recorded in its sidecar (``inputs``) and hashed into its ``fingerprint``:

* ``data``: the SHA-256 of the table file of *every* year in the data folder (the trends report
  reads them all, the plans read the year before; a report of 2018 is re-made when 2017 changes),
  and of the published figures and scenario files the reports compare with;
* ``notebook``: the SHA-256 of the report template;
* ``parameters`` and ``lang``: what papermill injected, with machine paths removed;
* ``software``: the icttools version and a hash of the package's own files (code, frameworks,
  reference data), Python's and the main libraries' versions.

Provenance (:func:`year_provenance`) follows the Study: ``study.provenance`` where the Study has it,
else the table's ``data_source`` column (``kind`` is ``synthetic`` when it says so, else
``real``); a year whose file fails validation is ``invalid`` with the first line of the error.
"""

from __future__ import annotations

import hashlib
import json
import platform
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from icttools.core.errors import IcttoolsError
from icttools.ingest.io import YEAR_FILES, available_years
from icttools.ingest.provenance import method_years as ingest_method_years

__all__ = ["sha256_file", "software", "data_inputs", "report_inputs", "fingerprint",
           "year_provenance", "method_years", "method_years_text"]

#: Folders of the data root whose files the reports read besides the year tables.
_SIDE_FOLDERS = ("raw/published", "raw/scenarios")
_LIBRARIES = ("numpy", "pandas", "matplotlib", "scipy", "nbconvert", "papermill", "openpyxl")


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def software() -> dict[str, str]:
    """The software a report is made with: icttools (version and a hash of its files), Python and
    the main libraries (versions)."""
    from importlib.metadata import PackageNotFoundError, version

    import icttools

    package = Path(icttools.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix in (".py", ".yaml", ".csv", ".md")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    out = {"python": platform.python_version(), "icttools_files": digest.hexdigest()}
    for name in ("icttools",) + _LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "unknown"
    return out


def data_inputs(location: Any) -> dict[str, Any]:
    """The hashes of every file of a data folder the reports may read.

    Parameters
    ----------
    location : icttools.core.paths.DataLocation

    Returns
    -------
    dict
        ``{"years": {"2018": {"file": "indicators.csv", "sha256": ...}, ...}, "files":
        {"raw/published/<name>": sha256, ...}}`` (sorted; paths relative to the data root).
    """
    years: dict[str, Any] = {}
    for y in available_years(location.years):
        folder = location.years / str(y)
        path = next((folder / n for n in YEAR_FILES if (folder / n).is_file()), None)
        if path is not None:
            years[str(y)] = {"file": path.name, "sha256": sha256_file(path)}
    files: dict[str, str] = {}
    root = Path(location.root)
    for sub in _SIDE_FOLDERS:
        folder = root / sub
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
                files[path.relative_to(root).as_posix()] = sha256_file(path)
    return {"years": years, "files": files}


def report_inputs(data: Mapping[str, Any], *, notebook_sha256: str | None, parameters: Mapping[str, Any],
                  lang: str, framework: str) -> dict[str, Any]:
    """Everything one report's files depend on (see the module's docstring); ``notebook_sha256``
    is None for the province's summary and workbook."""
    return {"data": dict(data), "notebook": notebook_sha256, "parameters": dict(parameters),
            "lang": lang, "framework": framework, "software": software()}


def fingerprint(inputs: Mapping[str, Any]) -> str:
    """The SHA-256 of the canonical JSON of ``inputs``."""
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _table_provenance(study: Any) -> dict[str, Any]:
    given = getattr(study, "provenance", None)  # the Study's own, where it has one
    if isinstance(given, Mapping) and given.get("kind"):
        out = {k: given.get(k) for k in ("kind", "source", "data_source")}
    else:
        table = study.table
        out = {"kind": "synthetic" if table.is_synthetic else "real", "source": table.source,
               "data_source": table.data_source}
    out["year"] = int(study.year)
    return out


def year_provenance(location: Any, framework: Any, loader: Any) -> list[dict[str, Any]]:
    """The kind and source of every year with a table in the data folder, ascending.

    Parameters
    ----------
    location : DataLocation
    framework : Framework
    loader : callable
        ``loader(year) -> Study`` (:func:`icttools.load` with the run's framework and folder).

    Returns
    -------
    list of dict
        ``{"year", "kind": "synthetic" | "real" | "invalid", "source", "data_source"}`` (and
        ``"error"`` for an invalid year).
    """
    out = []
    for y in available_years(location.years):
        folder = location.years / str(y)
        path = next((folder / n for n in YEAR_FILES if (folder / n).is_file()), None)
        if path is None:
            continue
        try:
            out.append(_table_provenance(loader(y)))
        except IcttoolsError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            out.append({"year": int(y), "kind": "invalid", "source": f"{folder.name}/{path.name}",
                        "data_source": None, "error": f"{type(exc).__name__}: {first}"})
    return out


def method_years(framework: Any, year: int) -> dict[str, Any] | None:
    """The method-years note as JSON (``{"year", "framework", "years", "first", "last"}``) when
    ``year`` lies outside the years the framework's method was declared for
    (:func:`icttools.ingest.provenance.method_years`), else None."""
    note = ingest_method_years(framework, int(year))
    if note is None:
        return None
    return {"year": note.year, "framework": note.framework, "years": list(note.years),
            "first": note.first, "last": note.last}


def method_years_text(note: Mapping[str, Any], lang: str) -> str:
    """The note in words (``method of 2016–2019 applied to 2020 …``), first letter capital."""
    from icttools.present.i18n import t

    text = t("warn_method_years", lang, first=note["first"], last=note["last"], year=note["year"],
             framework=note["framework"], years=", ".join(str(y) for y in note["years"]))
    return text[:1].upper() + text[1:]
