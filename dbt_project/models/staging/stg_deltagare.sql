with participations as (
    {{ latest_delivery('deltagare', ['projekt', 'person_id', 'startdatum']) }}
)

select
    projekt as project_code,
    person_id,
    startdatum as start_date,
    slutdatum as end_date,
    avslutsorsak as exit_reason,
    insats as programme,
    roll as role,
    malgrupp as target_group,
    _file_id as file_id
from participations
