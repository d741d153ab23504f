"""COINr interoperability: read COINr's ``iData``/``iMeta`` tables, write an icttools framework,
and build an index the way COINr's ``build_example_coin()`` does.

``iData`` has one row per unit: ``uCode`` (required), ``uName``, group columns (``Type: Group`` in
iMeta, e.g. ``EurAsia_group``), denominator columns (``Type: Denominator``) and one column per
indicator. ``iMeta`` has one row per indicator, aggregate, group or denominator: ``Level`` (1 =
indicator, 2, 3, ... up to the index), ``iCode``, ``iName``, ``Direction``, ``Weight``,
``Unit``, ``Denominator``, ``Parent``, ``Type``. CSV (``NA`` or empty for missing) or XLSX.

:func:`framework_spec` maps iMeta to the framework schema (tree from the levels, weights,
directions, denominators; units from the data). :func:`build` runs the pipeline with COINr's
example settings as defaults (:data:`EXAMPLE_STEPS`) and any option changed, and returns every
stage with COINr's column order (indicators in iMeta order, then aggregates level by level,
sorted by code within a level, as ``Aggregate.coin`` binds them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from icttools.core.atomic import atomic_write_csv, atomic_write_text
from icttools.core.errors import DataError, InputError
from icttools.core.framework import Framework, build_framework
from icttools.core.method import FrameworkError, Method, parse_step_option
from icttools.core.pipeline import STAGES, PipelineResult, run_pipeline
from icttools.ingest.unit_table import read_plain_table

__all__ = ["EXAMPLE_STEPS", "CoinrInput", "read_coinr", "framework_spec", "example_method",
           "build", "stage_table", "write_import"]

REQUIRED_META = ("Level", "iCode", "Parent", "Direction", "Type", "Weight")

#: COINr's ``build_example_coin()`` (R/examples.R), as command-line forms of the steps.
EXAMPLE_STEPS = {"denominate": "on", "impute": "group-mean:EurAsia_group", "screen": "0.9",
                 "treat": "winsorise:5", "normalise": "minmax:0,100", "aggregate": "arithmetic"}


def _numbers(df: pd.DataFrame, col: str, source: str, codes: pd.Series) -> np.ndarray:
    vals = pd.to_numeric(df[col], errors="coerce")
    bad = vals.isna() & df[col].notna()
    if bad.any():
        k = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(f"{source}: column {col!r}, row {k + 2} ({codes.iloc[k]}): "
                        f"{df[col].iloc[k]!r} is not a number")
    return vals.to_numpy(dtype=float)


@dataclass(frozen=True)
class CoinrInput:
    """The two COINr tables, checked: ``data`` indexed by ``uCode``, ``meta`` one row per code."""

    data: pd.DataFrame
    meta: pd.DataFrame
    data_name: str
    meta_name: str

    def codes(self, type_: str) -> list[str]:
        return [str(c) for c in self.meta.loc[self.meta["Type"] == type_, "iCode"]]

    @property
    def indicators(self) -> list[str]:
        return self.codes("Indicator")

    @property
    def groups(self) -> list[str]:
        return self.codes("Group")

    @property
    def denominators(self) -> list[str]:
        return self.codes("Denominator")


def read_coinr(idata: str | Path, imeta: str | Path) -> CoinrInput:
    """Read and check COINr's iData and iMeta (CSV or XLSX).

    Raises
    ------
    InputError, DataError
        Unreadable file, missing required column, duplicate or unknown code, non-numeric value.
    """
    data = read_plain_table(idata, "iData")
    meta = read_plain_table(imeta, "iMeta")
    dn, mn = Path(idata).name, Path(imeta).name
    if "uCode" not in data.columns:
        raise DataError(f"{dn}: no uCode column (COINr's unit code); columns are {', '.join(data.columns[:8])}")
    lacking = [c for c in REQUIRED_META if c not in meta.columns]
    if lacking:
        raise DataError(f"{mn}: missing column(s) {', '.join(lacking)} (COINr's iMeta needs {', '.join(REQUIRED_META)})")
    codes = data["uCode"]
    if codes.isna().any():
        raise DataError(f"{dn}: row {int(np.flatnonzero(codes.isna().to_numpy())[0]) + 2}: empty uCode")
    codes = codes.astype(str).str.strip()
    dup = sorted(codes[codes.duplicated()].unique())
    if dup:
        raise DataError(f"{dn}: duplicate uCode(s) {', '.join(dup[:5])}")
    meta = meta.copy()
    meta["iCode"] = meta["iCode"].astype(str).str.strip()
    dupm = sorted(meta["iCode"][meta["iCode"].duplicated()].unique())
    if dupm:
        raise DataError(f"{mn}: duplicate iCode(s) {', '.join(dupm[:5])}")
    types = {"Indicator", "Aggregate", "Group", "Denominator", "Other"}
    bad_type = meta.loc[~meta["Type"].isin(types), "iCode"]
    if len(bad_type):
        raise DataError(f"{mn}: iCode {bad_type.iloc[0]!r}: Type must be one of {', '.join(sorted(types))}")
    for col in ("Level", "Direction", "Weight"):
        meta[col] = _numbers(meta, col, mn, meta["iCode"])
    data = data.copy()
    data["uCode"] = codes
    inp = CoinrInput(data.set_index("uCode"), meta.reset_index(drop=True), dn, mn)
    need = [c for c in inp.indicators + inp.groups + inp.denominators if c not in inp.data.columns]
    if need:
        raise DataError(f"{dn}: no column for iMeta code(s) {', '.join(need[:8])}")
    for c in inp.indicators + inp.denominators:
        inp.data[c] = _numbers(inp.data, c, dn, pd.Series(inp.data.index))
    return inp


def _level_of(meta: pd.DataFrame, source: str) -> dict[str, int]:
    rows = meta[meta["Type"].isin(["Indicator", "Aggregate"])]
    if rows["Level"].isna().any():
        raise DataError(f"{source}: every Indicator and Aggregate needs a Level")
    return {str(c): int(lv) for c, lv in zip(rows["iCode"], rows["Level"])}


def framework_spec(inp: CoinrInput, fid: str = "coinr_index", name: str | None = None,
                   method: Method | None = None) -> dict[str, Any]:
    """The framework (YAML mapping) described by iMeta.

    The tree follows ``Parent`` (each level-L aggregate holds level L-1 codes); the top level must
    hold a single aggregate (the index). Weights, directions, units and denominators are copied;
    names are ``iName`` in both languages. The method defaults to :func:`example_method`.
    """
    meta, src = inp.meta, inp.meta_name
    level = _level_of(meta, src)
    rows = {str(r["iCode"]): r for _, r in meta.iterrows() if r["Type"] in ("Indicator", "Aggregate")}
    kids: dict[str, list[str]] = {c: [] for c in rows}
    tops = []
    for code, r in rows.items():
        parent = r["Parent"]
        if pd.isna(parent):
            tops.append(code)
            continue
        parent = str(parent).strip()
        if parent not in rows or rows[parent]["Type"] != "Aggregate":
            raise DataError(f"{src}: iCode {code!r}: Parent {parent!r} is not an aggregate of iMeta")
        if level[parent] != level[code] + 1:
            raise DataError(f"{src}: iCode {code!r} (level {level[code]}) has parent {parent!r} "
                            f"at level {level[parent]}; a parent is one level up")
        kids[parent].append(code)
    if len(tops) != 1:
        raise DataError(f"{src}: icttools needs one index at the top level; found {len(tops)}: "
                        f"{', '.join(tops[:5])}")
    for code, r in rows.items():
        if r["Type"] == "Indicator" and level[code] != 1:
            raise DataError(f"{src}: indicator {code!r} must be at level 1")
        if r["Type"] == "Aggregate" and not kids[code]:
            raise DataError(f"{src}: aggregate {code!r} has no children")

    def label(r) -> str:
        nm = r.get("iName")
        return str(nm) if isinstance(nm, str) and nm.strip() else str(r["iCode"])

    def node(code: str) -> dict[str, Any]:
        r = rows[code]
        out: dict[str, Any] = {"id": code, "name_vi": label(r), "name_en": label(r), "weight": float(r["Weight"])}
        if level[code] == 2:
            out["indicators"] = [indicator(c) for c in kids[code]]
        else:
            out["children"] = [node(c) for c in kids[code]]
        return out

    def indicator(code: str) -> dict[str, Any]:
        r = rows[code]
        out: dict[str, Any] = {"id": code, "name_vi": label(r), "name_en": label(r),
                               "weight": float(r["Weight"]), "direction": int(r["Direction"])}
        unit = r.get("Unit")
        if isinstance(unit, str) and unit.strip():
            out["unit"] = unit.strip()
        den = r.get("Denominator")
        if isinstance(den, str) and den.strip():
            if den.strip() not in inp.data.columns:
                raise DataError(f"{src}: indicator {code!r}: Denominator {den.strip()!r} is not a column of iData")
            out["denominator"] = den.strip()
        return out

    for code, r in rows.items():
        if r["Type"] == "Indicator" and r["Direction"] not in (1, -1):
            raise DataError(f"{src}: indicator {code!r}: Direction must be 1 or -1, got {r['Direction']!r}")
        if not r["Weight"] > 0:
            raise DataError(f"{src}: iCode {code!r}: icttools needs a positive Weight, got {r['Weight']!r}")
    m = method or example_method(inp)
    return {
        "id": fid,
        "name_vi": name or str(rows[tops[0]].get("iName") or fid),
        "name_en": name or str(rows[tops[0]].get("iName") or fid),
        "unit_name_vi": "đơn vị",
        "unit_name_en": "unit",
        "source": f"imported from COINr tables {inp.data_name}, {inp.meta_name}",
        "units": {"from_data": True, "code": "uCode", "name": "uName" if "uName" in inp.data.columns else None,
                  "groups": inp.groups, "denominators": inp.denominators},
        "method": m.to_spec(),
        "root": node(tops[0]),
    }


def example_method(inp: CoinrInput | None = None, **options: str | None) -> Method:
    """COINr's ``build_example_coin()`` steps, with command-line forms in ``options`` replacing
    any of them (``"none"``/``"off"``/None removes a step; normalise/aggregate cannot be removed).

    The example imputes by ``EurAsia_group``; for other data without that column the default is
    the first ``Group`` column of iMeta, else the overall mean.
    """
    steps = dict(EXAMPLE_STEPS)
    if inp is not None and "EurAsia_group" not in inp.data.columns:
        steps["impute"] = f"group-mean:{inp.groups[0]}" if inp.groups else "mean"
    steps.update({k: v for k, v in options.items() if k in EXAMPLE_STEPS and v is not None})
    out = []
    for kind in ("denominate", "impute", "screen", "treat", "normalise"):
        st = parse_step_option(kind, steps[kind], where=f"--{kind}")
        if st is not None:
            out.append(st)
        elif kind == "normalise":
            raise FrameworkError("--normalise: a normalisation is required (identity: --normalise identity)")
    agg = parse_step_option("aggregate", steps["aggregate"], where="--aggregate")
    if agg is None:
        raise FrameworkError("--aggregate: an aggregation is required")
    out.append(agg)
    # COINr does not round and ranks with ties.method = "min" (competition ranking)
    return Method(steps=tuple(out), rounding=None, ranking="competition", missing="skip")


def _framework(inp: CoinrInput, method: Method) -> Framework:
    return build_framework(framework_spec(inp, method=method), source=inp.meta_name)


def coinr_columns(inp: CoinrInput, stage: str) -> list[str]:
    """COINr's column order of a stage: indicators (iMeta order), then, for ``Aggregated``, the
    aggregates level by level, sorted by code within a level (``tapply`` over ``Parent``)."""
    cols = list(inp.indicators)
    if stage == "Aggregated":
        level = _level_of(inp.meta, inp.meta_name)
        aggs = [c for c in inp.codes("Aggregate")]
        for lv in sorted({level[c] for c in aggs}):
            cols += sorted((c for c in aggs if level[c] == lv), key=lambda c: (c.lower(), c))
    return cols


def build(inp: CoinrInput, **options: str | None) -> tuple[PipelineResult, Framework]:
    """Run the COINr-style pipeline (defaults: :data:`EXAMPLE_STEPS`) on the two tables."""
    method = example_method(inp, **options)
    fw = _framework(inp, method)
    return run_pipeline(inp.data, fw), fw


def stage_table(inp: CoinrInput, result: PipelineResult, stage: str) -> pd.DataFrame:
    """One stage as COINr's ``get_dset()`` gives it: ``uCode`` then the stage's columns, rows
    sorted by ``uCode`` (``new_coin`` sorts them)."""
    if stage not in STAGES:
        raise InputError(f"--stage: {stage!r} is not one of {', '.join(STAGES)}")
    df = result.stage(stage)[coinr_columns(inp, stage)]
    df = df.loc[sorted(df.index)]
    return df.rename_axis("uCode").reset_index()


def write_import(inp: CoinrInput, out_dir: str | Path, fid: str = "coinr_index") -> tuple[Path, Path]:
    """Write ``<fid>.yaml`` (the framework) and ``<fid>_data.csv`` (the data) into ``out_dir``.

    The data table keeps ``uCode``, ``uName``, the group and denominator columns and the
    indicators, rows in the order of iData; both files are written atomically.
    """
    spec = framework_spec(inp, fid=fid)
    build_framework(spec, source=f"{fid}.yaml")  # the written file must load
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    header = (f"# Framework imported from COINr tables ({inp.data_name}, {inp.meta_name}) by "
              f"`icttools import-coinr`.\n# Method: COINr's build_example_coin() steps; edit `method:` to change them.\n")
    yml = atomic_write_text(out / f"{fid}.yaml",
                            header + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=110))
    cols = [c for c in ["uName"] + inp.groups + inp.denominators + inp.indicators if c in inp.data.columns]
    data = inp.data[cols].rename_axis("uCode").reset_index()
    csv = atomic_write_csv(data, out / f"{fid}_data.csv", index=False, na_rep="NA")
    return yml, csv
