"""Aligned plain-text tables and string-table sections for the command line."""

from __future__ import annotations

from typing import Any

from icttools.present.i18n import TEXT, check_lang

__all__ = ["text_table", "aligned_lines", "section", "fit", "num"]


def text_table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """Plain-text table with aligned columns; ``align`` is a string of ``l``/``r`` per column."""
    align = align or "l" * len(header)
    cells = [header, *rows]
    widths = [max(len(str(r[k])) for r in cells) for k in range(len(header))]

    def line(r: list[str]) -> str:
        out = [str(v).ljust(w) if a == "l" else str(v).rjust(w) for v, w, a in zip(r, widths, align)]
        return "  ".join(out).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def aligned_lines(header: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> list[str]:
    """The lines of a table whose columns in ``right`` are right-aligned (a dashed rule under the
    header)."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]

    def fmt(cells: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if k in right else str(c).ljust(w)
                         for k, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return [fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]


def section(prefix: str, lang: str) -> dict[str, Any]:
    """The strings ``<prefix><key>`` of ``lang`` as ``{key: text}`` (e.g. ``section("cli_gaps_", "vi")``)."""
    check_lang(lang)
    return {k[len(prefix):]: v for k, v in TEXT[lang].items() if k.startswith(prefix)}


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters (ending with ``…`` when cut)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def num(x: Any, spec: str) -> str:
    """``format(x, spec)``, or ``—`` for a missing or infinite value."""
    import math

    if x is None:
        return "—"
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "—"
    if not math.isfinite(v):
        return "—"
    return format(v, spec)
