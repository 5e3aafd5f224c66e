with employments as (
    {{ latest_delivery('anstallningar', ['anstallning_id']) }}
)

select
    anstallning_id as employment_id,
    person_id,
    organisation,
    sysselsattningsgrad as employment_rate,
    anstallning_from as start_date,
    anstallning_tom as end_date,
    befattning as job_title,
    arbetsplats as workplace,
    _file_id as file_id
from employments
