"""Benchmark a full `esf run` at a given sample scale: rows, seconds and peak memory.

    .venv/bin/python scripts/bench.py [--scale 20] [--workdir /tmp/esf-bench]

Not a test: timings vary by machine. Generates the sample data at the scale, then runs
`esf run` twice (a first load, then a run with nothing new) in a child process, reading
its peak resident memory from the kernel (getrusage of the children).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from esf.samples import generate
from esf.settings import DEMO_KEY


def timed_run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, env={**os.environ, "ESF_PSEUDONYM_KEY": os.environ.get("ESF_PSEUDONYM_KEY", DEMO_KEY)})
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


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
    esf = [sys.executable, "-m", "esf.cli", "run", "--landing", str(args.workdir / "data" / "landing"),
           "--warehouse", str(warehouse), "--as-of", "2026-11-22"]
    first_s, first_mb = timed_run(esf)
    second_s, _ = timed_run(esf)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded, quarantined = con.execute("select sum(rows_loaded), sum(rows_quarantined) from meta.files").fetchone()
    size_mb = warehouse.stat().st_size / 2**20
    print(f"esf run, first load: {first_s:.1f} s, peak RSS of the largest child {first_mb:,.0f} MiB")
    print(f"esf run, nothing new: {second_s:.1f} s")
    print(f"rows loaded {loaded:,}, quarantined {quarantined:,}; published file {size_mb:,.0f} MiB")


if __name__ == "__main__":
    main()
