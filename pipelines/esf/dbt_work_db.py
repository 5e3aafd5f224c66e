"""dbt-duckdb plugin: attach the run's work file, named by $ESF_WORK_DB, as `esf` when dbt connects.

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

WORK_DB_ENV = "ESF_WORK_DB"


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        path = os.environ.get(WORK_DB_ENV)
        if path:
            conn.execute("attach if not exists '{}' as esf".format(path.replace("'", "''")))
