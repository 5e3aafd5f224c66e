with attendance as (
    {{ latest_delivery('aktiviteter', ['projekt', 'aktivitet_id', 'person_id']) }}
)

select
    projekt as project_code,
    aktivitet_id as activity_id,
    datum as activity_date,
    aktivitetstyp as activity_type,
    person_id,
    roll as role,
    timmar as hours,
    _file_id as file_id
from attendance
