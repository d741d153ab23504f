"""The kernels of a batch run: started quiet, stoppable at once, warm between notebooks.

:class:`ManagedKernel` is one ipykernel process the runner starts itself (not papermill):

* its own session (process group), so a Ctrl-C in the terminal reaches the runner only, and
  :meth:`ManagedKernel.kill` can end it (and anything it started) at once from a signal handler;
* its stdout and stderr go to a log file, not to the terminal (ipykernel's "Kernel is running
  over TCP without encryption" or "KeyboardInterrupt caught in kernel" never reach an operator);
* an explicit environment (``PYTHONHASHSEED=0``, ``ICT_DATA_DIR``, no ``MPLBACKEND``) instead of
  changes to the runner's own ``os.environ``.

:func:`execute_notebook` runs one notebook on such a kernel through papermill (its parameter
injection, metadata and error cells are kept) with the engine ``"icttools"`` registered here: an
nbclient that uses the given kernel and client and never starts or shuts one down. A *warm*
kernel serves many notebooks: :meth:`ManagedKernel.warm_up` imports what the reports import once,
and :meth:`ManagedKernel.reset` (see :mod:`icttools.run.kernel_side`) gives each notebook the
state of a fresh kernel.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import time
from pathlib import Path
from typing import IO, Any, Mapping

__all__ = ["KERNEL_NAME", "KernelError", "ManagedKernel", "kernel_environment", "execute_notebook"]

KERNEL_NAME = "python3"
STARTUP_TIMEOUT = 60
#: nbclient's default: the kernel keeps its history in memory, not in ~/.ipython.
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]


#: nbclient's and papermill's messages ("Kernel died while waiting for execute reply"...) go here,
#: not to the terminal: the runner reports every failure itself, once, in its own words.
_QUIET = logging.getLogger("icttools.run.kernels.nbclient")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


class KernelError(RuntimeError):
    """The kernel died, timed out or could not run the runner's own code."""


def kernel_environment(env_data_dir: Path | None) -> dict[str, str]:
    """The environment of a report kernel: this process's, with ``PYTHONHASHSEED=0`` (sets and
    dicts iterate the same way in every run), ``ICT_DATA_DIR`` when a data folder was given, and
    no ``MPLBACKEND`` (it would switch off the inline figures)."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.pop("MPLBACKEND", None)
    if env_data_dir is not None:
        env["ICT_DATA_DIR"] = str(env_data_dir)
    return env


class ManagedKernel:
    """One report kernel, started by the runner (see the module's docstring).

    Parameters
    ----------
    cwd : path
        The kernel's working folder (the notebooks' folder).
    env : mapping
        Its environment (:func:`kernel_environment`).
    log : file
        Where the kernel process's own stdout and stderr go.
    """

    def __init__(self, cwd: Path, env: Mapping[str, str], log: IO[Any]):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.cwd = Path(cwd)
        self._run_sync = run_sync
        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        self.warm = False
        run_sync(self.km.start_kernel)(extra_arguments=list(KERNEL_ARGUMENTS), cwd=str(self.cwd),
                                       env=dict(env), stdout=log, stderr=log)
        self.pid: int | None = getattr(getattr(self.km.provisioner, "process", None), "pid", None)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            run_sync(self.kc.wait_for_ready)(timeout=STARTUP_TIMEOUT)
        except Exception as exc:
            self.shutdown()
            raise KernelError(f"the kernel did not start: {type(exc).__name__}: {exc}") from None
        self.kc.allow_stdin = False

    # --- life ------------------------------------------------------------------------------------
    def kill(self) -> None:
        """End the kernel's process group at once (safe in a signal handler: no I/O, no locks)."""
        if self.pid is None:
            return
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def alive(self) -> bool:
        return bool(self._run_sync(self.km.is_alive)())

    def shutdown(self) -> None:
        """Stop the channels and the kernel (at once), and release its files."""
        try:
            self.kc.stop_channels()
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass
        try:
            if self._run_sync(self.km.is_alive)():
                self._run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001
            self.kill()
        try:
            self._run_sync(self.km.cleanup_resources)()
        except Exception:  # noqa: BLE001
            pass

    # --- the runner's own code in the kernel ------------------------------------------------------
    def run_code(self, code: str, timeout: float) -> None:
        """Execute ``code`` silently (no output, no history, no execution count).

        Raises
        ------
        KernelError
            The code raised (the message is its ``ename: evalue``), the kernel died, or the reply
            did not come within ``timeout`` seconds.
        """
        self._run_sync(self._run_code)(code, timeout)

    async def _run_code(self, code: str, timeout: float) -> None:
        import queue

        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = await self.kc.get_shell_msg(timeout=1)
            except queue.Empty:
                if not await self.km.is_alive():
                    raise KernelError("the kernel died") from None
                if time.monotonic() > deadline:
                    raise KernelError(f"no reply from the kernel within {timeout:.0f} s") from None
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelError(f"{content.get('ename', 'Error')}: {content.get('evalue', '')}")

    def warm_up(self) -> None:
        """Import what the reports import and remember the clean state (once per kernel)."""
        self.run_code("from icttools.run import kernel_side as _icttools_kernel_side\n"
                      f"_icttools_kernel_side.prepare({json.dumps(str(self.cwd))})\n"
                      "del _icttools_kernel_side", timeout=STARTUP_TIMEOUT)
        self.warm = True

    def reset(self) -> None:
        """Give the next notebook the state of a fresh kernel (:func:`kernel_side.reset`)."""
        self.run_code("from icttools.run import kernel_side as _icttools_kernel_side\n"
                      "_icttools_kernel_side.reset()", timeout=STARTUP_TIMEOUT)


# --- papermill on a managed kernel ----------------------------------------------------------------

def _engine() -> type:
    """The papermill engine ``"icttools"`` (registered again on each call: papermill keeps a dict)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class _Client(PapermillNotebookClient):
        """nbclient on the runner's kernel and client: starts and shuts down nothing."""

        def __init__(self, nb_man: Any, kernel: ManagedKernel, **kw: Any):
            super().__init__(nb_man, km=kernel.km, **kw)
            self.kc = kernel.kc

    class IcttoolsEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None,
                                     start_timeout: int = 60, execution_timeout: Any = None,
                                     kernel: ManagedKernel | None = None, **kwargs: Any) -> Any:
            if kernel is None:
                raise ValueError("the icttools engine needs kernel=ManagedKernel")
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                 kernel_name=kernel_name, log=_QUIET, log_output=log_output,
                                 stdout_file=stdout_file, stderr_file=stderr_file)
            return _Client(nb_man, kernel, **final).execute()

    papermill_engines.register("icttools", IcttoolsEngine)
    return IcttoolsEngine


def execute_notebook(template: Path, out_nb: Path, parameters: Mapping[str, Any], kernel: ManagedKernel,
                     timeout: int) -> None:
    """Execute ``template`` with ``parameters`` on ``kernel``; the executed notebook is written once,
    at the end, to ``out_nb`` (also when a cell fails).

    Raises
    ------
    papermill.PapermillExecutionError
        A cell raised (the notebook with its error is written).
    Exception
        The kernel died (``DeadKernelError``) or a cell timed out: the kernel is no longer usable.
    """
    import papermill as pm

    _engine()
    pm.execute_notebook(str(template), str(out_nb), parameters=dict(parameters),
                        engine_name="icttools", kernel_name=KERNEL_NAME, progress_bar=False,
                        request_save_on_cell_execute=False, execution_timeout=timeout,
                        kernel=kernel)
