"""Benchmark `esf run` against the targets of issue 16: one table of wall seconds, peak memory,
each figure's ratio to the county full run, and the target.

    .venv/bin/python scripts/bench.py [--scale 13] [--only small,county,...] [--national]
                                      [--workdir /tmp/esf-bench] [--markdown FILE] [--models]

Not a test: timings vary by machine (quote what else ran). Every scenario runs `esf run` as an
operator would, in a child process whose wall time and peak resident memory (the largest process
of it and its descendants: dbt runs as a grandchild) come from the kernel (wait4). Generating,
cutting and copying the landing data, and every check around a run, stay outside the timing.

Scenarios (--only picks some; county runs whenever a later one does, being their base):
  small       full run, fresh warehouse: sample data at --small-scale restricted to FIA and ESS4
  county      full run, fresh warehouse, sample data at --scale
  same        county again, nothing new, same as_of; is the published file rewritten?
  day         county again, nothing new, as_of one day later
  month       a fresh warehouse loaded without each source's last month, then that month's rows
              delivered as new files and as_of one month later (only the second run is timed)
  correction  county again, one sick-leave spell from two years before as_of re-delivered
              with another omfattning; which published indicator rows changed
  national    full run at ten times --scale with ESF_DUCKDB_MEMORY_LIMIT=6GB (only with --national:
              it takes long); the other scenarios run with the environment's limit or the default
--models adds the sick-leave and effect models rebuilt alone by dbt on a copy of the county file.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from bench_landing import hold_back_last_month, restrict_to_projects, write_correction

from esf.samples import generate
from esf.settings import DEMO_KEY

# Mid-month, a little after the samples' last HR month begins: the periods of 4 Ess's range
# (to 2021-12) are still open, so a later as_of has real work to do. SPEC §5: nothing after counts.
AS_OF = dt.date(2021, 12, 15)
# The scale whose counts are nearest issue 16's county (1.55 M rows, 49,880 employees, 30,000
# households; least squared log ratio over the three, scales 10-16 tried): 1,247,072 rows,
# 45,264 employees, 41,460 households. No scale fits all three: households grow faster here.
COUNTY_SCALE = 13.0
# FIA (income support, Osby) and ESS4 (sick leave, three kommuner): both population families.
SMALL_PROJECTS = {"FIA", "ESS4"}
SMALL_SCALE = 0.1  # 16,390 rows once restricted to those two projects (their registers do not scale)
# What a national deployment sets (docs/performance.md): its run peaks at 6.7 GiB with it.
NATIONAL_MEMORY_LIMIT = "6GB"
SCENARIOS = ("small", "county", "same", "day", "month", "correction", "national")
GIB = 1024

# The sick-leave models, upstream first; the last four hold the sick-leave indicators.
SICK_LEAVE_INDICATOR_MODELS = (
    "int_indicators__sick_leave_rates",
    "int_indicators__sick_cases",
    "int_indicators__repeated_absence",
    "int_indicators__sick_leave_change",
)
SICK_LEAVE_MODELS = (
    "int_project_organisations",
    "int_sick_leave__employments",
    "int_sick_leave__spells",
    "int_sick_cases",
    "int_sick_leave__segments",
    "int_sick_leave__person_months",
    "int_sick_leave__period_hours",
    *SICK_LEAVE_INDICATOR_MODELS,
)
# The effect models (SPEC §5.5-§5.6), upstream first; rebuilt alone, timed the same way.
EFFECT_MODELS = (
    "int_effect__income_support_months",
    "int_effect__income_support_units",
    "int_effect__income_support_matches",
    "int_effect__sick_leave_calendar",
    "int_effect__sick_leave_units",
    "int_effect__sick_leave_matches",
    "int_indicators__effect_estimates",
    "int_indicators__effect",
)
# The key of a published indicator value (marts.indicator_values), and what it says.
VALUE_KEY = ("project_code", "indicator_id", "period_type", "period", "gender", "breakdown", "breakdown_value")
VALUE_FIGURES = ("numerator", "denominator", "value", "n_persons")


def timed_run(args: list[str], log: Path | None = None, memory_limit: str = "") -> tuple[float, float, int]:
    """Seconds, peak RSS (MiB) and exit code of one child process, its own descendants included
    (dbt runs as a grandchild of `esf run`): wait4 reports them for this child alone. Its output
    goes to `log` when given (appended); `memory_limit`, when given, is the run's
    ESF_DUCKDB_MEMORY_LIMIT. Exit codes 0, 2 and 3 are runs that published (SPEC §8.1); any
    other stops the benchmark."""
    env = {**os.environ, "ESF_PSEUDONYM_KEY": os.environ.get("ESF_PSEUDONYM_KEY", DEMO_KEY)}
    if memory_limit:
        env["ESF_DUCKDB_MEMORY_LIMIT"] = memory_limit
    with open(log, "a") if log else contextlib.nullcontext() as out:
        start = time.perf_counter()
        child = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT if log else None)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    # CPU seconds too: on a busy machine they compare runs better than wall time does
    print(f"  ({' '.join(args[3:4])}: {usage.ru_utime + usage.ru_stime:.1f} CPU s, {seconds:.1f} wall s)")
    if code not in (0, 2, 3):
        raise subprocess.CalledProcessError(code, args, output=f"see {log}" if log else None)
    return seconds, usage.ru_maxrss / 1024, code


@dataclass
class Warehouse:
    """One landing directory and its warehouse, and the as_of of its last run."""

    root: Path
    as_of: dt.date = AS_OF
    memory_limit: str = ""  # ESF_DUCKDB_MEMORY_LIMIT of its runs; empty: the environment's or the default

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def published(self) -> Path:
        return self.root / "warehouse" / "esf.duckdb"

    def run(self, as_of: dt.date | None = None) -> tuple[float, float, int]:
        """`esf run` on this landing, the same command line as an operator's."""
        self.as_of = as_of or self.as_of
        return timed_run(
            [
                sys.executable,
                "-m",
                "esf.cli",
                "run",
                "--landing",
                str(self.landing),
                "--warehouse",
                str(self.published),
                "--reports",
                str(self.root / "reports"),
                "--as-of",
                self.as_of.isoformat(),
            ],
            self.root / "runs.log",
            self.memory_limit,
        )

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.published), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


@dataclass
class Row:
    """One line of the table: a scenario's figures and its target."""

    scenario: str
    what: str
    rows: int | None
    seconds: float | None
    peak_mib: float | None
    target: str
    # whether the target is met, given this row and the county full run's (None: cannot tell)
    met: Callable[[Row, Row | None], bool | None] = lambda row, full: None
    notes: list[str] = field(default_factory=list)


def generated(root: Path, scale: float) -> tuple[Path, int]:
    """Sample data at `scale` under `root/data` (its landing copied into place by the caller)."""
    start = time.perf_counter()
    counts = generate(root / "data", scale=scale)
    total = sum(counts.values())
    print(f"generated scale {scale:g}: {total:,} rows in {time.perf_counter() - start:.1f} s")
    for source, n in counts.items():
        print(f"  {source:18} {n:>12,}")
    return root / "data" / "landing", total


def fresh(root: Path, landing: Path) -> Warehouse:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copytree(landing, root / "landing")
    return Warehouse(root)


def population(w: Warehouse) -> str:
    (employees,) = w.query("select count(distinct person_id) from staging.stg_anstallningar")[0]
    (households,) = w.query(
        "select count(distinct lower(trim(municipality)) || '|' || coalesce(household_id, applicant_person_id::varchar))"
        " from staging.stg_forsorjningsstod"
    )[0]
    loaded, quarantined = w.query("select sum(rows_loaded), sum(rows_quarantined) from meta.files")[0]
    return (
        f"{employees:,} employees, {households:,} households; rows loaded {loaded:,}, quarantined {quarantined:,};"
        f" published file {w.published.stat().st_size / 2**20:,.0f} MiB"
    )


def file_state(path: Path) -> tuple[int, int, str]:
    """mtime_ns, inode and SHA-256 of the published file: did a run rewrite it?"""
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return stat.st_mtime_ns, stat.st_ino, digest.hexdigest()


def snapshot_values(w: Warehouse, out: Path) -> None:
    out.unlink(missing_ok=True)
    with duckdb.connect(str(w.published), read_only=True) as con:
        con.execute(f"copy marts.indicator_values to '{out}' (format parquet)")


@dataclass(frozen=True)
class Changes:
    """Published indicator rows that differ between two states."""

    rows: int  # new, gone, or a figure that moved by more than ROUNDING
    first_end: dt.date | None  # the earliest period_end among them
    by_type: list[tuple[str, int, dt.date, str]]  # period type, rows, earliest period_end, indicators
    rounding_only: int  # rows whose figures moved by ROUNDING or less (DuckDB sums doubles in parallel)


ROUNDING = 1e-9  # relative: a full rebuild's double sums differ in their last bits from run to run


def changed_values(w: Warehouse, before: Path) -> Changes:
    """Compare marts.indicator_values with the snapshot `before`, figure by figure."""
    on = " and ".join(f"a.{k} is not distinct from b.{k}" for k in VALUE_KEY)
    moved = " or ".join(
        f"(a.{v} is null) <> (b.{v} is null) or abs(a.{v} - b.{v}) > {ROUNDING} * greatest(1, abs(b.{v}))"
        for v in VALUE_FIGURES
    )
    bits = " or ".join(f"a.{v} is distinct from b.{v}" for v in VALUE_FIGURES)
    compared = (
        f"select coalesce(a.period_type, b.period_type) as period_type, coalesce(a.period_end, b.period_end) as"
        f" period_end, coalesce(a.indicator_id, b.indicator_id) as indicator_id,"
        f" a.indicator_id is null or b.indicator_id is null or {moved} as changed, {bits} as differs"
        f" from marts.indicator_values a full join read_parquet('{before}') b on {on}"
    )
    rows, first_end, rounding_only = w.query(
        f"select count(*) filter (changed), min(period_end) filter (changed), count(*) filter (differs and not changed)"
        f" from ({compared})"
    )[0]
    by_type = w.query(
        f"select period_type, count(*), min(period_end), string_agg(distinct indicator_id, ', ' order by indicator_id)"
        f" from ({compared}) where changed group by all order by 1"
    )
    return Changes(rows, first_end, by_type, rounding_only)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def under(limit: float) -> Callable[[Row, Row | None], bool | None]:
    return lambda row, full: None if row.seconds is None else row.seconds <= limit


def share_of_full(limit: float) -> Callable[[Row, Row | None], bool | None]:
    return lambda row, full: None if row.seconds is None or full is None else row.seconds <= limit * full.seconds


def timed_row(scenario: str, what: str, rows: int | None, w: Warehouse, target: str, met, as_of=None) -> Row:
    seconds, peak, code = w.run(as_of)
    row = Row(scenario, what, rows, seconds, peak, target, met)
    if code:
        row.notes.append(f"exit {code}")
    print(f"{scenario}: {seconds:.1f} s, peak RSS {peak:,.0f} MiB, exit {code} (output: {w.root / 'runs.log'})")
    return row


class Bench:
    """The scenarios, in order; each appends its row to the table."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work: Path = args.workdir
        self.rows: list[Row] = []
        self.county: Warehouse | None = None
        self.county_data: tuple[Path, int] | None = None

    def small(self) -> None:
        landing, _ = generated(self.work / "small", self.args.small_scale)
        n = restrict_to_projects(landing, SMALL_PROJECTS)
        w = fresh(self.work / "small" / "run", landing)
        what = f"full run, fresh warehouse: samples at scale {self.args.small_scale:g}, {' and '.join(sorted(SMALL_PROJECTS))} only"
        row = timed_row("small", what, n, w, "≤ 10 s", under(10))
        row.notes.append(population(w))
        self.rows.append(row)

    def _county_landing(self) -> tuple[Path, int]:
        if self.county_data is None:
            self.county_data = generated(self.work / "county", self.args.scale)
        return self.county_data

    def county_full(self) -> None:
        landing, n = self._county_landing()
        self.county = fresh(self.work / "county" / "run", landing)
        what = f"full run, fresh warehouse (scale {self.args.scale:g})"
        row = timed_row(
            "county",
            what,
            n,
            self.county,
            "≤ 30 s, peak ≤ 2 GiB",
            lambda r, f: r.seconds <= 30 and r.peak_mib <= 2 * GIB,
        )
        row.notes.append(population(self.county))
        self.rows.append(row)

    def same(self) -> None:
        before = file_state(self.county.published)
        row = timed_row(
            "same", "nothing new, same as_of", None, self.county, "≤ 5 s, published file not rewritten", None
        )
        after = file_state(self.county.published)
        untouched = before == after
        row.notes.append(
            "published file untouched (mtime, inode, SHA-256)"
            if untouched
            else "published file rewritten: "
            + ", ".join(n for n, b, a in zip(("mtime", "inode", "SHA-256"), before, after, strict=True) if b != a)
            + " changed"
        )
        row.met = lambda r, f: r.seconds <= 5 and untouched
        self.rows.append(row)

    def day(self) -> None:
        as_of = self.county.as_of + dt.timedelta(days=1)
        self.rows.append(
            timed_row(
                "day",
                f"nothing new, as_of one day later ({as_of})",
                None,
                self.county,
                "≤ 15 % of full",
                share_of_full(0.15),
                as_of,
            )
        )

    def month(self) -> None:
        landing, _ = self._county_landing()
        w = fresh(self.work / "month" / "run", landing)
        pending = self.work / "month" / "pending"
        moved = hold_back_last_month(w.landing, pending)
        print("held back for the month scenario: " + ", ".join(f"{s} {m} {n:,}" for s, (m, n) in moved.items()))
        seconds, _, code = w.run(AS_OF)
        print(f"month: base run without the last month: {seconds:.1f} s, exit {code}")
        new_paths = sorted(p.relative_to(pending).as_posix() for p in pending.rglob("*") if p.is_file())
        shutil.copytree(pending, w.landing, dirs_exist_ok=True)
        as_of = add_months(AS_OF, 1)
        n = sum(count for _, count in moved.values())
        row = timed_row(
            "month",
            f"one new month for every source ({len(new_paths)} files), as_of {as_of}",
            n,
            w,
            "≤ 20 % of full",
            share_of_full(0.20),
            as_of,
        )
        files = w.query(
            "select status, count(*), sum(rows_loaded), sum(rows_quarantined) from meta.files where path in"
            " (select unnest(?::varchar[])) group by all order by 1",
            [new_paths],
        )
        (in_quarantine,) = w.query(
            "select count(*) from meta.quarantine where path in (select unnest(?::varchar[]))", [new_paths]
        )[0]
        row.notes.append(
            "new files: "
            + "; ".join(f"{status} {k} (rows loaded {loaded:,}, quarantined {q:,})" for status, k, loaded, q in files)
            + f"; meta.quarantine rows of them: {in_quarantine:,}"
        )
        self.rows.append(row)

    def correction(self) -> None:
        w = self.county
        correction = write_correction(w.landing, add_months(w.as_of, -24))
        if correction is None:
            self.rows.append(
                Row(
                    "correction",
                    "n/a: no sick-leave spell at 100 % two years before as_of",
                    None,
                    None,
                    None,
                    "≤ 25 % of full",
                )
            )
            return
        before = self.work / "county" / "values_before.parquet"
        snapshot_values(w, before)
        what = (
            f"a correction: spell {correction.key} ({correction.start}–{correction.end or 'open'}) omfattning"
            f" {correction.old} → {correction.new}, in {correction.path.relative_to(w.landing)}"
        )
        row = timed_row("correction", what, 1, w, "≤ 25 % of full, right past periods change", None)
        changes = changed_values(w, before)
        right = changes.rows > 0 and changes.first_end >= correction.start
        row.notes.append(
            f"{changes.rows:,} published indicator rows changed, the earliest period ending {changes.first_end}"
            + (
                " (none ends before the spell starts)"
                if right
                else " (WRONG: only periods ending on or after the spell start may change)"
            )
            + "; by period type: "
            + "; ".join(f"{t} {k:,} from the period ending {e} ({ids})" for t, k, e, ids in changes.by_type)
            + f"; {changes.rounding_only:,} more differ by rounding only (< {ROUNDING:g} relative)"
        )
        row.met = lambda r, f: right and r.seconds <= 0.25 * f.seconds
        self.rows.append(row)

    def national(self) -> None:
        scale = 10 * self.args.scale
        landing, n = generated(self.work / "national", scale)
        w = fresh(self.work / "national" / "run", landing)
        w.memory_limit = NATIONAL_MEMORY_LIMIT  # the default (1GB) is a county's: DuckDB runs out at 1 GB here
        row = timed_row(
            "national",
            f"full run, fresh warehouse (scale {scale:g}, ten times county, ESF_DUCKDB_MEMORY_LIMIT={w.memory_limit})",
            n,
            w,
            "peak ≤ 8 GiB, ≤ 10× county",
            lambda r, f: r.peak_mib <= 8 * GIB and (f is None or r.seconds <= 10 * f.seconds),
        )
        row.notes.append(population(w))
        self.rows.append(row)

    def models(self) -> None:
        """The sick-leave and effect models rebuilt alone on a copy of the county work file."""
        sick_leave_benchmark(self.work, self.county.published, self.county.as_of)
        print("effect against a comparison group:")
        models_alone(self.work, self.county.published, "effect", EFFECT_MODELS, self.county.as_of)


def table(rows: list[Row]) -> tuple[list[str], list[list[str]]]:
    rows = sorted(rows, key=lambda r: SCENARIOS.index(r.scenario))
    full = next((r for r in rows if r.scenario == "county"), None)
    header = ["scenario", "what", "rows", "wall s", "peak RSS", "× county full", "target", "met", "notes"]
    lines = []
    for r in rows:
        ratio = "" if r.seconds is None or full is None or r is full else f"{r.seconds / full.seconds:.2f}"
        met = r.met(r, full) if r.met and r.seconds is not None else None
        lines.append(
            [
                r.scenario,
                r.what,
                "" if r.rows is None else f"{r.rows:,}",
                "n/a" if r.seconds is None else f"{r.seconds:.1f}",
                "" if r.peak_mib is None else f"{r.peak_mib / GIB:.2f} GiB",
                ratio,
                r.target,
                {True: "yes", False: "no", None: "?"}[met],
                "; ".join(r.notes),
            ]
        )
    return header, lines


def print_table(header: list[str], lines: list[list[str]]) -> None:
    shown = header[:-1]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(shown)]
    print("  ".join(h.ljust(w) for h, w in zip(shown, widths, strict=True)))
    for line in lines:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=False)))
        if line[-1]:
            print(f"    {line[-1]}")


def markdown(header: list[str], lines: list[list[str]], command: str) -> str:
    out = [f"`{command}` ({dt.date.today()}):", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in lines]
    return "\n".join(out) + "\n"


def models_alone(workdir: Path, warehouse: Path, name: str, models: tuple[str, ...], as_of: dt.date) -> None:
    """Rebuild `models` alone on a copy of the work file: rows of each, seconds and peak memory."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for model in models:
            (n,) = con.execute(f"select count(*) from intermediate.{model}").fetchone()
            print(f"  {model:36} {n:>12,} rows")
    work_copy = workdir / f"{name}_bench.duckdb"
    shutil.copyfile(warehouse, work_copy)
    dbt = Path(sys.executable).parent / "dbt"
    project = Path(__file__).resolve().parents[1] / "dbt_project"
    seconds, peak, _ = timed_run(
        [
            str(dbt),
            "run",
            "--quiet",
            "--select",
            *models,
            "--vars",
            json.dumps({"db_path": str(work_copy), "as_of": as_of.isoformat()}),
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
            "--target-path",
            str(workdir / "dbt_target"),
        ]
    )
    print(f"{name} models alone (dbt run, {len(models)} models): {seconds:.1f} s, peak RSS {peak:,.0f} MiB")


def sick_leave_benchmark(workdir: Path, warehouse: Path, as_of: dt.date) -> None:
    """Rows of the sick-leave models, and the models rebuilt alone on a copy of the work file."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        employees, employments = con.execute(
            "select count(distinct person_id), count(*) from staging.stg_anstallningar"
        ).fetchone()
        (spells,) = con.execute("select count(*) from staging.stg_sjukfranvaro").fetchone()
        (published,) = con.execute(
            "select count(*) from marts.indicator_values where indicator_id in "
            "("
            + " union ".join(f"select indicator_id from intermediate.{m}" for m in SICK_LEAVE_INDICATOR_MODELS)
            + ")"
        ).fetchone()
    print(f"sick leave: {employees:,} employees, {employments:,} employments, {spells:,} spells")
    print(f"  {'marts.indicator_values (sick leave)':36} {published:>12,} rows")
    # the published file is a copy of the work file: raw tables, staging and all
    models_alone(workdir, warehouse, "sick-leave", SICK_LEAVE_MODELS, as_of)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=COUNTY_SCALE, help="county scale (default %(default)g)")
    parser.add_argument(
        "--small-scale", type=float, default=SMALL_SCALE, help="small landing's scale before the restriction"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/esf-bench"))
    parser.add_argument("--only", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    parser.add_argument("--national", action="store_true", help="also the national scale (ten times --scale)")
    parser.add_argument("--models", action="store_true", help="also the sick-leave and effect models alone")
    parser.add_argument("--markdown", type=Path, help="also write the table as markdown to this file")
    args = parser.parse_args()

    chosen = set(args.only.split(",")) if args.only else set(SCENARIOS) - {"national"}
    if args.national:
        chosen.add("national")
    if unknown := chosen - set(SCENARIOS):
        parser.error(f"unknown scenario(s) {', '.join(sorted(unknown))}; choose from {', '.join(SCENARIOS)}")
    if chosen & {"same", "day", "month", "correction", "national"} or args.models:
        chosen.add("county")  # their base and the denominator of their ratio

    shutil.rmtree(args.workdir, ignore_errors=True)
    bench = Bench(args)
    steps = {
        "small": bench.small,
        "county": bench.county_full,
        "same": bench.same,
        "day": bench.day,
        "correction": bench.correction,
        "month": bench.month,
        "national": bench.national,
    }
    for name, step in steps.items():
        if name in chosen:
            step()
    if args.models:
        bench.models()

    header, lines = table(bench.rows)
    print()
    print_table(header, lines)
    if args.markdown:
        args.markdown.write_text(markdown(header, lines, " ".join(["scripts/bench.py", *sys.argv[1:]])))
        print(f"markdown table: {args.markdown}")


if __name__ == "__main__":
    main()
