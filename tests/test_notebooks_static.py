"""Static checks of the report templates in ``notebooks/`` (nothing is executed).

The templates are run by papermill on a schedule and by nbval in CI; these checks catch what
would break those runs or make them non-reproducible: parameters (exactly one tagged cell, the
eight names with type hints and defaults, as papermill sees them), the kernel name, stored
outputs, execution counts, file names, thin cells, calls to helpers that do not exist, and the
reader's order: title and banner, key messages, sections, the annex last.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from icttools import report

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

EXPECTED = [
    "00_data_quality",
    "01_index_overview",
    "02_gap_analysis",
    "03_rank_sensitivity",
    "04_targets_scenarios",
    "05_trends",
    "06_leader_brief",
]

#: name -> (annotation, default) of the parameters cell.
PARAMETERS = {
    "year": ("int", 2018),
    "province": ("str", "02"),
    "framework": ("str", "ict_index_2016"),
    "units": ("str", ""),
    "data_dir": ("str", ""),
    "lang": ("str", "vi"),
    "target_rank": ("int", 10),
    "seed": ("int", 20190418),
    "n_samples": ("int", 2000),
}

MAX_LINES = 6
HELPER_MODULES = {"report": report}


def template_paths() -> list[Path]:
    """The report templates (``NN_name.ipynb``); ``explore.ipynb`` is an analyst's tour, not a report."""
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if re.match(r"\d{2}_", p.name))


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.fixture(scope="module", params=EXPECTED)
def notebook(request):
    path = NOTEBOOKS / f"{request.param}.ipynb"
    assert path.exists(), f"missing template {path.name}"
    return path, nbformat.read(path, as_version=4)


def test_the_seven_templates_and_nothing_else():
    from icttools.present.i18n import NOTEBOOK_TITLES, REPORT_NOTEBOOKS

    assert [p.stem for p in template_paths()] == EXPECTED == list(REPORT_NOTEBOOKS)
    assert [p[:2] for p in EXPECTED] == list(NOTEBOOK_TITLES)


def test_file_names_are_ascii_slugs():
    for p in template_paths():
        assert p.name.isascii(), p.name
        assert re.fullmatch(r"\d{2}_[a-z0-9_]+\.ipynb", p.name), p.name


def test_valid_nbformat_and_kernelspec(notebook):
    path, nb = notebook
    nbformat.validate(nb)
    ks = nb.metadata.get("kernelspec", {})
    assert ks.get("name") == "python3", path.name
    assert ks.get("display_name") == "Python 3 (ipykernel)", path.name
    assert "papermill" not in nb.metadata, f"{path.name}: stored with papermill metadata (an executed copy?)"


def test_stored_without_outputs(notebook):
    path, nb = notebook
    for k, cell in enumerate(code_cells(nb)):
        assert cell.outputs == [], f"{path.name}: code cell {k} has outputs"
        assert cell.execution_count is None, f"{path.name}: code cell {k} has an execution count"
        assert "execution" not in cell.metadata and "papermill" not in cell.metadata


def test_exactly_one_parameters_cell_first(notebook):
    path, nb = notebook
    tagged = [k for k, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged 'parameters'"
    cell = nb.cells[tagged[0]]
    assert cell.cell_type == "code"
    assert cell is code_cells(nb)[0], f"{path.name}: the parameters cell must be the first code cell"


def _parameter_statements(nb) -> list[ast.stmt]:
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    return ast.parse(cell.source).body, cell.source


def test_parameters_names_types_defaults_and_comments(notebook):
    path, nb = notebook
    body, source = _parameter_statements(nb)
    found = {}
    for stmt in body:
        assert isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name), \
            f"{path.name}: the parameters cell may hold only annotated assignments"
        found[stmt.target.id] = (ast.unparse(stmt.annotation), ast.literal_eval(stmt.value))
    assert found == PARAMETERS, path.name
    assert list(found) == list(PARAMETERS), f"{path.name}: parameter order"
    for line in source.splitlines():
        assert re.search(r"\S\s+#\s*\S", line), f"{path.name}: no comment on {line!r}"
    province_line = next(line for line in source.splitlines() if line.startswith("province"))
    assert province_line == 'province: str = "02"  # GSO code, resolved inside icttools'
    data_dir_line = next(line for line in source.splitlines() if line.startswith("data_dir"))
    assert data_dir_line == 'data_dir: str = ""  # empty: the project\'s data folder (or $ICT_DATA_DIR)'


def test_papermill_sees_the_parameters(notebook):
    path, _ = notebook
    declared = pm.inspect_notebook(str(path))
    assert list(declared) == list(PARAMETERS)
    for name, (annotation, default) in PARAMETERS.items():
        info = declared[name]
        assert info["inferred_type_name"] == annotation, name
        assert ast.literal_eval(info["default"]) == default, name
        assert info["help"], f"{path.name}: parameter {name} has no help text"


def test_setup_then_header_then_key_messages_and_the_annex_last(notebook):
    path, nb = notebook
    cells = code_cells(nb)
    setup = ast.parse(cells[1].source)
    calls = [n for n in ast.walk(setup) if isinstance(n, ast.Call) and ast.unparse(n.func) == "report.setup"]
    assert len(calls) == 1, f"{path.name}: the cell after the parameters must call report.setup"
    assert {kw.arg for kw in calls[0].keywords} == set(PARAMETERS)
    assert all(ast.unparse(kw.value) == kw.arg for kw in calls[0].keywords), \
        f"{path.name}: report.setup must receive every parameter unchanged"
    assert not calls[0].args
    number = path.name[:2]
    assert cells[2].source.strip() == f'report.header(ctx, "{number}")'
    assert cells[3].source.strip() == f'report.key_messages(ctx, "{number}")'
    sources = [c.source.strip() for c in cells]
    annex = sources.index("report.annex_heading(ctx)")
    assert annex > 3 and sources.count("report.annex_heading(ctx)") == 1
    before = "\n".join(sources[4:annex])
    for annex_only in ("method_table", "parameters_table", "sources_table", "sobol_table", "montecarlo_note",
                       "plan_summary", "solver_notes", "scenario_operations", "indicator_stats", "outlier_note",
                       "published_table", "brief_method"):
        assert f"report.{annex_only}(" not in before, f"{path.name}: {annex_only} belongs in the annex"


def test_cells_are_thin_calls_to_icttools(notebook):
    path, nb = notebook
    for k, cell in enumerate(code_cells(nb)[2:], start=2):
        source = cell.source
        assert len(source.splitlines()) <= MAX_LINES, f"{path.name}: code cell {k} is long"
        tree = ast.parse(source)
        for stmt in tree.body:
            assert isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call), \
                f"{path.name}: code cell {k}: only calls (logic belongs in icttools): {ast.unparse(stmt)!r}"
            root = ast.unparse(stmt.value.func).split(".")[0]
            assert root == "report", f"{path.name}: code cell {k} calls {root} (charts go through report helpers)"


def test_every_helper_called_exists(notebook):
    path, nb = notebook
    for k, cell in enumerate(code_cells(nb)[1:], start=1):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = ast.unparse(node.func.value)
                if owner in HELPER_MODULES:
                    assert hasattr(HELPER_MODULES[owner], node.func.attr), \
                        f"{path.name}: code cell {k} calls {owner}.{node.func.attr}, which does not exist"


def test_charts_are_shown_by_report_helpers_with_their_alt_text(notebook):
    """A chart is drawn and shown by one report helper (``report.*_chart``), which displays the PNG
    with its alt text in the output's metadata and a caption, then closes the figure: no
    ``plt.show()``, no direct ``plots`` call, no trailing ';' (nbval runs cells with
    store_history=False, under which IPython ignores it)."""
    path, nb = notebook
    for k, cell in enumerate(code_cells(nb)):
        lines = cell.source.strip().splitlines()
        assert not lines or not lines[-1].rstrip().endswith(";"), f"{path.name}: code cell {k} ends with ';'"
        assert "plt." not in cell.source and "plots." not in cell.source, f"{path.name}: code cell {k}"
    charts = [c for c in code_cells(nb) if re.search(r"report\.\w+_chart\(", c.source)]
    if path.stem == "06_leader_brief":
        assert not charts  # two A4 pages: no chart
    else:
        assert charts, f"{path.name}: a report without a chart"


def test_no_volatile_or_machine_specific_code(notebook):
    path, nb = notebook
    text = "\n".join(c.source for c in nb.cells)
    for pattern in (r"datetime", r"\btime\.", r"np\.random", r"\brandom\.", r"/home/", r"/work/", r"C:\\",
                    r"MPLBACKEND", r"figure_formats", r"svg"):
        assert not re.search(pattern, text), f"{path.name}: {pattern!r} in the template"


def test_markdown_cells_are_bilingual_analyst_notes(notebook):
    """Markdown cells guide an analyst in JupyterLab; the report's words come from report helpers
    (they switch language), so every Markdown cell is a tagged note, in both languages, that the
    HTML export drops."""
    path, nb = notebook
    notes = [c for c in nb.cells if c.cell_type == "markdown"]
    assert notes, f"{path.name}: an unrun template should read well: add analyst notes"
    assert nb.cells[1].cell_type == "markdown", f"{path.name}: the second cell introduces the notebook"
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
    for k, cell in enumerate(notes):
        assert cell.metadata.get("tags") == ["analyst-note"], f"{path.name}: Markdown cell {k} is not tagged"
        assert vietnamese.search(cell.source) and re.search(r"\*[A-Z][a-z]", cell.source), \
            f"{path.name}: Markdown cell {k} needs Vietnamese and (italic) English"


def test_html_export_drops_the_analyst_notes(notebook):
    from icttools.run.htmlreport import export_html

    path, nb = notebook
    html = export_html(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            first = cell.source.splitlines()[0].lstrip("# ").strip()
            assert first[:30] not in html, f"{path.name}: analyst note reached the HTML"


def test_the_explore_notebook_is_a_stored_tour_not_a_report():
    from icttools.run.runplan import report_notebooks

    path = NOTEBOOKS / "explore.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert path not in report_notebooks(NOTEBOOKS)  # the runner never publishes it
    text = "\n".join(c.source for c in nb.cells)
    for call in ("icttools.load(", ".what_if(", ".gaps(", ".sensitivity(", ".targets(", "criteria_panel("):
        assert call in text, call
