"""SPEC §2.1 and §3: parsing of numbers, dates and months, every row reason code and their precedence."""

import datetime as dt

import polars as pl
import pytest

from esf.contracts import sources
from esf.ingest.validation import validate

from conftest import LOAD_DATE, pnr

P1 = pnr("19811218", "987")
P2 = pnr("19850312", "124")


def check(source: str, rows: list[dict], projects=frozenset({"TEST"})) -> pl.DataFrame:
    frame = (
        pl.DataFrame(rows).with_row_index("_row_number", offset=1).with_columns(pl.col("_row_number").cast(pl.Int64))
    )
    return validate(frame, sources()[source], LOAD_DATE, set(projects))


def employment(**overrides) -> dict:
    row = {
        "anstallning_id": "A1",
        "personnummer": P1,
        "organisation": "Kalmar",
        "sysselsattningsgrad": "100",
        "anstallning_from": "2012-01-01",
        "anstallning_tom": "",
        "befattning": "",
        "arbetsplats": "",
    }
    return {**row, **overrides}


def payment(**overrides) -> dict:
    row = {
        "utbetalning_id": "U1",
        "personnummer": P1,
        "hushall_id": "",
        "kommun": "Osby",
        "utbetalningsdatum": "2012-03-25",
        "avser_manad": "",
        "belopp": "1000",
        "bistandstyp": "",
        "forsorjningshinder": "",
    }
    return {**row, **overrides}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1234.5", 1234.5),
        ("-450", -450.0),
        ("8 450,00 kr", 8450.0),
        ("75%", 75.0),
        ("75 %", 75.0),
        ("100", 100.0),
    ],
)
def test_number_forms(text, value):
    out = check("forsorjningsstod", [payment(belopp=text)])
    assert out["_reason"][0] is None and out["belopp"][0] == value


@pytest.mark.parametrize("text", ["abc", "12,3,4", "1.234,5", "--5", "5-"])
def test_invalid_numbers(text):
    assert check("forsorjningsstod", [payment(belopp=text)])["_reason"][0] == "invalid_number"


@pytest.mark.parametrize(("text", "value"), [("2012-03-05", dt.date(2012, 3, 5)), ("20120305", dt.date(2012, 3, 5))])
def test_date_forms(text, value):
    out = check("anstallningar", [employment(anstallning_from=text)])
    assert out["_reason"][0] is None and out["anstallning_from"][0] == value


@pytest.mark.parametrize("text", ["2012-13-01", "31/12/2012", "2012-02-30", "2012-3-5", "120305"])
def test_invalid_dates(text):
    assert check("anstallningar", [employment(anstallning_from=text)])["_reason"][0] == "invalid_date"


@pytest.mark.parametrize(
    ("text", "month"), [("2012-02", dt.date(2012, 2, 1)), ("201202", dt.date(2012, 2, 1)), ("", dt.date(2012, 3, 1))]
)
def test_months_and_their_default(text, month):
    out = check("forsorjningsstod", [payment(avser_manad=text)])
    assert out["_reason"][0] is None and out["avser_manad"][0] == month


def test_invalid_month_is_invalid_date():
    assert check("forsorjningsstod", [payment(avser_manad="2012-13")])["_reason"][0] == "invalid_date"


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"anstallning_id": ""}, "missing_value"),
        ({"personnummer": ""}, "missing_value"),
        ({"personnummer": "19811218-9877"}, "invalid_personnummer"),
        ({"sysselsattningsgrad": "0"}, "invalid_value"),
        ({"sysselsattningsgrad": "100,5"}, "invalid_value"),
        ({"sysselsattningsgrad": "x"}, "invalid_number"),
        ({"anstallning_from": "2012-02-31"}, "invalid_date"),
        ({"anstallning_tom": "2011-12-31"}, "invalid_period"),
        # precedence: the first column in contract order decides, empty before parse before rule
        ({"personnummer": "bad", "sysselsattningsgrad": "0"}, "invalid_personnummer"),
        ({"sysselsattningsgrad": "0", "anstallning_from": "x"}, "invalid_value"),
        ({"anstallning_from": "x", "anstallning_tom": "2000-01-01"}, "invalid_date"),
        ({"organisation": "", "personnummer": "bad"}, "invalid_personnummer"),
    ],
)
def test_employment_reasons(overrides, reason):
    assert check("anstallningar", [employment(**overrides)])["_reason"][0] == reason


@pytest.mark.parametrize(
    ("belopp", "reason"), [("0", "invalid_value"), ("200001", "invalid_value"), ("200000", None), ("-250000", None)]
)
def test_amount_rule(belopp, reason):
    assert check("forsorjningsstod", [payment(belopp=belopp)])["_reason"][0] == reason


@pytest.mark.parametrize(("omfattning", "reason"), [("50", None), ("30", "invalid_value"), ("100,0", None)])
def test_sick_degree_rule(omfattning, reason):
    row = {
        "franvaro_id": "F1",
        "personnummer": P1,
        "organisation": "Kalmar",
        "sjuk_from": "2012-01-01",
        "sjuk_tom": "",
        "omfattning": omfattning,
    }
    assert check("sjukfranvaro", [row])["_reason"][0] == reason


def participation(**overrides) -> dict:
    row = {
        "projekt": "TEST",
        "personnummer": P1,
        "startdatum": "2012-01-01",
        "slutdatum": "",
        "avslutsorsak": "",
        "insats": "",
        "roll": "",
        "malgrupp": "",
    }
    return {**row, **overrides}


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"slutdatum": "2012-06-30"}, "missing_value"),  # avslutsorsak required once slutdatum is set
        ({"slutdatum": "2012-06-30", "avslutsorsak": "Arbete"}, None),
        ({"slutdatum": "2012-06-30", "avslutsorsak": "semester"}, "invalid_value"),
        ({"avslutsorsak": "arbete"}, None),
        ({"slutdatum": "2011-06-30", "avslutsorsak": "arbete"}, "invalid_period"),
        ({"projekt": "NOPE"}, "unknown_project"),
        # the row rules come after every column: invalid_period before unknown_project
        ({"projekt": "NOPE", "slutdatum": "2011-06-30", "avslutsorsak": "arbete"}, "invalid_period"),
        ({"projekt": "NOPE", "personnummer": "x"}, "invalid_personnummer"),
        ({"projekt": "test"}, None),  # project codes match case-insensitively
    ],
)
def test_participation_reasons(overrides, reason):
    assert check("deltagare", [participation(**overrides)])["_reason"][0] == reason


def test_duplicate_key_compares_the_person_not_the_text():
    short = P1[2:]  # 811218-9876 is the same person as 19811218-9876
    out = check("deltagare", [participation(), participation(personnummer=short), participation(personnummer=P2)])
    assert out["_reason"].to_list() == [None, "duplicate_key", None]
    assert "repeats row 1" in out["_detail"][1]


def test_duplicate_key_counts_only_rows_that_passed_everything_else():
    out = check("deltagare", [participation(startdatum="x"), participation(), participation()])
    assert out["_reason"].to_list() == ["invalid_date", None, "duplicate_key"]


def test_activity_rows_without_personnummer_are_one_key_per_occurrence():
    row = {
        "projekt": "TEST",
        "aktivitet_id": "K1",
        "datum": "2012-02-01",
        "aktivitetstyp": "kursomgang",
        "personnummer": "",
        "roll": "",
        "timmar": "",
    }
    out = check("aktiviteter", [row, {**row, "aktivitet_id": "K2"}, row, {**row, "timmar": "25"}])
    assert out["_reason"].to_list() == [None, None, "duplicate_key", "invalid_value"]


def test_survey_respondent_is_a_personnummer_only_when_shaped_like_one():
    base = {"projekt": "TEST", "enkat": "avslut", "besvarad": "2013-01-01", "fraga": "q", "svar": "4"}
    out = check(
        "enkater",
        [
            {**base, "respondent": "R017"},
            {**base, "respondent": P1},
            {**base, "respondent": "19811218-9877"},
            {**base, "respondent": "1981121898"},
        ],
    )
    assert out["_reason"].to_list() == [None, None, "invalid_personnummer", "invalid_personnummer"]
    assert out["respondent__anon"].to_list()[:2] == ["R017", None]
    assert out["respondent__pnr12"][1] == P1.replace("-", "")


def test_raw_rows_mask_every_personnummer():
    out = check("deltagare", [participation(personnummer="19811218-9877", malgrupp=f"see {P2} and 8112189876")])
    raw = out["_raw"][0]
    assert "811218-****" in raw and "850312-****" in raw
    assert "9877" not in raw and "9876" not in raw and P2 not in raw
