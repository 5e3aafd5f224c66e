-- The project files in force (SPEC §6), as the report and analysts read them, with the
-- months their follow-up range can reach (SPEC §5: 12 months before the start month to 24
-- months after the end month; the range itself stops at the month holding as_of).
select
    project_code,
    project_name,
    owner,
    programme_area,
    start_date,
    end_date,
    (date_trunc('month', start_date) - interval 12 month)::date as follow_up_first_month,
    (date_trunc('month', end_date) + interval 24 month)::date as follow_up_last_month,
    organisations,
    municipalities,
    survey_questions,
    programme_names
from {{ ref('stg_projects') }}
