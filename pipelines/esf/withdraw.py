"""Take back a delivery made by mistake, or a held one (SPEC §7, §8.5): its rows leave the
warehouse, the keys it corrected fall back to the delivery before it, and meta.files says
`withdrawn`.

The work file changes at once; analysts see it from the next publish.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from esf.contracts import PROJECT_FOLDER, sources
from esf.held import rows_table


class WithdrawError(ValueError):
    """The file cannot be withdrawn (unknown, not loaded or held, or a project file)."""


def withdraw(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Withdraw the latest loaded or held delivery at `path` (relative to the landing directory);
    return its rows removed.

    Staging keeps the latest delivery of each key, so removing the rows is enough for a
    corrected key to fall back to the delivery before.
    """
    row = con.execute(
        "select file_id, source, status from meta.files where path = ? and status in ('loaded', 'held') "
        "order by file_id desc limit 1",
        [path],
    ).fetchone()
    if row is None:
        recorded = con.execute(
            "select status from meta.files where path = ? order by file_id desc limit 1", [path]
        ).fetchone()
        raise WithdrawError(
            f"{path}: no loaded or held delivery at this path" + (f" (it is {recorded[0]})" if recorded else "")
        )
    file_id, source, status = row
    if source == PROJECT_FOLDER or source not in sources():
        raise WithdrawError(f"{path}: project files are replaced by a new version, not withdrawn")
    con.execute("begin")
    removed = take_back(con, file_id, source, status)
    con.execute("commit")
    return removed


def take_back(con: duckdb.DuckDBPyConnection, file_id: int, source: str, status: str) -> int:
    """Remove a file's rows and quarantine rows and mark it `withdrawn`, inside the caller's
    transaction; return the rows removed that had loaded (or, for a held file, would have)."""
    table = rows_table(source, status)
    (removed,) = con.execute(f"select count(*) from {table} where _file_id = ? and not _pending", [file_id]).fetchone()
    con.execute(f"delete from {table} where _file_id = ?", [file_id])
    con.execute("delete from meta.quarantine where file_id = ?", [file_id])
    con.execute("update meta.files set status = 'withdrawn' where file_id = ?", [file_id])
    return removed


def relative_path(file: Path, landing_dir: Path) -> str:
    """The path as meta.files records it: relative to the landing directory when the file lies in it."""
    resolved = file.absolute()
    try:
        return resolved.relative_to(landing_dir.absolute()).as_posix()
    except ValueError:
        return file.as_posix()
