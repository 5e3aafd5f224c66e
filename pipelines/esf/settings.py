"""Every setting of the warehouse, and the only module that reads environment variables (SPEC §8.1).

`esf run` builds its `Settings` from its flags over the environment and hands them to the
run; `dagster dev` and the schedules take the same `Settings` from the environment alone,
as the defaults of the Definitions' resources. Secrets (the pseudonymisation key, the SMTP
password) are read when they are used and never enter a run's configuration, which Dagster
stores with the run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMAS_DIR = REPO_ROOT / "schemas"
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

# The published demo key of the sample data and tests (SPEC §4). Never use it for real data.
DEMO_KEY = "esf-demo-key-not-for-production"


@dataclass(frozen=True)
class Settings:
    """Where a run reads and writes, and its reporting date (`None`: today, read when the run starts)."""

    landing_dir: Path
    warehouse: Path
    reports_dir: Path
    as_of: dt.date | None = None
    lock_timeout_s: float = 300.0
    work_file: Path | None = None
    full_refresh: bool = False  # rebuild every dbt model from scratch (`esf run --full-refresh`)

    @property
    def work_db(self) -> Path:
        """The private file every run loads and builds into; published by copy (SPEC §8.2).
        Beside the published file unless set."""
        return self.work_file or self.warehouse.with_name(self.warehouse.stem + ".work.duckdb")

    @property
    def lock_file(self) -> Path:
        return self.warehouse.with_name(self.warehouse.name + ".lock")

    def dated(self) -> Settings:
        """These settings with the reporting date fixed: today when none is set."""
        return self if self.as_of else dataclasses.replace(self, as_of=dt.date.today())


@dataclass(frozen=True)
class KeySettings:
    """ESF_PSEUDONYM_KEY (the key, or the path of a file holding it) and whether ESF_ENV=production."""

    value: str
    production: bool


@dataclass(frozen=True)
class MailSettings:
    """SMTP for the steering groups' reports and the operators' failure mails; off without a host."""

    host: str = ""
    port: int = 25
    user: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = "esf@localhost"
    operators: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.host)


def load_settings(
    landing_dir: Path | None = None,
    warehouse: Path | None = None,
    reports_dir: Path | None = None,
    as_of: dt.date | None = None,
    full_refresh: bool = False,
) -> Settings:
    """The run settings: each argument given wins over its variable (ESF_LANDING_DIR,
    ESF_WAREHOUSE, ESF_REPORTS_DIR, ESF_AS_OF, ESF_LOCK_TIMEOUT), which wins over the default.
    `full_refresh` has no variable: an operator asks for it on one run, never for every night."""
    as_of_text = os.environ.get("ESF_AS_OF", "")
    return Settings(
        landing_dir=Path(landing_dir or os.environ.get("ESF_LANDING_DIR") or "data_samples/landing").absolute(),
        warehouse=Path(warehouse or os.environ.get("ESF_WAREHOUSE") or "warehouse/esf.duckdb").absolute(),
        reports_dir=Path(reports_dir or os.environ.get("ESF_REPORTS_DIR") or "reports").absolute(),
        as_of=as_of or (dt.date.fromisoformat(as_of_text) if as_of_text else None),
        lock_timeout_s=float(os.environ.get("ESF_LOCK_TIMEOUT") or 300),
        full_refresh=full_refresh,
    )


def key_settings() -> KeySettings:
    return KeySettings(os.environ.get("ESF_PSEUDONYM_KEY", ""), os.environ.get("ESF_ENV", "").lower() == "production")


def mail_settings() -> MailSettings:
    """ESF_SMTP_HOST, ESF_SMTP_PORT, ESF_SMTP_USER, ESF_SMTP_PASSWORD, ESF_SMTP_STARTTLS (1 to use it),
    ESF_MAIL_FROM and ESF_OPERATOR_EMAILS (comma-separated)."""
    return MailSettings(
        host=os.environ.get("ESF_SMTP_HOST", ""),
        port=int(os.environ.get("ESF_SMTP_PORT") or 25),
        user=os.environ.get("ESF_SMTP_USER", ""),
        password=os.environ.get("ESF_SMTP_PASSWORD", ""),
        starttls=os.environ.get("ESF_SMTP_STARTTLS") == "1",
        sender=os.environ.get("ESF_MAIL_FROM") or "esf@localhost",
        operators=tuple(a.strip() for a in os.environ.get("ESF_OPERATOR_EMAILS", "").split(",") if a.strip()),
    )


def delivery_grace_days() -> int:
    """ESF_DELIVERY_GRACE_DAYS: days into a month before a source without a delivery is severe."""
    return int(os.environ.get("ESF_DELIVERY_GRACE_DAYS") or 10)


def duckdb_memory_limit() -> str:
    """ESF_DUCKDB_MEMORY_LIMIT: the memory dbt's DuckDB may hold before its joins, sorts and
    aggregates spill to disk (DuckDB's own default is 80 % of the machine). 1 GB costs a county
    run no CPU time and keeps it under 2 GiB (docs/performance.md); raise it when a run stops
    with DuckDB's "Out of Memory Error"."""
    return os.environ.get("ESF_DUCKDB_MEMORY_LIMIT") or "1GB"


def dagster_home() -> Path | None:
    """DAGSTER_HOME, when set: `esf run` then records its runs in that instance, so `dagster dev` shows them."""
    value = os.environ.get("DAGSTER_HOME", "")
    return Path(value) if value else None
