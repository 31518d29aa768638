"""The Board's terms chart: one bar per term, placed on the time axis, escaped, titled."""

from __future__ import annotations

import re
from datetime import date

from mmc_gateway.charts import Term, terms_chart


def test_bars_sit_on_the_time_axis_and_text_is_escaped() -> None:
    svg = terms_chart(
        [
            Term("1. Freetown", date(2025, 1, 1), date(2026, 12, 31)),
            Term("2. <São Paulo>", date(2026, 1, 1), date(2027, 12, 31)),
        ],
        date(2026, 12, 1),
        "Terms & today",
    )
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert '<title id="terms-chart-title">Terms &amp; today</title>' in svg
    assert "&lt;São Paulo&gt;" in svg
    assert "<São" not in svg
    bars = [
        (float(x), float(w))
        for x, w in re.findall(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    ]
    assert len(bars) == 2
    (x1, w1), (x2, w2) = bars
    assert x1 == 200.0  # the earliest day is the axis' start
    assert x2 > x1
    assert abs(w1 - w2) < 2
    today = float(re.findall(r'<line x1="([\d.]+)"', svg)[0])
    assert x2 < today < x2 + w2


def test_no_terms_no_chart() -> None:
    assert terms_chart([], date(2026, 12, 1), "none") == ""
