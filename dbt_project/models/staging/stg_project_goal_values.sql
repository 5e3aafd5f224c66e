select project_code, goal_id, value_date, value
from {{ source('raw', 'project_goal_values') }}
