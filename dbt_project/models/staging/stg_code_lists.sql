select
    code_list,
    code,
    code_order,
    label_sv,
    symbol
from {{ source('raw', 'code_lists') }}
