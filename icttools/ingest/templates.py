"""Input templates for one year's data: an indicator table and a raw-counts table (CSV and XLSX).

Run ``python -m icttools.ingest.templates [FOLDER]`` (default ``data/raw/templates``) to regenerate::

    ict_index_template.csv / .xlsx          gso_code, Tỉnh/thành phố, one column per indicator
    ict_index_counts_template.csv / .xlsx   gso_code, Tỉnh/thành phố, one column per raw count,
                                            then the indicators without a formula
    README.md                               columns, units, formulas, how to validate

Output is deterministic: the same framework and province list give byte-identical CSV and
README files, and XLSX files with fixed workbook properties and fixed zip timestamps (their
bytes depend only on the zlib build).
"""

from __future__ import annotations

import csv
import io as _stdio
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from icttools.core.atomic import atomic_write_bytes, atomic_write_text
from icttools.ingest.counts import POPULATION, count_columns, formula_free_indicators
from icttools.core.framework import Framework, load_framework
from icttools.core.paths import raw_dir
from icttools.core.provinces import load_provinces

__all__ = ["TEMPLATE_FILES", "FIXED_DATETIME", "indicator_header", "indicator_template_rows",
           "counts_template_rows", "write_templates", "main"]

TEMPLATE_FILES = ("ict_index_template.csv", "ict_index_template.xlsx",
                  "ict_index_counts_template.csv", "ict_index_counts_template.xlsx", "README.md")
#: Workbook created/modified date and zip entry time of the generated XLSX files.
FIXED_DATETIME = datetime(2020, 1, 1, 0, 0, 0)
CODE_HEADER = "gso_code"
NAME_HEADER = "Tỉnh/thành phố"


def indicator_header(ind) -> str:
    """The template header of an indicator: ``"{name_vi} ({unit})"``."""
    return f"{ind.name_vi} ({ind.unit})"


def _province_rows() -> list[list[str]]:
    prov = load_provinces()
    return [[c, n] for c, n in zip(prov["gso_code"], prov["name_vi"])]


def indicator_template_rows(framework: Framework | None = None) -> list[list[str]]:
    """Header plus 63 rows (code, name, empty values) of the indicator template."""
    fw = framework or load_framework()
    header = [CODE_HEADER, NAME_HEADER] + [indicator_header(i) for i in fw.indicators]
    width = len(fw.indicators)
    return [header] + [p + [""] * width for p in _province_rows()]


def counts_template_rows(framework: Framework | None = None) -> list[list[str]]:
    """Header plus 63 rows of the counts template (``population`` left empty: census 2019)."""
    fw = framework or load_framework()
    free = formula_free_indicators(fw)
    header = ([CODE_HEADER, NAME_HEADER] + count_columns(fw)
              + [indicator_header(i) for i in free])
    width = len(header) - 2
    return [header] + [p + [""] * width for p in _province_rows()]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buf = _stdio.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    # with a BOM, Excel opens the UTF-8 file with the right diacritics
    return buf.getvalue().encode("utf-8-sig")


def _uses(fw: Framework) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ind in fw.indicators:
        if ind.formula is not None:
            for c in ind.formula.counts:
                out.setdefault(c, []).append(ind.id)
    return out


def _xlsx_bytes(rows: list[list[str]], fw: Framework, kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    ws = wb.active
    ws.title = "du_lieu"
    for r in rows:
        ws.append([v if v != "" else None for v in r])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        cell.number_format = "@"  # keep leading zeros of codes
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 22
    for k in range(3, len(rows[0]) + 1):
        ws.column_dimensions[get_column_letter(k)].width = 24
    ws.row_dimensions[1].height = 75
    ws.freeze_panes = "C2"

    info = wb.create_sheet("chu_thich")
    if kind == "indicators":
        info.append(["id", "header", "unit", "range_min", "range_max", "formula", "name_en"])
        for i in fw.indicators:
            info.append([i.id, indicator_header(i), i.unit, i.range[0], i.range[1],
                         str(i.formula) if i.formula else "", i.name_en])
    else:
        uses = _uses(fw)
        info.append(["column", "used_for", "note"])
        for c in count_columns(fw):
            note = "empty = 2019 census population" if c == POPULATION else ""
            info.append([c, ", ".join(uses[c]), note])
        for i in formula_free_indicators(fw):
            info.append([indicator_header(i), i.id, f"score {i.range[0]:g}–{i.range[1]:g}"])
    for cell in info[1]:
        cell.font = bold
    for letter, width in zip("ABCDEFG", (30, 60, 18, 12, 12, 50, 50)):
        info.column_dimensions[letter].width = width

    props = wb.properties
    props.creator = "icttools"
    props.lastModifiedBy = "icttools"
    props.title = f"{fw.id} {kind} template"
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME

    buf = _stdio.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)).save()
    # repack with fixed entry times (zipfile stamps entries with the current time)
    out = _stdio.BytesIO()
    with zipfile.ZipFile(_stdio.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            zi = zipfile.ZipInfo(item.filename, date_time=FIXED_DATETIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(item.filename))
    return out.getvalue()


def _readme(fw: Framework) -> str:
    uses = _uses(fw)
    lines = [
        "# Input templates for one year of the ICT Index",
        "",
        "Generated by `python -m icttools.ingest.templates` from the framework "
        f"`{fw.id}` and the province list; do not edit by hand (edit the generator).",
        "",
        "| file | what to fill |",
        "| --- | --- |",
        "| `ict_index_template.csv` / `.xlsx` | the 30 indicator values of each province |",
        "| `ict_index_counts_template.csv` / `.xlsx` | raw counts; the indicators are derived "
        "with the formulas below (plus the 0–100 scores, given directly) |",
        "",
        "Copy a template to `data/raw/ict_index/<year>/indicators.csv` (or `indicators.xlsx`, "
        "`counts.csv`, `counts.xlsx`), fill it, and validate it:",
        "",
        "```",
        "icttools validate data/raw/ict_index/2018/indicators.csv --year 2018",
        "```",
        "",
        "or in Python: `icttools.ingest.io.read_table_or_counts(path, year=2018)`. Validation lists every "
        "problem at once, with the row number as the spreadsheet shows it (header = row 1) and "
        "the column header.",
        "",
        "## Rows and province columns",
        "",
        "One row per province, all 63 (provinces before the 2025-07-01 merger). `gso_code` is "
        "the GSO code with its leading zero (`02`); keep it as text in Excel. "
        "`Tỉnh/thành phố` is the name; when both are filled the code decides, and a name of "
        "another province is reported (`province-mismatch`). A table may also have only one of "
        "them (headers `gso_code`, `ma_tinh`, `Mã tỉnh`, `province`, `Tỉnh`, `Tỉnh/thành phố`, "
        "`Tỉnh, thành phố`), with codes or names such as `Hà Giang`, `TP.HCM`.",
        "",
        "Optional columns, not read as values: `data_source` (where the numbers come from; "
        "write `SYNTHETIC ...` for made-up data, reports will say so), `note` / `ghi_chu` / "
        "`Ghi chú`, `STT`. Any other column is reported (`unknown-column`).",
        "",
        "## Numbers",
        "",
        "* Decimal comma or point: `0,5066` and `0.5066` are the same. Thousands separators "
        "are allowed with a decimal part or in groups: `1.234,5`, `1,234.5`, `1 234,5`, "
        "`1.234.567`.",
        "* **A single separator is always decimal**: `1.234` and `1,234` are read as 1.234, "
        "not 1234. Write counts without separators (`1234`) or with spaces (`1 234`).",
        "* Percentages in percent units: `94,7` or `94,7%` (both 94.7). In XLSX, a cell "
        "formatted as percent is read as the percentage it shows.",
        "* Empty, `-`, `NA`, `n/a`: missing. A missing value is an error unless the validator is "
        "run with imputation (`regional-mean` or `national-mean`), which is then recorded.",
        "* Every value must lie in the indicator's range (`out-of-range` otherwise).",
        "",
        "CSV files: UTF-8 (the templates carry a BOM so that Excel shows the diacritics), "
        "separator `,` or `;` (detected; Excel with Vietnamese settings writes `;`).",
        "",
        "## Indicator template columns",
        "",
        "Headers may be the Vietnamese name with or without the unit, or the indicator id.",
        "",
        "| id | header | unit | range | formula (counts template) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for i in fw.indicators:
        lines.append(f"| `{i.id}` | {indicator_header(i)} | {i.unit} | "
                     f"{i.range[0]:g}–{i.range[1]:g} | {f'`{i.formula}`' if i.formula else 'given directly'} |")
    lines += [
        "",
        "## Counts template columns",
        "",
        "Each indicator with a formula is `numerator / denominator * factor` of two counts of "
        "the same province and year. An empty count needed by a formula is reported "
        "(`missing-count`), a zero denominator too (`division-by-zero`). Derived values are "
        "checked against the indicator ranges above. Write counts as plain integers (`17094`) "
        "or with spaces (`17 094`): a count like `17.094` or `17,094` is refused as ambiguous.",
        "",
        "| column | used for |",
        "| --- | --- |",
    ]
    for c in count_columns(fw):
        note = (" — leave empty to use the 2019 census population; give the annual average "
                "population of the year where known") if c == POPULATION else ""
        lines.append(f"| `{c}` | {', '.join(f'`{u}`' for u in uses[c])}{note} |")
    for i in formula_free_indicators(fw):
        lines.append(f"| {indicator_header(i)} | `{i.id}` (score, given directly) |")
    lines.append("")
    return "\n".join(lines)


def write_templates(folder: str | Path | None = None,
                    framework: Framework | None = None) -> list[Path]:
    """Write the templates and their README (each file atomically).

    Parameters
    ----------
    folder : str or Path, optional
        Default ``data/raw/templates``.
    framework : Framework, optional
        Default: the ICT Index 2016 framework.

    Returns
    -------
    list of Path
        The files written, in the order of :data:`TEMPLATE_FILES`.
    """
    fw = framework or load_framework()
    out = Path(folder) if folder is not None else raw_dir() / "templates"
    ind_rows = indicator_template_rows(fw)
    cnt_rows = counts_template_rows(fw)
    contents = {
        "ict_index_template.csv": _csv_bytes(ind_rows),
        "ict_index_template.xlsx": _xlsx_bytes(ind_rows, fw, "indicators"),
        "ict_index_counts_template.csv": _csv_bytes(cnt_rows),
        "ict_index_counts_template.xlsx": _xlsx_bytes(cnt_rows, fw, "counts"),
    }
    paths = [atomic_write_bytes(out / name, data) for name, data in contents.items()]
    paths.append(atomic_write_text(out / "README.md", _readme(fw)))
    return paths


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for p in write_templates(args[0] if args else None):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
