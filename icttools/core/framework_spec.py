"""Reading a framework mapping (the parsed YAML file) into a :class:`~icttools.core.framework.Framework`.

Every rule of the schema (see :mod:`icttools.core.framework`) is checked here, and every error
names the file, the node or indicator and the problem. :func:`icttools.core.framework.load_framework`
and :func:`~icttools.core.framework.build_framework` are the entry points.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from icttools.core.errors import MethodError
from icttools.core.framework import Formula, Framework, Indicator, Node, RankInfo
from icttools.core.method import FrameworkError, Method
from icttools.core.paths import DEFAULT_DATA_FOLDER
from icttools.core.pipeline import check_plan
from icttools.core.relations import parse_relations
from icttools.core.text import nfc
from icttools.core.units import parse_units

__all__ = ["framework_from_spec"]

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# node and indicator codes: letters, digits and '_' (upper case allowed: COINr codes such as "LPI")
_CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_FORMULA_RE = re.compile(
    r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*/\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\*\s*([0-9]+(?:\.[0-9]+)?))?\s*$"
)


def _parse_weight(value: Any, where: str) -> float:
    if isinstance(value, bool) or value is None:
        raise FrameworkError(f"{where}: weight must be a positive number, got {value!r}")
    try:
        w = float(Fraction(str(value).strip())) if isinstance(value, str) else float(value)
    except (ValueError, ZeroDivisionError):
        raise FrameworkError(f"{where}: weight {value!r} is not a number or fraction") from None
    if not np.isfinite(w) or w <= 0:
        raise FrameworkError(f"{where}: weight must be positive, got {value!r}")
    return w


def _require(d: dict, key: str, where: str) -> Any:
    if key not in d or d[key] is None or (isinstance(d[key], str) and not d[key].strip()):
        raise FrameworkError(f"{where}: missing '{key}'")
    return d[key]


def _parse_names(value: Any, where: str) -> tuple[str, ...]:
    """``former_names_vi``: a list of earlier names (optional)."""
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FrameworkError(f"{where}: former_names_vi must be a list of names, got {value!r}")
    return tuple(nfc(v.strip()) for v in value)


def _parse_formula(text: Any, where: str) -> Formula | None:
    if text is None:
        return None
    m = _FORMULA_RE.match(str(text))
    if not m:
        raise FrameworkError(
            f"{where}: formula {text!r} is not of the form 'numerator / denominator [* factor]'"
        )
    return Formula(m.group(1), m.group(2), float(m.group(3)) if m.group(3) else 1.0)


def _parse_denominator(ind: dict, where: str) -> dict[str, Any]:
    den = ind.get("denominator")
    if den is None:
        if "denominator_scale" in ind:
            raise FrameworkError(f"{where}: denominator_scale without a denominator")
        return {}
    if not isinstance(den, str) or not den.strip():
        raise FrameworkError(f"{where}: denominator must name a data column, got {den!r}")
    scale = ind.get("denominator_scale", 1)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not np.isfinite(scale) or scale == 0:
        raise FrameworkError(f"{where}: denominator_scale must be a non-zero number, got {scale!r}")
    return {"denominator": den.strip(), "denominator_scale": float(scale)}


def _parse_levels(spec: Any, source: str) -> tuple[tuple[str, str, str], ...]:
    """``levels``: a list, one entry per depth below the root, of ``{vi, en, en_plural}``."""
    if spec is None:
        return ()
    where = f"{source}: levels"
    if not isinstance(spec, list):
        raise FrameworkError(f"{where} must be a list of {{vi, en, en_plural}}, one per level below the root")
    out = []
    for k, item in enumerate(spec, 1):
        if not isinstance(item, dict) or set(item) - {"vi", "en", "en_plural"} or not all(
                isinstance(item.get(key), str) and item[key].strip() for key in ("vi", "en")):
            raise FrameworkError(f"{where}[{k}]: give vi and en (and optionally en_plural) names, got {item!r}")
        out.append((nfc(item["vi"].strip()), item["en"].strip(), str(item.get("en_plural") or item["en"] + "s").strip()))
    return tuple(out)


def _parse_ranks(spec: Any, source: str, node_ids: set[str]) -> RankInfo:
    if spec is None:
        return RankInfo()
    where = f"{source}: ranks"
    if not isinstance(spec, dict):
        raise FrameworkError(f"{where} must be a mapping")
    unknown = set(spec) - {"derived", "note_vi", "note_en", "groups"}
    if unknown:
        raise FrameworkError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    groups = spec.get("groups") or {}
    if not isinstance(groups, dict):
        raise FrameworkError(f"{where}: groups must be a mapping")
    node = groups.get("node")
    if groups and node not in node_ids:
        raise FrameworkError(f"{where}: groups: node {node!r} is not a node of the framework")
    if groups and groups.get("kind", "quartile") != "quartile":
        raise FrameworkError(f"{where}: groups: kind must be quartile")
    labels = {lang: tuple(str(x) for x in groups.get(f"labels_{lang}", ())) for lang in ("vi", "en")}
    if groups and any(len(v) != 4 for v in labels.values()):
        raise FrameworkError(f"{where}: groups: quartiles need 4 labels in labels_vi and labels_en")
    return RankInfo(bool(spec.get("derived", False)), str(spec.get("note_vi", "")), str(spec.get("note_en", "")),
                    node if groups else None, labels["vi"], labels["en"])


def framework_from_spec(spec: dict, source: str) -> Framework:
    """The framework a mapping describes (``source`` names it in error messages).

    Raises
    ------
    FrameworkError
        A rule of the schema is broken (the message names file, node and problem).
    """
    if not isinstance(spec, dict):
        raise FrameworkError(f"{source}: the file must hold a mapping at the top level")
    fid = str(_require(spec, "id", source))
    if not _ID_RE.match(fid):
        raise FrameworkError(f"{source}: id {fid!r} must be lower-case letters, digits and '_'")
    method_spec = spec.get("method") or {}
    if not isinstance(method_spec, dict):
        raise FrameworkError(f"{source}: 'method' must be a mapping")
    method = Method.from_spec(method_spec, source)
    root = spec.get("root")
    if not isinstance(root, dict):
        raise FrameworkError(f"{source}: missing 'root' node")

    raw_nodes: list[dict] = []  # breadth-first
    raw_inds: list[dict] = []
    seen: dict[str, str] = {}

    def claim(i: str, kind: str, where: str) -> None:
        if not isinstance(i, str) or not _CODE_RE.match(i):
            raise FrameworkError(f"{where}: id {i!r} must be letters, digits and '_', starting with a letter")
        if i in seen:
            raise FrameworkError(f"{where}: id {i!r} is used twice (already a {seen[i]})")
        seen[i] = kind

    queue: list[tuple[dict, str | None, int]] = [(root, None, 0)]
    while queue:
        nd, parent, depth = queue.pop(0)
        if not isinstance(nd, dict):
            raise FrameworkError(f"{source}: node under {parent!r} must be a mapping")
        nid = nd.get("id")
        where = f"{source}: node {nid!r}"
        claim(nid, "node", where)
        for key in ("name_vi", "name_en"):
            _require(nd, key, where)
        weight = _parse_weight(nd.get("weight", 1), where)
        children = nd.get("children") or []
        indicators = nd.get("indicators") or []
        if children and indicators:
            raise FrameworkError(f"{where}: a node holds either children or indicators, not both")
        if not children and not indicators:
            raise FrameworkError(f"{where}: a node needs children or indicators")
        child_ids = []
        for ch in children:
            if not isinstance(ch, dict):
                raise FrameworkError(f"{where}: each child must be a mapping")
            child_ids.append(ch.get("id"))
            queue.append((ch, nid, depth + 1))
        ind_ids = []
        for ind in indicators:
            if not isinstance(ind, dict):
                raise FrameworkError(f"{where}: each indicator must be a mapping")
            iid = ind.get("id")
            iwhere = f"{source}: indicator {iid!r} (in {nid!r})"
            claim(iid, "indicator", iwhere)
            for key in ("name_vi", "name_en"):
                _require(ind, key, iwhere)
            direction = ind.get("direction", 1)
            if direction not in (1, -1):
                raise FrameworkError(f"{iwhere}: direction must be 1 or -1, got {direction!r}")
            rng = ind.get("range", [-np.inf, np.inf])
            if (not isinstance(rng, (list, tuple)) or len(rng) != 2
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rng)):
                raise FrameworkError(f"{iwhere}: range must be [low, high] numbers, got {rng!r}")
            lo, hi = float(rng[0]), float(rng[1])
            if "range" in ind and not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
                raise FrameworkError(f"{iwhere}: range [{lo:g}, {hi:g}] is not a valid interval (low < high)")
            unit = str(ind.get("unit") or "")
            if unit.strip() == "%" and (lo < 0 or hi > 100):
                raise FrameworkError(f"{iwhere}: a percentage must have a range within [0, 100], got [{lo:g}, {hi:g}]")
            raw_inds.append(dict(
                id=iid, name_vi=nfc(str(ind["name_vi"])), name_en=str(ind["name_en"]),
                unit=nfc(unit), unit_en=str(ind.get("unit_en", unit)),
                weight=_parse_weight(ind.get("weight", 1), iwhere), direction=int(direction),
                range=(lo, hi), group=nid, formula=_parse_formula(ind.get("formula"), iwhere),
                former_names_vi=_parse_names(ind.get("former_names_vi"), iwhere),
                **_parse_denominator(ind, iwhere),
            ))
            ind_ids.append(iid)
        raw_nodes.append(dict(
            id=nid, name_vi=nfc(str(nd["name_vi"])), name_en=str(nd["name_en"]), weight=weight,
            parent=parent, children=tuple(child_ids), indicators=tuple(ind_ids), depth=depth,
        ))

    # normalise weights within siblings
    by_parent: dict[str | None, list[dict]] = {}
    for n in raw_nodes:
        by_parent.setdefault(n["parent"], []).append(n)
    for sibs in by_parent.values():
        total = sum(n["weight"] for n in sibs)
        for n in sibs:
            n["weight"] = n["weight"] / total if n["parent"] is not None else 1.0
    by_group: dict[str, list[dict]] = {}
    for i in raw_inds:
        by_group.setdefault(i["group"], []).append(i)
    for members in by_group.values():
        total = sum(i["weight"] for i in members)
        for i in members:
            i["weight"] = i["weight"] / total

    years = spec.get("years") or []
    indicator_specs = {i["id"]: Indicator(**i) for i in raw_inds}
    try:
        relations = parse_relations(spec.get("relations"), indicator_specs, Path(source).name)
    except MethodError as exc:
        raise FrameworkError(str(exc)) from None
    try:
        units = parse_units(spec.get("units"), source)
    except MethodError as exc:
        raise FrameworkError(str(exc)) from None
    folder = spec.get("data_folder", DEFAULT_DATA_FOLDER)
    if not isinstance(folder, str) or not _ID_RE.match(folder):
        raise FrameworkError(f"{source}: data_folder {folder!r} must be a folder name under data/raw "
                             f"(lower-case letters, digits, '_')")
    ranks = _parse_ranks(spec.get("ranks"), source, {n["id"] for n in raw_nodes})
    fw = Framework(
        id=fid,
        name_vi=nfc(str(_require(spec, "name_vi", source))),
        name_en=str(_require(spec, "name_en", source)),
        nodes=tuple(Node(**n) for n in raw_nodes),
        indicators=tuple(Indicator(**i) for i in raw_inds),
        method=method,
        source=Path(source).name,
        years=tuple(int(y) for y in years),
        relations=relations,
        units=units,
        data_folder=folder,
        ranks=ranks,
        level_names=_parse_levels(spec.get("levels"), source),
    )
    try:
        check_plan(fw)
    except MethodError as exc:
        raise FrameworkError(f"{source}: method: {exc}") from None
    return fw
