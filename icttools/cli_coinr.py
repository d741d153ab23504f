"""The COINr interoperability commands: ``icttools import-coinr`` and ``icttools coinr-build``.

``import-coinr`` turns COINr's iData + iMeta tables into a framework YAML and a data table that
icttools reads like any other; ``coinr-build`` builds an index from them COINr's way and prints
one stage (:mod:`icttools.ingest.coinr`). Kept apart from :mod:`icttools.cli`, which adds them.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_coinr_commands"]


def cmd_import_coinr(args: argparse.Namespace) -> int:
    from icttools.core.paths import relative_to_root
    from icttools.ingest.coinr import read_coinr, write_import

    inp = read_coinr(args.idata, args.imeta)
    yml, csv = write_import(inp, args.out, fid=args.id)
    print(f"framework: {relative_to_root(yml)}\ndata: {relative_to_root(csv)} "
          f"({len(inp.data)} units × {len(inp.indicators)} indicators)")
    return 0


def cmd_coinr_build(args: argparse.Namespace) -> int:
    from icttools.ingest.coinr import build, read_coinr, stage_table

    options = {k: getattr(args, k) for k in ("denominate", "impute", "screen", "treat", "normalise", "aggregate")}
    inp = read_coinr(args.idata, args.imeta)
    result, _ = build(inp, **options)
    table = stage_table(inp, result, args.stage)
    sys.stdout.write(table.to_csv(index=False, lineterminator="\n", na_rep="NA"))
    return 0


def add_coinr_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``import-coinr`` and ``coinr-build`` to the command line's subparsers."""
    p = sub.add_parser("import-coinr", help="COINr iData + iMeta -> an icttools framework YAML and data table")
    p.add_argument("idata", help="COINr iData table (.csv or .xlsx)")
    p.add_argument("imeta", help="COINr iMeta table (.csv or .xlsx)")
    p.add_argument("--out", required=True, help="folder for <id>.yaml and <id>_data.csv")
    p.add_argument("--id", default="coinr_index", help="framework id (lower-case letters, digits, _)")
    p.set_defaults(func=cmd_import_coinr)

    p = sub.add_parser("coinr-build", help="build an index from COINr tables, COINr's way; print one stage")
    p.add_argument("idata")
    p.add_argument("imeta")
    p.add_argument("--denominate", default="on", help="on | off (default on)")
    p.add_argument("--impute", default=None,
                   help="none | mean | median | group-mean:COL | group-median:COL (default group-mean:EurAsia_group)")
    p.add_argument("--screen", default="0.9", help="minimum data availability of a unit, or none (default 0.9)")
    p.add_argument("--treat", default="winsorise:5", help="winsorise:N | none (default winsorise:5)")
    p.add_argument("--normalise", default="minmax:0,100",
                   help="minmax:L,U | zscore:M,S | maxratio | rank | prank | borda | dist2max | identity "
                        "(default minmax:0,100)")
    p.add_argument("--aggregate", default="arithmetic", help="arithmetic | geometric | harmonic (default arithmetic)")
    p.add_argument("--stage", default="Aggregated",
                   choices=("Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"))
    p.add_argument("--format", choices=("csv",), default="csv")
    p.set_defaults(func=cmd_coinr_build)
