"""Shared fixtures: the framework and a seeded synthetic 63-province table.

The shipped demo years (``data/raw/ict_index/<year>``) are used by tests that check published
figures; these fixtures serve tests that need *some* realistic table without depending on them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icttools.core.framework import load_framework
from icttools.core.provinces import province_codes


def make_random_table(seed: int = 0, framework=None) -> pd.DataFrame:
    """63 provinces × the framework's indicators, values inside each valid range (seeded)."""
    fw = framework or load_framework()
    rng = np.random.default_rng(seed)
    codes = province_codes()
    dev = rng.standard_normal(len(codes))
    cols = {}
    for ind in fw.indicators:
        lo, hi = ind.range
        width = min(hi - lo, 100.0)
        z = 0.7 * dev + 0.7 * rng.standard_normal(len(codes))
        u = 1 / (1 + np.exp(-z))  # (0, 1)
        cols[ind.id] = np.round(lo + 0.05 * width + 0.9 * width * u, 4)
    return pd.DataFrame(cols, index=pd.Index(codes, name="gso_code"))


@pytest.fixture(scope="session")
def framework():
    return load_framework()


@pytest.fixture()
def random_table(framework):
    return make_random_table(0, framework)
