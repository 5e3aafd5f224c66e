with payments as (
    {{ latest_delivery('forsorjningsstod', ['utbetalning_id']) }}
)

select
    utbetalning_id as payment_id,
    person_id as applicant_person_id,
    hushall_id as household_id,
    kommun as municipality,
    utbetalningsdatum as payment_date,
    avser_manad as support_month,
    belopp::decimal(18, 2) as amount,
    bistandstyp as support_type,
    forsorjningshinder as obstacle,
    _file_id as file_id
from payments
