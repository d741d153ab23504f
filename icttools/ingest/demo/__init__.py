"""SYNTHETIC demo data: a seeded generator that agrees with everything published.

The real 63 × 30 criteria table is not public. This generator makes a plausible one per year
(2017–2019) that, under the default method:

* reproduces every published figure in ``data/raw/published/ict_index_published.csv`` (ranks
  exactly, scores at the published decimals) and uses Hà Giang's published indicator values as
  they are;
* agrees with every statement of plan 126/KH-UBND about Hà Giang's criteria
  (``plan126_statements.csv``: rank bands in 2018, directions from 2017 to 2018);
* keeps the framework's relations in every province and year (online services level 1 >= 2 >=
  3 >= 4, information-security staff <= IT staff, shares within [0, 100]);
* has no pile of more than four provinces in any 0.005-wide window of any node's scores;
* moves provinces from year to year only as much as a plausible yearly change and the published
  figures need.

Steps (all seeded; one module each):

1. :mod:`~icttools.ingest.demo.priors` -- plausible sub-index scores and indicator distributions;
2. :mod:`~icttools.ingest.demo.calibrate` -- sub-index scores that reproduce the published figures,
   spread so that no provinces pile up (linear programmes, scipy/HiGHS);
3. :mod:`~icttools.ingest.demo.invert` -- indicator values whose sub-indices are exactly those
   scores, with the relations, bands, directions and published values;
4. here -- rounding, verification by recomputation (the generator refuses to return or write data
   that miss any published figure, statement, relation or spacing rule) and writing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from icttools.core.engine import IndexResult, compute
from icttools.core.framework import Framework, load_framework
from icttools.core.provinces import load_provinces
from icttools.ingest.demo.calibrate import WINDOW, calibrate_years
from icttools.ingest.demo.invert import DIRECTION_STEP, YearTargets, invert_year, relation_decimals
from icttools.ingest.demo.priors import ANCHOR_YEAR, PRIORS, IndicatorPrior, prior_group_scores
from icttools.ingest.published import check_all, load_published, load_published_indicators, load_statements

__all__ = ["DEMO_YEARS", "DEMO_SEED", "DATA_SOURCE_LABEL", "MAX_PILE", "generate_year", "write_demo_year",
           "to_csv_text", "densest_window", "IndicatorPrior", "PRIORS"]

DEMO_YEARS = (2017, 2018, 2019)
DEMO_SEED = 20190418  # the date of plan 126/KH-UBND; any fixed number would do
DATA_SOURCE_LABEL = "SYNTHETIC demo data (icttools demo; calibrated to published figures)"
MAX_PILE = 4  # provinces allowed in one WINDOW-wide window of a node's rounded scores


def densest_window(scores: pd.Series | np.ndarray, width: float = WINDOW, decimals: int = 4) -> tuple[int, float]:
    """The most provinces whose rounded scores lie in one closed window ``[t, t + width]``, and its ``t``."""
    v = np.sort(np.round(np.asarray(scores, float), decimals))
    ends = np.searchsorted(v, np.round(v + width, decimals), side="right")
    counts = ends - np.arange(len(v))
    k = int(np.argmax(counts))
    return int(counts[k]), float(v[k])


def _published_ranks(published: dict[int, pd.DataFrame]) -> dict[tuple[str, str], float]:
    """The rank every (province, node) is published with: the anchor year's, else the mean of
    the other years' (the prior starts there)."""
    pub = pd.concat([df.assign(year=y) for y, df in published.items()])
    pub = pub[pub["rank"].notna()]
    mean = pub.groupby(["gso_code", "node"])["rank"].mean().to_dict()
    anchor = pub[pub["year"] == ANCHOR_YEAR].set_index(["gso_code", "node"])["rank"].to_dict()
    return {**mean, **anchor}


def _targets(codes: list[str], year: int, statements: pd.DataFrame,
             values: dict[int, dict[str, np.ndarray]], decimals: dict[str, int]) -> YearTargets:
    """Published values, the plan's bands, and direction bounds against a year already generated."""
    row = {c: k for k, c in enumerate(codes)}
    t = YearTargets()
    for rec in load_published_indicators(year).itertuples(index=False):
        t.pins[(row[rec.gso_code], rec.indicator)] = float(rec.value)
    for rec in statements.itertuples(index=False):
        p, iid = row[rec.gso_code], rec.indicator
        if rec.kind == "band" and rec.year == year:
            t.bands.append((p, iid, float(rec.rank_min), float(rec.rank_max)))
        if rec.kind != "direction":
            continue
        # a visible change ("up": the value rises), strict even after rounding
        step = max(2 * 10.0 ** -decimals[iid], DIRECTION_STEP * PRIORS[iid].sd)
        if rec.year == year and year - 1 in values:  # this year against the one before
            before = values[year - 1][iid][p]
            t.limits[(p, iid)] = (before + step, np.inf) if rec.direction == "up" else (-np.inf, before - step)
        elif rec.year == year + 1 and year + 1 in values:  # the year before a statement's year
            after = values[year + 1][iid][p]
            t.limits[(p, iid)] = (-np.inf, after - step) if rec.direction == "up" else (after + step, np.inf)
    return t


def _verify(fw: Framework, tables: dict[int, pd.DataFrame]) -> dict[int, IndexResult]:
    """Recompute every year and refuse data that miss a figure, statement, relation or spacing rule."""
    problems, results = [], {}
    for year, table in sorted(tables.items()):
        res = results[year] = compute(table, fw)
        prev = tables[year - 1].set_index("gso_code") if year - 1 in tables else None
        check = check_all(res, year, prev)
        for rec in check[~check["ok"]].itertuples(index=False):
            problems.append(f"{year} {rec.gso_code} {rec.node} {rec.quantity}: published {rec.published}, "
                            f"computed {rec.computed}")
        broken = fw.violations(table.set_index("gso_code"))
        problems += [f"{year} {r.row}: relation {r.relation} broken by {r.indicator}" for r in broken.itertuples()]
        for node in fw.node_ids:
            n, at = densest_window(res.scores[node])
            if n > MAX_PILE:
                problems.append(f"{year} {node}: {n} provinces within {WINDOW} of {at}")
    if problems:
        raise RuntimeError("demo data fail their checks:\n" + "\n".join(problems))
    return results


@lru_cache(maxsize=2)
def _generate(fw: Framework, seed: int) -> dict[int, pd.DataFrame]:
    provinces = load_provinces()
    codes = provinces["gso_code"].tolist()
    published = {y: load_published(y)[["gso_code", "node", "score", "decimals", "rank"]] for y in DEMO_YEARS}
    priors = prior_group_scores(fw, DEMO_YEARS, seed, provinces, _published_ranks(published))
    scores = calibrate_years(fw, priors, published, codes, seed)
    statements = load_statements()
    decimals = relation_decimals(fw)
    values: dict[int, dict[str, np.ndarray]] = {}
    for year in sorted(DEMO_YEARS, key=lambda y: (abs(y - ANCHOR_YEAR), y)):  # the anchor year first
        targets = _targets(codes, year, statements, values, decimals)
        raw = invert_year(fw, scores[year], year, seed, targets)
        rounded = {i: np.round(v, decimals[i]) + 0.0 for i, v in raw.items()}  # + 0.0: no -0.0
        for (p, iid), v in targets.pins.items():
            rounded[iid][p] = v
        values[year] = rounded
    tables = {}
    for year in DEMO_YEARS:
        table = pd.DataFrame({"gso_code": codes, "province": provinces["name_vi"].tolist(),
                              "data_source": DATA_SOURCE_LABEL})
        for iid in fw.indicator_ids:
            table[iid] = values[year][iid]
        tables[year] = table
    _verify(fw, tables)
    return tables


def generate_year(year: int, seed: int = DEMO_SEED, framework: Framework | None = None) -> pd.DataFrame:
    """The SYNTHETIC indicator table of one demo year (all years are generated and verified together).

    Parameters
    ----------
    year : int
        One of :data:`DEMO_YEARS`.
    seed : int
        Seed of every random draw; the same seed gives the same tables.

    Returns
    -------
    DataFrame
        Columns ``gso_code, province, data_source`` and the indicator ids (values already rounded
        to the decimals written to file, given in ``attrs["decimals"]``), ordered by GSO code.

    Raises
    ------
    RuntimeError
        If the generated data miss any published figure, statement, relation or spacing rule.
    """
    fw = framework or load_framework()
    if year not in DEMO_YEARS:
        raise ValueError(f"demo data exist for {', '.join(map(str, DEMO_YEARS))}, not {year}")
    table = _generate(fw, seed)[year].copy()
    table.attrs["decimals"] = relation_decimals(fw)
    return table


def to_csv_text(table: pd.DataFrame) -> str:
    """The demo table as CSV text with a fixed number of decimals per indicator."""
    decimals = table.attrs.get("decimals", {})
    out = table.copy()
    for col, dec in decimals.items():
        out[col] = [f"{v:.{dec}f}" for v in out[col]]
    return out.to_csv(index=False, lineterminator="\n")


_CARD = """# SYNTHETIC demo data – ICT Index {year}

`indicators.csv` in this folder is **SYNTHETIC**. It was produced by `icttools demo --year {year}`
(seed {seed}) and is not the Ministry's data. Its column `data_source` says so on every row.

What is real: the published figures it is calibrated to (`data/raw/published/`), which it
reproduces under the default method (ranks exactly, scores at the published decimals), Hà Giang's
published 2018 indicator values, used as they are, and what plan 126/KH-UBND says about Hà Giang's
criteria (rank bands in 2018, directions from 2017 to 2018), which it agrees with. Everything else
is generated. See `data/raw/ict_index/README.md`.
"""


def write_demo_year(year: int, out_dir: Path | None = None, seed: int = DEMO_SEED) -> Path:
    """Generate one demo year and write ``<out_dir>/<year>/indicators.csv`` and ``SYNTHETIC.md``.

    Files are written atomically; running again reproduces them byte for byte.
    """
    from icttools.core.atomic import atomic_write_text
    from icttools.core.paths import raw_dir

    base = Path(out_dir) if out_dir is not None else raw_dir() / "ict_index"
    folder = base / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    table = generate_year(year, seed)
    path = folder / "indicators.csv"
    atomic_write_text(path, to_csv_text(table))
    atomic_write_text(folder / "SYNTHETIC.md", _CARD.format(year=year, seed=seed))
    return path
