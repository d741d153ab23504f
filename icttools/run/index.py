"""The index page for readers: ``outputs/index.html`` (Vietnamese) and ``outputs/index.en.html``.

Built from what is on disk (every report folder ``<year>/<code>-<slug>/<lang>/``: the reports'
sidecars and ``summary.json``), so separate runs accumulate and both languages are listed side by
side. The page opens with a headline and the date of the last update (the only date in any file a
run writes; ``SOURCE_DATE_EPOCH`` fixes it for reproducible builds), the count of reports, and the
provenance of the data once (which years are synthetic); then one section per year and one line per
province: rank, score, change since the year before, the kinds of data the reports use, the
reader's files (each report's HTML, the leaders' brief with its PDF, the Excel workbook) and, apart,
the analyst's files (notebooks, JSON). Failed reports and a year whose data failed are marked.

Every text that comes from a file (a data source, an error message) is escaped; links are relative
paths built from checked folder and file names only.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

from icttools.core.atomic import atomic_write_text
from icttools.present.i18n import LANGS
from icttools.present.strings_run import kind_text, rank_change_text, run_text
from icttools.run.folders import read_json, report_sidecars
from icttools.run.inputs import method_years_text
from icttools.run.unitsets import SEGMENT

__all__ = ["collect_index", "collect_segments", "render_index", "write_index", "index_date", "INDEX_FILES"]

#: The index page of each language, in the output folder.
INDEX_FILES = {"vi": "index.html", "en": "index.en.html"}
_SLUG = re.compile(r"^\d{2}-[a-z0-9\-]+$")
_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_MAX_ERROR = 240

_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 78em; color: #222;
       padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } .date { color: #555; margin-top: 0; }
h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.failed { color: #b03a2e; font-weight: bold; } .err { font-size: 0.9em; color: #7b241c; }
.synthetic { border: 2px solid #b9770e; background: #fef5e7; padding: 0.6em 1em; }
.yearfail { border: 2px solid #b03a2e; background: #fdecea; padding: 0.6em 1em; }
.lang { font-weight: bold; } ul.files { margin: 0.2em 0 0.5em 1.2em; padding: 0; }
details summary { cursor: pointer; color: #444; }
td.name, td.kind { min-width: 8.5em; } td.name { white-space: nowrap; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { font-size: 9pt; max-width: none; margin: 0; padding: 0; }
  th, td { padding: 0.2em 0.35em; }
  details { display: none; } a { color: inherit; }
  /* the analyst's files (notebooks, JSON) are folded on screen and of no use on paper */
  th.analyst, td.analyst { display: none; }
}
""".strip()


# --- collecting ---------------------------------------------------------------------------------

def collect_index(output_dir: str | os.PathLike, segment: str = "") -> dict[int, dict[str, dict[str, Any]]]:
    """Every report folder of ``output_dir``: ``{year: {slug: {"province": {...}, "langs": {lang:
    {"folder", "summary", "reports": [sidecar, ...]}}}}}``, sorted (years, GSO codes, notebooks).

    Hidden folders (``.tmp-*``, ``.old-*``) and folders that are not ``<year>/<code>-<slug>/<lang>``
    are skipped. ``segment``: read ``<output_dir>/<segment>/`` (another index or unit set, see
    :mod:`icttools.run.unitsets`); its folders are then ``<segment>/<year>/<code>-<slug>/<lang>``.
    """
    out = Path(output_dir) / segment if segment else Path(output_dir)
    prefix = f"{segment}/" if segment else ""
    years: dict[int, dict[str, dict[str, Any]]] = {}
    if not out.is_dir():
        return years
    for ydir in sorted((p for p in out.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)):
        provinces: dict[str, dict[str, Any]] = {}
        for pdir in sorted((p for p in ydir.iterdir() if p.is_dir() and _SLUG.match(p.name)),
                           key=lambda p: (int(p.name[:2]), p.name)):
            langs: dict[str, Any] = {}
            for lang in LANGS:
                folder = pdir / lang
                sidecars = report_sidecars(folder)
                summary = read_json(folder / "summary.json") if folder.is_dir() else None
                if sidecars or summary:
                    langs[lang] = {"folder": f"{prefix}{ydir.name}/{pdir.name}/{lang}", "summary": summary,
                                   "reports": [sidecars[k] for k in sorted(sidecars)]}
            if langs:
                first = next(iter(langs.values()))
                given = (first["summary"] or {}).get("province") or (first["reports"][0].get("province")
                                                                     if first["reports"] else {}) or {}
                provinces[pdir.name] = {"province": given, "langs": langs}
        if provinces:
            years[int(ydir.name)] = provinces
    return years


def collect_segments(output_dir: str | os.PathLike) -> dict[str, dict[int, dict[str, dict[str, Any]]]]:
    """The reports of other indices or unit sets: ``{segment: collect_index(output_dir, segment)}``
    for every ``<output_dir>/<segment>/`` folder (``papi_2018``, ``ict_index_2016-34``), sorted."""
    out = Path(output_dir)
    if not out.is_dir():
        return {}
    found = {p.name: collect_index(out, p.name) for p in sorted(out.iterdir())
             if p.is_dir() and not p.name.isdigit() and SEGMENT.match(p.name)}
    return {k: v for k, v in found.items() if v}


def segment_title(segment: str, lang: str) -> str:
    """The heading of a segment: the index's name and the unit set, e.g. "PAPI – 63 tỉnh, thành phố"."""
    from icttools.core.framework import load_framework
    from icttools.core.units import parse_units

    fw_id, _, n = segment.partition("-")
    units = parse_units("vn34" if n == "34" else "vn63")
    try:
        fw = load_framework(fw_id)
        name = str(getattr(fw, f"name_{lang}", "") or fw_id)
    except Exception:  # noqa: BLE001 - a folder of a framework this version does not ship
        name = fw_id
    return f"{name} – {units.label(lang)}"


# --- rendering ----------------------------------------------------------------------------------

def index_date(lang: str = "vi", when: _dt.date | None = None) -> str:
    """The page's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    if when is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        when = (_dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date() if epoch.isdigit()
                else _dt.date.today())
    return when.strftime("%d/%m/%Y") if lang == "vi" else when.isoformat()


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _href(folder: str, name: Any) -> str | None:
    """A relative link to a file of a report folder, or None if a name is not a plain file name."""
    parts = folder.split("/")
    if len(parts) == 4 and SEGMENT.match(parts[0]):
        parts = parts[1:]
    if not (len(parts) == 3 and parts[0].isdigit() and _SLUG.match(parts[1]) and parts[2] in LANGS):
        return None
    if not isinstance(name, str) or not _FILE.match(name) or ".." in name:
        return None
    return f"{folder}/{name}"


def _link(folder: str, name: Any, label: str) -> str:
    href = _href(folder, name)
    return f'<a href="{_e(href)}">{_e(label)}</a>' if href else _e(label)


def _years_text(years: Iterable[int]) -> str:
    ys = sorted(set(int(y) for y in years))
    if not ys:
        return ""
    if ys == list(range(ys[0], ys[-1] + 1)) and len(ys) > 2:
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(str(y) for y in ys)


def _provenance(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    for lang_entry in entry["langs"].values():
        summary = lang_entry["summary"] or {}
        if summary.get("provenance"):
            return list(summary["provenance"])
        for side in lang_entry["reports"]:
            if side.get("provenance"):
                return list(side["provenance"])
    return []


def _kinds_text(provenance: list[Mapping[str, Any]], lang: str) -> str:
    by_kind: dict[str, list[int]] = {}
    for p in provenance:
        by_kind.setdefault(str(p.get("kind")), []).append(int(p.get("year", 0)))
    parts = [run_text("kind_years", lang, kind=kind_text(k, lang), years=_years_text(ys))
             for k, ys in sorted(by_kind.items(), key=lambda kv: (kv[0] != "real", kv[0]))]
    return "; ".join(parts) if parts else "—"


def _error_text(error: Any) -> str:
    if not isinstance(error, Mapping):
        return str(error or "")
    text = f'{error.get("ename") or ""}: {error.get("evalue") or ""}'.strip(": ")
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= _MAX_ERROR else first[:_MAX_ERROR - 1] + "…"


def _short_title(side: Mapping[str, Any]) -> str:
    if side.get("short_title"):
        return str(side["short_title"])
    title = str(side.get("title") or side.get("notebook") or "")
    return title.split(" – ")[0]


def _reader_files(entry: Mapping[str, Any], lang: str) -> str:
    blocks = []
    for rlang, item in entry["langs"].items():
        folder, items = item["folder"], []
        for side in item["reports"]:
            files = side.get("files") or {}
            title = _short_title(side)
            if side.get("status") == "ok":
                text = _link(folder, files.get("html"), title)
                if files.get("pdf"):
                    text += " (" + _link(folder, files.get("pdf"), run_text("idx_pdf", lang)) + ")"
            else:
                label = (_link(folder, files.get("html"), title) if files.get("html") else _e(title))
                text = (f'{label} <span class="failed">✗ {_e(run_text("idx_failed", lang))}</span> '
                        f'<span class="err">{_e(_error_text(side.get("error")))}</span>')
            items.append(f"<li>{text}</li>")
        workbook = ((item["summary"] or {}).get("files") or {}).get("workbook")
        if workbook:
            items.append(f"<li>{_link(folder, workbook, run_text('idx_workbook', lang))}</li>")
        blocks.append(f'<span class="lang">{_e(run_text(f"idx_lang_{rlang}", lang))}</span>'
                      f'<ul class="files">{"".join(items)}</ul>')
    return "".join(blocks)


def _analyst_files(entry: Mapping[str, Any], lang: str) -> str:
    items = []
    for rlang, item in entry["langs"].items():
        folder = item["folder"]
        for side in item["reports"]:
            files = side.get("files") or {}
            if files.get("ipynb"):
                items.append(f'<li>{_link(folder, files["ipynb"], files["ipynb"])} '
                             f'({_e(run_text(f"idx_lang_{rlang}", lang))})</li>')
        if item["summary"] is not None:
            items.append(f"<li>{_link(folder, 'summary.json', run_text('idx_summary', lang))} "
                         f"({_e(run_text(f'idx_lang_{rlang}', lang))})</li>")
    if not items:
        return "—"
    return (f"<details><summary>{_e(run_text('idx_notebook', lang))}, JSON</summary>"
            f'<ul class="files">{"".join(items)}</ul></details>')


def _row(entry: Mapping[str, Any], lang: str) -> str:
    prov = entry["province"]
    summary = next((i["summary"] for i in entry["langs"].values()
                    if i["summary"] and i["summary"].get("rank") is not None), None)
    name = f'{prov.get("gso_code", "")} {prov.get("name_vi", "")}'.strip()
    if summary:
        n = summary.get("n_units") or 63
        rank = _e(run_text("idx_rank_of", lang, rank=summary["rank"], n=n))
        score = _e(f'{summary["score"]:.4f}'.replace(".", "," if lang == "vi" else "."))
        prev = summary.get("previous") or None
        change = _e(rank_change_text(prev.get("rank") if prev else None, summary["rank"], lang))
        if prev:
            change += " " + _e(run_text("idx_previous", lang, year=prev.get("year"), rank=prev.get("rank")))
    else:
        rank = score = change = "—"
    return (f'<tr><td class="name">{_e(name)}</td><td class="num">{rank}</td><td class="num">{score}</td>'
            f'<td>{change}</td><td class="kind">{_e(_kinds_text(_provenance(entry), lang))}</td>'
            f'<td>{_reader_files(entry, lang)}</td><td class="analyst">{_analyst_files(entry, lang)}</td></tr>')


_COLUMNS = ("idx_col_province", "idx_col_rank", "idx_col_score", "idx_col_change", "idx_col_data",
            "idx_col_reports", "idx_col_analyst")


def _year_section(year: int, provinces: Mapping[str, Any], provenance: Mapping[int, Any], lang: str,
                  segment: str = "") -> list[str]:
    """The heading, the data's provenance, notes and failures of one year, and its table."""
    t = lambda key, **kw: _e(run_text(key, lang, **kw))  # noqa: E731
    anchor = f"{segment}-y{year}" if segment else f"y{year}"
    heading = t("idx_year", year=year)
    if segment:
        heading = f"{_e(segment_title(segment, lang))} – {heading}"
    lines = [f'<h2 id="{_e(anchor)}">{heading}</h2>']
    p = provenance.get(year)
    if p is not None:
        source = " — ".join(str(x) for x in (p.get("data_source") or p.get("error"), p.get("source")) if x)
        lines.append(f"<p>{t('idx_year_data', year=year, kind=kind_text(str(p.get('kind')), lang), source=source)}</p>")
    sides = [s for e in provinces.values() for i in e["langs"].values() for s in i["reports"]]
    notes = [s["method_years"] for s in sides if s.get("method_years")]
    if notes:
        lines.append(f"<p>{_e(method_years_text(notes[0], lang))}</p>")
    if sides and all(s.get("status") != "ok" and not (s.get("files") or {}) for s in sides):
        error = _error_text(sides[0].get("error"))
        lines.append(f'<p class="yearfail">✗ {t("idx_year_failed", year=year, error=error)}</p>')
    lines.append("<table>")
    head = [f'<th class="analyst">{t(k)}</th>' if k == "idx_col_analyst" else f"<th>{t(k)}</th>" for k in _COLUMNS]
    lines.append("<tr>" + "".join(head) + "</tr>")
    lines += [_row(e, lang) for e in provinces.values()]
    lines.append("</table>")
    return lines


def render_index(collected: Mapping[int, Mapping[str, Any]], lang: str = "vi", date: str | None = None,
                 segments: Mapping[str, Mapping[int, Mapping[str, Any]]] | None = None) -> str:
    """The HTML of the index page in ``lang`` for :func:`collect_index`'s result; ``segments``
    (:func:`collect_segments`) adds the reports of other indices or unit sets after them, each
    year's heading naming the index and the unit set."""
    t = lambda key, **kw: _e(run_text(key, lang, **kw))  # noqa: E731
    segments = segments or {}
    entries = [e for provinces in collected.values() for e in provinces.values()]
    entries += [e for seg in segments.values() for provinces in seg.values() for e in provinces.values()]
    sides = [s for e in entries for i in e["langs"].values() for s in i["reports"]]
    n_failed = sum(1 for s in sides if s.get("status") != "ok")
    years = sorted(set(collected) | {y for seg in segments.values() for y in seg})
    other = "en" if lang == "vi" else "vi"
    lines = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{t('idx_page_title')}</title>", f"<style>\n{_CSS}\n</style>", "</head>", "<body>",
             f"<h1>{t('idx_title')}</h1>", f'<p class="date">{t("idx_date", date=date or index_date(lang))}'
             f' · <a href="{INDEX_FILES[other]}">{t("idx_other_lang")}</a></p>']
    if entries:
        n = len({e["province"].get("gso_code") for e in entries})
        when = run_text("idx_year_word", lang, years=_years_text(years))
        lines.append(f"<p><strong>{t('idx_headline', n=n, years=when)}</strong></p>")
    else:
        lines.append(f"<p>{t('idx_headline_none')}</p>")
    lines.append(f"<p>{t('idx_counts', n=len(sides), ok=len(sides) - n_failed, failed=n_failed)}</p>")
    provenance = {int(p["year"]): p for provinces in collected.values() for e in provinces.values()
                  for p in _provenance(e)}
    synthetic = sorted({int(p["year"]) for e in entries for p in _provenance(e) if p.get("kind") == "synthetic"})
    if synthetic:
        lines.append(f'<p class="synthetic"><strong>⚠ {t("idx_synthetic")}.</strong> '
                     f'{t("idx_synthetic_note", years=_years_text(synthetic))}</p>')
    links = [f'<a href="#y{y}">{t("idx_year", year=y)}</a>' for y in sorted(collected)]
    links += [f'<a href="#{_e(s)}-y{y}">{_e(segment_title(s, lang))} – {t("idx_year", year=y)}</a>'
              for s, seg in segments.items() for y in sorted(seg)]
    if links:
        lines.append("<p>" + " · ".join(links) + "</p>")
    for year in sorted(collected):
        lines += _year_section(year, collected[year], provenance, lang)
    for segment, seg in segments.items():
        seg_prov = {int(p["year"]): p for provinces in seg.values() for e in provinces.values() for p in _provenance(e)}
        for year in sorted(seg):
            lines += _year_section(year, seg[year], seg_prov, lang, segment)
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def write_index(output_dir: str | os.PathLike) -> Path:
    """Rebuild ``index.html`` (Vietnamese) and ``index.en.html`` (English) atomically from every
    report folder of ``output_dir``; returns the path of ``index.html``."""
    out = Path(output_dir)
    collected, segments = collect_index(out), collect_segments(out)
    for lang, name in INDEX_FILES.items():
        atomic_write_text(out / name, render_index(collected, lang, segments=segments))
    return out / INDEX_FILES["vi"]
