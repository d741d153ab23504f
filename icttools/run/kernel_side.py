"""Code the runner executes *inside* a warm report kernel, between notebooks.

A warm kernel executes many report notebooks one after the other. Each notebook must run as in a
kernel of its own (the files must be byte-identical to an isolated run), so before each notebook
:func:`reset` puts back what a notebook may change, as it was right after :func:`prepare`:

* the user namespace, the output cache and the history (``InteractiveShell.reset``), and the
  execution counter (back to 1, so cells are numbered as in a fresh kernel);
* the working folder, ``os.environ`` and ``sys.path``;
* matplotlib: every figure closed, ``rcParams`` restored;
* the warning filters, with every "already shown" registry forgotten (a warning shown by one
  notebook is shown again by the next, as in a fresh kernel);
* numpy's floating-point error handling and pandas' options.

After a reset the surviving objects are frozen (``gc.freeze``): IPython's reset collects garbage,
and without the freeze each collection would scan every object of matplotlib, pandas and the shared
Studies again (a third of a second per notebook).

What is *kept* is the point of a warm kernel: the imported modules, and the Studies shared by
:func:`icttools.study.share_studies` (keyed on the data files' hashes), so the second notebook of a
year pays neither the imports nor the year's analyses again.

Nothing here runs in the runner's own process.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from typing import Any

__all__ = ["prepare", "reset"]

#: What :func:`prepare` saw; :func:`reset` restores it.
_SAVED: dict[str, Any] = {}


def prepare(cwd: str) -> None:
    """Import what every report imports, turn Study sharing on and remember the clean state.

    Called once, right after the kernel started (matplotlib's inline backend is then configured
    exactly as by a notebook's first ``import matplotlib.pyplot``).
    """
    import matplotlib
    import matplotlib.pyplot as plt  # noqa: F401  (configures the inline backend)
    import numpy as np
    import pandas as pd  # noqa: F401

    import icttools.present.plots  # noqa: F401
    import icttools.report  # noqa: F401
    import icttools.run.province_files  # noqa: F401  (the summary and workbook, written here too)
    from icttools.study import share_studies

    share_studies(True)
    os.chdir(cwd)
    _SAVED.update(cwd=cwd, environ=dict(os.environ), path=list(sys.path),
                  rc=dict(matplotlib.rcParams), filters=list(warnings.filters),
                  np_err=np.geterr())
    gc.collect()
    gc.freeze()  # what every report imports is never garbage: no collection scans it again


def reset() -> None:
    """Put the kernel back in the state :func:`prepare` left (see the module's docstring)."""
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    ip = get_ipython()  # type: ignore[name-defined]  # noqa: F821  (IPython's builtin)
    ip.reset(new_session=True)  # namespace, Out cache, history; execution_count = 1
    ip.execution_count = 1
    os.chdir(_SAVED["cwd"])
    if os.environ != _SAVED["environ"]:
        os.environ.clear()
        os.environ.update(_SAVED["environ"])
    sys.path[:] = _SAVED["path"]
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if dict(matplotlib.rcParams) != _SAVED["rc"]:
            matplotlib.rcParams.update(_SAVED["rc"])
        pd.reset_option("all")
    warnings.resetwarnings()  # also invalidates every module's __warningregistry__
    warnings.filters[:] = _SAVED["filters"]
    warnings.onceregistry.clear()
    np.seterr(**_SAVED["np_err"])
    # ip.reset() has just collected the previous notebook's garbage; what is left lives on (the
    # modules, the shared Studies): frozen, so the next collections only scan new objects
    gc.freeze()
