"""The report shows only what the marts disclose (SPEC §8.3, §8.4), and its charts draw the
goal's own unit, its own baseline and say in Swedish why a goal has no chart."""

from __future__ import annotations

import datetime as dt
import io
import re

import duckdb
import pytest
from pypdf import PdfReader

from esf.reports import swedish
from esf.reports.render import write_reports

from conftest import build_warehouse, pnr, write

AS_OF = "2013-12-31"

PROJECT = """\
kod: SMALL
namn: Det lilla projektet
startdatum: 2012-01-01
slutdatum: 2013-12-31
organisationer: [Liten]
kommuner: [Byn]
mal:
  - {id: sjuk, text: Sjukfrånvaron i den lilla enheten, indikator: sick_leave_rate, mal: 2, riktning: "<=", periodtyp: year}
  - {id: kvinnor, text: Kvinnor som deltar, indikator: participants, kon: K, mal: 30, riktning: ">="}
  - {id: man, text: Män som deltar, indikator: participants, kon: M, mal: 30, riktning: ">="}
  - {id: hushall, text: Färre hushåll med försörjningsstöd, indikator: income_support_households,
     jamfor_med: baslinje, mal: -10, riktning: "<="}
"""


def _landing(root):
    """8 employees in Liten (a group of 6–10: sick leave hidden), 17 women and 3 men taking part (the men
    are 1–4, so the women are hidden too), 10 households with support in the baseline year 2011 and 8 in 2013."""
    write(root, "projekt/SMALL.yml", PROJECT)
    employees = [pnr(f"197{i}0101", f"{100 + 2 * i}") for i in range(8)]
    write(
        root,
        "anstallningar/a.csv",
        "anstallning_id;personnummer;organisation;sysselsattningsgrad;anstallning_from\n"
        + "".join(f"A{i};{p};Liten;100;2010-01-01\n" for i, p in enumerate(employees)),
    )
    # one spell of 20 days, 100 %: 15 of 2013's 250 working days, for one of 8 employees
    write(
        root,
        "sjukfranvaro/s.csv",
        "franvaro_id;personnummer;organisation;sjuk_from;sjuk_tom;omfattning\n"
        f"S1;{employees[0]};Liten;2013-03-04;2013-03-23;100\n",
    )
    women = [pnr(f"1985{m:02d}{d:02d}", "202") for m in range(1, 10) for d in (1, 2)][:17]
    men = [pnr(f"1986010{d}", "113") for d in (1, 2, 3)]
    write(
        root,
        "deltagare/d.csv",
        "projekt;personnummer;startdatum\n" + "".join(f"SMALL;{p};2012-03-01\n" for p in women + men),
    )
    applicants = [pnr(f"1960{m:02d}15", "331") for m in range(1, 11)]
    write(
        root,
        "forsorjningsstod/f.csv",
        "utbetalning_id;personnummer;kommun;utbetalningsdatum;belopp\n"
        + "".join(f"B{i};{p};Byn;2011-03-25;5000\n" for i, p in enumerate(applicants))
        + "".join(f"C{i};{p};Byn;2013-05-24;5000\n" for i, p in enumerate(applicants[:8])),
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """(work DB, HTML text, PDF text) of SMALL's report for December 2013."""
    tmp = tmp_path_factory.mktemp("small")
    _landing(tmp / "landing")
    db = build_warehouse(tmp / "landing", tmp / "work.duckdb", AS_OF)
    write_reports(db, tmp / "reports", dt.date.fromisoformat(AS_OF))
    html = (tmp / "reports" / "SMALL" / "2013-12" / "rapport.html").read_text(encoding="utf-8")
    pdf = PdfReader(io.BytesIO((tmp / "reports" / "SMALL" / "2013-12" / "rapport.pdf").read_bytes()))
    return db, html, "\n".join(page.extract_text() for page in pdf.pages)


def _actual(db, goal):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select actual, hidden, hidden_reason from marts.goal_attainment where goal_id = ?", [goal]
        ).fetchone()


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def _appears(number: str, text: str) -> bool:
    return re.search(rf"(?<![\d,]){re.escape(number)}(?![\d,])", text) is not None


def test_a_sick_leave_goal_on_ten_employees_or_fewer_shows_no_value(report):
    db, html, pdf = report
    actual, hidden, reason = _actual(db, "sjuk")
    # hand-computed: 15 sick working days × 8 h over 8 employees × 250 working days × 8 h = 0.75 %
    assert round(actual, 9) == 0.75 and hidden and reason == "employees"
    for value in ("0,75", swedish.number(actual)):
        assert not _appears(value, _text(html)) and not _appears(value, pdf)
    assert "högst tio anställda" in html


def test_a_goal_by_gender_whose_other_gender_is_hidden_shows_no_value(report):
    db, html, pdf = report
    actual, hidden, reason = _actual(db, "kvinnor")
    assert actual == 17 and hidden and reason == "persons"
    assert _actual(db, "man")[:2] == (3, True)
    assert not _appears("17", _text(html)) and not _appears("17", pdf)
    assert "20" in _text(html)  # the total of 20 participants is shown


def _figure(html: str, caption: str) -> str:
    start = html.index(f"<figcaption>{caption}</figcaption>")
    return html[start : html.index("</figure>", start)]


def test_a_goal_against_the_baseline_on_a_count_is_drawn_in_its_unit_with_its_own_baseline(report):
    db, html, _ = report
    chart = _figure(html, "Färre hushåll med försörjningsstöd")
    assert "<svg" in chart and ">antal<" in chart and "procent" not in chart
    with duckdb.connect(str(db), read_only=True) as con:
        points = con.execute("""select period, value, target_value, unit from marts.goal_series
                                where goal_id = 'hushall' order by period""").fetchall()
    # 10 households in the baseline year 2011, 8 in 2013; the target line 10 × (1 − 10 %) = 9 households
    assert points == [("2011", 10.0, 9.0, "count"), ("2013", 8.0, 9.0, "count")]


def test_a_goal_with_no_value_to_show_says_why_instead_of_an_empty_chart(report):
    _, html, _ = report
    chart = _figure(html, "Män som deltar")
    assert "<svg" not in chart
    assert "Inget diagram: värdena visas inte eftersom de bygger på färre än 5 personer." in chart
