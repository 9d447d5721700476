"""Numbers, money and dates in the house style of each language, via babel.

One stored value (the number and unit the source gave) renders per language:
8000 亿元 → "8000亿元" / "RMB 800 billion"; 7.5 个百分点 → "7.5个百分点" /
"7.5 percentage points". Scaling uses Decimal, so no digit is invented or lost.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from .languages import profile
from .model import Quantity

# Chinese money units and their size in yuan.
YUAN_UNITS = {"元": Decimal(1), "万元": Decimal(10) ** 4, "亿元": Decimal(10) ** 8, "万亿元": Decimal(10) ** 12}
# English scale words, largest first; below a million the plain number is written.
EN_SCALES = (("trillion", Decimal(10) ** 12), ("billion", Decimal(10) ** 9), ("million", Decimal(10) ** 6))


def number(value: Decimal, lang: str) -> str:
    """A bare number: Chinese house style has no thousands separator for figures like 8000."""
    return format_decimal(value.normalize(), locale=profile(lang).locale, decimal_quantization=False,
                          group_separator=profile(lang).group_digits)


def quantity(q: Quantity, lang: str) -> str:
    words = profile(lang)
    if q.unit in YUAN_UNITS:
        if words.money_in_yuan_units:
            return number(q.value, lang) + q.unit
        return money(q.value * YUAN_UNITS[q.unit], lang)
    if q.unit in words.unit_words:
        return number(q.value, lang) + words.unit_words[q.unit]
    raise ValueError(f"unknown unit {q.unit!r}")


def money(yuan: Decimal, lang: str) -> str:
    """RMB amounts in English: "RMB 800 billion", "RMB 38 million"."""
    for word, size in EN_SCALES:
        if abs(yuan) >= size:
            return f"RMB {number(yuan / size, lang)} {word}"
    return f"RMB {number(yuan, lang)}"


def is_money(q: Quantity) -> bool:
    return q.unit in YUAN_UNITS


def chart_scale(quantities: list[Quantity], lang: str) -> tuple[str, Decimal]:
    """One display unit for a chart axis: its label and the yuan it stands for."""
    if not all(map(is_money, quantities)):
        return ("%", Decimal(1)) if quantities[0].unit == "%" else (quantity_unit(quantities[0], lang), Decimal(1))
    smallest = min(abs(q.value * YUAN_UNITS[q.unit]) for q in quantities)
    units = {q.unit for q in quantities}
    in_units = profile(lang).money_in_yuan_units
    if in_units and len(units) == 1:
        unit = units.pop()  # the source's own unit: 0.38亿元 and 21.8亿元 stay in 亿元
        return unit, YUAN_UNITS[unit]
    if in_units:
        # Mixed units: the largest in which every value is at least 1 (8000亿元 and 1.5万亿元 → 亿元).
        unit = next(u for u in ("万亿元", "亿元", "万元", "元") if smallest >= YUAN_UNITS[u] or u == "元")
        return unit, YUAN_UNITS[unit]
    word, size = next(((w, s) for w, s in EN_SCALES if smallest >= s), ("", Decimal(1)))
    return (f"RMB {word}".strip(), size)


def scale_name(size: Decimal, lang: str) -> str:
    """A chart axis's money unit of `size` yuan, in words of lang: 亿元 / "RMB 100 million"."""
    if profile(lang).money_in_yuan_units:
        return next((u for u, s in YUAN_UNITS.items() if s == size), f"{number(size, lang)}元")
    word, scale = next(((w, s) for w, s in EN_SCALES if size >= s), ("", Decimal(1)))
    factor = size / scale
    return " ".join(part for part in ("RMB", number(factor, lang) if factor != 1 else "", word) if part)


def quantity_unit(q: Quantity, lang: str) -> str:
    return profile(lang).unit_words[q.unit].strip()


def in_scale(q: Quantity, size: Decimal) -> Decimal:
    """The quantity expressed in a chart's display unit."""
    return q.value * YUAN_UNITS[q.unit] / size if is_money(q) else q.value


def full_date(day: datetime.date, lang: str) -> str:
    """2026年11月28日 / November 28, 2026."""
    return format_date(day, format="long", locale=profile(lang).locale)


def year(value: int, lang: str) -> str:
    return profile(lang).year.format(y=value)
