"""dagster-dbt's DbtCliResource without the two things it does before each dbt command that this
project does not use.

Before starting `dbt build`, DbtCliResource.cli runs `dbt --version` in a subprocess (to learn
dbt's version) and builds a dbt adapter in this process (dbt's project, profile and all 530
macros parsed again), which serves only `fetch_column_metadata` and `fetch_row_counts`; the
dbt asset uses neither. Together about 4.5 s of every run on a quiet 2-core machine. dbt here
is always the dbt-core of this environment (esf.dbt_manifest.DBT_EXECUTABLE), so its version
is the installed package's. Both overrides are private methods of dagster-dbt (pinned in
requirements.lock): tests/test_definitions.py fails when an upgrade renames them.
"""

from __future__ import annotations

from functools import cached_property
from importlib.metadata import version as installed_version

from dagster_dbt import DbtCliResource
from packaging import version


class EsfDbtCliResource(DbtCliResource):
    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None  # what DbtCliResource.cli falls back to when it cannot build one
