-- SPEC §5.2, sick leave among the employees of a project's organisationer: sick_leave_rate,
-- short_term_sick_leave_rate, long_term_sick_leave_share, sick_cases_per_employee,
-- repeated_short_term_absence_share, short_term_sick_leave_change. Hours come from
-- int_sick_leave__person_months (whole months; each month, quarter and year adds up its
-- months, and every period is cut at as_of because the months are), cases from
-- int_sick_cases. Organisations are shown as the project file spells them.
with periods as (
    select * from {{ ref('int_project_periods') }}
),

organisations as (
    select * from {{ ref('int_project_organisations') }}
),

persons as (
    select * from {{ ref('stg_persons') }}
),

cases as (
    select * from {{ ref('int_sick_cases') }}
),

-- hours per person, project, calendar period and organisation. A month belongs to one month,
-- one quarter and one year period; every period lies in one calendar year, so the person's
-- age group is constant inside it.
person_months as (
    select m.*, o.project_code, o.organisation, unnest({{ periods_holding('m.month_start') }}) as holding
    from {{ ref('int_sick_leave__person_months') }} as m
    join organisations as o using (organisation_key)
),

person_organisation_periods as (
    select
        m.project_code, pe.period_type, pe.period, m.person_id, p.sex, m.organisation,
        {{ age_group('year(m.month_start)', 'p.birth_year') }} as age_group,
        sum(m.ordinary_hours) as ordinary_hours,
        sum(m.sick_hours) as sick_hours,
        sum(m.short_term_sick_hours) as short_term_sick_hours,
        sum(m.long_case_sick_hours) as long_case_sick_hours
    from person_months as m
    join persons as p using (person_id)
    join periods as pe
        on pe.project_code = m.project_code
        and pe.period_type = m.holding.period_type
        and pe.period_start = m.holding.period_start
    group by all
),

-- the same over all the project's organisations: one row per person, so that the groups
-- below count persons with count(*) rather than count(distinct)
person_periods as (
    select
        project_code, period_type, period, person_id, sex, age_group,
        sum(ordinary_hours) as ordinary_hours,
        sum(sick_hours) as sick_hours,
        sum(short_term_sick_hours) as short_term_sick_hours,
        sum(long_case_sick_hours) as long_case_sick_hours
    from person_organisation_periods
    group by all
),

-- the whole population, and each organisation and age group: the same sums restricted
person_period_breakdowns as (
    select *, null::varchar as breakdown, null::varchar as breakdown_value from person_periods
    union all by name
    select *, 'age_group' as breakdown, age_group as breakdown_value from person_periods
    union all by name
    select *, 'organisation' as breakdown, organisation as breakdown_value from person_organisation_periods
),

-- n_persons: the persons with ordinary hours in the period (the denominator's population).
-- One row per person and group, so persons are counted with count(*), by sex first and
-- then into T, K and M.
hours_by_sex as (
    select
        project_code, period_type, period, sex, breakdown, breakdown_value,
        sum(ordinary_hours) as ordinary_hours,
        sum(sick_hours) as sick_hours,
        sum(short_term_sick_hours) as short_term_sick_hours,
        sum(long_case_sick_hours) as long_case_sick_hours,
        count(*) filter (where ordinary_hours > 0) as n_persons
    from person_period_breakdowns
    group by all
),

hours as (
    select
        h.project_code, h.period_type, h.period, pe.period_start, pe.period_end, gender, h.breakdown, h.breakdown_value,
        sum(h.ordinary_hours) as ordinary_hours,
        sum(h.sick_hours) as sick_hours,
        sum(h.short_term_sick_hours) as short_term_sick_hours,
        sum(h.long_case_sick_hours) as long_case_sick_hours,
        sum(h.n_persons)::bigint as n_persons
    from hours_by_sex as h
    join periods as pe using (project_code, period_type, period)
    {{ join_genders('h.sex') }}
    group by all
),

-- value = 100 × (numerator / denominator): a share of 1 is exactly 100, never 100 plus a rounding
sick_leave_rate as (
    select
        project_code, 'sick_leave_rate' as indicator_id, period_type, period, period_start, period_end,
        gender, breakdown, breakdown_value,
        sick_hours::double as numerator,
        ordinary_hours::double as denominator,
        100 * (numerator / nullif(denominator, 0)) as value,
        n_persons
    from hours
),

short_term_sick_leave_rate as (
    select
        project_code, 'short_term_sick_leave_rate' as indicator_id, period_type, period, period_start, period_end,
        gender, breakdown, breakdown_value,
        short_term_sick_hours::double as numerator,
        ordinary_hours::double as denominator,
        100 * (numerator / nullif(denominator, 0)) as value,
        n_persons
    from hours
),

-- n_persons: the group's size, as for the rates (a group without sick hours has a null value)
long_term_sick_leave_share as (
    select
        project_code, 'long_term_sick_leave_share' as indicator_id, period_type, period, period_start, period_end,
        gender, breakdown, breakdown_value,
        long_case_sick_hours::double as numerator,
        sick_hours::double as denominator,
        100 * (numerator / nullif(denominator, 0)) as value,
        n_persons
    from hours
),

-- cases in the project's organisations, of persons employed there on the case's first day,
-- by the period the case starts in (a case never starts after as_of)
project_cases as (
    select c.*, o.project_code, o.organisation, unnest({{ periods_holding('c.case_start') }}) as holding
    from cases as c
    join organisations as o using (organisation_key)
    where c.employed_at_start
),

case_counts as (
    select c.project_code, pe.period_type, pe.period, gender, c.breakdown, c.breakdown_value, count(*) as n_cases
    from (
        select *, null::varchar as breakdown, null::varchar as breakdown_value from project_cases
        union all
        select *, 'organisation', organisation from project_cases
    ) as c
    join persons as p using (person_id)
    join periods as pe
        on pe.project_code = c.project_code
        and pe.period_type = c.holding.period_type
        and pe.period_start = c.holding.period_start
    {{ join_genders('p.sex') }}
    group by all
),

-- over the persons with ordinary hours in the period (a group with persons and no case is 0)
sick_cases_per_employee as (
    select
        h.project_code, 'sick_cases_per_employee' as indicator_id, h.period_type, h.period,
        h.period_start, h.period_end, h.gender, h.breakdown, h.breakdown_value,
        coalesce(c.n_cases, 0)::double as numerator,
        h.n_persons::double as denominator,
        numerator / nullif(denominator, 0) as value,
        h.n_persons
    from hours as h
    left join case_counts as c
        on c.project_code = h.project_code
        and c.period_type = h.period_type
        and c.period = h.period
        and c.gender = h.gender
        and c.breakdown is not distinct from h.breakdown
        and c.breakdown_value is not distinct from h.breakdown_value
    where h.breakdown is null or h.breakdown = 'organisation'
),

-- repeated short-term absence depends on a period only through e, its last counted day (its
-- end, or as_of if earlier); a quarter or a year shares e with its last month, so each
-- project's distinct days e are computed once
period_ends as (
    select distinct project_code, cutoff
    from periods
    where period_type in ('month', 'quarter', 'year')
),

-- the persons with an employment in the project's organisations covering e
staff_at_end as (
    select distinct pe.project_code, pe.cutoff, e.person_id, o.organisation
    from {{ ref('stg_anstallningar') }} as e
    join organisations as o on o.organisation_key = {{ match_key('e.organisation') }}
    join period_ends as pe
        on pe.project_code = o.project_code
        and e.start_date <= pe.cutoff
        and (e.end_date is null or e.end_date >= pe.cutoff)
),

-- cases (of any length) in the project's organisations starting from the day after e one
-- year earlier through e. Such an e lies in the case's start year or the next, which lets the
-- join match on the year before it compares dates.
recent_cases as (
    select pe.project_code, pe.cutoff, c.person_id, o.organisation, count(*) as n_cases
    from cases as c
    join organisations as o using (organisation_key)
    cross join (values (0), (1)) as later(years)
    join period_ends as pe
        on pe.project_code = o.project_code
        and year(pe.cutoff) = year(c.case_start) + later.years
        and c.case_start > (pe.cutoff - interval 1 year)::date
        and c.case_start <= pe.cutoff
    group by all
),

-- for the whole population a person's cases in all the project's organisations count; for an
-- organisation, the cases there
repeated as (
    select staff.*, null::varchar as breakdown, null::varchar as breakdown_value,
        coalesce(totals.n_cases, 0) >= 6 as is_repeated
    from (select distinct project_code, cutoff, person_id from staff_at_end) as staff
    left join (
        select project_code, cutoff, person_id, sum(n_cases) as n_cases
        from recent_cases
        group by all
    ) as totals using (project_code, cutoff, person_id)
    union all
    select staff.project_code, staff.cutoff, staff.person_id, 'organisation', staff.organisation,
        coalesce(r.n_cases, 0) >= 6
    from staff_at_end as staff
    left join recent_cases as r using (project_code, cutoff, person_id, organisation)
),

repeated_by_sex as (
    select r.project_code, r.cutoff, p.sex, r.breakdown, r.breakdown_value,
        count(*) as n_staff,
        count(*) filter (where r.is_repeated) as n_repeated
    from repeated as r
    join persons as p using (person_id)
    group by all
),

repeated_short_term_absence_share as (
    select
        pe.project_code, 'repeated_short_term_absence_share' as indicator_id, pe.period_type, pe.period,
        pe.period_start, pe.period_end, gender, r.breakdown, r.breakdown_value,
        sum(r.n_repeated)::double as numerator,
        sum(r.n_staff)::double as denominator,
        100 * (numerator / denominator) as value,
        sum(r.n_staff)::bigint as n_persons
    from repeated_by_sex as r
    join periods as pe
        on pe.project_code = r.project_code
        and pe.cutoff = r.cutoff
        and pe.period_type in ('month', 'quarter', 'year')
    {{ join_genders('r.sex') }}
    group by all
),

-- participants' change, for projects with organisationer: the ended participations (the
-- start moved to the project's start, §5), once for the project and once per insats
ended_participations as (
    select project_code, person_id, sex, start_date, end_date, breakdown, breakdown_value
    from {{ ref('int_participations') }}
    where end_date is not null
        and (breakdown is null or breakdown = 'insats')
        and project_code in (select project_code from organisations)
),

-- the 365 days before the start and the 365 days after the end
windows as (
    select distinct person_id, start_date, end_date, 'before' as side,
        start_date - 365 as window_start, start_date - 1 as window_end
    from ended_participations
    union all
    select distinct person_id, start_date, end_date, 'after', end_date + 1, end_date + 365
    from ended_participations
),

-- all the person's hours in the window, in any organisation; the segments carry the day
-- numbers of the whole sick history (a case begun before the window keeps them)
window_pieces as (
    select
        w.person_id, w.start_date, w.end_date, w.side, s.sick_percent, s.is_short_term,
        {{ ordinary_hours('s.employment_rate', working_days('greatest(s.segment_start, w.window_start)',
                                                             'least(s.segment_end, w.window_end)')) }} as ordinary_hours
    from windows as w
    join {{ ref('int_sick_leave__segments') }} as s
        on s.person_id = w.person_id
        and s.segment_start <= w.window_end
        and s.segment_end >= w.window_start
),

window_hours as (
    select
        person_id, start_date, end_date, side,
        sum(ordinary_hours) as ordinary_hours,
        coalesce(sum({{ sick_hours('ordinary_hours', 'sick_percent') }}) filter (where is_short_term), 0)
            as short_term_sick_hours
    from window_pieces
    group by all
),

-- at month m a participation counts once its after window has ended by the cutoff
counted_participations as (
    select
        pe.project_code, pe.period_type, pe.period, pe.period_start, pe.period_end,
        pa.person_id, pa.sex, pa.start_date, pa.end_date, pa.breakdown, pa.breakdown_value
    from periods as pe
    join ended_participations as pa
        on pa.project_code = pe.project_code
        and pe.period_type = 'project_to_date'
        and pa.end_date + 365 <= pe.cutoff
),

pooled_windows as (
    select
        c.project_code, c.period_type, c.period, c.period_start, c.period_end, gender, c.breakdown, c.breakdown_value,
        sum(b.ordinary_hours) as before_ordinary_hours,
        sum(b.short_term_sick_hours) as before_short_term_sick_hours,
        sum(a.ordinary_hours) as after_ordinary_hours,
        sum(a.short_term_sick_hours) as after_short_term_sick_hours,
        count(distinct c.person_id) as n_persons
    from counted_participations as c
    left join window_hours as b
        on b.person_id = c.person_id and b.start_date = c.start_date and b.end_date = c.end_date and b.side = 'before'
    left join window_hours as a
        on a.person_id = c.person_id and a.start_date = c.start_date and a.end_date = c.end_date and a.side = 'after'
    {{ join_genders('c.sex') }}
    group by all
),

-- numerator and denominator: the pooled short-term rates after and before (percent); null
-- when a window has no ordinary hours, and the value null when the before rate is 0
short_term_sick_leave_change as (
    select
        project_code, 'short_term_sick_leave_change' as indicator_id, period_type, period, period_start, period_end,
        gender, breakdown, breakdown_value,
        100 * after_short_term_sick_hours / nullif(after_ordinary_hours, 0) as numerator,
        100 * before_short_term_sick_hours / nullif(before_ordinary_hours, 0) as denominator,
        100 * (numerator / nullif(denominator, 0) - 1) as value,
        n_persons
    from pooled_windows
)

select * from sick_leave_rate
union all by name select * from short_term_sick_leave_rate
union all by name select * from long_term_sick_leave_share
union all by name select * from sick_cases_per_employee
union all by name select * from repeated_short_term_absence_share
union all by name select * from short_term_sick_leave_change
