"""Plain-Python values for the command line's JSON output (shared by the analysis modules)."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["json_float"]


def json_float(x: Any, decimals: int = 10) -> float | None:
    """A finite float rounded to ``decimals`` (None for None, NaN or infinity; never -0.0)."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    r = round(x, decimals)
    return 0.0 if r == 0 else r
