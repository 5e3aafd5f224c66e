"""ESF follow-up warehouse: landing files to DuckDB, indicators in dbt, goal status and reports."""
