select day, is_working_day, working_days_before
from {{ source('raw', 'working_days') }}
