"""SPEC §2.2: every accepted form, the check digit, samordningsnummer, century and sex."""

import datetime as dt

import polars as pl
import pytest

from esf.personnummer import luhn_check_digit, parse

LOAD = dt.date(2026, 11, 1)


def parsed(value: str, load: dt.date = LOAD) -> dict:
    return parse(pl.Series([value]), load).row(0, named=True)


def test_luhn_of_a_known_number():
    # 811218-9876 is the Skatteverket textbook example
    assert luhn_check_digit("811218987") == 6


@pytest.mark.parametrize("form", ["19811218-9876", "198112189876", "811218-9876", "8112189876"])
def test_every_form_gives_the_same_12_digit_form(form):
    p = parsed(form)
    assert p["valid"] and p["pnr12"] == "198112189876"
    assert p["birth_year"] == 1981
    assert p["sex"] == "M"  # second-to-last digit 7 is odd


def test_even_second_to_last_digit_is_a_woman():
    ten = "850312124"
    value = f"{ten[:6]}-{ten[6:]}{luhn_check_digit(ten)}"
    assert parsed(value)["sex"] == "K"


def test_plus_means_a_hundred_years_earlier():
    assert parsed("811218+9876")["pnr12"] == "188112189876"


def test_ten_digit_form_takes_the_latest_century_not_after_the_load_day():
    ten = "250101123"
    value = f"{ten}{luhn_check_digit(ten)}"
    assert parsed(value, dt.date(2026, 1, 1))["birth_year"] == 2025
    assert parsed(value, dt.date(2024, 12, 31))["birth_year"] == 1925


def test_samordningsnummer_day_plus_sixty():
    ten = "850372123"  # 12 March 1985 + 60
    p = parsed(f"{ten[:6]}-{ten[6:]}{luhn_check_digit(ten)}")
    assert p["valid"] and p["birth_year"] == 1985 and p["pnr12"] == "19" + ten + str(luhn_check_digit(ten))


@pytest.mark.parametrize(
    "value",
    [
        "19811218-9877",  # wrong check digit
        "19850230-1234",  # 30 February
        "1981121898761",  # 13 digits
        "8112189-876",  # misplaced dash
        "ABCDEFGH-1234",
        "19811218 9876",  # space is no separator
        "20811218-9876",  # 12-digit birth date after the load day
    ],
)
def test_invalid_forms(value):
    p = parsed(value)
    assert not p["valid"] and p["pnr12"] is None
