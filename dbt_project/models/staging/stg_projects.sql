select
    project_code,
    name as project_name,
    owner,
    programme_area,
    start_date,
    end_date,
    organisations,
    municipalities,
    steering_group,
    survey_questions,
    programme_names,
    exclusion_costs
from {{ source('raw', 'projects') }}
