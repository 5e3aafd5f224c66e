"""Reporting months as Dagster partitions, and the `as_of` a run of one month uses (SPEC §8.3).

The report for month M is computed with `as_of` = the last day of M, or the run's own date
while M is the current month (a draft). A run's partition is its reporting month: the nightly
run and `esf run` take the month holding their date, the monthly schedule the month before.
"""

from __future__ import annotations

import calendar
import datetime as dt

import dagster as dg

# The first month a report can be asked for; end_offset=1 adds the current, unfinished month.
FIRST_MONTH = "2010-01-01"
REPORT_MONTHS = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, end_offset=1, timezone="Europe/Stockholm")
PARTITION_TAG = "dagster/partition"


def month_key(day: dt.date) -> str:
    """The partition key of the month holding `day` (Dagster's monthly keys are the first day)."""
    return day.replace(day=1).isoformat()


def previous_month_key(day: dt.date) -> str:
    return month_key(day.replace(day=1) - dt.timedelta(days=1))


def month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def run_as_of(partition_key: str | None, today: dt.date) -> dt.date:
    """The `as_of` of a run: `today` (the run's date or --as-of) without a partition or while the
    partition's month is current; the month's last day once it has ended."""
    if partition_key is None:
        return today
    first = dt.date.fromisoformat(partition_key)
    if today < first:
        raise ValueError(f"the reporting month {first:%Y-%m} has not started on {today.isoformat()}")
    return min(today, month_end(first))
