"""Held deliveries (SPEC §8.5): a file that fails a severe data check is kept aside, not loaded.

A held file's valid rows wait in `held.<source>` (the same columns as `raw.<source>`), which
no dbt model reads and the publish leaves out; its quarantined rows are in meta.quarantine
as usual. It stays held until a person decides: `esf release` moves its rows into raw under
the file's own file_id (so it keeps its place in the load order), `esf withdraw` takes it
back, and a new delivery of its path withdraws it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from esf.contracts import sources

HELD = "held"
HELD_SCHEMA = "held"
QUARANTINE_SHARE_SEVERE = 0.5


class ReleaseError(ValueError):
    """The file cannot be released (unknown, or not held)."""


@dataclass(frozen=True)
class HeldFile:
    path: str
    source: str
    reason: str
    rows_read: int
    rows_quarantined: int

    def line(self) -> str:
        return f"{self.path}: {self.reason}"


def severe_check(rows_read: int, rows_quarantined: int, rows_unknown_project: int) -> str | None:
    """The reason to hold a file, or None: more than half its rows quarantined, rows waiting for
    their project (`unknown_project`) left out of both counts; `duplicate_key` rows count."""
    counted = rows_read - rows_unknown_project
    bad = rows_quarantined - rows_unknown_project
    if counted > 0 and bad > QUARANTINE_SHARE_SEVERE * counted:
        waiting = (
            f" ({rows_unknown_project} unknown_project row{'s' if rows_unknown_project > 1 else ''} not counted)"
            if rows_unknown_project
            else ""
        )
        return f"quarantine_share: {bad} of {counted} rows quarantined, more than half{waiting}"
    return None


def rows_table(source: str, status: str) -> str:
    """Where a file's rows are: `held.<source>` while it is held, else `raw.<source>`."""
    return f"{HELD_SCHEMA}.{source}" if status == HELD else f"raw.{source}"


def held_files(con: duckdb.DuckDBPyConnection, source: str | None = None, run_id: str | None = None) -> list[HeldFile]:
    """Every file held now, in load order; of one source, or only those `run_id` held."""
    rows = con.execute(
        """select path, source, reason, rows_read, rows_quarantined from meta.files
           where status = 'held' and (?::varchar is null or source = ?) and (?::varchar is null or run_id = ?)
           order by file_id""",
        [source, source, run_id, run_id],
    ).fetchall()
    return [HeldFile(*r) for r in rows]


def release(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Accept the held delivery at `path` as it is; return the rows that load.

    Its rows move into raw with the file's own file_id: it replaces keys of files loaded
    before it, not after. Rows still waiting for their project stay pending in raw and are
    retried by the next run like any other.
    """
    row = con.execute(
        "select file_id, source, rows_loaded from meta.files where path = ? and status = 'held' "
        "order by file_id desc limit 1",
        [path],
    ).fetchone()
    if row is None:
        recorded = con.execute(
            "select status from meta.files where path = ? order by file_id desc limit 1", [path]
        ).fetchone()
        raise ReleaseError(f"{path}: no held delivery at this path" + (f" (it is {recorded[0]})" if recorded else ""))
    file_id, source, rows_loaded = row
    if source not in sources():
        raise ReleaseError(f"{path}: not a delivery of a source")
    con.execute("begin")
    con.execute(f"insert into raw.{source} by name select * from {HELD_SCHEMA}.{source} where _file_id = ?", [file_id])
    con.execute(f"delete from {HELD_SCHEMA}.{source} where _file_id = ?", [file_id])
    # the reason stays, as the record of a person's decision
    con.execute("update meta.files set status = 'loaded', reason = 'released: ' || reason where file_id = ?", [file_id])
    con.execute("commit")
    return rows_loaded
