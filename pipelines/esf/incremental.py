"""Whether a dbt build may be incremental, and the state it leaves for the next one
(docs/architecture.md, "Nightly runs do the night's work").

dbt's incremental models keep the cells of periods that nothing changed (macros/incremental.sql).
That is only right when the kept cells were computed by the models on disk from the facts of
the last successful build. So a build is full when there is no such build, when the models
(or the catalog they read) changed since, or when the last build did not finish; and the
facts' fingerprints are kept only once a build has succeeded.
"""

from __future__ import annotations

import hashlib

import duckdb

from esf.settings import DBT_PROJECT_DIR, REPO_ROOT, SCHEMAS_DIR

PACKAGE_DIR = REPO_ROOT / "pipelines" / "esf"


def code_hash() -> str:
    """SHA-256 over the code a build depends on: the dbt project's models, macros and settings,
    the schemas, this package (the calendar, the loaders, the reports) and the locked versions
    of every library (DuckDB's among them). Any change of it
    makes the next build full, which is the simple safe side."""
    digest = hashlib.sha256()
    files = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml", REPO_ROOT / "requirements.lock"]
    for folder, suffixes in (
        (DBT_PROJECT_DIR / "models", {".sql", ".yml"}),
        (DBT_PROJECT_DIR / "macros", {".sql", ".yml"}),
        (SCHEMAS_DIR, {".yml", ".json"}),
        (PACKAGE_DIR, {".py", ".j2", ".css"}),
    ):
        files += [p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes]
    for path in sorted(files):
        digest.update(str(path.relative_to(REPO_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def full_build_reason(con: duckdb.DuckDBPyConnection, code: str) -> str | None:
    """Why this build must be full, or None when it may be incremental."""
    row = con.execute("select code_hash, finished from meta.dbt_build").fetchone()
    if row is None:
        return "first build of this warehouse"
    if not row[1]:
        return "the last build did not finish"
    if row[0] != code:
        return "the code changed since the last build"
    return None


def begin(con: duckdb.DuckDBPyConnection, code: str) -> None:
    """Mark the build unfinished until finish(): a failed build's models are not kept."""
    con.execute("delete from meta.dbt_build")
    con.execute("insert into meta.dbt_build values (?, false, now())", [code])


def finish(con: duckdb.DuckDBPyConnection, code: str) -> None:
    """Keep this build's fingerprints for the next build to compare, and mark it finished."""
    con.execute("begin")
    con.execute("delete from meta.built_fingerprints")
    con.execute("insert into meta.built_fingerprints select * from intermediate.int_fact_fingerprints")
    con.execute("delete from meta.dbt_build")
    con.execute("insert into meta.dbt_build values (?, true, now())", [code])
    con.execute("commit")
