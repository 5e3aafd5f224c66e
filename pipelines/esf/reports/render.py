"""Write one Swedish report per project for the reporting month, as HTML and PDF (SPEC §8.3).

The report holds the goal table with each status, a chart per goal, participants and
exits, the gender split, activities, surveys, the sick-leave or income-support trend
where the project has that population, and an appendix on data quality and definitions.
Everything shown passes the disclosure control of marts.disclosed_indicator_values.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from esf.partitions import month_end
from esf.reports import data, swedish
from esf.reports.charts import goal_chart

REPORT_FILE = "rapport.html"
PDF_FILE = "rapport.pdf"
# Beside each report: its month, as_of, whether it is a draft and a digest of the HTML (for delivery).
ABOUT_FILE = "rapport.json"
INDEX_FILE = "index.html"


@dataclass(frozen=True)
class GoalRow:
    goal_id: str
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
    chart: str | None
    previous: str  # the status in the previous month's report, as symbol and text


# The yearly trend shown where the project has the population (SPEC §8.3).
TREND_INDICATORS = ["sick_leave_rate", "short_term_sick_leave_rate", "income_support_households",
                    "long_term_income_support_share"]


def reporting_month(as_of: dt.date) -> tuple[dt.date, bool]:
    """The month a run reports on (the month holding as_of) and whether the report is a draft
    (as_of before the month's last day)."""
    first = as_of.replace(day=1)
    return first, as_of < month_end(first)


def _previous_statuses(con: duckdb.DuckDBPyConnection, project: str, month: dt.date) -> dict[str, str]:
    """Each goal's status in the previous report: the latest successful run reporting on an earlier month."""
    rows = con.execute(
        """select goal_id, status from marts.goal_status_history
           where project_code = ? and run_id = (
               select r.run_id from meta.runs r
               where r.status = 'succeeded' and r.as_of < ?
               order by r.as_of desc, r.started_at desc limit 1)""",
        [project, month],
    ).fetchall()
    return {goal: f"{swedish.STATUS[status][0]} {swedish.STATUS[status][1]}" for goal, status in rows}


def breakdown_label(breakdown: str, value: str, questions: dict[str, str]) -> str:
    """A breakdown value in Swedish: a survey question's text from the project file, the label of an
    activity type or exit reason; insats and roll values as the registers write them."""
    if breakdown == "question":
        return questions.get(value.strip().lower(), value)
    if breakdown == "activity_type":
        return swedish.label(swedish.ACTIVITY_TYPE, value)
    if breakdown == "exit_reason":
        return swedish.label(swedish.EXIT_REASON, value)
    return value


def _goal_rows(con: duckdb.DuckDBPyConnection, project: str, month: dt.date, questions: dict[str, str]) -> list[GoalRow]:
    previous = _previous_statuses(con, project, month)
    rows = con.execute(
        """select g.goal_id, g.goal_text, coalesce(c.name_sv, 'Manuellt mål'), g.breakdown, g.breakdown_value, g.gender,
                  g.direction, g.target, g.actual, g.expected_by_now, g.as_of_period, g.period_type, g.status, g.comment,
                  g.n_persons, c.unit, g.compare_with = 'baslinje'
           from marts.goal_attainment g left join marts.indicator_catalog c using (indicator_id)
           where g.project_code = ? order by g.goal_order""",
        [project],
    ).fetchall()
    out = []
    for (goal_id, text, indicator, breakdown, value, gender, direction, target, actual, expected, period, period_type,
         status, comment, n_persons, unit, relative) in rows:
        symbol, status_text = swedish.STATUS[status]
        unit = "percent" if relative else unit
        hidden = swedish.is_hidden(n_persons)
        series = data.goal_series(con, project, goal_id)
        y_label = "procent" if unit == "percent" else ("antal" if unit in (None, "count") else unit)
        chart = None if series is None else goal_chart(
            series, title=f"{text}: utfall över tid",
            description=f"{indicator}, utfall per period mot målvärdet {swedish.with_unit(target, unit)}"
            + (" och den förväntade utvecklingen" if series.expected else "") + ".",
            y_label=y_label)
        out.append(GoalRow(
            goal_id=goal_id,
            text=text,
            indicator=indicator + (" (förändring mot basåret)" if relative else ""),
            breakdown=f"{swedish.BREAKDOWN[breakdown]}: {breakdown_label(breakdown, value, questions)}" if breakdown else "",
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
            chart=chart,
            previous=previous.get(goal_id, "–"),
        ))
    return out


def _fmt(shown: data.Shown, unit: str) -> str:
    return swedish.SUPPRESSED if shown.hidden else swedish.with_unit(shown.value, unit)


def _sections(con: duckdb.DuckDBPyConnection, project: str, questions: dict[str, str], as_of: dt.date) -> dict:
    """Participants and exits, gender split, activities, surveys and trends at the latest month."""
    period = data.latest_ptd_period(con, project)
    if period is None:
        return {"period": None}
    genders = [("T", "Totalt"), ("K", "Kvinnor"), ("M", "Män")]
    participants = [
        (label, _fmt(data.ptd_value(con, project, period, "participants", g), "count"),
         _fmt(data.ptd_value(con, project, period, "starts", g), "count"),
         _fmt(data.ptd_value(con, project, period, "finished_participants", g), "count"),
         _fmt(data.ptd_value(con, project, period, "share_to_work_or_studies", g), "percent"))
        for g, label in genders
    ]
    exits = [(swedish.EXIT_REASON[r], _fmt(data.ptd_value(con, project, period, "exit_reason_share", "T", "exit_reason", r), "percent"))
             for r in swedish.EXIT_REASON]
    activities = [(swedish.label(swedish.ACTIVITY_TYPE, t), _fmt(data.ptd_value(con, project, period, "activities_held", "T", "activity_type", t), "count"),
                   _fmt(data.ptd_value(con, project, period, "activity_attendees", "T", "activity_type", t), "count"))
                  for t in data.breakdown_values(con, project, period, "activities_held", "activity_type")]
    surveys = [(breakdown_label("question", q, questions), _fmt(data.ptd_value(con, project, period, "survey_agree_share", "T", "question", q), "percent"))
               for q in data.breakdown_values(con, project, period, "survey_agree_share", "question")]
    trends = []
    for indicator in TREND_INDICATORS:
        rows = con.execute(
            """select v.period, v.value, v.hidden, c.name_sv, c.unit from marts.disclosed_indicator_values v
               join marts.indicator_catalog c using (indicator_id)
               where v.project_code = ? and v.indicator_id = ? and v.period_type = 'year' and v.gender = 'T'
                 and v.breakdown is null order by v.period""", [project, indicator]).fetchall()
        if rows:
            # the year holding as_of is not over: say so, since a yearly share reads low until it is
            trends.append((rows[0][3], [(p + (f" (t.o.m. {swedish.month(as_of).rsplit(' ', 1)[0]})" if p == str(as_of.year) else ""),
                                         swedish.SUPPRESSED if h else swedish.with_unit(v, u)) for p, v, h, _, u in rows]))
    return {"period": swedish.period(period, "project_to_date"), "participants": participants, "exits": exits,
            "activities": activities, "surveys": surveys, "trends": trends}


def write_reports(warehouse_file: Path, reports_dir: Path, as_of: dt.date) -> list[Path]:
    """Render every project's report for the month holding `as_of`; return the files written."""
    env = Environment(loader=PackageLoader("esf.reports"), autoescape=select_autoescape(), trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("rapport.html.j2")
    month, draft = reporting_month(as_of)
    written = []
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        projects = con.execute(
            "select project_code, name, owner, start_date, end_date, survey_questions from raw.projects order by project_code"
        ).fetchall()
        quality = data.data_quality(con)
        for code, name, owner, start, end, survey_questions in projects:
            if start > month_end(month):
                continue  # no report for a month before the project began; the index says when it starts
            questions = json.loads(survey_questions or "{}")
            goals = _goal_rows(con, code, month, questions)
            indicators = {r[0] for r in con.execute(
                "select distinct indicator_id from marts.goal_attainment where project_code = ?", [code]).fetchall()}
            html = template.render(
                code=code, name=name, owner=owner, start=swedish.date(start), end=swedish.date(end),
                month=swedish.month(month), as_of=swedish.date(as_of), draft=draft, goals=goals,
                any_hidden=any(g.hidden for g in goals), statuses=swedish.STATUS,
                sections=_sections(con, code, questions, as_of), quality=_quality_in_swedish(quality),
                definitions=data.definitions(con, indicators), suppressed=swedish.SUPPRESSED,
            )
            folder = reports_dir / code / f"{month:%Y-%m}"
            _write(folder / REPORT_FILE, html.encode())
            _write(folder / PDF_FILE, _pdf(html))
            about = {"project": code, "month": f"{month:%Y-%m}", "as_of": as_of.isoformat(), "draft": draft,
                     "sha256": hashlib.sha256(html.encode()).hexdigest()}
            _write(folder / ABOUT_FILE, json.dumps(about, indent=2).encode())
            written.append(folder / REPORT_FILE)
        index = env.get_template("index.html.j2").render(
            as_of=swedish.date(as_of),
            projects=[_index_entry(con, reports_dir, code, name, start if start > month_end(month) else None)
                      for code, name, _owner, start, *_ in projects])
        _write(reports_dir / INDEX_FILE, index.encode())
    return written


def _quality_in_swedish(quality: dict) -> dict:
    return {
        "files": [(swedish.label(swedish.SOURCE, r[0]), *r[1:]) for r in quality["files"]],
        "held": [(f.path, swedish.label(swedish.SOURCE, f.source), f.reason) for f in quality["held"]],
        "reasons": [(swedish.label(swedish.SOURCE, s), swedish.label(swedish.REASON, r), n) for s, r, n in quality["reasons"]],
        "newest": [(swedish.label(swedish.SOURCE, s), swedish.date(d) if d else None) for s, d in quality["newest"]],
    }


def report_records(reports_dir: Path, project: str = "*") -> list[dict]:
    """What was recorded beside each report on disk (ABOUT_FILE) with its `folder`, oldest month first."""
    records = [json.loads(p.read_text(encoding="utf-8")) | {"folder": p.parent}
               for p in reports_dir.glob(f"{project}/*/{ABOUT_FILE}")]
    return sorted(records, key=lambda r: (r["month"], r["project"]))


def _pdf(html: str) -> bytes:
    """The same page as a tagged PDF/UA document; WeasyPrint takes its language and title from the HTML."""
    from weasyprint import HTML  # loads Pango: only when a report is written

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _write(target: Path, content: bytes) -> None:
    """Write next to the target and rename, so a reader never sees half a report."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)


def _index_entry(con: duckdb.DuckDBPyConnection, reports_dir: Path, code: str, name: str,
                 starts: dt.date | None) -> dict:
    """A project's line in the index: its goals per status now (or when it starts, if later than
    the reporting month), and every report on disk, newest first."""
    counts = dict(con.execute(
        "select status, count(*) from marts.goal_attainment where project_code = ? group by 1", [code]).fetchall())
    statuses = [(f"{symbol} {text}", counts[key]) for key, (symbol, text) in swedish.STATUS.items() if key in counts]
    reports = [(swedish.month(dt.date.fromisoformat(a["month"] + "-01")) + (" (utkast)" if a["draft"] else ""),
                f"{code}/{a['month']}/{REPORT_FILE}", f"{code}/{a['month']}/{PDF_FILE}")
               for a in reversed(report_records(reports_dir, code))]
    return {"name": name, "statuses": statuses, "reports": reports, "starts": swedish.date(starts) if starts else None}
