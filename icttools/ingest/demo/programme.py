"""A small sparse (mixed-integer) linear programme builder shared by calibration and inversion."""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

__all__ = ["Programme", "DISTANCE_WIDTHS", "DISTANCE_COSTS"]

# A convex piecewise-linear distance |x - target| (widths in units of ``scale``, cost per unit
# rising by segment): large changes cost more than the sum of small ones, so the programme spreads
# a needed change over many values instead of moving one value far (what plain L1 would do).
DISTANCE_WIDTHS = (0.25, 0.25, 0.5, 1.0, np.inf)
DISTANCE_COSTS = (1.0, 2.0, 4.0, 8.0, 20.0)


class Programme:
    """Rows as ``{column: coefficient}`` with bounds; solved by HiGHS through ``scipy.optimize.milp``."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[dict[int, float]] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []

    def add_vars(self, n: int, cost: float | np.ndarray = 0.0, lower: float | np.ndarray = 0.0,
                 upper: float | np.ndarray = np.inf, integer: bool = False) -> np.ndarray:
        start = len(self.cost)
        self.cost += list(np.broadcast_to(np.asarray(cost, float), (n,)))
        self.lower += list(np.broadcast_to(np.asarray(lower, float), (n,)))
        self.upper += list(np.broadcast_to(np.asarray(upper, float), (n,)))
        self.integer += [integer] * n
        return np.arange(start, start + n)

    def add_row(self, coefs: dict[int, float], lo: float = -np.inf, hi: float = np.inf) -> None:
        self.rows.append(coefs)
        self.row_lo.append(float(lo))
        self.row_hi.append(float(hi))

    def add_distance(self, columns: np.ndarray, target: np.ndarray, scale: np.ndarray | float,
                     weight: np.ndarray | float = 1.0) -> None:
        """Add ``weight * distance(x - target) / scale`` to the cost, for every column (same shapes)."""
        shape = np.shape(columns)
        columns = np.asarray(columns).ravel()
        target, scale, weight = (np.broadcast_to(np.asarray(v, float), shape).ravel() for v in (target, scale, weight))
        ups, downs = [], []
        for width, cost in zip(DISTANCE_WIDTHS, DISTANCE_COSTS):
            ups.append(self.add_vars(columns.size, cost=cost * weight / scale, upper=width * scale))
            downs.append(self.add_vars(columns.size, cost=cost * weight / scale, upper=width * scale))
        for k, col in enumerate(columns):
            row = {int(col): 1.0}
            for u, d in zip(ups, downs):
                row[int(u[k])] = -1.0
                row[int(d[k])] = 1.0
            self.add_row(row, target[k], target[k])

    def solve(self, what: str) -> np.ndarray:
        data, ri, ci = [], [], []
        for k, row in enumerate(self.rows):
            for col, v in row.items():
                if v != 0.0:
                    data.append(v)
                    ri.append(k)
                    ci.append(col)
        A = csr_array((data, (ri, ci)), shape=(len(self.rows), len(self.cost)))
        res = milp(np.array(self.cost), constraints=[LinearConstraint(A, self.row_lo, self.row_hi)],
                   integrality=np.array(self.integer, dtype=int),
                   bounds=Bounds(np.array(self.lower), np.array(self.upper)),
                   options={"disp": False, "mip_rel_gap": 1e-3, "time_limit": 300.0})
        if res.x is None or res.status != 0:
            raise RuntimeError(f"demo {what} failed: {res.message}")
        return res.x
