"""Atomic file writing: a reader sees either the old file or the complete new one, never a part.

Every writer puts the content in a temporary file in the *same folder* as the target (so that
the final rename does not cross file systems), flushes and fsyncs it, then renames it over the
target with :func:`os.replace` (atomic on POSIX and Windows). On any error the temporary file
is removed and the old target, if any, is left untouched.

Use :func:`atomic_open` for writers that stream into a file object (``openpyxl`` workbooks,
``matplotlib`` figures), and the one-shot helpers otherwise::

    atomic_write_text(path, text)
    atomic_write_bytes(path, data)
    atomic_write_csv(df, path)

    with atomic_open(path, "wb") as fh:
        workbook.save(fh)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Iterator

__all__ = ["atomic_open", "atomic_write_bytes", "atomic_write_text", "atomic_write_csv"]


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import time.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _final_mode(target: Path) -> int:
    """Permissions for the new file: those of the file it replaces, else 0666 minus umask.

    ``tempfile.mkstemp`` creates files readable by the owner only (0600); without this the
    replaced file would silently lose its permissions.
    """
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); silently skipped where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = "\n") -> Iterator[IO[Any]]:
    """Open a temporary file that replaces ``path`` when the ``with`` block succeeds.

    Parameters
    ----------
    path : str or PathLike
        The target file. Its folder is created if needed.
    mode : {"w", "wb"}
        Text or binary.
    encoding, newline : str, optional
        For text mode only (defaults: UTF-8, ``"\\n"`` line endings on every platform).

    Yields
    ------
    file object
        Write the content into it. If the block raises, the temporary file is deleted, the
        target is left as it was, and the exception propagates.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open: mode must be 'w' or 'wb', got {mode!r}")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        if mode == "wb":
            fh = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _final_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically.

    Returns
    -------
    Path
        The target path.
    """
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8 by default; line endings kept as given).

    Returns
    -------
    Path
        The target path.
    """
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_write_csv(df: Any, path: str | os.PathLike, *, index: bool = False,
                     encoding: str = "utf-8", **to_csv_kwargs: Any) -> Path:
    """Write a DataFrame as CSV atomically (``"\\n"`` line endings, no index by default).

    Parameters
    ----------
    df : pandas.DataFrame
    path : str or PathLike
    index : bool, default False
        Passed to :meth:`pandas.DataFrame.to_csv`.
    encoding : str, default "utf-8"
        Use ``"utf-8-sig"`` for files meant to be opened in Excel.
    **to_csv_kwargs
        Further arguments of :meth:`pandas.DataFrame.to_csv` (not ``path_or_buf``).

    Returns
    -------
    Path
        The target path.
    """
    to_csv_kwargs.setdefault("lineterminator", "\n")
    text = df.to_csv(index=index, **to_csv_kwargs)
    return atomic_write_text(path, text, encoding=encoding)
