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
from esf.reports import data, effect, swedish
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
    hidden_reason: str | None  # the disclosure rule that hid the actual (code list disclosure)
    chart: str | None
    no_chart: str  # why there is no chart, in Swedish, when there is none
    previous: str  # the status in the previous month's report, as symbol and text


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
    """A breakdown value in Swedish: a survey question's text from the project file, the label of a
    code list (activity types, exit reasons, roles, age groups); insats values as the registers write them."""
    if breakdown == "question":
        return questions.get(value.strip().lower(), value)
    lists = {"activity_type": swedish.ACTIVITY_TYPE, "exit_reason": swedish.EXIT_REASON, "roll": swedish.ROLE,
             "age_group": swedish.AGE_GROUP}
    return swedish.label(lists[breakdown], value) if breakdown in lists else value


def _goal_chart(con: duckdb.DuckDBPyConnection, project: str, goal_id: str, text: str, indicator: str,
                target_text: str) -> tuple[str | None, str]:
    """The goal's chart from marts.goal_series, or None and a Swedish sentence saying why there is none."""
    series, unit, hidden_reasons = data.goal_series(con, project, goal_id)
    if not any(v is not None for v in series.values):
        if hidden_reasons:
            why = " och ".join(swedish.DISCLOSURE[r] for r in sorted(hidden_reasons))
            return None, f"Inget diagram: värdena visas inte eftersom de bygger på {why}."
        return None, "Inget diagram: det finns ännu inga värden för målet."
    chart = goal_chart(
        series, title=f"{text}: utfall över tid",
        description=f"{indicator}, utfall per period mot målvärdet {target_text}"
        + (" och den förväntade utvecklingen" if series.expected else "") + ".",
        y_label=swedish.unit_label(unit))
    return chart, ""


def _goal_rows(con: duckdb.DuckDBPyConnection, project: str, month: dt.date, questions: dict[str, str]) -> list[GoalRow]:
    previous = _previous_statuses(con, project, month)
    out = []
    for (goal_id, text, indicator, breakdown, value, gender, direction, target, actual, hidden, hidden_reason,
         expected, period, period_type, status, comment, unit, relative) in data.goals(con, project):
        symbol, status_text = swedish.STATUS[status]
        unit = "percent" if relative else unit
        target_text = swedish.with_unit(target, unit)
        chart, no_chart = _goal_chart(con, project, goal_id, text, indicator, target_text)
        out.append(GoalRow(
            goal_id=goal_id,
            text=text,
            indicator=indicator + (" (förändring mot basåret)" if relative else ""),
            breakdown=f"{swedish.BREAKDOWN[breakdown]}: {breakdown_label(breakdown, value, questions)}" if breakdown else "",
            gender=swedish.GENDER[gender],
            target=f"{'minst' if direction == '>=' else 'högst'} {target_text}",
            actual=swedish.shown(actual, hidden, unit),
            expected=swedish.with_unit(expected, unit),
            period=swedish.period(period, period_type),
            status=status,
            symbol=symbol,
            status_text=status_text,
            comment=comment or "",
            hidden_reason=hidden_reason if hidden else None,
            chart=chart,
            no_chart=no_chart,
            previous=previous.get(goal_id, "–"),
        ))
    return out


@dataclass(frozen=True)
class FigureTable:
    """A report table: a header per indicator (name and unit), a row per gender, year or breakdown value."""

    section: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


def _row_label(rows: str, code: str, questions: dict[str, str], as_of: dt.date) -> str:
    if rows == "gender":
        return swedish.GENDER[code]
    if rows == "year":
        # the year holding as_of is not over: say so, since a yearly share reads low until it is
        return code + (f" (t.o.m. {swedish.month(as_of).rsplit(' ', 1)[0]})" if code == str(as_of.year) else "")
    return breakdown_label(rows, code, questions)


def _row_order(rows: str, code: str) -> tuple:
    order = {"gender": swedish.GENDER, "exit_reason": swedish.EXIT_REASON}.get(rows)
    return (list(order).index(code) if order and code in order else len(order or ()), code)


def _tables(con: duckdb.DuckDBPyConnection, project: str, questions: dict[str, str], as_of: dt.date) -> list[FigureTable]:
    """The report's tables from marts.report_figures, one per section of the catalog, in the code list's order."""
    figures = data.figures(con, project)
    tables = []
    for section, caption in swedish.REPORT_SECTION.items():
        cells = [f for f in figures if f.section == section]
        if not cells or section == effect.SOCIO_ECONOMIC:  # the effect section shows it
            continue
        rows = cells[0].rows
        indicators = list(dict.fromkeys(f.indicator for f in cells))
        heads = {f.indicator: f"{f.name} ({swedish.unit_label(f.unit)})" for f in cells}
        by_row: dict[str, dict[str, str]] = {}
        for f in cells:
            by_row.setdefault(f.row, {})[f.indicator] = swedish.shown(f.value, f.hidden, f.unit)
        ordered = sorted(by_row, key=lambda code: _row_order(rows, code))
        tables.append(FigureTable(
            section=section, caption=caption,
            row_header=swedish.GENDER_HEADER if rows == "gender" else "År" if rows == "year" else swedish.BREAKDOWN[rows],
            columns=[heads[i] for i in indicators],
            rows=[(_row_label(rows, code, questions, as_of), [by_row[code].get(i, "") for i in indicators])
                  for code in ordered]))
    return tables


def _hidden_note(reasons: set[str]) -> str:
    """The footnote for `–` (SPEC §8.4), naming the rules that hid values."""
    if not reasons:
        return ""
    rules = " eller ".join(swedish.DISCLOSURE[r] for r in sorted(reasons))
    return f"{swedish.SUPPRESSED} = värdet visas inte eftersom det bygger på {rules}; när kvinnor eller män döljs, döljs båda."


def write_reports(warehouse_file: Path, reports_dir: Path, as_of: dt.date) -> list[Path]:
    """Render every project's report for the month holding `as_of`; return the files written."""
    env = Environment(loader=PackageLoader("esf.reports"), autoescape=select_autoescape(), trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("rapport.html.j2")
    month, draft = reporting_month(as_of)
    written = []
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        projects = data.projects(con)
        for code, name, owner, start, end, survey_questions in projects:
            if start > month_end(month):
                continue  # no report for a month before the project began; the index says when it starts
            questions = json.loads(survey_questions or "{}")
            goals = _goal_rows(con, code, month, questions)
            tables = _tables(con, code, questions, as_of)
            table_reasons = {f.hidden_reason for f in data.figures(con, code)
                             if f.hidden and f.hidden_reason and f.section != effect.SOCIO_ECONOMIC}
            indicators = {r[0] for r in con.execute(
                "select distinct indicator_id from marts.goal_attainment where project_code = ?", [code]).fetchall()}
            ptd = data.latest_ptd_period(con, code)
            html = template.render(
                code=code, name=name, owner=owner, start=swedish.date(start), end=swedish.date(end),
                month=swedish.month(month), as_of=swedish.date(as_of), draft=draft, goals=goals,
                goals_note=_hidden_note({g.hidden_reason for g in goals if g.hidden_reason}), statuses=swedish.STATUS,
                tables=tables, tables_period=swedish.period(ptd, "project_to_date") if ptd else None,
                tables_note=_hidden_note(table_reasons), quality=_quality_in_swedish(data.data_quality(con, code)),
                definitions=data.definitions(con, indicators),
                effect_outcomes=effect.outcomes(con, code), effect_columns=effect.COLUMNS,
                socio_economic=effect.socio_economic(con, code),
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
    return {"name": name, "statuses": statuses, "reports": reports, "starts_on": swedish.date(starts) if starts else None}
