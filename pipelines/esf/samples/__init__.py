"""Deterministic sample data: a landing directory that tells each sample project's story, and a
`bad/` directory that exercises every reason code of SPEC §2.1.

    esf generate-samples --out data_samples --scale 1     (or: make samples)

`scale` multiplies the employee and household populations (the big sources); the projects'
own registers follow the documents and do not scale. The same (scale, seed) always writes
the same bytes: randomness comes only from `random.Random` streams named after each part.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .bad import write_bad
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
