"""The working-day calendar of SPEC §5.1, without dbt."""

import datetime as dt

import polars as pl
import pytest

from esf.calendar import FIRST_DAY, LAST_DAY, working_days

D = dt.date


@pytest.fixture(scope="module")
def table() -> pl.DataFrame:
    return working_days()


def row(table: pl.DataFrame, day: dt.date) -> dict:
    return table.filter(pl.col("day") == day).row(0, named=True)


def count(table: pl.DataFrame, first: dt.date, last: dt.date) -> int:
    """Working days of [first, last] by the two look-ups the dbt models make."""
    return row(table, last + dt.timedelta(days=1))["working_days_before"] - row(table, first)["working_days_before"]


def test_the_table_covers_the_range_one_row_a_day(table):
    assert table.height == (LAST_DAY - FIRST_DAY).days + 1
    assert table["day"].min() == FIRST_DAY and table["day"].max() == LAST_DAY
    assert row(table, FIRST_DAY)["working_days_before"] == 0


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2012, 6, 22), False),  # midsommarafton (Friday; a de-facto holiday)
        (D(2012, 6, 6), False),  # Sveriges nationaldag (Wednesday)
        (D(2012, 12, 24), False),  # julafton (Monday)
        (D(2012, 12, 31), False),  # nyårsafton (Monday)
        (D(2012, 4, 6), False),  # långfredag
        (D(2012, 5, 17), False),  # Kristi himmelsfärd (Thursday)
        (D(2012, 6, 23), False),  # midsommardagen, a Saturday
        (D(2012, 6, 21), True),  # an ordinary Thursday
        (D(2012, 12, 27), True),  # mellandagarna are working days
    ],
)
def test_working_days(table, day, working):
    assert row(table, day)["is_working_day"] is working


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # June 2012: 21 weekdays (1; 4-8; 11-15; 18-22; 25-29) less 6 June and 22 June
        (D(2012, 6, 1), D(2012, 6, 30), 19),
        # December 2012: 21 weekdays (3-7; 10-14; 17-21; 24-28; 31) less 24, 25, 26 and 31 December
        (D(2012, 12, 1), D(2012, 12, 31), 17),
        # 2012 (366 days from a Sunday): 261 weekdays less the 11 holidays on weekdays
        # (6 Jan, Good Friday, Easter Monday, 1 May, Ascension, 6 June, 22 June, 24-26 and 31 Dec)
        (D(2012, 1, 1), D(2012, 12, 31), 250),
        (D(2012, 6, 22), D(2012, 6, 24), 0),  # the midsummer weekend
        (D(2012, 6, 21), D(2012, 6, 21), 1),
    ],
)
def test_working_days_of_an_interval_are_two_look_ups(table, first, last, expected):
    assert count(table, first, last) == expected
