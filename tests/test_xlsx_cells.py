"""SPEC §2.1: every xlsx cell is read by its own type, in any mix within one column."""

import datetime as dt
from pathlib import Path

import openpyxl

from esf.ingest.reading import read_table

from conftest import pnr

P1 = pnr("19811218", "987")  # 19811218-9876
P2 = pnr("19850312", "124")
YOUNG = pnr("20050612", "123")  # its 10-digit form starts with 0
LOST_ZERO = "lost its leading zero (format the column as text in Excel"


def workbook(path: Path, header: list[str], rows: list[list]) -> Path:
    """An xlsx written cell by cell as given: a `str` is a text cell, numbers and dates keep
    their type; a `("text", value)` pair is a text cell formatted as Text (`@`), as Excel
    stores a date typed into a column formatted as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([v[1] if isinstance(v, tuple) else v for v in row])
        for cell, v in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(v, tuple):
                cell.number_format = "@"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def quarantine(con, path: str) -> list[tuple]:
    return con.execute(
        "select row_number, reason, detail from meta.quarantine where path = ? order by row_number", [path]
    ).fetchall()


def test_each_cell_is_converted_by_its_own_type(tmp_path):
    path = workbook(
        tmp_path / "a.xlsx",
        ["Värde"],
        [
            [dt.datetime(2012, 3, 5)],
            [dt.datetime(2012, 3, 6, 13, 45)],
            [dt.date(2012, 3, 7)],
            [50.0],
            [50],
            [1.5],
            [0.00001],
            [198112189876],
            ["2012-02-30"],
            [" 75,5 "],
            [True],
        ],
    )
    table = read_table(path)
    assert table.rows["varde"].to_list() == [
        "2012-03-05",
        "2012-03-06",
        "2012-03-07",
        "50",
        "50",
        "1.5",
        "0.00001",
        "198112189876",
        "2012-02-30",
        "75,5",
        "true",
    ]
    assert table.cell_types["varde"].to_list() == ["date"] * 3 + ["number"] * 5 + [None] * 3


def test_dates_numbers_and_text_mixed_in_one_column_load_with_their_values(landing, loader):
    workbook(
        landing / "anstallningar" / "a.xlsx",
        ["Anställning id", "Personnummer", "Organisation", "Sysselsättningsgrad", "Anställning from"],
        [
            ["A1", P1, "Kalmar", 50.0, dt.datetime(2012, 3, 5)],
            ["A2", P1, "Kalmar", 100, dt.datetime(2012, 3, 6, 13, 45)],
            ["A3", P1, "Kalmar", "75,5", "2012-03-07"],
            [1004, P1, "Kalmar", 37.5, 20120308],
            ["A5", P1, "Kalmar", "100 %", "20120309"],
            ["A6", P1, "Kalmar", 100, "2012-02-30"],  # a typo typed as text
            ["A7", P1, "Kalmar", 100, 40976],  # the serial number of 2012-03-08, not a date cell
        ],
    )
    con = loader(landing)
    rows = con.execute(
        "select _row_number, anstallning_id, sysselsattningsgrad, anstallning_from from raw.anstallningar order by 1"
    ).fetchall()
    assert rows == [
        (1, "A1", 50.0, dt.date(2012, 3, 5)),
        (2, "A2", 100.0, dt.date(2012, 3, 6)),
        (3, "A3", 75.5, dt.date(2012, 3, 7)),
        (4, "1004", 37.5, dt.date(2012, 3, 8)),
        (5, "A5", 100.0, dt.date(2012, 3, 9)),
    ]
    assert quarantine(con, "anstallningar/a.xlsx") == [
        (6, "invalid_date", "anstallning_from: cannot read '2012-02-30' as date"),
        (7, "invalid_date", "anstallning_from: cannot read '40976' as date"),
    ]


def test_dates_stored_as_text_in_excels_own_form_load(landing, loader):
    workbook(
        landing / "deltagare" / "a.xlsx",
        ["Projekt", "Personnummer", "Startdatum", "Slutdatum", "Avslutsorsak"],
        [
            ["TEST", P1, ("text", "2012-01-02"), ("text", "2012-06-29"), "arbete"],
            ["TEST", P2, ("text", "2012-02-03"), ("text", ""), None],
        ],
    )
    con = loader(landing)
    assert con.execute("select startdatum, slutdatum from raw.deltagare order by _row_number").fetchall() == [
        (dt.date(2012, 1, 2), dt.date(2012, 6, 29)),
        (dt.date(2012, 2, 3), None),
    ]
    assert quarantine(con, "deltagare/a.xlsx") == []


def test_a_personnummer_in_a_number_cell(landing, loader):
    twelve, ten = int(P1.replace("-", "")), int(P2[2:].replace("-", ""))
    nine = int(YOUNG[2:].replace("-", ""))  # 0506121230 as a number: 9 digits
    assert (len(str(twelve)), len(str(ten)), len(str(nine))) == (12, 10, 9)
    workbook(
        landing / "deltagare" / "a.xlsx",
        ["Projekt", "Personnummer", "Startdatum"],
        [
            ["TEST", twelve, dt.date(2012, 1, 2)],
            ["TEST", ten, dt.date(2012, 1, 3)],
            ["TEST", nine, dt.date(2012, 1, 4)],
            ["TEST", int(P1.replace("-", "")[:11]), dt.date(2012, 1, 5)],  # 11 digits
            ["TEST", str(nine), dt.date(2012, 1, 6)],  # 9 digits in a text cell: no hint
            # two more valid rows, so that the file is not held (3 of 7 quarantined, SPEC §8.5)
            ["TEST", int(pnr("19900101", "123", sep="")), dt.date(2012, 1, 7)],
            ["TEST", pnr("19910101", "124"), dt.date(2012, 1, 8)],
        ],
    )
    con = loader(landing)
    loaded = con.execute(
        """select d._row_number, p.birth_year, p.sex from raw.deltagare d join raw.persons p using (person_id)
           order by 1"""
    ).fetchall()
    # serials 987 (odd: M), 124 (even: K), 123 (M) and 124 (K)
    assert loaded == [(1, 1981, "M"), (2, 1985, "K"), (6, 1990, "M"), (7, 1991, "K")]
    q = quarantine(con, "deltagare/a.xlsx")
    assert [(r[0], r[1]) for r in q] == [
        (3, "invalid_personnummer"),
        (4, "invalid_personnummer"),
        (5, "invalid_personnummer"),
    ]
    assert q[0][2].startswith("personnummer: a number cell of 9 digits, a personnummer that lost its leading zero")
    assert LOST_ZERO in q[0][2]
    assert q[1][2].startswith("personnummer: a number cell of 11 digits") and LOST_ZERO in q[1][2]
    assert q[2][2] == "personnummer: cannot read '<personnummer>' as pnr"
    assert not any(str(nine) in r[2] for r in q)


def test_a_respondent_in_a_number_cell(landing, loader):
    nine = int(YOUNG[2:].replace("-", ""))
    workbook(
        landing / "enkater" / "a.xlsx",
        ["Projekt", "Enkat", "Respondent", "Besvarad", "Fraga", "Svar"],
        [
            ["TEST", "avslut", int(P1.replace("-", "")), dt.date(2012, 6, 1), "q1", 4],
            ["TEST", "avslut", 12345, dt.date(2012, 6, 1), "q1", 5.0],
            ["TEST", "avslut", nine, dt.date(2012, 6, 1), "q1", 3],
        ],
    )
    con = loader(landing)
    rows = con.execute(
        """select _row_number, respondent_person_id is not null, respondent_anonymous_id, svar
           from raw.enkater order by 1"""
    ).fetchall()
    assert rows == [(1, True, None, "4"), (2, False, "12345", "5")]
    (q,) = quarantine(con, "enkater/a.xlsx")
    assert q[:2] == (3, "invalid_personnummer") and "number cell of 9 digits" in q[2] and LOST_ZERO in q[2]


def test_a_date_cell_in_a_month_column_is_its_month(landing, loader):
    paid = dt.date(2012, 3, 25)
    workbook(
        landing / "forsorjningsstod" / "a.xlsx",
        ["Utbetalning id", "Personnummer", "Kommun", "Utbetalningsdatum", "Avser månad", "Belopp"],
        [
            ["U1", P1, "Osby", paid, dt.date(2012, 3, 15), 1234.5],
            [None, None, None, None, None, None],  # an empty line: no row
            ["U2", P1, "Osby", paid, dt.datetime(2012, 4, 30, 8, 0), 8450],
            ["U3", P1, "Osby", paid, "2012-05", "1 234,50"],
            ["U4", P1, "Osby", paid, 201206, 100],
            ["U5", P1, "Osby", paid, "2012-07-15", 100],  # a full date typed as text is no month
            ["U6", P1, "Osby", paid, 41000, 100],  # a serial number
        ],
    )
    con = loader(landing)
    rows = con.execute(
        "select _row_number, utbetalning_id, avser_manad, belopp from raw.forsorjningsstod order by 1"
    ).fetchall()
    assert rows == [
        (1, "U1", dt.date(2012, 3, 1), 1234.5),
        (2, "U2", dt.date(2012, 4, 1), 8450.0),
        (3, "U3", dt.date(2012, 5, 1), 1234.5),
        (4, "U4", dt.date(2012, 6, 1), 100.0),
    ]
    assert quarantine(con, "forsorjningsstod/a.xlsx") == [
        (5, "invalid_date", "avser_manad: cannot read '2012-07-15' as month"),
        (6, "invalid_date", "avser_manad: cannot read '41000' as month"),
    ]
