"""What every report notebook shows the same way: the header, section headings, display tables.

:func:`present` formats a table for the report's language (``0,5066`` in Vietnamese); the private
helpers here (a Markdown finding, the current-province marker, a sentence in place of a chart,
published number text) are shared by the per-notebook modules.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np
import pandas as pd
from IPython.display import Markdown, display
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype

from icttools.present.i18n import NOTEBOOK_TITLES, check_lang, fmt_num, t
from icttools.report.context import OUTLIER_Z, ReportContext

__all__ = ["header_text", "header", "section", "present"]


# --- header and sections ---------------------------------------------------------------------

def header_text(ctx: ReportContext, notebook: str) -> str:
    """The Markdown of :func:`header`."""
    if notebook not in NOTEBOOK_TITLES:
        raise ValueError(f"notebook must be one of {', '.join(NOTEBOOK_TITLES)}, got {notebook!r}")
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
        raise ValueError(f"section: unknown key {key!r}")
    text = f"## {ctx.t(key_head, **values)}"
    note_key = f"sec_{key}_note"
    if note_key in TEXT[ctx.lang]:
        text += "\n\n" + ctx.t(note_key, **values)
    return Markdown(text)


# --- tables and notes ------------------------------------------------------------------------

def _common_decimals(values: np.ndarray, most: int = 4) -> int:
    finite = values[np.isfinite(values)]
    for d in range(most + 1):
        if np.all(np.abs(np.round(finite, d) - finite) < 10.0 ** (-most - 2)):
            return d
    return most


def present(df: pd.DataFrame, lang: str = "vi", decimals: int = 4, fixed: bool = False) -> pd.DataFrame:
    """A table ready to show: numbers rounded to at most ``decimals`` decimals and written for the
    language (decimal comma in Vietnamese), booleans as yes/no, missing values as ``—``.

    Each float column uses one number of decimals, so columns line up: exactly ``decimals`` when
    ``fixed``, else the fewest that show every rounded value of the column (ranks interpolated
    between provinces show as ``17`` or ``17,5``). The result holds strings; it is for display only.
    """
    check_lang(lang)
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if is_bool_dtype(s):
            out[col] = [t("yes" if bool(v) else "no", lang) for v in s]
        elif is_integer_dtype(s):
            out[col] = ["—" if pd.isna(v) else str(int(v)) for v in s]
        elif is_float_dtype(s):
            vals = np.round(s.to_numpy(dtype=float), decimals)
            d = decimals if fixed else _common_decimals(vals, decimals)
            out[col] = [fmt_num(v, d, lang) for v in vals]
        else:
            out[col] = ["—" if (v is None or (isinstance(v, float) and math.isnan(v))) else v for v in s]
    out.columns = df.columns
    out.index.name = df.index.name
    return out


def _md(text: str) -> Markdown:
    return Markdown(text)


def _marker(ctx: ReportContext, codes: Sequence[str]) -> list[str]:
    return ["◀" if c == ctx.province else "" for c in codes]


def _note(text: str) -> None:
    """Show a sentence in place of a chart (chart cells end with ``plt.show()``, which displays
    nothing when there is no figure, so the sentence is displayed here)."""
    display(Markdown(text))


def _localise_number_text(value: Any, lang: str) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = str(value)
    return text.replace(".", ",") if lang == "vi" else text
