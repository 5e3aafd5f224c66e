"""SPEC §6: project files validated against schemas/projekt.schema.json and the indicator catalog."""

import json

import pytest

from esf.ingest.projects import InvalidProjectFile, parse_project

from conftest import MINIMAL_PROJECT, pnr, write

GOAL = """\
  - id: g1
    text: Ett mål
    indikator: participants
    mal: 60
    riktning: ">="
"""


def project(goals: str = GOAL, head: str = MINIMAL_PROJECT.replace("mal: []\n", "")) -> str:
    return head + "mal:\n" + goals


def test_defaults_are_applied_when_stored(landing, loader):
    write(
        landing,
        "projekt/TEST.yml",
        project(
            GOAL
            + """\
  - id: g2
    text: Sjukfrånvaron minskar
    indikator: sick_leave_rate
    jamfor_med: baslinje
    mal: -10
    riktning: "<="
    deadline: 2013-06-30
  - id: g3
    text: Ett socialt företag
    indikator: manual
    mal: 1
    riktning: ">="
    varden:
      - {datum: 2013-06-30, varde: 0}
"""
        ),
    )
    con = loader(landing)
    rows = con.execute(
        "select goal_id, gender, period_type, deadline::varchar, compare_with from raw.project_goals order by goal_order"
    ).fetchall()
    assert rows == [
        ("g1", "T", "project_to_date", "2013-12-31", None),
        ("g2", "T", "year", "2013-06-30", "baslinje"),
        ("g3", "T", None, "2013-12-31", None),
    ]
    assert con.execute("select value from raw.project_goal_values").fetchall() == [(0.0,)]


@pytest.mark.parametrize(
    ("text", "field", "expectation"),
    [
        (project(GOAL.replace("participants", "happiness")), "mal[0].indikator", "one of"),
        (
            project(GOAL + "    uppdelning: {activity_type: x}\n"),
            "mal[0].uppdelning.activity_type",
            "a breakdown of participants",
        ),
        (project(GOAL + "    periodtyp: week\n"), "mal[0].periodtyp", "'week' is not one of"),
        (project(GOAL.replace('riktning: ">="', 'riktning: ">"')), "mal[0].riktning", "is not one of"),
        (project(GOAL.replace("    mal: 60\n", "")), "mal[0]", "'mal' to be present"),
        (MINIMAL_PROJECT.replace("namn: Testprojektet\n", ""), "(file)", "'namn' to be present"),
        (MINIMAL_PROJECT.replace("2012-01-01", "2012-13-01"), "startdatum", "a date YYYY-MM-DD"),
        (MINIMAL_PROJECT.replace("kod: TEST", "kod: test-1"), "kod", "does not match"),
        (project(GOAL + GOAL), "mal[1].id", "unique"),
        (project(GOAL + "    varden: [{datum: 2013-01-01, varde: 1}]\n"), "mal[0].varden", "manual"),
        ("kod: [unclosed\n", "(file)", "not valid YAML"),
        (MINIMAL_PROJECT + "enkatfragor: {avslut: Utan frågekod}\n", "enkatfragor", "does not match"),
        (MINIMAL_PROJECT + "enkatfragor: {'avslut:nojd': ''}\n", "enkatfragor.avslut:nojd", "should be non-empty"),
    ],
)
def test_broken_project_files_name_field_and_expectation(text, field, expectation):
    with pytest.raises(InvalidProjectFile) as err:
        parse_project(text)
    assert str(err.value).startswith(f"{field}:") and expectation in str(err.value)


def test_survey_question_texts_are_stored_by_lower_case_code(landing, loader):
    write(landing, "projekt/TEST.yml", MINIMAL_PROJECT + "enkatfragor:\n  Avslut:Nojd: Är du nöjd med stödet?\n")
    con = loader(landing)
    (stored,) = con.execute("select survey_questions from raw.projects").fetchone()
    assert json.loads(stored) == {"avslut:nojd": "Är du nöjd med stödet?"}


def test_a_broken_file_keeps_the_earlier_version_and_the_others_run(landing, loader):
    write(landing, "projekt/OTHER.yml", MINIMAL_PROJECT.replace("TEST", "OTHER"))
    loader(landing)
    write(landing, "projekt/TEST.yml", MINIMAL_PROJECT.replace("namn: Testprojektet", "namn: [broken"))
    write(landing, "projekt/THIRD.yml", MINIMAL_PROJECT.replace("TEST", "THIRD"))
    write(landing, "deltagare/a.csv", f"projekt;personnummer;startdatum\nTEST;{pnr('19811218', '987')};2012-01-01\n")
    con = loader(landing)
    assert con.execute("select project_code, name from raw.projects order by 1").fetchall() == [
        ("OTHER", "Testprojektet"),
        ("TEST", "Testprojektet"),
        ("THIRD", "Testprojektet"),
    ]
    status, reason = con.execute(
        "select status, reason from meta.files where path = 'projekt/TEST.yml' order by file_id desc limit 1"
    ).fetchone()
    assert status == "rejected" and reason.startswith("invalid_project_file: ")
    assert con.execute("select count(*) from raw.deltagare where not _pending").fetchone()[0] == 1
