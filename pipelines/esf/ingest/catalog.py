"""The indicator catalog of `schemas/indicators.yml`, written to `raw.indicator_catalog` on every run."""
from __future__ import annotations

import duckdb

from esf.contracts import indicators


def load_indicator_catalog(con: duckdb.DuckDBPyConnection) -> int:
    rows = [
        (ind, spec["name_sv"], spec["name_en"], spec["definition"], spec["unit"], spec.get("better"),
         spec["period_types"], spec["breakdowns"])
        for ind, spec in indicators().items()
    ]
    con.execute("begin")
    con.execute("delete from raw.indicator_catalog")
    con.executemany("insert into raw.indicator_catalog values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("commit")
    return len(rows)
