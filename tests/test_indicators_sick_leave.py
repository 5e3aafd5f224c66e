"""SPEC §5.1 and §5.2 with hand-computed values: a small project whose every number is worked out below.

Project SJUK runs 2013-01-01 – 2013-12-31 with organisationer Alfa, Beta, Gamma, Delta, Nybro,
Epsilon; as_of is 2014-03-14 (a Friday). Its periods run from 2012-01 to 2014-03.

Working days (Mon–Fri less public and de-facto holidays), counted with esf.calendar:
  2012-03: 22  (1-2, 5-9, 12-16, 19-23, 26-30; Easter falls in April)
  2012-04: 19  (2-5, 10-13, 16-20, 23-27, 30; 6 April långfredag, 9 April annandag påsk)
  2012-05: 21  (2-4, 7-11, 14-16, 18, 21-25, 29-31; 1 May, 17 May Kristi himmelsfärd)
  2012-06: 19  (1, 4-5, 7-8, 11-15, 18-21, 25-29; 6 June nationaldagen, 22 June midsommarafton)
  2012-09: 20  (3-7, 10-14, 17-21, 24-28)
  2012-12: 17  (3-7, 10-14, 17-21, 27-28; 24, 25, 26 and 31 December)
  2013-01: 22  (2-4, 7-11, 14-18, 21-25, 28-31; 1 January; 6 January is a Sunday)
  2013-02: 20;  2014-01: 21 (1 and 6 January);  2014-02: 20;  2014-03 up to as_of: 10 (3-7, 10-14)
  the years 2012 and 2013: 250 each; 2012-Q2: 19 + 21 + 19 = 59

Persons (sex from the second-to-last digit; age group from the year minus the birth year):
  A woman 1983 (-29 in 2012, 30-49 in 2013)  Alfa 75 %, 2012-01-01 – 2013-12-31
      spell 50 % 2012-06-18 – 2012-06-26 over midsommarafton: working days 18-21, 25-26 = 6
  B man 1960 (50-)    Beta 50 % from 2012-01-01 and, concurrently, 30 % 2012-03-01 – 2012-03-31
      a change of degree: 100 % 2012-03-05 – 03-11, then 50 % 2012-03-12 – 03-30: one case of 26
      days, day 15 = 19 March
  C woman 1970 (30-49) Gamma 100 % from 2012-01-01
      overlapping spells 100 % 2012-09-03 – 09-07 and 50 % 2012-09-05 – 09-14: one case, capped at
      100 % on 5-7 September; a case 100 % 2012-12-20 – 2013-01-10 crossing the year: 22 days,
      d = 14 on 2 January, day 15 = 3 January
  D1 man 1990 (-29)   Delta 100 %, 2012; a case 2012-04-02 – 2012-05-31: exactly 60 days (long)
  D2 woman 1990 (-29) Delta 100 %, 2012; a case 2012-04-02 – 2012-05-30: 59 days (not long)
  E woman 1975 (30-49) NYBRO 100 % from 2013-11-01 (the HR file's spelling; the sick-leave file
      writes nybro, the project Nybro); an ongoing spell from 2014-01-13 (empty sjuk_tom): the case
      runs to as_of, 61 days, so it is long; d <= 14 on 13-26 January. A spell 2014-03-20 –
      2014-03-25 starts after as_of and never counts.
  F woman 1980 (30-49) Epsilon 100 % from 2012-01-01; six one-day cases 2012-02-28, 04-16, 06-11,
      08-13, 10-08, 12-03, and one on 2012-11-05 in Utanför (not a project organisation)
  G man 1970 (30-49)  Epsilon 100 %, 2012-01-01 – 2013-01-15; a spell 2013-02-04 – 02-05 after
      his employment ended (no hours, and no case of an employee)
  P woman 1965: Utanför 100 % from 2011-01-01 (no project organisation); participant ALUP
      2013-01-01 – 2013-01-31. Before window 2012-01-02 – 2012-12-31 (250 working days, 2000 h):
      a case 2011-12-19 – 2012-01-13 begun before the window keeps its day numbers, so its 9
      working days inside (2-5, 9-13 January) are days 15-26: not short-term; a case 2012-10-01 –
      10-05: 40 h short-term. Rate before 40 / 2000 = 2 %. After window 2013-02-01 – 2014-01-31
      (249 working days, 1992 h; complete by as_of): a case 2013-05-06 – 05-08 (3 working days,
      24 h). Rate after 24 / 1992 = 1.204819 %. Change (1.204819 / 2 − 1) × 100 = −39.759036 %.
  Q man 1966: participant ALUP 2013-06-01 – 2013-06-30: the after window ends 2014-06-30, after
      as_of, so the participation is not counted.
  R man 1967: participant X 2013-01-01 – 2013-01-15, no employment: counted (window complete on
      2014-01-15), no ordinary hours in either window.
"""

import pytest

from conftest import build_warehouse, pnr, write
from conftest import indicator_value as value

A, B, C = pnr("19830101", "002"), pnr("19600202", "011"), pnr("19700303", "022")
D1, D2, E = pnr("19900404", "031"), pnr("19900505", "042"), pnr("19750606", "062")
F, G, P = pnr("19800707", "082"), pnr("19700808", "091"), pnr("19650909", "102")
Q, R = pnr("19661010", "111"), pnr("19671111", "121")
AS_OF = "2014-03-14"

PROJECT = """\
kod: SJUK
namn: Sjukfrånvaroprojektet
startdatum: 2013-01-01
slutdatum: 2013-12-31
organisationer: [Alfa, Beta, Gamma, Delta, Nybro, Epsilon]
mal:
  - {id: baslinje, text: a, indikator: sick_leave_rate, jamfor_med: baslinje, mal: -10, riktning: "<=",
     uppdelning: {organisation: gamma}, deadline: 2013-12-31}
  - {id: alup, text: b, indikator: short_term_sick_leave_change, mal: -50, riktning: "<=",
     uppdelning: {insats: ALUP}, deadline: 2014-01-31}
"""

EMPLOYMENTS = [
    ("A1", A, "Alfa", "75", "2012-01-01", "2013-12-31"),
    ("B1", B, "Beta", "50", "2012-01-01", ""),
    ("B2", B, "Beta", "30", "2012-03-01", "2012-03-31"),
    ("C1", C, "Gamma", "100", "2012-01-01", ""),
    ("D1", D1, "Delta", "100", "2012-01-01", "2012-12-31"),
    ("D2", D2, "Delta", "100", "2012-01-01", "2012-12-31"),
    ("E1", E, "NYBRO", "100", "2013-11-01", ""),
    ("F1", F, "Epsilon", "100", "2012-01-01", ""),
    ("G1", G, "Epsilon", "100", "2012-01-01", "2013-01-15"),
    ("P1", P, "Utanför", "100", "2011-01-01", ""),
]

SPELLS = [
    ("A-1", A, "Alfa", "2012-06-18", "2012-06-26", "50"),
    ("B-1", B, "Beta", "2012-03-05", "2012-03-11", "100"),
    ("B-2", B, "Beta", "2012-03-12", "2012-03-30", "50"),
    ("C-1", C, "Gamma", "2012-09-03", "2012-09-07", "100"),
    ("C-2", C, "Gamma", "2012-09-05", "2012-09-14", "50"),
    ("C-3", C, "Gamma", "2012-12-20", "2013-01-10", "100"),
    ("D1-1", D1, "Delta", "2012-04-02", "2012-05-31", "100"),
    ("D2-1", D2, "Delta", "2012-04-02", "2012-05-30", "100"),
    ("E-1", E, "nybro", "2014-01-13", "", "100"),
    ("E-2", E, "nybro", "2014-03-20", "2014-03-25", "100"),
    *(
        (f"F-{i}", F, "Epsilon", day, day, "100")
        for i, day in enumerate(
            ("2012-02-28", "2012-04-16", "2012-06-11", "2012-08-13", "2012-10-08", "2012-12-03"), start=1
        )
    ),
    ("F-7", F, "Utanför", "2012-11-05", "2012-11-05", "100"),
    ("G-1", G, "Epsilon", "2013-02-04", "2013-02-05", "100"),
    ("P-1", P, "Utanför", "2011-12-19", "2012-01-13", "100"),
    ("P-2", P, "Utanför", "2012-10-01", "2012-10-05", "100"),
    ("P-3", P, "Utanför", "2013-05-06", "2013-05-08", "100"),
]


def csv(header: str, rows) -> str:
    return header + "\n" + "".join(";".join(r) + "\n" for r in rows)


@pytest.fixture(scope="module")
def work_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("sick_leave")
    landing = root / "landing"
    write(landing, "projekt/SJUK.yml", PROJECT)
    write(
        landing,
        "anstallningar/a.csv",
        csv(
            "anstallning_id;personnummer;organisation;sysselsattningsgrad;anstallning_from;anstallning_tom", EMPLOYMENTS
        ),
    )
    write(
        landing,
        "sjukfranvaro/s.csv",
        csv("franvaro_id;personnummer;organisation;sjuk_from;sjuk_tom;omfattning", SPELLS),
    )
    write(
        landing,
        "deltagare/d.csv",
        "projekt;personnummer;startdatum;slutdatum;avslutsorsak;insats\n"
        f"SJUK;{P};2013-01-01;2013-01-31;arbete;ALUP\n"
        f"SJUK;{Q};2013-06-01;2013-06-30;arbete;ALUP\n"
        f"SJUK;{R};2013-01-01;2013-01-15;arbete;X\n",
    )
    return build_warehouse(landing, root / "work.duckdb", AS_OF)


def org(indicator, period_type, period, organisation, gender="T"):
    return (indicator, period_type, period, gender, "organisation", organisation)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # A in June 2012: ordinary 8 × 0.75 × 19 = 114 h; sick 8 × 0.75 × 6 × 0.5 = 18 h (midsommarafton
        # is no working day); the 9-day case is short-term throughout
        (org("sick_leave_rate", "month", "2012-06", "Alfa"), (15.7895, 1)),  # 18 / 114
        (org("short_term_sick_leave_rate", "month", "2012-06", "Alfa"), (15.7895, 1)),
        (org("long_term_sick_leave_share", "month", "2012-06", "Alfa"), (0.0, 1)),
        (org("sick_leave_rate", "year", "2012", "Alfa"), (1.2, 1)),  # 18 / (8 × 0.75 × 250 = 1500)
        # July: no sick hours, so no long-term share, but the row is there for its one employee
        (org("long_term_sick_leave_share", "month", "2012-07", "Alfa"), (None, 1)),
        (org("sick_leave_rate", "month", "2012-07", "Alfa"), (0.0, 1)),
        # B in March 2012: two employments, 50 + 30 = 80 %: ordinary 8 × 0.8 × 22 = 140.8 h.
        # 5-9 March at 100 %: 5 days, 32 h; 12-30 March at 50 %: 15 days, 48 h; sick 80 h.
        # Days 1-14 are 5-18 March: 32 h + 5 days at 50 % (16 h) = 48 h
        (org("sick_leave_rate", "month", "2012-03", "Beta"), (56.8182, 1)),  # 80 / 140.8
        (org("short_term_sick_leave_rate", "month", "2012-03", "Beta"), (34.0909, 1)),  # 48 / 140.8
        (org("sick_leave_rate", "month", "2012-06", "Beta"), (0.0, 1)),  # 50 % only: 76 h, no sick
        # C in September 2012: ordinary 160 h; 3-4 at 100 % (16 h), 5-7 at min(100, 150) % (24 h),
        # 10-14 at 50 % (20 h): 60 h (72 h without the cap)
        (org("sick_leave_rate", "month", "2012-09", "Gamma"), (37.5, 1)),
        (org("short_term_sick_leave_rate", "month", "2012-09", "Gamma"), (37.5, 1)),
        # the case across the year: December 20, 21, 27, 28 (32 h, days 1-12) of 17 × 8 = 136 h;
        # January 2-4, 7-10 (56 h, only 2 January is day 14: 8 h short-term) of 22 × 8 = 176 h
        (org("sick_leave_rate", "month", "2012-12", "Gamma"), (23.5294, 1)),  # 32 / 136
        (org("short_term_sick_leave_rate", "month", "2012-12", "Gamma"), (23.5294, 1)),
        (org("sick_leave_rate", "month", "2013-01", "Gamma"), (31.8182, 1)),  # 56 / 176
        (org("short_term_sick_leave_rate", "month", "2013-01", "Gamma"), (4.5455, 1)),  # 8 / 176
        (org("sick_leave_rate", "year", "2012", "Gamma"), (4.6, 1)),  # (60 + 32) / 2000
        (org("sick_leave_rate", "year", "2013", "Gamma"), (2.8, 1)),  # 56 / 2000
        # D1 (60 days, long) and D2 (59 days) in April 2012: both sick all 19 working days (152 h
        # each of 152 h); days 1-14 are 2-15 April: 8 working days, 64 h each
        (org("sick_leave_rate", "month", "2012-04", "Delta"), (100.0, 2)),
        (org("short_term_sick_leave_rate", "month", "2012-04", "Delta"), (42.1053, 2)),  # 128 / 304
        (org("long_term_sick_leave_share", "month", "2012-04", "Delta"), (50.0, 2)),  # 152 / 304
        (org("long_term_sick_leave_share", "month", "2012-04", "Delta", "M"), (100.0, 1)),
        (org("long_term_sick_leave_share", "month", "2012-04", "Delta", "K"), (0.0, 1)),
        # May: D1 sick 21 days (168 h), D2 20 days (160 h; 31 May is a working day)
        (org("sick_leave_rate", "month", "2012-05", "Delta"), (97.619, 2)),  # 328 / 336
        (org("long_term_sick_leave_share", "month", "2012-05", "Delta"), (51.2195, 2)),  # 168 / 328
        # Q2: ordinary 2 × 8 × 59 = 944 h; sick 320 + 312 = 632 h; long 320 h; short 128 h
        (org("sick_leave_rate", "quarter", "2012-Q2", "Delta"), (66.9492, 2)),  # 632 / 944
        (org("long_term_sick_leave_share", "quarter", "2012-Q2", "Delta"), (50.6329, 2)),  # 320 / 632
        (org("short_term_sick_leave_rate", "quarter", "2012-Q2", "Delta"), (13.5593, 2)),  # 128 / 944
        (org("sick_leave_rate", "year", "2012", "Delta"), (15.8, 2)),  # 632 / 4000
        # E, ongoing case from 13 January 2014 (long by as_of): January 13-31 is 15 working days
        # (120 h) of 21 (168 h), 13-26 January (10 days, 80 h) short-term; February all 20 days;
        # March up to as_of: 10 days, 80 h, the whole month counting only up to as_of
        (org("sick_leave_rate", "month", "2014-01", "Nybro"), (71.4286, 1)),  # 120 / 168
        (org("short_term_sick_leave_rate", "month", "2014-01", "Nybro"), (47.619, 1)),  # 80 / 168
        (org("long_term_sick_leave_share", "month", "2014-01", "Nybro"), (100.0, 1)),
        (org("sick_leave_rate", "month", "2014-02", "Nybro"), (100.0, 1)),
        (org("short_term_sick_leave_rate", "month", "2014-02", "Nybro"), (0.0, 1)),
        (org("sick_leave_rate", "month", "2014-03", "Nybro"), (100.0, 1)),
        (org("sick_leave_rate", "quarter", "2014-Q1", "Nybro"), (88.2353, 1)),  # 360 / (168 + 160 + 80)
        (org("short_term_sick_leave_rate", "quarter", "2014-Q1", "Nybro"), (19.6078, 1)),  # 80 / 408
        (org("sick_leave_rate", "month", "2014-03", "NYBRO"), None),  # shown as the project spells it
        # G's spell after his employment has no hours: February 2013 in Epsilon is F's 160 h, no sick
        (org("sick_leave_rate", "month", "2013-02", "Epsilon"), (0.0, 1)),
        # G's employment ends 15 January 2013: 10 working days (2-4, 7-11, 14-15), 80 h, plus F's 176 h
        (org("sick_leave_rate", "month", "2013-01", "Epsilon"), (0.0, 2)),
        # the whole population in June 2012 (19 working days): A 114 h, B 76 h, C, D1, D2, F, G
        # 152 h each = 950 h; sick: A 18 h, F's one-day case on 11 June 8 h = 26 h, all short-term.
        # P works only in Utanför, outside the project's organisations.
        (("sick_leave_rate", "month", "2012-06"), (2.7368, 7)),  # 26 / 950
        (("short_term_sick_leave_rate", "month", "2012-06"), (2.7368, 7)),
        (("sick_leave_rate", "month", "2012-06", "K"), (4.5614, 4)),  # A, C, D2, F: 26 / 570
        (("sick_leave_rate", "month", "2012-06", "M"), (0.0, 3)),  # B, D1, G: 0 / 380
        # age group -29 in 2012: A (29), D1, D2 (22). June: 18 / (114 + 152 + 152)
        (("sick_leave_rate", "month", "2012-06", "T", "age_group", "-29"), (4.3062, 3)),
        # the year: A 18 / 1500, D1 320 / 2000, D2 312 / 2000: 650 / 5500
        (("sick_leave_rate", "year", "2012", "T", "age_group", "-29"), (11.8182, 3)),
        # in 2013 A is 30, and nobody employed is under 30
        (("sick_leave_rate", "year", "2013", "T", "age_group", "-29"), None),
        (("sick_leave_rate", "year", "2011"), None),  # before the range
    ],
)
def test_sick_leave_rates(con, args, expected):
    assert value(con, *args) == expected


def test_the_month_holding_as_of_counts_up_to_as_of(con):
    # E in March 2014: 10 working days up to 14 March, 80 ordinary hours, all sick
    row = con.execute(
        """select numerator, denominator from marts.indicator_values
           where indicator_id = 'sick_leave_rate' and period = '2014-03' and gender = 'T'
             and breakdown = 'organisation' and breakdown_value = 'Nybro'"""
    ).fetchone()
    assert row == (80.0, 80.0)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # F's six cases in 2012 (employed at each start), per employee with hours (F, G)
        (org("sick_cases_per_employee", "year", "2012", "Epsilon"), (3.0, 2)),
        (org("sick_cases_per_employee", "quarter", "2012-Q2", "Delta"), (1.0, 2)),  # D1's and D2's
        (org("sick_cases_per_employee", "month", "2012-05", "Delta"), (0.0, 2)),
        # C: the overlapping spells make one case, the year-crossing case starts in December
        (org("sick_cases_per_employee", "year", "2012", "Gamma"), (2.0, 1)),
        (org("sick_cases_per_employee", "month", "2013-01", "Gamma"), (0.0, 1)),
        # G was not employed when his February 2013 case began
        (org("sick_cases_per_employee", "month", "2013-02", "Epsilon"), (0.0, 1)),
        # E's spell starting 20 March 2014 is after as_of
        (org("sick_cases_per_employee", "month", "2014-03", "Nybro"), (0.0, 1)),
        # December 2012: C's and F's cases over A, B, C, D1, D2, F, G
        (("sick_cases_per_employee", "month", "2012-12"), (0.2857, 7)),  # 2 / 7
        (("sick_cases_per_employee", "month", "2012-12", "T", "age_group", "-29"), None),  # no such breakdown
    ],
)
def test_sick_cases_per_employee(con, args, expected):
    assert value(con, *args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # at 30 November 2012 F has 5 cases in Epsilon since 1 December 2011 (the one in Utanför is
        # outside the project's organisations); G none
        (org("repeated_short_term_absence_share", "month", "2012-11", "Epsilon"), (0.0, 2)),
        # at 31 December 2012: 6 cases
        (org("repeated_short_term_absence_share", "month", "2012-12", "Epsilon"), (50.0, 2)),
        (org("repeated_short_term_absence_share", "month", "2012-12", "Epsilon", "K"), (100.0, 1)),
        (org("repeated_short_term_absence_share", "month", "2012-12", "Epsilon", "M"), (0.0, 1)),
        (org("repeated_short_term_absence_share", "quarter", "2012-Q4", "Epsilon"), (50.0, 2)),
        (org("repeated_short_term_absence_share", "year", "2012", "Epsilon"), (50.0, 2)),
        # at 31 January 2013 G has left; F's cases since 1 February 2012: still 6
        (org("repeated_short_term_absence_share", "month", "2013-01", "Epsilon"), (100.0, 1)),
        # at 28 February 2013 the window starts the day after 28 February 2012: 5 cases
        (org("repeated_short_term_absence_share", "month", "2013-02", "Epsilon"), (0.0, 1)),
        # employed in a project organisation on the last day: A, B, C, D1, D2, F, G
        (("repeated_short_term_absence_share", "month", "2012-11"), (0.0, 7)),
        (("repeated_short_term_absence_share", "month", "2012-12"), (14.2857, 7)),  # 1 / 7
    ],
)
def test_repeated_short_term_absence(con, args, expected):
    assert value(con, *args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # P (ALUP) and R (X) count from the month their after windows end (January 2014); Q's
        # after window ends after as_of. Pooled: R has no hours, so P's rates: 1.204819 / 2 − 1
        (("short_term_sick_leave_change", "project_to_date", "2014-01"), (-39.759, 2)),
        (("short_term_sick_leave_change", "project_to_date", "2014-03"), (-39.759, 2)),
        (("short_term_sick_leave_change", "project_to_date", "2013-12"), None),
        (("short_term_sick_leave_change", "project_to_date", "2014-01", "T", "insats", "ALUP"), (-39.759, 1)),
        (("short_term_sick_leave_change", "project_to_date", "2014-01", "K"), (-39.759, 1)),
        # no ordinary hours in either window: a row with a null value
        (("short_term_sick_leave_change", "project_to_date", "2014-01", "T", "insats", "X"), (None, 1)),
        (("short_term_sick_leave_change", "project_to_date", "2014-01", "M"), (None, 1)),
    ],
)
def test_participants_change_in_short_term_sick_leave(con, args, expected):
    assert value(con, *args) == expected


def test_the_change_carries_the_pooled_rates_after_and_before(con):
    row = con.execute(
        """select round(numerator, 6), round(denominator, 6) from marts.indicator_values
           where indicator_id = 'short_term_sick_leave_change' and period = '2014-01' and gender = 'T'
             and breakdown is null"""
    ).fetchone()
    assert row == (1.204819, 2.0)  # 100 × 24 / 1992, 100 × 40 / 2000


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        # Gamma 2013 against the baseline 2012: (2.8 / 4.6 − 1) × 100; the deadline has passed
        ("baslinje", ("2013", -39.1304, 1, "achieved")),
        # read at January 2014: −39.76 is not −50 or lower
        ("alup", ("2014-01", -39.759, 1, "not_achieved")),
    ],
)
def test_sick_leave_goals(con, goal, expected):
    row = con.execute(
        """select as_of_period, round(actual, 4), n_persons, status
           from marts.goal_attainment where goal_id = ?""",
        [goal],
    ).fetchone()
    assert row == expected
