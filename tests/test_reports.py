"""The first steering-group report: Swedish formats, status symbols and texts, suppression (SPEC §8.3, §8.4)."""

import datetime as dt

import pytest

from esf.reports import swedish
from esf.reports.render import reporting_month


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1234.5, "percent", "1\u00a0234,5\u00a0%"),
        (45.945945, "percent", "45,9\u00a0%"),
        (80.0, "count", "80"),
        (8450.0, "sek", "8\u00a0450\u00a0kr"),
        (-10.0, "percent", "−10\u00a0%"),
        (None, "percent", ""),
    ],
)
def test_swedish_numbers(value, unit, text):
    assert swedish.with_unit(value, unit).replace("-", "−") == text


def test_swedish_dates():
    assert swedish.date(dt.date(2013, 3, 5)) == "5 mars 2013"
    assert swedish.month(dt.date(2013, 3, 5)) == "mars 2013"


@pytest.mark.parametrize(
    ("label", "period_type", "text"),
    [
        ("2014-06", "month", "juni 2014"),
        ("2014-06", "project_to_date", "t.o.m. juni 2014"),
        ("2013-Q2", "quarter", "kvartal 2 2013"),
        ("2013", "year", "2013"),
        ("2013-03", None, "mars 2013"),
    ],
)
def test_swedish_period_labels(label, period_type, text):
    assert swedish.period(label, period_type) == text


def test_every_status_has_a_symbol_and_a_swedish_text():
    assert set(swedish.STATUS) == {"achieved", "on_track", "at_risk", "not_achieved", "no_data"}
    symbols = [s for s, _ in swedish.STATUS.values()]
    assert len(set(symbols)) == 5 and all(text for _, text in swedish.STATUS.values())
    assert swedish.STATUS["not_achieved"] == ("✗", "Ej uppnått")


@pytest.mark.parametrize(
    ("as_of", "month", "draft"),
    [
        (dt.date(2013, 3, 15), dt.date(2013, 3, 1), True),
        (dt.date(2013, 3, 31), dt.date(2013, 3, 1), False),
        (dt.date(2012, 2, 29), dt.date(2012, 2, 1), False),
    ],
)
def test_the_reporting_month_and_draft(as_of, month, draft):
    assert reporting_month(as_of) == (month, draft)


def test_a_goal_chart_is_inline_svg_with_a_text_alternative():
    from esf.reports.charts import Series, goal_chart

    svg = goal_chart(
        Series(["2012-01", "2012-02", "2012-03"], [1.0, None, 3.0], 5.0, [1.0, 2.0, 3.0]),
        title="Deltagare <över tid>",
        description="Utfall mot mål",
        y_label="antal",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="Deltagare &lt;över tid&gt;"' in svg
    assert "<title>Deltagare &lt;över tid&gt;</title>" in svg and "<desc>Utfall mot mål</desc>" in svg
    assert 'href="http' not in svg and "src=" not in svg  # nothing loaded from a network


def test_codes_get_swedish_labels():
    assert swedish.label(swedish.ACTIVITY_TYPE, "avstamningsmote") == "Avstämningsmöte"
    assert swedish.label(swedish.REASON, "invalid_personnummer") == "Ogiltigt personnummer"
    assert swedish.label(swedish.SOURCE, "forsorjningsstod") == "Försörjningsstöd"
    assert swedish.label(swedish.ACTIVITY_TYPE, "nytt_slag") == "nytt slag"
