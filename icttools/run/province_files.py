"""The files of a report folder that are not notebooks: ``summary.json`` and the Excel workbook.

:func:`write_province_files` is called once per province, year and language, after the notebooks:
in the warm kernel that just ran them (its Study already holds the plans, curves and trends the
reports computed, so the workbook costs little more than writing it), or in the runner's own
process when kernels are not reused. Both give the same bytes. Every argument is plain JSON, so
the runner can pass them to a kernel as text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from icttools.core.errors import IcttoolsError
from icttools.core.framework import as_framework
from icttools.core.provinces import resolve_province
from icttools.run.inputs import fingerprint, method_years
from icttools.run.workbook import default_scenario, workbook_name, write_workbook

__all__ = ["province_summary", "write_province_files", "json_text"]


def json_text(obj: Any) -> str:
    """The JSON text of every file the runner writes: sorted keys, indented, UTF-8, final newline."""
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def province_summary(study: Any, province: str, target_rank: int = 10) -> dict[str, Any]:
    """Key numbers of one province and year (the run's ``summary.json`` without the report list).

    Parameters
    ----------
    study : Study
        The year (:func:`icttools.load`).
    province : str
        GSO code or name.
    target_rank : int
        Rank asked of the least-effort plan.

    Returns
    -------
    dict
        ``year``, ``province`` (code, name, slug), ``framework``, ``data_source``, ``synthetic``,
        ``score`` and ``rank`` (overall), ``nodes`` (``{node: {"score", "rank", "name_vi",
        "name_en"}}`` for every node, scores rounded as published), ``previous`` (``{"year",
        "score", "rank"}`` of the year before, or None), ``target_rank``, ``target_plan`` (the
        ``targets`` JSON, or ``{"error": ...}`` if planning failed on the data).
    """
    fw = study.framework
    p = _province(study, province)
    result = study.result
    nodes = {node: {"score": _num(round(result.score(p.gso_code, node), 4)),
                    "rank": _rank(result, p.gso_code, node),
                    "name_vi": fw.label(node, "vi"), "name_en": fw.label(node, "en")}
             for node in fw.node_ids}
    root = fw.node_ids[0]
    try:
        plan: dict[str, Any] = study.targets(p.gso_code, rank=int(target_rank)).to_json()
    except IcttoolsError as exc:
        plan = {"error": f"target plan failed ({type(exc).__name__}: {exc})"}
    previous = None
    try:
        prior = study.previous
    except IcttoolsError:
        prior = None  # the year before is broken: its own reports say so
    if prior is not None and p.gso_code in prior.codes and _rank(prior.result, p.gso_code, root) is not None:
        previous = {"year": int(prior.year), "score": round(prior.score(p.gso_code), 4),
                    "rank": prior.rank(p.gso_code)}
    return {
        "year": int(study.year),
        "province": {"gso_code": p.gso_code, "name_vi": p.name_vi, "slug": p.slug},
        "framework": fw.id,
        "data_source": study.table.data_source,
        "synthetic": study.table.is_synthetic,
        "score": nodes[root]["score"],
        "rank": nodes[root]["rank"],
        "n_units": len(study.codes),
        **_view(study, p.gso_code),
        "nodes": nodes,
        "previous": previous,
        "target_rank": int(target_rank),
        "target_plan": plan,
    }


def _province(study: Any, province: str) -> Any:
    """The :class:`Province` of a code: a 63-era province, or one of the 34 of 2025 (their codes
    reuse old numbers: resolved in the study's own unit set)."""
    if study.framework.units.kind == "vn34":
        from icttools.run.unitsets import unit_province

        return unit_province(study.unit(province))
    return resolve_province(province)


def _num(x: float) -> float | None:
    return None if x != x else x  # NaN (no score: a value missing, never filled) -> null


def _rank(result: Any, code: str, node: str) -> int | None:
    r = result.ranks.at[code, node]
    return None if r != r else int(r)


def _view(study: Any, code: str) -> dict[str, Any]:
    """What travels with another index or unit set: the units, the derived-rank group, the units
    without a total. Nothing for the ICT Index on 63 provinces (its summary stays as it was)."""
    fw = study.framework
    if fw.units.kind == "vn63" and not fw.ranks.derived:
        return {}
    out: dict[str, Any] = {"units": fw.units.kind}
    groups = study.result.groups("vi")
    if groups is not None:
        out["group_vi"], out["group_en"] = groups.get(code), study.result.groups("en").get(code)
    if fw.ranks.derived:
        out["ranks_derived"] = True
    if study.incomplete:
        out["no_total"] = list(study.incomplete)
    return out


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def write_province_files(folder: str, *, year: int, province: str, lang: str, framework: str,
                         data_dir: str, target_rank: int, seed: int, reports: Sequence[Mapping[str, Any]],
                         inputs: Mapping[str, Any], provenance: Sequence[Mapping[str, Any]],
                         scrub: Sequence[Sequence[str]], units: str = "") -> None:
    """Write ``summary.json`` and the workbook of one province, year and language into ``folder``.

    Parameters
    ----------
    folder : str
        The (temporary) report folder.
    year, province, lang, framework, data_dir, target_rank, seed
        As the notebooks got them (``data_dir`` empty: the project's data).
    reports : list of dict
        ``{"notebook", "status", "error", "html"}`` of every report in the folder.
    inputs : dict
        What the summary and the workbook depend on (:func:`icttools.run.inputs.report_inputs`).
    provenance : list of dict
        Every year's kind and source (:func:`icttools.run.inputs.year_provenance`), scrubbed.
    scrub : list of [path, replacement]
        The runner's :class:`~icttools.run.htmlreport.PathScrubber` pairs.
    units : str
        ``""``: the framework's own units; ``"2025"``: the 34 provinces of 1/7/2025.

    Notes
    -----
    A data problem (the plan, the scenario...) does not raise: ``summary.json`` then carries an
    ``error`` and no workbook is written.
    """
    from icttools.run.htmlreport import PathScrubber
    from icttools.study import load

    out = Path(folder)
    scrubber = PathScrubber([(a, b) for a, b in scrub])
    workbook = None
    try:
        study = load(int(year), framework=framework, data_dir=data_dir or None, units=units or None)
    except IcttoolsError as exc:
        p = resolve_province(province) if not units else None
        summary: dict[str, Any] = {"year": int(year), "error": _one_line(exc),
                                   "province": ({"gso_code": p.gso_code, "name_vi": p.name_vi, "slug": p.slug}
                                                if p else {"gso_code": str(province)})}
    else:
        p = _province(study, province)
        summary = province_summary(study, p.gso_code, target_rank=int(target_rank))
        name = workbook_name(year, p.slug, lang)
        try:
            write_workbook(out / name, study, p.gso_code, lang=lang, target_rank=int(target_rank),
                           provenance=provenance, hashes=dict(inputs.get("data", {}).get("years", {})),
                           seed=int(seed), scenario=default_scenario(study))
            workbook = name
        except Exception as exc:  # noqa: BLE001 - a broken workbook must not lose the summary
            summary["workbook_error"] = _one_line(exc)
    try:
        years_note = method_years(as_framework(framework), int(year))
    except (IcttoolsError, OSError, ValueError, KeyError):
        years_note = None
    summary.update({
        "reports": [dict(r) for r in reports],
        "lang": lang,
        "provenance": [dict(x) for x in provenance],
        "method_years": years_note,
        "files": {"workbook": workbook} if workbook else {},
        "inputs": dict(inputs),
        "fingerprint": fingerprint(inputs),
    })
    (out / "summary.json").write_text(json_text(scrubber.scrub_obj(summary)), encoding="utf-8")
