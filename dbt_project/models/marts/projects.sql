-- The project files in force (SPEC §6), as the report and analysts read them.
select
    project_code,
    project_name,
    owner,
    programme_area,
    start_date,
    end_date,
    organisations,
    municipalities,
    survey_questions,
    programme_names
from {{ ref('stg_projects') }}
