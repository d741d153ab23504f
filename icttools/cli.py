"""The ``icttools`` command line.

User errors (bad input, unknown province, missing data) print one clear line per problem on
stderr and exit with code 2, never a traceback. Analysis commands take ``--format json`` so that
their results can be checked independently; the JSON keys are documented in the README.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from icttools.cli_coinr import add_coinr_commands
from icttools.core.errors import IcttoolsError, InputError

__all__ = ["main", "build_parser"]


#: How messages spell the options that help with a data file, on the command line.
_DATA_OPTIONS = {"sheet": '--sheet "{sheet}"'}
_VALIDATE_OPTIONS = {**_DATA_OPTIONS, "allow_missing_provinces": "--allow-missing-provinces"}


class _Lang(argparse.Action):
    """``--lang``: also records that it was given (messages are English unless ``--lang vi``)."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, values)
        namespace.lang_given = True


class UserError(InputError):
    """An error in the command line's arguments: reported in one line each, exit code 2."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = [ln for ln in lines if ln]


# --- helpers -----------------------------------------------------------------------------------

def _study(args: argparse.Namespace, year: int | None = None):
    """The Study the command works on: ``--data`` if given, else the year's file; ``--method``."""
    from icttools.study import load

    units = getattr(args, "units", None)
    study = load(int(year if year is not None else args.year),
                 framework=getattr(args, "framework", None) or "ict_index_2016",
                 data=getattr(args, "data", None) or None, sheet=getattr(args, "sheet", None),
                 options=_DATA_OPTIONS, units="vn34" if units == "2025" else None)
    method = getattr(args, "method", None)
    from icttools.present.notes import study_warnings

    _warn(study_warnings(study, _messages_lang(args)), args)
    return study.with_method(normalisation=method) if method else study


#: Warning lines printed at most (then one line counting the others), like the problems of an error.
MAX_WARNINGS = 50


def _warn(lines, args: argparse.Namespace) -> None:
    """Warnings on stderr, one line each (``warning: ...``); the command goes on (exit 0)."""
    from icttools.present.i18n import t

    lines = list(lines)
    for line in lines[:MAX_WARNINGS]:
        print(f"warning: {line}", file=sys.stderr)
    if len(lines) > MAX_WARNINGS:
        print(f"warning: {t('warn_more', _messages_lang(args), n=len(lines) - MAX_WARNINGS)}", file=sys.stderr)


def _emit(args: argparse.Namespace, payload: Callable[[], dict], text: Callable[[], str]) -> None:
    if getattr(args, "format", "table") == "json":
        json.dump(payload(), sys.stdout, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text().rstrip("\n") + "\n")


def _target_rank(args: argparse.Namespace, study) -> int:
    k, n = int(args.target_rank), len(study.codes)  # 63 provinces, 34 units, or a COINr index's
    if not 1 <= k <= n:
        raise UserError(f"error: --target-rank must be between 1 and {n}, got {k}")
    return k


# --- commands -----------------------------------------------------------------------------------

def cmd_compute(args: argparse.Namespace) -> int:
    from icttools.present.jsonout import compute_to_json
    from icttools.present.notes import compute_notes

    study = _study(args)
    table = study.ranking(lang=args.lang)
    notes = compute_notes(study, args.lang)
    if args.format == "csv":
        sys.stdout.write(table.to_csv(index=False, lineterminator="\n", float_format="%.4f"))
    elif args.format == "json":
        payload = compute_to_json(study.result, int(args.year), lang=args.lang)
        if notes:
            payload["notes"] = notes
        if study.merged is not None:
            payload["merge_basis"] = study.merged.basis.to_dict(orient="index")
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        fw = study.framework
        root, code_col = fw.root.id, table.columns[0]
        cols = [code_col, "province"] + [c for n in fw.node_ids for c in (f"{n}_score", f"{n}_rank")]
        cols += [c for c in table.columns if c.endswith("_group")]
        shown = table[cols].sort_values([f"{root}_rank", code_col], key=lambda s: s.astype(str)
                                        if s.name == code_col else s)
        for line in notes:
            sys.stdout.write(f"# {line}\n")
        sys.stdout.write(shown.to_string(index=False, float_format=lambda v: f"{v:.4f}") + "\n")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from icttools.core.framework import load_framework
    from icttools.core.paths import relative_to_root
    from icttools.core.provinces import province_codes
    from icttools.ingest.io import read_table_or_counts, write_processed

    if args.write and args.year is None:
        raise UserError("error: --write needs --year")
    fw = load_framework(args.framework)
    # problems (DataValidationError) and unreadable files are printed by main()
    table = read_table_or_counts(args.path, fw, year=args.year, sheet=args.sheet,
                                 allow_missing_provinces=args.allow_missing_provinces,
                                 impute=args.impute, options=_VALIDATE_OPTIONS)
    from icttools.ingest.provenance import method_years
    from icttools.present.notes import method_years_warning
    from icttools.present.textout.validate import validate_lines

    lines = validate_lines(table, fw, n_units=len(province_codes()))
    print("\n".join(lines["before"]))
    note = method_years(fw, args.year)
    if note is not None:
        _warn([method_years_warning(note, _messages_lang(args))], args)
    _warn(table.warnings, args)  # relations broken by a row: the values are kept
    if lines["after"]:
        print("\n".join(lines["after"]))
    if args.write:
        out = write_processed(table)
        print(f"written: {relative_to_root(out)}")
    return 0


def cmd_provinces(args: argparse.Namespace) -> int:
    from icttools.core.provinces import load_provinces, resolve_province

    if args.query:
        p = resolve_province(args.query)
        rows = [(p.gso_code, p.name_vi, p.name_ascii, p.region, p.population_2019)]
    else:
        df = load_provinces()
        rows = list(df[["gso_code", "name_vi", "name_ascii", "region", "population_2019"]].itertuples(index=False))
    for r in rows:
        print(f"{r[0]}  {r[1]:<22} {r[2]:<22} {r[3]:<38} {int(r[4]):>10,}")
    return 0


def cmd_check_published(args: argparse.Namespace) -> int:
    from icttools.ingest.published import check_all, load_published, published_years
    from icttools.present.problems import cli_text

    study = _study(args)  # the data are read and validated in any case
    if load_published(args.year).empty:
        # nothing to compare is not a failure: `check-published && make report` goes on
        print(cli_text("no_published", _messages_lang(args), year=args.year,
                       years=", ".join(map(str, published_years())) or "none"))
        return 0
    # the plan's statements of change compare with the year before (from the data folder)
    previous = study.previous
    check = check_all(study.result, args.year, previous.data if previous is not None else None)
    shown = check[["gso_code", "province", "node", "quantity", "published", "computed", "ok", "confidence"]].copy()
    shown["ok"] = shown["ok"].map({True: "PASS", False: "FAIL"})
    print(shown.to_string(index=False))
    n_fail = int((~check["ok"]).sum())
    n_st = int(check["quantity"].isin(["band", "direction"]).sum())
    print(f"\n{len(check) - n_fail} passed, {n_fail} failed ({args.year}, method {study.method.normalisation}; "
          f"{len(check) - n_st} published figures and values, {n_st} statements of plan 126/KH-UBND)")
    return 0 if n_fail == 0 else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from icttools.core.paths import relative_to_root
    from icttools.ingest.demo import DEMO_YEARS, write_demo_year

    years = DEMO_YEARS if args.year is None else (int(args.year),)
    for y in years:
        if y not in DEMO_YEARS:
            raise UserError(f"error: demo data exist for {', '.join(map(str, DEMO_YEARS))}, not {y}")
        path = write_demo_year(y, Path(args.out) if args.out else None)
        print(f"SYNTHETIC demo data written: {relative_to_root(path)}")
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    study = _study(args)
    res = study.gaps(args.province, reference=args.reference, target_rank=_target_rank(args, study))
    _emit(args, res.to_json, lambda: res.text(args.lang))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    study = _study(args)
    res = study.sensitivity(args.province, target_rank=_target_rank(args, study), points=args.points,
                            feasibility=args.feasibility)
    _emit(args, res.to_json, lambda: res.text(args.lang))
    return 0


def cmd_uncertainty(args: argparse.Namespace) -> int:
    study = _study(args)
    if args.n < 10:
        raise UserError(f"error: --n must be at least 10, got {args.n}")
    # a progress bar on an interactive terminal only (never in JSON output or logs)
    bar = None
    if sys.stderr.isatty() and args.format != "json":
        from tqdm import tqdm

        bar = tqdm(total=args.n, desc="Monte Carlo", unit="rep", file=sys.stderr)
    res = study.uncertainty(n=args.n, seed=args.seed, top_k=args.top, unit=args.province or None,
                            sobol_base=args.sobol_base,
                            progress=(lambda done, total: bar.update(done - bar.n)) if bar else None)
    if bar is not None:
        bar.close()
    _emit(args, res.to_json, lambda: res.text(args.lang))
    return 0


def cmd_targets(args: argparse.Namespace) -> int:
    study = _study(args)
    res = study.targets(args.province, rank=args.rank, others=args.others, rival=args.rival,
                        feasibility=args.feasibility, levers=args.levers)
    _emit(args, res.to_json, lambda: res.text(args.lang))
    return 0


def cmd_scenario(args: argparse.Namespace) -> int:
    from icttools.analysis.scenario import load_scenario
    from icttools.core.framework import load_framework

    sc = load_scenario(args.file, load_framework(args.framework))
    study = _study(args, year=args.year or sc.year)
    res = study.scenario(sc, others=args.others)
    _emit(args, lambda: res.to_json(lang=args.lang), lambda: res.text(args.lang))
    from icttools.present.jsonout import scenario_warnings

    _warn([w["message"] for w in scenario_warnings(res.outcome)], args)  # a warning: exit 0
    return 0


def cmd_trends(args: argparse.Namespace) -> int:
    study = _study(args)
    years = study.years
    if args.year not in years or args.year - 1 not in years:
        raise UserError(f"error: trends need {args.year - 1} and {args.year}; available: "
                        f"{', '.join(map(str, years)) or 'none'}")
    res = study.trends(args.province)
    _emit(args, res.to_json, lambda: res.text(args.lang))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from icttools.run.workbook import default_scenario, write_workbook

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"error: --out must name an .xlsx file, got {args.out!r}")
    if out.exists() and out.is_dir():
        raise UserError(f"error: --out {args.out!r} is a folder; give a file name ending in .xlsx")
    study = _study(args)
    code = study.unit(args.province)
    path = write_workbook(out, study, code, lang=args.lang, target_rank=_target_rank(args, study),
                          seed=args.seed, scenario=default_scenario(study))
    print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="icttools",
        description="Vietnam ICT Index: recompute, explain and plan (gaps, sensitivity, uncertainty, "
                    "targets, scenarios, notebook reports).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser, year: bool = True, data: bool = True, fmt: tuple = ("table", "json")):
        if year:
            p.add_argument("--year", type=int, required=True, help="index year (e.g. 2018)")
        if data:
            p.add_argument("--data", help="indicator (or counts) table, CSV/XLSX; default: data/raw/ict_index/<year>/")
            p.add_argument("--sheet", help="XLSX sheet with the data (default: the first sheet)")
        p.add_argument("--framework", default="ict_index_2016", help="framework name or YAML path")
        p.add_argument("--units", choices=("63", "2025"), default="63",
                       help="63: the provinces to 30/6/2025; 2025: the 34 provinces from 1/7/2025 "
                            "(the 63-province data merged into them)")
        p.add_argument("--lang", choices=("vi", "en"), default="vi", action=_Lang,
                       help="language of labels (messages: English unless --lang vi)")
        if fmt:
            p.add_argument("--format", choices=fmt, default=fmt[0])

    p = sub.add_parser("compute", help="compute the index: scores and ranks at every node")
    common(p, fmt=("table", "csv", "json"))
    p.add_argument("--method", choices=("zscore-minmax", "minmax-minmax", "max-ratio"),
                   help="normalisation (default: the framework's, zscore-minmax)")
    p.set_defaults(func=cmd_compute)

    p = sub.add_parser("validate", help="validate an input table (all problems at once)")
    p.add_argument("path")
    p.add_argument("--year", type=int)
    p.add_argument("--framework", default="ict_index_2016")
    p.add_argument("--allow-missing-provinces", action="store_true",
                   help="accept a table without some provinces (e.g. a partly filled template)")
    p.add_argument("--impute", choices=("regional-mean", "national-mean"),
                   help="fill missing values (recorded and shown in reports)")
    p.add_argument("--sheet", help="XLSX sheet with the data (default: the first sheet)")
    p.add_argument("--lang", choices=("vi", "en"), default="en", action=_Lang,
                   help="language of messages (default English)")
    p.add_argument("--write", action="store_true", help="write data/processed/<framework>/<year>/ atomically")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("provinces", help="list the 63 provinces or resolve one name/code")
    p.add_argument("query", nargs="?")
    p.set_defaults(func=cmd_provinces)

    p = sub.add_parser("check-published", help="compare with every published figure of a year")
    common(p, fmt=())
    p.add_argument("--method", choices=("zscore-minmax", "minmax-minmax", "max-ratio"))
    p.set_defaults(func=cmd_check_published)

    p = sub.add_parser("demo", help="(re)generate the SYNTHETIC demo data")
    p.add_argument("--year", type=int, help="2017, 2018 or 2019 (default: all)")
    p.add_argument("--out", help="folder (default: data/raw/ict_index)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("gaps", help="gaps to the leader, the province above, top-k, region, median")
    common(p)
    p.add_argument("--province", required=True)
    p.add_argument("--reference", default="leader",
                   choices=("leader", "above", "top-k", "region-best", "region-median", "median"))
    p.add_argument("--target-rank", type=int, default=10)
    p.set_defaults(func=cmd_gaps)

    p = sub.add_parser("sensitivity", help="rank curves and break-even values per criterion")
    common(p)
    p.add_argument("--province", required=True)
    p.add_argument("--target-rank", type=int, default=10)
    p.add_argument("--points", type=int, default=101)
    p.add_argument("--feasibility", help="YAML with the caps and yearly changes the break-evens are judged against")
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("uncertainty", help="rank intervals over the unpublished method choices")
    common(p)
    p.add_argument("--n", type=int, default=1000, help="Monte Carlo replications")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--top", type=int, default=10, help="K for the probability of being in the top K")
    p.add_argument("--province", help="also Sobol indices of this province's rank")
    p.add_argument("--sobol-base", type=int, default=512)
    p.set_defaults(func=cmd_uncertainty)

    p = sub.add_parser("targets", help="least-effort plan to reach a rank")
    common(p)
    p.add_argument("--province", required=True)
    p.add_argument("--rank", type=int, default=10)
    p.add_argument("--rival")
    p.add_argument("--others", default="still", help="still | trend | trend-all | growth=PCT")
    p.add_argument("--levers", default="direct,influenced",
                   help="criteria the plan may move, by lever: direct,influenced (default) | all")
    p.add_argument("--feasibility", help="YAML with cost, max_value, max_change, lever per indicator")
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser("scenario", help="apply a what-if scenario file")
    p.add_argument("file")
    p.add_argument("--year", type=int, help="default: the scenario's year")
    p.add_argument("--data")
    p.add_argument("--sheet", help="XLSX sheet with the data (default: the first sheet)")
    p.add_argument("--framework", default="ict_index_2016")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", action=_Lang)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--others", default="still", help="still | trend | trend-all | growth=PCT")
    p.set_defaults(func=cmd_scenario)

    p = sub.add_parser("trends", help="rank history and attribution of the last rank change")
    common(p, data=False)
    p.add_argument("--province", required=True)
    p.set_defaults(func=cmd_trends)

    p = sub.add_parser("export", help="the results of a province and year as an Excel workbook")
    common(p, fmt=())
    p.add_argument("--province", required=True)
    p.add_argument("--out", required=True, help="the workbook to write (FILE.xlsx)")
    p.add_argument("--target-rank", type=int, default=10, help="rank of the plans and break-evens")
    p.add_argument("--seed", type=int, default=20190418, help="recorded with the technical details")
    p.set_defaults(func=cmd_export)

    add_coinr_commands(sub)

    from icttools.run.runner import add_run_arguments, main_run

    p = sub.add_parser("run", help="run the notebook reports with papermill (HTML + index.html)")
    add_run_arguments(p)
    p.set_defaults(func=main_run)
    return parser


def _messages_lang(args: argparse.Namespace) -> str:
    """The language of messages: English unless ``--lang vi`` was given."""
    return "vi" if getattr(args, "lang_given", False) and args.lang == "vi" else "en"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``icttools`` command; returns the exit code.

    An :class:`icttools.core.errors.IcttoolsError` (a problem the user can fix) prints one line per
    problem on stderr and gives exit code 2; any other exception is a bug and keeps its traceback.
    """
    from icttools.ingest.problems import DataValidationError
    from icttools.present.problems import error_line, problem_lines

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 2
    except DataValidationError as exc:  # all problems of a table: 50 lines, then counts by rule
        for line in problem_lines(exc.problems, lang=_messages_lang(args)):
            print(line, file=sys.stderr)
        return 2
    except IcttoolsError as exc:  # a file that cannot be read, a bad argument...: one line
        print(error_line(exc, _messages_lang(args)), file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `icttools compute ... | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
