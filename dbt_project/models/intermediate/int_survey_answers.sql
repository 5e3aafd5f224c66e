-- Survey answers a project counts (SPEC §5.4), dated on or after the project's start.
-- Answers are trimmed and compared case-insensitively; `vet ej`, `vet inte` and
-- `ej aktuellt` count as empty; a scale answer is a whole number 1-5, also written `4,0`
-- or `4.0` (any other number does not agree); agree = 4 or 5, `ja`, or `arbete`/`studier`
-- for question `sysselsattning`. Anonymous respondents have no sex and count in T only.
with answers as (
    select
        e.project_code,
        e.survey,
        e.question,
        e.answered_on,
        coalesce('person:' || e.respondent_person_id, 'anonymous:' || e.respondent_anonymous_id) as respondent,
        p.sex,
        nullif(lower(trim(e.answer)), '') as answer
    from {{ ref('stg_enkater') }} as e
    join {{ ref('stg_projects') }} as pr using (project_code)
    left join {{ ref('stg_persons') }} as p on p.person_id = e.respondent_person_id
    where e.answered_on >= pr.start_date
)

select
    project_code,
    survey,
    question,
    survey || ':' || question as question_key,
    answered_on,
    respondent,
    sex,
    answer,
    case
        when try_cast(replace(answer, ',', '.') as double) is not null
            then try_cast(replace(answer, ',', '.') as double) in (4, 5)
        when answer = 'ja' then true
        when lower(question) = 'sysselsattning' and answer in ('arbete', 'studier') then true
        else false
    end as agrees
from answers
where answer is not null and answer not in ('vet ej', 'vet inte', 'ej aktuellt')
