"""``make check-html``: every HTML page of a run, rendered and printed in a real browser.

Each page of a run folder (default ``outputs/``) is opened from disk in headless Chromium (the
system's Debian ``chromium``, driven by the ``playwright`` package; playwright never downloads a
browser of its own here) and fails the check on:

* a console error or an uncaught page error;
* any request leaving the file (CDN scripts, fonts, images beside it: every request but the page
  itself is recorded and aborted, so nothing reaches the network);
* a ``<script>``, an event-handler attribute or a ``javascript:`` link (a report needs none), or
  a dialog opened by a script that ran;
* an image without a real alt text, or an image that does not decode;
* a wrong ``<html lang>`` (the report's sidecar says its language; else the ``vi``/``en`` folder);
* in print (A4 width): a table wider than the page, table cells squeezed to one word a line, or
  a heading left alone at the foot of a page;
* the leaders' brief (``06_leader_brief*.html``) printing on more than 2 A4 pages, or its PDF
  beside it (written by :func:`icttools.run.pdf.write_pdf`) having more than 2 pages.

The other pages' A4 page counts are reported. With ``--screenshots DIR`` full-page screenshots
(small PNGs) of one province's Vietnamese reports are saved as ``DIR/<report>.png``.

Run as ``python -m icttools.run.browsercheck [RUN_DIR] [--screenshots [DIR]]``; exit 0 when every
page passes, 1 when a check fails, 2 when the browser or playwright is missing or the folder
holds no page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from icttools.run.pagechecks import (BRIEF_MAX_PAGES, PageResult, alt_problem, count_pdf_pages,
                                     expected_language, find_pages, format_results,
                                     is_outside_request, orphan_headings, page_kind,
                                     pdf_page_texts, screenshot_folder, shrink_png)

__all__ = ["CHROMIUM_ARGS", "A4_PRINT_WIDTH_PX", "find_chromium", "check_pages", "main"]

#: Flags for Chromium on a closed network: no background calls home, no sandbox (root).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: The A4 width inside the print margins of the page stylesheet (210 - 2 x 14 mm), in CSS px.
A4_PRINT_WIDTH_PX = round((210 - 28) / 25.4 * 96)
SCREEN_WIDTH_PX = 1100


def find_chromium() -> str | None:
    """The Chromium executable: ``$ICTTOOLS_CHROMIUM``, ``/usr/bin/chromium``, or ``chromium`` /
    ``chromium-browser`` on the PATH; ``None`` when there is none."""
    for candidate in (os.environ.get("ICTTOOLS_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


_INSPECT_JS = """
() => {
  const images = Array.from(document.images).map(i => ({
    alt: i.getAttribute('alt'), ok: i.complete && i.naturalWidth > 0,
    src: (i.getAttribute('src') || '').slice(0, 30)}));
  let handlers = 0;
  for (const el of document.querySelectorAll('*'))
    for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) handlers++;
  const jsLinks = Array.from(document.querySelectorAll('[href]'))
    .filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length;
  return {lang: document.documentElement.getAttribute('lang'), title: document.title,
          images, scripts: document.scripts.length, handlers, jsLinks};
}
"""

# In print media at the A4 text width: tables wider than the page, and cells of 3+ words that
# wrap to one word a line (the "squeezed table" of JupyterLab's fixed layout).
_PRINT_TABLES_JS = """
(width) => {
  const out = {wide: [], squeezed: []};
  for (const t of document.querySelectorAll('table')) {
    if (t.closest('details:not([open])')) continue;
    const r = t.getBoundingClientRect();
    if (r.width > width + 2) out.wide.push(Math.round(r.width));
    for (const c of t.querySelectorAll('td, tbody th')) {  // stacked column headers are fine
      const words = c.innerText.trim().split(/\\s+/).filter(w => w.length > 0);
      if (words.length < 3) continue;
      const range = document.createRange();
      range.selectNodeContents(c);
      const tops = new Set(Array.from(range.getClientRects()).map(q => Math.round(q.top)));
      if (tops.size >= words.length) out.squeezed.push(c.innerText.trim().slice(0, 40));
    }
  }
  return out;
}
"""


# Marks each heading and the first visible block after it (a paragraph, list item, table cell,
# image...) with tiny white text, so that the printed PDF tells whether they share a page.
_MARK_HEADINGS_JS = """
() => {
  const blocks = Array.from(document.querySelectorAll(
    'h1, h2, h3, h4, p, li, dt, dd, table, img, pre, figure, blockquote, summary'))
    .filter(el => el.getClientRects().length > 0);
  const mark = (text) => {
    const s = document.createElement('span');
    s.textContent = ' ' + text + ' ';
    s.style.cssText = 'font-size:1px;line-height:1px;color:#fff;';
    return s;
  };
  const headings = [];
  blocks.forEach((el, i) => {
    if (!/^H[1-4]$/.test(el.tagName)) return;
    const next = blocks.slice(i + 1).find(b => !el.contains(b));
    if (!next) return;
    const k = headings.length;
    headings.push(el.textContent.replace(/\\u00b6/g, '').trim());
    el.appendChild(mark('QQH' + k + 'QQ'));
    const tag = next.tagName;
    if (tag === 'IMG') next.parentNode.insertBefore(mark('QQN' + k + 'QQ'), next);
    else if (tag === 'TABLE') {
      const cell = next.querySelector('td, th');
      (cell || next).prepend(mark('QQN' + k + 'QQ'));
    } else next.prepend(mark('QQN' + k + 'QQ'));
  });
  return headings;
}
"""


def _check_one(browser, path: Path, run_dir: Path, screenshot_to: Path | None) -> PageResult:
    rel = path.relative_to(run_dir).as_posix()
    result = PageResult(path=rel, kind=page_kind(path), expected_lang=expected_language(path))
    page_url = path.resolve().as_uri()
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": SCREEN_WIDTH_PX, "height": 900},
                                  device_scale_factor=1)
    try:
        def route(r):
            if is_outside_request(r.request.url, page_url):
                outside.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        dialogs: list[str] = []

        def dialog(d):  # alert()/confirm(): a script ran
            dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.on("request", lambda q: outside.append(q.url)
                if is_outside_request(q.url, page_url) else None)
        page.goto(page_url, wait_until="load")
        info = page.evaluate(_INSPECT_JS)
        result.lang = info["lang"]
        result.images = len(info["images"])
        for url in sorted(set(outside)):
            result.problems.append(f"request leaving the file: {url[:100]}")
        for text in dict.fromkeys(errors):
            result.problems.append(f"console error: {text[:160]}")
        for text in dialogs:
            result.problems.append(f"a script ran and opened a dialog: {text[:80]!r}")
        if info["scripts"]:
            result.problems.append(f"{info['scripts']} <script> element(s): a report needs none")
        if info["handlers"]:
            result.problems.append(f"{info['handlers']} event-handler attribute(s) (on...=)")
        if info["jsLinks"]:
            result.problems.append(f"{info['jsLinks']} javascript: link(s)")
        if result.lang not in ("vi", "en"):
            result.problems.append(f"<html lang={result.lang!r}>: expected 'vi' or 'en'")
        elif result.expected_lang and result.lang != result.expected_lang:
            result.problems.append(f"<html lang={result.lang!r}>: the report is "
                                   f"{result.expected_lang!r}")
        if not (info["title"] or "").strip():
            result.problems.append("no <title>")
        for k, img in enumerate(info["images"], 1):
            why = alt_problem(img["alt"])
            if why:
                result.problems.append(f"image {k}: {why}")
            if not img["ok"]:
                result.problems.append(f"image {k} does not display ({img['src']}...)")
        n_title = sum(1 for img in info["images"]
                      if (img["alt"] or "").strip() == (info["title"] or "").strip())
        if n_title:  # the agreed fallback, but a chart deserves its own reading
            result.notes.append(f"{n_title} of {result.images} image(s) have only the page title "
                                "as alt text (no description of the chart in the output metadata)")
        if screenshot_to is not None:
            screenshot_to.parent.mkdir(parents=True, exist_ok=True)
            from icttools.core.atomic import atomic_write_bytes

            atomic_write_bytes(screenshot_to, shrink_png(page.screenshot(full_page=True)))
            result.screenshot = screenshot_to.as_posix()
        page.emulate_media(media="print")
        page.set_viewport_size({"width": A4_PRINT_WIDTH_PX, "height": 1100})
        tables = page.evaluate(_PRINT_TABLES_JS, A4_PRINT_WIDTH_PX)
        if tables["wide"]:
            result.problems.append(f"in print, {len(tables['wide'])} table(s) wider than the A4 "
                                   f"page ({max(tables['wide'])} px > {A4_PRINT_WIDTH_PX} px)")
        if tables["squeezed"]:
            result.problems.append(f"in print, {len(tables['squeezed'])} table cell(s) squeezed to "
                                   f"one word a line (first: {tables['squeezed'][0]!r})")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        result.pages = count_pdf_pages(pdf)
        headings = page.evaluate(_MARK_HEADINGS_JS)  # a second print, with markers
        marked = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        for k in orphan_headings(pdf_page_texts(marked), len(headings)):
            result.problems.append(f"in print, the heading {headings[k][:60]!r} ends a page "
                                   "(what follows it starts the next)")
        if result.kind == "brief" and result.pages > BRIEF_MAX_PAGES:
            result.problems.append(f"the brief prints on {result.pages} A4 pages "
                                   f"(at most {BRIEF_MAX_PAGES})")
        written = path.with_suffix(".pdf")  # the brief's PDF for correspondence (WeasyPrint)
        if result.kind == "brief" and written.is_file():
            n = count_pdf_pages(written.read_bytes())
            if n > BRIEF_MAX_PAGES:
                result.problems.append(f"its PDF {written.name} has {n} pages "
                                       f"(at most {BRIEF_MAX_PAGES})")
    finally:
        context.close()
    return result


def check_pages(run_dir: str | os.PathLike, *, screenshots: str | os.PathLike | None = None,
                chromium: str | None = None) -> list[PageResult]:
    """Render, inspect and print every page of ``run_dir`` in headless Chromium.

    Parameters
    ----------
    run_dir : path
        A run folder (``outputs/`` or one of its province folders).
    screenshots : path, optional
        Where to save the screenshots of one province's Vietnamese reports (``<stem>.png``).
    chromium : str, optional
        The browser executable (default :func:`find_chromium`).

    Returns
    -------
    list of PageResult
        One per page, in path order.

    Raises
    ------
    RuntimeError
        Chromium or playwright is missing (the message says how to install them).
    """
    from playwright.sync_api import sync_playwright

    run_dir = Path(run_dir)
    executable = chromium or find_chromium()
    if executable is None:
        raise RuntimeError("Chromium not found: apt-get install -y chromium "
                           "(or set ICTTOOLS_CHROMIUM to the browser's path)")
    pages = find_pages(run_dir)
    shot_dir = screenshot_folder(pages) if screenshots is not None else None
    results = []
    from playwright.sync_api import Error as PlaywrightError

    with sync_playwright() as pw:
        # launch() gives the browser a new, empty profile folder of its own and removes it after
        try:
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise RuntimeError(f"Chromium ({executable}) did not start: "
                               f"{str(exc).splitlines()[0]}") from exc
        try:
            for path in pages:
                shot = (Path(screenshots) / f"{path.stem}.png"
                        if shot_dir is not None and path.parent == shot_dir
                        and page_kind(path) != "index" else None)
                results.append(_check_one(browser, path, run_dir, shot))
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check-html", description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", nargs="?", default="outputs",
                        help="run folder with the HTML reports (default: outputs)")
    parser.add_argument("--screenshots", nargs="?", const="docs/screenshots", default=None,
                        metavar="DIR", help="save screenshots of one province's Vietnamese "
                        "reports (default folder: docs/screenshots)")
    args = parser.parse_args(argv)
    if not Path(args.run_dir).is_dir():
        print(f"check-html: {args.run_dir}: no such folder (run `make report` first)",
              file=sys.stderr)
        return 2
    if not find_pages(args.run_dir):
        print(f"check-html: {args.run_dir}: no HTML page (run `make report` first)", file=sys.stderr)
        return 2
    try:
        results = check_pages(args.run_dir, screenshots=args.screenshots)
    except ImportError as exc:
        print(f"check-html: {exc.name or 'a package'} is missing: pip install -e '.[dev]' "
              "(playwright drives the system Chromium; never run `playwright install`)",
              file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"check-html: {exc}", file=sys.stderr)
        return 2
    print(format_results(results, args.run_dir))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
