"""Problems found in an input table, and the error that lists them all.

Every validation rule appends a :class:`Problem` instead of raising, so that a user sees *all*
problems of a file at once (:class:`DataValidationError`). The rules are listed in
:mod:`icttools.ingest.validation`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable, Sequence

from icttools.core.errors import DataError

__all__ = ["RULES", "QUOTE_LIMIT", "PYTHON_OPTIONS", "SAVE_FORMULAS", "Problem", "DataValidationError", "format_problems", "make_problem",
           "sort_problems", "quoted"]

RULES = (
    "unknown-province", "duplicate-province", "missing-province", "non-numeric", "out-of-range",
    "unknown-column", "duplicate-column", "missing-column", "missing-value", "province-mismatch",
    "no-province-column", "division-by-zero", "missing-count", "formula-without-value",
    "unit-2025", "no-data",
)


#: How messages name the options that would help, for Python callers. The command line passes
#: its own spelling (``--allow-missing-provinces``); an option left out is not suggested.
PYTHON_OPTIONS = {"allow_missing_provinces": "allow_missing_provinces=True",
                  "sheet": "sheet={sheet!r}"}

#: What to do about formulas without a saved value.
SAVE_FORMULAS = "open and save the file in Excel so that the values are stored"


@dataclass(frozen=True)
class Problem:
    """One problem found in an input table.

    Attributes
    ----------
    file : str
        The file, relative to the project root (never an absolute path).
    row : int or None
        Row number as a spreadsheet shows it (header = 1, first data row = 2); None for a
        problem of the whole file (a missing province).
    column : str
        The header text as in the file ("" when the problem concerns no column).
    value : str
        The raw cell text ("" when there is no cell).
    rule : str
        Short rule id, one of :data:`RULES`.
    message : str
        One line of English naming file, row, column, value and rule.
    suggestions : tuple of str
        For ``unknown-province``: GSO codes of the closest matches.
    """

    file: str
    row: int | None
    column: str
    value: str
    rule: str
    message: str
    suggestions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["suggestions"] = list(self.suggestions)
        return d


class DataValidationError(DataError):
    """An input table breaks one or more rules; ``.problems`` lists all of them.

    ``str(error)`` is the list of problem messages, one per line.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(format_problems(self.problems)))


def format_problems(problems: Iterable[Problem]) -> list[str]:
    """One message line per problem, in the given order."""
    return [p.message for p in problems]


#: Longer texts are cut in messages (a cell can hold 200 000 characters; headers are < 100).
QUOTE_LIMIT = 160


def quoted(text: Any) -> str:
    """``text`` in single quotes on one line (line breaks become spaces), for messages; a text
    longer than :data:`QUOTE_LIMIT` characters is cut, and its length given."""
    s = str(text)
    n = len(s)
    s = s[:QUOTE_LIMIT].replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return f"'{s}'" if n <= QUOTE_LIMIT else f"'{s}…' ({n:,} characters)"


def make_problem(file: str, row: int | None, column: str, value: Any, rule: str, detail: str,
                 suggestions: Sequence[str] = ()) -> Problem:
    """Build a :class:`Problem` with the standard one-line message.

    ``"<file>, row <row>, column '<column>': <detail> (<rule>)"``, leaving out row and column
    when they do not apply.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    where = file
    if row is not None:
        where += f", row {row}"
    if column:
        where += f", column {quoted(column)}"
    return Problem(file=file, row=row, column=str(column), value=str(value), rule=rule,
                   message=f"{where}: {detail} ({rule})", suggestions=tuple(suggestions))


def sort_problems(problems: Iterable[Problem], column_order: Sequence[str] = ()) -> list[Problem]:
    """Order problems by row (file-level problems last), then by column position in the file."""
    pos = {c: k for k, c in enumerate(column_order)}
    return sorted(problems, key=lambda p: (p.row is None, p.row or 0, pos.get(p.column, len(pos))))
