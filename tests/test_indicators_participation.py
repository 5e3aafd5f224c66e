"""SPEC §5.4 and §6 with hand-computed values: a small project whose every number is worked out below.

Project TEST runs 2012-01-01 – 2012-12-31; as_of is 2013-03-15.

Persons (sex from the second-to-last digit): A woman, B man, C woman, D man, E woman.
Participations:
  1 A 2011-11-01 – 2012-03-31 arbete   insats X roll deltagare (starts before the project: counts from 2012-01-01;
                                                                  ends on a month's last day)
  2 A 2012-06-01 – ongoing             insats Y              (a re-starter)
  3 B 2012-02-15 – 2012-05-10 avbrott  insats X
  4 C 2012-03-31 – 2012-04-01 studier  insats Y roll chef
  5 D 2011-06-01 – 2011-12-31 arbete                          (ended before the project: not counted)
  6 E 2012-05-01 – 2013-06-30 flyttat  insats X               (ends after as_of: ongoing)
Activities:
  K0 2011-12-15 workshop     B 4 h                            (before the project: never counted)
  K1 2012-02-01 kursomgang   A 2 h deltagare, B 1,5 h, unknown attendee 3 h
  K2 2012-02-20 workshop     A (no hours), C 2 h chef
  K3 2012-04-02 workshop     unknown attendee 1 h
Survey answers (2012-11-10; one before the project):
  avslut:nojd           A 5, B 4,0, R1 3, R2 vet ej, R3 "JA ", R4 4.5, R5 empty, R9 5 (2011-12-01)
  avslut:sysselsattning A arbete, C Studier, R1 arbetssokande
  avslut:x              R1 arbete
"""

import pytest

from conftest import build_warehouse, pnr, write
from conftest import indicator_value as value

A, B, C, D, E = (
    pnr("19800101", "002"),
    pnr("19810202", "011"),
    pnr("19820303", "022"),
    pnr("19830404", "031"),
    pnr("19840505", "042"),
)
AS_OF = "2013-03-15"

PROJECT = """\
kod: TEST
namn: Testprojektet
startdatum: 2012-01-01
slutdatum: 2012-12-31
mal:
  - {id: cum-achieved, text: a, indikator: participants, mal: 4, riktning: ">=", deadline: 2013-12-31}
  - {id: cum-on-track, text: b, indikator: starts, mal: 7, riktning: ">=", deadline: 2013-12-31}
  - {id: cum-at-risk, text: c, indikator: activities_held, mal: 10, riktning: ">=", deadline: 2013-12-31}
  - {id: not-achieved, text: d, indikator: share_to_work_or_studies, mal: 60, riktning: ">=", deadline: 2012-12-31}
  - {id: achieved, text: e, indikator: women_share, mal: 80, riktning: "<=", periodtyp: year, deadline: 2012-12-31}
  - {id: no-data, text: f, indikator: sick_leave_rate, mal: 5, riktning: "<=", deadline: 2012-12-31}
  - id: manual
    text: g
    indikator: manual
    mal: 2
    riktning: ">="
    deadline: 2013-12-31
    varden: [{datum: 2012-06-30, varde: 1}, {datum: 2013-02-28, varde: 2}, {datum: 2013-05-01, varde: 3}]
  - {id: manual-empty, text: h, indikator: manual, mal: 1, riktning: ">=", varden: [{datum: 2013-06-01, varde: 1}]}
  - {id: on-track, text: i, indikator: survey_agree_share, mal: 50, riktning: ">=", uppdelning: {question: "avslut:nojd"}, deadline: 2013-12-31}
  - {id: at-risk, text: j, indikator: survey_agree_share, mal: 90, riktning: ">=", uppdelning: {question: "avslut:nojd"}, deadline: 2013-12-31}
  - {id: gender-breakdown, text: k, indikator: to_work_or_studies, mal: 1, riktning: ">=", kon: K, uppdelning: {insats: x}, deadline: 2012-12-31}
  - {id: cum-missing-row, text: l, indikator: finished_participants, mal: 2, riktning: ">=", uppdelning: {insats: Z}, deadline: 2013-12-31}
"""


@pytest.fixture(scope="module")
def work_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("participation")
    landing = root / "landing"
    write(landing, "projekt/TEST.yml", PROJECT)
    write(
        landing,
        "deltagare/d.csv",
        "projekt;personnummer;startdatum;slutdatum;avslutsorsak;insats;roll\n"
        f"TEST;{A};2011-11-01;2012-03-31;arbete;X;deltagare\n"
        f"TEST;{A};2012-06-01;;;Y;\n"
        f"TEST;{B};2012-02-15;2012-05-10;avbrott;X;\n"
        f"TEST;{C};2012-03-31;2012-04-01;studier;Y;chef\n"
        f"TEST;{D};2011-06-01;2011-12-31;arbete;;\n"
        f"TEST;{E};2012-05-01;2013-06-30;flyttat;X;\n",
    )
    write(
        landing,
        "aktiviteter/a.csv",
        "projekt;aktivitet_id;datum;aktivitetstyp;personnummer;roll;timmar\n"
        f"TEST;K0;2011-12-15;workshop;{B};;4\n"
        f"TEST;K1;2012-02-01;kursomgang;{A};deltagare;2\n"
        f"TEST;K1;2012-02-01;kursomgang;{B};;1,5\n"
        "TEST;K1;2012-02-01;kursomgang;;;3\n"
        f"TEST;K2;2012-02-20;workshop;{A};;\n"
        f"TEST;K2;2012-02-20;workshop;{C};chef;2\n"
        "TEST;K3;2012-04-02;workshop;;;1\n",
    )
    answers = [
        (A, "nojd", "5"),
        (B, "nojd", "4,0"),
        ("R1", "nojd", "3"),
        ("R2", "nojd", "vet ej"),
        ("R3", "nojd", "JA "),
        ("R4", "nojd", "4.5"),
        ("R5", "nojd", ""),
        (A, "sysselsattning", "arbete"),
        (C, "sysselsattning", "Studier"),
        ("R1", "sysselsattning", "arbetssokande"),
        ("R1", "x", "arbete"),
    ]
    write(
        landing,
        "enkater/e.csv",
        "projekt;enkat;respondent;besvarad;fraga;svar\n"
        + "".join(f'TEST;avslut;{r};2012-11-10;{q};"{a}"\n' for r, q, a in answers)
        + "TEST;avslut;R9;2011-12-01;nojd;5\n",
    )
    return build_warehouse(landing, root / "work.duckdb", AS_OF)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # A (from the project's start, ends 31 March), B, C (starts 31 March)
        (("participants", "month", "2012-03"), (3, 3)),
        (("participants", "month", "2012-03", "K"), (2, 2)),
        (("participants", "month", "2012-03", "M"), (1, 1)),
        # A ended on March's last day: not in April
        (("participants", "month", "2012-04"), (2, 2)),
        (("participants", "quarter", "2012-Q1"), (3, 3)),
        (("participants", "year", "2012"), (4, 4)),  # D ended before the project
        (("participants", "year", "2012", "K"), (3, 3)),
        (("participants", "year", "2011"), None),
        (("participants", "project_to_date", "2012-01"), (1, 1)),
        (("participants", "project_to_date", "2013-03"), (4, 4)),
        (("participants", "year", "2012", "T", "insats", "X"), (3, 3)),
        (("participants", "year", "2012", "T", "insats", "Y"), (2, 2)),
        (("participants", "year", "2012", "T", "roll", "chef"), (1, 1)),
        (("starts", "month", "2012-01"), (1, 1)),  # A counts as starting on the project's start
        (("starts", "year", "2012"), (5, 4)),  # A twice
        (("starts", "year", "2011"), None),
        (("starts", "project_to_date", "2013-03", "T", "roll", "deltagare"), (1, 1)),
        (("women_share", "year", "2012"), (75.0, 4)),
        (("women_share", "month", "2012-04"), (50.0, 2)),
        (("women_share", "year", "2012", "T", "insats", "Y"), (100.0, 2)),
        (("women_share", "year", "2012", "K"), None),
    ],
)
def test_participation_counts(con, args, expected):
    assert value(con, *args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # at the end of April: A (ended 31 March, back only in June) and C finished; B and E not
        (("finished_participants", "project_to_date", "2012-04"), (2, 2)),
        (("to_work_or_studies", "project_to_date", "2012-04"), (2, 2)),
        (("share_to_work_or_studies", "project_to_date", "2012-04"), (100.0, 2)),
        # at the end of June: A is active again; B (avbrott) and C (studier) finished
        (("finished_participants", "project_to_date", "2012-06"), (2, 2)),
        (("share_to_work_or_studies", "project_to_date", "2012-06"), (50.0, 2)),
        (("share_to_work_or_studies", "project_to_date", "2012-06", "K"), (100.0, 1)),
        (("to_work_or_studies", "project_to_date", "2012-06", "M"), (0, 1)),  # a 0 is a row
        (("share_to_work_or_studies", "project_to_date", "2012-06", "M"), (0.0, 1)),
        # E ends after as_of: still ongoing at the last month
        (("finished_participants", "project_to_date", "2013-03"), (2, 2)),
        # within insats X at the end of June: A's X participation ended, B ended; E active
        (("finished_participants", "project_to_date", "2012-06", "T", "insats", "X"), (2, 2)),
        (("share_to_work_or_studies", "project_to_date", "2012-06", "T", "insats", "X"), (50.0, 2)),
        (("finished_participants", "project_to_date", "2012-04", "T", "insats", "Y"), (1, 1)),
        (("exit_reason_share", "project_to_date", "2012-06", "T", "exit_reason", "avbrott"), (50.0, 2)),
        (("exit_reason_share", "project_to_date", "2012-06", "T", "exit_reason", "studier"), (50.0, 2)),
        (("exit_reason_share", "project_to_date", "2012-06", "T", "exit_reason", "arbete"), (0.0, 2)),
        (("exit_reason_share", "project_to_date", "2012-06", "M", "exit_reason", "avbrott"), (100.0, 1)),
        (("finished_participants", "project_to_date", "2012-02"), None),
    ],
)
def test_finished_and_exits(con, args, expected):
    assert value(con, *args) == expected


def test_every_exit_reason_has_a_row_when_someone_finished(con):
    (n,) = con.execute("""select count(*) from marts.indicator_values where indicator_id = 'exit_reason_share'
        and period = '2012-06' and gender = 'T'""").fetchone()
    assert n == 8


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("activities_held", "month", "2012-02"), (2, None)),
        (("activities_held", "month", "2012-02", "T", "activity_type", "kursomgang"), (1, None)),
        (("activities_held", "month", "2012-04"), (1, None)),  # K3 had only an unknown attendee
        (("activities_held", "year", "2011"), None),  # K0 is before the project
        (("activities_held", "project_to_date", "2012-12"), (3, None)),
        (("activity_attendees", "month", "2012-02"), (3, 3)),
        (("activity_attendees", "month", "2012-02", "K"), (2, 2)),
        (("activity_attendees", "month", "2012-02", "T", "activity_type", "workshop"), (2, 2)),
        (("activity_attendees", "month", "2012-02", "T", "roll", "chef"), (1, 1)),
        (("activity_attendees", "month", "2012-04"), None),  # rows without a personnummer are no attendee
        (("activity_hours", "month", "2012-02"), (8.5, 3)),  # 2 + 1,5 + 3 (unknown) + 0 + 2
        (("activity_hours", "month", "2012-02", "K"), (4.0, 2)),
        (("activity_hours", "month", "2012-02", "M"), (1.5, 1)),
        (("activity_hours", "month", "2012-04"), (1.0, 0)),  # T exists with n_persons 0
        (("activity_hours", "month", "2012-04", "K"), None),
        (("activity_hours", "year", "2011"), None),
    ],
)
def test_activities(con, args, expected):
    assert value(con, *args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # non-empty: A 5, B 4,0, R1 3, R3 JA, R4 4.5; agree: A, B, R3
        (("survey_agree_share", "project_to_date", "2012-11", "T", "question", "avslut:nojd"), (60.0, 5)),
        (("survey_agree_share", "project_to_date", "2012-11", "K", "question", "avslut:nojd"), (100.0, 1)),
        (("survey_agree_share", "project_to_date", "2012-11", "M", "question", "avslut:nojd"), (100.0, 1)),
        (("survey_agree_share", "project_to_date", "2012-11", "T", "question", "avslut:sysselsattning"), (66.6667, 3)),
        (("survey_agree_share", "project_to_date", "2012-11", "T", "question", "avslut:x"), (0.0, 1)),
        (("survey_agree_share", "project_to_date", "2012-10", "T", "question", "avslut:nojd"), None),
    ],
)
def test_surveys(con, args, expected):
    assert value(con, *args) == expected


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        # (as_of_period, actual, expected_by_now, n_persons, status, source)
        ("cum-achieved", ("2013-03", 4.0, 2.5, 4, "achieved", "data")),  # 4 x 15/24 months
        ("cum-on-track", ("2013-03", 5.0, 4.375, 4, "on_track", "data")),  # 5 >= 0.9 x 4.375
        ("cum-at-risk", ("2013-03", 3.0, 6.25, None, "at_risk", "data")),  # 3 < 0.9 x 6.25
        ("not-achieved", ("2012-12", 50.0, None, 2, "not_achieved", "data")),
        ("achieved", ("2012", 75.0, None, 4, "achieved", "data")),
        ("no-data", ("2012", None, None, None, "no_data", "data")),
        ("manual", ("2013-03", 2.0, 1.25, None, "achieved", "manual")),  # latest value by 31 March 2013
        ("manual-empty", ("2012-12", None, 1.0, None, "no_data", "manual")),
        ("on-track", ("2013-03", 60.0, None, 5, "on_track", "data")),
        ("at-risk", ("2013-03", 60.0, None, 5, "at_risk", "data")),
        ("gender-breakdown", ("2012-12", 1.0, 1.0, 1, "achieved", "data")),  # insats x matches X
        ("cum-missing-row", ("2013-03", 0.0, 1.25, None, "at_risk", "data")),  # a missing row reads as 0
    ],
)
def test_goal_status(con, goal, expected):
    row = con.execute(
        """select as_of_period, round(actual, 4), round(expected_by_now, 4), n_persons, status, source
           from marts.goal_attainment where goal_id = ?""",
        [goal],
    ).fetchone()
    assert row == expected


def test_the_report_hides_values_behind_fewer_than_five_persons(con, work_db, tmp_path):
    import datetime as dt
    import re

    from esf.reports.render import write_reports

    (report,) = write_reports(work_db, tmp_path, dt.date.fromisoformat(AS_OF))
    assert report == tmp_path / "TEST" / "2013-03" / "rapport.html"
    html = report.read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r'<th scope="row">(\w)</th>(.*?)</tr>', html, re.S)}
    cells = {goal: re.findall(r'<td class="num">(.*?)</td>', row)[1] for goal, row in rows.items()}
    assert cells["a"] == "–<sup>*</sup>"  # participants: 4 persons
    assert cells["k"] == "–<sup>*</sup>"  # one woman to work or studies
    assert cells["i"] == "60\u00a0%"  # 5 respondents: shown
    assert cells["c"] == "3"  # activities_held has no persons: never hidden
    assert cells["g"] == "2"  # manual
    assert "färre än 5" in html and "Utkast" in html
    assert "Uppnått" in rows["a"] and "✓" in rows["a"]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<a href="TEST/2013-03/rapport.html">mars 2013 (utkast)</a>' in index and "Testprojektet" in index
    assert "✓ Uppnått: 4" in index and "○ Uppgift saknas: 2" in index


def test_disclosure_control_leaves_nothing_to_recover(con):
    """SPEC §8.4: a value behind 1–4 persons is hidden, and K and M hide together, so that a
    hidden K cannot be recovered as T − M (checked on every value of the small project)."""
    rows = con.execute("""select indicator_id, period_type, period, breakdown, breakdown_value, gender, hidden, value, n_persons
        from marts.disclosed_indicator_values""").fetchall()
    assert rows
    by_key: dict = {}
    for ind, ptype, period, breakdown, bvalue, gender, hidden, shown, n in rows:
        by_key.setdefault((ind, ptype, period, breakdown, bvalue), {})[gender] = (hidden, shown, n)
        if hidden:
            assert shown is None and n is None
    recoverable = [
        key
        for key, g in by_key.items()
        if "T" in g and not g["T"][0] and ("K" in g) and ("M" in g) and g["K"][0] != g["M"][0]
    ]
    assert recoverable == []
    hidden = con.execute("""select count(*) from marts.disclosed_indicator_values d join marts.indicator_values v
        using (project_code, indicator_id, period_type, period, gender, breakdown, breakdown_value)
        where v.n_persons between 1 and 4 and not d.hidden""").fetchone()[0]
    assert hidden == 0
    # participants in March 2012: K (2 persons) and M (1 person) both hidden; T (3) hidden too
    march = by_key[("participants", "month", "2012-03", None, None)]
    assert march["K"][0] and march["M"][0] and march["T"][0]
