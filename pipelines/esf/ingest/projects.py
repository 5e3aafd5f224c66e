"""Load and validate the project files of `projekt/` (SPEC §6).

A broken file is rejected with its field and the expectation, and an earlier valid
version of that project stays in force; the other projects load as usual.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import yaml

from esf.contracts import PROJECT_FOLDER, exclusion_cost_defaults, indicators, project_schema
from esf.ingest import files

PROJECT_SUFFIXES = {".yml", ".yaml"}
MANUAL = "manual"


class InvalidProjectFile(ValueError):
    """The file breaks the project-file contract; the message names field and expectation."""


@dataclass
class ProjectResult:
    loaded: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # "path: field: expectation"
    duplicates: int = 0


class _DatesAsText(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so that a bad one (2012-13-01)
    reaches the schema's `format: date` check instead of failing the parser."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_project(text: str) -> dict[str, Any]:
    """Parse and validate one project file; raise InvalidProjectFile naming field and expectation."""
    try:
        doc = yaml.load(text, Loader=_DatesAsText)
    except yaml.YAMLError as exc:
        raise InvalidProjectFile(f"(file): not valid YAML: {exc}".replace("\n", " ")) from exc
    schema = project_schema()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        err = errors[0]
        where = _field(err.absolute_path)
        raise InvalidProjectFile(f"{where}: expected {_expectation(err)}")
    _check_goals(doc)
    return doc


def _field(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _expectation(err: jsonschema.ValidationError) -> str:
    if err.validator == "required":
        return err.message.replace("is a required property", "to be present")
    if err.validator == "format":
        return f"a date YYYY-MM-DD, got {err.instance!r}"
    return err.message


def _check_goals(doc: dict[str, Any]) -> None:
    """What JSON Schema cannot say: known indicators, their breakdowns and period types."""
    catalog = indicators()
    seen: set[str] = set()
    if doc["slutdatum"] < doc["startdatum"]:
        raise InvalidProjectFile("slutdatum: expected a date on or after startdatum")
    for i, goal in enumerate(doc["mal"]):
        where = f"mal[{i}]"
        if goal["id"] in seen:
            raise InvalidProjectFile(f"{where}.id: expected an id unique in the project, {goal['id']!r} repeats")
        seen.add(goal["id"])
        indicator = goal["indikator"]
        if indicator == MANUAL:
            for key in ("uppdelning", "jamfor_med", "periodtyp"):
                if key in goal:
                    raise InvalidProjectFile(f"{where}.{key}: expected nothing for a manual goal")
            continue
        if indicator not in catalog:
            raise InvalidProjectFile(
                f"{where}.indikator: expected one of {', '.join(sorted(catalog))} or manual, got {indicator!r}"
            )
        spec = catalog[indicator]
        if "varden" in goal:
            raise InvalidProjectFile(f"{where}.varden: expected values only for indikator: manual")
        for breakdown in goal.get("uppdelning", {}):
            if breakdown not in spec["breakdowns"]:
                allowed = ", ".join(spec["breakdowns"]) or "none"
                raise InvalidProjectFile(
                    f"{where}.uppdelning.{breakdown}: expected a breakdown of {indicator} ({allowed})"
                )
        period_type = goal.get("periodtyp")
        if period_type and period_type not in spec["period_types"]:
            raise InvalidProjectFile(
                f"{where}.periodtyp: expected one of {', '.join(spec['period_types'])} for {indicator}"
            )


def default_period_type(indicator: str) -> str | None:
    """project_to_date where the indicator has it, else year (SPEC §6); none for manual goals."""
    if indicator == MANUAL:
        return None
    types = indicators()[indicator]["period_types"]
    return "project_to_date" if "project_to_date" in types else "year"


def load_projects(con: duckdb.DuckDBPyConnection, landing_dir: Path, run_id: str) -> ProjectResult:
    result = ProjectResult()
    for delivery in files.deliveries(landing_dir, PROJECT_FOLDER):
        if files.is_recorded(con, delivery):
            continue
        con.execute("begin")
        try:
            _load_one(con, delivery, run_id, result)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return result


def _load_one(con: duckdb.DuckDBPyConnection, delivery: files.Delivery, run_id: str, result: ProjectResult) -> None:
    if files.is_duplicate(con, delivery):
        files.record(con, delivery, files.DUPLICATE, run_id, reason="duplicate_file")
        result.duplicates += 1
        return
    suffix = delivery.absolute.suffix.lower()
    if suffix not in PROJECT_SUFFIXES:
        reason = f"unsupported_format: '{suffix or delivery.absolute.name}' is not .yml or .yaml"
        files.record(con, delivery, files.REJECTED, run_id, reason=reason)
        result.rejected.append(f"{delivery.path}: {reason}")
        return
    try:
        doc = parse_project(delivery.absolute.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        reason = "unreadable_file: not UTF-8"
        files.record(con, delivery, files.REJECTED, run_id, reason=reason)
        result.rejected.append(f"{delivery.path}: {reason}")
        return
    except InvalidProjectFile as exc:
        reason = f"invalid_project_file: {exc}"
        files.record(con, delivery, files.REJECTED, run_id, reason=reason)
        result.rejected.append(f"{delivery.path}: {reason}")
        return
    n_goals = len(doc["mal"])
    file_id = files.record(con, delivery, files.LOADED, run_id, rows_read=n_goals, rows_loaded=n_goals)
    _store(con, doc, file_id)
    result.loaded.append(doc["kod"])


def _store(con: duckdb.DuckDBPyConnection, doc: dict[str, Any], file_id: int) -> None:
    """Replace the project's rows: the latest valid file is the one in force."""
    code = doc["kod"]
    for table in ("projects", "project_goals", "project_goal_values"):
        con.execute(f"delete from raw.{table} where project_code = ?", [code])
    con.execute(
        """insert into raw.projects (project_code, name, owner, programme_area, start_date, end_date, organisations,
                                     municipalities, steering_group, file_id, survey_questions, programme_names,
                                     exclusion_costs)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            code,
            doc["namn"],
            doc.get("projektagare"),
            None if doc.get("programomrade") is None else str(doc["programomrade"]),
            doc["startdatum"],
            doc["slutdatum"],
            doc.get("organisationer"),
            doc.get("kommuner"),
            json.dumps(doc.get("styrgrupp", []), ensure_ascii=False),
            file_id,
            json.dumps({k.lower(): v for k, v in doc.get("enkatfragor", {}).items()}, ensure_ascii=False),
            json.dumps({k.strip().lower(): v for k, v in doc.get("insatser", {}).items()}, ensure_ascii=False),
            # every key, the file's figure where it gives one (SPEC §5.6)
            json.dumps(exclusion_cost_defaults() | doc.get("utanforskapskostnad", {})),
        ],
    )
    for order, goal in enumerate(doc["mal"], start=1):
        breakdown, breakdown_value = next(iter(goal.get("uppdelning", {}).items()), (None, None))
        con.execute(
            "insert into raw.project_goals values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                code,
                goal["id"],
                order,
                goal["text"],
                goal["indikator"],
                float(goal["mal"]),
                goal["riktning"],
                goal.get("kon", "T"),
                breakdown,
                None if breakdown_value is None else str(breakdown_value),
                goal.get("deadline", doc["slutdatum"]),
                goal.get("periodtyp") or default_period_type(goal["indikator"]),
                goal.get("jamfor_med"),
                goal.get("enhet"),
                goal.get("kommentar"),
            ],
        )
        for value in goal.get("varden", []):
            con.execute(
                "insert into raw.project_goal_values values (?, ?, ?, ?)",
                [code, goal["id"], value["datum"], float(value["varde"])],
            )


def project_end_dates(landing_dir: Path) -> list[dt.date]:
    """The end date (slutdatum) of every valid project file in the landing directory (`esf demo`)."""
    ends = []
    for delivery in files.deliveries(landing_dir, PROJECT_FOLDER):
        try:
            doc = parse_project(delivery.absolute.read_text(encoding="utf-8"))
        except (InvalidProjectFile, UnicodeDecodeError, OSError):
            continue  # a file the run rejects has no report either
        ends.append(dt.date.fromisoformat(str(doc["slutdatum"])))
    return ends
