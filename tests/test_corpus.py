"""Every command that reads data, on every file of the corpus of bad and tricky inputs.

The corpus (``tests/corpus_files.py``) is generated once per session, into a temporary
folder. For each file, every
command either reads it right (exit 0 -- or the reference's exit code -- and the same output
as on a plainly written copy of the same values), or answers in at most 50 + 1 problem lines
(+ 1) on stderr with exit 2 and never a traceback. The commands run in-process through
``icttools.cli.main`` (a traceback there is an exception escaping ``main``).

``validate`` on every file is in the unit tier (``make test-fast``); the other commands on
every file are marked ``slow`` (about 30 s of CPU), and the batch runner's loader ``e2e``.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

import corpus_files
from icttools.cli import main
from icttools.core.paths import project_root
from icttools.ingest.io import read_table_or_counts

PLAN126 = str(project_root() / "data" / "raw" / "scenarios" / "plan126_ha_giang.yaml")
MAX_STDERR_LINES = 52  # 50 problems, the summary line, one more


@pytest.fixture(scope="session")
def corpus() -> Path:
    return corpus_files.folder()


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as exc:  # argparse
            rc = int(exc.code or 0)
        except Exception as exc:  # what the command line would show as a traceback
            pytest.fail(f"icttools {' '.join(argv[:1])} raised {type(exc).__name__}: {exc} "
                        f"(a traceback, exit 1)")
    return rc, out.getvalue(), err.getvalue()


def commands(path: str, args: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Every command that reads a data file, with cheap settings."""
    y = ["--year", "2018"]
    return {
        "validate": ["validate", path, *y, *args],
        "compute": ["compute", *y, "--data", path, "--format", "csv", *args],
        "check-published": ["check-published", *y, "--data", path, *args],
        "gaps": ["gaps", *y, "--province", "02", "--data", path, "--format", "json", *args],
        "sensitivity": ["sensitivity", *y, "--province", "02", "--data", path, "--points", "3",
                        "--format", "json", *args],
        "uncertainty": ["uncertainty", *y, "--data", path, "--n", "10", "--format", "json", *args],
        "targets": ["targets", *y, "--province", "02", "--rank", "16", "--data", path,
                    "--format", "json", *args],
        "scenario": ["scenario", PLAN126, "--data", path, "--format", "json", *args],
    }


_REFERENCE: dict[tuple[str, str], tuple[int, str, str]] = {}
_REFERENCE_DATA: dict[str, pd.DataFrame] = {}


def reference_data(corpus: Path, reference: str) -> pd.DataFrame:
    if reference not in _REFERENCE_DATA:
        _REFERENCE_DATA[reference] = read_table_or_counts(corpus / reference, year=2018).data
    return _REFERENCE_DATA[reference]


def reference_output(corpus: Path, reference: str, command: str) -> tuple[int, str, str]:
    key = (reference, command)
    if key not in _REFERENCE:
        _REFERENCE[key] = run_cli(commands(str(corpus / reference))[command])
    return _REFERENCE[key]


def check(corpus: Path, case: corpus_files.Case, command: str) -> None:
    argv = commands(str(corpus / case.file), case.args)[command]
    if command == "validate":
        argv += list(case.validate_args)
    rc, out, err = run_cli(argv)
    assert "Traceback" not in err
    assert len(err.splitlines()) <= MAX_STDERR_LINES, err[:2000]
    if command == "validate" and case.validate_rows is not None:
        assert rc == 0, err
        assert f": {case.validate_rows} provinces" in out
        return
    if case.ok:
        ref_rc, ref_out, ref_err = reference_output(corpus, case.reference, command)
        assert ref_rc in (0, 1), ref_err  # 1: check-published on data unlike the published ones
        assert (rc, err) == (ref_rc, ref_err)
        if command == "validate":  # the first line names the file
            out, ref_out = out.split("\n", 1)[1], ref_out.split("\n", 1)[1]
        assert out == ref_out
    else:
        assert rc == 2, (out[:500], err[:2000])
        assert case.expect in err, err[:2000]


@pytest.mark.parametrize("case", corpus_files.cases(), ids=lambda c: c.id)
def test_validate(corpus, case):
    check(corpus, case, "validate")
    if case.ok:  # the values themselves, not only what the commands print of them
        got = read_table_or_counts(corpus / case.file, year=2018, sheet=_sheet(case))
        pd.testing.assert_frame_equal(got.data, reference_data(corpus, case.reference), check_exact=True)


def _sheet(case: corpus_files.Case) -> str | None:
    return case.args[1] if case.args[:1] == ("--sheet",) else None


@pytest.mark.slow
@pytest.mark.parametrize("command", ["compute", "check-published", "gaps", "sensitivity",
                                     "uncertainty", "targets", "scenario"])
@pytest.mark.parametrize("case", corpus_files.cases(), ids=lambda c: c.id)
def test_every_command(corpus, case, command):
    check(corpus, case, command)


@pytest.mark.e2e
@pytest.mark.parametrize("case", corpus_files.cases(), ids=lambda c: c.id)
def test_batch_runner_loader(corpus, case, tmp_path):
    """``icttools run`` reads the year's file before starting any kernel: a file it cannot use
    stops the run with one line and exit 2; a good one is read as ``validate`` reads it."""
    from icttools.run.runplan import plan_run

    suffix = Path(case.file).suffix
    if suffix not in (".csv", ".xlsx") or case.args or not (corpus / case.file).is_file():
        pytest.skip("icttools run only looks for <year>/indicators.csv or .xlsx")
    year_dir = tmp_path / "2018"
    year_dir.mkdir()
    shutil.copyfile(corpus / case.file, year_dir / f"indicators{suffix}")
    if case.ok:
        plan = plan_run(2018, "02", "01", data_dir=tmp_path, output_dir=tmp_path / "out")
        pd.testing.assert_frame_equal(plan.studies[2018].table.data,
                                      reference_data(corpus, case.reference), check_exact=True)
        return
    rc, out, err = run_cli(["run", "--year", "2018", "--province", "02", "--notebooks", "01",
                            "--data-dir", str(tmp_path), "--output-dir", str(tmp_path / "out")])
    assert rc == 2 and "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.ipynb"))
