"""Dagster resources: the warehouse files (with the run lock) and the pseudonymisation key."""

import datetime as dt
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from esf import held, inputs, notify, pseudonym, runs, warehouse
from esf.partitions import PARTITION_TAG, run_as_of
from esf.settings import Settings, load_settings


class WarehouseResource(dg.ConfigurableResource):
    """Paths of a run and its reporting date; holds the run lock while the run executes.

    The Definitions give it the settings of the environment (settings.py); a run's config
    (`{"resources": {"warehouse": {"config": {...}}}}`, as `esf run` passes its flags)
    overrides them. An empty `as_of` means today, read when the run starts. A run of a past
    reporting month (its partition) reads that month's last day instead. An empty `work_db`
    is the file beside the warehouse. `full_refresh` rebuilds every dbt model from scratch.
    """

    landing_dir: str
    warehouse: str
    reports_dir: str
    as_of: str = ""
    lock_timeout_s: float = 300.0
    work_db: str = ""
    full_refresh: bool = False

    _lock: ExitStack = PrivateAttr(default_factory=ExitStack)
    _started_at: dt.datetime | None = PrivateAttr(default=None)
    _as_of: dt.date | None = PrivateAttr(default=None)
    _landing_seen: str = PrivateAttr(default="")

    @classmethod
    def from_settings(cls, settings: Settings) -> "WarehouseResource":
        return cls(**resource_config(settings))

    @property
    def settings(self) -> Settings:
        return Settings(
            landing_dir=Path(self.landing_dir),
            warehouse=Path(self.warehouse),
            reports_dir=Path(self.reports_dir),
            as_of=self._as_of or self._configured_as_of(),
            lock_timeout_s=self.lock_timeout_s,
            work_file=Path(self.work_db) if self.work_db else None,
            full_refresh=self.full_refresh,
        )

    def _configured_as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.as_of) if self.as_of else dt.date.today()

    @property
    def started_at(self) -> dt.datetime:
        return self._started_at or dt.datetime.now()

    @property
    def landing_seen(self) -> str:
        """The landing directory's state when the run started (esf.inputs.landing_fingerprint)."""
        return self._landing_seen or inputs.landing_fingerprint(self.settings.landing_dir)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # "today" is read once: a run that passes midnight keeps one reporting date
        partition = context.run.tags.get(PARTITION_TAG) if context.run else None
        self._as_of = run_as_of(partition, self._configured_as_of())
        # Only one process may write a DuckDB file: the lock is held for the whole run.
        self._lock.enter_context(warehouse.exclusive_lock(self.settings.lock_file, self.lock_timeout_s))
        self._started_at = dt.datetime.now()
        # what the run starts from, before it loads anything (esf.inputs)
        self._landing_seen = inputs.landing_fingerprint(self.settings.landing_dir)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        try:
            failure = None
            run_id = context.run.run_id if context.run else None
            if context.instance is not None and run_id is not None:
                failure = runs.failure_from_event_log(context.instance, run_id)
            if failure is not None:
                with self.connect() as con:
                    runs.record_failure(con, run_id, self.started_at, self.settings.as_of, failure)
                notify.notify_operators_of_failure(run_id, failure)
            if run_id is not None and self.settings.work_db.exists():
                with self.connect() as con:  # the files this run held (SPEC §8.5)
                    newly_held = [f.line() for f in held.held_files(con, run_id=run_id)]
                if newly_held:
                    notify.notify_operators_of_held(run_id, newly_held)
        except Exception as exc:  # the run's own error matters more than its record or its e-mail
            context.log.warning(f"could not record or report the run's end: {exc}")
        finally:
            self._lock.close()

    def connect(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return warehouse.connect(self.settings.work_db)


class PseudonymKeyResource(dg.ConfigurableResource):
    """The HMAC key, read from the environment (settings.py) when a run needs it, never from config."""

    def key(self) -> bytes:
        return pseudonym.load_key()


def resource_config(settings: Settings) -> dict[str, str | float | bool]:
    """The `warehouse` resource's config of a run with these settings."""
    return {
        "landing_dir": str(settings.landing_dir),
        "warehouse": str(settings.warehouse),
        "reports_dir": str(settings.reports_dir),
        "as_of": settings.as_of.isoformat() if settings.as_of else "",
        "lock_timeout_s": settings.lock_timeout_s,
        "work_db": str(settings.work_file or ""),
        "full_refresh": settings.full_refresh,
    }


def default_warehouse() -> WarehouseResource:
    """The resource of `dagster dev` and the schedules: the settings of the environment."""
    return WarehouseResource.from_settings(load_settings())
