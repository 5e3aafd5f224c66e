"""SPEC §5.3 with hand-computed values: households, amounts, long-term receipt and the participants' path.

Project FS runs 2012-01-01 – 2012-12-31 with kommuner [Osby]; as_of is 2014-03-31.
Persons: P man (participant), Q woman (participant), S man (P's partner), R woman (another kommun).

Payments (kommun, hushall_id, applicant, paid, for month, amount):
  Osby H1 P  the 25th of each month 2011-03 … 2011-12, 5 000 for that month  -> 10 months in 2011
  Osby H1 P  2012-01-25 for 2012-01 5 000, and a repayment 2012-02-10 for 2012-01 −5 000 -> January nets to 0
  OSBY H1 P  2012-03-05 for 2012-02 4 000                                   -> a payment for the previous month
  Osby H1 S  2012-09-25 for 2012-09 2 000                                   -> H1 has support, but not as P's
  Osby –  Q  the 25th of each month 2011-04 … 2011-12, 3 000                -> 9 months in 2011 (household = Q)
  Osby –  Q  2012-08-25 for 2012-08 3 000                                   -> Q back on support after exit
  Osby H1 P  2014-04-10 for 2014-03 2 000                                   -> paid after as_of: not counted
  Karlshamn – R 2011-05-25 for 2011-05 1 000                                -> not the project's kommun
Participations:
  P 2012-01-10 – 2012-04-30 arbete, insats A; P again 2013-10-01 – ongoing, insats B; Q 2012-02-01 – 2012-06-15 annat, insats A
H1's gender is S's (M): S is the applicant of its latest payment.
"""

import duckdb
import pytest

from conftest import dbt_build, load_all, pnr, write
from conftest import indicator_value as value

P, Q, S, R = pnr("19700101", "013"), pnr("19750202", "024"), pnr("19710303", "051"), pnr("19800404", "042")
AS_OF = "2014-03-31"

PROJECT = """\
kod: FS
namn: Försörjningsprojektet
startdatum: 2012-01-01
slutdatum: 2012-12-31
kommuner: [Osby]
mal:
  - {id: sjalvforsorjning, text: a, indikator: self_sufficient_after_exit_share, mal: 40, riktning: ">=", deadline: 2012-12-31}
  - {id: hushall, text: b, indikator: income_support_households, mal: 1, riktning: "<=", periodtyp: month, deadline: 2012-02-29}
"""


def payments() -> str:
    rows = [f"U{m:02d};{P};H1;Osby;2011-{m:02d}-25;2011-{m:02d};5 000,00" for m in range(3, 13)]
    rows += [f"UQ{m:02d};{Q};;Osby;2011-{m:02d}-25;2011{m:02d};3000" for m in range(4, 13)]
    rows += [
        f"U13;{P};H1;Osby;2012-01-25;2012-01;5000",
        f"U14;{P};H1;Osby;2012-02-10;2012-01;-5000",
        f"U15;{P};H1;OSBY ;2012-03-05;2012-02;4000 kr",
        f"U16;{S};H1;Osby;2012-09-25;;2000",
        f"UQ13;{Q};;Osby;2012-08-25;2012-08;3000",
        f"U17;{P};H1;Osby;2014-04-10;2014-03;2000",
        f"UR1;{R};;Karlshamn;2011-05-25;2011-05;1000",
    ]
    return (
        "utbetalning_id;personnummer;hushall_id;kommun;utbetalningsdatum;avser_manad;belopp\n" + "\n".join(rows) + "\n"
    )


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    root = tmp_path_factory.mktemp("income")
    landing = root / "landing"
    write(landing, "projekt/FS.yml", PROJECT)
    write(landing, "forsorjningsstod/f.csv", payments())
    write(
        landing,
        "deltagare/d.csv",
        "projekt;personnummer;startdatum;slutdatum;avslutsorsak;insats\n"
        f"FS;{P};2012-01-10;2012-04-30;arbete;A\n"
        f"FS;{P};2013-10-01;;;B\n"
        f"FS;{Q};2012-02-01;2012-06-15;annat;A\n",
    )
    db = root / "work.duckdb"
    loaded = load_all(landing, db)
    assert loaded.execute("select sum(rows_quarantined) from meta.files").fetchone()[0] == 0
    loaded.close()
    dbt_build(db, AS_OF)
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # H1 (gender M, its latest applicant S) and Q's household; Karlshamn is not counted
        (("income_support_households", "month", "2011-05"), (2, 2)),
        (("income_support_households", "month", "2011-05", "M"), (1, 1)),
        (("income_support_households", "month", "2011-05", "K"), (1, 1)),
        (("income_support_households", "month", "2012-01"), None),  # the repayment nets January to 0
        (("income_support_households", "month", "2012-02"), (1, 1)),  # paid in March for February
        (("income_support_households", "quarter", "2012-Q1"), (1, 1)),
        (("income_support_households", "year", "2011"), (2, 2)),
        (("income_support_households", "year", "2012"), (2, 2)),  # H1 (Feb, Sep), Q (Aug)
        (("income_support_households", "month", "2014-03"), None),  # paid after as_of
        (("income_support_amount", "month", "2012-01"), (0.0, 1)),  # a payment for the month: a row
        (("income_support_amount", "quarter", "2012-Q1"), (4000.0, 1)),
        (("income_support_amount", "year", "2011"), (77000.0, 2)),  # 10 x 5 000 + 9 x 3 000
        (("income_support_amount", "year", "2011", "K"), (27000.0, 1)),
        (("long_term_income_support_share", "year", "2011"), (50.0, 2)),  # H1 10 months, Q 9
        (("long_term_income_support_share", "year", "2011", "M"), (100.0, 1)),
        (("long_term_income_support_share", "year", "2012"), (0.0, 2)),
    ],
)
def test_households(con, args, expected):
    assert value(con, *args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # P#1: 2011-01 … 2011-12 holds H1's 10 months; P#2: 2012-10 … 2013-09 none
        # (S's September 2012 payment is H1's, not P's); Q: 2011-02 … 2012-01 holds 9
        (("income_support_months_before", "project_to_date", "2014-03"), (6.3333, 2)),  # (10 + 0 + 9) / 3
        (("income_support_months_before", "project_to_date", "2014-03", "M"), (5.0, 1)),  # P counts twice
        (("income_support_months_before", "project_to_date", "2014-03", "K"), (9.0, 1)),
        (("income_support_months_before", "project_to_date", "2012-01"), (10.0, 1)),
        (("income_support_months_before", "project_to_date", "2014-03", "T", "insats", "A"), (9.5, 2)),
        (("income_support_months_before", "project_to_date", "2014-03", "T", "insats", "B"), (0.0, 1)),
        # after: P#1 May 2012 – Apr 2013 none; Q Jul 2012 – Jun 2013 one (August)
        (("income_support_months_after", "project_to_date", "2014-03"), (0.5, 2)),
        (("income_support_months_after", "project_to_date", "2013-04"), (0.0, 1)),  # Q's window not complete
        (("income_support_months_after", "project_to_date", "2013-03"), None),  # neither complete
        # three months after: P#1 May – Jul 2012 none; Q Jul – Sep 2012 August
        (("self_sufficient_after_exit_share", "project_to_date", "2012-07"), (100.0, 1)),
        (("self_sufficient_after_exit_share", "project_to_date", "2012-09"), (50.0, 2)),
        (("self_sufficient_after_exit_share", "project_to_date", "2012-09", "K"), (0.0, 1)),
        (("self_sufficient_after_exit_share", "project_to_date", "2012-06"), None),
    ],
)
def test_participants(con, args, expected):
    assert value(con, *args) == expected


def test_goals_on_income_support(con):
    rows = dict(
        con.execute(
            "select goal_id, (as_of_period, round(actual, 4), n_persons, status) from marts.goal_attainment"
        ).fetchall()
    )
    assert rows["sjalvforsorjning"] == ("2012-12", 50.0, 2, "achieved")
    assert rows["hushall"] == ("2012-02", 1.0, 1, "achieved")
