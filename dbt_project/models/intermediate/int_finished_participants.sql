-- SPEC §5.4: per project_to_date month and person (whole project and each insats), the
-- persons finished at the cutoff: a participation ended by then and none active then. The
-- latest ended participation (latest slutdatum, then latest startdatum) gives the exit reason
-- (finished_participants, to_work_or_studies) and its slutdatum (exclusion_cost_avoided, §5.6).
with person_state as (
    select
        pe.project_code, pe.period_type, pe.period, pe.period_start, pe.period_end,
        pa.breakdown, pa.breakdown_value, pa.person_id, any_value(pa.sex) as sex,
        bool_or(pa.end_date <= pe.cutoff) as has_ended,
        bool_or(pa.end_date is null or pa.end_date > pe.cutoff) as active_at_cutoff,
        arg_max(pa.exit_reason, strftime(pa.end_date, '%Y%m%d') || strftime(pa.start_date, '%Y%m%d'))
            filter (where pa.end_date <= pe.cutoff) as latest_exit_reason,
        max(pa.end_date) filter (where pa.end_date <= pe.cutoff) as latest_end_date
    from {{ ref('int_project_periods') }} as pe
    join {{ ref('int_participations') }} as pa
        on pa.project_code = pe.project_code
        and pa.start_date <= pe.cutoff
    where pe.period_type = 'project_to_date'
        and (pa.breakdown is null or pa.breakdown = 'insats')
    group by all
)

select
    project_code, period_type, period, period_start, period_end, breakdown, breakdown_value,
    person_id, sex, latest_exit_reason, latest_end_date,
    latest_exit_reason in (select code from {{ ref('stg_code_lists') }} where code_list = 'work_or_studies')
        as to_work_or_studies
from person_state
where has_ended and not active_at_cutoff
