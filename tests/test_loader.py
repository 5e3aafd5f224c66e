"""SPEC §2.1, §4, §7: what a load records in meta.files, meta.quarantine and raw, file by file."""

import hashlib
import json

import openpyxl
import pytest

from conftest import pnr, write

P1 = pnr("19811218", "987")
P2 = pnr("19850312", "124")
HEADER = "projekt;personnummer;startdatum;slutdatum;avslutsorsak;insats\n"


def files(con) -> dict[str, tuple]:
    rows = con.execute(
        "select path, status, rows_read, rows_loaded, rows_quarantined, reason, extra_columns from meta.files"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_rows_read_is_loaded_plus_quarantined_and_reasons_are_recorded(landing, loader):
    write(
        landing,
        "deltagare/a.csv",
        HEADER + f"TEST;{P1};2012-01-01;;;\nTEST;x;2012-01-01;;;\nTEST;{P2};2012-02-30;;;\nTEST;{P2};2012-03-01;;;\n",
    )
    con = loader(landing)
    assert files(con)["deltagare/a.csv"] == ("loaded", 4, 2, 2, None, None)  # half quarantined: not held
    q = con.execute("select row_number, reason, detail, raw from meta.quarantine order by row_number").fetchall()
    assert [(r[0], r[1]) for r in q] == [(2, "invalid_personnummer"), (3, "invalid_date")]
    assert "startdatum" in q[1][2]
    assert json.loads(q[1][3])["personnummer"] == "850312-****"


def test_no_personnummer_is_stored_in_clear(landing, loader):
    write(landing, "deltagare/a.csv", HEADER + f"TEST;{P1};2012-01-01;;;\nTEST;{P2[:-1]}0;2012-01-01;;;\n")
    con = loader(landing)
    dump = " ".join(
        str(v)
        for t in ("raw.deltagare", "raw.persons", "meta.quarantine", "meta.files")
        for row in con.execute(f"select * from {t}").fetchall()
        for v in row
    )
    for person in (P1, P2):
        for form in (person, person.replace("-", ""), person[2:], person[2:].replace("-", "")):
            assert form[:-1] not in dump
    key, sex, year = con.execute("select person_key, sex, birth_year from raw.persons").fetchone()
    assert len(key) == 64 and (sex, year) == ("M", 1981)


def test_the_same_person_gets_one_id_across_files_and_forms(landing, loader):
    write(landing, "deltagare/a.csv", HEADER + f"TEST;{P1};2012-01-01;;;\n")
    write(landing, "deltagare/b.csv", HEADER + f"TEST;{P1[2:].replace('-', '')};2013-01-01;;;\n")
    con = loader(landing)
    assert con.execute("select count(distinct person_id), count(*) from raw.deltagare").fetchone() == (1, 2)


def test_redelivery_is_a_duplicate_file_and_an_unchanged_file_is_not_recorded_twice(landing, loader):
    body = HEADER + f"TEST;{P1};2012-01-01;;;\n"
    write(landing, "deltagare/a.csv", body)
    write(landing, "deltagare/copy.csv", body)
    con = loader(landing)
    assert files(con)["deltagare/copy.csv"] == ("duplicate", 0, 0, 0, "duplicate_file", None)
    con = loader(landing)  # second run: nothing new
    assert con.execute("select count(*) from meta.files where source = 'deltagare'").fetchone()[0] == 2
    assert con.execute("select count(*) from raw.deltagare").fetchone()[0] == 1


def test_same_path_with_new_bytes_is_a_new_delivery(landing, loader):
    write(landing, "deltagare/a.csv", HEADER + f"TEST;{P1};2012-01-01;;;\n")
    loader(landing)
    write(landing, "deltagare/a.csv", HEADER + f"TEST;{P1};2012-01-01;2012-05-31;arbete;\n")
    con = loader(landing)
    rows = con.execute(
        "select status, sha256 from meta.files where path = 'deltagare/a.csv' order by file_id"
    ).fetchall()
    assert [r[0] for r in rows] == ["loaded", "loaded"] and rows[0][1] != rows[1][1]
    # both deliveries are kept in raw; staging keeps the later one per key (test_pipeline)
    assert con.execute("select count(*) from raw.deltagare").fetchone()[0] == 2


def test_missing_required_column_rejects_the_whole_file(landing, loader):
    write(landing, "deltagare/a.csv", f"projekt;personnummer;slutdatum\nTEST;{P1};\n")
    con = loader(landing)
    status, read, loaded, quarantined, reason, _ = files(con)["deltagare/a.csv"]
    assert (status, read, loaded, quarantined) == ("rejected", 1, 0, 0)
    assert reason.startswith("missing_column: startdatum")
    assert con.execute("select count(*) from raw.deltagare").fetchone()[0] == 0


def test_absent_optional_column_reads_as_empty_and_extra_columns_are_listed(landing, loader):
    write(
        landing, "deltagare/a.csv", f"Projekt;Person-nummer;Kommentar;Startdatum;Övrigt\nTEST;{P1};hej;2012-01-01;x\n"
    )
    # "Person-nummer" folds to person_nummer, which is not the contract's column
    con = loader(landing)
    assert files(con)["deltagare/a.csv"][0] == "rejected"
    write(landing, "deltagare/b.csv", f"Projekt;Personnummer;Kommentar;Startdatum;Övrigt\nTEST;{P1};hej;2012-01-01;x\n")
    con = loader(landing)
    assert files(con)["deltagare/b.csv"] == ("loaded", 1, 1, 0, None, "Kommentar,Övrigt")
    assert con.execute("select slutdatum, insats from raw.deltagare").fetchone() == (None, None)


def test_header_only_file_is_a_delivery_of_zero_rows(landing, loader):
    write(landing, "deltagare/a.csv", HEADER)
    assert files(loader(landing))["deltagare/a.csv"] == ("loaded", 0, 0, 0, None, None)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("deltagare/a.pdf", b"%PDF-1.4", "unsupported_format"),
        ("deltagare/a.csv", b"\x00\x01garbage", "unreadable_file"),
        ("deltagare/a.xlsx", b"PK not really", "unreadable_file"),
        ("deltagare/noext", b"a;b", "unsupported_format"),
    ],
)
def test_file_level_rejections(landing, loader, name, content, reason):
    write(landing, name, content)
    status, read, loaded, quarantined, got, _ = files(loader(landing))[name]
    assert (status, read, loaded, quarantined) == ("rejected", 0, 0, 0) and got.startswith(reason)


def test_xlsx_delivery_loads(landing, loader):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Projekt", "Personnummer", "Startdatum"])
    sheet.append(["TEST", P1, __import__("datetime").datetime(2012, 1, 1)])
    (landing / "deltagare").mkdir(parents=True)
    book.save(landing / "deltagare" / "a.xlsx")
    con = loader(landing)
    assert files(con)["deltagare/a.xlsx"][:4] == ("loaded", 1, 1, 0)
    assert str(con.execute("select startdatum from raw.deltagare").fetchone()[0]) == "2012-01-01"


def test_unknown_project_rows_load_once_their_project_arrives(landing, loader):
    write(
        landing,
        "deltagare/a.csv",
        HEADER + f"NEW;{P1};2012-01-01;;;\nNEW;{P1};2012-01-01;;;\nTEST;{P2};2012-01-01;;;\n",
    )
    con = loader(landing)
    assert files(con)["deltagare/a.csv"][:4] == ("loaded", 3, 1, 2)
    reasons = con.execute("select row_number, reason from meta.quarantine order by 1").fetchall()
    assert reasons == [(1, "unknown_project"), (2, "unknown_project")]

    write(landing, "projekt/NEW.yml", "kod: NEW\nnamn: Nytt\nstartdatum: 2012-01-01\nslutdatum: 2012-12-31\nmal: []\n")
    con = loader(landing)
    assert files(con)["deltagare/a.csv"][:4] == ("loaded", 3, 2, 1)
    assert con.execute("select row_number, reason from meta.quarantine").fetchall() == [(2, "duplicate_key")]
    assert con.execute("select count(*) from raw.deltagare where not _pending").fetchone()[0] == 2


def test_later_file_with_a_key_is_a_correction_in_raw_order(landing, loader):
    spell = "franvaro_id;personnummer;organisation;sjuk_from;sjuk_tom;omfattning\n"
    write(landing, "sjukfranvaro/2012.csv", spell + f"F1;{P1};Kalmar;2012-01-02;2012-01-05;100\n")
    write(landing, "sjukfranvaro/2012_rattelse.csv", spell + f"F1;{P1};Kalmar;2012-01-02;2012-01-03;50\n")
    con = loader(landing)
    rows = con.execute(
        "select f.path, r.omfattning from raw.sjukfranvaro r join meta.files f on f.file_id = r._file_id order by r._file_id"
    ).fetchall()
    assert rows == [("sjukfranvaro/2012.csv", 100.0), ("sjukfranvaro/2012_rattelse.csv", 50.0)]


def test_sha256_is_of_the_bytes(landing, loader):
    path = write(landing, "deltagare/a.csv", HEADER)
    con = loader(landing)
    assert (
        con.execute("select sha256 from meta.files where path = 'deltagare/a.csv'").fetchone()[0]
        == hashlib.sha256(path.read_bytes()).hexdigest()
    )
