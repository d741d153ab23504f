"""Helpers shared by the chart modules: names from the framework, orderings, small multiples."""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from icttools.core.engine import IndexResult
from icttools.core.framework import Framework
from icttools.core.text import nfc
from icttools.present.i18n import short_label

__all__ = ["node_label", "rank_order", "leader_of", "region_codes", "unit_label", "small_multiples"]


def node_label(fw: Framework, key: str, lang: str, width: int | None = None, lines: int = 1) -> str:
    text = fw.label(key, lang)
    return short_label(text, width, lines) if width else nfc(text)


def rank_order(codes: Sequence[str], ranks: Mapping[str, float]) -> list[str]:
    """Codes sorted by rank, ties by GSO code (deterministic)."""
    return sorted(codes, key=lambda c: (ranks[c], int(c)))


def leader_of(result: IndexResult, node: str | None = None) -> str:
    node = node or result.root
    ranks = result.ranks[node]
    return rank_order(list(result.codes), ranks.to_dict())[0]


def region_codes(codes: Sequence[str], code: str) -> list[str]:
    from icttools.core.provinces import load_provinces

    region = load_provinces().set_index("gso_code")["region"]
    return [c for c in codes if region.get(c) == region[code]]


def unit_label(fw: Framework, iid: str, lang: str) -> str:
    ind = fw.indicator(iid)
    return ind.unit if lang == "vi" else ind.unit_en


def small_multiples(n: int, ncols: int, width: float, height: float, extra: float) -> tuple[Figure, list, int]:
    """A figure with ``n`` axes on a grid of ``ncols`` columns (unused cells removed).

    Returns the figure, the ``n`` axes in reading order, and the number of columns used.
    """
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig = plt.figure(figsize=(width * ncols, height * nrows + extra), layout="constrained")
    grid = fig.subplots(nrows, ncols, squeeze=False)
    axes = [grid[k // ncols][k % ncols] for k in range(nrows * ncols)]
    for ax in axes[n:]:
        fig.delaxes(ax)
    return fig, axes[:n], ncols

