"""What the other provinces do in the planning year: the one model used by every analysis.

A target plan or a scenario is judged against the other provinces' values *next year*, which
nobody knows. :class:`Others` names the assumption and :func:`move_others` applies it:

``still``
    The others keep this year's values.
``trend``
    Each other province moves along its own linear trend from the previous year,
    ``x + (x - x_previous)``, clipped to the valid ranges; the province stands still (at this
    year's values) until the plan moves it. This alone can drop a province many places before
    any plan: everybody else improves, it does not.
``trend-all``
    Every province, the focus included, follows its own trend; plans and scenarios start from
    the focus's *projected* values. Read beside ``trend``: the two bracket what the province's
    own momentum is worth.
``growth=PCT``
    Each other province's values grow by PCT % (``x * (1 + PCT/100)``; a lower-is-better
    indicator is divided by the same factor, so it improves too), clipped to the valid ranges.

A projected row that breaks a relation between criteria (level 4 projected above level 3) is
repaired by holding the lower side at the higher one (:meth:`icttools.analysis.implied.
RelationGraph.repair`): a projection that contradicts a definition is not a possible future.

The provinces the plan or scenario is about (the *focus*) keep their own values in every mode but
``trend-all``; what happens to them is the plan. :func:`baseline_ranks` gives the focus's rank
under each baseline side by side. Words for the reader (what each mode means) live in
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
from icttools.analysis.implied import relation_graph
from icttools.core.engine import as_matrix, compute
from icttools.core.errors import InputError
from icttools.core.framework import Framework, as_framework
from icttools.core.provinces import sort_codes

__all__ = ["OTHERS_MODES", "BASELINES", "Others", "parse_others", "trend_projection", "move_others", "indexed",
           "baseline_ranks"]

#: The accepted spellings of the assumption (``growth=PCT`` with a number, e.g. ``growth=5``).
OTHERS_MODES = ("still", "trend", "trend-all", "growth=PCT")
#: The baselines :func:`baseline_ranks` puts side by side: this year's data as they are, the
#: others on their trend with the province still, everybody on their trend.
BASELINES = ("today", "trend", "trend-all")


@dataclass(frozen=True)
class Others:
    """An assumption about the other provinces.

    Attributes
    ----------
    mode : {"still", "trend", "trend-all", "growth"}
    growth_pct : float or None
        The yearly growth in percent for ``growth``.
    """

    mode: str
    growth_pct: float | None = None

    @property
    def label(self) -> str:
        """``still``, ``trend``, ``trend-all`` or ``growth=PCT`` (the spelling used in JSON and on
        the command line; also the baseline's id)."""
        return f"growth={self.growth_pct:g}" if self.mode == "growth" else self.mode

    @property
    def needs_previous(self) -> bool:
        """Whether the assumption needs the previous year's table."""
        return self.mode in ("trend", "trend-all")

    @property
    def moves_focus(self) -> bool:
        """Whether the focus provinces move too (``trend-all``)."""
        return self.mode == "trend-all"


def parse_others(others: Any) -> Others:
    """An :class:`Others` from ``"still"``, ``"trend"``, ``"trend-all"``, ``"growth=PCT"`` or an
    :class:`Others`.

    Raises
    ------
    InputError
        Another spelling, or a growth percentage that is not a number above -100.
    """
    if isinstance(others, Others):
        return others
    text = str(others).strip().lower().replace(" ", "")
    if text in ("still", "trend", "trend-all"):
        return Others(text)
    if text.startswith("growth="):
        try:
            pct = float(text[len("growth="):].rstrip("%"))
        except ValueError:
            pct = float("nan")
        if not math.isfinite(pct) or pct <= -100:
            raise InputError(f"others: growth percentage must be a number > -100, got {others!r}")
        return Others("growth", pct)
    raise InputError(f"others must be 'still', 'trend', 'trend-all' or 'growth=PCT' (e.g. 'growth=5'), "
                     f"got {others!r}")


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

    ``x_next = x + steps * (x - x_previous)``, clipped to each indicator's valid range; a row that
    then breaks a relation between criteria has the lower side held at the higher side (a pair
    this year's row already breaks keeps that excess, no more).

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
    raw = np.clip(X + steps * (X - Xp), lo, hi)
    raw = np.where(np.isnan(Xp), X, raw)  # no previous value (kept missing): stands still
    projected = relation_graph(fw).repair(raw, reference=X)
    return pd.DataFrame(projected, index=pd.Index(codes, name="gso_code"), columns=fw.indicator_ids)


def move_others(data: pd.DataFrame, focus: Iterable[str], others: Any = "still",
                previous: pd.DataFrame | None = None,
                framework: Framework | str | None = None) -> pd.DataFrame:
    """The data with every province except the ``focus`` moved one year under ``others`` (under
    ``trend-all``, the focus too).

    Parameters
    ----------
    data : DataFrame
        This year's table (index or column ``gso_code``; the framework's indicator columns).
    focus : iterable of str
        GSO codes (as in ``data``) whose rows are returned unchanged.
    others : str or Others
        ``still``, ``trend``, ``trend-all`` or ``growth=PCT`` (see the module docstring).
    previous : DataFrame, optional
        The previous year's table; required for ``trend`` and ``trend-all``, with a row for every
        province that moves.
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
    keep = np.isin(codes, [str(c) for c in focus]) & (not model.moves_focus)
    movers = np.flatnonzero(~keep)
    moved = X.copy()
    if model.mode in ("trend", "trend-all"):
        if previous is None:
            raise InputError(f"previous: others={model.label!r} needs the previous year's table "
                             "(previous=DataFrame)")
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


def baseline_ranks(data: pd.DataFrame, province: str, previous: pd.DataFrame | None = None,
                   framework: Framework | str | None = None) -> pd.DataFrame:
    """The province's overall score and rank under each baseline, side by side.

    Parameters
    ----------
    data : DataFrame
        This year's table (index or column ``gso_code``).
    province : str
        GSO code as in ``data``.
    previous : DataFrame, optional
        The previous year's table; without it only ``today`` is given.
    framework : Framework or str, optional

    Returns
    -------
    DataFrame
        Indexed by baseline id (:data:`BASELINES`: ``today`` -- this year's data as they are;
        ``trend`` -- the others one year along their trend, the province still; ``trend-all`` --
        everybody along their trend), columns ``score`` (rounded as published) and ``rank``.
    """
    fw = as_framework(framework)
    code = str(province)
    tables = {"today": indexed(data)}
    if previous is not None:
        tables["trend"] = move_others(data, [code], "trend", previous, fw)
        tables["trend-all"] = move_others(data, [code], "trend-all", previous, fw)
    rows = []
    for key, table in tables.items():
        res = compute(table, fw)
        rows.append({"baseline": key, "score": res.score(code), "rank": res.rank(code)})
    return pd.DataFrame(rows).set_index("baseline")
