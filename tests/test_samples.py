"""The committed sample data: the generator's output, and bad/ quarantined exactly as its rows say."""

import filecmp
from pathlib import Path

import pytest

from esf.samples import generate
from esf.samples.bad import FILE_LEVEL, PROJECT_FILES, ROW_FILES

from conftest import REPO, load_all

SAMPLES = REPO / "data_samples"
ROW_REASONS = {
    "missing_value",
    "invalid_personnummer",
    "invalid_date",
    "invalid_number",
    "invalid_value",
    "invalid_period",
    "unknown_project",
    "duplicate_key",
}
FILE_REASONS = {"unsupported_format", "unreadable_file", "missing_column", "duplicate_file", "invalid_project_file"}
HELD_REASON = "quarantine_share"  # more than half of a file's rows quarantined (SPEC §8.5)


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_committed_samples_are_the_generators_output(tmp_path):
    generate(tmp_path, scale=1.0, seed=2011)
    for part in ("landing", "bad"):
        assert _tree(tmp_path / part) == _tree(SAMPLES / part)
        _, mismatch, errors = filecmp.cmpfiles(tmp_path / part, SAMPLES / part, _tree(SAMPLES / part), shallow=False)
        assert mismatch == [] and errors == [], f"data_samples/{part} differs from the generator: run `make samples`"


@pytest.fixture(scope="module")
def bad_load(tmp_path_factory):
    con = load_all(SAMPLES / "bad", tmp_path_factory.mktemp("bad") / "work.duckdb")
    yield con
    con.close()


def test_every_bad_row_gets_its_reason(bad_load):
    for path, (_header, rows) in ROW_FILES.items():
        expected = [(n, why) for n, (why, _row) in enumerate(rows, start=1) if why]
        got = bad_load.execute(
            "select row_number, reason from meta.quarantine where path = ? order by row_number", [path]
        ).fetchall()
        assert got == expected, path
        read, loaded, quarantined = bad_load.execute(
            "select rows_read, rows_loaded, rows_quarantined from meta.files where path = ?", [path]
        ).fetchone()
        assert (read, loaded, quarantined) == (len(rows), len(rows) - len(expected), len(expected))


def test_every_bad_file_gets_its_status_and_reason(bad_load):
    for path, (status, reason, rows_read) in FILE_LEVEL.items():
        got_status, got_reason, got_read = bad_load.execute(
            "select status, coalesce(reason, ''), rows_read from meta.files where path = ?", [path]
        ).fetchone()
        assert (got_status, got_read) == (status, rows_read), path
        code, _, column = reason.partition(" (")
        assert got_reason.startswith(code) and column.rstrip(")") in got_reason, path
    for name, (_content, reason) in PROJECT_FILES.items():
        status, got_reason = bad_load.execute(
            "select status, coalesce(reason, '') from meta.files where path = ?", [f"projekt/{name}"]
        ).fetchone()
        assert (status, got_reason.split(":")[0] or None) == ("rejected" if reason else "loaded", reason), name


def test_bad_covers_every_reason_code_and_the_accounting_holds(bad_load):
    row_reasons = {r for (r,) in bad_load.execute("select distinct reason from meta.quarantine").fetchall()}
    file_reasons = {
        r.split(":")[0]
        for (r,) in bad_load.execute("select reason from meta.files where reason is not null").fetchall()
    }
    assert row_reasons == ROW_REASONS
    assert file_reasons == FILE_REASONS | {HELD_REASON}
    assert (
        bad_load.execute("""select count(*) from meta.files where status in ('loaded', 'held')
        and rows_read <> rows_loaded + rows_quarantined""").fetchone()[0]
        == 0
    )


def test_the_row_files_of_bad_are_held(bad_load):
    """Most rows of each row_reasons file are quarantined: held, none of their rows in raw."""
    held = {p for (p,) in bad_load.execute("select path from meta.files where status = 'held'").fetchall()}
    row_reasons = {p for p in ROW_FILES if p.endswith("/row_reasons.csv")}
    assert len(row_reasons) == 6 and row_reasons <= held <= set(ROW_FILES)
    for path in held:
        source = path.split("/")[0]
        (in_raw,) = bad_load.execute(
            f"select count(*) from raw.{source} where _file_id in (select file_id from meta.files where path = ?)",
            [path],
        ).fetchone()
        assert in_raw == 0, path
