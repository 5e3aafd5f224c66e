"""Write one Swedish HTML report per project for the reporting month (SPEC §8.3).

This first report holds the goal table with each status; the charts, the before/after
views, the appendix and the PDF come with the report issue.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from esf.reports import swedish

REPORT_FILE = "rapport.html"


@dataclass(frozen=True)
class GoalRow:
    text: str
    indicator: str
    breakdown: str
    gender: str
    target: str
    actual: str
    expected: str
    period: str
    status: str
    symbol: str
    status_text: str
    comment: str
    hidden: bool


def reporting_month(as_of: dt.date) -> tuple[dt.date, bool]:
    """The month a run reports on (the month holding as_of) and whether the report is a draft
    (as_of before the month's last day)."""
    last = as_of.replace(day=calendar.monthrange(as_of.year, as_of.month)[1])
    return as_of.replace(day=1), as_of < last


def _goal_rows(con: duckdb.DuckDBPyConnection, project: str) -> list[GoalRow]:
    rows = con.execute(
        """select g.goal_text, coalesce(c.name_sv, 'Manuellt mål'), g.breakdown, g.breakdown_value, g.gender,
                  g.direction, g.target, g.actual, g.expected_by_now, g.as_of_period, g.period_type, g.status, g.comment,
                  g.n_persons, c.unit, g.compare_with = 'baslinje'
           from marts.goal_attainment g left join marts.indicator_catalog c using (indicator_id)
           where g.project_code = ? order by g.goal_order""",
        [project],
    ).fetchall()
    out = []
    for (text, indicator, breakdown, value, gender, direction, target, actual, expected, period, period_type,
         status, comment, n_persons, unit, relative) in rows:
        symbol, status_text = swedish.STATUS[status]
        unit = "percent" if relative else unit
        hidden = swedish.is_hidden(n_persons)
        out.append(GoalRow(
            text=text,
            indicator=indicator + (" (förändring mot basåret)" if relative else ""),
            breakdown=f"{swedish.BREAKDOWN[breakdown]}: {value}" if breakdown else "",
            gender=swedish.GENDER[gender],
            target=f"{'minst' if direction == '>=' else 'högst'} {swedish.with_unit(target, unit)}",
            actual=swedish.SUPPRESSED if hidden else swedish.with_unit(actual, unit),
            expected=swedish.with_unit(expected, unit),
            period=swedish.period(period, period_type),
            status=status,
            symbol=symbol,
            status_text=status_text,
            comment=comment or "",
            hidden=hidden,
        ))
    return out


def write_reports(warehouse_file: Path, reports_dir: Path, as_of: dt.date) -> list[Path]:
    """Render every project's report for the month holding `as_of`; return the files written."""
    env = Environment(loader=PackageLoader("esf.reports"), autoescape=select_autoescape(), trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("rapport.html.j2")
    month, draft = reporting_month(as_of)
    written = []
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        projects = con.execute(
            "select project_code, name, owner, start_date, end_date from raw.projects order by project_code"
        ).fetchall()
        for code, name, owner, start, end in projects:
            goals = _goal_rows(con, code)
            html = template.render(
                code=code, name=name, owner=owner, start=swedish.date(start), end=swedish.date(end),
                month=swedish.month(month), as_of=swedish.date(as_of), draft=draft, goals=goals,
                any_hidden=any(g.hidden for g in goals), statuses=swedish.STATUS,
            )
            target = reports_dir / code / f"{month:%Y-%m}" / REPORT_FILE
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_text(html, encoding="utf-8")
            os.replace(tmp, target)
            written.append(target)
    return written
