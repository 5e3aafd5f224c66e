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

-- finished at the cutoff, with the latest exit reason (int_finished_participants)
finished as (
    select * from {{ ref('int_finished_participants') }}
),

finished_counts as (
    select
        project_code, period_type, period, period_start, period_end, gender, breakdown, breakdown_value,
        count(*) as finished,
        count(*) filter (where to_work_or_studies) as to_work_or_studies
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
