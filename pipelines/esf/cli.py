"""The `esf` command (SPEC §8.1): run the asset graph in process, generate sample data,
keep the dbt sources in step with `schemas/`."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from esf.settings import Settings, load_settings

app = typer.Typer(
    help="ESF follow-up warehouse: load the landing files, compute the indicators, publish DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
# Bound to the real streams: a run sends Dagster's and dbt's output to its log file.
console = Console(file=sys.stdout)
err = Console(file=sys.stderr)

EXIT_OK, EXIT_FAILED, EXIT_PROJECT_REJECTED = 0, 1, 2


def _set_env(name: str, value: object | None) -> None:
    if value is not None:
        os.environ[name] = str(value)


@app.command()
def run(
    landing: Annotated[Optional[Path], typer.Option(help="Landing directory with one folder per source. Env ESF_LANDING_DIR; default data_samples/landing.")] = None,
    warehouse: Annotated[Optional[Path], typer.Option(help="The published DuckDB file. Env ESF_WAREHOUSE; default warehouse/esf.duckdb.")] = None,
    reports: Annotated[Optional[Path], typer.Option(help="Directory for the reports. Env ESF_REPORTS_DIR; default reports.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Reporting date YYYY-MM-DD; nothing after it counts. Env ESF_AS_OF; default today.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Dagster's log of every step.")] = False,
) -> None:
    """Run the whole pipeline once, as the nightly schedule does: load new files, build and
    test the dbt models, publish the warehouse.

    Exits 0 on success (quarantined rows are no failure), 2 when it published but rejected
    a project file, 1 when it failed and published nothing. The pseudonymisation key comes
    from ESF_PSEUDONYM_KEY (the key or a file holding it).
    """
    from esf import pseudonym

    try:
        as_of_date = dt.date.fromisoformat(as_of) if as_of is not None else None
    except ValueError:
        err.print(f"[red]--as-of must be a date YYYY-MM-DD, got {as_of!r}[/red]")
        raise typer.Exit(EXIT_FAILED) from None
    try:
        settings = load_settings(landing, warehouse, reports, as_of_date).dated()
    except ValueError as exc:  # an environment variable that is not a date or a number
        err.print(f"[red]run failed, nothing published:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from None

    try:
        if pseudonym.is_demo_key(pseudonym.load_key()):
            err.print("[yellow]warning: the published demo pseudonymisation key is in use: sample data only[/yellow]")
    except pseudonym.PseudonymKeyError as exc:
        err.print(f"[red]run failed, nothing published:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from None

    from esf.dbt_manifest import ManifestError
    from esf.runner import run_pipeline  # imports Dagster: after the checks above, which need none of it

    with console.status("starting the run ...") as progress:
        def show(step: str, number: int, total: int) -> None:
            progress.update(f"step {number} of {total}: {step}")

        try:
            outcome = run_pipeline(settings, verbose=verbose, on_step=show)
        except ManifestError as exc:
            err.print(f"[red]run failed, nothing published:[/red] {exc}")
            raise typer.Exit(EXIT_FAILED) from None
    if not outcome.success:
        err.print(f"[red]run failed, nothing published:[/red] {outcome.message}")
        if outcome.log_file:
            err.print(f"the run's log: {outcome.log_file}")
        raise typer.Exit(EXIT_FAILED)
    _print_summary(outcome.warehouse, outcome.run_id)
    for warning in outcome.check_warnings:
        err.print(f"[yellow]check warning:[/yellow] {warning}")
    _print_goals(outcome.warehouse)
    _print_reports(settings, outcome.deliveries)
    if outcome.rejected_project_files:
        for line in outcome.rejected_project_files:
            err.print(f"[yellow]project file rejected:[/yellow] {line}")
        raise typer.Exit(EXIT_PROJECT_REJECTED)


def _print_summary(warehouse: Path, run_id: str) -> None:
    from esf.runner import load_summary

    table = Table(title=f"Loaded this run, published {warehouse}", title_justify="left")
    table.add_column("source", no_wrap=True)
    for name in ("files", "duplicate", "rejected", "rows", "quarantined"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in load_summary(warehouse, run_id):
        table.add_row(*(str(v) for v in row))
    console.print(table)


def _print_reports(settings: Settings, deliveries: dict[str, list[str]]) -> None:
    from esf.reports.render import INDEX_FILE, reporting_month

    month, draft = reporting_month(settings.as_of)
    console.print(f"Reports for {month:%Y-%m} ({'draft' if draft else 'final'}): {settings.reports_dir / INDEX_FILE}")
    for line in deliveries.get("sent", []):
        console.print(f"sent to the steering group: {line}")
    for line in deliveries.get("failed", []):
        err.print(f"[yellow]report not sent, the next run tries again:[/yellow] {line}")


def _print_goals(warehouse: Path) -> None:
    from esf.reports import swedish
    from esf.runner import goal_summary

    table = None
    project = None
    for code, goal, direction, target, actual, period, status, compare_with in goal_summary(warehouse):
        if code != project:
            if table is not None:
                console.print(table)
            project = code
            table = Table(title=f"Goals of {code}", title_justify="left")
            for name in ("goal", "target", "actual", "period", "status"):
                table.add_column(name, no_wrap=name != "goal", justify="right" if name in ("target", "actual") else "left")
        change = " % vs baseline" if compare_with else ""
        symbol, _ = swedish.STATUS[status]
        table.add_row(goal, f"{direction} {target:g}{change}", "" if actual is None else f"{actual:.1f}",
                      period, f"{symbol} {status}")
    if table is not None:
        console.print(table)


@app.command()
def status(
    warehouse: Annotated[Optional[Path], typer.Option(help="The published DuckDB file. Env ESF_WAREHOUSE; default warehouse/esf.duckdb.")] = None,
    runs: Annotated[int, typer.Option(help="How many of the last runs to show.")] = 5,
) -> None:
    """Show per source the files loaded, duplicate, rejected and withdrawn, rows loaded and
    quarantined by reason, the newest data date, the last runs and their outcome, and the
    goals whose status changed since the previous run."""
    _set_env("ESF_WAREHOUSE", warehouse and warehouse.absolute())
    from esf.settings import load_settings
    from esf.status import read_status

    settings = load_settings()
    if not settings.warehouse.exists() and not settings.work_db.exists():
        err.print(f"no warehouse at {settings.warehouse}: run `esf run` first")
        raise typer.Exit(EXIT_FAILED)
    state = read_status(settings, runs)
    if state.note:
        console.print(f"[yellow]{state.note}[/yellow]")
    table = Table(title=f"Sources ({state.read_from})", title_justify="left")
    for name in ("source", "loaded", "duplicate", "rejected", "withdrawn", "rows", "quarantined", "newest date"):
        table.add_column(name, no_wrap=True, justify="left" if name in ("source", "newest date") else "right")
    for row in state.sources:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
    if state.reasons:
        reasons = Table(title="Quarantined rows by reason", title_justify="left")
        for name in ("source", "reason", "rows"):
            reasons.add_column(name, no_wrap=True)
        for row in state.reasons:
            reasons.add_row(*(str(v) for v in row))
        console.print(reasons)
    history = Table(title="Last runs", title_justify="left")
    for name in ("started", "as of", "status", "files", "rows", "quarantined", "message"):
        history.add_column(name)
    for run_id, started, _finished, as_of, outcome, files, rows, quarantined, message in state.runs:
        history.add_row(f"{started:%Y-%m-%d %H:%M}", str(as_of), outcome, str(files), str(rows), str(quarantined), message or "")
    console.print(history)
    if state.changed_goals:
        changed = Table(title="Goals whose status changed since the previous run", title_justify="left")
        for name in ("project", "goal", "before", "now"):
            changed.add_column(name)
        for row in state.changed_goals:
            changed.add_row(*row)
        console.print(changed)
    else:
        console.print("No goal changed status since the previous run.")


@app.command("withdraw")
def withdraw_file(
    file: Annotated[Path, typer.Argument(help="The delivered file: a path in the landing directory, or as meta.files records it (deltagare/2012.csv).")],
    landing: Annotated[Optional[Path], typer.Option(help="Landing directory. Env ESF_LANDING_DIR.")] = None,
    warehouse: Annotated[Optional[Path], typer.Option(help="The published DuckDB file. Env ESF_WAREHOUSE.")] = None,
) -> None:
    """Take back a delivery made by mistake: its rows leave the warehouse, the keys it corrected
    fall back to the delivery before it, meta.files says `withdrawn`. Effective from the next publish."""
    _set_env("ESF_LANDING_DIR", landing and landing.absolute())
    _set_env("ESF_WAREHOUSE", warehouse and warehouse.absolute())
    from esf.settings import load_settings
    from esf.warehouse import WarehouseBusy, connect, exclusive_lock
    from esf.withdraw import WithdrawError, relative_path, withdraw

    settings = load_settings()
    path = relative_path(file, settings.landing_dir)
    try:
        with exclusive_lock(settings.lock_file, settings.lock_timeout_s), connect(settings.work_db) as con:
            removed = withdraw(con, path)
    except (WithdrawError, WarehouseBusy) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_FAILED) from None
    console.print(f"withdrew {path}: {removed} rows left the warehouse; published with the next `esf run`")


@app.command("generate-samples")
def generate_samples(
    out: Annotated[Path, typer.Option(help="Directory to write landing/ and bad/ into.")] = Path("data_samples"),
    scale: Annotated[float, typer.Option(help="Scale factor: 1 = the committed sample; 20+ = county scale for benchmarks.")] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed and scale give the same bytes.")] = 2011,
) -> None:
    """Write the deterministic sample data: every source, the four sample projects, and bad files."""
    from esf.samples import generate

    counts = generate(out, scale=scale, seed=seed)
    for source, n in counts.items():
        console.print(f"{source}: {n} rows")


@app.command()
def contracts(
    write: Annotated[bool, typer.Option("--write", help="Rewrite the generated files from schemas/sources.yml.")] = False,
) -> None:
    """Check (or with --write, regenerate) the dbt sources and docs/sources.md generated from schemas/sources.yml."""
    from esf import dbt_sources

    if write:
        dbt_sources.write()
        console.print("wrote " + ", ".join(str(p) for p in dbt_sources.GENERATED))
    elif stale := dbt_sources.stale_files():
        err.print(f"out of date: {', '.join(map(str, stale))}: run `esf contracts --write`")
        raise typer.Exit(EXIT_FAILED)
    else:
        console.print("the dbt sources and docs/sources.md match schemas/sources.yml")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
