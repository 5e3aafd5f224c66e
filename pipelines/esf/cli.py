"""The `esf` command (SPEC §8.1): run the asset graph in process, generate sample data,
keep the dbt sources in step with `schemas/`."""

from __future__ import annotations

import calendar
import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from esf.output import console_for, print_list, print_table
from esf.settings import Settings, duckdb_memory_limit, load_settings

app = typer.Typer(
    help="ESF follow-up warehouse: load the landing files, compute the indicators, publish DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
# Bound to the real streams: a run sends Dagster's and dbt's output to its log file.
console = console_for(sys.stdout)
err = console_for(sys.stderr)

EXIT_OK, EXIT_FAILED, EXIT_PROJECT_REJECTED, EXIT_HELD = 0, 1, 2, 3


@app.command()
def run(
    landing: Annotated[
        Optional[Path],
        typer.Option(
            help="Landing directory with one folder per source. Env ESF_LANDING_DIR; default data_samples/landing."
        ),
    ] = None,
    warehouse: Annotated[
        Optional[Path], typer.Option(help="The published DuckDB file. Env ESF_WAREHOUSE; default warehouse/esf.duckdb.")
    ] = None,
    reports: Annotated[
        Optional[Path], typer.Option(help="Directory for the reports. Env ESF_REPORTS_DIR; default reports.")
    ] = None,
    as_of: Annotated[
        Optional[str],
        typer.Option(
            "--as-of", help="Reporting date YYYY-MM-DD; nothing after it counts. Env ESF_AS_OF; default today."
        ),
    ] = None,
    full_refresh: Annotated[
        bool,
        typer.Option(
            "--full-refresh",
            help="Rebuild every dbt model from scratch instead of only the periods that changed. Needed only "
            "after a model's table was changed by hand; a run decides a full build itself when the models' code changed.",
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Dagster's log of every step.")] = False,
) -> None:
    """Run the whole pipeline once, as the nightly schedule does: load new files, build and
    test the dbt models, publish the warehouse.

    Exits 0 on success (quarantined rows are no failure), 2 when it published but rejected
    a project file, 3 when it published and a delivery is held (more than half of its rows
    quarantined: see `esf release`; 3 wins over 2), 1 when it failed and published nothing.
    The pseudonymisation key comes from ESF_PSEUDONYM_KEY (the key or a file holding it).
    """
    try:
        as_of_date = dt.date.fromisoformat(as_of) if as_of is not None else None
    except ValueError:
        err.print(f"[red]--as-of must be a date YYYY-MM-DD, got {as_of!r}[/red]")
        raise typer.Exit(EXIT_FAILED) from None
    raise typer.Exit(_run_once(_checked_settings(landing, warehouse, reports, as_of_date, full_refresh), verbose))


def _checked_settings(
    landing: Path | None,
    warehouse: Path | None,
    reports: Path | None,
    as_of: dt.date | None,
    full_refresh: bool = False,
) -> Settings:
    """A run's settings, or exit 1 with the cause before any run starts: a setting that does not
    read, or no usable pseudonymisation key (a warning when it is the demo key)."""
    from esf import pseudonym

    try:
        settings = load_settings(landing, warehouse, reports, as_of, full_refresh).dated()
        if pseudonym.is_demo_key(pseudonym.load_key()):
            err.print("[yellow]warning: the published demo pseudonymisation key is in use: sample data only[/yellow]")
    except (ValueError, pseudonym.PseudonymKeyError) as exc:  # ValueError: a variable that is no date or number
        err.print(f"[red]run failed, nothing published:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    return settings


def _run_once(settings: Settings, verbose: bool) -> int:
    """One run of the job with its summary printed; its exit code (SPEC §8.1). A failed run exits here."""
    from esf.dbt_manifest import ManifestError
    from esf.inputs import unchanged_since_last_run

    if not settings.full_refresh and unchanged_since_last_run(settings):
        return _nothing_new(settings)
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
        if "Out of Memory Error" in outcome.message:
            err.print(
                f"dbt's DuckDB needed more than the {duckdb_memory_limit()} it may hold:"
                " set ESF_DUCKDB_MEMORY_LIMIT higher (docs/performance.md)"
            )
        if outcome.log_file:
            err.print(f"the run's log: {outcome.log_file}")
        raise typer.Exit(EXIT_FAILED)
    _print_summary(outcome.warehouse, outcome.run_id)
    _print_file_problems(outcome.rejected_files, outcome.held_files)
    for warning in outcome.check_warnings:
        err.print(f"[yellow]check warning:[/yellow] {warning}")
    _print_goals(outcome.warehouse)
    _print_reports(settings, outcome.deliveries)
    return _exit_code(outcome.held_files, outcome.rejected_project_files)


def _nothing_new(settings: Settings) -> int:
    """The landing files, as_of, code and decisions are the last successful run's: say so, touch nothing."""
    import duckdb

    from esf.held import held_files

    console.print(
        f"Nothing new since the last run (same files in {settings.landing_dir}, as_of {settings.as_of}, "
        f"code and decisions): {settings.warehouse} and the reports are unchanged."
    )
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        held = [f.line() for f in held_files(con)]
    _print_file_problems([], held)
    return _exit_code(held, [])


@app.command()
def demo(
    landing: Annotated[Path, typer.Option(help="Landing directory of the sample projects.")] = Path(
        "data_samples/landing"
    ),
    warehouse: Annotated[Path, typer.Option(help="The published DuckDB file.")] = Path("warehouse/esf.duckdb"),
    reports: Annotated[Path, typer.Option(help="Directory for the reports.")] = Path("reports"),
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Dagster's log of every step.")] = False,
) -> None:
    """Show each sample project at a meaningful point: one `esf run` per project's last month
    (the as_of its final report is computed with), oldest first, so that every project gets the
    final report of its last project month through the same job and report asset as every night.

    Exits with the highest exit code of its runs; stops at the first run that fails."""
    from esf.ingest.projects import project_end_dates

    months = sorted(
        {end.replace(day=calendar.monthrange(end.year, end.month)[1]) for end in project_end_dates(landing.absolute())}
    )
    if not months:
        err.print(f"[red]no project file in {landing / 'projekt'}[/red]")
        raise typer.Exit(EXIT_FAILED)
    codes = []
    for as_of in months:
        console.print(f"esf run --as-of {as_of.isoformat()} (the final month of the projects ending then)")
        codes.append(_run_once(_checked_settings(landing, warehouse, reports, as_of), verbose))
    raise typer.Exit(max(codes))


def _exit_code(held: list[str], rejected_project_files: list[str]) -> int:
    """3 when a delivery is held at the run's end, else 2 when a project file was rejected (SPEC §8.1)."""
    if held:
        err.print(
            f"[yellow]exit {EXIT_HELD}: {len(held)} held deliveries wait for a decision (listed above): "
            "`esf release FILE` or `esf withdraw FILE`[/yellow]"
        )
        return EXIT_HELD
    if rejected_project_files:
        err.print(
            f"[yellow]exit {EXIT_PROJECT_REJECTED}: a project file was rejected (listed above); "
            "the project's earlier valid file stays in force[/yellow]"
        )
        return EXIT_PROJECT_REJECTED
    return EXIT_OK


def _print_summary(warehouse: Path, run_id: str) -> None:
    from esf.runner import load_summary

    print_table(
        console,
        f"Loaded this run, published {warehouse}",
        ("source", "files", "duplicate", "rejected", "held", "rows", "quarantined"),
        load_summary(warehouse, run_id),
        right=("files", "duplicate", "rejected", "held", "rows", "quarantined"),
    )


def _print_file_problems(rejected: list[str], held: list[str]) -> None:
    """Each file rejected by this run and each delivery held at its end, with the reason."""
    if rejected:
        print_list(console, "Rejected by this run (nothing of these files is loaded):", rejected)
    if held:
        print_list(console, "Held (in no published table until `esf release FILE` or `esf withdraw FILE`):", held)


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

    by_project: dict[str, list[tuple]] = {}
    for code, goal, direction, target, actual, period, status, compare_with in goal_summary(warehouse):
        change = " % vs baseline" if compare_with else ""
        symbol, text = swedish.STATUS[status]  # the steering group's words (schemas/codes.yml)
        by_project.setdefault(code, []).append(
            (
                goal,
                f"{direction} {target:g}{change}",
                "" if actual is None else f"{actual:.1f}",
                period,
                f"{symbol} {text}",
            )
        )
    for code, rows in by_project.items():
        print_table(
            console,
            f"Goals of {code}",
            ("goal", "target", "actual", "period", "status"),
            rows,
            right=("target", "actual"),
        )


@app.command()
def status(
    warehouse: Annotated[
        Optional[Path],
        typer.Option(
            help="The published DuckDB file; status reads the work file beside it (NAME.work.duckdb) unless a run is writing it. Env ESF_WAREHOUSE; default warehouse/esf.duckdb."
        ),
    ] = None,
    runs: Annotated[int, typer.Option(help="How many of the last runs to show.")] = 5,
) -> None:
    """Show which file was read and why, per source the files loaded, duplicate, rejected,
    withdrawn and held, each rejected and held file with its reason, rows loaded and
    quarantined by reason, the newest data date, the last runs and their outcome, and the
    goals whose status changed since the previous run.

    It reads the work file beside the published one (it also holds failed runs and
    decisions not yet published) unless a run is writing it; then the published file."""
    from esf.settings import load_settings
    from esf.status import read_status

    settings = load_settings(warehouse=warehouse)
    if not settings.warehouse.exists() and not settings.work_db.exists():
        err.print(f"no warehouse at {settings.warehouse}: run `esf run` first")
        raise typer.Exit(EXIT_FAILED)
    _print_status(read_status(settings, runs))


def _print_status(state) -> None:
    console.out(f"Read {state.read_from}:\n  {state.why}\n", highlight=False)
    numbers = ("loaded", "duplicate", "rejected", "withdrawn", "held", "rows loaded", "quarantined")
    print_table(
        console,
        "Files by source",
        ("source", "loaded", "duplicate", "rejected", "withdrawn", "held"),
        state.files,
        right=numbers,
    )
    print_table(
        console, "Rows by source", ("source", "rows loaded", "quarantined", "newest date"), state.rows, right=numbers
    )
    if state.held:
        print_list(
            console,
            "Held (in no published table until `esf release FILE` or `esf withdraw FILE`):",
            [f.line() for f in state.held],
        )
    if state.rejected:
        print_list(
            console,
            "Rejected files (nothing of them is loaded):",
            [f"{path}: {reason} (recorded {seen:%Y-%m-%d %H:%M})" for path, reason, seen in state.rejected],
        )
    if state.reasons:
        print_table(console, "Quarantined rows by reason", ("source", "reason", "rows"), state.reasons, right=("rows",))
    print_table(
        console,
        "Last runs",
        ("started", "as of", "status", "files", "rows", "quarantined", "message"),
        [
            (f"{started:%Y-%m-%d %H:%M}", as_of, outcome, files, rows, quarantined, message)
            for _run_id, started, _finished, as_of, outcome, files, rows, quarantined, message in state.runs
        ],
        right=("files", "rows", "quarantined"),
    )
    if state.changed_goals:
        print_table(
            console,
            "Goals whose status changed since the previous run",
            ("project", "goal", "before", "now"),
            state.changed_goals,
        )
    else:
        console.print("No goal changed status since the previous run.")


@app.command("withdraw")
def withdraw_file(
    file: Annotated[
        Path,
        typer.Argument(
            help="The delivered file: a path in the landing directory, or as meta.files records it (deltagare/2012.csv)."
        ),
    ],
    landing: Annotated[Optional[Path], typer.Option(help="Landing directory. Env ESF_LANDING_DIR.")] = None,
    warehouse: Annotated[Optional[Path], typer.Option(help="The published DuckDB file. Env ESF_WAREHOUSE.")] = None,
) -> None:
    """Take back a delivery made by mistake, or a held one: its rows leave the warehouse, the keys
    it corrected fall back to the delivery before it, meta.files says `withdrawn`. Effective from
    the next publish."""
    from esf.withdraw import WithdrawError, withdraw

    path, removed = _decide(file, landing, warehouse, withdraw, WithdrawError)
    console.print(f"withdrew {path}: {removed} rows left the warehouse; published with the next `esf run`")


@app.command("release")
def release_file(
    file: Annotated[
        Path,
        typer.Argument(
            help="The delivered file: a path in the landing directory, or as meta.files records it (deltagare/2012.csv)."
        ),
    ],
    landing: Annotated[Optional[Path], typer.Option(help="Landing directory. Env ESF_LANDING_DIR.")] = None,
    warehouse: Annotated[Optional[Path], typer.Option(help="The published DuckDB file. Env ESF_WAREHOUSE.")] = None,
) -> None:
    """Accept a held delivery as it is (SPEC §8.5): the next `esf run` loads and publishes it, in
    its place in the load order of when it was first seen (it replaces keys of files loaded before
    it, not after). Its quarantined rows stay quarantined."""
    from esf.held import ReleaseError, release

    path, loaded = _decide(file, landing, warehouse, release, ReleaseError)
    console.print(f"released {path}: its {loaded} valid rows load; published with the next `esf run`")


def _decide(
    file: Path, landing: Path | None, warehouse: Path | None, action, refused: type[Exception]
) -> tuple[str, int]:
    """Apply an operator's decision on a delivery to the work file, under the run lock."""
    from esf.settings import load_settings
    from esf.warehouse import WarehouseBusy, connect, exclusive_lock
    from esf.withdraw import relative_path

    settings = load_settings(landing_dir=landing, warehouse=warehouse)
    path = relative_path(file, settings.landing_dir)
    try:
        with exclusive_lock(settings.lock_file, settings.lock_timeout_s), connect(settings.work_db) as con:
            return path, action(con, path)
    except (refused, WarehouseBusy) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_FAILED) from None


@app.command("generate-samples")
def generate_samples(
    out: Annotated[Path, typer.Option(help="Directory to write landing/ and bad/ into.")] = Path("data_samples"),
    scale: Annotated[
        float, typer.Option(help="Scale factor: 1 = the committed sample; 20+ = county scale for benchmarks.")
    ] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed and scale give the same bytes.")] = 2011,
) -> None:
    """Write the deterministic sample data: every source, the four sample projects, and bad files."""
    from esf.samples import generate

    counts = generate(out, scale=scale, seed=seed)
    for source, n in counts.items():
        console.print(f"{source}: {n} rows")


export_app = typer.Typer(
    help="Write tables for people outside the analyst team, under disclosure control.", no_args_is_help=True
)
app.add_typer(export_app, name="export")


@export_app.command("esf-indicators")
def export_esf_indicators(
    project: Annotated[str, typer.Option("--project", help="Project code (kod).")],
    year: Annotated[
        Optional[int], typer.Option("--year", help="A calendar year YYYY; default the project to date.")
    ] = None,
    out: Annotated[
        Optional[Path],
        typer.Option("--out", help="The xlsx file; default esf-indikatorer_<KOD>_<year or hittills>.xlsx."),
    ] = None,
    warehouse: Annotated[
        Optional[Path], typer.Option(help="The published DuckDB file. Env ESF_WAREHOUSE; default warehouse/esf.duckdb.")
    ] = None,
) -> None:
    """Write the ESF+ common indicators of a project (SPEC §5.7) as the managing authority's
    xlsx table: the year values of --year, or without it the project to date; figures behind
    1–4 persons shown as `–` (§8.4). Reads the published warehouse read-only."""
    from esf.export import ExportError, default_file, write_esf_indicators
    from esf.settings import load_settings

    published = load_settings(warehouse=warehouse).warehouse
    if not published.exists():
        err.print(f"[red]no published warehouse at {published}: run `esf run` first or give --warehouse[/red]")
        raise typer.Exit(EXIT_FAILED)
    code = project.strip().upper()
    try:
        written = write_esf_indicators(published, code, year, out or default_file(code, year))
    except ExportError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_FAILED) from None
    console.print(f"wrote {written}")


@app.command()
def contracts(
    write: Annotated[
        bool, typer.Option("--write", help="Rewrite the generated files from schemas/sources.yml.")
    ] = False,
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
