"""Validation of each source's newly loaded rows (operations issue): great-expectations on the
rows this run loaded, plus the run-level checks an operator must hear about.

Severe (blocks the downstream assets): a source that delivered in the previous calendar
month and has delivered nothing this month once the grace days are past; an expectation of
the source contract broken by loaded rows.
Held (a warning, the run goes on): a delivery the loader held because more than half of its
rows are quarantined (esf.held, SPEC §8.5), listed on every run until a person decides.
Mild (a warning): data older than expected against as_of, a delivery far smaller or larger
than the previous one.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from dataclasses import dataclass, field
from types import ModuleType

import duckdb

from esf.contracts import Source
from esf.held import HeldFile, held_files
from esf.settings import delivery_grace_days
from esf.status import newest_date
from esf.warehouse import person_column


@functools.cache
def _gx() -> ModuleType:
    """great_expectations, imported on first use: its import takes seconds (2-3 on a quiet 2-core
    machine, all of `import great_expectations`), and a run that loaded no new rows never validates."""
    # no usage analytics: nothing at run time talks to the network (set before GX is imported)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    return great_expectations


STALE_AFTER_DAYS = 62  # newest data more than two months before as_of
VOLUME_BAND = (0.5, 2.0)  # a delivery outside half to double the previous one


@dataclass
class Findings:
    severe: list[str] = field(default_factory=list)
    mild: list[str] = field(default_factory=list)
    held: list[HeldFile] = field(default_factory=list)  # every file of the source held now
    rows_checked: int = 0


def _grace_days() -> int:
    return delivery_grace_days()


def contract_expectations(source: Source) -> list:
    """The source contract of schemas/sources.yml as expectations on the loaded (raw) rows."""
    gx = _gx()
    out: list = []
    for column in source.columns:
        name = person_column(column.name) if column.type == "pnr" else column.name
        if column.type == "respondent":
            continue  # a person or an anonymous id: one of two columns is set
        if column.required:
            out.append(gx.expectations.ExpectColumnValuesToNotBeNull(column=name))
        rule = column.rule or {}
        if "range" in rule:
            out.append(
                gx.expectations.ExpectColumnValuesToBeBetween(
                    column=name, min_value=rule["range"]["gt"], max_value=rule["range"]["le"], strict_min=True
                )
            )
        if (allowed := column.allowed_values()) is not None:
            values = [float(v) for v in allowed] if column.type == "number" else [str(v) for v in allowed]
            out.append(gx.expectations.ExpectColumnValuesToBeInSet(column=name, value_set=values))
        if "amount" in rule:
            out.append(gx.expectations.ExpectColumnValuesToBeBetween(column=name, max_value=rule["amount"]["max"]))
    if source.period:
        start, end = source.period
        out.append(
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=end, column_B=start, or_equal=True, ignore_row_if="either_value_is_missing"
            )
        )
    return out


def check_source(
    con: duckdb.DuckDBPyConnection, source: Source, run_id: str, as_of: dt.date, today: dt.date | None = None
) -> Findings:
    """Check what `run_id` loaded for `source`; proportional to the new rows, not the history."""
    findings = Findings()
    files = con.execute(
        """select file_id, path, rows_read from meta.files
           where source = ? and run_id = ? and status = 'loaded' order by file_id""",
        [source.name, run_id],
    ).fetchall()
    findings.held = held_files(con, source.name)
    _check_deliveries(con, source, run_id, today or dt.date.today(), findings)
    _check_volume(con, source, run_id, files, findings)
    _check_freshness(con, source, as_of, findings)
    new_rows = con.execute(
        f"select * from raw.{source.name} where not _pending and _file_id in "
        "(select file_id from meta.files where run_id = ? and source = ?)",
        [run_id, source.name],
    ).df()
    findings.rows_checked = len(new_rows)
    if len(new_rows):
        for result in _validate(new_rows, contract_expectations(source)):
            if not result.success:
                config = result.expectation_config
                findings.severe.append(
                    f"{config.type} on {config.kwargs.get('column') or config.kwargs.get('column_A')}: "
                    f"{result.result.get('unexpected_count', '?')} rows"
                )
    return findings


def _validate(frame, expectations: list) -> list:
    from great_expectations.data_context.types.base import ProgressBarsConfig

    gx = _gx()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas("esf")
        .add_dataframe_asset("new_rows")
        .add_batch_definition_whole_dataframe("run")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    suite = gx.ExpectationSuite(name="contract", expectations=expectations)
    return batch.validate(suite).results


def _check_deliveries(con, source: Source, run_id: str, today: dt.date, findings: Findings) -> None:
    """A source that delivered last month and nothing this month, past the grace days, is severe.
    A held delivery is a delivery."""
    month = today.replace(day=1)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    (last_month, this_month, this_run) = con.execute(
        """select count(*) filter (where loaded_at >= ? and loaded_at < ?), count(*) filter (where loaded_at >= ?),
                  count(*) filter (where run_id = ?)
           from meta.files where source = ? and status in ('loaded', 'held')""",
        [previous, month, month, run_id, source.name],
    ).fetchone()
    if this_run:
        return
    if last_month and not this_month:
        message = f"{source.name}: delivered in {previous:%Y-%m}, nothing yet in {month:%Y-%m}"
        (findings.severe if today.day > _grace_days() else findings.mild).append(message)


def _check_volume(con, source: Source, run_id: str, files: list, findings: Findings) -> None:
    if not files:
        return
    new = sum(f[2] for f in files) / len(files)
    (previous,) = con.execute(
        """select avg(rows_read) from meta.files where source = ? and status = 'loaded'
           and (run_id is distinct from ?)""",
        [source.name, run_id],
    ).fetchone()
    if previous and not (VOLUME_BAND[0] * previous <= new <= VOLUME_BAND[1] * previous):
        findings.mild.append(f"{source.name}: {new:.0f} rows per file this run, {previous:.0f} before")


def _check_freshness(con, source: Source, as_of: dt.date, findings: Findings) -> None:
    newest = newest_date(con, source)
    if newest is not None and (as_of - newest).days > STALE_AFTER_DAYS:
        findings.mild.append(f"{source.name}: newest data {newest}, {(as_of - newest).days} days before as_of {as_of}")
