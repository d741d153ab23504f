"""Reader-facing output of the notebook runner: clean notebooks, HTML reports and ``index.html``.

* :class:`PathScrubber` replaces this machine's absolute paths (project root, notebooks, outputs,
  data, ``$HOME``, the temp folder) in every text of a notebook by relative or symbolic forms.
* :func:`clean_notebook` also drops papermill's and nbclient's timings and makes the papermill
  metadata paths relative, so that two runs of the same inputs give the same files.
* :func:`export_html` is the reader's page: nbconvert's ``--no-input`` export through the
  package's own template (``templates/icttools_report``: no script, no CDN, an A4 print
  stylesheet, ``lang``, alt texts), papermill's red error banners removed, and the whole page made
  inert by :mod:`icttools.run.htmlsafe`; :func:`add_failure_note` puts a short visible note on top
  of a failed report (the traceback output of the failed cell stays in the page: nbconvert keeps
  outputs when it hides inputs).
* :func:`collect_index_entries` / :func:`render_index` / :func:`write_index` build
  ``outputs/index.html`` from the JSON sidecars of every run folder, so separate invocations
  accumulate; no timestamps, no absolute paths, relative links only.
"""

from __future__ import annotations

import copy
import functools
import html
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from icttools.core.atomic import atomic_write_text

if TYPE_CHECKING:  # nbformat is imported where used: it is slow to import
    import nbformat

__all__ = [
    "ERROR_CELL_TAG",
    "NOTE_CELL_TAG",
    "PathScrubber",
    "clean_notebook",
    "add_failure_note",
    "export_html",
    "image_alt",
    "page_css",
    "page_language",
    "page_title",
    "read_sidecar",
    "collect_index_entries",
    "render_index",
    "write_index",
]

#: Tag papermill puts on its red "An Exception was encountered" banner cells.
ERROR_CELL_TAG = "papermill-error-cell-tag"
#: Tag of the note :func:`add_failure_note` prepends to a failed report.
NOTE_CELL_TAG = "icttools-error-note"
#: Tag of the Markdown cells written for analysts in JupyterLab; readers of the HTML never see them.
ANALYST_NOTE_TAG = "analyst-note"

_PAPERMILL_TIMING_KEYS = ("start_time", "end_time", "duration")
_IPYKERNEL_CELL = re.compile(r"ipykernel_\d+[/\\]\d+\.py")


# --- absolute paths -----------------------------------------------------------------------------

class PathScrubber:
    """Replace absolute paths of this machine in text by relative or symbolic forms.

    Parameters
    ----------
    replacements : iterable of (path, replacement)
        ``replacement`` is what the folder becomes: ``"."`` for the project root (so
        ``<root>/notebooks/x`` becomes ``notebooks/x``), ``"outputs"``, ``"~"``, ``"$TMPDIR"``...
        Both the path as given and its resolved form (symlinks) are replaced; longer paths first,
        so a folder inside another keeps its own replacement. A path only matches as a whole
        component (``/tmp/a`` does not touch ``/tmp/ab``). Filesystem roots are ignored.
    """

    def __init__(self, replacements: Iterable[tuple[str | os.PathLike, str]]):
        pairs: dict[str, str] = {}
        for path, repl in replacements:
            if path is None or str(path) == "":
                continue
            for form in {os.path.abspath(os.fspath(path)), os.path.realpath(os.fspath(path))}:
                form = form.rstrip("/\\")
                if len(form) <= 1 or form in pairs:  # "" or "/" would eat everything
                    continue
                pairs[form] = repl
        self.pairs: tuple[tuple[str, str], ...] = tuple(
            sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))
        if self.pairs:
            alternatives = "|".join(re.escape(p) for p, _ in self.pairs)
            self._pattern: re.Pattern[str] | None = re.compile(
                rf"(?:{alternatives})(?:(/)|(?![\w.\-]))")
        else:
            self._pattern = None
        self._lookup = dict(self.pairs)

    def _sub(self, m: re.Match[str]) -> str:
        slash = m.group(1)
        path = m.group(0)[:-1] if slash else m.group(0)
        repl = self._lookup[path]
        if slash:
            return "" if repl == "." else repl + "/"
        return repl

    def scrub(self, text: str) -> str:
        """``text`` with every known absolute path replaced, and ipykernel's per-run cell file
        names (``ipykernel_<pid>/<hash>.py``, seen in warnings) made constant."""
        if not text:
            return text
        if self._pattern is not None:
            text = self._pattern.sub(self._sub, text)
        return _IPYKERNEL_CELL.sub("ipykernel_cell.py", text)

    def scrub_obj(self, obj: Any) -> Any:
        """A copy of a JSON-like object (dicts, lists, strings) with every string scrubbed.

        Base64 image data (``image/png``, ``image/jpeg``, ...) is left alone: a random ``/tmp/``
        inside it must not be touched.
        """
        if isinstance(obj, str):
            return self.scrub(obj)
        if isinstance(obj, Mapping):
            out = {}
            for k, v in obj.items():
                if isinstance(k, str) and k.startswith("image/") and k != "image/svg+xml":
                    out[k] = v
                else:
                    out[k] = self.scrub_obj(v)
            return out
        if isinstance(obj, (list, tuple)):
            return [self.scrub_obj(v) for v in obj]
        return obj

    @classmethod
    def for_run(cls, *, project_root: str | os.PathLike | None, notebooks_dir: str | os.PathLike,
                output_dir: str | os.PathLike,
                data_dirs: Iterable[str | os.PathLike] = ()) -> "PathScrubber":
        """The scrubber the runner uses.

        Folders inside the project root become root-relative (``notebooks``, ``outputs``,
        ``data/raw/ict_index``); outside it, the notebooks folder becomes ``notebooks``, the
        output folder ``outputs`` and a data folder ``data`` (one inside another data folder:
        ``data/<relative path>``); then the project root becomes
        ``.``, ``$HOME`` ``~`` and the temp folder ``$TMPDIR``.
        """
        root = Path(project_root).resolve() if project_root else None

        def rel(p: str | os.PathLike, fallback: str) -> str:
            q = Path(p).resolve()
            if root is not None:
                try:
                    r = q.relative_to(root).as_posix()
                    return r or "."
                except ValueError:
                    pass
            return fallback

        reps: list[tuple[str | os.PathLike, str]] = [
            (notebooks_dir, rel(notebooks_dir, "notebooks")),
            (output_dir, rel(output_dir, "outputs")),
        ]
        datas = sorted({Path(d).resolve() for d in data_dirs if d}, key=lambda p: len(p.parts))
        for d in datas:
            outer = next((o for o in datas if o != d and o in d.parents), None)
            fallback = "data" if outer is None else "data/" + d.relative_to(outer).as_posix()
            reps.append((d, rel(d, fallback)))
        if root is not None:
            reps.append((root, "."))
        home = os.path.expanduser("~")
        if home and home not in ("/", "~"):
            reps.append((home, "~"))
        reps.append((tempfile.gettempdir(), "$TMPDIR"))
        return cls(reps)


# --- notebooks ----------------------------------------------------------------------------------

def clean_notebook(nb: nbformat.NotebookNode, scrubber: PathScrubber, *, input_path: str,
                   output_path: str, cwd: str, title: str | None = None) -> nbformat.NotebookNode:
    """A deterministic, path-free copy of an executed notebook.

    Parameters
    ----------
    nb : NotebookNode
        As written by papermill.
    scrubber : PathScrubber
    input_path, output_path, cwd : str
        Relative paths recorded in ``metadata.papermill`` (``input_path``, ``output_path``,
        ``cwd``) instead of papermill's absolute ones.
    title : str, optional
        Stored as ``metadata.title`` (nbconvert's page title).

    Returns
    -------
    NotebookNode
        papermill's ``start_time``/``end_time``/``duration`` (notebook and cells) and nbclient's
        ``metadata.execution`` timestamps removed; the cells papermill added (injected parameters,
        error banners) get fixed ids instead of random ones; every string scrubbed (images
        excepted).
    """
    import nbformat

    nb = copy.deepcopy(nb)
    pm = nb.metadata.get("papermill")
    if pm is not None:
        for key in _PAPERMILL_TIMING_KEYS:
            pm.pop(key, None)
        pm["input_path"] = input_path
        pm["output_path"] = output_path
        pm["cwd"] = cwd
    n_banner = 0
    for cell in nb.cells:
        # papermill gives the cells it adds random ids; fixed ones keep the files stable
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
        elif ERROR_CELL_TAG in tags:
            n_banner += 1
            cell["id"] = f"papermill-error-cell-{n_banner}"
        cell.metadata.pop("execution", None)
        cpm = cell.metadata.get("papermill")
        if cpm is not None:
            for key in _PAPERMILL_TIMING_KEYS:
                cpm.pop(key, None)
    if title is not None:
        nb.metadata["title"] = title
    return nbformat.from_dict(scrubber.scrub_obj(nb))


def add_failure_note(nb: nbformat.NotebookNode, ename: str, evalue: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` with a visible bilingual error note as its first cell.

    The note (a Markdown cell tagged :data:`NOTE_CELL_TAG`, styled by the page's
    ``.icttools-error-note``) reads "⚠ Báo cáo lỗi / This report failed: <ename>: <evalue>"; an
    earlier note is replaced, not repeated.
    """
    import nbformat

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if NOTE_CELL_TAG not in c.get("metadata", {}).get("tags", [])]
    message = html.escape(f"{ename}: {evalue}" if evalue else ename)
    source = (
        '<div class="icttools-error-note" role="alert">'
        f"⚠ Báo cáo lỗi / This report failed: <code>{message}</code><br>"
        "<span>Các ô sau ô lỗi không được chạy; chi tiết lỗi ở bên dưới. "
        "/ The cells after the failing one were not run; the error is shown below.</span></div>"
    )
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = [NOTE_CELL_TAG]
    cell["id"] = "icttools-error-note"  # not a random one: the files stay stable
    nb.cells.insert(0, cell)
    return nb


# --- the reader's page --------------------------------------------------------------------------

_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_TEMPLATE_NAME = "icttools_report"
_IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
LANGUAGES = ("vi", "en")


@functools.lru_cache(maxsize=1)
def page_css() -> str:
    """The report page's stylesheet (screen and A4 print), as shipped in the package."""
    return (_TEMPLATE_DIR / _TEMPLATE_NAME / "page.css").read_text(encoding="utf-8")


def page_language(nb: nbformat.NotebookNode, lang: str | None = None) -> str:
    """The language of a report page: ``nb.metadata["language"]``, else ``lang``, else the
    ``lang`` parameter papermill recorded, else ``"vi"``."""
    for candidate in (nb.metadata.get("language"), lang,
                      nb.metadata.get("papermill", {}).get("parameters", {}).get("lang")):
        if candidate in LANGUAGES:
            return candidate
    return "vi"


def page_title(nb: nbformat.NotebookNode) -> str:
    """``nb.metadata["title"]`` (set by the runner), else the report's first ``# `` heading (in
    a Markdown output or a Markdown cell that is not an analyst note), else "icttools"."""
    title = nb.metadata.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    for cell in nb.cells:
        if ANALYST_NOTE_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        texts = [cell.source] if cell.cell_type == "markdown" else [
            o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", [])]
        for text in texts:
            text = "".join(text) if isinstance(text, list) else text
            m = re.search(r"^#\s+(.+)$", text, re.M)
            if m:
                return m.group(1).strip()
    return "icttools"


def image_alt(output: Mapping[str, Any], mime: str, fallback: str) -> str:
    """The alt text of an image output.

    In order: ``output.metadata[mime]["alt"]`` (the reports' contract: the chart's title and a
    one-line reading), ``output.metadata["alt"]``, the output's ``text/plain`` when it is a
    description rather than a repr (``<Figure size ...>``), else ``fallback`` (the report title).
    """
    from icttools.run.htmlsafe import is_placeholder_alt

    metadata = output.get("metadata") or {}
    per_mime = metadata.get(mime)
    candidates = [per_mime.get("alt") if isinstance(per_mime, Mapping) else None,
                  metadata.get("alt"), (output.get("data") or {}).get("text/plain")]
    for alt in candidates:
        if isinstance(alt, list):  # nbformat may keep multi-line strings as lists
            alt = "".join(alt)
        if isinstance(alt, str) and not is_placeholder_alt(alt):
            return " ".join(alt.split())
    return fallback


def _with_alt_texts(nb: nbformat.NotebookNode, fallback: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose image outputs all carry their resolved alt text in their metadata
    (where the page template reads it)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for mime in _IMAGE_MIMES:
                if mime in output.get("data", {}):
                    metadata = output.setdefault("metadata", {})
                    if not isinstance(metadata.get(mime), dict):
                        metadata[mime] = {}
                    metadata[mime]["alt"] = image_alt(output, mime, fallback)
    return nb


@functools.lru_cache(maxsize=1)
def _exporter():
    """The page exporter, built once per process (loading its templates costs ~0.3 s)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = [ERROR_CELL_TAG, ANALYST_NOTE_TAG]
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.extra_template_basedirs = [str(_TEMPLATE_DIR)]
    config.HTMLExporter.template_name = _TEMPLATE_NAME
    return HTMLExporter(config=config)


def export_html(nb: nbformat.NotebookNode, lang: str | None = None) -> str:
    """The reader's page of an executed notebook: one self-contained, inert HTML file.

    * no code (``--no-input``), no prompts, no papermill error banners, no analyst notes (cells
      tagged :data:`ANALYST_NOTE_TAG`); outputs are kept, error tracebacks included;
    * ``<html lang>`` from :func:`page_language`, ``<title>`` from :func:`page_title`;
    * no request outside the file: no require.js, MathJax, mermaid, widget manager or CDN (the
      package's own template, ``templates/icttools_report``), images inline, system fonts only;
    * every image with an alt text (:func:`image_alt`), never nbconvert's placeholder;
    * the page's stylesheet for screen and A4 print (:func:`page_css`);
    * finally made inert by :func:`icttools.run.htmlsafe.sanitize_page` (no script, no event
      handler, no ``javascript:`` link, no outside URL in CSS), so untrusted text that reached an
      output cannot act in a reader's browser.

    Deterministic: the same notebook gives the same text (no timestamps, no random ids).

    Parameters
    ----------
    nb : NotebookNode
        An executed (and cleaned) report notebook.
    lang : {"vi", "en"}, optional
        The page language when ``nb.metadata["language"]`` does not say.

    Returns
    -------
    str
        The HTML page.
    """
    from icttools.run.htmlsafe import sanitize_page

    title = page_title(nb)
    resources = {"icttools_lang": page_language(nb, lang), "icttools_title": title,
                 "icttools_css": page_css()}
    exporter = _exporter()
    body, _ = exporter.from_notebook_node(_with_alt_texts(nb, title), resources=resources)
    return sanitize_page(body, default_alt=title)


# --- index.html ---------------------------------------------------------------------------------

def read_sidecar(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or "notebook" not in data or "status" not in data:
        return None
    return data


def collect_index_entries(output_dir: str | os.PathLike) -> list[dict[str, Any]]:
    """The report sidecars of every run folder ``<output_dir>/<year>/<slug>/*.json``.

    Hidden folders (``.tmp-*`` of runs in progress, ``.old-*``) and files that are not report
    sidecars (``summary.json``) are skipped. Each entry gets ``folder`` (``"2018/02-ha-giang"``).

    Returns
    -------
    list of dict
        Sorted by year, GSO code (as a number) and notebook name.
    """
    out = Path(output_dir)
    entries: list[dict[str, Any]] = []
    if not out.is_dir():
        return entries
    for ydir in out.iterdir():
        if not (ydir.is_dir() and ydir.name.isdigit()):
            continue
        for rdir in ydir.iterdir():
            if not rdir.is_dir() or rdir.name.startswith("."):
                continue
            for side in rdir.glob("*.json"):
                if side.name == "summary.json":
                    continue
                data = read_sidecar(side)
                if data is None:
                    continue
                data["folder"] = f"{ydir.name}/{rdir.name}"
                entries.append(data)

    def key(e: dict[str, Any]) -> tuple:
        code = str(e.get("province", {}).get("gso_code", ""))
        return (int(e.get("year", 0)), int(code) if code.isdigit() else 999, code,
                str(e.get("notebook", "")))

    return sorted(entries, key=key)


_INDEX_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; } h3 { margin-bottom: 0.3em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { text-align: left; padding: 0.3em 0.6em; border-bottom: 1px solid #eee; vertical-align: top; }
.ok { color: #1e7b34; font-weight: bold; } .failed { color: #c0392b; font-weight: bold; }
.synthetic { border: 2px solid #b9770e; background: #fef5e7; padding: 0.6em 1em; font-weight: bold; }
.err { font-family: monospace; font-size: 0.9em; }
""".strip()


def render_index(entries: list[dict[str, Any]], lang: str = "vi") -> str:
    """The HTML text of ``index.html`` for the given sidecar entries.

    Grouped by year, then province; each report with a relative link to its HTML and notebook
    and its status (``OK`` or ``LỖI (FAILED)`` with the error name and message). A SYNTHETIC
    banner is shown for the whole page and for each year whose data are synthetic.
    """
    e = html.escape
    n_failed = sum(1 for x in entries if x.get("status") != "ok")
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Báo cáo Chỉ số ICT cấp tỉnh – Mục lục</title>",
        f"<style>\n{_INDEX_CSS}\n</style>",
        "</head>",
        "<body>",
        "<h1>Báo cáo Chỉ số ICT cấp tỉnh – Mục lục <small>(ICT Index reports)</small></h1>",
    ]
    if any(x.get("synthetic") for x in entries):
        lines.append('<p class="synthetic">⚠ DỮ LIỆU GIẢ LẬP (SYNTHETIC): một số báo cáo dùng dữ '
                     "liệu minh hoạ, không phải số liệu chính thức. / Some reports use synthetic "
                     "demo data, not official figures.</p>")
    lines.append(f"<p>{len(entries)} báo cáo (reports); {len(entries) - n_failed} OK; "
                 f"{n_failed} lỗi (failed).</p>")
    if not entries:
        lines.append("<p>Chưa có báo cáo nào. / No reports yet.</p>")
    years: dict[int, list[dict[str, Any]]] = {}
    for x in entries:
        years.setdefault(int(x.get("year", 0)), []).append(x)
    for year, ys in years.items():
        lines.append(f'<h2 id="y{year}">Năm {year}</h2>')
        sources = sorted({str(x.get("data_source")) for x in ys if x.get("synthetic")})
        for src in sources:
            lines.append(f'<p class="synthetic">⚠ SYNTHETIC – {e(src)}</p>')
        provinces: dict[str, list[dict[str, Any]]] = {}
        for x in ys:
            provinces.setdefault(x["folder"], []).append(x)
        for folder, ps in provinces.items():
            prov = ps[0].get("province", {})
            name = f'{prov.get("gso_code", "")} {prov.get("name_vi", "")}'.strip()
            lines.append(f'<h3 id="{e(folder.replace("/", "-"))}">{e(name)}</h3>')
            lines.append(f'<p><a href="{e(folder)}/summary.json">summary.json</a></p>')
            lines.append("<table>")
            lines.append("<tr><th>Báo cáo (report)</th><th>Trạng thái (status)</th>"
                         "<th>Notebook</th></tr>")
            for x in ps:
                files = x.get("files", {})
                href = f'{folder}/{files.get("html", "")}'
                nb_href = f'{folder}/{files.get("ipynb", "")}'
                title = x.get("title") or x.get("notebook")
                if x.get("status") == "ok":
                    status = '<span class="ok">OK</span>'
                else:
                    err = x.get("error") or {}
                    msg = f'{err.get("ename", "")}: {err.get("evalue", "")}'.strip(": ")
                    status = (f'<span class="failed">LỖI (FAILED)</span> '
                              f'<span class="err">{e(msg)}</span>')
                lines.append(
                    f'<tr><td><a href="{e(href)}">{e(str(title))}</a></td><td>{status}</td>'
                    f'<td><a href="{e(nb_href)}">{e(str(x.get("notebook")))}.ipynb</a></td></tr>')
            lines.append("</table>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def write_index(output_dir: str | os.PathLike, lang: str = "vi") -> Path:
    """Rebuild ``<output_dir>/index.html`` (atomically) from every run folder's sidecars.

    Returns
    -------
    Path
        The index file.
    """
    out = Path(output_dir)
    return atomic_write_text(out / "index.html", render_index(collect_index_entries(out), lang))
