"""The steering-group reports: Swedish HTML per project and reporting month (SPEC §8.3)."""
