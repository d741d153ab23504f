"""The errors icttools raises for problems a user can fix.

Every error a user can act on is an :class:`IcttoolsError`; its message is one line that names
what is wrong (the file, row, column, value or argument, and the rule) and, where it helps, what
to do. The command line prints exactly these as one-line messages and exits with code 2; any
other exception is a bug and keeps its traceback.

* :class:`InputError` -- an argument, a file that cannot be read, a province name, a scenario or
  feasibility file;
* :class:`DataError` -- a data table that breaks a rule (all problems are listed at once);
* :class:`MethodError` -- a framework or method specification that breaks a rule.

They also derive from :class:`ValueError`, so code written against the standard exceptions keeps
working.
"""

from __future__ import annotations

__all__ = ["IcttoolsError", "InputError", "InputFileNotFound", "DataError", "MethodError"]


class IcttoolsError(Exception):
    """Base of every error a user can fix; the message is meant to be read as it is."""


class InputError(IcttoolsError, ValueError):
    """A bad argument or input file (unknown province, bad option, unreadable file, ...)."""


class InputFileNotFound(InputError, FileNotFoundError):
    """An input file or folder does not exist (the message names it, relative to the project)."""


class DataError(IcttoolsError, ValueError):
    """A data table breaks a validation rule."""


class MethodError(IcttoolsError, ValueError):
    """A framework or method specification breaks a rule."""
