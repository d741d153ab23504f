"""Stopping a batch run cleanly on SIGINT (Ctrl-C) and SIGTERM (what systemd and ``kill`` send).

:class:`StopControl` replaces Python's default handlers while a run is in progress. While the run
is being *planned*, a signal raises :class:`RunInterrupted` in the main thread (nothing has been
written yet). While reports are being *made*, a signal only sets :attr:`StopControl.event` and ends
the running kernels at once (their process groups are killed: a notebook in the middle of a cell
does not finish it); the workers see the event, keep every finished report and start nothing new,
and the runner prints its summary and exits with ``128 + signal`` (130 for SIGINT, 143 for
SIGTERM). The handler does nothing that could block: no I/O, no locks.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

__all__ = ["StopControl", "RunInterrupted", "SIGNALS"]

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class RunInterrupted(BaseException):
    """A stop signal arrived while the run was being planned (``signum``)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopControl:
    """The stop state of one run, and the signal handlers that set it.

    Parameters
    ----------
    slots : int
        How many kernels may be registered at once (one per worker).
    """

    def __init__(self, slots: int = 0):
        self.event = threading.Event()
        self.signum: int | None = None
        self.planning = True
        self._kernels: dict[int, Any] = {i: None for i in range(max(slots, 0))}
        self._saved: dict[int, Any] = {}
        self._depth = 0

    # --- kernels ----------------------------------------------------------------------------------
    def resize(self, slots: int) -> None:
        """Make room for ``slots`` kernels (before the workers start)."""
        for i in range(slots):
            self._kernels.setdefault(i, None)

    def register(self, slot: int, kernel: Any) -> None:
        """The kernel a worker uses now (None: none). If a stop came first, it is killed at once."""
        self._kernels[slot] = kernel
        if kernel is not None and self.event.is_set():
            kernel.kill()

    # --- signals ----------------------------------------------------------------------------------
    @property
    def exit_code(self) -> int | None:
        """``128 + signal`` after a stop, else None."""
        return None if self.signum is None else 128 + int(self.signum)

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name if self.signum is not None else ""

    def trigger(self, signum: int) -> None:
        """What a signal does (also callable directly, e.g. from a test)."""
        if self.signum is None:
            self.signum = int(signum)
        self.event.set()
        for kernel in list(self._kernels.values()):  # assignments only: the size never changes
            if kernel is not None:
                kernel.kill()

    def _handle(self, signum: int, frame: Any) -> None:
        self.trigger(signum)
        if self.planning:
            raise RunInterrupted(signum)

    def __enter__(self) -> "StopControl":
        """Install the handlers (main thread only; entering again is allowed and does nothing)."""
        self._depth += 1
        if self._depth == 1 and threading.current_thread() is threading.main_thread():
            for sig in SIGNALS:
                self._saved[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._depth -= 1
        if self._depth == 0:
            for sig, old in self._saved.items():
                signal.signal(sig, old)
            self._saved.clear()
