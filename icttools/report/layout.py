"""What every report notebook shows the same way: the header, section headings, display tables.

:func:`present` formats a table for the report's language (``0,5066`` in Vietnamese); the private
helpers here (a Markdown finding, the current-province marker, a sentence in place of a chart,
published number text) are shared by the per-notebook modules.
"""

from __future__ import annotations

from typing import Any, Sequence

from IPython.display import Markdown, display

from icttools.core.errors import InputError
from icttools.present.i18n import NOTEBOOK_TITLES, fmt_num
from icttools.report.context import OUTLIER_Z, ReportContext

__all__ = ["header_text", "header", "section", "md", "marker", "note"]


# --- header and sections ---------------------------------------------------------------------

def header_text(ctx: ReportContext, notebook: str) -> str:
    """The Markdown of :func:`header`."""
    if notebook not in NOTEBOOK_TITLES:
        raise InputError(f"notebook must be one of {', '.join(NOTEBOOK_TITLES)}, got {notebook!r}")
    lang = ctx.lang
    title = ctx.t("report_title", year=ctx.year, name=ctx.name, code=ctx.province,
                  title=NOTEBOOK_TITLES[notebook][lang])
    data_dir = ctx.data_dir
    params = [
        f"{ctx.t('p_year')} `{ctx.year}`",
        f"{ctx.t('p_province')} `{ctx.province}` ({ctx.name})",
        f"{ctx.t('p_framework')} `{ctx.framework.id}`",
        f"{ctx.t('p_data_dir')} `{data_dir}`",
        f"{ctx.t('p_lang')} `{lang}`",
        f"{ctx.t('p_target_rank')} `{ctx.target_rank}`",
        f"{ctx.t('p_seed')} `{ctx.seed}`",
        f"{ctx.t('p_n_samples')} `{ctx.n_samples}`",
    ]
    lines = [f"# {title}", "", f"**{ctx.t('params')}:** " + " · ".join(params), ""]
    if ctx.table.is_synthetic:
        lines += [f"> ⚠️ {ctx.t('synthetic_banner')}", ">",
                  f"> {ctx.t('source_line')}: `{ctx.table.source}` — {ctx.table.data_source}", ""]
    else:
        source = ctx.table.data_source or ctx.t("none_text")
        lines += [f"**{ctx.t('source_line')}:** `{ctx.table.source}` (SHA-256 `{ctx.table.sha256[:12]}`) — "
                  f"{source}", ""]
    return "\n".join(lines)


def header(ctx: ReportContext, notebook: str) -> Markdown:
    """Title, the parameters of the run and the data-source banner (SYNTHETIC banner for demo data).

    Parameters
    ----------
    ctx : ReportContext
    notebook : str
        The notebook number, ``"00"`` to ``"05"``.

    Returns
    -------
    IPython.display.Markdown
    """
    return Markdown(header_text(ctx, notebook))


def section(ctx: ReportContext, key: str, **fields: Any) -> Markdown:
    """A level-2 heading (``sec_<key>``) followed by its note (``sec_<key>_note``) if there is one.

    The placeholders ``{k}`` (target rank), ``{n}`` (Monte Carlo samples), ``{seed}``, ``{cut}``
    (outlier threshold) and ``{method}`` are filled from the context; ``fields`` override them.
    """
    from icttools.present.i18n import TEXT

    m = ctx.framework.method
    values = {"k": ctx.target_rank, "n": ctx.n_samples, "seed": ctx.seed,
              "cut": fmt_num(OUTLIER_Z, 1, ctx.lang),
              "method": f"{m.normalisation}, {m.aggregation}, {m.rounding} decimals, {m.ranking} ranking"
              if ctx.lang == "en" else
              f"{m.normalisation}, {m.aggregation}, làm tròn {m.rounding} chữ số, xếp hạng {m.ranking}"}
    values.update(fields)
    key_head = f"sec_{key}"
    if key_head not in TEXT[ctx.lang]:
        raise InputError(f"section: unknown key {key!r}")
    text = f"## {ctx.t(key_head, **values)}"
    note_key = f"sec_{key}_note"
    if note_key in TEXT[ctx.lang]:
        text += "\n\n" + ctx.t(note_key, **values)
    return Markdown(text)


# --- tables and notes ------------------------------------------------------------------------

def md(text: str) -> Markdown:
    """A Markdown output (a finding, a note) from text."""
    return Markdown(text)


def marker(ctx: ReportContext, codes: Sequence[str]) -> list[str]:
    """``◀`` on the report's province, empty elsewhere (a column beside a table of provinces)."""
    return ["◀" if c == ctx.province else "" for c in codes]


def note(text: str) -> None:
    """Show a sentence in place of a chart (chart cells end with ``plt.show()``, which displays
    nothing when there is no figure, so the sentence is displayed here)."""
    display(Markdown(text))
