-- SPEC §5.4, surveys: survey_agree_share, project_to_date, always by question (`enkat:fraga`).
-- An answer belongs to the month of besvarad.
select {{ indicator_row('survey_agree_share', periods='pe', breakdown="'question'", breakdown_value='s.question_key',
                        numerator='count(*) filter (where s.agrees)', denominator='count(*)',
                        value='100 * numerator / denominator', n_persons='count(distinct s.respondent)') }}
from {{ ref('int_project_periods') }} as pe
join {{ ref('int_survey_answers') }} as s
    on s.project_code = pe.project_code
    and s.answered_on between pe.period_start and pe.cutoff
{{ join_genders('s.sex') }}
where pe.period_type = 'project_to_date'
group by all
