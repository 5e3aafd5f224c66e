"""The ESF+ common indicators for the managing authority as an xlsx workbook (SPEC §5.7, §8.1).

marts.esf_indicator_table decides every figure and what is hidden (§8.4); this module
only writes it out in Swedish: one sheet with a row per indicator and characteristic or
result (columns Kvinnor, Män, Totalt) and one sheet saying what the figures cover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from esf.reports import swedish

TABLE_SHEET = "ESF+-indikatorer"
ABOUT_SHEET = "Om uppgifterna"
HEADER = ("Indikator", "Kännetecken eller resultat", "Kvinnor", "Män", "Totalt")
# The source of the ESF+ indicators: its newest date is the data's newest date (marts.data_coverage).
SOURCE = "deltagare"


class ExportError(Exception):
    """The export cannot be written as asked (unknown project, a year outside the range)."""


@dataclass(frozen=True)
class Scope:
    """The values one workbook holds: a year, or the project to date up to a month."""

    period_type: str
    period: str
    period_start: dt.date
    period_end: dt.date

    def describe(self) -> str:
        """The period in Swedish, e.g. `2013 (1 januari 2013 – 31 december 2013)`."""
        if self.period_type == "year":
            return f"År {self.period} ({swedish.date(self.period_start)} – {swedish.date(self.period_end)})"
        return f"Från projektets start {swedish.date(self.period_start)} till och med {swedish.month(self.period_end)}"


def default_file(project: str, year: int | None) -> Path:
    return Path(f"esf-indikatorer_{project}_{year if year else 'hittills'}.xlsx")


def _scope(con: duckdb.DuckDBPyConnection, project: str, year: int | None) -> Scope:
    rows = con.execute(
        """select distinct period_type, period, period_start, period_end from marts.esf_indicator_table
           where project_code = ? order by period""",
        [project],
    ).fetchall()
    if not rows:
        known = [r[0] for r in con.execute("select project_code from marts.projects order by 1").fetchall()]
        raise ExportError(f"project {project!r} is not in the warehouse; its projects: {', '.join(known) or 'none'}")
    wanted = ("year", str(year)) if year else ("project_to_date", None)
    for period_type, period, start, end in rows:
        if period_type == wanted[0] and (wanted[1] is None or period == wanted[1]):
            return Scope(period_type, period, start, end)
    years = [r[1] for r in rows if r[0] == "year"]
    raise ExportError(f"--year {year}: not in the range of project {project}; its years are {', '.join(years)}")


def _cell(value: float | None, hidden: bool) -> int | float | str:
    """A count as a number cell (Excel sums it), or `–` where disclosure control hides it."""
    if hidden:
        return swedish.SUPPRESSED
    return int(value) if float(value).is_integer() else value


def table_rows(con: duckdb.DuckDBPyConnection, project: str, scope: Scope) -> list[tuple]:
    """The table as written: (indicator, characteristic or result, Kvinnor, Män, Totalt)."""
    rows = con.execute(
        """select indicator_name, row_label, women, women_hidden, men, men_hidden, total, total_hidden
           from marts.esf_indicator_table where project_code = ? and period_type = ? and period = ?
           order by catalog_order, code_order""",
        [project, scope.period_type, scope.period],
    ).fetchall()
    return [(name, label, _cell(w, wh), _cell(m, mh), _cell(t, th)) for name, label, w, wh, m, mh, t, th in rows]


def write_esf_indicators(warehouse: Path, project: str, year: int | None, out: Path) -> Path:
    """Write the workbook for one project from the published warehouse (opened read-only)."""
    from openpyxl import Workbook  # only when an export is written
    from openpyxl.styles import Alignment, Font

    with duckdb.connect(str(warehouse), read_only=True) as con:
        scope = _scope(con, project, year)
        rows = table_rows(con, project, scope)
        name, owner = con.execute(
            "select project_name, owner from marts.projects where project_code = ?", [project]
        ).fetchone()
        newest = con.execute(
            "select newest_date from marts.data_coverage where project_code = ? and source = ?", [project, SOURCE]
        ).fetchone()

    book = Workbook()
    sheet = book.active
    sheet.title = TABLE_SHEET
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (38, 70, 10, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2, min_col=3):
        for cell in line:
            cell.alignment = Alignment(horizontal="right")
    sheet.freeze_panes = "A2"

    about = book.create_sheet(ABOUT_SHEET)
    for line in (
        ("Projekt", f"{project} – {name}"),
        ("Projektägare", owner or ""),
        ("Period", scope.describe()),
        ("Senaste datum i deltagarregistret", swedish.date(newest[0]) if newest and newest[0] else "inga uppgifter"),
        (
            "Röjandekontroll",
            swedish.hidden_note({"persons"}),
        ),
        (
            "Räknesätt",
            "Deltagare: deltaganden som börjat under perioden, med deltagarens kännetecken vid starten "
            "(ålder = startåret minus födelseåret). Resultat: deltaganden som avslutats under perioden. "
            "En person som börjar två gånger räknas två gånger. 0 = ingen deltagare med kännetecknet.",
        ),
        (
            "Underlag",
            "ESF+-förordningen (EU) 2021/1057, bilaga I; uppföljningslagrets tabell marts.esf_indicator_table",
        ),
    ):
        about.append(line)
    for cell in about["A"]:
        cell.font = Font(bold=True)
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 110

    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
