"""What ``icttools validate`` prints about a table it read (the command line's own English)."""

from __future__ import annotations

from typing import Any

__all__ = ["validate_lines"]

#: A data-source cell longer than this is cut in the OK line (the full text is in the file).
SOURCE_SHOWN = 120


def validate_lines(table: Any, framework: Any, n_units: int) -> dict[str, list[str]]:
    """The lines of a successful ``validate``: ``before`` the warnings (the OK line, the count of
    missing provinces) and ``after`` them (values imputed, values kept missing).

    Parameters
    ----------
    table : IndicatorTable
        The validated table.
    framework : Framework
        Its framework (the number of criteria says when a unit misses all of them).
    n_units : int
        The number of units a complete table has.
    """
    source = table.data_source or ""
    if len(source) > SOURCE_SHOWN:
        source = source[:SOURCE_SHOWN] + f"… ({len(source):,} characters)"
    before = [f"OK: {table.source}: {len(table.data)} provinces × {table.data.shape[1]} indicators"
              + (f" ({source})" if source else "")]
    n_missing = n_units - len(table.data)
    if n_missing > 0:  # only with --allow-missing-provinces
        before.append(f"missing: {n_missing} provinces have no values (accepted with --allow-missing-provinces)")
    after = [f"imputed: {imp.gso_code} {imp.indicator} = {imp.value:.4f} ({imp.method})" for imp in table.imputations]
    if table.kept_missing:  # a framework that keeps missing values (missing: skip), e.g. PAPI
        per_unit: dict[str, list[str]] = {}
        for code, ind in table.kept_missing:
            per_unit.setdefault(code, []).append(ind)
        n_all = len(framework.indicator_ids)
        after.append(f"missing, kept as missing (never filled; the framework's rule): {len(table.kept_missing)} "
                     "values: " + "; ".join(f"{c}: {', '.join(v) if len(v) < n_all else 'all'}"
                                            for c, v in per_unit.items()))
    return {"before": before, "after": after}
