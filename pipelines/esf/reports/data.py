"""What a project's report shows, read from the published marts and meta tables only (SPEC §8.3, §8.4).

The marts decide every figure and what is hidden; these functions only fetch them.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from esf.reports.charts import Series

# The marts the report reads (SPEC §7 and the report's own marts); the Dagster asset declares them.
REPORT_MARTS = [
    "projects",
    "goal_attainment",
    "goal_series",
    "report_figures",
    "indicator_catalog",
    "data_coverage",
    "esf_indicator_table",
    "effect_estimates",
    "project_files",
]


@dataclass(frozen=True)
class Figure:
    """One cell of a report table as marts.report_figures holds it."""

    section: str
    rows: str  # gender, year or a breakdown
    indicator: str
    name: str
    unit: str
    row: str  # the gender, the year or the breakdown value
    value: float | None
    hidden: bool
    hidden_reason: str | None


def projects(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        """select project_code, project_name, owner, start_date, end_date, follow_up_last_month, survey_questions,
                  programme_names
           from marts.projects order by project_code"""
    ).fetchall()


def goals(con: duckdb.DuckDBPyConnection, project: str) -> list[tuple]:
    """The goal table: each goal as marts.goal_attainment discloses it, in the file's order."""
    return con.execute(
        """select g.goal_id, g.goal_text, coalesce(c.name_sv, 'Manuellt mål'), g.breakdown, g.breakdown_value, g.gender,
                  g.direction, g.target, g.shown_actual, g.hidden, g.hidden_reason, g.expected_by_now, g.as_of_period,
                  g.period_type, g.status, g.comment, c.unit, g.compare_with = 'baslinje', g.past_the_data
           from marts.goal_attainment g left join marts.indicator_catalog c using (indicator_id)
           where g.project_code = ? order by g.goal_order""",
        [project],
    ).fetchall()


def goal_series(con: duckdb.DuckDBPyConnection, project: str, goal_id: str) -> tuple[Series, str | None, set[str]]:
    """The goal's chart as marts.goal_series holds it: the series, its unit and the reasons of hidden points."""
    rows = con.execute(
        """select period, value, hidden, hidden_reason, target_value, expected_value, unit
           from marts.goal_series where project_code = ? and goal_id = ? order by period_end, period""",
        [project, goal_id],
    ).fetchall()
    target = next((r[4] for r in rows if r[4] is not None), None)
    expected = [r[5] for r in rows] if any(r[5] is not None for r in rows) else None
    series = Series(labels=[r[0] for r in rows], values=[r[1] for r in rows], target=target, expected=expected)
    unit = rows[0][6] if rows else None
    return series, unit, {r[3] for r in rows if r[2] and r[3]}


def figures(con: duckdb.DuckDBPyConnection, project: str) -> list[Figure]:
    """Every cell of the report's tables, in the catalog's column order."""
    rows = con.execute(
        """select f.report_section, f.report_rows, f.indicator_id, c.name_sv, f.unit,
                  case f.report_rows when 'gender' then f.gender when 'year' then f.period else f.breakdown_value end,
                  f.value, f.hidden, f.hidden_reason
           from marts.report_figures f join marts.indicator_catalog c using (indicator_id)
           where f.project_code = ? order by f.catalog_order, 6""",
        [project],
    ).fetchall()
    return [Figure(*r) for r in rows]


@dataclass(frozen=True)
class EffectRow:
    """One estimate of marts.effect_estimates (SPEC §5.5) as the report may show it."""

    indicator: str
    name: str
    unit: str
    period: str
    gender: str
    units: int
    matched_units: int
    unmatched_units: int
    units_change: float | None
    comparison_change: float | None
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    n_persons: int
    n_comparison_persons: int
    hidden: bool
    hidden_reason: str | None


def effect_estimates(con: duckdb.DuckDBPyConnection, project: str) -> list[EffectRow]:
    """The whole project's estimates (T, K, M) of the latest project_to_date month that has one,
    per indicator in catalog order."""
    rows = con.execute(
        """select e.indicator_id, c.name_sv, c.unit, e.period, e.gender, e.units, e.matched_units, e.unmatched_units,
                  e.units_change, e.comparison_change, e.effect, e.ci_low, e.ci_high, e.n_persons,
                  e.n_comparison_persons, e.hidden, e.hidden_reason
           from marts.effect_estimates e join marts.indicator_catalog c using (indicator_id)
           where e.project_code = ? and e.period_type = 'project_to_date' and e.breakdown is null
           qualify e.period = max(e.period) over (partition by e.indicator_id)
           order by e.indicator_id, case e.gender when 'T' then 0 when 'K' then 1 else 2 end""",
        [project],
    ).fetchall()
    return [EffectRow(*r) for r in rows]


def latest_ptd_period(con: duckdb.DuckDBPyConnection, project: str) -> str | None:
    """The month the report's tables from project start run to."""
    (period,) = con.execute(
        """select max(period) from marts.report_figures
           where project_code = ? and period_type = 'project_to_date'""",
        [project],
    ).fetchone()
    return period


def coverage(con: duckdb.DuckDBPyConnection, project: str) -> list[tuple[str, object]]:
    """(source, data_through) of every source that concerns the project and that indicators rest on
    (marts.data_coverage; an employment extract's dates say little of how far it reaches)."""
    return con.execute(
        """select source, data_through from marts.data_coverage
           where project_code = ? and source in (select data_source from marts.indicator_catalog)
           order by source""",
        [project],
    ).fetchall()


def esf_table(con: duckdb.DuckDBPyConnection, project: str) -> list[tuple]:
    """The ESF+ table (SPEC §5.7) as marts.esf_indicator_table discloses it, for the scopes the
    report shows (the reporting year and the project to date): (period_type, period,
    indicator_name, breakdown, row_label, women, women_hidden, men, men_hidden, total,
    total_hidden, hidden_reason), in the table's order, the year before the project to date."""
    return con.execute(
        """select period_type, period, indicator_name, breakdown, row_label, women, women_hidden, men, men_hidden,
                  total, total_hidden, hidden_reason
           from marts.esf_indicator_table where project_code = ? and in_report
           order by catalog_order, code_order, period_type = 'project_to_date'""",
        [project],
    ).fetchall()


def data_quality(con: duckdb.DuckDBPyConnection, project: str) -> dict:
    """The appendix, of the files that concern the project (marts.project_files): files per source and
    status, the held deliveries with their check (SPEC §8.5), quarantined rows by reason, the newest
    date per source, and how many files were delivered for others."""
    files = con.execute(
        """select source, count(*) filter (where status = 'loaded'), count(*) filter (where status = 'duplicate'),
                  count(*) filter (where status = 'rejected'),
                  coalesce(sum(rows_loaded) filter (where status = 'loaded'), 0),
                  coalesce(sum(rows_quarantined) filter (where status in ('loaded', 'held')), 0)
           from marts.project_files where project_code = ? group by source order by source""",
        [project],
    ).fetchall()
    held = con.execute(
        """select path, source, reason from marts.project_files where project_code = ? and status = 'held'
           order by file_id""",
        [project],
    ).fetchall()
    reasons = con.execute(
        """select q.source, q.reason, count(*) from meta.quarantine q
           where q.file_id in (select file_id from marts.project_files where project_code = ?)
           group by all order by 1, 2""",
        [project],
    ).fetchall()
    (others,) = con.execute(
        """select count(*) from meta.files
           where file_id not in (select file_id from marts.project_files where project_code = ?)""",
        [project],
    ).fetchone()
    newest = con.execute(
        "select source, newest_date from marts.data_coverage where project_code = ? order by source", [project]
    ).fetchall()
    return {"files": files, "held": held, "reasons": reasons, "newest": newest, "others": others}


def definitions(con: duckdb.DuckDBPyConnection, indicators: set[str]) -> list[tuple[str, str]]:
    rows = con.execute(
        "select indicator_id, name_sv, definition from marts.indicator_catalog order by name_sv"
    ).fetchall()
    return [(name, definition) for ind, name, definition in rows if ind in indicators]
