with answers as (
    {{ latest_delivery('enkater', ['projekt', 'enkat', 'respondent_person_id', 'respondent_anonymous_id', 'fraga']) }}
)

select
    projekt as project_code,
    enkat as survey,
    respondent_person_id,
    respondent_anonymous_id,
    besvarad as answered_on,
    fraga as question,
    svar as answer,
    _file_id as file_id
from answers
