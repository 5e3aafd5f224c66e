"""Swedish personnummer and samordningsnummer: parsing, checking and masking (SPEC §2.2).

Parsing is vectorised with polars expressions so that a file of millions of rows is
checked without a Python loop; only the HMAC (see `pseudonym.py`) runs once per
distinct person.
"""
from __future__ import annotations

import datetime as dt

import polars as pl

# YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN
PNR_PATTERN = r"^(\d{2})?(\d{6})([-+]?)(\d{4})$"
# A survey respondent "shaped like" a personnummer (SPEC §3.6): 10 or 12 digits, optional - or +.
PNR_SHAPE = r"^(\d{8}|\d{6})[-+]?\d{4}$"


def luhn_check_digit(nine_digits: str) -> int:
    """The check digit that completes a 10-digit personnummer (YYMMDDNNN + check)."""
    total = 0
    for i, ch in enumerate(nine_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def _luhn_ok(ten: pl.Expr) -> pl.Expr:
    """Luhn over the 10-digit form as a polars expression (weights 2,1,2,1,...)."""
    total = pl.lit(0)
    for i in range(10):
        d = ten.str.slice(i, 1).cast(pl.Int32, strict=False)
        if i % 2 == 0:
            d = d * 2
            d = pl.when(d > 9).then(d - 9).otherwise(d)
        total = total + d
    return (total % 10) == 0


def parse(values: pl.Expr, load_date: dt.date) -> pl.Expr:
    """Parse personnummer strings into a struct {pnr12, sex, birth_year, valid}.

    `pnr12` is the canonical 12-digit form YYYYMMDDNNNN (the HMAC input), `valid` is
    false for any other form, a wrong check digit or an impossible date. A 10-digit form
    gets the latest century that does not put the birth date after `load_date`, or 100
    years earlier with `+`.
    """
    s = values.str.strip_chars()
    century = s.str.extract(PNR_PATTERN, 1)
    yymmdd = s.str.extract(PNR_PATTERN, 2)
    sep = s.str.extract(PNR_PATTERN, 3)
    tail = s.str.extract(PNR_PATTERN, 4)
    ten = yymmdd + tail

    yy = yymmdd.str.slice(0, 2).cast(pl.Int32, strict=False)
    month = yymmdd.str.slice(2, 2).cast(pl.Int32, strict=False)
    day_raw = yymmdd.str.slice(4, 2).cast(pl.Int32, strict=False)
    # samordningsnummer: day of month + 60
    day = pl.when(day_raw > 60).then(day_raw - 60).otherwise(day_raw)

    def birth(year: pl.Expr) -> pl.Expr:
        return pl.date(year, month, day)

    base = pl.lit(load_date.year // 100 * 100) + yy
    guess = pl.when(birth(base) > pl.lit(load_date)).then(base - 100).otherwise(base)
    short_year = pl.when(sep == "+").then(guess - 100).otherwise(guess)
    year = (
        pl.when(century.is_not_null())
        .then(century.cast(pl.Int32, strict=False) * 100 + yy)
        .otherwise(short_year)
    )
    # pl.date on an impossible date (e.g. 30 Feb) yields null rather than raising when
    # built through a string round-trip, so validate via strptime.
    date_text = (
        year.cast(pl.Utf8).str.zfill(4)
        + month.cast(pl.Utf8).str.zfill(2)
        + day.cast(pl.Utf8).str.zfill(2)
    )
    birth_date = date_text.str.strptime(pl.Date, "%Y%m%d", strict=False)
    valid = (
        ten.is_not_null()
        & birth_date.is_not_null()
        & (day_raw.is_between(1, 31) | day_raw.is_between(61, 91))
        & _luhn_ok(ten)
        # a 12-digit form's century must agree with its own date (no 20th-century
        # birth dates after the load date)
        & (birth_date <= pl.lit(load_date))
        & ((century.is_null()) | (sep != "+"))
    )
    pnr12 = year.cast(pl.Utf8).str.zfill(4).str.slice(0, 2) + ten
    sex_digit = tail.str.slice(2, 1).cast(pl.Int32, strict=False)
    sex = pl.when(sex_digit % 2 == 1).then(pl.lit("M")).otherwise(pl.lit("K"))
    return pl.struct(
        pnr12=pl.when(valid).then(pnr12),
        sex=pl.when(valid).then(sex),
        birth_year=pl.when(valid).then(year),
        valid=valid.fill_null(False),
    )


def mask(value: str) -> str:
    """Mask a personnummer-like value to its first six digits: `850312-****` (SPEC §4)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) == 12:
        digits = digits[2:]
    return f"{digits[:6]}-****" if len(digits) >= 6 else "****"
