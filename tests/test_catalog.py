"""The indicator catalog is the one source of each indicator's facts (schemas/indicators.yml)."""

from __future__ import annotations

import re
import shutil
import sys

import duckdb

from esf.contracts import code_lists, indicators

from conftest import REPO, build_warehouse, dbt_test, write


def _catalog_combinations() -> set[tuple[str, str, str | None]]:
    """(indicator, period type, breakdown or None) for everything the catalog lists."""
    out = set()
    for ind, spec in indicators().items():
        breakdowns = spec["breakdowns"] if spec.get("breakdown_always") else [None, *spec["breakdowns"]]
        out |= {(ind, p, b) for p in spec["period_types"] for b in breakdowns}
    return out


def test_every_period_type_and_breakdown_the_catalog_lists_is_produced(demo_run):
    """On the sample data every indicator has a row for each period type and each breakdown it lists
    (and the whole population, unless every row has a breakdown): a catalog entry no model produces fails."""
    warehouse, run = demo_run
    assert run.returncode == 0, run.stderr[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        produced = set(
            con.execute("select distinct indicator_id, period_type, breakdown from marts.indicator_values").fetchall()
        )
    by_period = {(i, p) for i, p, _ in produced}
    by_breakdown = {(i, b) for i, _, b in produced}
    listed = _catalog_combinations()
    assert {(i, p) for i, p, _ in listed} - by_period == set()
    assert {(i, b) for i, _, b in listed} - by_breakdown == set()
    assert produced - listed == set()  # and nothing the catalog does not list


def test_the_dbt_test_fails_on_a_row_the_catalog_does_not_list(landing, tmp_path):
    """dbt's singular test indicator_values_follow_the_catalog runs on every build; a row with a period
    type or breakdown the catalog does not list (or no breakdown where it always has one) fails it."""
    db = build_warehouse(landing, tmp_path / "work.duckdb", "2013-06-30")
    with duckdb.connect(str(db)) as con:
        con.execute("""insert into marts.indicator_values (project_code, indicator_id, period_type, period, gender,
                       breakdown, breakdown_value, value, n_persons, unit) values
                       ('TEST', 'finished_participants', 'month', '2013-01', 'T', null, null, 1, 1, 'count'),
                       ('TEST', 'exit_reason_share', 'project_to_date', '2013-01', 'T', null, null, 1, 1, 'percent')""")
    result = dbt_test(db, "indicator_values_follow_the_catalog", "2013-06-30", tmp_path / "dbt_target")
    assert result.returncode == 1 and "Got 2 results" in result.stdout, result.stdout[-2000:]


def test_every_code_in_the_catalog_is_in_its_code_list():
    lists = code_lists()
    for ind, spec in indicators().items():
        assert spec["unit"] in lists["unit"], ind
        assert set(spec["period_types"]) <= set(lists["period_type"]), ind
        assert set(spec["breakdowns"]) <= set(lists["breakdown"]), ind
        assert spec["disclosure"] in lists["disclosure"], ind
        assert spec["row_exists"] in {"persons", "always", "total_always"}, ind
        assert spec.get("report_section") is None or spec["report_section"] in lists["report_section"], ind


def indicator_id_literals() -> list[str]:
    """Quoted indicator ids in code outside schemas/, the dbt models that define indicators
    (int_indicators__*) and tests. The sample generator is left out: its project files name
    indicators in their goals as every project file does (data, not code)."""
    ids = "|".join(map(re.escape, indicators()))
    pattern = re.compile(rf"""['"]({ids})['"]""")
    code = [
        p for p in (REPO / "pipelines").rglob("*") if p.suffix in {".py", ".j2", ".yml"} and "samples" not in p.parts
    ]
    code += [
        p
        for p in (REPO / "dbt_project").rglob("*")
        if p.suffix in {".sql", ".yml"}
        and "target" not in p.parts
        and not p.name.startswith("int_indicators__")
        and "unit_tests" not in p.read_text(encoding="utf-8")
    ]
    return [
        f"{p.relative_to(REPO)}:{n}: {line.strip()}"
        for p in code
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_no_indicator_id_is_written_as_a_literal_outside_the_catalog():
    assert indicator_id_literals() == []


def test_the_literal_check_finds_a_planted_id(tmp_path, monkeypatch):
    """The check above can fail: an id planted in a copy of the code is found."""
    import conftest

    copy = tmp_path / "repo"
    shutil.copytree(REPO / "pipelines", copy / "pipelines", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "dbt_project").mkdir()
    write(copy, "pipelines/esf/reports/planted.py", 'TREND = ["sick_leave_rate"]\n')
    monkeypatch.setattr(sys.modules[__name__], "REPO", copy)
    assert copy != conftest.REPO and indicator_id_literals() == [
        'pipelines/esf/reports/planted.py:1: TREND = ["sick_leave_rate"]'
    ]
