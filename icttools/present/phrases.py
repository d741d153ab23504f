"""Numbers and small phrases as an official Vietnamese text writes them (and their English).

* numbers: :func:`fmt_int` (``1.890``), :func:`fmt_share` (``96,4%``: no space before ``%``),
  :func:`fmt_score` (4 decimals), :func:`fmt_value` / :func:`fmt_change` (a criterion's value or
  change with its unit, at the unit's precision: shares 1 decimal);
* ranks: :func:`rank_of` (``17/63``), :func:`rank_span` ("từ hạng 17 đến hạng 26"),
  :func:`rank_change` ("tăng 5 bậc ▲ (từ hạng 22 lên hạng 17)", "giữ nguyên hạng 17"),
  :func:`places_effect` (a part of a change: "giúp tăng 15 bậc", "làm giảm 16 bậc"),
  :func:`rank_change_cell` (``▲ 3`` in a table: + = moved up);
* names: :func:`quote` (“…”), :func:`quoted_list` (“a”; “b” và 7 tiêu chí khác).

A rank *gain* is always the number of places moved up (``before - after`` > 0): the sign follows
usage ("tăng 5 bậc"), never the rank number's arithmetic.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from icttools.present.i18n import check_lang, fmt_num, t

__all__ = ["fmt_int", "fmt_share", "fmt_score", "value_decimals", "fmt_value", "fmt_change",
           "rank_of", "rank_span", "rank_change", "places_effect", "rank_change_cell", "quote",
           "quoted_list", "UP", "DOWN"]

UP, DOWN = "▲", "▼"


def fmt_int(n: Any, lang: str = "vi") -> str:
    """An integer with a thousands separator: ``1.890`` (vi), ``1,890`` (en); ``—`` if missing."""
    try:
        v = float(n)
    except (TypeError, ValueError):
        return str(n)
    if not math.isfinite(v):
        return "—"
    s = f"{int(round(v)):,}"
    return s.replace(",", ".") if lang == "vi" else s


def fmt_share(x: Any, decimals: int = 0, lang: str = "vi") -> str:
    """A share in [0, 1] as a percentage without a space (``90%``, ``4,1%``)."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "—"
    if not math.isfinite(v):
        return "—"
    return f"{fmt_num(100 * v, decimals, lang)}%"


def fmt_score(x: Any, lang: str = "vi", decimals: int = 4) -> str:
    """An index score (4 decimals, as published), rounded as the report's tables round it."""
    try:
        v = float(np.round(float(x), decimals))
    except (TypeError, ValueError):
        return "—"
    return fmt_num(v, decimals, lang)


def _unit(indicator: Any, lang: str) -> str:
    return indicator.unit if lang == "vi" else indicator.unit_en


def value_decimals(indicator: Any) -> int:
    """Decimals a reader needs for a criterion's value: 1 for shares, per-100 rates and 0–100
    scores; 2 for small ratios (computers or Mbps per civil servant)."""
    unit = indicator.unit
    if "%" in unit or "/100" in unit or unit.startswith("điểm"):
        return 1
    return 2


def _is_share(indicator: Any) -> bool:
    return indicator.unit.strip() == "%"


def fmt_value(x: Any, indicator: Any, lang: str = "vi", unit: bool = True) -> str:
    """A criterion's value at its precision, with its unit: ``96,4%``, ``1,12 máy/CBCCVC``,
    ``70,1 điểm`` (a 0–100 score)."""
    text = fmt_num(x, value_decimals(indicator), lang)
    if not unit or text == "—":
        return text
    if _is_share(indicator):
        return text + "%"
    if indicator.unit.startswith("điểm"):
        return f"{text} {t('unit_points', lang)}"
    return f"{text} {_unit(indicator, lang)}"


def fmt_change(dx: Any, indicator: Any, lang: str = "vi", unit: bool = True) -> str:
    """A change of a criterion with its sign and unit: ``+3,6 điểm phần trăm`` for a share,
    ``+0,20 máy/CBCCVC``; ``unit=False``: the signed number only (``+3,6``)."""
    try:
        v = float(dx)
    except (TypeError, ValueError):
        return "—"
    if not math.isfinite(v):
        return "—"
    d = value_decimals(indicator)
    v = round(v, d)
    text = fmt_num(abs(v), d, lang)
    sign = "+" if v > 0 else "−" if v < 0 else ""
    if not unit:
        return sign + text
    if _is_share(indicator):
        return f"{sign}{text} {t('unit_pp', lang)}"
    if indicator.unit.startswith("điểm"):
        return f"{sign}{text} {t('unit_points', lang)}"
    return f"{sign}{text} {_unit(indicator, lang)}"


def rank_of(rank: int, n: int) -> str:
    """``17/63`` (as plan 126/KH-UBND writes a rank)."""
    return f"{int(rank)}/{int(n)}"


def rank_span(lo: Any, hi: Any, lang: str = "vi") -> str:
    """"từ hạng 17 đến hạng 26" (or "hạng 17" when both ends agree)."""
    lo, hi = int(round(float(lo))), int(round(float(hi)))
    if lo == hi:
        return t("ph_rank_single", lang, rank=lo)
    return t("ph_rank_span", lang, lo=min(lo, hi), hi=max(lo, hi))


def rank_change(before: int, after: int, lang: str = "vi", arrow: bool = True, path: bool = True) -> str:
    """A rank change in words: "tăng 5 bậc ▲ (từ hạng 22 lên hạng 17)", "giảm 8 bậc ▼ (từ hạng
    17 xuống hạng 25)", "giữ nguyên hạng 17"."""
    before, after = int(before), int(after)
    gained = before - after
    if gained == 0:
        return t("ph_same_rank", lang, rank=after)
    key = "ph_up" if gained > 0 else "ph_down"
    text = t(key, lang, n=abs(gained))
    if arrow:
        text += " " + (UP if gained > 0 else DOWN)
    if path:
        text += " " + t(key + "_path", lang, before=before, after=after)
    return text


def places_effect(gained: int, lang: str = "vi") -> str:
    """One part of a rank change, ``gained`` > 0 = moved up: "giúp tăng 15 bậc", "làm giảm 16
    bậc", "không làm thay đổi thứ hạng"."""
    gained = int(gained)
    if gained == 0:
        return t("ph_effect_none", lang)
    return t("ph_effect_up" if gained > 0 else "ph_effect_down", lang, n=abs(gained))


def rank_change_cell(gained: Any) -> str:
    """A rank change in a table cell (+ = moved up): ``▲ 3``, ``▼ 8``, ``0``; ``—`` if missing."""
    try:
        g = int(round(float(gained)))
    except (TypeError, ValueError):
        return "—"
    if g == 0:
        return "0"
    return f"{UP} {g}" if g > 0 else f"{DOWN} {-g}"


def quote(text: str, lang: str = "vi") -> str:
    """A criterion or index name inside a sentence: “…” (names may hold commas)."""
    check_lang(lang)
    return f"“{text}”"


def quoted_list(labels: Sequence[str], lang: str = "vi", most: int | None = None, noun: str = "criteria") -> str:
    """Names in quotes separated by semicolons, the last with "và"/"and"; beyond ``most``, the
    rest counted: “a”; “b” và 7 tiêu chí khác."""
    items = [quote(x, lang) for x in labels]
    if not items:
        return ""
    rest = 0
    if most is not None and len(items) > most:
        rest = len(items) - most
        items = items[:most]
    if rest:
        return "; ".join(items) + " " + t(f"ph_and_more_{noun}", lang, n=rest)
    if len(items) == 1:
        return items[0]
    return "; ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]


#: Words for a level when the framework names none (``levels:`` in its YAML).
_GENERIC_LEVEL = {"vi": ("nhóm chỉ số", "nhóm chỉ số"), "en": ("group", "groups")}


def level_words(framework: Any, node: str, lang: str = "vi") -> dict[str, str]:
    """What the framework calls the level of ``node``, for a string table's placeholders:
    ``level`` / ``levels`` (singular / plural) and ``Level`` / ``Levels`` (sentence start).

    ICT Index: "chỉ số thành phần con" / "sub-index", "sub-indices"; PAPI: "chỉ số nội dung" /
    "dimension", "dimensions"; a framework without ``levels`` gets generic words.
    """
    one = framework.level_name(node, lang) or _GENERIC_LEVEL[lang][0]
    many = framework.level_name(node, lang, plural=True) or _GENERIC_LEVEL[lang][1]
    return {"level": one, "levels": many, "Level": one[:1].upper() + one[1:], "Levels": many[:1].upper() + many[1:]}
