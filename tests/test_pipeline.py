"""End to end: `esf run` on the committed sample data, as `make demo` does."""

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from esf.contracts import PROJECT_FOLDER, sources
from esf.ingest.reading import read_table

from conftest import DEMO_MONTHS, REPO, SAMPLES, esf_run

PNR_IN_TEXT = re.compile(r"(?<![0-9])(?:19|20)?([0-9]{6})[-+]?([0-9]{4})(?![0-9])")


# CI has ../shared beside the clone; ESF_SHARED_DIR points elsewhere when it is not there
CHECK_PUBLISHED = Path(os.environ.get("ESF_SHARED_DIR", REPO.parent / "shared")) / "tools" / "check_published.py"


@pytest.fixture(scope="module")
def published(demo_run):
    warehouse, first = (
        demo_run  # the session's `esf demo` on the samples (conftest), shared with the accessibility test
    )
    assert first.returncode == 0, first.stderr
    con = duckdb.connect(str(warehouse), read_only=True)
    yield warehouse, con, first
    con.close()


def test_every_file_of_the_landing_directory_is_accounted_for(published):
    _, con, first = published
    delivered = sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*") if p.is_file())
    recorded = con.execute("select path, status from meta.files order by path").fetchall()
    assert [p for p, _ in recorded] == delivered
    assert {s for _, s in recorded} == {"loaded"}
    assert (
        con.execute("""select count(*) from meta.files
        where rows_read <> rows_loaded + rows_quarantined""").fetchone()[0]
        == 0
    )
    # every quarantined row is in meta.quarantine, and only those
    assert (
        con.execute("""select sum(rows_quarantined) from meta.files""").fetchone()[0]
        == con.execute("select count(*) from meta.quarantine").fetchone()[0]
    )
    for folder in [PROJECT_FOLDER, *sources()]:
        assert folder in first.stdout


def test_every_source_reaches_staging(published):
    _, con, _ = published
    for source in sources():
        (n,) = con.execute(f"select count(*) from staging.stg_{source}").fetchone()
        assert n > 0, source
    assert con.execute("select count(*) from staging.stg_projects").fetchone()[0] == 4


def test_corrections_replace_the_rows_they_correct(published):
    _, con, _ = published
    correction = read_table(SAMPLES / "sjukfranvaro" / "2015-02_rattelse_kalmar.csv").rows
    assert correction.height > 0
    for row in correction.iter_rows(named=True):
        got = con.execute(
            "select omfattning, sjuk_tom::varchar from raw.sjukfranvaro r join staging.stg_sjukfranvaro s "
            "on s.spell_id = r.franvaro_id and s.file_id = r._file_id where r.franvaro_id = ?",
            [row["franvaro_id"]],
        ).fetchone()
        assert got is not None
        assert got[0] == float(row["omfattning"].replace(",", "."))
        assert (got[1] or "") == row["sjuk_tom"]


def _input_personnummer() -> set[str]:
    """Every personnummer-shaped string of the input files, as its 10 digits."""
    found: set[str] = set()
    for path in SAMPLES.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".txt", ".xlsx"):
            frame = read_table(path).rows.drop("_row_number")
            for column in frame.columns:
                for value in frame[column].unique().to_list():
                    found.update(a + b for a, b in PNR_IN_TEXT.findall(value))
    return found


def test_no_personnummer_from_the_input_reaches_the_warehouse(published):
    _, con, _ = published
    pnr10 = _input_personnummer()
    assert len(pnr10) > 3000
    con.register("input_pnr", pl.DataFrame({"pnr10": sorted(pnr10)}))
    columns = con.execute("""select schema_name, table_name, column_name from duckdb_columns()
        where data_type in ('VARCHAR', 'JSON') and not internal and table_name <> 'input_pnr'""").fetchall()
    assert len(columns) > 40
    for schema, table, column in columns:
        (leaks,) = con.execute(f"""
            select count(*) from (
                select unnest(regexp_extract_all(regexp_replace("{column}"::varchar, '[-+]', '', 'g'), '[0-9]+')) as run
                from "{schema}"."{table}")
            where length(run) in (10, 12) and right(run, 10) in (select pnr10 from input_pnr)""").fetchone()
        assert leaks == 0, f"{schema}.{table}.{column}"
    con.unregister("input_pnr")


def test_a_second_run_loads_nothing_new(published):
    warehouse, con, _ = published
    before = con.execute("select count(*), sum(rows_loaded) from meta.files").fetchone()
    second = esf_run(SAMPLES, warehouse)
    assert second.returncode == 0, second.stderr
    with duckdb.connect(str(warehouse), read_only=True) as fresh:
        assert fresh.execute("select count(*), sum(rows_loaded) from meta.files").fetchone() == before


def test_the_bad_directory_publishes_and_holds_its_row_files(tmp_path):
    """Most rows of each row_reasons file of bad/ are quarantined: held (SPEC §8.5), and the rest publishes."""
    result = esf_run(REPO / "data_samples" / "bad", tmp_path / "esf.duckdb")
    assert result.returncode == 3, result.stderr
    assert "anstallningar/row_reasons.csv: quarantine_share: 20 of 24 rows quarantined, more than half" in result.stdout
    assert "deltagare/missing_column_personnummer.csv: missing_column: personnummer" in result.stdout
    with duckdb.connect(str(tmp_path / "esf.duckdb"), read_only=True) as con:
        # valid_small.csv's 3 rows and the 5 valid rows of mixed_cells.xlsx (3 of its 8 quarantined: not held)
        assert con.execute("select count(*) from staging.stg_anstallningar").fetchone()[0] == 8


def test_the_published_warehouse_passes_check_published(published):
    warehouse, _, _ = published
    assert CHECK_PUBLISHED.is_file(), f"{CHECK_PUBLISHED} not found: set ESF_SHARED_DIR to the shared/ folder"
    result = subprocess.run([sys.executable, str(CHECK_PUBLISHED), str(warehouse)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("0 problems")


def test_the_run_prints_every_projects_goals_and_writes_their_reports(published):
    warehouse, con, first = published
    for code, n_goals in con.execute("select project_code, count(*) from marts.goal_attainment group by 1").fetchall():
        assert f"Goals of {code}" in first.stdout
        report = warehouse.parent / "reports" / code / DEMO_MONTHS[code] / "rapport.html"  # the final report
        html = report.read_text(encoding="utf-8")
        goal_table = html[html.index("<tbody>") : html.index("</tbody>")]  # the first table: the goals
        assert goal_table.count('<th scope="row">') == n_goals
    assert con.execute("select count(distinct project_code) from marts.goal_attainment").fetchone()[0] == 4
    fia = (warehouse.parent / "reports" / "FIA" / DEMO_MONTHS["FIA"] / "rapport.html").read_text(encoding="utf-8")
    assert "60 % av deltagarna ska gå vidare till arbete eller studier" in fia
    assert "45,9\u00a0%" in fia and "Ej uppnått" in fia  # 34 of 74 finished persons


def test_every_published_column_is_described_in_the_catalog(published):
    _, con, _ = published
    undescribed = con.execute("""select schema_name || '.' || table_name || '.' || column_name from duckdb_columns()
        where schema_name in ('marts', 'meta', 'staging') and (comment is null or comment = '')""").fetchall()
    assert undescribed == []


def test_reports_hide_both_genders_when_either_is_hidden(published):
    _, con, _ = published
    (one_side,) = con.execute("""select count(*) from (
        select project_code, indicator_id, period_type, period, breakdown, breakdown_value
        from marts.disclosed_indicator_values where gender in ('K', 'M')
        group by all having count(*) = 2 and count(distinct hidden) = 2)""").fetchone()
    assert one_side == 0
    # the rule is exercised: a group of five or more hidden because the other gender's was small
    (by_sibling,) = con.execute("""select count(*) from marts.disclosed_indicator_values d
        join marts.indicator_values v using (project_code, indicator_id, period_type, period, gender, breakdown, breakdown_value)
        where d.hidden and v.n_persons >= 11""").fetchone()
    assert by_sibling > 0
