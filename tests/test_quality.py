"""Data-quality checks on newly loaded rows (operations issue): severe findings block, mild ones warn."""

import datetime as dt

import pytest

from esf.contracts import sources
from esf.quality import check_source
from esf.warehouse import connect

from conftest import pnr, write

HEADER = "anstallning_id;personnummer;organisation;sysselsattningsgrad;anstallning_from\n"


def employments(n: int, first: int = 0, bad: int = 0) -> str:
    rows = [f"A{i};{pnr('19800101', f'{i:03d}')};Kalmar;100;2012-01-01" for i in range(first, first + n)]
    rows += [f"B{i};x;Kalmar;100;2012-01-01" for i in range(bad)]
    return HEADER + "\n".join(rows) + "\n"


@pytest.fixture
def work(landing, loader, tmp_path):
    """Load one more delivery as a run of its own (its run_id is the file's name)."""

    def load(name: str, text: str):
        write(landing, f"anstallningar/{name}", text)
        loader(landing).close()
        db = tmp_path / "work.duckdb"
        with connect(db) as con:
            con.execute("update meta.files set run_id = path where run_id = 'test'")
        return db

    return load


def run_of(con, path: str) -> str:
    return con.execute("select run_id from meta.files where path = ?", [path]).fetchone()[0]


def findings(db, path: str, today=dt.date(2026, 11, 5), as_of=dt.date(2012, 2, 1)):
    with connect(db) as con:
        return check_source(con, sources()["anstallningar"], run_of(con, path), as_of, today)


def test_a_clean_delivery_passes(work):
    db = work("a.csv", employments(10))
    result = findings(db, "anstallningar/a.csv")
    assert result.severe == [] and result.mild == [] and result.rows_checked == 10


def test_a_held_delivery_is_listed_on_every_run_until_a_decision_and_is_not_severe(work):
    db = work("a.csv", employments(4, bad=5))
    result = findings(db, "anstallningar/a.csv")
    assert [f.line() for f in result.held] == [
        "anstallningar/a.csv: quarantine_share: 5 of 9 rows quarantined, more than half"
    ]
    assert result.severe == [] and result.rows_checked == 0  # none of its rows is in raw
    db = work("b.csv", employments(5, first=100, bad=5))  # exactly half: loaded, not held
    result = findings(db, "anstallningar/b.csv")
    assert [f.path for f in result.held] == ["anstallningar/a.csv"]
    assert result.rows_checked == 5


def test_loaded_rows_breaking_the_contract_fail_the_expectations(work):
    db = work("a.csv", employments(3))
    with connect(db) as con:  # a row that bypassed the loader's rules
        con.execute("update raw.anstallningar set sysselsattningsgrad = 150 where anstallning_id = 'A1'")
    (message,) = findings(db, "anstallningar/a.csv").severe
    assert message.startswith("expect_column_values_to_be_between on sysselsattningsgrad: 1 rows")


def test_a_much_smaller_delivery_and_old_data_warn(work):
    work("a.csv", employments(20))
    db = work("b.csv", employments(5, first=100))
    result = findings(db, "anstallningar/b.csv", as_of=dt.date(2013, 1, 1))
    assert result.severe == []
    assert result.mild == [
        "anstallningar: 5 rows per file this run, 20 before",
        "anstallningar: newest data 2012-01-01, 366 days before as_of 2013-01-01",
    ]


@pytest.mark.parametrize(("today", "severe"), [(dt.date(2026, 11, 5), False), (dt.date(2026, 11, 20), True)])
def test_a_source_that_delivered_last_month_and_not_this_month(work, today, severe):
    db = work("a.csv", employments(3))
    with connect(db) as con:
        con.execute("update meta.files set loaded_at = timestamp '2026-10-15 02:00' where path = 'anstallningar/a.csv'")
        con.execute("update meta.files set run_id = 'earlier'")
        result = check_source(con, sources()["anstallningar"], "tonight", dt.date(2012, 2, 1), today)
    message = "anstallningar: delivered in 2026-10, nothing yet in 2026-11"
    assert (message in result.severe) is severe and (message in result.mild) is not severe
