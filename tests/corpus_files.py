"""A corpus of bad and tricky input files, generated on demand (no binary file is committed).

Every file an operator may be sent: other encodings, Vietnamese number formats, province names,
Excel quirks, sizes, and things that are not tables at all. :func:`build` writes the corpus into
a folder and returns one :class:`Case` per check; ``tests/test_corpus.py`` runs every command
that reads data on every case. To look at the files::

    .venv/bin/python tests/corpus_files.py /tmp/corpus

The base table is the SYNTHETIC demo table of 2018 (``data/raw/ict_index/2018/indicators.csv``);
a file that should be read gives a ``reference`` file holding the same values written plainly,
so that "read right" means "the same results as the reference".
"""

from __future__ import annotations

import atexit
import csv
import io
import re
import shutil
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl

from icttools.core.framework import load_framework
from icttools.core.paths import project_root
from icttools.core.provinces import load_provinces, merge_2025
from icttools.ingest.counts import count_columns, formula_free_indicators
from icttools.ingest.encodings import encode_legacy

FW = load_framework()
DEMO = project_root() / "data" / "raw" / "ict_index" / "2018" / "indicators.csv"
TEMPLATE = project_root() / "data" / "raw" / "templates" / "ict_index_template.xlsx"
#: Rows of the big file, and characters of the big cell.
BIG_ROWS = 100_000
BIG_CELL = 200_000
# fixed zip entry time, so that the rewritten workbooks do not depend on the clock
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Case:
    """One check: a file, and what every command must do with it.

    ``ok``: read right (exit 0, the same results as ``reference``); otherwise exit 2 with a
    message containing ``expect``. ``args`` go to every command (``--sheet``). A partial table
    accepted by ``validate --allow-missing-provinces`` only: ``validate_args`` and
    ``validate_rows`` (the provinces ``validate`` then reads); every other command refuses it.
    """

    id: str
    file: str
    ok: bool
    expect: str = ""
    reference: str | None = None
    args: tuple[str, ...] = ()
    validate_args: tuple[str, ...] = ()
    validate_rows: int | None = None


def demo_rows() -> list[list[str]]:
    with open(DEMO, encoding="utf-8-sig", newline="") as fh:
        return [list(r) for r in csv.reader(fh)]


def csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def _num(text: str) -> float | int:
    v = float(text)
    return int(v) if v.is_integer() and "." not in text else v


def _sheet(rows: list[list[str]], ws=None, numbers: bool = True):
    """Rows into a worksheet; value cells as numbers (province codes stay text)."""
    if ws is None:
        wb = openpyxl.Workbook()
        ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            numeric = numbers and r > 1 and c > 3 and re.fullmatch(r"-?\d+(\.\d+)?", v)
            ws.cell(r, c).value = _num(v) if numeric else v
    return ws


def _rewrite_zip(data: bytes, edit: dict[str, callable]) -> bytes:
    """A copy of a zip with some members edited (``name -> function(bytes) -> bytes``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in edit:
                body = edit[info.filename](body)
            dst.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _save(wb, path: Path) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    data = _rewrite_zip(buf.getvalue(), {})
    path.write_bytes(data)
    return data


# --- the corpus --------------------------------------------------------------------------------

def build(folder: str | Path) -> list[Case]:
    """Write the corpus into ``folder``; the cases to check, in a fixed order."""
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)
    rows = demo_rows()
    head, body = rows[0], rows[1:]
    text = csv_text(rows)
    cases: list[Case] = []

    def write(name: str, content: str | bytes) -> str:
        (d / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return name

    def ok(id_: str, name: str, reference: str = "demo.csv", **kw) -> None:
        cases.append(Case(id_, name, True, reference=reference, **kw))

    def bad(id_: str, name: str, expect: str, **kw) -> None:
        cases.append(Case(id_, name, False, expect=expect, **kw))

    write("demo.csv", text)
    ok("demo", "demo.csv")

    # --- encodings -------------------------------------------------------------------------
    ok("utf8-bom", write("utf8_bom.csv", "\ufeff" + text))
    ok("utf8-crlf", write("utf8_crlf.csv", csv_text(rows, newline="\r\n")))
    tab_text = csv_text(rows, delimiter="\t", newline="\r\n")  # Excel's "Unicode Text"
    bad("utf16-le-bom", write("utf16le_bom.csv", b"\xff\xfe" + tab_text.encode("utf-16-le")), "UTF-16")
    bad("utf16-be-bom", write("utf16be_bom.csv", b"\xfe\xff" + text.encode("utf-16-be")), "UTF-16")
    bad("utf16-le-no-bom", write("utf16le_nobom.csv", text.encode("utf-16-le")), "UTF-16")
    # Vietnamese headers, as such files usually have
    vi_head = [["Mã tỉnh", "Tỉnh/thành phố", "Ghi chú"] + head[3:]] + body
    for enc, label in (("cp1258", "Windows-1258"), ("tcvn3", "TCVN3"), ("vni", "VNI")):
        bad(f"legacy-{enc}", write(f"legacy_{enc}.csv", encode_legacy(csv_text(vi_head), enc)), label)
    ascii_names = dict(zip(load_provinces()["gso_code"], load_provinces()["name_ascii"]))
    latin = [head] + [[r[0], ascii_names[r[0]], "données"] + r[3:] for r in body]
    # Latin-1, with no Vietnamese word to recognise: "not UTF-8", with the line
    bad("not-utf8", write("latin1.csv", csv_text(latin).encode("latin-1")), "not UTF-8 (the first bad byte is on line 2)")

    # --- numbers ---------------------------------------------------------------------------
    def reformat(fn, delimiter=",") -> str:
        out = [head] + [r[:3] + [fn(v, k) for k, v in enumerate(r[3:])] for r in body]
        return csv_text(out, delimiter=delimiter)

    ok("decimal-comma", write("decimal_comma.csv", reformat(lambda v, k: v.replace(".", ","), ";")))
    pct_cols = {k for k, ind in enumerate(FW.indicators) if ind.unit == "%"}
    forms = ("{}%", "{} %", "{}\u00a0%", "{}\u202f%")
    ok("percent-signs", write("percent_signs.csv", reformat(
        lambda v, k: forms[k % 4].format(v.replace(".", ",")) if k in pct_cols else v, ";")))
    ok("spaces-and-signs", write("spaces_signs.csv", reformat(
        lambda v, k: ("+" if k % 3 == 0 else "") + v + ("\u00a0" if k % 2 else " "))))
    ok("scientific", write("scientific.csv", reformat(lambda v, k: f"{float(v):.12E}" if k % 2 else v)))
    minus = [r[:] for r in body]
    minus[1][3] = "\u22121,5"
    bad("unicode-minus", write("unicode_minus.csv", csv_text([head] + minus)), "out-of-range")
    words = [r[:] for r in body]
    words[1][4] = "khoảng 100"
    bad("text-in-number", write("text_number.csv", csv_text([head] + words)), "non-numeric")

    # counts tables: large numbers with thousands separators, against the same counts plainly
    counts = _counts_rows()
    ok("counts-plain", write("counts_plain.csv", csv_text(counts)), reference="counts_plain.csv")
    seps = ("{:,}".format, lambda n: f"{n:,}".replace(",", "."), lambda n: f"{n:,}".replace(",", " "),
            lambda n: f"{n:,}".replace(",", "\u00a0"))
    grouped = [counts[0]] + [r[:2] + [seps[k % 4](int(v)) if v.isdigit() and int(v) >= 1_000_000
                                       else v for k, v in enumerate(r[2:])] for r in counts[1:]]
    ok("counts-thousands", write("counts_thousands.csv", csv_text(grouped, delimiter=";")),
       reference="counts_plain.csv")
    ambiguous = [r[:] for r in counts]
    ambiguous[2][2] = "17.094"
    bad("counts-ambiguous", write("counts_ambiguous.csv", csv_text(ambiguous)), "ambiguous")

    # --- province names --------------------------------------------------------------------
    alias = {"79": "TP.HCM", "77": "BR-VT", "46": "Thừa Thiên - Huế", "66": "Đắc Lắc",
             "17": "Hoà Bình", "01": "tp hà nội", "02": "TỈNH HÀ GIANG", "06": "Bắc Cạn"}
    named = [["Tỉnh/thành phố"] + head[2:]] + [[alias.get(r[0], r[1])] + r[2:] for r in body]
    ok("names-aliases", write("names_aliases.csv", csv_text(named)))
    nfd = [[unicodedata.normalize("NFD", c) for c in r] for r in named]
    ok("names-nfd", write("names_nfd.csv", csv_text(nfd)))
    typo = [r[:] for r in named]
    typo[2][0] = "Ha Giag"
    bad("name-typo", write("name_typo.csv", csv_text(typo)), "closest matches: 02 Hà Giang")
    hatay = [r[:] for r in named] + [["Hà Tây"] + body[0][2:]]
    bad("name-ha-tay", write("ha_tay.csv", csv_text(hatay)), "merged into Hà Nội on 1/8/2008")
    dup = [r[:] for r in rows]
    dup[3][0], dup[3][1] = "02", "Hà Giang"
    bad("duplicate", write("duplicate.csv", csv_text(dup)), "duplicate-province")
    merge = merge_2025().drop_duplicates("new_code")
    by_code = {r[0]: r for r in body}
    units = [["Tỉnh/thành phố"] + head[2:]] + [[u.new_name_vi] + by_code[u.old_gso_code][2:]
                                                for u in merge.itertuples()]
    bad("units-2025", write("units_2025.csv", csv_text(units)), "is a 2025 unit formed from")

    # --- Excel -----------------------------------------------------------------------------
    wb = openpyxl.Workbook()
    _sheet(rows, wb.active)
    plain = _save(wb, d / "plain.xlsx")
    ok("xlsx", "plain.xlsx")

    wb = openpyxl.Workbook()
    ws = _sheet(rows, wb.active, numbers=False)
    for r in range(2, len(rows) + 1):
        ws.cell(r, 1).value = int(rows[r - 1][0])  # codes typed as numbers: 2, not "02"
        for k in pct_cols:
            c = ws.cell(r, 4 + k)
            c.value, c.number_format = float(rows[r - 1][3 + k]) / 100, "0.00%"
    _save(wb, d / "percent_format.xlsx")
    ok("xlsx-percent-format", "percent_format.xlsx")

    wb = openpyxl.Workbook()
    ws = _sheet(rows, wb.active)
    cached = {}
    for r in (3, 10, 40):  # a formula in each of a few value cells, with the value Excel saved
        ws.cell(r, 5).value = f"=D{r}*0+{rows[r - 1][4]}"
        cached[f"E{r}"] = rows[r - 1][4]
    buf = io.BytesIO()
    wb.save(buf)

    def add_values(xml: bytes) -> bytes:
        s = xml.decode("utf-8")
        for ref, value in cached.items():
            s = re.sub(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>', rf"\1<v>{value}</v>", s)
        return s.encode("utf-8")

    write("formulas_saved.xlsx", _rewrite_zip(buf.getvalue(), {"xl/worksheets/sheet1.xml": add_values}))
    ok("xlsx-formulas-saved", "formulas_saved.xlsx")
    write("formulas_unsaved.xlsx", _rewrite_zip(buf.getvalue(), {}))
    bad("xlsx-formulas-unsaved", "formulas_unsaved.xlsx", "open and save the file in Excel")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(1, 1).value = "BẢNG SỐ LIỆU CHỈ SỐ ICT NĂM 2018"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    ws.cell(3, 4).value = "Hạ tầng kỹ thuật"
    ws.merge_cells(start_row=3, start_column=4, end_row=3, end_column=14)
    for c, h in enumerate(head, start=1):  # province and source headers merged over two rows
        if c <= 3:
            ws.cell(3, c).value = h
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
        else:
            ws.cell(4, c).value = h
    for r, row in enumerate(body, start=5):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c).value = _num(v) if c > 3 else v
    _save(wb, d / "title_merged_header.xlsx")
    ok("xlsx-title-merged-header", "title_merged_header.xlsx")

    wb = openpyxl.Workbook()
    wb.active.title = "Hướng dẫn"
    wb.active["A1"] = "Hướng dẫn: nhập số liệu vào sheet 'Số liệu', mỗi tỉnh một dòng"
    wb.active["A2"] = "Đơn vị: theo tiêu đề cột"
    _sheet(rows, wb.create_sheet("Số liệu"))
    _save(wb, d / "data_on_sheet2.xlsx")
    bad("xlsx-sheet2", "data_on_sheet2.xlsx", '--sheet "Số liệu"')
    ok("xlsx-sheet2-chosen", "data_on_sheet2.xlsx", args=("--sheet", "Số liệu"))

    wb = openpyxl.Workbook()
    ws = _sheet(rows, wb.active)
    for r in (10, 11, 12):
        ws.row_dimensions[r].hidden = True
    for c in range(len(head) + 1, len(head) + 6):  # formatted but empty columns after the table
        ws.cell(1, c).number_format = "0.00"
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = 12
    _save(wb, d / "hidden_rows.xlsx")
    ok("xlsx-hidden-rows", "hidden_rows.xlsx")
    ok("csv-trailing-empty-columns", write("trailing_columns.csv",
                                           csv_text([r + ["", "", ""] for r in rows])))

    wb = openpyxl.Workbook()
    ws = _sheet(rows, wb.active)
    ws.cell(5, 6).value = datetime(2018, 5, 12)
    ws.cell(5, 6).number_format = "dd/mm/yyyy"
    _save(wb, d / "date_cell.xlsx")
    bad("xlsx-date", "date_cell.xlsx", "a date or time, not a number")

    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb.worksheets[0]
    for r in (2, 3, 4):  # Hà Nội, Hà Giang, Cao Bằng filled; 60 rows with only code and name
        for c in range(3, ws.max_column + 1):
            ws.cell(r, c).value = _num(rows[r - 1][c])
    _save(wb, d / "template_3_filled.xlsx")
    bad("template-partial", "template_3_filled.xlsx", "only its name or code")
    bad("template-partial-allowed", "template_3_filled.xlsx", "only its name or code",
        validate_args=("--allow-missing-provinces",), validate_rows=3)
    write("template_empty.xlsx", TEMPLATE.read_bytes())
    bad("template-empty", "template_empty.xlsx", "a template not filled in")

    # --- sizes -----------------------------------------------------------------------------
    big_value = [r[:] for r in rows]
    big_value[5][6] = "1" * BIG_CELL
    bad("cell-200k-value", write("cell_200k_value.csv", csv_text(big_value)), "200,000 characters")
    big_note = [r[:] for r in rows]
    big_note[5][2] = "ghi chú " * (BIG_CELL // 8)
    ok("cell-200k-note", write("cell_200k_note.csv", csv_text(big_note)))
    lean = ["gso_code,fixed_phones_per100"] + [f"{body[k % 63][0]},{body[k % 63][3]}"
                                               for k in range(BIG_ROWS)]
    bad("rows-100k", write("rows_100k.csv", "\n".join(lean) + "\n"), "more than 10,000 rows")
    bad("rows-0", write("header_only.csv", csv_text([head])), "no rows under the header")
    wb = openpyxl.Workbook()
    _sheet([head], wb.active)
    _save(wb, d / "header_only.xlsx")
    bad("rows-0-xlsx", "header_only.xlsx", "no rows under the header")
    bad("empty-csv", write("empty.csv", b""), "the file is empty")
    bad("blank-lines", write("blank_lines.csv", "\n \n,,\n\n"), "no table")

    # --- not tables ------------------------------------------------------------------------
    rng = np.random.default_rng(11)
    junk = rng.integers(0, 256, 4096, dtype=np.uint8).tobytes()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + junk[:200]
    bad("png", write("chart.png", png), "PNG image")
    bad("png-as-csv", write("chart_png.csv", png), "PNG image")
    bad("jpeg-as-xlsx", write("photo_jpeg.xlsx", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + junk[:300]), "JPEG image")
    bad("pdf-as-xlsx", write("scan_pdf.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + junk[:300]), "PDF document")
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + junk[:1024]
    bad("xls", write("old_excel.xls", ole2), "Excel 97-2003")
    bad("xls-as-xlsx", write("old_excel.xlsx", ole2), "Excel 97-2003")
    html = "<html><body><table><tr><td>gso_code</td><td>Tỉnh</td></tr></table></body></html>"
    bad("html-as-xls", write("web_export.xls", html), "web page")
    bad("html-as-xlsx", write("web_export.xlsx", html), "web page")
    arch = io.BytesIO()
    with zipfile.ZipFile(arch, "w") as zf:
        zf.writestr(zipfile.ZipInfo("indicators.csv", _ZIP_TIME), text)
    bad("zip-as-xlsx", write("archive.xlsx", arch.getvalue()), "ZIP archive")
    bad("zip", write("archive.zip", arch.getvalue()), "ZIP archive")
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype", _ZIP_TIME), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr(zipfile.ZipInfo("content.xml", _ZIP_TIME), "<office:document-content/>")
    bad("ods", write("libreoffice.ods", ods.getvalue()), "OpenDocument")
    bad("xlsx-truncated", write("truncated.xlsx", plain[: len(plain) // 2]), "damaged or incomplete")
    bad("xlsx-bad-xml", write("bad_xml.xlsx", _rewrite_zip(plain, {
        "xl/worksheets/sheet1.xml": lambda b: b[: len(b) // 3]})), "damaged or incomplete")
    bad("csv-named-xlsx", write("csv_named.xlsx", text), "rename it to .csv")
    bad("xlsx-named-csv", write("xlsx_named.csv", plain), "rename it to .xlsx")
    bad("binary-junk", write("junk.csv", junk), "binary data")
    bad("empty-xlsx", write("empty.xlsx", b""), "the file is empty")
    (d / "a_folder.csv").mkdir(exist_ok=True)
    bad("folder", "a_folder.csv", "is a folder")
    bad("missing", "no_such_file.csv", "input file not found")
    return cases


def _counts_rows() -> list[list[str]]:
    """A counts table for the 63 provinces: large integer counts (seeded), scores 10-90."""
    rng = np.random.default_rng(7)
    prov = load_provinces()
    counts = count_columns(FW)
    free = formula_free_indicators(FW)
    head = ["gso_code", "Tỉnh/thành phố"] + counts + [i.id for i in free]
    out = [head]
    for code, name, pop in zip(prov["gso_code"], prov["name_vi"], prov["population_2019"]):
        row = {c: int(rng.integers(1_000_000, 5_000_000)) for c in counts}
        row["population"] = int(pop)
        row["civil_servants"] = int(rng.integers(20_000_000, 40_000_000))  # above computers and staff
        for ind in FW.indicators:
            f = ind.formula
            if f is not None and f.numerator not in ("agency_computers", "it_staff"):
                share = rng.uniform(0.1, 0.9) * (0.01 if f.factor == 1 else 1)
                row[f.numerator] = int(row[f.denominator] * share)
        # keep the relations that hold by definition (levels are cumulative; information-security
        # staff are IT staff), so a plain file gives no warning; no draw is added or moved
        levels = sorted((row[f"online_services_level{k}"] for k in range(1, 5)), reverse=True)
        row.update({f"online_services_level{k}": v for k, v in zip(range(1, 5), levels)})
        row["infosec_staff"] = min(row["infosec_staff"], row["it_staff"])
        out.append([code, name] + [str(row[c]) for c in counts]
                   + [f"{rng.uniform(10, 90):.2f}" for _ in free])
    return out


_BUILT: tuple[Path, list[Case]] | None = None


def cases() -> list[Case]:
    """The cases, with the corpus built once per process into a temporary folder (removed at
    exit): pytest needs the list when it collects the tests."""
    global _BUILT
    if _BUILT is None:
        folder = Path(tempfile.mkdtemp(prefix="icttools-corpus-"))
        atexit.register(shutil.rmtree, folder, True)
        _BUILT = folder, build(folder)
    return _BUILT[1]


def folder() -> Path:
    """Where :func:`cases` built the corpus."""
    cases()
    return _BUILT[0]


if __name__ == "__main__":  # pragma: no cover - a tool for looking at the files
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    for case in build(target):
        print(f"{case.id:28} {'read' if case.ok else 'refused':8} {case.file}")
