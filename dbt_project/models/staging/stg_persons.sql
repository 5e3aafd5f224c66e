select person_id, person_key, sex, birth_year
from {{ source('raw', 'persons') }}
