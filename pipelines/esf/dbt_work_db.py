"""dbt-duckdb plugin: when dbt connects, cap DuckDB's memory (esf.settings.duckdb_memory_limit; it
spills beside the work file beyond it) and attach the run's work file, named by $ESF_WORK_DB, as `esf`.

Why not in profiles.yml: dbt hashes the profile's connection values into its partial-parse
state, so a path there that differs per run (each warehouse has its own work file) made every
`dbt build` re-parse the whole project. Read here, at connect time, the profile stays the same
and the warm partial parse of `dbt parse` (esf.dbt_manifest) is reused. The plugin runs before
the profile's own `attach if not exists ... as esf`, which then only serves local use without
the variable. Imported by dbt's process only (profiles.yml names it).
"""

from __future__ import annotations

import os

from dbt.adapters.duckdb.plugins import BasePlugin

from esf.settings import duckdb_memory_limit

WORK_DB_ENV = "ESF_WORK_DB"


def _quoted(text: str) -> str:
    return "'{}'".format(text.replace("'", "''"))


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        # the largest models (the effect matches and calendars) spill rather than take the machine
        conn.execute(f"set memory_limit = {_quoted(duckdb_memory_limit())}")
        path = os.environ.get(WORK_DB_ENV)
        if path:
            conn.execute(f"attach if not exists {_quoted(path)} as esf")
            conn.execute(f"set temp_directory = {_quoted(path + '.tmp')}")  # beside the work file
