"""Render the dbt sources of the landing tables from `schemas/sources.yml`.

The contract lives once in `schemas/`; `dbt_project/models/staging/_landing__sources.yml`
is generated from it by `esf contracts --write`, and a test fails when the two drift.
"""
from __future__ import annotations

import yaml

from esf.contracts import sources
from esf.settings import DBT_PROJECT_DIR
from esf.warehouse import person_column

SOURCES_FILE = DBT_PROJECT_DIR / "models" / "staging" / "_landing__sources.yml"
HEADER = "# Generated from schemas/sources.yml by `esf contracts --write`; do not edit.\n"

_LOAD_COLUMNS = [
    {"name": "_file_id", "description": "The delivery (meta.files.file_id) the row came in; ids grow in load order."},
    {"name": "_row_number", "description": "The row's number among the file's data rows (1 = first)."},
    {"name": "_pending", "description": "True while the row waits for its project file (quarantined as unknown_project)."},
    {"name": "_dup_pending", "description": "True when a pending row repeats the key of an earlier pending row of its file."},
]


def render() -> str:
    tables = []
    for source in sources().values():
        columns = [dict(c) for c in _LOAD_COLUMNS]
        for c in source.columns:
            if c.type == "pnr":
                columns.append({"name": person_column(c.name), "description": f"{c.description} Pseudonymised: raw.persons.person_id."})
            elif c.type == "respondent":
                columns.append({"name": person_column(c.name), "description": "The respondent when a personnummer was given: raw.persons.person_id."})
                columns.append({"name": f"{c.name}_anonymous_id", "description": "The respondent when anonymous: the id as delivered."})
            else:
                columns.append({"name": c.name, "description": c.description})
        tables.append({
            "name": source.name,
            "description": f"{source.description} Folder {source.name}/ of the landing directory; natural key ({', '.join(source.key)}).",
            "columns": columns,
        })
    doc = {
        "version": 2,
        "sources": [{
            "name": "landing",
            "schema": "raw",
            "description": "Every loaded row of every delivery, typed and pseudonymised by the loader (pipelines/esf/ingest).",
            "tables": tables,
        }],
    }
    return HEADER + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def write() -> None:
    SOURCES_FILE.write_text(render(), encoding="utf-8")


def is_current() -> bool:
    return SOURCES_FILE.is_file() and SOURCES_FILE.read_text(encoding="utf-8") == render()
