"""Swedish working days (SPEC §5.1), written once per run to `raw.working_days`.

A working day is Monday–Friday and not a public or de-facto holiday (the de-facto ones are
midsommarafton, julafton and nyårsafton). The table carries, for every date, the number of
working days strictly before it, so that the working days of any interval [a, b] are two
look-ups, working_days_before(b + 1) − working_days_before(a), and the sick-leave models
never expand time into one row per day.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import holidays
import polars as pl

# Wide enough for every employment and sick-leave period the warehouse will meet; a look-up
# outside it stops the dbt build with the dates named (dbt_project/macros/working_days.sql).
FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2050, 12, 31)


def holidays_between(first: dt.date, last: dt.date) -> set[dt.date]:
    """Swedish public and de-facto holidays of the years from `first` to `last`."""
    years = range(first.year, last.year + 1)
    return set(holidays.Sweden(categories=("public", "de_facto"), years=years))


def working_days(first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> pl.DataFrame:
    """One row per date: `day`, `is_working_day`, `working_days_before` (working days in [first, day))."""
    off = holidays_between(first, last)
    days, flags, before = [], [], []
    count = 0
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        working = day.weekday() < 5 and day not in off
        days.append(day)
        flags.append(working)
        before.append(count)
        count += working
    return pl.DataFrame(
        {"day": days, "is_working_day": flags, "working_days_before": before},
        schema={"day": pl.Date, "is_working_day": pl.Boolean, "working_days_before": pl.Int64},
    )


def write_working_days(con: duckdb.DuckDBPyConnection) -> int:
    """Replace `raw.working_days` with the calendar from FIRST_DAY to LAST_DAY; return its rows."""
    days = working_days()
    con.register("calendar_days", days)
    con.execute("begin")
    con.execute("delete from raw.working_days")
    con.execute("insert into raw.working_days select day, is_working_day, working_days_before from calendar_days")
    con.execute("commit")
    con.unregister("calendar_days")
    return days.height
