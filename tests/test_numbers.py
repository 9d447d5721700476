"""One stored value, rendered per language (babel under the hood)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from briefgen import numbers
from briefgen.model import Quantity


@pytest.mark.parametrize("value,unit,zh,en", [
    ("8000", "亿元", "8000亿元", "RMB 800 billion"),
    ("1.5", "万亿元", "1.5万亿元", "RMB 1.5 trillion"),
    ("1.2", "万亿元", "1.2万亿元", "RMB 1.2 trillion"),
    ("21.8", "亿元", "21.8亿元", "RMB 2.18 billion"),
    ("0.38", "亿元", "0.38亿元", "RMB 38 million"),
    ("16.4", "%", "16.4%", "16.4%"),
    ("7.5", "个百分点", "7.5个百分点", "7.5 percentage points"),
    ("57.4", "倍", "57.4倍", "57.4 times"),
    ("120000", "元", "120000元", "RMB 120,000"),
])
def test_quantities(value: str, unit: str, zh: str, en: str):
    q = Quantity(Decimal(value), unit)
    assert (numbers.quantity(q, "zh"), numbers.quantity(q, "en")) == (zh, en)


def test_dates():
    assert numbers.year(2027, "zh") == "2027年" and numbers.year(2027, "en") == "2027"
    assert numbers.full_date(datetime.date(2026, 11, 28), "zh") == "2026年11月28日"
    assert numbers.full_date(datetime.date(2026, 11, 28), "en") == "November 28, 2026"


def test_chart_scales_keep_the_sources_unit_in_chinese():
    small, large = Quantity(Decimal("0.38"), "亿元"), Quantity(Decimal("21.8"), "亿元")
    assert numbers.chart_scale([small, large], "zh") == ("亿元", Decimal(10) ** 8)
    assert numbers.chart_scale([small, large], "en") == ("RMB million", Decimal(10) ** 6)
    mixed = [Quantity(Decimal(8000), "亿元"), Quantity(Decimal("1.5"), "万亿元")]
    assert numbers.chart_scale(mixed, "zh")[0] == "亿元" and numbers.chart_scale(mixed, "en")[0] == "RMB billion"
