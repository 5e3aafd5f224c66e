"""Load one source folder's new files into the work warehouse (SPEC §2.1, §3, §4).

Each file loads in one transaction: its `meta.files` row, its persons, its typed rows
in `raw.<source>` and its rejected rows in `meta.quarantine` land together or not at all.
Rows quarantined as `unknown_project` are kept (pseudonymised) in `raw.<source>` with
`_pending`, and released by `retry_unknown_project` once their project has a valid file.
A file that fails a severe check is held (SPEC §8.5): its rows go to `held.<source>`
instead, and a new delivery of its path withdraws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from esf import pseudonym
from esf.contracts import Source
from esf.held import HELD_SCHEMA, severe_check
from esf.ingest import files
from esf.ingest.reading import DELIMITED_SUFFIXES, EXCEL_SUFFIXES, UnreadableFile, read_table
from esf.ingest.validation import PNR_TYPES, missing_required_columns, validate
from esf.warehouse import person_column, raw_columns
from esf.withdraw import take_back


@dataclass
class FolderResult:
    """What one source folder's load did, for the run's log and the asset's metadata."""

    files_loaded: int = 0
    files_duplicate: int = 0
    files_rejected: int = 0
    files_held: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    messages: list[str] = field(default_factory=list)


def known_projects(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select project_code from raw.projects").fetchall()}


def load_source(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    source: Source,
    key: bytes,
    run_id: str,
    load_date: dt.date,
) -> FolderResult:
    result = FolderResult()
    projects = known_projects(con)
    for delivery in files.deliveries(landing_dir, source.name):
        if files.is_recorded(con, delivery):
            continue
        con.execute("begin")
        try:
            _load_file(con, delivery, source, key, run_id, load_date, projects, result)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return result


def _load_file(
    con: duckdb.DuckDBPyConnection,
    delivery: files.Delivery,
    source: Source,
    key: bytes,
    run_id: str,
    load_date: dt.date,
    projects: set[str],
    result: FolderResult,
) -> None:
    def reject(reason: str, rows_read: int = 0) -> None:
        files.record(con, delivery, files.REJECTED, run_id, rows_read=rows_read, reason=reason)
        result.files_rejected += 1
        result.messages.append(f"{delivery.path}: rejected: {reason}")

    _withdraw_held_at_path(con, delivery, result)
    if files.is_duplicate(con, delivery):
        files.record(con, delivery, files.DUPLICATE, run_id, reason="duplicate_file")
        result.files_duplicate += 1
        return
    suffix = delivery.absolute.suffix.lower()
    if suffix not in DELIMITED_SUFFIXES | EXCEL_SUFFIXES:
        reject(f"unsupported_format: '{suffix or delivery.absolute.name}' is not .csv, .txt or .xlsx")
        return
    try:
        table = read_table(delivery.absolute)
    except UnreadableFile as exc:
        reject(f"unreadable_file: {exc}")
        return
    missing = missing_required_columns(source, table.rows.columns)
    if missing:
        reject(f"missing_column: {', '.join(missing)} (header row, column not found)", table.rows.height)
        return

    checked = validate(table.rows, source, load_date, projects, table.cell_types)
    contract = {c.name for c in source.columns}
    folded = [c for c in table.rows.columns if c != "_row_number"]
    extra = [written for written, name in zip(table.header, folded, strict=True) if name not in contract]
    keep = checked.filter(pl.col("_reason").is_null() | (pl.col("_reason") == "unknown_project"))
    keep = _pseudonymise(con, keep, source, key)
    quarantined = checked.filter(pl.col("_reason").is_not_null())
    n_loaded = keep.filter(pl.col("_reason").is_null()).height
    held = severe_check(checked.height, quarantined.height, keep.height - n_loaded)

    file_id = files.record(
        con,
        delivery,
        files.HELD if held else files.LOADED,
        run_id,
        rows_read=checked.height,
        rows_loaded=n_loaded,
        rows_quarantined=quarantined.height,
        reason=held,
        extra_columns=",".join(extra) or None,
    )
    _insert_rows(con, keep, source, file_id, schema=HELD_SCHEMA if held else "raw")
    _insert_quarantine(con, quarantined, delivery, file_id)
    result.rows_quarantined += quarantined.height
    if held:
        result.files_held += 1
        result.messages.append(f"{delivery.path}: held: {held}")
    else:
        result.files_loaded += 1
        result.rows_loaded += n_loaded


def _withdraw_held_at_path(con: duckdb.DuckDBPyConnection, delivery: files.Delivery, result: FolderResult) -> None:
    """A new delivery of a held file's path (other bytes) replaces it: the held one is withdrawn."""
    for (file_id,) in con.execute(
        "select file_id from meta.files where path = ? and status = 'held'", [delivery.path]
    ).fetchall():
        take_back(con, file_id, delivery.source, files.HELD)
        result.messages.append(f"{delivery.path}: the held delivery is withdrawn: a new delivery replaces it")


def _pseudonymise(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, source: Source, key: bytes) -> pl.DataFrame:
    """Swap every 12-digit personnummer for the integer id of its HMAC person_key.

    The HMAC runs once per distinct person; new persons get the next ids in raw.persons.
    """
    pnr_columns = [c.name for c in source.columns if c.type in PNR_TYPES]
    persons = (
        pl.concat(
            [
                frame.select(
                    pl.col(f"{c}__pnr12").alias("pnr12"),
                    pl.col(f"{c}__sex").alias("sex"),
                    pl.col(f"{c}__birth_year").alias("birth_year"),
                )
                for c in pnr_columns
            ]
        )
        .drop_nulls("pnr12")
        .unique("pnr12", maintain_order=True)
    )
    persons = persons.with_columns(
        pl.Series("person_key", pseudonym.person_keys(persons["pnr12"].to_list(), key), dtype=pl.Utf8)
    )
    new = persons.drop("pnr12")
    con.register("incoming_persons", new)
    con.execute(
        """insert into raw.persons
           select (select coalesce(max(person_id), 0) from raw.persons)
                  + row_number() over (order by n.person_key), n.person_key, n.sex, n.birth_year
           from incoming_persons n
           where not exists (select 1 from raw.persons p where p.person_key = n.person_key)"""
    )
    con.unregister("incoming_persons")
    keys = persons.select("pnr12", "person_key")
    con.register("incoming_keys", keys.select("person_key"))
    ids = con.execute(
        "select p.person_key, p.person_id from raw.persons p semi join incoming_keys k using (person_key)"
    ).pl()
    con.unregister("incoming_keys")
    mapping = keys.join(ids, on="person_key").select("pnr12", "person_id")
    for c in pnr_columns:
        frame = frame.join(
            mapping.rename({"pnr12": f"{c}__pnr12", "person_id": person_column(c)}),
            on=f"{c}__pnr12",
            how="left",
        ).drop(f"{c}__pnr12", f"{c}__sex", f"{c}__birth_year")
    return frame


def _insert_rows(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, source: Source, file_id: int, schema: str = "raw"
) -> None:
    renames = {f"{c.name}__anon": f"{c.name}_anonymous_id" for c in source.columns if c.type == "respondent"}
    frame = frame.rename(renames)
    names = [n for n, _ in raw_columns(source)]
    rows = frame.select(
        pl.lit(file_id, pl.Int32).alias("_file_id"),
        "_row_number",
        pl.col("_reason").eq_missing("unknown_project").alias("_pending"),
        pl.col("_dup_pending").fill_null(False),
        *names,
    )
    con.register("incoming_rows", rows)
    con.execute(f"insert into {schema}.{source.name} by name select * from incoming_rows")
    con.unregister("incoming_rows")


def _insert_quarantine(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, delivery: files.Delivery, file_id: int
) -> None:
    rows = frame.select(
        pl.lit(file_id, pl.Int32).alias("file_id"),
        pl.lit(delivery.source).alias("source"),
        pl.lit(delivery.path).alias("path"),
        pl.lit(delivery.sha256).alias("sha256"),
        pl.col("_row_number").alias("row_number"),
        pl.col("_reason").alias("reason"),
        pl.col("_detail").alias("detail"),
        pl.col("_raw").alias("raw"),
    )
    con.register("incoming_quarantine", rows)
    con.execute("insert into meta.quarantine by name select * from incoming_quarantine")
    con.unregister("incoming_quarantine")


def retry_unknown_project(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    """Release `unknown_project` rows whose project now has a valid file (SPEC §2.1).

    A released row loads, unless it repeats the key of an earlier released row of its
    file: then its quarantine reason becomes `duplicate_key`. Returns the rows loaded.
    """
    if not source.project_column:
        return 0
    col = source.project_column
    con.execute(
        f"""create or replace temp table released as
            select _file_id, _row_number, _dup_pending from raw.{source.name}
            where _pending and {col} in (select project_code from raw.projects)"""
    )
    (n,) = con.execute("select count(*) filter (where not _dup_pending) from released").fetchone()
    con.execute("begin")
    con.execute(
        f"""update raw.{source.name} set _pending = false
            where _pending and not _dup_pending and {col} in (select project_code from raw.projects)"""
    )
    con.execute(
        f"""delete from raw.{source.name}
            where _pending and _dup_pending and {col} in (select project_code from raw.projects)"""
    )
    con.execute(
        """delete from meta.quarantine q using released r
           where q.file_id = r._file_id and q.row_number = r._row_number and not r._dup_pending"""
    )
    con.execute(
        """update meta.quarantine q set reason = 'duplicate_key',
               detail = 'key repeats an earlier row of the file (found when its project arrived)'
           from released r
           where q.file_id = r._file_id and q.row_number = r._row_number and r._dup_pending"""
    )
    con.execute(
        """update meta.files f set rows_loaded = f.rows_loaded + r.n,
               rows_quarantined = f.rows_quarantined - r.n
           from (select _file_id, count(*) filter (where not _dup_pending) as n
                 from released group by _file_id) r
           where f.file_id = r._file_id"""
    )
    con.execute("commit")
    return n
