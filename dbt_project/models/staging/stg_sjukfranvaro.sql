with spells as (
    {{ latest_delivery('sjukfranvaro', ['franvaro_id']) }}
)

select
    franvaro_id as spell_id,
    person_id,
    organisation,
    sjuk_from as start_date,
    sjuk_tom as end_date,
    omfattning as sick_percent,
    _file_id as file_id
from spells
