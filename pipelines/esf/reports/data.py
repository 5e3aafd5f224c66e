"""What a project's report shows, read from the marts under disclosure control (SPEC §8.3, §8.4)."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from esf.held import held_files
from esf.reports.charts import Series
from esf.status import newest_dates


@dataclass(frozen=True)
class Shown:
    """A value as the report may show it: None when missing, `hidden` when suppressed."""

    value: float | None
    hidden: bool


def _shown(row) -> Shown:
    return Shown(None, False) if row is None else Shown(row[0], bool(row[1]))


def goal_series(con: duckdb.DuckDBPyConnection, project: str, goal_id: str) -> Series | None:
    """The goal's value over time in its own period type, its target and, for cumulative goals, the expected path."""
    goal = con.execute(
        """select g.indicator_id, g.period_type, g.gender, g.breakdown, g.breakdown_value, g.target,
                  g.compare_with, p.start_date, g.deadline, g.expected_by_now is not null, r.baseline_period,
                  g.as_of_period
           from marts.goal_attainment g join raw.projects p using (project_code)
           join intermediate.int_goal_readings r using (project_code, goal_id)
           where g.project_code = ? and g.goal_id = ?""",
        [project, goal_id],
    ).fetchone()
    (indicator, period_type, gender, breakdown, value, target, compare_with, start, deadline, cumulative,
     baseline, read_period) = goal
    # the series runs up to the period the goal reads (its deadline, or now)
    if indicator == "manual":
        rows = con.execute(
            """select strftime(value_date, '%Y-%m'), value, false from raw.project_goal_values
               where project_code = ? and goal_id = ? and strftime(value_date, '%Y-%m') <= ?
               order by value_date""", [project, goal_id, read_period]).fetchall()
    else:
        rows = con.execute(
            """select period, value, hidden from marts.disclosed_indicator_values
               where project_code = ? and indicator_id = ? and period_type = ? and gender = ?
                 and breakdown is not distinct from ?
                 and lower(trim(breakdown_value)) is not distinct from lower(trim(?))
                 and period <= ?
               order by period""",
            [project, indicator, period_type, gender, breakdown, value, read_period],
        ).fetchall()
    if not rows:
        return None
    labels = [r[0] for r in rows]
    values = [None if r[2] else r[1] for r in rows]
    if compare_with == "baslinje":
        (base,) = con.execute(
            """select value from marts.disclosed_indicator_values where project_code = ? and indicator_id = ?
               and period_type = 'year' and period = ? and gender = ? and breakdown is not distinct from ?""",
            [project, indicator, baseline, gender, breakdown]).fetchone() or (None,)
        target = None if base is None else base * (1 + target / 100)
    expected = None
    if cumulative and period_type in ("project_to_date", None):
        total = (deadline.year - start.year) * 12 + deadline.month - start.month + 1
        expected = []
        for label in labels:
            year, month = int(label[:4]), int(label[5:7])
            months = (year - start.year) * 12 + month - start.month + 1
            expected.append(target * min(months, total) / total)
    return Series(labels=labels, values=values, target=target, expected=expected)


def latest_ptd_period(con: duckdb.DuckDBPyConnection, project: str) -> str | None:
    (period,) = con.execute(
        """select max(period) from marts.disclosed_indicator_values
           where project_code = ? and period_type = 'project_to_date'""", [project]).fetchone()
    return period


def ptd_value(con, project: str, period: str, indicator: str, gender: str = "T",
              breakdown: str | None = None, breakdown_value: str | None = None) -> Shown:
    return _shown(con.execute(
        """select value, hidden from marts.disclosed_indicator_values
           where project_code = ? and period_type = 'project_to_date' and period = ? and indicator_id = ?
             and gender = ? and breakdown is not distinct from ? and breakdown_value is not distinct from ?""",
        [project, period, indicator, gender, breakdown, breakdown_value]).fetchone())


def breakdown_values(con, project: str, period: str, indicator: str, breakdown: str) -> list[str]:
    return [r[0] for r in con.execute(
        """select distinct breakdown_value from marts.disclosed_indicator_values
           where project_code = ? and period_type = 'project_to_date' and period = ? and indicator_id = ?
             and breakdown = ? order by 1""", [project, period, indicator, breakdown]).fetchall()]


def data_quality(con: duckdb.DuckDBPyConnection) -> dict:
    """The appendix: files per source and status, the held deliveries with their check (SPEC §8.5),
    quarantined rows by reason, newest date per source."""
    files = con.execute(
        """select source, count(*) filter (where status = 'loaded'), count(*) filter (where status = 'duplicate'),
                  count(*) filter (where status = 'rejected'),
                  coalesce(sum(rows_loaded) filter (where status = 'loaded'), 0),
                  coalesce(sum(rows_quarantined) filter (where status in ('loaded', 'held')), 0)
           from meta.files group by source order by source""").fetchall()
    reasons = con.execute(
        "select source, reason, count(*) from meta.quarantine group by all order by source, reason").fetchall()
    return {"files": files, "held": held_files(con), "reasons": reasons, "newest": newest_dates(con)}


def definitions(con: duckdb.DuckDBPyConnection, indicators: set[str]) -> list[tuple[str, str]]:
    rows = con.execute("select indicator_id, name_sv, definition from marts.indicator_catalog order by name_sv").fetchall()
    return [(name, definition) for ind, name, definition in rows if ind in indicators]
