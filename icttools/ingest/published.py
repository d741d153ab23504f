"""Published ICT Index figures (real, with sources) and the check of a computation against them.

Three files in ``data/raw/published/``:

* ``ict_index_published.csv`` -- node scores and ranks (compared at the published decimals);
* ``ict_index_published_indicators.csv`` -- published indicator values (Hà Giang 2018);
* ``plan126_statements.csv`` -- what plan 126/KH-UBND says in words about Hà Giang's criteria:
  a *band* of ranks among the provinces (``rank_min``/``rank_max``, 1 = best; "rất thấp" is
  rank >= 50) or a *direction* of the value against the year before (``up``/``down``).

:func:`check_published` compares a computation with the first two, :func:`check_statements` a
table (and the year before) with the third, :func:`check_all` does both.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from icttools.core.engine import IndexResult
from icttools.core.errors import DataError, InputFileNotFound
from icttools.core.paths import raw_dir
from icttools.core.provinces import UnknownProvinceError, resolve_province
from icttools.core.text import nfc

__all__ = ["published_dir", "load_published", "load_published_indicators", "check_published",
           "published_years", "load_statements", "check_statements", "check_all", "indicator_ranks",
           "STATEMENTS_FILE"]

STATEMENTS_FILE = "plan126_statements.csv"
CHECK_COLUMNS = ["gso_code", "province", "node", "quantity", "published", "computed", "ok", "confidence",
                 "source"]


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
    for k, (code, name) in enumerate(zip(df["gso_code"], df["province"]), start=2):
        # the name must be one the resolver knows for that code ("TP. Hồ Chí Minh" is 79)
        try:
            found = resolve_province(name).gso_code
        except UnknownProvinceError:
            found = None
        if found != code:
            raise DataError(f"{path.name}: row {k}: column province: {name!r} is not the province of gso_code "
                            f"{code!r}; correct one of the two")
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
    values = _published_values(year, folder)
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
    for rec in values.itertuples(index=False):
        # a published indicator value, compared at its published decimals
        if rec.indicator not in result.values.columns or rec.gso_code not in result.codes:
            rows.append(dict(gso_code=rec.gso_code, province=rec.province, node=rec.indicator, quantity="indicator",
                             published=rec.indicator, computed=None, ok=False, confidence="CONFIRMED",
                             source=rec.source))
            continue
        d = rec.decimals
        got = float(result.values.at[rec.gso_code, rec.indicator])
        computed = _round_half_up(got, d) if np.isfinite(got) else None
        published = Decimal(rec.text).quantize(Decimal(1).scaleb(-d))
        rows.append(dict(gso_code=rec.gso_code, province=rec.province, node=rec.indicator, quantity="value",
                         published=f"{published}", computed=f"{computed}" if computed is not None else "missing",
                         ok=computed == published, confidence="CONFIRMED", source=rec.source))
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    out["ok"] = out["ok"].astype(bool)
    return out


def _published_values(year: int, folder: Path | None) -> pd.DataFrame:
    """Published indicator values of a year with their text and decimals (``25.0`` has 1)."""
    try:
        df = load_published_indicators(year, folder)
    except FileNotFoundError:
        return pd.DataFrame(columns=["gso_code", "province", "indicator", "text", "decimals", "source"])
    raw = pd.read_csv((folder or published_dir()) / "ict_index_published_indicators.csv", dtype=str,
                      encoding="utf-8-sig")
    raw = raw[raw["year"].astype(int) == int(year)].reset_index(drop=True)
    df = df.assign(text=raw["value"].str.strip())
    df["decimals"] = [len(t.split(".")[1]) if "." in t else 0 for t in df["text"]]
    return df


def published_constraints(year: int, folder: Path | None = None) -> pd.DataFrame:
    """The published figures of a year as calibration targets (used by the demo generator)."""
    pub = load_published(year, folder)
    return pub[["gso_code", "node", "score", "decimals", "rank"]].copy()


# --- the plan's words: rank bands and directions -----------------------------------------------

STATEMENT_KINDS = ("band", "direction")
DIRECTIONS = ("up", "down")


def load_statements(year: int | None = None, folder: Path | None = None) -> pd.DataFrame:
    """Qualitative statements (``plan126_statements.csv``), validated, optionally for one year.

    Columns: ``year, gso_code, province, indicator, kind ("band" | "direction"), rank_min,
    rank_max, direction ("up" | "down"), word_vi, quote_vi, confidence, source, note``. A missing
    file means no statements (an empty table).

    Raises
    ------
    DataError
        A row breaks a rule; the message names file, row, column and value.
    """
    path = (folder or published_dir()) / STATEMENTS_FILE
    if not path.exists():
        return pd.DataFrame(columns=["year", "gso_code", "province", "indicator", "kind", "rank_min", "rank_max",
                                     "direction", "word_vi", "quote_vi", "confidence", "source", "note"])
    df = _read(STATEMENTS_FILE, folder)
    for k, rec in enumerate(df.itertuples(index=False), start=2):
        where = f"{STATEMENTS_FILE}: row {k}"
        if rec.kind not in STATEMENT_KINDS:
            raise DataError(f"{where}: column kind: {rec.kind!r} is not one of {', '.join(STATEMENT_KINDS)}")
        if rec.kind == "direction" and rec.direction not in DIRECTIONS:
            raise DataError(f"{where}: column direction: {rec.direction!r} is not one of {', '.join(DIRECTIONS)}")
        if rec.kind == "band":
            bounds = [b for b in (rec.rank_min, rec.rank_max) if not pd.isna(b)]
            if not bounds:
                raise DataError(f"{where}: a band needs rank_min, rank_max or both")
            if any(b != int(b) or b < 1 for b in bounds) or (len(bounds) == 2 and bounds[0] > bounds[1]):
                raise DataError(f"{where}: columns rank_min/rank_max: {rec.rank_min!r}/{rec.rank_max!r} "
                                f"must be whole ranks from 1, min <= max")
    if year is not None:
        df = df[df["year"] == int(year)].reset_index(drop=True)
    return df


def indicator_ranks(values: pd.DataFrame, directions: pd.Series | None = None) -> pd.DataFrame:
    """Rank of every value among the rows of its column (1 = best; ties share the best rank).

    ``directions`` (+1 higher is better, -1 lower is better) per column; default +1. Missing
    values get no rank (NaN) and are not counted.
    """
    X = values.to_numpy(float)
    d = np.ones(X.shape[1]) if directions is None else directions.reindex(values.columns).fillna(1).to_numpy(float)
    Y = X * d
    valid = ~np.isnan(Y)
    # competition ranking: 1 + the number of valid values strictly better, column by column
    better = (Y[None, :, :] > Y[:, None, :]) & valid[None, :, :]
    ranks = 1.0 + better.sum(axis=1)
    return pd.DataFrame(np.where(valid, ranks, np.nan), index=values.index, columns=values.columns)


def _band_text(lo: float, hi: float) -> str:
    if pd.isna(lo):
        return f"rank <= {int(hi)}"
    if pd.isna(hi):
        return f"rank >= {int(lo)}"
    return f"rank {int(lo)}-{int(hi)}"


def check_statements(values: pd.DataFrame, year: int, previous: pd.DataFrame | None = None,
                     directions: pd.Series | None = None, folder: Path | None = None) -> pd.DataFrame:
    """Check the plan's statements of ``year`` on an indicator table.

    Parameters
    ----------
    values : DataFrame
        Indicator values of ``year`` (rows: GSO codes; columns: indicator ids).
    year : int
    previous : DataFrame, optional
        Indicator values of ``year - 1``, for the direction statements. Without it, a direction
        statement cannot be checked and fails ("no data of <year - 1>").
    directions : Series, optional
        +1/-1 per indicator (the framework's); default: higher is better.
    folder : Path, optional
        Where the statements file is (default ``data/raw/published``).

    Returns
    -------
    DataFrame
        The columns of :func:`check_published`; ``quantity`` is ``band`` or ``direction``,
        ``published`` says the statement (``rank >= 50 (rất thấp)``, ``up vs 2017``) and
        ``computed`` what the table gives (``rank 53``, ``1.02 -> 1.21``).
    """
    st = load_statements(year, folder)
    ranks = indicator_ranks(values, directions) if len(st) else None
    rows = []
    for rec in st.itertuples(index=False):
        base = dict(gso_code=rec.gso_code, province=rec.province, node=rec.indicator, quantity=rec.kind,
                    confidence=rec.confidence, source=rec.source)
        if rec.kind == "band":
            base["published"] = f"{_band_text(rec.rank_min, rec.rank_max)} ({rec.word_vi})"
        else:
            base["published"] = f"{rec.direction} vs {int(year) - 1}"
        if rec.indicator not in values.columns or rec.gso_code not in values.index:
            rows.append({**base, "computed": "not in the table", "ok": False})
            continue
        if rec.kind == "band":
            r = ranks.at[rec.gso_code, rec.indicator]
            ok = (not pd.isna(r) and (pd.isna(rec.rank_min) or r >= rec.rank_min)
                  and (pd.isna(rec.rank_max) or r <= rec.rank_max))
            rows.append({**base, "computed": "missing" if pd.isna(r) else f"rank {int(r)}", "ok": bool(ok)})
            continue
        if previous is None or rec.indicator not in previous.columns or rec.gso_code not in previous.index:
            rows.append({**base, "computed": f"no data of {int(year) - 1}", "ok": False})
            continue
        before = float(previous.at[rec.gso_code, rec.indicator])
        now = float(values.at[rec.gso_code, rec.indicator])
        ok = now > before if rec.direction == "up" else now < before
        rows.append({**base, "computed": f"{before:g} -> {now:g}", "ok": bool(ok)})
    return _frame(rows)


def check_all(result: IndexResult, year: int, previous: pd.DataFrame | None = None,
              folder: Path | None = None) -> pd.DataFrame:
    """Every published figure and value (:func:`check_published`) and every statement of the plan
    (:func:`check_statements`, with the indicator values of the year before as ``previous``)."""
    fw = result.framework
    directions = pd.Series({i.id: i.direction for i in fw.indicators})
    return pd.concat([check_published(result, year, folder),
                      check_statements(result.values, year, previous, directions, folder)], ignore_index=True)
