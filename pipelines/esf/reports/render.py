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
from collections import Counter
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
    past_the_data: bool  # the period read begins after the data of its source reaches
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


@dataclass(frozen=True)
class ProjectNames:
    """What the project file names: its survey questions (enkatfragor) and programmes (insatser)."""

    questions: dict[str, str]
    programmes: dict[str, str]


def breakdown_label(breakdown: str, value: str, names: ProjectNames) -> str:
    """A breakdown value in Swedish: a survey question's or a programme's name from the project file,
    the label of a code list (activity types, exit reasons, roles, age groups), else the code with
    spaces for underscores and a capital first letter."""
    key = value.strip().lower()
    if breakdown == "question":
        return names.questions.get(key, value)
    if breakdown == "insats" and key in names.programmes:
        return names.programmes[key]
    lists = {
        "activity_type": swedish.ACTIVITY_TYPE,
        "exit_reason": swedish.EXIT_REASON,
        "roll": swedish.ROLE,
        "age_group": swedish.AGE_GROUP,
    }
    if breakdown in lists and key in lists[breakdown]:
        return lists[breakdown][key]
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def _goal_chart(
    con: duckdb.DuckDBPyConnection, project: str, goal_id: str, text: str, indicator: str, target_text: str
) -> tuple[str | None, str]:
    """The goal's chart from marts.goal_series, or None and a Swedish sentence saying why there is none."""
    series, unit, hidden_reasons = data.goal_series(con, project, goal_id)
    if not any(v is not None for v in series.values):
        if hidden_reasons:
            why = " och ".join(swedish.DISCLOSURE[r] for r in sorted(hidden_reasons))
            return None, f"Inget diagram: värdena visas inte eftersom de bygger på {why}."
        return None, "Inget diagram: det finns ännu inga värden för målet."
    chart = goal_chart(
        series,
        title=f"{text}: utfall över tid",
        description=f"{indicator}, utfall per period mot målvärdet {target_text}"
        + (" och den förväntade utvecklingen" if series.expected else "")
        + ".",
        y_label=swedish.unit_label(unit),
    )
    return chart, ""


def _goal_rows(con: duckdb.DuckDBPyConnection, project: str, month: dt.date, names: ProjectNames) -> list[GoalRow]:
    previous = _previous_statuses(con, project, month)
    out = []
    for (
        goal_id,
        text,
        indicator,
        breakdown,
        value,
        gender,
        direction,
        target,
        actual,
        hidden,
        hidden_reason,
        expected,
        period,
        period_type,
        status,
        comment,
        unit,
        relative,
        past_the_data,
    ) in data.goals(con, project):
        symbol, status_text = swedish.STATUS[status]
        unit = "percent" if relative else unit
        target_text = swedish.with_unit(target, unit)
        chart, no_chart = _goal_chart(con, project, goal_id, text, indicator, target_text)
        out.append(
            GoalRow(
                goal_id=goal_id,
                text=text,
                indicator=indicator + (" (förändring mot basåret)" if relative else ""),
                breakdown=f"{swedish.BREAKDOWN[breakdown]}: {breakdown_label(breakdown, value, names)}"
                if breakdown
                else "",
                gender=swedish.GENDER[gender],
                target=f"{'minst' if direction == '>=' else 'högst'} {target_text}",
                actual=swedish.shown(actual, hidden, unit),
                expected=swedish.with_unit(expected, unit),
                period=swedish.period(period, period_type),
                past_the_data=bool(past_the_data),
                status=status,
                symbol=symbol,
                status_text=status_text,
                comment=comment or "",
                hidden_reason=hidden_reason if hidden else None,
                chart=chart,
                no_chart=no_chart,
                previous=previous.get(goal_id, "–"),
            )
        )
    return out


@dataclass(frozen=True)
class FigureTable:
    """A report table: a header per indicator (name and unit), a row per gender, year or breakdown value."""

    section: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


def _row_label(rows: str, code: str, names: ProjectNames, as_of: dt.date) -> str:
    if rows == "gender":
        return swedish.GENDER[code]
    if rows == "year":
        # the year holding as_of is not over: say so, since a yearly share reads low until it is
        return code + (f" (t.o.m. {swedish.month(as_of).rsplit(' ', 1)[0]})" if code == str(as_of.year) else "")
    return breakdown_label(rows, code, names)


def _row_order(rows: str, code: str) -> tuple:
    order = {"gender": swedish.GENDER, "exit_reason": swedish.EXIT_REASON}.get(rows)
    return (list(order).index(code) if order and code in order else len(order or ()), code)


def _tables(con: duckdb.DuckDBPyConnection, project: str, names: ProjectNames, as_of: dt.date) -> list[FigureTable]:
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
        tables.append(
            FigureTable(
                section=section,
                caption=caption,
                row_header=swedish.GENDER_HEADER
                if rows == "gender"
                else "År"
                if rows == "year"
                else swedish.BREAKDOWN[rows],
                columns=[heads[i] for i in indicators],
                rows=[
                    (_row_label(rows, code, names, as_of), [by_row[code].get(i, "") for i in indicators])
                    for code in ordered
                ],
            )
        )
    return tables


def coverage_notes(con: duckdb.DuckDBPyConnection, project: str, month: dt.date) -> list[str]:
    """ "Uppgifter om sjukfrånvaro finns t.o.m. 31 december 2014." for each source whose data ends
    before the reporting month."""
    return [
        f"Uppgifter om {swedish.SOURCE[source].lower()} finns t.o.m. {swedish.date(through)}."
        for source, through in data.coverage(con, project)
        if through is not None and through < month
    ]


def _esf_section(con: duckdb.DuckDBPyConnection, project: str, as_of: dt.date) -> dict | None:
    """The ESF+ participant tables (SPEC §8.3, §5.7) from marts.esf_indicator_table: one per
    indicator, a row per characteristic or result, Kvinnor, Män and Totalt for the reporting
    year and then for the project to date."""
    rows = data.esf_table(con, project)
    if not rows:
        return None
    scopes: dict[str, str] = {}
    tables: dict[str, FigureTable] = {}
    for period_type, period, name, breakdown, label, *values, _reason in rows:
        scopes.setdefault(period_type, period)
        table = tables.setdefault(
            name, FigureTable(section="esf", caption=name, row_header=swedish.BREAKDOWN[breakdown], columns=[], rows=[])
        )
        if not table.rows or table.rows[-1][0] != label:
            table.rows.append((label, []))
        table.rows[-1][1].extend(
            swedish.shown(v, hidden, "count") for v, hidden in zip(values[::2], values[1::2], strict=True)
        )
    headings = [
        _row_label("year", scopes["year"], {}, as_of),
        "Från projektets start " + swedish.period(scopes["project_to_date"], "project_to_date"),
    ]
    return {
        "tables": list(tables.values()),
        "scopes": headings,
        "genders": [swedish.GENDER[g] for g in ("K", "M", "T")],
        "note": swedish.hidden_note({r[-1] for r in rows if r[-1]}),
    }


def write_reports(warehouse_file: Path, reports_dir: Path, as_of: dt.date) -> list[Path]:
    """Render every project's report for the month holding `as_of`; return their files (a report whose
    page did not change is not written again)."""
    env = Environment(
        loader=PackageLoader("esf.reports"), autoescape=select_autoescape(), trim_blocks=True, lstrip_blocks=True
    )
    template = env.get_template("rapport.html.j2")
    month, draft = reporting_month(as_of)
    written = []
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        projects = data.projects(con)
        for code, name, owner, start, end, last_month, survey_questions, programme_names in projects:
            if start > month_end(month) or month > last_month:
                continue  # no report before the project began, nor after its follow-up range ends
            names = ProjectNames(json.loads(survey_questions or "{}"), json.loads(programme_names or "{}"))
            goals = _goal_rows(con, code, month, names)
            tables = _tables(con, code, names, as_of)
            table_reasons = {
                f.hidden_reason
                for f in data.figures(con, code)
                if f.hidden and f.hidden_reason and f.section != effect.SOCIO_ECONOMIC
            }
            indicators = {
                r[0]
                for r in con.execute(
                    "select distinct indicator_id from marts.goal_attainment where project_code = ?", [code]
                ).fetchall()
            }
            ptd = data.latest_ptd_period(con, code)
            html = template.render(
                code=code,
                name=name,
                owner=owner,
                start=swedish.date(start),
                end=swedish.date(end),
                month=swedish.month(month),
                as_of=swedish.date(as_of),
                draft=draft,
                goals=goals,
                goals_note=swedish.hidden_note({g.hidden_reason for g in goals if g.hidden_reason}),
                statuses=swedish.STATUS,
                tables=tables,
                tables_period=swedish.period(ptd, "project_to_date") if ptd else None,
                tables_note=swedish.hidden_note(table_reasons),
                coverage=coverage_notes(con, code, month),
                quality=_quality_in_swedish(data.data_quality(con, code)),
                definitions=data.definitions(con, indicators),
                esf=_esf_section(con, code, as_of),
                effect_outcomes=effect.outcomes(con, code),
                effect_columns=effect.COLUMNS,
                socio_economic=effect.socio_economic(con, code),
            )
            folder = reports_dir / code / f"{month:%Y-%m}"
            about = {
                "project": code,
                "month": f"{month:%Y-%m}",
                "as_of": as_of.isoformat(),
                "draft": draft,
                "sha256": hashlib.sha256(html.encode()).hexdigest(),
                "statuses": dict(Counter(g.status for g in goals)),
            }
            if not _unchanged(folder, about):  # the PDF is the slow part: not again for the same page
                _write(folder / REPORT_FILE, html.encode())
                _write(folder / PDF_FILE, _pdf(html))
                _write(folder / ABOUT_FILE, json.dumps(about, indent=2).encode())
            written.append(folder / REPORT_FILE)
    write_index(env, reports_dir, [(code, name, start) for code, name, _owner, start, *_ in projects])
    return written


def write_index(env: Environment, reports_dir: Path, projects: list[tuple[str, str, dt.date]]) -> None:
    """The index across projects from the reports on disk: per project its newest report with the goals'
    statuses in it, and every earlier report. A run for a past month adds that month and changes nothing else."""
    records = report_records(reports_dir)
    newest = max((r["as_of"] for r in records), default=None)
    index = env.get_template("index.html.j2").render(
        as_of=swedish.date(dt.date.fromisoformat(newest)) if newest else None,
        projects=[
            _index_entry([r for r in records if r["project"] == code], code, name, start)
            for code, name, start in projects
        ],
    )
    _write(reports_dir / INDEX_FILE, index.encode())


def _unchanged(folder: Path, about: dict) -> bool:
    """The report on disk is this very page (same record, same HTML digest) and its PDF is there."""
    record = folder / ABOUT_FILE
    return (folder / PDF_FILE).exists() and record.exists() and json.loads(record.read_text(encoding="utf-8")) == about


def _quality_in_swedish(quality: dict) -> dict:
    return {
        "files": [(swedish.label(swedish.SOURCE, r[0]), *r[1:]) for r in quality["files"]],
        "held": [(path, swedish.label(swedish.SOURCE, source), reason) for path, source, reason in quality["held"]],
        "reasons": [
            (swedish.label(swedish.SOURCE, s), swedish.label(swedish.REASON, r), n) for s, r, n in quality["reasons"]
        ],
        "newest": [(swedish.label(swedish.SOURCE, s), swedish.date(d) if d else None) for s, d in quality["newest"]],
        "others": quality["others"],
    }


def report_records(reports_dir: Path, project: str = "*") -> list[dict]:
    """What was recorded beside each report on disk (ABOUT_FILE) with its `folder`, oldest month first."""
    records = [
        json.loads(p.read_text(encoding="utf-8")) | {"folder": p.parent}
        for p in reports_dir.glob(f"{project}/*/{ABOUT_FILE}")
    ]
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


def _report_link(code: str, record: dict) -> tuple[str, str, str]:
    label = swedish.month(dt.date.fromisoformat(record["month"] + "-01")) + (" (utkast)" if record["draft"] else "")
    return label, f"{code}/{record['month']}/{REPORT_FILE}", f"{code}/{record['month']}/{PDF_FILE}"


def _index_entry(records: list[dict], code: str, name: str, start: dt.date) -> dict:
    """A project's line in the index: its newest report and the goals per status in it (or when the
    project starts, while it has no report), and its earlier reports, newest first."""
    if not records:
        return {"name": name, "newest": None, "statuses": [], "earlier": [], "starts_on": swedish.date(start)}
    latest = records[-1]
    counts = latest.get("statuses", {})
    statuses = [(f"{symbol} {text}", counts[key]) for key, (symbol, text) in swedish.STATUS.items() if key in counts]
    return {
        "name": name,
        "newest": _report_link(code, latest),
        "statuses": statuses,
        "earlier": [_report_link(code, r) for r in reversed(records[:-1])],
        "starts_on": None,
    }
