"""Render the dbt sources and the source reference of the docs from `schemas/sources.yml`.

The contract lives once in `schemas/`; `dbt_project/models/staging/_landing__sources.yml`
and `docs/sources.md` are generated from it by `esf contracts --write`, and a test fails
when they drift.
"""

from __future__ import annotations

import yaml

from esf.contracts import codes, sources
from esf.settings import DBT_PROJECT_DIR, REPO_ROOT
from esf.warehouse import person_column

SOURCES_FILE = DBT_PROJECT_DIR / "models" / "staging" / "_landing__sources.yml"
DOCS_FILE = REPO_ROOT / "docs" / "sources.md"
HEADER = "# Generated from schemas/sources.yml by `esf contracts --write`; do not edit.\n"
_REQUIRED = {True: "yes", False: "no"}

_LOAD_COLUMNS = [
    {"name": "_file_id", "description": "The delivery (meta.files.file_id) the row came in; ids grow in load order."},
    {"name": "_row_number", "description": "The row's number among the file's data rows (1 = first)."},
    {
        "name": "_pending",
        "description": "True while the row waits for its project file (quarantined as unknown_project).",
    },
    {
        "name": "_dup_pending",
        "description": "True when a pending row repeats the key of an earlier pending row of its file.",
    },
]


def render() -> str:
    tables = []
    for source in sources().values():
        columns = [dict(c) for c in _LOAD_COLUMNS]
        for c in source.columns:
            if c.type == "pnr":
                columns.append(
                    {
                        "name": person_column(c.name),
                        "description": f"{c.description} Pseudonymised: raw.persons.person_id.",
                    }
                )
            elif c.type == "respondent":
                columns.append(
                    {
                        "name": person_column(c.name),
                        "description": "The respondent when a personnummer was given: raw.persons.person_id.",
                    }
                )
                columns.append(
                    {
                        "name": f"{c.name}_anonymous_id",
                        "description": "The respondent when anonymous: the id as delivered.",
                    }
                )
            else:
                columns.append({"name": c.name, "description": c.description})
        tables.append(
            {
                "name": source.name,
                "description": f"{source.description} Folder {source.name}/ of the landing directory; natural key ({', '.join(source.key)}).",
                "columns": columns,
            }
        )
    doc = {
        "version": 2,
        "sources": [
            {
                "name": "landing",
                "schema": "raw",
                "description": "Every loaded row of every delivery, typed and pseudonymised by the loader (pipelines/esf/ingest).",
                "tables": tables,
            }
        ],
    }
    return HEADER + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def render_docs() -> str:
    """The analyst's reference of every landing folder: columns, types, rules, keys."""
    out = [
        "<!-- Generated from schemas/sources.yml by `esf contracts --write`; do not edit. -->",
        "# Landing sources",
        "",
        "Every file lands in one folder of the landing directory. Header names match after",
        "folding (case, å/ä/ö/é, spaces and `-`); the rules and reason codes are in",
        "[loading.md](loading.md). A personnummer never reaches the warehouse: it becomes",
        "`person_id` (see `raw.persons`).",
    ]
    for source in sources().values():
        out += [
            "",
            f"## `{source.name}/`",
            "",
            source.description,
            "",
            f"Natural key: ({', '.join(source.key)}). A later delivery of a key replaces the earlier row.",
            "",
            "| column | type | required | rule | meaning |",
            "|---|---|---|---|---|",
        ]
        for c in source.columns:
            required = f"when `{c.required_when}` is set" if c.required_when else _REQUIRED[c.required]
            rule = _rule_text(c.rule)
            out.append(f"| `{c.name}` | {c.type} | {required} | {rule} | {c.description} |")
        notes = []
        if source.period:
            notes.append(f"`{source.period[1]}` before `{source.period[0]}` is `invalid_period`.")
        if source.project_column:
            notes.append(
                f"`{source.project_column}` must name a project with a valid file in `projekt/` (`unknown_project`)."
            )
        if notes:
            out += ["", *notes]
    return "\n".join(out) + "\n"


def _rule_text(rule: dict | None) -> str:
    if not rule:
        return ""
    if "range" in rule:
        return f"{rule['range']['gt']} < x ≤ {rule['range']['le']}"
    if "one_of" in rule:
        return "one of " + ", ".join(f"`{v}`" for v in rule["one_of"])
    if "codes" in rule:
        return "one of " + ", ".join(f"`{v}`" for v in codes(rule["codes"]))
    if "amount" in rule:
        return f"≠ 0 and ≤ {rule['amount']['max']:,}".replace(",", " ")
    return str(rule)


GENERATED = {SOURCES_FILE: render, DOCS_FILE: render_docs}


def write() -> None:
    for path, make in GENERATED.items():
        path.write_text(make(), encoding="utf-8")


def stale_files() -> list:
    return [p for p, make in GENERATED.items() if not p.is_file() or p.read_text(encoding="utf-8") != make()]
