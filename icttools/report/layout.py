"""What every report shows the same way: the header, key messages, sections, charts, the annex.

A report reads, top to bottom: the title and the data banner (:func:`header`, which also outputs
the style of the report's tables once), the key messages (:func:`messages_markdown`, 3–5
numbered sentences with their numbers and units and, where it applies, what to do), sections in
plain words (:func:`section`), each chart shown by :func:`show_chart` (PNG with its alt text in
the output's metadata, then a caption with its source and the data's year), and last the annex
"Phương pháp và nguồn" / "Method and sources" (:func:`annex_heading`), the only place where the
method's own names (Monte Carlo, Sobol, seeds, confirmed/inferred codes, scenario operations)
appear.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any, Sequence

from IPython.display import HTML, Markdown, display

from icttools.core.errors import InputError
from icttools.present.i18n import NOTEBOOK_TITLES, TEXT
from icttools.present.phrases import level_words
from icttools.present.readertable import REPORT_CSS, html_text
from icttools.report.context import ReportContext
from icttools.report.provenance import banner_text, caption_text

__all__ = ["header_text", "header", "section", "md", "note", "Message", "messages_markdown",
           "show_chart", "annex_heading", "subsection"]


# --- header ----------------------------------------------------------------------------------

def header_text(ctx: ReportContext, notebook: str) -> str:
    """The Markdown of :func:`header`: title and the data banner (no parameters, no method
    words: those are in the annex)."""
    if notebook not in NOTEBOOK_TITLES:
        raise InputError(f"notebook must be one of {', '.join(NOTEBOOK_TITLES)}, got {notebook!r}")
    if ctx.default_view:
        title = ctx.t("report_title", year=ctx.year, name=ctx.name, title=NOTEBOOK_TITLES[notebook][ctx.lang])
    else:
        title = ctx.t("report_title_other", index=ctx.index_name, year=ctx.year, name=ctx.name,
                      title=NOTEBOOK_TITLES[notebook][ctx.lang])
    return "\n".join([f"# {title}", "", banner_text(ctx, notebook), ""])


def header(ctx: ReportContext, notebook: str) -> Markdown:
    """Title and data banner of report ``notebook`` (``"00"`` to ``"06"``); the style of the
    report's tables is output first (once per report).

    Returns
    -------
    IPython.display.Markdown
    """
    text = header_text(ctx, notebook)
    display(HTML(f"<style>{REPORT_CSS}</style>"))
    return Markdown(text)


# --- key messages ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    """One key message: a plain sentence (Markdown, untrusted text already escaped) and, where it
    applies, what to do."""

    text: str
    todo: str | None = None


def messages_markdown(ctx: ReportContext, messages: Sequence[Message]) -> str:
    """"## Kết luận chính" and the numbered messages (3 to 5)."""
    if not 1 <= len(messages) <= 5:
        raise InputError(f"a report has 1 to 5 key messages, got {len(messages)}")
    lines = [f"## {ctx.t('sec_key_messages')}", ""]
    for k, m in enumerate(messages, 1):
        item = f"{k}. {m.text}"
        if m.todo:
            item += f" **{ctx.t('todo')}:** {m.todo}"
        lines.append(item)
    return "\n".join(lines)


# --- sections ----------------------------------------------------------------------------------

def section(ctx: ReportContext, key: str, **fields: Any) -> Markdown:
    """A level-2 heading (``sec_<key>``) followed by its note (``sec_<key>_note``) if there is one.

    ``{k}`` (target rank), ``{name}``, ``{unit}``, ``{year}``, ``{prev}`` are filled from the
    context; ``fields`` add or override placeholders.
    """
    values = {"k": ctx.target_rank, "name": ctx.name, "unit": ctx.unit_word, "year": ctx.year,
              "prev": ctx.year - 1, "region": ctx.region, "n": ctx.n_provinces,
              "n_groups": len(ctx.framework.group_ids), **level_words(ctx.framework, ctx.framework.group_ids[0], ctx.lang)}
    values.update(fields)
    key_head = f"sec_{key}"
    if key_head not in TEXT[ctx.lang]:
        raise InputError(f"section: unknown key {key!r}")
    text = f"## {ctx.t(key_head, **values)}"
    note_key = f"sec_{key}_note"
    if note_key in TEXT[ctx.lang]:
        text += "\n\n" + ctx.t(note_key, **values)
    return Markdown(text)


def subsection(ctx: ReportContext, key: str, **fields: Any) -> Markdown:
    """A level-3 heading (``sub_<key>``) and its note (``sub_<key>_note``) if there is one."""
    text = f"### {ctx.t('sub_' + key, **fields)}"
    if f"sub_{key}_note" in TEXT[ctx.lang]:
        text += "\n\n" + ctx.t(f"sub_{key}_note", **fields)
    return Markdown(text)


def annex_heading(ctx: ReportContext) -> Markdown:
    """The annex heading "Phương pháp và nguồn" / "Method and sources" and its one-line note."""
    return Markdown(f"## {ctx.t('sec_annex')}\n\n{ctx.t('sec_annex_note')}")


def md(text: str) -> Markdown:
    """A Markdown output (a finding, a note) from text."""
    return Markdown(text)


def note(text: str) -> None:
    """Show a sentence in place of a chart (Markdown; escape untrusted parts first)."""
    display(Markdown(text))


# --- charts ------------------------------------------------------------------------------------

def _png(fig: Any) -> bytes:
    # the pixels of IPython's print_figure(fig, "png", bbox_inches="tight"), drawn for less work
    from icttools.present.plots.render import png_bytes

    return png_bytes(fig)


def show_chart(ctx: ReportContext, fig: Any, years: Sequence[int] | None = None) -> None:
    """Display a chart of :mod:`icttools.present.plots` for readers, then close it.

    The PNG is displayed with its alt text (the chart's title and a one-line reading,
    :func:`icttools.present.plots.alt_text`) in the output's metadata,
    ``{"image/png": {"alt": ...}}``, which the HTML export puts in ``<img alt>``; the same text is
    the output's ``text/plain``. A caption follows with the chart's source and the data's year(s)
    and kind (the data year, never a run date). ``fig=None`` shows nothing.
    """
    if fig is None:
        return
    import matplotlib.pyplot as plt

    from icttools.present.plots import alt_text

    alt = alt_text(fig)
    png = base64.b64encode(_png(fig)).decode("ascii")
    plt.close(fig)
    display({"image/png": png, "text/plain": alt}, raw=True, metadata={"image/png": {"alt": alt}})
    display(HTML(f'<p class="icttools-caption">{caption_text(ctx, list(years) if years else None)}</p>'))


def parameters_table_rows(ctx: ReportContext) -> list[tuple[str, str]]:
    """The run's parameters with their technical names, for the annex."""
    from icttools.present.phrases import fmt_int

    lang_name = ctx.t("lang_name_" + ctx.lang)
    return [
        (ctx.t("p_year"), str(ctx.year)),
        (ctx.t("p_province"), f"{ctx.name} ({ctx.t('p_gso_code')} {ctx.province})"),
        (ctx.t("p_framework"), f"{ctx.framework.id}"),
        (ctx.t("p_data_dir"), ctx.data_dir or "—"),
        (ctx.t("p_lang"), lang_name),
        (ctx.t("p_target_rank"), str(ctx.target_rank)),
        (ctx.t("p_n_samples"), fmt_int(ctx.n_samples, ctx.lang)),
        (ctx.t("p_seed"), str(ctx.seed)),
    ]
