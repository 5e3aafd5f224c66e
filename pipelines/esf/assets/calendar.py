"""The working-day calendar (SPEC §5.1) as an asset: the sick-leave models look hours up in it."""

import dagster as dg

from esf import calendar
from esf.resources import WarehouseResource


@dg.asset(
    key=dg.AssetKey(["raw", "working_days"]),
    group_name="calendar",
    kinds={"duckdb"},
    description=(
        f"Every date from {calendar.FIRST_DAY} to {calendar.LAST_DAY}: whether it is a Swedish working day "
        "and how many working days come before it."
    ),
)
def working_days(warehouse: WarehouseResource):
    with warehouse.connect() as con:
        rows = calendar.write_working_days(con)
    return dg.MaterializeResult(metadata={"rows": rows})
