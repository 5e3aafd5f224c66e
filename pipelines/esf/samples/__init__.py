"""Deterministic sample data: a landing directory that tells each sample project's story, and a
`bad/` directory that exercises every reason code of SPEC §2.1.

    PYTHONPATH=pipelines python -m esf.samples --out data_samples --scale 1

`scale` multiplies the employee and household populations (the big sources); the projects'
own registers follow the documents and do not scale. The same (scale, seed) always writes
the same bytes: randomness comes only from `random.Random` streams named after each part.
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from .bad import markdown_table, write_bad
from .common import People, rng_for
from .hr import make_employees, write_hr
from .income import write_income
from .registers import write_projects, write_registers

SOURCES = ("anstallningar", "sjukfranvaro", "forsorjningsstod", "deltagare", "aktiviteter", "enkater")


def generate(out_dir: Path, scale: float = 1.0, seed: int = 2011) -> dict[str, int]:
    """Write `out_dir/landing/` and `out_dir/bad/` (replacing them); return data rows per landing source
    (every data row written, including the few deliberately bad ones)."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    out_dir = Path(out_dir)
    landing, bad = out_dir / "landing", out_dir / "bad"
    for d in (landing, bad):
        if d.exists():
            shutil.rmtree(d)
    people = People()
    employees = make_employees(rng_for(seed, "employees"), people, scale)
    counts, plans = write_registers(landing, seed, people, employees)  # sets participants' sick-leave effects
    n_anst, n_sjuk, _notes = write_hr(landing, employees, rng_for(seed, "spells"))
    n_income, _special = write_income(landing, rng_for(seed, "income"), people, scale, plans)
    counts |= {"anstallningar": n_anst, "sjukfranvaro": n_sjuk, "forsorjningsstod": n_income}
    write_projects(landing / "projekt")
    write_bad(bad, rng_for(seed, "bad"))
    return {s: counts[s] for s in SOURCES}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m esf.samples",
                                     description="Write deterministic sample landing data and the bad/ directory.")
    parser.add_argument("--out", type=Path, default=Path("data_samples"))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--bad-table", action="store_true", help="print the expected outcome of bad/ as Markdown")
    args = parser.parse_args(argv)
    if args.bad_table:
        print(markdown_table())
        return
    t0 = time.perf_counter()
    counts = generate(args.out, args.scale, args.seed)
    for k, v in counts.items():
        print(f"{k:18} {v:>9}")
    print(f"written to {args.out} in {time.perf_counter() - t0:.1f} s")
