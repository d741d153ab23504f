"""Published ICT Index figures (real, with sources) and the check of a computation against them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from icttools.core.engine import IndexResult
from icttools.core.errors import InputFileNotFound
from icttools.core.paths import raw_dir
from icttools.core.text import nfc

__all__ = ["published_dir", "load_published", "load_published_indicators", "check_published",
           "published_years"]


def published_dir() -> Path:
    """``data/raw/published`` (under ``ICT_DATA_DIR`` when set)."""
    return raw_dir() / "published"


def _read(name: str, folder: Path | None) -> pd.DataFrame:
    path = (folder or published_dir()) / name
    if not path.exists():
        raise InputFileNotFound(f"published figures not found: {path.name} (expected in data/raw/published/)")
    df = pd.read_csv(path, dtype={"gso_code": str}, encoding="utf-8-sig", keep_default_na=True)
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(nfc)
    df["gso_code"] = df["gso_code"].str.zfill(2)
    return df


def load_published(year: int | None = None, folder: Path | None = None) -> pd.DataFrame:
    """Published node scores and ranks (``ict_index_published.csv``), optionally for one year.

    Columns: ``year, gso_code, province, node, score, decimals, rank, confidence, source, note``;
    ``score``/``decimals``/``rank`` are NaN where not published.
    """
    df = _read("ict_index_published.csv", folder)
    if year is not None:
        df = df[df["year"] == int(year)].reset_index(drop=True)
    return df


def load_published_indicators(year: int | None = None, folder: Path | None = None) -> pd.DataFrame:
    """Published indicator values (Hà Giang 2018, plan 126/KH-UBND)."""
    df = _read("ict_index_published_indicators.csv", folder)
    if year is not None:
        df = df[df["year"] == int(year)].reset_index(drop=True)
    return df


def published_years(folder: Path | None = None) -> list[int]:
    return sorted(int(y) for y in load_published(folder=folder)["year"].unique())


def _round_half_up(value: float, decimals: int) -> Decimal:
    # the computed score is already rounded to the method's decimals; round its decimal text
    q = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP)


def check_published(result: IndexResult, year: int, folder: Path | None = None) -> pd.DataFrame:
    """Compare a computation with every published figure of ``year``.

    Scores are compared at the published number of decimals (the computed score, rounded as the
    method rounds, then rounded half-up to the published decimals); ranks exactly.

    Returns
    -------
    DataFrame
        One row per published figure and quantity: ``gso_code, province, node, quantity
        ("score" or "rank"), published, computed, ok, confidence, source``.
    """
    pub = load_published(year, folder)
    rows = []
    for rec in pub.itertuples(index=False):
        if rec.node not in result.framework.node_ids or rec.gso_code not in result.codes:
            rows.append(dict(gso_code=rec.gso_code, province=rec.province, node=rec.node, quantity="node",
                             published=rec.node, computed=None, ok=False, confidence=rec.confidence,
                             source=rec.source))
            continue
        if not pd.isna(rec.score):
            d = int(rec.decimals)
            computed = _round_half_up(result.score(rec.gso_code, rec.node), d)
            published = Decimal(repr(float(rec.score))).quantize(Decimal(1).scaleb(-d))
            rows.append(dict(gso_code=rec.gso_code, province=rec.province, node=rec.node, quantity="score",
                             published=f"{published}", computed=f"{computed}", ok=computed == published,
                             confidence=rec.confidence, source=rec.source))
        if not pd.isna(rec.rank):
            computed_rank = result.rank(rec.gso_code, rec.node)
            rows.append(dict(gso_code=rec.gso_code, province=rec.province, node=rec.node, quantity="rank",
                             published=str(int(rec.rank)), computed=str(computed_rank),
                             ok=computed_rank == int(rec.rank), confidence=rec.confidence, source=rec.source))
    out = pd.DataFrame(rows, columns=["gso_code", "province", "node", "quantity", "published", "computed",
                                      "ok", "confidence", "source"])
    out["ok"] = out["ok"].astype(bool)
    return out


def published_constraints(year: int, folder: Path | None = None) -> pd.DataFrame:
    """The published figures of a year as calibration targets (used by the demo generator)."""
    pub = load_published(year, folder)
    return pub[["gso_code", "node", "score", "decimals", "rank"]].copy()
