-- The code lists of schemas/codes.yml with their Swedish labels: what every code in the
-- marts means (analysts join on code_list and code).
select code_list, code, code_order, label_sv, symbol
from {{ ref('stg_code_lists') }}
