"""Notebook-side helpers of the reports: setup, header, findings, sections and display tables.

The six report notebooks (``notebooks/00_data_quality.ipynb`` ... ``05_trends.ipynb``) are thin:
each code cell calls one function of this module (or of :mod:`icttools.plots`) and shows one
result. A notebook starts with::

    ctx = report.setup(year=year, province=province, framework=framework, data_dir=data_dir,
                       lang=lang, target_rank=target_rank, seed=seed, n_samples=n_samples)
    report.header(ctx, "02")          # each in its own cell
    report.finding_gaps(ctx)
    report.section(ctx, "waterfall")
    report.waterfall_chart(ctx, "leader")
    plt.show()                        # chart cells end with plt.show(), not ";"

:func:`setup` validates the parameters, loads the year's table, computes the index, applies the
plot style and the pandas display options, silences expected warnings and returns a
:class:`ReportContext`. The heavier analyses (rank curves, Monte Carlo, target plans, other
years) are computed on first use and cached on the context, so each notebook pays only for what
it shows.

Everything the reader sees is in Vietnamese (``lang="vi"``, default) or English (``"en"``):
headings and findings are Markdown *outputs* (reports hide the code, and static Markdown cells
cannot switch language), tables have translated headers and numbers formatted for the language
(``0,5066`` in Vietnamese). Outputs are deterministic: seeded, sorted, no timestamps, no absolute
paths.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
from IPython.display import Markdown, display
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype

from icttools import plots
from icttools.engine import IndexResult, compute
from icttools.framework import Framework, load_framework
from icttools.i18n import (NOTEBOOK_TITLES, check_lang, fmt_num, fmt_signed, join_list, province_name,
                           region_name, t)
from icttools.io import IndicatorTable, available_years, load_year_table
from icttools.paths import data_dir as default_data_dir
from icttools.paths import project_root, relative_to_root
from icttools.provinces import load_provinces, resolve_province

__all__ = [
    "DEFAULT_SCENARIO",
    "OUTLIER_Z",
    "ReportContext",
    "setup",
    "header",
    "header_text",
    "section",
    "present",
    # 00
    "finding_quality",
    "source_table",
    "coverage_table",
    "validation_table",
    "indicator_stats",
    "outliers_table",
    "imputations_table",
    # 01
    "finding_overview",
    "ranking_table",
    "node_table",
    "subindex_table",
    "published_table",
    # 02
    "finding_gaps",
    "references_table",
    "gap_nodes_table",
    "gap_criteria_table",
    "waterfall_chart",
    "contributions_table",
    "strengths_table",
    # 03
    "finding_sensitivity",
    "breakeven_table",
    "uncertainty_table",
    "sobol_table",
    # 04
    "finding_targets",
    "plan_summary",
    "plan_table",
    "plan_chart",
    "scenario_table",
    "scenario_changes",
    # 05
    "finding_trends",
    "history_table",
    "attribution_table",
    "attribution_chart",
    "indicator_changes",
]

#: The scenario shown by notebook 04 (a file of ``<data>/raw/scenarios``).
DEFAULT_SCENARIO = "plan126_ha_giang.yaml"
#: Threshold of the robust z-score (median / MAD) above which a value is called an outlier
#: (Iglewicz & Hoaglin's 3.5).
OUTLIER_Z = 3.5

_MC_MIN = 10


# --- parameters ------------------------------------------------------------------------------

def _check_int(name: str, value: Any, lo: int, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        else:
            raise ValueError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if value < lo or (hi is not None and value > hi):
        span = f"from {lo} to {hi}" if hi is not None else f">= {lo}"
        raise ValueError(f"{name} must be an integer {span}, got {value!r}")
    return value


def _province_query(province: Any) -> Any:
    """Papermill may inject ``2`` for ``"02"``: integers and digit strings become 2-digit codes."""
    if isinstance(province, bool):
        raise ValueError(f"province must be a GSO code or a name, got {province!r}")
    if isinstance(province, (int, np.integer)):
        return str(int(province)).zfill(2)
    text = str(province).strip()
    return text.zfill(2) if text.isdigit() else text


def _resolve_data_dir(data_dir: Any) -> tuple[Path, str]:
    """The data folder and its display form (relative to the project root, never absolute)."""
    if data_dir is None or str(data_dir).strip() == "":
        folder = default_data_dir()
        return folder, relative_to_root(folder)
    folder = Path(str(data_dir)).expanduser()
    if not folder.is_absolute():
        folder = project_root() / folder
    if not folder.is_dir():
        raise FileNotFoundError(f"data_dir: folder not found: {str(data_dir)!r} "
                                "(give the data folder holding raw/ict_index/<year>/, "
                                "relative to the project root or absolute)")
    return folder, relative_to_root(folder)


def _years_base(folder: Path) -> Path:
    """``<data>/raw/ict_index``, or the folder itself when it directly holds year folders."""
    base = folder / "raw" / "ict_index"
    if base.is_dir():
        return base
    if any(p.is_dir() and p.name.isdigit() for p in folder.iterdir()):
        return folder
    return base


def _silence_expected_warnings() -> None:
    """Warnings that would end up on stderr (and in the HTML) without telling the reader anything."""
    for category in (FutureWarning, DeprecationWarning, PendingDeprecationWarning):
        warnings.filterwarnings("ignore", category=category)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"matplotlib(\..*)?")
    warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"(numpy|SALib|scipy)(\..*)?")
    warnings.filterwarnings("ignore", message="Constant values encountered")


def _display_options() -> None:
    pd.set_option("display.max_rows", 100)
    pd.set_option("display.min_rows", 100)
    pd.set_option("display.max_columns", 40)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 120)


# --- the context -----------------------------------------------------------------------------

@dataclass(eq=False)
class ReportContext:
    """What a report notebook runs with: parameters, data, the computed index and cached analyses.

    Attributes
    ----------
    year : int
    province : str
        GSO code (2 characters).
    framework : Framework
    lang : {"vi", "en"}
    target_rank, seed, n_samples : int
    data_dir : str
        The data folder for display (relative to the project root).
    table : IndicatorTable
        The validated input of ``year`` (``.data``, ``.data_source``, ``.imputations``, ...).
    result : IndexResult
        The index computed from ``table.data`` with the framework's method.

    The other attributes (``curves``, ``uncertainty``, ``plans``, ``tables``, ...) are computed on
    first use and cached.
    """

    year: int
    province: str
    framework: Framework
    lang: str
    target_rank: int
    seed: int
    n_samples: int
    data_dir: str
    table: IndicatorTable
    result: IndexResult
    data_folder: Path = field(repr=False)
    years_base: Path = field(repr=False)

    # --- names ---------------------------------------------------------------------------
    @property
    def data(self) -> pd.DataFrame:
        """The year's indicator values (provinces × indicators)."""
        return self.table.data

    @property
    def n_provinces(self) -> int:
        return len(self.result.codes)

    @property
    def name(self) -> str:
        """The province's display name in the report's language."""
        return province_name(self.province, self.lang)

    @property
    def region(self) -> str:
        return region_name(self.province, self.lang)

    @property
    def root(self) -> str:
        return self.framework.root.id

    def label(self, key: str) -> str:
        """Display name of a node or criterion."""
        return self.framework.label(key, self.lang)

    def t(self, key: str, **fields: Any) -> str:
        return t(key, self.lang, **fields)

    def pname(self, code: str | None) -> str:
        return "—" if code is None else province_name(code, self.lang)

    def rank(self, node: str | None = None) -> int:
        return self.result.rank(self.province, node)

    def score(self, node: str | None = None) -> float:
        return self.result.score(self.province, node)

    def rank_phrase(self) -> str:
        """``Hà Giang xếp thứ 17/63 (0,5066)``."""
        return self.t("f_rank", name=self.name, rank=self.rank(), n=self.n_provinces,
                      score=fmt_num(self.score(), self.framework.method.rounding, self.lang))

    # --- provinces -------------------------------------------------------------------------
    @cached_property
    def order(self) -> list[str]:
        """Codes by overall rank (ties: GSO code)."""
        ranks = self.result.ranks[self.root]
        return sorted(self.result.codes, key=lambda c: (int(ranks[c]), int(c)))

    @cached_property
    def region_codes(self) -> list[str]:
        """The codes of the province's region, by overall rank."""
        region = load_provinces().set_index("gso_code")["region"]
        mine = region[self.province]
        return [c for c in self.order if region.get(c) == mine]

    @property
    def leader(self) -> str:
        return self.order[0]

    # --- 00 --------------------------------------------------------------------------------
    @cached_property
    def robust_z(self) -> pd.DataFrame:
        """Robust z-score of every value: ``(x - median) / (1.4826 MAD)`` per criterion (0 if MAD = 0)."""
        X = self.data.to_numpy(dtype=float)
        med = np.median(X, axis=0)
        mad = 1.4826 * np.median(np.abs(X - med), axis=0)
        z = np.divide(X - med, mad, out=np.zeros_like(X), where=mad > 0)
        return pd.DataFrame(z, index=self.data.index, columns=self.data.columns)

    # --- 02 --------------------------------------------------------------------------------
    @cached_property
    def indicator_ranks(self) -> pd.DataFrame:
        from icttools.gaps import indicator_ranks

        return indicator_ranks(self.result)

    @cached_property
    def gap_table(self) -> pd.DataFrame:
        from icttools.gaps import gap_table

        return gap_table(self.result, self.province, self.target_rank)

    @property
    def additive(self) -> bool:
        """Whether the score gap splits by criterion (arithmetic aggregation)."""
        return self.framework.method.aggregation == "arithmetic"

    def decomposition(self, reference: str) -> Any:
        """:func:`icttools.gaps.decompose_gap` to ``reference`` (cached); None when it does not apply
        (geometric aggregation, or ``above`` for the leader)."""
        cache = self.__dict__.setdefault("_decompositions", {})
        if reference not in cache:
            from icttools.gaps import decompose_gap, reference_province

            if not self.additive or (reference == "above" and reference_province(
                    self.result, self.province, "above", self.target_rank) is None):
                cache[reference] = None
            else:
                cache[reference] = decompose_gap(self.result, self.province, reference, self.target_rank)
        return cache[reference]

    @cached_property
    def region_ranks(self) -> pd.DataFrame:
        """Criterion ranks of the region's provinces (rows by overall rank)."""
        return self.indicator_ranks.loc[self.region_codes]

    # --- 03 --------------------------------------------------------------------------------
    @cached_property
    def curves(self) -> Any:
        from icttools.sensitivity import rank_curves

        return rank_curves(self.data, self.province, self.framework)

    @cached_property
    def breakeven(self) -> pd.DataFrame:
        from icttools.sensitivity import break_even

        return break_even(self.curves, target_rank=self.target_rank)

    @cached_property
    def tornado(self) -> pd.DataFrame:
        from icttools.sensitivity import tornado

        return tornado(self.curves)

    @cached_property
    def uncertainty(self) -> Any:
        from icttools.uncertainty import run_uncertainty

        return run_uncertainty(self.data, self.framework, n=self.n_samples, seed=self.seed,
                               top_k=self.target_rank)

    @property
    def sobol_base(self) -> int:
        """Base sample of the Saltelli design: the power of 2 nearest below ``n_samples / 4`` (>= 16)."""
        return max(16, 2 ** int(math.floor(math.log2(max(self.n_samples // 4, 1)))))

    @cached_property
    def sobol(self) -> pd.DataFrame:
        from icttools.uncertainty import sobol_indices

        return sobol_indices(self.data, self.province, self.framework, n_base=self.sobol_base, seed=self.seed)

    # --- other years -----------------------------------------------------------------------
    @cached_property
    def years(self) -> list[int]:
        """Years with a folder in the data folder, ascending."""
        return available_years(self.years_base)

    @cached_property
    def tables(self) -> dict[int, pd.DataFrame]:
        """Every year with a table (the report's year included).

        A year whose folder has no table is skipped; a table that fails validation raises
        (a broken file must show up as a failed report, not as a silently shorter history).
        """
        out: dict[int, pd.DataFrame] = {}
        for y in self.years:
            if y == self.year:
                out[y] = self.data
                continue
            try:
                out[y] = load_year_table(y, self.framework, self.years_base).data
            except FileNotFoundError:
                continue
        out.setdefault(self.year, self.data)
        return dict(sorted(out.items()))

    @property
    def previous(self) -> pd.DataFrame | None:
        """The previous year's table, or None when there is none."""
        return self.tables.get(self.year - 1)

    # --- 04 --------------------------------------------------------------------------------
    @cached_property
    def plans(self) -> dict[str, Any]:
        """Least-effort plans to the target rank: ``{"still": TargetPlan, "trend": TargetPlan}``
        (``trend`` only when the previous year's table exists)."""
        from icttools.targets import plan_target

        out = {"still": plan_target(self.data, self.province, rank=self.target_rank, framework=self.framework)}
        if self.previous is not None:
            out["trend"] = plan_target(self.data, self.province, rank=self.target_rank, others="trend",
                                       previous=self.previous, framework=self.framework)
        return out

    @cached_property
    def scenario(self) -> Any:
        """The scenario of :data:`DEFAULT_SCENARIO`, or None when the file is absent."""
        from icttools.scenario import load_scenario

        path = self.data_folder / "raw" / "scenarios" / DEFAULT_SCENARIO
        if not path.is_file():
            return None
        return load_scenario(path, self.framework)

    @cached_property
    def scenario_results(self) -> dict[str, Any]:
        """``{"still": ScenarioResult, "trend": ScenarioResult}`` when the scenario applies to this
        year and framework (``trend`` only with the previous year's table); else empty."""
        from icttools.scenario import run_scenario

        sc = self.scenario
        if sc is None or sc.year != self.year or sc.framework != self.framework.id:
            return {}
        out = {"still": run_scenario(self.data, sc, self.framework)}
        if self.previous is not None:
            out["trend"] = run_scenario(self.data, sc, self.framework, others="trend", previous=self.previous)
        return out

    @cached_property
    def scenario_trend_baseline(self) -> IndexResult | None:
        """The index when the provinces the scenario does not name follow their trend and the
        named ones stand still, *without* the scenario's changes: what the "trend" result is
        compared with to see the plan's own effect. None without a trend result."""
        from icttools.scenario import trend_projection

        if "trend" not in self.scenario_results:
            return None
        focus = set(self.scenario.focus)
        projected = trend_projection(self.data, self.previous, self.framework)
        base = self.data.copy()
        followers = [c for c in base.index if c not in focus]
        base.loc[followers, self.framework.indicator_ids] = projected.loc[followers, self.framework.indicator_ids].to_numpy()
        return compute(base, self.framework)

    # --- 05 --------------------------------------------------------------------------------
    @cached_property
    def history(self) -> pd.DataFrame:
        from icttools.trends import rank_history

        return rank_history(self.tables, self.province, self.framework)

    @cached_property
    def attributions(self) -> dict[tuple[int, int], pd.DataFrame]:
        """Rank-change attribution of the province for each pair of consecutive available years."""
        from icttools.trends import attribute_rank_change

        years = list(self.tables)
        return {(a, b): attribute_rank_change(self.tables[a], self.tables[b], self.province, self.framework)
                for a, b in zip(years[:-1], years[1:])}

    @property
    def focus_pair(self) -> tuple[int, int] | None:
        """The pair of years ending at the report's year, else the one starting at it, else the
        latest pair; None with a single year."""
        if not self.attributions:
            return None
        for end in (1, 0):
            hits = [p for p in self.attributions if p[end] == self.year]
            if hits:
                return hits[0]
        return list(self.attributions)[-1]


def setup(year: int = 2018, province: Any = "02", framework: str | Framework = "ict_index_2016",
          data_dir: str = "", lang: str = "vi", target_rank: int = 10, seed: int = 20190418,
          n_samples: int = 2000) -> ReportContext:
    """Validate the parameters of a report, load the data, compute the index, prepare the output.

    Parameters
    ----------
    year : int
        The data year (a folder ``<data>/raw/ict_index/<year>``).
    province : str or int
        GSO code (``"02"``; papermill may pass ``2``) or a name ``resolve_province`` accepts.
    framework : str or Framework
        A shipped framework name or a YAML path.
    data_dir : str
        The data folder holding ``raw/ict_index/<year>/`` (and ``raw/published``,
        ``raw/scenarios``); relative paths are taken from the project root. Empty: the project's
        ``data`` folder, or ``$ICT_DATA_DIR``.
    lang : {"vi", "en"}
    target_rank : int
        The rank to reach (top k), 1 to the number of provinces.
    seed : int
        Seed of every random draw (Monte Carlo, Sobol design), >= 0.
    n_samples : int
        Monte Carlo replications (>= 10).

    Returns
    -------
    ReportContext

    Raises
    ------
    ValueError
        Unknown language, province or framework, or a parameter out of range (the message names
        the parameter and the value).
    FileNotFoundError
        No data folder, or no table for ``year`` (the message lists the years that have one).
    DataValidationError
        The year's table breaks a rule (all problems listed).
    """
    lang = check_lang(lang)
    year = _check_int("year", year, 1900, 2200)
    seed = _check_int("seed", seed, 0)
    n_samples = _check_int("n_samples", n_samples, _MC_MIN)
    if not isinstance(target_rank, (int, np.integer)) or isinstance(target_rank, bool):
        target_rank = _check_int("target_rank", target_rank, 1)
    code = resolve_province(_province_query(province)).gso_code
    fw = framework if isinstance(framework, Framework) else load_framework(str(framework))
    folder, shown = _resolve_data_dir(data_dir)
    base = _years_base(folder)

    _silence_expected_warnings()
    plots.apply_style()
    _display_options()

    table = load_year_table(year, fw, base)
    result = compute(table.data, fw)
    if code not in result.codes:
        raise ValueError(f"province {province!r} ({code}) is not in the {year} table")
    target_rank = _check_int("target_rank", target_rank, 1, len(result.codes))
    return ReportContext(year=year, province=code, framework=fw, lang=lang, target_rank=target_rank,
                         seed=seed, n_samples=n_samples, data_dir=shown, table=table, result=result,
                         data_folder=folder, years_base=base)


# --- header and sections ---------------------------------------------------------------------

def header_text(ctx: ReportContext, notebook: str) -> str:
    """The Markdown of :func:`header`."""
    if notebook not in NOTEBOOK_TITLES:
        raise ValueError(f"notebook must be one of {', '.join(NOTEBOOK_TITLES)}, got {notebook!r}")
    lang = ctx.lang
    title = ctx.t("report_title", year=ctx.year, name=ctx.name, code=ctx.province,
                  title=NOTEBOOK_TITLES[notebook][lang])
    data_dir = ctx.data_dir
    params = [
        f"{ctx.t('p_year')} `{ctx.year}`",
        f"{ctx.t('p_province')} `{ctx.province}` ({ctx.name})",
        f"{ctx.t('p_framework')} `{ctx.framework.id}`",
        f"{ctx.t('p_data_dir')} `{data_dir}`",
        f"{ctx.t('p_lang')} `{lang}`",
        f"{ctx.t('p_target_rank')} `{ctx.target_rank}`",
        f"{ctx.t('p_seed')} `{ctx.seed}`",
        f"{ctx.t('p_n_samples')} `{ctx.n_samples}`",
    ]
    lines = [f"# {title}", "", f"**{ctx.t('params')}:** " + " · ".join(params), ""]
    if ctx.table.is_synthetic:
        lines += [f"> ⚠️ {ctx.t('synthetic_banner')}", ">",
                  f"> {ctx.t('source_line')}: `{ctx.table.source}` — {ctx.table.data_source}", ""]
    else:
        source = ctx.table.data_source or ctx.t("none_text")
        lines += [f"**{ctx.t('source_line')}:** `{ctx.table.source}` (SHA-256 `{ctx.table.sha256[:12]}`) — "
                  f"{source}", ""]
    return "\n".join(lines)


def header(ctx: ReportContext, notebook: str) -> Markdown:
    """Title, the parameters of the run and the data-source banner (SYNTHETIC banner for demo data).

    Parameters
    ----------
    ctx : ReportContext
    notebook : str
        The notebook number, ``"00"`` to ``"05"``.

    Returns
    -------
    IPython.display.Markdown
    """
    return Markdown(header_text(ctx, notebook))


def section(ctx: ReportContext, key: str, **fields: Any) -> Markdown:
    """A level-2 heading (``sec_<key>``) followed by its note (``sec_<key>_note``) if there is one.

    The placeholders ``{k}`` (target rank), ``{n}`` (Monte Carlo samples), ``{seed}``, ``{cut}``
    (outlier threshold) and ``{method}`` are filled from the context; ``fields`` override them.
    """
    from icttools.i18n import TEXT

    m = ctx.framework.method
    values = {"k": ctx.target_rank, "n": ctx.n_samples, "seed": ctx.seed,
              "cut": fmt_num(OUTLIER_Z, 1, ctx.lang),
              "method": f"{m.normalisation}, {m.aggregation}, {m.rounding} decimals, {m.ranking} ranking"
              if ctx.lang == "en" else
              f"{m.normalisation}, {m.aggregation}, làm tròn {m.rounding} chữ số, xếp hạng {m.ranking}"}
    values.update(fields)
    key_head = f"sec_{key}"
    if key_head not in TEXT[ctx.lang]:
        raise ValueError(f"section: unknown key {key!r}")
    text = f"## {ctx.t(key_head, **values)}"
    note_key = f"sec_{key}_note"
    if note_key in TEXT[ctx.lang]:
        text += "\n\n" + ctx.t(note_key, **values)
    return Markdown(text)


def _common_decimals(values: np.ndarray, most: int = 4) -> int:
    finite = values[np.isfinite(values)]
    for d in range(most + 1):
        if np.all(np.abs(np.round(finite, d) - finite) < 10.0 ** (-most - 2)):
            return d
    return most


def present(df: pd.DataFrame, lang: str = "vi", decimals: int = 4, fixed: bool = False) -> pd.DataFrame:
    """A table ready to show: numbers rounded to at most ``decimals`` decimals and written for the
    language (decimal comma in Vietnamese), booleans as yes/no, missing values as ``—``.

    Each float column uses one number of decimals, so columns line up: exactly ``decimals`` when
    ``fixed``, else the fewest that show every rounded value of the column (ranks interpolated
    between provinces show as ``17`` or ``17,5``). The result holds strings; it is for display only.
    """
    check_lang(lang)
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if is_bool_dtype(s):
            out[col] = [t("yes" if bool(v) else "no", lang) for v in s]
        elif is_integer_dtype(s):
            out[col] = ["—" if pd.isna(v) else str(int(v)) for v in s]
        elif is_float_dtype(s):
            vals = np.round(s.to_numpy(dtype=float), decimals)
            d = decimals if fixed else _common_decimals(vals, decimals)
            out[col] = [fmt_num(v, d, lang) for v in vals]
        else:
            out[col] = ["—" if (v is None or (isinstance(v, float) and math.isnan(v))) else v for v in s]
    out.columns = df.columns
    out.index.name = df.index.name
    return out


def _md(text: str) -> Markdown:
    return Markdown(text)


# === 00 data quality =========================================================================

def _outliers(ctx: ReportContext) -> pd.DataFrame:
    z = ctx.robust_z
    rows = []
    for j, iid in enumerate(ctx.framework.indicator_ids):
        for code in sorted(z.index, key=int):
            v = float(z.at[code, iid])
            if abs(v) > OUTLIER_Z:
                rows.append((j, iid, code, float(ctx.data.at[code, iid]), v))
    return pd.DataFrame(rows, columns=["order", "indicator", "gso_code", "value", "z"])


def finding_quality(ctx: ReportContext) -> Markdown:
    """What the data are, in two sentences: size, imputations, outliers (overall and for the province)."""
    out = _outliers(ctx)
    n_imp = len(ctx.table.imputations)
    imputed = ctx.t("f_quality_imputed0") if n_imp == 0 else ctx.t("f_quality_imputed", n=n_imp)
    mine = out[out["gso_code"] == ctx.province]
    which = ""
    if len(mine):
        which = " (" + join_list([ctx.label(i) for i in mine["indicator"]], ctx.lang) + ")"
    province_part = (ctx.t("f_quality_province", name=ctx.name, n=len(mine), which=which) if len(mine)
                     else ctx.t("f_quality_province0", name=ctx.name))
    n_prov, n_ind = ctx.data.shape
    return _md(ctx.t("f_quality", year=ctx.year, n_prov=n_prov, n_ind=n_ind, n_cells=n_prov * n_ind,
                     imputed=imputed, n_out=len(out), n_out_ind=out["indicator"].nunique(),
                     province_part=province_part))


def source_table(ctx: ReportContext) -> pd.DataFrame:
    """Where the data come from: source label, file, hash, kind, size, years available."""
    tab = ctx.table
    kind = ctx.t("kind_counts") if tab.kind == "counts" else ctx.t("kind_indicators")
    rows = [
        (ctx.t("item_source"), tab.data_source or ctx.t("none_text")),
        (ctx.t("item_synthetic"), ctx.t("yes") if tab.is_synthetic else ctx.t("no")),
        (ctx.t("item_file"), tab.source),
        (ctx.t("item_sha"), tab.sha256[:12]),
        (ctx.t("item_kind"), kind),
        (ctx.t("item_framework"), f"{ctx.framework.id} ({ctx.framework.name_vi if ctx.lang == 'vi' else ctx.framework.name_en})"),
        (ctx.t("item_provinces"), str(tab.data.shape[0])),
        (ctx.t("item_indicators"), str(tab.data.shape[1])),
        (ctx.t("item_imputed"), str(len(tab.imputations))),
        (ctx.t("item_years"), ", ".join(str(y) for y in ctx.years) or ctx.t("none_text")),
    ]
    return pd.DataFrame(rows, columns=[ctx.t("col_item"), ctx.t("col_value")]).set_index(ctx.t("col_item"))


def coverage_table(ctx: ReportContext) -> pd.DataFrame:
    """Provinces present and values imputed, per socio-economic region, with a total row."""
    prov = load_provinces()
    region_col = "region" if ctx.lang == "vi" else "region_en"
    present_codes = set(ctx.data.index)
    imputed = pd.Series([i.gso_code for i in ctx.table.imputations], dtype=object)
    rows = []
    for region, members in prov.groupby(region_col, sort=False)["gso_code"]:
        members = list(members)
        rows.append((region, sum(c in present_codes for c in members), len(members),
                     int(imputed.isin(members).sum()) if len(imputed) else 0))
    rows.append((ctx.t("col_total"), len(present_codes), len(prov), len(ctx.table.imputations)))
    df = pd.DataFrame(rows, columns=[ctx.t("col_region"), ctx.t("col_provinces"), ctx.t("col_expected"),
                                     ctx.t("col_imputed")])
    return present(df.set_index(ctx.t("col_region")), ctx.lang)


def validation_table(ctx: ReportContext) -> pd.DataFrame:
    """The blocking rules (all passed, since the table loaded) and the warning checks with counts."""
    fw = ctx.framework
    X = ctx.data[fw.indicator_ids]
    lo = np.array([i.range[0] for i in fw.indicators])
    hi = np.array([i.range[1] for i in fw.indicators])
    vals = X.to_numpy(dtype=float)
    outside = int(((vals < lo) | (vals > hi)).sum())
    missing = int(np.isnan(vals).sum())
    codes_ok = len(set(X.index)) == len(X.index) == len(load_provinces())
    constant = [i for i in fw.indicator_ids if float(X[i].std(ddof=0)) == 0.0]
    at_bounds = int(((vals == lo) | (vals == hi)).sum())
    out = _outliers(ctx)
    passed, note = ctx.t("ok"), ctx.t("warn")
    rule, warn = ctx.t("kind_rule"), ctx.t("kind_warning")
    detail = ctx.t("chk_pass_detail")
    rows = [
        (ctx.t("chk_provinces"), rule, passed if codes_ok else note, len(X.index), detail),
        (ctx.t("chk_columns"), rule, passed, X.shape[1], detail),
        (ctx.t("chk_numeric"), rule, passed, vals.size, detail),
        (ctx.t("chk_range"), rule, passed if outside == 0 else note, outside, detail),
        (ctx.t("chk_missing"), rule, passed if missing == 0 else note, missing, detail),
        (ctx.t("chk_constant"), warn, passed if not constant else note, len(constant),
         ", ".join(ctx.label(i) for i in constant)),
        (ctx.t("chk_bounds"), warn, passed if at_bounds == 0 else note, at_bounds, ""),
        (ctx.t("chk_outliers", cut=fmt_num(OUTLIER_Z, 1, ctx.lang)), warn, passed if out.empty else note,
         len(out), ""),
        (ctx.t("chk_imputed"), warn, passed if not ctx.table.imputations else note,
         len(ctx.table.imputations), ""),
    ]
    df = pd.DataFrame(rows, columns=[ctx.t("col_check"), ctx.t("col_kind"), ctx.t("col_result"),
                                     ctx.t("col_count"), ctx.t("col_detail")])
    return df.set_index(ctx.t("col_check"))


def indicator_stats(ctx: ReportContext) -> pd.DataFrame:
    """Per criterion: unit, valid range, quartiles, mean, SD, outliers, the province's value and rank."""
    fw = ctx.framework
    X = ctx.data[fw.indicator_ids]
    z = ctx.robust_z
    ranks = ctx.indicator_ranks
    rows = []
    for ind in fw.indicators:
        x = X[ind.id].to_numpy(dtype=float)
        q1, med, q3 = np.percentile(x, [25, 50, 75])
        rows.append({
            ctx.t("col_criterion"): ctx.label(ind.id),
            ctx.t("col_unit"): ind.unit if ctx.lang == "vi" else ind.unit_en,
            ctx.t("col_valid_range"): f"{fmt_num(ind.range[0], 0, ctx.lang)}–{fmt_num(ind.range[1], 0, ctx.lang)}",
            ctx.t("col_min"): float(x.min()),
            ctx.t("col_q1"): float(q1),
            ctx.t("col_median"): float(med),
            ctx.t("col_q3"): float(q3),
            ctx.t("col_max"): float(x.max()),
            ctx.t("col_mean"): float(x.mean()),
            ctx.t("col_sd"): float(x.std(ddof=1)),
            ctx.t("col_n_outliers"): int((np.abs(z[ind.id].to_numpy()) > OUTLIER_Z).sum()),
            ctx.t("col_province_value"): float(X.at[ctx.province, ind.id]),
            ctx.t("col_province_rank"): int(ranks.at[ctx.province, ind.id]),
        })
    df = pd.DataFrame(rows).set_index(ctx.t("col_criterion"))
    return present(df, ctx.lang, decimals=2)


def outliers_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """Values with ``|robust z| > OUTLIER_Z``, largest first (a sentence when there are none)."""
    out = _outliers(ctx)
    if out.empty:
        return _md(ctx.t("no_outliers"))
    out = out.assign(absz=out["z"].abs(), code=out["gso_code"].astype(int))
    out = out.sort_values(["absz", "order", "code"], ascending=[False, True, True], kind="stable")
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in out["indicator"]],
        ctx.t("col_province"): [ctx.pname(c) for c in out["gso_code"]],
        ctx.t("col_value"): out["value"].to_numpy(dtype=float),
        ctx.t("col_robust_z"): out["z"].to_numpy(dtype=float),
    })
    df.index = pd.RangeIndex(1, len(df) + 1)
    return present(df, ctx.lang, decimals=2)


def imputations_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """The values filled in when the table was read (a sentence when there are none)."""
    imps = sorted(ctx.table.imputations, key=lambda i: (int(i.gso_code), ctx.framework.indicator_ids.index(i.indicator)))
    if not imps:
        return _md(ctx.t("no_imputations"))
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(i.gso_code) for i in imps],
        ctx.t("col_criterion"): [ctx.label(i.indicator) for i in imps],
        ctx.t("col_value"): [float(i.value) for i in imps],
        ctx.t("col_method"): [i.method for i in imps],
        ctx.t("col_n_values"): [int(i.n_values) for i in imps],
    })
    df.index = pd.RangeIndex(1, len(df) + 1)
    return present(df, ctx.lang)


# === 01 overview =============================================================================

def _published(ctx: ReportContext) -> pd.DataFrame | None:
    cache = ctx.__dict__
    if "_published" not in cache:
        from icttools.published import check_published

        folder = ctx.data_folder / "raw" / "published"
        try:
            cache["_published"] = check_published(ctx.result, ctx.year, folder)
        except FileNotFoundError:
            cache["_published"] = None
    return cache["_published"]


def _published_sentence(ctx: ReportContext) -> str:
    pub = _published(ctx)
    if pub is None:
        return ctx.t("f_published_missing")
    if pub.empty:
        return ctx.t("f_published_none", year=ctx.year)
    return ctx.t("f_published", ok=int(pub["ok"].sum()), total=len(pub), year=ctx.year)


def finding_overview(ctx: ReportContext) -> Markdown:
    """Rank and score, best and worst sub-index, the leader, agreement with the published figures."""
    fw = ctx.framework
    groups = fw.group_ids
    ranks = {g: ctx.rank(g) for g in groups}
    best = min(groups, key=lambda g: (ranks[g], groups.index(g)))
    worst = max(groups, key=lambda g: (ranks[g], -groups.index(g)))
    return _md(ctx.t("f_overview", rank_part=ctx.rank_phrase(), best=ctx.label(best), best_rank=ranks[best],
                     worst=ctx.label(worst), worst_rank=ranks[worst], leader=ctx.pname(ctx.leader),
                     leader_score=fmt_num(ctx.result.score(ctx.leader), fw.method.rounding, ctx.lang),
                     published_part=_published_sentence(ctx)))


def _marker(ctx: ReportContext, codes: Sequence[str]) -> list[str]:
    return ["◀" if c == ctx.province else "" for c in codes]


def ranking_table(ctx: ReportContext) -> pd.DataFrame:
    """All provinces by overall rank: region, overall score, and each component's score and rank."""
    fw, res = ctx.framework, ctx.result
    codes = ctx.order
    comps = list(fw.root.children)
    data: dict[str, Any] = {
        ctx.t("col_rank"): [int(res.ranks.at[c, ctx.root]) for c in codes],
        ctx.t("col_province"): [ctx.pname(c) for c in codes],
        ctx.t("col_marker"): _marker(ctx, codes),
        ctx.t("col_region"): [region_name(c, ctx.lang) for c in codes],
        ctx.t("col_score"): [float(res.rounded.at[c, ctx.root]) for c in codes],
    }
    for comp in comps:
        name = ctx.label(comp)
        data[f"{name} – {ctx.t('col_score').lower()}"] = [float(res.rounded.at[c, comp]) for c in codes]
        data[f"{name} – {ctx.t('col_rank').lower()}"] = [int(res.ranks.at[c, comp]) for c in codes]
    df = pd.DataFrame(data).set_index(ctx.t("col_rank"))
    return present(df, ctx.lang, fixed=True)


def _level(ctx: ReportContext, node_id: str) -> str:
    node = ctx.framework.node(node_id)
    if node.parent is None:
        return ctx.t("level_root")
    return ctx.t("level_group") if node.is_group else ctx.t("level_node")


def node_table(ctx: ReportContext) -> pd.DataFrame:
    """The province's score and rank on every node, with the leader's score and the medians."""
    fw, res = ctx.framework, ctx.result
    region = ctx.region_codes
    rows = []
    for nid in fw.node_ids:
        col = res.rounded[nid]
        leader = sorted(res.codes, key=lambda c: (int(res.ranks.at[c, nid]), int(c)))[0]
        depth = fw.node(nid).depth
        rows.append({
            ctx.t("col_node"): ("· " * depth) + ctx.label(nid),
            ctx.t("col_level"): _level(ctx, nid),
            ctx.t("col_score"): float(col[ctx.province]),
            ctx.t("col_rank"): int(res.ranks.at[ctx.province, nid]),
            ctx.t("col_leader"): ctx.pname(leader),
            ctx.t("col_leader_score"): float(col[leader]),
            ctx.t("col_median"): float(np.median(col.to_numpy())),
            ctx.t("col_region_median"): float(np.median(col[region].to_numpy())),
        })
    return present(pd.DataFrame(rows).set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def subindex_table(ctx: ReportContext) -> pd.DataFrame:
    """The sub-index scores of all provinces, by overall rank."""
    fw, res = ctx.framework, ctx.result
    codes = ctx.order
    data: dict[str, Any] = {
        ctx.t("col_rank"): [int(res.ranks.at[c, ctx.root]) for c in codes],
        ctx.t("col_province"): [ctx.pname(c) for c in codes],
        ctx.t("col_marker"): _marker(ctx, codes),
    }
    for g in fw.group_ids:
        data[ctx.label(g)] = [float(res.rounded.at[c, g]) for c in codes]
    return present(pd.DataFrame(data).set_index(ctx.t("col_rank")), ctx.lang, fixed=True)


def published_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """Every published figure of the year against the recomputation (score at the published
    decimals, rank exactly), with a sentence on the agreement."""
    pub = _published(ctx)
    if pub is None or pub.empty:
        return _md(_published_sentence(ctx))
    fw = ctx.framework
    quantity = {"score": ctx.t("col_score"), "rank": ctx.t("col_rank"), "node": ctx.t("col_node")}
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(c) for c in pub["gso_code"]],
        ctx.t("col_node"): [ctx.label(n) if fw.has_node(n) else n for n in pub["node"]],
        ctx.t("col_quantity"): [quantity.get(q, q) for q in pub["quantity"]],
        ctx.t("col_published"): [_localise_number_text(v, ctx.lang) for v in pub["published"]],
        ctx.t("col_computed"): [_localise_number_text(v, ctx.lang) for v in pub["computed"]],
        ctx.t("col_ok"): pub["ok"].astype(bool).to_numpy(),
        ctx.t("col_confidence"): pub["confidence"].to_numpy(),
        ctx.t("col_source"): pub["source"].to_numpy(),
    })
    df.index = pd.RangeIndex(1, len(df) + 1)
    return present(df, ctx.lang)


def _localise_number_text(value: Any, lang: str) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = str(value)
    return text.replace(".", ",") if lang == "vi" else text


# === 02 gaps =================================================================================

_REFS = ("leader", "above", "top-k", "region-best", "region-median", "median")


def _ref_label(ctx: ReportContext, ref: str) -> str:
    label = ctx.t(f"ref_{ref}", k=ctx.target_rank)
    if ref in ("region-best", "region-median"):
        label += f" ({ctx.region})"
    return label


def finding_gaps(ctx: ReportContext) -> Markdown:
    """Rank, the gap to the leader, the three costliest criteria and what the top k needs."""
    from icttools.gaps import reference_province, strengths_weaknesses

    res, lang = ctx.result, ctx.lang
    d = ctx.framework.method.rounding
    if ctx.province == ctx.leader:
        second = ctx.order[1] if len(ctx.order) > 1 else ctx.province
        gap = res.score(ctx.province) - res.score(second)
        return _md(ctx.t("f_gaps_leader", rank_part=ctx.rank_phrase(), second=ctx.pname(second),
                         gap=fmt_num(gap, d, lang)))
    gap = res.score(ctx.leader) - res.score(ctx.province)
    if ctx.additive:
        costliest = [ctx.label(i) for i, *_ in strengths_weaknesses(res, ctx.province, 3)["costliest"]]
    else:
        costliest = []
    if ctx.rank() <= ctx.target_rank:
        topk_part = ctx.t("f_topk_in", k=ctx.target_rank)
    else:
        ref = reference_province(res, ctx.province, "top-k", ctx.target_rank)
        topk_part = ctx.t("f_topk_out", k=ctx.target_rank, gap=fmt_num(res.score(ref) - res.score(ctx.province), d, lang),
                          ref=ctx.pname(ref), ref_rank=res.rank(ref))
    return _md(ctx.t("f_gaps", rank_part=ctx.rank_phrase(), leader=ctx.pname(ctx.leader),
                     gap=fmt_num(gap, d, lang), costliest=join_list(costliest, lang) or "—",
                     topk_part=topk_part))


def references_table(ctx: ReportContext) -> pd.DataFrame:
    """The six references: which province, its overall score and the score gap (reference − province)."""
    from icttools.gaps import reference_province

    res = ctx.result
    rows = []
    for ref in _REFS:
        code = reference_province(res, ctx.province, ref, ctx.target_rank)
        dec = ctx.decomposition(ref)
        if code is not None:
            who, score = ctx.pname(code), res.score(code)
            gap = float(np.round(score - res.score(ctx.province), ctx.framework.method.rounding))
        elif ref in ("median", "region-median") and dec is not None:
            who, score, gap = ctx.t("ref_virtual"), float(dec.reference_score), float(dec.score_gap)
        else:
            who, score, gap = "—", math.nan, math.nan
        rows.append({ctx.t("col_reference"): _ref_label(ctx, ref), ctx.t("col_ref_province"): who,
                     ctx.t("col_ref_score"): score, ctx.t("col_score_gap"): gap})
    return present(pd.DataFrame(rows).set_index(ctx.t("col_reference")), ctx.lang, fixed=True)


def _gap_columns(ctx: ReportContext) -> dict[str, str]:
    return {f"gap_{r.replace('-', '_')}": _ref_label(ctx, r) for r in _REFS}


def gap_nodes_table(ctx: ReportContext) -> pd.DataFrame:
    """Score, rank and gaps to the six references (score points) on every node."""
    gt = ctx.gap_table
    rows = gt[gt["level"] != "indicator"]
    df = pd.DataFrame({
        ctx.t("col_node"): [("· " * ctx.framework.node(n).depth) + ctx.label(n) for n in rows.index],
        ctx.t("col_score"): rows["value"].to_numpy(dtype=float),
        ctx.t("col_rank"): rows["rank"].to_numpy(dtype=int),
    })
    for col, label in _gap_columns(ctx).items():
        df[label] = rows[col].to_numpy(dtype=float)
    return present(df.set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def gap_criteria_table(ctx: ReportContext) -> pd.DataFrame:
    """Value, rank and gaps to the six references on every criterion, in the criterion's unit."""
    gt = ctx.gap_table
    fw = ctx.framework
    rows = gt.loc[fw.indicator_ids]
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in rows.index],
        ctx.t("col_unit"): [fw.indicator(i).unit if ctx.lang == "vi" else fw.indicator(i).unit_en for i in rows.index],
        ctx.t("col_value"): rows["value"].to_numpy(dtype=float),
        ctx.t("col_rank"): rows["rank"].to_numpy(dtype=int),
    })
    for col, label in _gap_columns(ctx).items():
        df[label] = rows[col].to_numpy(dtype=float)
    return present(df.set_index(ctx.t("col_criterion")), ctx.lang, decimals=2)


def _note(text: str) -> None:
    """Show a sentence in place of a chart (chart cells end with ``;``, so it is displayed here)."""
    display(Markdown(text))


def waterfall_chart(ctx: ReportContext, reference: str = "leader", top: int = 10) -> Any:
    """:func:`icttools.plots.gap_waterfall` to ``reference``; when the gap does not split by
    criterion (geometric aggregation) or there is no province above, a sentence is displayed and
    None returned."""
    dec = ctx.decomposition(reference)
    if dec is None:
        return _note(ctx.t("not_additive") if not ctx.additive else ctx.t("province_first"))
    if dec.reference_province == ctx.province:
        return _note(ctx.t("is_reference", ref=_ref_label(ctx, reference).lower()))
    label = None
    if dec.reference_province is not None:
        label = f"{ctx.pname(dec.reference_province)} ({_ref_label(ctx, reference).lower()})" \
            if reference != "leader" else ctx.pname(dec.reference_province)
    return plots.gap_waterfall(dec, ctx.framework, ctx.lang, top=top, reference_label=label)


def contributions_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """Index points each criterion costs against each reference (columns add up to the score gap)."""
    if not ctx.additive:
        return _md(ctx.t("not_additive"))
    fw = ctx.framework
    df = pd.DataFrame({ctx.t("col_criterion"): [ctx.label(i) for i in fw.indicator_ids]})
    totals = {}
    for ref in _REFS:
        dec = ctx.decomposition(ref)
        if dec is None:
            continue
        df[_ref_label(ctx, ref)] = dec.contributions.reindex(fw.indicator_ids).to_numpy(dtype=float)
        totals[_ref_label(ctx, ref)] = float(dec.score_gap)
    total_row = {ctx.t("col_criterion"): f"{ctx.t('col_total')} = {ctx.t('col_score_gap').lower()}", **totals}
    df = pd.concat([df, pd.DataFrame([total_row])], ignore_index=True)
    return present(df.set_index(ctx.t("col_criterion")), ctx.lang, fixed=True)


def strengths_table(ctx: ReportContext, n: int = 5) -> pd.DataFrame:
    """The ``n`` best- and worst-ranked criteria, and those costing the most points against the leader."""
    from icttools.gaps import strengths_weaknesses

    sw = strengths_weaknesses(ctx.result, ctx.province, n)
    rows = []
    for key in ("strengths", "weaknesses", "costliest"):
        for iid, rank, value, pts in sw[key]:
            rows.append({ctx.t("col_list"): ctx.t(key), ctx.t("col_criterion"): ctx.label(iid),
                         ctx.t("col_value"): float(value), ctx.t("col_rank"): int(rank),
                         ctx.t("col_points"): math.nan if pts is None else float(pts)})
    df = pd.DataFrame(rows).set_index([ctx.t("col_list"), ctx.t("col_criterion")])
    return present(df, ctx.lang)


# === 03 sensitivity ==========================================================================

def _fmt_rank(x: float, lang: str) -> str:
    return fmt_num(x, 0 if float(x).is_integer() else 1, lang)


def _sensitivity_extremes(ctx: ReportContext, n: int = 3) -> tuple[str, str]:
    """The ``n`` criteria whose improvement alone lifts the rank most, and whose fall drops it most."""
    fw, tor, cur = ctx.framework, ctx.tornado, ctx.curves.current_rank
    better, worse = {}, {}
    for iid, row in tor.iterrows():
        d = fw.indicator(iid).direction
        better[iid] = int(row["rank_high"] if d > 0 else row["rank_low"])
        worse[iid] = int(row["rank_low"] if d > 0 else row["rank_high"])
    pos = {i: k for k, i in enumerate(fw.indicator_ids)}
    ups = sorted((i for i in better if better[i] < cur), key=lambda i: (better[i], pos[i]))[:n]
    downs = sorted((i for i in worse if worse[i] > cur), key=lambda i: (-worse[i], pos[i]))[:n]
    up = join_list([ctx.t("f_sens_up", label=ctx.label(i), rank=better[i]) for i in ups], ctx.lang)
    down = join_list([ctx.t("f_sens_down", label=ctx.label(i), rank=worse[i]) for i in downs], ctx.lang)
    return up or ctx.t("f_sens_none"), down or ctx.t("f_sens_none")


def finding_sensitivity(ctx: ReportContext) -> Markdown:
    """The criteria that move the rank most, whether one criterion alone reaches the target, and the
    rank's 90 % interval under the method choices with the choice that matters most."""
    lang, fw = ctx.lang, ctx.framework
    up, down = _sensitivity_extremes(ctx)
    if ctx.rank() <= ctx.target_rank:
        alone = ctx.t("f_sens_already", k=ctx.target_rank)
    else:
        be = ctx.breakeven
        hits = be[(be["goal"] == "target") & be["value"].notna()]
        if hits.empty:
            alone = ctx.t("f_sens_alone_none", k=ctx.target_rank)
        else:
            sweep = ctx.curves.sweep
            rel = {r.indicator: abs(r.value - float(ctx.curves.current[r.indicator]))
                   / float(sweep.at[r.indicator, "hi"] - sweep.at[r.indicator, "lo"]) for r in hits.itertuples()}
            best = min(rel, key=lambda i: (rel[i], fw.indicator_ids.index(i)))
            value = float(hits.set_index("indicator").at[best, "value"])
            ind = fw.indicator(best)
            alone = ctx.t("f_sens_alone", label=ctx.label(best), k=ctx.target_rank,
                          value=fmt_num(value, 2, lang), unit=ind.unit if lang == "vi" else ind.unit_en)
    row = ctx.uncertainty.summary.set_index("gso_code").loc[ctx.province]
    sob = ctx.sobol
    if sob.attrs.get("note") or sob["ST"].max() <= 0:
        sobol_text = "—"
    else:
        k = int(np.argmax(sob["ST"].to_numpy()))
        sobol_text = f"{ctx.t('sobol_' + sob['group'].iloc[k])} (ST = {fmt_num(sob['ST'].iloc[k], 2, lang)})"
    return _md(ctx.t("f_sens", rank_part=ctx.rank_phrase(), up=up, down=down, alone_part=alone,
                     p05=_fmt_rank(row["p05"], lang), p95=_fmt_rank(row["p95"], lang),
                     median=_fmt_rank(row["median_rank"], lang), sobol=sobol_text))


def breakeven_table(ctx: ReportContext) -> pd.DataFrame:
    """Per criterion: current value, sweep, rank at the sweep's ends, places per +10 % and the
    break-even values for +1, +3, +5 places and the top k (empty: not reachable alone)."""
    from icttools.sensitivity import places_per_step

    fw, curves = ctx.framework, ctx.curves
    be = ctx.breakeven
    pps = places_per_step(curves)
    tor = ctx.tornado
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in fw.indicator_ids],
        ctx.t("col_current"): curves.current.reindex(fw.indicator_ids).to_numpy(dtype=float),
        ctx.t("col_sweep"): [f"{fmt_num(curves.sweep.at[i, 'lo'], 0, ctx.lang)}–"
                             f"{fmt_num(curves.sweep.at[i, 'hi'], 0 if curves.sweep.at[i, 'hi'] >= 10 else 2, ctx.lang)}"
                             for i in fw.indicator_ids],
        ctx.t("col_rank_low"): tor.loc[fw.indicator_ids, "rank_low"].to_numpy(dtype=int),
        ctx.t("col_rank_high"): tor.loc[fw.indicator_ids, "rank_high"].to_numpy(dtype=int),
        ctx.t("col_per_step"): pps.reindex(fw.indicator_ids).to_numpy(dtype=int),
    })
    for goal in sorted(set(be["goal"]) - {"target"}, key=int) + ["target"]:
        sub = be[be["goal"] == goal].set_index("indicator")["value"].reindex(fw.indicator_ids)
        if goal == "target":
            label = ctx.t("col_top_k", k=ctx.target_rank)
        else:
            label = ctx.t("col_plus_place" if int(goal) == 1 else "col_plus_places", m=goal)
        df[label] = sub.to_numpy(dtype=float)
    return present(df.set_index(ctx.t("col_criterion")), ctx.lang, decimals=2)


def uncertainty_table(ctx: ReportContext) -> pd.DataFrame:
    """Rank distribution of every province over the method choices, by nominal rank."""
    s = ctx.uncertainty.summary.copy()
    s["_code"] = s["gso_code"].astype(int)
    s = s.sort_values(["nominal_rank", "median_rank", "_code"], kind="stable")
    df = pd.DataFrame({
        ctx.t("col_nominal"): s["nominal_rank"].to_numpy(dtype=int),
        ctx.t("col_province"): [ctx.pname(c) for c in s["gso_code"]],
        ctx.t("col_marker"): _marker(ctx, list(s["gso_code"])),
        ctx.t("col_median_rank"): s["median_rank"].to_numpy(dtype=float),
        ctx.t("col_p05"): s["p05"].to_numpy(dtype=float),
        ctx.t("col_p95"): s["p95"].to_numpy(dtype=float),
        ctx.t("col_p_top_k", k=ctx.target_rank): s["p_top_k"].to_numpy(dtype=float),
        ctx.t("col_inside"): s["nominal_inside"].to_numpy(dtype=bool),
    })
    return present(df.set_index(ctx.t("col_nominal")), ctx.lang, decimals=2)


def sobol_table(ctx: ReportContext) -> pd.DataFrame:
    """First- and total-order Sobol indices of the province's rank, per group of choices."""
    s = ctx.sobol
    df = pd.DataFrame({
        ctx.t("col_group"): [ctx.t(f"sobol_{g}") for g in s["group"]],
        ctx.t("col_s1"): s["S1"].to_numpy(dtype=float),
        ctx.t("col_s1_conf"): s["S1_conf"].to_numpy(dtype=float),
        ctx.t("col_st"): s["ST"].to_numpy(dtype=float),
        ctx.t("col_st_conf"): s["ST_conf"].to_numpy(dtype=float),
    })
    return present(df.set_index(ctx.t("col_group")), ctx.lang, decimals=3)


# === 04 targets and scenarios ================================================================

def _plan_outcome(ctx: ReportContext, plan: Any) -> str:
    lang = ctx.lang
    frame = plan.plan
    if plan.feasible and frame.empty:
        return ctx.t("f_plan_none")
    if not plan.feasible:
        return ctx.t("f_plan_out", k=plan.target_rank, best=plan.best_reachable_rank,
                     effort=fmt_num(plan.total_effort, 3, lang))
    labels = [ctx.label(i) for i in frame["indicator"]]
    items = join_list(labels[:4], lang) + (", …" if len(labels) > 4 else "")
    return ctx.t("f_plan_ok", rank=plan.verified_rank, effort=fmt_num(plan.total_effort, 3, lang),
                 n=len(frame), items=items)


def _scenario_sentence(ctx: ReportContext) -> str:
    sc = ctx.scenario
    if sc is None:
        return ctx.t("f_scenario_missing", file=DEFAULT_SCENARIO)
    if sc.year != ctx.year:
        return ctx.t("f_scenario_year", scenario=sc.name(ctx.lang), scenario_year=sc.year)
    results = ctx.scenario_results
    if not results:
        return ""
    d = ctx.framework.method.rounding
    effects = []
    for mode, res in results.items():
        effect = ctx.t("f_scenario_effect", before=res.before.rank(ctx.province),
                       after=res.after.rank(ctx.province),
                       score_before=fmt_num(res.before.score(ctx.province), d, ctx.lang),
                       score_after=fmt_num(res.after.score(ctx.province), d, ctx.lang),
                       mode=ctx.t(f"mode_{mode}_lc"))
        if mode == "trend" and ctx.scenario_trend_baseline is not None:
            effect += " " + ctx.t("f_scenario_baseline", rank=ctx.scenario_trend_baseline.rank(ctx.province))
        effects.append(effect)
    note = "" if ctx.province in sc.focus else ctx.t("f_scenario_bystander")
    return ctx.t("f_scenario", scenario=sc.name(ctx.lang), name=ctx.name,
                 effects=f"; ".join(effects), note=note).strip()


def finding_targets(ctx: ReportContext) -> Markdown:
    """The least-effort plan under each mode for the others, and the scenario's effect."""
    plans = ctx.plans
    still = ctx.t("f_plan", mode_label=ctx.t("mode_still"), outcome=_plan_outcome(ctx, plans["still"]))
    if "trend" in plans:
        trend = ctx.t("f_plan", mode_label=ctx.t("mode_trend"), outcome=_plan_outcome(ctx, plans["trend"]))
    else:
        trend = ctx.t("f_plan", mode_label=ctx.t("mode_trend"), outcome=ctx.t("f_plan_missing", prev=ctx.year - 1))
    text = ctx.t("f_targets", rank_part=ctx.rank_phrase(), still=still, trend=trend)
    scenario = _scenario_sentence(ctx)
    return _md(text + ("\n\n" + scenario if scenario else ""))


def plan_summary(ctx: ReportContext) -> pd.DataFrame:
    """One row per mode: feasible, target rank, rank before and after (verified), verified score,
    effort (optimiser and greedy baseline), best reachable rank."""
    int_cols = [ctx.t("col_target"), ctx.t("col_rank_before"), ctx.t("col_verified_rank"),
                ctx.t("col_best_rank")]
    rows = []
    for mode in ("still", "trend"):
        plan = ctx.plans.get(mode)
        row: dict[str, Any] = {ctx.t("col_mode"): ctx.t(f"mode_{mode}"), ctx.t("col_feasible"): "—",
                               ctx.t("col_target"): ctx.target_rank}
        if plan is not None:
            row.update({
                ctx.t("col_feasible"): ctx.t("yes") if plan.feasible else ctx.t("no"),
                ctx.t("col_target"): int(plan.target_rank),
                ctx.t("col_rank_before"): int(plan.current_rank),
                ctx.t("col_verified_rank"): int(plan.verified_rank),
                ctx.t("col_verified_score"): float(plan.verified_score),
                ctx.t("col_total_effort"): float(plan.total_effort),
                ctx.t("col_greedy_effort"): float(plan.greedy.total_effort),
                ctx.t("col_best_rank"): int(plan.best_reachable_rank),
            })
        rows.append(row)
    columns = [ctx.t("col_mode"), ctx.t("col_feasible"), ctx.t("col_target"), ctx.t("col_rank_before"),
               ctx.t("col_verified_rank"), ctx.t("col_verified_score"), ctx.t("col_total_effort"),
               ctx.t("col_greedy_effort"), ctx.t("col_best_rank")]
    df = pd.DataFrame(rows).reindex(columns=columns).set_index(ctx.t("col_mode"))
    for col in int_cols:
        df[col] = df[col].astype("Int64")
    for col in (ctx.t("col_verified_score"), ctx.t("col_total_effort"), ctx.t("col_greedy_effort")):
        df[col] = df[col].astype(float)
    return present(df, ctx.lang)


def plan_table(ctx: ReportContext, mode: str = "still") -> pd.DataFrame | Markdown:
    """The criteria a plan changes: current and target value, change, effort and the places the
    change alone would gain (a sentence when the mode is not available or nothing changes)."""
    if mode not in ("still", "trend"):
        raise ValueError(f"mode must be 'still' or 'trend', got {mode!r}")
    plan = ctx.plans.get(mode)
    if plan is None:
        return _md(ctx.t("f_trend_missing", prev=ctx.year - 1, years=", ".join(str(y) for y in ctx.years)))
    frame = plan.plan
    if frame.empty:
        return _md(ctx.t("f_plan_none"))
    fw = ctx.framework
    df = pd.DataFrame({
        ctx.t("col_criterion"): [ctx.label(i) for i in frame["indicator"]],
        ctx.t("col_unit"): [fw.indicator(i).unit if ctx.lang == "vi" else fw.indicator(i).unit_en
                            for i in frame["indicator"]],
        ctx.t("col_current"): frame["current"].to_numpy(dtype=float),
        ctx.t("col_target"): frame["target"].to_numpy(dtype=float),
        ctx.t("col_change"): frame["change"].to_numpy(dtype=float),
        ctx.t("col_effort"): frame["effort"].to_numpy(dtype=float),
        ctx.t("col_places_alone"): frame["places_gained_alone"].to_numpy(dtype=int),
    })
    return present(df.set_index(ctx.t("col_criterion")), ctx.lang)


def plan_chart(ctx: ReportContext) -> Any:
    """:func:`icttools.plots.target_plan` of the available plans."""
    return plots.target_plan(ctx.plans, ctx.framework, ctx.lang)


def scenario_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """Scores and ranks of the province on every node before and after the scenario, under each
    available mode for the others (a sentence when the scenario does not apply)."""
    results = ctx.scenario_results
    if not results:
        return _md(_scenario_sentence(ctx) or ctx.t("f_scenario_missing", file=DEFAULT_SCENARIO))
    fw = ctx.framework
    first = next(iter(results.values()))
    data: dict[str, Any] = {
        ctx.t("col_node"): [("· " * fw.node(n).depth) + ctx.label(n) for n in fw.node_ids],
        ctx.t("col_score_before"): [first.before.score(ctx.province, n) for n in fw.node_ids],
        ctx.t("col_rank_before"): [first.before.rank(ctx.province, n) for n in fw.node_ids],
    }
    for mode, res in results.items():
        suffix = f" ({ctx.t(f'mode_{mode}_lc')})"
        if mode == "trend" and ctx.scenario_trend_baseline is not None:
            base = ctx.scenario_trend_baseline
            data[ctx.t("col_rank_no_plan") + suffix] = [base.rank(ctx.province, n) for n in fw.node_ids]
        data[ctx.t("col_score_after") + suffix] = [res.after.score(ctx.province, n) for n in fw.node_ids]
        data[ctx.t("col_rank_after") + suffix] = [res.after.rank(ctx.province, n) for n in fw.node_ids]
        data[ctx.t("col_rank_change") + suffix] = [int(res.rank_change.at[ctx.province, n]) for n in fw.node_ids]
    return present(pd.DataFrame(data).set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def _operand_text(ctx: ReportContext, value: Any) -> str:
    if isinstance(value, str):
        return ctx.label(value) if ctx.framework.has_indicator(value) else value
    return _localise_number_text(f"{float(value):g}", ctx.lang)


def scenario_changes(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """The scenario's changes: province, criterion, operation, value before and after, source, why."""
    results = ctx.scenario_results
    if not results:
        return _md(_scenario_sentence(ctx) or ctx.t("f_scenario_missing", file=DEFAULT_SCENARIO))
    res = results["still"]
    ch = res.changes
    sc = res.scenario
    notes = {c.number: c.note(ctx.lang) for c in sc.changes}
    df = pd.DataFrame({
        ctx.t("col_province"): [ctx.pname(c) for c in ch["gso_code"]],
        ctx.t("col_criterion"): [ctx.label(i) for i in ch["indicator"]],
        ctx.t("col_operation"): [f"{op}: {_operand_text(ctx, v)}" for op, v in zip(ch["operation"], ch["operand"])],
        ctx.t("col_before"): ch["before"].to_numpy(dtype=float),
        ctx.t("col_after"): ch["after"].to_numpy(dtype=float),
        ctx.t("col_source"): ch["source"].to_numpy(),
        ctx.t("col_comment"): [notes.get(int(n), "") for n in ch["change"]],
    })
    df.index = pd.RangeIndex(1, len(df) + 1)
    return present(df, ctx.lang, decimals=2)


# === 05 trends ===============================================================================

def finding_trends(ctx: ReportContext) -> Markdown:
    """The overall rank year by year and the split of the latest change (own / others / interaction)."""
    hist = ctx.history
    years = [int(y) for y in hist.index]
    listed = ", ".join(str(y) for y in years)
    if len(years) < 2:
        return _md(ctx.t("f_trends_one", name=ctx.name, years=listed))
    path = " → ".join(f"{int(hist.at[y, f'{ctx.root}_rank'])} ({y})" for y in years)
    pair = ctx.focus_pair
    att = ctx.attributions[pair].set_index("node").loc[ctx.root]
    pair_part = ctx.t("f_trends_pair", y0=pair[0], y1=pair[1], total=fmt_signed(att["total"], 0, ctx.lang),
                      own=fmt_signed(att["own"], 0, ctx.lang), others=fmt_signed(att["others"], 0, ctx.lang),
                      interaction=fmt_signed(att["interaction"], 0, ctx.lang))
    return _md(ctx.t("f_trends", name=ctx.name, n=len(years), years=listed, path=path, pair_part=pair_part))


def history_table(ctx: ReportContext) -> pd.DataFrame:
    """Score and rank of the province on every node, year by year (one column pair per year)."""
    fw, hist = ctx.framework, ctx.history
    data: dict[str, Any] = {ctx.t("col_node"): [("· " * fw.node(n).depth) + ctx.label(n) for n in fw.node_ids]}
    for y in hist.index:
        data[f"{y} – {ctx.t('col_score').lower()}"] = [float(hist.at[y, f"{n}_score"]) for n in fw.node_ids]
        data[f"{y} – {ctx.t('col_rank').lower()}"] = [int(hist.at[y, f"{n}_rank"]) for n in fw.node_ids]
    return present(pd.DataFrame(data).set_index(ctx.t("col_node")), ctx.lang, fixed=True)


def attribution_table(ctx: ReportContext) -> pd.DataFrame | Markdown:
    """For each pair of consecutive years and each node: ranks before and after, and the change
    split into own progress, the others and their interaction (negative = moved up)."""
    if not ctx.attributions:
        return _md(ctx.t("f_trends_one", name=ctx.name, years=", ".join(str(y) for y in ctx.tables)))
    frames = []
    for (a, b), att in ctx.attributions.items():
        frames.append(pd.DataFrame({
            ctx.t("col_years"): f"{a}→{b}",
            ctx.t("col_node"): [("· " * ctx.framework.node(n).depth) + ctx.label(n) for n in att["node"]],
            ctx.t("col_rank_before"): att["rank_before"].to_numpy(dtype=int),
            ctx.t("col_rank_after"): att["rank_after"].to_numpy(dtype=int),
            ctx.t("col_total"): att["total"].to_numpy(dtype=int),
            ctx.t("col_own"): att["own"].to_numpy(dtype=int),
            ctx.t("col_others"): att["others"].to_numpy(dtype=int),
            ctx.t("col_interaction"): att["interaction"].to_numpy(dtype=int),
            ctx.t("col_score_change"): att["score_total"].to_numpy(dtype=float),
        }))
    df = pd.concat(frames, ignore_index=True).set_index([ctx.t("col_years"), ctx.t("col_node")])
    return present(df, ctx.lang)


def attribution_chart(ctx: ReportContext) -> Any:
    """:func:`icttools.plots.attribution_bars` for the pair of years ending at the report's year
    (or the latest pair); with a single year, a sentence is displayed and None returned."""
    pair = ctx.focus_pair
    if pair is None:
        return _note(ctx.t("f_trends_one", name=ctx.name, years=", ".join(str(y) for y in ctx.tables)))
    return plots.attribution_bars(ctx.attributions[pair], ctx.framework, ctx.lang, years=pair)


def indicator_changes(ctx: ReportContext) -> pd.DataFrame:
    """The province's value and rank on every criterion in each available year."""
    from icttools.gaps import indicator_ranks

    fw = ctx.framework
    data: dict[str, Any] = {ctx.t("col_criterion"): [ctx.label(i) for i in fw.indicator_ids]}
    for y, table in ctx.tables.items():
        res = ctx.result if y == ctx.year else compute(table, fw)
        ranks = indicator_ranks(res)
        data[f"{y} – {ctx.t('col_value').lower()}"] = table.loc[ctx.province, fw.indicator_ids].to_numpy(dtype=float)
        data[f"{y} – {ctx.t('col_rank').lower()}"] = ranks.loc[ctx.province, fw.indicator_ids].to_numpy(dtype=int)
    years = list(ctx.tables)
    if len(years) >= 2:
        a, b = years[0], years[-1]
        data[f"{ctx.t('col_change')} {a}→{b}"] = (
            ctx.tables[b].loc[ctx.province, fw.indicator_ids].to_numpy(dtype=float)
            - ctx.tables[a].loc[ctx.province, fw.indicator_ids].to_numpy(dtype=float))
    return present(pd.DataFrame(data).set_index(ctx.t("col_criterion")), ctx.lang, decimals=2)
