-- SPEC §5.5, sick leave: each person's hours as cumulative sums over the calendar, so that
-- the hours of any window are two look-ups (macro hours_before_days), never a join per window
-- and segment. One row per point where the person's employment rate or short-term sick rate
-- changes, in two scopes: `all` (every organisation: a unit's and a candidate's own hours) and
-- a project's code (its organisationer only: whether a candidate is in the population).
-- employment_rate = Σ sysselsattningsgrad of the segments covering the point's day;
-- short_term_sick_rate = Σ sysselsattningsgrad × sick degree of those in days 1–14 of a case;
-- the hours before the point's day are the sums over the earlier points.
with segments as (
    select * from {{ ref('int_sick_leave__segments') }}
),

scoped as (
    select 'all' as scope, * from segments
    union all by name
    select o.project_code as scope, s.*
    from segments as s
    join {{ ref('int_project_organisations') }} as o using (organisation_key)
),

changes as (
    select scope, person_id, segment_start as day, employment_rate as d_rate,
           case when is_short_term then employment_rate * sick_percent / 100 else 0 end as d_short_rate
    from scoped
    union all
    select scope, person_id, segment_end + 1, -employment_rate,
           case when is_short_term then -employment_rate * sick_percent / 100 else 0 end
    from scoped
),

points as (
    select c.scope, c.person_id, c.day, wd.working_days_before,
           sum(c.d_rate) as d_rate, sum(c.d_short_rate) as d_short_rate
    from changes as c
    join {{ ref('stg_working_days') }} as wd using (day)
    group by all
),

states as (
    select
        scope, person_id, day, working_days_before,
        sum(d_rate) over w as employment_rate,
        sum(d_short_rate) over w as short_term_sick_rate,
        lead(working_days_before) over w - working_days_before as working_days
    from points
    window w as (partition by scope, person_id order by day)
)

select
    scope, person_id, day, working_days_before,
    employment_rate::decimal(18, 4) as employment_rate,
    short_term_sick_rate::decimal(18, 6) as short_term_sick_rate,
    coalesce(sum((8 * employment_rate * working_days / 100)::decimal(38, 8)) over before, 0)::decimal(38, 8)
        as ordinary_hours_before,
    coalesce(sum((8 * short_term_sick_rate * working_days / 100)::decimal(38, 8)) over before, 0)::decimal(38, 8)
        as short_term_sick_hours_before
from states
window before as (partition by scope, person_id order by day rows between unbounded preceding and 1 preceding)
