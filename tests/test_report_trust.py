"""A report a steering group can trust (issue 13): no report past the follow-up range, an index a
past-month run never makes older, no figure past the data, Swedish all through, charts that read right."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import duckdb
import pytest

from esf.reports.charts import Series, goal_chart
from esf.reports.render import write_reports

from conftest import build_warehouse, pnr, write

AS_OF = "2015-06-30"

# SJUK runs 2013-01-01 – 2013-12-31: its follow-up range can reach December 2015 at most.
PROJECT = """\
kod: SJUK
namn: Sjukfrånvaroprojektet
startdatum: 2013-01-01
slutdatum: 2013-12-31
organisationer: [Norr, Syd]
insatser: {chefsstod: Stöd till chefer}
mal:
  - {id: sjuk, text: Sjukfrånvaron per år, indikator: sick_leave_rate, mal: 5, riktning: "<=", periodtyp: year,
     deadline: 2015-12-31}
  - {id: deltagare, text: Deltagare i chefsstödet, indikator: participants, mal: 20, riktning: ">=",
     uppdelning: {insats: chefsstod}, deadline: 2015-12-31}
  - {id: eget, text: Deltagare i den egna insatsen, indikator: participants, mal: 20, riktning: ">=",
     uppdelning: {insats: egen_insats}, deadline: 2015-12-31}
"""


def _landing(root):
    """12 employees in each of Norr and Syd. Norr's sick-leave extract ends with a spell in December 2014,
    Syd's reaches June 2015: the project's sick-leave data is complete to 31 December 2014 only."""
    write(root, "projekt/SJUK.yml", PROJECT)
    norr = [pnr(f"1970{m:02d}01", "112") for m in range(1, 13)]
    syd = [pnr(f"1971{m:02d}01", "122") for m in range(1, 13)]
    write(
        root,
        "anstallningar/a.csv",
        "anstallning_id;personnummer;organisation;sysselsattningsgrad;anstallning_from\n"
        + "".join(f"N{i};{p};Norr;100;2010-01-01\n" for i, p in enumerate(norr))
        + "".join(f"S{i};{p};Syd;100;2010-01-01\n" for i, p in enumerate(syd)),
    )
    write(
        root,
        "sjukfranvaro/s.csv",
        "franvaro_id;personnummer;organisation;sjuk_from;sjuk_tom;omfattning\n"
        f"F1;{norr[0]};Norr;2013-03-04;2013-03-08;100\nF2;{norr[1]};Norr;2014-12-01;2014-12-31;50\n"
        f"F3;{syd[0]};Syd;2015-06-01;2015-06-12;100\n",
    )
    write(
        root,
        "deltagare/d.csv",
        "projekt;personnummer;startdatum;insats\n"
        + "".join(f"SJUK;{p};2013-02-01;chefsstod\n" for p in norr[:6])
        + "".join(f"SJUK;{p};2013-02-01;egen_insats\n" for p in syd[:6]),
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trust")
    _landing(tmp / "landing")
    return build_warehouse(tmp / "landing", tmp / "work.duckdb", AS_OF), tmp / "reports"


def test_the_index_after_a_past_month_run_keeps_the_newest_report(built):
    db, reports = built
    write_reports(db, reports, dt.date(2015, 6, 30))
    write_reports(db, reports, dt.date(2013, 6, 30))  # a run for a past month
    index = (reports / "index.html").read_text(encoding="utf-8")
    row = index[index.index('<th scope="row">Sjukfrånvaroprojektet</th>') :]
    newest, statuses, earlier = re.findall(r"<td[^>]*>(.*?)</td>", row[: row.index("</tr>")], re.S)
    assert 'href="SJUK/2015-06/rapport.html">juni 2015<' in newest
    assert 'href="SJUK/2013-06/rapport.html">juni 2013<' in earlier and "2015-06" not in earlier
    assert "uppgifter till och med 30 juni 2015" in index  # not 30 June 2013
    # the goals of the June 2015 report: sick leave within its target before the deadline (on track);
    # 6 participants per insats against 20 × 30/36 = 16.7 expected by now (at risk)
    assert statuses == "● I fas: 1<br>▲ Risk att inte nås: 2"


def test_no_report_after_the_follow_up_range_ends(built):
    db, reports = built
    assert write_reports(db, reports, dt.date(2016, 1, 31)) == []  # December 2015 is the range's last month
    assert not (reports / "SJUK" / "2016-01").exists()
    assert write_reports(db, reports, dt.date(2015, 12, 31)) != []


def test_the_report_says_how_far_the_data_reaches_and_charts_stop_there(built):
    db, reports = built
    (report,) = write_reports(db, reports, dt.date.fromisoformat(AS_OF))
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", report.read_text(encoding="utf-8")))
    assert "Uppgifter om sjukfrånvaro finns t.o.m. 31 december 2014." in text
    with duckdb.connect(str(db), read_only=True) as con:
        periods = [
            p
            for (p,) in con.execute(
                "select period from marts.goal_series where goal_id = 'sjuk' order by period"
            ).fetchall()
        ]
        past, read = con.execute(
            "select past_the_data, as_of_period from marts.goal_attainment where goal_id = 'sjuk'"
        ).fetchone()
        trend = con.execute("""select distinct period from marts.report_figures
                               where project_code = 'SJUK' and report_section = 'trend' order by 1""").fetchall()
    assert periods == ["2012", "2013", "2014"]  # 2015 lies past the data
    assert (past, read) == (True, "2015")
    assert [p for (p,) in trend] == ["2012", "2013", "2014"]
    assert "efter de senaste uppgifterna" in text


def _visible_text(html: str) -> str:
    html = re.sub(r"<(svg|style|code)\b.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


def test_no_code_with_an_underscore_in_the_rendered_text(built):
    db, reports = built
    (report,) = write_reports(db, reports, dt.date.fromisoformat(AS_OF))
    text = _visible_text(report.read_text(encoding="utf-8"))
    assert re.findall(r"\S*_\S*", text) == []
    assert "Insats: Stöd till chefer" in text  # the project file's name for its insats
    assert "Insats: Egen insats" in text  # no name: the code made readable


def test_chart_axes_use_swedish_numbers_and_whole_numbers_for_counts():
    def ticks(svg: str) -> list[str]:
        return re.findall(r"<text[^>]*>([^<]*)</text>", svg)

    percent = goal_chart(Series(["2012", "2013", "2014"], [87.5, 90.25, 99.0], 100.0, None), "p", "d", "procent")
    labels = ticks(percent)
    assert not any(re.fullmatch(r"\d+\.\d+", t) for t in labels)
    counts = goal_chart(
        Series(["2012-01", "2012-02", "2012-03"], [0.0, None, 1.0], 1.0, [0.2, 0.6, 1.0]), "c", "d", "antal"
    )
    numbers = [t for t in ticks(counts) if re.fullmatch(r"[\d\u00a0,−-]+", t)]
    assert numbers and all("," not in t for t in numbers)  # no 0,2 … 1,0 on a count axis
    big = goal_chart(Series(["a", "b"], [1200.0, 1800.0], 2000.0, None), "b", "d", "antal")
    assert "1\u00a0000" in ticks(big) or "2\u00a0000" in ticks(big)


def test_the_target_line_has_room_above_and_below():
    import matplotlib

    matplotlib.use("Agg")
    from esf.reports import charts

    svg = charts.goal_chart(Series(["a", "b"], [90.0, 95.0], 100.0, None), "t", "d", "procent")
    # the highest tick label is above the target (100) or the axis runs past it: read the y range back
    highest = max(
        float(t.replace(",", ".").replace("\u00a0", "")) for t in re.findall(r"<text[^>]*>([\d,\u00a0]+)</text>", svg)
    )
    assert highest >= 100 and 'style="width:100%;height:auto"' in svg
