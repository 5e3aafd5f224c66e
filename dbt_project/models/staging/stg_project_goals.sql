select
    project_code,
    goal_id,
    goal_order,
    goal_text,
    indicator_id,
    target,
    direction,
    gender,
    breakdown,
    breakdown_value,
    deadline,
    period_type,
    compare_with,
    unit,
    comment
from {{ source('raw', 'project_goals') }}
