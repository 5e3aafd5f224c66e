"""Run settings from environment variables with sensible defaults (SPEC §8.1).

`esf run` turns its flags into these variables, so the command line, `dagster dev` and
the nightly schedule read their configuration from one place.
"""
from __future__ import annotations

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
    landing_dir: Path
    warehouse: Path
    reports_dir: Path
    as_of: dt.date
    lock_timeout_s: float

    @property
    def work_db(self) -> Path:
        """The private file every run loads and builds into; published by copy (SPEC §8.2)."""
        return self.warehouse.with_name(self.warehouse.stem + ".work.duckdb")

    @property
    def lock_file(self) -> Path:
        return self.warehouse.with_name(self.warehouse.name + ".lock")


def load_settings() -> Settings:
    as_of_text = os.environ.get("ESF_AS_OF", "")
    return Settings(
        landing_dir=Path(os.environ.get("ESF_LANDING_DIR", "data_samples/landing")).absolute(),
        warehouse=Path(os.environ.get("ESF_WAREHOUSE", "warehouse/esf.duckdb")).absolute(),
        reports_dir=Path(os.environ.get("ESF_REPORTS_DIR", "reports")).absolute(),
        as_of=dt.date.fromisoformat(as_of_text) if as_of_text else dt.date.today(),
        lock_timeout_s=float(os.environ.get("ESF_LOCK_TIMEOUT", "300")),
    )
