"""dbt's manifest, prepared before the Definitions load and never while they import.

The dbt assets are read from `dbt_project/target/manifest.json`. `ensure_manifest` runs
`dbt parse` only when that file is missing or older than a file of the dbt project (models,
macros, YAML, dbt_project.yml, profiles.yml), so that a run always sees the models on disk
and pays for a parse only after an edit. `make install`, `make dagster`, `esf run` and the
tests call it; a deployment calls it once at build time (`python -m esf.dbt_manifest`, the
counterpart of `dagster-dbt project prepare-and-package`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from esf.settings import DBT_PROJECT_DIR

# dbt from this environment, also when its bin/ is not on PATH
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
TARGET_DIR = DBT_PROJECT_DIR / "target"
MANIFEST = TARGET_DIR / "manifest.json"
# What dbt writes, not what it reads
NOT_SOURCES = {"target", "logs", "dbt_packages"}
# What `dbt parse` leaves that a later parse or build reuses
ARTIFACTS = ("manifest.json", "partial_parse.msgpack", "semantic_manifest.json")


class ManifestError(RuntimeError):
    """`dbt parse` failed: the dbt project does not parse."""


def project_paths(project_dir: Path = DBT_PROJECT_DIR) -> Iterator[Path]:
    """Every file and folder dbt reads; a folder's time changes when a file in it is removed."""
    for path in project_dir.iterdir():
        if path.name in NOT_SOURCES or path.name.startswith("."):
            continue
        yield path
        if path.is_dir():
            yield from path.rglob("*")


def is_stale(manifest: Path = MANIFEST, project_dir: Path = DBT_PROJECT_DIR) -> bool:
    """True when the manifest is missing or a project file changed (or came or went) after it was written."""
    if not manifest.exists():
        return True
    written = manifest.stat().st_mtime_ns
    return any(p.stat().st_mtime_ns > written for p in project_paths(project_dir))


def ensure_manifest() -> bool:
    """Parse the dbt project when the manifest is stale; True when it parsed.

    One process parses at a time (a lock in target/); the others wait and find it fresh.
    The new files replace the old ones by rename, so a reader never sees half a manifest.
    """
    if not is_stale():
        return False
    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    with open(TARGET_DIR / ".parse.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_stale():
            return False
        with tempfile.TemporaryDirectory(dir=TARGET_DIR, prefix=".parse-") as scratch:
            _parse(Path(scratch))
            for name in ARTIFACTS:
                if (Path(scratch) / name).exists():
                    os.replace(Path(scratch) / name, TARGET_DIR / name)
    return True


def _parse(target: Path) -> None:
    if (TARGET_DIR / "partial_parse.msgpack").exists():  # reparse only what changed
        shutil.copy(TARGET_DIR / "partial_parse.msgpack", target / "partial_parse.msgpack")
    result = subprocess.run(
        [
            DBT_EXECUTABLE,
            "--quiet",
            "--no-send-anonymous-usage-stats",
            "--log-path",
            str(target),
            "parse",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ManifestError(f"dbt parse failed in {DBT_PROJECT_DIR}:\n{(result.stdout + result.stderr)[-4000:]}")


if __name__ == "__main__":  # `make install`, `make dagster`, a deployment's build step
    print(f"{MANIFEST}: {'parsed' if ensure_manifest() else 'up to date'}")
