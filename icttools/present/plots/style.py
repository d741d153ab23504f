"""The reports' chart style: the palette and the matplotlib settings every chart uses."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl

__all__ = ["COLORS", "STYLE", "apply_style"]


#: The palette: the province is always red, everything else muted.
COLORS = {
    "province": "#c0392b",
    "other": "#b8c2cc",
    "leader": "#1f4e79",
    "median": "#7f8c8d",
    "region": "#e69f00",
    "better": "#2e8b57",
    "worse": "#d35400",
    "interaction": "#9b59b6",
    "target": "#2980b9",
    "target2": "#16a085",
    "grid": "#dddddd",
}

#: rcParams set by :func:`apply_style`.
STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.edgecolor": "#555555",
    "grid.color": COLORS["grid"],
    "grid.linewidth": 0.6,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "figure.titlesize": 11,
    "figure.titleweight": "bold",
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "image.cmap": "RdYlGn_r",
}


def apply_style() -> None:
    """Set the reports' matplotlib style (fonts, sizes, grid, colours) in ``rcParams``."""
    mpl.rcParams.update(STYLE)

