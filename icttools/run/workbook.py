"""The results of one province and year as an Excel workbook, for colleagues without Python.

:func:`build_workbook` makes it from the Study's result objects (their ``.table``, numbers as
numbers): the ranking of every unit at every node, the gaps per criterion to each reference, the
break-even values, the least-effort plans, the scenario before and after, the trends and what moved
the rank, the sources and provenance of every year (the SYNTHETIC flag per year) and the technical
details. Every sheet has a title row (with the SYNTHETIC mark where it applies), a header row with
units (both frozen), fitted column widths and number formats; the province's row is highlighted.

Text from a data file, a scenario or a feasibility file is untrusted: control characters are
dropped and a text starting with ``=``, ``+``, ``-`` or ``@`` is stored as text with Excel's
quote prefix, never as a formula. The file is deterministic (no creation date, fixed zip times)
and written atomically. ``icttools export`` writes one; ``icttools run`` one in every report folder.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd

from icttools.core.atomic import atomic_write_bytes
from icttools.core.errors import IcttoolsError
from icttools.present.i18n import province_name, region_name
from icttools.present.strings_run import kind_text, run_text

__all__ = ["build_workbook", "write_workbook", "safe_text", "workbook_name", "default_scenario"]

_RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: The zip entries' time (the DOS epoch): the file carries no run date.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
_FMT = {"score": "0.0000", "rank": "0", "value": "#,##0.00##", "gap": "#,##0.00##;-#,##0.00##",
        "effort": "0.000", "int": "0", "share": "0.0"}


def workbook_name(year: int, slug: str, lang: str) -> str:
    """The workbook's file name in a report folder: ``ict-index-2018-02-ha-giang-vi.xlsx``."""
    return f"ict-index-{int(year)}-{slug}-{lang}.xlsx"


def safe_text(value: Any) -> str:
    """Text for a cell: control characters dropped (Excel rejects them)."""
    return _CONTROL.sub("", str(value))


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) or hasattr(value, "item"):
        v = value.item() if hasattr(value, "item") else value
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return v
    return str(value)


class _Sheets:
    """Writes sheets in one style: title row, header row, rows, formats, widths, highlight."""

    def __init__(self, lang: str, title: str, synthetic: bool):
        from openpyxl import Workbook

        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.lang, self.title, self.synthetic = lang, title, synthetic

    def add(self, key: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
            formats: Sequence[str | None], highlight: int | None = None) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        name = run_text(key, self.lang)
        ws = self.wb.create_sheet(name[:31])
        banner = self.title.replace("{sheet}", name)
        if self.synthetic:
            banner += " · " + run_text("xl_synthetic_mark", self.lang)
        self._put(ws, 1, 1, banner).font = Font(bold=True, color="9C5700" if self.synthetic else "000000")
        bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        for j, head in enumerate(headers, start=1):
            cell = self._put(ws, 2, j, head)
            cell.font, cell.alignment = bold, wrap
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        mark = PatternFill("solid", fgColor="FFF2CC")
        widths = [min(max(len(str(h)) * 0.55, 8), 40) for h in headers]
        for i, row in enumerate(rows, start=3):
            for j, value in enumerate(row, start=1):
                cell = self._put(ws, i, j, value)
                fmt = formats[j - 1] if j - 1 < len(formats) else None
                if fmt and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    cell.number_format = _FMT[fmt]
                if highlight is not None and i - 3 == highlight:
                    cell.fill, cell.font = mark, bold
                shown = len(f"{cell.value:.4f}") if isinstance(cell.value, float) else len(str(cell.value or ""))
                widths[j - 1] = max(widths[j - 1], min(shown + 2, 60))
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = round(w, 1)
        ws.freeze_panes = "A3"

    @staticmethod
    def _put(ws: Any, row: int, col: int, value: Any) -> Any:
        cell = ws.cell(row=row, column=col)
        value = _cell_value(value)
        if isinstance(value, str):
            value = safe_text(value)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text
            if value.startswith(_RISKY_START):
                cell.quotePrefix = True
        else:
            cell.value = value
        return cell

    def to_bytes(self) -> bytes:
        self.wb.properties.creator = "icttools"
        buf = io.BytesIO()
        self.wb.save(buf)
        return _normalised_zip(buf.getvalue())


def _normalised_zip(data: bytes) -> bytes:
    """The same workbook with fixed zip times and no creation or modification date."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(b"", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(fixed, body)
    return out.getvalue()


# --- the sheets ---------------------------------------------------------------------------------

def _ranking(sh: _Sheets, study: Any, code: str) -> None:
    lang, fw, n = sh.lang, study.framework, len(study.codes)
    ranks, scores = study.result.ranks, study.result.rounded
    root = fw.root.id
    # a unit without a total (a value missing, never filled) comes last, its ranks empty
    order = sorted(study.codes, key=lambda c: (pd.isna(ranks.at[c, root]), _int(ranks.at[c, root]) or 0, c))
    headers = [run_text("xl_code", lang), run_text("xl_province", lang), run_text("xl_region", lang)]
    formats: list[str | None] = [None, None, None]
    for node in fw.node_ids:
        headers += [run_text("xl_score_of", lang, node=fw.label(node, lang)),
                    run_text("xl_rank_of", lang, node=fw.label(node, lang), n=n)]
        formats += ["score", "rank"]
    rows = [[c, _name(c, lang, study.framework.units), _region(c, lang, study.framework.units)]
            + [v for node in fw.node_ids for v in (scores.at[c, node], _int(ranks.at[c, node]))] for c in order]
    sh.add("xl_sheet_ranking", headers, rows, formats, highlight=order.index(code))


def _int(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _name(code: str, lang: str, units: Any = None) -> str:
    try:
        return province_name(code, lang, units=units)
    except (ValueError, IcttoolsError):
        return code


def _region(code: str, lang: str, units: Any = None) -> str:
    try:
        return region_name(code, lang, units=units)
    except (ValueError, IcttoolsError):
        return ""


def _unit(fw: Any, key: str, lang: str) -> str:
    if fw.has_indicator(key):
        ind = fw.indicator(key)
        return ind.unit if lang == "vi" else ind.unit_en
    return run_text("xl_unit_score", lang)


def _level(fw: Any, key: str, lang: str) -> str:
    if fw.has_indicator(key):
        return run_text("xl_level_indicator", lang)
    node = fw.node(key)
    if node.is_group:
        return run_text("xl_level_group", lang)
    return run_text("xl_level_component" if node.depth == 1 else "xl_level_node", lang)


def _gaps(sh: _Sheets, study: Any, code: str, target_rank: int) -> None:
    lang, fw = sh.lang, study.framework
    table = study.gaps(code, target_rank=target_rank).table
    refs = ["leader", "above", "top_k", "region_best", "region_median", "median"]
    headers = [run_text("xl_id", lang), run_text("xl_name", lang), run_text("xl_level", lang),
               run_text("xl_unit", lang), run_text("xl_value", lang),
               run_text("xl_rank", lang, n=len(study.codes))]
    headers += [run_text(f"xl_gap_{r}", lang, k=target_rank) for r in refs]
    headers += [run_text("xl_leader", lang), run_text("xl_region_best", lang)]
    rows = []
    for key, row in table.iterrows():
        rows.append([key, fw.label(key, lang), _level(fw, key, lang), _unit(fw, key, lang), row["value"],
                     int(row["rank"])] + [row.get(f"gap_{r}") for r in refs]
                    + [_name(str(row["leader"]), lang, study.framework.units),
                       _name(str(row["region_best"]), lang, study.framework.units)])
    sh.add("xl_sheet_gaps", headers, rows, [None, None, None, None, "value", "rank"] + ["gap"] * 6)


def _breakeven(sh: _Sheets, study: Any, code: str, target_rank: int) -> None:
    lang, fw = sh.lang, study.framework
    table = study.sensitivity(code, target_rank=target_rank).table
    known = {"current": "xl_current", "sweep_lo": "xl_sweep_lo", "sweep_hi": "xl_sweep_hi",
             "rank_low": "xl_rank_low", "rank_high": "xl_rank_high", "swing": "xl_swing",
             "places_per_10pct": "xl_per_step"}
    cols = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    headers = [run_text("xl_id", lang), run_text("xl_criterion", lang), run_text("xl_unit", lang)]
    formats: list[str | None] = [None, None, None]
    for c in cols:
        if c in known:
            headers.append(run_text(known[c], lang))
        elif c == "break_even_target":
            headers.append(run_text("xl_breakeven_target", lang, k=target_rank))
        elif c.startswith("break_even_") and c[11:].isdigit():
            headers.append(run_text("xl_breakeven", lang, m=c[11:]))
        else:
            headers.append(c)  # a column added later keeps its own name
        formats.append("rank" if c in ("rank_low", "rank_high", "swing", "places_per_10pct") else "value")
    headers.append(run_text("xl_note", lang))
    rows = [[key, fw.label(key, lang), _unit(fw, key, lang)] + [row[c] for c in cols]
            + [run_text("xl_breakeven_note", lang) if any(pd.isna(row[c]) for c in cols
                                                          if c.startswith("break_even")) else None]
            for key, row in table.iterrows()]
    sh.add("xl_sheet_breakeven", headers, rows, formats)


def _plans(sh: _Sheets, study: Any, code: str, target_rank: int) -> None:
    lang, fw = sh.lang, study.framework
    headers = [run_text(k, lang) for k in ("xl_others", "xl_target_rank", "xl_verified_rank", "xl_feasible",
                                           "xl_total_effort", "xl_id", "xl_criterion", "xl_unit", "xl_current",
                                           "xl_target", "xl_change", "xl_effort", "xl_places_alone")]
    rows: list[list[Any]] = []
    try:
        modes = ["still"] + (["trend"] if study.previous is not None else [])
    except IcttoolsError:  # the year before is unreadable: its own reports say why
        modes = ["still"]
    for mode in modes:
        label = run_text(f"xl_others_{mode}", lang)
        try:
            plan = study.targets(code, rank=target_rank, others=mode).plan
        except IcttoolsError as exc:
            rows.append([label, target_rank, None, None, None, None, run_text("xl_no_plan", lang, why=str(exc))])
            continue
        head = [label, target_rank, plan.verified_rank, run_text("yes" if plan.feasible else "no", lang),
                plan.total_effort]
        for _, step in plan.plan.iterrows():
            iid = str(step["indicator"])
            rows.append(head + [iid, fw.label(iid, lang), _unit(fw, iid, lang), step["current"], step["target"],
                                step["change"], step["effort"], int(step["places_gained_alone"])])
        if plan.plan.empty:
            rows.append(head)
    sh.add("xl_sheet_plan", headers, rows, [None, "int", "int", None, "effort", None, None, None,
                                            "value", "value", "value", "effort", "int"])


def _scenario(sh: _Sheets, study: Any, code: str, scenario: Path | None) -> None:
    lang, fw = sh.lang, study.framework
    if scenario is None:
        from icttools.report.context import DEFAULT_SCENARIO

        name = DEFAULT_SCENARIO
        sh.add("xl_sheet_scenario", [run_text("xl_note", lang)],
               [[run_text("xl_no_scenario", lang, year=study.year, name=name)]], [None])
        return
    result = study.scenario(scenario)
    units = {p["gso_code"]: p for p in result.to_json(lang=lang)["provinces"]}
    root = fw.root.id
    order = sorted(units, key=lambda c: (units[c]["after"][f"{root}_rank"], c))
    headers = [run_text("xl_scenario", lang), run_text("xl_code", lang), run_text("xl_province", lang)]
    formats: list[str | None] = [None, None, None]
    for node in fw.node_ids:
        label = fw.label(node, lang)
        headers += [run_text(k, lang, node=label) for k in ("xl_before_score", "xl_after_score",
                                                             "xl_before_rank", "xl_after_rank")]
        formats += ["score", "score", "rank", "rank"]
    title = result.scenario.name(lang)
    rows = [[title, c, _name(c, lang, study.framework.units)] + [v for node in fw.node_ids for v in (
        units[c]["before"][f"{node}_score"], units[c]["after"][f"{node}_score"],
        units[c]["before"][f"{node}_rank"], units[c]["after"][f"{node}_rank"])] for c in order]
    sh.add("xl_sheet_scenario", headers, rows, formats, highlight=order.index(code) if code in order else None)


def _trends(sh: _Sheets, study: Any, code: str, provenance: Sequence[Mapping[str, Any]]) -> None:
    lang, fw = sh.lang, study.framework
    try:
        trend = study.trends(code)
    except IcttoolsError as exc:  # another year's file is broken: say so, keep the other sheets
        for key in ("xl_sheet_trends", "xl_sheet_attribution"):
            sh.add(key, [run_text("xl_note", lang)], [[run_text("xl_no_trends", lang, error=_first_line(exc))]],
                   [None])
        return
    kinds = {int(p["year"]): p.get("kind") for p in provenance}
    table = trend.table
    headers = [run_text("xl_year", lang), run_text("xl_data_kind", lang)]
    formats: list[str | None] = ["int", None]
    for node in fw.node_ids:
        headers += [run_text("xl_score_of", lang, node=fw.label(node, lang)),
                    run_text("xl_rank_of", lang, node=fw.label(node, lang), n=len(study.codes))]
        formats += ["score", "rank"]
    rows = [[int(y), kind_text(kinds[int(y)], lang) if int(y) in kinds else "—"]
            + [v for node in fw.node_ids for v in (table.at[y, f"{node}_score"], _int(table.at[y, f"{node}_rank"]))]
            for y in table.index]
    sh.add("xl_sheet_trends", headers, rows, formats, highlight=list(table.index).index(study.year)
           if study.year in table.index else None)
    att = trend.attribution
    if att is None:
        sh.add("xl_sheet_attribution", [run_text("xl_note", lang)],
               [[run_text("xl_no_attribution", lang, year=int(study.year) - 1)]], [None])
        return
    a, b = trend.years
    headers = [run_text("xl_id", lang), run_text("xl_node", lang), run_text("xl_rank_before", lang, year=a),
               run_text("xl_rank_after", lang, year=b)] + [run_text(k, lang) for k in (
                   "xl_rank_total", "xl_rank_own", "xl_rank_others", "xl_rank_interaction")]
    rows = [[r["node"], fw.label(r["node"], lang), r["rank_before"], r["rank_after"], r["total"], r["own"],
             r["others"], r["interaction"]] for _, r in att.iterrows()]
    sh.add("xl_sheet_attribution", headers, rows, [None, None] + ["int"] * 6)


def _sources(sh: _Sheets, study: Any, provenance: Sequence[Mapping[str, Any]],
             hashes: Mapping[str, Any], parameters: Mapping[str, Any]) -> None:
    from icttools.run.inputs import method_years, method_years_text

    lang, fw = sh.lang, study.framework
    headers = [run_text(k, lang) for k in ("xl_year", "xl_data_kind", "xl_synthetic_flag", "xl_source_file",
                                           "xl_data_source", "xl_sha256", "xl_method_note")]
    rows = []
    for p in provenance:
        note = method_years(fw, int(p["year"]))
        rows.append([int(p["year"]), kind_text(str(p.get("kind")), lang),
                     run_text("yes" if p.get("kind") == "synthetic" else "no", lang), p.get("source"),
                     p.get("data_source") or p.get("error"), (hashes.get(str(p["year"])) or {}).get("sha256"),
                     method_years_text(note, lang) if note else None])
    sh.add("xl_sheet_sources", headers, rows, ["int"], highlight=[int(p["year"]) for p in provenance].index(
        int(study.year)) if any(int(p["year"]) == int(study.year) for p in provenance) else None)
    m = fw.method
    items = [("xl_m_year", study.year), ("xl_m_province", parameters.get("province_name")),
             ("xl_m_framework", fw.id), ("xl_m_normalisation", m.normalisation),
             ("xl_m_aggregation", m.aggregation), ("xl_m_rounding", m.rounding),
             ("xl_m_target_rank", parameters.get("target_rank")), ("xl_m_seed", parameters.get("seed")),
             ("xl_m_lang", lang), ("xl_m_version", parameters.get("icttools"))]
    sh.add("xl_sheet_method", [run_text("xl_item", lang), run_text("xl_item_value", lang)],
           [[run_text(k, lang), v] for k, v in items], [None, None])


def build_workbook(study: Any, province: str, *, lang: str = "vi", target_rank: int = 10,
                   provenance: Sequence[Mapping[str, Any]] | None = None,
                   hashes: Mapping[str, Any] | None = None, seed: int | None = None,
                   scenario: str | Path | None = None) -> bytes:
    """The workbook of one province and year (see the module's docstring), as bytes.

    Parameters
    ----------
    study : Study
    province : str
        GSO code or name.
    lang : {"vi", "en"}
    target_rank : int
        The rank of the break-even "target" column and of the plans.
    provenance : list of dict, optional
        Every year's ``{"year", "kind", "source", "data_source"}``
        (:func:`icttools.run.inputs.year_provenance`); default: this year's table only.
    hashes : mapping, optional
        ``{"<year>": {"sha256": ...}}`` of the data files.
    seed : int, optional
        Recorded in the technical sheet.
    scenario : path, optional
        A scenario file for this year; None: the sheet says there is none.
    """
    from importlib.metadata import version

    from icttools.run.inputs import data_inputs, year_provenance

    code = study.unit(province)
    t, year = study.table, int(study.year)
    if hashes is None:  # the other years' files, and this Study's own table
        hashes = dict(data_inputs(study.location)["years"]) if study.location is not None else {}
        hashes[str(year)] = {"file": Path(t.source).name, "sha256": t.sha256}
    if provenance is None:
        others = year_provenance(study.location, study.framework, study.at_year) if study.location else []
        own = {"year": year, "kind": "synthetic" if t.is_synthetic else "real", "source": t.source,
               "data_source": t.data_source}
        provenance = sorted([p for p in others if int(p["year"]) != year] + [own], key=lambda p: int(p["year"]))
    synthetic = any(p.get("kind") == "synthetic" and int(p["year"]) == int(study.year) for p in provenance)
    units = study.framework.units
    title = run_text("xl_title", lang, year=study.year, name=_name(code, lang, units), sheet="{sheet}")
    sh = _Sheets(lang, title, synthetic)
    _ranking(sh, study, code)
    _gaps(sh, study, code, target_rank)
    _breakeven(sh, study, code, target_rank)
    _plans(sh, study, code, target_rank)
    _scenario(sh, study, code, Path(scenario) if scenario else None)
    _trends(sh, study, code, provenance)
    _sources(sh, study, provenance, hashes or {}, {"province_name": f"{code} {_name(code, lang, units)}",
                                                   "target_rank": target_rank, "seed": seed,
                                                   "icttools": version("icttools")})
    return sh.to_bytes()


def default_scenario(study: Any) -> Path | None:
    """The scenario report 04 shows (``<data>/raw/scenarios/plan126_ha_giang.yaml``) when it is for
    this year and framework, else None."""
    from icttools.analysis.scenario import load_scenario
    from icttools.report.context import DEFAULT_SCENARIO

    if study.location is None or study.framework.units.kind != "vn63":  # plan 126: the 63 provinces
        return None
    path = Path(study.location.root) / "raw" / "scenarios" / DEFAULT_SCENARIO
    if not path.is_file():
        return None
    try:
        sc = load_scenario(path, study.framework)
    except IcttoolsError:
        return None
    return path if sc.year == study.year and sc.framework == study.framework.id else None


def write_workbook(path: str | Path, study: Any, province: str, **options: Any) -> Path:
    """:func:`build_workbook`, written atomically to ``path``; returns the path."""
    return atomic_write_bytes(Path(path), build_workbook(study, province, **options))
