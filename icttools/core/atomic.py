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

Files that belong together (a table and its manifest) are written into a temporary folder that
replaces the target folder as a whole (:func:`atomic_folder`): a reader finds the old set or
the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any, Iterator

__all__ = ["atomic_open", "atomic_write_bytes", "atomic_write_text", "atomic_write_csv",
           "atomic_folder"]


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


def _leftovers(target: Path, kind: str) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.{kind}-*"))


@contextlib.contextmanager
def atomic_folder(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary folder that replaces the folder ``path`` as a whole when the block succeeds.

    Write every file of the set into the yielded folder (plain writes are fine). On success the
    old folder is moved aside, the new one renamed into place and the old one deleted; on any
    error the temporary folder is deleted and ``path`` is left as it was. So ``path`` always
    holds a complete set: the old one or the new one.

    A write killed half-way leaves hidden ``.<name>.tmp-*`` or ``.<name>.old-*`` folders next
    to ``path``; the next call cleans them up (putting back an old folder that was moved aside
    but not replaced). Two processes must not write the same folder at the same time.

    Parameters
    ----------
    path : str or PathLike
        The target folder (its parent is created if needed). Everything in it is replaced.

    Yields
    ------
    Path
        The temporary folder, in the same parent folder as ``path``.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    for tmp_left in _leftovers(target, "tmp"):
        shutil.rmtree(tmp_left, ignore_errors=True)
    for old_left in _leftovers(target, "old"):
        if not target.exists():  # killed between the two renames: the old set goes back
            os.replace(old_left, target)
        else:
            shutil.rmtree(old_left, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
        for f in tmp.rglob("*"):
            if f.is_file():
                with open(f, "rb+") as fh:
                    os.fsync(fh.fileno())
        # mkdtemp makes the folder private (0700); give it the usual permissions
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o777 & ~_UMASK
        os.chmod(tmp, mode)
        if target.exists():
            old = target.parent / f".{target.name}.old-{tmp.name.rsplit('-', 1)[-1]}"
            os.replace(target, old)
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(old, target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(target.parent)
