"""The indicator catalog and the code lists of `schemas/`, written to `raw.indicator_catalog`
and `raw.code_lists` on every run: the dbt models read every indicator fact and code from them."""
from __future__ import annotations

import duckdb

from esf.contracts import code_lists, indicators

_CATALOG_COLUMNS = """indicator_id varchar primary key, catalog_order integer not null, name_sv varchar not null,
    name_en varchar not null, definition varchar not null, unit varchar not null, better varchar,
    period_types varchar[] not null, breakdowns varchar[] not null, breakdown_always boolean not null,
    cumulative boolean not null,
    disclosure varchar not null, row_exists varchar not null, report_section varchar, report_rows varchar"""
_CODE_COLUMNS = """code_list varchar not null, code varchar not null, code_order integer not null,
    label_sv varchar not null, symbol varchar, primary key (code_list, code)"""


def load_indicator_catalog(con: duckdb.DuckDBPyConnection) -> int:
    """Replace both tables with the files' content; return the number of indicators."""
    catalog = [
        (ind, order, spec["name_sv"], spec["name_en"], spec["definition"], spec["unit"], spec.get("better"),
         spec["period_types"], spec["breakdowns"], spec.get("breakdown_always", False), spec["cumulative"], spec["disclosure"], spec["row_exists"],
         spec.get("report_section"), spec.get("report_rows"))
        for order, (ind, spec) in enumerate(indicators().items(), start=1)
    ]
    codes = [
        (name, code, order, spec["label"], spec.get("symbol"))
        for name, entries in code_lists().items()
        for order, (code, spec) in enumerate(entries.items(), start=1)
    ]
    con.execute("begin")
    con.execute(f"create or replace table raw.indicator_catalog ({_CATALOG_COLUMNS})")
    con.executemany(f"insert into raw.indicator_catalog values ({', '.join('?' * 15)})", catalog)
    con.execute(f"create or replace table raw.code_lists ({_CODE_COLUMNS})")
    con.executemany("insert into raw.code_lists values (?, ?, ?, ?, ?)", codes)
    con.execute("commit")
    return len(catalog)
