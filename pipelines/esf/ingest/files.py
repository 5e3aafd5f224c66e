"""Which delivered files are new, and their record in `meta.files` (SPEC §2.1, §7)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

REJECTED = "rejected"
LOADED = "loaded"
DUPLICATE = "duplicate"
HELD = "held"


@dataclass(frozen=True)
class Delivery:
    """One file in a source folder; `path` is relative to the landing directory."""

    absolute: Path
    path: str
    source: str
    sha256: str


def deliveries(landing_dir: Path, folder: str) -> list[Delivery]:
    """The folder's files in the order they load: lexical order of their path (Python's sorted str)."""
    root = landing_dir / folder
    if not root.is_dir():
        return []
    files = [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")]
    out = [
        Delivery(
            absolute=p,
            path=p.relative_to(landing_dir).as_posix(),
            source=folder,
            sha256=hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in files
    ]
    return sorted(out, key=lambda d: d.path)


def is_recorded(con: duckdb.DuckDBPyConnection, d: Delivery) -> bool:
    """Same path and bytes as a file already recorded: nothing to do."""
    return (
        con.execute("select count(*) from meta.files where path = ? and sha256 = ?", [d.path, d.sha256]).fetchone()[0]
        > 0
    )


def is_duplicate(con: duckdb.DuckDBPyConnection, d: Delivery) -> bool:
    """Bytes equal to a file already loaded or held (same SHA-256) under another path."""
    return (
        con.execute(
            "select count(*) from meta.files where sha256 = ? and status in ('loaded', 'held')", [d.sha256]
        ).fetchone()[0]
        > 0
    )


def record(
    con: duckdb.DuckDBPyConnection,
    d: Delivery,
    status: str,
    run_id: str,
    rows_read: int = 0,
    rows_loaded: int = 0,
    rows_quarantined: int = 0,
    reason: str | None = None,
    extra_columns: str | None = None,
) -> int:
    """Insert the file's row and return its file_id (ids grow in load order)."""
    return con.execute(
        """insert into meta.files values (nextval('meta.file_id_seq'), ?, ?, ?, now()::timestamp,
           ?, ?, ?, ?, ?, ?, ?) returning file_id""",
        [d.path, d.source, d.sha256, status, rows_read, rows_loaded, rows_quarantined, reason, extra_columns, run_id],
    ).fetchone()[0]
