"""What a process keeps between loads of the same data, for batch runs (off by default).

A batch run executes many reports of one year in one kernel. With sharing on
(:func:`share`, called by the runner's kernels), :func:`icttools.load` hands out the same Study for
the same inputs, so the year is read and validated once and its analyses (the Monte Carlo over all
provinces, each province's plans and curves) are computed once and reused by every report that
asks. The key (:func:`key`) holds the caller's parts (framework, year, options) and the SHA-256 of
*every* year's file in the data folder (a Study's trends and plans read the other years), so a
changed file is read again. Off by default: an interactive session that edits files keeps reading
them.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any, Hashable

from icttools.ingest.io import YEAR_FILES, available_years

__all__ = ["share", "key", "get", "put"]

#: Shared objects, least recently used first.
_STORE: "OrderedDict[tuple, Any]" = OrderedDict()
_SIZE = [0]  # 0: sharing off


def share(enabled: bool = True, size: int = 8) -> None:
    """Keep at most ``size`` loaded Studies in this process (``enabled=False``: forget them all and
    read the files at every load)."""
    _STORE.clear()
    _SIZE[0] = max(1, int(size)) if enabled else 0


def key(location: Any, year: int, *parts: Hashable) -> tuple | None:
    """The sharing key of ``year`` loaded from ``location`` (a DataLocation) with ``parts``, or
    None when sharing is off or the year has no file (the load then raises its usual error)."""
    if not _SIZE[0]:
        return None
    files = []
    for y in available_years(location.years):
        folder = location.years / str(y)
        path = next((folder / n for n in YEAR_FILES if (folder / n).is_file()), None)
        if path is not None:
            files.append((y, path.name, hashlib.sha256(path.read_bytes()).hexdigest()))
    if not any(y == int(year) for y, _, _ in files):
        return None
    return (int(year), str(location.root), str(location.years), *parts, tuple(files))


def get(k: tuple | None) -> Any:
    """The object kept under ``k``, or None."""
    if k is None or k not in _STORE:
        return None
    _STORE.move_to_end(k)
    return _STORE[k]


def put(k: tuple | None, value: Any) -> Any:
    """Keep ``value`` under ``k`` (nothing when ``k`` is None); returns ``value``."""
    if k is not None:
        _STORE[k] = value
        while len(_STORE) > _SIZE[0]:
            _STORE.popitem(last=False)
    return value
