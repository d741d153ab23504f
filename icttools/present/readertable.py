"""Tables for readers of the HTML reports, and escaping of text that comes from input files.

:class:`ReaderTable` is a table of display strings (a :class:`pandas.DataFrame`, so a notebook
or a test can read it) that renders as the reports' HTML: ``<table class="icttools-table">``, text
left and numbers right (``td.num``, decimal comma in Vietnamese), the report's province row
highlighted (``tr.icttools-self``, in bold on a tinted background, not only a marker), cells that
wrap (never truncated), links as links (``http(s)`` only), one header row (no pandas index-name
row), and at most ``limit`` rows in the text: a longer table shows the first rows (and the
province's) and puts the full table in a ``<details>`` block. Its ``text/plain`` form is the
plain table. :data:`REPORT_CSS` is the style these elements need (the report header outputs it
once). No JavaScript.

Every string is escaped when rendered. Text from an input file (a data source label, a note, a
scenario's name or comment, a feasibility note, a column label) goes through :func:`md_escape`
before it reaches a Markdown output, and :func:`link_html` keeps only ``http(s)`` links.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any, Iterable, Sequence

import pandas as pd
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype

from icttools.present.i18n import check_lang, fmt_num, t

__all__ = ["ReaderTable", "reader_table", "REPORT_CSS", "md_escape", "html_text", "link_html",
           "is_web_link", "MAIN_ROWS"]

#: Rows shown in the main text before a table folds the rest into a ``<details>`` block.
MAIN_ROWS = 12

#: The style of the reports' own elements (classes ``icttools-*``); the page CSS is the HTML
#: export's. Output once per report, by the header.
REPORT_CSS = """
table.icttools-table { border-collapse: collapse; margin: 0.4em 0 0.9em; max-width: 100%; }
table.icttools-table caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.2em 0; }
table.icttools-table th, table.icttools-table td { text-align: left; vertical-align: top;
  white-space: normal; overflow-wrap: break-word; padding: 0.25em 0.55em; border-bottom: 1px solid #d8dee4; }
table.icttools-table thead th { border-bottom: 2px solid #8b96a1; background: #f1f4f7; vertical-align: bottom; }
table.icttools-table th.num { text-align: right; }
table.icttools-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.icttools-table td.icttools-label { min-width: 11em; }
table.icttools-table td.nowrap { white-space: nowrap; }
table.icttools-table td.wide { min-width: 9em; }
table.icttools-table tr.icttools-self td { background: #fff3c4; font-weight: bold; }
table.icttools-table tr.icttools-gap td { text-align: center; color: #6a737d; border-bottom: 0; }
table.icttools-table td a { overflow-wrap: anywhere; }
p.icttools-note { font-size: 0.9em; color: #3d4752; margin: 0.2em 0 0.9em; }
p.icttools-caption { font-size: 0.88em; color: #3d4752; margin: 0.1em 0 1em; }
details.icttools-details > summary { font-weight: bold; cursor: pointer; }
""".strip()

#: Longest text a ``nowrap`` column keeps on one line.
NOWRAP_MAX = 18
# a leading number (sign, digits, separators, %) and the space after it
_NUMBER_SPACE = re.compile(r"^([+\-−▲▼]?\s?[\d.,]+%?) (?=\S{1,10}(\s|$))")

# what can start markup in the middle of a sentence (HTML is escaped separately); "(" and ")"
# can only form a link after "]", which is escaped, so names such as "126/KH-UBND (18/04/2019)"
# stay readable in the notebook's Markdown
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_WEB = re.compile(r"^https?://[^\s<>\"']+$", re.I)


def md_escape(text: Any) -> str:
    """Text from an input file, made inert for a Markdown output: HTML escaped (``<script>``
    shows as text), the Markdown punctuation that can form markup inside a line backslash-escaped
    (no link, image, emphasis, code or table can form), line breaks folded to spaces (no
    heading or list can start)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    s = " ".join(str(text).split())
    s = html.escape(s, quote=True)
    return _MD_SPECIAL.sub(r"\\\1", s)


def html_text(text: Any) -> str:
    """Text escaped for HTML (attributes too)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return html.escape(str(text), quote=True)


def is_web_link(text: Any) -> bool:
    """True for one ``http(s)://`` URL and nothing else."""
    return isinstance(text, str) and bool(_WEB.match(text.strip()))


def link_html(text: Any) -> str:
    """Text for an HTML cell: an ``http(s)`` URL becomes a link, anything else escaped text
    (``javascript:`` and every other scheme stay text)."""
    s = "" if text is None else str(text)
    parts = []
    for token in re.split(r"(\s+)", s):
        bare = token.rstrip(".,;)")
        if is_web_link(bare):
            tail = token[len(bare):]
            parts.append(f'<a href="{html_text(bare)}">{html_text(bare)}</a>{html_text(tail)}')
        else:
            parts.append(html_text(token))
    return "".join(parts)


class ReaderTable(pd.DataFrame):
    """A table of display strings that renders as the reports' HTML (see the module docstring).

    Build it with :func:`reader_table`. Operations on it return plain DataFrames.

    Attributes
    ----------
    numeric : list of str
        Columns aligned right (numbers).
    highlight : list of bool
        Rows of the report's province.
    links : list of str
        Columns whose ``http(s)`` URLs become links.
    caption, note : str
        Shown above / below the table (already escaped HTML; may be empty).
    limit : int or None
        Rows shown in the text before the rest folds into ``<details>`` (None: all).
    more_label : str
        The ``<summary>`` of the full table.
    """

    _metadata = ["numeric", "highlight", "links", "caption", "note", "limit", "more_label", "show_index",
                 "nowrap", "wide"]

    @property
    def _constructor(self):
        return pd.DataFrame

    # --- text ---------------------------------------------------------------------------------
    def __repr__(self) -> str:
        with pd.option_context("display.max_rows", 200, "display.min_rows", 200, "display.max_columns", 60,
                               "display.width", 250, "display.max_colwidth", 200):
            return pd.DataFrame(self).to_string() if len(self) else pd.DataFrame(self).__repr__()

    # --- HTML ---------------------------------------------------------------------------------
    def _index_columns(self) -> list[str]:
        if not getattr(self, "show_index", True):
            return []
        names = [n for n in self.index.names]
        return ["" if n is None else str(n) for n in names]

    def _row_cells(self, pos: int) -> list[str]:
        cells = []
        if self._index_columns():
            key = self.index[pos]
            keys = key if isinstance(key, tuple) else (key,)
            prev = self.index[pos - 1] if pos > 0 else None
            prevs = prev if isinstance(prev, tuple) else (prev,)
            for k, value in enumerate(keys):
                # a repeated outer key of a multi-level index is shown once (like pandas)
                same = isinstance(key, tuple) and k < len(keys) - 1 and prev is not None and prevs[k] == value
                cls = "num" if self._numeric_index(k) else "icttools-label"
                cells.append(f'<td class="{cls}">{"" if same else html_text(value)}</td>')
        numeric, links = set(self.numeric or []), set(self.links or [])
        nowrap, wide = set(getattr(self, "nowrap", None) or []), set(getattr(self, "wide", None) or [])
        for col in self.columns:
            value = self.iat[pos, self.columns.get_loc(col)]
            text = link_html(value) if col in links else html_text(value)
            if col in numeric:  # a number keeps a short first word of its unit: "+2.2 percentage" stays together
                text = _NUMBER_SPACE.sub("\\1\u00a0", text, count=1)
            # one line for short texts (names, units); a long one ("subscriptions per 100
            # inhabitants") wraps rather than push the table past the page
            short = len(str(value)) <= NOWRAP_MAX
            classes = [c for c, cols in (("num", numeric), ("nowrap", nowrap), ("wide", wide))
                       if col in cols and (c != "nowrap" or short)]
            cls = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{cls}>{text}</td>")
        return cells

    def _numeric_index(self, level: int) -> bool:
        """An index level of numbers (ranks, row numbers): aligned right, no minimum width."""
        values = [str(v).strip() for v in (self.index.get_level_values(level) if self.index.nlevels > 1 else self.index)]
        # "—": a unit without a rank (no total) among ranked ones
        return any(v.lstrip("-").isdigit() for v in values) and all(v.lstrip("-").isdigit() or v == "—" for v in values)

    def _table_html(self, rows: Sequence[int], folded: bool) -> str:
        num_class = ' class="num"'
        heads = [f'<th scope="col"{num_class if self._numeric_index(k) else ""}>{html_text(n)}</th>'
                 for k, n in enumerate(self._index_columns())]
        numeric = set(self.numeric or [])
        heads += [f'<th scope="col"{num_class if c in numeric else ""}>{html_text(c)}</th>'
                  for c in self.columns]
        width = len(heads)
        caption = f"<caption>{self.caption}</caption>" if self.caption else ""
        body, last = [], None
        flags = list(self.highlight or [False] * len(self))
        for pos in rows:
            if folded and last is not None and pos != last + 1:
                body.append(f'<tr class="icttools-gap"><td colspan="{width}">…</td></tr>')
            cls = ' class="icttools-self"' if flags[pos] else ""
            body.append(f"<tr{cls}>" + "".join(self._row_cells(pos)) + "</tr>")
            last = pos
        if folded and last is not None and last != len(self) - 1:
            body.append(f'<tr class="icttools-gap"><td colspan="{width}">…</td></tr>')
        return (f'<table class="icttools-table">{caption}<thead><tr>{"".join(heads)}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')

    def visible_rows(self) -> list[int]:
        """The rows shown in the text: all when the table is short, else the first rows and the
        province's rows (with their neighbours), ``limit`` rows at most."""
        n, limit = len(self), self.limit
        if limit is None or n <= limit + 2:
            return list(range(n))
        flags = list(self.highlight or [False] * n)
        marked = [i for i, f in enumerate(flags) if f]
        if not marked or marked[-1] < limit:
            return list(range(limit))
        around = sorted({j for i in marked for j in (i - 1, i, i + 1) if 0 <= j < n})
        head = list(range(max(0, limit - len(around))))
        return sorted(set(head) | set(around))

    def _repr_html_(self) -> str:
        rows = self.visible_rows()
        main = self._table_html(rows, folded=len(rows) < len(self))
        note = f'<p class="icttools-note">{self.note}</p>' if self.note else ""
        if len(rows) == len(self):
            return main + note
        full = self._table_html(range(len(self)), folded=False)
        return (main + note + f'<details class="icttools-details"><summary>{html_text(self.more_label)}'
                f"</summary>{full}</details>")


def _format_column(s: pd.Series, lang: str, decimals: int, fixed: bool) -> tuple[list[str], bool]:
    """Display strings of one column and whether it is numeric."""
    from icttools.present.tables import common_decimals

    if is_bool_dtype(s):
        return [t("yes" if bool(v) else "no", lang) for v in s], False
    if is_integer_dtype(s):
        return ["—" if pd.isna(v) else str(int(v)) for v in s], True
    if is_float_dtype(s):
        vals = s.to_numpy(dtype=float).round(decimals)
        d = decimals if fixed else common_decimals(vals, decimals)
        return [fmt_num(v, d, lang) for v in vals], True
    return ["—" if (v is None or (isinstance(v, float) and math.isnan(v))) else str(v) for v in s], False


def reader_table(df: pd.DataFrame, lang: str = "vi", *, decimals: int | dict[str, int] = 4,
                 fixed: bool | Iterable[str] = False, numeric: Iterable[str] = (),
                 highlight: Sequence[bool] | None = None, links: Iterable[str] = (), caption: str = "",
                 note: str = "", limit: int | None = MAIN_ROWS, more_label: str | None = None,
                 show_index: bool = True, nowrap: Iterable[str] = (), wide: Iterable[str] = ()) -> ReaderTable:
    """A :class:`ReaderTable` from a table of numbers and text.

    Parameters
    ----------
    df : DataFrame
        The index becomes the first column(s) (its name the header); float columns are written
        with one precision per column (``decimals``: one number, or per column), integers as
        they are, booleans as yes/no, missing values as ``—``.
    fixed : bool or iterable of str
        Columns written with exactly their decimals (True: all); others use the fewest
        decimals that show every value.
    numeric : iterable of str
        Text columns that hold numbers (already formatted, e.g. ``▲ 3``): aligned right too.
    highlight : sequence of bool, optional
        The report province's rows.
    links : iterable of str
        Columns whose ``http(s)`` URLs become links.
    nowrap, wide : iterable of str
        Short text columns kept on one line (province names, units), and text columns given a
        minimum width (sources), so that a printed page never squeezes them to a word a line.
    caption, note : str
        Plain text, escaped here.
    limit : int or None
        Rows in the text before the rest folds into ``<details>``.
    """
    check_lang(lang)
    out = pd.DataFrame(index=df.index)
    num_cols = set(numeric)
    fixed_cols = set(df.columns) if fixed is True else set(fixed or ())
    for col in df.columns:
        d = decimals.get(col, 4) if isinstance(decimals, dict) else decimals
        values, is_num = _format_column(df[col], lang, d, col in fixed_cols)
        out[col] = values
        if is_num:
            num_cols.add(col)
    out.columns = df.columns
    out.index = df.index
    table = ReaderTable(out)
    table.numeric = [c for c in df.columns if c in num_cols]
    table.highlight = list(highlight) if highlight is not None else [False] * len(df)
    table.links = list(links)
    table.caption = html_text(caption)
    table.note = html_text(note)
    table.limit = limit
    table.more_label = more_label or t("tbl_full", lang, n=len(df))
    table.show_index = show_index
    table.nowrap = list(nowrap)
    table.wide = list(wide)
    return table
