"""SPEC §3.4, §5.7, §8.1, §8.3, §8.4: the ESF+ columns, esf_participants and esf_results, the
managing authority's workbook and the report's ESF+ table, on a small project worked out by hand.

Project TEST runs 2012-01-01 – 2013-12-31; as_of is 2014-03-31, so the project to date runs to
2014-03 (the range's last month). Sex from the second-to-last digit; age at the start = start
year − birth year, the start as §5 counts it (never before the project's start).

File d1.csv (with the five ESF+ columns, Swedish headers):
  W1–W5 K born 1980, start 2012-03-01, end 2012-09-30 arbete; arbetslos, isced_3_4, nej/nej/nej
        (W1 writes " ARBETSLOS ", "ISCED_3_4" and "Nej": valid after trimming and lower-casing)
  M1 M born 1995, start 2012-02-01 (17: under_18), end 2012-06-30 studier; langtidsarbetslos, isced_0_2
  M1 again, start 2013-02-01 (18: 18_29; he turned 18 during the project), ongoing; "Inaktiv"
  M2 M born 1957, start 2011-11-01 → counts from 2012-01-01 (55: 55_plus; 54 as written),
        end 2013-05-31 arbetssokande; sysselsatt, isced_5_8, funktionsnedsattning "JA", utlandsk ja, tredjeland nej
  K6 K born 1985, start 2013-06-01 (28: 18_29), ongoing; no status (uppgift_saknas), utlandsk ja, tredjeland "Ja"
  X1–X4: invalid_value in arbetsmarknadsstatus ("Långtidsarbetslös"), funktionsnedsattning ("kanske"),
        utbildningsniva ("gymnasium"), tredjelandsmedborgare ("nja"): quarantined, never counted
File d2.csv (no ESF+ columns at all: they read as empty):
  M3 M born 1990, start 2013-03-01 (23: 18_29), end 2013-04-30 avbrott (no result); uppgift_saknas

Project to date 2014-03: 10 starts of 9 persons (K: W1–W5, K6 = 6 of 6; M: M1 twice, M2, M3 = 4 of 3).
"""

import csv
import datetime as dt
import re
import shutil
import subprocess

import duckdb
import openpyxl
import pytest

from conftest import build_warehouse, indicator_value, pnr, write

W = [pnr(f"198001{d:02d}", f"{d:02d}2") for d in range(1, 6)]
M1, M2, M3 = pnr("19950615", "011"), pnr("19570310", "031"), pnr("19900101", "051")
K6 = pnr("19850505", "062")
X = [pnr(f"197001{d:02d}", f"{d:02d}1") for d in range(1, 5)]
AS_OF = "2014-03-31"
PTD = "2014-03"

PROJECT = """\
kod: TEST
namn: Testprojektet
projektagare: Testkommunen
startdatum: 2012-01-01
slutdatum: 2013-12-31
mal: []
"""
HEADER = (
    "Projekt;Personnummer;Startdatum;Slutdatum;Avslutsorsak;Arbetsmarknadsstatus;Utbildningsnivå;"
    "Funktionsnedsättning;Utländsk bakgrund;Tredjelandsmedborgare\n"
)
ROWS = [
    f"TEST;{W[0]};2012-03-01;2012-09-30;arbete; ARBETSLOS ;ISCED_3_4;Nej;nej;nej",
    *(f"TEST;{w};2012-03-01;2012-09-30;arbete;arbetslos;isced_3_4;nej;nej;nej" for w in W[1:]),
    f"TEST;{M1};2012-02-01;2012-06-30;studier;langtidsarbetslos;isced_0_2;;;",
    f"TEST;{M1};2013-02-01;;;Inaktiv;;;;",
    f"TEST;{M2};2011-11-01;2013-05-31;arbetssokande;sysselsatt;isced_5_8;JA;ja;nej",
    f"TEST;{K6};2013-06-01;;;;;;ja;Ja",
    f"TEST;{X[0]};2012-05-01;;;Långtidsarbetslös;;;;",
    f"TEST;{X[1]};2012-05-01;;;arbetslos;isced_3_4;kanske;;",
    f"TEST;{X[2]};2012-05-01;;;arbetslos;gymnasium;;;",
    f"TEST;{X[3]};2012-05-01;;;arbetslos;;;;nja",
]


@pytest.fixture(scope="module")
def work_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("esf")
    landing = root / "landing"
    write(landing, "projekt/TEST.yml", PROJECT)
    write(landing, "deltagare/d1.csv", HEADER + "\n".join(ROWS) + "\n")
    write(
        landing,
        "deltagare/d2.csv",
        f"projekt;personnummer;startdatum;slutdatum;avslutsorsak\nTEST;{M3};2013-03-01;2013-04-30;avbrott\n",
    )
    return build_warehouse(landing, root / "work.duckdb", AS_OF)


def test_the_loader_checks_the_five_columns_after_trimming_and_lower_casing(con):
    """Invalid values are quarantined as invalid_value naming the column; a value that is valid
    after trimming and lower-casing loads lower-cased; absent columns read as empty."""
    files = {
        r[0]: r[1:]
        for r in con.execute("select path, rows_read, rows_loaded, rows_quarantined from meta.files").fetchall()
    }
    assert files["deltagare/d1.csv"] == (13, 9, 4) and files["deltagare/d2.csv"] == (1, 1, 0)
    q = con.execute("select row_number, reason, detail from meta.quarantine order by row_number").fetchall()
    assert [(r, reason) for r, reason, _ in q] == [
        (10, "invalid_value"),
        (11, "invalid_value"),
        (12, "invalid_value"),
        (13, "invalid_value"),
    ]
    assert [d.split(":")[0] for _, _, d in q] == [
        "arbetsmarknadsstatus",
        "funktionsnedsattning",
        "utbildningsniva",
        "tredjelandsmedborgare",
    ]
    assert "'Långtidsarbetslös' is not one of arbetslos, langtidsarbetslos, inaktiv, sysselsatt" in q[0][2]
    loaded = con.execute(
        """select d.arbetsmarknadsstatus, d.utbildningsniva, d.funktionsnedsattning, d.utlandsk_bakgrund,
                  d.tredjelandsmedborgare, f.path
           from raw.deltagare d join meta.files f on f.file_id = d._file_id
           order by d._row_number, f.path"""
    ).fetchall()
    assert ("arbetslos", "isced_3_4", "nej", "nej", "nej", "deltagare/d1.csv") in loaded  # W1, as written " ARBETSLOS "
    assert ("inaktiv", None, None, None, None, "deltagare/d1.csv") in loaded  # M1's "Inaktiv"
    assert ("sysselsatt", "isced_5_8", "ja", "ja", "nej", "deltagare/d1.csv") in loaded  # M2's "JA"
    assert (None, None, None, "ja", "ja", "deltagare/d1.csv") in loaded  # K6: empty status, "Ja"
    assert (None, None, None, None, None, "deltagare/d2.csv") in loaded  # M3: no ESF+ columns
    assert len(loaded) == 10


# (characteristic, T, K, M) as (value, n_persons); None = no row
PROJECT_TO_DATE = [
    ("total", (10, 9), (6, 6), (4, 3)),  # M1 starts twice: 2 starts, 1 person
    ("arbetslos", (6, 6), (5, 5), (1, 1)),  # W1–W5 arbetslos, M1 langtidsarbetslos
    ("langtidsarbetslos", (1, 1), None, (1, 1)),
    ("inaktiv", (1, 1), None, (1, 1)),  # M1's second start
    ("sysselsatt", (1, 1), None, (1, 1)),
    ("under_18", (1, 1), None, (1, 1)),  # M1 at his first start (17)
    ("18_29", (3, 3), (1, 1), (2, 2)),  # M1 at his second start (18), M3 (23), K6 (28)
    ("55_plus", (1, 1), None, (1, 1)),  # M2: 55 in 2012, the start as counted
    ("isced_0_2", (1, 1), None, (1, 1)),
    ("isced_3_4", (5, 5), (5, 5), None),
    ("isced_5_8", (1, 1), None, (1, 1)),
    ("funktionsnedsattning", (1, 1), None, (1, 1)),
    ("utlandsk_bakgrund", (2, 2), (1, 1), (1, 1)),
    ("tredjelandsmedborgare", (1, 1), (1, 1), None),
    ("uppgift_saknas", (2, 2), (1, 1), (1, 1)),  # K6 (empty) and M3 (no column)
]
YEAR_2013 = [
    ("total", (3, 3), (1, 1), (2, 2)),
    ("inaktiv", (1, 1), None, (1, 1)),
    ("18_29", (3, 3), (1, 1), (2, 2)),
    ("utlandsk_bakgrund", (1, 1), (1, 1), None),
    ("tredjelandsmedborgare", (1, 1), (1, 1), None),
    ("uppgift_saknas", (2, 2), (1, 1), (1, 1)),
]


def _rows(con, indicator, period_type, period, breakdown):
    rows = con.execute(
        """select breakdown_value, gender, value, n_persons from marts.indicator_values
           where indicator_id = ? and period_type = ? and period = ? and breakdown = ?""",
        [indicator, period_type, period, breakdown],
    ).fetchall()
    return {(b, g): (int(v), n) for b, g, v, n in rows}


def _expected(table):
    return {(code, g): cell for code, *cells in table for g, cell in zip("TKM", cells, strict=False) if cell}


@pytest.mark.parametrize(
    "period_type, period, table",
    [
        ("project_to_date", PTD, PROJECT_TO_DATE),
        ("year", "2013", YEAR_2013),
        (
            "year",
            "2012",
            [
                ("total", (7, 7), (5, 5), (2, 2)),
                ("arbetslos", (6, 6), (5, 5), (1, 1)),
                ("langtidsarbetslos", (1, 1), None, (1, 1)),
                ("sysselsatt", (1, 1), None, (1, 1)),
                ("under_18", (1, 1), None, (1, 1)),
                ("55_plus", (1, 1), None, (1, 1)),
                ("isced_0_2", (1, 1), None, (1, 1)),
                ("isced_3_4", (5, 5), (5, 5), None),
                ("isced_5_8", (1, 1), None, (1, 1)),
                ("funktionsnedsattning", (1, 1), None, (1, 1)),
                ("utlandsk_bakgrund", (1, 1), None, (1, 1)),
            ],
        ),
    ],
)
def test_esf_participants_every_characteristic(con, period_type, period, table):
    assert _rows(con, "esf_participants", period_type, period, "esf_characteristic") == _expected(table)


def test_esf_participants_by_month_and_quarter(con):
    """M1's second start (February 2013) is the only start in 2013-02; Q1 2013 adds M3 (March)."""
    assert indicator_value(con, "esf_participants", "month", "2013-02", "T", "esf_characteristic", "total") == (1, 1)
    assert indicator_value(con, "esf_participants", "quarter", "2013-Q1", "M", "esf_characteristic", "total") == (2, 2)
    assert indicator_value(con, "esf_participants", "month", "2013-02", "K", "esf_characteristic", "total") is None


def test_esf_results(con):
    """arbete: W1–W5 (2012-09-30); studier: M1's first participation; arbetssokande: M2 (2013-05-31);
    M3's avbrott is no result."""
    assert _rows(con, "esf_results", "project_to_date", PTD, "esf_result") == _expected(
        [("arbete", (5, 5), (5, 5), None), ("studier", (1, 1), None, (1, 1)), ("arbetssokande", (1, 1), None, (1, 1))]
    )
    assert _rows(con, "esf_results", "year", "2013", "esf_result") == _expected(
        [("arbetssokande", (1, 1), None, (1, 1))]
    )
    assert _rows(con, "esf_results", "project_to_date", "2012-08", "esf_result") == _expected(
        [("studier", (1, 1), None, (1, 1))]
    )


# The workbook, project to date: (characteristic label, Kvinnor, Män, Totalt) as hand-computed
# under §8.4: M's 3 persons hide M and so K of the total; 1–4 persons hide everything else
# except isced_3_4 and arbete (5 women; men 0, no row, shown as 0).
HIDDEN = "–"
WORKBOOK_PTD = {
    "Deltagare totalt": (HIDDEN, HIDDEN, 10),
    "Arbetslösa, inklusive långtidsarbetslösa": (HIDDEN, HIDDEN, 6),
    "Långtidsarbetslösa": (HIDDEN, HIDDEN, HIDDEN),
    "Med gymnasieutbildning eller eftergymnasial utbildning som inte är högre utbildning (ISCED 3–4)": (5, 0, 5),
    "I arbete vid avslut": (5, 0, 5),
    "I utbildning vid avslut": (HIDDEN, HIDDEN, HIDDEN),
}


def _export(work_db, tmp_path, *args):
    from typer.testing import CliRunner

    from esf.cli import app

    out = tmp_path / "esf.xlsx"
    result = CliRunner().invoke(
        app, ["export", "esf-indicators", "--project", "test", "--warehouse", str(work_db), "--out", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return out


def _warehouse_table(work_db, period_type, period):
    """What the workbook must show, straight from the mart: '–' where hidden, else the number."""
    with duckdb.connect(str(work_db), read_only=True) as con:
        rows = con.execute(
            """select indicator_name, row_label, women, women_hidden, men, men_hidden, total, total_hidden
               from marts.esf_indicator_table where project_code = 'TEST' and period_type = ? and period = ?
               order by catalog_order, code_order""",
            [period_type, period],
        ).fetchall()
    return [
        (n, label, *(HIDDEN if h else int(v) for v, h in ((w, wh), (m, mh), (t, th))))
        for n, label, w, wh, m, mh, t, th in rows
    ]


def test_the_workbook_shows_the_warehouse_cell_by_cell(work_db, tmp_path):
    book = openpyxl.load_workbook(_export(work_db, tmp_path))
    assert book.sheetnames == ["ESF+-indikatorer", "Om uppgifterna"]
    table = [tuple(r) for r in book["ESF+-indikatorer"].iter_rows(values_only=True)]
    assert table[0] == ("Indikator", "Kännetecken eller resultat", "Kvinnor", "Män", "Totalt")
    expected = _warehouse_table(work_db, "project_to_date", PTD)
    assert table[1:] == expected and len(expected) == 15 + 3  # every characteristic and result has its row
    shown = {label: tuple(cells) for _name, label, *cells in table[1:]}
    for label, cells in WORKBOOK_PTD.items():
        assert shown[label] == cells, label
    about = dict(book["Om uppgifterna"].iter_rows(values_only=True))
    assert about["Projekt"] == "TEST – Testprojektet"
    assert about["Period"] == "Från projektets start 1 januari 2012 till och med mars 2014"
    assert about["Senaste datum i deltagarregistret"] == "1 juni 2013"  # K6's start, the newest
    assert "– = värdet visas inte eftersom det bygger på färre än 5 personer" in about["Röjandekontroll"]


def test_the_workbook_for_a_year_has_a_row_for_every_value_zero_included(work_db, tmp_path):
    book = openpyxl.load_workbook(_export(work_db, tmp_path, "--year", "2012"))
    table = [tuple(r) for r in book["ESF+-indikatorer"].iter_rows(values_only=True)][1:]
    assert table == _warehouse_table(work_db, "year", "2012")
    shown = {label: tuple(cells) for _name, label, *cells in table}
    assert shown["Deltagare totalt"] == (HIDDEN, HIDDEN, 7)  # 2 men: both hidden
    assert shown["Inaktiva"] == (0, 0, 0)  # nobody: a row of zeros
    assert shown["I arbete vid avslut"] == (5, 0, 5)
    about = dict(book["Om uppgifterna"].iter_rows(values_only=True))
    assert about["Period"] == "År 2012 (1 januari 2012 – 31 december 2012)"


def test_a_year_outside_the_range_or_an_unknown_project_fails_with_a_message(work_db, tmp_path):
    from typer.testing import CliRunner

    from esf.cli import app
    from esf.export import ExportError, write_esf_indicators

    with pytest.raises(
        ExportError, match="--year 2009: not in the range of project TEST; its years are 2011, 2012, 2013, 2014"
    ):
        write_esf_indicators(work_db, "TEST", 2009, tmp_path / "x.xlsx")
    with pytest.raises(ExportError, match="project 'NOPE' is not in the warehouse; its projects: TEST"):
        write_esf_indicators(work_db, "NOPE", None, tmp_path / "x.xlsx")
    result = CliRunner().invoke(
        app,
        [
            "export",
            "esf-indicators",
            "--project",
            "TEST",
            "--year",
            "2009",
            "--warehouse",
            str(work_db),
            "--out",
            str(tmp_path / "x.xlsx"),
        ],
    )
    assert result.exit_code == 1
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (libreoffice-calc-nogui) is not installed: make test-install"
)
def test_the_workbook_opens_in_libreoffice_with_the_warehouse_figures(work_db, tmp_path):
    """LibreOffice converts the workbook's first sheet to CSV (UTF-8) without complaint, and the
    CSV holds the warehouse's figures."""
    book = _export(work_db, tmp_path)
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(tmp_path / "csv"),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "csv" / "esf.csv"
    assert converted.exists(), result.stdout + result.stderr
    with converted.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Indikator", "Kännetecken eller resultat", "Kvinnor", "Män", "Totalt"]
    assert rows[1:] == [[str(c) for c in r] for r in _warehouse_table(work_db, "project_to_date", PTD)]
    assert ["Deltagare efter kännetecken vid start (ESF+)", "Deltagare totalt", HIDDEN, HIDDEN, "10"] in rows


def test_the_report_shows_the_esf_table_for_the_year_and_the_project_to_date(work_db, tmp_path):
    from esf.reports.render import write_reports

    (report,) = write_reports(work_db, tmp_path, dt.date.fromisoformat(AS_OF))
    html = report.read_text(encoding="utf-8")
    assert "<h2>Deltagare enligt ESF+-indikatorerna</h2>" in html
    start = html.index("Deltagare enligt ESF+-indikatorerna</h2>")
    section = html[start : html.index("<h2", start)]  # up to the next section
    assert '<th scope="colgroup" colspan="3">2014 (t.o.m. mars)</th>' in section
    assert '<th scope="colgroup" colspan="3">Från projektets start t.o.m. mars 2014</th>' in section
    rows = {
        m.group(1): re.findall(r'<td class="num">(.*?)</td>', m.group(2))
        for m in re.finditer(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', section)
    }
    assert rows["Deltagare totalt"] == ["0", "0", "0", HIDDEN, HIDDEN, "10"]
    assert rows["I arbete vid avslut"] == ["0", "0", "0", "5", "0", "5"]
    assert rows["Under 18 år"] == ["0", "0", "0", HIDDEN, HIDDEN, HIDDEN]
    assert len(rows) == 18
    assert "färre än 5" in section
