"""SPEC §7: a withdrawn delivery leaves the warehouse and the keys it corrected fall back."""

import pytest

from esf.warehouse import connect
from esf.withdraw import WithdrawError, withdraw

from conftest import dbt_build, pnr, write

P1 = pnr("19811218", "987")
SPELLS = "franvaro_id;personnummer;organisation;sjuk_from;sjuk_tom;omfattning\n"


def test_withdrawing_a_correction_falls_back_to_the_delivery_before(landing, loader, tmp_path):
    write(
        landing,
        "sjukfranvaro/2012.csv",
        SPELLS + f"F1;{P1};Kalmar;2012-01-02;2012-01-05;100\nF2;{P1};Kalmar;2012-03-01;2012-03-02;50\n",
    )
    write(
        landing,
        "sjukfranvaro/2012_rattelse.csv",
        SPELLS + f"F1;{P1};Kalmar;2012-01-02;2012-01-03;50\nF3;{P1};Kalmar;x;;50\n",
    )
    loader(landing).close()
    db = tmp_path / "work.duckdb"
    with connect(db) as con:
        assert withdraw(con, "sjukfranvaro/2012_rattelse.csv") == 1
        files = dict(con.execute("select path, status from meta.files where source = 'sjukfranvaro'").fetchall())
        assert files == {"sjukfranvaro/2012.csv": "loaded", "sjukfranvaro/2012_rattelse.csv": "withdrawn"}
        assert (
            con.execute(
                "select count(*) from meta.quarantine where path = 'sjukfranvaro/2012_rattelse.csv'"
            ).fetchone()[0]
            == 0
        )
        with pytest.raises(WithdrawError):
            withdraw(con, "sjukfranvaro/2012_rattelse.csv")
        with pytest.raises(WithdrawError):
            withdraw(con, "projekt/TEST.yml")
    dbt_build(db, "2013-01-31")
    with connect(db) as con:
        spells = con.execute(
            "select spell_id, sick_percent, end_date::varchar from staging.stg_sjukfranvaro order by 1"
        ).fetchall()
    assert spells == [("F1", 100.0, "2012-01-05"), ("F2", 50.0, "2012-03-02")]
    # the withdrawn file is not loaded again by the next run
    loader(landing).close()
    with connect(db) as con:
        assert con.execute("select count(*) from raw.sjukfranvaro").fetchone()[0] == 2
