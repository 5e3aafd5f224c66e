"""Benchmark a full `esf run` at a given sample scale: rows, seconds and peak memory.

    .venv/bin/python scripts/bench.py [--scale 20] [--workdir /tmp/esf-bench]

Not a test: timings vary by machine. Generates the sample data at the scale, then runs
`esf run` twice (a first load, then a run with nothing new) in a child process, reading
its peak resident memory from the kernel (the rusage of that child and its descendants).
Then the sick-leave benchmark (SPEC §5.2): the rows of each sick-leave model, and the
sick-leave models rebuilt alone on a copy of the work file, timed the same way. Scale 20
is about 74,000 employees, 79,000 employments and 850,000 spells over 2008-2021.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from esf.samples import generate
from esf.settings import DEMO_KEY

AS_OF = "2026-11-22"

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


def timed_run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one child process, its own descendants included (dbt
    runs as a grandchild of `esf run`): wait4 reports them for this child alone."""
    env = {**os.environ, "ESF_PSEUDONYM_KEY": os.environ.get("ESF_PSEUDONYM_KEY", DEMO_KEY)}
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), args)
    return seconds, usage.ru_maxrss / 1024


def models_alone(workdir: Path, warehouse: Path, name: str, models: tuple[str, ...]) -> None:
    """Rebuild `models` alone on a copy of the work file: rows of each, seconds and peak memory."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for model in models:
            (n,) = con.execute(f"select count(*) from intermediate.{model}").fetchone()
            print(f"  {model:36} {n:>12,} rows")
    work_copy = workdir / f"{name}_bench.duckdb"
    shutil.copyfile(warehouse, work_copy)
    dbt = Path(sys.executable).parent / "dbt"
    project = Path(__file__).resolve().parents[1] / "dbt_project"
    seconds, peak = timed_run(
        [
            str(dbt),
            "run",
            "--quiet",
            "--select",
            *models,
            "--vars",
            json.dumps({"db_path": str(work_copy), "as_of": AS_OF}),
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
            "--target-path",
            str(workdir / "dbt_target"),
        ]
    )
    print(f"{name} models alone (dbt run, {len(models)} models): {seconds:.1f} s, peak RSS {peak:,.0f} MiB")


def sick_leave_benchmark(workdir: Path, warehouse: Path) -> None:
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
    models_alone(workdir, warehouse, "sick-leave", SICK_LEAVE_MODELS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=20.0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/esf-bench"))
    args = parser.parse_args()

    shutil.rmtree(args.workdir, ignore_errors=True)
    start = time.perf_counter()
    counts = generate(args.workdir / "data", scale=args.scale)
    print(f"generated scale {args.scale:g}: {sum(counts.values()):,} rows in {time.perf_counter() - start:.1f} s")
    for source, n in counts.items():
        print(f"  {source:18} {n:>12,}")

    warehouse = args.workdir / "warehouse" / "esf.duckdb"
    esf = [
        sys.executable,
        "-m",
        "esf.cli",
        "run",
        "--landing",
        str(args.workdir / "data" / "landing"),
        "--warehouse",
        str(warehouse),
        "--reports",
        str(args.workdir / "reports"),
        "--as-of",
        AS_OF,
    ]
    first_s, first_mb = timed_run(esf)
    second_s, _ = timed_run(esf)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded, quarantined = con.execute("select sum(rows_loaded), sum(rows_quarantined) from meta.files").fetchone()
    size_mb = warehouse.stat().st_size / 2**20
    print(f"esf run, first load: {first_s:.1f} s, peak RSS {first_mb:,.0f} MiB (the largest of esf and its dbt)")
    print(f"esf run, nothing new: {second_s:.1f} s")
    print(f"rows loaded {loaded:,}, quarantined {quarantined:,}; published file {size_mb:,.0f} MiB")
    sick_leave_benchmark(args.workdir, warehouse)
    print("effect against a comparison group:")
    models_alone(args.workdir, warehouse, "effect", EFFECT_MODELS)


if __name__ == "__main__":
    main()
