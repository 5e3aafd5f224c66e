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
    arbetsmarknadsstatus as labour_market_status,
    utbildningsniva as education_level,
    funktionsnedsattning as disability,
    utlandsk_bakgrund as foreign_background,
    tredjelandsmedborgare as third_country_national,
    _file_id as file_id
from participations
