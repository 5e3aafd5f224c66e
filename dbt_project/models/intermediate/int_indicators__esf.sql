-- SPEC §5.7, the ESF+ common indicators of regulation (EU) 2021/1057, Annex I:
-- esf_participants (starts by the participant's characteristics at the start) and
-- esf_results (ends by the result the exit reason stands for). Every row has a breakdown.
-- The start is the start as §5 counts it (int_participations: never before the project's
-- start), and so is the age at the start: start year - birth year.
with periods as (
    select * from {{ ref('int_project_periods') }}
),

participations as (
    select *, year(start_date) - birth_year as age_at_start
    from {{ ref('int_participations') }}
    where breakdown is null
),

-- one row per participation and characteristic it has (code list esf_characteristic)
characteristics as (
    select
        project_code, person_id, sex, start_date,
        unnest(list_filter([
            'total',
            case when labour_market_status in ('arbetslos', 'langtidsarbetslos') then 'arbetslos' end,
            case
                when labour_market_status in ('langtidsarbetslos', 'inaktiv', 'sysselsatt') then labour_market_status
            end,
            case
                when age_at_start < 18 then 'under_18'
                when age_at_start <= 29 then '18_29'
                when age_at_start >= 55 then '55_plus'
            end,
            education_level,
            case when disability = 'ja' then 'funktionsnedsattning' end,
            case when foreign_background = 'ja' then 'utlandsk_bakgrund' end,
            case when third_country_national = 'ja' then 'tredjelandsmedborgare' end,
            case when labour_market_status is null then 'uppgift_saknas' end
        ], c -> c is not null)) as characteristic
    from participations
),

esf_participants as (
    select {{ indicator_row('esf_participants', periods='pe', breakdown="'esf_characteristic'",
                            breakdown_value='c.characteristic',
                            value='count(*)', n_persons='count(distinct c.person_id)') }}
    from periods as pe
    join characteristics as c
        on c.project_code = pe.project_code
        and c.start_date between pe.period_start and pe.cutoff
    {{ join_genders('c.sex') }}
    group by all
),

-- the exit reasons that are ESF+ results (code list esf_result: the same codes as exit_reason)
results as (
    select code as exit_reason from {{ ref('stg_code_lists') }} where code_list = 'esf_result'
),

esf_results as (
    select {{ indicator_row('esf_results', periods='pe', breakdown="'esf_result'",
                            breakdown_value='pa.exit_reason',
                            value='count(*)', n_persons='count(distinct pa.person_id)') }}
    from periods as pe
    join participations as pa
        on pa.project_code = pe.project_code
        and pa.end_date between pe.period_start and pe.cutoff
    join results as r on r.exit_reason = pa.exit_reason
    {{ join_genders('pa.sex') }}
    group by all
)

select * from esf_participants
union all by name select * from esf_results
