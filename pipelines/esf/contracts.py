"""The source and project-file contracts of `schemas/`, read once (one source of truth)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from esf.settings import SCHEMAS_DIR

PROJECT_FOLDER = "projekt"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool
    required_when: str | None
    rule: dict[str, Any] | None
    description: str
    default_month_of: str | None = None

    def allowed_values(self) -> list[Any] | None:
        """The values a `one_of` rule or a code list (`codes`, schemas/codes.yml) allows, else None."""
        rule = self.rule or {}
        if "codes" in rule:
            return codes(rule["codes"])
        return list(rule["one_of"]) if "one_of" in rule else None


@dataclass(frozen=True)
class Source:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    period: tuple[str, str] | None
    project_column: str | None
    freshness_column: str

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _column(spec: dict[str, Any]) -> Column:
    req = str(spec["req"])
    return Column(
        name=spec["name"],
        type=spec["type"],
        required=req == "yes",
        required_when=req.split(":", 1)[1] if req.startswith("when:") else None,
        rule=spec.get("rule"),
        description=spec.get("description", ""),
        default_month_of=spec.get("default_month_of"),
    )


@cache
def sources() -> dict[str, Source]:
    raw = yaml.safe_load((SCHEMAS_DIR / "sources.yml").read_text(encoding="utf-8"))
    return {
        name: Source(
            name=name,
            description=spec["description"],
            columns=tuple(_column(c) for c in spec["columns"]),
            key=tuple(spec["key"]),
            period=tuple(spec["period"]) if spec.get("period") else None,
            project_column=spec.get("project"),
            freshness_column=spec["freshness"],
        )
        for name, spec in raw.items()
    }


@cache
def indicators() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((SCHEMAS_DIR / "indicators.yml").read_text(encoding="utf-8"))


@cache
def project_schema() -> dict[str, Any]:
    return json.loads((SCHEMAS_DIR / "projekt.schema.json").read_text(encoding="utf-8"))


def exclusion_cost_defaults() -> dict[str, float]:
    """The default yearly cost of exclusion per "sex:age group" (SPEC §5.6): the defaults of
    `utanforskapskostnad` in the project-file schema, the one place the figures are written."""
    keys = project_schema()["properties"]["utanforskapskostnad"]["properties"]
    return {key: spec["default"] for key, spec in keys.items()}


@cache
def code_lists() -> dict[str, dict[str, Any]]:
    """Every code list of `schemas/codes.yml`: name -> {code: {"label": ..., extras}} in report order."""
    raw = yaml.safe_load((SCHEMAS_DIR / "codes.yml").read_text(encoding="utf-8"))
    return {
        name: {
            str(code): value if isinstance(value, dict) else {"label": value} for code, value in spec["codes"].items()
        }
        for name, spec in raw.items()
    }


def codes(code_list: str) -> list[str]:
    """The codes of one list, in order."""
    return list(code_lists()[code_list])


def labels(code_list: str) -> dict[str, str]:
    """code -> Swedish label of one list."""
    return {code: spec["label"] for code, spec in code_lists()[code_list].items()}
