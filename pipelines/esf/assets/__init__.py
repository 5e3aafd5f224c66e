"""The asset graph: project files and sources in, dbt models, the published warehouse out."""
