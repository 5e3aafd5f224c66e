"""SPEC §2.1: encodings, delimiters, header folding, blank lines, xlsx."""

import datetime as dt

import openpyxl
import pytest

from esf.ingest.reading import UnreadableFile, fold_name, read_table

from conftest import write


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Sjuk From", "sjuk_from"),
        ("Anställning tom", "anstallning_tom"),
        (" SYSSELSÄTTNINGSGRAD ", "sysselsattningsgrad"),
        ("Försörjnings-hinder", "forsorjnings_hinder"),
        ("Avslutsorsak", "avslutsorsak"),
        ("Besvarad", "besvarad"),
    ],
)
def test_header_folding(written, folded):
    assert fold_name(written) == folded


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_swedish_letters_survive_every_encoding(tmp_path, encoding):
    path = write(tmp_path, "a.csv", "Kommun;Belopp\nHögsby;1\nMörbylånga;2\nÄlmhult;3\n", encoding)
    table = read_table(path)
    assert table.header == ["Kommun", "Belopp"]
    assert table.rows["kommun"].to_list() == ["Högsby", "Mörbylånga", "Älmhult"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiter_is_detected_from_the_header(tmp_path, delimiter):
    text = (
        delimiter.join(["a", "b", "c"]) + "\n" + delimiter.join(["1", "2,5" if delimiter != "," else "2.5", "x"]) + "\n"
    )
    table = read_table(write(tmp_path, "a.txt", text))
    assert table.rows.columns == ["_row_number", "a", "b", "c"]
    assert table.rows.row(0) == (1, "1", "2,5" if delimiter != "," else "2.5", "x")


def test_blank_lines_and_lines_of_delimiters_are_no_rows(tmp_path):
    text = "a;b\r\n 1 ; x \r\n\r\n;;\r\n ; \r\n2;y\r\n"
    table = read_table(write(tmp_path, "a.csv", text))
    assert table.rows["a"].to_list() == ["1", "2"]
    assert table.rows["b"].to_list() == ["x", "y"]  # trimmed
    assert table.rows["_row_number"].to_list() == [1, 2]


def test_header_only_file_has_zero_rows(tmp_path):
    assert read_table(write(tmp_path, "a.csv", "a;b\n")).rows.height == 0


def test_xlsx_first_sheet_with_date_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Datum", "Timmar", "Personnummer"])
    sheet.append([dt.datetime(2012, 3, 5), 1.5, 198112189876])
    sheet.append([dt.datetime(2012, 3, 6), 2, "19811218-9876"])
    book.create_sheet("other").append(["ignored"])
    book.save(tmp_path / "a.xlsx")
    table = read_table(tmp_path / "a.xlsx")
    assert table.rows["datum"].to_list() == ["2012-03-05", "2012-03-06"]
    assert table.rows["timmar"].to_list()[0] == "1.5"
    assert table.rows["personnummer"].to_list()[0] == "198112189876"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.csv", b"\x00\x01\x02\xff\xfe binary"),
        ("a.xlsx", b"not a zip at all"),
        ("a.csv", b""),
        ("a.csv", b'a;b\n1;"unterminated\n'),
    ],
)
def test_unreadable_files(tmp_path, name, content):
    with pytest.raises(UnreadableFile):
        read_table(write(tmp_path, name, content))
