"""Validation and planning of ``icttools run``: everything is checked before a kernel starts.

:func:`plan_run` resolves the years, the provinces (names, codes, ``--all-provinces``), the
notebooks (``02,03`` selectors), the parameters (names checked against each notebook's
``parameters`` cell with ``papermill.inspect_notebook``, since papermill itself only warns about
unknown names; values coerced to the declared types) and the data folder, and returns an
immutable :class:`RunPlan` that :func:`icttools.run.runner.execute_plan` carries out.

A year whose folder is missing is an error of the request (nothing runs). A year whose data fail
to load or validate is recorded in ``RunPlan.failed_years`` when other years can run: its reports
are then marked failed (with the data error) and the other years are produced; when no year can
run, the request fails. The plan also holds what every report records about its data: the
provenance of every year in the data folder (kind and source), the note when a year lies outside
the framework's method years, and the hashes of every file the reports read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from icttools.core.errors import DataError, InputError
from icttools.core.paths import locate_data
from icttools.present.i18n import LANGS, NOTEBOOK_TITLES, REPORT_NOTEBOOKS
from icttools.core.provinces import Province, UnknownProvinceError, all_provinces, resolve_province, sort_codes
from icttools.run.params import RunConfigError, coerce_param, literal, split_params
from icttools.run.unitsets import resolve_run_units, run_segment, units_kind

__all__ = ["RunConfigError", "NotebookInfo", "RunPlan", "parse_years", "select_notebooks", "plan_run"]

#: Parameters with their own option; ``--param`` may not set them.
_RESERVED = {"year": "--year/--years", "province": "--province/--all-provinces",
             "lang": "--lang", "data_dir": "--data-dir", "units": "--units"}
_NOTEBOOK_NAME = re.compile(r"^\d{2}_[A-Za-z0-9_\-]+$")


# --- validation pieces ------------------------------------------------------------------------

def parse_years(text: str | int | Iterable[int]) -> list[int]:
    """Parse a year selection: ``2018``, ``"2017-2019"``, ``"2017,2019"``, ``"2016-2017,2019"``.

    Returns
    -------
    list of int
        Sorted, without duplicates.

    Raises
    ------
    RunConfigError
        Not a year, a reversed range (``2019-2017``) or an empty selection.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        items: list[int] = [text]
    elif isinstance(text, str):
        items = []
        parts = [p.strip() for p in text.split(",")]
        if not any(parts):
            raise RunConfigError(f"years: empty selection {text!r}")
        for part in parts:
            m = re.fullmatch(r"(\d{4})\s*(?:[-–:]\s*(\d{4}))?", part)
            if not m:
                raise RunConfigError(
                    f"years: cannot read {part!r} in {text!r}; use e.g. 2018, 2017-2019 or 2017,2019")
            lo = int(m.group(1))
            hi = int(m.group(2)) if m.group(2) else lo
            if hi < lo:
                raise RunConfigError(f"years: range {part!r} runs backwards; write {hi}-{lo}")
            items.extend(range(lo, hi + 1))
    else:
        items = []
        for y in text:
            if isinstance(y, bool) or not isinstance(y, (int, str)) or not str(y).strip().isdigit():
                raise RunConfigError(f"years: {y!r} is not a year")
            items.append(int(y))
        if not items:
            raise RunConfigError("years: empty selection")
    for y in items:
        if not 1900 <= y <= 2100:
            raise RunConfigError(f"years: {y} is not a plausible year")
    return sorted(set(items))


def report_notebooks(notebooks_dir: Path) -> list[Path]:
    """The report templates of a folder (``NN_name.ipynb``), in file-name order."""
    return sorted(p for p in notebooks_dir.glob("*.ipynb")
                  if p.is_file() and _NOTEBOOK_NAME.match(p.stem))


def select_notebooks(notebooks_dir: str | os.PathLike,
                     selectors: str | Sequence[str] | None = None) -> list[Path]:
    """The report notebooks (``NN_name.ipynb``) of a folder, optionally a selection of them.

    Parameters
    ----------
    notebooks_dir : path
    selectors : str or list of str, optional
        Comma-separated or listed tokens, each a number (``"02"``, ``"2"``), a full stem
        (``"02_gap_analysis"``) or a name without number (``"gap_analysis"``). None: all.

    Returns
    -------
    list of Path
        In file-name order.

    Raises
    ------
    RunConfigError
        The folder has no report notebook, or a selector matches none.
    """
    folder = Path(notebooks_dir)
    available = report_notebooks(folder) if folder.is_dir() else []
    if not available:
        raise RunConfigError(f"no report notebooks (NN_name.ipynb) in {folder.name or folder}/")
    if selectors is None:
        return available
    tokens = [selectors] if isinstance(selectors, str) else list(selectors)
    tokens = [t.strip() for tok in tokens for t in str(tok).split(",") if t.strip()]
    if not tokens:
        return available
    chosen: set[Path] = set()
    names = ", ".join(p.stem for p in available)
    for tok in tokens:
        if tok.isdigit():
            hits = [p for p in available if p.stem[:2] == f"{int(tok):02d}"]
        else:
            stem = tok[:-6] if tok.endswith(".ipynb") else tok
            hits = [p for p in available if p.stem == stem or p.stem[3:] == stem]
        if not hits:
            raise RunConfigError(f"unknown notebook {tok!r}; available: {names}")
        chosen.update(hits)
    return [p for p in available if p in chosen]


def _resolve_provinces(provinces: str | Sequence[str] | None, all_provinces_: bool) -> list[Province]:
    if all_provinces_:
        if provinces:
            raise RunConfigError("give either provinces or all_provinces, not both")
        return sorted(all_provinces(), key=lambda p: int(p.gso_code))
    if provinces is None or (not isinstance(provinces, str) and len(provinces) == 0):
        raise RunConfigError("no province given; use --province CODE|NAME or --all-provinces")
    queries = provinces.split(",") if isinstance(provinces, str) else list(provinces)
    queries = [q.strip() if isinstance(q, str) else q for q in queries]
    queries = [q for q in queries if q != ""]
    if not queries:
        raise RunConfigError("no province given; use --province CODE|NAME or --all-provinces")
    found: dict[str, Province] = {}
    for q in queries:
        try:
            p = resolve_province(q)
        except UnknownProvinceError as exc:
            raise RunConfigError(str(exc)) from None
        found[p.gso_code] = p
    return [found[c] for c in sort_codes(found)]


# --- plan -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NotebookInfo:
    """One report notebook: path, stem, declared parameters (``papermill.inspect_notebook``)."""

    path: Path
    stem: str
    declared: Mapping[str, Mapping[str, Any]]
    titles: Mapping[str, str]

    def defaults(self) -> dict[str, Any]:
        """The declared defaults as Python values (text where not a literal)."""
        return {k: literal(v.get("default")) for k, v in self.declared.items()}


@dataclass(frozen=True)
class RunPlan:
    """A validated run request (see :func:`plan_run`)."""

    years: tuple[int, ...]
    provinces: tuple[Province, ...]
    notebooks: tuple[NotebookInfo, ...]
    params: Mapping[str, Any]
    lang: str
    notebooks_dir: Path
    output_dir: Path
    data_dir: Path | None
    env_data_dir: Path | None
    framework_id: str
    data_sources: Mapping[int, str | None]
    project_root: Path | None = None
    studies: Mapping[int, Any] = field(default_factory=dict, repr=False, compare=False)
    #: ``{year: "DataValidationError: <first line>"}`` of requested years whose data are invalid.
    failed_years: Mapping[int, str] = field(default_factory=dict)
    #: The ``data_dir`` parameter the notebooks get (the data root, or the folder of year folders).
    data_arg: Path | None = None
    #: Kind and source of every year with a table in the data folder (see icttools.run.inputs).
    provenance: tuple[Mapping[str, Any], ...] = ()
    synthetic: Mapping[int, bool] = field(default_factory=dict)
    method_years: Mapping[int, Mapping[str, int] | None] = field(default_factory=dict)
    #: SHA-256 of every file the reports may read (:func:`icttools.run.inputs.data_inputs`).
    data_hashes: Mapping[str, Any] = field(default_factory=dict)
    framework_ref: str = "ict_index_2016"
    #: ``"vn63"`` or ``"vn34"`` (``--units 2025``), and the folder between the output folder and
    #: the years (``""`` for the ICT Index on 63 provinces; :mod:`icttools.run.unitsets`).
    units: str = "vn63"
    segment: str = ""

    @property
    def reports_root(self) -> Path:
        """Where the year folders of this run go: the output folder, or its segment folder."""
        return self.output_dir / self.segment if self.segment else self.output_dir

    @property
    def n_reports(self) -> int:
        return len(self.years) * len(self.provinces) * len(self.notebooks)

    @property
    def ok_years(self) -> tuple[int, ...]:
        """The requested years whose data loaded."""
        return tuple(y for y in self.years if y not in self.failed_years)


def _inspect(path: Path) -> NotebookInfo:
    import nbformat
    import papermill as pm

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # NotJSONError, ValidationError, OSError
        raise RunConfigError(f"notebook {path.name} cannot be read: {exc}") from None
    n_param = sum("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells)
    if n_param != 1:
        raise RunConfigError(f"notebook {path.name} has {n_param} cells tagged 'parameters'; "
                             "it needs exactly one")
    declared = pm.inspect_notebook(str(path))
    for name in ("year", "province"):
        if name not in declared:
            raise RunConfigError(f"notebook {path.name} does not declare the parameter {name!r}")
    meta = nb.metadata.get("icttools", {}) or {}
    base = NOTEBOOK_TITLES[path.stem[:2]] if path.stem in REPORT_NOTEBOOKS else {}
    fallback = path.stem[3:].replace("_", " ").capitalize() if _NOTEBOOK_NAME.match(path.stem) else path.stem
    titles = {lang: str(meta.get(f"title_{lang}") or base.get(lang) or fallback) for lang in LANGS}
    return NotebookInfo(path=path, stem=path.stem, declared=declared, titles=titles)


def plan_run(years: str | int | Iterable[int], provinces: str | Sequence[str] | None = None,
             notebooks: str | Sequence[str] | None = None, *, all_provinces: bool = False,
             lang: str = "vi", params: Mapping[str, Any] | Sequence[str] | None = None,
             data_dir: str | os.PathLike | None = None,
             notebooks_dir: str | os.PathLike | None = None,
             output_dir: str | os.PathLike | None = None, framework: str | None = None,
             units: str | None = None) -> RunPlan:
    """Validate a run request completely, without starting any kernel.

    Parameters
    ----------
    years : int, str or iterable of int
        ``2018``, ``"2017-2019"``, ``"2017,2019"`` (:func:`parse_years`).
    provinces : str or list of str
        GSO codes or names (``"02"``, ``"Ha Giang"``, ``"02,79"``); not with ``all_provinces``.
    notebooks : str or list of str, optional
        Selection (:func:`select_notebooks`); default all.
    all_provinces : bool
        Run the 63 provinces.
    lang : {"vi", "en"}
    params : dict or list of "NAME=VALUE", optional
        Further notebook parameters; text values are converted to the type declared in the
        parameters cell. ``year``, ``province``, ``lang`` and ``data_dir`` have their own arguments.
    data_dir : path, optional
        A data root (``DIR/raw/ict_index/<year>/``) or a folder of year folders. Passed to the
        notebooks as the ``data_dir`` parameter (the data root, or the folder of year folders
        when there is no root) and to the kernels as ``ICT_DATA_DIR``. Default: the project data
        (no ``data_dir`` parameter passed).
    notebooks_dir : path, optional
        Default ``<project>/notebooks``.
    output_dir : path, optional
        Default ``<project>/outputs`` (or ``ICT_OUTPUT_DIR``).
    framework : str, optional
        A framework name (``papi_2018``) or YAML path (``--framework``); default the notebooks'
        (the ICT Index). Same as ``--param framework=NAME``.
    units : {None, "63", "2025"}
        ``"2025"``: the 34 provinces of 1/7/2025 (``--units``); the provinces are then 2025 codes
        or names, and a 63-era province is refused with the unit to use.

    Returns
    -------
    RunPlan

    Raises
    ------
    RunConfigError
        Unknown province (with the closest matches), notebook, parameter or parameter value;
        a notebook without exactly one ``parameters`` cell; a year without data (the message
        lists the years that have data); invalid data in every requested year (a year with
        invalid data among valid ones is recorded in ``failed_years`` instead).
    """
    from icttools.core import paths
    from icttools.core.framework import load_framework
    from icttools.ingest.io import available_years
    from icttools.run.inputs import data_inputs, method_years, year_provenance
    from icttools.study import load

    if lang not in LANGS:
        raise RunConfigError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    try:
        root: Path | None = paths.project_root()
    except FileNotFoundError:
        root = None
    nb_dir = Path(notebooks_dir).resolve() if notebooks_dir else (
        (root or Path.cwd()) / "notebooks")
    out_dir = Path(output_dir).resolve() if output_dir else paths.outputs_dir()
    try:
        kind = units_kind(units)
    except InputError as exc:
        raise RunConfigError(str(exc)) from None
    provs = (_resolve_provinces(provinces, all_provinces) if kind == "vn63"
             else resolve_run_units(provinces, all_provinces, kind, RunConfigError))
    year_list = parse_years(years)
    infos = tuple(_inspect(p) for p in select_notebooks(nb_dir, notebooks))

    # parameters
    extra = split_params(params)
    declared_union: dict[str, Any] = {}
    for info in infos:
        for name, spec in info.declared.items():
            declared_union.setdefault(name, spec)
    coerced: dict[str, Any] = {}
    for name, value in extra.items():
        if name in _RESERVED:
            raise RunConfigError(f"parameter {name!r} is set with {_RESERVED[name]}, not --param")
        if name not in declared_union:
            known = ", ".join(n for n in declared_union if n not in _RESERVED) or "none"
            raise RunConfigError(f"unknown parameter {name!r}; the notebooks declare: {known}")
        coerced[name] = coerce_param(name, value, declared_union[name].get("inferred_type_name"))

    if framework:
        if "framework" not in declared_union:
            raise RunConfigError("--framework: the notebooks do not declare the parameter 'framework'")
        coerced["framework"] = str(framework)
    fw_name = coerced.get("framework")
    if fw_name is None and "framework" in declared_union:
        fw_name = literal(declared_union["framework"].get("default"))
    try:
        fw = load_framework(fw_name) if fw_name else load_framework()
    except (FileNotFoundError, ValueError, KeyError) as exc:
        raise RunConfigError(f"framework {fw_name!r}: {exc}") from None
    if kind == "vn34":
        if "units" not in declared_union:
            raise RunConfigError("--units 2025: the notebooks do not declare the parameter 'units'")
        fw = fw.with_units("vn34")
        coerced["units"] = "2025"
    segment = run_segment(fw.id, fw.units.kind)

    # data: one Study per year (validated now, reused for the summaries)
    location = locate_data(data_dir or None, fw.data_folder)
    have = available_years(location.years)
    missing = [y for y in year_list if y not in have]
    if missing:
        where = f"in {Path(data_dir).name}/" if data_dir else "in data/raw/ict_index/"
        listed = ", ".join(str(y) for y in have) or "none"
        raise RunConfigError(f"no data for year {', '.join(map(str, missing))} {where}; "
                             f"years with data: {listed}")
    studies: dict[int, Any] = {}
    loaded: dict[int, Any] = {}

    def loader(y: int) -> Any:  # each year read and validated once per plan
        if y not in loaded:
            try:
                # options={}: `icttools run` has no --sheet or --allow-missing-provinces to suggest
                loaded[y] = load(y, framework=fw, data_dir=location, options={})
            except (DataError, InputError) as exc:
                loaded[y] = exc
        if isinstance(loaded[y], Exception):
            raise loaded[y]
        return loaded[y]

    sources: dict[int, str | None] = {}
    failed: dict[int, str] = {}
    for y in year_list:
        try:
            study = loader(y)
        except DataError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            failed[y] = f"{type(exc).__name__}: {first}"
            continue
        except InputError as exc:
            failed[y] = f"{type(exc).__name__}: {exc}"
            continue
        studies[y] = study
        sources[y] = study.table.data_source
    if len(failed) == len(year_list):
        y, err = next(iter(failed.items()))
        raise RunConfigError(f"data for year {y} are invalid: {err.split(': ', 1)[-1]}")
    years_base, env_root = (location.years, location.root) if data_dir else (None, None)
    data_arg = None
    if years_base is not None:
        data_arg = env_root if env_root is not None and years_base == env_root / "raw" / "ict_index" else years_base
    provenance = tuple(year_provenance(location, fw, loader))
    kinds = {int(p["year"]): p.get("kind") for p in provenance}

    return RunPlan(years=tuple(year_list), provinces=tuple(provs), notebooks=infos,
                   params=coerced, lang=lang, notebooks_dir=nb_dir, output_dir=out_dir,
                   data_dir=years_base, env_data_dir=env_root, framework_id=fw.id,
                   data_sources=sources, project_root=root, studies=studies, failed_years=failed,
                   data_arg=data_arg, provenance=provenance,
                   synthetic={y: kinds.get(y) == "synthetic" for y in year_list},
                   method_years={y: method_years(fw, y) for y in year_list},
                   data_hashes=data_inputs(location), framework_ref=str(fw_name or fw.id),
                   units=fw.units.kind, segment=segment)
