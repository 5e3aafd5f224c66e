"""What a run starts from, and whether it equals what the last successful run started from.

A run with the same landing files (path, size, times, inode), the same `as_of`, the same code
and no operator decision since (a release or withdrawal changes meta.files) would build
exactly the published warehouse again: `esf run` then says so and stops, and the published
file is not touched (docs/operations.md). Reading file sizes and times, not their bytes, keeps
the check to a fraction of a second at national scale; a copy that keeps the modification
time still gets a new change time (which no tool can set).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from esf.incremental import code_hash
from esf.settings import Settings


def landing_fingerprint(landing_dir: Path) -> str:
    """A digest of every file's path, size, modification and change time and inode: it changes when
    a file lands, changes or is replaced (a copy that keeps the modification time gets a new ctime)."""
    digest = hashlib.sha256()
    if landing_dir.is_dir():
        for path in sorted(p for p in landing_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
            st = path.stat()
            digest.update(
                f"{path.relative_to(landing_dir).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode()
            )
    return digest.hexdigest()


def _fingerprint(con: duckdb.DuckDBPyConnection, settings: Settings, landing: str) -> str:
    decisions = con.execute("select file_id, status, reason from meta.files order by file_id").fetchall()
    parts = {
        "landing": landing,
        "as_of": settings.as_of.isoformat() if settings.as_of else None,
        "reports": str(settings.reports_dir.resolve()),
        "code": code_hash(),
        "files": hashlib.sha256(json.dumps(decisions, default=str).encode()).hexdigest(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def record(con: duckdb.DuckDBPyConnection, settings: Settings, landing: str) -> None:
    """At the end of a successful run: what it started from (`landing`, read when it started)."""
    fingerprint = _fingerprint(con, settings, landing)
    con.execute("delete from meta.run_inputs")
    con.execute("insert into meta.run_inputs values (?)", [fingerprint])


def unchanged_since_last_run(settings: Settings) -> bool:
    """True when a run with these settings would start from what the last successful run did. The
    fingerprint is read from the published file, which holds it only once the publish succeeded."""
    if not settings.warehouse.exists() or not settings.work_db.exists():
        return False
    if not (settings.reports_dir / "index.html").exists():
        return False
    try:
        with duckdb.connect(str(settings.warehouse), read_only=True) as published:
            recorded = published.execute("select fingerprint from meta.run_inputs").fetchone()
        with duckdb.connect(str(settings.work_db), read_only=True) as con:
            now = _fingerprint(con, settings, landing_fingerprint(settings.landing_dir))
    except duckdb.Error:  # no such table yet, or a run is writing the file: run and see
        return False
    return recorded is not None and recorded[0] == now
