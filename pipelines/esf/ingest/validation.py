"""Type and check every row of a delivered file against its source contract (SPEC §2.1, §3).

All checks are polars expressions over the whole file. A row gets one reason: the
columns in contract order, each checked for empty, then parse, then rule; then
`invalid_period`, `unknown_project`, and last `duplicate_key` among the rows that passed
everything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from esf import personnummer
from esf.contracts import Column, Source
from esf.ingest.reading import DATE_CELL, NUMBER_CELL

PNR_TYPES = {"pnr", "respondent"}
# Column types whose reading depends on an xlsx cell's own type (SPEC §2.1).
CELL_TYPED = PNR_TYPES | {"month"}
# A personnummer stored in an xlsx number cell with this many digits has lost a leading zero.
LOST_ZERO_DIGITS = (9, 11)
# Anything shaped like a personnummer inside a raw value: masked to its first six digits.
_PNR_ANYWHERE = r"(^|[^0-9])(?:19|20)?([0-9]{6})[-+]?[0-9]{4}([^0-9]|$)"


def missing_required_columns(source: Source, columns: Iterable[str]) -> list[str]:
    present = set(columns)
    return [c.name for c in source.columns if c.required and c.name not in present]


def validate(
    rows: pl.DataFrame,
    source: Source,
    load_date: dt.date,
    known_projects: set[str],
    cell_types: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Return one row per input row: `_row_number`, `_reason`, `_detail`, `_raw`,
    `_dup_pending` and the typed columns (pnr columns as `<col>__pnr12/__sex/__birth_year`).

    `cell_types` is an xlsx file's `RawTable.cell_types`; without it every cell is text.
    """
    contract_names = [c.name for c in source.columns]
    raw_names = [c for c in rows.columns if c != "_row_number"]
    frame = rows.with_columns(pl.lit("").alias(c) for c in contract_names if c not in rows.columns).with_columns(
        (
            cell_types[c.name] if cell_types is not None and c.name in cell_types.columns else pl.lit(None, pl.Utf8)
        ).alias(f"_k_{c.name}")
        for c in source.columns
        if c.type in CELL_TYPED
    )
    for column in source.columns:
        if column.type in PNR_TYPES:
            frame = _join_parsed_personnummer(frame, column.name, load_date)

    # Stage 1, on the raw strings: each column's typed value(s) and first failing check.
    typed: list[pl.Expr] = []
    for column in source.columns:
        value_exprs, reason, detail = _check_column(column)
        typed.extend(value_exprs)
        typed += [reason.alias(f"_r_{column.name}"), detail.alias(f"_d_{column.name}")]
    frame = frame.with_columns(*typed, _raw_json(raw_names, source).alias("_raw"))

    # Stage 2, on the typed values: defaults and the row rules.
    checks = [(pl.col(f"_r_{c}"), pl.col(f"_d_{c}")) for c in contract_names]
    for column in source.columns:
        if column.default_month_of:
            frame = frame.with_columns(
                pl.coalesce(_v(column.name), _v(column.default_month_of).dt.truncate("1mo")).alias(f"_v_{column.name}")
            )
    if source.period:
        start, end = source.period
        broken = _v(end) < _v(start)
        checks.append(
            (
                pl.when(broken).then(pl.lit("invalid_period")),
                pl.when(broken).then(
                    pl.format("{} {} is before {} {}", pl.lit(end), _v(end), pl.lit(start), _v(start))
                ),
            )
        )
    if source.project_column:
        col = source.project_column
        unknown = _v(col).is_not_null() & ~_v(col).is_in(sorted(known_projects))
        checks.append(
            (
                pl.when(unknown).then(pl.lit("unknown_project")),
                pl.when(unknown).then(pl.format("{}: no valid project file for '{}'", pl.lit(col), _v(col))),
            )
        )
    frame = frame.with_columns(
        pl.coalesce([r for r, _ in checks]).alias("_reason"),
        pl.coalesce([d for _, d in checks]).alias("_detail"),
    )
    typed_names = [c for c in frame.columns if c.startswith("_v_")]
    frame = frame.select(
        "_row_number",
        "_reason",
        "_detail",
        "_raw",
        *(pl.col(c).alias(c.removeprefix("_v_")) for c in typed_names),
    )
    return _mark_duplicate_keys(frame, source)


def _v(name: str) -> pl.Expr:
    """The typed value of a contract column during validation."""
    return pl.col(f"_v_{name}")


def _join_parsed_personnummer(frame: pl.DataFrame, name: str, load_date: dt.date) -> pl.DataFrame:
    """Parse each distinct value of a person column once, and join the result back as `_p_<name>__*`."""
    parsed = personnummer.parse(frame[name], load_date)
    parsed = parsed.rename({c: f"_p_{name}__{c}" for c in parsed.columns if c != "value"}).rename({"value": name})
    return frame.join(parsed, on=name, how="left", maintain_order="left")


def _check_column(column: Column) -> tuple[list[pl.Expr], pl.Expr, pl.Expr]:
    """The typed value(s) of a column and its first failing check (null when none)."""
    name = column.name
    text = pl.col(name)
    empty = text == ""
    if column.required:
        missing = empty
    elif column.required_when:
        missing = empty & (pl.col(column.required_when) != "")
    else:
        missing = pl.lit(False)

    parse_failed = pl.lit(False)
    rule_failed = pl.lit(False)
    lost_zero = pl.lit(False)
    rule_text = ""
    values: list[pl.Expr]
    if column.type in PNR_TYPES:
        lost_zero = (pl.col(f"_k_{name}") == NUMBER_CELL).fill_null(False) & text.str.len_chars().is_in(
            LOST_ZERO_DIGITS
        )
        is_pnr = text.str.contains(personnummer.PNR_SHAPE) if column.type == "respondent" else ~empty
        is_pnr = is_pnr | lost_zero
        parse_failed = is_pnr & (~pl.col(f"_p_{name}__valid") | lost_zero)
        values = [
            pl.when(is_pnr).then(pl.col(f"_p_{name}__{f}")).alias(f"_v_{name}__{f}")
            for f in ("pnr12", "sex", "birth_year")
        ]
        if column.type == "respondent":
            values.append(pl.when(~is_pnr & ~empty).then(text).alias(f"_v_{name}__anon"))
        reason_on_parse = "invalid_personnummer"
    elif column.type in ("date", "month"):
        value = _parse_date(text) if column.type == "date" else _parse_month(_month_text(name))
        parse_failed = ~empty & value.is_null()
        values = [value.alias(f"_v_{name}")]
        reason_on_parse = "invalid_date"
    elif column.type == "number":
        value = _parse_number(text)
        parse_failed = ~empty & value.is_null()
        values = [value.alias(f"_v_{name}")]
        reason_on_parse = "invalid_number"
        rule_failed, rule_text = _number_rule(value, column.rule)
    elif column.type == "text":
        value = pl.when(empty).then(None).otherwise(text)
        if (allowed := column.allowed_values()) is not None:
            value = value.str.to_lowercase()
            rule_failed = ~value.is_in(allowed)
            rule_text = "one of " + ", ".join(allowed)
        elif column.name == "projekt":
            value = value.str.to_uppercase()
        values = [value.alias(f"_v_{name}")]
        reason_on_parse = ""
    else:  # pragma: no cover - guarded by the contract loader's tests
        raise ValueError(f"unknown column type {column.type!r} for {name}")

    reason = (
        pl.when(missing)
        .then(pl.lit("missing_value"))
        .when(empty)
        .then(None)
        .when(parse_failed)
        .then(pl.lit(reason_on_parse))
        .when(rule_failed.fill_null(False))
        .then(pl.lit("invalid_value"))
    )
    shown = pl.lit("<personnummer>") if column.type in PNR_TYPES else text
    detail = (
        pl.when(missing)
        .then(pl.lit(f"{name}: empty"))
        .when(empty)
        .then(None)
        .when(lost_zero)
        .then(
            pl.format(
                "{}: a number cell of {} digits, a personnummer that lost its leading zero"
                " (format the column as text in Excel and deliver the file again)",
                pl.lit(name),
                text.str.len_chars(),
            )
        )
        .when(parse_failed)
        .then(pl.format("{}: cannot read '{}' as {}", pl.lit(name), shown, pl.lit(column.type)))
        .when(rule_failed.fill_null(False))
        .then(pl.format("{}: '{}' is not {}", pl.lit(name), shown, pl.lit(rule_text)))
    )
    return values, reason, detail


def _parse_date(text: pl.Expr) -> pl.Expr:
    return (
        pl.when(text.str.contains(r"^\d{4}-\d{2}-\d{2}$"))
        .then(text.str.strptime(pl.Date, "%Y-%m-%d", strict=False))
        .when(text.str.contains(r"^\d{8}$"))
        .then(text.str.strptime(pl.Date, "%Y%m%d", strict=False))
    )


def _month_text(name: str) -> pl.Expr:
    """A month column's text; an xlsx date cell, read as `YYYY-MM-DD`, is its month (SPEC §2.1)."""
    return pl.when(pl.col(f"_k_{name}") == DATE_CELL).then(pl.col(name).str.slice(0, 7)).otherwise(pl.col(name))


def _parse_month(text: pl.Expr) -> pl.Expr:
    digits = text.str.replace("-", "")
    return pl.when(text.str.contains(r"^\d{4}-?\d{2}$")).then(
        (digits + "01").str.strptime(pl.Date, "%Y%m%d", strict=False)
    )


def _parse_number(text: pl.Expr) -> pl.Expr:
    """Decimal comma or point, space/non-breaking space thousands, optional ` kr` or `%`."""
    bare = text.str.replace(r"(?i)\s*(kr|%)$", "").str.replace_all(r"[\s\u00a0\u202f]", "")
    return pl.when(bare.str.contains(r"^[-+]?\d+([.,]\d+)?$")).then(
        bare.str.replace(",", ".").cast(pl.Float64, strict=False)
    )


def _number_rule(value: pl.Expr, rule: dict | None) -> tuple[pl.Expr, str]:
    if not rule:
        return pl.lit(False), ""
    if "range" in rule:
        gt, le = rule["range"]["gt"], rule["range"]["le"]
        return ~((value > gt) & (value <= le)), f"in ({gt}, {le}]"
    if "one_of" in rule:
        allowed = [float(v) for v in rule["one_of"]]
        return ~value.is_in(allowed), "one of " + ", ".join(str(v) for v in rule["one_of"])
    if "amount" in rule:
        top = rule["amount"]["max"]
        return (value == 0) | (value > top), f"non-zero and at most {top}"
    raise ValueError(f"unknown rule {rule!r}")


def _raw_json(raw_names: list[str], source: Source) -> pl.Expr:
    """The row as written, as JSON, with every personnummer masked (SPEC §4)."""
    pnr_columns = {c.name for c in source.columns if c.type in PNR_TYPES}
    fields = []
    for name in raw_names:
        col = pl.col(name)
        if name in pnr_columns:
            digits = col.str.replace_all(r"\D", "")
            six = pl.when(digits.str.len_chars() == 12).then(digits.str.slice(2, 6)).otherwise(digits.str.slice(0, 6))
            col = pl.when(digits.str.len_chars() >= 6).then(six + "-****").otherwise(col)
        fields.append(col.alias(name))
    if not fields:
        return pl.lit("{}")
    return pl.struct(fields).struct.json_encode().str.replace_all(_PNR_ANYWHERE, "${1}${2}-****${3}")


def _mark_duplicate_keys(frame: pl.DataFrame, source: Source) -> pl.DataFrame:
    """`duplicate_key` for later valid rows of a key; `_dup_pending` marks the same among the
    `unknown_project` rows, for when their project arrives (SPEC §2.1)."""
    key_cols = [f"{k}__pnr12" if source.column(k).type in PNR_TYPES else k for k in source.key]
    if "respondent" in source.key:
        key_cols.append("respondent__anon")
    group = pl.coalesce(pl.col("_reason"), pl.lit(""))
    first_row = pl.col("_row_number").min().over([group, *key_cols])
    repeated = pl.col("_row_number") != first_row
    return frame.with_columns(
        pl.when(pl.col("_reason").is_null() & repeated)
        .then(pl.lit("duplicate_key"))
        .otherwise(pl.col("_reason"))
        .alias("_reason"),
        pl.when(pl.col("_reason").is_null() & repeated)
        .then(pl.format("key ({}) repeats row {}", pl.lit(", ".join(source.key)), first_row))
        .otherwise(pl.col("_detail"))
        .alias("_detail"),
        (pl.col("_reason").eq("unknown_project") & repeated).alias("_dup_pending"),
    )
