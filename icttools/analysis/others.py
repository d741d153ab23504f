"""What the other provinces do in the planning year: the one model used by every analysis.

A target plan or a scenario is judged against the other provinces' values *next year*, which
nobody knows. :class:`Others` names the assumption and :func:`move_others` applies it:

``still``
    The others keep this year's values.
``trend``
    Each other province moves along its own linear trend from the previous year,
    ``x + (x - x_previous)``, clipped to the valid ranges.
``growth=PCT``
    Each other province's values grow by PCT % (``x * (1 + PCT/100)``; a lower-is-better
    indicator is divided by the same factor, so it improves too), clipped to the valid ranges.

The provinces the plan or scenario is about (the *focus*) keep their own values in every mode;
what happens to them is the plan. Words for the reader (what each mode means) live in
:mod:`icttools.present`, not here.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import pandas as pd

from icttools.analysis.feasibility import valid_ranges
from icttools.core.engine import as_matrix
from icttools.core.errors import InputError
from icttools.core.framework import Framework, as_framework
from icttools.core.provinces import sort_codes

__all__ = ["OTHERS_MODES", "Others", "parse_others", "trend_projection", "move_others", "indexed"]

#: The accepted spellings of the assumption (``growth=PCT`` with a number, e.g. ``growth=5``).
OTHERS_MODES = ("still", "trend", "growth=PCT")


@dataclass(frozen=True)
class Others:
    """An assumption about the other provinces.

    Attributes
    ----------
    mode : {"still", "trend", "growth"}
    growth_pct : float or None
        The yearly growth in percent for ``growth``.
    """

    mode: str
    growth_pct: float | None = None

    @property
    def label(self) -> str:
        """``still``, ``trend`` or ``growth=PCT`` (the spelling used in JSON and on the command line)."""
        return f"growth={self.growth_pct:g}" if self.mode == "growth" else self.mode

    @property
    def needs_previous(self) -> bool:
        """Whether the assumption needs the previous year's table."""
        return self.mode == "trend"


def parse_others(others: Any) -> Others:
    """An :class:`Others` from ``"still"``, ``"trend"``, ``"growth=PCT"`` or an :class:`Others`.

    Raises
    ------
    InputError
        Another spelling, or a growth percentage that is not a number above -100.
    """
    if isinstance(others, Others):
        return others
    text = str(others).strip().lower().replace(" ", "")
    if text in ("still", "trend"):
        return Others(text)
    if text.startswith("growth="):
        try:
            pct = float(text[len("growth="):].rstrip("%"))
        except ValueError:
            pct = float("nan")
        if not math.isfinite(pct) or pct <= -100:
            raise InputError(f"others: growth percentage must be a number > -100, got {others!r}")
        return Others("growth", pct)
    raise InputError(f"others must be 'still', 'trend' or 'growth=PCT' (e.g. 'growth=5'), got {others!r}")


def indexed(data: pd.DataFrame) -> pd.DataFrame:
    """A copy of a data table indexed by ``gso_code`` (as strings)."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    df = data.set_index("gso_code") if "gso_code" in data.columns else data.copy()
    df.index = pd.Index([str(c) for c in df.index], name="gso_code")
    return df


def trend_projection(data: pd.DataFrame, previous: pd.DataFrame, framework: Framework | None = None,
                     steps: int = 1) -> pd.DataFrame:
    """Move every province ``steps`` years along its own linear trend.

    ``x_next = x + steps * (x - x_previous)``, clipped to each indicator's valid range.

    Parameters
    ----------
    data, previous : DataFrame
        This year's and the previous year's tables (index or column ``gso_code``); every
        province of ``data`` needs a row in ``previous``; no missing values, unless the framework
        keeps them (``missing: skip``): a value without a previous value then stands still.
    framework : Framework, optional
    steps : int
        Years to extrapolate (>= 1).

    Returns
    -------
    DataFrame
        Indexed by ``gso_code`` in ``data``'s row order, the framework's indicator columns.
    """
    fw = as_framework(framework)
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1:
        raise InputError(f"steps must be a positive integer, got {steps!r}")
    X, codes = as_matrix(data, fw, allow_missing=fw.method.missing == "skip")
    Xp, pcodes = as_matrix(previous, fw, allow_missing=fw.method.missing == "skip")
    missing = sort_codes(set(codes) - set(pcodes))
    if missing:
        raise InputError(f"previous: the previous year's table lacks province(s) {', '.join(missing)}")
    pos = {c: k for k, c in enumerate(pcodes)}
    Xp = Xp[[pos[c] for c in codes]]
    lo, hi = valid_ranges(fw)
    projected = np.clip(X + steps * (X - Xp), lo, hi)
    projected = np.where(np.isnan(Xp), X, projected)  # no previous value (kept missing): stands still
    return pd.DataFrame(projected, index=pd.Index(codes, name="gso_code"), columns=fw.indicator_ids)


def move_others(data: pd.DataFrame, focus: Iterable[str], others: Any = "still",
                previous: pd.DataFrame | None = None,
                framework: Framework | str | None = None) -> pd.DataFrame:
    """The data with every province except the ``focus`` moved one year under ``others``.

    Parameters
    ----------
    data : DataFrame
        This year's table (index or column ``gso_code``; the framework's indicator columns).
    focus : iterable of str
        GSO codes (as in ``data``) whose rows are returned unchanged.
    others : str or Others
        ``still``, ``trend`` or ``growth=PCT`` (see the module docstring).
    previous : DataFrame, optional
        The previous year's table; required for ``trend``, with a row for every province that
        moves.
    framework : Framework or str, optional

    Returns
    -------
    DataFrame
        Indexed by ``gso_code`` in the order of ``data``; other columns are kept.
    """
    fw = as_framework(framework)
    model = parse_others(others)
    df = indexed(data)
    X, codes = as_matrix(df, fw)
    keep = np.isin(codes, [str(c) for c in focus])
    movers = np.flatnonzero(~keep)
    moved = X.copy()
    if model.mode == "trend":
        if previous is None:
            raise InputError("previous: others='trend' needs the previous year's table (previous=DataFrame)")
        # only the movers need a row in `previous`
        moved[movers] = trend_projection(df.iloc[movers], indexed(previous), fw).to_numpy(dtype=float)
    elif model.mode == "growth":
        lo, hi = valid_ranges(fw)
        factor = 1.0 + model.growth_pct / 100.0
        grown = np.clip(np.where(fw.directions > 0, X * factor, X / factor), lo, hi)
        moved[movers] = grown[movers]
    out = df.copy()
    out[fw.indicator_ids] = moved
    return out
