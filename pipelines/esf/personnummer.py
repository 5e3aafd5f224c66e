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


def parse(values: pl.Series, load_date: dt.date) -> pl.DataFrame:
    """Parse distinct personnummer strings: one row per value with `pnr12`, `sex`,
    `birth_year` and `valid`.

    `pnr12` is the canonical 12-digit form YYYYMMDDNNNN (the HMAC input); `valid` is
    false for any other form, a wrong check digit or an impossible date. A 10-digit form
    gets the latest century that does not put the birth date after `load_date`, or 100
    years earlier with `+`. Callers pass distinct values and join the result back, so a
    file is parsed once per person, not once per row.
    """

    def birth(year: str) -> pl.Expr:
        """The birth date in `year`, null when it does not exist (e.g. 30 February)."""
        return (pl.col(year).cast(pl.Utf8).str.zfill(4) + pl.col("month_day")).str.strptime(
            pl.Date, "%Y%m%d", strict=False
        )

    load = pl.lit(load_date)
    frame = (
        pl.DataFrame({"value": values.unique()})
        .with_columns(pl.col("value").str.strip_chars().str.extract_groups(PNR_PATTERN).alias("g"))
        .with_columns(
            century=pl.col("g").struct.field("1"),
            yymmdd=pl.col("g").struct.field("2"),
            sep=pl.col("g").struct.field("3"),
            tail=pl.col("g").struct.field("4"),
        )
        .with_columns(
            ten=pl.col("yymmdd") + pl.col("tail"),
            yy=pl.col("yymmdd").str.slice(0, 2).cast(pl.Int32),
            day_raw=pl.col("yymmdd").str.slice(4, 2).cast(pl.Int32),
        )
        .with_columns(
            # samordningsnummer: day of month + 60
            month_day=pl.col("yymmdd").str.slice(2, 2)
            + pl.when(pl.col("day_raw") > 60)
            .then(pl.col("day_raw") - 60)
            .otherwise(pl.col("day_raw"))
            .cast(pl.Utf8)
            .str.zfill(2),
            base=pl.lit(load_date.year // 100 * 100) + pl.col("yy"),
        )
        .with_columns(guess=pl.when(birth("base") > load).then(pl.col("base") - 100).otherwise(pl.col("base")))
        .with_columns(
            year=pl.when(pl.col("century").is_not_null())
            .then(pl.col("century").cast(pl.Int32) * 100 + pl.col("yy"))
            .when(pl.col("sep") == "+")
            .then(pl.col("guess") - 100)
            .otherwise(pl.col("guess"))
        )
        .with_columns(birth_date=birth("year"))
        .with_columns(
            valid=(
                pl.col("ten").is_not_null()
                & pl.col("birth_date").is_not_null()
                & (pl.col("day_raw").is_between(1, 31) | pl.col("day_raw").is_between(61, 91))
                & _luhn_ok(pl.col("ten"))
                # no birth date after the load day, whatever the form
                & (pl.col("birth_date") <= load)
                # `+` belongs to the 10-digit form only
                & (pl.col("century").is_null() | (pl.col("sep") != "+"))
            ).fill_null(False)
        )
    )
    valid = pl.col("valid")
    return frame.select(
        "value",
        pnr12=pl.when(valid).then(pl.col("year").cast(pl.Utf8).str.slice(0, 2) + pl.col("ten")),
        sex=pl.when(valid).then(
            pl.when(pl.col("tail").str.slice(2, 1).cast(pl.Int32) % 2 == 1).then(pl.lit("M")).otherwise(pl.lit("K"))
        ),
        birth_year=pl.when(valid).then(pl.col("year")),
        valid=valid,
    )
