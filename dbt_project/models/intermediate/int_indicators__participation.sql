-- SPEC §5.4, participation: participants, starts, women_share, finished_participants,
-- to_work_or_studies, share_to_work_or_studies, exit_reason_share. Every period is
-- counted up to its cutoff (as_of, or the end of a project_to_date value's month).
with periods as (
    select * from {{ ref('int_project_periods') }}
),

participations as (
    select * from {{ ref('int_participations') }}
),

-- active on any day of the period: started by its cutoff, not ended before its start
active as (
    select pe.*, pa.breakdown, pa.breakdown_value, pa.person_id, pa.sex
    from periods as pe
    join participations as pa
        on pa.project_code = pe.project_code
        and pa.start_date <= pe.cutoff
        and (pa.end_date is null or pa.end_date >= pe.period_start)
),

participants as (
    select {{ indicator_row('participants', value='count(distinct person_id)', n_persons='count(distinct person_id)') }}
    from active
    {{ join_genders('sex') }}
    group by all
),

starts as (
    select {{ indicator_row('starts', periods='pe', value='count(*)', n_persons='count(distinct pa.person_id)') }}
    from periods as pe
    join participations as pa
        on pa.project_code = pe.project_code
        and pa.start_date between pe.period_start and pe.cutoff
    {{ join_genders('pa.sex') }}
    group by all
),

women_share as (
    select {{ indicator_row('women_share', gender="'T'",
                            numerator="count(distinct person_id) filter (where sex = 'K')",
                            denominator='count(distinct person_id)',
                            value='100 * numerator / denominator', n_persons='count(distinct person_id)') }}
    from active
    where breakdown is null or breakdown = 'insats'
    group by all
),

-- per person and project_to_date month: finished at the cutoff = has a participation that
-- ended by then and none active then; the latest ended participation (latest end, then
-- latest start) gives the exit reason
person_state as (
    select
        pe.project_code, pe.period_type, pe.period, pe.period_start, pe.period_end,
        pa.breakdown, pa.breakdown_value, pa.person_id, any_value(pa.sex) as sex,
        bool_or(pa.end_date <= pe.cutoff) as has_ended,
        bool_or(pa.end_date is null or pa.end_date > pe.cutoff) as active_at_cutoff,
        arg_max(pa.exit_reason, strftime(pa.end_date, '%Y%m%d') || strftime(pa.start_date, '%Y%m%d'))
            filter (where pa.end_date <= pe.cutoff) as latest_exit_reason
    from periods as pe
    join participations as pa
        on pa.project_code = pe.project_code
        and pa.start_date <= pe.cutoff
    where pe.period_type = 'project_to_date'
        and (pa.breakdown is null or pa.breakdown = 'insats')
    group by all
),

finished as (
    select * from person_state where has_ended and not active_at_cutoff
),

finished_counts as (
    select
        project_code, period_type, period, period_start, period_end, gender, breakdown, breakdown_value,
        count(*) as finished,
        count(*) filter (where latest_exit_reason in (
            select code from {{ ref('stg_code_lists') }} where code_list = 'work_or_studies')) as to_work_or_studies
    from finished
    {{ join_genders('sex') }}
    group by all
),

finished_participants as (
    select {{ indicator_row('finished_participants', value='finished', n_persons='finished') }}
    from finished_counts
),

to_work_or_studies as (
    select {{ indicator_row('to_work_or_studies', value='to_work_or_studies', n_persons='finished') }}
    from finished_counts
),

share_to_work_or_studies as (
    select {{ indicator_row('share_to_work_or_studies', numerator='to_work_or_studies', denominator='finished',
                            value='100 * numerator / denominator', n_persons='finished') }}
    from finished_counts
),

-- a row for each of the eight reasons whenever there are finished participants
exit_reasons as (
    select code as exit_reason from {{ ref('stg_code_lists') }} where code_list = 'exit_reason'
),

exit_reason_share as (
    select {{ indicator_row('exit_reason_share', periods='c', gender='c.gender',
                            breakdown="'exit_reason'", breakdown_value='r.exit_reason',
                            numerator='count(f.person_id)', denominator='any_value(c.finished)',
                            value='100 * numerator / denominator', n_persons='any_value(c.finished)') }}
    from finished_counts as c
    cross join exit_reasons as r
    left join finished as f
        on f.project_code = c.project_code
        and f.period = c.period
        and f.breakdown is null
        and f.latest_exit_reason = r.exit_reason
        and (c.gender = 'T' or f.sex = c.gender)
    where c.breakdown is null
    group by all
)

select * from participants
where breakdown is null or breakdown in ('insats', 'roll')
union all by name select * from starts
union all by name select * from women_share
union all by name select * from finished_participants
union all by name select * from to_work_or_studies
union all by name select * from share_to_work_or_studies
union all by name select * from exit_reason_share
