"""SPEC §5.5–§5.6 with hand-computed values: the effect against a comparison group, what it saves.

Project EF runs 2012-01-01 – 2012-12-31 with kommuner [Osby]; as_of is 2014-06-30. Every
payment is 1 000 SEK for its month, paid on the 25th, except F's for 2013-04 (paid 2013-05-10).

Participants (age group of the start year 2012):
  A K 1980 (30-49) 2012-03-01 – 2012-04-30 arbete, insats X: support 2011-03 … 2012-02 and 2012-05 … 2012-07
      before (2011-03 … 2012-02) 12, after (2012-05 … 2013-04) 3, change −9; SEK 12 000 − 3 000
  B K 1985 (-29)   2012-03-01 – 2012-04-30 studier, insats X: support 2011-09 … 2012-02
      before 6, after 0, change −6; SEK 6 000 − 0
  C M 1970 (30-49) 2012-02-01 – 2012-05-31 annat, insats Y: support 2011-07 … 2012-07
      before (2011-02 … 2012-01) 7, after (2012-06 … 2013-05) 2 (June, July), change −5; SEK 7 000 − 2 000
  D K 1982 2012-03-01 – ongoing, with support all of 2011: no unit, and never a candidate
Candidates (Osby applicants without a participation):
  E K 1978 (30-49) support 2011-03 … 2012-02 and 2012-05 … 2012-10: over A's windows 12 and 6, change −6
  F K 1975 (30-49) support 2011-01 … 2013-12: 12 and 12, change 0 (at cutoff 2013-04-30 2013-04 is not yet
      paid: 12 and 11, change −1)
  G K 1988 (-29)   support 2011-09 … 2012-02 and 2012-05 … 2012-06: over B's windows 6 and 2, change −4
  H M 1972 (30-49) support 2011-01 … 2011-03: over C's before window 2 months, not 7: no match (a stratum
      with candidates and none matching); C is unmatched
  I K 1979 (30-49) support 2014-01 only: over A's windows 0 months, no unit has 0: no match
  J K 1977 (30-49) Karlshamn, support 2011-03 … 2012-02: not the project's kommun, not a candidate

Value 2014-06, A's stratum (K, 30-49, 12 before; windows 2012-03 / 2012-04): E −6, F 0, comparison −3,
A's difference −9 − (−3) = −6. B's stratum (K, -29, 6): G −4, difference −6 − (−4) = −2.
  T: units 3, matched 2 (A, B), unmatched 1 (C), units_change (−9 − 6)/2 = −7.5, comparison_change
     (−3 − 4)/2 = −3.5, effect (−6 − 2)/2 = −4, std_error sd(−6, −2)/√2 = √8/√2 = 2, interval
     −4 ∓ 1.96 × 2 = [−7.92, −0.08], n_persons 2, n_comparison_persons 3 (E, F, G)
  K: the same as T (A and B are the women); M: C only, nothing matched: units 1, unmatched 1, the rest
     null, n_persons 0, n_comparison_persons 0. insats X = K; insats Y = M.
  Every estimate is hidden: n_persons 2 < 5 (and M's 0).
Value 2013-04 (cutoff 2013-04-30): units A and B only (C's after window ends 2013-05-31); F's change −1,
  A's comparison (−6 − 1)/2 = −3.5, difference −5.5; B −2. T: units_change −7.5, comparison_change
  (−3.5 − 4)/2 = −3.75, effect −3.75, std_error sd(−5.5, −2)/√2 = (3.5/√2)/√2 = 1.75, interval
  −3.75 ∓ 3.43 = [−7.18, −0.32], n_persons 2, n_comparison_persons 3.
income_support_saved 2014-06: T 9 000 + 6 000 + 5 000 = 20 000 (3 persons), K 15 000 (2), M 5 000 (1),
  insats X 15 000, Y 5 000; 2013-04: T 15 000 (2).
exclusion_cost_avoided 2014-06 (finished: A, B, C): A arbete, K 30-49 in 2012: 382 600 (the default);
  B studier, K -29: 200 000 (the project file's figure); C annat: nothing. T 582 600 (n 3), K 582 600 (2),
  M 0 (1).
"""

import pytest

from conftest import build_warehouse, pnr, write
from conftest import indicator_value as value

A, B, C, D = pnr("19800101", "024"), pnr("19850202", "044"), pnr("19700303", "013"), pnr("19820404", "064")
E, F, G, H = pnr("19780505", "084"), pnr("19750606", "104"), pnr("19880707", "124"), pnr("19720808", "033")
I, J = pnr("19790909", "144"), pnr("19771010", "164")
AS_OF = "2014-06-30"

PROJECT = """\
kod: EF
namn: Effektprojektet
startdatum: 2012-01-01
slutdatum: 2012-12-31
kommuner: [Osby]
utanforskapskostnad:
  "K:-29": 200000
mal:
  - {id: effekt, text: a, indikator: income_support_effect, mal: -1, riktning: "<=", deadline: 2014-06-30}
  - {id: kostnad, text: b, indikator: exclusion_cost_avoided, mal: 500000, riktning: ">=", deadline: 2014-06-30}
"""


def months(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


SUPPORT = {
    A: months("2011-03", "2012-02") + months("2012-05", "2012-07"),
    B: months("2011-09", "2012-02"),
    C: months("2011-07", "2012-07"),
    D: months("2011-01", "2011-12"),
    E: months("2011-03", "2012-02") + months("2012-05", "2012-10"),
    F: months("2011-01", "2013-12"),
    G: months("2011-09", "2012-02") + months("2012-05", "2012-06"),
    H: months("2011-01", "2011-03"),
    I: ["2014-01"],
}


def payments() -> str:
    rows = []
    for n, (person, ms) in enumerate(SUPPORT.items()):
        for month in ms:
            paid = "2013-05-10" if person == F and month == "2013-04" else f"{month}-25"
            rows.append(f"U{n}-{month};{person};;Osby;{paid};{month};1000")
    rows += [f"UJ-{m};{J};;Karlshamn;{m}-25;{m};1000" for m in months("2011-03", "2012-02")]
    return (
        "utbetalning_id;personnummer;hushall_id;kommun;utbetalningsdatum;avser_manad;belopp\n" + "\n".join(rows) + "\n"
    )


@pytest.fixture(scope="module")
def work_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("effect")
    landing = root / "landing"
    write(landing, "projekt/EF.yml", PROJECT)
    write(landing, "forsorjningsstod/f.csv", payments())
    write(
        landing,
        "deltagare/d.csv",
        "projekt;personnummer;startdatum;slutdatum;avslutsorsak;insats\n"
        f"EF;{A};2012-03-01;2012-04-30;arbete;X\n"
        f"EF;{B};2012-03-01;2012-04-30;studier;X\n"
        f"EF;{C};2012-02-01;2012-05-31;annat;Y\n"
        f"EF;{D};2012-03-01;;;X\n",
    )
    return build_warehouse(landing, root / "work.duckdb", AS_OF)


COLUMNS = (
    "units, matched_units, unmatched_units, round(units_change, 4), round(comparison_change, 4), round(effect, 4), "
    "round(std_error, 4), round(ci_low, 4), round(ci_high, 4), n_persons, n_comparison_persons, hidden, hidden_reason"
)
MATCHED = (3, 2, 1, -7.5, -3.5, -4.0, 2.0, -7.92, -0.08, 2, 3, True, "estimate")
WOMEN = (2, 2, 0, -7.5, -3.5, -4.0, 2.0, -7.92, -0.08, 2, 3, True, "estimate")
NOTHING_MATCHED = (1, 0, 1, None, None, None, None, None, None, 0, 0, True, "estimate")


@pytest.mark.parametrize(
    ("period", "gender", "breakdown", "expected"),
    [
        ("2014-06", "T", None, MATCHED),
        ("2014-06", "K", None, WOMEN),
        ("2014-06", "M", None, NOTHING_MATCHED),
        ("2014-06", "T", "X", WOMEN),
        ("2014-06", "T", "Y", NOTHING_MATCHED),
        ("2013-04", "T", None, (2, 2, 0, -7.5, -3.75, -3.75, 1.75, -7.18, -0.32, 2, 3, True, "estimate")),
    ],
)
def test_every_column_of_the_estimate(con, period, gender, breakdown, expected):
    row = con.execute(
        f"""select {COLUMNS} from marts.effect_estimates
            where project_code = 'EF' and indicator_id = 'income_support_effect' and period_type = 'project_to_date'
              and period = ? and gender = ? and breakdown is not distinct from ? and breakdown_value is not distinct from ?""",
        [period, gender, None if breakdown is None else "insats", breakdown],
    ).fetchone()
    assert row == expected


def test_an_estimate_exists_from_the_first_unit(con):
    # A's and B's after windows end 2013-04-30: no estimate for 2013-03, one row per value after
    periods = [
        r[0]
        for r in con.execute(
            "select distinct period from marts.effect_estimates where gender = 'T' and breakdown is null order by 1"
        ).fetchall()
    ]
    assert periods[0] == "2013-04" and "2013-03" not in periods
    assert con.execute(
        "select count(*) from marts.effect_estimates where indicator_id <> 'income_support_effect'"
    ).fetchone() == (0,)


def test_one_units_matched_candidates(con):
    """The analysts' query of docs/effect.md: A's matched candidates at 2014-06 are E and F."""
    rows = con.execute(
        """select m.before, m.after, m.change
           from intermediate.int_effect__income_support_units as u
           join intermediate.int_effect__income_support_matches as m
             using (project_code, window_start, window_end, sex, age_group, band)
           where u.project_code = 'EF' and u.period = '2014-06' and u.breakdown is null and u.before = 12
             and m.valid_from <= u.cutoff and (m.valid_to is null or u.cutoff < m.valid_to)
           order by m.change"""
    ).fetchall()
    assert rows == [(12.0, 6.0, -6.0), (12.0, 12.0, 0.0)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("income_support_effect", "project_to_date", "2014-06"), (-4.0, 2)),
        (("income_support_effect", "project_to_date", "2014-06", "M"), None),  # nothing matched: no row
        (("income_support_saved", "project_to_date", "2014-06"), (20000.0, 3)),
        (("income_support_saved", "project_to_date", "2014-06", "K"), (15000.0, 2)),
        (("income_support_saved", "project_to_date", "2014-06", "M"), (5000.0, 1)),
        (("income_support_saved", "project_to_date", "2014-06", "T", "insats", "X"), (15000.0, 2)),
        (("income_support_saved", "project_to_date", "2014-06", "T", "insats", "Y"), (5000.0, 1)),
        (("income_support_saved", "project_to_date", "2013-04"), (15000.0, 2)),
        (("exclusion_cost_avoided", "project_to_date", "2014-06"), (582600.0, 3)),
        (("exclusion_cost_avoided", "project_to_date", "2014-06", "K"), (582600.0, 2)),
        (("exclusion_cost_avoided", "project_to_date", "2014-06", "M"), (0.0, 1)),
    ],
)
def test_indicator_values(con, args, expected):
    assert value(con, *args) == expected


def test_an_effect_value_is_hidden_with_its_estimate(con):
    row = con.execute(
        """select hidden, hidden_reason, value from marts.disclosed_indicator_values
           where indicator_id = 'income_support_effect' and period = '2014-06' and gender = 'T' and breakdown is null"""
    ).fetchone()
    assert row == (True, "estimate", None)


def test_goals_on_the_new_indicators(con):
    rows = dict(
        con.execute(
            "select goal_id, (as_of_period, round(actual, 4), n_persons, status) from marts.goal_attainment"
        ).fetchall()
    )
    assert rows["effekt"] == ("2014-06", -4.0, 2, "achieved")
    assert rows["kostnad"] == ("2014-06", 582600.0, 3, "achieved")


@pytest.mark.parametrize(
    ("costs", "expected"),
    [
        ('{"K:-29": 200000}', None),
        (
            '{"X:-29": 1}',
            "utanforskapskostnad: expected Additional properties are not allowed ('X:-29' was unexpected)",
        ),
        ('{"K:-29": -1}', "utanforskapskostnad.K:-29: expected -1 is less than the minimum of 0"),
        ('{"K:-29": "mycket"}', "utanforskapskostnad.K:-29: expected 'mycket' is not of type 'number'"),
    ],
)
def test_utanforskapskostnad_in_the_project_file(costs, expected):
    from esf.contracts import exclusion_cost_defaults
    from esf.ingest.projects import InvalidProjectFile, parse_project

    text = f"kod: X\nnamn: x\nstartdatum: 2012-01-01\nslutdatum: 2012-12-31\nutanforskapskostnad: {costs}\nmal: []\n"
    if expected is None:
        assert parse_project(text)["utanforskapskostnad"] == {"K:-29": 200000}
        assert exclusion_cost_defaults() == {
            "K:-29": 182400,
            "K:30-49": 382600,
            "K:50-": 382600,
            "M:-29": 221400,
            "M:30-49": 296000,
            "M:50-": 296000,
        }
    else:
        with pytest.raises(InvalidProjectFile) as caught:
            parse_project(text)
        assert str(caught.value) == expected
