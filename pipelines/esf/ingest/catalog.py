"""The indicator catalog and the code lists of `schemas/`, written to `raw.indicator_catalog`
and `raw.code_lists` on every run: the dbt models read every indicator fact and code from them."""

from __future__ import annotations

import duckdb

from esf.contracts import code_lists, indicators

# (column, type, the default of a key an entry may leave out; None = required) in table order
_CATALOG = [
    ("name_sv", "varchar not null", None),
    ("name_en", "varchar not null", None),
    ("definition", "varchar not null", None),
    ("unit", "varchar not null", None),
    ("better", "varchar", ""),
    ("period_types", "varchar[] not null", None),
    ("breakdowns", "varchar[] not null", None),
    ("breakdown_always", "boolean not null", False),
    ("cumulative", "boolean not null", None),
    ("disclosure", "varchar not null", None),
    ("row_exists", "varchar not null", None),
    ("data_source", "varchar not null", None),
    ("report_section", "varchar", ""),
    ("report_rows", "varchar", ""),
]
_CODE_COLUMNS = """code_list varchar not null, code varchar not null, code_order integer not null,
    label_sv varchar not null, symbol varchar, primary key (code_list, code)"""


def _fact(indicator: str, spec: dict, key: str, default: object):
    if key not in spec and default is None:
        raise ValueError(f"schemas/indicators.yml: {indicator} has no {key}")
    value = spec.get(key, default)
    return None if value == "" else value


def load_indicator_catalog(con: duckdb.DuckDBPyConnection) -> int:
    """Replace both tables with the files' content; return the number of indicators."""
    catalog = [
        (ind, order, *(_fact(ind, spec, key, default) for key, _, default in _CATALOG))
        for order, (ind, spec) in enumerate(indicators().items(), start=1)
    ]
    codes = [
        (name, code, order, spec["label"], spec.get("symbol"))
        for name, entries in code_lists().items()
        for order, (code, spec) in enumerate(entries.items(), start=1)
    ]
    con.execute("begin")
    try:
        _replace(con, catalog, codes)
    except Exception:
        con.execute("rollback")
        raise
    con.execute("commit")
    return len(catalog)


def _replace(con: duckdb.DuckDBPyConnection, catalog: list[tuple], codes: list[tuple]) -> None:
    columns = ", ".join(f"{key} {kind}" for key, kind, _ in _CATALOG)
    con.execute(
        f"create or replace table raw.indicator_catalog (indicator_id varchar primary key, "
        f"catalog_order integer not null, {columns})"
    )
    con.executemany(f"insert into raw.indicator_catalog values ({', '.join('?' * (len(_CATALOG) + 2))})", catalog)
    con.execute(f"create or replace table raw.code_lists ({_CODE_COLUMNS})")
    con.executemany("insert into raw.code_lists values (?, ?, ?, ?, ?)", codes)
