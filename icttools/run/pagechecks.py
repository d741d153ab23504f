"""The rules of ``make check-html`` that need no browser: which pages, which language, what a
real alt text is, which request leaves the file, headings alone at the foot of a printed page,
small screenshots, and the check's report. The browser side is :mod:`icttools.run.browsercheck`.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from icttools.run.htmlsafe import is_placeholder_alt

__all__ = ["BRIEF_GLOB", "BRIEF_MAX_PAGES", "PageResult", "find_pages", "page_kind",
           "expected_language", "alt_problem", "is_outside_request", "count_pdf_pages",
           "pdf_page_texts", "heading_marker", "orphan_headings", "screenshot_folder",
           "shrink_png", "format_results"]

BRIEF_GLOB = "06_leader_brief*.html"
BRIEF_MAX_PAGES = 2
#: Screenshots for the README: this wide, in this many colours (a few hundred kB each).
SCREENSHOT_WIDTH_PX = 560
SCREENSHOT_COLOURS = 64


@dataclass
class PageResult:
    """What the browser found on one page."""

    path: str                      # relative to the run folder, POSIX
    kind: str                      # "report", "brief" or "index"
    lang: str | None = None
    expected_lang: str | None = None
    images: int = 0
    pages: int | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # worth knowing, not a failure
    screenshot: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def find_pages(run_dir: str | os.PathLike) -> list[Path]:
    """Every ``*.html`` under ``run_dir``, sorted; hidden folders (``.tmp-*`` of a run in
    progress) are skipped."""
    root = Path(run_dir)
    pages = [p for p in root.rglob("*.html")
             if not any(part.startswith(".") for part in p.relative_to(root).parts[:-1])]
    return sorted(pages, key=lambda p: p.relative_to(root).as_posix())


def page_kind(path: Path) -> str:
    if path.name == "index.html":
        return "index"
    return "brief" if path.match(BRIEF_GLOB) else "report"


def expected_language(path: Path) -> str | None:
    """The language a page must declare: its sidecar's ``lang`` (``<stem>.json`` beside it),
    else a ``vi``/``en`` folder in its path, else ``None`` (any of the two)."""
    sidecar = path.with_suffix(".json")
    try:
        lang = json.loads(sidecar.read_text(encoding="utf-8")).get("lang")
    except (OSError, ValueError, AttributeError):
        lang = None
    if lang in ("vi", "en"):
        return lang
    for part in reversed(path.parent.parts):
        if part in ("vi", "en"):
            return part
    return None


def alt_problem(alt: str | None) -> str | None:
    """Why an ``<img alt>`` is not a real alt text, or ``None`` when it is one."""
    if alt is None:
        return "image without alt text"
    if is_placeholder_alt(alt):
        return f"image with a placeholder alt text: {alt!r}"
    if len(alt.strip()) < 8:
        return f"image with a too short alt text: {alt!r}"
    return None


def is_outside_request(url: str, page_url: str) -> bool:
    """True for every request but the page itself and inline (``data:``, ``about:``) content."""
    base = url.split("#", 1)[0]
    return not (base == page_url.split("#", 1)[0] or url.startswith(("data:", "about:")))


def count_pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF (pypdf, the dev extra)."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _squash(text: str) -> str:
    # PDF text extraction may put spaces inside words: compare without any whitespace
    return "".join(text.split())


def heading_marker(k: int, part: str) -> str:
    """The invisible text put after heading ``k`` (``part="H"``) and at the start of what
    follows it (``part="N"``) before printing, to see on which pages they land."""
    return f"QQ{part}{k}QQ"


def orphan_headings(page_texts: list[str], n_headings: int) -> list[int]:
    """The headings printed on another page than what follows them.

    Parameters
    ----------
    page_texts : list of str
        The text of each printed page, in order, from a print with :func:`heading_marker`
        markers after each heading and at the start of the element that follows it.
    n_headings : int
        How many headings were marked.

    Returns
    -------
    list of int
        The index of each heading whose marker and its follower's marker are on different pages
        (a heading left alone at the foot of a page). Markers not found are not judged.
    """
    pages = [_squash(t) for t in page_texts]

    def page_of(marker: str) -> int | None:
        return next((i for i, text in enumerate(pages) if marker in text), None)

    found = []
    for k in range(n_headings):
        head, follower = page_of(heading_marker(k, "H")), page_of(heading_marker(k, "N"))
        if head is not None and follower is not None and head != follower:
            found.append(k)
    return found


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The extracted text of each page of a PDF (pypdf)."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


# --- screenshots and the report -----------------------------------------------------------------

def screenshot_folder(pages: list[Path]) -> Path | None:
    """The first folder (sorted) holding Vietnamese reports: the one shown in the README."""
    for p in pages:
        if page_kind(p) != "index" and expected_language(p) in ("vi", None):
            return p.parent
    return None


def shrink_png(png: bytes, width: int = SCREENSHOT_WIDTH_PX) -> bytes:
    """A full-page screenshot made small: scaled to ``width`` px, 64 colours, optimised."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    if img.width > width:
        img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
    img = img.quantize(colors=SCREENSHOT_COLOURS, method=Image.Quantize.MEDIANCUT,
                       dither=Image.Dither.NONE)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def format_results(results: list[PageResult], run_dir: str) -> str:
    """The check's report: one line per page (status, lang, images, A4 pages), its problems
    indented below, and a closing count."""
    lines = [f"check-html: {len(results)} page(s) in {run_dir}"]
    for r in results:
        pages = "-" if r.pages is None else str(r.pages)
        lines.append(f"{'OK  ' if r.ok else 'FAIL'}  {r.path}  lang={r.lang}  images={r.images}"
                     f"  A4 pages={pages}{'  (brief)' if r.kind == 'brief' else ''}")
        lines += [f"      - {p}" for p in r.problems]
        lines += [f"      note: {n}" for n in r.notes]
        if r.screenshot:
            lines.append(f"      screenshot: {r.screenshot}")
    briefs = [r for r in results if r.kind == "brief"]
    if not briefs:
        lines.append(f"note: no {BRIEF_GLOB} in the run: the 2-page check of the brief did not run")
    failed = sum(1 for r in results if not r.ok)
    lines.append(f"{len(results)} page(s): {len(results) - failed} OK, {failed} failed")
    return "\n".join(lines)
