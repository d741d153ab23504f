"""Reading a YAML file a user gave (a framework, a scenario, a feasibility file) with one clear
error for every way it can fail: missing, not a file, not UTF-8, unreadable, not YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["read_yaml_file"]


def read_yaml_file(path: str | Path, error: type[Exception], what: str) -> Any:
    """The parsed content of the YAML file ``path``.

    Parameters
    ----------
    path : str or Path
    error : exception class
        Raised, with a one-line message naming the file, for any problem (e.g. ``FrameworkError``).
    what : str
        What the file is, for the message ("framework", "scenario", "feasibility").

    Raises
    ------
    error
        The file is missing or not a file, not UTF-8 text, unreadable, or not valid YAML.
    """
    import yaml

    p = Path(path)
    if not p.is_file():
        raise error(f"{p.name}: {what} file not found")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise error(f"{p.name}: not UTF-8 text; save the {what} file as UTF-8") from None
    except OSError as exc:
        raise error(f"{p.name}: {what} file cannot be read ({exc.strerror or exc})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise error(f"{p.name}: not valid YAML ({exc})") from None
