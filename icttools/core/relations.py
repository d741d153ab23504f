"""Relations between criteria that hold by definition, in every unit and year, as data.

A framework file may list them in a ``relations:`` block (see
``icttools/frameworks/ict_index_2016.yaml``)::

    relations:
      - {kind: order, indicators: [l1, l2, l3, l4], source: "..."}   # l1 >= l2 >= l3 >= l4
      - {kind: le, left: infosec_staff_pct, right: it_staff_pct, source: "..."}  # left <= right
      - {kind: within, unit: "%", low: 0, high: 100, source: "..."}  # every % indicator in [0, 100]

``within`` may name ``indicators: [...]`` instead of a ``unit``. Every relation needs a
``source`` (why it holds). The loader rejects unknown kinds and keys, unknown or repeated
indicator ids and a missing source.

A broken relation in a data table is a *warning*, not an error: :func:`violations` lists every
(row, relation) that breaks, vectorised over the rows, and :func:`violation_messages` turns them
into one-line messages an ingest layer can show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from icttools.core.errors import MethodError

__all__ = ["Relation", "RELATION_KINDS", "parse_relations", "violations", "violation_messages"]

RELATION_KINDS = ("order", "le", "within")


@dataclass(frozen=True)
class Relation:
    """One relation between criteria.

    Attributes
    ----------
    kind : {"order", "le", "within"}
        ``order``: ``indicators[0] >= indicators[1] >= ...``; ``le``: ``indicators[0] <=
        indicators[1]``; ``within``: each of ``indicators`` lies in ``[low, high]``.
    indicators : tuple of str
        The indicator ids involved (for ``le``: left, right).
    source : str
        Why the relation holds (the definition, a document).
    low, high : float
        Bounds of a ``within`` relation (NaN otherwise).
    """

    kind: str
    indicators: tuple[str, ...]
    source: str
    low: float = float("nan")
    high: float = float("nan")
    unit: str = ""  # a ``within`` relation given by unit

    @property
    def id(self) -> str:
        """A short readable name: ``l1>=l2>=l3``, ``a<=b``, ``0<=[%]<=100``."""
        if self.kind == "order":
            return ">=".join(self.indicators)
        if self.kind == "le":
            return "<=".join(self.indicators)
        what = f"[{self.unit}]" if self.unit else ",".join(self.indicators)
        return f"{self.low:g}<={what}<={self.high:g}"

    def pairs(self) -> list[tuple[str, str]]:
        """The relation as pairs ``(higher, lower)`` meaning ``higher >= lower`` (not ``within``)."""
        if self.kind == "order":
            return list(zip(self.indicators[:-1], self.indicators[1:]))
        if self.kind == "le":
            return [(self.indicators[1], self.indicators[0])]
        return []


def _ids(value: Any, where: str, known: Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence) or not value:
        raise MethodError(f"{where}: 'indicators' must be a non-empty list of indicator ids, got {value!r}")
    out = tuple(str(v) for v in value)
    unknown = [v for v in out if v not in known]
    if unknown:
        raise MethodError(f"{where}: unknown indicator id(s) {', '.join(unknown)}")
    if len(set(out)) != len(out):
        raise MethodError(f"{where}: an indicator appears twice in {list(out)}")
    return out


def _bound(value: Any, where: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise MethodError(f"{where}: '{key}' must be a finite number, got {value!r}")
    return float(value)


def parse_relations(spec: Any, indicators: Mapping[str, Any], source: str) -> tuple[Relation, ...]:
    """Validate a framework's ``relations:`` block.

    Parameters
    ----------
    spec : list or None
        The parsed YAML block (None or empty: no relations).
    indicators : mapping
        Indicator id -> an object with ``unit`` and ``range`` (the framework's indicators).
    source : str
        File name used in messages.

    Returns
    -------
    tuple of Relation

    Raises
    ------
    MethodError
        The message names the file, the relation's position and the problem.
    """
    if spec is None:
        return ()
    if not isinstance(spec, list):
        raise MethodError(f"{source}: 'relations' must be a list")
    known = list(indicators)
    out = []
    for k, raw in enumerate(spec, start=1):
        where = f"{source}: relations[{k}]"
        if not isinstance(raw, Mapping):
            raise MethodError(f"{where}: each relation must be a mapping")
        kind = raw.get("kind")
        if kind not in RELATION_KINDS:
            raise MethodError(f"{where}: kind {kind!r} is not one of {', '.join(RELATION_KINDS)}")
        allowed = {"order": {"kind", "indicators", "source"}, "le": {"kind", "left", "right", "source"},
                   "within": {"kind", "indicators", "unit", "low", "high", "source"}}[kind]
        unknown = sorted(set(map(str, raw)) - allowed)
        if unknown:
            raise MethodError(f"{where}: unknown key(s) {', '.join(unknown)} for kind {kind!r}")
        note = str(raw.get("source") or "").strip()
        if not note:
            raise MethodError(f"{where}: missing 'source' (why the relation holds)")
        if kind == "order":
            ids = _ids(raw.get("indicators"), where, known)
            if len(ids) < 2:
                raise MethodError(f"{where}: an order needs at least two indicators")
            out.append(Relation("order", ids, note))
        elif kind == "le":
            ids = _ids([raw.get("left"), raw.get("right")], where, known)
            out.append(Relation("le", ids, note))
        else:
            if ("unit" in raw) == ("indicators" in raw):
                raise MethodError(f"{where}: 'within' needs either 'unit' or 'indicators'")
            if "unit" in raw:
                ids = tuple(i for i, ind in indicators.items() if str(ind.unit).strip() == str(raw["unit"]).strip())
                if not ids:
                    raise MethodError(f"{where}: no indicator has unit {raw['unit']!r}")
            else:
                ids = _ids(raw.get("indicators"), where, known)
            low, high = _bound(raw.get("low"), where, "low"), _bound(raw.get("high"), where, "high")
            if not low < high:
                raise MethodError(f"{where}: low {low:g} must be below high {high:g}")
            out.append(Relation("within", ids, note, low, high, str(raw.get("unit", "")).strip()))
    return tuple(out)


def violations(relations: Sequence[Relation], values: pd.DataFrame, tolerance: float = 0.0) -> pd.DataFrame:
    """Every (row, relation) of a table that breaks a relation, vectorised over the rows.

    Parameters
    ----------
    relations : sequence of Relation
    values : DataFrame
        Rows are units (the index is kept, e.g. GSO codes), columns include the indicator ids.
        Missing values (NaN) never count as a violation; relations on absent columns are skipped.
    tolerance : float
        A difference up to ``tolerance`` is not a violation (rounding of the source figures).

    Returns
    -------
    DataFrame
        Columns ``row`` (index label), ``relation`` (its id), ``kind``, ``indicator`` (the value
        that breaks), ``value``, ``other`` (the indicator it is compared with, or the bound),
        ``other_value``. Sorted by row position, then relation order. Empty when all hold.
    """
    cols = ["row", "relation", "kind", "indicator", "value", "other", "other_value"]
    frames = []
    pos = np.arange(len(values))
    for r_i, rel in enumerate(relations):
        if not all(i in values.columns for i in rel.indicators):
            continue
        if rel.kind == "within":
            X = values[list(rel.indicators)].to_numpy(float)
            for bound, bad in (("low", X < rel.low - tolerance), ("high", X > rel.high + tolerance)):
                rows, cidx = np.nonzero(bad)
                if rows.size:
                    limit = rel.low if bound == "low" else rel.high
                    frames.append(pd.DataFrame({"_pos": pos[rows], "_rel": r_i, "row": values.index[rows],
                                                "relation": rel.id, "kind": rel.kind,
                                                "indicator": np.array(rel.indicators)[cidx], "value": X[rows, cidx],
                                                "other": bound, "other_value": limit}))
            continue
        for hi_id, lo_id in rel.pairs():
            hi, lo = values[hi_id].to_numpy(float), values[lo_id].to_numpy(float)
            rows = np.nonzero(lo > hi + tolerance)[0]  # NaN compares False: never a violation
            if rows.size:
                frames.append(pd.DataFrame({"_pos": pos[rows], "_rel": r_i, "row": values.index[rows],
                                            "relation": rel.id, "kind": rel.kind, "indicator": lo_id,
                                            "value": lo[rows], "other": hi_id, "other_value": hi[rows]}))
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True).sort_values(["_pos", "_rel"], kind="stable")
    return out[cols].reset_index(drop=True)


def violation_messages(found: pd.DataFrame, source: str = "") -> list[str]:
    """One-line warnings for the rows of :func:`violations`: file, row, the values, the relation."""
    prefix = f"{source}: " if source else ""
    out = []
    for rec in found.itertuples(index=False):
        if rec.kind == "within":
            side = "below" if rec.other == "low" else "above"
            text = f"{rec.indicator} = {rec.value:g} is {side} {rec.other_value:g}"
        else:
            text = f"{rec.indicator} = {rec.value:g} exceeds {rec.other} = {rec.other_value:g}"
        out.append(f"{prefix}row {rec.row}: {text}, against the relation {rec.relation} "
                   f"(true by definition); check the two values")
    return out
