"""Derived figures and claim checks: arithmetic on the indicators, in Decimal.

A derived figure (the growth needed to reach a target, GDP growth implied by
"16.4 %, 7.5 points above GDP", a revenue multiple) is computed here, never
typed by an author. A stated figure with a `check` is compared with what its
own data implies, so a brief cannot repeat a figure its data contradicts
without saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from . import codes
from .codes import Code
from .model import Derivation, Indicator, Quantity
from .numbers import YUAN_UNITS

DIGITS = Decimal("0.1")  # derived figures are shown to one decimal place, rounded half up
TOLERANCE = Decimal("0.5")  # a stated rate within half a unit of the implied one agrees


class DerivationError(ValueError):
    """The operands cannot be combined this way; the message says why, in the authors' terms, and the code
    which kind of problem it is (reported by whichever reader met it)."""

    def __init__(self, code: Code, message: str):
        super().__init__(message)
        self.code = code


def evaluate(derivation: Derivation, indicators: dict[str, Indicator]) -> Quantity:
    first, second = (indicators[key] for key in derivation.operands)
    return OPERATIONS[derivation.op](first, second)


def cagr(start: Indicator, end: Indicator) -> Quantity:
    """Compound annual growth from start to end, in %."""
    years = _years_between(start, end)
    ratio = _yuan(end) / _yuan(start)
    with localcontext() as ctx:
        ctx.prec = 28
        rate = (ratio ** (Decimal(1) / years) - 1) * 100
    return Quantity(_round(rate), "%")


def multiple(start: Indicator, end: Indicator) -> Quantity:
    """How many times start the end value is."""
    return Quantity(_round(_yuan(end) / _yuan(start)), "倍")


def difference(minuend: Indicator, subtrahend: Indicator) -> Quantity:
    """A rate less a gap in percentage points: 16.4 % − 7.5 points = 8.9 %."""
    a, b = minuend.quantity, subtrahend.quantity
    if a.unit != "%" or b.unit not in ("%", "个百分点"):
        raise DerivationError(codes.DIFFERENCE_UNITS,
                              f"difference needs a % figure then a % or 个百分点 figure, got {a.unit} and {b.unit}")
    return Quantity(a.value - b.value, "%")


OPERATIONS = {"cagr": cagr, "multiple": multiple, "difference": difference}


@dataclass(frozen=True)
class Disagreement:
    stated: Quantity
    implied: Quantity
    derivation: Derivation


def disagreement(indicator: Indicator, indicators: dict[str, Indicator]) -> Disagreement | None:
    """The stated figure and what its data implies, when they differ by more than the tolerance."""
    if indicator.check is None:
        return None
    implied = evaluate(indicator.check, indicators)
    if abs(implied.value - indicator.quantity.value) <= TOLERANCE:
        return None
    return Disagreement(indicator.quantity, implied, indicator.check)


def _years_between(start: Indicator, end: Indicator) -> int:
    if start.calendar_year is None or end.calendar_year is None:
        missing = start if start.calendar_year is None else end
        raise DerivationError(codes.FIGURE_WITHOUT_YEAR,
                              f"'{missing.key}' has no year; give it `year:` or `assumed_year:`")
    years = end.calendar_year - start.calendar_year
    if years <= 0:
        raise DerivationError(codes.YEARS_OUT_OF_ORDER, f"'{end.key}' ({end.calendar_year}) must come after "
                              f"'{start.key}' ({start.calendar_year})")
    return years


def _yuan(indicator: Indicator) -> Decimal:
    q = indicator.quantity
    if q.unit not in YUAN_UNITS:
        raise DerivationError(codes.NOT_MONEY,
                              f"'{indicator.key}' is in {q.unit}; growth and multiples need amounts of money")
    if q.value <= 0:
        raise DerivationError(codes.NOT_POSITIVE, f"'{indicator.key}' must be positive to compute growth")
    return q.value * YUAN_UNITS[q.unit]


def _round(value: Decimal) -> Decimal:
    return value.quantize(DIGITS, rounding=ROUND_HALF_UP)


def growth_path(start: Indicator, end: Indicator) -> list[tuple[int, Decimal]]:
    """Year by year, in yuan, the path from start to end at constant annual growth."""
    years = _years_between(start, end)
    assert start.calendar_year is not None  # _years_between has checked it
    first, last = _yuan(start), _yuan(end)
    with localcontext() as ctx:
        ctx.prec = 28
        factor = (last / first) ** (Decimal(1) / years)
        values = [first * factor ** step for step in range(years)] + [last]
    return [(start.calendar_year + step, value) for step, value in enumerate(values)]
