-- SPEC §5.4, surveys: survey_agree_share, project_to_date, always by question (`enkat:fraga`).
-- An answer belongs to the month of besvarad.
select
    pe.project_code, 'survey_agree_share' as indicator_id, pe.period_type, pe.period, pe.period_start, pe.period_end,
    gender, 'question' as breakdown, s.question_key as breakdown_value,
    count(*) filter (where s.agrees)::double as numerator,
    count(*)::double as denominator,
    100 * numerator / denominator as value,
    count(distinct s.respondent) as n_persons
from {{ ref('int_project_periods') }} as pe
join {{ ref('int_survey_answers') }} as s
    on s.project_code = pe.project_code
    and s.answered_on between pe.period_start and pe.cutoff
{{ join_genders('s.sex') }}
where pe.period_type = 'project_to_date'
group by all
