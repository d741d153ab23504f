"""The output folders of a run: where a report goes, how it gets there, and what a killed run left.

A report folder is ``<outputs>/<year>/<code>-<slug>/<lang>/`` (Vietnamese and English side by
side). A province's reports are made in a hidden sibling ``.tmp-<lang>-<owner>-<random>`` and
swapped in when they are all done (:func:`swap_in`), so a reader never sees a half-made folder.
When a run is stopped, the reports already finished are moved into the report folder one by one
(:func:`keep_finished`, each report's sidecar last) and nothing else is kept.

``<owner>`` is ``<pid>.<start time>`` of the process that made the folder. At its start, a run
takes a lock on the output folder (:class:`RunLock`: no two runs write into one folder) and removes
what an earlier run could not (:func:`clean_leftovers`, after SIGKILL or a power cut): hidden
``.tmp-*``/``.old-*`` folders whose owner process is gone, never one of a live process.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any, Iterable

from icttools.core.errors import InputError

__all__ = ["report_dir", "new_tmp_dir", "swap_in", "keep_finished", "carry_over", "read_json",
           "report_sidecars", "clean_leftovers", "RunLock", "RunLocked"]

_OWNED = re.compile(r"^\.(?:tmp|old)-[a-z]{2}-(\d+)\.(\d+)-[0-9a-f]+$")
_LEGACY = re.compile(r"^\.(?:tmp|old)-\d\d-[a-z0-9\-]+$")
#: A hidden folder of an older icttools (no owner in its name) is removed when untouched this long.
LEGACY_AGE = 3600.0


class RunLocked(InputError):
    """Another live run writes into the same output folder (CLI exit code 2)."""


def report_dir(output_dir: Path, year: int, slug: str, lang: str) -> Path:
    """``<outputs>/<year>/<code>-<slug>/<lang>``."""
    return Path(output_dir) / str(int(year)) / slug / lang


def _start_time(pid: int) -> int:
    """The process's start time in clock ticks since boot (Linux), else 0."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[19])


def _owner() -> str:
    pid = os.getpid()
    return f"{pid}.{_start_time(pid)}"


def _owner_alive(pid: int, started: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return started == 0 or _start_time(pid) in (0, started)  # the same process, not a reused pid


def new_tmp_dir(final: Path) -> Path:
    """A fresh hidden folder beside ``final`` (``.tmp-<lang>-<owner>-<random>``), readable by all."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".tmp-{final.name}-{_owner()}-{secrets.token_hex(4)}"
    tmp.mkdir(mode=0o755)
    os.chmod(tmp, 0o755)
    return tmp


def swap_in(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp``: two renames, then the old folder is removed."""
    old = None
    if final.exists():
        old = final.parent / f".old-{final.name}-{_owner()}-{secrets.token_hex(4)}"
        os.rename(final, old)
    os.rename(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file, or None (missing, unreadable, not an object)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def report_sidecars(folder: Path) -> dict[str, dict[str, Any]]:
    """``{notebook: sidecar}`` of the reports in a folder (``summary.json`` is not one)."""
    out = {}
    try:  # the folder may be swapped away while the index is being built
        names = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError:
        names = []
    for side in names:
        data = read_json(side)
        if data and side.name != "summary.json" and "notebook" in data and "status" in data:
            out[str(data["notebook"])] = data
    return out


def _report_files(folder: Path, sidecar: dict[str, Any]) -> list[str]:
    names = [f for f in (sidecar.get("files") or {}).values() if isinstance(f, str)]
    return [n for n in names if "/" not in n and "\\" not in n and (folder / n).is_file()]


def carry_over(final: Path, tmp: Path, notebooks: Iterable[str]) -> None:
    """Copy into ``tmp`` the earlier reports of ``final`` for ``notebooks`` (those this run did not
    make: not selected, or unchanged under ``--resume``), sidecar included."""
    wanted = set(notebooks)
    for stem, sidecar in report_sidecars(final).items():
        if stem not in wanted or (tmp / f"{stem}.json").exists():
            continue
        for name in _report_files(final, sidecar) + [f"{stem}.json"]:
            if (final / name).is_file():
                shutil.copy2(final / name, tmp / name)


def keep_finished(tmp: Path, final: Path) -> int:
    """Move the finished reports of a stopped province from ``tmp`` into ``final`` (created if
    needed), each report's files first and its sidecar last; then remove ``tmp``. Returns how many
    reports were kept."""
    kept = 0
    sidecars = report_sidecars(tmp)
    if sidecars:
        final.mkdir(parents=True, exist_ok=True)
    for stem, sidecar in sidecars.items():
        for name in _report_files(tmp, sidecar):
            os.replace(tmp / name, final / name)
        os.replace(tmp / f"{stem}.json", final / f"{stem}.json")
        kept += 1
    shutil.rmtree(tmp, ignore_errors=True)
    return kept


def _leftover_candidates(output_dir: Path, nested: bool = True) -> Iterable[Path]:
    for ydir in output_dir.iterdir():
        if nested and ydir.is_dir() and re.match(r"^[a-z][a-z0-9_]*(?:-34)?$", ydir.name):
            yield from _leftover_candidates(ydir, nested=False)  # another index or unit set's folder
            continue
        if not (ydir.is_dir() and ydir.name.isdigit()):
            continue
        yield from (p for p in ydir.iterdir() if p.name.startswith((".tmp-", ".old-")))
        for pdir in ydir.iterdir():
            if pdir.is_dir() and not pdir.name.startswith("."):
                yield from (p for p in pdir.iterdir() if p.name.startswith((".tmp-", ".old-")))


def _newest_change(path: Path) -> float:
    times = [path.stat().st_mtime]
    times += [p.stat().st_mtime for p in path.rglob("*")]
    return max(times)


def clean_leftovers(output_dir: Path) -> int:
    """Remove what interrupted runs left in ``output_dir``; returns how many folders were removed.

    Removed: ``.tmp-*``/``.old-*`` folders whose owner process is gone (or, for those of older
    icttools versions without an owner, untouched for :data:`LEGACY_AGE` seconds) and half-written
    ``.index*.tmp`` files. Call it while holding the :class:`RunLock`.
    """
    output_dir = Path(output_dir)
    if not output_dir.is_dir():
        return 0
    removed = 0
    for path in list(_leftover_candidates(output_dir)):
        m = _OWNED.match(path.name)
        if m:
            stale = not _owner_alive(int(m.group(1)), int(m.group(2)))
        elif _LEGACY.match(path.name):
            stale = time.time() - _newest_change(path) > LEGACY_AGE
        else:
            stale = False
        if stale:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            removed += 1
    for path in output_dir.glob(".index*.tmp"):
        path.unlink(missing_ok=True)
    return removed


class RunLock:
    """An exclusive lock on an output folder for the duration of a run (``<outputs>/.run.lock``).

    The lock is released by the system when the process ends, however it ends (SIGKILL
    included), so a stale lock cannot block the next run.

    Raises
    ------
    RunLocked
        On entering, if another live process holds the lock (the message names its pid).
    """

    def __init__(self, output_dir: Path):
        self.path = Path(output_dir) / ".run.lock"
        self._fh: Any = None

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, as before
            self._fh = fh
            return self
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            pid = fh.read().strip() or "?"
            fh.close()
            raise RunLocked(f"another icttools run (pid {pid}) is writing into {self.path.parent.name}/; "
                            "wait for it to finish, or give another --output-dir") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._fh is not None:
            self._fh.seek(0)
            self._fh.truncate()  # an empty lock file: no pid left behind in the outputs
            self._fh.close()  # closing releases the lock
            self._fh = None
